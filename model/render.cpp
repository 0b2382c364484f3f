#include "model/render.hpp"

#include <fmt/format.h>

#include "model/chassis.hpp"
#include "model/render_tree.hpp"

namespace vrsh::model {
namespace {

std::string framed(const Node& n) {
  std::string out = "#\n";
  append_lines(n, out);
  out += "#\nreturn\n";
  return out;
}

// A default-valued object carrying only its id: what a view shows before anything is set in it.
template <class T>
T with_id(std::uint32_t id) {
  T t;
  t.id = id;
  return t;
}

// The nested node whose text is `text`, or a bare header with that text.
Node child_or_header(const Node& parent, const std::string& text) {
  for (const auto& c : parent.children)
    if (c.text == text) return c;
  return Node{text, {}};
}

}  // namespace

std::string render_config(const Config& c) {
  std::string out = "#\n";
  for (const auto& s : build_sections(c)) {
    for (const auto& n : s.roots) append_lines(n, out);
    out += "#\n";
  }
  out += "return\n";
  return out;
}

std::string render_view(const Config& c, const Scope& s) {
  switch (s.kind) {
    case Scope::System: {
      std::string out = "#\n";
      for (const auto& sec : build_sections(c)) {
        if (sec.key != "sysname" && sec.key != "arp static" && sec.key != "ip route-static") continue;
        for (const auto& n : sec.roots) append_lines(n, out);
        out += "#\n";
      }
      return out + "return\n";
    }
    case Scope::Interface: {
      const Interface* i = c.find_interface(s.name);
      return framed(interface_node(i ? *i : default_interface(s.name)));
    }
    case Scope::VpnInstance:
    case Scope::VpnAfIpv4: {
      auto it = c.vpns.find(s.name);
      Node n = it != c.vpns.end() ? vpn_node(it->second) : Node{"ip vpn-instance " + name_token(s.name), {}};
      return framed(s.kind == Scope::VpnInstance ? n : child_or_header(n, " ipv4-family"));
    }
    case Scope::Esqm:
      return framed(esqm_node(c.esqm));
    case Scope::Dcp:
      return framed(dcp_node(c.ipfpm.dcp));
    case Scope::DcpInstance: {
      auto it = c.ipfpm.dcp.instances.find(s.id);
      return framed(
          dcp_instance_node(it != c.ipfpm.dcp.instances.end() ? it->second : with_id<DcpInstance>(s.id)));
    }
    case Scope::Mcp:
      return framed(mcp_node(c.ipfpm.mcp));
    case Scope::McpInstance:
    case Scope::Ach: {
      auto it = c.ipfpm.mcp.instances.find(s.id);
      McpInstance inst = it != c.ipfpm.mcp.instances.end() ? it->second : with_id<McpInstance>(s.id);
      if (s.kind == Scope::McpInstance) return framed(mcp_instance_node(inst));
      auto a = inst.achs.find(s.id2);
      return framed(ach_node(a != inst.achs.end() ? a->second : with_id<Ach>(s.id2)));
    }
    case Scope::Telemetry:
      return framed(telemetry_node(c.telemetry));
    case Scope::SensorGroup:
      return framed(child_or_header(telemetry_node(c.telemetry), " sensor-group " + name_token(s.name)));
    case Scope::DestinationGroup:
      return framed(child_or_header(telemetry_node(c.telemetry), " destination-group " + name_token(s.name)));
    case Scope::Subscription:
      return framed(child_or_header(telemetry_node(c.telemetry), " subscription " + name_token(s.name)));
  }
  return "#\nreturn\n";
}

}  // namespace vrsh::model
