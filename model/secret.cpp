#include "model/secret.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace vrsh::model {
namespace {

// 64 printable characters, chosen to survive the CLI tokenizer (see secret.hpp).
constexpr std::string_view kAlphabet = "!$&()*+,-./0123456789:;<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`{}~abc";
static_assert(kAlphabet.size() == 64);

constexpr std::size_t kMinBytes = 24;  // -> 32 characters, the vendor's minimum cipher length
constexpr std::uint8_t kChainSeed = 0x5a;

// Deterministic keystream (xorshift32); fixed seed so the output is reproducible.
class KeyStream {
 public:
  std::uint8_t next() {
    s_ ^= s_ << 13;
    s_ ^= s_ >> 17;
    s_ ^= s_ << 5;
    return static_cast<std::uint8_t>(s_ >> 11);
  }

 private:
  std::uint32_t s_ = 0x9e3779b9u;
};

std::uint16_t checksum(const std::vector<std::uint8_t>& b, std::size_t n) {
  std::uint32_t h = 2166136261u;
  for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 16777619u;
  return static_cast<std::uint16_t>((h >> 16) ^ (h & 0xffffu));
}

int alphabet_index(char c) {
  auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::string_view strip_markers(std::string_view s) {
  while (s.starts_with(kCipherMarker)) s.remove_prefix(kCipherMarker.size());
  while (s.ends_with(kCipherMarker)) s.remove_suffix(kCipherMarker.size());
  return s;
}

}  // namespace

std::string encrypt_secret(std::string_view plain) {
  if (plain.size() > kMaxSecretLength) plain = plain.substr(0, kMaxSecretLength);
  // Layout: length byte, plaintext, filler up to a multiple of 3 (>= kMinBytes), 2-byte checksum.
  std::vector<std::uint8_t> b;
  b.push_back(static_cast<std::uint8_t>(plain.size()));
  for (char c : plain) b.push_back(static_cast<std::uint8_t>(c));
  std::size_t total = std::max(kMinBytes, b.size() + 2);
  total += (3 - total % 3) % 3;
  std::uint8_t fill = static_cast<std::uint8_t>(checksum(b, b.size()));
  while (b.size() + 2 < total) b.push_back(fill = static_cast<std::uint8_t>(fill * 31u + 7u));
  std::uint16_t sum = checksum(b, b.size());
  b.push_back(static_cast<std::uint8_t>(sum >> 8));
  b.push_back(static_cast<std::uint8_t>(sum & 0xffu));

  // Chaining each byte with the previous output hides common prefixes of different secrets.
  KeyStream ks;
  std::uint8_t prev = kChainSeed;
  for (auto& x : b) prev = x = static_cast<std::uint8_t>(x ^ ks.next() ^ prev);

  std::string out(kCipherMarker);
  for (std::size_t i = 0; i < b.size(); i += 3) {
    std::uint32_t v = (std::uint32_t{b[i]} << 16) | (std::uint32_t{b[i + 1]} << 8) | b[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6) out += kAlphabet[(v >> shift) & 63u];
  }
  out += kCipherMarker;
  return out;
}

std::optional<std::string> decrypt_secret(std::string_view cipher) {
  std::string_view body = strip_markers(cipher);
  if (body.size() < kMinBytes / 3 * 4 || body.size() % 4 != 0) return std::nullopt;
  std::vector<std::uint8_t> b;
  for (std::size_t i = 0; i < body.size(); i += 4) {
    std::uint32_t v = 0;
    for (std::size_t j = 0; j < 4; ++j) {
      int k = alphabet_index(body[i + j]);
      if (k < 0) return std::nullopt;
      v = (v << 6) | static_cast<std::uint32_t>(k);
    }
    b.push_back(static_cast<std::uint8_t>(v >> 16));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
  }
  KeyStream ks;
  std::uint8_t prev = kChainSeed;
  for (auto& x : b) {
    std::uint8_t c = x;
    x = static_cast<std::uint8_t>(c ^ ks.next() ^ prev);
    prev = c;
  }
  std::size_t n = b[0];
  if (n + 3 > b.size()) return std::nullopt;
  std::uint16_t sum = checksum(b, b.size() - 2);
  if (b[b.size() - 2] != (sum >> 8) || b[b.size() - 1] != (sum & 0xffu)) return std::nullopt;
  return std::string(b.begin() + 1, b.begin() + 1 + static_cast<std::ptrdiff_t>(n));
}

bool is_cipher_token(std::string_view token) {
  return token.size() > 2 * kCipherMarker.size() && token.starts_with(kCipherMarker) &&
         token.ends_with(kCipherMarker);
}

}  // namespace vrsh::model
