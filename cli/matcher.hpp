#pragma once
// Runs typed tokens through the compiled forms of one view, all alternatives in parallel, and
// reports the best complete match, what may follow the last token (for '?' and Tab), or the
// error that got furthest into the line.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/graph.hpp"
#include "cli/registry.hpp"

namespace vrsh::cli {

struct Form {
  std::size_t spec = 0;  // index into the registry's specs
  bool undo = false;     // compiled from undo_syntax
  Graph graph;
};

// A node that may consume the next token once the given tokens are matched.
struct NextNode {
  const Form* form = nullptr;
  const GraphNode* node = nullptr;
};

// A multi-token param that has seen a valid beginning and needs more tokens.
struct PendingParam {
  const Form* form = nullptr;
  const GraphNode* node = nullptr;
  std::string expect;  // placeholder of what must follow
};

struct RunResult {
  const Form* accepted = nullptr;  // best form that takes every token, if any
  Args args;                       // its bound values
  std::vector<NextNode> next;      // consuming nodes reachable after the last token
  std::vector<PendingParam> pending;
  bool complete = false;            // some form is complete after the last token
  MatchKind error = MatchKind::Ok;  // when nothing survives to the end: the furthest failure
  std::size_t error_col = 0;
  // With `accepted`: the [begin, end) columns of the secret params it bound, in line order.
  std::vector<std::pair<std::size_t, std::size_t>> secrets;
};

// `forms` in declaration order (earlier wins ties). `line` is the raw text the tokens came from;
// rest-of-line params read it. `end_col` is where an Incomplete caret goes.
RunResult run(std::span<const Form* const> forms, std::span<const Token> tokens, std::string_view line,
              std::size_t end_col);

}  // namespace vrsh::cli
