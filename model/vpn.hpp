#pragma once
// VPN instances (`ip vpn-instance`): description, IPv4 address family, route distinguisher.
#include <string>

#include "model/node.hpp"

namespace vrsh::model {

inline constexpr const char* kPublicVpn = "_public_";

struct VpnInstance {
  std::string name;
  std::string description;
  bool ipv4_family = false;
  std::string route_distinguisher;  // "" = none
  bool operator==(const VpnInstance&) const = default;
};

Node vpn_node(const VpnInstance& v);

}  // namespace vrsh::model
