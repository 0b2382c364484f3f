#include <algorithm>
#include <charconv>

#include "cli/command_spec.hpp"

namespace vrsh::cli {

bool Args::has(std::string_view keyword_or_param) const {
  return std::find(keywords.begin(), keywords.end(), keyword_or_param) != keywords.end() ||
         std::any_of(params.begin(), params.end(),
                     [&](const auto& p) { return p.first == keyword_or_param; });
}

std::string Args::get(std::string_view param) const {
  return opt(param).value_or(std::string());
}

std::optional<std::string> Args::opt(std::string_view param) const {
  for (const auto& [name, value] : params)
    if (name == param) return value;
  return std::nullopt;
}

std::vector<std::string> Args::all(std::string_view param) const {
  std::vector<std::string> out;
  for (const auto& [name, value] : params)
    if (name == param) out.push_back(value);
  return out;
}

std::int64_t Args::num(std::string_view param, std::int64_t fallback) const {
  const auto v = opt(param);
  if (!v) return fallback;
  std::int64_t out = 0;
  const char* end = v->data() + v->size();
  auto [ptr, ec] = std::from_chars(v->data(), end, out);
  // Only a value that is entirely a decimal integer counts; "1.5" or "" fall back.
  if (ec != std::errc() || ptr != end) return fallback;
  return out;
}

}  // namespace vrsh::cli
