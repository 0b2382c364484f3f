// The vendor's own configuration files (vrp-cli.md 2.3, 3.7), restricted to what vrsh models.
#include <doctest/doctest.h>

#include "fixtures.hpp"
#include "model/render.hpp"
#include "model/secret.hpp"

using namespace vrsh::model;
using namespace vrsh::model::test;

TEST_CASE("an empty configuration shows the sysname only") {
  CHECK(render_config(Config{}) == "#\nsysname HUAWEI\n#\nreturn\n");
}

TEST_CASE("UPE configuration of the IP FPM end-to-end example") {
  const std::string key = encrypt_secret("YsHsjx_202206");
  const std::string expected =
      "#\n"
      "sysname UPE\n"
      "#\n"
      "ip vpn-instance vpna\n"
      " ipv4-family\n"
      "  route-distinguisher 100:1\n"
      "#\n"
      "interface GigabitEthernet0/1/0\n"
      " undo shutdown\n"
      " ip binding vpn-instance vpna\n"
      " ip address 192.168.1.1 255.255.255.0\n"
      " ipfpm tlp 100\n"
      "#\n"
      "interface GigabitEthernet0/1/1\n"
      " undo shutdown\n"
      " ip address 172.16.1.1 255.255.255.0\n"
      "#\n"
      "interface GigabitEthernet0/1/2\n"
      " undo shutdown\n"
      " ip address 172.16.2.1 255.255.255.0\n"
      "#\n"
      "interface LoopBack1\n"
      " ip address 1.1.1.1 255.255.255.255\n"
      "#\n"
      "nqa ipfpm dcp\n"
      " dcp id 1.1.1.1\n"
      " mcp 1.1.1.1 port 2048\n"
      " authentication-mode hmac-sha256 key-id 1 cipher " +
      key +
      "\n"
      " color-flag loss-measure tos-bit 3 delay-measure tos-bit 4\n"
      " instance 1\n"
      "  flow bidirectional source 10.1.1.1 destination 10.2.1.1\n"
      "  tlp 100 in-point ingress\n"
      "  loss-measure enable continual\n"
      "  delay-measure enable two-way tlp 100 continual\n"
      "#\n"
      "nqa ipfpm mcp\n"
      " mcp id 1.1.1.1\n"
      " protocol udp port 2048\n"
      " authentication-mode hmac-sha256 key-id 1 cipher " +
      key +
      "\n"
      " instance 1\n"
      "  dcp 1.1.1.1\n"
      "  dcp 4.4.4.4\n"
      "  loss-measure ratio-threshold upper-limit 10.000000 lower-limit 5.000000\n"
      "  delay-measure two-way delay-threshold upper-limit 100000 lower-limit 50000\n"
      "#\n"
      "return\n";
  CHECK(render_config(upe_config()) == expected);
  CHECK(render_config(upe_config()).find("YsHsjx_202206") == std::string::npos);
}

TEST_CASE("NPE configuration hides the default interval") {
  const std::string key = encrypt_secret("YsHsjx_202206");
  const std::string expected =
      "#\n"
      "sysname NPE\n"
      "#\n"
      "ip vpn-instance vpna\n"
      " ipv4-family\n"
      "  route-distinguisher 100:1\n"
      "#\n"
      "interface GigabitEthernet0/1/1\n"
      " undo shutdown\n"
      " ip address 172.16.5.2 255.255.255.0\n"
      "#\n"
      "interface GigabitEthernet0/1/2\n"
      " undo shutdown\n"
      " ip address 172.16.4.2 255.255.255.0\n"
      "#\n"
      "interface GigabitEthernet0/1/3\n"
      " undo shutdown\n"
      " ip binding vpn-instance vpna\n"
      " ip address 192.168.2.1 255.255.255.0\n"
      " ipfpm tlp 310\n"
      "#\n"
      "interface LoopBack1\n"
      " ip address 4.4.4.4 255.255.255.255\n"
      "#\n"
      "nqa ipfpm dcp\n"
      " dcp id 4.4.4.4\n"
      " mcp 1.1.1.1 port 2048\n"
      " authentication-mode hmac-sha256 key-id 1 cipher " +
      key +
      "\n"
      " color-flag loss-measure tos-bit 3 delay-measure tos-bit 4\n"
      " instance 1\n"
      "  flow bidirectional source 10.1.1.1 destination 10.2.1.1\n"
      "  tlp 310 out-point egress\n"
      "  loss-measure enable continual\n"
      "  delay-measure enable two-way tlp 310 continual\n"
      "#\n"
      "return\n";
  CHECK(render_config(npe_config()) == expected);
}

TEST_CASE("ESQM example: interface line last, bare esqm block last") {
  const std::string expected =
      "#\n"
      "sysname UPE\n"
      "#\n"
      "ip vpn-instance vpn1\n"
      " ipv4-family\n"
      "  route-distinguisher 100:1\n"
      "#\n"
      "interface GigabitEthernet0/2/0\n"
      " undo shutdown\n"
      " ip binding vpn-instance vpn1\n"
      " ip address 192.168.20.1 255.255.255.0\n"
      " esqm service-stream inbound\n"
      "#\n"
      "esqm\n"
      "#\n"
      "return\n";
  CHECK(render_config(esqm_example()) == expected);
}
