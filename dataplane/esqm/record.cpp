#include "dataplane/esqm/record.hpp"

#include <nlohmann/json.hpp>

namespace vrsh::dataplane::esqm {

const char* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::Tcp: return "tcp";
    case Protocol::Sctp: return "sctp";
    case Protocol::Gtp: return "gtp";
  }
  return "?";
}

const char* age_type_name(AgeType t) {
  switch (t) {
    case AgeType::AgingTime: return "AgeType_AGINGX_TIME";
    case AgeType::TcpFin: return "AgeType_TCPX_FIN";
    case AgeType::TcpRst: return "AgeType_TCPX_RST";
    case AgeType::SctpShutdown: return "AgeType_SCTPX_SHUTDOWN";
    case AgeType::SctpShutdownAck: return "AgeType_SCTPX_SHUTDOWNX_ACK";
    case AgeType::SctpAbort: return "AgeType_SCTPX_ABORT";
  }
  return "?";
}

const char* flow_type_name(FlowType t) {
  switch (t) {
    case FlowType::TcpSyn: return "FlowType_TCPX_SYN";
    case FlowType::TcpSynAck: return "FlowType_TCPX_SYNX_ACK";
    case FlowType::SctpSack: return "FlowType_SCTPX_SACK";
    case FlowType::SctpInit: return "FlowType_SCTPX_INIT";
    case FlowType::SctpInitAck: return "FlowType_SCTPX_INITX_ACK";
    case FlowType::Gtp: return "FlowType_GTP";
  }
  return "?";
}

namespace {

// The fields both tables start with, in the seed's order.
void common_head(nlohmann::ordered_json& o, const Record& r) {
  o["src-ip-addr"] = r.src.str();
  o["dst-ip-addr"] = r.dst.str();
  o["src-port"] = r.src_port;
  o["dst-port"] = r.dst_port;
  o["protocol"] = r.protocol;
  o["age-type"] = age_type_name(r.age_type);
  o["flow-type"] = flow_type_name(r.flow_type);
  o["flow-direction"] = r.direction == model::Direction::Inbound ? "FlowDirection_INGRESS" : "FlowDirection_EGRESS";
  o["port-if-index"] = r.port_if_index;
  o["route-if-index"] = r.route_if_index;
  IpAddr nh = r.next_hop;
  nh.v6 = r.src.v6;  // "no next hop" prints as 0.0.0.0 or :: in the flow's family
  o["next-hop"] = nh.str();
  o["label"] = r.label;
  o["vpn-name"] = r.vpn_name;
}

const char* family(const Record& r) { return r.src.v6 ? "AddressFamily_IPV6" : "AddressFamily_IPV4"; }

}  // namespace

std::string to_json(const Record& r) {
  nlohmann::ordered_json o;
  common_head(o, r);
  if (r.proto == Protocol::Gtp) {
    o["heartbeat-time-sec"] = r.heartbeat_ns / 1000000000ULL;
    o["heartbeat-time-nano-sec"] = r.heartbeat_ns % 1000000000ULL;
    o["packet-num"] = std::to_string(r.packet_num);
    o["packet-bytes"] = std::to_string(r.packet_bytes);
    o["packet-type"] = r.packet_type == PacketType::Heartbeat ? "PacketType_HEARTBEAT" : "PacketType_HEARTBEATX_RSQ";
    o["address-family"] = family(r);
    o["last-ip-id"] = r.last_ip_id;
    o["curr-ip-id"] = r.curr_ip_id;
    nlohmann::ordered_json doc;
    doc["gtp-datas"]["gtp-data"] = nlohmann::ordered_json::array({o});
    return doc.dump();
  }
  o["created-timestamp-sec"] = r.created_ns / 1000000000ULL;
  o["created-timestamp-nano-sec"] = r.created_ns % 1000000000ULL;
  o["packet-num"] = std::to_string(r.packet_num);
  o["retrans-num"] = std::to_string(r.retrans_num);
  o["retrans-radio"] = std::to_string(r.retrans_radio());
  o["address-family"] = family(r);
  nlohmann::ordered_json doc;
  doc["tcp-datas"]["tcp-data"] = nlohmann::ordered_json::array({o});
  return doc.dump();
}

}  // namespace vrsh::dataplane::esqm
