#include "model/config.hpp"

#include <algorithm>

#include "model/chassis.hpp"

namespace vrsh::model {

namespace {

// The list is kept in natural order (ensure_interface), so a binary search finds a name; a list
// assembled out of order (tests build them by hand) is then searched from the start.
template <typename List>
auto find_in(List& list, std::string_view name) -> decltype(&list.front()) {
  auto pos = lower_bound_ifname(list.begin(), list.end(), name);
  if (pos != list.end() && pos->name == name) return &*pos;
  for (auto& i : list)
    if (i.name == name) return &i;
  return nullptr;
}

}  // namespace

Interface* Config::find_interface(std::string_view name) {
  return find_in(interfaces, name);
}

const Interface* Config::find_interface(std::string_view name) const {
  return find_in(interfaces, name);
}

bool Config::interface_exists(std::string_view name) const {
  return find_interface(name) != nullptr || is_builtin(name);
}

}  // namespace vrsh::model
