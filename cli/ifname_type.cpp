// Interface-name parameter: vendor abbreviations ("g0/1/0", "loop 1") normalized to the
// canonical name ("GigabitEthernet0/1/0", "LoopBack1").
#include <fmt/format.h>

#include <optional>

#include "cli/tokenize.hpp"
#include "cli/value_parse.hpp"
#include "cli/value_types.hpp"

namespace vrsh::cli::types {

namespace {

constexpr std::int64_t kMaxPart = 65535;
constexpr std::int64_t kMaxSubif = 4096;

// The catalogue entry that `word` names: an exact (case-insensitive) name, else the only name
// it is a prefix of.
const IfTypeDef* resolve(std::string_view word, const std::vector<IfTypeDef>& catalogue) {
  const IfTypeDef* found = nullptr;
  for (const auto& def : catalogue) {
    if (iequals(def.name, word)) return &def;
    if (istarts_with(def.name, word)) {
      if (found) return nullptr;  // ambiguous
      found = &def;
    }
  }
  return found;
}

// "0/1/0" or "0/1/0.1" for `def`, normalized ("00/1/0" -> "0/1/0").
std::optional<std::string> number(std::string_view s, const IfTypeDef& def) {
  std::string sub;
  if (const std::size_t dot = s.find('.'); dot != std::string_view::npos) {
    if (!def.allow_subif) return std::nullopt;
    auto n = parse_decimal_int(s.substr(dot + 1), false);
    if (!n || *n < 1 || *n > kMaxSubif) return std::nullopt;
    sub = fmt::format(".{}", *n);
    s = s.substr(0, dot);
  }
  std::string out;
  int parts = 0;
  while (true) {
    const std::size_t slash = s.find('/');
    auto n = parse_decimal_int(s.substr(0, slash), false);
    if (!n || *n > kMaxPart) return std::nullopt;
    out += fmt::format("{}{}", parts ? "/" : "", *n);
    ++parts;
    if (slash == std::string_view::npos) break;
    s = s.substr(slash + 1);
  }
  if (parts < def.min_parts || parts > def.max_parts) return std::nullopt;
  return out + sub;
}

// '?' hint for the number that must follow a bare type word: "<X/X/X[.Y]>".
std::string number_hint(const IfTypeDef& def) {
  std::string s = "<X";
  for (int i = 1; i < def.max_parts; ++i) s += i < def.min_parts ? "/X" : "[/X";
  for (int i = std::max(def.min_parts, 1); i < def.max_parts; ++i) s += ']';
  if (def.allow_subif) s += "[.Y]";
  return s + '>';
}

}  // namespace

ParamType ifname(std::vector<IfTypeDef> catalogue) {
  ParamType t;
  t.placeholder = "<interface-type><interface-number>";
  for (const auto& def : catalogue) t.words.emplace_back(def.name, def.description);
  t.parse = [catalogue = std::move(catalogue)](std::span<const Token> rest, std::string_view) -> ParamParse {
    if (rest.empty()) return {};
    const std::string_view tok = rest[0].text;
    // One token: type prefix glued to the number. The longest type part wins, so names that
    // contain digits ("100GE0/1/0") split right.
    for (std::size_t k = tok.size(); k-- > 1;) {
      if (tok[k] < '0' || tok[k] > '9') continue;
      const IfTypeDef* def = resolve(tok.substr(0, k), catalogue);
      if (!def) continue;
      if (auto n = number(tok.substr(k), *def)) return ParamParse{1, def->name + *n};
    }
    // Two tokens: "GigabitEthernet 0/1/0".
    const IfTypeDef* def = resolve(tok, catalogue);
    if (!def) return {};
    if (rest.size() < 2) {
      ParamParse p;
      p.incomplete = true;
      p.expect = number_hint(*def);
      return p;
    }
    if (auto n = number(rest[1].text, *def)) return ParamParse{2, def->name + *n};
    return {};
  };
  return t;
}

}  // namespace vrsh::cli::types
