#include "test/support/dp_fixtures.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace vrsh::testsupport {
namespace {
model::Ipv4 v4(const std::string& s) {
  auto a = model::parse_ipv4(s);
  if (!a) throw std::invalid_argument("bad IPv4 " + s);
  return *a;
}
}  // namespace

model::Interface up_interface(const std::string& name, const std::string& addr, int len,
                              const std::string& vpn) {
  model::Interface i;
  i.name = name;
  i.shutdown = false;
  i.vpn = vpn;
  if (!addr.empty()) i.addresses.push_back({v4(addr), model::mask_from_len(len), false});
  return i;
}

model::StaticRoute static_route(const std::string& prefix, int len, const std::string& ifname,
                                const std::string& nexthop, int preference, const std::string& vpn) {
  model::StaticRoute r;
  r.vpn = vpn;
  r.mask = model::mask_from_len(len);
  r.prefix = v4(prefix) & r.mask;
  r.ifname = ifname;
  if (!nexthop.empty()) r.nexthop = v4(nexthop);
  r.preference = preference;
  return r;
}

std::shared_ptr<model::Config> two_port_config() {
  auto c = std::make_shared<model::Config>();
  c->interfaces.push_back(up_interface("GigabitEthernet0/1/0", "10.1.1.1", 24));
  c->interfaces.push_back(up_interface("GigabitEthernet0/2/0", "10.2.2.1", 24));
  c->interfaces[0].esqm_inbound = true;
  c->routes.insert(static_route("0.0.0.0", 0, "", "10.2.2.2"));
  c->esqm.enabled = true;
  c->esqm.tcp_enable = true;
  return c;
}

dataplane::DecodeResult decode_frame(const Bytes& frame, dataplane::Decoded& d, std::uint32_t linktype) {
  dataplane::RawPacket p;
  p.bytes = frame.data();
  p.caplen = static_cast<std::uint32_t>(frame.size());
  p.wirelen = p.caplen;
  p.linktype = linktype;
  return dataplane::decode(p, d);
}

int bound_loopback_socket(int type, std::uint16_t& port) {
  const int fd = socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof sa;
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
    close(fd);
    return -1;
  }
  port = ntohs(sa.sin_port);
  return fd;
}

}  // namespace vrsh::testsupport
