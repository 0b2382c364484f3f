#include "model/interface.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "model/chassis.hpp"
#include "model/config.hpp"

namespace vrsh::model {

Interface& ensure_interface(Config& c, std::string_view name) {
  // The list is in natural order: a binary search finds the interface or where it goes, so a
  // load of 10,000 interfaces is not quadratic.
  auto pos = lower_bound_ifname(c.interfaces.begin(), c.interfaces.end(), name);
  if (pos != c.interfaces.end() && pos->name == name) return *pos;
  return *c.interfaces.insert(pos, default_interface(name));
}

void prune_defaults(Config& c) {
  // Runs for every prompt, so it looks up the few interfaces that can be pruned (ports, NULL0)
  // rather than walking thousands of sub-interfaces.
  struct Builtin {
    Interface defaults;
    IfnameKey key;  // of defaults.name, parsed once
  };
  static const std::vector<Builtin> builtin = [] {
    std::vector<std::string> names = physical_ports();
    names.push_back("NULL0");
    std::vector<Builtin> all(names.size());
    for (std::size_t k = 0; k < names.size(); ++k) {
      all[k].defaults = default_interface(names[k]);
      all[k].key = ifname_key(all[k].defaults.name);
    }
    return all;
  }();
  auto from = c.interfaces.begin();
  for (const Builtin& b : builtin) {  // in natural order, as the list is
    from = lower_bound_ifname(from, c.interfaces.end(), b.key);
    if (from != c.interfaces.end() && *from == b.defaults) from = c.interfaces.erase(from);
  }
}

bool interface_rendered(const Interface& i) {
  return !is_builtin(i.name) || i != default_interface(i.name);
}

Node interface_node(const Interface& i) {
  Node n{"interface " + i.name, {}};
  if (!i.description.empty()) add_line(n, " description " + text_token(i.description));
  bool default_down = is_physical(i.name);
  if (i.shutdown != default_down) add_line(n, i.shutdown ? " shutdown" : " undo shutdown");
  if (!i.vpn.empty()) add_line(n, " ip binding vpn-instance " + name_token(i.vpn));
  if (i.ipv6_enable) add_line(n, " ipv6 enable");
  for (const auto& a : i.addresses)
    add_line(
        n, fmt::format(" ip address {} {}{}", format_ipv4(a.addr), format_ipv4(a.mask), a.sub ? " sub" : ""));
  for (const auto& a : i.ipv6_addresses)
    add_line(n, fmt::format(" ipv6 address {} {}", format_ipv6(a.addr), a.len));
  if (i.ipv6_link_local)
    add_line(n, fmt::format(" ipv6 address {} link-local", format_ipv6(*i.ipv6_link_local)));
  if (i.ipv6_auto_link_local) add_line(n, " ipv6 address auto link-local");
  for (auto tlp : i.ipfpm_tlps) add_line(n, fmt::format(" ipfpm tlp {}", tlp));
  if (i.esqm_inbound) add_line(n, " esqm service-stream inbound");
  if (i.esqm_outbound) add_line(n, " esqm service-stream outbound");
  return n;
}

bool interface_up(const Config& c, const Interface& itf) {
  if (itf.shutdown) return false;
  if (is_subinterface(itf.name)) {
    const Interface* parent = c.find_interface(main_port(itf.name));
    return parent ? !parent->shutdown : !default_interface(main_port(itf.name)).shutdown;
  }
  return true;
}

std::optional<Ipv6> link_local_address(const Interface& i) {
  if (!i.ipv6_enable) return std::nullopt;
  if (i.ipv6_link_local) return i.ipv6_link_local;
  const auto idx = if_index(i.name);
  if (!idx || (!i.ipv6_auto_link_local && i.ipv6_addresses.empty())) return std::nullopt;
  return link_local_from_mac(interface_mac(*idx));
}

bool clear_ipv6(Interface& i) {
  const bool any = i.ipv6_enable || !i.ipv6_addresses.empty() || i.ipv6_link_local || i.ipv6_auto_link_local;
  i.ipv6_enable = false;
  i.ipv6_addresses.clear();
  i.ipv6_link_local.reset();
  i.ipv6_auto_link_local = false;
  return any;
}

Node interface_node(const Config& c, std::string_view name) {
  const Interface* i = c.find_interface(name);
  return interface_node(i ? *i : default_interface(name));
}

}  // namespace vrsh::model
