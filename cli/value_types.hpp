#pragma once
// Typed parameters: each type validates and normalizes the token(s) it is given, and knows its
// placeholder for '?' help (vendor style: INTEGER<1-8355838>, IP_ADDR<X.X.X.X>, STRING<1-31>).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/ip.hpp"

namespace vrsh::cli {

// What a parameter hands to handlers. Keyword: a keyword chosen in a group bound with `$name`.
enum class ValueKind { Integer, Ipv4, Ipv6, Mac, String, Keyword };
std::string_view kind_name(ValueKind k);

// A typed parameter value; monostate only while a parse has not produced one (see ParamParse).
using Value =
    std::variant<std::monostate, std::int64_t, model::Ipv4, model::Ipv6, model::MacAddr, std::string>;

struct Token {
  std::string_view text;
  std::size_t col = 0;  // 0-based column in the line
};

struct ParamParse {
  std::size_t consumed = 0;  // tokens used; 0 = no match
  std::string value;         // normalized value stored in Args
  // consumed == 0 only: the tokens are a valid beginning that needs more (e.g. "GigabitEthernet"
  // at the end of the line), so the line is Incomplete rather than a wrong parameter.
  bool incomplete = false;
  std::string expect = {};  // with `incomplete`: '?' placeholder of what must follow
  // The typed value. Left empty, the matcher derives it from `value` for the Integer and String
  // kinds, so small domain types written as string filters need not build it.
  Value typed = {};
};

struct ParamType {
  std::string placeholder;  // shown by '?', e.g. "INTEGER<1-64>"
  // Parse from the remaining tokens of the line; `line` is the whole raw line so that a
  // rest-of-line type can keep the user's spacing.
  std::function<ParamParse(std::span<const Token> rest, std::string_view line)> parse;
  // Optional fixed words offered by '?' and Tab in place of the placeholder (interface types).
  std::vector<std::pair<std::string, std::string>> words;
  ValueKind kind = ValueKind::String;  // what `typed` holds
  // '?' description of the parameter; a command's declaration may override it (ParamDecl).
  std::string help = {};
  // A password or key: the command history keeps the line with these tokens masked.
  bool secret = false;
  // The value is a command line of this view (`run CMD`): '?' and Tab after it answer as they
  // would in that view. "" for ordinary values.
  std::string command_view = {};
};

namespace types {
ParamType integer(std::int64_t lo, std::int64_t hi);
ParamType ipv4();  // dotted quad (model::parse_ipv4: no leading zeros), normalized
ParamType ipv6();
// "X:X::X/LEN" as one token, LEN in lo..hi (model::parse_ipv6_prefix) -> "X:X::X/LEN" in the
// canonical text (String kind; handlers split it with model::parse_ipv6_prefix).
ParamType ipv6_prefix(int lo, int hi);
ParamType mask();                       // dotted mask or length 0-32 -> dotted mask (Ipv4 kind)
ParamType mask_length(int lo, int hi);  // 0-32 -> decimal (Integer kind)
ParamType string(std::size_t min_len, std::size_t max_len);  // one token, case-sensitive
ParamType text(std::size_t min_len, std::size_t max_len);    // rest of the line
ParamType decimal(double lo, double hi, int places);         // "10" -> "10.000000" for places=6
ParamType mac();  // H-H-H, 1 to 4 hex digits per group -> "00e0-fc12-3456"
// Interface name: "GigabitEthernet0/1/0", "g0/1/0", "GigabitEthernet 0/1/0" (two tokens),
// "LoopBack1", "loop 1", sub-interfaces "GigabitEthernet0/1/0.1". Normalized to the canonical
// name. The catalogue lists (canonical type, description, number pattern) accepted.
struct IfTypeDef {
  std::string name;         // "GigabitEthernet"
  std::string description;  // "GigabitEthernet interface"
  int min_parts = 1;        // slash-separated numbers: 3 for 0/1/0, 1 for LoopBack1
  int max_parts = 1;
  bool allow_subif = false;  // ".N" suffix
};
ParamType ifname(std::vector<IfTypeDef> catalogue);
}  // namespace types

}  // namespace vrsh::cli
