#pragma once
// Big-endian loads and stores on packet bytes (unaligned-safe), and the IPv4 header checksum
// update that goes with rewriting a header word.
#include <cstddef>
#include <cstdint>

namespace vrsh::dataplane {

inline std::uint16_t be16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((std::uint16_t{p[0]} << 8) | p[1]);
}
inline std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}
inline void put16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}
inline void put32(std::uint8_t* p, std::uint32_t v) {
  put16(p, static_cast<std::uint16_t>(v >> 16));
  put16(p + 2, static_cast<std::uint16_t>(v));
}

// Writes the 16-bit word at even offset `at` of the IPv4 header `ip` and updates the header
// checksum incrementally (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')). An unchanged word leaves the
// checksum alone (the equation would turn 0xffff into 0x0000).
inline void rewrite_ipv4_word(std::uint8_t* ip, std::size_t at, std::uint16_t word) {
  const std::uint16_t old_word = be16(ip + at);
  if (old_word == word) return;
  put16(ip + at, word);
  std::uint32_t sum = static_cast<std::uint16_t>(~be16(ip + 10));
  sum += static_cast<std::uint16_t>(~old_word);
  sum += word;
  while ((sum >> 16) != 0) sum = (sum & 0xffffu) + (sum >> 16);
  put16(ip + 10, static_cast<std::uint16_t>(~sum));
}

}  // namespace vrsh::dataplane
