#pragma once
// Configurations of the vendor examples (vrp-cli.md 2.3 and 3.7), restricted to what vrsh models.
#include "model/chassis.hpp"
#include "model/config.hpp"

namespace vrsh::model::test {

inline Ipv4 ip(const char* s) {
  return parse_ipv4(s).value();
}

inline void add_address(Config& c, const char* ifname, const char* addr, int len, bool sub = false) {
  ensure_interface(c, ifname).addresses.push_back(IfAddress{ip(addr), mask_from_len(len), sub});
}

inline Config upe_config() {
  Config c;
  c.sysname = "UPE";
  VpnInstance v;
  v.name = "vpna";
  v.ipv4.enabled = true;
  v.ipv4.route_distinguisher = "100:1";
  c.vpns["vpna"] = v;
  Interface& g0 = ensure_interface(c, "GigabitEthernet0/1/0");
  g0.shutdown = false;
  g0.vpn = "vpna";
  add_address(c, "GigabitEthernet0/1/0", "192.168.1.1", 24);
  c.find_interface("GigabitEthernet0/1/0")->ipfpm_tlps.insert(100);
  ensure_interface(c, "GigabitEthernet0/1/2").shutdown = false;
  add_address(c, "GigabitEthernet0/1/2", "172.16.2.1", 24);
  ensure_interface(c, "GigabitEthernet0/1/1").shutdown = false;
  add_address(c, "GigabitEthernet0/1/1", "172.16.1.1", 24);
  add_address(c, "LoopBack1", "1.1.1.1", 32);

  Dcp& d = c.ipfpm.dcp;
  d.enabled = true;
  d.id = ip("1.1.1.1");
  d.mcp = McpRef{ip("1.1.1.1"), 2048, ""};
  d.auth = FpmAuth{1, "YsHsjx_202206"};
  d.loss_bit = ColorBit{ColorBit::Kind::Tos, 3};
  d.delay_bit = ColorBit{ColorBit::Kind::Tos, 4};
  DcpInstance& in = d.instances[1];
  in.id = 1;
  FpmFlow f;
  f.dir = FlowDir::Bidirectional;
  f.source = std::pair{ip("10.1.1.1"), 32};
  f.destination = std::pair{ip("10.2.1.1"), 32};
  in.flows[FlowDir::Bidirectional] = f;
  in.tlps[100] = FpmTlp{100, true, true, {}};
  in.loss_continual = true;
  in.delay = DelayMeasure{true, 100, false};

  Mcp& m = c.ipfpm.mcp;
  m.enabled = true;
  m.id = ip("1.1.1.1");
  m.port = 2048;
  m.auth = FpmAuth{1, "YsHsjx_202206"};
  McpInstance& mi = m.instances[1];
  mi.id = 1;
  mi.dcps = {ip("1.1.1.1"), ip("4.4.4.4")};
  mi.loss_threshold = Threshold{"10.000000", "5.000000"};
  mi.twoway_threshold = Threshold{"100000", "50000"};
  return c;
}

inline Config npe_config() {
  Config c;
  c.sysname = "NPE";
  VpnInstance v;
  v.name = "vpna";
  v.ipv4.enabled = true;
  v.ipv4.route_distinguisher = "100:1";
  c.vpns["vpna"] = v;
  for (auto [name, addr] :
       {std::pair{"GigabitEthernet0/1/1", "172.16.5.2"}, std::pair{"GigabitEthernet0/1/2", "172.16.4.2"}}) {
    ensure_interface(c, name).shutdown = false;
    add_address(c, name, addr, 24);
  }
  Interface& g3 = ensure_interface(c, "GigabitEthernet0/1/3");
  g3.shutdown = false;
  g3.vpn = "vpna";
  g3.ipfpm_tlps.insert(310);
  add_address(c, "GigabitEthernet0/1/3", "192.168.2.1", 24);
  add_address(c, "LoopBack1", "4.4.4.4", 32);

  Dcp& d = c.ipfpm.dcp;
  d.enabled = true;
  d.id = ip("4.4.4.4");
  d.mcp = McpRef{ip("1.1.1.1"), 2048, ""};
  d.auth = FpmAuth{1, "YsHsjx_202206"};
  d.loss_bit = ColorBit{ColorBit::Kind::Tos, 3};
  d.delay_bit = ColorBit{ColorBit::Kind::Tos, 4};
  DcpInstance& in = d.instances[1];
  in.id = 1;
  in.interval = 10;  // typed in the example, a default: not rendered
  FpmFlow f;
  f.dir = FlowDir::Bidirectional;
  f.source = std::pair{ip("10.1.1.1"), 32};
  f.destination = std::pair{ip("10.2.1.1"), 32};
  in.flows[FlowDir::Bidirectional] = f;
  in.tlps[310] = FpmTlp{310, false, false, {}};
  in.loss_continual = true;
  in.delay = DelayMeasure{true, 310, false};
  return c;
}

// S-ESQM-EX UPE: GE0/2/0 samples inbound, bound to vpn1; bare esqm block.
inline Config esqm_example() {
  Config c;
  c.sysname = "UPE";
  VpnInstance v;
  v.name = "vpn1";
  v.ipv4.enabled = true;
  v.ipv4.route_distinguisher = "100:1";
  c.vpns["vpn1"] = v;
  Interface& g = ensure_interface(c, "GigabitEthernet0/2/0");
  g.shutdown = false;
  g.vpn = "vpn1";
  g.esqm_inbound = true;
  add_address(c, "GigabitEthernet0/2/0", "192.168.20.1", 24);
  c.esqm.enabled = true;
  return c;
}

}  // namespace vrsh::model::test
