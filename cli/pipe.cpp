// Output filters after `|`: the words, their help, the vendor's regular expressions and how each
// filter cuts a display's output.
#include "cli/pipe.hpp"

#include <algorithm>
#include <array>
#include <ostream>
#include <regex>

#include "cli/tokenize.hpp"

namespace vrsh::cli {

namespace {

using Kind = OutputFilter::Kind;

struct FilterWord {
  std::string_view word;
  std::string_view help;
};

constexpr std::array<FilterWord, 5> kFilters{{
    {"begin", "Begin with the line that matches"},
    {"exclude", "Exclude lines that match"},
    {"include", "Include lines that match"},
    {"no-more", "Output without pausing"},
    {"section", "Filter the sections of the output"},
}};
constexpr FilterWord kSectionInclude{"include", "Include the sections that match"};
constexpr std::string_view kRegexPlaceholder = "STRING<1-255>";
constexpr std::string_view kRegexHelp = "Regular expression";
constexpr std::size_t kRegexMax = 255;
constexpr const char* kCrHelp = "Please press ENTER to execute command";

// The vendor prints this before any filtered output.
constexpr std::string_view kSlowNote =
    "Info: It will take a long time if the content you search is too much or the string you input is too "
    "long, you can press CTRL_C to break.\n";

// The filter word `typed` abbreviates; nullopt if none (the words share no first letter).
std::optional<Kind> filter_word(std::string_view typed) {
  static constexpr std::array<Kind, 5> kinds{Kind::Begin, Kind::Exclude, Kind::Include, Kind::NoMore,
                                             Kind::SectionInclude};
  for (std::size_t i = 0; i < kFilters.size(); ++i)
    if (istarts_with(kFilters[i].word, typed)) return kinds[i];
  return std::nullopt;
}

bool takes_regex(Kind k) {
  return k != Kind::NoMore;
}

// Tokens before the expression: `include`, or `section include`.
std::size_t words_before_regex(Kind k) {
  return k == Kind::SectionInclude ? 2 : 1;
}

// The vendor's expression syntax in ECMAScript terms: `_` is a delimiter or an end of the line,
// braces are literal, an unmatched `)` is literal.
std::string to_ecmascript(std::string_view vendor) {
  std::string out;
  bool in_class = false;
  int depth = 0;
  for (std::size_t i = 0; i < vendor.size(); ++i) {
    const char c = vendor[i];
    if (c == '\\' && i + 1 < vendor.size()) {
      out += c;
      out += vendor[++i];
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      continue;
    }
    switch (c) {
      case '[':
        in_class = true;
        out += c;
        if (i + 1 < vendor.size() && vendor[i + 1] == '^') out += vendor[++i];
        if (i + 1 < vendor.size() && vendor[i + 1] == ']') out += vendor[++i];  // a leading ] is literal
        break;
      case '_':
        out += "(?:^|$|[,{}() ])";
        break;
      case '{':
      case '}':
        out += '\\';
        out += c;
        break;
      case '(':
        ++depth;
        out += c;
        break;
      case ')':
        if (depth == 0) {
          out += "\\)";
        } else {
          --depth;
          out += c;
        }
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

bool hit(const std::regex& re, std::string_view line) {
  return std::regex_search(line.begin(), line.end(), re);
}

// `| section include`: a configuration's `#`-framed blocks, or elsewhere a line at the left
// margin with the indented lines under it; every section with a matching line is printed whole.
void write_sections(std::ostream& out, const std::vector<std::string_view>& lines, const std::regex& re) {
  const bool framed = std::find(lines.begin(), lines.end(), "#") != lines.end();
  std::vector<std::string_view> section;
  bool printed = false;
  auto flush = [&] {
    if (std::any_of(section.begin(), section.end(), [&](std::string_view l) { return hit(re, l); })) {
      if (framed) out << "#\n";
      for (std::string_view l : section) out << l << '\n';
      printed = true;
    }
    section.clear();
  };
  for (std::string_view line : lines) {
    if (framed ? line == "#" : (!line.empty() && !is_blank(line.front()))) {
      flush();
      if (framed) continue;
    }
    section.push_back(line);
  }
  flush();
  if (framed && printed) out << "#\n";
}

}  // namespace

std::optional<std::size_t> find_pipe(std::span<const Token> tokens, std::string_view line) {
  for (std::size_t i = 1; i < tokens.size(); ++i)
    if (tokens[i].text == "|" && line[tokens[i].col] == '|') return i;
  return std::nullopt;
}

PipeParse parse_pipe(std::span<const Token> after, std::string_view line, std::size_t end_col) {
  PipeParse p;
  auto fail = [&](MatchKind kind, std::size_t col) {
    p.kind = kind;
    p.error_col = col;
    return p;
  };
  if (after.empty()) return fail(MatchKind::Incomplete, end_col);
  const std::optional<Kind> kind = filter_word(after[0].text);
  if (!kind) return fail(MatchKind::WrongParameter, after[0].col);
  p.filter.kind = *kind;
  if (*kind == Kind::SectionInclude) {
    if (after.size() < 2) return fail(MatchKind::Incomplete, end_col);
    if (!istarts_with(kSectionInclude.word, after[1].text))
      return fail(MatchKind::WrongParameter, after[1].col);
  }
  const std::size_t at = words_before_regex(*kind);
  if (!takes_regex(*kind)) {
    if (after.size() > at) return fail(MatchKind::TooManyParameters, after[at].col);
    return p;
  }
  if (after.size() <= at) return fail(MatchKind::Incomplete, end_col);
  std::string_view regex = line.substr(after[at].col);
  regex = regex.substr(0, trimmed_length(regex));
  if (regex.size() > kRegexMax) return fail(MatchKind::WrongParameter, after[at].col);
  p.filter.pattern = std::string(regex);
  return p;
}

std::vector<HelpItem> pipe_help(std::span<const Token> typed, bool mid_word, MatchResult* error) {
  const std::span<const Token> after = mid_word ? typed.first(typed.size() - 1) : typed;
  const std::string_view partial = mid_word ? typed.back().text : std::string_view{};
  std::vector<HelpItem> items;
  auto wrong = [&](const Token& t) {
    if (error) {
      *error = MatchResult{};
      error->kind = MatchKind::WrongParameter;
      error->error_col = t.col;
    }
    return std::vector<HelpItem>{};
  };
  auto words = [&](std::span<const FilterWord> list) {
    for (const FilterWord& f : list)
      if (!mid_word || istarts_with(f.word, partial))
        items.push_back({std::string(f.word), std::string(f.help)});
    if (items.empty() && mid_word) return wrong(typed.back());
    return items;
  };
  if (after.empty()) return words(kFilters);
  const std::optional<Kind> kind = filter_word(after[0].text);
  if (!kind) return wrong(after[0]);
  if (*kind == Kind::SectionInclude) {
    if (after.size() == 1) return words(std::span<const FilterWord>(&kSectionInclude, 1));
    if (!istarts_with(kSectionInclude.word, after[1].text)) return wrong(after[1]);
  }
  const std::size_t at = words_before_regex(*kind);
  if (!takes_regex(*kind)) {
    if (typed.size() > at) return wrong(typed[at]);
    items.push_back({"<cr>", kCrHelp});
    return items;
  }
  items.push_back({std::string(kRegexPlaceholder), std::string(kRegexHelp)});
  // The expression runs to the end of the line: after a word of it, more may follow, or Enter.
  if (after.size() > at && !mid_word) items.push_back({"<cr>", kCrHelp});
  return items;
}

std::vector<std::string> pipe_completions(std::span<const Token> typed, bool mid_word) {
  const std::span<const Token> after = mid_word ? typed.first(typed.size() - 1) : typed;
  const std::string_view partial = mid_word ? typed.back().text : std::string_view{};
  std::vector<std::string> out;
  if (after.empty()) {
    for (const FilterWord& f : kFilters)
      if (!mid_word || istarts_with(f.word, partial)) out.emplace_back(f.word);
  } else if (after.size() == 1 && filter_word(after[0].text) == Kind::SectionInclude &&
             (!mid_word || istarts_with(kSectionInclude.word, partial))) {
    out.emplace_back(kSectionInclude.word);
  }
  return out;
}

HelpItem pipe_help_item() {
  return {"|", "Matching output"};
}

bool write_filtered(std::ostream& out, std::string_view text, const OutputFilter& filter,
                    std::string* error) {
  if (filter.kind == Kind::NoMore) {
    out << text;
    return true;
  }
  std::regex re;
  try {
    re = std::regex(to_ecmascript(filter.pattern));
  } catch (const std::regex_error&) {
    if (error) *error = "The regular expression is invalid.";
    return false;
  }
  out << kSlowNote;
  const std::vector<std::string_view> lines = split_lines(text);
  if (filter.kind == Kind::SectionInclude) {
    write_sections(out, lines, re);
    return true;
  }
  bool begun = false;
  for (std::string_view line : lines) {
    const bool matched = hit(re, line);
    begun = begun || (filter.kind == Kind::Begin && matched);
    const bool keep = filter.kind == Kind::Include   ? matched
                      : filter.kind == Kind::Exclude ? !matched
                                                     : begun;
    if (keep) out << line << '\n';
  }
  return true;
}

}  // namespace vrsh::cli
