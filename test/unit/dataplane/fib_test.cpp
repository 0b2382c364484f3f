#include <doctest/doctest.h>

#include <iterator>
#include <string>
#include <vector>

#include "dataplane/fib.hpp"
#include "test/support/dp_fixtures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

IpAddr ip(const std::string& s) {
  IpAddr a;
  REQUIRE(parse_ip(s, a));
  return a;
}

std::vector<FibPort> ports_of(const model::Config& c) {
  std::vector<FibPort> out;
  std::uint16_t id = 0;
  for (const auto& i : c.interfaces) {
    out.push_back({i.name, id, 10u + id, !i.shutdown, i.vpn, &i.addresses, model::link_local_address(i)});
    ++id;
  }
  return out;
}

}  // namespace

TEST_CASE("fib: longest prefix match and preference") {
  Fib f;
  Route a;
  a.egress_name = "A";
  Route b;
  b.egress_name = "B";
  b.preference = 60;
  Route c = b;
  c.egress_name = "C";
  c.preference = 10;
  f.add(ip("10.0.0.0"), 8, a);
  f.add(ip("10.1.0.0"), 16, b);
  f.add(ip("10.1.0.0"), 16, c);  // lower preference replaces
  CHECK(f.lookup(ip("10.1.2.3"))->egress_name == "C");
  CHECK(f.lookup(ip("10.2.2.3"))->egress_name == "A");
  CHECK(f.lookup(ip("11.0.0.1")) == nullptr);
  Route d;
  d.egress_name = "D";
  f.add(ip("0.0.0.0"), 0, d);
  CHECK(f.lookup(ip("11.0.0.1"))->egress_name == "D");
  Route v6;
  v6.egress_name = "V6";
  f.add(ip("2001:db8::"), 32, v6);
  CHECK(f.lookup(ip("2001:db8:1::1"))->egress_name == "V6");
  CHECK(f.lookup(ip("2001:db9::1")) == nullptr);

  // Across /16 boundaries and with prefixes longer than 16 inside a /16.
  Route e;
  e.egress_name = "E";
  f.add(ip("10.1.2.128"), 25, e);
  Route g;
  g.egress_name = "G";
  f.add(ip("10.1.0.0"), 17, g);
  CHECK(f.lookup(ip("10.1.2.129"))->egress_name == "E");
  CHECK(f.lookup(ip("10.1.2.1"))->egress_name == "G");
  CHECK(f.lookup(ip("10.1.200.1"))->egress_name == "C");
  CHECK(f.lookup(ip("10.1.0.1"))->egress_name == "G");
  CHECK(f.lookup(ip("10.2.0.1"))->egress_name == "A");
  CHECK(f.lookup(ip("11.0.0.1"))->egress_name == "D");
  CHECK(f.lookup(ip("10.0.0.0"))->egress_name == "A");
}

namespace {

// The routes of a FIB as added, and the longest-prefix match by a walk over all of them.
struct Added {
  std::uint32_t net;
  int len;
  Route r;
};

std::uint32_t mask_of(int len) {
  return len == 0 ? 0 : ~std::uint32_t{0} << (32 - len);
}

const Added* reference_lookup(const std::vector<Added>& all, std::uint32_t host) {
  const Added* best = nullptr;
  for (const Added& a : all) {
    if ((host & mask_of(a.len)) != (a.net & mask_of(a.len))) continue;
    if (best == nullptr || a.len > best->len || (a.len == best->len && a.r.preference < best->r.preference))
      best = &a;
  }
  return best;
}

std::string name_of(const Route* r) {
  return r == nullptr ? "-" : r->egress_name;
}
std::string name_of(const Added* a) {
  return a == nullptr ? "-" : a->r.egress_name;
}

// Prefixes of every length class the /16 table treats differently: the default route, shorter
// than, equal to and longer than 16, nested, with preference ties; probes at their edges.
std::vector<Added> sample_routes() {
  std::vector<Added> all;
  std::uint64_t x = 0x9e3779b97f4a7c15ULL;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<std::uint32_t>(x >> 16);
  };
  const int lengths[] = {0, 1, 7, 8, 12, 15, 16, 17, 20, 24, 25, 31, 32};
  for (int i = 0; i < 400; ++i) {
    Added a;
    a.len = lengths[static_cast<std::size_t>(i) % std::size(lengths)];
    // Half of the prefixes fall inside 10.0.0.0/8 so they nest and overlap.
    const std::uint32_t base = (i % 2 == 0) ? (0x0a000000u | (next() & 0x00ffffffu)) : next();
    a.net = base & mask_of(a.len);
    a.r.egress_name = "R" + std::to_string(i);
    a.r.preference = static_cast<int>(next() % 3) * 10;
    all.push_back(a);
  }
  return all;
}

std::vector<std::uint32_t> probes_for(const std::vector<Added>& all) {
  std::vector<std::uint32_t> probes = {0, 0xffffffffu, 0x0a000000u, 0x0affffffu};
  for (const Added& a : all) {
    const std::uint32_t last = a.net | ~mask_of(a.len);
    for (std::uint32_t p : {a.net, a.net + 1, a.net - 1, last, last + 1, last - 1, a.net ^ 0x00008000u})
      probes.push_back(p);
  }
  return probes;
}

}  // namespace

TEST_CASE("fib: the /16 table answers as a walk of every prefix, built eagerly or by the first lookup") {
  const std::vector<Added> all = sample_routes();
  Fib lazy;
  Fib eager;
  for (const Added& a : all) {
    lazy.add(IpAddr::from_v4_host(a.net), a.len, a.r);
    eager.add(IpAddr::from_v4_host(a.net), a.len, a.r);
  }
  eager.build_v4_table();
  CHECK(eager.has_v4_table());
  CHECK_FALSE(lazy.has_v4_table());
  std::size_t deeper_hits = 0;
  for (std::uint32_t host : probes_for(all)) {
    const std::string want = name_of(reference_lookup(all, host));
    CHECK(name_of(lazy.lookup_v4(host)) == want);
    CHECK(name_of(eager.lookup_v4(host)) == want);
    CHECK(name_of(lazy.lookup(IpAddr::from_v4_host(host))) == want);
    const Added* best = reference_lookup(all, host);
    if (best != nullptr && best->len > 16) ++deeper_hits;
  }
  CHECK(deeper_hits > 100);  // the probes exercise both halves of the table
  CHECK(lazy.has_v4_table());
}

TEST_CASE("fib: the first IPv4 lookup builds the /16 table; add() discards it; a move keeps it") {
  Fib f;
  Route a;
  a.egress_name = "A";
  f.add(ip("10.0.0.0"), 8, a);
  CHECK_FALSE(f.has_v4_table());  // building the FIB does not build it
  CHECK(f.lookup(ip("10.9.9.9"))->egress_name == "A");
  CHECK(f.has_v4_table());  // the lookup did
  CHECK(f.lookup(ip("2001:db8::1")) == nullptr);

  Route b;
  b.egress_name = "B";
  f.add(ip("10.9.0.0"), 16, b);
  CHECK_FALSE(f.has_v4_table());
  CHECK(f.lookup(ip("10.9.9.9"))->egress_name == "B");  // a stale table would still say A
  CHECK(f.has_v4_table());

  Fib moved(std::move(f));
  CHECK(moved.has_v4_table());
  CHECK(moved.lookup(ip("10.9.9.9"))->egress_name == "B");
  CHECK(moved.lookup(ip("10.8.9.9"))->egress_name == "A");
  Fib assigned;
  assigned = std::move(moved);
  CHECK(assigned.lookup(ip("10.9.9.9"))->egress_name == "B");
}

TEST_CASE("fib: built from a configuration, per VPN instance") {
  model::Config c;
  c.vpns["vpna"].name = "vpna";
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/0", "10.1.1.1", 24));
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/1", "10.1.1.1", 24, "vpna"));
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/2", "10.3.3.1", 24));
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/3", "10.4.4.1", 24));
  c.interfaces.back().shutdown = true;
  c.routes.insert(static_route("172.16.0.0", 16, "", "10.3.3.9"));          // recursive
  c.routes.insert(static_route("172.17.0.0", 16, "GigabitEthernet0/1/3"));  // interface down
  c.routes.insert(static_route("172.18.0.0", 16, "NULL0"));
  c.routes.insert(static_route("172.19.0.0", 16, "", "10.99.0.1"));  // unresolvable
  c.routes.insert(static_route("0.0.0.0", 0, "GigabitEthernet0/1/1", "10.1.1.7", 60, "vpna"));
  const auto fibs = build_fibs(c, ports_of(c));
  const Fib& pub = fibs.at("");
  const Fib& vpna = fibs.at("vpna");

  const Route* direct = pub.lookup(ip("10.1.1.200"));
  REQUIRE(direct != nullptr);
  CHECK(direct->egress_name == "GigabitEthernet0/1/0");
  CHECK(direct->next_hop_is_dst);
  CHECK(pub.lookup(ip("10.1.1.1"))->kind == Route::Kind::Local);

  const Route* rec = pub.lookup(ip("172.16.5.5"));
  REQUIRE(rec != nullptr);
  CHECK(rec->egress_name == "GigabitEthernet0/1/2");
  CHECK_FALSE(rec->next_hop_is_dst);
  CHECK(rec->next_hop.str() == "10.3.3.9");

  CHECK(pub.lookup(ip("172.17.0.1")) == nullptr);
  CHECK(pub.lookup(ip("10.4.4.4")) == nullptr);  // the shut port has no direct route
  CHECK(pub.lookup(ip("172.18.1.1"))->kind == Route::Kind::Blackhole);
  CHECK(pub.lookup(ip("172.19.1.1")) == nullptr);

  // The VPN's default route does not leak into the public table, and vice versa.
  CHECK(pub.lookup(ip("8.8.8.8")) == nullptr);
  const Route* vd = vpna.lookup(ip("8.8.8.8"));
  REQUIRE(vd != nullptr);
  CHECK(vd->egress_name == "GigabitEthernet0/1/1");
  CHECK(vd->next_hop.str() == "10.1.1.7");
  CHECK(vpna.lookup(ip("10.3.3.3"))->egress_name == "GigabitEthernet0/1/1");  // via its default
  CHECK(vpna.lookup(ip("10.1.1.9"))->egress_name == "GigabitEthernet0/1/1");
}

TEST_CASE("fib: build_fibs leaves the /16 tables to the first lookup") {
  model::Config c;
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/0", "10.1.1.1", 24));
  c.routes.insert(static_route("0.0.0.0", 0, "", "10.1.1.9"));
  const auto fibs = build_fibs(c, ports_of(c));
  const Fib& pub = fibs.at("");
  CHECK_FALSE(pub.has_v4_table());
  CHECK(pub.lookup_v4(0x08080808u)->next_hop.str() == "10.1.1.9");
  CHECK(pub.has_v4_table());
}
