#pragma once
// The declarative record for one CLI command: syntax in vendor notation, help per token, typed
// parameters and the handler. The cli layer knows nothing of the domain; handlers capture it.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/value_types.hpp"

namespace vrsh::cli {

class Ctx;

// Bound values of one matched command line. Keywords are stored in their full form.
struct Args {
  std::vector<std::string> keywords;                        // full forms, in line order
  std::vector<std::pair<std::string, std::string>> params;  // <name> (without brackets) -> normalized value

  bool has(std::string_view keyword_or_param) const;
  std::string get(std::string_view param) const;  // first value; "" when absent
  std::optional<std::string> opt(std::string_view param) const;
  std::vector<std::string> all(std::string_view param) const;
  std::int64_t num(std::string_view param, std::int64_t fallback = 0) const;
};

enum class Status { Ok, Error };

using Handler = std::function<Status(Ctx&, const Args&)>;

// View names used by the registry. "user" and "system" are built in; features add their own
// (e.g. "esqm", "interface", "nqa-ipfpm-dcp-instance").
inline constexpr std::string_view kUserView = "user";
inline constexpr std::string_view kSystemView = "system";
inline constexpr std::string_view kAnyView = "*";              // every view, user view included
inline constexpr std::string_view kAnyConfigView = "*config";  // every view except user view

struct CommandSpec {
  // Default member initializers let declarations omit fields with designated initializers.
  std::vector<std::string> views{};  // where the command can be typed
  std::string syntax{};              // e.g. "esqm service-stream { inbound | outbound }"
  std::string undo_syntax{};         // e.g. "undo esqm service-stream { inbound | outbound }"; empty: none
  std::map<std::string, std::string> help{};  // "keyword" or "<param>" -> description
  std::map<std::string, ParamType> params{};  // "param" (no brackets) -> type
  Handler run{};
};

}  // namespace vrsh::cli
