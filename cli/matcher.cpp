#include "cli/matcher.hpp"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <set>
#include <string_view>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include <stdexcept>
#include <variant>

#include "cli/tokenize.hpp"
#include "cli/value_parse.hpp"

namespace vrsh::cli {

namespace {

// One open repeat group: the branches already taken, and whether the current branch has
// consumed a token yet. A branch that consumed nothing may only leave the group: looping after
// empty branches would enumerate every subset of them without matching anything more.
struct Frame {
  int group = -1;
  std::uint64_t used = 0;
  bool consumed = false;
  auto operator<=>(const Frame&) const = default;
};
using Frames = std::vector<Frame>;

// One token a path consumed: the node that took it, and for a param its value. Paths share
// their common beginnings: each binding names the one before it, and a path keeps only its last,
// so advancing a path costs one binding instead of a copy of every value bound so far (copying
// them was most of the matcher's allocations). Args are built from the chain for the match only.
struct Binding {
  int parent = -1;
  const GraphNode* node = nullptr;  // Keyword or Param
  std::string value;                // Param: normalized text
  Value typed;                      // Param: typed value
  // A secret param: the columns of the line it took, [begin, end) (begin == end: not secret).
  std::size_t secret_begin = 0, secret_end = 0;
};

// A partial match: `node` is where the form continues (before epsilon closure) after the
// tokens before this path's position.
struct Path {
  std::size_t form = 0;
  int node = 0;
  Frames frames;
  int bound = -1;  // last Binding (index into Runner::bindings_), -1 before the first token
  // One letter per token consumed: 'k' keyword, 'p' param. Lexicographic order makes a keyword
  // beat a param at the first position where two matches differ.
  std::string rank;
  // Column of the first abbreviation this path resolved among several keywords (npos: none).
  std::size_t ambiguous_col = std::string::npos;
};

// A consuming node (or Accept) reached from a path by epsilon moves.
struct Alive {
  std::size_t path = 0;
  int node = 0;
  Frames frames;
};

// Caps the states explored at one position: repeat groups whose branches can all be empty could
// otherwise enumerate 2^n masks. Real command sets stay far below it.
constexpr std::size_t kMaxStatesPerPosition = 200000;

// Failure ranking at one position: the higher wins.
int severity(MatchKind k) {
  switch (k) {
    case MatchKind::Ambiguous:
      return 4;
    case MatchKind::WrongParameter:
      return 3;
    case MatchKind::TooManyParameters:
      return 2;
    case MatchKind::Unrecognized:
      return 1;
    default:
      return 0;
  }
}

class Runner {
 public:
  Runner(std::span<const Form* const> forms, std::span<const Token> tokens, std::string_view line,
         std::size_t end_col)
      : forms_(forms), tokens_(tokens), line_(line), end_col_(end_col), agenda_(tokens.size() + 1) {
    node_base_.reserve(forms.size());
    std::size_t total = 0;
    for (const Form* f : forms) {
      node_base_.push_back(total);
      total += f->graph.nodes.size();
    }
    seen_plain_.assign(total, 0);
  }

  RunResult run() {
    for (std::size_t f = 0; f < forms_.size(); ++f)
      agenda_[0].push_back(Path{f, forms_[f]->graph.start, {}, -1, {}, std::string::npos});
    for (std::size_t pos = 0; pos <= tokens_.size(); ++pos) step(pos);
    if (!result_.accepted && (!result_.next.empty() || !result_.pending.empty()))
      fail(end_col_, MatchKind::Incomplete);
    if (!result_.accepted && result_.next.empty() && result_.pending.empty() && !result_.complete &&
        best_kind_ == MatchKind::Ok)
      fail(tokens_.empty() ? 0 : tokens_.front().col, MatchKind::Unrecognized);
    // An abbreviation shared by several keywords is resolved by the rest of the line (`c c c` is
    // clear configuration candidate: commit takes no `c`), as the vendor's CLI does; when no reading
    // survives, the ambiguous word is what the operator must fix.
    if (!result_.accepted && result_.next.empty() && result_.pending.empty() &&
        ambiguous_col_ != std::string::npos) {
      best_kind_ = MatchKind::Ambiguous;
      best_col_ = ambiguous_col_;
    }
    if (!result_.accepted) {
      result_.error = best_kind_;
      result_.error_col = best_col_;
    }
    return std::move(result_);
  }

 private:
  const Graph& graph(std::size_t form) const { return forms_[form]->graph; }

  void fail(std::size_t col, MatchKind kind) {
    if (best_kind_ == MatchKind::Ok || col > best_col_ ||
        (col == best_col_ && severity(kind) > severity(best_kind_))) {
      best_col_ = col;
      best_kind_ = kind;
    }
  }

  // Epsilon closure of every path at `pos`, best-ranked first so that a state reached by two
  // paths keeps the better one.
  const std::vector<Alive>& closure(std::vector<Path>& paths) {
    std::vector<std::size_t>& order = order_;
    order.resize(paths.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto better = [&](std::size_t a, std::size_t b) {
      return std::tie(paths[a].rank, paths[a].form) < std::tie(paths[b].rank, paths[b].form);
    };
    // Paths mostly arrive in order already (all of them at the first token); a stable sort of a
    // sorted range changes nothing.
    if (!std::is_sorted(order.begin(), order.end(), better))
      std::stable_sort(order.begin(), order.end(), better);
    // States seen at this position: outside repeat groups (no frames) a state is its form and node,
    // one mark in a table stamped with this closure's number; inside, the frames are part of it.
    ++stamp_;
    std::set<std::tuple<std::size_t, int, Frames>> seen_framed;
    std::size_t states = 0;
    std::vector<Alive>& out = alive_;
    out.clear();
    std::vector<std::pair<int, Frames>>& stack = stack_;
    for (std::size_t pi : order) {
      const Graph& g = graph(paths[pi].form);
      stack.clear();
      stack.emplace_back(paths[pi].node, paths[pi].frames);
      while (!stack.empty() && states < kMaxStatesPerPosition) {
        auto [node, frames] = std::move(stack.back());
        stack.pop_back();
        if (frames.empty()) {
          std::uint32_t& mark = seen_plain_[node_base_[paths[pi].form] + static_cast<std::size_t>(node)];
          if (mark == stamp_) continue;
          mark = stamp_;
        } else if (!seen_framed.emplace(paths[pi].form, node, frames).second) {
          continue;
        }
        ++states;
        const GraphNode& n = g.nodes[static_cast<std::size_t>(node)];
        switch (n.kind) {
          case GraphNode::Kind::Keyword:
          case GraphNode::Kind::Param:
          case GraphNode::Kind::Accept:
            out.push_back(Alive{pi, node, std::move(frames)});
            break;
          case GraphNode::Kind::Split:
            // Reverse push so that alternatives are explored in declaration order.
            for (auto it = n.next.rbegin(); it != n.next.rend(); ++it) stack.emplace_back(*it, frames);
            break;
          case GraphNode::Kind::RepeatEnter:
            frames.push_back(Frame{n.group, 0, false});
            stack.emplace_back(n.next.front(), std::move(frames));
            break;
          case GraphNode::Kind::RepeatChoose:
            choose(g, n.group, frames, stack, true);
            break;
          case GraphNode::Kind::RepeatNext:
            choose(g, n.group, frames, stack, !frames.empty() && frames.back().consumed);
            break;
          case GraphNode::Kind::RepeatExit:
            if (!frames.empty()) frames.pop_back();
            stack.emplace_back(n.next.front(), std::move(frames));
            break;
        }
      }
    }
    return out;
  }

  // At a repeat group's decision point: leave it (if allowed) or take an unused branch.
  static void choose(const Graph& g, int gid, const Frames& frames,
                     std::vector<std::pair<int, Frames>>& stack, bool may_continue) {
    if (frames.empty() || frames.back().group != gid) return;  // cannot happen for compiled graphs
    const RepeatGroup& grp = g.groups[static_cast<std::size_t>(gid)];
    const std::uint64_t used = frames.back().used;
    if (grp.optional || used != 0) stack.emplace_back(grp.exit, frames);
    if (!may_continue) return;
    for (std::size_t i = grp.branches.size(); i-- > 0;) {
      const std::uint64_t bit = std::uint64_t{1} << i;
      if (used & bit) continue;
      Frames f = frames;
      f.back().used |= bit;
      f.back().consumed = false;
      stack.emplace_back(grp.branches[i], std::move(f));
    }
  }

  void advance(std::size_t to, const Path& from, const Alive& a, const GraphNode& n, ParamParse value,
               std::size_t consumed) {
    Binding b{from.bound, &n, {}, {}};
    Path p{from.form, n.next.front(),    a.frames, static_cast<int>(bindings_.size()),
           from.rank, from.ambiguous_col};
    for (Frame& f : p.frames) f.consumed = true;
    if (n.kind == GraphNode::Kind::Keyword) {
      p.rank += 'k';
    } else {
      const ParamType& type = forms_[from.form]->graph.types[static_cast<std::size_t>(n.type)];
      b.typed = typed(type, value);
      b.value = std::move(value.value);
      if (type.secret) {
        b.secret_begin = tokens_[to - consumed].col;
        b.secret_end = tokens_[to - 1].col + tokens_[to - 1].text.size();
      }
      p.rank.append(consumed, 'p');
    }
    bindings_.push_back(std::move(b));
    agenda_[to].push_back(std::move(p));
  }

  // The bindings of a path, first token first.
  std::vector<const Binding*> chain(int last) const {
    std::vector<const Binding*> out;
    for (int i = last; i >= 0; i = bindings_[static_cast<std::size_t>(i)].parent)
      out.push_back(&bindings_[static_cast<std::size_t>(i)]);
    std::reverse(out.begin(), out.end());
    return out;
  }

  // The full keywords a path took, in line order.
  std::vector<std::string_view> keywords(int last) const {
    std::vector<std::string_view> out;
    for (const Binding* b : chain(last))
      if (b->node->kind == GraphNode::Kind::Keyword) out.push_back(b->node->word);
    return out;
  }

  Args args(int last) const {
    Args out;
    for (const Binding* b : chain(last)) {
      const GraphNode& n = *b->node;
      if (n.kind == GraphNode::Kind::Keyword) {
        out.keywords.push_back(n.word);
        if (!n.bind.empty()) out.words.emplace_back(n.bind, n.word);
      } else {
        out.values.push_back(b->typed);
        out.params.emplace_back(n.word, b->value);
      }
    }
    return out;
  }

  // The typed value of a parse; Integer and String types may leave it to the normalized text.
  static Value typed(const ParamType& type, ParamParse& r) {
    if (!std::holds_alternative<std::monostate>(r.typed)) return std::move(r.typed);
    if (type.kind == ValueKind::Integer) {
      if (auto v = parse_decimal_int(r.value, true)) return *v;
    } else if (type.kind == ValueKind::String) {
      return r.value;
    }
    throw std::logic_error(
        fmt::format("a {} parameter gave no typed value for \"{}\"", kind_name(type.kind), r.value));
  }

  ParamParse parse_param(const ParamType& type, std::size_t pos) const {
    try {
      return type.parse(tokens_.subspan(pos), line_);
    } catch (const std::exception&) {
      return {};  // a throwing validator rejects the value; it must not take the shell down
    }
  }

  void step(std::size_t pos) {
    std::vector<Path> paths = std::move(agenda_[pos]);
    if (paths.empty()) return;
    const std::vector<Alive>& alive = closure(paths);
    bool complete = false;
    for (const Alive& a : alive) {
      const GraphNode& n = graph(paths[a.path].form).nodes[static_cast<std::size_t>(a.node)];
      if (n.kind == GraphNode::Kind::Accept) complete = true;
    }

    if (pos == tokens_.size()) {
      // Readings that took different keywords for an ambiguous abbreviation and both survive to
      // the end of the line (complete or not): the line is ambiguous (`dis c`).
      std::size_t first_ambiguous = std::string::npos;
      for (const Alive& a : alive) first_ambiguous = std::min(first_ambiguous, paths[a.path].ambiguous_col);
      bool several_readings = false;
      if (first_ambiguous != std::string::npos) {
        const std::vector<std::string_view> reading = keywords(paths[alive.front().path].bound);
        for (const Alive& a : alive) {
          if (keywords(paths[a.path].bound) == reading) continue;
          several_readings = true;
          break;
        }
      }
      if (several_readings) {
        fail(first_ambiguous, MatchKind::Ambiguous);
        best_kind_ = MatchKind::Ambiguous;
        best_col_ = first_ambiguous;
        return;
      }
      result_.complete = complete;
      for (const Alive& a : alive) {
        const Form* form = forms_[paths[a.path].form];
        const GraphNode& n = form->graph.nodes[static_cast<std::size_t>(a.node)];
        if (n.kind == GraphNode::Kind::Accept) {
          // `alive` follows the rank order, so the first Accept is the preferred match.
          if (!result_.accepted) {
            result_.accepted = form;
            result_.args = args(paths[a.path].bound);
            for (const Binding* b : chain(paths[a.path].bound))
              if (b->secret_end > b->secret_begin)
                result_.secrets.emplace_back(b->secret_begin, b->secret_end);
          }
        } else {
          result_.next.push_back(NextNode{form, &n});
        }
      }
      return;
    }

    const Token& tok = tokens_[pos];
    const std::string typed = ascii_lower(tok.text);
    // The distinct keywords the word abbreviates (few: the line's first word already chose the forms).
    std::vector<std::string_view> prefixed;
    bool exact = false;
    for (const Alive& a : alive) {
      const GraphNode& n = graph(paths[a.path].form).nodes[static_cast<std::size_t>(a.node)];
      if (n.kind != GraphNode::Kind::Keyword) continue;
      if (n.lower == typed) exact = true;
      if (istarts_with(n.lower, typed) &&
          std::find(prefixed.begin(), prefixed.end(), n.lower) == prefixed.end())
        prefixed.push_back(n.lower);
    }
    std::string_view chosen;
    if (exact)
      chosen = typed;
    else if (prefixed.size() == 1)
      chosen = prefixed.front();
    const bool ambiguous = !exact && prefixed.size() > 1;

    bool advanced = false;
    bool param_possible = false;
    for (const Alive& a : alive) {
      const Path& from = paths[a.path];
      const Form* form = forms_[from.form];
      const GraphNode& n = form->graph.nodes[static_cast<std::size_t>(a.node)];
      if (n.kind == GraphNode::Kind::Keyword && !chosen.empty() && n.lower == chosen) {
        advance(pos + 1, from, a, n, ParamParse{}, 1);
        advanced = true;

      } else if (n.kind == GraphNode::Kind::Param) {
        param_possible = true;
        ParamParse r = parse_param(form->graph.types[static_cast<std::size_t>(n.type)], pos);
        if (r.consumed > 0 && r.consumed <= tokens_.size() - pos) {
          const std::size_t consumed = r.consumed;
          advance(pos + consumed, from, a, n, std::move(r), consumed);
          advanced = true;
        } else if (r.consumed == 0 && r.incomplete) {
          result_.pending.push_back(PendingParam{form, &n, std::move(r.expect)});
        }
      }
    }
    if (advanced) return;
    if (ambiguous) {
      // No param takes the word either: follow every keyword the abbreviation may stand for and
      // let the rest of the line decide.
      for (const Alive& a : alive) {
        const GraphNode& n = graph(paths[a.path].form).nodes[static_cast<std::size_t>(a.node)];
        if (n.kind != GraphNode::Kind::Keyword ||
            std::find(prefixed.begin(), prefixed.end(), n.lower) == prefixed.end())
          continue;
        advance(pos + 1, paths[a.path], a, n, ParamParse{}, 1);
        Path& p = agenda_[pos + 1].back();
        p.ambiguous_col = std::min(p.ambiguous_col, tok.col);
      }
      ambiguous_col_ = std::min(ambiguous_col_, tok.col);
      return;
    }
    if (param_possible)
      fail(tok.col, MatchKind::WrongParameter);
    else if (complete)
      fail(tok.col, MatchKind::TooManyParameters);
    else
      fail(tok.col, MatchKind::Unrecognized);
  }

  std::span<const Form* const> forms_;
  std::span<const Token> tokens_;
  std::string_view line_;
  std::size_t end_col_;
  std::vector<std::vector<Path>> agenda_;
  std::vector<Binding> bindings_;
  // closure()'s scratch, kept between positions so that each line allocates them once.
  std::vector<std::size_t> order_;
  std::vector<std::pair<int, Frames>> stack_;
  std::vector<Alive> alive_;               // what closure() returns, valid until its next call
  std::vector<std::size_t> node_base_;     // per form: where its nodes start in seen_plain_
  std::vector<std::uint32_t> seen_plain_;  // per node of every form: the closure that last reached it
  std::uint32_t stamp_ = 0;
  RunResult result_;
  MatchKind best_kind_ = MatchKind::Ok;
  std::size_t best_col_ = 0;
  std::size_t ambiguous_col_ = std::string::npos;  // first abbreviation followed into several keywords
};

}  // namespace

RunResult run(std::span<const Form* const> forms, std::span<const Token> tokens, std::string_view line,
              std::size_t end_col) {
  return Runner(forms, tokens, line, end_col).run();
}

}  // namespace vrsh::cli
