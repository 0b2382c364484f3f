// Two-stage commit and configuration management: commit, clear configuration candidate,
// candidate and history displays, rollback, display this / current-save.
#include <fmt/format.h>

#include <cctype>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/params.hpp"
#include "commands/startup.hpp"
#include "commands/views.hpp"
#include "model/diff.hpp"
#include "model/render.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

// Commit labels: 1-256 visible characters, not starting with a digit, not "-".
cli::ParamType label_param() {
  cli::ParamType t = types::string(1, 256);
  auto inner = t.parse;
  t.parse = [inner](std::span<const cli::Token> rest, std::string_view line) {
    cli::ParamParse r = inner(rest, line);
    if (r.consumed && (r.value == "-" || std::isdigit(static_cast<unsigned char>(r.value[0]))))
      return cli::ParamParse{};
    return r;
  };
  t.help = "Label, a string of 1 to 256 characters, not starting with a digit";
  return t;
}

constexpr cli::TextArg kLabel{"label"};
constexpr cli::TextArg kDescription{"description"};
constexpr cli::IntArg<std::uint64_t> kCommitId{"commit-id"};
constexpr cli::IntArg<unsigned> kNumber{"number"};
constexpr cli::WordArg kChanges{"changes"};
constexpr cli::WordArg kVerbose{"verbose"};
constexpr cli::WordArg kInterface{"interface"};

Status rollback(App& app, Ctx& ctx, const Args& a) {
  if (app.uncommitted()) {
    return fail(ctx, "Uncommitted configurations exist. Commit or clear them before rolling back.");
  }
  // A rollback that cannot happen fails before its question: a script's next line must not be
  // spent on an answer to nothing.
  const std::string refusal = a.has(kCommitId) ? app.store.rollback_refusal_to(a[kCommitId])
                                               : app.store.rollback_refusal_last(a[kNumber]);
  if (!refusal.empty()) return fail(ctx, refusal);
  if (!ctx.confirm(
          "Warning: This operation will revert configuration changes to the previous status. Continue? "
          "[Y/N]:"))
    return Status::Ok;
  ctx.out() << "Loading rollback changes\n";
  const auto outcome =
      a.has(kCommitId) ? app.store.rollback_to(a[kCommitId]) : app.store.rollback_last(a[kNumber]);
  if (!outcome.ok) {
    for (const auto& e : outcome.errors) ctx.out() << e << '\n';
    return fail(ctx, "Configuration rollback failed.");
  }
  ctx.out() << "Committing\nCheck rollback result\nConfiguration rollback succeeded.\n"
               "Please use 'display configuration commit changes last 1' to view the changes.\n";
  app.candidate = app.store.running();
  app.apply_running();
  return Status::Ok;
}

}  // namespace

void register_config_mgmt(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView), cfg(cli::kAnyConfigView), user(cli::kUserView);

  reg.add({.views = {cfg},
           .syntax = "commit [ label <label> | description <description> ] *",
           .help = {{"commit", "Commit the candidate configuration"},
                    {"label", "Set a user label for the commit"},
                    {"description", "Describe the commit"}},
           .params = {{kLabel, label_param()},
                      {kDescription, types::text(1, 60),
                       "Description, a string of 1 to 60 characters, spaces allowed"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             return app.commit(ctx.out(), a.value_or(kLabel, {}), a.value_or(kDescription, {}))
                        ? Status::Ok
                        : Status::Error;
           }});

  reg.add({.views = {cfg},
           .syntax = "clear configuration candidate",
           .help = {{"clear", "Clear information"},
                    {"candidate", "Discard the uncommitted configuration of this session"}},
           .run = [&app](Ctx&, const Args&) {
             app.discard();
             return Status::Ok;
           }});

  reg.add({.views = {cfg},
           .syntax = "display configuration candidate [ changes ]$changes",
           .help = {{"candidate", "Candidate configuration"}, {"changes", "Uncommitted changes"}},
           .params = {{kChanges}},
           .run = [&app](Ctx& ctx, const Args& a) {
             model::prune_defaults(app.candidate);
             if (a.has(kChanges))
               ctx.out() << "Building configuration\n"
                         << model::render_changes(app.store.running(), app.candidate);
             else
               ctx.out() << model::render_config(app.candidate);
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display configuration commit list [ verbose ]$verbose",
           .help = {{"commit", "Configuration commits"},
                    {"list", "List of commit points"},
                    {"verbose", "Detailed information"}},
           .params = {{kVerbose}},
           .run = [&app](Ctx& ctx, const Args& a) {
             ctx.out() << app.store.render_commit_list(a.has(kVerbose));
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display configuration commit changes [ last <number> | at <commit-id> ]",
           .help = {{"commit", "Configuration commits"},
                    {"changes", "Changes made by commits"},
                    {"last", "The newest commits"},
                    {"at", "One commit"}},
           .params = {{kNumber, types::integer(1, 100), "Number of commits"},
                      {kCommitId, types::integer(1000000001, 1999999999), "Commit ID"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const auto r =
                 a.has(kCommitId) ? app.store.render_commit_changes(model::ChangesSelect::At, a[kCommitId])
                 : a.has(kNumber) ? app.store.render_commit_changes(model::ChangesSelect::Last, a[kNumber])
                                  : app.store.render_commit_changes(model::ChangesSelect::All);
             ctx.out() << r.text;
             return r.ok ? Status::Ok : Status::Error;
           }});

  reg.add({.views = {user},
           .syntax = "rollback configuration { to commit-id <commit-id> | last <number> }",
           .help = {{"rollback", "Roll back"},
                    {"to", "Roll back to a commit point"},
                    {"commit-id", "Specify a commit ID"},
                    {"last", "Roll back the newest commits"}},
           .params = {{kCommitId, types::integer(1000000001, 1999999999), "Commit ID"},
                      {kNumber, types::integer(1, 80), "Number of commits"}},
           .run = [&app](Ctx& ctx, const Args& a) { return rollback(app, ctx, a); }});

  reg.add({.views = {cfg},
           .syntax = "display this",
           .help = {{"this", "Configuration of the current view"}},
           .run = [&app](Ctx& ctx, const Args&) {
             ctx.out() << views::display_this(ctx, app.store.running());
             return Status::Ok;
           }});

  reg.add(
      {.views = {any},
       .syntax =
           "display current-configuration [ interface [ <interface-name> | <interface-type> ] ]$interface",
       .help = {{"current-configuration", "Current configuration"}, {"interface", "Interface configuration"}},
       .params = {{kInterface}, {kIfName, ifname_param()}, {kIfType, iftype_param()}},
       .run = [&app](Ctx& ctx, const Args& a) {
         const model::Config& run = app.store.running();
         std::string text;
         if (a.has(kInterface)) {
           const std::string only = a.value_or(kIfName, {});
           const std::string type = a.value_or(kIfType, {});
           // A type alone names every configured interface of that type ("LoopBack" is
           // LoopBack0, LoopBack1, ...: the type is followed by the number's first digit).
           auto of_type = [&](const std::string& name) {
             return name.size() > type.size() && name.starts_with(type) &&
                    std::isdigit(static_cast<unsigned char>(name[type.size()]));
           };
           std::vector<std::string> names;
           if (!only.empty() && !run.find_interface(only)) names.push_back(only);
           for (const auto& itf : run.interfaces)
             if (type.empty() ? only.empty() || itf.name == only || itf.name.starts_with(only + ".")
                              : of_type(itf.name))
               names.push_back(itf.name);
           for (const auto& name : names) {
             text += "#\n";
             model::append_lines(model::interface_node(run, name), text);
           }
           text += "#\nreturn\n";
         } else {
           text = model::render_config(run);
         }
         ctx.out() << text;
         return Status::Ok;
       }});

  reg.add({.views = {user},
           .syntax = "save",
           .help = {{"save", "Save the current configuration to the startup file"}},
           .run = [&app](Ctx& ctx, const Args&) {
             if (app.startup_path.empty()) {
               ctx.out() << "Error: No startup file is set. Start vrsh with --startup FILE to save the "
                            "configuration.\n";
               return Status::Error;
             }
             if (!ctx.confirm(
                     "Warning: The current configuration will be written to the device. Continue? [Y/N]:"))
               return Status::Ok;
             ctx.out() << "Now saving the current configuration ........\n";
             if (!save_startup(app, ctx.out())) return Status::Error;
             ctx.out() << "Info: Save the configuration successfully.\n";
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
