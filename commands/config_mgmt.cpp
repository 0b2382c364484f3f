// Two-stage commit and configuration management: commit, clear configuration candidate,
// candidate and history displays, rollback, display this / current-save.
#include <fmt/format.h>

#include <algorithm>
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
constexpr cli::WordArg kVerbose{"verbose"};
constexpr cli::WordArg kInterface{"interface"};
constexpr cli::WordArg kCommitOption{"commit-option"};
constexpr cli::WordArg kCandidateWhat{"candidate-what"};
constexpr cli::IntArg<unsigned> kTrialTime{"time"};
constexpr cli::IntArg<std::uint64_t> kSinceId{"since-commit-id"};
constexpr cli::IntArg<std::size_t> kNewest{"number-of-commits"};
constexpr cli::TextArg kCommand{"command"};

// `run CMD`: the rest of the line is a user-view command, and '?' and Tab answer for it.
cli::ParamType user_command_param() {
  cli::ParamType t = types::text(1, 512);
  t.command_view = std::string(cli::kUserView);
  return t;
}

cli::ParamType commit_id_param() {
  return types::integer(1000000001, 1999999999);
}

// `display configuration candidate`: what the session has configured and not committed, as
// configuration lines as in the vendor's example (vrp-cli.md 1.5, no `#` separators): the added
// lines of the candidate's changes under the headers of their views, without the diff's
// markers; removals are for `... changes`.
std::string uncommitted_lines(const std::string& changes) {
  struct Line {
    std::string text;
    bool added;
  };
  std::vector<Line> lines;
  std::size_t at = 0;
  while (at < changes.size()) {
    std::size_t nl = changes.find('\n', at);
    if (nl == std::string::npos) nl = changes.size();
    const std::string_view l(changes.data() + at, nl - at);
    at = nl + 1;
    if (l.size() < 2 || l.starts_with("- ")) continue;
    lines.push_back({std::string(l.substr(2)), l.starts_with("+ ")});
  }
  const auto indent = [](const std::string& t) { return t.find_first_not_of(' '); };
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const Line& l = lines[i];
    if (l.text == "#") continue;
    bool keep = l.added;
    // A header is kept when an added line is nested under it.
    for (std::size_t j = i + 1;
         !keep && j < lines.size() && lines[j].text != "#" && indent(lines[j].text) > indent(l.text); ++j)
      keep = lines[j].added;
    if (keep) out += l.text + '\n';
  }
  return out;
}

Status rollback(App& app, Ctx& ctx, const Args& a) {
  if (app.uncommitted()) {
    return fail(ctx, "Uncommitted configurations exist. Commit or clear them before rolling back.");
  }
  // A rollback that cannot happen fails before its question: a script's next line must not be
  // spent on an answer to nothing.
  if (app.store.trial())
    return fail(
        ctx,
        "The system is in the trial configuration mode. Confirm the trial with commit or roll it back "
        "with abort trial first.");
  const std::string refusal = a.has(kCommitId) ? app.store.rollback_refusal_to(a[kCommitId])
                              : a.has(kLabel)  ? app.store.rollback_refusal_label(a[kLabel])
                                               : app.store.rollback_refusal_last(a[kNumber]);
  if (!refusal.empty()) return fail(ctx, refusal);
  if (!ctx.confirm(
          "Warning: This operation will revert configuration changes to the previous status. Continue? "
          "[Y/N]:"))
    return Status::Ok;
  ctx.out() << "Loading rollback changes\n";
  const auto outcome = a.has(kCommitId) ? app.store.rollback_to(a[kCommitId])
                       : a.has(kLabel)  ? app.store.rollback_to_label(a[kLabel])
                                        : app.store.rollback_last(a[kNumber]);
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

  reg.add(
      {.views = {cfg},
       .syntax = "commit [ trial [ <time> ] | label <label> | description <description> ] *$commit-option",
       .help = {{"commit", "Commit the candidate configuration"},
                {"trial", "Trial commit: rolled back unless confirmed by commit in time"},
                {"label", "Set a user label for the commit"},
                {"description", "Describe the commit"}},
       .params = {{kCommitOption},
                  {kTrialTime, types::integer(60, 65535), "Trial time in seconds (default 600)"},
                  {kLabel, label_param()},
                  {kDescription, types::text(1, 60),
                   "Description, a string of 1 to 60 characters, spaces allowed"}},
       .run = [&app](Ctx& ctx, const Args& a) {
         const auto options = a.all(kCommitOption);
         const bool trial = std::find(options.begin(), options.end(), "trial") != options.end();
         const std::string label = a.value_or(kLabel, {}), description = a.value_or(kDescription, {});
         const bool ok = trial ? app.commit_trial(ctx.out(), a.value_or(kTrialTime, 600u), label, description)
                               : app.commit(ctx.out(), label, description);
         return ok ? Status::Ok : Status::Error;
       }});

  // The vendor shows it in system view; user view has it too, as rollbacks run there.
  reg.add({.views = {any},
           .syntax = "abort trial",
           .help = {{"abort", "Abort an operation"}, {"trial", "Roll the trial configuration back now"}},
           .run = [&app](Ctx& ctx, const Args&) {
             if (!app.store.trial()) return fail(ctx, "The system is not in the trial configuration mode.");
             if (!ctx.confirm("Warning: The trial configuration will be rolled back. Continue? [Y/N]:"))
               return Status::Ok;
             return app.roll_back_trial(ctx.out(), false) ? Status::Ok : Status::Error;
           }});

  reg.add({.views = {user},
           .syntax = "set configuration commit <commit-id> label <label>",
           .help = {{"set", "Set parameters"},
                    {"configuration", "Configuration"},
                    {"commit", "A commit point"},
                    {"label", "Set a user label for the commit point"}},
           .params = {{kCommitId, commit_id_param(), "Commit ID"}, {kLabel, label_param()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string why = app.store.set_label(a[kCommitId], a[kLabel]);
             return why.empty() ? Status::Ok : fail(ctx, why);
           }});

  reg.add({.views = {user},
           .syntax = "clear configuration commit <commit-id> label",
           .help = {{"clear", "Clear information"},
                    {"configuration", "Configuration"},
                    {"commit", "A commit point"},
                    {"label", "Remove the user label of the commit point"}},
           .params = {{kCommitId, commit_id_param(), "Commit ID"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string why = app.store.clear_label(a[kCommitId]);
             return why.empty() ? Status::Ok : fail(ctx, why);
           }});

  reg.add({.views = {cfg},
           .syntax = "run <command>",
           .help = {{"run", "Run a user view command"}},
           .params = {{kCommand, user_command_param(), "A user view command"}},
           .run = [](Ctx& ctx, const Args& a) { return ctx.session().run_in_user_view(a[kCommand]); }});

  reg.add({.views = {cfg},
           .syntax = "clear configuration candidate",
           .help = {{"clear", "Clear information"},
                    {"candidate", "Discard the uncommitted configuration of this session"}},
           .run = [&app](Ctx&, const Args&) {
             app.discard();
             return Status::Ok;
           }});

  reg.add({.views = {cfg},
           .syntax = "display configuration candidate [ changes | merge ]$candidate-what",
           .help = {{"candidate", "Candidate configuration"},
                    {"changes", "Uncommitted changes"},
                    {"merge", "The running configuration with the uncommitted changes merged in"}},
           .params = {{kCandidateWhat}},
           .run = [&app](Ctx& ctx, const Args& a) {
             model::prune_defaults(app.candidate);
             const std::string changes = model::render_changes(app.store.running(), app.candidate);
             if (!a.has(kCandidateWhat))
               ctx.out() << uncommitted_lines(changes);
             else if (a.is(kCandidateWhat, "changes"))
               ctx.out() << "Building configuration\n" << changes;
             else
               ctx.out() << model::render_config(app.candidate);
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display configuration commit list [ verbose ]$verbose [ <number-of-commits> ]",
           .help = {{"commit", "Configuration commits"},
                    {"list", "List of commit points"},
                    {"verbose", "Detailed information"}},
           .params = {{kVerbose},
                      {kNewest, types::integer(1, model::Datastore::kHistoryLimit),
                       "The newest commits to list"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             ctx.out() << app.store.render_commit_list(a.has(kVerbose), a.value_or(kNewest, std::size_t{0}),
                                                       app.now_seconds());
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display configuration commit changes [ last <number> | at <commit-id> | since "
                     "<since-commit-id> ]",
           .help = {{"commit", "Configuration commits"},
                    {"changes", "Changes made by commits"},
                    {"last", "The newest commits"},
                    {"at", "One commit"},
                    {"since", "A commit and every newer one"}},
           .params = {{kNumber, types::integer(1, 100), "Number of commits"},
                      {kCommitId, commit_id_param(), "Commit ID"},
                      {kSinceId, commit_id_param(), "Commit ID of the oldest commit to show"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             using model::ChangesSelect;
             const auto r =
                 a.has(kCommitId)  ? app.store.render_commit_changes(ChangesSelect::At, a[kCommitId])
                 : a.has(kSinceId) ? app.store.render_commit_changes(ChangesSelect::Since, a[kSinceId])
                 : a.has(kNumber)  ? app.store.render_commit_changes(ChangesSelect::Last, a[kNumber])
                                   : app.store.render_commit_changes(ChangesSelect::All);
             ctx.out() << r.text;
             return r.ok ? Status::Ok : Status::Error;
           }});

  reg.add(
      {.views = {user},
       .syntax = "rollback configuration { to { commit-id <commit-id> | label <label> } | last <number> }",
       .help = {{"rollback", "Roll back"},
                {"to", "Roll back to a commit point"},
                {"commit-id", "Specify a commit ID"},
                {"label", "Specify the user label of a commit point"},
                {"last", "Roll back the newest commits"}},
       .params = {{kCommitId, commit_id_param(), "Commit ID"},
                  {kLabel, label_param()},
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
}

}  // namespace vrsh::commands
