// Includes generated protobuf code (huawei_ifit, vrsh_ipfpm), like dialout_message.cpp.
#include "dataplane/telemetry/ipfpm_message.hpp"

#include <fmt/format.h>

#include "dataplane/clock.hpp"
#include "dataplane/telemetry/proto/huawei_ifit.pb.h"
#include "dataplane/telemetry/proto/vrsh_ipfpm.pb.h"
#include "model/chassis.hpp"

namespace vrsh::dataplane::telemetry {
namespace {

// The period's end: when the DCP could close it, and what its messages carry as their time.
std::uint64_t period_end_ms(std::uint64_t period, std::uint32_t interval) {
  return (period + 1) * interval * 1000ULL;
}

const char* direction_name(IfitDirection d) {
  switch (d) {
    case IfitDirection::Ingress:
      return "Direction_INGRESS";
    case IfitDirection::TransitInput:
      return "Direction_TRANSITX_INPUT";
    case IfitDirection::TransitOutput:
      return "Direction_TRANSITX_OUTPUT";
    case IfitDirection::Egress:
      break;
  }
  return "Direction_EGRESS";
}

const char* flow_type_name(std::uint8_t flow) {
  return flow == 0 ? "FlowType_FORWARD" : "FlowType_BACKWARD";
}

// The flow of direction `dir` (0 forward, 1 backward) as the packets carry it: `forward` or
// `backward` as configured, else `bidirectional` as given (forward) or reversed (backward).
std::optional<model::FpmFlow> directed_flow(const model::DcpInstance& inst, std::uint8_t dir) {
  const model::FlowDir own = dir == 0 ? model::FlowDir::Forward : model::FlowDir::Backward;
  if (auto f = inst.flows.find(own); f != inst.flows.end()) return f->second;
  auto b = inst.flows.find(model::FlowDir::Bidirectional);
  if (b == inst.flows.end()) return std::nullopt;
  model::FpmFlow f = b->second;
  if (dir == 1) {
    std::swap(f.source, f.destination);
    std::swap(f.src_ports, f.dst_ports);
  }
  return f;
}

std::uint32_t single_port(const std::optional<std::pair<int, int>>& ports) {
  return ports && ports->first == ports->second ? static_cast<std::uint32_t>(ports->first) : 0;
}

// Where a report entry's TLP counts the flow, in iFIT's terms: an in-point is where the flow
// enters the measured network, an out-point where it leaves, a mid-point a transit count on
// the packets it receives or sends.
IfitDirection direction_of(const fpm::ReportEntry& e, const model::DcpInstance& inst) {
  if (!e.mid) return e.in_point ? IfitDirection::Ingress : IfitDirection::Egress;
  auto t = inst.tlps.find(e.tlp);
  bool ingress = true;
  if (t != inst.tlps.end() && !t->second.mid.empty()) {
    const model::MidPoint& m = t->second.mid.begin()->second;
    ingress = m.flow == model::FlowDir::Bidirectional && e.flow == 1 ? !m.ingress : m.ingress;
  }
  return ingress ? IfitDirection::TransitInput : IfitDirection::TransitOutput;
}

template <class T>
void optional_field(std::string& out, const char* name, const std::optional<T>& v) {
  if (v) out += fmt::format(R"(,"{}":"{}")", name, *v);
}

}  // namespace

DcpView dcp_view(const model::Config& c) {
  DcpView v;
  v.dcp = c.ipfpm.dcp;
  if (v.dcp.id) v.dcp_id = model::format_ipv4(*v.dcp.id);
  for (const model::Interface& i : c.interfaces)
    for (std::uint32_t t : i.ipfpm_tlps)
      if (auto idx = model::if_index(i.name)) v.tlp_if_index.emplace(t, *idx);
  return v;
}

std::vector<FlowStatistic> flow_statistics(const fpm::Report& r, const DcpView& v) {
  std::vector<FlowStatistic> out;
  auto inst = v.dcp.instances.find(r.instance);
  if (inst == v.dcp.instances.end()) return out;
  for (const fpm::ReportEntry& e : r.entries) {
    FlowStatistic s;
    s.flow_id = r.instance;
    s.direction = direction_of(e, inst->second);
    if (const auto f = directed_flow(inst->second, e.flow)) {
      if (f->source) {
        s.source_ip = model::format_ipv4(f->source->first);
        s.source_mask = static_cast<std::uint32_t>(f->source->second);
      }
      if (f->destination) {
        s.destination_ip = model::format_ipv4(f->destination->first);
        s.destination_mask = static_cast<std::uint32_t>(f->destination->second);
      }
      s.source_port = single_port(f->src_ports);
      s.destination_port = single_port(f->dst_ports);
      if (f->protocol) s.protocol = static_cast<std::uint32_t>(*f->protocol);
      if (f->dscp) s.dscp = static_cast<std::uint32_t>(*f->dscp);
    }
    if (auto idx = v.tlp_if_index.find(e.tlp); idx != v.tlp_if_index.end()) s.if_index = idx->second;
    s.error_info = r.partial ? 1u : 0u;
    s.interval = r.interval;
    s.period_id = r.period;
    s.packet_count = e.packets;
    s.byte_count = e.bytes;
    if (e.delay_ts_ns) {
      s.timestamp_second = static_cast<std::uint32_t>(whole_seconds(*e.delay_ts_ns));
      s.timestamp_nanosecond = static_cast<std::uint32_t>(subsecond_ns(*e.delay_ts_ns));
    }
    s.dcp_id = model::format_ipv4(r.dcp_id);
    s.tlp_id = e.tlp;
    s.flow = e.flow;
    s.time_ms = period_end_ms(r.period, r.interval);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<McpStatistic> mcp_statistics(const fpm::McpResult& result) {
  std::vector<McpStatistic> out;
  const fpm::PeriodRow& row = *result.row;
  for (std::uint8_t f = 0; f < 2; ++f) {
    const fpm::FlowResult& fr = row.flow[f];
    if (((result.flows >> f) & 1u) == 0 || !fr.has) continue;
    McpStatistic s;
    s.instance_id = result.instance;
    s.ach_id = result.ach;
    s.flow = f;
    s.period_id = row.period;
    s.interval = result.interval;
    s.mcp_id = model::format_ipv4(result.mcp_id);
    s.in_packets = fr.in_packets;
    s.out_packets = fr.out_packets;
    s.in_bytes = fr.in_bytes;
    s.out_bytes = fr.out_bytes;
    s.loss_packets = fr.loss_packets;
    s.loss_bytes = fr.loss_bytes;
    s.loss_ratio_packets = fpm::ratio_text(fr.loss_ratio_packets);
    s.loss_ratio_bytes = fpm::ratio_text(fr.loss_ratio_bytes);
    if (fr.delay_us) s.one_way_delay = static_cast<std::uint64_t>(*fr.delay_us);
    if (fr.variation_us) s.one_way_delay_variation = static_cast<std::uint64_t>(*fr.variation_us);
    if (row.twoway_us) s.two_way_delay = static_cast<std::uint64_t>(*row.twoway_us);
    if (row.twoway_variation_us)
      s.two_way_delay_variation = static_cast<std::uint64_t>(*row.twoway_variation_us);
    s.time_ms = period_end_ms(row.period, result.interval);
    out.push_back(std::move(s));
  }
  return out;
}

// The documents are protobuf's JSON mapping of the GPB content (field order as declared, 64-bit
// numbers as strings, enums by name), with every field IP FPM gives a value, zeros included.
std::string json_document(const FlowStatistic& s) {
  return fmt::format(
      R"({{"flow-statistics":{{"flow-statistic":[{{"flow-id":"{}","direction":"{}","address-family":"AddressFamily_IPV4",)"
      R"("source-ip":"{}","destination-ip":"{}","source-mask":{},"destination-mask":{},"source-port":{},)"
      R"("destination-port":{},"protocol":{},"vpn-name":"","if-index":{},"error-info":{},"interval":{},)"
      R"("period-id":"{}","packet-count":"{}","byte-count":"{}","timestamp-second":{},"timestamp-nanosecond":{},)"
      R"("ttl":{},"dscp":{},"dcp-id":"{}","tlp-id":{},"flow-type":"{}"}}]}}}})",
      s.flow_id, direction_name(s.direction), s.source_ip, s.destination_ip, s.source_mask,
      s.destination_mask, s.source_port, s.destination_port, s.protocol, s.if_index, s.error_info, s.interval,
      s.period_id, s.packet_count, s.byte_count, s.timestamp_second, s.timestamp_nanosecond, s.ttl, s.dscp,
      s.dcp_id, s.tlp_id, flow_type_name(s.flow));
}

std::string json_document(const McpStatistic& s) {
  std::string out = fmt::format(
      R"({{"mcp-statistics":{{"mcp-statistic":[{{"instance-id":{},"ach-id":{},"flow-type":"{}","period-id":"{}",)"
      R"("interval":{},"mcp-id":"{}","in-packets":"{}","out-packets":"{}","in-bytes":"{}","out-bytes":"{}",)"
      R"("loss-packets":"{}","loss-ratio-packets":"{}","loss-bytes":"{}","loss-ratio-bytes":"{}")",
      s.instance_id, s.ach_id, flow_type_name(s.flow), s.period_id, s.interval, s.mcp_id, s.in_packets,
      s.out_packets, s.in_bytes, s.out_bytes, s.loss_packets, s.loss_ratio_packets, s.loss_bytes,
      s.loss_ratio_bytes);
  optional_field(out, "one-way-delay", s.one_way_delay);
  optional_field(out, "one-way-delay-variation", s.one_way_delay_variation);
  optional_field(out, "two-way-delay", s.two_way_delay);
  optional_field(out, "two-way-delay-variation", s.two_way_delay_variation);
  return out + "}]}}";
}

std::string gpb_content(const FlowStatistic& s) {
  huawei_ifit::Ifit m;
  auto& f = *m.mutable_flow_statistics()->add_flow_statistic();
  f.set_flow_id(s.flow_id);
  f.set_direction(static_cast<huawei_ifit::Direction>(s.direction));
  f.set_address_family(huawei_ifit::AddressFamily_IPV4);
  f.set_source_ip(s.source_ip);
  f.set_destination_ip(s.destination_ip);
  f.set_source_mask(s.source_mask);
  f.set_destination_mask(s.destination_mask);
  f.set_source_port(s.source_port);
  f.set_destination_port(s.destination_port);
  f.set_protocol(s.protocol);
  f.set_if_index(s.if_index);
  f.set_error_info(s.error_info);
  f.set_interval(s.interval);
  f.set_period_id(s.period_id);
  f.set_packet_count(s.packet_count);
  f.set_byte_count(s.byte_count);
  f.set_timestamp_second(s.timestamp_second);
  f.set_timestamp_nanosecond(s.timestamp_nanosecond);
  f.set_ttl(s.ttl);
  f.set_dscp(s.dscp);
  f.set_dcp_id(s.dcp_id);
  f.set_tlp_id(s.tlp_id);
  f.set_flow_type(s.flow == 0 ? huawei_ifit::FlowType_FORWARD : huawei_ifit::FlowType_BACKWARD);
  return m.SerializeAsString();
}

std::string gpb_content(const McpStatistic& s) {
  vrsh_ipfpm::Ipfpm m;
  auto& r = *m.mutable_mcp_statistics()->add_mcp_statistic();
  r.set_instance_id(s.instance_id);
  r.set_ach_id(s.ach_id);
  r.set_flow_type(s.flow == 0 ? vrsh_ipfpm::FlowType_FORWARD : vrsh_ipfpm::FlowType_BACKWARD);
  r.set_period_id(s.period_id);
  r.set_interval(s.interval);
  r.set_mcp_id(s.mcp_id);
  r.set_in_packets(s.in_packets);
  r.set_out_packets(s.out_packets);
  r.set_in_bytes(s.in_bytes);
  r.set_out_bytes(s.out_bytes);
  r.set_loss_packets(s.loss_packets);
  r.set_loss_ratio_packets(s.loss_ratio_packets);
  r.set_loss_bytes(s.loss_bytes);
  r.set_loss_ratio_bytes(s.loss_ratio_bytes);
  if (s.one_way_delay) r.set_one_way_delay(*s.one_way_delay);
  if (s.one_way_delay_variation) r.set_one_way_delay_variation(*s.one_way_delay_variation);
  if (s.two_way_delay) r.set_two_way_delay(*s.two_way_delay);
  if (s.two_way_delay_variation) r.set_two_way_delay_variation(*s.two_way_delay_variation);
  return m.SerializeAsString();
}

}  // namespace vrsh::dataplane::telemetry
