// IP FPM operation: display ipfpm dcp | mcp, display ipfpm statistic-type { loss | oneway-delay |
// twoway-delay } instance N, in the vendor's layouts (reference 3.5), plus the command-line
// wiring of the MCP host override and listen address.
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/ipfpm_common.hpp"
#include "model/ip.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace fpm = dataplane::fpm;

namespace {

constexpr std::size_t kRows = 12;
const std::string kDash50(50, '-'), kDash80(80, '-'), kDash90(90, '-');

std::string spec(const char* label, const std::string& v) {
  return fmt::format(" {:<42}:{}\n", label, v);
}
std::string conf(const char* label, const std::string& v) {
  return fmt::format(" {:<42}: {}\n", label, v);
}

std::string flag_name(const model::ColorBit& b) {
  switch (b.kind) {
    case model::ColorBit::Kind::Tos:
      return fmt::format("tos-bit{}", b.tos_bit);
    case model::ColorBit::Kind::Flags0:
      return "flag-bit0";
    case model::ColorBit::Kind::None:
      break;
  }
  return "--";
}

// The number telemetry's mcp-statistic carries too (dataplane/telemetry/ipfpm_message.hpp).
std::string ratio(double r) {
  return fpm::ratio_text(r) + "%";
}

// `*`: partial (a DCP stopped before the period ended; no loss or delay is computed).
// `?`: not every DCP of the instance has reported the period yet; the values are what is known.
std::string period_id(const fpm::PeriodRow& r) {
  return fmt::format("{}{}", r.period, r.partial ? "*" : (!r.complete ? "?" : ""));
}

std::string legend(const std::vector<const fpm::PeriodRow*>& shown) {
  bool partial = false, waiting = false;
  for (const auto* r : shown) {
    partial = partial || r->partial;
    waiting = waiting || (!r->partial && !r->complete);
  }
  std::string out;
  if (partial) out += "* partial period (a DCP stopped before it ended): not computed\n";
  if (waiting) out += "? not every DCP has reported this period yet: values are provisional\n";
  return out;
}

std::string opt_num(const std::optional<std::int64_t>& v, bool partial) {
  return partial || !v ? std::string("--") : std::to_string(*v);
}

std::string loss_section(const std::vector<fpm::PeriodRow>& rows, std::size_t f, const char* name) {
  std::string out = fmt::format("Latest loss statistics of {} flow:\nUnit: p - packet, b - byte\n", name);
  out += kDash90 +
         "\n Period               Loss(p)              LossRatio(p)  Loss(b)              LossRatio(b)\n" +
         kDash90 + "\n";
  std::vector<const fpm::PeriodRow*> shown;
  for (const auto& r : rows) {
    const fpm::FlowResult& fr = r.flow[f];
    if (!fr.has) continue;
    shown.push_back(&r);
    if (r.partial) {
      out += fmt::format(" {:<21}{:<21}{:>13} {:<21}{:>12}\n", period_id(r), "--", "--", "--", "--");
    } else {
      out += fmt::format(" {:<21}{:<21}{:>13} {:<21}{:>12}\n", period_id(r), fr.loss_packets,
                         ratio(fr.loss_ratio_packets), fr.loss_bytes, ratio(fr.loss_ratio_bytes));
    }
  }
  return out + legend(shown);
}

std::string oneway_section(const std::vector<fpm::PeriodRow>& rows, std::size_t f, const char* name) {
  std::string out = fmt::format("Latest one-way delay statistics of {} flow:\n", name);
  out += kDash50 +
         "\n Period               Delay(usec) Delay\n                                  Variation(usec)\n" +
         kDash50 + "\n";
  std::vector<const fpm::PeriodRow*> shown;
  for (const auto& r : rows) {
    const fpm::FlowResult& fr = r.flow[f];
    if (!fr.has) continue;
    shown.push_back(&r);
    out += fmt::format(" {:<21}{:<12}{}\n", period_id(r), opt_num(fr.delay_us, r.partial),
                       opt_num(fr.variation_us, r.partial));
  }
  return out + legend(shown);
}

std::string twoway_display(const std::vector<fpm::PeriodRow>& rows) {
  std::string out = "Latest two-way delay statistics:\n";
  out += kDash50 +
         "\n Period               Delay(usec) Delay\n                                  Variation(usec)\n" +
         kDash50 + "\n";
  std::vector<const fpm::PeriodRow*> shown;
  for (const auto& r : rows) {
    if (!r.flow[0].has || !r.flow[1].has) continue;
    shown.push_back(&r);
    out += fmt::format(" {:<21}{:<12}{}\n", period_id(r), opt_num(r.twoway_us, r.partial),
                       opt_num(r.twoway_variation_us, r.partial));
  }
  out += legend(shown);
  out += "\nLatest one-way delay statistics of bidirectional flow:\n" + kDash80 +
         "\n Period               Forward     ForwardDelay    Backward    BackwardDelay\n"
         "                      Delay(usec) Variation(usec) Delay(usec) Variation(usec)\n" +
         kDash80 + "\n";
  for (const auto* r : shown) {
    out +=
        fmt::format(" {:<21}{:<12}{:<16}{:<12}{}\n", period_id(*r), opt_num(r->flow[0].delay_us, r->partial),
                    opt_num(r->flow[0].variation_us, r->partial), opt_num(r->flow[1].delay_us, r->partial),
                    opt_num(r->flow[1].variation_us, r->partial));
  }
  return out + legend(shown);
}

// `verbose`: one block per period with what the delay was computed from. The vendor's layout is
// known only for the first lines of the two-way form (reference 3.5); the one-way form mirrors it,
// and the packet times (t1..t4, UTC, to the nanosecond) are vrsh's.
const std::string kDash60(60, '-');

std::string field(const char* label, const std::string& v) {
  return fmt::format("{:<30}: {}\n", label, v);
}

std::string dcp_tlp(const fpm::FlowResult& fr, bool source) {
  const auto ts = source ? fr.t1_ns : fr.t2_ns;
  if (!ts) return "--";
  return fmt::format("{}/{}", model::format_ipv4(model::Ipv4{source ? fr.t1_dcp : fr.t2_dcp}),
                     source ? fr.t1_tlp : fr.t2_tlp);
}

std::string packet_time(const std::optional<std::uint64_t>& ns) {
  if (!ns) return "--";
  const auto secs = static_cast<std::time_t>(*ns / 1'000'000'000u);
  return fmt::format("{:%Y-%m-%d %H:%M:%S}.{:09d}", fmt::gmtime(secs), *ns % 1'000'000'000u);
}

std::string oneway_verbose(const std::vector<fpm::PeriodRow>& rows, std::size_t f, const char* name) {
  std::string out = fmt::format("Latest one-way delay error statistics of {} flow:\n", name) + kDash60 + "\n";
  std::vector<const fpm::PeriodRow*> shown;
  for (const auto& r : rows) {
    const fpm::FlowResult& fr = r.flow[f];
    if (!fr.has) continue;
    shown.push_back(&r);
    out += field("Period", period_id(r)) + field("Delay(usec)", opt_num(fr.delay_us, r.partial)) +
           field("Delay Variation(usec)", opt_num(fr.variation_us, r.partial)) +
           field("Source DCP/TLP", dcp_tlp(fr, true)) + field("Destination DCP/TLP", dcp_tlp(fr, false)) +
           field("Source Time(t1)", packet_time(fr.t1_ns)) +
           field("Destination Time(t2)", packet_time(fr.t2_ns)) + kDash60 + "\n";
  }
  return out + legend(shown);
}

std::string twoway_verbose(const std::vector<fpm::PeriodRow>& rows) {
  std::string out = "Latest two-way delay error statistics:\n" + kDash60 + "\n";
  std::vector<const fpm::PeriodRow*> shown;
  for (const auto& r : rows) {
    if (!r.flow[0].has || !r.flow[1].has) continue;
    shown.push_back(&r);
    const fpm::FlowResult &fw = r.flow[0], &bw = r.flow[1];
    out += field("Period", period_id(r)) + field("Delay(usec)", opt_num(r.twoway_us, r.partial)) +
           field("Delay Variation(usec)", opt_num(r.twoway_variation_us, r.partial)) +
           field("Forward Delay(usec)", opt_num(fw.delay_us, r.partial)) +
           field("ForwardDelay Variation(usec)", opt_num(fw.variation_us, r.partial)) +
           field("Backward Delay(usec)", opt_num(bw.delay_us, r.partial)) +
           field("BackwardDelay Variation(usec)", opt_num(bw.variation_us, r.partial)) +
           field("Forward Source DCP/TLP", dcp_tlp(fw, true)) +
           field("Forward Destination DCP/TLP", dcp_tlp(fw, false)) +
           field("Backward Source DCP/TLP", dcp_tlp(bw, true)) +
           field("Backward Destination DCP/TLP", dcp_tlp(bw, false)) +
           field("Forward Source Time(t1)", packet_time(fw.t1_ns)) +
           field("Forward Destination Time(t2)", packet_time(fw.t2_ns)) +
           field("Backward Source Time(t3)", packet_time(bw.t1_ns)) +
           field("Backward Destination Time(t4)", packet_time(bw.t2_ns)) + kDash60 + "\n";
  }
  return out + legend(shown);
}

// vrsh extension: the on-demand (`time-range`) windows, which the configuration never shows.
std::string on_demand_display(const std::vector<fpm::WindowState>& windows) {
  if (windows.empty()) return {};
  std::string out = "\nOn-demand Measurement:\n";
  for (const fpm::WindowState& w : windows) {
    std::string what = w.loss ? "loss" : "";
    if (w.delay) what += (what.empty() ? "" : " and ") + std::string(w.delay) + " delay";
    std::string state;
    switch (w.phase) {
      case fpm::WindowState::Phase::Waiting:
        state = "waiting for the target flow";
        break;
      case fpm::WindowState::Phase::Running:
        state = fmt::format("running, {} s remaining",
                            (w.remaining_ns + dataplane::kNsPerSecond - 1) / dataplane::kNsPerSecond);
        break;
      case fpm::WindowState::Phase::Finished:
        state = "finished";
        break;
    }
    out += conf(fmt::format("Instance {}", w.instance).c_str(),
                fmt::format("{}, {} minutes, {}", what, w.minutes, state));
  }
  return out;
}

std::string dcp_display(const App& app) {
  const model::Dcp& d = app.store.running().ipfpm.dcp;
  std::string out = "Specification Information(Main Board):\n";
  out += spec("Max Instance Number", "64") + spec("Max 10s Instance Number", "64") +
         spec("Max 1s Instance Number", "--") + spec("Max TLP Number", "512") +
         spec("Max TLP Number Per Instance", "8");
  out += "\nConfiguration Information:\n";
  out += conf("DCP ID", d.id ? model::format_ipv4(*d.id) : "--");
  out += conf("Loss-measure Flag", flag_name(d.loss_bit));
  out += conf("Delay-measure Flag", flag_name(d.delay_bit));
  out += conf("Authentication Mode", d.auth ? "hmac-sha256" : "--");
  out += conf("Test Instances MCP ID", d.mcp ? model::format_ipv4(d.mcp->id) : "--");
  out += conf("Test Instances MCP Port", d.mcp ? std::to_string(d.mcp->port) : "--");
  out += conf("Current Instance Number", std::to_string(d.instances.size()));
  // vrsh extension: what the DCP has done with the traffic it measured.
  const fpm::DcpCounters& c = app.engine.ipfpm_dcp_counters();
  const fpm::SenderCounters s = app.engine.ipfpm_sender_counters();
  out += "\nReport Statistics:\n";
  out += conf("Reports Generated", std::to_string(c.reports));
  out += conf("Partial Reports", std::to_string(c.partial_reports));
  out += conf("Reports Sent", std::to_string(s.sent));
  out += conf("Reports Sent To The Local MCP", std::to_string(s.local));
  out += conf("Reports Re-sent", std::to_string(s.resent));
  out += conf("Reports Acknowledged", std::to_string(s.acked));
  out += conf("Reports Awaiting Acknowledgement", std::to_string(s.pending));
  out += conf("Reports Given Up", std::to_string(s.expired));
  out += conf("Send Errors", std::to_string(s.send_errors));
  out += conf("Reports Without MCP Or DCP ID", std::to_string(c.no_destination));
  out += conf("Late Packets (Period Re-reported)", std::to_string(c.late_packets));
  out += conf("Packets Older Than History", std::to_string(c.too_old_packets));
  out += conf("Periods Skipped", std::to_string(c.skipped_periods));
  return out + on_demand_display(app.engine.ipfpm_windows());
}

std::string mcp_display(const App& app) {
  const model::Mcp& m = app.store.running().ipfpm.mcp;
  const fpm::McpService& svc = app.engine.ipfpm_mcp();
  std::string out = "Specification Information:\n";
  out += spec("Max Instance Number", "64") + spec("Max DCP Number Per Instance", "256") +
         spec("Max ACH Number Per Instance", "16") + spec("Max TLP Number Per ACH", "16");
  out += "\nConfiguration Information:\n";
  out += spec("MCP ID", m.id ? model::format_ipv4(*m.id) : "--");
  out += spec("Status", svc.listening() ? "Active" : "Inactive");
  out += spec("Protocol Port", std::to_string(m.port.value_or(65030)));
  out += spec("Current Instance Number", std::to_string(m.instances.size()));
  // vrsh extension: the receiver and what it did with the reports.
  const fpm::McpCounters c = svc.mcp().counters();
  out += "\nReport Statistics:\n";
  out += spec("Listen Address", svc.listen_address());
  if (const std::string e = svc.last_error(); !e.empty()) out += spec("Receiver Error", e);
  out += spec("Reports Received", std::to_string(c.received));
  out += spec("Reports Accepted", std::to_string(c.accepted));
  out += spec("Reports Updated", std::to_string(c.replaced));
  for (std::size_t i = 0; i < fpm::kDropCount; ++i) {
    out += fmt::format(" {:<42}:{}\n", fmt::format("Dropped ({})", fpm::drop_name(static_cast<fpm::Drop>(i))),
                       c.dropped[i]);
  }
  const auto alarms = svc.mcp().active_alarms();
  out += spec("Active Alarms", alarms.empty() ? "--" : std::to_string(alarms.size()));
  for (const auto& a : alarms) out += "  " + a + "\n";
  return out;
}

// Statistic displays are MCP-only; returns false after printing why there is nothing to show.
bool mcp_instance(App& app, Ctx& ctx, std::uint32_t id) {
  const model::Mcp& m = app.store.running().ipfpm.mcp;
  if (!m.enabled) {
    ctx.out() << "Error: The MCP is not configured.\n";
    return false;
  }
  if (m.instances.count(id) == 0) {
    ctx.out() << fmt::format("Error: The instance {} does not exist on the MCP.\n", id);
    return false;
  }
  return true;
}

// What a statistic display shows: the rows of the instance (or of one ACH) and the directions.
struct StatisticSelection {
  std::vector<fpm::PeriodRow> rows;
  bool fwd = true, bwd = true;
  template <class Section>
  std::string both(Section section) const {
    std::string out;
    if (fwd) out += section(rows, 0, "forward");
    if (fwd && bwd) out += '\n';
    if (bwd) out += section(rows, 1, "backward");
    return out;
  }
};

}  // namespace

bool set_ipfpm_mcp_host(App& app, const std::string& spec_text, std::string& err) {
  const auto eq = spec_text.find('=');
  const std::optional<model::Ipv4> id =
      eq == std::string::npos ? std::nullopt : model::parse_ipv4(std::string_view(spec_text).substr(0, eq));
  if (!id || eq + 1 >= spec_text.size()) {
    err = fmt::format("--ipfpm-mcp-host expects MCPID=HOST (e.g. 1.1.1.1=127.0.0.1), got '{}'", spec_text);
    return false;
  }
  if (!app.engine.set_ipfpm_mcp_host(*id, spec_text.substr(eq + 1), err)) {
    err = "--ipfpm-mcp-host: " + err;
    return false;
  }
  return true;
}

namespace {
constexpr cli::WordArg kStatistic{"statistic"};
constexpr cli::IntArg<std::uint32_t> kAchId{"ach-id"};

// Prints why and returns nothing when the instance or the ACH does not exist on the MCP.
std::optional<StatisticSelection> statistic_selection(App& app, Ctx& ctx, const Args& a) {
  const auto id = a[ipfpm::kInstanceId];
  if (!mcp_instance(app, ctx, id)) return std::nullopt;
  StatisticSelection sel;
  const auto ach = a.opt(kAchId);
  // An ACH shows the directions its `flow` names (forward when it names none).
  if (ach) {
    const auto& achs = app.store.running().ipfpm.mcp.instances.at(id).achs;
    const auto it = achs.find(*ach);
    if (it == achs.end()) {
      fail(ctx, fmt::format("The ACH {} does not exist in the instance {}.", *ach, id));
      return std::nullopt;
    }
    const auto flow = it->second.flow.value_or(model::FlowDir::Forward);
    sel.fwd = flow != model::FlowDir::Backward;
    sel.bwd = flow != model::FlowDir::Forward;
  }
  sel.rows = app.engine.ipfpm_mcp().mcp().rows(id, kRows, ach);
  return sel;
}
}  // namespace

void register_ipfpm_display(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView);
  const std::map<std::string, std::string> base = {{"ipfpm", "IP Flow Performance Measurement"}};
  auto h = [&](std::map<std::string, std::string> m) {
    m.insert(base.begin(), base.end());
    return m;
  };
  reg.add({.views = {any},
           .syntax = "display ipfpm dcp",
           .help = h({{"dcp", "Data collecting point"}}),
           .run = [&app](Ctx& ctx, const Args&) {
             if (!app.store.running().ipfpm.dcp.enabled) {
               return fail(ctx, "The DCP is not configured.");
             }
             ctx.out() << dcp_display(app);
             return Status::Ok;
           }});
  reg.add({.views = {any},
           .syntax = "display ipfpm mcp",
           .help = h({{"mcp", "Measurement control point"}}),
           .run = [&app](Ctx& ctx, const Args&) {
             if (!app.store.running().ipfpm.mcp.enabled) {
               return fail(ctx, "The MCP is not configured.");
             }
             ctx.out() << mcp_display(app);
             return Status::Ok;
           }});
  // Loss and delay are two forms: only the delay displays take `verbose`.
  const std::map<std::string, std::string> stat_help = {
      {"statistic-type", "Statistics type"}, {"instance", "Test instance"}, {"ach", "Atomic closed hop"}};
  auto sh = [&](std::map<std::string, std::string> m) {
    m.insert(stat_help.begin(), stat_help.end());
    return h(std::move(m));
  };
  const std::vector<cli::ParamDecl> stat_params = {
      {ipfpm::kInstanceId, cli::types::integer(1, 8355838), "Instance ID"},
      {kAchId, cli::types::integer(1, 2147483647), "ACH ID"}};
  reg.add({.views = {any},
           .syntax = "display ipfpm statistic-type loss instance <instance-id> [ ach <ach-id> ]",
           .help = sh({{"loss", "Packet loss statistics"}}),
           .params = stat_params,
           .run = [&app](Ctx& ctx, const Args& a) {
             const auto sel = statistic_selection(app, ctx, a);
             if (!sel) return Status::Error;
             ctx.out() << sel->both(loss_section);
             return Status::Ok;
           }});
  std::vector<cli::ParamDecl> delay_params = stat_params;
  delay_params.push_back({kStatistic});
  reg.add({.views = {any},
           .syntax = "display ipfpm statistic-type { oneway-delay | twoway-delay }$statistic instance "
                     "<instance-id> [ ach <ach-id> ] [ verbose ]",
           .help = sh({{"oneway-delay", "One-way delay statistics"},
                       {"twoway-delay", "Two-way delay statistics"},
                       {"verbose", "Display detailed information"}}),
           .params = delay_params,
           .run = [&app](Ctx& ctx, const Args& a) {
             const auto sel = statistic_selection(app, ctx, a);
             if (!sel) return Status::Error;
             const bool verbose = a.has("verbose");
             if (a.is(kStatistic, "oneway-delay")) {
               ctx.out() << (verbose ? sel->both(oneway_verbose) : sel->both(oneway_section));
             } else if (!(sel->fwd && sel->bwd)) {
               return fail(ctx,
                           fmt::format("The ACH {} does not measure a bidirectional flow.", *a.opt(kAchId)));
             } else {
               ctx.out() << (verbose ? twoway_verbose(sel->rows) : twoway_display(sel->rows));
             }
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
