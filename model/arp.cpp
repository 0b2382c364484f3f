#include "model/arp.hpp"

#include <fmt/format.h>

#include "model/config.hpp"

namespace vrsh::model {

std::string arp_line(const ArpStatic& a) {
  std::string line = fmt::format("arp static {} {}", format_ipv4(a.ip), format_mac(a.mac));
  if (!a.vpn.empty()) line += " vpn-instance " + name_token(a.vpn);
  return line;
}

std::vector<std::string> validate_arp(const Config& c) {
  std::vector<std::string> e;
  for (const auto& a : c.arp_static)
    if (!a.vpn.empty() && !c.vpns.contains(a.vpn))
      e.push_back(fmt::format("Error: The VPN instance {} of the static ARP entry {} does not exist.", a.vpn,
                              format_ipv4(a.ip)));
  return e;
}

}  // namespace vrsh::model
