#pragma once
// Static ARP entries (`arp static IP MAC [ vpn-instance V ]`).
#include <compare>
#include <string>
#include <vector>

#include "model/ip.hpp"

namespace vrsh::model {

struct Config;

// `arp static IP MAC [ vpn-instance V ]`: a neighbour that live ports do not resolve by ARP.
struct ArpStatic {
  std::string vpn;  // "" = public
  Ipv4 ip = 0;
  MacAddr mac{};
  auto operator<=>(const ArpStatic&) const = default;
};

std::string arp_line(const ArpStatic& a);

// Commit-time checks (model/validate.hpp): complete "Error: ..." texts, empty when valid.
std::vector<std::string> validate_arp(const Config& c);

}  // namespace vrsh::model
