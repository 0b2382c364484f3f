#pragma once
// A rendered configuration line and the lines nested under it: what each feature's render
// builders return, so feature headers can declare them without the whole render tree.
#include <string>
#include <utility>
#include <vector>

namespace vrsh::model {

// One configuration line (indentation included in `text`) and the lines nested under it.
struct Node {
  std::string text;
  std::vector<Node> children;
};

// Appends a line with no nested lines under `n`.
inline void add_line(Node& n, std::string text) {
  n.children.push_back(Node{std::move(text), {}});
}

void append_lines(const Node& n, std::string& out);

}  // namespace vrsh::model
