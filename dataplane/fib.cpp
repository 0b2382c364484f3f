#include "dataplane/fib.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>

namespace vrsh::dataplane {
namespace {

IpAddr mask_addr(const IpAddr& a, int len) {
  IpAddr m = a;
  const int bytes = a.v6 ? 16 : 4;
  for (int i = 0; i < bytes; ++i) {
    const int keep = std::clamp(len - i * 8, 0, 8);
    m.b[static_cast<std::size_t>(i)] &= static_cast<std::uint8_t>(0xff00u >> keep);
  }
  for (int i = bytes; i < 16; ++i) m.b[static_cast<std::size_t>(i)] = 0;
  return m;
}

// The level of `len` in a list kept longest first, added when missing.
template <typename Levels>
auto& level(Levels& levels, int len) {
  auto at = std::find_if(levels.begin(), levels.end(), [&](const auto& l) { return l.length <= len; });
  if (at == levels.end() || at->length != len) at = levels.insert(at, {len, {}});
  return at->routes;
}

template <typename Map, typename K>
void put(Map& m, const K& key, const Route& r) {
  auto [it, added] = m.try_emplace(key, r);
  if (!added && r.preference < it->second.preference) it->second = r;
}

IpAddr v6_addr(const model::Ipv6& a) {
  return IpAddr::from_bytes(a.b.data(), true);
}

void add_ipv6_routes(const model::Config& c, const std::vector<FibPort>& ports,
                     std::unordered_map<std::string, Fib>& fibs) {
  std::unordered_map<std::string_view, const FibPort*> by_name;
  for (const FibPort& p : ports) by_name.emplace(p.name, &p);
  auto via = [](const FibPort& p) {
    Route r;
    r.egress = p.id;
    r.egress_name = p.name;
    r.egress_if_index = p.if_index;
    return r;
  };
  for (auto& [vpn, fib] : fibs) {
    for (const model::Route6Entry& e : model::ipv6_routing_table(c, vpn)) {
      Route r;
      r.preference = e.preference;
      if (e.flags.find('B') != std::string::npos) {
        r.kind = Route::Kind::Blackhole;
      } else {
        auto it = by_name.find(e.ifname);
        if (it == by_name.end() || !it->second->up) continue;
        r = via(*it->second);
        r.preference = e.preference;
        if (e.local()) r.kind = Route::Kind::Local;
        if (e.proto == "Static" && e.nexthop != model::Ipv6{}) {
          r.next_hop_is_dst = false;
          r.next_hop = v6_addr(e.nexthop);
        }
      }
      fib.add(v6_addr(e.prefix), e.len, r);
    }
  }
  for (const FibPort& p : ports) {
    if (!p.up || !p.link_local) continue;
    Route r = via(p);
    r.kind = Route::Kind::Local;
    fibs[p.vpn].add(v6_addr(*p.link_local), 128, r);
  }
}

}  // namespace

Fib::~Fib() {
  delete v4_table_.load(std::memory_order_relaxed);
}

Fib::Fib(Fib&& o) noexcept
    : v4_(std::move(o.v4_)),
      v6_(std::move(o.v6_)),
      v4_table_(o.v4_table_.exchange(nullptr, std::memory_order_relaxed)) {}

Fib& Fib::operator=(Fib&& o) noexcept {
  if (this == &o) return *this;
  v4_ = std::move(o.v4_);
  v6_ = std::move(o.v6_);
  delete v4_table_.exchange(o.v4_table_.exchange(nullptr, std::memory_order_relaxed),
                            std::memory_order_relaxed);
  return *this;
}

void Fib::add(const IpAddr& prefix, int length, const Route& r) {
  delete v4_table_.exchange(nullptr, std::memory_order_relaxed);
  const IpAddr m = mask_addr(prefix, length);
  if (!prefix.v6) {
    put(level(v4_, std::clamp(length, 0, 32)), m.v4_host(), r);
  } else {
    put(level(v6_, std::clamp(length, 0, 128)), m.b, r);
  }
}

void Fib::build_v4_table() const {
  if (!has_v4_table()) (void)build_v4_table_locked();
}

const Fib::V4Table* Fib::build_v4_table_locked() const {
  // Rare (once per FIB that sees IPv4 traffic): one lock for every FIB is enough.
  static std::mutex build_mutex;
  std::lock_guard<std::mutex> lock(build_mutex);
  if (const V4Table* t = v4_table_.load(std::memory_order_acquire)) return t;
  auto t = std::make_unique<V4Table>();  // value-initialised: no route, nothing deeper
  // A prefix of length <= 16 covers 2^(16 - length) consecutive /16s. Painting the lengths
  // shortest first leaves the longest match in each, as a walk of lengths 16..0 would find it.
  for (auto l = v4_.rbegin(); l != v4_.rend(); ++l) {
    const int len = l->length;
    for (const auto& [key, r] : l->routes) {
      if (len <= 16) {
        std::fill_n(t->top.begin() + (key >> 16), std::size_t{1} << (16 - len), &r);
      } else {
        t->deeper[key >> 16] = 1;
      }
    }
  }
  v4_table_.store(t.get(), std::memory_order_release);
  return t.release();
}

const Route* Fib::lookup_v4(std::uint32_t host) const {
  const V4Table* t = v4_table_.load(std::memory_order_acquire);
  if (t == nullptr) t = build_v4_table_locked();
  const std::uint32_t b = host >> 16;
  if (t->deeper[b] != 0) {
    if (const Route* r = lookup_v4_slow(host, 17, 32)) return r;
  }
  return t->top[b];
}

const Route* Fib::lookup_v4_slow(std::uint32_t host, int min_len, int max_len) const {
  for (const V4Level& l : v4_) {
    const int len = l.length;
    if (len > max_len) continue;
    if (len < min_len) break;  // lengths are sorted longest first
    const auto& m = l.routes;
    const std::uint32_t key = len == 0 ? 0 : host & ~((len == 32 ? 0u : (0xffffffffu >> len)));
    auto it = m.find(key);
    if (it != m.end()) return &it->second;
  }
  return nullptr;
}

const Route* Fib::lookup(const IpAddr& dst) const {
  if (!dst.v6) return lookup_v4(dst.v4_host());
  for (const V6Level& l : v6_) {
    const auto& m = l.routes;
    auto it = m.find(mask_addr(dst, l.length).b);
    if (it != m.end()) return &it->second;
  }
  return nullptr;
}

std::size_t Fib::size() const {
  std::size_t n = 0;
  for (const auto& l : v4_) n += l.routes.size();
  for (const auto& l : v6_) n += l.routes.size();
  return n;
}

std::unordered_map<std::string, Fib> build_fibs(const model::Config& c, const std::vector<FibPort>& ports) {
  std::unordered_map<std::string, Fib> fibs;
  fibs[""];
  for (const auto& [name, vpn] : c.vpns) fibs[name];
  // Direct routes: the network of every address of an up port, plus the address itself (local).
  // For resolving next hops: per VPN and mask length, the first port on each network, so that a
  // route's longest match is a probe per length present rather than a walk of every address.
  struct DirectLength {
    std::uint32_t mask = 0;
    std::unordered_map<std::uint32_t, const FibPort*> nets;
  };
  std::unordered_map<std::string_view, std::vector<DirectLength>> direct;  // longest mask first
  for (const FibPort& p : ports) {
    if (!p.up || p.addresses == nullptr) continue;
    for (const model::IfAddress& a : *p.addresses) {
      Route r;
      r.egress = p.id;
      r.egress_name = p.name;
      r.egress_if_index = p.if_index;
      const int len = model::len_from_mask(a.mask) < 0 ? 32 : model::len_from_mask(a.mask);
      Route local = r;
      local.kind = Route::Kind::Local;
      fibs[p.vpn].add(IpAddr::from_v4_host(a.addr), 32, local);  // first: wins over a /32 network
      fibs[p.vpn].add(IpAddr::from_v4_host(a.addr), len, r);
      std::vector<DirectLength>& lengths = direct[p.vpn];
      auto at = std::find_if(lengths.begin(), lengths.end(),
                             [&](const DirectLength& d) { return d.mask <= a.mask; });
      if (at == lengths.end() || at->mask != a.mask) at = lengths.insert(at, DirectLength{a.mask, {}});
      at->nets.try_emplace(a.addr & a.mask, &p);
    }
  }
  std::unordered_map<std::string_view, const FibPort*> by_name;
  for (const FibPort& p : ports) by_name.try_emplace(p.name, &p);
  auto find_port = [&](const std::string& name) -> const FibPort* {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  };
  for (const model::StaticRoute& s : c.routes) {
    Route r;
    r.preference = s.preference;
    const int len = model::len_from_mask(s.mask) < 0 ? 32 : model::len_from_mask(s.mask);
    if (s.ifname == "NULL0") {
      r.kind = Route::Kind::Blackhole;
    } else if (!s.ifname.empty()) {
      const FibPort* p = find_port(s.ifname);
      if (p == nullptr || !p->up) continue;
      r.egress = p->id;
      r.egress_name = p->name;
      r.egress_if_index = p->if_index;
    } else if (s.nexthop) {
      // Recursive resolution through the longest matching direct route of the same VPN.
      const FibPort* best = nullptr;
      if (auto v = direct.find(s.vpn); v != direct.end()) {
        for (const DirectLength& d : v->second) {
          if (auto n = d.nets.find(*s.nexthop & d.mask); n != d.nets.end()) {
            best = n->second;
            break;
          }
        }
      }
      if (best == nullptr) continue;
      r.egress = best->id;
      r.egress_name = best->name;
      r.egress_if_index = best->if_index;
    } else {
      continue;
    }
    if (s.nexthop && r.kind == Route::Kind::Forward) {
      r.next_hop_is_dst = false;
      r.next_hop = IpAddr::from_v4_host(*s.nexthop);
    }
    fibs[s.vpn].add(IpAddr::from_v4_host(s.prefix), len, r);
  }
  add_ipv6_routes(c, ports, fibs);
  return fibs;
}

}  // namespace vrsh::dataplane
