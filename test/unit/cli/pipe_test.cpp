// Output filters after `|` on display commands: matching, errors, '?' and Tab, and the cut.
#include <doctest/doctest.h>

#include <sstream>

#include "cli/pipe.hpp"
#include "cli/session.hpp"
#include "cli/tokenize.hpp"

namespace vrsh::cli {
namespace {

const std::string kNote =
    "Info: It will take a long time if the content you search is too much or the string you input is too "
    "long, you can press CTRL_C to break.\n";

const std::string kConfig =
    "!Software Version V800R011C00B001\n"
    "#\n"
    "sysname R1\n"
    "#\n"
    "interface GigabitEthernet0/1/0\n"
    " undo shutdown\n"
    " ip address 10.1.1.1 255.255.255.0\n"
    "#\n"
    "interface GigabitEthernet0/1/1\n"
    " shutdown\n"
    "#\n"
    "return\n";

const std::string kTable =
    "Interface      PHY\n"
    "GE0/1/0        up\n"
    " sub 100       up\n"
    "GE0/1/1        down\n";

struct PipeRig {
  Registry reg;
  std::ostringstream out;
  int runs = 0;
  Session s{fill(), SessionHooks{}, out};

  const Registry& fill() {
    CommandSpec cfg;
    cfg.views = {std::string(kUserView)};
    cfg.syntax = "display current-configuration";
    cfg.help = {{"display", "Display information"}, {"current-configuration", "Current configuration"}};
    cfg.run = [this](Ctx& ctx, const Args&) {
      ++runs;
      ctx.out() << kConfig;
      return Status::Ok;
    };
    reg.add(cfg);
    CommandSpec table;
    table.views = {std::string(kUserView)};
    table.syntax = "display interface brief";
    table.help = {{"display", "Display information"}, {"interface", "Interface"}, {"brief", "Brief"}};
    table.run = [](Ctx& ctx, const Args&) {
      ctx.out() << kTable;
      return Status::Ok;
    };
    reg.add(table);
    CommandSpec failing;
    failing.views = {std::string(kUserView)};
    failing.syntax = "display broken";
    failing.help = {{"display", "Display information"}, {"broken", "Fails after a line"}};
    failing.run = [](Ctx& ctx, const Args&) {
      ctx.out() << "partial line\n";
      return ctx.fail("It broke.");
    };
    reg.add(failing);
    CommandSpec other;
    other.views = {std::string(kUserView)};
    other.syntax = "save";
    other.help = {{"save", "Save"}};
    other.run = [](Ctx& ctx, const Args&) {
      ctx.out() << "saved\n";
      return Status::Ok;
    };
    reg.add(other);
    return reg;
  }

  std::string run(std::string_view line) {
    out.str("");
    s.execute(line);
    return out.str();
  }
};

std::vector<std::string> words(const std::vector<HelpItem>& items) {
  std::vector<std::string> w;
  for (const auto& i : items) w.push_back(i.word);
  return w;
}

}  // namespace

TEST_CASE("pipe: include, exclude and begin cut a display's lines") {
  PipeRig r;
  CHECK(r.run("display current-configuration | include ^interface") ==
        kNote + "interface GigabitEthernet0/1/0\ninterface GigabitEthernet0/1/1\n");
  CHECK(r.run("display current-configuration | exclude ^ |#") == kNote +
                                                                     "!Software Version V800R011C00B001\n"
                                                                     "sysname R1\n"
                                                                     "interface GigabitEthernet0/1/0\n"
                                                                     "interface GigabitEthernet0/1/1\n"
                                                                     "return\n");
  CHECK(r.run("display interface brief | begin GE0/1/1") == kNote + "GE0/1/1        down\n");
  // Abbreviated filter words, and an expression holding blanks.
  CHECK(r.run("dis int b | i up") == kNote + "GE0/1/0        up\n sub 100       up\n");
  CHECK(r.run("display interface brief | e 0/1/0        up") ==
        kNote + "Interface      PHY\n sub 100       up\nGE0/1/1        down\n");
}

TEST_CASE("pipe: section include prints whole blocks") {
  PipeRig r;
  CHECK(r.run("display current-configuration | section include 10\\.1\\.1") ==
        kNote + "#\ninterface GigabitEthernet0/1/0\n undo shutdown\n ip address 10.1.1.1 255.255.255.0\n#\n");
  CHECK(r.run("display current-configuration | section include shutdown") ==
        kNote +
            "#\ninterface GigabitEthernet0/1/0\n undo shutdown\n ip address 10.1.1.1 255.255.255.0\n"
            "#\ninterface GigabitEthernet0/1/1\n shutdown\n#\n");
  CHECK(r.run("display current-configuration | section include nothing-like-this") == kNote);
  // Without # frames a section is a line at the margin and the lines indented under it.
  CHECK(r.run("display interface brief | section include sub") ==
        kNote + "GE0/1/0        up\n sub 100       up\n");
}

TEST_CASE("pipe: no-more passes everything without the note") {
  PipeRig r;
  CHECK(r.run("display interface brief | no-more") == kTable);
}

TEST_CASE("pipe: the vendor's expression syntax") {
  PipeRig r;
  // `_` matches a blank, a delimiter or an end of the line.
  CHECK(r.run("display current-configuration | include _R1_") == kNote + "sysname R1\n");
  CHECK(r.run("display current-configuration | include ^sysname_R") == kNote + "sysname R1\n");
  CHECK(r.run("display current-configuration | include ^sys_") == kNote);
  // An unmatched `)` is a literal; `()` matches anything; braces are literal.
  CHECK(r.run("display current-configuration | include x)") == kNote);
  CHECK(r.run("display interface brief | include ()") == kNote + kTable);
  // An unmatched `(` is an error and prints nothing of the display.
  CHECK(r.run("display current-configuration | include (abc") ==
        "Error: The regular expression is invalid.\n");
  CHECK(r.s.last_error() == "The regular expression is invalid.");
}

TEST_CASE("pipe: errors point at the filter") {
  PipeRig r;
  const std::string p = "<HUAWEI>";
  auto caret = [&](std::size_t col, std::string_view what) {
    return std::string(p.size() + col, ' ') + "^\nError: " + std::string(what) +
           " command found at '^' position.\n";
  };
  CHECK(r.run("display current-configuration |") == caret(32, "Incomplete"));
  CHECK(r.run("display current-configuration | include") == caret(40, "Incomplete"));
  CHECK(r.run("display current-configuration | include  ") == caret(40, "Incomplete"));
  CHECK(r.run("display current-configuration | section") == caret(40, "Incomplete"));
  CHECK(r.run("display current-configuration | section include") == caret(48, "Incomplete"));
  CHECK(r.run("display current-configuration | count") ==
        std::string(p.size() + 32, ' ') + "^\nError: Wrong parameter found at '^' position.\n");
  CHECK(r.run("display current-configuration | section exclude x") ==
        std::string(p.size() + 40, ' ') + "^\nError: Wrong parameter found at '^' position.\n");
  CHECK(r.run("display current-configuration | no-more x") ==
        std::string(p.size() + 40, ' ') + "^\nError: Too many parameters found at '^' position.\n");
  CHECK(r.runs == 0);
  // Only displays take filters; a quoted "|" is no filter.
  CHECK(r.run("save | include x") ==
        std::string(p.size() + 5, ' ') + "^\nError: Too many parameters found at '^' position.\n");
  CHECK(r.run("display current-configuration \"|\" include x") ==
        std::string(p.size() + 30, ' ') + "^\nError: Too many parameters found at '^' position.\n");
}

TEST_CASE("pipe: a failing display keeps its error visible") {
  PipeRig r;
  CHECK(r.run("display broken | include nothing") == "Error: It broke.\n" + kNote);
}

TEST_CASE("pipe: help after a display and after the bar") {
  PipeRig r;
  CHECK(words(r.reg.help("user", "display interface brief ")) == std::vector<std::string>{"|", "<cr>"});
  CHECK(words(r.reg.help("user", "display interface brief |")) == std::vector<std::string>{"|"});
  CHECK(words(r.reg.help("user", "save ")) == std::vector<std::string>{"<cr>"});
  CHECK(words(r.reg.help("user", "display interface brief | ")) ==
        std::vector<std::string>{"begin", "exclude", "include", "no-more", "section"});
  CHECK(format_help(r.reg.help("user", "display current-configuration | ")) ==
        "  begin    Begin with the line that matches\n"
        "  exclude  Exclude lines that match\n"
        "  include  Include lines that match\n"
        "  no-more  Output without pausing\n"
        "  section  Filter the sections of the output\n");
  CHECK(words(r.reg.help("user", "display interface brief | in")) == std::vector<std::string>{"include"});
  CHECK(words(r.reg.help("user", "display interface brief | include ")) ==
        std::vector<std::string>{"STRING<1-255>"});
  CHECK(words(r.reg.help("user", "display interface brief | include up")) ==
        std::vector<std::string>{"STRING<1-255>"});
  CHECK(words(r.reg.help("user", "display interface brief | include up ")) ==
        std::vector<std::string>{"STRING<1-255>", "<cr>"});
  CHECK(words(r.reg.help("user", "display interface brief | section ")) ==
        std::vector<std::string>{"include"});
  CHECK(words(r.reg.help("user", "display interface brief | no-more ")) == std::vector<std::string>{"<cr>"});
  MatchResult err;
  CHECK(r.reg.help("user", "display interface brief | count ", &err).empty());
  CHECK(err.kind == MatchKind::WrongParameter);
  CHECK(err.error_col == 26);
  CHECK(r.reg.help("user", "display interface brief | zz", &err).empty());
  CHECK(err.kind == MatchKind::WrongParameter);
  CHECK(err.error_col == 26);
}

TEST_CASE("pipe: Tab completes the filter words") {
  PipeRig r;
  CHECK(r.reg.complete("user", "display interface brief | in") == std::vector<std::string>{"include"});
  CHECK(r.reg.complete("user", "display interface brief | s") == std::vector<std::string>{"section"});
  CHECK(r.reg.complete("user", "display interface brief | section i") == std::vector<std::string>{"include"});
  CHECK(r.reg.complete("user", "display interface brief | include x").empty());
  CHECK(r.reg.complete("user", "display interface brief | ").size() == 5);
}

TEST_CASE("pipe: the filter is part of the match result") {
  PipeRig r;
  const MatchResult m = r.reg.match("user", "display interface brief | section include a b  ");
  REQUIRE(m.kind == MatchKind::Ok);
  REQUIRE(m.filter);
  CHECK(m.filter->kind == OutputFilter::Kind::SectionInclude);
  CHECK(m.filter->pattern == "a b");
  CHECK_FALSE(r.reg.match("user", "display interface brief").filter);
}

}  // namespace vrsh::cli

namespace vrsh::cli {

TEST_CASE("paging: displays go to the pager with the screen length (0 for none), the rest does not") {
  PipeRig r;
  std::vector<std::pair<std::string, std::size_t>> paged;
  r.s.set_pager([&](std::string_view text, std::size_t lines) { paged.emplace_back(text, lines); });
  CHECK(r.s.screen_length() == Session::kDefaultScreenLength);
  CHECK(r.run("display interface brief").empty());
  REQUIRE(paged.size() == 1);
  CHECK(paged[0] == std::pair<std::string, std::size_t>{kTable, 24});
  // A filtered display is paged after the cut; `| no-more` goes out without pages (the pager
  // still writes it, so that Ctrl-C stops it).
  CHECK(r.run("display interface brief | include GE0/1/1").empty());
  REQUIRE(paged.size() == 2);
  CHECK(paged[1].first == kNote + "GE0/1/1        down\n");
  CHECK(r.run("display interface brief | no-more").empty());
  REQUIRE(paged.size() == 3);
  CHECK(paged[2] == std::pair<std::string, std::size_t>{kTable, 0});
  CHECK(r.run("save") == "saved\n");
  CHECK(paged.size() == 3);
  // An error is printed at once, not paged.
  CHECK(r.run("display broken") == "Error: It broke.\n");
  REQUIRE(paged.size() == 4);
  CHECK(paged[3].first == "partial line\n");
  r.s.set_screen_length(0);
  CHECK(r.run("display interface brief").empty());
  REQUIRE(paged.size() == 5);
  CHECK(paged[4] == std::pair<std::string, std::size_t>{kTable, 0});
  // Without a pager (batch input) nothing is held back.
  r.s.set_pager(nullptr);
  CHECK(r.run("display interface brief") == kTable);
}

}  // namespace vrsh::cli
