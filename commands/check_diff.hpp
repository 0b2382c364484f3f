#pragma once
// Comparing a scenario's expected transcript with what vrsh printed, line by line, with the `cram`
// tool's conventions for volatile lines: an expected line ending in " (re)" is a regular
// expression (ECMAScript, matched against the whole line), one ending in " (glob)" a glob (`*` any
// run of characters, `?` one character, `\` makes the next character literal). A line that is
// equal to the actual one matches whatever its ending.
#include <string>
#include <string_view>
#include <vector>

namespace vrsh::commands::check {

// Lines of a text; a text ending in '\n' has an empty last element, so that a missing final
// newline is a difference too.
std::vector<std::string> split_lines(std::string_view text);
std::string join_lines(const std::vector<std::string>& lines);

bool line_matches(std::string_view expected, std::string_view actual);

// Expected and actual lines aligned by a longest common subsequence under line_matches(), or
// under plain equality when `literal` (texts that are not transcripts, such as configurations).
struct Comparison {
  enum class Op { Same, Expected, Actual };  // both sides; only in expected; only in actual
  struct Step {
    Op op;
    std::size_t expected;  // line index, valid for Same and Expected
    std::size_t actual;    // line index, valid for Same and Actual
  };
  std::vector<Step> steps;
  bool equal() const;
};
Comparison compare(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                   bool literal = false);

// A unified diff (3 lines of context) of a comparison that is not equal.
std::string unified_diff(const Comparison& c, const std::vector<std::string>& expected,
                         const std::vector<std::string>& actual, std::string_view expected_name,
                         std::string_view actual_name);

// The transcript `--update` writes: the actual lines, except that an expected pattern line which
// matched keeps its pattern (a regenerated transcript does not lose its (re) and (glob) lines).
std::vector<std::string> updated(const Comparison& c, const std::vector<std::string>& expected,
                                 const std::vector<std::string>& actual);

}  // namespace vrsh::commands::check
