#pragma once
// The compact in-table form of a flow: 112 bytes, no pointers. Protocol-specific state shares
// three generic words (see the accessors) so TCP, SCTP and GTP entries have one size.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dataplane/esqm/record.hpp"

namespace vrsh::dataplane::esqm {

// 8-byte aligned so the key is five whole words: hashed and compared a word at a time.
struct alignas(8) FlowKey {
  std::uint8_t src[16];
  std::uint8_t dst[16];
  std::uint16_t sport;
  std::uint16_t dport;
  std::uint16_t vpn;
  std::uint8_t proto;
  std::uint8_t flags;  // kKeyV6 | kKeyOutbound
  // Five words compared inline: memcmp of 40 bytes is a library call on the per-packet path.
  bool operator==(const FlowKey& o) const {
    const auto* p = reinterpret_cast<const unsigned char*>(this);
    const auto* q = reinterpret_cast<const unsigned char*>(&o);
    std::uint64_t diff = 0;
    for (std::size_t i = 0; i < sizeof(FlowKey); i += 8) {
      std::uint64_t a = 0, b = 0;
      std::memcpy(&a, p + i, 8);
      std::memcpy(&b, q + i, 8);
      diff |= a ^ b;
    }
    return diff == 0;
  }
};
static_assert(sizeof(FlowKey) == 40);
inline constexpr std::uint8_t kKeyV6 = 1;
inline constexpr std::uint8_t kKeyOutbound = 2;

// Next-hop reference: none, the flow's own destination (direct routes), or an interned address.
inline constexpr std::uint32_t kNextHopNone = 0;
inline constexpr std::uint32_t kNextHopIsDst = 1;
inline constexpr std::uint32_t kNextHopPoolBase = 2;

struct Entry {
  FlowKey key;
  std::uint64_t created_ns;
  std::uint64_t last_ns;
  std::uint64_t packets;
  std::uint32_t port_if_index;
  std::uint32_t route_if_index;
  std::uint32_t next_hop;      // kNextHop* or kNextHopPoolBase + pool index
  std::uint32_t label_bits;    // label (20 bits) | flow type << 20 | kind << 24 | tsn-valid << 27
  std::uint32_t aging_seconds;
  std::uint32_t reserved;
  // TCP:  w64a retrans, w32a highest sequence end seen, w32b initial sequence number
  // SCTP: w64a retrans, w64b TSN bitmap (bit i = highest - i seen), w32a highest TSN, w32b initiate tag
  // GTP:  w64a heartbeat time, w64b bytes, w32a last id << 16 | current id, w32b packet type
  std::uint64_t w64a;
  std::uint64_t w64b;
  std::uint32_t w32a;
  std::uint32_t w32b;

  std::uint32_t label() const { return label_bits & 0xfffffu; }
  FlowType flow_type() const { return static_cast<FlowType>((label_bits >> 20) & 0xfu); }
  Protocol kind() const { return static_cast<Protocol>((label_bits >> 24) & 0x3u); }
  bool tsn_valid() const { return (label_bits >> 27) & 1u; }
  void set_meta(std::uint32_t label, FlowType t, Protocol k) {
    label_bits = (label & 0xfffffu) | (static_cast<std::uint32_t>(t) << 20) | (static_cast<std::uint32_t>(k) << 24);
  }
  void set_tsn_valid() { label_bits |= 1u << 27; }
};
static_assert(sizeof(Entry) == 112, "keep ESQM entries compact");

}  // namespace vrsh::dataplane::esqm
