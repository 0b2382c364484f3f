#pragma once
// Commit-time checks of a whole configuration (what single commands cannot check alone because
// the objects they name may be configured later in the same candidate).
#include <string>
#include <vector>

#include "model/config.hpp"

namespace vrsh::model {

// Complete "Error: ..." texts (no newline), in a stable order; empty when the config is valid.
// Rules:
//  - an interface bound to a VPN instance that does not exist;
//  - a static route naming an unknown VPN instance or interface (LoopBack and sub-interfaces must
//    be configured), or having neither interface nor next hop;
//  - an ESQM `service-stream ... vpn-instance V`, or an IP FPM `mcp ... vpn-instance V`, naming
//    an unknown VPN instance;
//  - IP FPM DCP: loss and delay colour bits equal; instances without `dcp id`; delay-measure
//    naming a TLP not in its instance; an instance measuring loss or delay without a flow, a TLP,
//    an MCP (instance or DCP level), or with a TLP not bound to any interface (`ipfpm tlp N`).
//    TLPs of instances that measure nothing may be bound later: the vendor's own example commits
//    the instance before binding the TLP;
//  - the same TLP id bound on two interfaces;
//  - IP FPM MCP instance thresholds with lower limit > upper limit.
std::vector<std::string> validate(const Config& c);

}  // namespace vrsh::model
