#pragma once
// Interfaces: addresses, VPN binding, and the per-interface ESQM and IP FPM switches. Nothing of
// an interface is checked at commit: its rules (the VPN instance exists, a TLP on one interface
// only, the address checks) each need only the candidate as it is when the line is entered, so the
// command handlers check them then, as the vendor does (docs/decisions.md, "Where each rule is
// checked").
#include <cstdint>
#include <optional>
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

// A global unicast IPv6 address (`ipv6 address X LEN`).
struct Ip6Address {
  Ipv6 addr;
  int len = 64;
  auto operator<=>(const Ip6Address&) const = default;
};

struct Interface {
  std::string name;  // canonical: GigabitEthernet0/1/0, LoopBack1, GigabitEthernet0/1/0.1
  std::string description;
  bool shutdown = false;             // physical ports default to shutdown (see chassis.hpp)
  std::string vpn;                   // "" = public
  std::vector<IfAddress> addresses;  // primary first, then sub addresses in configured order
  bool ipv6_enable = false;
  std::vector<Ip6Address> ipv6_addresses;  // sorted by address, one per address
  std::optional<Ipv6> ipv6_link_local;     // `ipv6 address X link-local`
  bool ipv6_auto_link_local = false;       // `ipv6 address auto link-local`
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

// Not shut down, nor is the port under a sub-interface.
bool interface_up(const Config& c, const Interface& itf);
// The link-local address an interface uses: the configured one, else the automatic one (from the
// interface's MAC, model::interface_mac) when `ipv6 address auto link-local` is set or a global
// address exists, as the vendor generates it then; none without `ipv6 enable`.
std::optional<Ipv6> link_local_address(const Interface& i);
// Removes every IPv6 setting of the interface (`ipv6 enable` included); whether there was any.
bool clear_ipv6(Interface& i);

// ---- Rendering ----
// Whether an interface entry is rendered in the configuration at all.
bool interface_rendered(const Interface& i);
Node interface_node(const Interface& i);
// The block of interface `name` in `c`: as configured, or in its default state when `c` holds no
// entry for it (see chassis.hpp).
Node interface_node(const Config& c, std::string_view name);

}  // namespace vrsh::model
