#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "cli/pipe.hpp"
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

void Registry::Impl::index_form(std::size_t form) {
  // Every consuming node reachable from the start without a token. Repeat groups are walked
  // without their branch masks, which can only add nodes: a superset keeps the result exact.
  const Graph& g = forms[form]->graph;
  std::vector<bool> seen(g.nodes.size());
  std::vector<int> stack{g.start};
  bool open = false;
  std::vector<std::string> words;
  while (!stack.empty()) {
    const int id = stack.back();
    stack.pop_back();
    if (seen[static_cast<std::size_t>(id)]) continue;
    seen[static_cast<std::size_t>(id)] = true;
    const GraphNode& n = g.nodes[static_cast<std::size_t>(id)];
    switch (n.kind) {
      case GraphNode::Kind::Keyword:
        words.push_back(n.lower);
        break;
      case GraphNode::Kind::Param:
      case GraphNode::Kind::Accept:
        open = true;
        break;
      case GraphNode::Kind::RepeatChoose:
      case GraphNode::Kind::RepeatNext: {
        const RepeatGroup& grp = g.groups[static_cast<std::size_t>(n.group)];
        stack.insert(stack.end(), grp.branches.begin(), grp.branches.end());
        stack.push_back(grp.exit);
        break;
      }
      default:
        stack.insert(stack.end(), n.next.begin(), n.next.end());
    }
  }
  if (open) open_start.push_back(form);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  for (const std::string& w : words) by_first_keyword[w].push_back(form);
}

std::vector<const Form*> Registry::Impl::forms_in(std::string_view view, std::string_view first_word) const {
  const std::string typed = ascii_lower(first_word);
  std::vector<std::size_t> ids = open_start;
  // Keywords that `typed` abbreviates sort together, starting at `typed` itself.
  for (auto it = by_first_keyword.lower_bound(typed);
       it != by_first_keyword.end() && it->first.compare(0, typed.size(), typed) == 0; ++it)
    ids.insert(ids.end(), it->second.begin(), it->second.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<const Form*> out;
  for (std::size_t id : ids)
    if (in_view(specs[forms[id]->spec], view)) out.push_back(forms[id].get());
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
  // The vendor's filters apply to the output of every display command.
  impl_->displays.push_back(first.kind == GraphNode::Kind::Keyword && first.lower == "display");
  impl_->specs.push_back(std::move(spec));
  impl_->declared.push_back(std::move(declared));
  impl_->forms.push_back(std::move(positive));
  impl_->index_form(impl_->forms.size() - 1);
  if (undo) {
    impl_->forms.push_back(std::move(undo));
    impl_->index_form(impl_->forms.size() - 1);
  }
}

MatchResult Registry::match(std::string_view view, std::string_view line) const {
  MatchResult out;
  const std::vector<Token> tokens = tokenize(line);
  if (tokens.empty()) {
    out.kind = MatchKind::Empty;
    return out;
  }
  const std::vector<const Form*> forms = impl_->forms_in(view, tokens.front().text);
  const std::size_t end_col = trimmed_length(line) + 1;
  RunResult r;
  bool filtered = false;
  if (const auto bar = find_pipe(tokens, line)) {
    // A display command before the `|` takes the filter after it.
    const std::string_view before = line.substr(0, tokens[*bar].col);
    r = run(forms, std::span<const Token>(tokens).first(*bar), before, trimmed_length(before) + 1);
    if (impl_->filters(r)) {
      PipeParse p = parse_pipe(std::span<const Token>(tokens).subspan(*bar + 1), line, end_col);
      if (p.kind != MatchKind::Ok) {
        out.kind = p.kind;
        out.error_col = p.error_col;
        return out;
      }
      out.filter = std::move(p.filter);
      filtered = true;
    }
  }
  if (!filtered) r = run(forms, tokens, line, end_col);
  if (r.accepted) {
    out.kind = MatchKind::Ok;
    out.spec = &impl_->specs[r.accepted->spec];
    out.undo = r.accepted->undo;
    out.args = std::move(r.args);
    out.secrets = std::move(r.secrets);
    out.args.declared = impl_->declared[r.accepted->spec].get();
    out.display = impl_->displays[r.accepted->spec];
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
