#pragma once
// Loading a configuration file (--startup, or a saved file) through the command set.
#include <ostream>
#include <string>

#include "cli/registry.hpp"
#include "commands/app.hpp"

namespace vrsh::commands {

// Replays `path` (a rendered configuration: `#` separators, one-space indents, `return`) in system
// view of a private session and commits it. On any problem prints one clear `Error: ...` line to
// `err`, leaves the configuration empty (never half of a file) and returns false. A missing file is
// not an error: it is created by the first `save`.
bool load_startup(const cli::Registry& reg, App& app, const std::string& path, std::ostream& err);

}  // namespace vrsh::commands
