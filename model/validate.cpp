#include "model/validate.hpp"

#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "model/chassis.hpp"

namespace vrsh::model {
namespace {

using Errors = std::vector<std::string>;

std::string route_name(const StaticRoute& r) {
  int len = len_from_mask(r.mask);
  std::string s = len < 0 ? fmt::format("{} {}", format_ipv4(r.prefix), format_ipv4(r.mask))
                          : fmt::format("{}/{}", format_ipv4(r.prefix), len);
  return r.vpn.empty() ? s : fmt::format("{} (vpn-instance {})", s, r.vpn);
}

bool same_bit(const ColorBit& a, const ColorBit& b) {
  if (a.kind == ColorBit::Kind::None || a.kind != b.kind) return false;
  return a.kind == ColorBit::Kind::Flags0 || a.tos_bit == b.tos_bit;
}

void check_interfaces(const Config& c, Errors& e) {
  for (const auto& i : c.interfaces)
    if (!i.vpn.empty() && !c.vpns.contains(i.vpn))
      e.push_back(fmt::format("Error: The VPN instance {} bound to {} does not exist.", i.vpn, i.name));
}

void check_routes(const Config& c, Errors& e) {
  for (const auto& r : c.routes) {
    if (!r.vpn.empty() && !c.vpns.contains(r.vpn))
      e.push_back(
          fmt::format("Error: The VPN instance {} of static route {} does not exist.", r.vpn, route_name(r)));
    bool known_if =
        r.ifname.empty() || (if_index(r.ifname) && (is_builtin(r.ifname) || c.find_interface(r.ifname)));
    if (!known_if)
      e.push_back(
          fmt::format("Error: The interface {} of static route {} does not exist.", r.ifname, route_name(r)));
    if (r.ifname.empty() && !r.nexthop)
      e.push_back(fmt::format("Error: Static route {} has neither an outgoing interface nor a next hop.",
                              route_name(r)));
  }
}

void check_arp(const Config& c, Errors& e) {
  for (const auto& a : c.arp_static)
    if (!a.vpn.empty() && !c.vpns.contains(a.vpn))
      e.push_back(fmt::format("Error: The VPN instance {} of the static ARP entry {} does not exist.", a.vpn,
                              format_ipv4(a.ip)));
}

void check_esqm(const Config& c, Errors& e) {
  for (const auto& s : c.esqm.streams)
    if (!s.vpn.empty() && !c.vpns.contains(s.vpn))
      e.push_back(
          fmt::format("Error: The VPN instance {} in esqm service-stream {} vpn-instance {} does not exist.",
                      s.vpn, s.dir == Direction::Inbound ? "inbound" : "outbound", s.vpn));
}

void check_telemetry(const Config& c, Errors& e) {
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
}

// TLP id -> interfaces binding it, in interface order.
std::map<std::uint32_t, std::vector<std::string>> tlp_bindings(const Config& c) {
  std::map<std::uint32_t, std::vector<std::string>> out;
  for (const auto& i : c.interfaces)
    for (auto t : i.ipfpm_tlps) out[t].push_back(i.name);
  return out;
}

void check_dcp_instance(const Config& c, const DcpInstance& in,
                        const std::map<std::uint32_t, std::vector<std::string>>& bound, Errors& e) {
  const Dcp& d = c.ipfpm.dcp;
  if (in.mcp && !in.mcp->vpn.empty() && !c.vpns.contains(in.mcp->vpn))
    e.push_back(fmt::format("Error: The VPN instance {} of the MCP of IP FPM DCP instance {} does not exist.",
                            in.mcp->vpn, in.id));
  if (in.delay && !in.tlps.contains(in.delay->tlp))
    e.push_back(fmt::format(
        "Error: TLP {} used by delay-measure of IP FPM DCP instance {} is not configured in the instance.",
        in.delay->tlp, in.id));
  if (!in.loss_continual && !in.delay) return;
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

void check_ipfpm(const Config& c, Errors& e) {
  auto bound = tlp_bindings(c);
  for (const auto& [tlp, ifs] : bound)
    if (ifs.size() > 1)
      e.push_back(
          fmt::format("Error: TLP {} is bound to more than one interface ({}).", tlp, fmt::join(ifs, ", ")));

  const Dcp& d = c.ipfpm.dcp;
  if (d.enabled) {
    if (same_bit(d.loss_bit, d.delay_bit))
      e.push_back(
          "Error: The loss-measure and delay-measure color bits of the IP FPM DCP must be different.");
    if (d.mcp && !d.mcp->vpn.empty() && !c.vpns.contains(d.mcp->vpn))
      e.push_back(
          fmt::format("Error: The VPN instance {} of the MCP of the IP FPM DCP does not exist.", d.mcp->vpn));
    if (!d.instances.empty() && !d.id) e.push_back("Error: The IP FPM DCP has instances but no DCP ID.");
    for (const auto& [id, in] : d.instances) check_dcp_instance(c, in, bound, e);
  }

  if (!c.ipfpm.mcp.enabled) return;
  auto check = [&](const std::optional<Threshold>& t, const char* what, std::uint32_t id) {
    if (t && std::strtod(t->lower.c_str(), nullptr) > std::strtod(t->upper.c_str(), nullptr))
      e.push_back(fmt::format(
          "Error: The lower limit of the {} of IP FPM MCP instance {} is greater than the upper limit.", what,
          id));
  };
  for (const auto& [id, in] : c.ipfpm.mcp.instances) {
    check(in.loss_threshold, "loss-measure ratio-threshold", id);
    check(in.oneway_threshold, "one-way delay-threshold", id);
    check(in.twoway_threshold, "two-way delay-threshold", id);
  }
}

}  // namespace

std::vector<std::string> validate(const Config& c) {
  Errors e;
  check_interfaces(c, e);
  check_routes(c, e);
  check_arp(c, e);
  check_esqm(c, e);
  check_ipfpm(c, e);
  check_telemetry(c, e);
  return e;
}

}  // namespace vrsh::model
