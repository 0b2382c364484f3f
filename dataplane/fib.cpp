#include "dataplane/fib.hpp"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

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

void note_length(std::vector<int>& lengths, int len) {
  if (std::find(lengths.begin(), lengths.end(), len) != lengths.end()) return;
  lengths.push_back(len);
  std::sort(lengths.rbegin(), lengths.rend());
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
      v4_lengths_(std::move(o.v4_lengths_)),
      v6_(std::move(o.v6_)),
      v6_lengths_(std::move(o.v6_lengths_)),
      v4_table_(o.v4_table_.exchange(nullptr, std::memory_order_relaxed)) {}

Fib& Fib::operator=(Fib&& o) noexcept {
  if (this == &o) return *this;
  v4_ = std::move(o.v4_);
  v4_lengths_ = std::move(o.v4_lengths_);
  v6_ = std::move(o.v6_);
  v6_lengths_ = std::move(o.v6_lengths_);
  delete v4_table_.exchange(o.v4_table_.exchange(nullptr, std::memory_order_relaxed),
                            std::memory_order_relaxed);
  return *this;
}

void Fib::add(const IpAddr& prefix, int length, const Route& r) {
  delete v4_table_.exchange(nullptr, std::memory_order_relaxed);
  const IpAddr m = mask_addr(prefix, length);
  if (!prefix.v6) {
    length = std::clamp(length, 0, 32);
    put(v4_[static_cast<std::size_t>(length)], m.v4_host(), r);
    note_length(v4_lengths_, length);
  } else {
    length = std::clamp(length, 0, 128);
    put(v6_[static_cast<std::size_t>(length)], m.b, r);
    note_length(v6_lengths_, length);
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
  for (auto len = v4_lengths_.rbegin(); len != v4_lengths_.rend(); ++len) {
    for (const auto& [key, r] : v4_[static_cast<std::size_t>(*len)]) {
      if (*len <= 16) {
        std::fill_n(t->top.begin() + (key >> 16), std::size_t{1} << (16 - *len), &r);
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
  for (int len : v4_lengths_) {
    if (len > max_len) continue;
    if (len < min_len) break;  // lengths are sorted longest first
    const auto& m = v4_[static_cast<std::size_t>(len)];
    const std::uint32_t key = len == 0 ? 0 : host & ~((len == 32 ? 0u : (0xffffffffu >> len)));
    auto it = m.find(key);
    if (it != m.end()) return &it->second;
  }
  return nullptr;
}

const Route* Fib::lookup(const IpAddr& dst) const {
  if (!dst.v6) return lookup_v4(dst.v4_host());
  for (int len : v6_lengths_) {
    const auto& m = v6_[static_cast<std::size_t>(len)];
    auto it = m.find(mask_addr(dst, len).b);
    if (it != m.end()) return &it->second;
  }
  return nullptr;
}

std::size_t Fib::size() const {
  std::size_t n = 0;
  for (const auto& m : v4_) n += m.size();
  for (const auto& m : v6_) n += m.size();
  return n;
}

std::unordered_map<std::string, Fib> build_fibs(const model::Config& c, const std::vector<FibPort>& ports) {
  std::unordered_map<std::string, Fib> fibs;
  fibs[""];
  for (const auto& [name, vpn] : c.vpns) fibs[name];
  // Direct routes: the network of every address of an up port, plus the address itself (local).
  struct Direct {
    std::string vpn;
    std::uint32_t net, mask;
    const FibPort* port;
  };
  std::vector<Direct> direct;
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
      direct.push_back({p.vpn, a.addr & a.mask, a.mask, &p});
    }
  }
  auto find_port = [&](const std::string& name) -> const FibPort* {
    for (const FibPort& p : ports) {
      if (p.name == name) return &p;
    }
    return nullptr;
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
      const Direct* best = nullptr;
      for (const Direct& d : direct) {
        if (d.vpn == s.vpn && (*s.nexthop & d.mask) == d.net && (best == nullptr || d.mask > best->mask))
          best = &d;
      }
      if (best == nullptr) continue;
      r.egress = best->port->id;
      r.egress_name = best->port->name;
      r.egress_if_index = best->port->if_index;
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
