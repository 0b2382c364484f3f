#pragma once
// An IPv4 or IPv6 address as the dataplane sees it: network byte order bytes, IPv4 in the first
// four. Kept separate from model::Ipv4 (host order, IPv4 only) because packets carry both families.
#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <string>

namespace vrsh::dataplane {

struct IpAddr {
  std::array<std::uint8_t, 16> b{};
  bool v6 = false;

  static IpAddr from_v4_host(std::uint32_t host) {
    IpAddr a;
    a.b[0] = static_cast<std::uint8_t>(host >> 24);
    a.b[1] = static_cast<std::uint8_t>(host >> 16);
    a.b[2] = static_cast<std::uint8_t>(host >> 8);
    a.b[3] = static_cast<std::uint8_t>(host);
    return a;
  }
  static IpAddr from_bytes(const std::uint8_t* p, bool is_v6) {
    IpAddr a;
    a.v6 = is_v6;
    std::memcpy(a.b.data(), p, is_v6 ? 16 : 4);
    return a;
  }
  std::uint32_t v4_host() const {
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  }
  bool is_zero() const {
    for (auto x : b) {
      if (x != 0) return false;
    }
    return true;
  }
  // Dotted quad or RFC 5952 text.
  std::string str() const;
  auto operator<=>(const IpAddr&) const = default;
};

// A hash of 16 address bytes (IPv6 FIB keys, IPv6 neighbour tables).
struct Addr16Hash {
  std::size_t operator()(const std::array<std::uint8_t, 16>& a) const {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a.data(), 8);
    std::memcpy(&y, a.data() + 8, 8);
    return static_cast<std::size_t>((x * 0x9e3779b97f4a7c15ULL) ^ (y + 0x632be59bd9b4e019ULL));
  }
};

// Parses either family; false on bad text.
bool parse_ip(const std::string& text, IpAddr& out);

}  // namespace vrsh::dataplane
