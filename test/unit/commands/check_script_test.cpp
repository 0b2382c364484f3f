#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "commands/check_script.hpp"

using namespace vrsh::commands::check;

TEST_CASE("check: split_args splits as a shell does, without expansion") {
  CHECK(split_args("  --startup a.cfg  --port 'X=out:a b.pcap' \"q\\\"x\" $HOME *") ==
        std::vector<std::string>{"--startup", "a.cfg", "--port", "X=out:a b.pcap", "q\"x", "$HOME", "*"});
  CHECK(split_args("").empty());
}

TEST_CASE("check: a scenario has steps only when it has !router or !run lines") {
  CHECK_FALSE(has_steps("!args: --startup a.cfg\ndisplay version\n! a comment\n"));
  CHECK_FALSE(has_steps("! running the demo\ndisplay version\n"));
  CHECK(has_steps("! R1 and R2\n!router R1\ndisplay version\n"));
  CHECK(has_steps("!run true\n"));
}

TEST_CASE("check: steps are router blocks and tool runs, in the scenario's order") {
  const Script s = parse_steps(
      "! two routers\n"
      "\n"
      "!router MCP --ipfpm-listen 127.0.0.1\n"
      "system-view\n"
      "! kept: the router skips it\n"
      "!router DCP --ipfpm-mcp-host 1.1.1.1=127.0.0.1\n"
      "display ipfpm dcp\n"
      "!run python3 tool.py @WORK@/a.pcap\n"
      "!router MCP\n"
      "display ipfpm mcp");
  REQUIRE(s.error.empty());
  REQUIRE(s.steps.size() == 4);
  CHECK(s.steps[0].kind == Step::Kind::Router);
  CHECK(s.steps[0].name == "MCP");
  CHECK(s.steps[0].starts);
  CHECK(s.steps[0].line == 3);
  CHECK(s.steps[0].header == "!router MCP --ipfpm-listen 127.0.0.1");
  CHECK(s.steps[0].args == "--ipfpm-listen 127.0.0.1");
  CHECK(s.steps[0].input == "system-view\n! kept: the router skips it\n");
  CHECK(s.steps[1].name == "DCP");
  CHECK(s.steps[1].input == "display ipfpm dcp\n");
  CHECK(s.steps[2].kind == Step::Kind::Run);
  CHECK(s.steps[2].args == "python3 tool.py @WORK@/a.pcap");
  CHECK(s.steps[3].name == "MCP");
  CHECK_FALSE(s.steps[3].starts);
  CHECK(s.steps[3].args.empty());
  CHECK(s.steps[3].input == "display ipfpm mcp\n");  // the last line gets its newline
}

TEST_CASE("check: an empty block starts a router, and a block may be empty") {
  const Script s = parse_steps("!router A\n!router B\n!router A\n");
  REQUIRE(s.error.empty());
  REQUIRE(s.steps.size() == 3);
  CHECK(s.steps[0].input.empty());
  CHECK(s.steps[0].starts);
  CHECK(s.steps[1].starts);
  CHECK_FALSE(s.steps[2].starts);
}

TEST_CASE("check: malformed steps are errors that name the line") {
  auto error_of = [](const char* text) {
    const Script s = parse_steps(text);
    return s.error.empty() ? std::string() : "line " + std::to_string(s.error_line) + ": " + s.error;
  };
  CHECK(error_of("!router\ndisplay version\n") ==
        "line 1: !router needs a name (a step is '!router NAME "
        "[OPTIONS...]' or '!run PROGRAM [ARGS...]')");
  CHECK(
      error_of("!router R1\n!routerR2\n") ==
      "line 2: unknown step '!routerR2' (a step is '!router NAME [OPTIONS...]' or '!run PROGRAM [ARGS...]')");
  CHECK(error_of("!router R1: --startup a.cfg\n").starts_with("line 1: no ':' in a step header"));
  CHECK(error_of("!router: R1\n").starts_with("line 1: no ':' in a step header"));
  CHECK(error_of("!router R/1\n").starts_with("line 1: 'R/1' is not a router name"));
  CHECK(error_of("!router -x\n").starts_with("line 1: '-x' is not a router name"));
  CHECK(error_of("!router R1 --startup a.cfg\n!router R2\n!router R1 --startup b.cfg\n") ==
        "line 3: router R1 is already running (started on line 1): its options belong there; '!router R1' "
        "alone goes back to it");
  CHECK(error_of("!args: --startup a.cfg\n!router R1\n") ==
        "line 1: !args: is for a scenario of one router; give the options on its !router line");
  CHECK(error_of("! comment\ndisplay version\n!router R1\n") ==
        "line 2: 'display version' comes before the first !router line: which router types it?");
  CHECK(error_of("!router R1\n!run true\ndisplay version\n") ==
        "line 3: 'display version' follows a !run step: which router types it? (add a !router line)");
  CHECK(error_of("!router R1\n!run   \n") == "line 2: !run needs a program to run");
  CHECK(parse_steps("!router R1\n!routr R2\n").error.empty());  // not a step: a comment R1 skips
}

TEST_CASE("check: !paste types a file's lines in a router's block") {
  auto error_of = [](const char* text, const PasteFn& p) {
    const Script s = parse_steps(text, p);
    return "line " + std::to_string(s.error_line) + ": " + s.error;
  };
  auto paste = [](const std::string& file, std::string& text) {
    if (file != "r1.cfg") {
      text = "no such file";
      return false;
    }
    text = "system-view\nsysname R1\ncommit\nreturn";  // no final newline
    return true;
  };
  const Script s = parse_steps("!router R1\n!paste r1.cfg\ndisplay version\n", paste);
  REQUIRE(s.error.empty());
  REQUIRE(s.steps.size() == 1);
  CHECK(s.steps[0].input == "system-view\nsysname R1\ncommit\nreturn\ndisplay version\n");
  CHECK(error_of("!router R1\n!paste r2.cfg\n", paste) == "line 2: cannot paste r2.cfg: no such file");
  CHECK(error_of("!paste r1.cfg\n!router R1\n", paste) ==
        "line 1: !paste types a file on a router: it belongs in a !router block");
  CHECK(error_of("!router R1\n!paste\n", paste) == "line 2: a paste is '!paste FILE'");
  CHECK(error_of("!router R1\n!pastex r1.cfg\n", paste) == "line 2: a paste is '!paste FILE'");
}
