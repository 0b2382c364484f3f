#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "cli/registry_impl.hpp"
#include "cli/tokenize.hpp"

namespace vrsh::cli {

namespace {

bool in_view(const CommandSpec& spec, std::string_view view) {
  return std::any_of(spec.views.begin(), spec.views.end(), [&](const std::string& v) {
    return v == view || v == kAnyView || (v == kAnyConfigView && view != kUserView);
  });
}

}  // namespace

std::string_view error_text(MatchKind kind) {
  switch (kind) {
    case MatchKind::Unrecognized:
      return "Error: Unrecognized command found at '^' position.";
    case MatchKind::Incomplete:
      return "Error: Incomplete command found at '^' position.";
    case MatchKind::Ambiguous:
      return "Error: Ambiguous command found at '^' position.";
    case MatchKind::WrongParameter:
      return "Error: Wrong parameter found at '^' position.";
    case MatchKind::TooManyParameters:
      return "Error: Too many parameters found at '^' position.";
    case MatchKind::Ok:
    case MatchKind::Empty:
      break;
  }
  return {};
}

std::vector<const Form*> Registry::Impl::forms_in(std::string_view view) const {
  std::vector<const Form*> out;
  for (const auto& f : forms)
    if (in_view(specs[f->spec], view)) out.push_back(f.get());
  return out;
}

Registry::Registry() : impl_(std::make_unique<Impl>()) {}
Registry::~Registry() = default;

void Registry::set_common_help(std::map<std::string, std::string, std::less<>> table) {
  impl_->common_help = std::move(table);
}

void Registry::add(CommandSpec spec) {
  if (spec.views.empty()) throw std::invalid_argument(fmt::format("command \"{}\": no views", spec.syntax));
  const std::size_t index = impl_->specs.size();
  auto declared = std::make_unique<Declared>();
  declared->command = spec.syntax;
  auto positive = std::make_unique<Form>(
      Form{index, false, compile_form(spec, spec.syntax, impl_->common_help, *declared)});
  const GraphNode& first = positive->graph.nodes[static_cast<std::size_t>(positive->graph.start)];
  if (first.kind == GraphNode::Kind::Keyword && first.lower == "undo")
    throw std::invalid_argument(fmt::format("command \"{}\": undo forms belong in undo_syntax", spec.syntax));
  std::unique_ptr<Form> undo;
  if (!spec.undo_syntax.empty()) {
    undo = std::make_unique<Form>(
        Form{index, true, compile_form(spec, spec.undo_syntax, impl_->common_help, *declared)});
    const GraphNode& u = undo->graph.nodes[static_cast<std::size_t>(undo->graph.start)];
    // "A line starting with undo matches only undo forms" holds only if every undo form does.
    if (u.kind != GraphNode::Kind::Keyword || u.lower != "undo")
      throw std::invalid_argument(
          fmt::format("command \"{}\": undo_syntax must start with \"undo\"", spec.undo_syntax));
  }
  for (std::size_t i = 0; i < spec.params.size(); ++i) {
    const std::string& name = spec.params[i].name;
    if (!declared->names.count(name))
      throw std::invalid_argument(
          fmt::format("command \"{}\": {} is declared but not in the syntax", spec.syntax, name));
    for (std::size_t j = 0; j < i; ++j)
      if (spec.params[j].name == name)
        throw std::invalid_argument(fmt::format("command \"{}\": {} is declared twice", spec.syntax, name));
  }
  impl_->specs.push_back(std::move(spec));
  impl_->declared.push_back(std::move(declared));
  impl_->forms.push_back(std::move(positive));
  if (undo) impl_->forms.push_back(std::move(undo));
}

MatchResult Registry::match(std::string_view view, std::string_view line) const {
  MatchResult out;
  const std::vector<Token> tokens = tokenize(line);
  if (tokens.empty()) {
    out.kind = MatchKind::Empty;
    return out;
  }
  const std::vector<const Form*> forms = impl_->forms_in(view);
  RunResult r = run(forms, tokens, line, trimmed_length(line) + 1);
  if (r.accepted) {
    out.kind = MatchKind::Ok;
    out.spec = &impl_->specs[r.accepted->spec];
    out.undo = r.accepted->undo;
    out.args = std::move(r.args);
    out.args.declared = impl_->declared[r.accepted->spec].get();
  } else {
    out.kind = r.error;
    out.error_col = r.error_col;
  }
  return out;
}

const std::vector<CommandSpec>& Registry::specs() const {
  return impl_->specs;
}

}  // namespace vrsh::cli
