#pragma once
// Flat, allocation-free packet decoding: link layer, VLAN tags, MPLS, IPv4/IPv6 and the
// transport summaries ESQM needs. The result points into the packet bytes and holds copies of
// the few fields later stages read.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dataplane/counters.hpp"
#include "dataplane/source.hpp"

namespace vrsh::dataplane {

inline constexpr int kMaxVlanTags = 8;
inline constexpr int kMaxMplsLabels = 16;
inline constexpr int kMaxIpv6Ext = 8;
inline constexpr int kMaxSctpChunks = 64;
inline constexpr int kMaxSctpTsns = 16;  // DATA TSNs remembered per packet (the rest are counted)
inline constexpr int kMaxGtpExt = 8;
inline constexpr std::uint16_t kGtpUPort = 2152;

// IP protocol numbers.
inline constexpr std::uint8_t kProtoTcp = 6;
inline constexpr std::uint8_t kProtoUdp = 17;
inline constexpr std::uint8_t kProtoSctp = 132;

namespace tcpflag {
inline constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}

// Bits for the SCTP chunk types seen in one packet.
namespace sctpchunk {
inline constexpr std::uint16_t kData = 1u << 0, kInit = 1u << 1, kInitAck = 1u << 2, kSack = 1u << 3,
                               kShutdown = 1u << 4, kShutdownAck = 1u << 5, kAbort = 1u << 6,
                               kOther = 1u << 7;
}

namespace gtptype {
inline constexpr std::uint8_t kEchoRequest = 1, kEchoResponse = 2, kGpdu = 255;
}

// Fields are grouped by size rather than by layer: everything before sctp_tsns fits in 80 bytes,
// which clear() zeroes with five vector stores (a larger memset becomes a slow `rep stos`).
struct Decoded {
  // IP layer
  const std::uint8_t* src = nullptr;  // 4 or 16 bytes, into the packet
  const std::uint8_t* dst = nullptr;
  std::uint32_t l3_offset = 0;      // from the start of the captured bytes
  std::uint32_t l3_len = 0;         // IP total length per header (may exceed the captured bytes)
  std::uint32_t ip_header_len = 0;  // IPv4 IHL*4 or IPv6 40 + extension headers
  // Link layer
  std::uint32_t mpls_top = 0;  // top label (20 bits), valid when mpls_depth > 0
  // TCP
  std::uint32_t tcp_seq = 0;
  std::uint32_t tcp_ack = 0;
  std::uint32_t tcp_payload = 0;  // payload bytes per IP lengths
  // SCTP
  std::uint32_t sctp_vtag = 0;
  std::uint32_t sctp_init_tag = 0;  // initiate tag of INIT / INIT ACK
  std::uint32_t sctp_init_tsn = 0;  // initial TSN of INIT / INIT ACK
  // GTP-U (UDP 2152)
  std::uint32_t gtp_teid = 0;
  // IP layer
  std::uint16_t ip_id = 0;
  // Transport (valid when has_l4)
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  std::uint16_t sctp_chunks = 0;  // sctpchunk bits
  // Link layer
  std::uint8_t vlan_depth = 0;
  std::uint8_t mpls_depth = 0;
  // IP layer
  std::uint8_t ip_version = 0;  // 4 or 6
  std::uint8_t ttl = 0;
  std::uint8_t proto = 0;       // upper-layer protocol after extension headers
  bool fragment = false;        // any fragment
  bool later_fragment = false;  // not the first fragment: no transport header
  // Transport
  bool has_l4 = false;
  std::uint8_t tcp_flags = 0;
  std::uint8_t sctp_tsn_count = 0;  // entries used in sctp_tsns
  bool gtp = false;
  std::uint8_t gtp_type = 0;
  // Last, so clear() can leave it alone: only the first sctp_tsn_count entries are meaningful.
  std::uint32_t sctp_tsns[kMaxSctpTsns] = {};

  bool ok() const { return ip_version != 0; }
  // Back to the default state for the next packet, without touching sctp_tsns.
  void clear() { std::memset(static_cast<void*>(this), 0, offsetof(Decoded, sctp_tsns)); }
};
static_assert(offsetof(Decoded, sctp_tsns) <= 80, "keep Decoded::clear() to five vector stores");
static_assert(sizeof(Decoded) - (offsetof(Decoded, sctp_tsns) + sizeof(Decoded::sctp_tsns)) <
                  alignof(Decoded),
              "Decoded::clear() relies on sctp_tsns being the last member");

// Decodes one packet. Returns true with `d` filled for IPv4/IPv6 packets; false with `why` set
// for anything a router cannot forward. A transport-layer problem does not make the packet
// undecodable: it sets `l4_anomaly` (and leaves has_l4 false) so forwarding still happens.
struct DecodeResult {
  bool ip = false;
  Anomaly why = Anomaly::Count;         // when !ip
  Anomaly l4_anomaly = Anomaly::Count;  // Count = none
  std::uint8_t unused = 0;  // four bytes in all: GCC then builds results in a register, not in memory

  static DecodeResult failed(Anomaly a) { return {false, a, Anomaly::Count, 0}; }
  static DecodeResult decoded(Anomaly l4 = Anomaly::Count) { return {true, Anomaly::Count, l4, 0}; }
};
DecodeResult decode(const RawPacket& pkt, Decoded& d);

// Lower layers, exposed for tests.
DecodeResult decode_ip(const std::uint8_t* p, std::uint32_t caplen, std::uint32_t offset,
                       std::uint8_t version_hint, Decoded& d);

}  // namespace vrsh::dataplane
