// Session navigation (system-view, quit, return), screen-length, sysname, display version, display clock,
// display history-command and display users.
#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "commands/app.hpp"
#include "commands/views.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {
constexpr cli::TextArg kHostName{"host-name"};
constexpr cli::IntArg<std::size_t> kScreenLength{"screen-length"};
constexpr cli::WordArg kImmediately{"immediately"};

// Built into the session as the view every feature's top-level commands are typed in.
constexpr views::View<views::NoContext> kSystemView{
    .name = cli::kSystemView,
    .parent = cli::kUserView,
    .suffix = [](const views::NoContext&) { return std::string(); },
    .display_this = [](const model::Config& cfg,
                       const views::NoContext&) { return model::render_top_level(cfg); }};
}  // namespace

void register_system(cli::Registry& reg, App& app) {
  reg.add({.views = {std::string(cli::kUserView)},
           .syntax = "system-view [ immediately ]$immediately",
           .help = {{"system-view", "Enter the system view"},
                    {"immediately", "Immediate mode: each command takes effect as it is typed"}},
           .params = {{kImmediately}},
           .run = [](Ctx& ctx, const Args& a) {
             ctx.out() << "Enter system view, return user view with return command.\n";
             kSystemView.enter(ctx, {});
             ctx.session().set_immediate(a.has(kImmediately));
             return Status::Ok;
           }});

  // The vendor's range and default (YANG VTY screen-length 0..512, default 24); 0 stops paging.
  reg.add(
      {.views = {std::string(cli::kUserView)},
       .syntax = "screen-length <screen-length> temporary",
       .undo_syntax = "undo screen-length temporary",
       .help = {{"screen-length", "Set the number of lines on a terminal screen"},
                {"temporary", "For the current terminal only"}},
       .params = {{kScreenLength, types::integer(0, 512), "Lines on a screen, 0 for no paging"}},
       .run = [](Ctx& ctx, const Args& a) {
         ctx.session().set_screen_length(ctx.undo() ? cli::Session::kDefaultScreenLength : a[kScreenLength]);
         ctx.out() << "Info: The configuration takes effect on the current user terminal interface only.\n";
         return Status::Ok;
       }});

  reg.add({.views = {std::string(cli::kAnyView)},
           .syntax = "quit",
           .help = {{"quit", "Exit from the current view and enter the upper view"}},
           .run = [](Ctx& ctx, const Args&) {
             ctx.session().quit();
             return Status::Ok;
           }});

  reg.add({.views = {std::string(cli::kAnyConfigView)},
           .syntax = "return",
           .help = {{"return", "Return to the user view"}},
           .run = [](Ctx& ctx, const Args&) {
             ctx.session().return_to_user();
             return Status::Ok;
           }});

  // Configuration files separate blocks with '#'; typed in any view it goes back to system view,
  // so a rendered configuration pasted or piped in lands every block in the right view.
  reg.add({.views = {std::string(cli::kAnyConfigView)},
           .syntax = "'#'",
           .help = {{"#", "Return to the system view"}},
           .run = [](Ctx& ctx, const Args&) {
             if (ctx.session().frames().size() > 2) ctx.session().frames().resize(2);
             return Status::Ok;
           }});

  reg.add({.views = {std::string(cli::kSystemView)},
           .syntax = "sysname <host-name>",
           .undo_syntax = "undo sysname",
           .help = {{"sysname", "Set the host name"}},
           .params = {{kHostName, types::string(1, 246),
                       "Host name, a string of 1 to 246 characters without spaces"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             app.candidate.sysname = ctx.undo() ? model::kDefaultSysname : a[kHostName];
             return Status::Ok;
           }});

  reg.add({.views = {std::string(cli::kAnyView)},
           .syntax = "display version",
           .help = {{"version", "Display the software version"}},
           .run = [&app](Ctx& ctx, const Args&) {
             ctx.out() << fmt::format(
                 "vrsh Versatile Routing Shell, Version {}\n"
                 "VRP V8 command line (two-stage commit), ESQM and IP FPM\n"
                 "{} chassis: 16 x GigabitEthernet (0/1/0-0/1/7, 0/2/0-0/2/7)\n",
                 VRSH_VERSION, app.store.running().sysname);
             return Status::Ok;
           }});

  // The vendor buffers 10 commands by default (addendum 9.6); its layout is not documented: one
  // command per line, two blanks before it, oldest first. Secrets are masked (cli::Session).
  reg.add({.views = {std::string(cli::kAnyView)},
           .syntax = "display history-command",
           .help = {{"history-command", "Display the commands this session ran"}},
           .run = [](Ctx& ctx, const Args&) {
             for (const std::string& line : ctx.session().history()) ctx.out() << "  " << line << '\n';
             return Status::Ok;
           }});

  // vrsh has one user: the session on its terminal (or script), the identity its commits record.
  // Delay is the idle time, nil for the session that has just typed the command.
  reg.add({.views = {std::string(cli::kAnyView)},
           .syntax = "display users",
           .help = {{"users", "Display the users logged in"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const std::string& intf = app.store.user_intf();
             const auto blank = intf.find(' ');
             const std::string index = blank == std::string::npos ? "0" : intf.substr(blank + 1);
             const std::string user = app.store.user();
             ctx.out() << fmt::format(
                 "  User-Intf    Delay    Type   Network Address     AuthenStatus    AuthorcmdFlag\n"
                 "+ {:<{}}{:<10}{:<7}{:<26}{:<15}{:<10}Username : {}\n",
                 index + " " + intf, std::max<std::size_t>(12, index.size() + intf.size() + 2), "00:00:00",
                 "", "", "pass", "no", user == "anonymous" ? "Unspecified" : user);
             return Status::Ok;
           }});

  // The vendor's layout (vrp-cli-addendum.md 9.4). vrsh has no clock or time-zone commands: the
  // system clock in UTC, which is what a router without `clock timezone` shows.
  reg.add({.views = {std::string(cli::kAnyView)},
           .syntax = "display clock",
           .help = {{"clock", "Display the system clock"}},
           .run = [](Ctx& ctx, const Args&) {
             const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
             ctx.out() << fmt::format("{:%Y-%m-%d %H:%M:%S}\n{:%A}\nTime Zone(DefaultZoneName) : UTC\n", now,
                                      now);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
