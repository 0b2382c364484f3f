// IP FPM blocks (`nqa ipfpm dcp`, `nqa ipfpm mcp`) in the layout of the vendor's config files
// (where the documents are silent the order is our choice, see render.hpp), and their
// commit-time checks.
#include "model/ipfpm.hpp"

#include <fmt/format.h>

#include "model/config.hpp"
#include "model/secret.hpp"

namespace vrsh::model {
namespace {

constexpr std::uint16_t kDefaultFpmPort = 65030;
constexpr int kDefaultInterval = 10;

const char* flow_dir_text(FlowDir d) {
  switch (d) {
    case FlowDir::Forward:
      return "forward";
    case FlowDir::Backward:
      return "backward";
    case FlowDir::Bidirectional:
      return "bidirectional";
  }
  return "forward";
}

std::string color_text(const ColorBit& b) {
  switch (b.kind) {
    case ColorBit::Kind::Tos:
      return fmt::format("tos-bit {}", b.tos_bit);
    case ColorBit::Kind::Flags0:
      return "flags-bit0";
    case ColorBit::Kind::None:
      return "none";
  }
  return "none";
}

std::string mcp_ref_text(const McpRef& m) {
  std::string s = "mcp " + format_ipv4(m.id);
  if (m.port != kDefaultFpmPort) s += fmt::format(" port {}", m.port);
  if (!m.vpn.empty()) s += " vpn-instance " + name_token(m.vpn);
  return s;
}

std::string auth_text(const FpmAuth& a) {
  return fmt::format("authentication-mode hmac-sha256 key-id {} cipher {}", a.key_id,
                     encrypt_secret(a.secret));
}

std::string prefix_text(const std::pair<Ipv4, int>& p) {
  return p.second == 32 ? format_ipv4(p.first) : fmt::format("{} {}", format_ipv4(p.first), p.second);
}

std::string ports_text(const char* which, const std::pair<int, int>& p) {
  return p.first == p.second ? fmt::format(" {} {}", which, p.first)
                             : fmt::format(" {} {} to {}", which, p.first, p.second);
}

std::string flow_text(const FpmFlow& f) {
  std::string s = fmt::format("flow {}", flow_dir_text(f.dir));
  if (f.source) s += " source " + prefix_text(*f.source);
  if (f.destination) s += " destination " + prefix_text(*f.destination);
  if (f.dscp) s += fmt::format(" dscp {}", *f.dscp);
  if (f.protocol) {
    bool named = (*f.protocol == 6 || *f.protocol == 17) && (f.src_ports || f.dst_ports);
    if (named) {
      s += *f.protocol == 6 ? " protocol tcp" : " protocol udp";
      if (f.src_ports) s += ports_text("source-port", *f.src_ports);
      if (f.dst_ports) s += ports_text("destination-port", *f.dst_ports);
    } else {
      s += fmt::format(" protocol {}", *f.protocol);
    }
  }
  return s;
}

std::string threshold_text(const Threshold& t) {
  return fmt::format("upper-limit {} lower-limit {}", t.upper, t.lower);
}

std::string group_text(const char* which, const AchGroup& g) {
  return fmt::format("   {} dcp {} tlp {}", which, format_ipv4(g.dcp), g.tlp);
}

using Errors = std::vector<std::string>;

// TLP ids bound to some interface.
std::set<std::uint32_t> bound_tlps(const Config& c) {
  std::set<std::uint32_t> out;
  for (const auto& i : c.interfaces) out.insert(i.ipfpm_tlps.begin(), i.ipfpm_tlps.end());
  return out;
}

std::string labels_text(const MplsMatch& m) {
  std::string s;
  if (m.vpn_label) s += fmt::format(" vpn-label {}", *m.vpn_label);
  if (m.lsp_label) s += fmt::format(" lsp-label {}", *m.lsp_label);
  if (m.lsp_label2) s += *m.lsp_label2 ? fmt::format(" lsp-label2 {}", **m.lsp_label2) : " lsp-label2 any";
  return s;
}

void check_dcp_instance(const Config& c, const DcpInstance& in, const std::set<std::uint32_t>& bound,
                        Errors& e) {
  const Dcp& d = c.ipfpm.dcp;
  if (in.mcp && !in.mcp->vpn.empty() && !c.vpns.contains(in.mcp->vpn))
    e.push_back(fmt::format("Error: The VPN instance {} of the MCP of IP FPM DCP instance {} does not exist.",
                            in.mcp->vpn, in.id));
  const DelayMeasure* delay = in.delay_measure();
  if (delay && !delay->mid && !in.tlps.contains(delay->tlp))
    e.push_back(fmt::format(
        "Error: TLP {} used by delay-measure of IP FPM DCP instance {} is not configured in the instance.",
        delay->tlp, in.id));
  const bool no_mid = !in.has_mid_point();
  if (delay && delay->mid && no_mid)
    e.push_back(fmt::format(
        "Error: delay-measure of IP FPM DCP instance {} names the mid-points, but the instance has none.",
        in.id));
  if (in.on_demand && in.on_demand->loss_mid && no_mid)
    e.push_back(fmt::format(
        "Error: loss-measure of IP FPM DCP instance {} names the mid-points, but the instance has none.",
        in.id));
  if (!in.measures()) return;
  if (in.flows.empty())
    e.push_back(fmt::format("Error: IP FPM DCP instance {} enables measurement but has no flow.", in.id));
  if (in.tlps.empty())
    e.push_back(fmt::format("Error: IP FPM DCP instance {} enables measurement but has no TLP.", in.id));
  if (!in.mcp && !d.mcp)
    e.push_back(fmt::format("Error: IP FPM DCP instance {} enables measurement but has no MCP.", in.id));
  for (const auto& [id, t] : in.tlps)
    if (!bound.contains(id))
      e.push_back(
          fmt::format("Error: TLP {} of IP FPM DCP instance {} is not bound to any interface.", id, in.id));
}

}  // namespace

std::string mid_point_text(std::uint32_t id, int index, const MidPoint& m) {
  std::string s = fmt::format("tlp {}", id);
  if (index != 0) s += fmt::format(" index {}", index);
  s += " mid-point flow ";
  s += m.flow == FlowDir::Forward ? "forward" : m.flow == FlowDir::Backward ? "backward" : "bidirectional";
  s += m.ingress ? " ingress" : " egress";
  if (m.flow == FlowDir::Bidirectional) {
    if (m.labels[0].vpn_label) s += " forward" + labels_text(m.labels[0]);
    if (m.labels[1].vpn_label) s += " backward" + labels_text(m.labels[1]);
  } else {
    s += labels_text(m.labels[m.flow == FlowDir::Backward ? 1 : 0]);
  }
  if (m.flow_label) s += " flow-label";
  if (m.control_word) s += " control-word";
  if (m.l2vpn_tpid) s += *m.l2vpn_tpid ? fmt::format(" l2vpn tpid {}", **m.l2vpn_tpid) : " l2vpn";
  return s;
}

Node dcp_instance_node(const DcpInstance& i) {
  Node n{fmt::format(" instance {}", i.id), {}};
  if (!i.description.empty()) add_line(n, "  description " + text_token(i.description));
  if (i.interval != kDefaultInterval) add_line(n, fmt::format("  interval {}", i.interval));
  for (const auto& [dir, f] : i.flows) add_line(n, "  " + flow_text(f));
  for (const auto& [id, t] : i.tlps) {
    if (!t.is_mid()) {
      add_line(n, fmt::format("  tlp {} {} {}", id, t.in_point ? "in-point" : "out-point",
                              t.ingress ? "ingress" : "egress"));
      continue;
    }
    for (const auto& [index, m] : t.mid) add_line(n, "  " + mid_point_text(id, index, m));
  }
  if (i.mcp) add_line(n, "  " + mcp_ref_text(*i.mcp));
  if (i.auth) add_line(n, "  " + auth_text(*i.auth));
  if (i.loss_continual) add_line(n, "  loss-measure enable continual");
  if (i.delay)
    add_line(
        n, fmt::format("  delay-measure enable {} tlp {} continual", i.delay->two_way ? "two-way" : "one-way",
                       i.delay->mid ? std::string("mid-point") : std::to_string(i.delay->tlp)));
  return n;
}

Node dcp_node(const Dcp& d) {
  Node n{"nqa ipfpm dcp", {}};
  if (d.id) add_line(n, " dcp id " + format_ipv4(*d.id));
  if (d.mcp) add_line(n, " " + mcp_ref_text(*d.mcp));
  if (d.auth) add_line(n, " " + auth_text(*d.auth));
  if (d.loss_bit != Dcp{}.loss_bit || d.delay_bit != Dcp{}.delay_bit)
    add_line(n, fmt::format(" color-flag loss-measure {} delay-measure {}", color_text(d.loss_bit),
                            color_text(d.delay_bit)));
  for (const auto& [id, inst] : d.instances) n.children.push_back(dcp_instance_node(inst));
  return n;
}

Node ach_node(const Ach& a) {
  Node n{fmt::format("  ach {}", a.id), {}};
  if (a.flow) add_line(n, fmt::format("   flow {}", flow_dir_text(*a.flow)));
  for (const auto& g : a.in_group) add_line(n, group_text("in-group", g));
  for (const auto& g : a.out_group) add_line(n, group_text("out-group", g));
  return n;
}

Node mcp_instance_node(const McpInstance& i) {
  Node n{fmt::format(" instance {}", i.id), {}};
  if (!i.description.empty()) add_line(n, "  description " + text_token(i.description));
  for (auto dcp : i.dcps) add_line(n, "  dcp " + format_ipv4(dcp));
  if (i.measure_disabled) add_line(n, "  measure disable");
  if (i.loss_threshold) add_line(n, "  loss-measure ratio-threshold " + threshold_text(*i.loss_threshold));
  if (i.oneway_threshold)
    add_line(n, "  delay-measure one-way delay-threshold " + threshold_text(*i.oneway_threshold));
  if (i.twoway_threshold)
    add_line(n, "  delay-measure two-way delay-threshold " + threshold_text(*i.twoway_threshold));
  for (const auto& [id, a] : i.achs) n.children.push_back(ach_node(a));
  return n;
}

Node mcp_node(const Mcp& m) {
  Node n{"nqa ipfpm mcp", {}};
  if (m.id) add_line(n, " mcp id " + format_ipv4(*m.id));
  if (m.port && *m.port != kDefaultFpmPort) add_line(n, fmt::format(" protocol udp port {}", *m.port));
  if (m.auth) add_line(n, " " + auth_text(*m.auth));
  for (const auto& [id, inst] : m.instances) n.children.push_back(mcp_instance_node(inst));
  return n;
}

namespace {

// The entry `id` of `entries`, or a default-valued one carrying only its id.
template <class T>
T entry_or_default(const std::map<std::uint32_t, T>& entries, std::uint32_t id) {
  if (auto it = entries.find(id); it != entries.end()) return it->second;
  T t;
  t.id = id;
  return t;
}

}  // namespace

void clear_runtime(Dcp& d) {
  for (auto& [id, inst] : d.instances) inst.on_demand.reset();
}

void keep_runtime(Dcp& to, const Dcp& from) {
  for (auto& [id, inst] : to.instances) {
    inst.on_demand.reset();
    const auto f = from.instances.find(id);
    if (f != from.instances.end() && !inst.continual()) inst.on_demand = f->second.on_demand;
  }
}

Node dcp_instance_node(const Dcp& d, std::uint32_t id) {
  return dcp_instance_node(entry_or_default(d.instances, id));
}

Node mcp_instance_node(const Mcp& m, std::uint32_t id) {
  return mcp_instance_node(entry_or_default(m.instances, id));
}

Node ach_node(const Mcp& m, std::uint32_t instance, std::uint32_t ach) {
  return ach_node(entry_or_default(entry_or_default(m.instances, instance).achs, ach));
}

std::vector<std::string> validate_ipfpm(const Config& c) {
  Errors e;
  const Dcp& d = c.ipfpm.dcp;
  if (!d.enabled) return e;
  if (d.mcp && !d.mcp->vpn.empty() && !c.vpns.contains(d.mcp->vpn))
    e.push_back(
        fmt::format("Error: The VPN instance {} of the MCP of the IP FPM DCP does not exist.", d.mcp->vpn));
  if (!d.instances.empty() && !d.id) e.push_back("Error: The IP FPM DCP has instances but no DCP ID.");
  const auto bound = bound_tlps(c);
  for (const auto& [id, in] : d.instances) check_dcp_instance(c, in, bound, e);
  return e;
}

}  // namespace vrsh::model
