#include "commands/common.hpp"

#include "cli/value_types.hpp"

namespace vrsh::commands {

namespace {
constexpr cli::TextArg kText{"text"};
}  // namespace

cli::CommandSpec description_command(std::string help, std::function<std::string&(cli::Ctx&)> field) {
  return {.syntax = "description <text>",
          .undo_syntax = "undo description",
          .help = {{"description", std::move(help)}},
          .params = {{kText, cli::types::text(1, 242),
                      "Description, a string of 1 to 242 characters, spaces allowed"}},
          .run = [field](cli::Ctx& ctx, const cli::Args& a) {
            field(ctx) = ctx.undo() ? "" : a[kText];
            return cli::Status::Ok;
          }};
}

}  // namespace vrsh::commands
