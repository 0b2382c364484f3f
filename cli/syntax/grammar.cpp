// The only translation unit that compiles Boost.Spirit X3.
#include "cli/syntax/grammar.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "cli/syntax/grammar_def.hpp"

namespace vrsh::cli::syntax {

Sequence parse(std::string_view text) {
  namespace x3 = boost::spirit::x3;
  auto const begin = text.begin();
  auto first = begin;
  Sequence out;
  try {
    bool ok = x3::phrase_parse(first, text.end(), grammar::syntax, x3::ascii::space, out);
    if (!ok) {
      // Only the leading element can fail without an expectation point: skip the blanks so the
      // column names the offending character.
      while (first != text.end() && (*first == ' ' || *first == '\t')) ++first;
      throw std::invalid_argument(
          fmt::format("syntax error at column {}: expected keyword, <param> or group", first - begin));
    }
  } catch (const x3::expectation_failure<std::string_view::const_iterator>& e) {
    // The failure is raised before the skipper runs: point past the blanks, at the culprit.
    auto where = e.where();
    while (where != text.end() && (*where == ' ' || *where == '\t')) ++where;
    throw std::invalid_argument(
        fmt::format("syntax error at column {}: expected {}", where - begin, e.which()));
  }
  return out;
}

namespace {
void render(const Sequence& seq, std::string& out) {
  bool first = true;
  for (const Node& n : seq) {
    if (!first) out += ' ';
    first = false;
    switch (n.kind) {
      case Node::Kind::Keyword: {
        bool plain =
            !n.text.empty() &&
            n.text.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:-") ==
                std::string::npos;
        out += plain ? n.text : "'" + n.text + "'";
        break;
      }
      case Node::Kind::Param:
        out += '<' + n.text + '>';
        break;
      case Node::Kind::Group: {
        out += n.optional ? "[ " : "{ ";
        for (std::size_t i = 0; i < n.alternatives.size(); ++i) {
          if (i) out += " | ";
          render(n.alternatives[i], out);
        }
        out += n.optional ? " ]" : " }";
        if (n.repeat) out += " *";
        if (!n.bind.empty()) out += "$" + n.bind;
        break;
      }
    }
  }
}
}  // namespace

std::string to_string(const Sequence& seq) {
  std::string out;
  render(seq, out);
  return out;
}

}  // namespace vrsh::cli::syntax
