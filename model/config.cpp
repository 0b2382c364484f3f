#include "model/config.hpp"

#include "model/chassis.hpp"

namespace vrsh::model {

Interface* Config::find_interface(std::string_view name) {
  for (auto& i : interfaces)
    if (i.name == name) return &i;
  return nullptr;
}

const Interface* Config::find_interface(std::string_view name) const {
  for (const auto& i : interfaces)
    if (i.name == name) return &i;
  return nullptr;
}

bool Config::interface_exists(std::string_view name) const {
  return find_interface(name) != nullptr || is_builtin(name);
}

}  // namespace vrsh::model
