#pragma once
// Interfaces: addresses, VPN binding, and the per-interface ESQM and IP FPM switches. Nothing of
// an interface is checked at commit: its rules (the VPN instance exists, a TLP on one interface
// only, the address checks) each need only the candidate as it is when the line is entered, so the
// command handlers check them then, as the vendor does (docs/decisions.md, "Where each rule is
// checked").
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip.hpp"
#include "model/node.hpp"

namespace vrsh::model {

struct Config;

struct IfAddress {
  Ipv4 addr = 0;
  Ipv4 mask = 0;
  bool sub = false;
  auto operator<=>(const IfAddress&) const = default;
};

struct Interface {
  std::string name;  // canonical: GigabitEthernet0/1/0, LoopBack1, GigabitEthernet0/1/0.1
  std::string description;
  bool shutdown = false;             // physical ports default to shutdown (see chassis.hpp)
  std::string vpn;                   // "" = public
  std::vector<IfAddress> addresses;  // primary first, then sub addresses in configured order
  bool esqm_inbound = false;
  bool esqm_outbound = false;
  std::set<std::uint32_t> ipfpm_tlps;
  bool operator==(const Interface&) const = default;
};

// ---- Editing helpers for command handlers (model/interface.cpp) ----
// Returns the entry for `name`, creating it in its default state (see chassis.hpp) at its
// canonical position when absent. References stay valid until the next insertion.
Interface& ensure_interface(Config& c, std::string_view name);
// Drops built-in interface entries (physical ports, NULL0) equal to their default state, so an
// interface view entered and left unchanged leaves candidate == running.
void prune_defaults(Config& c);

// ---- Rendering ----
// Whether an interface entry is rendered in the configuration at all.
bool interface_rendered(const Interface& i);
Node interface_node(const Interface& i);
// The block of interface `name` in `c`: as configured, or in its default state when `c` holds no
// entry for it (see chassis.hpp).
Node interface_node(const Config& c, std::string_view name);

}  // namespace vrsh::model
