#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "model/render.hpp"
#include "model/secret.hpp"

using namespace vrsh::model;
using namespace vrsh::model::test;

TEST_CASE("full ESQM block in canonical order regardless of input order") {
  Config c;
  Esqm& e = c.esqm;
  e.enabled = true;
  e.flow_table_limit = 5000;
  e.streams.insert(EsqmStream{Direction::Outbound, ""});
  e.streams.insert(EsqmStream{Direction::Inbound, "vpnb"});
  e.streams.insert(EsqmStream{Direction::Inbound, ""});
  e.filters.insert(EsqmFilter{ip("10.2.0.0"), 16});
  e.filters.insert(EsqmFilter{ip("10.1.0.0"), 16});
  e.gtp_disable = true;
  e.sctp_disable = true;
  e.tcp_enable = true;
  e.sctp_aging = 120;
  CHECK(render_config(c) ==
        "#\nsysname HUAWEI\n#\n"
        "esqm\n"
        " esqm session aging-time sctp 120\n"
        " esqm protocol tcp enable\n"
        " esqm protocol sctp disable\n"
        " esqm protocol gtp disable\n"
        " esqm filter permit ip 10.1.0.0 mask 16\n"
        " esqm filter permit ip 10.2.0.0 mask 16\n"
        " esqm service-stream inbound\n"
        " esqm service-stream inbound vpn-instance vpnb\n"
        " esqm service-stream outbound\n"
        " esqm flow-table limit 5000\n"
        "#\nreturn\n");
}

TEST_CASE("defaults are hidden") {
  Config c;
  ensure_interface(c, "GigabitEthernet0/1/4");  // default physical port: not shown
  c.esqm.enabled = true;
  c.esqm.sctp_aging = kEsqmDefaultAgingSeconds;
  c.esqm.flow_table_limit = kEsqmDefaultFlowTableLimit;
  c.ipfpm.dcp.enabled = true;
  c.ipfpm.dcp.mcp = McpRef{ip("1.1.1.1"), 65030, ""};
  c.ipfpm.dcp.instances[7].id = 7;
  c.ipfpm.dcp.instances[7].interval = 10;
  c.ipfpm.mcp.enabled = true;
  c.ipfpm.mcp.port = 65030;
  CHECK(render_config(c) ==
        "#\nsysname HUAWEI\n#\n"
        "nqa ipfpm dcp\n mcp 1.1.1.1\n instance 7\n#\n"
        "nqa ipfpm mcp\n#\n"
        "esqm\n#\nreturn\n");
}

TEST_CASE("interface lines, shutdown defaults per kind, routes") {
  Config c;
  Interface& g = ensure_interface(c, "GigabitEthernet0/1/0");
  g.description = "to CE";
  g.shutdown = false;
  add_address(c, "GigabitEthernet0/1/0", "10.0.0.1", 30);
  add_address(c, "GigabitEthernet0/1/0", "10.0.1.1", 24, true);
  c.find_interface("GigabitEthernet0/1/0")->esqm_outbound = true;
  c.find_interface("GigabitEthernet0/1/0")->esqm_inbound = true;
  c.find_interface("GigabitEthernet0/1/0")->ipfpm_tlps = {200, 10};
  ensure_interface(c, "GigabitEthernet0/1/0.5").shutdown = true;
  ensure_interface(c, "LoopBack0");
  ensure_interface(c, "GigabitEthernet0/2/2");  // physical and down: hidden

  StaticRoute r1;
  r1.prefix = ip("0.0.0.0");
  r1.mask = 0;
  r1.nexthop = ip("10.0.0.2");
  StaticRoute r2;
  r2.vpn = "vpna";
  r2.prefix = ip("10.9.0.0");
  r2.mask = mask_from_len(16);
  r2.ifname = "GigabitEthernet0/1/0";
  r2.nexthop = ip("10.0.0.2");
  r2.preference = 10;
  r2.tag = 7;
  r2.description = "to the lab";
  StaticRoute r3;
  r3.prefix = ip("192.0.2.0");
  r3.mask = mask_from_len(24);
  r3.ifname = "NULL0";
  upsert_route(c, r2);
  upsert_route(c, r3);
  upsert_route(c, r1);
  CHECK(render_config(c) ==
        "#\nsysname HUAWEI\n#\n"
        "interface GigabitEthernet0/1/0\n"
        " description to CE\n"
        " undo shutdown\n"
        " ip address 10.0.0.1 255.255.255.252\n"
        " ip address 10.0.1.1 255.255.255.0 sub\n"
        " ipfpm tlp 10\n"
        " ipfpm tlp 200\n"
        " esqm service-stream inbound\n"
        " esqm service-stream outbound\n"
        "#\n"
        "interface GigabitEthernet0/1/0.5\n"
        " shutdown\n"
        "#\n"
        "interface LoopBack0\n"
        "#\n"
        "ip route-static 0.0.0.0 0.0.0.0 10.0.0.2\n"
        "ip route-static 192.0.2.0 255.255.255.0 NULL0\n"
        "ip route-static vpn-instance vpna 10.9.0.0 255.255.0.0 GigabitEthernet0/1/0 10.0.0.2 preference 10 "
        "tag 7 "
        "description to the lab\n"
        "#\nreturn\n");
}

TEST_CASE("DCP instance details and MCP ACH blocks") {
  Config c;
  Dcp& d = c.ipfpm.dcp;
  d.enabled = true;
  d.loss_bit = ColorBit{ColorBit::Kind::Flags0, 6};
  d.delay_bit = ColorBit{ColorBit::Kind::None, 7};
  DcpInstance& in = d.instances[2];
  in.id = 2;
  in.description = "Instanceforpointbypointtest";
  in.interval = 60;
  FpmFlow f;
  f.dir = FlowDir::Forward;
  f.source = std::pair{ip("10.1.0.0"), 16};
  f.destination = std::pair{ip("10.2.1.1"), 32};
  f.dscp = 46;
  f.protocol = 6;
  f.src_ports = std::pair{1000, 2000};
  f.dst_ports = std::pair{80, 80};
  in.flows[FlowDir::Forward] = f;
  FpmFlow b;
  b.dir = FlowDir::Backward;
  b.protocol = 132;
  in.flows[FlowDir::Backward] = b;
  in.tlps[5] = FpmTlp{5, false, true, {}};
  in.tlps[1] = FpmTlp{1, true, false, {}};
  in.mcp = McpRef{ip("9.9.9.9"), 3000, "mgmt"};
  in.auth = FpmAuth{3, "s3cret"};
  in.delay = DelayMeasure{false, 1, false};

  Mcp& m = c.ipfpm.mcp;
  m.enabled = true;
  McpInstance& mi = m.instances[1];
  mi.id = 1;
  mi.description = "Instanceforpoint-by-pointtest";
  mi.dcps = {ip("4.4.4.4"), ip("1.1.1.1"), ip("2.2.2.2")};
  mi.measure_disabled = true;
  mi.oneway_threshold = Threshold{"2000", "1000"};
  for (std::uint32_t id : {2u, 1u}) {
    Ach& a = mi.achs[id];
    a.id = id;
    a.flow = FlowDir::Forward;
  }
  mi.achs[1].in_group.insert(AchGroup{ip("1.1.1.1"), 100});
  mi.achs[1].out_group.insert(AchGroup{ip("2.2.2.2"), 200});
  mi.achs[2].in_group.insert(AchGroup{ip("2.2.2.2"), 200});
  mi.achs[2].out_group.insert(AchGroup{ip("4.4.4.4"), 310});
  CHECK(
      render_config(c) ==
      "#\nsysname HUAWEI\n#\n"
      "nqa ipfpm dcp\n"
      " color-flag loss-measure flags-bit0 delay-measure none\n"
      " instance 2\n"
      "  description Instanceforpointbypointtest\n"
      "  interval 60\n"
      "  flow forward source 10.1.0.0 16 destination 10.2.1.1 dscp 46 protocol tcp source-port 1000 to 2000 "
      "destination-port 80\n"
      "  flow backward protocol 132\n"
      "  tlp 1 in-point egress\n"
      "  tlp 5 out-point ingress\n"
      "  mcp 9.9.9.9 port 3000 vpn-instance mgmt\n"
      "  authentication-mode hmac-sha256 key-id 3 cipher " +
          encrypt_secret("s3cret") +
          "\n"
          "  delay-measure enable one-way tlp 1 continual\n"
          "#\n"
          "nqa ipfpm mcp\n"
          " instance 1\n"
          "  description Instanceforpoint-by-pointtest\n"
          "  dcp 1.1.1.1\n"
          "  dcp 2.2.2.2\n"
          "  dcp 4.4.4.4\n"
          "  measure disable\n"
          "  delay-measure one-way delay-threshold upper-limit 2000 lower-limit 1000\n"
          "  ach 1\n"
          "   flow forward\n"
          "   in-group dcp 1.1.1.1 tlp 100\n"
          "   out-group dcp 2.2.2.2 tlp 200\n"
          "  ach 2\n"
          "   flow forward\n"
          "   in-group dcp 2.2.2.2 tlp 200\n"
          "   out-group dcp 4.4.4.4 tlp 310\n"
          "#\nreturn\n");
}

TEST_CASE("display this per view") {
  Config c = upe_config();
  StaticRoute r;
  r.prefix = ip("10.0.0.0");
  r.mask = mask_from_len(8);
  r.nexthop = ip("172.16.1.2");
  upsert_route(c, r);
  c.esqm.enabled = true;
  c.esqm.tcp_enable = true;
  CHECK(render_top_level(c) ==
        "#\nsysname UPE\n#\nip route-static 10.0.0.0 255.0.0.0 172.16.1.2\n#\nreturn\n");
  CHECK(render_block(interface_node(c, "LoopBack1")) ==
        "#\ninterface LoopBack1\n ip address 1.1.1.1 255.255.255.255\n#\nreturn\n");
  CHECK(render_block(interface_node(c, "GigabitEthernet0/1/3")) ==
        "#\ninterface GigabitEthernet0/1/3\n#\nreturn\n");
  CHECK(render_block(vpn_node(c, "vpna")) ==
        "#\nip vpn-instance vpna\n ipv4-family\n  route-distinguisher 100:1\n#\nreturn\n");
  CHECK(render_block(vpn_af_node(c, "vpna")) == "#\n ipv4-family\n  route-distinguisher 100:1\n#\nreturn\n");
  CHECK(render_block(vpn_node(c, "new")) == "#\nip vpn-instance new\n#\nreturn\n");
  CHECK(render_block(esqm_node(c.esqm)) == "#\nesqm\n esqm protocol tcp enable\n#\nreturn\n");
  CHECK(render_block(dcp_instance_node(c.ipfpm.dcp, 1)) ==
        "#\n instance 1\n"
        "  flow bidirectional source 10.1.1.1 destination 10.2.1.1\n"
        "  tlp 100 in-point ingress\n"
        "  loss-measure enable continual\n"
        "  delay-measure enable two-way tlp 100 continual\n#\nreturn\n");
  CHECK(render_block(dcp_instance_node(c.ipfpm.dcp, 9)) == "#\n instance 9\n#\nreturn\n");
  CHECK(render_block(mcp_instance_node(c.ipfpm.mcp, 1)).starts_with("#\n instance 1\n  dcp 1.1.1.1\n"));
  CHECK(render_block(ach_node(c.ipfpm.mcp, 1, 4)) == "#\n  ach 4\n#\nreturn\n");
  CHECK(render_block(mcp_node(c.ipfpm.mcp)).starts_with("#\nnqa ipfpm mcp\n mcp id 1.1.1.1\n"));
  CHECK(render_block(dcp_node(c.ipfpm.dcp)).starts_with("#\nnqa ipfpm dcp\n dcp id 1.1.1.1\n"));
  CHECK(render_block(dcp_node(Config{}.ipfpm.dcp)) == "#\nnqa ipfpm dcp\n#\nreturn\n");
}
