// Public captures with VLAN tags (802.1Q, QinQ, 802.1ad), MPLS label stacks and a link type vrsh
// does not decode (PPP): packets read, forwarded, dropped by reason, decode anomalies and, where
// TCP flows exist, the ESQM records (issue #3). Replayed in place with test/support's Replay:
// 0/1/0 receives and samples inbound, a default route leads out of 0/2/0, so every IPv4 packet
// is forwarded unless its TTL is <= 1 (no capture here is addressed to 192.0.2.1/198.51.100.1).
//
// Every expectation was worked out from tshark 4.0.17 first, with
//   tshark -r F -T fields -e frame.number -e frame.protocols -e eth.type -e vlan.id
//          -e mpls.label -e ip.proto -e ip.ttl -e ip.src -e ip.dst -e tcp.flags -e frame.len
// and for TCP -e tcp.seq_raw -e tcp.len (the retransmission rule of DESIGN.md), then the rules
// of DESIGN.md: IPv4/IPv6 packets are forwarded or dropped (ttl-exceeded when TTL <= 1); frames
// that are not IP (ARP, CDP/LLC, Ethernet loopback 0x9000) are dropped as non-ip and counted as
// the NonIp anomaly; a link type outside Ethernet/SLL/SLL2/raw IP is a decode-error drop and the
// UnsupportedLinktype anomaly; ESQM label = top MPLS label of the packet that created the entry.
// The same facts are asked of tshark again at test time where it is installed.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "dataplane/engine.hpp"
#include "test/support/public_captures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;
using esqm::FlowType;
using esqm::Protocol;

namespace {

constexpr const char* kFrames = "-T fields -e frame.number";

// Sum of frame.len over the capture (ReplaySummary::bytes counts wire lengths), -1 without tshark.
long tshark_wire_bytes(const std::string& file) {
  if (!have_tshark()) return -1;
  long n = 0;
  for (const auto& l : tshark_output(file, "-T fields -e frame.len")) n += std::stol(l);
  return n;
}

// tshark's frame.time_epoch ("952109346.874907000") in ns.
std::uint64_t epoch_ns(const std::string& t) {
  const auto dot = t.find('.');
  std::string frac = t.substr(dot + 1);
  frac.resize(9, '0');
  return std::stoull(t.substr(0, dot)) * 1000000000ULL + std::stoull(frac);
}

struct Drop {
  DropReason why;
  std::uint64_t n;
};

// The replay read `packets` packets of `bytes` wire bytes (tshark's frame.len sum, asked again
// here), forwarded `forwarded` and dropped exactly `drops` (every other reason zero), so that
// packets = forwarded + dropped; `tail` is the summary line after its wall-clock duration.
void check_replay(const std::string& file, const Replay& r, std::uint64_t packets, std::uint64_t bytes,
                  std::uint64_t forwarded, std::initializer_list<Drop> drops, const std::string& tail) {
  CHECK(r.sum.error.empty());
  CHECK(r.sum.packets == packets);
  CHECK(r.sum.bytes == bytes);
  CHECK(r.sum.forwarded == forwarded);
  for (std::size_t i = 0; i < kDropReasonCount; ++i) {
    std::uint64_t want = 0;
    for (const auto& d : drops) want += d.why == static_cast<DropReason>(i) ? d.n : 0;
    CHECK_MESSAGE(r.sum.dropped[i] == want, drop_reason_name(static_cast<DropReason>(i)));
  }
  CHECK(r.sum.packets == r.sum.forwarded + r.sum.dropped_total());
  const std::string line = r.sum.summary_line();
  const auto at = line.find(" s: ");
  CHECK(line.substr(at == std::string::npos ? 0 : at + 4) == tail);
  tshark_check(file, kFrames, static_cast<long>(packets));
  if (have_tshark()) CHECK(tshark_wire_bytes(file) == static_cast<long>(bytes));
}

// All anomaly counters are zero except `a`, which is `n`.
void check_only_anomaly(const Replay& r, Anomaly a, std::uint64_t n) {
  const auto an = r.eng.anomalies();
  for (std::size_t i = 0; i < kAnomalyCount; ++i) {
    CHECK_MESSAGE(an[i] == (static_cast<Anomaly>(i) == a ? n : 0), anomaly_name(static_cast<Anomaly>(i)));
  }
}

const esqm::Record* find_flow(const std::vector<esqm::Record>& recs, const std::string& src,
                              std::uint16_t sport) {
  for (const auto& x : recs) {
    if (x.src.str() == src && x.src_port == sport) return &x;
  }
  return nullptr;
}

void check_flow(const esqm::Record* x, FlowType type, const std::string& dst, std::uint16_t dport,
                std::uint32_t label, std::uint64_t packets, std::uint64_t created_ns) {
  REQUIRE(x != nullptr);
  CHECK(x->proto == Protocol::Tcp);
  CHECK(x->flow_type == type);
  CHECK(x->dst.str() == dst);
  CHECK(x->dst_port == dport);
  CHECK(x->label == label);
  CHECK(x->packet_num == packets);
  CHECK(x->retrans_num == 0);
  CHECK(x->direction == model::Direction::Inbound);
  CHECK(x->vpn_name == "_public_");
  CHECK(x->created_ns == created_ns);
}

}  // namespace

// 58 frames: 52 IPv4 (tshark `ip`), 6 not IP: Ethernet loopback (0x9000) frames 4, 21, 27, 45, 57
// and CDP over LLC frame 22. Of the IPv4 ones, the 12 UDP broadcasts to 255.255.255.255 have TTL 1
// (ttl-exceeded); the other 40 (EIGRP TTL 2, ICMP/TCP/RSVP TTL 253-255) are forwarded. 17 frames
// carry one MPLS label, 29 (5 ICMP echo, 11 telnet client segments, 1 RSVP).
// TCP (telnet 10.1.2.1:11001 -> 10.34.0.1:23): the client's SYN (frame 32) is MPLS-labelled, the
// server's SYN ACK (frame 33) is not. Client flow: frames 32 34 35 36 38 39 40 43 46 48 50 = 11
// packets, all labelled; sequence ends grow 2553417724 .. 2553417751 (FIN), so no
// retransmission. Server flow: frames 33 37 41 42 47 49 51 52 = 8 packets (three RSTs carry no
// sequence space), ends 2379583141 .. 2379583191, no retransmission. The capture lasts 24 s: both
// entries are still live at the end.
TEST_CASE("captures: arkime_mpls-basic - MPLS label 29 over Ethernet, non-IP frames, TTL 1 broadcasts") {
  const char* f = "arkime_mpls-basic.pcap";
  if (!present(f)) return;
  Replay r(f);
  check_replay(f, r, 58, 4692, 40, {{DropReason::NonIp, 6}, {DropReason::TtlExceeded, 12}},
               "forwarded 40, dropped 18 (non-ip 6, ttl-exceeded 12).");
  check_only_anomaly(r, Anomaly::NonIp, 6);

  const auto recs = r.eng.esqm_records();
  REQUIRE(recs.size() == 2);
  CHECK(r.eng.esqm_stats().created[static_cast<std::size_t>(Protocol::Tcp)] == 2);
  check_flow(find_flow(recs, "10.1.2.1", 11001), FlowType::TcpSyn, "10.34.0.1", 23, 29, 11,
             952109346874907000ULL);
  check_flow(find_flow(recs, "10.34.0.1", 23), FlowType::TcpSynAck, "10.1.2.1", 11001, 0, 8,
             952109346875551000ULL);

  tshark_check(f, std::string("-Y 'not ip and not ipv6' ") + kFrames, 6);
  tshark_check(f, std::string("-Y 'eth.type == 0x9000 || cdp' ") + kFrames, 6);
  tshark_check(f, std::string("-Y 'ip.ttl <= 1' ") + kFrames, 12);
  tshark_check(f, std::string("-Y 'mpls.label == 29' ") + kFrames, 17);
  tshark_check(f, std::string("-Y 'mpls.label == 29 && ip.src == 10.1.2.1 && tcp' ") + kFrames, 11);
  tshark_check(f, std::string("-Y 'ip.src == 10.34.0.1 && tcp' ") + kFrames, 8);
  tshark_check(f, std::string("-Y tcp.analysis.retransmission ") + kFrames, 0);
  if (have_tshark()) {
    CHECK(tshark_field(f, "-Y 'tcp.flags == 0x002' -T fields -e mpls.label") == "29");
    CHECK(tshark_field(f, "-Y 'tcp.flags == 0x012' -T fields -e mpls.label").empty());
    CHECK(epoch_ns(tshark_field(f, "-Y 'tcp.flags == 0x002' -T fields -e frame.time_epoch")) ==
          952109346874907000ULL);
    CHECK(epoch_ns(tshark_field(f, "-Y 'tcp.flags == 0x012' -T fields -e frame.time_epoch")) ==
          952109346875551000ULL);
  }
}

// 47 frames, all IPv4 TCP with TTL >= 44: all forwarded, nothing dropped, no anomaly. Three
// captures joined, years apart: frames 1-11 are the telnet client segments of arkime_mpls-basic
// under MPLS label 29 (SYN at frame 1, no server side: one SYN flow of 11 packets, label 29);
// frames 12-33 plain IPv4 HTTP (SYN frame 12, client 141.42.64.125:56730 12 packets; SYN ACK frame
// 13, server 10 packets); frames 34-47 802.1Q VLAN 4093 HTTP (SYN frame 34 and SYN ACK frame 35,
// 7 packets each). Sequence ends only grow in every flow: no retransmission. Each later part
// starts far more than the 300 s default aging time after the previous one, so the MPLS flow ages
// when frame 12 arrives and the two plain flows when frame 34 arrives (AgeType_AGINGX_TIME, 3 in
// all, exported with their labels); the two VLAN flows are live at the end.
TEST_CASE(
    "captures: zeek_mixed-vlan-mpls - MPLS, plain and 802.1Q TCP flows; MPLS label on the aged record") {
  const char* f = "zeek_mixed-vlan-mpls.pcap";
  if (!present(f)) return;
  std::vector<esqm::Record> aged;
  Replay r(f, [&aged](esqm::AgedRecord& a) { aged.push_back(a.record()); });
  check_replay(f, r, 47, 16403, 47, {}, "forwarded 47, dropped 0.");
  check_only_anomaly(r, Anomaly::NonIp, 0);

  const auto st = r.eng.esqm_stats();
  CHECK(st.created[static_cast<std::size_t>(Protocol::Tcp)] == 5);
  CHECK(st.aged[static_cast<std::size_t>(esqm::AgeType::AgingTime)] == 3);
  REQUIRE(aged.size() == 3);
  for (const auto& x : aged) CHECK(x.age_type == esqm::AgeType::AgingTime);
  check_flow(find_flow(aged, "10.1.2.1", 11001), FlowType::TcpSyn, "10.34.0.1", 23, 29, 11,
             952109346874907000ULL);
  check_flow(find_flow(aged, "141.42.64.125", 56730), FlowType::TcpSyn, "125.190.109.199", 80, 0, 12,
             1128727435450898000ULL);
  check_flow(find_flow(aged, "125.190.109.199", 80), FlowType::TcpSynAck, "141.42.64.125", 56730, 0, 10,
             1128727435633408000ULL);

  const auto live = r.eng.esqm_records();
  REQUIRE(live.size() == 2);
  check_flow(find_flow(live, "10.20.80.1", 50343), FlowType::TcpSyn, "10.0.0.15", 80, 0, 7,
             1278600802069419000ULL);
  check_flow(find_flow(live, "10.0.0.15", 80), FlowType::TcpSynAck, "10.20.80.1", 50343, 0, 7,
             1278600802070727000ULL);

  tshark_check(f, std::string("-Y 'ip && tcp && ip.ttl > 1' ") + kFrames, 47);
  tshark_check(f, std::string("-Y 'mpls.label == 29 && ip.src == 10.1.2.1' ") + kFrames, 11);
  tshark_check(f, std::string("-Y 'vlan.id == 4093 && tcp' ") + kFrames, 14);
  tshark_check(f, std::string("-Y 'ip.src == 141.42.64.125' ") + kFrames, 12);
  tshark_check(f, std::string("-Y 'ip.src == 125.190.109.199' ") + kFrames, 10);
  tshark_check(f, std::string("-Y 'ip.src == 10.20.80.1' ") + kFrames, 7);
  tshark_check(f, std::string("-Y 'ip.src == 10.0.0.15' ") + kFrames, 7);
  tshark_check(f, std::string("-Y tcp.analysis.retransmission ") + kFrames, 0);
  if (have_tshark()) {
    // SYNs at frames 1, 12, 34 (labels 29, none, none) and SYN ACKs at 13 and 35.
    CHECK(tshark_output(f, "-Y 'tcp.flags == 0x002' -T fields -e frame.number -e mpls.label") ==
          std::vector<std::string>{"1\t29", "12\t", "34\t"});
    CHECK(tshark_output(f, "-Y 'tcp.flags == 0x012' -T fields -e frame.number") ==
          std::vector<std::string>{"13", "35"});
    const auto t = tshark_output(f, "-Y 'frame.number in {11, 12, 33, 34}' -T fields -e frame.time_epoch");
    REQUIRE(t.size() == 4);
    CHECK(epoch_ns(t[1]) - epoch_ns(t[0]) > 300ULL * 1000000000ULL);  // MPLS flow ages at frame 12
    CHECK(epoch_ns(t[3]) - epoch_ns(t[2]) > 300ULL * 1000000000ULL);  // plain flows age at frame 34
  }
}

// PPP link type (tshark: frame.protocols starts with "ppp" in all 18 frames; 9 carry MPLS label
// 100704). vrsh decodes Ethernet, SLL/SLL2 and raw IP only: each frame is an unsupported-linktype
// anomaly and a decode-error drop, none forwarded, none lost.
TEST_CASE("captures: tcpdump_mpls-traceroute - PPP link type, every frame counted as unsupported") {
  const char* f = "tcpdump_mpls-traceroute.pcap";
  if (!present(f)) return;
  Replay r(f);
  check_replay(f, r, 18, 1644, 0, {{DropReason::DecodeError, 18}},
               "forwarded 0, dropped 18 (decode-error 18).");
  check_only_anomaly(r, Anomaly::UnsupportedLinktype, 18);
  CHECK(r.eng.esqm_records().empty());
  tshark_check(f, std::string("-Y ppp ") + kFrames, 18);
  tshark_check(f, std::string("-Y 'mpls.label == 100704' ") + kFrames, 9);
}

// Non-TCP VLAN captures: no ESQM entry (no TCP, no SCTP, no UDP 2152), IPv4 forwarded (TTL >= 5),
// the rest non-ip. Per capture, from tshark's frame list:
//  zeek_q-in-q: 5 frames tagged 13 then 10 (802.1Q in 802.1Q); 4 IPv4 UDP (BACnet TTL 64, SAP
//   multicast TTL 5), 1 ARP.
//  zeek_icmp_dot1q: 15 frames in VLAN 123; 9 ICMP echo (TTL 255), 6 ARP (frames 1-4, 6, 7).
//  pcapplusplus_VlanPackets: 20 ICMP double-tagged (118/10, 209/20, TTL 255); 6 CDP over LLC,
//   4 of them under one tag (118 or 209), 2 untagged.
//  tcpdump_802.1ad_QinQ: 2 ARP under an 802.1ad S-tag (0x88a8) and C-tag 2001.
//   ARP only: this shows both frames counted, not that the S-tag is walked (ARP is non-ip either
//   way); decode_test's "VLAN, 802.1ad and QinQ of any depth" covers 0x88a8 over IPv4.
TEST_CASE("captures: 802.1Q, QinQ and 802.1ad captures - IPv4 forwarded through every tag, the rest non-ip") {
  struct Case {
    const char* file;
    std::uint64_t packets, bytes, forwarded, non_ip;
    const char* tagged_filter;  // tshark: frames under at least one tag
    long tagged;
  };
  const Case cases[] = {
      {"zeek_q-in-q.pcap", 5, 856, 4, 1, "vlan.id == 13 && vlan.id == 10", 5},
      {"zeek_icmp_dot1q.pcap", 15, 1446, 9, 6, "vlan.id == 123", 15},
      {"pcapplusplus_VlanPackets.pcap", 26, 4686, 20, 6, "vlan", 24},
      {"tcpdump_802.1ad_QinQ.pcap", 2, 128, 0, 2, "ieee8021ad && vlan.id == 2001", 2},
  };
  for (const auto& c : cases) {
    if (!present(c.file)) continue;
    const std::string file = c.file;
    CAPTURE(file);
    Replay r(c.file);
    const std::string n = std::to_string(c.non_ip);
    check_replay(file, r, c.packets, c.bytes, c.forwarded, {{DropReason::NonIp, c.non_ip}},
                 "forwarded " + std::to_string(c.forwarded) + ", dropped " + n + " (non-ip " + n + ").");
    check_only_anomaly(r, Anomaly::NonIp, c.non_ip);
    CHECK(r.eng.esqm_records().empty());
    CHECK(r.eng.esqm_stats().created == std::array<std::uint64_t, esqm::kProtocolCount>{});

    tshark_check(c.file, std::string("-Y 'ip && ip.ttl > 1' ") + kFrames, static_cast<long>(c.forwarded));
    tshark_check(c.file, std::string("-Y 'not ip and not ipv6' ") + kFrames, static_cast<long>(c.non_ip));
    tshark_check(c.file, std::string("-Y 'tcp || sctp || gtp' ") + kFrames, 0);
    tshark_check(c.file, std::string("-Y '") + c.tagged_filter + "' " + kFrames, c.tagged);
  }
}
