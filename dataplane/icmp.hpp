#pragma once
// The ICMP the router sends of its own (issue #14), each built as a new IP packet (no options or
// extension headers): echo replies to pings of its addresses (ICMP type 8, ICMPv6 type 128, whole
// and unfragmented, answered from the address asked), and the errors that tell a sender why a
// packet went no further (time exceeded, destination unreachable), which traceroute reads.
#include <cstdint>
#include <vector>

#include "dataplane/decode.hpp"

namespace vrsh::dataplane {

// The hop limit of the replies: 255 as VRP sends its own ICMP (the vendor's `display icmp`
// shows no setting for it), and the most a receiver can use to count the hops back.
inline constexpr std::uint8_t kReplyHopLimit = 255;

enum class Echo {
  NotRequest,    // not an echo request: nothing to answer
  Unanswerable,  // an echo request that cannot be answered whole (a fragment, cut short, code not 0)
  Reply,         // the reply is built
};

// Writes the reply's IP packet to `out` (resized to it) when `pkt` (decoded as `d`) is an echo
// request that can be answered; otherwise `out` is untouched.
Echo echo_reply(const RawPacket& pkt, const Decoded& d, std::vector<std::uint8_t>& out);

enum class IcmpError { TimeExceeded, NoRoute };

// Writes to `out` the error about `pkt` (decoded as `d`) from `src` (the router's address, 4 or 16
// bytes as the packet's version): time exceeded in transit (ICMP 11/0, ICMPv6 3/0) or network
// unreachable (ICMP 3/0, ICMPv6 1/0 "no route"), quoting as much of the packet as fits in 576
// bytes (IPv4, RFC 1812 4.3.2.3) or 1280 (IPv6, RFC 4443 2.4). False, `out` untouched, when no
// error may be sent about it (RFC 1122 3.2.2, RFC 4443 2.4 (e)): an ICMP error or ICMPv6 error
// message, a fragment other than the first, a multicast or broadcast destination, a source that
// names no single host.
bool icmp_error(const RawPacket& pkt, const Decoded& d, IcmpError kind, const std::uint8_t* src,
                std::vector<std::uint8_t>& out);

// The router's own probes, whole IPv4 packets: an echo request carrying `data` bytes (0, 1, 2...)
// and a tracert's UDP datagram to `port` with `data` zero bytes; `id` is the IP identification.
std::vector<std::uint8_t> echo_request(std::uint32_t src, std::uint32_t dst, std::uint16_t ident,
                                       std::uint16_t seq, std::size_t data, std::uint8_t ttl,
                                       std::uint16_t id);
// The same over IPv6 (`src`, `dst`: 16 bytes each; `hop_limit` as the TTL).
std::vector<std::uint8_t> echo_request6(const std::uint8_t* src, const std::uint8_t* dst, std::uint16_t ident,
                                        std::uint16_t seq, std::size_t data, std::uint8_t hop_limit);
std::vector<std::uint8_t> udp_probe(std::uint32_t src, std::uint32_t dst, std::uint16_t sport,
                                    std::uint16_t port, std::size_t data, std::uint8_t ttl, std::uint16_t id);

// How many errors may go out: a token bucket on the packet clock, 1000 a second with bursts of 50
// (Linux's icmp_msgs_per_sec and icmp_msgs_burst), so a flood of dropped packets cannot become a
// flood of errors.
class IcmpRateLimit {
 public:
  bool take(std::uint64_t now_ns) {
    if (now_ns > last_ns_) {
      const std::uint64_t earned = (now_ns - last_ns_) / kNsPerToken;
      tokens_ = earned >= kBurst - tokens_ ? kBurst : tokens_ + earned;
      last_ns_ += earned * kNsPerToken;
      if (tokens_ == kBurst) last_ns_ = now_ns;
    }
    if (tokens_ == 0) return false;
    --tokens_;
    return true;
  }

 private:
  static constexpr std::uint64_t kNsPerToken = 1'000'000, kBurst = 50;
  std::uint64_t tokens_ = kBurst, last_ns_ = 0;
};

// RFC 1071 one's-complement sum of `len` bytes, added to `sum` (not folded, not inverted).
std::uint32_t ones_sum(const std::uint8_t* p, std::size_t len, std::uint32_t sum = 0);
std::uint16_t fold_checksum(std::uint32_t sum);  // folded and inverted

}  // namespace vrsh::dataplane
