#include "cli/args.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace vrsh::cli {

const Declared::Name& Declared::at(std::string_view name, ValueKind kind) const {
  auto it = names.find(name);
  if (it == names.end())
    throw std::logic_error(fmt::format("command \"{}\" declares no <{}> or ${}", command, name, name));
  if (it->second.kind != kind)
    throw std::logic_error(fmt::format("command \"{}\": {} is a {}, read as a {}", command, name,
                                       kind_name(it->second.kind), kind_name(kind)));
  return it->second;
}

bool Args::is(WordArg key, std::string_view word) const {
  if (declared && !declared->at(key.name, ValueKind::Keyword).words.count(std::string(word)))
    throw std::logic_error(
        fmt::format("command \"{}\": ${} never binds \"{}\"", declared->command, key.name, word));
  return std::any_of(words.begin(), words.end(),
                     [&](const auto& w) { return w.first == key.name && w.second == word; });
}

bool Args::has(std::string_view keyword_or_param) const {
  if (declared && !declared->keywords.count(keyword_or_param) && !declared->names.count(keyword_or_param))
    throw std::logic_error(
        fmt::format("command \"{}\" has no keyword or param \"{}\"", declared->command, keyword_or_param));
  return std::find(keywords.begin(), keywords.end(), keyword_or_param) != keywords.end() ||
         std::any_of(params.begin(), params.end(),
                     [&](const auto& p) { return p.first == keyword_or_param; });
}

std::string Args::get(std::string_view param) const {
  if (declared && !declared->names.count(param))
    throw std::logic_error(fmt::format("command \"{}\" declares no <{}>", declared->command, param));
  for (const auto& [name, value] : params)
    if (name == param) return value;
  return {};
}

void Args::missing(std::string_view name) const {
  throw std::logic_error(fmt::format("command \"{}\": <{}> is not on the line",
                                     declared ? declared->command : std::string("?"), name));
}

}  // namespace vrsh::cli
