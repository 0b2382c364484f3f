#include "commands/check_diff.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <regex>

#include <fmt/format.h>

namespace vrsh::commands::check {
namespace {

constexpr std::string_view kRe = " (re)";
constexpr std::string_view kGlob = " (glob)";
constexpr std::size_t kContext = 3;
// Past this many cells the middle of two very different transcripts is shown as replaced whole:
// still a correct diff, without quadratic memory.
constexpr std::size_t kMaxCells = 40'000'000;

bool glob_matches(std::string_view p, std::string_view s) {
  // Iterative wildcard match with backtracking to the last `*`.
  std::size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (pi < p.size() && p[pi] == '?') {
      ++pi;
      ++si;
    } else if (pi < p.size() && p[pi] == '\\' && pi + 1 < p.size() && p[pi + 1] == s[si]) {
      pi += 2;
      ++si;
    } else if (pi < p.size() && p[pi] != '\\' && p[pi] == s[si]) {
      ++pi;
      ++si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

// One expected line, its pattern prepared once (a comparison tries it against many lines).
struct Pattern {
  std::string_view line;
  enum { Literal, Regex, Glob, Invalid } kind = Literal;
  std::string_view body;
  std::optional<std::regex> re;

  explicit Pattern(std::string_view l, bool literal = false) : line(l) {
    if (literal) return;
    if (l.ends_with(kRe)) {
      body = l.substr(0, l.size() - kRe.size());
      try {
        re.emplace(std::string(body), std::regex::ECMAScript);
        kind = Regex;
      } catch (const std::regex_error&) {
        kind = Invalid;  // matches only itself, so the diff shows the line
      }
    } else if (l.ends_with(kGlob)) {
      body = l.substr(0, l.size() - kGlob.size());
      kind = Glob;
    }
  }
  bool is_pattern() const { return kind == Regex || kind == Glob; }
  bool matches(std::string_view actual) const {
    if (line == actual) return true;
    if (kind == Regex) return std::regex_match(actual.begin(), actual.end(), *re);
    if (kind == Glob) return glob_matches(body, actual);
    return false;
  }
};

}  // namespace

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string_view::npos; start = nl + 1)
    out.emplace_back(text.substr(start, nl - start));
  out.emplace_back(text.substr(start));
  return out;
}

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += lines[i];
  }
  return out;
}

bool line_matches(std::string_view expected, std::string_view actual) {
  return Pattern(expected).matches(actual);
}

bool Comparison::equal() const {
  return std::all_of(steps.begin(), steps.end(), [](const Step& s) { return s.op == Op::Same; });
}

Comparison compare(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                   bool literal) {
  std::vector<Pattern> pat;
  pat.reserve(expected.size());
  for (const auto& l : expected) pat.emplace_back(l, literal);
  using Op = Comparison::Op;
  Comparison c;
  const std::size_t n = expected.size(), m = actual.size();
  std::size_t head = 0;
  while (head < n && head < m && pat[head].matches(actual[head])) ++head;
  std::size_t tail = 0;
  while (tail < n - head && tail < m - head && pat[n - 1 - tail].matches(actual[m - 1 - tail])) ++tail;
  for (std::size_t i = 0; i < head; ++i) c.steps.push_back({Op::Same, i, i});

  const std::size_t a = n - head - tail, b = m - head - tail;  // the middle of each side
  if ((a + 1) * (b + 1) > kMaxCells) {
    for (std::size_t i = 0; i < a; ++i) c.steps.push_back({Op::Expected, head + i, 0});
    for (std::size_t j = 0; j < b; ++j) c.steps.push_back({Op::Actual, 0, head + j});
  } else {
    // lcs[i][j]: longest common subsequence of expected[head+i..] and actual[head+j..].
    std::vector<std::uint32_t> lcs((a + 1) * (b + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (b + 1) + j]; };
    for (std::size_t i = a; i-- > 0;)
      for (std::size_t j = b; j-- > 0;)
        at(i, j) = pat[head + i].matches(actual[head + j]) ? at(i + 1, j + 1) + 1
                                                           : std::max(at(i + 1, j), at(i, j + 1));
    std::size_t i = 0, j = 0;
    while (i < a || j < b) {
      if (i < a && j < b && pat[head + i].matches(actual[head + j]) && at(i, j) == at(i + 1, j + 1) + 1) {
        c.steps.push_back({Op::Same, head + i++, head + j++});
      } else if (i < a && (j == b || at(i + 1, j) >= at(i, j + 1))) {
        c.steps.push_back({Op::Expected, head + i++, 0});
      } else {
        c.steps.push_back({Op::Actual, 0, head + j++});
      }
    }
  }
  for (std::size_t k = 0; k < tail; ++k) c.steps.push_back({Op::Same, n - tail + k, m - tail + k});
  return c;
}

std::string unified_diff(const Comparison& c, const std::vector<std::string>& expected,
                         const std::vector<std::string>& actual, std::string_view expected_name,
                         std::string_view actual_name) {
  using Op = Comparison::Op;
  const auto& s = c.steps;
  std::string out = fmt::format("--- {}\n+++ {}\n", expected_name, actual_name);
  std::size_t k = 0;
  while (k < s.size()) {
    if (s[k].op == Op::Same) {
      ++k;
      continue;
    }
    // A hunk: from kContext steps before this change to kContext after the last change that
    // is at most 2*kContext equal steps further on.
    const std::size_t begin = k >= kContext ? k - kContext : 0;
    std::size_t end = k;
    for (std::size_t same = 0; end < s.size() && same <= 2 * kContext; ++end)
      same = s[end].op == Op::Same ? same + 1 : 0;
    while (end > k && s[end - 1].op == Op::Same) --end;
    end = std::min(s.size(), end + kContext);
    std::size_t e0 = 0, a0 = 0, en = 0, an = 0;
    bool e_set = false, a_set = false;
    std::string body;
    for (std::size_t x = begin; x < end; ++x) {
      const auto& st = s[x];
      if (st.op != Op::Actual) {
        if (!e_set) e0 = st.expected, e_set = true;
        ++en;
      }
      if (st.op != Op::Expected) {
        if (!a_set) a0 = st.actual, a_set = true;
        ++an;
      }
      if (st.op == Op::Same)
        body += " " + expected[st.expected] + "\n";
      else if (st.op == Op::Expected)
        body += "-" + expected[st.expected] + "\n";
      else
        body += "+" + actual[st.actual] + "\n";
    }
    // Unified diff numbers lines from 1; an empty side names the line before it.
    out += fmt::format("@@ -{},{} +{},{} @@\n", en ? e0 + 1 : e0, en, an ? a0 + 1 : a0, an);
    out += body;
    k = end;
  }
  return out;
}

std::vector<std::string> updated(const Comparison& c, const std::vector<std::string>& expected,
                                 const std::vector<std::string>& actual) {
  std::vector<std::string> out;
  for (const auto& st : c.steps) {
    if (st.op == Comparison::Op::Same)
      out.push_back(Pattern(expected[st.expected]).is_pattern() ? expected[st.expected] : actual[st.actual]);
    else if (st.op == Comparison::Op::Actual)
      out.push_back(actual[st.actual]);
  }
  return out;
}

}  // namespace vrsh::commands::check
