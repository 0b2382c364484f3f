// Link layer: Ethernet, Linux SLL/SLL2, raw IP; then VLAN tags and MPLS label stacks.
#include "dataplane/bytes.hpp"
#include "dataplane/decode.hpp"
#include "dataplane/decode_l4.hpp"

namespace vrsh::dataplane {
namespace {

constexpr std::uint16_t kEthIpv4 = 0x0800;
constexpr std::uint16_t kEthIpv6 = 0x86dd;
constexpr std::uint16_t kEthVlan = 0x8100;
constexpr std::uint16_t kEthQinQ = 0x88a8;
constexpr std::uint16_t kEthQinQOld = 0x9100;
constexpr std::uint16_t kEthMpls = 0x8847;
constexpr std::uint16_t kEthMplsMc = 0x8848;

DecodeResult fail(Anomaly a) {
  return DecodeResult::failed(a);
}

// Follows an ethertype at `off` (the type field itself already read) through tags and labels.
DecodeResult dispatch_ethertype(const RawPacket& pkt, std::uint16_t type, std::uint32_t off, Decoded& d) {
  const std::uint8_t* p = pkt.bytes;
  const std::uint32_t cap = pkt.caplen;
  while (type == kEthVlan || type == kEthQinQ || type == kEthQinQOld) {
    if (d.vlan_depth >= kMaxVlanTags) return fail(Anomaly::TooManyVlanTags);
    if (off + 4 > cap) return fail(Anomaly::TruncatedVlan);
    ++d.vlan_depth;
    type = be16(p + off + 2);
    off += 4;
  }
  if (type == kEthMpls || type == kEthMplsMc) {
    for (;;) {
      if (d.mpls_depth >= kMaxMplsLabels) return fail(Anomaly::TooManyMplsLabels);
      if (off + 4 > cap) return fail(Anomaly::TruncatedMpls);
      const std::uint32_t entry = be32(p + off);
      if (d.mpls_depth == 0) d.mpls_top = entry >> 12;
      ++d.mpls_depth;
      off += 4;
      if ((entry & 0x100u) != 0) break;  // bottom of stack
    }
    // No payload type in MPLS: guess from the version nibble, as LSRs doing PHP do.
    if (off >= cap) return fail(Anomaly::TruncatedIp);
    const std::uint8_t v = static_cast<std::uint8_t>(p[off] >> 4);
    if (v != 4 && v != 6) return fail(Anomaly::NonIp);
    return decode_ip(p, cap, off, v, d);
  }
  if (type == kEthIpv4) return decode_ip(p, cap, off, 4, d);
  if (type == kEthIpv6) return decode_ip(p, cap, off, 6, d);
  return fail(Anomaly::NonIp);
}

}  // namespace

DecodeResult decode(const RawPacket& pkt, Decoded& d) {
  d.clear();
  const std::uint8_t* p = pkt.bytes;
  const std::uint32_t cap = pkt.caplen;
  // Fast path, same result in fewer steps: untagged Ethernet, IPv4 without options and not
  // fragmented (DF may be set), TCP inline. Anything else takes the general path below.
  if (pkt.linktype == kLinkEthernet && cap >= 34 && be16(p + 12) == kEthIpv4 && p[14] == 0x45) {
    const std::uint8_t* ip = p + 14;
    const std::uint32_t total = be16(ip + 2);
    const std::uint16_t frag = be16(ip + 6);
    if (total >= 20 && (frag & 0x3fffu) == 0) {
      set_ipv4(ip, 14, 20, total, frag, d);
      const std::uint32_t l4_ip_len = total - 20;
      const std::uint32_t l4_cap = cap - 34 < l4_ip_len ? cap - 34 : l4_ip_len;
      return DecodeResult::decoded(d.proto == kProtoTcp ? decode_tcp(p + 34, l4_cap, l4_ip_len, d)
                                                        : decode_l4(p + 34, l4_cap, l4_ip_len, d));
    }
  }
  switch (pkt.linktype) {
    case kLinkEthernet:
      if (cap < 14) return fail(Anomaly::TruncatedEthernet);
      return dispatch_ethertype(pkt, be16(p + 12), 14, d);
    case kLinkSll:
      if (cap < 16) return fail(Anomaly::TruncatedSll);
      return dispatch_ethertype(pkt, be16(p + 14), 16, d);
    case kLinkSll2:
      if (cap < 20) return fail(Anomaly::TruncatedSll);
      return dispatch_ethertype(pkt, be16(p), 20, d);
    case kLinkRaw:
    case kLinkRawDlt:
    case kLinkRawDltAlt:
      if (cap < 1) return fail(Anomaly::TruncatedIp);
      return decode_ip(p, cap, 0, 0, d);
    case kLinkIpv4:
      return decode_ip(p, cap, 0, 4, d);
    case kLinkIpv6:
      return decode_ip(p, cap, 0, 6, d);
    default:
      return fail(Anomaly::UnsupportedLinktype);
  }
}

}  // namespace vrsh::dataplane
