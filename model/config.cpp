#include "model/config.hpp"

#include <algorithm>

#include "model/chassis.hpp"

namespace vrsh::model {

Interface* Config::find_interface(std::string_view name) {
  for (auto& i : interfaces)
    if (i.name == name) return &i;
  return nullptr;
}

const Interface* Config::find_interface(std::string_view name) const {
  for (const auto& i : interfaces)
    if (i.name == name) return &i;
  return nullptr;
}

Interface& ensure_interface(Config& c, std::string_view name) {
  if (Interface* i = c.find_interface(name)) return *i;
  auto pos = std::find_if(c.interfaces.begin(), c.interfaces.end(),
                          [&](const Interface& i) { return compare_ifnames(name, i.name) < 0; });
  return *c.interfaces.insert(pos, default_interface(name));
}

void prune_defaults(Config& c) {
  std::erase_if(c.interfaces,
                [](const Interface& i) { return is_builtin(i.name) && i == default_interface(i.name); });
}

bool route_less(const StaticRoute& a, const StaticRoute& b) {
  // "" (public) sorts before any VPN name by plain string order.
  if (a.vpn != b.vpn) return a.vpn < b.vpn;
  if (a.prefix != b.prefix) return a.prefix < b.prefix;
  if (a.mask != b.mask) return a.mask < b.mask;
  if (a.ifname.empty() != b.ifname.empty()) return a.ifname.empty();  // next-hop-only routes first
  if (int k = compare_ifnames(a.ifname, b.ifname); k != 0) return k < 0;
  return a.nexthop < b.nexthop;
}

void upsert_route(Config& c, StaticRoute r) {
  r.prefix &= r.mask;
  auto same = std::find_if(c.routes.begin(), c.routes.end(),
                           [&](const StaticRoute& x) { return x.key() == r.key(); });
  if (same != c.routes.end()) {
    *same = std::move(r);
    return;
  }
  auto pos = std::upper_bound(c.routes.begin(), c.routes.end(), r, route_less);
  c.routes.insert(pos, std::move(r));
}

bool erase_route(Config& c, const StaticRoute& r) {
  StaticRoute k = r;
  k.prefix &= k.mask;
  return std::erase_if(c.routes, [&](const StaticRoute& x) { return x.key() == k.key(); }) > 0;
}

std::size_t erase_routes(Config& c, std::string_view vpn, Ipv4 prefix, Ipv4 mask) {
  prefix &= mask;
  return std::erase_if(
      c.routes, [&](const StaticRoute& x) { return x.vpn == vpn && x.prefix == prefix && x.mask == mask; });
}

}  // namespace vrsh::model
