#pragma once
// What the interface displays share (commands/display.cpp defines them).
#include <string>
#include <utility>
#include <vector>

#include "model/config.hpp"

namespace vrsh::commands {

// Every interface that exists, in display order: each chassis port followed by its
// sub-interfaces, then LoopBack and the other configured interfaces, then NULL0.
std::vector<model::Interface> all_interfaces(const model::Config& c);
// The Physical and (IPv4) Protocol columns: "*down" when shut down, "up(s)" for LoopBack and NULL0.
std::pair<std::string, std::string> states(const model::Config& c, const model::Interface& itf);

}  // namespace vrsh::commands
