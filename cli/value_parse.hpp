#pragma once
// Strict scalar parsers shared by the parameter types (internal to the cli layer).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vrsh::cli {

// Plain decimal: digits only (a leading '-' when allowed), no '+', no blanks, no overflow.
std::optional<std::int64_t> parse_decimal_int(std::string_view s, bool allow_negative);
// Dotted quad, each part 1-3 digits and at most 255.
std::optional<std::uint32_t> parse_ipv4(std::string_view s);
std::string format_ipv4(std::uint32_t addr);

}  // namespace vrsh::cli
