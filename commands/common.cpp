#include "commands/common.hpp"

#include "cli/value_types.hpp"

namespace vrsh::commands {

cli::CommandSpec description_command(std::string view, std::string help,
                                     std::function<std::string&(cli::Ctx&)> field) {
  return {.views = {std::move(view)},
          .syntax = "description <text>",
          .undo_syntax = "undo description",
          .help = with_undo({{"description", std::move(help)},
                             {"<text>", "Description, a string of 1 to 242 characters, spaces allowed"}}),
          .params = {{"text", cli::types::text(1, 242)}},
          .run = [field](cli::Ctx& ctx, const cli::Args& a) {
            field(ctx) = ctx.undo() ? "" : a.get("text");
            return cli::Status::Ok;
          }};
}

}  // namespace vrsh::commands
