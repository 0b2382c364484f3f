#pragma once
// Static routes (`ip route-static`), their canonical order and editing helpers, and the IPv4
// routing table a configuration produces (direct and static routes), as the
// `display ip routing-table` command shows it. The dataplane builds its own FIB for forwarding.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/ip.hpp"
#include "model/persistent_set.hpp"

namespace vrsh::model {

struct Config;

struct StaticRoute {
  std::string vpn;  // "" = public
  Ipv4 prefix = 0;
  Ipv4 mask = 0;
  std::string ifname;  // "" = none; "NULL0" = blackhole
  std::optional<Ipv4> nexthop;
  int preference = 60;
  std::uint32_t tag = 0;
  std::string description;
  // Identity of a route (what `undo ip route-static` names).
  auto key() const { return std::tie(vpn, prefix, mask, ifname, nexthop); }
  bool operator==(const StaticRoute&) const = default;
};

// ---- Editing helpers for command handlers (model/routes.cpp) ----
// Canonical route order: public first, then by VPN name, prefix, mask, then routes without an
// outgoing interface before those with one (interfaces in natural order), then next hop.
bool route_less(const StaticRoute& a, const StaticRoute& b);
struct RouteLess {
  bool operator()(const StaticRoute& a, const StaticRoute& b) const { return route_less(a, b); }
};
// A hash of key(), which gives a route its place in the RouteSet's shape.
struct RouteKeyHash {
  std::uint64_t operator()(const StaticRoute& r) const;
};
// route_less orders by exactly the fields of key(), so a set holds one route per key, in canonical
// order, and a route in any order is inserted in O(log n): a shuffled 1M-route load stays linear.
// Copies share their routes (model/persistent_set.hpp): a configuration with a million routes is
// copied for each commit point, the candidate and the dataplane at the cost of one counter.
using RouteSet = PersistentSet<StaticRoute, RouteLess, RouteKeyHash>;

// Inserts or replaces (same key()) a route; the prefix is normalized (prefix & mask).
void upsert_route(Config& c, StaticRoute r);
// Removes the route with the same key() (prefix normalized); false when there was none.
bool erase_route(Config& c, const StaticRoute& r);
// Removes every route of `vpn` to prefix/mask; returns how many.
std::size_t erase_routes(Config& c, std::string_view vpn, Ipv4 prefix, Ipv4 mask);

// ---- Rendering: one `ip route-static ...` line ----
std::string route_line(const StaticRoute& r);

// ---- Commit-time checks (model/validate.hpp): complete "Error: ..." texts, empty when valid ----
std::vector<std::string> validate_routes(const Config& c);

// ---- The routing table ----
struct RouteEntry {
  Ipv4 prefix = 0;
  Ipv4 mask = 0;
  std::string proto;  // "Direct", "Static"
  int preference = 0;
  std::uint32_t cost = 0;
  std::string flags;  // "D", "RD", "DB"
  Ipv4 nexthop = 0;
  std::string ifname;
  std::uint32_t tag = 0;
};

// Active routes of `vpn` ("" = public) sorted by prefix then mask: for each up interface with an
// address, the network route and the /32 host route (next hop 127.0.0.1, as the vendor shows);
// static routes whose outgoing interface is up or whose next hop resolves through a direct route.
std::vector<RouteEntry> routing_table(const Config& c, const std::string& vpn);

// Per route of a routing_table(): whether it is active, the preferred route of its destination
// (the lowest preference; routes of equal preference share the load).
std::vector<bool> active_routes(const std::vector<RouteEntry>& table);
// The routes of a routing_table() for the most specific destination that holds `addr` (empty
// when none does).
std::vector<RouteEntry> longest_match(const std::vector<RouteEntry>& table, Ipv4 addr);

// What changed between two routing tables of one VPN, per protocol ("Direct", "Static").
struct RouteChurn {
  std::uint64_t added = 0;
  std::uint64_t deleted = 0;
};
void count_churn(const std::vector<RouteEntry>& before, const std::vector<RouteEntry>& after,
                 std::map<std::string, RouteChurn>& per_proto);

}  // namespace vrsh::model
