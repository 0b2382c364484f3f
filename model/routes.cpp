#include "model/routes.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "model/chassis.hpp"
#include "model/config.hpp"

namespace vrsh::model {

namespace {

std::string route_name(const StaticRoute& r) {
  int len = len_from_mask(r.mask);
  std::string s = len < 0 ? fmt::format("{} {}", format_ipv4(r.prefix), format_ipv4(r.mask))
                          : fmt::format("{}/{}", format_ipv4(r.prefix), len);
  return r.vpn.empty() ? s : fmt::format("{} (vpn-instance {})", s, r.vpn);
}

}  // namespace

bool route_less(const StaticRoute& a, const StaticRoute& b) {
  // "" (public) sorts before any VPN name by plain string order.
  if (a.vpn != b.vpn) return a.vpn < b.vpn;
  if (a.prefix != b.prefix) return a.prefix < b.prefix;
  if (a.mask != b.mask) return a.mask < b.mask;
  if (a.ifname.empty() != b.ifname.empty()) return a.ifname.empty();  // next-hop-only routes first
  if (int k = compare_ifnames(a.ifname, b.ifname); k != 0) return k < 0;
  return a.nexthop < b.nexthop;
}

std::uint64_t RouteKeyHash::operator()(const StaticRoute& r) const {
  // FNV-1a over the key's bytes, then a finalizer (splitmix64) so that close prefixes spread.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto bytes = [&h](const void* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) h = (h ^ static_cast<const unsigned char*>(p)[i]) * 0x100000001b3ULL;
  };
  const auto word = [&bytes](std::uint64_t v) { bytes(&v, sizeof v); };
  bytes(r.vpn.data(), r.vpn.size());
  word(r.vpn.size());
  word((std::uint64_t{r.prefix} << 32) | r.mask);
  bytes(r.ifname.data(), r.ifname.size());
  word(r.ifname.size());
  word(r.nexthop ? (std::uint64_t{1} << 32) | *r.nexthop : 0);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

void upsert_route(Config& c, StaticRoute r) {
  r.prefix &= r.mask;
  c.routes.insert_or_assign(std::move(r));  // same key: the new attributes win
}

bool erase_route(Config& c, const StaticRoute& r) {
  StaticRoute k = r;
  k.prefix &= k.mask;
  return c.routes.erase(k) > 0;
}

std::size_t erase_routes(Config& c, std::string_view vpn, Ipv4 prefix, Ipv4 mask) {
  // The first route of vpn/prefix/mask in canonical order: no interface, no next hop.
  StaticRoute first;
  first.vpn = vpn;
  first.prefix = prefix & mask;
  first.mask = mask;
  std::size_t n = 0;
  for (auto it = c.routes.lower_bound(first);
       it != c.routes.end() && it->vpn == vpn && it->prefix == first.prefix && it->mask == mask; ++n)
    it = c.routes.erase(it);
  return n;
}

std::string route_line(const StaticRoute& r) {
  std::string s = "ip route-static";
  if (!r.vpn.empty()) s += " vpn-instance " + name_token(r.vpn);
  s += fmt::format(" {} {}", format_ipv4(r.prefix), format_ipv4(r.mask));
  if (!r.ifname.empty()) s += " " + r.ifname;
  if (r.nexthop) s += " " + format_ipv4(*r.nexthop);
  if (r.preference != 60) s += fmt::format(" preference {}", r.preference);
  if (r.tag != 0) s += fmt::format(" tag {}", r.tag);
  if (!r.description.empty()) s += " description " + text_token(r.description);
  return s;
}

std::vector<std::string> validate_routes(const Config& c) {
  std::vector<std::string> e;
  for (const auto& r : c.routes) {
    if (!r.vpn.empty() && !c.vpns.contains(r.vpn))
      e.push_back(
          fmt::format("Error: The VPN instance {} of static route {} does not exist.", r.vpn, route_name(r)));
    bool known_if =
        r.ifname.empty() || (if_index(r.ifname) && (is_builtin(r.ifname) || c.find_interface(r.ifname)));
    if (!known_if)
      e.push_back(
          fmt::format("Error: The interface {} of static route {} does not exist.", r.ifname, route_name(r)));
    if (r.ifname.empty() && !r.nexthop)
      e.push_back(fmt::format("Error: Static route {} has neither an outgoing interface nor a next hop.",
                              route_name(r)));
  }
  return e;
}

std::vector<RouteEntry> routing_table(const Config& c, const std::string& vpn) {
  std::vector<RouteEntry> out;
  std::vector<RouteEntry> direct;
  for (const auto& itf : c.interfaces) {
    if (itf.vpn != vpn || !interface_up(c, itf)) continue;
    for (const auto& a : itf.addresses) {
      direct.push_back({a.addr & a.mask, a.mask, "Direct", 0, 0, "D", a.addr, itf.name, 0});
      if (a.mask != 0xffffffffu)
        direct.push_back({a.addr, 0xffffffffu, "Direct", 0, 0, "D", 0x7f000001u, itf.name, 0});
    }
  }
  out = direct;
  for (const auto& r : c.routes) {
    if (r.vpn != vpn) continue;
    RouteEntry e{r.prefix, r.mask, "Static", r.preference, 0, "RD", r.nexthop.value_or(0), r.ifname, r.tag};
    if (r.ifname == "NULL0") {
      e.flags = "DB";
      e.nexthop = 0;
      out.push_back(e);
      continue;
    }
    if (!r.ifname.empty()) {
      const Interface* itf = c.find_interface(r.ifname);
      const Interface dflt = default_interface(r.ifname);
      if (!interface_up(c, itf ? *itf : dflt)) continue;
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

std::vector<bool> active_routes(const std::vector<RouteEntry>& table) {
  std::vector<bool> active(table.size());
  for (std::size_t i = 0; i < table.size();) {
    std::size_t end = i;
    while (end < table.size() && table[end].prefix == table[i].prefix && table[end].mask == table[i].mask)
      ++end;
    // The table is sorted by preference within a destination: the first is preferred.
    for (std::size_t j = i; j < end; ++j) active[j] = table[j].preference == table[i].preference;
    i = end;
  }
  return active;
}

std::vector<RouteEntry> longest_match(const std::vector<RouteEntry>& table, Ipv4 addr) {
  std::optional<Ipv4> best;
  for (const auto& r : table)
    if ((addr & r.mask) == r.prefix && (!best || r.mask > *best)) best = r.mask;
  std::vector<RouteEntry> out;
  if (!best) return out;
  for (const auto& r : table)
    if (r.mask == *best && (addr & r.mask) == r.prefix) out.push_back(r);
  return out;
}

void count_churn(const std::vector<RouteEntry>& before, const std::vector<RouteEntry>& after,
                 std::map<std::string, RouteChurn>& per_proto) {
  auto key = [](const RouteEntry& r) {
    return std::tie(r.prefix, r.mask, r.proto, r.preference, r.nexthop, r.ifname, r.flags);
  };
  auto less = [&](const RouteEntry* a, const RouteEntry* b) { return key(*a) < key(*b); };
  auto sorted = [&](const std::vector<RouteEntry>& t) {
    std::vector<const RouteEntry*> v;
    v.reserve(t.size());
    for (const auto& r : t) v.push_back(&r);
    std::sort(v.begin(), v.end(), less);
    return v;
  };
  const auto b = sorted(before);
  const auto a = sorted(after);
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < b.size() || j < a.size()) {
    if (j == a.size() || (i < b.size() && less(b[i], a[j]))) {
      ++per_proto[b[i++]->proto].deleted;
    } else if (i == b.size() || less(a[j], b[i])) {
      ++per_proto[a[j++]->proto].added;
    } else {
      ++i;
      ++j;
    }
  }
}

}  // namespace vrsh::model
