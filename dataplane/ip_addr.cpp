#include "dataplane/ip_addr.hpp"

#include <arpa/inet.h>

#include "model/ip.hpp"

namespace vrsh::dataplane {

std::string IpAddr::str() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(v6 ? AF_INET6 : AF_INET, b.data(), buf, sizeof buf) == nullptr) return "?";
  return buf;
}

// The configuration's parsers: one spelling of an address is accepted everywhere.
bool parse_ip(const std::string& text, IpAddr& out) {
  if (const auto v4 = model::parse_ipv4(text)) {
    out = IpAddr::from_v4_host(*v4);
    return true;
  }
  if (const auto v6 = model::parse_ipv6(text)) {
    out = IpAddr::from_bytes(v6->b.data(), true);
    return true;
  }
  return false;
}

}  // namespace vrsh::dataplane
