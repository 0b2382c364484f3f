#pragma once
// Small pieces every feature file uses.
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/session.hpp"

namespace vrsh::commands {

// Prints `Error: <msg>` and fails the command.
inline cli::Status fail(cli::Ctx& ctx, std::string_view msg) {
  ctx.out() << "Error: " << msg << '\n';
  return cli::Status::Error;
}

// Help texts plus the entry for the `undo` keyword every undo form starts with.
inline std::map<std::string, std::string> with_undo(std::map<std::string, std::string> help) {
  help.emplace("undo", "Undo an operation");
  return help;
}

}  // namespace vrsh::commands
