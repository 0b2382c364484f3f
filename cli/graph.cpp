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
  Compiler(const CommandSpec& spec, const std::string& syntax, Graph& g)
      : spec_(spec), syntax_(syntax), g_(g) {}

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
    auto it = spec_.help.find(key);
    if (it != spec_.help.end()) return it->second;
    if (is_undo_keyword) return kUndoHelp;
    fail(fmt::format("no help for \"{}\"", key));
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
        return add(std::move(k));
      }
      case syntax::Node::Kind::Param: {
        GraphNode p;
        p.kind = GraphNode::Kind::Param;
        p.word = n.text;
        p.help = help_for("<" + n.text + ">", false);
        auto t = spec_.params.find(n.text);
        if (t == spec_.params.end() || !t->second.parse) fail(fmt::format("no type for <{}>", n.text));
        g_.types.push_back(t->second);
        p.type = static_cast<int>(g_.types.size()) - 1;
        p.next = {next};
        return add(std::move(p));
      }
      case syntax::Node::Kind::Group:
        return n.repeat ? repeat_group(n, next) : group(n, next);
    }
    fail("unknown syntax element");
  }

  int group(const syntax::Node& n, int next) {
    GraphNode split;
    split.kind = GraphNode::Kind::Split;
    for (const auto& alt : n.alternatives) split.next.push_back(sequence(alt, next));
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
    for (const auto& alt : n.alternatives) branches.push_back(sequence(alt, after_id));

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
  Graph& g_;
};

}  // namespace

Graph compile_form(const CommandSpec& spec, const std::string& syntax) {
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
  Compiler c(spec, syntax, g);
  g.start = c.sequence(seq, 0);
  return g;
}

}  // namespace vrsh::cli
