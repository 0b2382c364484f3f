#pragma once
// VPN instances (`ip vpn-instance`): description, IPv4 address family, route distinguisher.
#include <string>

#include "model/node.hpp"

namespace vrsh::model {

struct Config;

inline constexpr const char* kPublicVpn = "_public_";

struct VpnInstance {
  std::string name;
  std::string description;
  bool ipv4_family = false;
  std::string route_distinguisher;  // "" = none
  bool operator==(const VpnInstance&) const = default;
};

Node vpn_node(const VpnInstance& v);
// The blocks of VPN instance `name` in `c` and of its IPv4 address family; the header line alone
// when either is not configured.
Node vpn_node(const Config& c, const std::string& name);
Node vpn_af_node(const Config& c, const std::string& name);

}  // namespace vrsh::model
