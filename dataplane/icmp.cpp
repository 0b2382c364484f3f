#include "dataplane/icmp.hpp"

#include <algorithm>
#include <cstring>

#include "dataplane/bytes.hpp"

namespace vrsh::dataplane {

namespace {

constexpr std::uint8_t kProtoIcmp = 1;
constexpr std::uint8_t kProtoIcmpv6 = 58;
constexpr std::uint8_t kEchoRequest = 8, kEchoReply = 0;
constexpr std::uint8_t kEchoRequestV6 = 128, kEchoReplyV6 = 129;
constexpr std::size_t kIcmpEchoHeader = 8;  // type, code, checksum, identifier, sequence
// An IPv4 reply must fit a 16-bit total length with its new 20-byte header.
constexpr std::size_t kMaxIcmpV4 = 65535 - 20;
constexpr std::size_t kMaxErrorV4 = 576, kMaxErrorV6 = 1280;  // whole error packets

}  // namespace

std::uint32_t ones_sum(const std::uint8_t* p, std::size_t len, std::uint32_t sum) {
  for (; len >= 2; p += 2, len -= 2) sum += be16(p);
  if (len == 1) sum += static_cast<std::uint32_t>(p[0]) << 8;
  return sum;
}

std::uint16_t fold_checksum(std::uint32_t sum) {
  while ((sum >> 16) != 0) sum = (sum & 0xffffu) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

namespace {

// ICMPv6 sums a pseudo-header: both addresses, the upper-layer length and the next header.
std::uint32_t pseudo_sum(const std::uint8_t* src, const std::uint8_t* dst, std::size_t len) {
  std::uint32_t sum = ones_sum(src, 16, ones_sum(dst, 16));
  return sum + static_cast<std::uint32_t>(len >> 16) + static_cast<std::uint32_t>(len & 0xffff) +
         kProtoIcmpv6;
}

// A new packet of `icmp_len` ICMP bytes (written by the caller where the result points) from `src`
// to `dst`.
std::uint8_t* new_ipv4(std::vector<std::uint8_t>& out, std::size_t icmp_len, std::uint16_t id,
                       const std::uint8_t* src, const std::uint8_t* dst, std::uint8_t ttl = kReplyHopLimit,
                       std::uint8_t proto = kProtoIcmp) {
  out.resize(20 + icmp_len);
  std::uint8_t* ip = out.data();
  ip[0] = 0x45;
  ip[1] = 0;
  put16(ip + 2, static_cast<std::uint16_t>(20 + icmp_len));
  put16(ip + 4, id);
  put16(ip + 6, 0);
  ip[8] = ttl;
  ip[9] = proto;
  put16(ip + 10, 0);
  std::memcpy(ip + 12, src, 4);
  std::memcpy(ip + 16, dst, 4);
  put16(ip + 10, fold_checksum(ones_sum(ip, 20)));
  return ip + 20;
}

std::uint8_t* new_ipv6(std::vector<std::uint8_t>& out, std::size_t icmp_len, const std::uint8_t* src,
                       const std::uint8_t* dst) {
  out.resize(40 + icmp_len);
  std::uint8_t* ip = out.data();
  ip[0] = 0x60;
  ip[1] = ip[2] = ip[3] = 0;
  put16(ip + 4, static_cast<std::uint16_t>(icmp_len));
  ip[6] = kProtoIcmpv6;
  ip[7] = kReplyHopLimit;
  std::memcpy(ip + 8, src, 16);
  std::memcpy(ip + 24, dst, 16);
  return ip + 40;
}

// The checksum of the ICMP (v4) or ICMPv6 message of `len` bytes at `icmp`, the end of `out`.
void seal(const std::vector<std::uint8_t>& out, std::uint8_t* icmp, std::size_t len, bool v4) {
  put16(icmp + 2, 0);
  const std::uint32_t start = v4 ? 0 : pseudo_sum(out.data() + 8, out.data() + 24, len);
  put16(icmp + 2, fold_checksum(ones_sum(icmp, len, start)));
}

// Not "this host" (0/8), loopback, multicast, reserved or broadcast.
bool v4_names_one_host(const std::uint8_t* a) {
  return a[0] != 0 && a[0] != 127 && (a[0] >> 4) < 14;
}

bool v6_names_one_host(const std::uint8_t* a) {
  static constexpr std::uint8_t kUnspecified[16] = {};
  return a[0] != 0xff && std::memcmp(a, kUnspecified, 16) != 0;
}

// No error is sent about an error (RFC 792, 1122; ICMPv6 types below 128).
bool is_icmp_error(std::uint8_t type, bool v4) {
  if (!v4) return type < 128;
  return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

}  // namespace

Echo echo_reply(const RawPacket& pkt, const Decoded& d, std::vector<std::uint8_t>& out) {
  const bool v4 = d.ip_version == 4;
  if (d.proto != (v4 ? kProtoIcmp : kProtoIcmpv6) || d.later_fragment) return Echo::NotRequest;
  const std::size_t have = d.l3_offset > pkt.caplen ? 0 : pkt.caplen - d.l3_offset;
  if (have < d.ip_header_len + 1) return Echo::NotRequest;  // not even the type is there
  const std::uint8_t* icmp = pkt.bytes + d.l3_offset + d.ip_header_len;
  if (icmp[0] != (v4 ? kEchoRequest : kEchoRequestV6)) return Echo::NotRequest;
  // A fragment, or a packet the capture cut short, cannot be answered whole.
  if (d.fragment || have < d.l3_len || d.l3_len < d.ip_header_len + kIcmpEchoHeader || icmp[1] != 0)
    return Echo::Unanswerable;
  const std::size_t icmp_len = d.l3_len - d.ip_header_len;
  if (v4) {
    if (icmp_len > kMaxIcmpV4) return Echo::Unanswerable;
    // A damaged request is not answered, as a host does not: a reply would carry the damage
    // back under a checksum recomputed over it.
    if (fold_checksum(ones_sum(icmp, icmp_len)) != 0) return Echo::Unanswerable;
    std::uint8_t* reply = new_ipv4(out, icmp_len, d.ip_id, d.dst, d.src);
    std::memcpy(reply, icmp, icmp_len);
    reply[0] = kEchoReply;
    seal(out, reply, icmp_len, true);
    return Echo::Reply;
  }
  if (icmp_len > 65535) return Echo::Unanswerable;
  if (fold_checksum(ones_sum(icmp, icmp_len, pseudo_sum(d.src, d.dst, icmp_len))) != 0)
    return Echo::Unanswerable;
  std::uint8_t* reply = new_ipv6(out, icmp_len, d.dst, d.src);
  std::memcpy(reply, icmp, icmp_len);
  reply[0] = kEchoReplyV6;
  seal(out, reply, icmp_len, false);
  return Echo::Reply;
}

bool icmp_error(const RawPacket& pkt, const Decoded& d, IcmpError kind, const std::uint8_t* src,
                std::vector<std::uint8_t>& out) {
  const bool v4 = d.ip_version == 4;
  if (d.later_fragment || d.l3_offset >= pkt.caplen) return false;
  if (!(v4 ? v4_names_one_host(d.src) : v6_names_one_host(d.src))) return false;
  if (v4 ? (d.dst[0] >> 4) >= 14 : d.dst[0] == 0xff) return false;  // multicast, broadcast
  const std::size_t have = pkt.caplen - d.l3_offset;
  const std::uint8_t* quoted = pkt.bytes + d.l3_offset;
  if (d.proto == (v4 ? kProtoIcmp : kProtoIcmpv6)) {
    // The type of an ICMP message we cannot see is unknown: it might be an error.
    if (have <= d.ip_header_len || is_icmp_error(quoted[d.ip_header_len], v4)) return false;
  }
  // The quote is what was received of the packet: its IP length, less what the capture cut.
  const std::size_t header = v4 ? 20 : 40;
  const std::size_t room = (v4 ? kMaxErrorV4 : kMaxErrorV6) - header - kIcmpEchoHeader;
  const std::size_t quote = std::min({have, static_cast<std::size_t>(d.l3_len), room});
  const std::size_t icmp_len = kIcmpEchoHeader + quote;
  std::uint8_t* icmp =
      v4 ? new_ipv4(out, icmp_len, d.ip_id, src, d.src) : new_ipv6(out, icmp_len, src, d.src);
  const bool ttl = kind == IcmpError::TimeExceeded;
  icmp[0] = v4 ? (ttl ? 11 : 3) : (ttl ? 3 : 1);
  icmp[1] = 0;
  std::memset(icmp + 4, 0, 4);  // unused
  std::memcpy(icmp + kIcmpEchoHeader, quoted, quote);
  seal(out, icmp, icmp_len, v4);
  return true;
}

namespace {

// An echo request's ICMP part at `icmp` (data bytes 0, 1, 2...), sealed in `out`.
void fill_echo_request(std::vector<std::uint8_t>& out, std::uint8_t* icmp, std::uint16_t ident,
                       std::uint16_t seq, std::size_t data, bool v4) {
  icmp[0] = v4 ? kEchoRequest : kEchoRequestV6;
  icmp[1] = 0;
  put16(icmp + 4, ident);
  put16(icmp + 6, seq);
  for (std::size_t i = 0; i < data; ++i) icmp[kIcmpEchoHeader + i] = static_cast<std::uint8_t>(i);
  seal(out, icmp, kIcmpEchoHeader + data, v4);
}

}  // namespace

std::vector<std::uint8_t> echo_request(std::uint32_t src, std::uint32_t dst, std::uint16_t ident,
                                       std::uint16_t seq, std::size_t data, std::uint8_t ttl,
                                       std::uint16_t id) {
  std::uint8_t s[4], d[4];
  put32(s, src);
  put32(d, dst);
  std::vector<std::uint8_t> out;
  fill_echo_request(out, new_ipv4(out, kIcmpEchoHeader + data, id, s, d, ttl), ident, seq, data, true);
  return out;
}

std::vector<std::uint8_t> echo_request6(const std::uint8_t* src, const std::uint8_t* dst, std::uint16_t ident,
                                        std::uint16_t seq, std::size_t data, std::uint8_t hop_limit) {
  std::vector<std::uint8_t> out;
  std::uint8_t* icmp = new_ipv6(out, kIcmpEchoHeader + data, src, dst);
  out[7] = hop_limit;
  fill_echo_request(out, icmp, ident, seq, data, false);
  return out;
}

std::vector<std::uint8_t> udp_probe(std::uint32_t src, std::uint32_t dst, std::uint16_t sport,
                                    std::uint16_t port, std::size_t data, std::uint8_t ttl,
                                    std::uint16_t id) {
  std::uint8_t s[4], d[4];
  put32(s, src);
  put32(d, dst);
  std::vector<std::uint8_t> out;
  const std::size_t udp_len = 8 + data;
  std::uint8_t* udp = new_ipv4(out, udp_len, id, s, d, ttl, kProtoUdp);
  put16(udp, sport);
  put16(udp + 2, port);
  put16(udp + 4, static_cast<std::uint16_t>(udp_len));
  put16(udp + 6, 0);
  std::memset(udp + 8, 0, data);
  // The UDP checksum covers a pseudo-header of both addresses, the protocol and the length.
  const std::uint32_t pseudo =
      ones_sum(s, 4, ones_sum(d, 4)) + kProtoUdp + static_cast<std::uint32_t>(udp_len);
  std::uint16_t c = fold_checksum(ones_sum(udp, udp_len, pseudo));
  put16(udp + 6, c == 0 ? 0xffff : c);
  return out;
}

}  // namespace vrsh::dataplane
