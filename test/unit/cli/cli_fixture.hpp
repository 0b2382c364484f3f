#pragma once
// A small vendor-like command set shared by the matcher and help tests.
#include "cli/registry.hpp"
#include "cli_test_util.hpp"

namespace vrsh::cli::test {

inline ParamType test_ifname() {
  return types::ifname({
      {"GigabitEthernet", "GigabitEthernet interface", 3, 3, true},
      {"LoopBack", "LoopBack interface", 1, 1, false},
      {"NULL", "NULL interface", 1, 1, false},
  });
}

struct Fixture {
  Registry reg;
  Fixture() {
    const std::vector<std::string> any = {"*"};
    reg.add(cmd("display current-configuration", {}, {}, any));
    reg.add(cmd("display configuration candidate [ changes ]", {}, {}, any));
    reg.add(cmd("display configuration commit list [ verbose ]", {}, {}, any));
    reg.add(cmd("display version", {}, {}, any));
    reg.add(cmd("display esqm flow-table [ tcp | sctp | gtp ] [ verbose | json ]", {}, {}, any));
    reg.add(cmd("display interface brief", {}, {}, any));
    reg.add(cmd("system-view", {}, {}, {"user"}));
    reg.add(cmd("quit", {}, {}, any));
    reg.add(cmd("commit [ label <label> | description <desc> ] *",
                {{"label", types::string(1, 32)}, {"desc", types::string(1, 60)}}, {}, {"*config"}));
    reg.add(cmd("clear configuration candidate", {}, {}, {"*config"}));
    reg.add(cmd("interface <ifname>", {{"ifname", test_ifname()}}, "undo interface <ifname>"));
    reg.add(cmd("ip address <ip> <mask>", {{"ip", types::ipv4()}, {"mask", types::mask()}},
                "undo ip address [ <ip> <mask> ]", {"interface"}));
    reg.add(cmd("ipfpm tlp <tlp-id>", {{"tlp-id", types::integer(1, 16777215)}}, "undo ipfpm tlp <tlp-id>",
                {"interface"}));
    reg.add(cmd("shutdown", {}, "undo shutdown", {"interface"}));
    reg.add(cmd("description <text>", {{"text", types::text(1, 80)}}, "undo description", {"interface"}));
    reg.add(
        cmd("ip route-static [ vpn-instance <vpn> ] <prefix> <mask> { <ifname> [ <nexthop> ] | <nexthop> } "
            "[ preference <pref> | tag <tag> ] * [ description <desc> ]",
            {{"vpn", types::string(1, 31)},
             {"prefix", types::ipv4()},
             {"mask", types::mask()},
             {"ifname", test_ifname()},
             {"nexthop", types::ipv4()},
             {"pref", types::integer(1, 255)},
             {"tag", types::integer(1, 4294967295LL)},
             {"desc", types::text(1, 150)}}));
    reg.add(cmd(
        "flow { forward | backward | bidirectional } { dscp <dscp> | source <src-ip> [ <src-len> ] | "
        "destination <dst-ip> [ <dst-len> ] | protocol { { tcp | udp } { source-port <sp1> [ to <sp2> ] | "
        "destination-port <dp1> [ to <dp2> ] } * | <protocol-number> } } *",
        {{"dscp", types::integer(0, 63)},
         {"src-ip", types::ipv4()},
         {"src-len", types::mask_length(1, 32)},
         {"dst-ip", types::ipv4()},
         {"dst-len", types::mask_length(1, 32)},
         {"sp1", types::integer(0, 65535)},
         {"sp2", types::integer(0, 65535)},
         {"dp1", types::integer(0, 65535)},
         {"dp2", types::integer(0, 65535)},
         {"protocol-number", types::integer(1, 255)}},
        "undo flow { forward | backward | bidirectional }", {"instance"}));
  }
};

}  // namespace vrsh::cli::test
