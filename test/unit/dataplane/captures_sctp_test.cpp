// The SCTP captures of test/data/public (besides tcpdump_forces2, in captures_test.cpp)
// replayed in place, checked against facts worked out beforehand from tshark and DESIGN.md
// ("ESQM semantics"), and cross-checked against tshark at test time where it is installed.
//
// The rules applied to tshark's per-packet facts (frame number, time, addresses, ports, chunk
// types, initiate tag, raw DATA TSNs), as DESIGN.md and docs/decisions.md state them:
// - one entry per (source, destination, ports) seen inbound on 0/1/0 (every packet here is IPv4
//   and routed by the default route, so every packet is forwarded and sampled);
// - a packet without a live entry creates one if it holds an INIT (flow type INIT), an INIT ACK
//   (INIT ACK) or, for an association seen mid-way, a SACK (SACK); any other packet is unmatched;
// - every later packet of the key counts in packet-num (HEARTBEATs, COOKIEs, SACKs included);
//   retrans-num counts DATA chunks whose TSN the entry has already seen, and an INIT / INIT ACK
//   repeating the entry's initiate tag (docs/decisions.md);
// - SHUTDOWN and SHUTDOWN ACK age their entry at once with their age types; an entry idle for
//   longer than the SCTP aging time (default 300 s) ages with AgeType_AGINGX_TIME;
// - created-timestamp is the creating packet's time (tshark frame.time_epoch).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "dataplane/clock.hpp"
#include "dataplane/engine.hpp"
#include "test/support/public_captures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;
using esqm::AgeType;
using esqm::FlowType;
using esqm::Protocol;
using esqm::Record;

namespace {

constexpr std::uint64_t kSec = kNsPerSecond;

std::size_t at(AgeType t) {
  return static_cast<std::size_t>(t);
}
constexpr std::size_t kSctp = static_cast<std::size_t>(Protocol::Sctp);

// The items of a tshark comma list ("" when the field is absent: none).
std::vector<std::string> list_items(const std::string& s) {
  std::vector<std::string> out;
  for (auto& item : split_fields(s, ',')) {
    if (!item.empty()) out.push_back(std::move(item));
  }
  return out;
}

// One packet as tshark decodes it.
struct Pkt {
  long frame = 0;
  std::string epoch, src, dst;
  unsigned sport = 0, dport = 0;
  std::vector<std::string> chunks, tags, tsns;
};

// Every packet of FILE, from tshark (empty when tshark is missing).
std::vector<Pkt> tshark_packets(const std::string& file) {
  std::vector<Pkt> out;
  const auto lines =
      tshark_output(file,
                    "-T fields -E separator=/t -e frame.number -e frame.time_epoch -e ip.src -e ip.dst "
                    "-e sctp.srcport -e sctp.dstport -e sctp.chunk_type -e sctp.initiate_tag "
                    "-e sctp.data_tsn_raw");
  for (const auto& l : lines) {
    std::vector<std::string> f = split_fields(l);
    f.resize(9);
    Pkt p;
    p.frame = std::stol(f[0]);
    p.epoch = f[1];
    p.src = f[2];
    p.dst = f[3];
    p.sport = static_cast<unsigned>(std::stoul(f[4]));
    p.dport = static_cast<unsigned>(std::stoul(f[5]));
    p.chunks = list_items(f[6]);
    p.tags = list_items(f[7]);
    p.tsns = list_items(f[8]);
    out.push_back(p);
  }
  return out;
}

// An expected entry: its key and flow type, the frames it lives over (creating packet to last
// counted packet), and the counters derived from tshark beforehand.
struct Flow {
  const char* src;
  const char* dst;
  std::uint16_t sport, dport;
  FlowType type;
  std::uint64_t created_ns;
  long first, last;
  std::uint64_t packet_num, retrans_num;
};

bool same_key(const Record& r, const Flow& f) {
  return r.src.str() == f.src && r.dst.str() == f.dst && r.src_port == f.sport && r.dst_port == f.dport;
}

const Record* find(const std::vector<Record>& recs, const Flow& f) {
  return find_record(recs, f.src, f.sport, f.dst, f.dport);
}

// R against the expectation, then the expectation against tshark's packets (when there):
// packets of the key in [first, last], time of `first`, repeated TSNs and initiate tags.
void check_flow(const Record& r, const Flow& f, const std::vector<Pkt>& pk) {
  INFO("flow " << std::string(f.src) << ":" << f.sport << " > " << std::string(f.dst) << ":" << f.dport
               << " from frame " << f.first);
  CHECK(same_key(r, f));
  CHECK(r.protocol == 132);
  CHECK(r.flow_type == f.type);
  CHECK(r.created_ns == f.created_ns);
  CHECK(r.packet_num == f.packet_num);
  CHECK(r.retrans_num == f.retrans_num);
  CHECK(r.aging_seconds == 300);
  CHECK(r.vpn_name == "_public_");
  CHECK(r.next_hop.str() == "198.51.100.2");
  CHECK(r.label == 0);
  if (pk.empty()) return;
  std::uint64_t n = 0, repeats = 0;
  std::set<std::string> tsns;
  std::string tag;
  for (const auto& p : pk) {
    if (p.frame < f.first || p.frame > f.last || p.src != f.src || p.dst != f.dst || p.sport != f.sport ||
        p.dport != f.dport) {
      continue;
    }
    ++n;
    if (p.frame == f.first) {
      CHECK(p.epoch == epoch_text(f.created_ns));
      if (!p.tags.empty()) tag = p.tags.front();
    } else if (!p.tags.empty() && p.tags.front() == tag) {
      ++repeats;
    }
    for (const auto& t : p.tsns) repeats += !tsns.insert(t).second;
  }
  CHECK_MESSAGE(n == f.packet_num, "tshark: packets of the key in frames " << f.first << ".." << f.last);
  CHECK_MESSAGE(repeats == f.retrans_num, "tshark: repeated TSNs / initiate tags");
}

// The records a replay ages, in aging order (as exported).
EsqmExportFn collect(std::vector<Record>& out) {
  return [&out](esqm::AgedRecord& a) { out.push_back(a.record()); };
}

// Every packet is IPv4 SCTP, routed and sampled.
void check_counts(const Replay& r, std::uint64_t packets, std::uint64_t created, std::uint64_t unmatched) {
  CHECK(r.sum.error.empty());
  CHECK(r.sum.packets == packets);
  CHECK(r.sum.forwarded == packets);
  const auto st = r.eng.esqm_stats();
  CHECK(st.sampled_packets == packets);
  CHECK(st.created[kSctp] == created);
  CHECK(st.unmatched_packets == unmatched);
  CHECK(st.updated_packets == packets - created - unmatched);
  CHECK(st.insert_failures == 0);
}

}  // namespace

// tshark: 154 packets, 6 associations. 1 (53333>6704), 5 (48432>6705), 9 (57793>6706) are INITs
// answered by INIT ACKs in frames 2, 6, 10; after DATA/SACK and 30 HEARTBEAT pairs, SHUTDOWNs
// from 192.168.1.142 in frames 125-127, SHUTDOWN ACKs in 128, 130, 132, SHUTDOWN COMPLETEs in
// 129, 131, 133. Then 3 short associations: INIT 134/138/142 (ports 60979/41874/43249), INIT ACK
// 135/139/143, SHUTDOWN 146/147/152, SHUTDOWN ACK 148/150/153, SHUTDOWN COMPLETE 149/151/154.
// So 12 entries, all aged by SHUTDOWN (6) or SHUTDOWN ACK (6) in that frame order; the 6
// SHUTDOWN COMPLETEs find no entry and create none (unmatched). The capture spans 263.5 s < 300 s:
// nothing ages by time. packet-num = packets of the key up to the aging frame (tshark counts, e.g.
// 23 from 142:53333 in frames 1..125); no DATA TSN repeats per direction, no INIT repeats.
TEST_CASE("captures: tcpdump_forces3 (SCTP, Linux SLL) - 6 associations, SHUTDOWN / SHUTDOWN ACK aging") {
  const char* file = "tcpdump_forces3.pcap";
  if (!present(file)) return;
  std::vector<Record> exported;
  Replay r(file, collect(exported));
  check_counts(r, 154, 12, 6);
  const auto st = r.eng.esqm_stats();
  CHECK(st.aged[at(AgeType::SctpShutdown)] == 6);
  CHECK(st.aged[at(AgeType::SctpShutdownAck)] == 6);
  CHECK(st.aged[at(AgeType::AgingTime)] == 0);
  CHECK(r.eng.esqm_records(Protocol::Sctp).empty());

  const char* a = "192.168.1.142";
  const char* b = "192.168.1.143";
  // In aging order (frames 125, 126, 127, 128, 130, 132, 146, 147, 148, 150, 152, 153).
  const std::vector<Flow> want = {
      {a, b, 53333, 6704, FlowType::SctpInit, 1305105166942414000ULL, 1, 125, 23, 0},
      {a, b, 48432, 6705, FlowType::SctpInit, 1305105167944776000ULL, 5, 126, 19, 0},
      {a, b, 57793, 6706, FlowType::SctpInit, 1305105168948471000ULL, 9, 127, 18, 0},
      {b, a, 6704, 53333, FlowType::SctpInitAck, 1305105166943161000ULL, 2, 128, 24, 0},
      {b, a, 6705, 48432, FlowType::SctpInitAck, 1305105167946163000ULL, 6, 130, 19, 0},
      {b, a, 6706, 57793, FlowType::SctpInitAck, 1305105168949179000ULL, 10, 132, 27, 0},
      {a, b, 60979, 6704, FlowType::SctpInit, 1305105428224255000ULL, 134, 146, 3, 0},
      {a, b, 41874, 6705, FlowType::SctpInit, 1305105429226814000ULL, 138, 147, 3, 0},
      {b, a, 6704, 60979, FlowType::SctpInitAck, 1305105428224782000ULL, 135, 148, 3, 0},
      {b, a, 6705, 41874, FlowType::SctpInitAck, 1305105429227378000ULL, 139, 150, 3, 0},
      {a, b, 43249, 6706, FlowType::SctpInit, 1305105430234920000ULL, 142, 152, 3, 0},
      {b, a, 6706, 43249, FlowType::SctpInitAck, 1305105430235259000ULL, 143, 153, 3, 0},
  };
  const auto pk = tshark_packets(file);
  REQUIRE(exported.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    check_flow(exported[i], want[i], pk);
    CHECK(exported[i].age_type ==
          (want[i].type == FlowType::SctpInit ? AgeType::SctpShutdown : AgeType::SctpShutdownAck));
    if (!pk.empty())
      CHECK(pk[static_cast<std::size_t>(want[i].last - 1)].epoch == epoch_text(exported[i].last_seen_ns));
  }
  tshark_check(file, "-Y sctp.chunk_type==1 -T fields -e frame.number", 6);
  tshark_check(file, "-Y sctp.chunk_type==7 -T fields -e frame.number", 6);
  tshark_check(file, "-Y sctp.chunk_type==8 -T fields -e frame.number", 6);
  tshark_check(file, "-Y sctp.chunk_type==14 -T fields -e frame.number", 6);
  tshark_check(file, "-Y sctp.chunk_type==4 -T fields -e frame.number", 30);
}

// tshark: 84 packets. Association 32836>80: INIT frame 1, INIT ACK frame 2; 32837>80: INIT 23,
// INIT ACK 24; both shut down by 155.230.24.155 (SHUTDOWN 79 for 32837, 80 for 32836; SHUTDOWN
// ACK 81, 83; SHUTDOWN COMPLETE 82, 84, unmatched). The 32 SACKs all belong to those four keys,
// so no SACK entry. Frames 31, 77, 78: INIT 32838 > 222.96.156.151:80, initiate tag 0xbf0db09b
// each time, never answered: one INIT entry, packet-num 3, retrans-num 2 (the INIT repeats),
// retrans-radio 2 * 10000000 / 3 = 6666666, still live at the end (9 s < 300 s). No DATA TSN
// repeats. Aging order: frames 79, 80, 81, 83.
TEST_CASE("captures: arkime_sctp-www - INIT retransmitted twice with the same tag, 2 shutdowns") {
  const char* file = "arkime_sctp-www.pcap";
  if (!present(file)) return;
  std::vector<Record> exported;
  Replay r(file, collect(exported));
  check_counts(r, 84, 5, 2);
  const auto st = r.eng.esqm_stats();
  CHECK(st.aged[at(AgeType::SctpShutdown)] == 2);
  CHECK(st.aged[at(AgeType::SctpShutdownAck)] == 2);
  CHECK(st.aged[at(AgeType::AgingTime)] == 0);

  const char* c = "155.230.24.155";
  const char* s = "203.255.252.194";
  const std::vector<Flow> aged = {
      {c, s, 32837, 80, FlowType::SctpInit, 1137034844891706000ULL, 23, 79, 18, 0},
      {c, s, 32836, 80, FlowType::SctpInit, 1137034844756614000ULL, 1, 80, 20, 0},
      {s, c, 80, 32837, FlowType::SctpInitAck, 1137034844892852000ULL, 24, 81, 19, 0},
      {s, c, 80, 32836, FlowType::SctpInitAck, 1137034844762006000ULL, 2, 83, 22, 0},
  };
  const Flow init = {c, "222.96.156.151", 32838, 80, FlowType::SctpInit, 1137034844900187000ULL, 31, 84, 3,
                     2};
  const auto pk = tshark_packets(file);
  REQUIRE(exported.size() == aged.size());
  for (std::size_t i = 0; i < aged.size(); ++i) {
    check_flow(exported[i], aged[i], pk);
    CHECK(exported[i].age_type == (i < 2 ? AgeType::SctpShutdown : AgeType::SctpShutdownAck));
  }
  const auto live = r.eng.esqm_records(Protocol::Sctp);
  REQUIRE(live.size() == 1);
  check_flow(live[0], init, pk);
  CHECK(live[0].retrans_radio() == 6666666);
  const std::string json = Engine::esqm_json(live[0]);
  for (const char* part :
       {R"("src-ip-addr":"155.230.24.155","dst-ip-addr":"222.96.156.151","src-port":32838,"dst-port":80,)",
        R"("protocol":132,"age-type":"AgeType_AGINGX_TIME","flow-type":"FlowType_SCTPX_INIT",)",
        R"("flow-direction":"FlowDirection_INGRESS",)",
        R"("next-hop":"198.51.100.2","label":0,"vpn-name":"_public_",)",
        R"("created-timestamp-sec":1137034844,"created-timestamp-nano-sec":900187000,"packet-num":"3",)",
        R"("retrans-num":"2","retrans-radio":"6666666","address-family":"AddressFamily_IPV4")"}) {
    CHECK_MESSAGE(json.find(part) != std::string::npos, json);
  }
  if (have_tshark()) {
    const auto tags = tshark_output(
        file, "-Y 'sctp.chunk_type==1 && ip.dst==222.96.156.151' -T fields -e sctp.initiate_tag");
    CHECK(tags == std::vector<std::string>(3, "0xbf0db09b"));
  }
  tshark_check(file, "-Y sctp.chunk_type==3 -T fields -e frame.number", 32);
  tshark_check(file, "-Y sctp.chunk_type==7 -T fields -e frame.number", 2);
}

// tshark: 74 packets of one association 192.168.170.8:7 <-> 192.168.170.56:7: INIT (frame 1),
// INIT ACK (2), COOKIE ECHO / ACK, then 120 DATA chunks and 49 SACKs bundled in multi-chunk
// packets, no SHUTDOWN. 37 packets each way, so packet-num 37 for the INIT and the INIT ACK entry;
// no raw TSN repeats in either direction (retrans-num 0); no SACK entry (both keys exist); no
// aging (0.09 s). Aged by time only when time is moved 301 s past the last packet.
TEST_CASE("captures: zeek_communityid_sctp - one association, multi-chunk DATA/SACK, no shutdown") {
  const char* file = "zeek_communityid_sctp.pcap";
  if (!present(file)) return;
  std::vector<Record> exported;
  Replay r(file, collect(exported));
  check_counts(r, 74, 2, 0);
  const auto pk = tshark_packets(file);
  const std::vector<Flow> want = {
      {"192.168.170.8", "192.168.170.56", 7, 7, FlowType::SctpInit, 1108716598686079000ULL, 1, 74, 37, 0},
      {"192.168.170.56", "192.168.170.8", 7, 7, FlowType::SctpInitAck, 1108716598686375000ULL, 2, 74, 37, 0},
  };
  const auto live = r.eng.esqm_records(Protocol::Sctp);
  REQUIRE(live.size() == 2);
  for (std::size_t i = 0; i < want.size(); ++i) check_flow(live[i], want[i], pk);
  CHECK(exported.empty());
  r.eng.flush_aging(1108716598771526000ULL + 301 * kSec);  // frame 74 + 301 s
  CHECK(r.eng.esqm_stats().aged[at(AgeType::AgingTime)] == 2);
  CHECK(r.eng.esqm_records(Protocol::Sctp).empty());
  REQUIRE(exported.size() == 2);
  for (const auto& x : exported) CHECK(x.age_type == AgeType::AgingTime);
  if (have_tshark()) {
    long data = 0, sack = 0;
    for (const auto& p : pk) {
      data += std::count(p.chunks.begin(), p.chunks.end(), "0");
      sack += std::count(p.chunks.begin(), p.chunks.end(), "3");
    }
    CHECK(data == 120);
    CHECK(sack == 49);
  }
}

// tshark: 19 packets. 10.173.48.13:2906 > 88.82.6.134:6303: INIT (frame 1), INIT ACK (2), then
// COOKIEs, M3UA DATA (raw TSNs distinct per direction) and 7 SACKs: 8 packets each way up to
// frame 16. Frames 17-19 are DATA-only packets of another association (to 88.82.6.130, no INIT,
// no SACK): they create nothing (unmatched).
TEST_CASE("captures: suricata-verify_sctp-keywords (M3UA) - one association") {
  const char* file = "suricata-verify_sctp-keywords.pcap";
  if (!present(file)) return;
  std::vector<Record> exported;
  Replay r(file, collect(exported));
  check_counts(r, 19, 2, 3);
  const auto pk = tshark_packets(file);
  const std::vector<Flow> want = {
      {"10.173.48.13", "88.82.6.134", 2906, 6303, FlowType::SctpInit, 1389355897251722000ULL, 1, 19, 8, 0},
      {"88.82.6.134", "10.173.48.13", 6303, 2906, FlowType::SctpInitAck, 1389355897272776000ULL, 2, 19, 8, 0},
  };
  const auto live = r.eng.esqm_records(Protocol::Sctp);
  REQUIRE(live.size() == 2);
  for (std::size_t i = 0; i < want.size(); ++i) check_flow(live[i], want[i], pk);
  CHECK(exported.empty());
  tshark_check(file, "-Y 'ip.dst==88.82.6.130 || ip.src==88.82.6.130' -T fields -e sctp.chunk_type", 3);
  tshark_check(file, "-Y 'sctp.chunk_type==3' -T fields -e frame.number", 7);
}

// tshark: 4 packets, no INIT. Frame 1: DATA 10.28.6.43:16384 > 10.28.6.44:2944 (no entry, not a
// creator); frame 2: SACK back, which creates the entry of an association seen mid-way (flow type
// SACK, packet-num 1); frames 3/4: HEARTBEAT / HEARTBEAT ACK on 2905 <-> 2905, no entry.
TEST_CASE("captures: ndpi_sctp - association seen mid-way, the SACK creates the entry") {
  const char* file = "ndpi_sctp.cap";
  if (!present(file)) return;
  std::vector<Record> exported;
  Replay r(file, collect(exported));
  check_counts(r, 4, 1, 3);
  const auto live = r.eng.esqm_records(Protocol::Sctp);
  REQUIRE(live.size() == 1);
  check_flow(
      live[0],
      {"10.28.6.44", "10.28.6.43", 2944, 16384, FlowType::SctpSack, 1088696689784927000ULL, 2, 4, 1, 0},
      tshark_packets(file));
  CHECK(Engine::esqm_json(live[0]).find(R"("flow-type":"FlowType_SCTPX_SACK")") != std::string::npos);
  tshark_check(file, "-Y 'sctp.chunk_type==1 || sctp.chunk_type==2' -T fields -e frame.number", 0);
}

// tshark: 90 packets, tool-made.
// - Frames 1-20, 10.1.1.1 > 10.2.2.2 on ports 2904..2907 (same both sides): INIT, INIT ACK,
//   COOKIE ECHO, COOKIE ACK, DATA: 4 INIT entries (packet-num 3) and 4 INIT ACK entries (2).
// - Frames 21-60, 10.3.3.3 <-> 10.4.4.4 on the same ports, each packet twice and the handshake
//   backwards: DATA x2, COOKIE ACK x2, COOKIE ECHO x2 (no entry yet: 24 unmatched), INIT ACK x2
//   (entry, packet-num 2, the second repeats the tag: retrans-num 1), INIT x2 (the same).
// - Frames 61-68, 10.5.5.5 > 10.6.6.6:2905: INIT, INIT ACK, COOKIEs, DATA TSNs 5001, 5002, 5000,
//   5003; frames 69-75, 10.7.7.7 > 10.8.8.8: DATA TSNs 5001, 5000, 5002. 5000 arrives late but
//   was never seen before: not a retransmission (tshark flags none). INIT entries: packet-num 6
//   and 5; INIT ACK entries 2.
// - Frame 76 is 922 s later: the 20 entries above age by time there.
// - Frames 76-90: 10.20.N.1 <-> 10.20.N.2, N = 1..4, 100 s apart (INIT, INIT ACK, DATA). The
//   N = 1 entries were last seen at frames 78 (.100 s) and 77 (.050 s); frame 90 is at +300.150 s,
//   so both have been idle for more than 300 s by then and age by time: 22 AgingTime in all, 6
//   entries live at the end. 14 INIT and 14 INIT ACK entries out of 18 INIT / 18 INIT ACK chunks.
TEST_CASE("captures: arkime_m3ua_synthetic - many short associations, repeated INITs, aging by time") {
  const char* file = "arkime_m3ua_synthetic.pcap";
  if (!present(file)) return;
  std::vector<Record> exported;
  Replay r(file, collect(exported));
  check_counts(r, 90, 28, 24);
  const auto st = r.eng.esqm_stats();
  CHECK(st.aged[at(AgeType::AgingTime)] == 22);
  CHECK(st.aged[at(AgeType::SctpShutdown)] == 0);

  const char* h1 = "10.1.1.1";
  const char* h2 = "10.2.2.2";
  const char* h3 = "10.3.3.3";
  const char* h4 = "10.4.4.4";
  const auto I = FlowType::SctpInit;
  const auto A = FlowType::SctpInitAck;
  const std::vector<Flow> aged = {
      {h1, h2, 2904, 2904, I, 1781048076732155000ULL, 1, 75, 3, 0},
      {h2, h1, 2904, 2904, A, 1781048076732243000ULL, 2, 75, 2, 0},
      {h1, h2, 2905, 2905, I, 1781048076732681000ULL, 6, 75, 3, 0},
      {h2, h1, 2905, 2905, A, 1781048076732762000ULL, 7, 75, 2, 0},
      {h1, h2, 2906, 2906, I, 1781048076733133000ULL, 11, 75, 3, 0},
      {h2, h1, 2906, 2906, A, 1781048076733212000ULL, 12, 75, 2, 0},
      {h1, h2, 2907, 2907, I, 1781048076733610000ULL, 16, 75, 3, 0},
      {h2, h1, 2907, 2907, A, 1781048076733694000ULL, 17, 75, 2, 0},
      {h4, h3, 2904, 2904, A, 1781048076734941000ULL, 27, 75, 2, 1},
      {h3, h4, 2904, 2904, I, 1781048076735103000ULL, 29, 75, 2, 1},
      {h4, h3, 2905, 2905, A, 1781048076735855000ULL, 37, 75, 2, 1},
      {h3, h4, 2905, 2905, I, 1781048076736016000ULL, 39, 75, 2, 1},
      {h4, h3, 2906, 2906, A, 1781048076736784000ULL, 47, 75, 2, 1},
      {h3, h4, 2906, 2906, I, 1781048076736944000ULL, 49, 75, 2, 1},
      {h4, h3, 2907, 2907, A, 1781048076737722000ULL, 57, 75, 2, 1},
      {h3, h4, 2907, 2907, I, 1781048076737875000ULL, 59, 75, 2, 1},
      {"10.5.5.5", "10.6.6.6", 2905, 2905, I, 1781048077000000000ULL, 61, 75, 6, 0},
      {"10.6.6.6", "10.5.5.5", 2905, 2905, A, 1781048077050000000ULL, 62, 75, 2, 0},
      {"10.7.7.7", "10.8.8.8", 2905, 2905, I, 1781048077400000000ULL, 69, 75, 5, 0},
      {"10.8.8.8", "10.7.7.7", 2905, 2905, A, 1781048077450000000ULL, 70, 75, 2, 0},
      {"10.20.1.1", "10.20.1.2", 2906, 2906, I, 1781049000000000000ULL, 76, 90, 2, 0},
      {"10.20.1.2", "10.20.1.1", 2906, 2906, A, 1781049000050000000ULL, 77, 90, 1, 0},
  };
  const std::vector<Flow> live = {
      {"10.20.2.1", "10.20.2.2", 2905, 2905, I, 1781049100000000000ULL, 79, 90, 2, 0},
      {"10.20.2.2", "10.20.2.1", 2905, 2905, A, 1781049100050000000ULL, 80, 90, 1, 0},
      {"10.20.3.1", "10.20.3.2", 2905, 2905, I, 1781049200000000000ULL, 82, 90, 3, 0},
      {"10.20.3.2", "10.20.3.1", 2905, 2905, A, 1781049200050000000ULL, 83, 90, 2, 0},
      {"10.20.4.1", "10.20.4.2", 2905, 2905, I, 1781049300000000000ULL, 87, 90, 3, 0},
      {"10.20.4.2", "10.20.4.1", 2905, 2905, A, 1781049300050000000ULL, 88, 90, 1, 0},
  };
  const auto pk = tshark_packets(file);
  CHECK(exported.size() == aged.size());
  for (const auto& f : aged) {
    const Record* x = find(exported, f);
    REQUIRE_MESSAGE(x != nullptr,
                    "not aged: " << std::string(f.src) << ":" << f.sport << " > " << std::string(f.dst));
    check_flow(*x, f, pk);
    CHECK(x->age_type == AgeType::AgingTime);
  }
  const auto recs = r.eng.esqm_records(Protocol::Sctp);
  REQUIRE(recs.size() == live.size());
  for (std::size_t i = 0; i < live.size(); ++i) check_flow(recs[i], live[i], pk);  // creation order
  tshark_check(file, "-Y sctp.chunk_type==1 -T fields -e frame.number", 18);
  tshark_check(file, "-Y sctp.chunk_type==2 -T fields -e frame.number", 18);
  // tshark's own TSN analysis sees no retransmitted DATA either.
  tshark_check(file, "-o sctp.tsn_analysis:TRUE -Y sctp.retransmission -T fields -e frame.number", 0);
}
