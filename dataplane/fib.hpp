#pragma once
// Forwarding table of one VPN instance: IPv4 and IPv6 longest-prefix match. Built from a
// configuration snapshot by build_fibs(); lookups are read-only and allocation-free, except the
// first IPv4 one, which builds the /16 table.
#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dataplane/ip_addr.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane {

inline constexpr std::uint16_t kNoPort = 0xffff;

struct Route {
  enum class Kind : std::uint8_t { Forward, Local, Blackhole };
  Kind kind = Kind::Forward;
  std::uint16_t egress = kNoPort;  // index into the snapshot's port table
  std::string egress_name;         // "" for blackhole
  std::uint32_t egress_if_index = 0;
  bool next_hop_is_dst = true;  // direct routes: the destination itself is the next hop
  IpAddr next_hop;              // when !next_hop_is_dst
  int preference = 0;           // 0 direct, static: configured (lower wins)
};

class Fib {
 public:
  Fib() = default;
  ~Fib();
  Fib(Fib&& o) noexcept;
  Fib& operator=(Fib&& o) noexcept;
  Fib(const Fib&) = delete;
  Fib& operator=(const Fib&) = delete;

  // Adds a route; among equal prefixes the lower preference wins (the first one on a tie).
  // Not concurrently with lookups.
  void add(const IpAddr& prefix, int length, const Route& r);
  // nullptr when nothing matches. Lookups may run concurrently with each other.
  const Route* lookup(const IpAddr& dst) const;
  const Route* lookup_v4(std::uint32_t host) const;
  std::size_t size() const;

  // The best route of length <= 16 for every /16, so most IPv4 lookups are one array read.
  // The first IPv4 lookup builds it, not the FIB's construction: a commit that no packet follows
  // (a batch script, the session fuzzer) then does not pay for 65,536 entries. Calling this
  // builds it now; idempotent and thread-safe. add() discards it.
  void build_v4_table() const;
  bool has_v4_table() const { return v4_table_.load(std::memory_order_acquire) != nullptr; }

 private:
  using V6Hash = Addr16Hash;
  struct V4Table {
    std::array<const Route*, 65536> top;     // by the address's top 16 bits
    std::array<std::uint8_t, 65536> deeper;  // 1 when that /16 holds a longer prefix
  };
  // One table per prefix length present, longest first. Only the lengths present: an empty FIB
  // is a few words, and a configuration of 10,000 VPN instances has as many FIBs.
  template <typename Map>
  struct Level {
    int length = 0;
    Map routes;
  };
  using V4Level = Level<std::unordered_map<std::uint32_t, Route>>;
  using V6Level = Level<std::unordered_map<std::array<std::uint8_t, 16>, Route, V6Hash>>;
  std::vector<V4Level> v4_;
  std::vector<V6Level> v6_;
  // Owned; points into v4_ (map nodes, stable when the Fib or a level moves). Null until built.
  mutable std::atomic<const V4Table*> v4_table_{nullptr};
  const V4Table* build_v4_table_locked() const;
  const Route* lookup_v4_slow(std::uint32_t host, int min_len, int max_len) const;
};

// A port as the FIB builder sees it.
struct FibPort {
  std::string name;
  std::uint16_t id = kNoPort;
  std::uint32_t if_index = 0;
  bool up = false;
  std::string vpn;
  const std::vector<model::IfAddress>* addresses = nullptr;
  std::optional<model::Ipv6> link_local;  // model::link_local_address: a local address, no route
};

// One Fib per VPN instance name ("" = public) from the interface addresses of up ports and the
// static routes. A next-hop-only static route resolves its egress through the direct routes of
// its VPN; routes through down or unknown interfaces are inactive; NULL0 is a blackhole. IPv6:
// exactly the routes of model::ipv6_routing_table (what `display ipv6 routing-table` shows),
// its direct /128 routes and the link-local addresses of up ports being local.
std::unordered_map<std::string, Fib> build_fibs(const model::Config& c, const std::vector<FibPort>& ports);

}  // namespace vrsh::dataplane
