#pragma once
// The default chassis: which interface names exist, their ifIndex values, their canonical order
// and their default state. Everything that knows the port layout lives here.
//
// Ports: GigabitEthernet0/1/0..0/1/7 (ifIndex 10+N) and GigabitEthernet0/2/0..0/2/7 (20+N);
// NULL0 (ifIndex 2); LoopBackN, N 0..2047 (1000+N); sub-interfaces P.S of a physical port P,
// S 1..4096 (100000 + ifIndex(P)*10000 + S).
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/config.hpp"

namespace vrsh::model {

inline constexpr std::uint32_t kMaxLoopBack = 2047;
inline constexpr std::uint32_t kMaxSubinterface = 4096;

// A chassis port (not a sub-interface, LoopBack or NULL0).
bool is_physical(std::string_view name);
bool is_loopback(std::string_view name);
bool is_subinterface(std::string_view name);
// Interfaces that exist without being configured (physical ports and NULL0).
bool is_builtin(std::string_view name);
// nullopt when `name` is not a valid canonical interface name on this chassis.
std::optional<std::uint32_t> if_index(std::string_view name);
// Sub-interface -> its parent port; any other name is returned unchanged.
std::string main_port(std::string_view name);
std::vector<std::string> physical_ports();
// Natural order: physical ports by slot/card/port, each followed by its sub-interfaces by
// number, then LoopBack by number, then NULL0; unknown names last, lexically. <0, 0, >0.
int compare_ifnames(std::string_view a, std::string_view b);
// A name's place in that order, computed once for a search that compares it with many names.
struct IfnameKey {
  std::tuple<int, std::uint32_t, std::uint32_t, std::uint32_t, std::uint32_t>
      order;  // (class, slot, card, port, sub)
  std::string_view name;
};
IfnameKey ifname_key(std::string_view name);
// compare_ifnames(a, b.name) < 0.
bool ifname_before(std::string_view a, const IfnameKey& b);
// The first interface of a list in natural order (Config::interfaces) not before `name`.
template <typename It>
It lower_bound_ifname(It first, It last, const IfnameKey& key) {
  return std::partition_point(first, last, [&](const Interface& i) { return ifname_before(i.name, key); });
}
template <typename It>
It lower_bound_ifname(It first, It last, std::string_view name) {
  return lower_bound_ifname(first, last, ifname_key(name));
}
// The MAC address of the interface with this ifIndex: 00:e0:fc (the vendor's OUI) followed by the
// ifIndex, stable and unique per interface. Frames leave a port with it, and the automatic IPv6
// link-local address derives from it.
MacAddr interface_mac(std::uint32_t if_index);
// Physical ports default to shutdown; LoopBack, sub-interfaces and NULL0 default to up.
Interface default_interface(std::string_view name);

}  // namespace vrsh::model
