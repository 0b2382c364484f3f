#include "cli/tokenize.hpp"

namespace vrsh::cli {

std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> out;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    if (line[i] == '"') {
      const std::size_t close = line.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? n : close;
      out.push_back(Token{line.substr(i + 1, end - i - 1), start});
      i = close == std::string_view::npos ? n : close + 1;
      continue;
    }
    while (i < n && !is_blank(line[i])) ++i;
    out.push_back(Token{line.substr(start, i - start), start});
  }
  return out;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

bool istarts_with(std::string_view word, std::string_view prefix) {
  return !prefix.empty() && prefix.size() <= word.size() && iequals(word.substr(0, prefix.size()), prefix);
}

std::size_t trimmed_length(std::string_view s) {
  std::size_t n = s.size();
  while (n > 0 && is_blank(s[n - 1])) --n;
  return n;
}

std::string_view trim_blanks(std::string_view s) {
  s = s.substr(0, trimmed_length(s));
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  return s;
}

}  // namespace vrsh::cli
