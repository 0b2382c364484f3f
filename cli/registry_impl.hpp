#pragma once
// Registry internals shared by registry.cpp (add, match) and help.cpp ('?', Tab).
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/matcher.hpp"
#include "cli/registry.hpp"

namespace vrsh::cli {

struct Registry::Impl {
  std::vector<CommandSpec> specs;
  std::vector<std::unique_ptr<Form>> forms;         // declaration order: a spec's syntax, then its undo
  std::vector<std::unique_ptr<Declared>> declared;  // per spec; matched Args point here
  HelpTable common_help;
  // Indexes into `forms` by what a form can take first. A line's first word rules out every form
  // none of whose first keywords it abbreviates; matching hundreds of forms per line in parallel
  // is what made batch loads and the session fuzzer slow.
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_first_keyword;  // lower-cased
  std::vector<std::size_t> open_start;  // forms that may start with a param, or accept nothing
  // Per spec: a display command, whose output `| include ...` and the other filters may cut.
  std::vector<bool> displays;

  void index_form(std::size_t form);
  // The form a run accepted takes an output filter.
  bool filters(const RunResult& r) const { return r.accepted && displays[r.accepted->spec]; }
  // The forms usable in `view`, in declaration order.
  std::vector<const Form*> forms_in(std::string_view view) const;
  // The same, less the forms that cannot take `first_word` as their first token: running the
  // matcher on either gives the same result for a line that starts with `first_word`.
  std::vector<const Form*> forms_in(std::string_view view, std::string_view first_word) const;
};

}  // namespace vrsh::cli
