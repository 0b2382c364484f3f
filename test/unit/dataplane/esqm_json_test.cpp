#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "dataplane/engine.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;

namespace {

// The example lines of the seed document, read in place.
std::string seed_line(const std::string& prefix) {
  std::ifstream f(std::string(VRSH_SHARED_DIR) + "/seeds/esqm-flow-table-format.txt");
  for (std::string l; std::getline(f, l);) {
    if (l.rfind(prefix, 0) == 0) return l;
  }
  return {};
}

esqm::Record seed_common() {
  esqm::Record r;
  parse_ip("10.1.1.1", r.src);
  parse_ip("10.1.1.2", r.dst);
  r.src_port = 1023;
  r.dst_port = 1023;
  r.port_if_index = 47;
  r.route_if_index = 14;
  parse_ip("10.1.1.2", r.next_hop);
  r.label = 0;
  r.vpn_name = "_public_";
  return r;
}

}  // namespace

TEST_CASE("esqm json: TCP record is byte-identical to the seed example") {
  const std::string seed = seed_line("{\"tcp-datas\"");
  REQUIRE_FALSE(seed.empty());
  esqm::Record r = seed_common();
  r.proto = esqm::Protocol::Tcp;
  r.protocol = 6;
  r.flow_type = esqm::FlowType::TcpSyn;
  r.created_ns = 1563469476ULL * 1000000000ULL + 796319000ULL;
  r.packet_num = 1;
  r.retrans_num = 1;
  CHECK(Engine::esqm_json(r) == seed);
}

TEST_CASE("esqm json: GTP record is byte-identical to the seed example") {
  const std::string seed = seed_line("{\"gtp-datas\"");
  REQUIRE_FALSE(seed.empty());
  esqm::Record r = seed_common();
  r.src_port = 2152;
  r.dst_port = 2152;
  r.proto = esqm::Protocol::Gtp;
  r.protocol = 17;
  r.flow_type = esqm::FlowType::Gtp;
  r.heartbeat_ns = 1563476027ULL * 1000000000ULL + 331645687ULL;
  r.packet_num = 1001;
  r.packet_bytes = 128128;
  r.packet_type = esqm::PacketType::HeartbeatResponse;
  r.last_ip_id = 1;
  r.curr_ip_id = 2;
  CHECK(Engine::esqm_json(r) == seed);
}

TEST_CASE("esqm json: enum spellings, IPv6, egress, VPN and large counters") {
  esqm::Record r;
  parse_ip("2001:db8::1", r.src);
  parse_ip("2001:db8::2", r.dst);
  r.proto = esqm::Protocol::Sctp;
  r.protocol = 132;
  r.flow_type = esqm::FlowType::SctpInitAck;
  r.age_type = esqm::AgeType::SctpShutdownAck;
  r.direction = model::Direction::Outbound;
  r.vpn_name = "vpna";
  r.packet_num = 18446744073709551615ULL;
  const std::string j = Engine::esqm_json(r);
  CHECK(j.find("\"next-hop\":\"::\"") != std::string::npos);
  CHECK(j.find("\"flow-type\":\"FlowType_SCTPX_INITX_ACK\"") != std::string::npos);
  CHECK(j.find("\"age-type\":\"AgeType_SCTPX_SHUTDOWNX_ACK\"") != std::string::npos);
  CHECK(j.find("\"flow-direction\":\"FlowDirection_EGRESS\"") != std::string::npos);
  CHECK(j.find("\"packet-num\":\"18446744073709551615\"") != std::string::npos);
  CHECK(j.find("\"address-family\":\"AddressFamily_IPV6\"") != std::string::npos);
  CHECK(j.find("\"vpn-name\":\"vpna\"") != std::string::npos);
  CHECK(std::string(esqm::age_type_name(esqm::AgeType::SctpAbort)) == "AgeType_SCTPX_ABORT");
  CHECK(std::string(esqm::flow_type_name(esqm::FlowType::SctpSack)) == "FlowType_SCTPX_SACK");
  CHECK(std::string(esqm::flow_type_name(esqm::FlowType::TcpSynAck)) == "FlowType_TCPX_SYNX_ACK");
}
