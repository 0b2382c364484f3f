// Blocks of the configuration other than IP FPM, and the overall block order.
#include <algorithm>

#include <fmt/format.h>

#include "model/chassis.hpp"
#include "model/render_tree.hpp"

namespace vrsh::model {
namespace {

void add(Node& n, std::string text) {
  n.children.push_back(Node{std::move(text), {}});
}

}  // namespace

void append_lines(const Node& n, std::string& out) {
  out += n.text;
  out += '\n';
  for (const auto& c : n.children) append_lines(c, out);
}

Node vpn_node(const VpnInstance& v) {
  Node n{"ip vpn-instance " + v.name, {}};
  if (!v.description.empty()) add(n, " description " + v.description);
  // A route distinguisher can only live under the address family, so it implies it.
  if (v.ipv4_family || !v.route_distinguisher.empty()) {
    Node af{" ipv4-family", {}};
    if (!v.route_distinguisher.empty()) add(af, "  route-distinguisher " + v.route_distinguisher);
    n.children.push_back(std::move(af));
  }
  return n;
}

bool interface_rendered(const Interface& i) {
  return !is_builtin(i.name) || i != default_interface(i.name);
}

Node interface_node(const Interface& i) {
  Node n{"interface " + i.name, {}};
  if (!i.description.empty()) add(n, " description " + i.description);
  bool default_down = is_physical(i.name);
  if (i.shutdown != default_down) add(n, i.shutdown ? " shutdown" : " undo shutdown");
  if (!i.vpn.empty()) add(n, " ip binding vpn-instance " + i.vpn);
  for (const auto& a : i.addresses)
    add(n, fmt::format(" ip address {} {}{}", format_ipv4(a.addr), format_ipv4(a.mask), a.sub ? " sub" : ""));
  for (auto tlp : i.ipfpm_tlps) add(n, fmt::format(" ipfpm tlp {}", tlp));
  if (i.esqm_inbound) add(n, " esqm service-stream inbound");
  if (i.esqm_outbound) add(n, " esqm service-stream outbound");
  return n;
}

std::string route_line(const StaticRoute& r) {
  std::string s = "ip route-static";
  if (!r.vpn.empty()) s += " vpn-instance " + r.vpn;
  s += fmt::format(" {} {}", format_ipv4(r.prefix), format_ipv4(r.mask));
  if (!r.ifname.empty()) s += " " + r.ifname;
  if (r.nexthop) s += " " + format_ipv4(*r.nexthop);
  if (r.preference != 60) s += fmt::format(" preference {}", r.preference);
  if (r.tag != 0) s += fmt::format(" tag {}", r.tag);
  if (!r.description.empty()) s += " description " + r.description;
  return s;
}

Node esqm_node(const Esqm& e) {
  Node n{"esqm", {}};
  if (e.sctp_aging && *e.sctp_aging != kEsqmDefaultAgingSeconds)
    add(n, fmt::format(" esqm session aging-time sctp {}", *e.sctp_aging));
  if (e.tcp_enable) add(n, " esqm protocol tcp enable");
  if (e.sctp_disable) add(n, " esqm protocol sctp disable");
  if (e.gtp_disable) add(n, " esqm protocol gtp disable");
  for (const auto& f : e.filters)
    add(n, fmt::format(" esqm filter permit ip {} mask {}", format_ipv4(f.addr), f.length));
  for (const auto& s : e.streams) {
    std::string line =
        s.dir == Direction::Inbound ? " esqm service-stream inbound" : " esqm service-stream outbound";
    if (!s.vpn.empty()) line += " vpn-instance " + s.vpn;
    add(n, std::move(line));
  }
  if (e.flow_table_limit && *e.flow_table_limit != kEsqmDefaultFlowTableLimit)
    add(n, fmt::format(" esqm flow-table limit {}", *e.flow_table_limit));
  return n;
}

std::vector<Section> build_sections(const Config& c) {
  std::vector<Section> out;
  out.push_back(Section{"sysname", {Node{"sysname " + c.sysname, {}}}});
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
    for (const auto& a : c.arp_static) {
      std::string line = fmt::format("arp static {} {}", format_ipv4(a.ip), format_mac(a.mac));
      if (!a.vpn.empty()) line += " vpn-instance " + a.vpn;
      s.roots.push_back(Node{std::move(line), {}});
    }
    out.push_back(std::move(s));
  }
  if (!c.routes.empty()) {
    std::vector<StaticRoute> routes = c.routes;
    std::stable_sort(routes.begin(), routes.end(), route_less);
    Section s{"ip route-static", {}};
    for (const auto& r : routes) s.roots.push_back(Node{route_line(r), {}});
    out.push_back(std::move(s));
  }
  if (c.ipfpm.dcp.enabled) out.push_back(Section{"nqa ipfpm dcp", {dcp_node(c.ipfpm.dcp)}});
  if (c.ipfpm.mcp.enabled) out.push_back(Section{"nqa ipfpm mcp", {mcp_node(c.ipfpm.mcp)}});
  if (c.esqm.enabled) out.push_back(Section{"esqm", {esqm_node(c.esqm)}});
  if (c.telemetry.enabled) out.push_back(Section{"telemetry", {telemetry_node(c.telemetry)}});
  return out;
}

}  // namespace vrsh::model
