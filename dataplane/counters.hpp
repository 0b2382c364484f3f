#pragma once
// Named counters: why packets were dropped at a port, and why the decoder gave up on a packet.
// Names are the ones displays and summary lines print.
#include <array>
#include <cstddef>
#include <cstdint>

namespace vrsh::dataplane {

enum class DropReason : std::uint8_t {
  PortDown,       // the receiving interface does not exist or is shut down
  NonIp,          // ARP, CDP, LLC ...: a router port does not forward them
  DecodeError,    // link or IP layer undecodable (the anomaly table says why)
  NoRoute,        // no FIB entry in the ingress VPN instance
  Blackhole,      // route to NULL0
  TtlExceeded,    // TTL / hop limit <= 1 on receipt
  Local,          // addressed to one of the router's own interface addresses
  ArpUnresolved,  // live egress: the next hop did not answer ARP (or too many packets waited for it)
  Count
};
inline constexpr std::size_t kDropReasonCount = static_cast<std::size_t>(DropReason::Count);
const char* drop_reason_name(DropReason r);  // "port-down", "non-ip", "decode-error", "no-route", ...

enum class Anomaly : std::uint8_t {
  UnsupportedLinktype,
  TruncatedEthernet,
  TruncatedSll,
  TruncatedVlan,
  TooManyVlanTags,
  TruncatedMpls,
  TooManyMplsLabels,
  NonIp,
  TruncatedIp,
  BadIpVersion,
  BadIpHeaderLength,
  BadIpTotalLength,
  TruncatedIpv6Ext,
  TooManyIpv6Ext,
  TruncatedTcp,
  BadTcpHeaderLength,
  TruncatedUdp,
  TruncatedSctp,
  BadSctpChunkLength,
  TooManySctpChunks,
  TruncatedGtp,
  BadGtpVersion,
  BadGtpExtension,
  Count
};
inline constexpr std::size_t kAnomalyCount = static_cast<std::size_t>(Anomaly::Count);
const char* anomaly_name(Anomaly a);  // "truncated-ethernet", "bad-ip-version", ...

struct PortCounters {
  std::uint64_t rx_packets = 0;
  std::uint64_t rx_bytes = 0;
  std::uint64_t tx_packets = 0;
  std::uint64_t tx_bytes = 0;
  std::array<std::uint64_t, kDropReasonCount> drops{};  // counted at the receiving port
  // Echo requests to the router's addresses received here (counted as `local` drops too): those
  // answered, and those whose reply found no way out (no route back, ARP queue full).
  std::uint64_t echo_answered = 0;
  std::uint64_t echo_unsent = 0;
  // ICMP errors sent to the senders of packets dropped here (live ports only), and those the rate
  // limit held back.
  std::uint64_t icmp_time_exceeded = 0;
  std::uint64_t icmp_unreachable = 0;
  std::uint64_t icmp_rate_limited = 0;
  std::uint64_t dropped() const {
    std::uint64_t n = 0;
    for (auto d : drops) n += d;
    return n;
  }
};

using AnomalyCounters = std::array<std::uint64_t, kAnomalyCount>;

}  // namespace vrsh::dataplane
