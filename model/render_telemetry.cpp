// The `telemetry` block: sensor groups, destination groups, then subscriptions, each by name.
#include <fmt/format.h>

#include "model/render_tree.hpp"

namespace vrsh::model {

Node telemetry_node(const Telemetry& t) {
  Node n{"telemetry", {}};
  for (const auto& [name, g] : t.sensor_groups) {
    Node sg{" sensor-group " + name, {}};
    for (const auto& p : g.paths) sg.children.push_back(Node{"  sensor-path " + p, {}});
    n.children.push_back(std::move(sg));
  }
  for (const auto& [name, g] : t.destination_groups) {
    Node dg{" destination-group " + name, {}};
    for (const auto& d : g.destinations)
      dg.children.push_back(Node{fmt::format("  ipv4-address {} port {} protocol {}", format_ipv4(d.addr),
                                             d.port, d.protocol == TelemetryProtocol::Tcp ? "tcp" : "udp"),
                                 {}});
    n.children.push_back(std::move(dg));
  }
  for (const auto& [name, s] : t.subscriptions) {
    Node sub{" subscription " + name, {}};
    for (const auto& g : s.sensor_groups) sub.children.push_back(Node{"  sensor-group " + g, {}});
    for (const auto& g : s.destination_groups) sub.children.push_back(Node{"  destination-group " + g, {}});
    n.children.push_back(std::move(sub));
  }
  return n;
}

}  // namespace vrsh::model
