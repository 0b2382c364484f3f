#include "commands/check_script.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

namespace vrsh::commands::check {

std::vector<std::string> split_args(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < line.size())
        cur += line[++i];
      else
        cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) out.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(std::move(cur));
  return out;
}

namespace {

constexpr std::string_view kUsage = "a step is '!router NAME [OPTIONS...]' or '!run PROGRAM [ARGS...]'";

// The directive a line starts with: the word after a leading '!' ("router" in "!router R1"),
// empty for any other line.
std::string_view directive(std::string_view line) {
  if (!line.starts_with('!')) return {};
  const auto end = line.find_first_of(" \t:", 1);
  return line.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1);
}

bool is_step(std::string_view word) {
  return word == "router" || word == "run";
}

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Router names appear in the transcript and name the router's files in the scratch folder.
bool valid_name(std::string_view n) {
  if (n.empty() || n.size() > 32) return false;
  for (std::size_t i = 0; i < n.size(); ++i) {
    const char c = n[i];
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '_' && c != '-'))) return false;
  }
  return true;
}

std::vector<std::string_view> lines_of(std::string_view content) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at < content.size()) {
    const auto nl = content.find('\n', at);
    const auto end = nl == std::string_view::npos ? content.size() : nl;
    std::string_view l = content.substr(at, end - at);
    if (l.ends_with('\r')) l.remove_suffix(1);
    out.push_back(l);
    at = end + 1;
  }
  return out;
}

}  // namespace

bool has_steps(std::string_view content) {
  for (const auto l : lines_of(content))
    if (is_step(directive(l))) return true;
  return false;
}

Script parse_steps(std::string_view content, const PasteFn& paste) {
  Script s;
  std::map<std::string, std::size_t, std::less<>> started;  // router name -> line of its start
  auto error = [&s](std::size_t n, const std::string& msg) {
    s.steps.clear();
    s.error = msg;
    s.error_line = n;
    return s;
  };
  const auto lines = lines_of(content);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view l = lines[i];
    const std::size_t n = i + 1;
    const std::string_view word = directive(l);
    if (word == "args")
      return error(n, "!args: is for a scenario of one router; give the options on its !router line");
    if (!is_step(word) && (l.starts_with("!router") || l.starts_with("!run")))
      return error(n, fmt::format("unknown step '!{}' ({})", word, kUsage));
    if (is_step(word)) {
      Step st;
      st.line = n;
      st.header = std::string(l);
      const std::string_view rest = trim(l.substr(1 + word.size()));
      if (rest.starts_with(':') ||
          (word == "router" && rest.substr(0, rest.find_first_of(" \t")).ends_with(':')))
        return error(n, fmt::format("no ':' in a step header, unlike !args: ({})", kUsage));
      if (word == "run") {
        if (rest.empty()) return error(n, "!run needs a program to run");
        st.kind = Step::Kind::Run;
        st.args = std::string(rest);
      } else {
        const auto sp = rest.find_first_of(" \t");
        const std::string_view name = rest.substr(0, sp);
        if (name.empty()) return error(n, fmt::format("!router needs a name ({})", kUsage));
        if (!valid_name(name))
          return error(n, fmt::format("'{}' is not a router name (letters, digits, '_' and '-', at most 32, "
                                      "starting with a letter or digit)",
                                      name));
        st.kind = Step::Kind::Router;
        st.name = std::string(name);
        st.args = sp == std::string_view::npos ? std::string() : std::string(trim(rest.substr(sp)));
        if (const auto it = started.find(name); it != started.end()) {
          if (!st.args.empty())
            return error(n, fmt::format("router {} is already running (started on line {}): its options "
                                        "belong there; '!router {}' alone goes back to it",
                                        st.name, it->second, st.name));
        } else {
          st.starts = true;
          started.emplace(st.name, n);
        }
      }
      s.steps.push_back(std::move(st));
      continue;
    }
    const bool in_block = !s.steps.empty() && s.steps.back().kind == Step::Kind::Router;
    if (word == "paste" || l.starts_with("!paste")) {
      const std::string file(trim(l.substr(std::min(l.size(), std::string_view("!paste").size()))));
      if (word != "paste" || file.empty()) return error(n, "a paste is '!paste FILE'");
      if (!in_block) return error(n, "!paste types a file on a router: it belongs in a !router block");
      std::string text;
      if (!paste || !paste(file, text)) return error(n, fmt::format("cannot paste {}: {}", file, text));
      if (!text.empty() && !text.ends_with('\n')) text += '\n';
      s.steps.back().input += text;
      continue;
    }
    if (in_block) {
      s.steps.back().input.append(l).push_back('\n');
      continue;
    }
    const std::string_view t = trim(l);
    if (t.empty() || t.starts_with('!') || t.starts_with('#')) continue;
    return error(
        n, s.steps.empty()
               ? fmt::format("'{}' comes before the first !router line: which router types it?", t)
               : fmt::format("'{}' follows a !run step: which router types it? (add a !router line)", t));
  }
  return s;
}

}  // namespace vrsh::commands::check
