#pragma once
// IP FPM colour bits: where the loss and delay flags live in an IPv4 header, and how they are read
// and rewritten. `tos-bit N` is bit N of the ToS byte counted from the most significant (bit 0),
// so the default loss bit 6 is mask 0x02 and the default delay bit 7 is mask 0x01; `flags-bit0`
// is the reserved bit of the IPv4 flags (mask 0x80 of header byte 6).
#include <cstdint>

#include "model/config.hpp"

namespace vrsh::dataplane::fpm {

struct ColorSpec {
  enum class Where : std::uint8_t { None, Tos, Flags } where = Where::None;
  std::uint8_t mask = 0;
};

ColorSpec color_spec(const model::ColorBit& b);

// The two header bytes colouring can touch (ToS = byte 1, flags/fragment-offset high = byte 6).
// The per-packet path edits these copies; rewrite_header() writes them back into a frame.
struct HeaderBits {
  std::uint8_t tos = 0;
  std::uint8_t flags = 0;
  bool operator==(const HeaderBits&) const = default;
};

HeaderBits read_bits(const std::uint8_t* ip);
bool get_color(const HeaderBits& h, ColorSpec c);
// Sets or clears the colour; returns true when the bits changed.
bool put_color(HeaderBits& h, ColorSpec c, bool on);
// Writes ToS and flags into the IPv4 header at `ip` and updates its checksum incrementally
// (RFC 1624), so a header that was valid stays valid. No-op when nothing changed.
void rewrite_header(std::uint8_t* ip, const HeaderBits& h);

}  // namespace vrsh::dataplane::fpm
