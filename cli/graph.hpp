#pragma once
// One command form (a spec's syntax or its undo_syntax) compiled into a token graph: an NFA whose
// consuming nodes are keywords and typed params. Repeat groups ("{ a | b } *") cannot be plain
// NFA loops because each branch may be taken at most once, so they compile to Enter/Choose/Next/
// Exit nodes and the matcher carries a stack of "branches used" masks (see matcher.cpp).
#include <cstdint>
#include <string>
#include <vector>

#include "cli/command_spec.hpp"
#include "cli/syntax/ast.hpp"

namespace vrsh::cli {

struct GraphNode {
  enum class Kind { Keyword, Param, Split, RepeatEnter, RepeatChoose, RepeatNext, RepeatExit, Accept };
  Kind kind = Kind::Accept;
  std::string word;       // Keyword: as declared; Param: name without brackets
  std::string lower;      // Keyword: lower-cased for matching
  std::string help;       // description shown by '?'
  int type = -1;          // Param: index into Graph::types
  std::vector<int> next;  // successors; Split may have several, RepeatChoose has none (see group)
  int group = -1;         // Repeat*: index into Graph::groups
};

struct RepeatGroup {
  std::vector<int> branches;  // first node of each alternative
  bool optional = false;      // "[ ... ] *": zero branches allowed
  int exit = -1;              // the RepeatExit node
};

struct Graph {
  std::vector<GraphNode> nodes;
  std::vector<RepeatGroup> groups;
  std::vector<ParamType> types;  // copies, so the graph never points into a spec that may move
  int start = -1;
};

// Builds the graph of `syntax` for `spec`. Throws std::invalid_argument (naming the command) when
// the syntax is malformed, a keyword or <param> has no help, or a <param> has no type.
Graph compile_form(const CommandSpec& spec, const std::string& syntax);

// Default help for the leading "undo" keyword, used when a spec does not give its own.
inline constexpr const char* kUndoHelp = "Cancel current configuration";

}  // namespace vrsh::cli
