#pragma once
// One command form (a spec's syntax or its undo_syntax) compiled into a token graph: an NFA whose
// consuming nodes are keywords and typed params. Repeat groups ("{ a | b } *") cannot be plain
// NFA loops because each branch may be taken at most once, so they compile to Enter/Choose/Next/
// Exit nodes and the matcher carries a stack of "branches used" masks (see matcher.cpp).
#include <cstdint>
#include <functional>
#include <map>
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
  std::string bind;       // Keyword: the `$name` it binds when taken (leading keyword of a bound branch)
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

// Token help shared by every command ("undo", "display", ...), consulted when a spec gives none.
using HelpTable = std::map<std::string, std::string, std::less<>>;

// Builds the graph of `syntax` for `spec` and adds its names to `declared`. Throws
// std::invalid_argument (naming the command) when the syntax is malformed, a keyword or <param>
// has no help, a <param> or $name is not declared in spec.params (or with another kind), or a
// bound branch does not start with a keyword.
Graph compile_form(const CommandSpec& spec, const std::string& syntax, const HelpTable& common,
                   Declared& declared);

// Default help for the leading "undo" keyword, used when a spec does not give its own.
inline constexpr const char* kUndoHelp = "Cancel current configuration";

}  // namespace vrsh::cli
