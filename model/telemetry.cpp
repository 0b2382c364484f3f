#include "model/telemetry.hpp"

#include <fmt/format.h>

#include "model/config.hpp"

namespace vrsh::model {

Node telemetry_node(const Telemetry& t) {
  Node n{"telemetry", {}};
  for (const auto& [name, g] : t.sensor_groups) {
    Node sg{" sensor-group " + name_token(name), {}};
    for (const auto& p : g.paths) sg.children.push_back(Node{"  sensor-path " + name_token(p), {}});
    n.children.push_back(std::move(sg));
  }
  for (const auto& [name, g] : t.destination_groups) {
    Node dg{" destination-group " + name_token(name), {}};
    for (const auto& d : g.destinations)
      dg.children.push_back(Node{fmt::format("  ipv4-address {} port {} protocol {}", format_ipv4(d.addr),
                                             d.port, d.protocol == TelemetryProtocol::Tcp ? "tcp" : "udp"),
                                 {}});
    n.children.push_back(std::move(dg));
  }
  for (const auto& [name, s] : t.subscriptions) {
    Node sub{" subscription " + name_token(name), {}};
    for (const auto& g : s.sensor_groups) sub.children.push_back(Node{"  sensor-group " + name_token(g), {}});
    for (const auto& g : s.destination_groups)
      sub.children.push_back(Node{"  destination-group " + name_token(g), {}});
    n.children.push_back(std::move(sub));
  }
  return n;
}

std::vector<std::string> validate_telemetry(const Config& c) {
  std::vector<std::string> e;
  const Telemetry& t = c.telemetry;
  for (const auto& [name, sub] : t.subscriptions) {
    for (const auto& g : sub.sensor_groups)
      if (!t.sensor_groups.contains(g))
        e.push_back(
            fmt::format("Error: The sensor group {} of telemetry subscription {} does not exist.", g, name));
    for (const auto& g : sub.destination_groups)
      if (!t.destination_groups.contains(g))
        e.push_back(fmt::format(
            "Error: The destination group {} of telemetry subscription {} does not exist.", g, name));
  }
  return e;
}

}  // namespace vrsh::model
