#pragma once
// All commands, compiled at start-up from their syntax strings into per-view token graphs.
// match() resolves a typed line (abbreviations, typed params) or says exactly where and why it
// fails; help() and complete() answer '?' and Tab from the same graphs.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/command_spec.hpp"

namespace vrsh::cli {

enum class MatchKind { Ok, Empty, Unrecognized, Incomplete, Ambiguous, WrongParameter, TooManyParameters };

// "Error: Unrecognized command found at '^' position." and the four others.
std::string_view error_text(MatchKind kind);

// A display's output filter, typed after `|` (cli/pipe.hpp). `pattern` is the regular expression
// as typed, in the vendor's syntax; empty for no-more.
struct OutputFilter {
  enum class Kind { Include, Exclude, Begin, SectionInclude, NoMore };
  Kind kind = Kind::Include;
  std::string pattern;
};

struct MatchResult {
  MatchKind kind = MatchKind::Empty;
  std::size_t error_col = 0;          // 0-based column in the line where the caret goes
  const CommandSpec* spec = nullptr;  // on Ok
  bool undo = false;                  // matched the undo_syntax
  Args args;
  // On Ok: the [begin, end) columns of the line that hold secrets (ParamType::secret).
  std::vector<std::pair<std::size_t, std::size_t>> secrets;
  // On Ok for a display command typed with `| ...`: the filter for its output.
  std::optional<OutputFilter> filter;
  bool display = false;  // on Ok: a display command, whose output a terminal pages
};

struct HelpItem {
  std::string word;  // keyword, placeholder such as "INTEGER<1-64>", or "<cr>"
  std::string description;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Throws std::invalid_argument naming the command if its syntax does not parse, a token has
  // no help, a <param> or $name is not declared in spec.params, or a declaration is not used.
  void add(CommandSpec spec);

  // Help for tokens many commands share ("undo", "display", ...); a spec's own help wins. Set it
  // before adding commands.
  void set_common_help(std::map<std::string, std::string, std::less<>> table);

  // Match a whole line typed in `view`. Columns refer to `line`.
  MatchResult match(std::string_view view, std::string_view line) const;

  // '?' for the text before the cursor: after a space lists what may come next (with "<cr>" if
  // the command is complete); mid-word lists the keywords that start with the partial word.
  // On a line that is already wrong, returns the failing MatchResult in `error`.
  std::vector<HelpItem> help(std::string_view view, std::string_view before_cursor,
                             MatchResult* error = nullptr) const;

  // Tab: candidate full words for the last (partial) word of `before_cursor`.
  std::vector<std::string> complete(std::string_view view, std::string_view before_cursor) const;

  // Every spec, for tests that walk the registry.
  const std::vector<CommandSpec>& specs() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Vendor '?' layout: two spaces, word padded to the longest word + 2, description.
std::string format_help(const std::vector<HelpItem>& items);

}  // namespace vrsh::cli
