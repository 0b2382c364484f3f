#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>

#include "model/chassis.hpp"
#include "model/config.hpp"
#include "model/ip.hpp"

using namespace vrsh::model;

TEST_CASE("parse_ipv4 accepts dotted quads and rejects everything else") {
  CHECK(parse_ipv4("0.0.0.0") == 0u);
  CHECK(parse_ipv4("10.1.2.3") == 0x0a010203u);
  CHECK(parse_ipv4("255.255.255.255") == 0xffffffffu);
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", " 1.2.3.4", "1..3.4",
                          "1.2.3.-4", "a.b.c.d", "1.2.3.4/24", "1234.1.1.1", "1.2.3."})
    CHECK_MESSAGE(!parse_ipv4(bad), bad);
  CHECK(format_ipv4(0xc0a80101u) == "192.168.1.1");
  CHECK(format_ipv4(parse_ipv4("172.16.4.2").value()) == "172.16.4.2");
}

TEST_CASE("mask lengths") {
  CHECK(len_from_mask(0) == 0);
  CHECK(len_from_mask(0xffffffffu) == 32);
  CHECK(len_from_mask(0xffffff00u) == 24);
  CHECK(len_from_mask(0xfffffffcu) == 30);
  CHECK(len_from_mask(0xff00ff00u) == -1);
  CHECK(len_from_mask(0x00ffffffu) == -1);
  for (int l = 0; l <= 32; ++l) CHECK(len_from_mask(mask_from_len(l)) == l);
}

TEST_CASE("IPv6 parse and format round-trip") {
  auto a = parse_ipv6("2001:db8::1");
  REQUIRE(a);
  CHECK(a->b[0] == 0x20);
  CHECK(a->b[15] == 1);
  CHECK(format_ipv6(*a) == "2001:DB8::1");
  CHECK(format_ipv6(parse_ipv6("::").value()) == "::");
  CHECK(!parse_ipv6(""));
  CHECK(!parse_ipv6("2001:db8::1::2"));
  CHECK(!parse_ipv6("10.1.1.1"));
  CHECK(!parse_ipv6("2001:db8::g"));
}

TEST_CASE("chassis ports and ifIndex") {
  auto ports = physical_ports();
  REQUIRE(ports.size() == 16);
  CHECK(ports.front() == "GigabitEthernet0/1/0");
  CHECK(ports[8] == "GigabitEthernet0/2/0");
  CHECK(ports.back() == "GigabitEthernet0/2/7");
  CHECK(if_index("GigabitEthernet0/1/0") == 10u);
  CHECK(if_index("GigabitEthernet0/1/7") == 17u);
  CHECK(if_index("GigabitEthernet0/2/3") == 23u);
  CHECK(if_index("NULL0") == 2u);
  CHECK(if_index("LoopBack0") == 1000u);
  CHECK(if_index("LoopBack1") == 1001u);
  CHECK(if_index("GigabitEthernet0/1/0.1") == 100000u + 10u * 10000u + 1u);
  CHECK(if_index("GigabitEthernet0/2/7.4096") == 100000u + 27u * 10000u + 4096u);
  for (const char* bad :
       {"GigabitEthernet0/1/8", "GigabitEthernet0/3/0", "GigabitEthernet1/1/0", "GigabitEthernet0/1/01",
        "GigabitEthernet0/1", "gigabitethernet0/1/0", "GigabitEthernet0/1/0.0", "GigabitEthernet0/1/0.4097",
        "GigabitEthernet0/1/0.1.1", "LoopBack", "LoopBack01", "LoopBack2048", "NULL1", "Tunnel1", ""})
    CHECK_MESSAGE(!if_index(bad), bad);
  CHECK(is_physical("GigabitEthernet0/2/0"));
  CHECK(!is_physical("GigabitEthernet0/2/0.5"));
  CHECK(!is_physical("LoopBack1"));
  CHECK(is_subinterface("GigabitEthernet0/2/0.5"));
  CHECK(is_loopback("LoopBack7"));
  CHECK(is_builtin("NULL0"));
  CHECK(main_port("GigabitEthernet0/1/3.100") == "GigabitEthernet0/1/3");
  CHECK(main_port("GigabitEthernet0/1/3") == "GigabitEthernet0/1/3");
}

TEST_CASE("natural interface order") {
  std::vector<std::string> names = {"NULL0",
                                    "LoopBack10",
                                    "GigabitEthernet0/2/0",
                                    "LoopBack2",
                                    "GigabitEthernet0/1/0.10",
                                    "GigabitEthernet0/1/1",
                                    "GigabitEthernet0/1/0.2",
                                    "GigabitEthernet0/1/0"};
  std::sort(names.begin(), names.end(),
            [](const auto& a, const auto& b) { return compare_ifnames(a, b) < 0; });
  CHECK(names == std::vector<std::string>{"GigabitEthernet0/1/0", "GigabitEthernet0/1/0.2",
                                          "GigabitEthernet0/1/0.10", "GigabitEthernet0/1/1",
                                          "GigabitEthernet0/2/0", "LoopBack2", "LoopBack10", "NULL0"});
  CHECK(compare_ifnames("LoopBack1", "LoopBack1") == 0);
}

TEST_CASE("default interfaces and ensure/prune") {
  CHECK(default_interface("GigabitEthernet0/1/0").shutdown);
  CHECK(!default_interface("LoopBack1").shutdown);
  CHECK(!default_interface("GigabitEthernet0/1/0.1").shutdown);

  Config c;
  ensure_interface(c, "LoopBack1");
  ensure_interface(c, "GigabitEthernet0/2/1").shutdown = false;
  ensure_interface(c, "GigabitEthernet0/1/0.3");
  ensure_interface(c, "GigabitEthernet0/1/5");  // entered and left unchanged
  Interface& again = ensure_interface(c, "LoopBack1");
  again.description = "loop";
  REQUIRE(c.interfaces.size() == 4);
  CHECK(c.interfaces[0].name == "GigabitEthernet0/1/0.3");
  CHECK(c.interfaces[1].name == "GigabitEthernet0/1/5");
  CHECK(c.interfaces[2].name == "GigabitEthernet0/2/1");
  CHECK(c.interfaces[3].name == "LoopBack1");
  CHECK(c.find_interface("LoopBack1")->description == "loop");
  CHECK(c.find_interface("LoopBack2") == nullptr);

  prune_defaults(c);
  REQUIRE(c.interfaces.size() == 3);  // only the unchanged physical port goes
  CHECK(c.find_interface("GigabitEthernet0/1/5") == nullptr);
  CHECK(c.find_interface("GigabitEthernet0/1/0.3") != nullptr);  // configured object, kept
  CHECK(Config{} == [] {
    Config d;
    ensure_interface(d, "GigabitEthernet0/1/0");
    prune_defaults(d);
    return d;
  }());
}

TEST_CASE("routes keep canonical order and identity") {
  Config c;
  auto route = [](std::string vpn, const char* p, int len, std::string ifname, const char* nh) {
    StaticRoute r;
    r.vpn = std::move(vpn);
    r.prefix = parse_ipv4(p).value();
    r.mask = mask_from_len(len);
    r.ifname = std::move(ifname);
    if (nh) r.nexthop = parse_ipv4(nh).value();
    return r;
  };
  upsert_route(c, route("vpnb", "0.0.0.0", 0, "NULL0", nullptr));
  upsert_route(c, route("", "10.2.0.0", 16, "", "192.168.1.2"));
  upsert_route(c, route("vpna", "10.0.0.0", 8, "", "192.168.1.2"));
  upsert_route(c, route("", "10.1.1.7", 24, "", "192.168.1.2"));  // host bits dropped
  upsert_route(c, route("", "10.1.1.0", 24, "GigabitEthernet0/1/0", "192.168.1.2"));
  REQUIRE(c.routes.size() == 5);
  auto at = [&](std::size_t n) { return *std::next(c.routes.begin(), static_cast<std::ptrdiff_t>(n)); };
  CHECK(at(0).prefix == parse_ipv4("10.1.1.0"));
  CHECK(at(0).ifname.empty());
  CHECK(at(1).ifname == "GigabitEthernet0/1/0");
  CHECK(at(2).prefix == parse_ipv4("10.2.0.0"));
  CHECK(at(3).vpn == "vpna");
  CHECK(at(4).vpn == "vpnb");

  auto pref = route("", "10.2.0.0", 16, "", "192.168.1.2");
  pref.preference = 100;
  upsert_route(c, pref);  // same key: replaced, not added
  CHECK(c.routes.size() == 5);
  CHECK(at(2).preference == 100);

  CHECK(erase_route(c, route("", "10.2.0.0", 16, "", "192.168.1.2")));
  CHECK(!erase_route(c, route("", "10.2.0.0", 16, "", "192.168.1.2")));
  CHECK(c.routes.size() == 4);
  CHECK(erase_routes(c, "", parse_ipv4("10.1.1.0").value(), mask_from_len(24)) == 2);
  CHECK(c.routes.size() == 2);
}

TEST_CASE("format_ipv4 spells every octet value as the dotted-decimal format does") {
  for (Ipv4 o = 0; o < 256; ++o) {
    for (const Ipv4 a : {o << 24 | o, o << 16 | 0x0a000001u, o << 8 | 0xff000000u, o * 0x01010101u}) {
      const std::string want = std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." +
                               std::to_string(a >> 8 & 255) + "." + std::to_string(a & 255);
      CHECK(format_ipv4(a) == want);
      CHECK(parse_ipv4(want) == a);
    }
  }
}

TEST_CASE("ipv6: vendor text, prefixes and the EUI-64 link-local address") {
  using namespace vrsh::model;
  const auto a = parse_ipv6("2001:db8:0:0::1");
  REQUIRE(a);
  CHECK(format_ipv6(*a) == "2001:DB8::1");
  CHECK(format_ipv6(*parse_ipv6("::ffff:127.0.0.1")) == "::FFFF:127.0.0.1");
  const auto p = parse_ipv6_prefix("2001:db8::1/64", 1, 128);
  REQUIRE(p);
  CHECK(p->second == 64);
  CHECK(!parse_ipv6_prefix("2001:db8::1/0", 1, 128));
  CHECK(!parse_ipv6_prefix("2001:db8::1/129", 1, 128));
  CHECK(!parse_ipv6_prefix("2001:db8::1/064", 1, 128));
  CHECK(!parse_ipv6_prefix("2001:db8::1", 1, 128));
  CHECK(format_ipv6(ipv6_network(*parse_ipv6("2001:db8:1:ffff::1"), 52)) == "2001:DB8:1:F000::");
  CHECK(ipv6_in_prefix(*parse_ipv6("2001:db8:1::9"), *parse_ipv6("2001:db8:1::"), 64));
  CHECK(!ipv6_in_prefix(*parse_ipv6("2001:db8:2::9"), *parse_ipv6("2001:db8:1::"), 64));
  CHECK(is_ipv6_link_local(*parse_ipv6("febf::1")));
  CHECK(!is_ipv6_link_local(*parse_ipv6("fec0::1")));
  // The vendor's own example (vrp-cli-addendum.md §6.6): MAC 0025-9e01-020a.
  CHECK(format_ipv6(link_local_from_mac(*parse_mac("0025-9e01-020a"))) == "FE80::225:9EFF:FE01:20A");
  CHECK(format_mac(interface_mac(*if_index("GigabitEthernet0/1/0"))) == "00e0-fc00-000a");
}
