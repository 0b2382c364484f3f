// Saved configuration files (vrp-cli.md 1.7, vrp-cli-addendum.md 2.2-2.4): save [ FILE ],
// startup saved-configuration FILE, display saved-configuration, compare configuration.
//
// The storage device's root directory (the vendor's flash:/) is the folder of the --startup
// file, or the current directory when vrsh runs without one. File names are the vendor's: 5 to 64
// characters, in the root directory, `flash:/` allowed before them, `.cfg` only (vrsh writes the
// configuration as text; the vendor's .zip and .dat are not supported).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/check_diff.hpp"
#include "commands/common.hpp"
#include "commands/startup.hpp"
#include "model/render.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

namespace fs = std::filesystem;

constexpr cli::TextArg kFileName{"file-name"};
constexpr std::string_view kFlash = "flash:/";

// The folder file names are relative to ("" is the current directory).
std::string root_dir(const App& app) {
  const std::string& loaded = app.startup.path.empty() ? app.startup_path : app.startup.path;
  return loaded.empty() ? std::string() : fs::path(loaded).parent_path().string();
}

// The path of `name` in the root directory, or "" after printing why it cannot be one.
std::string file_path(const App& app, Ctx& ctx, std::string name) {
  if (name.starts_with(kFlash)) name.erase(0, kFlash.size());
  if (name.size() < 5 || name.size() > 64 || !name.ends_with(".cfg") || name == ".cfg" ||
      name.find('/') != std::string::npos) {
    ctx.fail("Invalid file name or invalid extension (*.cfg, 5 to 64 characters, in the root directory).");
    return {};
  }
  const std::string dir = root_dir(app);
  return dir.empty() ? name : (fs::path(dir) / name).string();
}

std::optional<std::string> read_text(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return std::move(s).str();
}

// The file a command without a file name works on: the next startup file.
std::string next_startup(Ctx& ctx, const App& app) {
  if (app.startup_path.empty())
    ctx.fail(
        "No startup saved-configuration file is set. Set one with startup saved-configuration FILE or "
        "start vrsh with --startup FILE.");
  return app.startup_path;
}

Status save(App& app, Ctx& ctx, const Args& a) {
  const std::string path = a.has(kFileName) ? file_path(app, ctx, a[kFileName]) : next_startup(ctx, app);
  if (path.empty()) return Status::Error;
  const std::string question =
      a.has(kFileName)
          ? fmt::format("Warning: The current configuration will be written to {}. Continue? [Y/N]:", path)
          : std::string("Warning: The current configuration will be written to the device. Continue? [Y/N]:");
  if (!ctx.confirm(question)) return Status::Ok;
  ctx.out() << "Now saving the current configuration ........\n";
  if (!save_config(app, path, ctx.out())) return Status::Error;
  ctx.out() << "Info: Save the configuration successfully.\n";
  return Status::Ok;
}

// Running against a file, as a unified diff of lines: `-` the file's, `+` the running
// configuration's (docs/decisions.md; the vendor's header lines are not known).
Status compare(App& app, Ctx& ctx, const Args& a) {
  const std::string path = a.has(kFileName) ? file_path(app, ctx, a[kFileName]) : next_startup(ctx, app);
  if (path.empty()) return Status::Error;
  const auto saved = read_text(path);
  if (!saved) return ctx.fail(fmt::format("Failed to read the configuration file {}.", path));
  const std::string running = model::render_config(app.store.running());
  if (*saved == running) {
    ctx.out() << fmt::format("Info: The current configuration is the same as the configuration file {}.\n",
                             path);
    return Status::Ok;
  }
  // Without the final line end, which both have: it is no line of its own.
  const auto lines = [](std::string_view text) {
    if (text.ends_with('\n')) text.remove_suffix(1);
    return check::split_lines(text);
  };
  const auto file_lines = lines(*saved), running_lines = lines(running);
  const auto c = check::compare(file_lines, running_lines, true);
  ctx.out() << fmt::format(
                   "Warning: The current configuration is different from the configuration file {}.\n", path)
            << check::unified_diff(c, file_lines, running_lines, path, "current-configuration");
  return Status::Ok;
}

}  // namespace

void register_saved_config(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView), user(cli::kUserView);
  // `flash:/` and 64 characters; never a pipe, which only displays take.
  cli::ParamType file = types::string(5, 71);
  file.parse = [inner = file.parse](std::span<const cli::Token> rest, std::string_view line) {
    cli::ParamParse r = inner(rest, line);
    if (r.consumed && r.value.find('|') != std::string::npos) return cli::ParamParse{};
    return r;
  };
  const std::string file_help = "File name (*.cfg), in the root directory of the storage device";

  reg.add({.views = {user},
           .syntax = "save [ <file-name> ]",
           .help = {{"save", "Save the current configuration"}},
           .params = {{kFileName, file, file_help}},
           .run = [&app](Ctx& ctx, const Args& a) { return save(app, ctx, a); }});

  reg.add({.views = {user},
           .syntax = "startup saved-configuration <file-name>",
           .help = {{"startup", "Specify the files for the next startup"},
                    {"saved-configuration", "The configuration file for the next startup"}},
           .params = {{kFileName, file, file_help}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string path = file_path(app, ctx, a[kFileName]);
             if (path.empty()) return Status::Error;
             std::error_code ec;
             if (!fs::is_regular_file(path, ec))
               return ctx.fail(fmt::format("The file {} does not exist.", path));
             app.startup_path = path;
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display saved-configuration",
           .help = {{"saved-configuration", "The configuration file for the next startup"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const std::string path = next_startup(ctx, app);
             if (path.empty()) return Status::Error;
             std::error_code ec;
             if (!fs::exists(path, ec))
               return ctx.fail(fmt::format("The file {} does not exist: nothing has been saved yet.", path));
             const auto text = read_text(path);
             if (!text) return ctx.fail(fmt::format("Failed to read the configuration file {}.", path));
             ctx.out() << *text;
             return Status::Ok;
           }});

  // User view only (`run compare ...` elsewhere): in configuration views `com` stays `commit`.
  reg.add({.views = {user},
           .syntax = "compare configuration [ <file-name> ]",
           .help = {{"compare", "Compare configurations"},
                    {"configuration", "The current configuration with the next startup file or a named one"}},
           .params = {{kFileName, file, file_help}},
           .run = [&app](Ctx& ctx, const Args& a) { return compare(app, ctx, a); }});
}

}  // namespace vrsh::commands
