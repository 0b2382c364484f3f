#pragma once
// IPv4/IPv6 address values used by the configuration (host byte order for IPv4).
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vrsh::model {

using Ipv4 = std::uint32_t;

std::optional<Ipv4> parse_ipv4(std::string_view s);
std::string format_ipv4(Ipv4 a);
constexpr Ipv4 mask_from_len(int len) {
  return len <= 0 ? 0u : (len >= 32 ? 0xffffffffu : ~((1u << (32 - len)) - 1u));
}
// -1 when the mask is not contiguous.
int len_from_mask(Ipv4 mask);

using MacAddr = std::array<std::uint8_t, 6>;
std::optional<MacAddr> parse_mac(std::string_view s);  // "00e0-fc12-3456" (the vendor's H-H-H)
std::string format_mac(const MacAddr& m);              // "00e0-fc12-3456"

struct Ipv6 {
  std::array<std::uint8_t, 16> b{};
  auto operator<=>(const Ipv6&) const = default;
};
std::optional<Ipv6> parse_ipv6(std::string_view s);
std::string format_ipv6(const Ipv6& a);

}  // namespace vrsh::model
