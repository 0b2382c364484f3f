#pragma once
// The rendered configuration as a tree of lines, shared by render (text output) and diff
// (block-aware comparison). Internal to the model layer. Each feature's block builders are
// declared in its own header (interface.hpp, esqm.hpp, ...), all reached through config.hpp.
#include <string>
#include <vector>

#include "model/config.hpp"
#include "model/node.hpp"

namespace vrsh::model {

// One `#`-delimited block. `key` identifies the block across two configurations ("sysname" and
// "ip route-static" for the one-line blocks, else the header line).
struct Section {
  std::string key;
  std::vector<Node> roots;
};

std::vector<Section> build_sections(const Config& c);

}  // namespace vrsh::model
