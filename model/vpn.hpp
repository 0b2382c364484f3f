#pragma once
// VPN instances (`ip vpn-instance`): description, IPv4 address family, route distinguisher, VPN targets.
#include <string>
#include <vector>

#include "model/node.hpp"

namespace vrsh::model {

struct Config;

inline constexpr const char* kPublicVpn = "_public_";

struct VpnInstance {
  std::string name;
  std::string description;
  bool ipv4_family = false;
  std::string route_distinguisher;  // "" = none
  // VPN targets (route targets) per direction, in the order configured; need the RD.
  std::vector<std::string> export_targets;
  std::vector<std::string> import_targets;
  bool operator==(const VpnInstance&) const = default;
};

Node vpn_node(const VpnInstance& v);
// The blocks of VPN instance `name` in `c` and of its IPv4 address family; the header line alone
// when either is not configured.
Node vpn_node(const Config& c, const std::string& name);
Node vpn_af_node(const Config& c, const std::string& name);

}  // namespace vrsh::model
