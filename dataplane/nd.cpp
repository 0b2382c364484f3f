#include "dataplane/nd.hpp"

#include <cstring>

#include "dataplane/bytes.hpp"

namespace vrsh::dataplane::nd {
namespace {

constexpr std::size_t kEth = 14;
constexpr std::size_t kIp6 = 40;
constexpr std::size_t kNsLen = 24;  // type, code, checksum, reserved, target
constexpr std::uint8_t kIcmpv6 = 58;

std::uint32_t sum16(const std::uint8_t* p, std::size_t len, std::uint32_t s) {
  for (std::size_t i = 0; i + 1 < len; i += 2) s += (std::uint32_t{p[i]} << 8) | p[i + 1];
  if (len % 2 != 0) s += std::uint32_t{p[len - 1]} << 8;
  return s;
}

}  // namespace

std::uint16_t icmpv6_checksum(const Addr& src, const Addr& dst, const std::uint8_t* msg, std::size_t len) {
  std::uint32_t s = sum16(src.data(), 16, 0);
  s = sum16(dst.data(), 16, s);
  s += static_cast<std::uint32_t>(len >> 16) + static_cast<std::uint32_t>(len & 0xffff) + kIcmpv6;
  s = sum16(msg, 2, s);  // type and code; the checksum field counts as zero
  s = sum16(msg + 4, len - 4, s);
  while ((s >> 16) != 0) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

std::optional<Solicitation> parse_solicitation(const std::uint8_t* f, std::size_t len) {
  if (len < kEth + kIp6 + kNsLen || be16(f + 12) != 0x86dd) return std::nullopt;
  const std::uint8_t* ip = f + kEth;
  if ((ip[0] >> 4) != 6 || ip[6] != kIcmpv6 || ip[7] != 255) return std::nullopt;
  const std::size_t plen = be16(ip + 4);
  if (plen < kNsLen || kEth + kIp6 + plen > len) return std::nullopt;
  const std::uint8_t* icmp = ip + kIp6;
  if (icmp[0] != kSolicitation || icmp[1] != 0) return std::nullopt;
  Solicitation ns;
  std::memcpy(ns.eth_src.data(), f + 6, 6);
  std::memcpy(ns.src.data(), ip + 8, 16);
  Addr dst;
  std::memcpy(dst.data(), ip + 24, 16);
  std::memcpy(ns.target.data(), icmp + 8, 16);
  if (icmpv6_checksum(ns.src, dst, icmp, plen) != be16(icmp + 2) || ns.target[0] == 0xff) return std::nullopt;
  return ns;
}

std::vector<std::uint8_t> advertisement_for(const Solicitation& ns, const Mac& mac) {
  constexpr std::size_t kNaLen = 24 + 8;  // the message and the target link-layer address option
  std::vector<std::uint8_t> f(kEth + kIp6 + kNaLen, 0);
  const bool dad = ns.src == Addr{};
  Addr dst = ns.src;
  if (dad) dst = {0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (dad) {
    const Mac all_nodes{0x33, 0x33, 0, 0, 0, 1};
    std::memcpy(f.data(), all_nodes.data(), 6);
  } else {
    std::memcpy(f.data(), ns.eth_src.data(), 6);
  }
  std::memcpy(f.data() + 6, mac.data(), 6);
  put16(f.data() + 12, 0x86dd);
  std::uint8_t* ip = f.data() + kEth;
  ip[0] = 0x60;
  put16(ip + 4, kNaLen);
  ip[6] = kIcmpv6;
  ip[7] = 255;
  std::memcpy(ip + 8, ns.target.data(), 16);
  std::memcpy(ip + 24, dst.data(), 16);
  std::uint8_t* na = ip + kIp6;
  na[0] = kAdvertisement;
  na[4] = dad ? 0xa0 : 0xe0;  // router, solicited (not for DAD), override
  std::memcpy(na + 8, ns.target.data(), 16);
  na[24] = 2;  // target link-layer address, 8 bytes
  na[25] = 1;
  std::memcpy(na + 26, mac.data(), 6);
  put16(na + 2, icmpv6_checksum(ns.target, dst, na, kNaLen));
  return f;
}

}  // namespace vrsh::dataplane::nd
