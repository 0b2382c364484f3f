#include <doctest/doctest.h>

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
    out.push_back({i.name, id, 10u + id, !i.shutdown, i.vpn, &i.addresses});
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

  // The /16 precomputation gives the same answers as the plain walk, across /16 boundaries.
  Route e;
  e.egress_name = "E";
  f.add(ip("10.1.2.128"), 25, e);
  Route g;
  g.egress_name = "G";
  f.add(ip("10.1.0.0"), 17, g);
  const char* probes[] = {"10.1.2.129", "10.1.2.1", "10.1.200.1", "10.1.0.1",
                          "10.2.0.1",   "11.0.0.1", "10.0.0.0"};
  std::vector<std::string> before;
  for (const char* p : probes) before.push_back(f.lookup(ip(p))->egress_name);
  f.finalize();
  for (std::size_t i = 0; i < before.size(); ++i) CHECK(f.lookup(ip(probes[i]))->egress_name == before[i]);
  CHECK(before[0] == "E");
  CHECK(before[1] == "G");
  CHECK(before[2] == "C");
  CHECK(before[4] == "A");
  CHECK(before[5] == "D");
}

TEST_CASE("fib: built from a configuration, per VPN instance") {
  model::Config c;
  c.vpns["vpna"].name = "vpna";
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/0", "10.1.1.1", 24));
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/1", "10.1.1.1", 24, "vpna"));
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/2", "10.3.3.1", 24));
  c.interfaces.push_back(up_interface("GigabitEthernet0/1/3", "10.4.4.1", 24));
  c.interfaces.back().shutdown = true;
  c.routes.push_back(static_route("172.16.0.0", 16, "", "10.3.3.9"));          // recursive
  c.routes.push_back(static_route("172.17.0.0", 16, "GigabitEthernet0/1/3"));  // interface down
  c.routes.push_back(static_route("172.18.0.0", 16, "NULL0"));
  c.routes.push_back(static_route("172.19.0.0", 16, "", "10.99.0.1"));  // unresolvable
  c.routes.push_back(static_route("0.0.0.0", 0, "GigabitEthernet0/1/1", "10.1.1.7", 60, "vpna"));
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
