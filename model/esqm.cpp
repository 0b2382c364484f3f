#include "model/esqm.hpp"

#include <fmt/format.h>

#include "model/config.hpp"

namespace vrsh::model {

Node esqm_node(const Esqm& e) {
  Node n{"esqm", {}};
  if (e.sctp_aging && *e.sctp_aging != kEsqmDefaultAgingSeconds)
    add_line(n, fmt::format(" esqm session {} sctp {}",
                            *e.sctp_aging < kEsqmMinAgingSeconds ? "fast-aging-time" : "aging-time",
                            *e.sctp_aging));
  if (e.tcp_enable) add_line(n, " esqm protocol tcp enable");
  if (e.sctp_disable) add_line(n, " esqm protocol sctp disable");
  if (e.gtp_disable) add_line(n, " esqm protocol gtp disable");
  for (const auto& f : e.filters)
    add_line(n, fmt::format(" esqm filter permit ip {} mask {}", format_ipv4(f.addr), f.length));
  for (const auto& s : e.streams) {
    std::string line =
        s.dir == Direction::Inbound ? " esqm service-stream inbound" : " esqm service-stream outbound";
    if (!s.vpn.empty()) line += " vpn-instance " + name_token(s.vpn);
    add_line(n, std::move(line));
  }
  if (e.flow_table_limit && *e.flow_table_limit != kEsqmDefaultFlowTableLimit)
    add_line(n, fmt::format(" esqm flow-table limit {}", *e.flow_table_limit));
  return n;
}

std::vector<std::string> validate_esqm(const Config& c) {
  std::vector<std::string> e;
  for (const auto& s : c.esqm.streams)
    if (!s.vpn.empty() && !c.vpns.contains(s.vpn))
      e.push_back(
          fmt::format("Error: The VPN instance {} in esqm service-stream {} vpn-instance {} does not exist.",
                      s.vpn, s.dir == Direction::Inbound ? "inbound" : "outbound", s.vpn));
  return e;
}

}  // namespace vrsh::model
