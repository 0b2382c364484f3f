#include "model/routes6.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "model/chassis.hpp"
#include "model/config.hpp"

namespace vrsh::model {

namespace {

std::string route6_name(const StaticRoute6& r) {
  std::string s = fmt::format("{}/{}", format_ipv6(r.prefix), r.len);
  return r.vpn.empty() ? s : fmt::format("{} (vpn-instance {})", s, r.vpn);
}

StaticRoute6 normalized(StaticRoute6 r) {
  r.prefix = ipv6_network(r.prefix, r.len);
  return r;
}

}  // namespace

bool route6_less(const StaticRoute6& a, const StaticRoute6& b) {
  if (a.vpn != b.vpn) return a.vpn < b.vpn;
  if (a.prefix != b.prefix) return a.prefix < b.prefix;
  if (a.len != b.len) return a.len < b.len;
  if (a.ifname.empty() != b.ifname.empty()) return a.ifname.empty();
  if (int k = compare_ifnames(a.ifname, b.ifname); k != 0) return k < 0;
  return a.nexthop < b.nexthop;
}

void upsert_route6(Config& c, StaticRoute6 r) {
  r = normalized(std::move(r));
  auto pos = c.routes6.find(r);
  if (pos != c.routes6.end()) pos = c.routes6.erase(pos);
  c.routes6.insert(pos, std::move(r));
}

bool erase_route6(Config& c, const StaticRoute6& r) {
  return c.routes6.erase(normalized(r)) > 0;
}

std::size_t erase_routes6(Config& c, std::string_view vpn, const Ipv6& prefix, int len) {
  StaticRoute6 first;
  first.vpn = vpn;
  first.prefix = ipv6_network(prefix, len);
  first.len = len;
  std::size_t n = 0;
  for (auto it = c.routes6.lower_bound(first);
       it != c.routes6.end() && it->vpn == vpn && it->prefix == first.prefix && it->len == len; ++n)
    it = c.routes6.erase(it);
  return n;
}

std::string route6_line(const StaticRoute6& r) {
  std::string s = "ipv6 route-static";
  if (!r.vpn.empty()) s += " vpn-instance " + name_token(r.vpn);
  s += fmt::format(" {} {}", format_ipv6(r.prefix), r.len);
  if (!r.ifname.empty()) s += " " + r.ifname;
  if (r.nexthop) s += " " + format_ipv6(*r.nexthop);
  if (r.preference != 60) s += fmt::format(" preference {}", r.preference);
  if (r.tag != 0) s += fmt::format(" tag {}", r.tag);
  if (!r.description.empty()) s += " description " + text_token(r.description);
  return s;
}

std::vector<std::string> validate_routes6(const Config& c) {
  std::vector<std::string> e;
  for (const auto& r : c.routes6) {
    if (!r.vpn.empty() && !c.vpns.contains(r.vpn))
      e.push_back(fmt::format("Error: The VPN instance {} of static route {} does not exist.", r.vpn,
                              route6_name(r)));
    const bool known_if =
        r.ifname.empty() || (if_index(r.ifname) && (is_builtin(r.ifname) || c.find_interface(r.ifname)));
    if (!known_if)
      e.push_back(fmt::format("Error: The interface {} of static route {} does not exist.", r.ifname,
                              route6_name(r)));
  }
  return e;
}

std::vector<Route6Entry> ipv6_routing_table(const Config& c, const std::string& vpn) {
  std::vector<Route6Entry> direct;
  Ipv6 loopback;
  loopback.b[15] = 1;
  for (const auto& itf : c.interfaces) {
    if (itf.vpn != vpn || !itf.ipv6_enable || !interface_up(c, itf)) continue;
    for (const auto& a : itf.ipv6_addresses) {
      direct.push_back({ipv6_network(a.addr, a.len), a.len, "Direct", 0, 0, "D", a.addr, itf.name, 0});
      if (a.len != 128) direct.push_back({a.addr, 128, "Direct", 0, 0, "D", loopback, itf.name, 0});
    }
  }
  std::vector<Route6Entry> out = direct;
  for (const auto& r : c.routes6) {
    if (r.vpn != vpn) continue;
    Route6Entry e{r.prefix, r.len, "Static", r.preference, 0, "RD", r.nexthop.value_or(Ipv6{}),
                  r.ifname, r.tag};
    if (r.ifname == "NULL0") {
      e.flags = "DB";
      e.nexthop = Ipv6{};
    } else if (!r.ifname.empty()) {
      const Interface* itf = c.find_interface(r.ifname);
      if (!interface_up(c, itf ? *itf : default_interface(r.ifname))) continue;
      if (!r.nexthop) e.flags = "D";
    } else {
      const Route6Entry* best = nullptr;
      for (const auto& d : direct)
        if (d.len != 128 && ipv6_in_prefix(*r.nexthop, d.prefix, d.len) && (!best || d.len > best->len))
          best = &d;
      if (!best) continue;
      e.ifname = best->ifname;
    }
    out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), [](const Route6Entry& a, const Route6Entry& b) {
    return std::tie(a.prefix, a.len, a.preference) < std::tie(b.prefix, b.len, b.preference);
  });
  return out;
}

}  // namespace vrsh::model
