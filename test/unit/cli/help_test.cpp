#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cli_fixture.hpp"

using namespace vrsh::cli;
using vrsh::cli::test::cmd;
using vrsh::cli::test::Fixture;

namespace {

using Words = std::vector<std::string>;

Words words(const std::vector<HelpItem>& items) {
  Words out;
  for (const auto& i : items) out.push_back(i.word);
  return out;
}

}  // namespace

TEST_CASE("format_help: vendor layout") {
  const std::vector<HelpItem> items = {
      {"fragment", "Check fragment packet"},
      {"none-first-fragment", "Check the subsequence fragment packet"},
      {"source", "Specify source address"},
      {"time-range", "Specify a special time"},
      {"vpn-instance", "Specify a VPN-Instance"},
      {"<cr>", "Please press ENTER to execute command"},
  };
  CHECK(format_help(items) ==
        "  fragment             Check fragment packet\n"
        "  none-first-fragment  Check the subsequence fragment packet\n"
        "  source               Specify source address\n"
        "  time-range           Specify a special time\n"
        "  vpn-instance         Specify a VPN-Instance\n"
        "  <cr>                 Please press ENTER to execute command\n");
  CHECK(format_help(
            {{"IP_ADDR<X.X.X.X>", "Wildcard of source"}, {"0", "Wildcard bits : 0.0.0.0 ( a host )"}}) ==
        "  IP_ADDR<X.X.X.X>  Wildcard of source\n"
        "  0                 Wildcard bits : 0.0.0.0 ( a host )\n");
  CHECK(format_help({}).empty());
  CHECK(format_help({{"word", ""}}) == "  word\n");
}

TEST_CASE_FIXTURE(Fixture, "help: empty line lists every first keyword of the view") {
  MatchResult err;
  auto items = reg.help("user", "", &err);
  CHECK(words(items) == Words{"display", "quit", "system-view"});
  CHECK(items[0].description == "Help display");
  CHECK(err.kind == MatchKind::Ok);
  CHECK(words(reg.help("interface", "   ")) ==
        Words{"clear", "commit", "description", "display", "ip", "ipfpm", "quit", "shutdown", "undo"});
}

TEST_CASE_FIXTURE(Fixture, "help: after a blank lists what may follow") {
  auto items = reg.help("user", "display ");
  CHECK(words(items) == Words{"configuration", "current-configuration", "esqm", "interface", "version"});
  CHECK(items[4].description == "Help version");
  CHECK(words(reg.help("user", "dis conf ")) == Words{"candidate", "commit"});
  // Complete commands end with <cr>; a complete display offers the output filter `|` before it.
  items = reg.help("user", "display version ");
  REQUIRE(items.size() == 2);
  CHECK(items[0].word == "|");
  CHECK(items[0].description == "Matching output");
  CHECK(items[1].word == "<cr>");
  CHECK(items[1].description == "Please press ENTER to execute command");
  CHECK(words(reg.help("user", "display configuration candidate ")) == Words{"changes", "|", "<cr>"});
  // Optional repeat: the unused branches, then <cr>.
  CHECK(words(reg.help("system", "commit ")) == Words{"description", "label", "<cr>"});
  CHECK(words(reg.help("system", "commit label x ")) == Words{"description", "<cr>"});
  CHECK(words(reg.help("system", "commit label x description y ")) == Words{"<cr>"});
}

TEST_CASE_FIXTURE(Fixture, "help: params show their placeholder and help") {
  auto items = reg.help("interface", "ipfpm tlp ");
  REQUIRE(items.size() == 1);
  CHECK(items[0].word == "INTEGER<1-16777215>");
  CHECK(items[0].description == "Help <tlp-id>");
  // Keywords first (sorted), then params, then <cr>.
  items = reg.help("system", "ip route-static ");
  CHECK(words(items) == Words{"vpn-instance", "IP_ADDR<X.X.X.X>"});
  items = reg.help("system", "ip route-static 10.0.0.0 8 1.1.1.1 ");
  CHECK(words(items) == Words{"description", "preference", "tag", "<cr>"});
  // Interface types come from the param's words.
  items = reg.help("system", "interface ");
  CHECK(words(items) == Words{"GigabitEthernet", "LoopBack", "NULL"});
  CHECK(items[1].description == "LoopBack interface");
  // A bare type word asks for the number.
  items = reg.help("system", "interface GigabitEthernet ");
  REQUIRE(items.size() == 1);
  CHECK(items[0].word == "<X/X/X[.Y]>");
  CHECK(items[0].description == "Help <ifname>");
  CHECK(words(reg.help("system", "interface GigabitEthernet 0/1/0 ")) == Words{"<cr>"});
  CHECK(words(reg.help("system", "interface g0/1/0 ")) == Words{"<cr>"});
}

TEST_CASE_FIXTURE(Fixture, "help: mid-word lists matching keywords and words") {
  CHECK(words(reg.help("user", "dis")) == Words{"display"});
  CHECK(words(reg.help("user", "display c")) == Words{"configuration", "current-configuration"});
  CHECK(words(reg.help("user", "DISPLAY CU")) == Words{"current-configuration"});
  CHECK(words(reg.help("interface", "ip")) == Words{"ip", "ipfpm"});
  CHECK(words(reg.help("system", "interface l")) == Words{"LoopBack"});
  CHECK(words(reg.help("interface", "ipfpm tlp 1")) == Words{"INTEGER<1-16777215>"});
  // No <cr> mid-word, even when the command could run.
  CHECK(words(reg.help("user", "display version")) == Words{"version"});
}

TEST_CASE_FIXTURE(Fixture, "help: an erroneous prefix returns the error") {
  MatchResult err;
  CHECK(reg.help("user", "dispaly ", &err).empty());
  CHECK(err.kind == MatchKind::Unrecognized);
  CHECK(err.error_col == 0);

  CHECK(reg.help("user", "display foo v", &err).empty());
  CHECK(err.kind == MatchKind::Unrecognized);
  CHECK(err.error_col == 8);

  CHECK(reg.help("user", "dis c ", &err).empty());
  CHECK(err.kind == MatchKind::Ambiguous);
  CHECK(err.error_col == 4);

  CHECK(reg.help("interface", "ipfpm tlp 0 ", &err).empty());
  CHECK(err.kind == MatchKind::WrongParameter);
  CHECK(err.error_col == 10);

  CHECK(reg.help("user", "display version x ", &err).empty());
  CHECK(err.kind == MatchKind::TooManyParameters);
  CHECK(err.error_col == 16);

  // Nothing starts with the word being typed: reported like Enter would.
  CHECK(reg.help("user", "display xyz", &err).empty());
  CHECK(err.kind == MatchKind::Unrecognized);
  CHECK(err.error_col == 8);

  // A prefix that is merely incomplete is fine.
  CHECK_FALSE(reg.help("user", "display configuration ", &err).empty());
  CHECK(err.kind == MatchKind::Ok);
}

TEST_CASE_FIXTURE(Fixture, "complete: full words for the partial word") {
  CHECK(reg.complete("user", "dis") == Words{"display"});
  CHECK(reg.complete("user", "display c") == Words{"configuration", "current-configuration"});
  CHECK(reg.complete("user", "display cu") == Words{"current-configuration"});
  CHECK(reg.complete("user", "Display Ver") == Words{"version"});
  CHECK(reg.complete("system", "interface g") == Words{"GigabitEthernet"});
  CHECK(reg.complete("user", "display x").empty());
  CHECK(reg.complete("user", "dispaly v").empty());
  CHECK(reg.complete("interface", "ipfpm tlp ").empty());  // a number cannot be completed
  CHECK(reg.complete("user", "display ") ==
        Words{"configuration", "current-configuration", "esqm", "interface", "version"});
  CHECK(reg.complete("interface", "un") == Words{"undo"});
  CHECK(reg.complete("interface", "undo s") == Words{"shutdown"});
}

TEST_CASE("help: one description per keyword, from the first spec that declares it") {
  Registry reg;
  CommandSpec a = cmd("show one");
  a.help["show"] = "First";
  CommandSpec b = cmd("show two");
  b.help["show"] = "Second";
  reg.add(a);
  reg.add(b);
  auto items = reg.help("system", "");
  REQUIRE(items.size() == 1);
  CHECK(items[0].description == "First");
}
