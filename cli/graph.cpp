#include "cli/graph.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "cli/syntax/grammar.hpp"
#include "cli/tokenize.hpp"

namespace vrsh::cli {

namespace {

// A repeat group's used-branch set is a 64-bit mask.
constexpr std::size_t kMaxRepeatBranches = 64;

class Compiler {
 public:
  Compiler(const CommandSpec& spec, const std::string& syntax, const HelpTable& common, Declared& declared,
           Graph& g)
      : spec_(spec), syntax_(syntax), common_(common), declared_(declared), g_(g) {}

  // Compiles `seq` so that it continues at `next`; returns its first node.
  int sequence(const syntax::Sequence& seq, int next) {
    for (auto it = seq.rbegin(); it != seq.rend(); ++it) next = element(*it, next);
    return next;
  }

 private:
  int add(GraphNode n) {
    g_.nodes.push_back(std::move(n));
    return static_cast<int>(g_.nodes.size()) - 1;
  }

  [[noreturn]] void fail(const std::string& why) const {
    throw std::invalid_argument(fmt::format("command \"{}\": {}", syntax_, why));
  }

  std::string help_for(const std::string& key, bool is_undo_keyword) const {
    if (auto it = spec_.help.find(key); it != spec_.help.end()) return it->second;
    if (auto it = common_.find(key); it != common_.end()) return it->second;
    if (is_undo_keyword) return kUndoHelp;
    fail(fmt::format("no help for \"{}\"", key));
  }

  const ParamDecl& decl(const std::string& name, bool keyword) const {
    for (const auto& d : spec_.params)
      if (d.name == name) {
        if ((d.kind == ValueKind::Keyword) != keyword)
          fail(fmt::format("{} is declared as a {}", name, kind_name(d.kind)));
        return d;
      }
    fail(keyword ? fmt::format("${} is not declared", name) : fmt::format("no type for <{}>", name));
  }

  int element(const syntax::Node& n, int next) {
    switch (n.kind) {
      case syntax::Node::Kind::Keyword: {
        GraphNode k;
        k.kind = GraphNode::Kind::Keyword;
        k.word = n.text;
        k.lower = ascii_lower(n.text);
        k.help = help_for(n.text, k.lower == "undo");
        k.next = {next};
        declared_.keywords.insert(n.text);
        return add(std::move(k));
      }
      case syntax::Node::Kind::Param: {
        GraphNode p;
        p.kind = GraphNode::Kind::Param;
        p.word = n.text;
        if (spec_.help.count("<" + n.text + ">"))
          fail(fmt::format("help for <{}> belongs in its ParamDecl or type", n.text));
        const ParamDecl& d = decl(n.text, false);
        if (!d.type.parse) fail(fmt::format("no type for <{}>", n.text));
        if (d.type.kind != d.kind)
          fail(fmt::format("<{}> is read as a {} but its type gives a {}", n.text, kind_name(d.kind),
                           kind_name(d.type.kind)));
        p.help = d.help.empty() ? d.type.help : d.help;
        if (p.help.empty()) fail(fmt::format("no help for \"<{}>\"", n.text));
        declared_.names[n.text].kind = d.kind;
        g_.types.push_back(d.type);
        p.type = static_cast<int>(g_.types.size()) - 1;
        p.next = {next};
        return add(std::move(p));
      }
      case syntax::Node::Kind::Group:
        return n.repeat ? repeat_group(n, next) : group(n, next);
    }
    fail("unknown syntax element");
  }

  // A bound group's branches each start with the keyword the handler reads as `$bind`.
  void bind_branch(const syntax::Node& group, int first) {
    if (group.bind.empty()) return;
    decl(group.bind, true);
    GraphNode& k = g_.nodes[static_cast<std::size_t>(first)];
    if (k.kind != GraphNode::Kind::Keyword)
      fail(fmt::format("every branch bound to ${} must start with a keyword", group.bind));
    k.bind = group.bind;
    auto& name = declared_.names[group.bind];
    name.kind = ValueKind::Keyword;
    name.words.insert(k.word);
  }

  int group(const syntax::Node& n, int next) {
    GraphNode split;
    split.kind = GraphNode::Kind::Split;
    for (const auto& alt : n.alternatives) {
      split.next.push_back(sequence(alt, next));
      bind_branch(n, split.next.back());
    }
    if (n.optional) split.next.push_back(next);
    return add(std::move(split));
  }

  int repeat_group(const syntax::Node& n, int next) {
    if (n.alternatives.size() > kMaxRepeatBranches)
      fail(fmt::format("a repeat group has more than {} alternatives", kMaxRepeatBranches));
    const int gid = static_cast<int>(g_.groups.size());
    g_.groups.emplace_back();
    g_.groups[static_cast<std::size_t>(gid)].optional = n.optional;

    GraphNode exit_node;
    exit_node.kind = GraphNode::Kind::RepeatExit;
    exit_node.group = gid;
    exit_node.next = {next};
    const int exit_id = add(std::move(exit_node));

    GraphNode after;
    after.kind = GraphNode::Kind::RepeatNext;
    after.group = gid;
    const int after_id = add(std::move(after));

    std::vector<int> branches;
    for (const auto& alt : n.alternatives) {
      branches.push_back(sequence(alt, after_id));
      bind_branch(n, branches.back());
    }

    GraphNode choose;
    choose.kind = GraphNode::Kind::RepeatChoose;
    choose.group = gid;
    const int choose_id = add(std::move(choose));

    GraphNode enter;
    enter.kind = GraphNode::Kind::RepeatEnter;
    enter.group = gid;
    enter.next = {choose_id};

    auto& grp = g_.groups[static_cast<std::size_t>(gid)];
    grp.branches = std::move(branches);
    grp.exit = exit_id;
    return add(std::move(enter));
  }

  const CommandSpec& spec_;
  const std::string& syntax_;
  const HelpTable& common_;
  Declared& declared_;
  Graph& g_;
};

}  // namespace

Graph compile_form(const CommandSpec& spec, const std::string& syntax, const HelpTable& common,
                   Declared& declared) {
  syntax::Sequence seq;
  try {
    seq = syntax::parse(syntax);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(fmt::format("command \"{}\": {}", syntax, e.what()));
  }
  Graph g;
  GraphNode accept;
  accept.kind = GraphNode::Kind::Accept;
  g.nodes.push_back(std::move(accept));
  Compiler c(spec, syntax, common, declared, g);
  g.start = c.sequence(seq, 0);
  return g;
}

}  // namespace vrsh::cli
