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

// A name as a configuration line must spell it to load back: in double quotes when it holds a
// blank (the vendor's rule for names with spaces, addendum §1.1), as typed otherwise. A name
// cannot hold both a blank and a double quote: the tokenizer ends a quoted token at the next one.
inline std::string name_token(const std::string& name) {
  return name.find_first_of(" \t") == std::string::npos ? name : '"' + name + '"';
}

// Rest-of-line text (a description) as a line must spell it to load back: raw, as the vendor
// prints it, unless it starts or ends with a blank, which only a double-quoted token keeps (it
// then holds no double quote: it was typed as one quoted token).
inline std::string text_token(const std::string& text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  const bool padded = !text.empty() && (blank(text.front()) || blank(text.back()));
  return padded ? '"' + text + '"' : text;
}

}  // namespace vrsh::model
