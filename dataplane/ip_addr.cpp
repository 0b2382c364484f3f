#include "dataplane/ip_addr.hpp"

#include <arpa/inet.h>

namespace vrsh::dataplane {

std::string IpAddr::str() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(v6 ? AF_INET6 : AF_INET, b.data(), buf, sizeof buf) == nullptr) return "?";
  return buf;
}

bool parse_ip(const std::string& text, IpAddr& out) {
  IpAddr a;
  if (inet_pton(AF_INET, text.c_str(), a.b.data()) == 1) {
    out = a;
    return true;
  }
  a.v6 = true;
  if (inet_pton(AF_INET6, text.c_str(), a.b.data()) == 1) {
    out = a;
    return true;
  }
  return false;
}

}  // namespace vrsh::dataplane
