#pragma once
// IPv6 static routes (`ipv6 route-static`), their canonical order and editing helpers, and the IPv6
// routing table a configuration produces (direct routes from interface addresses and static
// routes), as `display ipv6 routing-table` shows it and as the dataplane's FIB holds it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/ip.hpp"

namespace vrsh::model {

struct Config;

struct StaticRoute6 {
  std::string vpn;  // "" = public
  Ipv6 prefix;
  int len = 0;
  std::string ifname;  // "" = none; "NULL0" = blackhole
  std::optional<Ipv6> nexthop;
  int preference = 60;
  std::uint32_t tag = 0;
  std::string description;
  // Identity of a route (what `undo ipv6 route-static` names).
  auto key() const { return std::tie(vpn, prefix, len, ifname, nexthop); }
  bool operator==(const StaticRoute6&) const = default;
};

// The order of model::route_less: public first, then VPN name, prefix, length, routes without an
// outgoing interface first (interfaces in natural order), then next hop.
bool route6_less(const StaticRoute6& a, const StaticRoute6& b);
struct Route6Less {
  bool operator()(const StaticRoute6& a, const StaticRoute6& b) const { return route6_less(a, b); }
};
using Route6Set = std::set<StaticRoute6, Route6Less>;

// ---- Editing helpers for command handlers ----
// Inserts or replaces (same key()) a route; the prefix is normalized to its first `len` bits.
void upsert_route6(Config& c, StaticRoute6 r);
bool erase_route6(Config& c, const StaticRoute6& r);
// Removes every route of `vpn` to prefix/len; returns how many.
std::size_t erase_routes6(Config& c, std::string_view vpn, const Ipv6& prefix, int len);

// ---- Rendering: one `ipv6 route-static ...` line ----
std::string route6_line(const StaticRoute6& r);

// ---- Commit-time checks: complete "Error: ..." texts, empty when valid ----
std::vector<std::string> validate_routes6(const Config& c);

// ---- The routing table ----
struct Route6Entry {
  Ipv6 prefix;
  int len = 0;
  std::string proto;  // "Direct", "Static"
  int preference = 0;
  std::uint32_t cost = 0;
  std::string flags;  // "D", "RD", "DB"
  Ipv6 nexthop;       // ::1 for the host route of an interface address
  std::string ifname;
  std::uint32_t tag = 0;
  // A direct /128: one of the router's own addresses (packets to it are for the router).
  bool local() const { return proto == "Direct" && len == 128; }
};

// Routes of `vpn` ("" = public) sorted by prefix, length, preference: for each up interface with
// IPv6 enabled, per global address the network route (next hop the address) and the /128 host
// route (next hop ::1); static routes whose outgoing interface is up or whose next hop resolves
// through a direct network route (the longest). Link-local addresses are not routes here.
std::vector<Route6Entry> ipv6_routing_table(const Config& c, const std::string& vpn);

}  // namespace vrsh::model
