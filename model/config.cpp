#include "model/config.hpp"

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

}  // namespace vrsh::model
