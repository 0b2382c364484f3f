// The only translation unit besides grpc_stream.cpp that includes generated protobuf code.
#include "dataplane/telemetry/dialout_message.hpp"

#include <nlohmann/json.hpp>

#include "dataplane/clock.hpp"
#include "dataplane/telemetry/proto/huawei_esqm.pb.h"
#include "dataplane/telemetry/proto/huawei_telemetry.pb.h"

namespace vrsh::dataplane::telemetry {
namespace {

// The fields TCP/SCTP and GTP records share, set on either message type.
template <class M>
void common_fields(M& m, const esqm::Record& r) {
  IpAddr nh = r.next_hop;
  nh.v6 = r.src.v6;  // as the JSON document: "no next hop" is 0.0.0.0 or :: in the flow's family
  m.set_src_ip_addr(r.src.str());
  m.set_dst_ip_addr(r.dst.str());
  m.set_src_port(r.src_port);
  m.set_dst_port(r.dst_port);
  m.set_protocol(r.protocol);
  m.set_age_type(static_cast<huawei_esqm::AgeType>(r.age_type));
  m.set_flow_type(static_cast<huawei_esqm::FlowType>(r.flow_type));
  m.set_flow_direction(r.direction == model::Direction::Inbound ? huawei_esqm::FlowDirection_INGRESS
                                                                : huawei_esqm::FlowDirection_EGRESS);
  m.set_port_if_index(r.port_if_index);
  m.set_route_if_index(r.route_if_index);
  m.set_next_hop(nh.str());
  m.set_label(r.label);
  m.set_vpn_name(r.vpn_name);
  m.set_address_family(r.src.v6 ? huawei_esqm::AddressFamily_IPV6 : huawei_esqm::AddressFamily_IPV4);
}

std::string esqm_content(const esqm::Record& r) {
  huawei_esqm::Esqm e;
  if (r.proto == esqm::Protocol::Gtp) {
    auto& g = *e.mutable_gtp_datas()->add_gtp_data();
    common_fields(g, r);
    g.set_heartbeat_time_sec(static_cast<std::uint32_t>(whole_seconds(r.heartbeat_ns)));
    g.set_heartbeat_time_nano_sec(static_cast<std::uint32_t>(subsecond_ns(r.heartbeat_ns)));
    g.set_packet_num(r.packet_num);
    g.set_packet_bytes(r.packet_bytes);
    g.set_packet_type(r.packet_type == esqm::PacketType::Heartbeat ? huawei_esqm::PacketType_HEARTBEAT
                                                                   : huawei_esqm::PacketType_HEARTBEATX_RSQ);
    g.set_last_ip_id(r.last_ip_id);
    g.set_curr_ip_id(r.curr_ip_id);
  } else {
    auto& t = *e.mutable_tcp_datas()->add_tcp_data();
    common_fields(t, r);
    t.set_created_timestamp_sec(static_cast<std::uint32_t>(whole_seconds(r.created_ns)));
    t.set_created_timestamp_nano_sec(static_cast<std::uint32_t>(subsecond_ns(r.created_ns)));
    t.set_packet_num(r.packet_num);
    t.set_retrans_num(r.retrans_num);
    t.set_retrans_radio(r.retrans_radio());
  }
  return e.SerializeAsString();
}

huawei_telemetry::Telemetry header(const DialoutHeader& h) {
  huawei_telemetry::Telemetry t;
  t.set_node_id_str(h.node_id);
  t.set_subscription_id_str(h.subscription);
  t.set_sensor_path(h.sensor_path);
  t.set_proto_path(h.proto_path);
  t.set_collection_id(h.collection_id);
  t.set_collection_start_time(h.time_ms);
  t.set_msg_timestamp(h.time_ms);
  t.set_collection_end_time(h.time_ms);
  t.set_current_period(0);  // OnChange paths
  t.set_except_desc("OK");
  t.set_product_name(h.product_name);
  t.set_software_version(h.software_version);
  return t;
}

// "Pure JSON": the Telemetry header by its proto field names, times as numbers (the JSON
// collectors take epoch milliseconds), and data_str as an object whose one row holds the
// record's document as it is (never re-serialized, so it stays byte-identical to the export).
std::string pure_json(const DialoutHeader& h, std::string_view record_json) {
  nlohmann::ordered_json j;
  j["node_id_str"] = h.node_id;
  j["subscription_id_str"] = h.subscription;
  j["sensor_path"] = h.sensor_path;
  j["proto_path"] = h.proto_path;
  j["collection_id"] = h.collection_id;
  j["collection_start_time"] = h.time_ms;
  j["msg_timestamp"] = h.time_ms;
  j["collection_end_time"] = h.time_ms;
  j["current_period"] = 0;
  j["except_desc"] = "OK";
  j["product_name"] = h.product_name;
  j["software_version"] = h.software_version;
  j["encoding"] = "Encoding_JSON";
  std::string out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  out.pop_back();  // the closing brace: data_str follows
  out += R"(,"data_str":{"row":[{"timestamp":)" + std::to_string(h.time_ms) + R"(,"content":)";
  out.append(record_json);
  out += "}]}}";
  return out;
}

}  // namespace

DialoutPayload dialout_payload(DialoutEncoding e, const DialoutHeader& h, const esqm::Record& r,
                               std::string_view record_json) {
  return dialout_payload(
      e, h, [&r] { return esqm_content(r); }, record_json);
}

DialoutPayload dialout_payload(DialoutEncoding e, const DialoutHeader& h,
                               const std::function<std::string()>& gpb, std::string_view record_json) {
  if (e == DialoutEncoding::Json) return {true, pure_json(h, record_json)};
  huawei_telemetry::Telemetry t = header(h);
  if (e == DialoutEncoding::JsonOnlyContent) {
    t.set_encoding(huawei_telemetry::Telemetry::Encoding_JSON);
    t.set_data_str(std::string(record_json));
  } else {
    t.set_encoding(huawei_telemetry::Telemetry::Encoding_GPB);
    auto& row = *t.mutable_data_gpb()->add_row();
    row.set_timestamp(h.time_ms);
    row.set_content(gpb());
  }
  return {false, t.SerializeAsString()};
}

}  // namespace vrsh::dataplane::telemetry
