#include "dataplane/fpm/color.hpp"

#include "dataplane/bytes.hpp"

namespace vrsh::dataplane::fpm {

ColorSpec color_spec(const model::ColorBit& b) {
  switch (b.kind) {
    case model::ColorBit::Kind::Tos:
      if (b.tos_bit < 0 || b.tos_bit > 7) return {};
      return {ColorSpec::Where::Tos, static_cast<std::uint8_t>(0x80u >> b.tos_bit)};
    case model::ColorBit::Kind::Flags0:
      return {ColorSpec::Where::Flags, 0x80};
    case model::ColorBit::Kind::None:
      break;
  }
  return {};
}

HeaderBits read_bits(const std::uint8_t* ip) {
  return {ip[1], ip[6]};
}

bool get_color(const HeaderBits& h, ColorSpec c) {
  switch (c.where) {
    case ColorSpec::Where::Tos:
      return (h.tos & c.mask) != 0;
    case ColorSpec::Where::Flags:
      return (h.flags & c.mask) != 0;
    case ColorSpec::Where::None:
      break;
  }
  return false;
}

bool put_color(HeaderBits& h, ColorSpec c, bool on) {
  std::uint8_t* b = c.where == ColorSpec::Where::Tos     ? &h.tos
                    : c.where == ColorSpec::Where::Flags ? &h.flags
                                                         : nullptr;
  if (b == nullptr) return false;
  const auto v = static_cast<std::uint8_t>(on ? (*b | c.mask) : (*b & ~c.mask));
  if (v == *b) return false;
  *b = v;
  return true;
}

void rewrite_header(std::uint8_t* ip, const HeaderBits& h) {
  rewrite_ipv4_word(ip, 0, static_cast<std::uint16_t>((ip[0] << 8) | h.tos));    // version/IHL, TOS
  rewrite_ipv4_word(ip, 6, static_cast<std::uint16_t>((h.flags << 8) | ip[7]));  // flags/fragment offset
}

}  // namespace vrsh::dataplane::fpm
