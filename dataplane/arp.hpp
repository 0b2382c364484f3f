#pragma once
// ARP for live ports, as pure functions over bytes and a neighbour table driven by the caller's
// clock: no sockets here, so every rule is unit-testable. The engine owns one table per live port.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "dataplane/clock.hpp"
#include "dataplane/ip_addr.hpp"

namespace vrsh::dataplane {

struct PortState;

namespace arp {

using Mac = std::array<std::uint8_t, 6>;
inline constexpr std::uint16_t kRequest = 1;
inline constexpr std::uint16_t kReply = 2;
inline constexpr std::uint16_t kEtherType = 0x0806;
inline constexpr std::size_t kFrameLen = 60;  // Ethernet minimum without FCS: 14 + 28 + 18 padding
inline constexpr Mac kBroadcast{0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
using Frame = std::array<std::uint8_t, kFrameLen>;

struct Packet {
  std::uint16_t op = 0;
  Mac sha{};
  std::uint32_t spa = 0;
  Mac tha{};
  std::uint32_t tpa = 0;
};

// An untagged Ethernet frame carrying ARP for IPv4 over Ethernet; nullopt for anything else.
std::optional<Packet> parse(const std::uint8_t* frame, std::size_t len);
Frame build(std::uint16_t op, const Mac& eth_dst, const Mac& sha, std::uint32_t spa, const Mac& tha,
            std::uint32_t tpa);
// The reply a router owning address `req.tpa` with `mac` sends back to the asker.
Frame reply_to(const Packet& req, const Mac& mac);
// A broadcast request for `target` from (`mac`, `sender_ip`).
Frame request_for(std::uint32_t target, const Mac& mac, std::uint32_t sender_ip);

struct Timing {
  std::uint64_t reachable_ns = ns_from(1200);  // the vendor's default `arp expire-time` (20 min)
  std::uint64_t retry_ns = kNsPerSecond;       // one request a second while unresolved
  unsigned max_requests = 3;                   // then the held packets are dropped
  std::size_t max_held = 16;                   // packets held per unresolved next hop
  std::size_t max_entries = 4096;
};

// Next hop -> MAC, with the packets that wait for an answer. Keyed by the next hop's address:
// IPv4 (host order) for ARP, the 16 bytes of an IPv6 address for neighbour discovery.
template <class Key, class Hash = std::hash<Key>>
class BasicTable {
 public:
  struct Held {
    std::vector<std::uint8_t> frame;
    PortState* from = nullptr;  // the receiving port, where a drop is counted
  };
  enum class Verdict {
    Send,     // `mac` is the next hop's address
    Request,  // held; no request is outstanding: send one now
    Held,     // held; a request is already outstanding
    Drop      // the queue for this next hop (or the table) is full
  };
  struct Tick {
    std::vector<Key> requests;  // next hops to ask again
    std::vector<Held> dropped;  // given up: no answer after max_requests
  };
  struct View {
    Key ip;
    Mac mac;
    bool resolved;
    std::uint64_t expires_ns;  // resolved entries only
  };

  explicit BasicTable(Timing t = {}) : t_(t) {}
  Verdict egress(const Key& ip, std::uint64_t now, const std::uint8_t* frame, std::size_t len,
                 PortState* from, Mac& mac);
  // ARP from `ip` at `mac`: refreshes its entry; creates one only when `create` (the packet was
  // addressed to us). Returns the packets that were waiting for `ip`, to be sent to `mac`.
  std::vector<Held> learn(const Key& ip, const Mac& mac, std::uint64_t now, bool create);
  Tick tick(std::uint64_t now);
  std::vector<View> entries() const;  // by address
  std::size_t size() const { return map_.size(); }

 private:
  struct Entry {
    Mac mac{};
    bool resolved = false;
    std::uint64_t expires = 0;  // resolved: end of validity; unresolved: next request
    unsigned requests = 0;
    std::vector<Held> held;
  };
  Timing t_;
  std::unordered_map<Key, Entry, Hash> map_;
};

using Table = BasicTable<std::uint32_t>;
using Ipv6Table = BasicTable<std::array<std::uint8_t, 16>, Addr16Hash>;

}  // namespace arp
}  // namespace vrsh::dataplane
