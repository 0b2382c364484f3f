#pragma once
// Parsed form of the vendor syntax notation ("display esqm flow-table [ tcp | sctp ] *").
// Plain structs, free of Spirit, so that the graph compiler and tests need no X3 headers.
#include <string>
#include <vector>

namespace vrsh::cli::syntax {

struct Node;
using Sequence = std::vector<Node>;

struct Node {
  enum class Kind { Keyword, Param, Group };
  Kind kind = Kind::Keyword;
  std::string text;                    // keyword as written, or param name without brackets
  bool optional = false;               // Group: "[ ... ]" rather than "{ ... }"
  bool repeat = false;                 // Group: followed by '*'
  std::vector<Sequence> alternatives;  // Group: the '|'-separated branches
  std::string bind;                    // Group: "$name" binds the leading keyword of the branch taken

  static Node keyword(std::string w) { return Node{Kind::Keyword, std::move(w), false, false, {}, {}}; }
  static Node param(std::string n) { return Node{Kind::Param, std::move(n), false, false, {}, {}}; }
};

// Renders the tree back in canonical notation (single spaces), for diagnostics and tests.
std::string to_string(const Sequence& seq);

}  // namespace vrsh::cli::syntax
