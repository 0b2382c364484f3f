// IP FPM DCP: colour bit positions, checksum updates, in-point marking parity and delay marks,
// out-point attribution by colour under reordering, backward-flow roles, period closing.
#include <doctest/doctest.h>

#include "dataplane/decode.hpp"
#include "dataplane/fpm/color.hpp"
#include "dataplane/fpm/dcp.hpp"
#include "test/support/pcap_builder.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

constexpr std::uint64_t kS = kNsPerSecond;

std::uint16_t ip_sum(const std::uint8_t* p) {
  std::uint32_t s = 0;
  for (int i = 0; i < 20; i += 2) s += (std::uint32_t{p[i]} << 8) | p[i + 1];
  while ((s >> 16) != 0) s = (s & 0xffffu) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

model::Config dcp_config(bool in_point, bool ingress, model::FlowDir dir = model::FlowDir::Forward) {
  model::Config c;
  c.ipfpm.dcp.enabled = true;
  c.ipfpm.dcp.id = 0x01010101;
  c.ipfpm.dcp.mcp = model::McpRef{0x03030303, 2048, ""};
  model::DcpInstance& i = c.ipfpm.dcp.instances[1];
  i.id = 1;
  model::FpmFlow f;
  f.dir = dir;
  f.source = std::make_pair(0x0a010101u, 32);
  f.destination = std::make_pair(0x0a020101u, 32);
  i.flows[dir] = f;
  i.tlps[100] = model::FpmTlp{100, in_point, ingress, {}};
  i.loss_continual = true;
  i.delay = model::DelayMeasure{false, 100, false};
  model::Interface itf;
  itf.name = "GigabitEthernet0/1/0";
  itf.ipfpm_tlps = {100};
  c.interfaces.push_back(itf);
  return c;
}

struct Pkt {
  Bytes bytes;
  Decoded d;
  explicit Pkt(const std::string& src = "10.1.1.1", const std::string& dst = "10.2.1.1",
               std::uint8_t tos = 0) {
    bytes = ipv4(src, dst, 17, udp(1, 2, Bytes(72, 0)));
    bytes[1] = tos;
    bytes[10] = bytes[11] = 0;
    const std::uint16_t s = ip_sum(bytes.data());
    bytes[10] = static_cast<std::uint8_t>(s >> 8);
    bytes[11] = static_cast<std::uint8_t>(s);
    RawPacket raw{0, static_cast<std::uint32_t>(bytes.size()), static_cast<std::uint32_t>(bytes.size()), 101,
                  bytes.data()};
    REQUIRE(decode(raw, d).ip);
  }
};

struct Dcp {
  std::shared_ptr<const fpm::DcpPlan> plan;
  fpm::DcpRuntime rt;
  std::vector<fpm::Report> reports;
  explicit Dcp(const model::Config& c) : plan(fpm::compile_dcp(c)) {
    rt.configure(plan);
    rt.set_sink([this](const fpm::Report& r, const fpm::Destination&) { reports.push_back(r); });
  }
  const std::vector<fpm::Point>& points() { return plan->ports.at("GigabitEthernet0/1/0"); }
  fpm::HeaderBits run(bool at_ingress, std::uint64_t ts, std::uint8_t tos = 0,
                      const std::string& src = "10.1.1.1", const std::string& dst = "10.2.1.1") {
    Pkt p(src, dst, tos);
    fpm::HeaderBits hb = fpm::read_bits(p.bytes.data());
    rt.advance(ts);
    rt.on_packet(points(), at_ingress, p.d, hb, ts, static_cast<std::uint32_t>(p.bytes.size()));
    return hb;
  }
  // The same packet inside Ethernet + MPLS, labels given top first.
  fpm::HeaderBits run_mpls(bool at_ingress, std::uint64_t ts, std::uint8_t tos,
                           const std::vector<std::uint32_t>& labels) {
    Pkt p("10.1.1.1", "10.2.1.1", tos);
    Bytes f(12, 0x02);
    f.push_back(0x88);
    f.push_back(0x47);
    for (std::size_t i = 0; i < labels.size(); ++i) {
      const std::uint32_t e = (labels[i] << 12) | (i + 1 == labels.size() ? 0x100u : 0u) | 64u;
      for (int s = 24; s >= 0; s -= 8) f.push_back(static_cast<std::uint8_t>(e >> s));
    }
    const std::size_t ip_at = f.size();
    f.insert(f.end(), p.bytes.begin(), p.bytes.end());
    Decoded d;
    RawPacket raw{0, static_cast<std::uint32_t>(f.size()), static_cast<std::uint32_t>(f.size()), 1, f.data()};
    REQUIRE(decode(raw, d).ip);
    REQUIRE(d.mpls_depth == labels.size());
    fpm::HeaderBits hb = fpm::read_bits(f.data() + ip_at);
    rt.advance(ts);
    rt.on_packet(points(), at_ingress, d, hb, ts, static_cast<std::uint32_t>(p.bytes.size()));
    return hb;
  }
  const fpm::Report* report(std::uint64_t period) const {
    const fpm::Report* last = nullptr;
    for (const auto& r : reports) {
      if (r.period == period) last = &r;
    }
    return last;
  }
};

}  // namespace

TEST_CASE("fpm colour: tos-bit N counts from the most significant bit; flags-bit0 is the reserved flag") {
  using K = model::ColorBit::Kind;
  CHECK(fpm::color_spec({K::Tos, 6}).mask == 0x02);
  CHECK(fpm::color_spec({K::Tos, 7}).mask == 0x01);
  CHECK(fpm::color_spec({K::Tos, 3}).mask == 0x10);
  CHECK(fpm::color_spec({K::Tos, 4}).mask == 0x08);
  const auto f = fpm::color_spec({K::Flags0, 0});
  CHECK(f.where == fpm::ColorSpec::Where::Flags);
  CHECK(f.mask == 0x80);
  CHECK(fpm::color_spec({K::None, 0}).where == fpm::ColorSpec::Where::None);

  fpm::HeaderBits hb{0x00, 0x40};  // DF set
  CHECK(fpm::put_color(hb, f, true));
  CHECK(hb.flags == 0xc0);
  CHECK_FALSE(fpm::put_color(hb, f, true));
  CHECK(fpm::get_color(hb, f));
  CHECK(fpm::put_color(hb, fpm::color_spec({K::Tos, 6}), true));
  CHECK(hb.tos == 0x02);
}

TEST_CASE("fpm colour: rewriting ToS and flags keeps the IPv4 header checksum valid") {
  for (std::uint8_t tos : {0x00, 0xb8, 0xff}) {
    Pkt p("10.1.1.1", "10.2.1.1", tos);
    REQUIRE(ip_sum(p.bytes.data()) == 0);
    fpm::HeaderBits hb = fpm::read_bits(p.bytes.data());
    fpm::put_color(hb, fpm::color_spec({model::ColorBit::Kind::Tos, 6}), (tos & 0x02) == 0);
    fpm::put_color(hb, fpm::color_spec({model::ColorBit::Kind::Flags0, 0}), true);
    fpm::rewrite_header(p.bytes.data(), hb);
    CHECK(p.bytes[1] == hb.tos);
    CHECK(p.bytes[6] == hb.flags);
    CHECK(ip_sum(p.bytes.data()) == 0);
  }
}

TEST_CASE("fpm in-point: loss bit set in odd periods, cleared in even ones; delay bit on the first packet") {
  Dcp dcp(dcp_config(true, true));
  const std::uint64_t t = 1001 * 10 * kS;  // period 1001 (odd)
  auto a = dcp.run(true, t + 1, 0x00);
  CHECK(a.tos == 0x03);                 // loss 0x02 + delay 0x01
  auto b = dcp.run(true, t + 2, 0x01);  // a stale delay bit is cleared
  CHECK(b.tos == 0x02);
  auto c = dcp.run(true, t + 10 * kS + 1, 0xff);  // period 1002 (even): loss cleared, delay set
  CHECK(c.tos == 0xfd);
  auto other = dcp.run(true, t + 10 * kS + 2, 0x00, "10.9.9.9");  // not the target flow: untouched
  CHECK(other.tos == 0x00);
  auto egress = dcp.run(false, t + 10 * kS + 3, 0x00);  // ingress TLP does nothing on sent packets
  CHECK(egress.tos == 0x00);
  dcp.rt.flush(t + 10 * kS + 5);
  const fpm::Report* r = dcp.report(1001);
  REQUIRE(r != nullptr);
  CHECK_FALSE(r->partial);
  REQUIRE(r->entries.size() == 1);
  CHECK(r->entries[0].in_point);
  CHECK(r->entries[0].packets == 2);
  CHECK(r->entries[0].bytes == 200);
  CHECK(r->entries[0].color == 1);
  CHECK(r->entries[0].delay_ts_ns == t + 1);
  const fpm::Report* last = dcp.report(1002);
  REQUIRE(last != nullptr);
  CHECK(last->partial);
  CHECK(last->entries[0].packets == 1);
}

TEST_CASE("fpm out-point: counts by colour so reordering across a boundary keeps packets in their period") {
  Dcp dcp(dcp_config(false, false));
  const std::uint64_t t = 1000 * 10 * kS;               // period 1000 (even, colour 0)
  CHECK(dcp.run(false, t + 5 * kS, 0x01).tos == 0x00);  // delay-marked; both bits cleared
  dcp.run(false, t + 9 * kS, 0x00);
  dcp.run(false, t + 10 * kS + 1, 0x02);                     // period 1001's first packet (colour 1)
  CHECK(dcp.run(false, t + 10 * kS + 2, 0x00).tos == 0x00);  // late packet of 1000 (colour 0)
  dcp.run(false, t + 10 * kS + 3, 0x02);
  dcp.run(true, t + 10 * kS + 4, 0x02);  // received: an egress out-point ignores it
  dcp.rt.advance(t + 15 * kS - 1);
  CHECK(dcp.report(1000) == nullptr);  // still in its grace time
  dcp.rt.advance(t + 15 * kS);         // 1000 closes at 1001*10 + 5 s
  const fpm::Report* r = dcp.report(1000);
  REQUIRE(r != nullptr);
  CHECK_FALSE(r->entries[0].in_point);
  CHECK(r->entries[0].packets == 3);
  CHECK(r->entries[0].delay_ts_ns == t + 5 * kS);
  CHECK(dcp.report(1001) == nullptr);
  dcp.rt.advance(t + 25 * kS);
  REQUIRE(dcp.report(1001) != nullptr);
  CHECK(dcp.report(1001)->entries[0].packets == 2);
}

TEST_CASE("fpm out-point: both colour bits are cleared whatever the instance measures") {
  // Loss only: a delay bit set upstream must not leave the router in the customer's traffic.
  auto loss_only = dcp_config(false, false);
  loss_only.ipfpm.dcp.instances[1].delay.reset();
  Dcp a(loss_only);
  const std::uint64_t t = 1001 * 10 * kS;  // period 1001 (odd, colour 1)
  CHECK(a.run(false, t + 1, 0x03).tos == 0x00);
  CHECK(a.run(false, t + 2, 0xa3).tos == 0xa0);  // other ToS bits are the customer's: kept
  // Delay only: the loss bit is cleared too.
  auto delay_only = dcp_config(false, false);
  delay_only.ipfpm.dcp.instances[1].loss_continual = false;
  Dcp b(delay_only);
  CHECK(b.run(false, t + 1, 0x03).tos == 0x00);
}

TEST_CASE("fpm mid-point: counts by colour, changes no bit, matches its labels when the packet has any") {
  auto c = dcp_config(true, true);
  model::DcpInstance& in = c.ipfpm.dcp.instances[1];
  model::MidPoint m;
  m.flow = model::FlowDir::Forward;
  m.ingress = true;
  m.labels[0].vpn_label = 17;
  m.labels[0].lsp_label = 18;
  in.tlps[100].mid[0] = m;
  in.delay = model::DelayMeasure{false, 0, true};
  Dcp dcp(c);
  const std::uint64_t t = 1001 * 10 * kS;                        // period 1001 (odd, colour 1)
  CHECK(dcp.run(true, t + 1, 0x03).tos == 0x03);                 // delay-marked: recorded, left marked
  CHECK(dcp.run(true, t + 2, 0x02).tos == 0x02);                 // counted, nothing cleared
  CHECK(dcp.run(true, t + 10 * kS + 3, 0x02).tos == 0x02);       // period 1002 by time, colour 1: still 1001
  dcp.run(false, t + 4, 0x02);                                   // sent: an ingress mid-point ignores it
  CHECK(dcp.run_mpls(true, t + 5, 0x02, {18, 17}).tos == 0x02);  // its labels: counted
  dcp.run_mpls(true, t + 6, 0x02, {18, 99});                     // another VPN label: not
  dcp.run_mpls(true, t + 7, 0x02, {17});                         // no LSP label: not
  dcp.rt.flush(t + 30 * kS);
  const fpm::Report* r = dcp.report(1001);
  REQUIRE(r != nullptr);
  REQUIRE(r->entries.size() == 1);  // forward only: the only direction the mid-point counts
  CHECK(r->entries[0].mid);
  CHECK_FALSE(r->entries[0].in_point);
  CHECK(r->entries[0].packets == 4);
  CHECK(r->entries[0].delay_ts_ns == t + 1);
}

TEST_CASE(
    "fpm: the backward flow of a bidirectional instance plays the opposite role at the opposite place") {
  Dcp dcp(dcp_config(true, true, model::FlowDir::Bidirectional));
  const std::uint64_t t = 1001 * 10 * kS;
  // Backward packets are out-point egress here: counted when sent, bits cleared.
  CHECK(dcp.run(false, t + 1, 0x03, "10.2.1.1", "10.1.1.1").tos == 0x00);
  CHECK(dcp.run(true, t + 2, 0x00, "10.2.1.1", "10.1.1.1").tos == 0x00);  // received: not here
  CHECK(dcp.run(true, t + 3, 0x00).tos == 0x03);                          // forward in-point
  dcp.rt.flush(t + 20 * kS);
  const fpm::Report* r = dcp.report(1001);
  REQUIRE(r != nullptr);
  REQUIRE(r->entries.size() == 2);
  CHECK(r->entries[0].flow == 0);
  CHECK(r->entries[0].in_point);
  CHECK(r->entries[0].packets == 1);
  CHECK(r->entries[1].flow == 1);
  CHECK_FALSE(r->entries[1].in_point);
  CHECK(r->entries[1].packets == 1);
  CHECK(r->entries[1].delay_ts_ns == t + 1);
}

TEST_CASE("fpm: packets for a reported period update it and it is reported again") {
  Dcp dcp(dcp_config(true, true));
  const std::uint64_t t = 1001 * 10 * kS;
  dcp.run(true, t + 1);
  dcp.rt.flush(t + 30 * kS);
  REQUIRE(dcp.report(1001) != nullptr);
  const auto first_seq = dcp.report(1001)->seq;
  dcp.run(true, t + 2);  // a second replay covering the same time
  CHECK(dcp.rt.counters().late_packets == 1);
  dcp.rt.flush(t + 30 * kS);
  const fpm::Report* again = dcp.report(1001);
  CHECK(again->seq > first_seq);
  CHECK(again->entries[0].packets == 2);
}

TEST_CASE("fpm: without measurement enabled nothing is marked") {
  auto c = dcp_config(true, true);
  c.ipfpm.dcp.instances[1].loss_continual = false;
  c.ipfpm.dcp.instances[1].delay.reset();
  const auto plan = fpm::compile_dcp(c);
  CHECK(plan->instances.empty());
  CHECK(plan->ports.empty());
}

TEST_CASE(
    "fpm: kept periods are bounded: a jump in packet time skips periods, older packets are not measured") {
  Dcp dcp(dcp_config(true, true));    // 10 s periods
  dcp.run(true, 1000 * 10 * kS + 1);  // period 1000: the instance starts there
  dcp.run(true, 2000 * 10 * kS + 1);  // closes 1000..1998, but only the newest kHistoryPeriods are kept
  const auto& k = dcp.rt.counters();
  CHECK(dcp.reports.size() == fpm::kHistoryPeriods);
  CHECK(dcp.reports.front().period == 1998 + 1 - fpm::kHistoryPeriods);
  CHECK(dcp.reports.back().period == 1998);
  CHECK(k.skipped_periods == 1999 - 1000 - fpm::kHistoryPeriods);
  dcp.run(true, 1000 * 10 * kS + 2);  // its period is older than the kept history
  CHECK(k.too_old_packets == 1);
  CHECK(k.late_packets == 0);
  dcp.run(true, 1990 * 10 * kS + 2);  // reported, but still kept: measured, reported again
  CHECK(k.late_packets == 1);
}

namespace {

// dcp_config with its measurement on demand (`time-range 5`: 30 periods of 10 s) instead.
model::Config on_demand_config(bool in_point, std::uint64_t run = 1) {
  auto c = dcp_config(in_point, true);
  model::DcpInstance& i = c.ipfpm.dcp.instances[1];
  i.loss_continual = false;
  i.delay.reset();
  i.on_demand = model::OnDemand{5, true, false, model::DelayMeasure{false, 100, false}, run};
  return c;
}

std::vector<std::uint64_t> periods_of(const std::vector<fpm::Report>& reports) {
  std::vector<std::uint64_t> out;
  for (const auto& r : reports) out.push_back(r.period);
  return out;
}

}  // namespace

TEST_CASE("fpm on demand: the window holds whole periods from the first target packet and then ends") {
  Dcp dcp(on_demand_config(true));
  REQUIRE(dcp.rt.windows().size() == 1);
  CHECK(dcp.rt.windows()[0].phase == fpm::WindowState::Phase::Waiting);
  const std::uint64_t t0 = 1000 * 10 * kS;
  dcp.rt.advance(t0 - 5 * kS);  // packet time passes, no target packet: the window waits
  dcp.run(true, t0 - 4 * kS, 0, "10.9.9.9", "10.2.1.1");
  CHECK(dcp.rt.windows()[0].phase == fpm::WindowState::Phase::Waiting);
  CHECK(dcp.reports.empty());
  CHECK(dcp.run(true, t0 + 3 * kS).tos == 0x01);  // period 1000 (even): delay-marked, loss 0
  CHECK(dcp.rt.windows()[0].phase == fpm::WindowState::Phase::Running);
  CHECK(dcp.rt.windows()[0].remaining_ns == 297 * kS);
  for (std::uint64_t s = 4; s < 320; ++s) {
    const auto tos = dcp.run(true, t0 + s * kS).tos;
    if (s == 299) CHECK(tos == 0x02);  // period 1029, the window's last: coloured 1
    if (s == 311) CHECK(tos == 0x00);  // period 1031, after the window: left alone
  }
  dcp.rt.flush(t0 + 320 * kS);
  CHECK(dcp.rt.windows()[0].phase == fpm::WindowState::Phase::Finished);
  const auto periods = periods_of(dcp.reports);
  REQUIRE(periods.size() == 30);  // 1000..1029, each complete; no partial report after the window
  CHECK(periods.front() == 1000);
  CHECK(periods.back() == 1029);
  CHECK(dcp.rt.counters().partial_reports == 0);
  CHECK(dcp.report(1000)->entries[0].packets == 7);  // from the first target packet, 3 s in
  CHECK(dcp.report(1000)->entries[0].delay_ts_ns == t0 + 3 * kS);
}

TEST_CASE("fpm on demand: one period of colouring after the window keeps the out-point exact") {
  Dcp in(on_demand_config(true));
  Dcp out(on_demand_config(false));
  const std::uint64_t t0 = 1001 * 10 * kS;
  // 10 packets a period through the in-point, then 1.5 s later (across period boundaries) the
  // out-point. The window's last period 1030 is even (colour 0): without the extra period of
  // colour 1, the uncoloured packets after the window would count for 1030 at the out-point.
  std::vector<std::pair<std::uint64_t, std::uint8_t>> wire;
  for (std::uint64_t s = 0; s < 340; ++s)
    wire.emplace_back(t0 + s * kS + 1, in.run(true, t0 + s * kS + 1).tos);
  for (const auto& [ts, tos] : wire) CHECK(out.run(true, ts + 3 * kS / 2, tos).tos == 0x00);
  in.rt.flush(t0 + 350 * kS);
  out.rt.flush(t0 + 350 * kS);
  CHECK(periods_of(in.reports) == periods_of(out.reports));
  for (std::uint64_t p = 1001; p < 1031; ++p) {
    INFO("period " << p);
    REQUIRE(out.report(p) != nullptr);
    CHECK(in.report(p)->entries[0].packets == 10);
    CHECK(out.report(p)->entries[0].packets == 10);
  }
}

TEST_CASE("fpm on demand: a new on-demand command restarts the window, other changes keep it") {
  Dcp dcp(on_demand_config(true, 1));
  const std::uint64_t t0 = 1000 * 10 * kS;
  dcp.run(true, t0 + 1);
  auto changed = on_demand_config(true, 1);
  changed.ipfpm.dcp.instances[1].on_demand->delay.reset();  // `undo delay-measure enable`
  dcp.plan = fpm::compile_dcp(changed);
  dcp.rt.configure(dcp.plan);
  dcp.rt.advance(t0 + 100 * kS);
  REQUIRE(dcp.rt.windows().size() == 1);
  CHECK(dcp.rt.windows()[0].phase == fpm::WindowState::Phase::Running);
  CHECK(dcp.rt.windows()[0].remaining_ns == 200 * kS);
  CHECK_FALSE(dcp.rt.windows()[0].delay);
  dcp.plan = fpm::compile_dcp(on_demand_config(true, 2));  // the command typed again
  dcp.rt.configure(dcp.plan);
  CHECK(dcp.rt.windows()[0].phase == fpm::WindowState::Phase::Waiting);
}
