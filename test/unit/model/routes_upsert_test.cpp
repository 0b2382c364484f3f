// upsert_route finds a route by binary search (issue #15: loading was quadratic). Checked against a
// reference that knows nothing of the ordering: the last value per key wins, then one full sort.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <tuple>

#include "model/config.hpp"

using namespace vrsh::model;

TEST_CASE("routes: upsert_route in any order gives the canonical list, last write per key winning") {
  std::mt19937 rng(20261202);
  const char* ifnames[] = {
      "", "GigabitEthernet0/1/0", "GigabitEthernet0/1/10", "GigabitEthernet0/1/2", "LoopBack1", "NULL0"};
  const char* vpns[] = {"", "a", "b"};
  for (int round = 0; round < 20; ++round) {
    Config c;
    std::map<std::tuple<std::string, Ipv4, Ipv4, std::string, std::optional<Ipv4>>, StaticRoute> ref;
    for (int i = 0; i < 400; ++i) {
      StaticRoute r;
      r.vpn = vpns[rng() % 3];
      const int len = static_cast<int>(rng() % 33);
      r.mask = mask_from_len(len);
      r.prefix = static_cast<Ipv4>(0x0a000000u | (rng() % 64) << 16 | (rng() % 4) << 8);
      r.ifname = ifnames[rng() % 6];
      if (r.ifname.empty() || rng() % 2) r.nexthop = 0xc0a80100u | (rng() % 4);
      r.preference = static_cast<int>(rng() % 255) + 1;  // not in the key: a later write replaces it
      upsert_route(c, r);
      r.prefix &= r.mask;
      ref[{r.vpn, r.prefix, r.mask, r.ifname, r.nexthop}] = r;
    }
    std::vector<StaticRoute> want;
    for (const auto& [k, r] : ref) want.push_back(r);
    std::sort(want.begin(), want.end(), route_less);
    REQUIRE(c.routes.size() == want.size());
    CHECK(std::vector<StaticRoute>(c.routes.begin(), c.routes.end()) == want);
  }
}
