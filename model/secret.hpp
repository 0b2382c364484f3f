#pragma once
// Reversible obfuscation of IP FPM authentication passwords, so a rendered configuration never
// shows the plaintext yet replays to the same secret. This is NOT encryption (the vendor's cipher
// text is not secret either); it only keeps passwords off screens and out of logs.
//
// encrypt_secret() returns the whole configuration token, markers included:
//   "#%#%" + 32..344 characters + "#%#%"
// The body never contains space, '#', '%', '?', '|', quotes or backslash, so it is one CLI token
// and the markers are unambiguous. Deterministic: the same plaintext gives the same token.
#include <optional>
#include <string>
#include <string_view>

namespace vrsh::model {

inline constexpr std::size_t kMaxSecretLength = 255;
inline constexpr std::string_view kCipherMarker = "#%#%";

// `plain` must be 1..kMaxSecretLength bytes (longer input is truncated to that length).
std::string encrypt_secret(std::string_view plain);
// Accepts the token with or without its #%#% markers. nullopt when it is not a token produced by
// encrypt_secret (bad characters, length or checksum).
std::optional<std::string> decrypt_secret(std::string_view cipher);
// True when `token` is framed as #%#%...#%#% (what the CLI treats as cipher text).
bool is_cipher_token(std::string_view token);

}  // namespace vrsh::model
