#pragma once
// Helpers for the cli unit tests: specs with generated help, and short registry set-ups.
#include <map>
#include <string>
#include <vector>

#include "cli/registry.hpp"
#include "cli/syntax/grammar.hpp"

namespace vrsh::cli::test {

inline void collect_help(const syntax::Sequence& seq, std::map<std::string, std::string>& help) {
  for (const auto& n : seq) {
    if (n.kind == syntax::Node::Kind::Keyword) help.emplace(n.text, "Help " + n.text);
    for (const auto& alt : n.alternatives) collect_help(alt, help);
  }
}

// A spec whose every keyword and param has help "Help <word>", in system view by default; its
// params are declared by name (tests read them as text).
inline CommandSpec cmd(std::string syntax, std::map<std::string, ParamType> params = {},
                       std::string undo = {}, std::vector<std::string> views = {"system"}) {
  CommandSpec s;
  s.views = std::move(views);
  s.syntax = std::move(syntax);
  s.undo_syntax = std::move(undo);
  collect_help(syntax::parse(s.syntax), s.help);
  if (!s.undo_syntax.empty()) collect_help(syntax::parse(s.undo_syntax), s.help);
  for (auto& [name, type] : params) s.params.emplace_back(name, std::move(type), "Help <" + name + ">");
  s.run = [](Ctx&, const Args&) { return Status::Ok; };
  return s;
}

}  // namespace vrsh::cli::test
