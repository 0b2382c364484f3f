#pragma once
// Parameter types shared by several feature files.
#include "cli/value_types.hpp"

namespace vrsh::commands {

// An interface of the default chassis: GigabitEthernet0/1/0-0/2/7 (and their sub-interfaces
// .1-.4096), LoopBack0-1023, NULL0. Anything else is a wrong parameter.
cli::ParamType ifname_param();
// A VPN instance name: 1 to 31 characters, not `_public_`.
cli::ParamType vpn_name_param();
// `| { include | exclude | begin } REGEX` at the end of a display command.
cli::ParamType pipe_param();

}  // namespace vrsh::commands
