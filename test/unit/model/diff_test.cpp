#include <doctest/doctest.h>

#include <iterator>

#include "fixtures.hpp"
#include "model/diff.hpp"

using namespace vrsh::model;
using namespace vrsh::model::test;

TEST_CASE("no change, no output") {
  CHECK(render_changes(Config{}, Config{}).empty());
  CHECK(render_changes(upe_config(), upe_config()).empty());
  Config a;
  Config b;
  ensure_interface(b, "GigabitEthernet0/1/0");  // default entry: renders the same
  CHECK(render_changes(a, b).empty());
}

TEST_CASE("vendor example: addresses added to two interfaces") {
  Config before;
  for (const char* n : {"GigabitEthernet0/1/0", "GigabitEthernet0/1/1"})
    ensure_interface(before, n).shutdown = false;
  Config after = before;
  add_address(after, "GigabitEthernet0/1/0", "10.0.0.1", 30);
  add_address(after, "GigabitEthernet0/1/1", "10.0.1.1", 30);
  CHECK(render_changes(before, after) ==
        "  #\n"
        "  interface GigabitEthernet0/1/0\n"
        "+  ip address 10.0.0.1 255.255.255.252\n"
        "  #\n"
        "  interface GigabitEthernet0/1/1\n"
        "+  ip address 10.0.1.1 255.255.255.252\n"
        "  #\n");
}

TEST_CASE("removed line, changed value, added and removed blocks") {
  Config before;
  Interface& g = ensure_interface(before, "GigabitEthernet0/1/2");
  g.shutdown = false;
  g.description = "old";
  add_address(before, "LoopBack1", "1.1.1.1", 32);
  Config after = before;
  after.sysname = "R1";
  after.find_interface("GigabitEthernet0/1/2")->shutdown = true;
  after.find_interface("GigabitEthernet0/1/2")->description = "new";
  after.interfaces.erase(after.interfaces.begin() + 1);  // LoopBack1 deleted
  after.esqm.enabled = true;
  after.esqm.tcp_enable = true;
  CHECK(render_changes(before, after) ==
        "  #\n"
        "- sysname HUAWEI\n"
        "+ sysname R1\n"
        "  #\n"
        "  interface GigabitEthernet0/1/2\n"
        "-  description old\n"
        "-  undo shutdown\n"
        "+  description new\n"
        "  #\n"
        "- interface LoopBack1\n"
        "-  ip address 1.1.1.1 255.255.255.255\n"
        "  #\n"
        "+ esqm\n"
        "+  esqm protocol tcp enable\n"
        "  #\n");
}

TEST_CASE("nested headers appear as context") {
  Config before = upe_config();
  Config after = before;
  after.vpns["vpna"].ipv4.route_distinguisher = "200:1";
  after.ipfpm.dcp.instances[1].loss_continual = false;
  after.ipfpm.mcp.instances[1].achs[3].id = 3;
  after.ipfpm.mcp.instances[1].achs[3].flow = FlowDir::Forward;
  CHECK(render_changes(before, after) ==
        "  #\n"
        "  ip vpn-instance vpna\n"
        "   ipv4-family\n"
        "-   route-distinguisher 100:1\n"
        "+   route-distinguisher 200:1\n"
        "  #\n"
        "  nqa ipfpm dcp\n"
        "   instance 1\n"
        "-   loss-measure enable continual\n"
        "  #\n"
        "  nqa ipfpm mcp\n"
        "   instance 1\n"
        "+   ach 3\n"
        "+    flow forward\n"
        "  #\n");
}

TEST_CASE("route block diff keeps order and shows only changed routes") {
  Config before;
  for (int i = 0; i < 500; ++i) {
    StaticRoute r;
    r.prefix = ip("10.0.0.0") + static_cast<Ipv4>(i << 8);
    r.mask = mask_from_len(24);
    r.nexthop = ip("192.168.0.1");
    upsert_route(before, r);
  }
  Config after = before;
  StaticRoute tagged = *std::next(after.routes.begin(), 10);
  tagged.tag = 5;
  upsert_route(after, tagged);
  after.routes.erase(std::next(after.routes.begin(), 300));
  CHECK(render_changes(before, after) ==
        "  #\n"
        "- ip route-static 10.0.10.0 255.255.255.0 192.168.0.1\n"
        "+ ip route-static 10.0.10.0 255.255.255.0 192.168.0.1 tag 5\n"
        "- ip route-static 10.1.44.0 255.255.255.0 192.168.0.1\n"
        "  #\n");
  CHECK(render_changes(after, before).find("+ ip route-static 10.1.44.0") != std::string::npos);
}
