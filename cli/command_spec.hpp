#pragma once
// The declarative record for one CLI command: syntax in vendor notation, help per token, typed
// parameters and the handler. The cli layer knows nothing of the domain; handlers capture it.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/args.hpp"
#include "cli/value_types.hpp"

namespace vrsh::cli {

class Ctx;

enum class Status { Ok, Error };

using Handler = std::function<Status(Ctx&, const Args&)>;

// View names used by the registry. "user" and "system" are built in; features add their own
// (e.g. "esqm", "interface", "nqa-ipfpm-dcp-instance").
inline constexpr std::string_view kUserView = "user";
inline constexpr std::string_view kSystemView = "system";
inline constexpr std::string_view kAnyView = "*";              // every view, user view included
inline constexpr std::string_view kAnyConfigView = "*config";  // every view except user view

// One `<param>` or `$name` of a command: its key, and for a param its type. `help` overrides the
// type's own help for this command; one of them must say something.
struct ParamDecl {
  std::string name;
  ValueKind kind = ValueKind::String;
  ParamType type{};
  std::string help{};

  template <class T, ValueKind K>
  ParamDecl(Arg<T, K> key, ParamType t, std::string h = {})
      : name(key.name), kind(K), type(std::move(t)), help(std::move(h)) {}
  // A `$name` keyword choice.
  ParamDecl(WordArg key) : name(key.name), kind(ValueKind::Keyword) {}  // NOLINT: implicit by design
  // By name, kind from the type: for tests and generated specs that read values as text.
  ParamDecl(std::string n, ParamType t, std::string h = {})
      : name(std::move(n)), kind(t.kind), type(std::move(t)), help(std::move(h)) {}
};

struct CommandSpec {
  // Default member initializers let declarations omit fields with designated initializers.
  std::vector<std::string> views{};  // where the command can be typed
  std::string syntax{};              // e.g. "esqm service-stream { inbound | outbound }"
  std::string undo_syntax{};         // e.g. "undo esqm service-stream { inbound | outbound }"; empty: none
  std::map<std::string, std::string> help{};  // keyword -> description (params: ParamDecl)
  std::vector<ParamDecl> params{};            // every <param> and $name of both syntaxes
  Handler run{};
  // Starts something that runs (an on-demand measurement) and is never saved: the configuration
  // round-trip law does not cover it.
  bool runtime = false;
};

}  // namespace vrsh::cli
