// Each feature's commit-time checks run on their own and see only their feature's problems;
// validate() is their concatenation in a fixed order.
#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "model/validate.hpp"

using namespace vrsh::model;
using namespace vrsh::model::test;

namespace {

using Strings = std::vector<std::string>;

// One problem in every feature, each naming a VPN instance or group that does not exist.
Config broken_everywhere() {
  Config c = upe_config();
  StaticRoute r;
  r.vpn = "vpn-rt";
  r.prefix = ip("10.0.0.0");
  r.mask = mask_from_len(8);
  r.nexthop = ip("1.1.1.1");
  upsert_route(c, r);
  c.arp_static.push_back(ArpStatic{"vpn-arp", ip("10.1.1.9"), MacAddr{0, 0xe0, 0xfc, 0x12, 0x34, 0x56}});
  c.esqm.enabled = true;
  c.esqm.streams.insert(EsqmStream{Direction::Inbound, "vpn-esqm"});
  c.ipfpm.dcp.mcp->vpn = "vpn-fpm";
  c.telemetry.enabled = true;
  c.telemetry.subscriptions["s1"].name = "s1";
  c.telemetry.subscriptions["s1"].sensor_groups.insert("sg-missing");
  return c;
}

const std::string kRoute =
    "Error: The VPN instance vpn-rt of static route 10.0.0.0/8 (vpn-instance vpn-rt) does not exist.";
const std::string kArp = "Error: The VPN instance vpn-arp of the static ARP entry 10.1.1.9 does not exist.";
const std::string kEsqm =
    "Error: The VPN instance vpn-esqm in esqm service-stream inbound vpn-instance vpn-esqm does not exist.";
const std::string kIpfpm = "Error: The VPN instance vpn-fpm of the MCP of the IP FPM DCP does not exist.";
const std::string kTelemetry =
    "Error: The sensor group sg-missing of telemetry subscription s1 does not exist.";

}  // namespace

TEST_CASE("each feature's validator reports only its own feature") {
  const Config c = broken_everywhere();
  CHECK(validate_routes(c) == Strings{kRoute});
  CHECK(validate_arp(c) == Strings{kArp});
  CHECK(validate_esqm(c) == Strings{kEsqm});
  CHECK(validate_ipfpm(c) == Strings{kIpfpm});
  CHECK(validate_telemetry(c) == Strings{kTelemetry});
}

TEST_CASE("validate() prints the features' errors in a fixed order") {
  CHECK(validate(broken_everywhere()) == Strings{kRoute, kArp, kEsqm, kIpfpm, kTelemetry});
}

TEST_CASE("static ARP entries: public or an existing VPN instance") {
  Config c = upe_config();
  c.arp_static.push_back(ArpStatic{"", ip("10.1.1.9"), MacAddr{0, 0xe0, 0xfc, 0x12, 0x34, 0x56}});
  c.arp_static.push_back(ArpStatic{"vpna", ip("10.1.1.10"), MacAddr{0, 0xe0, 0xfc, 0x12, 0x34, 0x57}});
  CHECK(validate_arp(c).empty());
  c.vpns.clear();
  CHECK(validate_arp(c) ==
        Strings{"Error: The VPN instance vpna of the static ARP entry 10.1.1.10 does not exist."});
}

TEST_CASE("the vendor examples pass every feature's validator") {
  for (const Config& c : {upe_config(), npe_config(), esqm_example()}) {
    CHECK(validate_routes(c).empty());
    CHECK(validate_arp(c).empty());
    CHECK(validate_esqm(c).empty());
    CHECK(validate_ipfpm(c).empty());
    CHECK(validate_telemetry(c).empty());
  }
}
