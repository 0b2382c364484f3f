// Replays the public captures in place (never copied into the repo) and checks the facts their
// README verified, cross-checked against tshark where it is installed.
#include <doctest/doctest.h>

#include <string>

#include "dataplane/engine.hpp"
#include "test/support/public_captures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;
using esqm::FlowType;
using esqm::Protocol;

TEST_CASE("captures: zeek_option-sack - one SYN flow, 4 packets, 3 retransmissions") {
  if (!present("zeek_option-sack.pcap")) return;
  Replay r("zeek_option-sack.pcap");
  CHECK(r.sum.error.empty());
  CHECK(r.sum.packets == 4);
  const auto recs = r.eng.esqm_records();
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].flow_type == FlowType::TcpSyn);
  CHECK(recs[0].packet_num == 4);
  CHECK(recs[0].retrans_num == 3);
  CHECK(recs[0].retrans_radio() == 7500000);
  tshark_check("zeek_option-sack.pcap", "-Y tcp.analysis.retransmission -T fields -e frame.number", 3);
}

TEST_CASE("captures: zeek_syn-synack and zeek_handshake-reorder - one SYN and one SYN ACK flow") {
  for (const char* f : {"zeek_syn-synack.pcap", "zeek_handshake-reorder.pcap"}) {
    if (!present(f)) continue;
    Replay r(f);
    const auto recs = r.eng.esqm_records(Protocol::Tcp);
    REQUIRE(recs.size() == 2);
    int syn = 0, synack = 0;
    for (const auto& x : recs) {
      syn += x.flow_type == FlowType::TcpSyn;
      synack += x.flow_type == FlowType::TcpSynAck;
      CHECK(x.retrans_num == 0);
    }
    CHECK(syn == 1);
    CHECK(synack == 1);
  }
  if (!present("zeek_handshake-reorder.pcap")) return;
  Replay r("zeek_handshake-reorder.pcap");
  // The SYN-ACK is frame 1, so its (server to client) flow is the older one.
  CHECK(r.eng.esqm_records()[0].flow_type == FlowType::TcpSynAck);
  CHECK(r.eng.esqm_records()[0].src_port == 80);
}

TEST_CASE("captures: tcpdump_forces2 (SCTP over Linux SLL) - INIT/INIT ACK flows, SHUTDOWN aging") {
  if (!present("tcpdump_forces2.pcap")) return;
  Replay r("tcpdump_forces2.pcap");
  CHECK(r.sum.packets == 75);
  CHECK(r.sum.forwarded == 75);
  const auto st = r.eng.esqm_stats();
  CHECK(st.created[static_cast<std::size_t>(Protocol::Sctp)] == 12);
  CHECK(st.aged[static_cast<std::size_t>(esqm::AgeType::SctpShutdown)] == 3);
  CHECK(st.aged[static_cast<std::size_t>(esqm::AgeType::SctpShutdownAck)] == 3);
  const auto live = r.eng.esqm_records(Protocol::Sctp);
  REQUIRE(live.size() == 6);  // the three associations opened at the end
  int init = 0, init_ack = 0;
  for (const auto& x : live) {
    init += x.flow_type == FlowType::SctpInit;
    init_ack += x.flow_type == FlowType::SctpInitAck;
  }
  CHECK(init == 3);
  CHECK(init_ack == 3);
  tshark_check("tcpdump_forces2.pcap", "-Y sctp.chunk_type==7 -T fields -e frame.number", 3);
  tshark_check("tcpdump_forces2.pcap", "-Y sctp.chunk_type==1 -T fields -e frame.number", 6);
}

TEST_CASE("captures: pcapplusplus_gtp-u - G-PDUs only, no GTP flow; zeek_gtp10_not_0xff - echo pair") {
  if (present("pcapplusplus_gtp-u.pcap")) {
    Replay r("pcapplusplus_gtp-u.pcap");
    CHECK(r.sum.packets == 102);
    CHECK(r.sum.forwarded == 102);
    CHECK(r.eng.esqm_records().empty());
  }
  if (!present("zeek_gtp10_not_0xff.pcap")) return;
  Replay r("zeek_gtp10_not_0xff.pcap");
  const auto recs = r.eng.esqm_records(Protocol::Gtp);
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].packet_type == esqm::PacketType::Heartbeat);
  CHECK(recs[1].packet_type == esqm::PacketType::HeartbeatResponse);
  CHECK(recs[0].packet_num == 1);
  CHECK(recs[0].src_port == 2152);
  CHECK(recs[0].curr_ip_id == 0xa7f0);
  if (have_tshark()) {
    const std::string id = tshark_field("zeek_gtp10_not_0xff.pcap", "-Y gtp.message==1 -T fields -e ip.id");
    CHECK(std::stoul(id, nullptr, 16) == recs[0].curr_ip_id);
    const std::string t =
        tshark_field("zeek_gtp10_not_0xff.pcap", "-Y gtp.message==2 -T fields -e frame.time_epoch");
    CHECK(t == epoch_text(recs[1].heartbeat_ns));
  } else {
    MESSAGE("tshark not installed: cross-check skipped");
  }
}

TEST_CASE("captures: suricata tcp-fastopen (raw IP) - SYN and SYN ACK retransmissions") {
  const char* f = "suricata-verify_tcp-fastopen-10-syn-data-ignore.pcap";
  if (!present(f)) return;
  Replay r(f);
  CHECK(r.sum.packets == 52);
  CHECK(r.sum.forwarded == 52);
  const auto recs = r.eng.esqm_records(Protocol::Tcp);
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].flow_type == FlowType::TcpSyn);
  CHECK(recs[0].retrans_num == 13);
  CHECK(recs[1].flow_type == FlowType::TcpSynAck);
  CHECK(recs[1].retrans_num == 7);
  tshark_check(f, "-Y 'tcp.analysis.retransmission && ip.src==192.168.0.45' -T fields -e frame.number", 13);
  tshark_check(f, "-Y 'tcp.analysis.retransmission && ip.src==17.253.144.10' -T fields -e frame.number", 7);
}

TEST_CASE("captures: stacked encapsulations - triple VLAN, MPLS in VLAN") {
  if (present("zeek_vlan-qinqinq.pcap")) {
    Replay r("zeek_vlan-qinqinq.pcap");
    CHECK(r.sum.forwarded == 14);
    const auto recs = r.eng.esqm_records();
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].packet_num + recs[1].packet_num == 14);
  }
  if (present("zeek_mpls-in-vlan.pcap")) {
    Replay r("zeek_mpls-in-vlan.pcap");
    CHECK(r.sum.packets == 3);
    CHECK(r.sum.forwarded == 3);
    CHECK(r.eng.anomalies()[static_cast<std::size_t>(Anomaly::NonIp)] == 0);
  }
}

TEST_CASE("captures: tcpdump_tcp-handshake-nano (SLL, ns) and zeek_pdp_ctx_messages.pcapng") {
  if (present("tcpdump_tcp-handshake-nano.pcap")) {
    Replay r("tcpdump_tcp-handshake-nano.pcap");
    const auto recs = r.eng.esqm_records();
    REQUIRE(recs.size() == 2);
    CHECK(recs[0].created_ns == 1418145369924505488ULL);  // nanoseconds kept, not rounded to us
    CHECK(recs[0].packet_num == 2);
    CHECK(recs[1].created_ns == 1418145370052027262ULL);
    if (have_tshark()) {
      CHECK(tshark_field("tcpdump_tcp-handshake-nano.pcap", "-c 1 -T fields -e frame.time_epoch") ==
            "1418145369.924505488");
    }
  }
  if (present("zeek_pdp_ctx_messages.pcapng")) {
    Replay r("zeek_pdp_ctx_messages.pcapng");
    CHECK(r.sum.error.empty());
    CHECK(r.sum.packets == 14);
    CHECK(r.eng.esqm_records().empty());  // echoes on 2123/3386 are not GTP-U echoes
    tshark_check("zeek_pdp_ctx_messages.pcapng", "-T fields -e frame.number", 14);
  }
}
