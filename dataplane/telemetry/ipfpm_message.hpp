#pragma once
// IP FPM results as telemetry content (docs/decisions.md, "IP FPM telemetry"): each DCP report
// entry (one TLP's counts of one flow in one period) as an iFIT flow-statistic, and each MCP
// result (an instance or ACH, one flow, one period) as a vrsh mcp-statistic. Each has its JSON
// document (what UDP and TCP send, and the content of the JSON shapes) and its GPB content
// (huawei_ifit.Ifit, vrsh_ipfpm.Ipfpm); the JSON is protobuf's JSON mapping of the GPB message.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/fpm/mcp.hpp"
#include "dataplane/fpm/report.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane::telemetry {

inline constexpr const char* kIfitProtoPath = "huawei_ifit.Ifit";
inline constexpr const char* kIpfpmProtoPath = "vrsh_ipfpm.Ipfpm";

// The huawei-ifit flow-direction values IP FPM's points map to.
enum class IfitDirection : std::uint8_t { Ingress = 1, TransitInput = 2, TransitOutput = 3, Egress = 4 };

struct FlowStatistic {
  std::uint64_t flow_id = 0;  // the instance ID
  IfitDirection direction = IfitDirection::Ingress;
  std::string source_ip = "0.0.0.0", destination_ip = "0.0.0.0";
  std::uint32_t source_mask = 0, destination_mask = 0;
  std::uint32_t source_port = 0, destination_port = 0;  // 0: any (or a range)
  std::uint32_t protocol = 255;                         // 255: any
  std::uint32_t if_index = 0;                           // the TLP's interface
  std::uint32_t error_info = 0;                         // bit 0: the period was not measured whole
  std::uint32_t interval = 10;                          // seconds
  std::uint64_t period_id = 0;
  std::uint64_t packet_count = 0, byte_count = 0;
  std::uint32_t timestamp_second = 0, timestamp_nanosecond = 0;  // the delay-marked packet, 0: none
  std::uint32_t ttl = 255;
  std::uint32_t dscp = 255;  // 255: any
  // vrsh extension fields
  std::string dcp_id;
  std::uint32_t tlp_id = 0;
  std::uint8_t flow = 0;      // 0 forward, 1 backward
  std::uint64_t time_ms = 0;  // the period's end, ms since the Unix epoch (the message time)
};

struct McpStatistic {
  std::uint32_t instance_id = 0, ach_id = 0;
  std::uint8_t flow = 0;
  std::uint64_t period_id = 0;
  std::uint32_t interval = 10;
  std::string mcp_id;
  std::uint64_t in_packets = 0, out_packets = 0, in_bytes = 0, out_bytes = 0;
  std::int64_t loss_packets = 0, loss_bytes = 0;
  std::string loss_ratio_packets, loss_ratio_bytes;
  std::optional<std::uint64_t> one_way_delay, one_way_delay_variation, two_way_delay, two_way_delay_variation;
  std::uint64_t time_ms = 0;
};

// What a DCP report entry needs from the configuration: the instance's flows, its TLPs' roles
// and where they are bound. Built on commit, read when a report is published.
struct DcpView {
  std::string dcp_id;  // dotted, "" without `dcp id`
  model::Dcp dcp;
  std::map<std::uint32_t, std::uint32_t> tlp_if_index;  // TLP ID -> ifIndex of its interface
};
DcpView dcp_view(const model::Config& c);

std::vector<FlowStatistic> flow_statistics(const fpm::Report& r, const DcpView& v);
// The flows of `result` that have data, one statistic each.
std::vector<McpStatistic> mcp_statistics(const fpm::McpResult& result);

std::string json_document(const FlowStatistic& s);
std::string json_document(const McpStatistic& s);
std::string gpb_content(const FlowStatistic& s);
std::string gpb_content(const McpStatistic& s);

}  // namespace vrsh::dataplane::telemetry
