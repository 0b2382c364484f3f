#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli/tokenize.hpp"
#include "cli/value_types.hpp"

using namespace vrsh::cli;

namespace {

ParamType catalogue() {
  return types::ifname({
      {"GigabitEthernet", "GigabitEthernet interface", 3, 3, true},
      {"LoopBack", "LoopBack interface", 1, 1, false},
      {"NULL", "NULL interface", 1, 1, false},
      {"100GE", "100GE interface", 3, 3, true},
      {"Eth-Trunk", "Ethernet-Trunk interface", 1, 1, true},
  });
}

ParamParse run(const ParamType& t, std::string_view line) {
  const std::vector<Token> tokens = tokenize(line);
  return t.parse(tokens, line);
}

}  // namespace

TEST_CASE("ifname: words are the catalogue") {
  auto t = catalogue();
  REQUIRE(t.words.size() == 5);
  CHECK(t.words[0].first == "GigabitEthernet");
  CHECK(t.words[0].second == "GigabitEthernet interface");
  CHECK(t.words[4].first == "Eth-Trunk");
}

TEST_CASE("ifname: one token forms") {
  auto t = catalogue();
  struct Case {
    const char* in;
    const char* out;
  } cases[] = {
      {"GigabitEthernet0/1/0", "GigabitEthernet0/1/0"},
      {"gigabitethernet0/1/0", "GigabitEthernet0/1/0"},
      {"g0/1/0", "GigabitEthernet0/1/0"},
      {"GE0/1/0", "<rejected>"},  // "ge" is no prefix of a catalogue name
      {"Gi0/2/7.100", "GigabitEthernet0/2/7.100"},
      {"g00/01/0", "GigabitEthernet0/1/0"},
      {"loop1", "LoopBack1"},
      {"LoopBack1023", "LoopBack1023"},
      {"l0", "LoopBack0"},
      {"NULL0", "NULL0"},
      {"n0", "NULL0"},
      {"100GE0/1/0", "100GE0/1/0"},
      {"100ge0/1/0.5", "100GE0/1/0.5"},
      {"Eth-Trunk1", "Eth-Trunk1"},
      {"e1.2", "Eth-Trunk1.2"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    ParamParse p = run(t, c.in);
    CHECK((p.consumed ? p.value : std::string("<rejected>")) == c.out);
    if (p.consumed) CHECK(p.consumed == 1);
  }
}

TEST_CASE("ifname: two token forms") {
  auto t = catalogue();
  ParamParse p = run(t, "GigabitEthernet 0/1/0");
  CHECK(p.consumed == 2);
  CHECK(p.value == "GigabitEthernet0/1/0");
  p = run(t, "loopback 1");
  CHECK(p.consumed == 2);
  CHECK(p.value == "LoopBack1");
  p = run(t, "g 0/1/0.1 extra");
  CHECK(p.consumed == 2);
  CHECK(p.value == "GigabitEthernet0/1/0.1");
}

TEST_CASE("ifname: invalid numbers and types") {
  auto t = catalogue();
  const char* bad[] = {
      "GigabitEthernet0/1",      // too few parts
      "GigabitEthernet0/1/0/0",  // too many
      "GigabitEthernet0/1/0.0",  // sub-interface 0
      "GigabitEthernet0/1/0.4097",
      "GigabitEthernet0/1/0.",
      "GigabitEthernet0//0",
      "GigabitEthernet0/1/x",
      "GigabitEthernet0/1/99999999999999999999",
      "LoopBack1.1",  // no sub-interfaces
      "LoopBack1/0",
      "Vlanif10",  // not in the catalogue
      "0/1/0",
      "GigabitEthernet 0/1",
      "GigabitEthernet foo",
      "GigabitEthernet0/1/0 ",  // fine on its own, see below
  };
  for (std::size_t i = 0; i + 1 < std::size(bad); ++i) {
    CAPTURE(bad[i]);
    ParamParse p = run(t, bad[i]);
    CHECK(p.consumed == 0);
    CHECK_FALSE(p.incomplete);
  }
  CHECK(run(t, bad[std::size(bad) - 1]).consumed == 1);
}

TEST_CASE("ifname: ambiguous type prefix is rejected") {
  auto t = types::ifname({{"Tunnel", "Tunnel interface", 1, 1, false}, {"Tun-x", "Other", 1, 1, false}});
  CHECK(run(t, "tun1").consumed == 0);
  CHECK(run(t, "tunn1").value == "Tunnel1");
  // An exact name wins over a longer name it prefixes.
  auto e = types::ifname({{"Eth", "short", 1, 1, false}, {"Ethernet", "long", 1, 1, false}});
  CHECK(run(e, "eth1").value == "Eth1");
  CHECK(run(e, "ethe1").value == "Ethernet1");
}

TEST_CASE("ifname: a bare type word is incomplete, with a hint") {
  auto t = catalogue();
  ParamParse p = run(t, "GigabitEthernet");
  CHECK(p.consumed == 0);
  CHECK(p.incomplete);
  CHECK(p.expect == "<X/X/X[.Y]>");
  p = run(t, "loop");
  CHECK(p.incomplete);
  CHECK(p.expect == "<X>");
  auto range = types::ifname({{"Serial", "Serial", 1, 3, false}});
  CHECK(run(range, "serial").expect == "<X[/X[/X]]>");
  CHECK(run(range, "serial1/2").value == "Serial1/2");
}
