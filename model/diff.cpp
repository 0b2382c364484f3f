#include "model/diff.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <utility>

#include "model/render_tree.hpp"

namespace vrsh::model {
namespace {

template <class T>
using Pair = std::pair<const T*, const T*>;

// Aligns two sequences by identity key, keeping the longest common subsequence. Keys are made
// unique by numbering repeats, so the LCS is a longest increasing subsequence: O(n log n) even
// for thousands of static routes.
template <class T, class KeyFn>
std::vector<Pair<T>> align(const std::vector<T>& a, const std::vector<T>& b, KeyFn key) {
  auto keyed = [&](const std::vector<T>& v) {
    std::vector<std::string> out;
    std::map<std::string, int> seen;
    for (const auto& x : v) {
      std::string k = key(x);
      int n = seen[k]++;
      out.push_back(n == 0 ? k : k + '\x01' + std::to_string(n));
    }
    return out;
  };
  std::vector<std::string> ka = keyed(a), kb = keyed(b);
  std::map<std::string, std::size_t> where;
  for (std::size_t j = 0; j < kb.size(); ++j) where[kb[j]] = j;

  std::vector<std::pair<std::size_t, std::size_t>> cand;  // (i, j) with equal keys
  for (std::size_t i = 0; i < ka.size(); ++i)
    if (auto it = where.find(ka[i]); it != where.end()) cand.emplace_back(i, it->second);

  // Patience LIS over j.
  std::vector<std::size_t> tails, prev(cand.size(), SIZE_MAX);
  for (std::size_t c = 0; c < cand.size(); ++c) {
    auto pos = std::lower_bound(tails.begin(), tails.end(), cand[c].second,
                                [&](std::size_t t, std::size_t j) { return cand[t].second < j; });
    if (pos != tails.begin()) prev[c] = *(pos - 1);
    if (pos == tails.end())
      tails.push_back(c);
    else
      *pos = c;
  }
  std::vector<bool> ma(a.size(), false), mb(b.size(), false);
  for (std::size_t c = tails.empty() ? SIZE_MAX : tails.back(); c != SIZE_MAX; c = prev[c]) {
    ma[cand[c].first] = true;
    mb[cand[c].second] = true;
  }

  std::vector<Pair<T>> out;
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && !ma[i]) {
      out.emplace_back(&a[i++], nullptr);
    } else if (j < b.size() && !mb[j]) {
      out.emplace_back(nullptr, &b[j++]);
    } else {
      out.emplace_back(&a[i++], &b[j++]);
    }
  }
  return out;
}

void emit_all(const Node& n, const char* mark, std::string& out) {
  out += mark;
  out += n.text;
  out += '\n';
  for (const auto& c : n.children) emit_all(c, mark, out);
}

std::string diff_nodes(const std::vector<Node>& a, const std::vector<Node>& b) {
  std::string out;
  for (auto [x, y] : align(a, b, [](const Node& n) { return n.text; })) {
    if (!y) {
      emit_all(*x, "- ", out);
    } else if (!x) {
      emit_all(*y, "+ ", out);
    } else if (std::string sub = diff_nodes(x->children, y->children); !sub.empty()) {
      out += "  " + x->text + "\n" + sub;
    }
  }
  return out;
}

}  // namespace

std::string render_changes(const Config& before, const Config& after) {
  std::vector<Section> sa = build_sections(before), sb = build_sections(after);
  std::string out;
  for (auto [x, y] : align(sa, sb, [](const Section& s) { return s.key; })) {
    std::string body;
    if (!y) {
      for (const auto& n : x->roots) emit_all(n, "- ", body);
    } else if (!x) {
      for (const auto& n : y->roots) emit_all(n, "+ ", body);
    } else {
      body = diff_nodes(x->roots, y->roots);
    }
    if (!body.empty()) out += "  #\n" + body;
  }
  if (!out.empty()) out += "  #\n";
  return out;
}

}  // namespace vrsh::model
