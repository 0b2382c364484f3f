// The routing table's active routes, longest match and the churn between two tables.
#include <doctest/doctest.h>

#include "model/routes.hpp"

namespace vrsh::model {
namespace {

RouteEntry route(Ipv4 prefix, Ipv4 mask, std::string proto, int pref, Ipv4 nexthop) {
  return RouteEntry{prefix, mask, std::move(proto), pref, 0, "RD", nexthop, "GigabitEthernet0/1/0", 0};
}

constexpr Ipv4 k10 = 0x0a000000u;  // 10.0.0.0

}  // namespace

TEST_CASE("routing table: the lowest preference of a destination is active, equal ones share") {
  const std::vector<RouteEntry> t{route(0, 0, "Static", 60, 1), route(k10, 0xff000000u, "Static", 10, 2),
                                  route(k10, 0xff000000u, "Static", 10, 3),
                                  route(k10, 0xff000000u, "Static", 80, 4),
                                  route(k10, 0xffff0000u, "Static", 90, 5)};
  CHECK(active_routes(t) == std::vector<bool>{true, true, true, false, true});
  CHECK(active_routes({}).empty());
}

TEST_CASE("routing table: longest match returns every route of the most specific destination") {
  const std::vector<RouteEntry> t{route(0, 0, "Static", 60, 1), route(k10, 0xff000000u, "Static", 10, 2),
                                  route(k10, 0xff000000u, "Static", 80, 3),
                                  route(k10, 0xffff0000u, "Static", 60, 4)};
  auto hops = [](const std::vector<RouteEntry>& rs) {
    std::vector<Ipv4> out;
    for (const auto& r : rs) out.push_back(r.nexthop);
    return out;
  };
  CHECK(hops(longest_match(t, 0x0a000001u)) == std::vector<Ipv4>{4});
  CHECK(hops(longest_match(t, 0x0a010001u)) == std::vector<Ipv4>{2, 3});
  CHECK(hops(longest_match(t, 0xc0000201u)) == std::vector<Ipv4>{1});
  CHECK(longest_match({route(k10, 0xff000000u, "Static", 10, 2)}, 0xc0000201u).empty());
}

TEST_CASE("routing table: churn counts added and deleted routes per protocol") {
  const std::vector<RouteEntry> before{route(k10, 0xff000000u, "Direct", 0, 1), route(0, 0, "Static", 60, 2)};
  const std::vector<RouteEntry> after{route(k10, 0xff000000u, "Direct", 0, 1), route(0, 0, "Static", 60, 3),
                                      route(k10, 0xffff0000u, "Static", 60, 4)};
  std::map<std::string, RouteChurn> churn;
  count_churn(before, after, churn);
  CHECK(churn["Static"].added == 2);
  CHECK(churn["Static"].deleted == 1);
  CHECK(churn["Direct"].added == 0);
  CHECK(churn["Direct"].deleted == 0);
  count_churn(after, {}, churn);
  CHECK(churn["Direct"].deleted == 1);
  CHECK(churn["Static"].deleted == 3);
}

}  // namespace vrsh::model
