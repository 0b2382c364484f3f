// The overall block order of the configuration; each block is built by its feature (vpn_node,
// interface_node, arp_line, route_line, route6_line, dcp_node, mcp_node, esqm_node, ssl_policy_node,
// grpc_node, telemetry_node).
#include <algorithm>

#include "model/chassis.hpp"
#include "model/render_tree.hpp"

namespace vrsh::model {

void append_lines(const Node& n, std::string& out) {
  out += n.text;
  out += '\n';
  for (const auto& c : n.children) append_lines(c, out);
}

std::vector<Section> build_sections(const Config& c) {
  std::vector<Section> out;
  out.push_back(Section{"sysname", {Node{"sysname " + name_token(c.sysname), {}}}});
  for (const auto& [name, v] : c.vpns) {
    Node n = vpn_node(v);
    out.push_back(Section{n.text, {std::move(n)}});
  }
  // Handlers keep both vectors ordered; sorting copies anyway makes the output canonical even
  // for a Config assembled by hand.
  std::vector<const Interface*> ifs;
  for (const auto& i : c.interfaces)
    if (interface_rendered(i)) ifs.push_back(&i);
  std::stable_sort(ifs.begin(), ifs.end(), [](const Interface* a, const Interface* b) {
    return compare_ifnames(a->name, b->name) < 0;
  });
  for (const Interface* i : ifs) {
    Node n = interface_node(*i);
    out.push_back(Section{n.text, {std::move(n)}});
  }
  if (!c.arp_static.empty()) {
    Section s{"arp static", {}};
    for (const auto& a : c.arp_static) s.roots.push_back(Node{arp_line(a), {}});
    out.push_back(std::move(s));
  }
  if (!c.routes.empty()) {
    Section s{"ip route-static", {}};
    for (const auto& r : c.routes) s.roots.push_back(Node{route_line(r), {}});
    out.push_back(std::move(s));
  }
  if (!c.routes6.empty()) {
    Section s{"ipv6 route-static", {}};
    for (const auto& r : c.routes6) s.roots.push_back(Node{route6_line(r), {}});
    out.push_back(std::move(s));
  }
  if (c.ipfpm.dcp.enabled) out.push_back(Section{"nqa ipfpm dcp", {dcp_node(c.ipfpm.dcp)}});
  if (c.ipfpm.mcp.enabled) out.push_back(Section{"nqa ipfpm mcp", {mcp_node(c.ipfpm.mcp)}});
  if (c.esqm.enabled) out.push_back(Section{"esqm", {esqm_node(c.esqm)}});
  for (const auto& [name, p] : c.ssl_policies) {
    Node n = ssl_policy_node(p);
    out.push_back(Section{n.text, {std::move(n)}});
  }
  if (c.grpc.enabled) out.push_back(Section{"grpc", {grpc_node(c.grpc)}});
  if (c.telemetry.enabled) out.push_back(Section{"telemetry", {telemetry_node(c.telemetry)}});
  return out;
}

}  // namespace vrsh::model
