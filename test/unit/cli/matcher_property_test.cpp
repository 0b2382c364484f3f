// Randomized lines (fixed seed) checked against invariants that tie match, help and complete
// together: whatever the input, the three must agree and never crash.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "cli/tokenize.hpp"
#include "cli_fixture.hpp"

using namespace vrsh::cli;
using vrsh::cli::test::Fixture;

namespace {

const std::vector<std::string> kVocabulary = {"display",
                                              "dis",
                                              "d",
                                              "c",
                                              "cu",
                                              "configuration",
                                              "candidate",
                                              "changes",
                                              "esqm",
                                              "flow-table",
                                              "tcp",
                                              "json",
                                              "version",
                                              "commit",
                                              "label",
                                              "description",
                                              "undo",
                                              "un",
                                              "ip",
                                              "ipf",
                                              "ipfpm",
                                              "tlp",
                                              "address",
                                              "route-static",
                                              "vpn-instance",
                                              "interface",
                                              "GigabitEthernet",
                                              "g0/1/0",
                                              "0/1/0",
                                              "loop",
                                              "1",
                                              "24",
                                              "0",
                                              "300",
                                              "10.1.1.1",
                                              "255.0.0.0",
                                              "preference",
                                              "tag",
                                              "flow",
                                              "forward",
                                              "bid",
                                              "dscp",
                                              "source",
                                              "protocol",
                                              "udp",
                                              "source-port",
                                              "to",
                                              "destination-port",
                                              "\"",
                                              "\"a b\"",
                                              "\xff",
                                              "shutdown",
                                              "quit",
                                              "x",
                                              "?"};

std::string random_line(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> len(0, 9);
  std::uniform_int_distribution<std::size_t> pick(0, kVocabulary.size() - 1);
  std::uniform_int_distribution<int> blanks(1, 3);
  std::string line;
  const std::size_t n = len(rng);
  for (std::size_t i = 0; i < n; ++i) {
    if (i) line.append(static_cast<std::size_t>(blanks(rng)), ' ');
    line += kVocabulary[pick(rng)];
  }
  return line;
}

bool has_cr(const std::vector<HelpItem>& items) {
  for (const auto& i : items)
    if (i.word == "<cr>") return true;
  return false;
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "property: match, help and complete agree on random lines") {
  std::mt19937 rng(20240601);
  const char* views[] = {"user", "system", "interface", "instance"};
  int ok = 0;
  int errors = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    const std::string line = random_line(rng);
    const char* view = views[iter % 4];
    CAPTURE(line);
    CAPTURE(view);
    const MatchResult m = reg.match(view, line);
    const std::size_t trimmed = trimmed_length(line);
    if (m.kind == MatchKind::Ok) {
      ++ok;
      REQUIRE(m.spec != nullptr);
      CHECK(has_cr(reg.help(view, line + " ")));
    } else if (m.kind == MatchKind::Empty) {
      CHECK(tokenize(line).empty());
    } else {
      ++errors;
      CHECK(m.spec == nullptr);
      CHECK(m.error_col <= trimmed + 1);
      if (m.kind == MatchKind::Incomplete) CHECK(m.error_col == trimmed + 1);
    }

    // Everything '?' offers as a keyword is accepted at that position.
    MatchResult err;
    const auto items = reg.help(view, line + " ", &err);
    if (items.empty()) {
      CHECK(m.kind != MatchKind::Ok);
      CHECK(err.kind != MatchKind::Ok);
    }
    // (An open quote would swallow the appended word.)
    const bool quoted = line.find('"') != std::string::npos;
    for (const auto& item : items) {
      if (quoted) break;
      if (item.word.empty() || item.word.front() == '<' || item.word.find('<') != std::string::npos) continue;
      const std::string longer = line + " " + item.word;
      const MatchResult next = reg.match(view, longer);
      const std::size_t col = longer.size() - item.word.size();
      if (next.kind != MatchKind::Ok && next.kind != MatchKind::Incomplete) CHECK(next.error_col > col);
    }

    // Tab candidates complete the word being typed.
    const auto tokens = tokenize(line);
    if (!tokens.empty() && line.back() != ' ') {
      for (const auto& word : reg.complete(view, line)) CHECK(istarts_with(word, tokens.back().text));
    }
  }
  // The vocabulary is rich enough that both outcomes are exercised.
  CHECK(ok > 20);
  CHECK(errors > 1000);
}
