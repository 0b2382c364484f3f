#include "model/vpn.hpp"

#include <optional>

#include "model/config.hpp"

namespace vrsh::model {
namespace {

// A route distinguisher can only live under the address family, so it implies it.
std::optional<Node> af_node(const VpnFamily& v, bool ipv6) {
  if (!v.enabled && v.route_distinguisher.empty()) return std::nullopt;
  Node af{ipv6 ? " ipv6-family" : " ipv4-family", {}};
  if (!v.route_distinguisher.empty()) add_line(af, "  route-distinguisher " + v.route_distinguisher);
  for (const auto& t : v.export_targets) add_line(af, "  vpn-target " + t + " export-extcommunity");
  for (const auto& t : v.import_targets) add_line(af, "  vpn-target " + t + " import-extcommunity");
  return af;
}

}  // namespace

Node vpn_node(const VpnInstance& v) {
  Node n{"ip vpn-instance " + name_token(v.name), {}};
  if (!v.description.empty()) add_line(n, " description " + text_token(v.description));
  if (auto af = af_node(v.ipv4, false)) n.children.push_back(std::move(*af));
  if (auto af = af_node(v.ipv6, true)) n.children.push_back(std::move(*af));
  return n;
}

Node vpn_node(const Config& c, const std::string& name) {
  auto it = c.vpns.find(name);
  return it != c.vpns.end() ? vpn_node(it->second) : Node{"ip vpn-instance " + name_token(name), {}};
}

Node vpn_af_node(const Config& c, const std::string& name, bool ipv6) {
  auto it = c.vpns.find(name);
  std::optional<Node> af =
      it != c.vpns.end() ? af_node(ipv6 ? it->second.ipv6 : it->second.ipv4, ipv6) : std::nullopt;
  return af ? std::move(*af) : Node{ipv6 ? " ipv6-family" : " ipv4-family", {}};
}

}  // namespace vrsh::model
