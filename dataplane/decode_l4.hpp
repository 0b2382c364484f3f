#pragma once
// Transport-layer decoding (TCP, UDP with GTP-U, SCTP chunk walk). Internal to the decoder.
// The IPv4 and TCP steps are inline: decode()'s fast path for untagged Ethernet/IPv4 uses them
// without a call per layer.
#include <cstdint>

#include "dataplane/bytes.hpp"
#include "dataplane/decode.hpp"

namespace vrsh::dataplane {

// The fields of an IPv4 header (at p + off) that passed decode_ipv4's checks.
inline void set_ipv4(const std::uint8_t* ip, std::uint32_t off, std::uint32_t ihl, std::uint32_t total,
                     std::uint16_t frag, Decoded& d) {
  d.ip_version = 4;
  d.l3_offset = off;
  d.l3_len = total;
  d.ip_header_len = ihl;
  d.ip_id = be16(ip + 4);
  d.ttl = ip[8];
  d.proto = ip[9];
  d.src = ip + 12;
  d.dst = ip + 16;
  d.fragment = (frag & 0x3fffu) != 0;  // MF or a non-zero offset
  d.later_fragment = (frag & 0x1fffu) != 0;
}

inline Anomaly decode_tcp(const std::uint8_t* p, std::uint32_t cap_len, std::uint32_t ip_len, Decoded& d) {
  if (cap_len < 20 || ip_len < 20) return Anomaly::TruncatedTcp;
  const std::uint32_t doff = (p[12] >> 4) * 4u;
  if (doff < 20 || doff > ip_len) return Anomaly::BadTcpHeaderLength;
  d.sport = be16(p);
  d.dport = be16(p + 2);
  d.tcp_seq = be32(p + 4);
  d.tcp_ack = be32(p + 8);
  d.tcp_flags = p[13];
  d.tcp_payload = ip_len - doff;
  d.has_l4 = true;
  return Anomaly::Count;
}

// p: first transport byte; cap_len: bytes captured from p (bounded by the IP length);
// ip_len: transport bytes per the IP header. Returns Anomaly::Count when fine.
Anomaly decode_l4(const std::uint8_t* p, std::uint32_t cap_len, std::uint32_t ip_len, Decoded& d);

}  // namespace vrsh::dataplane
