#pragma once
// What `ip route-static` and `ipv6 route-static` share: the options they end with,
// [ preference P | tag T ] * [ description TEXT ], and the help of their keywords.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cli/command_spec.hpp"
#include "cli/value_types.hpp"

namespace vrsh::commands {

inline constexpr cli::IntArg<int> kRoutePreference{"preference"};
inline constexpr cli::IntArg<std::uint32_t> kRouteTag{"tag"};
inline constexpr cli::TextArg kRouteText{"text"};
inline constexpr int kDefaultStaticPreference = 60;

inline std::vector<cli::ParamDecl> route_option_params() {
  namespace types = cli::types;
  return {{kRoutePreference, types::integer(1, 255), "Preference value"},
          {kRouteTag, types::integer(1, 4294967295LL), "Tag value"},
          {kRouteText, types::text(1, 150), "Description, a string of 1 to 150 characters, spaces allowed"}};
}

inline std::map<std::string, std::string> route_help() {
  return {{"route-static", "Configure a static route"},
          {"vpn-instance", "Specify the VPN instance of the route"},
          {"preference", "Route preference"},
          {"tag", "Route tag"},
          {"description", "Route description"}};
}

}  // namespace vrsh::commands
