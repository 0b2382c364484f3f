// MCP arithmetic: loss = sum of in-point counts - sum of out-point counts over every TLP that
// reported the period (P2P, P2MP, MP2MP alike); one-way delay t2 - t1; two-way delay the sum of
// both directions; threshold alarms over consecutive periods.
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "dataplane/fpm/mcp.hpp"
#include "model/ip.hpp"

namespace vrsh::dataplane::fpm {
namespace {

// Counts come off the network: in - out of two 64-bit counts, clamped to the int64 range
// instead of overflowing.
std::int64_t clamped_difference(std::uint64_t in, std::uint64_t out) {
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (in >= out)
    return in - out > kMax ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(in - out);
  return out - in > kMax ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(out - in);
}

// The flow directions an ACH measures (bit 0 forward, bit 1 backward): forward when it names none.
std::uint8_t ach_flows(const model::Ach& ach) {
  if (!ach.flow || *ach.flow == model::FlowDir::Forward) return 1;
  return *ach.flow == model::FlowDir::Backward ? 2 : 3;
}

}  // namespace

std::vector<PeriodRow> Mcp::compute(std::uint32_t instance, const InstData& d) const {
  auto cfg = cfg_.instances.find(instance);
  static const std::set<std::uint32_t> kNone;
  return compute(
      d, cfg != cfg_.instances.end() ? cfg->second.dcps : kNone,
      [](std::uint32_t, const ReportEntry& e) {
        return e.mid ? Side::None : e.in_point ? Side::In : Side::Out;
      },
      3);
}

std::vector<PeriodRow> Mcp::compute_ach(const model::Ach& ach, const InstData& d) const {
  std::set<std::uint32_t> required;
  for (const auto* g : {&ach.in_group, &ach.out_group})
    for (const model::AchGroup& m : *g) required.insert(m.dcp);
  const std::uint8_t flows = ach_flows(ach);
  return compute(
      d, required,
      [&ach](std::uint32_t dcp, const ReportEntry& e) {
        const model::AchGroup g{dcp, e.tlp};
        if (ach.in_group.contains(g)) return Side::In;
        if (ach.out_group.contains(g)) return Side::Out;
        return Side::None;
      },
      flows);
}

std::vector<PeriodRow> Mcp::compute(const InstData& d, const std::set<std::uint32_t>& required,
                                    const Classify& side, std::uint8_t flows) const {
  std::vector<PeriodRow> rows;
  std::array<std::optional<std::int64_t>, 2> prev_delay;
  std::optional<std::int64_t> prev_twoway;
  for (const auto& [period, slot] : d.slots) {
    PeriodRow row;
    row.period = period;
    row.complete = !required.empty();
    for (std::uint32_t dcp : required) row.complete = row.complete && slot.reports.count(dcp) != 0;
    for (int f = 0; f < 2; ++f) {
      if (((flows >> f) & 1u) == 0) continue;
      FlowResult& fr = row.flow[static_cast<std::size_t>(f)];
      std::optional<std::uint64_t> t1;
      for (const auto& [dcp, r] : slot.reports) {
        row.partial = row.partial || r.partial;
        for (const ReportEntry& e : r.entries) {
          if (e.flow != f) continue;
          const Side s = side(dcp, e);
          if (s == Side::None) continue;
          fr.has = true;
          (s == Side::In ? fr.in_packets : fr.out_packets) += e.packets;
          (s == Side::In ? fr.in_bytes : fr.out_bytes) += e.bytes;
          if (s == Side::In && e.delay_ts_ns && (!t1 || *e.delay_ts_ns < *t1)) {
            t1 = e.delay_ts_ns;
            fr.t1_dcp = dcp;
            fr.t1_tlp = e.tlp;
          }
        }
      }
      // t2: the earliest delay-marked arrival on the out side not before t1.
      std::optional<std::uint64_t> t2;
      for (const auto& [dcp, r] : slot.reports) {
        for (const ReportEntry& e : r.entries) {
          if (e.flow == f && e.delay_ts_ns && t1 && *e.delay_ts_ns >= *t1 && (!t2 || *e.delay_ts_ns < *t2) &&
              side(dcp, e) == Side::Out) {
            t2 = e.delay_ts_ns;
            fr.t2_dcp = dcp;
            fr.t2_tlp = e.tlp;
          }
        }
      }
      fr.loss_packets = clamped_difference(fr.in_packets, fr.out_packets);
      fr.loss_bytes = clamped_difference(fr.in_bytes, fr.out_bytes);
      if (fr.in_packets > 0)
        fr.loss_ratio_packets =
            static_cast<double>(fr.loss_packets) * 100.0 / static_cast<double>(fr.in_packets);
      if (fr.in_bytes > 0)
        fr.loss_ratio_bytes = static_cast<double>(fr.loss_bytes) * 100.0 / static_cast<double>(fr.in_bytes);
      if (t1 && t2 && !row.partial) {
        fr.t1_ns = t1;
        fr.t2_ns = t2;
        fr.delay_us = static_cast<std::int64_t>((*t2 - *t1) / 1000);
        auto& prev = prev_delay[static_cast<std::size_t>(f)];
        fr.variation_us = prev ? std::llabs(*fr.delay_us - *prev) : 0;
        prev = fr.delay_us;
      }
    }
    if (row.flow[0].delay_us && row.flow[1].delay_us) {
      row.twoway_us = *row.flow[0].delay_us + *row.flow[1].delay_us;
      row.twoway_variation_us = prev_twoway ? std::llabs(*row.twoway_us - *prev_twoway) : 0;
      prev_twoway = row.twoway_us;
    }
    rows.push_back(row);
  }
  return rows;
}

void Mcp::step(Alarm& a, double value, double upper, double lower, const std::string& name,
               const std::string& text_up, const std::string& text_down, const std::string& detail) {
  if (value > upper) {
    ++a.above;
    a.below = 0;
  } else if (value < lower) {
    ++a.below;
    a.above = 0;
  } else {
    a.above = a.below = 0;
  }
  std::string line;
  if (!a.active && a.above >= kAlarmPeriods) {
    a.active = true;
    line = fmt::format("IPFPM/{}_active: {} ({})", name, text_up, detail);
  } else if (a.active && a.below >= kAlarmPeriods) {
    a.active = false;
    line = fmt::format("IPFPM/{}_clear: {} ({})", name, text_down, detail);
  }
  if (!line.empty() && log_) log_(line);
}

namespace {
const PeriodRow* row_of(const std::vector<PeriodRow>& rows, std::uint64_t period) {
  for (const PeriodRow& r : rows) {
    if (r.period == period) return &r;
  }
  return nullptr;
}
}  // namespace

void Mcp::evaluate(std::uint32_t instance, InstData& d, std::uint64_t period) {
  auto cfg = cfg_.instances.find(instance);
  if (cfg == cfg_.instances.end()) return;
  Slot& slot = d.slots[period];
  if (slot.evaluated) return;
  if (d.last_evaluated && period <= *d.last_evaluated) return;  // completed late: too late for alarms
  const std::vector<PeriodRow> rows = compute(instance, d);
  const PeriodRow* row = row_of(rows, period);
  if (row == nullptr || !row->complete || row->partial) return;
  slot.evaluated = true;
  const model::McpInstance& ic = cfg->second;
  auto reset = [](Alarms& a) {
    for (Alarm* x : {&a.loss[0], &a.loss[1], &a.oneway[0], &a.oneway[1], &a.twoway}) x->above = x->below = 0;
  };
  // Alarms count consecutive periods: a gap starts the count again.
  if (!d.last_evaluated || period != *d.last_evaluated + 1) {
    reset(d.e2e);
    for (auto& [id, a] : d.achs) reset(a);
  }
  d.last_evaluated = period;
  evaluate_row(ic, instance, 0, *row, d.e2e);
  // Each ACH with the same thresholds, in the period its instance completed (every DCP reported).
  for (const auto& [id, ach] : ic.achs) {
    const std::vector<PeriodRow> hop_rows = compute_ach(ach, d);
    const PeriodRow* hop = row_of(hop_rows, period);
    if (hop != nullptr && hop->complete && !hop->partial) evaluate_row(ic, instance, id, *hop, d.achs[id]);
  }
}

std::string ratio_text(double percent) {
  return fmt::format("{:.6f}", percent);
}

void Mcp::publish(std::uint32_t instance, InstData& d, std::uint64_t period, std::uint32_t interval) {
  if (!result_sink_) return;
  auto cfg = cfg_.instances.find(instance);
  auto slot = d.slots.find(period);
  if (cfg == cfg_.instances.end() || slot == d.slots.end()) return;
  auto offer = [&](std::uint32_t ach, std::uint8_t flows, const std::vector<PeriodRow>& rows) {
    const PeriodRow* row = row_of(rows, period);
    if (row == nullptr || !row->complete || row->partial) return;
    auto [it, fresh] = slot->second.published.try_emplace(ach, *row);
    if (!fresh) {
      if (it->second == *row) return;
      it->second = *row;
    }
    result_sink_(McpResult{instance, ach, interval, cfg_.id.value_or(0), flows, row});
  };
  offer(0, 3, compute(instance, d));
  for (const auto& [id, ach] : cfg->second.achs) {
    offer(id, ach_flows(ach), compute_ach(ach, d));
  }
}

void Mcp::evaluate_row(const model::McpInstance& ic, std::uint32_t instance, std::uint32_t ach,
                       const PeriodRow& row, Alarms& alarms) {
  static const char* kFlow[2] = {"Forward", "Backward"};
  const std::uint64_t period = row.period;
  const std::string multi = ach != 0 ? "Multi" : "";
  const char* what = ach != 0 ? "of one link in an IPFPM test instance" : "of IPFPM test instance";
  // The vendor logs a link's alarms at level 3, the instance's at level 2.
  const int level = ach != 0 ? 3 : 2;
  for (std::size_t f = 0; f < 2; ++f) {
    const FlowResult& fr = row.flow[f];
    if (ic.loss_threshold && fr.has && fr.in_packets > 0) {
      step(alarms.loss[f], fr.loss_ratio_packets, std::stod(ic.loss_threshold->upper),
           std::stod(ic.loss_threshold->lower), fmt::format("{}/hwIpfpm{}LossRatioExceed", level, multi),
           fmt::format("The loss ratio {} exceeded the upper threshold in continuous five test intervals.",
                       what),
           fmt::format("The loss ratio {} was under the lower threshold in continuous five test intervals.",
                       what),
           fmt::format("TestInstanceId={}, AchId={}, IpfpmMcpSeqNoHigh={}, IpfpmMcpSeqNoLow={}, FlowType={}, "
                       "LossRatio={:.6f}, UpperLimit={}, LowerLimit={}",
                       instance, ach, period >> 32, period & 0xffffffffu, kFlow[f], fr.loss_ratio_packets,
                       ic.loss_threshold->upper, ic.loss_threshold->lower));
    }
    if (ic.oneway_threshold && fr.delay_us) {
      // The vendor's per-link delay log names the hop: where t1 and t2 were taken.
      const std::string link =
          ach == 0 ? std::string()
                   : fmt::format(", SourceDCP={}, SourceTLP={}, DestinationDCP={}, DestinationTLP={}",
                                 model::format_ipv4(model::Ipv4{fr.t1_dcp}), fr.t1_tlp,
                                 model::format_ipv4(model::Ipv4{fr.t2_dcp}), fr.t2_tlp);
      step(alarms.oneway[f], static_cast<double>(*fr.delay_us), std::stod(ic.oneway_threshold->upper),
           std::stod(ic.oneway_threshold->lower), fmt::format("{}/hwIpfpm{}OneDelayExceed", level, multi),
           fmt::format("The one-way delay {} exceeded the upper threshold over five consecutive statistical "
                       "periods.",
                       what),
           fmt::format("The one-way delay {} lower the lower threshold over five consecutive statistical "
                       "periods.",
                       what),
           fmt::format(
               "TestInstanceId={}, AchId={}, IpfpmMcpSeqNoHigh={}, IpfpmMcpSeqNoLow={}, FlowType={}{}, "
               "OneDelay={}",
               instance, ach, period >> 32, period & 0xffffffffu, kFlow[f], link, *fr.delay_us));
    }
  }
  if (ic.twoway_threshold && row.twoway_us) {
    step(alarms.twoway, static_cast<double>(*row.twoway_us), std::stod(ic.twoway_threshold->upper),
         std::stod(ic.twoway_threshold->lower), fmt::format("{}/hwIpfpm{}TwoDelayExceed", level, multi),
         fmt::format("The two-way delay {} exceeded the upper threshold over five consecutive statistical "
                     "periods.",
                     what),
         fmt::format(
             "The two-way delay {} lower the lower threshold over five consecutive statistical periods.",
             what),
         fmt::format("TestInstanceId={}, AchId={}, IpfpmMcpSeqNoHigh={}, IpfpmMcpSeqNoLow={}, TwoDelay={}",
                     instance, ach, period >> 32, period & 0xffffffffu, *row.twoway_us));
  }
}

std::vector<std::string> Mcp::active_alarms() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  static const char* kFlow[2] = {"forward", "backward"};
  auto list = [&](const Alarms& a, std::uint32_t id, std::uint32_t ach) {
    const std::string multi = ach != 0 ? "Multi" : "";
    const std::string where =
        ach != 0 ? fmt::format("instance {} ach {}", id, ach) : fmt::format("instance {}", id);
    for (std::size_t f = 0; f < 2; ++f) {
      if (a.loss[f].active)
        out.push_back(fmt::format("hwIpfpm{}LossRatioExceed {} {}", multi, where, kFlow[f]));
      if (a.oneway[f].active)
        out.push_back(fmt::format("hwIpfpm{}OneDelayExceed {} {}", multi, where, kFlow[f]));
    }
    if (a.twoway.active) out.push_back(fmt::format("hwIpfpm{}TwoDelayExceed {}", multi, where));
  };
  for (const auto& [id, d] : data_) {
    list(d.e2e, id, 0);
    for (const auto& [ach, a] : d.achs) list(a, id, ach);
  }
  return out;
}

}  // namespace vrsh::dataplane::fpm
