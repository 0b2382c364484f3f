#pragma once
// Registry internals shared by registry.cpp (add, match) and help.cpp ('?', Tab).
#include <memory>
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

  // The forms usable in `view`, in declaration order.
  std::vector<const Form*> forms_in(std::string_view view) const;
};

}  // namespace vrsh::cli
