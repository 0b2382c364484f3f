#pragma once
// Output filters typed after `|` on any display command (`| include REGEX`, `| exclude REGEX`,
// `| begin REGEX`, `| section include REGEX`, `| no-more`): parsed and helped here for every
// command the registry marks as a display, applied by the session to the command's output.
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/registry.hpp"

namespace vrsh::cli {

// The first unquoted `|` token after the first token, if any: where a filter starts.
std::optional<std::size_t> find_pipe(std::span<const Token> tokens, std::string_view line);

struct PipeParse {
  MatchKind kind = MatchKind::Ok;
  std::size_t error_col = 0;
  OutputFilter filter;
};

// Parses the tokens after `|`. The regular expression is the rest of the line from its first
// character, blanks included (the vendor takes `include a b` as the expression "a b").
// `end_col` is where an Incomplete caret goes.
PipeParse parse_pipe(std::span<const Token> after, std::string_view line, std::size_t end_col);

// '?' after `|` (`typed`: the tokens after it, the last one being typed when `mid_word`): the
// filter words, the expression placeholder or <cr>; an error for a bad word.
std::vector<HelpItem> pipe_help(std::span<const Token> typed, bool mid_word, MatchResult* error);
// Tab after `|`: the filter words the word being typed starts.
std::vector<std::string> pipe_completions(std::span<const Token> typed, bool mid_word);

// The `|` entry that '?' lists after a complete display command.
HelpItem pipe_help_item();

// Writes `text` through the filter. Returns false, writing nothing, when the expression does
// not compile; `error` then says why.
bool write_filtered(std::ostream& out, std::string_view text, const OutputFilter& filter, std::string* error);

}  // namespace vrsh::cli
