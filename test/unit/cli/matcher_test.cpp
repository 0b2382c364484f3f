#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "cli_fixture.hpp"

using namespace vrsh::cli;
using vrsh::cli::test::cmd;
using vrsh::cli::test::Fixture;

namespace {

using Params = std::vector<std::pair<std::string, std::string>>;
using Words = std::vector<std::string>;

}  // namespace

TEST_CASE_FIXTURE(Fixture, "match: full words, abbreviations and case") {
  for (const char* line :
       {"display current-configuration", "dis cur", "d cu", "DISPLAY CURRENT-CONFIGURATION", "Di Cu",
        "  display   current-configuration  ", "display\tcurrent-configuration"}) {
    CAPTURE(line);
    MatchResult r = reg.match("system", line);
    REQUIRE(r.kind == MatchKind::Ok);
    CHECK(r.spec == &reg.specs()[0]);
    CHECK_FALSE(r.undo);
    CHECK(r.args.keywords == Words{"display", "current-configuration"});
  }
  MatchResult r = reg.match("user", "di co ca ch");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == Words{"display", "configuration", "candidate", "changes"});
  r = reg.match("user", "di co co l v");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == Words{"display", "configuration", "commit", "list", "verbose"});
  CHECK(reg.match("user", "sy").kind == MatchKind::Ok);
}

TEST_CASE_FIXTURE(Fixture, "match: an exact keyword beats longer keywords it prefixes") {
  // "ip" is both a keyword and a prefix of "ipfpm".
  MatchResult r = reg.match("interface", "ip address 10.1.1.1 24");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == Words{"ip", "address"});
  CHECK(r.args.params == Params{{"ip", "10.1.1.1"}, {"mask", "255.255.255.0"}});
  r = reg.match("interface", "ipf tlp 100");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.get("tlp-id") == "100");
  CHECK(r.args[IntArg<>{"tlp-id"}] == 100);
}

TEST_CASE_FIXTURE(Fixture, "match: blank lines are Empty") {
  CHECK(reg.match("system", "").kind == MatchKind::Empty);
  CHECK(reg.match("system", "    ").kind == MatchKind::Empty);
  CHECK(reg.match("system", "\t \t").kind == MatchKind::Empty);
}

TEST_CASE_FIXTURE(Fixture, "match: views, any-view and any-config-view") {
  CHECK(reg.match("user", "display version").kind == MatchKind::Ok);
  CHECK(reg.match("interface", "display version").kind == MatchKind::Ok);
  CHECK(reg.match("user", "system-view").kind == MatchKind::Ok);
  CHECK(reg.match("system", "system-view").kind == MatchKind::Unrecognized);
  CHECK(reg.match("system", "commit").kind == MatchKind::Ok);
  CHECK(reg.match("esqm", "commit").kind == MatchKind::Ok);
  MatchResult r = reg.match("user", "commit");
  CHECK(r.kind == MatchKind::Unrecognized);
  CHECK(r.error_col == 0);
  CHECK(reg.match("system", "shutdown").kind == MatchKind::Unrecognized);
  CHECK(reg.match("nowhere", "quit").kind == MatchKind::Ok);
}

TEST_CASE_FIXTURE(Fixture, "match: optional groups") {
  MatchResult r = reg.match("user", "display esqm flow-table");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == Words{"display", "esqm", "flow-table"});
  r = reg.match("user", "display esqm flow-table sctp json");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.has("sctp"));
  CHECK(r.args.has("json"));
  CHECK_FALSE(r.args.has("tcp"));
  r = reg.match("user", "display esqm flow-table verbose");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords.back() == "verbose");
  // The order is fixed: the protocol group comes first.
  r = reg.match("user", "display esqm flow-table json tcp");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 29);
  r = reg.match("user", "display esqm flow-table tcp sctp");
  CHECK(r.kind == MatchKind::TooManyParameters);  // complete after "tcp"; "sctp" continues nothing
  CHECK(r.error_col == 28);
}

TEST_CASE_FIXTURE(Fixture, "match: optional repeat group, any order, each once") {
  MatchResult r = reg.match("system", "commit");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.params.empty());
  r = reg.match("system", "commit description nightly label L1");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.params == Params{{"desc", "nightly"}, {"label", "L1"}});
  CHECK(r.args.keywords == Words{"commit", "description", "label"});
  r = reg.match("system", "commit label a label b");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 15);
  r = reg.match("system", "commit label");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 13);
}

TEST_CASE("match: required repeat group needs at least one branch") {
  Registry reg;
  reg.add(cmd("x { a | b } *"));
  MatchResult r = reg.match("system", "x");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 2);
  CHECK(reg.match("system", "x a").kind == MatchKind::Ok);
  CHECK(reg.match("system", "x b a").args.keywords == Words{"x", "b", "a"});
  r = reg.match("system", "x a a");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 4);
}

TEST_CASE_FIXTURE(Fixture, "match: nested repeat groups (IP FPM flow)") {
  MatchResult r =
      reg.match("instance",
                "flow forward source 10.1.1.1 24 destination 10.2.2.2 protocol tcp source-port 80 to 90 "
                "destination-port 100");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == Words{"flow", "forward", "source", "destination", "protocol", "tcp", "source-port",
                                 "to", "destination-port"});
  CHECK(r.args.params == Params{{"src-ip", "10.1.1.1"},
                                {"src-len", "24"},
                                {"dst-ip", "10.2.2.2"},
                                {"sp1", "80"},
                                {"sp2", "90"},
                                {"dp1", "100"}});
  r = reg.match("instance", "fl bid prot 6 dscp 46");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.params == Params{{"protocol-number", "6"}, {"dscp", "46"}});
  r = reg.match("instance", "flow backward destination 1.1.1.1 source 2.2.2.2");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.params == Params{{"dst-ip", "1.1.1.1"}, {"src-ip", "2.2.2.2"}});

  r = reg.match("instance", "flow forward");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 13);
  r = reg.match("instance", "flow forward dscp 64");
  CHECK(r.kind == MatchKind::WrongParameter);
  CHECK(r.error_col == 18);
  r = reg.match("instance", "flow forward dscp 1 dscp 2");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 20);
  r = reg.match("instance", "flow forward protocol tcp source-port 1 source-port 2");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 40);
  r = reg.match("instance", "flow forward protocol tcp");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 26);
}

TEST_CASE_FIXTURE(Fixture, "match: multi-token interface names") {
  for (const char* line : {"interface GigabitEthernet 0/1/0", "interface GigabitEthernet0/1/0", "int g0/1/0",
                           "interface gi 0/1/0"}) {
    CAPTURE(line);
    MatchResult r = reg.match("system", line);
    REQUIRE(r.kind == MatchKind::Ok);
    CHECK(r.args.get("ifname") == "GigabitEthernet0/1/0");
  }
  CHECK(reg.match("system", "interface loopback 1").args.get("ifname") == "LoopBack1");
  MatchResult r = reg.match("system", "interface GigabitEthernet");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 26);
  r = reg.match("system", "interface GigabitEthernet 0/9");
  CHECK(r.kind == MatchKind::WrongParameter);
  CHECK(r.error_col == 10);
  r = reg.match("system", "interface GigabitEthernet 0/1/0 x");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 32);
}

TEST_CASE_FIXTURE(Fixture, "match: static route with every kind of param") {
  MatchResult r =
      reg.match("system",
                "ip route-static vpn-instance VPN1 10.0.0.0 8 GigabitEthernet 0/1/0 10.1.1.2 tag 7 "
                "preference 10 description to  core router ");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.params == Params{{"vpn", "VPN1"},
                                {"prefix", "10.0.0.0"},
                                {"mask", "255.0.0.0"},
                                {"ifname", "GigabitEthernet0/1/0"},
                                {"nexthop", "10.1.1.2"},
                                {"tag", "7"},
                                {"pref", "10"},
                                {"desc", "to  core router"}});
  r = reg.match("system", "ip route-static 0.0.0.0 0 192.168.1.1");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.params == Params{{"prefix", "0.0.0.0"}, {"mask", "0.0.0.0"}, {"nexthop", "192.168.1.1"}});
  CHECK_FALSE(r.args.has("ifname"));
  r = reg.match("system", "ip route-static 10.0.0.0 255.0.0.0");
  CHECK(r.kind == MatchKind::Incomplete);
  r = reg.match("system", "ip route-static 10.0.0.0 255.0.255.0 1.1.1.1");
  CHECK(r.kind == MatchKind::WrongParameter);
  CHECK(r.error_col == 25);
  r = reg.match("system", "ip route-static 10.0.0.0 8 1.1.1.1 preference 300");
  CHECK(r.kind == MatchKind::WrongParameter);
  CHECK(r.error_col == 46);
}

TEST_CASE_FIXTURE(Fixture, "match: text param keeps the rest of the line") {
  MatchResult r = reg.match("interface", "description  uplink to   core  ");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.get("text") == "uplink to   core");
  r = reg.match("interface", "description \"quoted one\"");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.get("text") == "quoted one");
  r = reg.match("interface", "description");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 12);
}

TEST_CASE_FIXTURE(Fixture, "match: quoted tokens") {
  MatchResult r = reg.match("system", "commit label \"my label\" description \"x\"");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.params == Params{{"label", "my label"}, {"desc", "x"}});
  r = reg.match("system", "commit label \"unterminated label");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.get("label") == "unterminated label");
}

TEST_CASE_FIXTURE(Fixture, "match: undo forms") {
  MatchResult r = reg.match("interface", "undo shutdown");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.undo);
  CHECK(r.spec->syntax == "shutdown");
  CHECK(r.args.keywords == Words{"undo", "shutdown"});
  r = reg.match("interface", "un sh");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.undo);
  r = reg.match("interface", "shutdown");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK_FALSE(r.undo);
  // The undo form takes fewer arguments than the positive one.
  r = reg.match("interface", "undo ip address");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.undo);
  CHECK(r.args.params.empty());
  r = reg.match("interface", "undo ip address 1.1.1.1");
  CHECK(r.kind == MatchKind::Incomplete);
  // Commands without an undo form do not match after "undo".
  r = reg.match("interface", "undo display version");
  CHECK(r.kind == MatchKind::Unrecognized);
  CHECK(r.error_col == 5);
  r = reg.match("instance", "undo flow bidirectional");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == Words{"undo", "flow", "bidirectional"});
  r = reg.match("instance", "undo flow bidirectional dscp 1");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 24);
}

TEST_CASE("match: a keyword is preferred to a param, both stay alive") {
  Registry reg;
  reg.add(cmd("show <name>", {{"name", types::string(1, 10)}}));
  reg.add(cmd("show all"));
  reg.add(cmd("set <name> value", {{"name", types::string(1, 10)}}));
  reg.add(cmd("set all flag"));
  MatchResult r = reg.match("system", "show all");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.spec == &reg.specs()[1]);
  r = reg.match("system", "show al");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.spec == &reg.specs()[1]);
  r = reg.match("system", "show bob");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.spec == &reg.specs()[0]);
  CHECK(r.args.get("name") == "bob");
  // "all" fits the keyword, but only the param path can continue with "value".
  r = reg.match("system", "set all value");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.spec == &reg.specs()[2]);
  CHECK(r.args.get("name") == "all");
  r = reg.match("system", "set all flag");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.spec == &reg.specs()[3]);
}

TEST_CASE("match: the first declared spec wins a tie") {
  Registry reg;
  reg.add(cmd("reset counters"));
  reg.add(cmd("reset counters", {}, {}, {"*"}));
  reg.add(cmd("reset <what>", {{"what", types::string(1, 10)}}));
  MatchResult r = reg.match("system", "reset counters");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.spec == &reg.specs()[0]);
  r = reg.match("user", "reset counters");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.spec == &reg.specs()[1]);
}

TEST_CASE("args: typed values through keys") {
  Registry reg;
  constexpr IntArg<std::uint16_t> kPort{"port"};
  constexpr Ipv4Arg kIp{"ip"};
  constexpr Ipv4Arg kMask{"mask"};
  constexpr Ipv6Arg kIp6{"ip6"};
  constexpr MacArg kMac{"mac"};
  constexpr TextArg kName{"name"};
  constexpr WordArg kDir{"dir"};
  constexpr WordArg kCipher{"cipher"};
  CommandSpec s =
      cmd("set { inbound | outbound }$dir [ cipher ]$cipher <ip> <mask> [ port <port> ] "
          "[ <ip6> ] [ mac <mac> ] [ name <name> ]");
  s.params = {{kDir},
              {kCipher},
              {kIp, types::ipv4(), "IP"},
              {kMask, types::mask(), "Mask"},
              {kPort, types::integer(1, 65535), "Port"},
              {kIp6, types::ipv6(), "IPv6"},
              {kMac, types::mac(), "MAC"},
              {kName, types::string(1, 8), "Name"}};
  reg.add(s);
  MatchResult r = reg.match("system", "set out 10.1.1.1 24 port 8080 2001:DB8::1 mac 0-e0-fc name x");
  REQUIRE(r.kind == MatchKind::Ok);
  const Args& a = r.args;
  CHECK(a[kIp] == 0x0a010101u);
  CHECK(a[kMask] == 0xffffff00u);
  CHECK(a[kPort] == 8080);
  CHECK(vrsh::model::format_ipv6(a[kIp6]) == "2001:DB8::1");
  CHECK(vrsh::model::format_mac(a[kMac]) == "0000-00e0-00fc");
  CHECK(a[kName] == "x");
  CHECK(a[kDir] == "outbound");
  CHECK(a.is(kDir, "outbound"));
  CHECK_FALSE(a.is(kDir, "inbound"));
  CHECK_FALSE(a.has(kCipher));
  CHECK(a.get("ip") == "10.1.1.1");  // the normalized text stays available to tests

  r = reg.match("system", "set in cipher 10.1.1.1 255.0.0.0");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.has(kCipher));
  CHECK(r.args.is(kDir, "inbound"));
  CHECK_FALSE(r.args.opt(kPort));
  CHECK(r.args.value_or(kPort, std::uint16_t{65030}) == 65030);
  CHECK_THROWS_AS(r.args[kPort], std::logic_error);  // absent although read as required

  // Names the command does not declare, or declares with another type, are programming errors.
  CHECK_THROWS_AS(r.args.opt(TextArg{"nmae"}), std::logic_error);
  CHECK_THROWS_AS(r.args.opt(TextArg{"ip"}), std::logic_error);
  CHECK_THROWS_AS(r.args.is(kDir, "inbund"), std::logic_error);
  CHECK_THROWS_AS(r.args.has("inbund"), std::logic_error);
  CHECK_THROWS_AS(r.args.get("nmae"), std::logic_error);
}

TEST_CASE("args: a param repeated in a repeat group gives all its values in line order") {
  Registry reg;
  constexpr Ipv4Arg kDcp{"dcp"};
  CommandSpec s = cmd("ach { dcp <dcp> | x } *");
  s.params = {{kDcp, types::ipv4(), "DCP"}};
  reg.add(s);
  const MatchResult r = reg.match("system", "ach dcp 1.1.1.1 x");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.all(kDcp) == std::vector<vrsh::model::Ipv4>{0x01010101u});
}

TEST_CASE("match: a quoted keyword in the syntax matches punctuation") {
  Registry reg;
  reg.add(cmd("show log [ '|' { include | exclude } <regex> ]", {{"regex", types::text(1, 100)}}));
  MatchResult r = reg.match("system", "show log | inc a.*b  c");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == Words{"show", "log", "|", "include"});
  CHECK(r.args.get("regex") == "a.*b  c");
  r = reg.match("system", "show log |");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 11);
  CHECK(reg.help("system", "show log ").front().word == "|");
}
