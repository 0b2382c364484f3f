#include "model/vpn.hpp"

namespace vrsh::model {

Node vpn_node(const VpnInstance& v) {
  Node n{"ip vpn-instance " + name_token(v.name), {}};
  if (!v.description.empty()) add_line(n, " description " + v.description);
  // A route distinguisher can only live under the address family, so it implies it.
  if (v.ipv4_family || !v.route_distinguisher.empty()) {
    Node af{" ipv4-family", {}};
    if (!v.route_distinguisher.empty()) add_line(af, "  route-distinguisher " + v.route_distinguisher);
    n.children.push_back(std::move(af));
  }
  return n;
}

}  // namespace vrsh::model
