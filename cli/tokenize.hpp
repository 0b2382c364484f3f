#pragma once
// Splitting a typed line into tokens, and the ASCII-only case folding the matcher relies on
// (locale-independent, and safe for bytes above 127).
#include <string>
#include <string_view>
#include <vector>

#include "cli/value_types.hpp"

namespace vrsh::cli {

// Tokens are separated by blanks (space or tab). A token that starts with '"' runs to the next
// '"' (or to the end of the line when unterminated) and its text excludes the quotes; its column
// is that of the opening quote.
std::vector<Token> tokenize(std::string_view line);

char ascii_lower(char c);
std::string ascii_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// `prefix` is a non-empty case-insensitive prefix of `word`.
bool istarts_with(std::string_view word, std::string_view prefix);

// Length of `s` without trailing blanks.
std::size_t trimmed_length(std::string_view s);
// `s` without leading and trailing blanks.
std::string_view trim_blanks(std::string_view s);

inline bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

}  // namespace vrsh::cli
