#pragma once
// `display configuration candidate changes` / `display configuration commit changes` bodies.
#include <string>

#include "model/config.hpp"

namespace vrsh::model {

// Block-aware line diff of render_config(before) and render_config(after), vendor layout: each
// changed `#` block starts with "  #"; lines carry a two-character marker ("  " context,
// "+ " added, "- " removed) before their normal indentation; a nested header (" ipv4-family",
// " instance 1") is shown as context when something under it changed; unchanged lines are
// omitted; the output ends with "  #". Empty when the renderings are equal. The caller prints
// any "Building configuration" banner.
std::string render_changes(const Config& before, const Config& after);

}  // namespace vrsh::model
