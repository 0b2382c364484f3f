// Error kinds, caret columns, priorities, Registry::add validation, and hostile input.
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "cli_fixture.hpp"

using namespace vrsh::cli;
using vrsh::cli::test::cmd;
using vrsh::cli::test::Fixture;

namespace {

struct Expect {
  const char* view;
  const char* line;
  MatchKind kind;
  std::size_t col;
};

}  // namespace

TEST_CASE("error_text: vendor strings") {
  CHECK(error_text(MatchKind::Unrecognized) == "Error: Unrecognized command found at '^' position.");
  CHECK(error_text(MatchKind::Incomplete) == "Error: Incomplete command found at '^' position.");
  CHECK(error_text(MatchKind::Ambiguous) == "Error: Ambiguous command found at '^' position.");
  CHECK(error_text(MatchKind::WrongParameter) == "Error: Wrong parameter found at '^' position.");
  CHECK(error_text(MatchKind::TooManyParameters) == "Error: Too many parameters found at '^' position.");
  CHECK(error_text(MatchKind::Ok).empty());
  CHECK(error_text(MatchKind::Empty).empty());
}

TEST_CASE_FIXTURE(Fixture, "errors: each kind with its caret column") {
  const Expect cases[] = {
      {"user", "dispaly", MatchKind::Unrecognized, 0},
      {"user", "  dispaly", MatchKind::Unrecognized, 2},
      {"user", "display foo", MatchKind::Unrecognized, 8},
      {"user", "display", MatchKind::Incomplete, 8},
      {"user", "display   ", MatchKind::Incomplete, 8},
      {"user", "display configuration", MatchKind::Incomplete, 22},
      {"user", "dis c", MatchKind::Ambiguous, 4},
      {"user", "d c", MatchKind::Ambiguous, 2},
      {"user", "display configuration c", MatchKind::Ambiguous, 22},
      {"interface", "i foo", MatchKind::Ambiguous, 0},
      {"interface", "ipfpm tlp 0", MatchKind::WrongParameter, 10},
      {"interface", "ipfpm tlp 16777216", MatchKind::WrongParameter, 10},
      {"interface", "ipfpm tlp abc", MatchKind::WrongParameter, 10},
      {"interface", "ip address 1.1.1.300 24", MatchKind::WrongParameter, 11},
      {"interface", "ip address 1.1.1.1 33", MatchKind::WrongParameter, 19},
      {"user", "display version extra", MatchKind::TooManyParameters, 16},
      {"user", "quit now", MatchKind::TooManyParameters, 5},
      {"interface", "ipfpm tlp 5 6", MatchKind::TooManyParameters, 12},
  };
  for (const auto& c : cases) {
    CAPTURE(c.line);
    MatchResult r = reg.match(c.view, c.line);
    CHECK(r.kind == c.kind);
    CHECK(r.error_col == c.col);
    CHECK(r.spec == nullptr);
  }
}

TEST_CASE("errors: the alternative that got furthest wins") {
  Registry reg;
  reg.add(cmd("test <n>", {{"n", types::integer(1, 9)}}));
  reg.add(cmd("test alpha beta"));
  // The keyword path reached "gamma"; the param path failed earlier at "alpha".
  MatchResult r = reg.match("system", "test alpha gamma");
  CHECK(r.kind == MatchKind::Unrecognized);
  CHECK(r.error_col == 11);
  r = reg.match("system", "test beta");
  CHECK(r.kind == MatchKind::WrongParameter);
  CHECK(r.error_col == 5);
  r = reg.match("system", "test 5 beta");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 7);
  // Incomplete at the end beats any failure inside the line.
  r = reg.match("system", "test alpha");
  CHECK(r.kind == MatchKind::Incomplete);
  CHECK(r.error_col == 11);
}

TEST_CASE("errors: priority at the same position") {
  Registry reg;
  reg.add(cmd("x alpha"));
  reg.add(cmd("x alpine"));
  reg.add(cmd("x <n>", {{"n", types::integer(1, 9)}}));
  reg.add(cmd("y [ <addr> ]", {{"addr", types::ipv4()}}));
  reg.add(cmd("z [ on ]"));
  // Ambiguous beats the failed param.
  MatchResult r = reg.match("system", "x al");
  CHECK(r.kind == MatchKind::Ambiguous);
  CHECK(r.error_col == 2);
  // Wrong parameter beats too many parameters ("y" alone is complete).
  r = reg.match("system", "y 300.1.1.1");
  CHECK(r.kind == MatchKind::WrongParameter);
  CHECK(r.error_col == 2);
  // Too many parameters beats unrecognized ("z" alone is complete, "of" is no keyword).
  r = reg.match("system", "z of");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 2);
}

TEST_CASE("errors: the rest of the line resolves an ambiguous abbreviation") {
  Registry reg;
  reg.add(cmd("clear configuration candidate"));
  reg.add(cmd("commit [ label <l> ]", {{"l", types::string(1, 8)}}));
  reg.add(cmd("display configuration candidate"));
  reg.add(cmd("display current-configuration"));
  // Only `clear configuration candidate` can take the whole line (the vendor's `c c c`).
  MatchResult r = reg.match("system", "c c c");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.keywords == std::vector<std::string>{"clear", "configuration", "candidate"});
  // Two readings survive to the end: still ambiguous, at the first ambiguous word.
  r = reg.match("system", "d c");
  CHECK(r.kind == MatchKind::Ambiguous);
  CHECK(r.error_col == 2);
  // No reading survives: the ambiguous word is reported, not a later one.
  r = reg.match("system", "c c x");
  CHECK(r.kind == MatchKind::Ambiguous);
  CHECK(r.error_col == 0);
  CHECK(reg.match("system", "c ?").kind != MatchKind::Ok);
}

TEST_CASE("errors: an ambiguous keyword still lets a param alternative match") {
  Registry reg;
  reg.add(cmd("name alpha"));
  reg.add(cmd("name alpine"));
  reg.add(cmd("name <s>", {{"s", types::string(1, 8)}}));
  MatchResult r = reg.match("system", "name al");
  REQUIRE(r.kind == MatchKind::Ok);
  CHECK(r.args.get("s") == "al");
  CHECK(reg.match("system", "name alp").kind == MatchKind::Ok);
  CHECK(reg.match("system", "name alph").args.keywords.back() == "alpha");
}

TEST_CASE("add: rejects malformed specs, naming the command") {
  Registry reg;
  auto message = [&](CommandSpec s) -> std::string {
    try {
      reg.add(std::move(s));
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "<accepted>";
  };
  CommandSpec bad_syntax = cmd("good one");
  bad_syntax.syntax = "broken { a | b";
  std::string m = message(bad_syntax);
  CHECK(m.find("broken { a | b") != std::string::npos);
  CHECK(m.find("column 14") != std::string::npos);

  CommandSpec no_help = cmd("show thing");
  no_help.help.erase("thing");
  m = message(no_help);
  CHECK(m.find("show thing") != std::string::npos);
  CHECK(m.find("\"thing\"") != std::string::npos);

  CommandSpec no_param_help = cmd("show <n>", {{"n", types::integer(1, 2)}});
  no_param_help.params.front().help.clear();
  CHECK(message(no_param_help).find("<n>") != std::string::npos);

  // Param help lives with the declaration or the type, never in the keyword table.
  CommandSpec param_help_in_table = cmd("show <n>", {{"n", types::integer(1, 2)}});
  param_help_in_table.help["<n>"] = "N";
  CHECK(message(param_help_in_table).find("belongs in its ParamDecl") != std::string::npos);

  CommandSpec unused = cmd("show", {{"n", types::integer(1, 2)}});
  CHECK(message(unused).find("n is declared but not in the syntax") != std::string::npos);

  CommandSpec twice = cmd("show <n>", {{"n", types::integer(1, 2)}});
  twice.params.push_back(twice.params.front());
  CHECK(message(twice).find("declared twice") != std::string::npos);

  CommandSpec unbound = cmd("show { a | b }$which");
  CHECK(message(unbound).find("$which is not declared") != std::string::npos);

  CommandSpec bound_param = cmd("show { <n> | b }$which", {{"n", types::integer(1, 2)}});
  bound_param.params.push_back(ParamDecl(WordArg{"which"}));
  CHECK(message(bound_param).find("must start with a keyword") != std::string::npos);

  CommandSpec wrong_kind = cmd("show <n>");
  wrong_kind.params.push_back(ParamDecl(Ipv4Arg{"n"}, types::integer(1, 2), "N"));
  CHECK(message(wrong_kind).find("<n> is read as a IPv4 address but its type gives a integer") !=
        std::string::npos);

  m = message(cmd("show <n>"));
  CHECK(m.find("no type for <n>") != std::string::npos);

  CommandSpec bad_undo = cmd("show", {}, "undo show");
  bad_undo.undo_syntax = "no show";
  bad_undo.help["no"] = "Negate";
  CHECK(message(bad_undo).find("must start with \"undo\"") != std::string::npos);

  CommandSpec bad_undo_syntax = cmd("show", {}, "undo show");
  bad_undo_syntax.undo_syntax = "undo [ show";
  CHECK(message(bad_undo_syntax).find("undo [ show") != std::string::npos);

  CommandSpec no_views = cmd("show");
  no_views.views.clear();
  CHECK(message(no_views).find("no views") != std::string::npos);

  CHECK(reg.specs().empty());
  // "undo" needs no help entry of its own.
  CommandSpec ok = cmd("show", {}, "undo show");
  ok.help.erase("undo");
  CHECK(message(ok) == "<accepted>");
  CHECK(reg.specs().size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "robustness: hostile lines never crash or hang") {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "display ";
  MatchResult r = reg.match("system", many);
  CHECK(r.kind == MatchKind::Unrecognized);
  CHECK(r.error_col == 8);

  std::string flows = "flow forward";
  for (int i = 0; i < 3000; ++i) flows += " dscp 1";
  r = reg.match("instance", flows);
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 20);

  std::string text = "description";
  for (int i = 0; i < 3000; ++i) text += " word";
  r = reg.match("interface", text);
  CHECK(r.kind == MatchKind::WrongParameter);  // longer than TEXT<1-80>

  const std::string odd[] = {std::string(100000, 'a'),
                             "\"",
                             "\"\"",
                             "\" \" \"",
                             "display \"",
                             "di\"splay",
                             std::string("display\0version", 15),
                             "\xff\xfe\x80",
                             "display \xc3\xa9",
                             "commit label \"",
                             "interface \"g 0/1/0\"",
                             std::string(2000, '"')};
  for (const auto& line : odd) {
    CAPTURE(line.substr(0, 40));
    for (const char* view : {"user", "system", "interface", "instance"}) {
      MatchResult m = reg.match(view, line);
      CHECK(m.kind != MatchKind::Ok);
      CHECK(m.error_col <= line.size() + 1);
      (void)reg.help(view, line);
      (void)reg.complete(view, line);
    }
  }
}

TEST_CASE("robustness: repeat groups whose branches may be empty") {
  Registry reg;
  std::string syntax = "x [";
  for (int i = 0; i < 20; ++i) syntax += (i ? " | [ k" : " [ k") + std::to_string(i) + " ]";
  syntax += " ] *";
  reg.add(cmd(syntax));
  CHECK(reg.match("system", "x k3 k1 k19").kind == MatchKind::Ok);
  MatchResult r = reg.match("system", "x k3 k3");
  CHECK(r.kind == MatchKind::TooManyParameters);
  CHECK(r.error_col == 5);
}
