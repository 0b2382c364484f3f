#pragma once
// Output helpers shared by display commands.
#include <ostream>
#include <string>

namespace vrsh::commands {

// Prints `text`, filtered by a pipe value "include REGEX" / "exclude REGEX" / "begin REGEX"
// (as produced by pipe_param) when one was given. Returns false on a bad regular expression.
bool print_filtered(std::ostream& out, const std::string& text, const std::string& pipe);

}  // namespace vrsh::commands
