#include <doctest/doctest.h>

#include "esqm_harness.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;
using esqm::FlowType;
using esqm::Protocol;

namespace tf = tcp_flags;

TEST_CASE("esqm tcp: SYN, SYN retransmission with the same ISN, data retransmissions, pure ACKs") {
  Harness h;
  PcapFile f;
  const std::string a = "10.1.1.10", b = "10.9.9.9";
  f.add(kT0, tcp_frame(a, b, 1000, 80, 100, tf::kSyn));
  f.add(kT0 + 1 * kSec, tcp_frame(a, b, 1000, 80, 100, tf::kSyn));       // same ISN: retrans
  f.add(kT0 + 2 * kSec, tcp_frame(a, b, 1000, 80, 101, tf::kAck));       // pure ACK
  f.add(kT0 + 2 * kSec, tcp_frame(a, b, 1000, 80, 101, tf::kAck, 100));  // 101..201
  f.add(kT0 + 3 * kSec, tcp_frame(a, b, 1000, 80, 101, tf::kAck, 100));  // again: retrans
  f.add(kT0 + 3 * kSec, tcp_frame(a, b, 1000, 80, 201, tf::kAck, 50));   // 201..251
  f.add(kT0 + 4 * kSec, tcp_frame(a, b, 1000, 80, 151, tf::kAck, 50));   // inside: retrans
  f.add(kT0 + 4 * kSec, tcp_frame(a, b, 1000, 80, 221, tf::kAck, 60));   // extends to 281: new
  f.add(kT0 + 5 * kSec, tcp_frame(a, b, 1000, 80, 281, tf::kAck));       // pure ACK
  const auto sum = h.run(f);
  CHECK(sum.error.empty());
  CHECK(sum.forwarded == 9);
  const auto recs = h.eng.esqm_records(Protocol::Tcp);
  REQUIRE(recs.size() == 1);
  const auto& r = recs[0];
  CHECK(r.flow_type == FlowType::TcpSyn);
  CHECK(r.packet_num == 9);
  CHECK(r.retrans_num == 3);
  CHECK(r.retrans_radio() == 3 * 10000000ULL / 9);
  CHECK(r.created_ns == kT0);
  CHECK(r.src.str() == a);
  CHECK(r.dst.str() == b);
  CHECK(r.src_port == 1000);
  CHECK(r.protocol == 6);
  CHECK(r.port_if_index == 10);
  CHECK(r.route_if_index == 20);
  CHECK(r.next_hop.str() == "10.2.2.2");
  CHECK(r.vpn_name == "_public_");
  CHECK(r.direction == model::Direction::Inbound);
  CHECK(h.eng.esqm_stats().created[0] == 1);
}

TEST_CASE("esqm tcp: no flow unless `esqm protocol tcp enable`; later packets never create") {
  auto c = two_port_config();
  c->esqm.tcp_enable = false;
  Harness h(c);
  PcapFile f;
  f.add(kT0, tcp_frame("10.1.1.10", "10.9.9.9", 1, 2, 5, tf::kSyn));
  f.add(kT0, tcp_frame("10.1.1.10", "10.9.9.8", 1, 2, 5, tf::kAck, 10));
  h.run(f);
  CHECK(h.eng.esqm_records().empty());
  const auto st = h.eng.esqm_stats();
  CHECK(st.sampled_packets == 2);
  CHECK(st.unmatched_packets == 2);

  Harness on;
  PcapFile g;
  g.add(kT0, tcp_frame("10.1.1.10", "10.9.9.8", 1, 2, 5, tf::kAck, 10));  // mid-connection data
  on.run(g);
  CHECK(on.eng.esqm_records().empty());
}

TEST_CASE("esqm tcp: SYN-ACK seen before its SYN creates both directions' flows") {
  auto c = two_port_config();
  c->interfaces[1].esqm_inbound = true;  // both ports sample inbound
  c->routes.insert(static_route("10.1.0.0", 16, "", "10.1.1.2"));
  Harness h(c);
  PcapFile f;
  f.add(kT0, tcp_frame("10.9.9.9", "10.1.1.10", 80, 1000, 5000, tf::kSyn | tf::kAck));
  f.add(kT0 + 1, tcp_frame("10.1.1.10", "10.9.9.9", 1000, 80, 100, tf::kSyn));
  h.run(f);
  const auto recs = h.eng.esqm_records();
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].flow_type == FlowType::TcpSynAck);
  CHECK(recs[0].src.str() == "10.9.9.9");
  CHECK(recs[0].next_hop.str() == "10.1.1.10");  // direct route: the destination itself
  CHECK(recs[0].route_if_index == 10);
  CHECK(recs[1].flow_type == FlowType::TcpSyn);
  CHECK(recs[1].packet_num == 1);
  CHECK(recs[1].retrans_num == 0);
}

TEST_CASE("esqm: inbound and outbound sampling on different ports are separate flows") {
  auto c = two_port_config();
  c->interfaces[1].esqm_outbound = true;
  Harness h(c);
  PcapFile f;
  f.add(kT0, tcp_frame("10.1.1.10", "10.9.9.9", 1000, 80, 1, tf::kSyn));
  f.add(kT0 + kSec, tcp_frame("10.1.1.10", "10.9.9.9", 1000, 80, 2, tf::kAck, 10));
  h.run(f);
  const auto recs = h.eng.esqm_records();
  REQUIRE(recs.size() == 2);
  const auto& in = recs[0].direction == model::Direction::Inbound ? recs[0] : recs[1];
  const auto& out = recs[0].direction == model::Direction::Inbound ? recs[1] : recs[0];
  CHECK(in.port_if_index == 10);
  CHECK(in.route_if_index == 20);
  CHECK(out.direction == model::Direction::Outbound);
  CHECK(out.port_if_index == 20);
  CHECK(out.route_if_index == 10);
  CHECK(out.next_hop.str() == "10.2.2.2");
  CHECK(out.packet_num == 2);
  CHECK(in.packet_num == 2);
}

TEST_CASE("esqm: filters, VPN-bound sampling, sub-interfaces and the table limit") {
  SUBCASE("filters: only packets with an address inside a filter are sampled") {
    auto c = two_port_config();
    c->esqm.filters.insert({*model::parse_ipv4("10.9.9.0"), 24});
    Harness h(c);
    PcapFile f;
    f.add(kT0, tcp_frame("10.1.1.10", "10.9.9.9", 1, 2, 5, tf::kSyn));
    f.add(kT0, tcp_frame("10.1.1.10", "10.8.8.8", 1, 2, 5, tf::kSyn));
    f.add(kT0, tcp_frame("10.9.9.1", "10.8.8.8", 1, 2, 5, tf::kSyn));
    h.run(f);
    CHECK(h.eng.esqm_records().size() == 2);
    CHECK(h.eng.esqm_stats().filtered_out == 1);
  }
  SUBCASE("service-stream per VPN instance, or for interfaces bound to none") {
    auto c = two_port_config();
    c->interfaces[0].esqm_inbound = false;
    c->vpns["vpna"].name = "vpna";
    c->interfaces.push_back(up_interface("GigabitEthernet0/1/3", "10.3.3.1", 24, "vpna"));
    c->routes.insert(static_route("0.0.0.0", 0, "GigabitEthernet0/1/3", "10.3.3.3", 60, "vpna"));
    c->esqm.streams.insert({model::Direction::Inbound, "vpna"});
    Harness h(c);
    PcapFile f;
    f.add(kT0, tcp_frame("10.3.3.10", "10.9.9.9", 1, 2, 5, tf::kSyn));
    h.run(f);  // unbound port: not sampled
    CHECK(h.eng.esqm_records().empty());
    h.run(f, "GigabitEthernet0/1/3");
    auto recs = h.eng.esqm_records();
    REQUIRE(recs.size() == 1);
    CHECK(recs[0].vpn_name == "vpna");
    CHECK(recs[0].route_if_index == 13);
    CHECK(recs[0].next_hop.str() == "10.3.3.3");

    c->esqm.streams.clear();
    c->esqm.streams.insert({model::Direction::Inbound, ""});
    h.eng.apply(c);
    h.eng.esqm_reset();
    h.run(f, "GigabitEthernet0/1/3");
    CHECK(h.eng.esqm_records().empty());
    h.run(f);
    CHECK(h.eng.esqm_records().size() == 1);
  }
  SUBCASE("sub-interface: port-if-index is the main physical port") {
    auto c = two_port_config();
    c->interfaces[0].esqm_inbound = false;
    auto sub = up_interface("GigabitEthernet0/1/0.5", "10.5.5.1", 24);
    sub.esqm_inbound = true;
    c->interfaces.push_back(sub);
    Harness h(c);
    PcapFile f;
    f.add(kT0, tcp_frame("10.5.5.10", "10.9.9.9", 1, 2, 5, tf::kSyn));
    h.run(f, "GigabitEthernet0/1/0.5");
    const auto recs = h.eng.esqm_records();
    REQUIRE(recs.size() == 1);
    CHECK(recs[0].port_if_index == 10);
  }
  SUBCASE("table limit: creations beyond it are counted, not stored") {
    auto c = two_port_config();
    c->esqm.flow_table_limit = 3;
    Harness h(c);
    PcapFile f;
    for (std::uint16_t p = 1; p <= 5; ++p) f.add(kT0, tcp_frame("10.1.1.10", "10.9.9.9", p, 80, 1, tf::kSyn));
    h.run(f);
    const auto st = h.eng.esqm_stats();
    CHECK(st.entries_total() == 3);
    CHECK(st.insert_failures == 2);
    CHECK(st.limit == 3);
  }
  SUBCASE("MPLS top label recorded; no ESQM without the esqm view") {
    Harness h;
    PcapFile f;
    L2Opts o;
    o.labels = {1234, 5};
    f.add(kT0, ethernet(ipv4("10.1.1.10", "10.9.9.9", 6, tcp(1, 2, 3, 0, tf::kSyn)), o));
    h.run(f);
    REQUIRE(h.eng.esqm_records().size() == 1);
    CHECK(h.eng.esqm_records()[0].label == 1234);
    auto c = two_port_config();
    c->esqm.enabled = false;
    Harness off(c);
    off.run(f);
    CHECK(off.eng.esqm_records().empty());
  }
}
