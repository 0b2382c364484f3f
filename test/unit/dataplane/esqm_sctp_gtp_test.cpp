#include <doctest/doctest.h>

#include <sstream>

#include "esqm_harness.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;
using esqm::AgeType;
using esqm::FlowType;
using esqm::Protocol;

namespace {
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}
}  // namespace

TEST_CASE("esqm sctp: INIT retransmission, DATA TSN retransmission, SHUTDOWN ages at once") {
  Harness h;
  const std::string exp = h.dir + "/export.json";
  h.eng.set_export_file(exp);
  PcapFile f;
  const std::string a = "10.1.1.10", b = "10.9.9.9";
  f.add(kT0, sctp_frame(a, b, {sctp_init(0x1111, 1)}));
  f.add(kT0 + 3 * kSec, sctp_frame(a, b, {sctp_init(0x1111, 1)}));  // same initiate tag
  f.add(kT0 + 4 * kSec, sctp_frame(a, b, {sctp_data(1), sctp_data(2)}));
  f.add(kT0 + 5 * kSec, sctp_frame(a, b, {sctp_data(2)}));  // retrans
  f.add(kT0 + 5 * kSec, sctp_frame(a, b, {sctp_data(3)}));
  f.add(kT0 + 6 * kSec, sctp_frame(a, b, {sctp_data(1), sctp_data(4)}));  // one counted per packet
  h.run(f);
  auto recs = h.eng.esqm_records(Protocol::Sctp);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].flow_type == FlowType::SctpInit);
  CHECK(recs[0].packet_num == 6);
  CHECK(recs[0].retrans_num == 3);
  CHECK(recs[0].protocol == 132);

  PcapFile g;
  g.add(kT0 + 7 * kSec, sctp_frame(a, b, {sctp_chunk(7, 4)}));
  h.run(g);
  CHECK(h.eng.esqm_records().empty());
  const auto st = h.eng.esqm_stats();
  CHECK(st.aged[static_cast<std::size_t>(AgeType::SctpShutdown)] == 1);
  const auto lines = lines_of(read_text(exp));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find("\"age-type\":\"AgeType_SCTPX_SHUTDOWN\"") != std::string::npos);
  CHECK(lines[0].find("\"packet-num\":\"7\"") != std::string::npos);
  CHECK(lines[0].find("\"retrans-num\":\"3\"") != std::string::npos);
  CHECK(lines[0].rfind("{\"tcp-datas\":{\"tcp-data\":[{", 0) == 0);
}

TEST_CASE("esqm sctp: SACK creates mid-way, DATA alone does not; SHUTDOWN ACK and ABORT age types") {
  Harness h;
  PcapFile f;
  f.add(kT0, sctp_frame("10.1.1.10", "10.9.9.1", {sctp_data(50)}));
  f.add(kT0, sctp_frame("10.1.1.10", "10.9.9.2", {sctp_sack(9)}));
  f.add(kT0, sctp_frame("10.1.1.10", "10.9.9.3", {sctp_init(7, 1, true)}));
  f.add(kT0, sctp_frame("10.1.1.10", "10.9.9.4", {sctp_init(8, 1)}));
  h.run(f);
  auto recs = h.eng.esqm_records(Protocol::Sctp);
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].flow_type != recs[1].flow_type);
  int sack = 0, init_ack = 0;
  for (const auto& r : recs) {
    sack += r.flow_type == FlowType::SctpSack;
    init_ack += r.flow_type == FlowType::SctpInitAck;
  }
  CHECK(sack == 1);
  CHECK(init_ack == 1);
  PcapFile g;
  g.add(kT0 + kSec, sctp_frame("10.1.1.10", "10.9.9.2", {sctp_chunk(8)}));
  g.add(kT0 + kSec, sctp_frame("10.1.1.10", "10.9.9.3", {sctp_chunk(6)}));
  h.run(g);
  const auto st = h.eng.esqm_stats();
  CHECK(st.aged[static_cast<std::size_t>(AgeType::SctpShutdownAck)] == 1);
  CHECK(st.aged[static_cast<std::size_t>(AgeType::SctpAbort)] == 1);
  CHECK(st.entries[static_cast<std::size_t>(Protocol::Sctp)] == 1);

  auto c = two_port_config();
  c->esqm.sctp_disable = true;
  Harness off(c);
  off.run(f);
  CHECK(off.eng.esqm_records().empty());
}

TEST_CASE("esqm aging: idle entries age on packet time; SCTP aging applies to later entries") {
  auto c = two_port_config();
  Harness h(c);
  const std::string exp = h.dir + "/export.json";
  h.eng.set_export_file(exp);
  PcapFile f;
  f.add(kT0, tcp_frame("10.1.1.10", "10.9.9.9", 1, 2, 5, tcp_flags::kSyn));
  f.add(kT0, sctp_frame("10.1.1.10", "10.9.9.9", {sctp_init(1, 1)}));
  f.add(kT0 + 300 * kSec,
        tcp_frame("10.1.1.10", "10.9.9.9", 1, 2, 6, tcp_flags::kAck));  // exactly 300 s: alive
  h.run(f);
  CHECK(h.eng.esqm_records().size() == 2);
  // The end of a file does not age anything.
  CHECK(read_text(exp).empty());

  c->esqm.sctp_aging = 10;
  h.eng.apply(c);
  PcapFile g;
  g.add(kT0 + 301 * kSec, sctp_frame("10.1.1.10", "10.9.9.8", {sctp_init(2, 1)}));  // aging 10 s
  g.add(kT0 + 305 * kSec, tcp_frame("10.1.1.20", "10.9.9.9", 1, 2, 6, tcp_flags::kAck));
  h.run(g);
  // The first SCTP entry (300 s aging, idle 305 s) is gone; the new one (10 s) is not yet.
  auto recs = h.eng.esqm_records(Protocol::Sctp);
  REQUIRE(recs.size() == 1);
  CHECK(recs[0].dst.str() == "10.9.9.8");
  CHECK(recs[0].aging_seconds == 10);
  PcapFile k;
  k.add(kT0 + 312 * kSec, tcp_frame("10.1.1.20", "10.9.9.9", 1, 2, 6, tcp_flags::kAck));
  h.run(k);
  CHECK(h.eng.esqm_records(Protocol::Sctp).empty());
  CHECK(h.eng.esqm_records(Protocol::Tcp).size() == 1);
  h.eng.flush_aging(kT0 + 601 * kSec);
  CHECK(h.eng.esqm_records().empty());
  const auto st = h.eng.esqm_stats();
  CHECK(st.aged[static_cast<std::size_t>(AgeType::AgingTime)] == 3);
  const auto lines = lines_of(read_text(exp));
  REQUIRE(lines.size() == 3);
  for (const auto& l : lines) CHECK(l.find("AgeType_AGINGX_TIME") != std::string::npos);
}

TEST_CASE("esqm aging: an entry overdue by the last packet of a replay is aged, even within a second") {
  Harness h;
  PcapFile f;
  f.add(kT0, sctp_frame("10.1.1.10", "10.9.9.9", {sctp_init(1, 1)}));
  // Other keys only: the first is exactly 300 s later (alive), the last 100 ms after it, in the
  // same packet-second, when the first entry has been idle for 300.1 s.
  f.add(kT0 + 300 * kSec, sctp_frame("10.1.1.10", "10.9.9.8", {sctp_init(2, 1)}));
  f.add(kT0 + 300 * kSec + kSec / 10, sctp_frame("10.1.1.10", "10.9.9.7", {sctp_init(3, 1)}));
  h.run(f);
  const auto recs = h.eng.esqm_records(Protocol::Sctp);
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].dst.str() == "10.9.9.8");
  CHECK(recs[1].dst.str() == "10.9.9.7");
  CHECK(h.eng.esqm_stats().aged[static_cast<std::size_t>(AgeType::AgingTime)] == 1);
  // A file older than the engine's time does not move it: its end ages nothing.
  PcapFile old;
  old.add(kT0 - 1000 * kSec, sctp_frame("10.1.1.10", "10.9.9.6", {sctp_init(4, 1)}));
  h.run(old);
  CHECK(h.eng.esqm_records(Protocol::Sctp).size() == 3);
  CHECK(h.eng.esqm_stats().aged[static_cast<std::size_t>(AgeType::AgingTime)] == 1);
}

TEST_CASE("esqm gtp: echo series keeps heartbeat time/type, IP ids and bytes") {
  Harness h;
  PcapFile f;
  const std::string a = "10.1.1.10", b = "10.9.9.9";
  const Bytes req1 = gtp_frame(a, b, 1, 5);
  const Bytes gpdu = ethernet(
      ipv4(a, b, 17, udp(2152, 2152, gtp(255, 9, ipv4("1.1.1.1", "2.2.2.2", 1, Bytes(8, 0)), 0, false)),
           {64, 6, 0}));
  const Bytes req2 = gtp_frame(a, b, 1, 7);
  f.add(kT0, req1);
  f.add(kT0 + kSec, gpdu);
  f.add(kT0 + 2 * kSec + 5, req2);
  f.add(kT0 + 3 * kSec, gtp_frame(b, a, 2, 40));  // response: the reverse flow
  f.add(kT0 + 3 * kSec,
        ethernet(ipv4(a, "10.9.9.7", 17, udp(2152, 2152, gtp(255, 9, {}, 0, false)))));  // G-PDU: no creation
  h.run(f);
  auto recs = h.eng.esqm_records(Protocol::Gtp);
  REQUIRE(recs.size() == 2);
  const auto& r = recs[0];
  CHECK(r.flow_type == FlowType::Gtp);
  CHECK(r.packet_num == 3);
  CHECK(r.packet_bytes == (req1.size() - 14) + (gpdu.size() - 14) + (req2.size() - 14));
  CHECK(r.heartbeat_ns == kT0 + 2 * kSec + 5);
  CHECK(r.packet_type == esqm::PacketType::Heartbeat);
  CHECK(r.last_ip_id == 6);
  CHECK(r.curr_ip_id == 7);
  CHECK(recs[1].packet_type == esqm::PacketType::HeartbeatResponse);
  CHECK(recs[1].packet_num == 1);
  CHECK(recs[1].last_ip_id == 0);
  CHECK(recs[1].curr_ip_id == 40);

  auto c = two_port_config();
  c->esqm.gtp_disable = true;
  Harness off(c);
  off.run(f);
  CHECK(off.eng.esqm_records().empty());
}

TEST_CASE("esqm reset clears the entries without exporting, reset statistics the counters") {
  Harness h;
  const std::string exp = h.dir + "/export.json";
  h.eng.set_export_file(exp);
  PcapFile f;
  f.add(kT0, gtp_frame("10.1.1.10", "10.9.9.9", 1, 5));
  h.run(f);
  REQUIRE(h.eng.esqm_records().size() == 1);
  h.eng.esqm_reset_statistics();
  CHECK(h.eng.esqm_records().size() == 1);
  CHECK(h.eng.esqm_stats().created[2] == 0);
  CHECK(h.eng.esqm_stats().entries[2] == 1);
  h.run(f);  // the same packet again counts into the entry
  CHECK(h.eng.esqm_stats().updated_packets == 1);
  h.eng.esqm_reset();
  CHECK(h.eng.esqm_records().empty());
  CHECK(h.eng.esqm_stats().entries[2] == 0);
  CHECK(h.eng.esqm_stats().updated_packets == 1);
  h.eng.flush_aging(kT0 + 1000 * kSec);
  CHECK(read_text(exp).empty());
}
