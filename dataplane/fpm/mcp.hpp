#pragma once
// The MCP side of IP FPM: validates DCP reports, keeps them per instance and period (newest
// kMcpHistory periods), computes loss and delay, and raises/clears threshold alarms.
// Thread-safe: the receiver thread ingests while commands read results; one mutex guards it all.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "dataplane/fpm/report.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane::fpm {

inline constexpr std::uint16_t kDefaultMcpPort = 65030;  // `protocol udp port` default
inline constexpr std::size_t kMcpHistory = 256;
inline constexpr std::uint64_t kSeqWindow = 4096;
inline constexpr int kAlarmPeriods = 5;

enum class Drop : std::uint8_t {
  Malformed,  // too short, bad magic, length mismatch
  BadVersion,
  UnknownInstance,  // no such instance on this MCP
  UnknownDcp,       // the DCP ID is not a `dcp` line of the instance
  MeasureDisabled,  // `measure disable`
  AuthMissing,      // the MCP requires HMAC-SHA256, the report is unsigned
  AuthFailed,       // wrong key ID or HMAC
  AuthUnexpected,   // signed, but the MCP has no authentication configured
  Duplicate,        // sequence number already seen (replay)
  Stale,            // sequence number or period older than the kept window
  Count
};
inline constexpr std::size_t kDropCount = static_cast<std::size_t>(Drop::Count);
const char* drop_name(Drop d);

// Results of one flow direction in one period.
struct FlowResult {
  bool has = false;  // some DCP reported TLPs for this direction
  std::uint64_t in_packets = 0, out_packets = 0, in_bytes = 0, out_bytes = 0;
  std::int64_t loss_packets = 0, loss_bytes = 0;
  double loss_ratio_packets = 0, loss_ratio_bytes = 0;  // percent
  std::optional<std::int64_t> delay_us;                 // one-way, t2 - t1
  std::optional<std::int64_t> variation_us;             // |delay - previous period's delay|
  // What the delay was computed from (the `verbose` displays): the delay-marked packet's time at
  // the in side (t1) and at the out side (t2), packet time in ns, and the DCP and TLP of each.
  std::optional<std::uint64_t> t1_ns, t2_ns;
  std::uint32_t t1_dcp = 0, t1_tlp = 0, t2_dcp = 0, t2_tlp = 0;
  bool operator==(const FlowResult&) const = default;
};

struct PeriodRow {
  std::uint64_t period = 0;
  bool complete = false;             // every `dcp` of the instance reported it
  bool partial = false;              // some DCP reported it as partial (stopped before the period ended)
  std::array<FlowResult, 2> flow{};  // forward, backward
  std::optional<std::int64_t> twoway_us, twoway_variation_us;
  bool operator==(const PeriodRow&) const = default;
};

// A result that became final, or changed since: the row of one period of an instance (`ach` 0)
// or of one of its ACHs, complete (every DCP it needs reported) and not partial. Telemetry
// streams it (dataplane/telemetry/ipfpm_message.hpp).
struct McpResult {
  std::uint32_t instance = 0;
  std::uint32_t ach = 0;
  std::uint32_t interval = 10;  // seconds, as the reports give it
  std::uint32_t mcp_id = 0;
  std::uint8_t flows = 3;  // the flow directions the result measures (bit 0 forward, bit 1 backward)
  const PeriodRow* row = nullptr;
};
using ResultFn = std::function<void(const McpResult&)>;

// A loss ratio as the displays print it (percent, without the sign): "14.000000".
std::string ratio_text(double percent);

struct McpCounters {
  std::uint64_t received = 0;
  std::uint64_t accepted = 0;
  std::uint64_t replaced = 0;  // a newer report of the same DCP and period replaced the older one
  std::array<std::uint64_t, kDropCount> dropped{};
};

struct Verdict {
  bool accepted = false;
  Drop why = Drop::Count;
  std::optional<Ack> ack;  // send back to the report's source
};

class Mcp {
 public:
  using LogFn = std::function<void(const std::string&)>;
  void configure(const model::Mcp& cfg);
  void set_log(LogFn fn);
  // Called (under the MCP's lock, on the thread that ingests) for every result that becomes
  // final or changes; it must not block.
  void set_result_sink(ResultFn fn);
  Verdict ingest(std::span<const std::uint8_t> datagram);
  // True when reports for MCP ID `mcp_id` and UDP port `port` are for this MCP (enabled, with that
  // `mcp id` and `protocol udp port`).
  bool is_addressed(std::uint32_t mcp_id, std::uint16_t port) const;

  // Newest first, at most `max` rows; empty when the instance has no data. With `ach`: the
  // results of that ACH of the instance (its in-group against its out-group).
  std::vector<PeriodRow> rows(std::uint32_t instance, std::size_t max = 12,
                              std::optional<std::uint32_t> ach = std::nullopt) const;
  McpCounters counters() const;
  // Active alarms as "hwIpfpmLossRatioExceed instance 1 forward" lines (for display ipfpm mcp);
  // an ACH's as "hwIpfpmMultiLossRatioExceed instance 1 ach 2 forward".
  std::vector<std::string> active_alarms() const;

 private:
  struct Slot {
    std::map<std::uint32_t, Report> reports;  // by DCP id, newest sequence number
    bool evaluated = false;
    std::map<std::uint32_t, PeriodRow> published;  // by ACH ID (0: end to end): what the sink got
  };
  struct Alarm {
    int above = 0, below = 0;
    bool active = false;
  };
  // The threshold alarms of the instance end to end, or of one ACH (one hop).
  struct Alarms {
    std::array<Alarm, 2> loss{}, oneway{};
    Alarm twoway{};
  };
  struct InstData {
    std::map<std::uint64_t, Slot> slots;
    std::optional<std::uint64_t> last_evaluated;
    Alarms e2e;
    std::map<std::uint32_t, Alarms> achs;  // by ACH ID
  };
  struct Freshness {
    std::uint64_t highest = 0;
    std::set<std::uint64_t> seen;
  };

  Verdict drop(Drop why, const std::optional<Ack>& ack = std::nullopt);
  // How an entry of a report takes part in a result: counted on the in side, the out side, or not.
  enum class Side { In, Out, None };
  using Classify = std::function<Side(std::uint32_t dcp, const ReportEntry&)>;
  // Rows of every kept period: loss = in - out per flow direction, delay = earliest out-side
  // timestamp not before the earliest in-side one. `required`: DCPs whose reports complete a row.
  std::vector<PeriodRow> compute(const InstData& d, const std::set<std::uint32_t>& required,
                                 const Classify& side, std::uint8_t flows) const;
  // The instance's end-to-end results: in-points against out-points; mid-points take no part.
  std::vector<PeriodRow> compute(std::uint32_t instance, const InstData& d) const;
  // An ACH's results: its in-group against its out-group, whatever role each TLP plays.
  std::vector<PeriodRow> compute_ach(const model::Ach& ach, const InstData& d) const;
  void evaluate(std::uint32_t instance, InstData& d, std::uint64_t period);
  // Hands the results of `period` that became final or changed to the result sink.
  void publish(std::uint32_t instance, InstData& d, std::uint64_t period, std::uint32_t interval);
  // Steps `alarms` with the row of `period` against the instance's thresholds. `ach` 0: the
  // instance end to end (hwIpfpm...), otherwise that ACH (hwIpfpmMulti..., "of one link").
  void evaluate_row(const model::McpInstance& ic, std::uint32_t instance, std::uint32_t ach,
                    const PeriodRow& row, Alarms& alarms);
  // `name`: level and alarm, e.g. "2/hwIpfpmLossRatioExceed".
  void step(Alarm& a, double value, double upper, double lower, const std::string& name,
            const std::string& text_up, const std::string& text_down, const std::string& detail);

  mutable std::mutex mu_;
  model::Mcp cfg_;
  std::map<std::uint32_t, InstData> data_;
  std::map<std::uint32_t, Freshness> fresh_;  // by DCP id
  McpCounters c_;
  LogFn log_;
  ResultFn result_sink_;
};

}  // namespace vrsh::dataplane::fpm
