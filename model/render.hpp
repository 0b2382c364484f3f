#pragma once
// Rendering of the configuration in the vendor's canonical form (`display current-configuration`,
// `display this`, the saved startup file).
//
// Block order: sysname, ip vpn-instance (by name), interfaces (natural order, see chassis.hpp;
// physical ports and NULL0 only when not default), ip route-static (one block), nqa ipfpm dcp,
// nqa ipfpm mcp, esqm. Decisions where vrp-cli.md is silent:
//  - DCP instance: description, interval (when not 10), flows (forward, backward,
//    bidirectional), tlps by id, instance mcp, instance authentication-mode, loss-measure,
//    delay-measure.
//  - MCP instance: description, dcp lines, `measure disable`, loss, one-way, two-way
//    thresholds, ach blocks.
//  - Hidden defaults: mcp/protocol port 65030, interval 10, colour flags tos-bit 6/7, ESQM sctp
//    aging 300 s and flow-table limit 1000000.
//  - Secrets are shown only as encrypt_secret() tokens (model/secret.hpp).
#include <string>

#include "model/config.hpp"

namespace vrsh::model {

// "#\n", then each block followed by "#\n", then "return\n". Defaults are not shown.
std::string render_config(const Config& c);
// `display this` in the system view: the top-level one-line blocks (sysname, arp static,
// ip route-static), each followed by "#\n", then "return\n".
std::string render_top_level(const Config& c);
// `display this` in a nested view: "#\n", the lines of `block` (nested ones keep their
// indentation), "#\nreturn\n". Each feature's `X_node(parent, key)` gives the block of an entry
// that is not configured yet as its header line.
std::string render_block(const Node& block);

}  // namespace vrsh::model
