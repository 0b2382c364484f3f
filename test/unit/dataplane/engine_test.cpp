#include <doctest/doctest.h>

#include "dataplane/bytes.hpp"
#include "dataplane/pcap_file.hpp"
#include "dataplane/snapshot.hpp"
#include "esqm_harness.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

std::uint16_t ip_checksum(const std::uint8_t* p) {
  std::uint32_t s = 0;
  for (int i = 0; i < 20; i += 2) s += (std::uint32_t{p[i]} << 8) | p[i + 1];
  while ((s >> 16) != 0) s = (s & 0xffffu) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

}  // namespace

TEST_CASE("engine: forwards to the egress sink with TTL decremented and checksum updated") {
  auto c = two_port_config();
  c->routes.insert(static_route("192.0.2.0", 24, "NULL0"));
  Harness h(c);
  const std::string out = h.dir + "/out.pcap";
  h.eng.add_sink("GigabitEthernet0/2/0", out);
  PcapFile f;
  L2Opts tagged;
  tagged.vlans = {{0x8100, 7}};
  f.add(kT0, ethernet(ipv4("10.1.1.10", "10.9.9.9", 17, udp(1, 2, Bytes(10, 1)), {64, 1, 0}), tagged));
  f.add(kT0 + 1, ethernet(ipv4("10.1.1.10", "10.9.9.9", 17, udp(1, 2, {}), {1, 2, 0})));  // TTL 1
  f.add(kT0 + 2, ethernet(ipv4("10.1.1.10", "10.1.1.1", 17, udp(1, 2, {}))));             // local
  f.add(kT0 + 3, ethernet(ipv4("10.1.1.10", "192.0.2.1", 17, udp(1, 2, {}))));            // NULL0
  f.add(kT0 + 4, ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}))));        // no IPv6 route
  f.add(kT0 + 5, ethernet_raw(0x0806, Bytes(28, 0)));                                     // ARP
  f.add(kT0 + 6, Bytes{1, 2, 3});                                                         // runt
  const auto sum = h.run(f);
  CHECK(sum.packets == 7);
  CHECK(sum.forwarded == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::TtlExceeded)] == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::Local)] == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::Blackhole)] == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::NoRoute)] == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::NonIp)] == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::DecodeError)] == 1);
  CHECK(h.eng.anomalies()[static_cast<std::size_t>(Anomaly::TruncatedEthernet)] == 1);
  CHECK(h.eng.anomalies()[static_cast<std::size_t>(Anomaly::NonIp)] == 1);
  const auto in = h.eng.port_counters("GigabitEthernet0/1/0");
  REQUIRE(in.has_value());
  CHECK(in->rx_packets == 7);
  CHECK(in->dropped() == 6);
  const auto eg = h.eng.port_counters("GigabitEthernet0/2/0");
  REQUIRE(eg.has_value());
  CHECK(eg->tx_packets == 1);
  CHECK(eg->tx_bytes == 14 + 20 + 8 + 10);

  // Sinks are flushed at the end of a replay: the file is complete now.
  std::string err;
  auto src = open_pcap_file(out, err);
  REQUIRE(src);
  RawPacket p;
  REQUIRE(src->next(p) == SourceStatus::Packet);
  CHECK(p.linktype == kLinkEthernet);
  CHECK(p.ts_ns == kT0);
  CHECK(p.caplen == 14 + 20 + 8 + 10);
  const Mac mac = port_mac(20);
  CHECK(std::equal(mac.begin(), mac.end(), p.bytes + 6));
  CHECK(be16(p.bytes + 12) == 0x0800);  // VLAN tag gone
  CHECK(p.bytes[14 + 8] == 63);
  CHECK(ip_checksum(p.bytes + 14) == 0);
  CHECK(p.bytes[2] == 10);  // destination MAC derived from the next hop 10.2.2.2
  CHECK(p.bytes[5] == 2);
  CHECK(src->next(p) == SourceStatus::End);
}

TEST_CASE("engine: summary line") {
  ReplaySummary s;
  s.ifname = "GigabitEthernet0/1/0";
  s.packets = 102;
  s.bytes = 15732;
  s.forwarded = 100;
  s.dropped[static_cast<std::size_t>(DropReason::NoRoute)] = 2;
  s.seconds = 0.0123;
  CHECK(s.summary_line() ==
        "Info: Replayed 102 packets (15732 bytes) on GigabitEthernet0/1/0 in 0.01 s: forwarded 100, dropped "
        "2 (no-route 2).");
  s.dropped[static_cast<std::size_t>(DropReason::TtlExceeded)] = 1;
  s.dropped[static_cast<std::size_t>(DropReason::PortDown)] = 3;
  CHECK(s.summary_line().find("dropped 6 (port-down 3, no-route 2, ttl-exceeded 1).") != std::string::npos);
  ReplaySummary none;
  none.ifname = "X";
  CHECK(none.summary_line() == "Info: Replayed 0 packets (0 bytes) on X in 0.00 s: forwarded 0, dropped 0.");
}

TEST_CASE("engine: shut or unknown ports drop everything as port-down") {
  auto c = two_port_config();
  c->interfaces[0].shutdown = true;
  Harness h(c);
  PcapFile f;
  f.add(kT0, tcp_frame("10.1.1.10", "10.9.9.9", 1, 2, 5, tcp_flags::kSyn));
  auto s = h.run(f);
  CHECK(s.dropped[static_cast<std::size_t>(DropReason::PortDown)] == 1);
  CHECK(h.eng.esqm_records().empty());
  s = h.run(f, "GigabitEthernet0/1/5");  // exists, default shutdown
  CHECK(s.dropped[static_cast<std::size_t>(DropReason::PortDown)] == 1);
  s = h.run(f, "Ethernet9");
  CHECK(s.dropped[static_cast<std::size_t>(DropReason::PortDown)] == 1);
  // A sub-interface of a shut port is down too.
  auto sub = up_interface("GigabitEthernet0/1/0.1", "10.7.7.1", 24);
  c->interfaces.push_back(sub);
  h.eng.apply(c);
  s = h.run(f, "GigabitEthernet0/1/0.1");
  CHECK(s.dropped[static_cast<std::size_t>(DropReason::PortDown)] == 1);
}

TEST_CASE("engine: unreadable, truncated and corrupt files") {
  Harness h;
  auto s = h.eng.replay("GigabitEthernet0/1/0", h.dir + "/missing.pcap", false);
  CHECK(s.packets == 0);
  CHECK(s.error.find("missing.pcap") != std::string::npos);
  write_file(h.dir + "/garbage.pcap", Bytes(100, 0x5a));
  s = h.eng.replay("GigabitEthernet0/1/0", h.dir + "/garbage.pcap", false);
  CHECK_FALSE(s.error.empty());
  CHECK(s.packets == 0);

  PcapFile f;
  for (int i = 0; i < 5; ++i)
    f.add(kT0 + static_cast<std::uint64_t>(i), tcp_frame("10.1.1.10", "10.9.9.9", 1, 2, 5, 0x10));
  Bytes b = f.bytes();
  b.resize(b.size() - 10);  // the last record is cut short
  write_file(h.dir + "/cut.pcap", b);
  std::uint64_t last_done = 0, total = 0;
  s = h.eng.replay("GigabitEthernet0/1/0", h.dir + "/cut.pcap", false, [&](std::uint64_t d, std::uint64_t t) {
    last_done = d;
    total = t;
  });
  CHECK(s.packets == 4);
  CHECK(s.forwarded == 4);
  CHECK(s.error.find("truncated") != std::string::npos);
  CHECK(total == b.size());
  CHECK(last_done == total);
  CHECK(h.eng.source_errors() == 3);
}

TEST_CASE("engine: nanosecond timestamps survive, microsecond files are scaled") {
  Harness h;
  PcapFile us(1, false);
  us.add(kT0, gtp_frame("10.1.1.10", "10.9.9.9", 1, 5));
  h.run(us);
  REQUIRE(h.eng.esqm_records().size() == 1);
  CHECK(h.eng.esqm_records()[0].heartbeat_ns == kT0);  // kT0 is a whole number of microseconds
  CHECK(h.eng.now_ns() == kT0);
  h.eng.esqm_reset();
  PcapFile ns;
  ns.add(kT0 + 123, gtp_frame("10.1.1.10", "10.9.9.9", 1, 5));
  h.run(ns);
  CHECK(h.eng.esqm_records()[0].heartbeat_ns == kT0 + 123);
}

TEST_CASE("engine: IPv6 direct, static and local routes, hop limit") {
  auto c = two_port_config();
  auto v6 = [](const char* s) { return *model::parse_ipv6(s); };
  c->interfaces[0].ipv6_enable = true;
  c->interfaces[0].ipv6_addresses.push_back({v6("2001:db8:1::1"), 64});
  c->interfaces[1].ipv6_enable = true;
  c->interfaces[1].ipv6_addresses.push_back({v6("2001:db8:2::1"), 64});
  model::StaticRoute6 r;
  r.prefix = v6("2001:db8:99::");
  r.len = 48;
  r.nexthop = v6("2001:db8:2::2");
  c->routes6.insert(r);
  model::StaticRoute6 hole;
  hole.prefix = v6("2001:db8:66::");
  hole.len = 48;
  hole.ifname = "NULL0";
  c->routes6.insert(hole);
  const auto link_local = model::link_local_address(c->interfaces[0]);
  REQUIRE(link_local.has_value());
  Harness h(c);
  const std::string out = h.dir + "/out6.pcap";
  h.eng.add_sink("GigabitEthernet0/2/0", out);
  PcapFile f;
  const Bytes u = udp(1, 2, {});
  f.add(kT0, ethernet(ipv6("2001:db8:1::10", "2001:db8:99::5", 17, u, 64)));                // static
  f.add(kT0 + 1, ethernet(ipv6("2001:db8:1::10", "2001:db8:2::7", 17, u, 2)));              // direct
  f.add(kT0 + 2, ethernet(ipv6("2001:db8:1::10", "2001:db8:2::7", 17, u, 1)));              // hop limit 1
  f.add(kT0 + 3, ethernet(ipv6("2001:db8:1::10", "2001:db8:2::1", 17, u, 64)));             // an own address
  f.add(kT0 + 4, ethernet(ipv6("fe80::10", model::format_ipv6(*link_local), 17, u, 255)));  // link-local
  f.add(kT0 + 5, ethernet(ipv6("2001:db8:1::10", "2001:db8:66::1", 17, u, 64)));            // NULL0
  f.add(kT0 + 6, ethernet(ipv6("2001:db8:1::10", "2001:db8:77::1", 17, u, 64)));            // no route
  const auto sum = h.run(f);
  CHECK(sum.forwarded == 2);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::TtlExceeded)] == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::Local)] == 2);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::Blackhole)] == 1);
  CHECK(sum.dropped[static_cast<std::size_t>(DropReason::NoRoute)] == 1);
  std::string err;
  auto src = open_pcap_file(out, err);
  REQUIRE(src);
  RawPacket p;
  REQUIRE(src->next(p) == SourceStatus::Packet);
  CHECK(be16(p.bytes + 12) == 0x86dd);
  CHECK(p.bytes[14 + 7] == 63);
  CHECK(p.bytes[5] == 2);  // destination MAC from the static route's next hop 2001:db8:2::2
  REQUIRE(src->next(p) == SourceStatus::Packet);
  CHECK(p.bytes[14 + 7] == 1);
  CHECK(p.bytes[5] == 7);  // a direct route: from the destination itself
  CHECK(src->next(p) == SourceStatus::End);
}
