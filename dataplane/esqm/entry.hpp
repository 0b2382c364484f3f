#pragma once
// The in-table form of a flow, no pointers. A lookup reads the key and the state packets update;
// both sit together (`Flow`), so an IPv4 flow (16-byte key) is one 64-byte cache line. What is
// written only at creation (`FlowCold`) lives in a parallel array. IPv6 flows keep the full
// 40-byte key (88 bytes). Protocol-specific state shares three generic words (see FlowState).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dataplane/esqm/record.hpp"

namespace vrsh::dataplane::esqm {

inline constexpr std::uint8_t kKeyV6 = 1;
inline constexpr std::uint8_t kKeyOutbound = 2;

namespace detail {
// Keys are compared a word at a time: memcmp of a key is a library call on the per-packet path.
template <std::size_t Bytes>
bool words_equal(const void* a, const void* b) {
  const auto* p = static_cast<const unsigned char*>(a);
  const auto* q = static_cast<const unsigned char*>(b);
  std::uint64_t diff = 0;
  for (std::size_t i = 0; i < Bytes; i += 8) {
    std::uint64_t x = 0, y = 0;
    std::memcpy(&x, p + i, 8);
    std::memcpy(&y, q + i, 8);
    diff |= x ^ y;
  }
  return diff == 0;
}
}  // namespace detail

// Any flow's key; the table stores IPv6 flows under it. Sorting and records use it for all.
// Its last word (ports, VPN, protocol, flags) has the same layout as FlowKey4's.
struct alignas(8) FlowKey {
  std::uint8_t src[16];
  std::uint8_t dst[16];
  std::uint16_t sport;
  std::uint16_t dport;
  std::uint16_t vpn;
  std::uint8_t proto;
  std::uint8_t flags;  // kKeyV6 | kKeyOutbound
  bool operator==(const FlowKey& o) const { return detail::words_equal<sizeof(FlowKey)>(this, &o); }
};
static_assert(sizeof(FlowKey) == 40);

// An IPv4 flow's key: the addresses as in the packet, then FlowKey's last word.
struct alignas(8) FlowKey4 {
  std::uint8_t src[4];
  std::uint8_t dst[4];
  std::uint16_t sport;
  std::uint16_t dport;
  std::uint16_t vpn;
  std::uint8_t proto;
  std::uint8_t flags;  // kKeyOutbound
  bool operator==(const FlowKey4& o) const { return detail::words_equal<sizeof(FlowKey4)>(this, &o); }
};
static_assert(sizeof(FlowKey4) == 16);

// The wide form of an IPv4 key: addresses in the first four bytes, the rest zero.
inline FlowKey widen(const FlowKey4& k) {
  FlowKey w;
  std::memset(&w, 0, sizeof w);
  std::memcpy(w.src, k.src, 4);
  std::memcpy(w.dst, k.dst, 4);
  std::memcpy(&w.sport, &k.sport, 8);
  return w;
}
inline const FlowKey& widen(const FlowKey& k) {
  return k;
}

// Next-hop reference: none, the flow's own destination (direct routes), or an interned address.
inline constexpr std::uint32_t kNextHopNone = 0;
inline constexpr std::uint32_t kNextHopIsDst = 1;
inline constexpr std::uint32_t kNextHopPoolBase = 2;

// What packets read and update.
struct FlowState {
  std::uint64_t last_ns;
  std::uint64_t packets;
  // Four words whose meaning depends on the protocol (kind()); read and write them through the
  // accessors below, which name them. Sharing keeps an IPv4 flow in one cache line.
  std::uint64_t w64a;
  std::uint64_t w64b;
  std::uint32_t w32a;
  std::uint32_t w32b;
  std::uint32_t label_bits;  // label (20 bits) | flow type << 20 | kind << 24 | tsn-valid << 27
  std::uint32_t aging_seconds;

  // TCP and SCTP: packets counted as retransmissions.
  std::uint64_t& retrans() { return w64a; }
  std::uint64_t retrans() const { return w64a; }
  // TCP: the highest sequence end seen (seq + payload + SYN/FIN), and the SYN's sequence number.
  std::uint32_t& tcp_seq_end() { return w32a; }
  std::uint32_t& tcp_isn() { return w32b; }
  // SCTP: the highest DATA TSN, which of the 64 TSNs up to it were seen (bit i = highest - i),
  // and the initiate tag of the INIT / INIT ACK that created the entry (0 for a SACK).
  std::uint32_t& sctp_highest_tsn() { return w32a; }
  std::uint64_t& sctp_tsn_seen() { return w64b; }
  std::uint32_t& sctp_init_tag() { return w32b; }
  // GTP: the last echo packet's time and type (0 request, 1 response), IP bytes, and the IP IDs
  // of the last two packets (last << 16 | current).
  std::uint64_t& gtp_heartbeat_ns() { return w64a; }
  std::uint64_t gtp_heartbeat_ns() const { return w64a; }
  std::uint32_t& gtp_echo_type() { return w32b; }
  std::uint32_t gtp_echo_type() const { return w32b; }
  std::uint64_t& gtp_bytes() { return w64b; }
  std::uint64_t gtp_bytes() const { return w64b; }
  std::uint32_t& gtp_ip_ids() { return w32a; }
  std::uint32_t gtp_ip_ids() const { return w32a; }

  std::uint32_t label() const { return label_bits & 0xfffffu; }
  FlowType flow_type() const { return static_cast<FlowType>((label_bits >> 20) & 0xfu); }
  Protocol kind() const { return static_cast<Protocol>((label_bits >> 24) & 0x3u); }
  bool tsn_valid() const { return (label_bits >> 27) & 1u; }
  void set_meta(std::uint32_t label, FlowType t, Protocol k) {
    label_bits =
        (label & 0xfffffu) | (static_cast<std::uint32_t>(t) << 20) | (static_cast<std::uint32_t>(k) << 24);
  }
  void set_tsn_valid() { label_bits |= 1u << 27; }
};
static_assert(sizeof(FlowState) == 48);

// Written at creation, read by displays and export.
struct FlowCold {
  std::uint64_t created_ns;
  std::uint32_t port_if_index;
  std::uint32_t route_if_index;
  std::uint32_t next_hop;   // kNextHop* or kNextHopPoolBase + pool index
  std::uint32_t hash_bits;  // FlowStore's: the key's index slot bits, so rehashing reads no keys
  // FlowStore's expiry wheel links: the previous entry in the bucket (kHeadOf | bucket for the
  // first, UINT32_MAX when not filed) and the next one (UINT32_MAX at the end). Written when
  // an entry is filed, never by packet updates.
  std::uint32_t wheel_prev;
  std::uint32_t wheel_next;
};
static_assert(sizeof(FlowCold) == 32 && sizeof(FlowCold) % 8 == 0);

template <typename Key>
struct alignas(sizeof(Key) == 16 ? 64 : 8) Flow {
  Key key;
  FlowState s;
};
static_assert(sizeof(Flow<FlowKey4>) == 64, "an IPv4 flow is one cache line");
static_assert(sizeof(Flow<FlowKey>) == 88, "keep IPv6 flows compact");

}  // namespace vrsh::dataplane::esqm
