#pragma once
// VPN instances (`ip vpn-instance`): description, IPv4 and IPv6 address families, each with its route
// distinguisher and VPN targets.
#include <string>
#include <vector>

#include "model/node.hpp"

namespace vrsh::model {

struct Config;

inline constexpr const char* kPublicVpn = "_public_";

// `ipv4-family` / `ipv6-family` of an instance.
struct VpnFamily {
  bool enabled = false;
  std::string route_distinguisher;  // "" = none
  // VPN targets (route targets) per direction, in the order configured; need the RD.
  std::vector<std::string> export_targets;
  std::vector<std::string> import_targets;
  bool operator==(const VpnFamily&) const = default;
};

struct VpnInstance {
  std::string name;
  std::string description;
  VpnFamily ipv4;
  VpnFamily ipv6;
  bool operator==(const VpnInstance&) const = default;
};

Node vpn_node(const VpnInstance& v);
// The blocks of VPN instance `name` in `c` and of its IPv4 (or IPv6) address family; the header
// line alone when either is not configured.
Node vpn_node(const Config& c, const std::string& name);
Node vpn_af_node(const Config& c, const std::string& name, bool ipv6 = false);

}  // namespace vrsh::model
