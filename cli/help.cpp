// '?' and Tab: what may follow the text before the cursor, from the same graphs match() uses.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "cli/pipe.hpp"
#include "cli/registry_impl.hpp"
#include "cli/tokenize.hpp"

namespace vrsh::cli {

namespace {

constexpr const char* kCrHelp = "Please press ENTER to execute command";

// The text before the cursor split into the part already typed in full and the word being typed.
struct Cursor {
  std::string_view line;      // all of the text before the cursor
  std::vector<Token> tokens;  // all tokens
  std::span<const Token> prefix;
  std::string_view prefix_line;
  bool mid_word = false;
  std::string_view partial;  // the word under the cursor ("" after a blank)
};

Cursor split(std::string_view before_cursor) {
  Cursor c;
  c.line = before_cursor;
  c.tokens = tokenize(before_cursor);
  c.mid_word = !c.tokens.empty() && !is_blank(before_cursor.back());
  c.prefix = c.tokens;
  c.prefix_line = before_cursor;
  if (c.mid_word) {
    c.partial = c.tokens.back().text;
    c.prefix = std::span<const Token>(c.tokens).first(c.tokens.size() - 1);
    c.prefix_line = before_cursor.substr(0, c.tokens.back().col);
  }
  return c;
}

RunResult run_prefix(std::span<const Form* const> forms, const Cursor& c) {
  return run(forms, c.prefix, c.prefix_line, trimmed_length(c.prefix_line) + 1);
}

bool dead_end(const RunResult& r) {
  return !r.accepted && r.next.empty() && r.pending.empty();
}

void set_error(MatchResult* error, MatchKind kind, std::size_t col) {
  if (!error) return;
  *error = MatchResult{};
  error->kind = kind;
  error->error_col = col;
}

// Keywords that may come next, first help text per word, ordered case-insensitively.
// Mid-word, an empty word (a lone '"') starts no keyword.
std::vector<HelpItem> keywords(const RunResult& r, const Cursor& c) {
  std::map<std::string, HelpItem> seen;
  for (const NextNode& n : r.next) {
    if (n.node->kind != GraphNode::Kind::Keyword) continue;
    if (c.mid_word && !istarts_with(n.node->word, c.partial)) continue;
    seen.emplace(n.node->lower, HelpItem{n.node->word, n.node->help});
  }
  std::vector<HelpItem> out;
  for (auto& [lower, item] : seen) out.push_back(std::move(item));
  return out;
}

// Params that may come next: their fixed words (interface types) or their placeholder. Mid-word
// the placeholder is offered whatever was typed: a half-typed value ("10.1") cannot be judged.
std::vector<HelpItem> params(const RunResult& r, const Cursor& c, bool words_only) {
  std::vector<HelpItem> out;
  std::set<std::pair<std::string, std::string>> seen;
  auto add = [&](std::string word, std::string desc) {
    if (seen.emplace(word, desc).second) out.push_back(HelpItem{std::move(word), std::move(desc)});
  };
  for (const NextNode& n : r.next) {
    if (n.node->kind != GraphNode::Kind::Param) continue;
    const ParamType& type = n.form->graph.types[static_cast<std::size_t>(n.node->type)];
    if (!type.words.empty()) {
      for (const auto& [word, desc] : type.words)
        if (!c.mid_word || istarts_with(word, c.partial)) add(word, desc.empty() ? n.node->help : desc);
      continue;
    }
    if (words_only || type.placeholder.empty()) continue;
    add(type.placeholder, n.node->help);
  }
  if (!words_only)
    for (const PendingParam& p : r.pending) add(p.expect, p.node->help);
  return out;
}

// Before the cursor, a display command and a `|`: the tokens after the `|`, to be helped as a
// filter. nullopt when the line is no such thing (it is then helped as a command). A template
// only because Registry::Impl is private.
template <class Impl>
std::optional<std::span<const Token>> filter_tokens(const Impl& impl, std::string_view view,
                                                    const Cursor& c) {
  const auto bar = find_pipe(c.tokens, c.line);
  if (!bar || (c.mid_word && *bar + 1 == c.tokens.size())) return std::nullopt;
  const std::string_view before = c.line.substr(0, c.tokens[*bar].col);
  const std::span<const Token> head = std::span<const Token>(c.tokens).first(*bar);
  if (!impl.filters(run(impl.forms_in(view), head, before, trimmed_length(before) + 1))) return std::nullopt;
  return std::span<const Token>(c.tokens).subspan(*bar + 1);
}

// Before the cursor, a command whose parameter is a command line of another view (`run CMD`) and
// the start of that line: the view and the column the nested line starts at. nullopt otherwise.
template <class Impl>
std::optional<std::pair<std::string, std::size_t>> nested_command(const Impl& impl, std::string_view view,
                                                                  const Cursor& c) {
  for (std::size_t k = 1; k <= c.tokens.size(); ++k) {
    if (k == c.tokens.size() && c.mid_word) break;  // the word being typed is no nested line yet
    const std::size_t at = k < c.tokens.size() ? c.tokens[k].col : c.line.size();
    const std::string_view before = c.line.substr(0, at);
    const std::span<const Token> head = std::span<const Token>(c.tokens).first(k);
    const RunResult r = run(impl.forms_in(view, head.front().text), head, before, trimmed_length(before) + 1);
    if (dead_end(r)) return std::nullopt;
    for (const NextNode& n : r.next) {
      if (n.node->kind != GraphNode::Kind::Param) continue;
      const ParamType& type = n.form->graph.types[static_cast<std::size_t>(n.node->type)];
      if (!type.command_view.empty()) return std::pair{type.command_view, at};
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<HelpItem> Registry::help(std::string_view view, std::string_view before_cursor,
                                     MatchResult* error) const {
  set_error(error, MatchKind::Ok, 0);
  const Cursor c = split(before_cursor);
  if (const auto nested = nested_command(*impl_, view, c)) {
    auto items = help(nested->first, before_cursor.substr(nested->second), error);
    if (error) error->error_col += nested->second;
    return items;
  }
  if (const auto after = filter_tokens(*impl_, view, c)) return pipe_help(*after, c.mid_word, error);
  const RunResult r = run_prefix(impl_->forms_in(view), c);
  if (dead_end(r)) {
    set_error(error, r.error, r.error_col);
    return {};
  }
  std::vector<HelpItem> items = keywords(r, c);
  for (auto& p : params(r, c, false)) items.push_back(std::move(p));
  if (impl_->filters(r) && (!c.mid_word || c.partial == "|")) items.push_back(pipe_help_item());
  if (!c.mid_word && r.complete) items.push_back(HelpItem{"<cr>", kCrHelp});
  if (items.empty() && c.mid_word) {
    // Nothing starts with the word being typed: report it the way Enter would.
    const MatchResult m = match(view, before_cursor);
    if (m.kind != MatchKind::Ok && m.kind != MatchKind::Empty && m.kind != MatchKind::Incomplete)
      set_error(error, m.kind, m.error_col);
  }
  return items;
}

std::vector<std::string> Registry::complete(std::string_view view, std::string_view before_cursor) const {
  const Cursor c = split(before_cursor);
  if (const auto nested = nested_command(*impl_, view, c))
    return complete(nested->first, before_cursor.substr(nested->second));
  if (const auto after = filter_tokens(*impl_, view, c)) return pipe_completions(*after, c.mid_word);
  const RunResult r = run_prefix(impl_->forms_in(view), c);
  std::vector<std::string> out;
  if (dead_end(r)) return out;
  for (auto& k : keywords(r, c)) out.push_back(std::move(k.word));
  for (auto& p : params(r, c, true))
    if (std::find(out.begin(), out.end(), p.word) == out.end()) out.push_back(std::move(p.word));
  return out;
}

std::string format_help(const std::vector<HelpItem>& items) {
  std::size_t width = 0;
  for (const auto& i : items) width = std::max(width, i.word.size());
  std::string out;
  for (const auto& i : items) {
    if (i.description.empty())
      out += fmt::format("  {}\n", i.word);
    else
      out += fmt::format("  {:<{}}{}\n", i.word, width + 2, i.description);
  }
  return out;
}

}  // namespace vrsh::cli
