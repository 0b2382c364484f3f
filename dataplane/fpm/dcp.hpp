#pragma once
// The DCP side of IP FPM on packet time: target-flow classification at the TLPs, colouring
// (in-point) and uncolouring (out-point), per-period counting, and closing periods into reports.
//
// Periods: k = floor(t / interval). Period k closes when packet time reaches (k+1)*interval plus a
// grace of half an interval, so late packets of k still count; flush() (end of a replay) reports
// what is open and marks the period that has not ended yet as partial. Counts are cumulative per
// period: packets that arrive for a period already reported (a second replay covering the same
// time on another interface, e.g. the backward flow) update it, and the period is reported again
// with a higher sequence number at the next close or flush; the MCP keeps the newest report.
// The newest kHistoryPeriods periods are kept for that. An instance reports from the period of the
// first packet time it sees: the period before it was not measured and is not reported (not even as
// an empty period, which an MCP would show as a loss of 0). Threading: all on the packet thread.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/clock.hpp"
#include "dataplane/decode.hpp"
#include "dataplane/fpm/color.hpp"
#include "dataplane/fpm/flow_match.hpp"
#include "dataplane/fpm/report.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane::fpm {

inline constexpr std::uint64_t kHistoryPeriods = 256;  // periods reported after a jump in time / kept

// A TLP acting on one interface (compiled into the engine's port table).
// A mid-point (one per `index` of a mid-point TLP) counts by colour and changes nothing.
struct Point {
  std::uint16_t inst = 0;  // index into DcpPlan::instances
  std::uint16_t tlp = 0;   // index into InstancePlan::tlps
  bool in_point = true;    // role for the forward flow (the backward flow plays the opposite one)
  bool ingress = true;     // forward flow: acts on received packets (else on sent ones)
  bool mid = false;
  // Mid-points: the flow directions counted (bit 0 forward, bit 1 backward), and per direction
  // whether it is counted on received packets, and the labels it must carry.
  std::uint8_t mid_dirs = 0;
  bool mid_ingress[2] = {true, true};
  LabelMatch labels[2];
};

struct Destination {
  std::uint32_t mcp_id = 0;
  std::uint16_t port = 65030;
  std::optional<Auth> auth;
  bool operator==(const Destination& o) const {
    return mcp_id == o.mcp_id && port == o.port && auth.has_value() == o.auth.has_value() &&
           (!auth || (auth->key_id == o.auth->key_id && auth->secret == o.auth->secret));
  }
};

struct InstancePlan {
  model::DcpInstance cfg;  // as configured (for change detection)
  std::uint64_t interval_ns = 10 * kNsPerSecond;
  std::vector<DirectedFlow> flows;
  bool has_dir[2] = {false, false};
  bool loss = false;  // loss measured (continual or on demand)
  // On demand (`time-range`): the window's length in periods; 0 = continual. The window starts at
  // the period of the first target packet the instance sees and holds whole periods, so the DCPs
  // of one instance agree on them.
  std::uint64_t window_periods = 0;
  int delay_tlp = -1;                  // index of the TLP that marks/records delay, -1 = none
  bool delay_mid = false;              // `tlp mid-point`: every mid-point TLP records delay
  std::vector<std::uint8_t> mid_dirs;  // per TLP index: directions a mid-point counts (0: not one)
  std::optional<Destination> dest;     // none: no MCP configured (reports are counted, not sent)
};

struct DcpPlan {
  std::optional<std::uint32_t> dcp_id;
  ColorSpec loss, delay;
  std::uint8_t tos_color_mask = 0;      // colour bits inside the ToS byte (ignored for DSCP matching)
  std::vector<InstancePlan> instances;  // only instances with a measurement enabled
  std::map<std::string, std::vector<Point>> ports;  // interface name -> TLPs bound there
};

// Instances that have loss or delay measurement enabled, with their TLPs resolved to interfaces
// through `ipfpm tlp N`.
std::shared_ptr<const DcpPlan> compile_dcp(const model::Config& c);

// An on-demand window as `display ipfpm dcp` shows it.
struct WindowState {
  std::uint32_t instance = 0;
  int minutes = 0;
  bool loss = false;
  const char* delay = nullptr;  // "one-way", "two-way" or none
  enum class Phase { Waiting, Running, Finished } phase = Phase::Waiting;
  std::uint64_t remaining_ns = 0;  // Running: packet time left
};

struct DcpCounters {
  std::uint64_t reports = 0;  // reports produced (complete and partial)
  std::uint64_t partial_reports = 0;
  std::uint64_t no_destination = 0;     // produced without an MCP or DCP ID to send them to
  std::uint64_t late_packets = 0;       // arrived after their period was reported (it is re-reported)
  std::uint64_t too_old_packets = 0;    // older than the kept history: not measured
  std::uint64_t skipped_periods = 0;    // not reported after a jump in packet time
  std::uint64_t discarded_periods = 0;  // open when their instance was reconfigured
};

using ReportSink = std::function<void(const Report&, const Destination&)>;

class DcpRuntime {
 public:
  DcpRuntime();
  // Keeps the open periods of instances whose configuration did not change.
  void configure(std::shared_ptr<const DcpPlan> plan);
  void set_sink(ReportSink sink) { sink_ = std::move(sink); }
  // Sees every report produced, with a destination or not (telemetry); must not block.
  void set_observer(std::function<void(const Report&)> fn) { observer_ = std::move(fn); }
  bool active() const { return plan_ && !plan_->instances.empty(); }

  // A packet at the TLPs `pts` of one interface; at_ingress: received there (else being sent).
  // May change the colour bits in `hb`; `ip_bytes` is the IP total length.
  void on_packet(const std::vector<Point>& pts, bool at_ingress, const Decoded& d, HeaderBits& hb,
                 std::uint64_t ts_ns, std::uint32_t ip_bytes);
  // Closes the periods whose grace ended before packet time `now_ns`.
  void advance(std::uint64_t now_ns) {
    if (now_ns > now_ns_) now_ns_ = now_ns;
    if (now_ns >= next_close_ns_) close_periods(now_ns, false);
  }
  void flush(std::uint64_t now_ns) { close_periods(now_ns, true); }
  const DcpCounters& counters() const { return counters_; }
  // The on-demand windows of the configured instances, by instance id.
  std::vector<WindowState> windows() const;

 private:
  struct Acc {
    std::uint64_t packets = 0, bytes = 0;
    std::optional<std::uint64_t> ts;
  };
  struct PeriodAcc {
    std::vector<Acc> acc;  // [tlp * 2 + dir]
    bool dirty = false;    // closed, and changed since it was reported
  };
  struct InstState {
    bool started = false;
    std::uint64_t next = 0;                      // oldest period not yet closed
    std::uint64_t win_first = 0, win_end = 0;    // on demand: the window's periods [first, end)
    std::map<std::uint64_t, PeriodAcc> periods;  // open ones (>= next) and the kept history
  };

  // On demand: whether period `p` is in the instance's window (always, for continual instances).
  bool in_window(std::size_t i, std::uint64_t p) const;
  // The period a coloured packet seen at time period k belongs to (out- and mid-points).
  std::uint64_t period_of(std::uint64_t k, const HeaderBits& hb, bool loss) const;
  void close_periods(std::uint64_t now_ns, bool final);
  void emit(std::size_t i, std::uint64_t period, bool partial);
  // nullptr when the period is older than the kept history.
  Acc* slot(std::size_t i, std::uint64_t period, std::size_t tlp, int dir);
  void start(std::size_t i, std::uint64_t now_ns);
  void recompute_next_close();

  std::shared_ptr<const DcpPlan> plan_;
  std::vector<InstState> state_;
  ReportSink sink_;
  std::function<void(const Report&)> observer_;
  DcpCounters counters_;
  std::uint64_t seq_ = 0;
  std::uint64_t next_close_ns_ = 0;
  std::uint64_t now_ns_ = 0;  // the newest packet time seen
};

}  // namespace vrsh::dataplane::fpm
