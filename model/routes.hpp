#pragma once
// The IPv4 routing table a configuration produces (direct and static routes), as the
// `display ip routing-table` command shows it. The dataplane builds its own FIB for forwarding.
#include <cstdint>
#include <string>
#include <vector>

#include "model/config.hpp"

namespace vrsh::model {

struct RouteEntry {
  Ipv4 prefix = 0;
  Ipv4 mask = 0;
  std::string proto;  // "Direct", "Static"
  int preference = 0;
  std::uint32_t cost = 0;
  std::string flags;  // "D", "RD", "DB"
  Ipv4 nexthop = 0;
  std::string ifname;
};

// Active routes of `vpn` ("" = public) sorted by prefix then mask: for each up interface with an
// address, the network route and the /32 host route (next hop 127.0.0.1, as the vendor shows);
// static routes whose outgoing interface is up or whose next hop resolves through a direct route.
std::vector<RouteEntry> routing_table(const Config& c, const std::string& vpn);

}  // namespace vrsh::model
