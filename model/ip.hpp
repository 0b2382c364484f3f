#pragma once
// IPv4/IPv6 address values used by the configuration (host byte order for IPv4).
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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
// inet_pton's forms (an embedded dotted quad included, no zone index).
std::optional<Ipv6> parse_ipv6(std::string_view s);
// The vendor's text: compressed as RFC 5952, hex digits in upper case ("2001:DB8::1").
std::string format_ipv6(const Ipv6& a);
// "X:X::X/LEN" with LEN in lo..hi.
std::optional<std::pair<Ipv6, int>> parse_ipv6_prefix(std::string_view s, int lo, int hi);
// The first `len` bits of `a`, the rest zero.
Ipv6 ipv6_network(const Ipv6& a, int len);
bool ipv6_in_prefix(const Ipv6& a, const Ipv6& prefix, int len);
bool is_ipv6_link_local(const Ipv6& a);  // FE80::/10
bool is_ipv6_multicast(const Ipv6& a);   // FF00::/8
// The link-local address of an interface with MAC `m`: FE80::/64 and the modified EUI-64
// interface identifier (RFC 4291 appendix A: FFFE in the middle, the universal/local bit flipped).
Ipv6 link_local_from_mac(const MacAddr& m);

}  // namespace vrsh::model
