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

namespace {

// The ICMPv6 message of `type` in an untagged frame (hop limit 255, code 0, checksum right, at
// least a target), with its length; null otherwise.
const std::uint8_t* nd_message(const std::uint8_t* f, std::size_t len, std::uint8_t type, std::size_t& plen) {
  if (len < kEth + kIp6 + kNsLen || be16(f + 12) != 0x86dd) return nullptr;
  const std::uint8_t* ip = f + kEth;
  if ((ip[0] >> 4) != 6 || ip[6] != kIcmpv6 || ip[7] != 255) return nullptr;
  plen = be16(ip + 4);
  if (plen < kNsLen || kEth + kIp6 + plen > len) return nullptr;
  const std::uint8_t* icmp = ip + kIp6;
  if (icmp[0] != type || icmp[1] != 0) return nullptr;
  Addr src;
  Addr dst;
  std::memcpy(src.data(), ip + 8, 16);
  std::memcpy(dst.data(), ip + 24, 16);
  if (icmpv6_checksum(src, dst, icmp, plen) != be16(icmp + 2) || icmp[8] == 0xff) return nullptr;
  return icmp;
}

}  // namespace

std::optional<Solicitation> parse_solicitation(const std::uint8_t* f, std::size_t len) {
  std::size_t plen = 0;
  const std::uint8_t* icmp = nd_message(f, len, kSolicitation, plen);
  if (icmp == nullptr) return std::nullopt;
  Solicitation ns;
  std::memcpy(ns.eth_src.data(), f + 6, 6);
  std::memcpy(ns.src.data(), f + kEth + 8, 16);
  std::memcpy(ns.target.data(), icmp + 8, 16);
  return ns;
}

std::optional<Advertisement> parse_advertisement(const std::uint8_t* f, std::size_t len) {
  std::size_t plen = 0;
  const std::uint8_t* icmp = nd_message(f, len, kAdvertisement, plen);
  if (icmp == nullptr) return std::nullopt;
  Advertisement na;
  std::memcpy(na.target.data(), icmp + 8, 16);
  std::memcpy(na.mac.data(), f + 6, 6);
  for (std::size_t o = kNsLen; o + 8 <= plen && icmp[o + 1] != 0; o += 8u * icmp[o + 1]) {
    if (icmp[o] == 2 && icmp[o + 1] == 1) std::memcpy(na.mac.data(), icmp + o + 2, 6);
  }
  return na;
}

namespace {

// A neighbour discovery frame: Ethernet, IPv6 (hop limit 255), and the 24-byte message of `type`
// about `target` followed by one link-layer address option (`option`: 1 source, 2 target)
// carrying `mac`, checksummed.
std::vector<std::uint8_t> nd_frame(const Mac& eth_dst, const Mac& mac, const Addr& src, const Addr& dst,
                                   std::uint8_t type, std::uint8_t flags, const Addr& target,
                                   std::uint8_t option) {
  constexpr std::size_t kLen = kNsLen + 8;
  std::vector<std::uint8_t> f(kEth + kIp6 + kLen, 0);
  std::memcpy(f.data(), eth_dst.data(), 6);
  std::memcpy(f.data() + 6, mac.data(), 6);
  put16(f.data() + 12, 0x86dd);
  std::uint8_t* ip = f.data() + kEth;
  ip[0] = 0x60;
  put16(ip + 4, kLen);
  ip[6] = kIcmpv6;
  ip[7] = 255;
  std::memcpy(ip + 8, src.data(), 16);
  std::memcpy(ip + 24, dst.data(), 16);
  std::uint8_t* m = ip + kIp6;
  m[0] = type;
  m[4] = flags;
  std::memcpy(m + 8, target.data(), 16);
  m[24] = option;
  m[25] = 1;  // 8 bytes
  std::memcpy(m + 26, mac.data(), 6);
  put16(m + 2, icmpv6_checksum(src, dst, m, kLen));
  return f;
}

}  // namespace

std::vector<std::uint8_t> solicitation_for(const Addr& target, const Mac& mac, const Addr& src) {
  const Addr group{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, target[13], target[14], target[15]};
  const Mac group_mac{0x33, 0x33, 0xff, target[13], target[14], target[15]};
  return nd_frame(group_mac, mac, src, group, kSolicitation, 0, target, 1);
}

std::vector<std::uint8_t> advertisement_for(const Solicitation& ns, const Mac& mac) {
  if (ns.src == Addr{}) {  // duplicate address detection: to all nodes, not solicited
    const Addr all_nodes{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return nd_frame({0x33, 0x33, 0, 0, 0, 1}, mac, ns.target, all_nodes, kAdvertisement, 0xa0, ns.target, 2);
  }
  // Router, solicited, override.
  return nd_frame(ns.eth_src, mac, ns.target, ns.src, kAdvertisement, 0xe0, ns.target, 2);
}

}  // namespace vrsh::dataplane::nd
