#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "model/validate.hpp"

using namespace vrsh::model;
using namespace vrsh::model::test;

namespace {

using Strings = std::vector<std::string>;

StaticRoute route(std::string vpn, const char* prefix, int len, std::string ifname, const char* nh) {
  StaticRoute r;
  r.vpn = std::move(vpn);
  r.prefix = ip(prefix);
  r.mask = mask_from_len(len);
  r.ifname = std::move(ifname);
  if (nh) r.nexthop = ip(nh);
  return r;
}

}  // namespace

TEST_CASE("the vendor examples are valid") {
  CHECK(validate(Config{}).empty());
  CHECK(validate(upe_config()).empty());
  CHECK(validate(npe_config()).empty());
  CHECK(validate(esqm_example()).empty());
}

// Each of these rules is checked once, by the command that could break it, as the line is entered
// (docs/decisions.md, "Where each rule is checked"; goldens config/commit_failure and
// ipfpm/config_errors show the handlers' errors). The commit does not check them again.
TEST_CASE("rules the handlers check are not checked again at commit") {
  Config c = upe_config();
  // `ip binding vpn-instance` needs the instance; `undo ip vpn-instance` unbinds its interfaces.
  c.vpns.erase("vpna");
  CHECK(c.find_interface("GigabitEthernet0/1/0")->vpn == "vpna");
  // `ipfpm tlp` refuses a TLP bound elsewhere.
  c.find_interface("GigabitEthernet0/1/2")->ipfpm_tlps.insert(100);
  // `color-flag` sets both bits at once and refuses equal ones.
  c.ipfpm.dcp.delay_bit = c.ipfpm.dcp.loss_bit;
  // The threshold commands set both limits at once and refuse lower > upper.
  c.ipfpm.mcp.instances[1].loss_threshold = Threshold{"5.000000", "10.000000"};
  c.ipfpm.mcp.instances[1].twoway_threshold = Threshold{"9", "10"};
  CHECK(validate(c).empty());
}

TEST_CASE("static routes: unknown VPN, unknown interface, no next hop") {
  Config c;
  c.routes.insert(route("vpnx", "10.0.0.0", 8, "", "1.1.1.1"));
  c.routes.insert(route("", "10.1.0.0", 16, "LoopBack5", nullptr));
  c.routes.insert(route("", "10.2.0.0", 16, "Tunnel1", "1.1.1.1"));
  c.routes.insert(route("", "10.3.0.0", 16, "", nullptr));
  // Built-in interfaces need no configuration; configured LoopBacks are fine.
  c.routes.insert(route("", "10.4.0.0", 16, "NULL0", nullptr));
  c.routes.insert(route("", "10.5.0.0", 16, "GigabitEthernet0/2/7", "10.9.9.9"));
  ensure_interface(c, "LoopBack6");
  c.routes.insert(route("", "10.6.0.0", 16, "LoopBack6", nullptr));
  // Reported in canonical route order: public routes before those of VPN instances.
  CHECK(validate(c) ==
        Strings{
            "Error: The interface LoopBack5 of static route 10.1.0.0/16 does not exist.",
            "Error: The interface Tunnel1 of static route 10.2.0.0/16 does not exist.",
            "Error: Static route 10.3.0.0/16 has neither an outgoing interface nor a next hop.",
            "Error: The VPN instance vpnx of static route 10.0.0.0/8 (vpn-instance vpnx) does not exist.",
        });
}

TEST_CASE("ESQM service-stream naming an unknown VPN instance") {
  Config c = esqm_example();
  c.esqm.streams.insert(EsqmStream{Direction::Outbound, "vpn9"});
  c.esqm.streams.insert(EsqmStream{Direction::Inbound, "vpn1"});
  CHECK(
      validate(c) ==
      Strings{
          "Error: The VPN instance vpn9 in esqm service-stream outbound vpn-instance vpn9 does not exist."});
}

TEST_CASE("IP FPM MCP references naming an unknown VPN instance") {
  Config c = upe_config();
  c.ipfpm.dcp.mcp->vpn = "mgmt";
  c.ipfpm.dcp.instances[1].mcp = McpRef{ip("1.1.1.1"), 2048, "oam"};
  CHECK(validate(c) ==
        Strings{"Error: The VPN instance mgmt of the MCP of the IP FPM DCP does not exist.",
                "Error: The VPN instance oam of the MCP of IP FPM DCP instance 1 does not exist."});
}

TEST_CASE("instances need a DCP ID") {
  Config c = upe_config();
  c.ipfpm.dcp.id.reset();
  CHECK(validate(c) == Strings{"Error: The IP FPM DCP has instances but no DCP ID."});
}

TEST_CASE("delay-measure naming a TLP outside the instance") {
  Config c = upe_config();
  c.ipfpm.dcp.instances[1].delay->tlp = 200;
  CHECK(validate(c) == Strings{"Error: TLP 200 used by delay-measure of IP FPM DCP instance 1 is not "
                               "configured in the instance."});
}

TEST_CASE("measuring instances need a flow, a TLP, an MCP and bound TLPs") {
  Config c = upe_config();
  DcpInstance& in = c.ipfpm.dcp.instances[1];
  in.flows.clear();
  CHECK(validate(c) == Strings{"Error: IP FPM DCP instance 1 enables measurement but has no flow."});

  c = upe_config();
  c.ipfpm.dcp.instances[1].delay.reset();
  c.ipfpm.dcp.instances[1].tlps.clear();
  CHECK(validate(c) == Strings{"Error: IP FPM DCP instance 1 enables measurement but has no TLP."});

  c = upe_config();
  c.ipfpm.dcp.mcp.reset();
  CHECK(validate(c) == Strings{"Error: IP FPM DCP instance 1 enables measurement but has no MCP."});
  c.ipfpm.dcp.instances[1].mcp = McpRef{ip("1.1.1.1"), 2048, ""};  // instance-level MCP suffices
  CHECK(validate(c).empty());

  c = upe_config();
  c.find_interface("GigabitEthernet0/1/0")->ipfpm_tlps.clear();
  CHECK(validate(c) == Strings{"Error: TLP 100 of IP FPM DCP instance 1 is not bound to any interface."});
  // Not measuring yet: the vendor example commits the instance before binding the TLP.
  c.ipfpm.dcp.instances[1].loss_continual = false;
  c.ipfpm.dcp.instances[1].delay.reset();
  CHECK(validate(c).empty());
}
