#pragma once
// Parameter types (each with its '?' help) and the keys of the params several feature files share.
#include "cli/args.hpp"
#include "cli/value_types.hpp"

namespace vrsh::commands {

inline constexpr cli::TextArg kIfName{"interface-name"};
inline constexpr cli::TextArg kVpnName{"vpn-instance-name"};
inline constexpr cli::IntArg<std::uint32_t> kTlp{"tlp-id"};

// An interface of the default chassis: GigabitEthernet0/1/0-0/2/7 (and their sub-interfaces
// .1-.4096), LoopBack0-1023, NULL0. Anything else is a wrong parameter.
cli::ParamType ifname_param();
// An interface type of the default chassis alone ("GigabitEthernet", abbreviations too), as
// `display current-configuration interface TYPE` takes it; normalized to the canonical name.
cli::ParamType iftype_param();
inline constexpr cli::TextArg kIfType{"interface-type"};
// A TLP ID, 1 to 16777215.
cli::ParamType tlp_id_param();
// A VPN instance name: 1 to 31 characters, not `_public_`.
cli::ParamType vpn_name_param();

}  // namespace vrsh::commands
