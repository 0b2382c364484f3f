#pragma once
// Typed access to the values of one matched command line, as FRR's DEFPY binds `$name`: a
// handler reads `<param>`s and `{ ... }$name` keyword choices through Arg keys whose C++ type is
// the value type, so a misspelt name is a compile error and a key of another command throws
// std::logic_error instead of yielding a silent default.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "cli/value_types.hpp"

namespace vrsh::cli {

// The handle on one name of a command's syntax. T is what the handler gets: for Integer any
// integral type the parameter's range fits in.
template <class T, ValueKind K>
struct Arg {
  using type = T;
  static constexpr ValueKind kind = K;
  std::string_view name;
};

template <class T = std::int64_t>
using IntArg = Arg<T, ValueKind::Integer>;
using Ipv4Arg = Arg<model::Ipv4, ValueKind::Ipv4>;  // addresses and masks
using Ipv6Arg = Arg<model::Ipv6, ValueKind::Ipv6>;
using MacArg = Arg<model::MacAddr, ValueKind::Mac>;
using TextArg = Arg<std::string, ValueKind::String>;   // strings, texts, interface names
using WordArg = Arg<std::string, ValueKind::Keyword>;  // the keyword chosen in a `$name` group

// What one command declares: every `<param>` and `$name` of its syntax and undo syntax with its
// kind (and for `$name` the keywords it may bind), plus its plain keywords. Built by Registry::add.
struct Declared {
  struct Name {
    ValueKind kind = ValueKind::String;
    std::set<std::string> words;  // Keyword: the choices
  };
  std::string command;  // the syntax, for messages
  std::map<std::string, Name, std::less<>> names;
  std::set<std::string, std::less<>> keywords;

  // Throws std::logic_error naming the command when `name` is not declared with `kind`.
  const Name& at(std::string_view name, ValueKind kind) const;
};

struct Args {
  std::vector<std::string> keywords;                        // full forms, in line order
  std::vector<std::pair<std::string, std::string>> params;  // <name> (without brackets) -> normalized text
  std::vector<Value> values;                                // typed, parallel to `params`
  std::vector<std::pair<std::string, std::string>> words;   // $name -> chosen keyword (full form)
  const Declared* declared = nullptr;                       // set on a registry match

  // The value of a param the line must hold (required by the syntax); logic_error when absent.
  template <class T, ValueKind K>
  T operator[](Arg<T, K> key) const {
    auto v = opt(key);
    if (!v) missing(key.name);
    return *v;
  }
  template <class T, ValueKind K>
  std::optional<T> opt(Arg<T, K> key) const {
    const auto all_values = all(key);
    if (all_values.empty()) return std::nullopt;
    return all_values.front();
  }
  template <class T, ValueKind K>
  T value_or(Arg<T, K> key, T fallback) const {
    return opt(key).value_or(std::move(fallback));
  }
  template <class T, ValueKind K>
  bool has(Arg<T, K> key) const {
    return !all(key).empty();
  }
  // Every value bound to `key`, in line order (a param inside a repeat group may occur often).
  template <class T, ValueKind K>
  std::vector<T> all(Arg<T, K> key) const {
    check(key.name, K);
    std::vector<T> out;
    if constexpr (K == ValueKind::Keyword) {
      for (const auto& [name, word] : words)
        if (name == key.name) out.push_back(word);
    } else {
      for (std::size_t i = 0; i < params.size() && i < values.size(); ++i)
        if (params[i].first == key.name) out.push_back(convert<T, K>(values[i]));
    }
    return out;
  }
  // The choice bound to `key` is `word`; logic_error when `word` is not one of its keywords.
  bool is(WordArg key, std::string_view word) const;

  // Text forms, for tests and diagnostics: a keyword or param of the line; a param's normalized
  // text ("" when absent). Both throw std::logic_error for names the command does not declare.
  bool has(std::string_view keyword_or_param) const;
  std::string get(std::string_view param) const;

 private:
  void check(std::string_view name, ValueKind kind) const {
    if (declared) declared->at(name, kind);
  }
  [[noreturn]] void missing(std::string_view name) const;
  template <class T, ValueKind K>
  static T convert(const Value& v) {
    if constexpr (K == ValueKind::Integer)
      return static_cast<T>(std::get<std::int64_t>(v));
    else if constexpr (K == ValueKind::Ipv4)
      return std::get<model::Ipv4>(v);
    else if constexpr (K == ValueKind::Ipv6)
      return std::get<model::Ipv6>(v);
    else if constexpr (K == ValueKind::Mac)
      return std::get<model::MacAddr>(v);
    else
      return std::get<std::string>(v);
  }
};

}  // namespace vrsh::cli
