#pragma once
// Commit-time checks of a whole configuration (what single commands cannot check alone because
// the objects they name may be configured later in the same candidate).
#include <string>
#include <vector>

#include "model/config.hpp"

namespace vrsh::model {

// Complete "Error: ..." texts (no newline), in a stable order; empty when the config is valid.
// Each feature checks its own part, in this order (the rules are listed where each is declared).
// Rules a command can check alone against the candidate are checked by its handler instead, once
// (docs/decisions.md, "Where each rule is checked").
//  - validate_routes (routes.hpp): a static route naming an unknown VPN instance or interface
//    (LoopBack and sub-interfaces must be configured), or having neither interface nor next hop;
//  - validate_routes6 (routes6.hpp): an IPv6 static route naming an unknown VPN instance or
//    interface;
//  - validate_arp (arp.hpp): a static ARP entry naming an unknown VPN instance;
//  - validate_esqm (esqm.hpp): an ESQM `service-stream ... vpn-instance V` naming an unknown VPN
//    instance;
//  - validate_ipfpm (ipfpm.hpp): see there;
//  - validate_telemetry (telemetry.hpp): a subscription naming an unknown sensor or destination
//    group.
std::vector<std::string> validate(const Config& c);

}  // namespace vrsh::model
