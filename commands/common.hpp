#pragma once
// Small pieces every feature file uses.
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/command_spec.hpp"
#include "cli/session.hpp"
#include "commands/views.hpp"

namespace vrsh::commands {

// Prints `Error: <msg>` and fails the command.
inline cli::Status fail(cli::Ctx& ctx, std::string_view msg) {
  return ctx.fail(msg);
}

// `description TEXT` (help text `help`), editing `field`; undo clears it. Added by a view.
cli::CommandSpec description_command(std::string help, std::function<std::string&(cli::Ctx&)> field);

// A system-view command that switches a feature block on and enters its view (`esqm`,
// `telemetry`, `nqa ipfpm dcp`); its undo form resets the block to defaults with everything in it.
template <class Block>
cli::CommandSpec feature_view_command(std::string syntax, std::map<std::string, std::string> help,
                                      views::View<views::NoContext> view, std::function<Block&()> block) {
  return {.views = {std::string(cli::kSystemView)},
          .syntax = syntax,
          .undo_syntax = "undo " + syntax,
          .help = std::move(help),
          .run = [block, view](cli::Ctx& ctx, const cli::Args&) {
            Block& b = block();
            if (ctx.undo()) {
              b = Block{};
              return cli::Status::Ok;
            }
            b.enabled = true;
            view.enter(ctx, {});
            return cli::Status::Ok;
          }};
}

// The block a feature view edits, there again (enabled) when a `clear configuration candidate`
// typed in the view removed it since: what is typed in a view configures what the view stands for.
template <class Block>
Block& view_block(Block& b) {
  b.enabled = true;
  return b;
}

}  // namespace vrsh::commands
