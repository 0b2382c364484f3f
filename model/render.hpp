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
#include <cstdint>
#include <string>

#include "model/config.hpp"

namespace vrsh::model {

// The view a session is in, for `display this`. `name`: interface, VPN instance or telemetry
// group name; `id`: DCP/MCP instance id; `id2`: ACH id.
struct Scope {
  enum Kind {
    System,
    Interface,
    VpnInstance,
    VpnAfIpv4,
    Esqm,
    Dcp,
    DcpInstance,
    Mcp,
    McpInstance,
    Ach,
    Telemetry,
    SensorGroup,
    DestinationGroup,
    Subscription
  } kind = System;
  std::string name;
  std::uint32_t id = 0;
  std::uint32_t id2 = 0;
};

// "#\n", then each block followed by "#\n", then "return\n". Defaults are not shown.
std::string render_config(const Config& c);
// `display this`: "#\n" + the block of the current view (nested views keep their indentation;
// a view with no content shows its header line) + "#\nreturn\n". System view shows the
// top-level one-line blocks (sysname, ip route-static).
std::string render_view(const Config& c, const Scope& s);

}  // namespace vrsh::model
