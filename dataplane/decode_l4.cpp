#include "dataplane/decode_l4.hpp"

#include "dataplane/bytes.hpp"

namespace vrsh::dataplane {
namespace {

// GTP-U v1 header after the UDP header. Leaves d.gtp false when it is not one.
Anomaly decode_gtp(const std::uint8_t* p, std::uint32_t len, Decoded& d) {
  if (len < 8) return Anomaly::TruncatedGtp;
  const std::uint8_t flags = p[0];
  if ((flags >> 5) != 1 || (flags & 0x10u) == 0) return Anomaly::BadGtpVersion;  // v1, PT=GTP
  std::uint32_t pos = 8;
  if ((flags & 0x07u) != 0) {  // E, S or PN: sequence, N-PDU and next-extension fields follow
    if (len < 12) return Anomaly::TruncatedGtp;
    std::uint8_t next = p[11];
    pos = 12;
    for (int n = 0; (flags & 0x04u) != 0 && next != 0; ++n) {
      if (n >= kMaxGtpExt || pos + 4 > len) return Anomaly::BadGtpExtension;
      const std::uint32_t ext_len = std::uint32_t{p[pos]} * 4;  // in 4-octet units, incl. next-type
      if (ext_len == 0 || pos + ext_len > len) return Anomaly::BadGtpExtension;
      next = p[pos + ext_len - 1];
      pos += ext_len;
    }
  }
  d.gtp = true;
  d.gtp_type = p[1];
  d.gtp_teid = be32(p + 4);
  return Anomaly::Count;
}

Anomaly decode_udp(const std::uint8_t* p, std::uint32_t cap_len, std::uint32_t ip_len, Decoded& d) {
  if (cap_len < 8 || ip_len < 8) return Anomaly::TruncatedUdp;
  d.sport = be16(p);
  d.dport = be16(p + 2);
  d.has_l4 = true;
  if (d.sport == kGtpUPort || d.dport == kGtpUPort) return decode_gtp(p + 8, cap_len - 8, d);
  return Anomaly::Count;
}

void note_tsn(Decoded& d, std::uint32_t tsn) {
  if (d.sctp_tsn_count < kMaxSctpTsns) d.sctp_tsns[d.sctp_tsn_count++] = tsn;
}

Anomaly decode_sctp(const std::uint8_t* p, std::uint32_t cap_len, std::uint32_t ip_len, Decoded& d) {
  if (cap_len < 12 || ip_len < 12) return Anomaly::TruncatedSctp;
  d.sport = be16(p);
  d.dport = be16(p + 2);
  d.sctp_vtag = be32(p + 4);
  d.has_l4 = true;
  std::uint32_t pos = 12;
  for (int n = 0; pos + 4 <= ip_len; ++n) {
    if (n >= kMaxSctpChunks) return Anomaly::TooManySctpChunks;
    if (pos + 4 > cap_len) break;  // snap length cut the packet: keep what was seen
    const std::uint8_t type = p[pos];
    const std::uint32_t clen = be16(p + pos + 2);
    if (clen < 4 || pos + clen > ip_len) return Anomaly::BadSctpChunkLength;
    const bool whole = pos + clen <= cap_len;
    switch (type) {
      case 0:
        d.sctp_chunks |= sctpchunk::kData;
        if (whole && clen >= 8) note_tsn(d, be32(p + pos + 4));
        break;
      case 1:
      case 2:
        d.sctp_chunks |= type == 1 ? sctpchunk::kInit : sctpchunk::kInitAck;
        if (whole && clen >= 20) {
          d.sctp_init_tag = be32(p + pos + 4);
          d.sctp_init_tsn = be32(p + pos + 16);
        }
        break;
      case 3:
        d.sctp_chunks |= sctpchunk::kSack;
        break;
      case 6:
        d.sctp_chunks |= sctpchunk::kAbort;
        break;
      case 7:
        d.sctp_chunks |= sctpchunk::kShutdown;
        break;
      case 8:
        d.sctp_chunks |= sctpchunk::kShutdownAck;
        break;
      default:
        d.sctp_chunks |= sctpchunk::kOther;
        break;
    }
    pos += (clen + 3) & ~3u;  // chunks are padded to 4 bytes
  }
  return Anomaly::Count;
}

}  // namespace

Anomaly decode_l4(const std::uint8_t* p, std::uint32_t cap_len, std::uint32_t ip_len, Decoded& d) {
  switch (d.proto) {
    case kProtoTcp:
      return decode_tcp(p, cap_len, ip_len, d);
    case kProtoUdp:
      return decode_udp(p, cap_len, ip_len, d);
    case kProtoSctp:
      return decode_sctp(p, cap_len, ip_len, d);
    default:
      return Anomaly::Count;
  }
}

}  // namespace vrsh::dataplane
