// IPv4 and IPv6 (with extension headers); hands the transport header to decode_l4.
#include "dataplane/bytes.hpp"
#include "dataplane/decode.hpp"
#include "dataplane/decode_l4.hpp"

namespace vrsh::dataplane {
namespace {

DecodeResult fail(Anomaly a) {
  return DecodeResult::failed(a);
}

DecodeResult decode_ipv4(const std::uint8_t* p, std::uint32_t cap, std::uint32_t off, Decoded& d) {
  if (off + 20 > cap) return fail(Anomaly::TruncatedIp);
  const std::uint8_t* ip = p + off;
  const std::uint32_t ihl = (ip[0] & 0x0fu) * 4u;
  if (ihl < 20) return fail(Anomaly::BadIpHeaderLength);
  if (off + ihl > cap) return fail(Anomaly::TruncatedIp);
  const std::uint32_t total = be16(ip + 2);
  if (total < ihl) return fail(Anomaly::BadIpTotalLength);
  set_ipv4(ip, off, ihl, total, be16(ip + 6), d);
  if (d.later_fragment) return DecodeResult::decoded();
  // Transport bytes: what the IP header announces, limited to what was captured.
  const std::uint32_t l4_off = off + ihl;
  const std::uint32_t l4_ip_len = total - ihl;
  const std::uint32_t l4_cap = cap - l4_off < l4_ip_len ? cap - l4_off : l4_ip_len;
  return DecodeResult::decoded(decode_l4(p + l4_off, l4_cap, l4_ip_len, d));
}

bool is_ipv6_ext(std::uint8_t nh) {
  return nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51;
}

DecodeResult decode_ipv6(const std::uint8_t* p, std::uint32_t cap, std::uint32_t off, Decoded& d) {
  if (off + 40 > cap) return fail(Anomaly::TruncatedIp);
  const std::uint8_t* ip = p + off;
  std::uint32_t payload = be16(ip + 4);
  if (payload == 0) payload = cap - off - 40;  // jumbogram or sloppy writer: trust the capture
  d.ip_version = 6;
  d.l3_offset = off;
  d.l3_len = 40 + payload;
  d.ttl = ip[7];
  d.src = ip + 8;
  d.dst = ip + 24;
  std::uint8_t nh = ip[6];
  std::uint32_t pos = off + 40;  // absolute offset of the next header
  const std::uint32_t end_ip = off + 40 + payload;
  const std::uint32_t end = cap < end_ip ? cap : end_ip;
  int n = 0;
  while (is_ipv6_ext(nh)) {
    if (++n > kMaxIpv6Ext) return fail(Anomaly::TooManyIpv6Ext);
    if (pos + 8 > end) return fail(Anomaly::TruncatedIpv6Ext);
    const std::uint8_t* h = p + pos;
    std::uint32_t len = 0;
    if (nh == 44) {
      const std::uint16_t fo = be16(h + 2);
      d.fragment = true;
      d.later_fragment = (fo & 0xfff8u) != 0;
      len = 8;
    } else if (nh == 51) {
      len = (std::uint32_t{h[1]} + 2) * 4;
    } else {
      len = (std::uint32_t{h[1]} + 1) * 8;
    }
    nh = h[0];
    pos += len;
    if (pos > end_ip) return fail(Anomaly::TruncatedIpv6Ext);
    if (d.later_fragment) break;
  }
  d.proto = nh;
  d.ip_header_len = pos - off;
  if (d.later_fragment || pos > cap) return DecodeResult::decoded();
  return DecodeResult::decoded(decode_l4(p + pos, end - pos, end_ip - pos, d));
}

}  // namespace

DecodeResult decode_ip(const std::uint8_t* p, std::uint32_t cap, std::uint32_t off, std::uint8_t version_hint,
                       Decoded& d) {
  if (off >= cap) return fail(Anomaly::TruncatedIp);
  const std::uint8_t v = static_cast<std::uint8_t>(p[off] >> 4);
  if (version_hint != 0 && v != version_hint) return fail(Anomaly::BadIpVersion);
  if (v == 4) return decode_ipv4(p, cap, off, d);
  if (v == 6) return decode_ipv6(p, cap, off, d);
  return fail(Anomaly::BadIpVersion);
}

}  // namespace vrsh::dataplane
