#pragma once
// Forwarding table of one VPN instance: IPv4 and IPv6 longest-prefix match. Built from a
// configuration snapshot by build_fibs(); lookups are read-only and allocation-free.
#include <array>
#include <cstdint>
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
  // Adds a route; among equal prefixes the lower preference wins (the first one on a tie).
  void add(const IpAddr& prefix, int length, const Route& r);
  // nullptr when nothing matches.
  const Route* lookup(const IpAddr& dst) const;
  const Route* lookup_v4(std::uint32_t host) const;
  std::size_t size() const;
  // Precomputes the best route of length <= 16 for every /16 so most IPv4 lookups are one
  // array read. Call after the last add(); add() discards it.
  void finalize();

 private:
  struct V6Hash {
    std::size_t operator()(const std::array<std::uint8_t, 16>& a) const;
  };
  std::array<std::unordered_map<std::uint32_t, Route>, 33> v4_;
  std::vector<int> v4_lengths_;  // lengths present, longest first
  std::array<std::unordered_map<std::array<std::uint8_t, 16>, Route, V6Hash>, 129> v6_;
  std::vector<int> v6_lengths_;
  std::vector<const Route*> top_;     // 65536 entries when finalized
  std::vector<std::uint8_t> deeper_;  // 1 when the /16 holds a longer prefix
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
};

// One Fib per VPN instance name ("" = public) from the interface addresses of up ports and the
// static routes. A next-hop-only static route resolves its egress through the direct routes of
// its VPN; routes through down or unknown interfaces are inactive; NULL0 is a blackhole.
std::unordered_map<std::string, Fib> build_fibs(const model::Config& c, const std::vector<FibPort>& ports);

}  // namespace vrsh::dataplane
