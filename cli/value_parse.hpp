#pragma once
// Strict scalar parsers shared by the parameter types (internal to the cli layer).
#include <cstdint>
#include <optional>
#include <string_view>

namespace vrsh::cli {

// Plain decimal: digits only (a leading '-' when allowed), no '+', no blanks, no overflow.
std::optional<std::int64_t> parse_decimal_int(std::string_view s, bool allow_negative);

}  // namespace vrsh::cli
