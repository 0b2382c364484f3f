#pragma once
// The typed configuration tree: what the operator configured, in canonical (normalized) form.
// Knows nothing of the CLI or of packets. Equality is structural: candidate == running means
// nothing is uncommitted.
//
// This is the aggregate: each feature's structs, editing helpers, render builders and commit-time
// checks live in its own header and source (interface, vpn, routes, arp, esqm, ipfpm, telemetry);
// Config puts them together. Include this header, not the feature headers one by one.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "model/arp.hpp"
#include "model/esqm.hpp"
#include "model/interface.hpp"
#include "model/ip.hpp"
#include "model/ipfpm.hpp"
#include "model/routes.hpp"
#include "model/routes6.hpp"
#include "model/telemetry.hpp"
#include "model/vpn.hpp"

namespace vrsh::model {

inline constexpr const char* kDefaultSysname = "HUAWEI";

struct Config {
  std::string sysname = kDefaultSysname;
  std::map<std::string, VpnInstance> vpns;
  std::vector<Interface> interfaces;  // kept in canonical order (see chassis.hpp)
  RouteSet routes;
  Route6Set routes6;
  std::vector<ArpStatic> arp_static;  // one per (vpn, ip), kept sorted
  Ipfpm ipfpm;
  Esqm esqm;
  std::map<std::string, SslPolicy> ssl_policies;  // model/telemetry.hpp
  Grpc grpc;
  Telemetry telemetry;
  bool operator==(const Config&) const = default;

  Interface* find_interface(std::string_view name);
  const Interface* find_interface(std::string_view name) const;
  // Configured, or there without configuration (physical ports and NULL0).
  bool interface_exists(std::string_view name) const;
};

}  // namespace vrsh::model
