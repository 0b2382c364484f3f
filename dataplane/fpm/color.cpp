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

namespace {

// RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m').
void update_word(std::uint8_t* ip, std::uint16_t old_word, std::uint16_t new_word) {
  if (old_word == new_word) return;
  std::uint32_t sum = static_cast<std::uint16_t>(~be16(ip + 10));
  sum += static_cast<std::uint16_t>(~old_word);
  sum += new_word;
  while ((sum >> 16) != 0) sum = (sum & 0xffffu) + (sum >> 16);
  put16(ip + 10, static_cast<std::uint16_t>(~sum));
}

}  // namespace

void rewrite_header(std::uint8_t* ip, const HeaderBits& h) {
  if (ip[1] != h.tos) {
    const std::uint16_t old_word = be16(ip);
    ip[1] = h.tos;
    update_word(ip, old_word, be16(ip));
  }
  if (ip[6] != h.flags) {
    const std::uint16_t old_word = be16(ip + 6);
    ip[6] = h.flags;
    update_word(ip, old_word, be16(ip + 6));
  }
}

}  // namespace vrsh::dataplane::fpm
