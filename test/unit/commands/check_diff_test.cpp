#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "commands/check_diff.hpp"

using namespace vrsh::commands::check;

namespace {
std::string diff_of(const std::string& want, const std::string& got) {
  const auto w = split_lines(want), g = split_lines(got);
  const auto c = compare(w, g);
  return c.equal() ? std::string() : unified_diff(c, w, g, "e", "a");
}
}  // namespace

TEST_CASE("check: split_lines keeps a missing final newline visible") {
  CHECK(split_lines("a\nb\n") == std::vector<std::string>{"a", "b", ""});
  CHECK(split_lines("a\nb") == std::vector<std::string>{"a", "b"});
  CHECK(join_lines(split_lines("a\n\nb\n")) == "a\n\nb\n");
  CHECK_FALSE(compare(split_lines("a\n"), split_lines("a")).equal());
}

TEST_CASE("check: (re) lines are whole-line ECMAScript expressions") {
  CHECK(line_matches("Uptime is [0-9]+ seconds (re)", "Uptime is 42 seconds"));
  CHECK_FALSE(line_matches("Uptime is [0-9]+ seconds (re)", "Uptime is 42 seconds!"));  // whole line
  CHECK_FALSE(line_matches("Uptime is [0-9]+ seconds (re)", "Uptime is x seconds"));
  CHECK(line_matches("a.c (re)", "abc"));
  // The line itself matches too, and a broken expression matches only itself.
  CHECK(line_matches("[ (re)", "[ (re)"));
  CHECK_FALSE(line_matches("[ (re)", "["));
  // Without the marker a line is literal.
  CHECK_FALSE(line_matches("a.c", "abc"));
  CHECK_FALSE(line_matches("a.c(re)", "abc"));
}

TEST_CASE("check: (glob) lines take *, ? and backslash escapes") {
  CHECK(line_matches("Time: * UTC (glob)", "Time: 2026-12-02 05:00:00 UTC"));
  CHECK(line_matches("Time: * UTC (glob)", "Time:  UTC"));
  CHECK_FALSE(line_matches("Time: * UTC (glob)", "Time: now"));
  CHECK(line_matches("v?.? (glob)", "v1.2"));
  CHECK_FALSE(line_matches("v?.? (glob)", "v1.23"));
  CHECK(line_matches("a\\*b (glob)", "a*b"));
  CHECK_FALSE(line_matches("a\\*b (glob)", "axb"));
  CHECK(line_matches("*a*b*c* (glob)", "xxaxxbxxcxx"));
  CHECK_FALSE(line_matches("*a*b*c* (glob)", "xxaxxcxxbxx"));
}

TEST_CASE("check: equal transcripts, with patterns, have no diff") {
  CHECK(diff_of("one\ntwo\n", "one\ntwo\n").empty());
  CHECK(diff_of("one\nt* (glob)\n", "one\ntwo\n").empty());
}

TEST_CASE("check: a changed line gives a unified diff with three lines of context") {
  const std::string want = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string got = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n";
  CHECK(diff_of(want, got) ==
        "--- e\n+++ a\n"
        "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+FIVE\n 6\n 7\n 8\n");
}

TEST_CASE("check: distant changes make separate hunks, near ones one") {
  std::string want, got;
  for (int i = 1; i <= 20; ++i) {
    want += std::to_string(i) + "\n";
    got += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  const std::string d = diff_of(want, got);
  CHECK(d.find("@@ -1,5 +1,5 @@\n 1\n-2\n+x\n 3\n 4\n 5\n") != std::string::npos);
  CHECK(d.find("@@ -15,7 +15,7 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n \n") != std::string::npos);

  std::string got_near;
  for (int i = 1; i <= 20; ++i) got_near += (i == 5 || i == 11 ? "x" : std::to_string(i)) + "\n";
  const std::string near = diff_of(want, got_near);
  CHECK(near.find("@@ -2,13 +2,13 @@\n") != std::string::npos);  // 5 equal lines between: one hunk
}

TEST_CASE("check: inserted and deleted lines") {
  CHECK(diff_of("a\nb\nc\n", "a\nb\nnew\nc\n") == "--- e\n+++ a\n@@ -1,4 +1,5 @@\n a\n b\n+new\n c\n \n");
  CHECK(diff_of("a\nold\nb\n", "a\nb\n") == "--- e\n+++ a\n@@ -1,4 +1,3 @@\n a\n-old\n b\n \n");
}

TEST_CASE("check: a pattern line that stops matching shows in the diff as the pattern") {
  const std::string d = diff_of("Uptime [0-9]+ (re)\nend\n", "Uptime soon\nend\n");
  CHECK(d.find("-Uptime [0-9]+ (re)\n+Uptime soon\n") != std::string::npos);
}

TEST_CASE("check: update keeps matching patterns and takes everything else from the transcript") {
  const auto want = split_lines("keep [0-9]+ (re)\nold literal\ngone [a-z]+ (re)\ntail\n");
  const auto got = split_lines("keep 7\nnew literal\ngone 123\ntail\nadded\n");
  const auto c = compare(want, got);
  CHECK(join_lines(updated(c, want, got)) == "keep [0-9]+ (re)\nnew literal\ngone 123\ntail\nadded\n");
  // The updated transcript matches the output it came from.
  const auto again = split_lines(join_lines(updated(c, want, got)));
  CHECK(compare(again, got).equal());
}
