// IP FPM reports and MCP: encode/decode, HMAC, validation and freshness, loss and delay arithmetic
// (P2P, P2MP, MP2MP, bidirectional), partial periods, late and duplicate reports, alarms; the
// bounds of the MCP history and of the DCP sender's unacknowledged reports.
#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <thread>

#include "dataplane/fpm/mcp.hpp"
#include "dataplane/fpm/report.hpp"
#include "dataplane/fpm/sender.hpp"
#include "test/support/dp_fixtures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane::fpm;

namespace {

constexpr std::uint32_t kD1 = 0x01010101, kD2 = 0x02020202, kD3 = 0x03030303;

ReportEntry entry(std::uint32_t tlp, bool in, std::uint64_t pk, std::uint8_t flow = 0,
                  std::optional<std::uint64_t> ts = std::nullopt) {
  ReportEntry e;
  e.tlp = tlp;
  e.in_point = in;
  e.flow = flow;
  e.packets = pk;
  e.bytes = pk * 100;
  e.delay_ts_ns = ts;
  return e;
}

Report report(std::uint32_t dcp, std::uint64_t period, std::uint64_t seq, std::vector<ReportEntry> es,
              bool partial = false) {
  Report r;
  r.dcp_id = dcp;
  r.instance = 1;
  r.period = period;
  r.seq = seq;
  r.partial = partial;
  r.entries = std::move(es);
  return r;
}

model::Mcp mcp_config(std::set<std::uint32_t> dcps, bool auth = false) {
  model::Mcp m;
  m.enabled = true;
  m.id = kD3;
  m.port = 2048;
  if (auth) m.auth = model::FpmAuth{1, "YsHsjx_202206"};
  m.instances[1].id = 1;
  m.instances[1].dcps = std::move(dcps);
  return m;
}

Verdict feed(Mcp& m, const Report& r, const std::optional<Auth>& a = std::nullopt) {
  const auto bytes = encode(r, a);
  return m.ingest(bytes);
}

}  // namespace

TEST_CASE("fpm report: encode/decode round trip, sizes and version checks") {
  Report r = report(kD1, 170000001, 42, {entry(100, true, 7, 0, 123456789), entry(200, false, 5, 1)}, true);
  r.interval = 60;
  const auto b = encode(r, std::nullopt);
  CHECK(b.size() == kReportHeaderSize + 2 * kReportEntrySize);
  const DecodedReport d = decode_report(b);
  REQUIRE(d.error == DecodeError::None);
  CHECK_FALSE(d.signed_);
  CHECK(d.report == r);

  auto bad = b;
  bad[4] = 3;
  CHECK(decode_report(bad).error == DecodeError::BadVersion);
  bad[4] = 0;
  CHECK(decode_report(bad).error == DecodeError::BadVersion);
  bad = b;
  bad.pop_back();
  CHECK(decode_report(bad).error == DecodeError::BadLength);
  CHECK(decode_report(std::vector<std::uint8_t>(b.begin(), b.begin() + 10)).error == DecodeError::Short);
  CHECK(decode_report(std::vector<std::uint8_t>(10, 0)).error == DecodeError::BadMagic);
  bad = b;
  bad[0] = 'X';
  CHECK(decode_report(bad).error == DecodeError::BadMagic);

  const auto ack = decode_ack(encode_ack({kD1, 1, 42}));
  REQUIRE(ack);
  CHECK(ack->seq == 42);
}

TEST_CASE("fpm report: HMAC-SHA256 over the whole datagram") {
  const Report r = report(kD1, 5, 1, {entry(100, true, 3)});
  const auto b = encode(r, Auth{1, "secret"});
  CHECK(b.size() == kReportHeaderSize + kReportEntrySize + kHmacSize);
  CHECK(verify(b, "secret"));
  CHECK_FALSE(verify(b, "Secret"));
  auto tampered = b;
  tampered[kReportHeaderSize + 15] ^= 1;  // packet count
  CHECK_FALSE(verify(tampered, "secret"));
  CHECK_FALSE(verify(encode(r, std::nullopt), "secret"));
  CHECK(decode_report(b).key_id == 1);
}

TEST_CASE("fpm mcp: validation drops and counts unknown DCPs, instances, bad or missing HMAC") {
  Mcp m;
  m.configure(mcp_config({kD1, kD2}, true));
  const Auth good{1, "YsHsjx_202206"};
  CHECK(feed(m, report(kD1, 5, 1, {entry(100, true, 3)}), good).accepted);
  CHECK(feed(m, report(kD1, 5, 2, {entry(100, true, 3)}), Auth{1, "wrong"}).why == Drop::AuthFailed);
  CHECK(feed(m, report(kD1, 5, 3, {entry(100, true, 3)}), Auth{2, "YsHsjx_202206"}).why == Drop::AuthFailed);
  CHECK(feed(m, report(kD1, 5, 4, {entry(100, true, 3)})).why == Drop::AuthMissing);
  CHECK(feed(m, report(kD3, 5, 5, {entry(100, true, 3)}), good).why == Drop::UnknownDcp);
  Report other = report(kD1, 5, 6, {});
  other.instance = 9;
  CHECK(feed(m, other, good).why == Drop::UnknownInstance);
  CHECK(m.ingest(std::vector<std::uint8_t>(7, 0)).why == Drop::Malformed);
  const auto c = m.counters();
  CHECK(c.accepted == 1);
  CHECK(c.dropped[static_cast<std::size_t>(Drop::AuthFailed)] == 2);
  CHECK(c.dropped[static_cast<std::size_t>(Drop::AuthMissing)] == 1);
  CHECK(c.received == 7);

  Mcp plain;
  plain.configure(mcp_config({kD1}));
  CHECK(feed(plain, report(kD1, 5, 1, {}), good).why == Drop::AuthUnexpected);
  auto cfg = mcp_config({kD1});
  cfg.instances[1].measure_disabled = true;
  plain.configure(cfg);
  CHECK(feed(plain, report(kD1, 5, 2, {})).why == Drop::MeasureDisabled);
}

TEST_CASE("fpm mcp: duplicate sequence numbers are dropped but acknowledged; newer reports replace older") {
  Mcp m;
  m.configure(mcp_config({kD1, kD2}));
  CHECK(feed(m, report(kD1, 7, 10, {entry(100, true, 10)})).accepted);
  const Verdict dup = feed(m, report(kD1, 7, 10, {entry(100, true, 99)}));
  CHECK(dup.why == Drop::Duplicate);
  CHECK(dup.ack.has_value());
  CHECK(feed(m, report(kD2, 7, 3, {entry(200, false, 8)})).accepted);
  auto rows = m.rows(1);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].flow[0].loss_packets == 2);
  // A re-report of the period (cumulative counts, higher sequence number) replaces the first.
  CHECK(feed(m, report(kD1, 7, 11, {entry(100, true, 12)})).accepted);
  // An older report arriving late does not undo it.
  CHECK(feed(m, report(kD1, 7, 9, {entry(100, true, 1)})).accepted);
  rows = m.rows(1);
  CHECK(rows[0].flow[0].in_packets == 12);
  CHECK(rows[0].flow[0].loss_packets == 4);
  CHECK(m.counters().replaced == 1);
}

TEST_CASE("fpm report: version 2 carries mid-point entries; version 1 reports are still accepted") {
  ReportEntry mid = entry(200, false, 9, 0, 5);
  mid.mid = true;
  Report r = report(kD2, 8, 3, {mid, entry(310, false, 4)});
  auto b = encode(r, std::nullopt);
  CHECK(b[4] == 2);
  CHECK(decode_report(b).report == r);
  // A version-1 DCP: same layout, no mid-point flag; a stray bit 2 is not read as one.
  b[4] = 1;
  const DecodedReport v1 = decode_report(b);
  REQUIRE(v1.error == DecodeError::None);
  CHECK_FALSE(v1.report.entries[0].mid);
  CHECK(v1.report.entries[0].packets == 9);
  // Acknowledgements keep version 1, so DCPs of either version take them.
  CHECK(encode_ack({kD1, 1, 42})[4] == 1);
}

TEST_CASE("fpm mcp: ACH results are the in-group against the out-group; the instance ignores mid-points") {
  // The vendor's hop-by-hop example: UPE (D1, in-point 100) -> SPE1 (D2, mid-point 200) -> NPE (D3,
  // out-point 310); ACH 1 = UPE -> SPE1, ACH 2 = SPE1 -> NPE.
  model::Mcp cfg = mcp_config({kD1, kD2, kD3});
  model::Ach a1{1, model::FlowDir::Forward, {{kD1, 100}}, {{kD2, 200}}};
  model::Ach a2{2, model::FlowDir::Forward, {{kD2, 200}}, {{kD3, 310}}};
  cfg.instances[1].achs = {{1, a1}, {2, a2}};
  Mcp m;
  m.configure(cfg);
  const std::uint64_t t = 1700000000ULL * 1000000000ULL;
  ReportEntry mid = entry(200, false, 97, 0, t + 300000);  // 3 lost on hop 1, 300 us
  mid.mid = true;
  feed(m, report(kD1, 8, 1, {entry(100, true, 100, 0, t)}));
  feed(m, report(kD2, 8, 1, {mid}));
  feed(m, report(kD3, 8, 1, {entry(310, false, 90, 0, t + 1000000)}));  // 7 more on hop 2, 700 us
  const auto inst = m.rows(1);
  REQUIRE(inst.size() == 1);
  CHECK(inst[0].complete);
  CHECK(inst[0].flow[0].in_packets == 100);
  CHECK(inst[0].flow[0].out_packets == 90);
  CHECK(inst[0].flow[0].loss_packets == 10);
  CHECK(inst[0].flow[0].delay_us == 1000);
  const auto h1 = m.rows(1, 12, 1);
  REQUIRE(h1.size() == 1);
  CHECK(h1[0].complete);
  CHECK(h1[0].flow[0].loss_packets == 3);
  CHECK(h1[0].flow[0].loss_ratio_packets == doctest::Approx(3.0));
  CHECK(h1[0].flow[0].delay_us == 300);
  CHECK_FALSE(h1[0].flow[1].has);
  const auto h2 = m.rows(1, 12, 2);
  CHECK(h2[0].flow[0].in_packets == 97);
  CHECK(h2[0].flow[0].loss_packets == 7);
  CHECK(h2[0].flow[0].delay_us == 700);
  CHECK(m.rows(1, 12, 3).empty());  // no such ACH
  // What `verbose` shows: the times each delay came from and the DCP/TLP that took them.
  CHECK(inst[0].flow[0].t1_ns == t);
  CHECK(inst[0].flow[0].t2_ns == t + 1000000);
  CHECK(inst[0].flow[0].t1_dcp == kD1);
  CHECK(inst[0].flow[0].t1_tlp == 100);
  CHECK(inst[0].flow[0].t2_dcp == kD3);
  CHECK(inst[0].flow[0].t2_tlp == 310);
  CHECK(h2[0].flow[0].t1_ns == t + 300000);
  CHECK(h2[0].flow[0].t1_dcp == kD2);
  CHECK(h2[0].flow[0].t1_tlp == 200);
  CHECK(h2[0].flow[0].t2_dcp == kD3);
  // An ACH's row is complete once the DCPs of its groups reported, whatever the others did.
  feed(m, report(kD1, 9, 2, {entry(100, true, 10, 0)}));
  feed(m, report(kD2, 9, 2, {mid}));
  CHECK(m.rows(1, 12, 1)[0].complete);
  CHECK_FALSE(m.rows(1, 12, 2)[0].complete);
  CHECK_FALSE(m.rows(1)[0].complete);
}

TEST_CASE("fpm mcp: P2P, P2MP and MP2MP loss; out-of-order reports; completeness") {
  SUBCASE("P2P") {
    Mcp m;
    m.configure(mcp_config({kD1, kD2}));
    feed(m, report(kD2, 8, 1, {entry(200, false, 80)}));  // the out-point first
    auto rows = m.rows(1);
    CHECK_FALSE(rows[0].complete);
    feed(m, report(kD1, 8, 1, {entry(100, true, 100)}));
    rows = m.rows(1);
    CHECK(rows[0].complete);
    CHECK(rows[0].flow[0].loss_packets == 20);
    CHECK(rows[0].flow[0].loss_bytes == 2000);
    CHECK(rows[0].flow[0].loss_ratio_packets == doctest::Approx(20.0));
  }
  SUBCASE("P2MP: one in-point, two out-points on two DCPs") {
    Mcp m;
    m.configure(mcp_config({kD1, kD2, kD3}));
    feed(m, report(kD1, 8, 1, {entry(100, true, 100)}));
    feed(m, report(kD2, 8, 1, {entry(200, false, 60)}));
    feed(m, report(kD3, 8, 1, {entry(300, false, 35)}));
    const auto rows = m.rows(1);
    CHECK(rows[0].complete);
    CHECK(rows[0].flow[0].loss_packets == 5);
  }
  SUBCASE("MP2MP: two in-points on one DCP, two out-points") {
    Mcp m;
    m.configure(mcp_config({kD1, kD2}));
    feed(m, report(kD1, 8, 1, {entry(100, true, 50), entry(101, true, 70)}));
    feed(m, report(kD2, 8, 1, {entry(200, false, 40), entry(201, false, 77)}));
    CHECK(m.rows(1)[0].flow[0].loss_packets == 3);
  }
}

TEST_CASE("fpm mcp: one-way and two-way delay with variation; partial periods are not computed") {
  Mcp m;
  m.configure(mcp_config({kD1, kD2}));
  const std::uint64_t t = 1700000000ULL * 1000000000ULL;
  for (std::uint64_t p = 0; p < 3; ++p) {
    const std::uint64_t t1 = t + p * 10000000000ULL, t3 = t1 + 500000000ULL;
    const std::uint64_t fwd = 400000 + p * 10000, bwd = 300000;  // ns
    feed(m, report(kD1, 100 + p, 1 + p, {entry(100, true, 10, 0, t1), entry(100, false, 10, 1, t3 + bwd)}));
    feed(m, report(kD2, 100 + p, 1 + p, {entry(310, false, 10, 0, t1 + fwd), entry(310, true, 10, 1, t3)},
                   p == 2));
  }
  const auto rows = m.rows(1);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].partial);
  CHECK_FALSE(rows[0].flow[0].delay_us);
  CHECK(rows[1].flow[0].delay_us == 410);
  CHECK(rows[1].flow[0].variation_us == 10);
  CHECK(rows[1].flow[1].delay_us == 300);
  CHECK(rows[1].twoway_us == 710);
  CHECK(rows[1].twoway_variation_us == 10);
  CHECK(rows[2].twoway_us == 700);
  CHECK(rows[2].twoway_variation_us == 0);
  CHECK(rows[2].flow[0].loss_packets == 0);
  CHECK(rows[2].flow[1].loss_packets == 0);
}

TEST_CASE("fpm mcp: five periods above the upper limit raise the loss alarm, five below clear it") {
  Mcp m;
  auto cfg = mcp_config({kD1, kD2});
  cfg.instances[1].loss_threshold = model::Threshold{"10.000000", "5.000000"};
  m.configure(cfg);
  std::vector<std::string> log;
  m.set_log([&](const std::string& l) { log.push_back(l); });
  std::uint64_t seq = 1;
  auto period = [&](std::uint64_t p, std::uint64_t out) {
    feed(m, report(kD1, p, seq, {entry(100, true, 100)}));
    feed(m, report(kD2, p, seq, {entry(200, false, out)}));
    ++seq;
  };
  for (std::uint64_t p = 1; p <= 4; ++p) period(p, 80);
  CHECK(log.empty());
  period(5, 80);
  REQUIRE(log.size() == 1);
  CHECK(log[0].rfind("IPFPM/2/hwIpfpmLossRatioExceed_active: ", 0) == 0);
  CHECK(log[0].find("LossRatio=20.000000") != std::string::npos);
  CHECK(m.active_alarms().size() == 1);
  for (std::uint64_t p = 6; p <= 9; ++p) period(p, 99);
  CHECK(log.size() == 1);
  period(10, 99);
  REQUIRE(log.size() == 2);
  CHECK(log[1].rfind("IPFPM/2/hwIpfpmLossRatioExceed_clear: ", 0) == 0);
  CHECK(m.active_alarms().empty());
}

TEST_CASE("fpm mcp: an ACH raises its own alarms (hwIpfpmMulti...) for its hop, the instance its own") {
  // UPE (D1, in-point 100) -> SPE1 (D2, mid-point 200) -> NPE (D3, out-point 310). Hop 1 loses 2%,
  // hop 2 loses 20% and adds 900 us: only ACH 2 crosses the thresholds, the instance's 21.6%
  // loss raises the instance's alarm.
  model::Mcp cfg = mcp_config({kD1, kD2, kD3});
  cfg.instances[1].achs = {{1, model::Ach{1, model::FlowDir::Forward, {{kD1, 100}}, {{kD2, 200}}}},
                           {2, model::Ach{2, model::FlowDir::Forward, {{kD2, 200}}, {{kD3, 310}}}}};
  cfg.instances[1].loss_threshold = model::Threshold{"10.000000", "5.000000"};
  cfg.instances[1].oneway_threshold = model::Threshold{"500", "200"};
  Mcp m;
  m.configure(cfg);
  std::vector<std::string> log;
  m.set_log([&](const std::string& l) { log.push_back(l); });
  std::uint64_t seq = 1;
  auto period = [&](std::uint64_t p, std::uint64_t mid_pk, std::uint64_t out_pk, std::uint64_t hop2_ns) {
    const std::uint64_t t = (1700000000ULL + p * 10) * 1000000000ULL;
    ReportEntry mid = entry(200, false, mid_pk, 0, t + 100000);
    mid.mid = true;
    feed(m, report(kD1, p, seq, {entry(100, true, 100, 0, t)}));
    feed(m, report(kD2, p, seq, {mid}));
    feed(m, report(kD3, p, seq, {entry(310, false, out_pk, 0, t + 100000 + hop2_ns)}));
    ++seq;
  };
  for (std::uint64_t p = 1; p <= 5; ++p) period(p, 98, 78, 900000);
  REQUIRE(log.size() == 4);
  auto has = [&](const std::string& start, const std::string& part) {
    for (const auto& l : log)
      if (l.rfind(start, 0) == 0 && l.find(part) != std::string::npos) return true;
    return false;
  };
  CHECK(has("IPFPM/2/hwIpfpmLossRatioExceed_active: The loss ratio of IPFPM test instance", "AchId=0,"));
  CHECK(has("IPFPM/2/hwIpfpmOneDelayExceed_active: ", "AchId=0,"));  // 1000 us end to end
  CHECK(
      has("IPFPM/3/hwIpfpmMultiLossRatioExceed_active: The loss ratio of one link in an IPFPM test instance",
          "AchId=2, IpfpmMcpSeqNoHigh=0, IpfpmMcpSeqNoLow=5, FlowType=Forward, LossRatio=20.408163"));
  CHECK(has(
      "IPFPM/3/hwIpfpmMultiOneDelayExceed_active: The one-way delay of one link",
      "AchId=2, IpfpmMcpSeqNoHigh=0, IpfpmMcpSeqNoLow=5, FlowType=Forward, SourceDCP=2.2.2.2, SourceTLP=200, "
      "DestinationDCP=3.3.3.3, DestinationTLP=310, OneDelay=900"));
  CHECK_FALSE(has("IPFPM/3/", "AchId=1,"));
  const std::vector<std::string> active = m.active_alarms();
  CHECK(active == std::vector<std::string>{"hwIpfpmLossRatioExceed instance 1 forward",
                                           "hwIpfpmOneDelayExceed instance 1 forward",
                                           "hwIpfpmMultiLossRatioExceed instance 1 ach 2 forward",
                                           "hwIpfpmMultiOneDelayExceed instance 1 ach 2 forward"});
  // Hop 2 repaired: five good periods clear its alarms and the instance's.
  for (std::uint64_t p = 6; p <= 10; ++p) period(p, 98, 98, 50000);
  CHECK(has("IPFPM/3/hwIpfpmMultiLossRatioExceed_clear: ", "AchId=2,"));
  CHECK(has("IPFPM/3/hwIpfpmMultiOneDelayExceed_clear: ", "AchId=2,"));
  CHECK(has("IPFPM/2/hwIpfpmLossRatioExceed_clear: ", "AchId=0,"));
  CHECK(m.active_alarms().empty());
}

TEST_CASE("fpm mcp: the newest kMcpHistory periods and a kSeqWindow of sequence numbers are kept") {
  Mcp m;
  m.configure(mcp_config({kD1}));
  const std::uint64_t n = kMcpHistory + 10;
  for (std::uint64_t p = 0; p < n; ++p)
    REQUIRE(feed(m, report(kD1, p, p + 1, {entry(100, true, 5)})).accepted);
  auto rows = m.rows(1, 10 * kMcpHistory);
  REQUIRE(rows.size() == kMcpHistory);
  CHECK(rows.front().period == n - 1);
  CHECK(rows.back().period == n - kMcpHistory);
  // A period older than the kept ones is stale, even with a fresh sequence number.
  const Verdict old = feed(m, report(kD1, n - kMcpHistory - 1, n + 1, {entry(100, true, 5)}));
  CHECK(old.why == Drop::Stale);
  CHECK(old.ack.has_value());
  // So is a sequence number older than the window, even for a kept period.
  REQUIRE(feed(m, report(kD1, n - 1, kSeqWindow + 100, {entry(100, true, 6)})).accepted);
  CHECK(feed(m, report(kD1, n - 1, 100, {entry(100, true, 7)})).why == Drop::Stale);
  CHECK(m.counters().dropped[static_cast<std::size_t>(Drop::Stale)] == 2);
  CHECK(m.rows(1, 10 * kMcpHistory).size() == kMcpHistory);
}

TEST_CASE("fpm sender: at most kMaxPending unacknowledged reports are kept; older ones expire") {
  std::uint16_t port = 0;
  const int fd = testsupport::bound_loopback_socket(SOCK_DGRAM, port);  // an MCP that never acknowledges
  REQUIRE(fd >= 0);
  ReportSender s;
  const Destination dest{INADDR_LOOPBACK, port, std::nullopt};
  const std::uint64_t n = kMaxPending + 30;
  for (std::uint64_t p = 0; p < n; ++p) s.send(report(kD1, p, p + 1, {entry(100, true, 5)}), dest);
  const SenderCounters c = s.counters();
  CHECK(c.sent + c.send_errors == n);
  CHECK(c.pending == kMaxPending);
  CHECK(c.expired == n - kMaxPending);
  CHECK(c.acked == 0);
  close(fd);
}

TEST_CASE("fpm sender: settle() returns once the MCP has acknowledged every report sent") {
  std::uint16_t port = 0;
  const int fd = testsupport::bound_loopback_socket(SOCK_DGRAM, port);
  REQUIRE(fd >= 0);
  constexpr int kReports = 20;
  // An MCP in another thread that acknowledges each report as it arrives, as McpService does.
  std::thread mcp([fd] {
    std::array<std::uint8_t, 2048> buf{};
    for (int i = 0; i < kReports; ++i) {
      sockaddr_in from{};
      socklen_t fl = sizeof from;
      const ssize_t n = recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &fl);
      if (n <= 0) return;
      const DecodedReport d =
          decode_report(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n)));
      const auto ack = encode_ack(Ack{d.report.dcp_id, d.report.instance, d.report.seq});
      sendto(fd, ack.data(), ack.size(), 0, reinterpret_cast<const sockaddr*>(&from), fl);
    }
  });
  ReportSender s;
  const Destination dest{INADDR_LOOPBACK, port, std::nullopt};
  for (int p = 0; p < kReports; ++p)
    s.send(
        report(kD1, static_cast<std::uint64_t>(p), static_cast<std::uint64_t>(p) + 1, {entry(100, true, 5)}),
        dest);
  s.settle();
  const SenderCounters c = s.counters();
  CHECK(c.sent == kReports);
  CHECK(c.acked == kReports);
  CHECK(c.pending == 0);
  mcp.join();
  close(fd);
}

TEST_CASE("fpm sender: a refused MCP port ends settle(); the next settle() re-sends the refused reports") {
  std::uint16_t port = 0;
  const int fd = testsupport::bound_loopback_socket(SOCK_DGRAM, port);
  REQUIRE(fd >= 0);
  close(fd);  // nothing listens there now: the kernel answers ICMP port unreachable
  ReportSender s;
  const Destination dest{INADDR_LOOPBACK, port, std::nullopt};
  constexpr std::uint64_t kReports = 5;
  for (std::uint64_t p = 0; p < kReports; ++p) s.send(report(kD1, p, p + 1, {entry(100, true, 5)}), dest);
  s.settle();  // ends when all are refused (re-sending those refused before it started)
  const std::uint64_t resent = s.counters().resent;
  s.settle();  // every report is marked refused now: each is re-sent once
  const SenderCounters c = s.counters();
  CHECK(c.resent == resent + kReports);
  CHECK(c.pending == kReports);
  CHECK(c.acked == 0);
}

TEST_CASE("fpm sender: a report for the MCP of this process is handed to it, not sent") {
  Mcp m;
  m.configure(mcp_config({kD1}));
  ReportSender s;
  s.set_local([&m](const Destination& d, std::span<const std::uint8_t> bytes, bool& acked) {
    if (!m.is_addressed(d.mcp_id, d.port)) return false;
    acked = m.ingest(bytes).ack.has_value();
    return true;
  });
  s.send(report(kD1, 7, 1, {entry(100, true, 5)}), Destination{kD3, 2048, std::nullopt});
  s.send(report(kD2, 7, 2, {entry(200, false, 5)}), Destination{kD3, 2048, std::nullopt});  // not a dcp line
  const SenderCounters c = s.counters();
  CHECK(c.sent == 2);
  CHECK(c.local == 2);
  CHECK(c.acked == 1);
  CHECK(c.pending == 0);
  CHECK(m.counters().accepted == 1);
  CHECK(m.counters().dropped[static_cast<std::size_t>(Drop::UnknownDcp)] == 1);
  CHECK_FALSE(m.is_addressed(kD3, 2049));
  CHECK_FALSE(m.is_addressed(kD1, 2048));
}

TEST_CASE("fpm mcp: the result sink gets each final result once, again when a report changes it") {
  model::Mcp cfg = mcp_config({kD1, kD2});
  cfg.instances[1].achs = {{1, model::Ach{1, model::FlowDir::Forward, {{kD1, 100}}, {{kD2, 200}}}}};
  Mcp m;
  m.configure(cfg);
  struct Got {
    std::uint32_t ach;
    std::uint64_t period;
    std::int64_t loss;
    std::uint8_t flows;
  };
  std::vector<Got> got;
  m.set_result_sink([&got](const McpResult& r) {
    CHECK(r.instance == 1);
    CHECK(r.mcp_id == kD3);
    CHECK(r.interval == 10);
    got.push_back({r.ach, r.row->period, r.row->flow[0].loss_packets, r.flows});
  });
  feed(m, report(kD1, 8, 1, {entry(100, true, 100)}));
  CHECK(got.empty());  // not complete yet
  feed(m, report(kD2, 8, 1, {entry(200, false, 96)}));
  REQUIRE(got.size() == 2);  // the instance end to end, then ACH 1
  CHECK(got[0].ach == 0);
  CHECK(got[0].flows == 3);
  CHECK(got[0].loss == 4);
  CHECK(got[1].ach == 1);
  CHECK(got[1].flows == 1);
  CHECK(got[1].loss == 4);
  feed(m, report(kD2, 8, 2, {entry(200, false, 96)}));  // the same numbers again: nothing new
  CHECK(got.size() == 2);
  feed(m, report(kD2, 8, 3, {entry(200, false, 98)}));  // late packets changed the period
  REQUIRE(got.size() == 4);
  CHECK(got[2].loss == 2);
  CHECK(got[3].loss == 2);
  // A partial period is not final: nothing is computed for it.
  feed(m, report(kD1, 9, 2, {entry(100, true, 50)}, true));
  feed(m, report(kD2, 9, 4, {entry(200, false, 50)}));
  CHECK(got.size() == 4);
}
