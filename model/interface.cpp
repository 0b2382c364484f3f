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
  for (const auto& a : i.addresses)
    add_line(
        n, fmt::format(" ip address {} {}{}", format_ipv4(a.addr), format_ipv4(a.mask), a.sub ? " sub" : ""));
  for (auto tlp : i.ipfpm_tlps) add_line(n, fmt::format(" ipfpm tlp {}", tlp));
  if (i.esqm_inbound) add_line(n, " esqm service-stream inbound");
  if (i.esqm_outbound) add_line(n, " esqm service-stream outbound");
  return n;
}

Node interface_node(const Config& c, std::string_view name) {
  const Interface* i = c.find_interface(name);
  return interface_node(i ? *i : default_interface(name));
}

}  // namespace vrsh::model
