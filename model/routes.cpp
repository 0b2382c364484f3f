#include "model/routes.hpp"

#include <algorithm>
#include <tuple>

#include "model/chassis.hpp"

namespace vrsh::model {

namespace {

bool is_up(const Config& c, const Interface& itf) {
  if (itf.shutdown) return false;
  if (is_subinterface(itf.name)) {
    const Interface* parent = c.find_interface(main_port(itf.name));
    return parent ? !parent->shutdown : !default_interface(main_port(itf.name)).shutdown;
  }
  return true;
}

}  // namespace

std::vector<RouteEntry> routing_table(const Config& c, const std::string& vpn) {
  std::vector<RouteEntry> out;
  std::vector<RouteEntry> direct;
  for (const auto& itf : c.interfaces) {
    if (itf.vpn != vpn || !is_up(c, itf)) continue;
    for (const auto& a : itf.addresses) {
      direct.push_back({a.addr & a.mask, a.mask, "Direct", 0, 0, "D", a.addr, itf.name});
      if (a.mask != 0xffffffffu)
        direct.push_back({a.addr, 0xffffffffu, "Direct", 0, 0, "D", 0x7f000001u, itf.name});
    }
  }
  out = direct;
  for (const auto& r : c.routes) {
    if (r.vpn != vpn) continue;
    RouteEntry e{r.prefix, r.mask, "Static", r.preference, 0, "RD", r.nexthop.value_or(0), r.ifname};
    if (r.ifname == "NULL0") {
      e.flags = "DB";
      e.nexthop = 0;
      out.push_back(e);
      continue;
    }
    if (!r.ifname.empty()) {
      const Interface* itf = c.find_interface(r.ifname);
      const Interface dflt = default_interface(r.ifname);
      if (!is_up(c, itf ? *itf : dflt)) continue;
      e.flags = r.nexthop ? "RD" : "D";
      if (!r.nexthop) e.nexthop = 0;
      out.push_back(e);
      continue;
    }
    // A next hop alone resolves through the longest matching direct route.
    const RouteEntry* best = nullptr;
    for (const auto& d : direct)
      if ((*r.nexthop & d.mask) == d.prefix && d.mask != 0xffffffffu && (!best || d.mask > best->mask))
        best = &d;
    if (!best) continue;
    e.ifname = best->ifname;
    out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), [](const RouteEntry& a, const RouteEntry& b) {
    return std::tie(a.prefix, a.mask, a.preference) < std::tie(b.prefix, b.mask, b.preference);
  });
  return out;
}

}  // namespace vrsh::model
