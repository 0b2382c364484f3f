// views::View<C>: a view declared once enters itself from its parent only, hands its typed
// context to the commands it holds, and answers `display this`.
#include <doctest/doctest.h>

#include <sstream>
#include <stdexcept>
#include <string>

#include "cli/registry.hpp"
#include "cli/session.hpp"
#include "commands/views.hpp"

using namespace vrsh;
using commands::views::View;

namespace {

struct ZoneContext {
  std::string zone;
};
struct RoomContext {
  std::string zone;
  int room = 0;
};

constexpr View<ZoneContext> kZone{
    .name = "zone",
    .parent = cli::kSystemView,
    .suffix = [](const ZoneContext& c) { return "-zone-" + c.zone; },
    .display_this = [](const model::Config& cfg,
                       const ZoneContext& c) { return cfg.sysname + " zone " + c.zone + "\n"; }};

constexpr View<RoomContext> kRoom{
    .name = "room",
    .parent = kZone.name,
    .suffix = [](const RoomContext& c) { return "-room-" + std::to_string(c.room); },
    .display_this =
        [](const model::Config&, const RoomContext& c) {
          return "room " + c.zone + " " + std::to_string(c.room) + "\n";
        }};

constexpr cli::TextArg kName{"name"};
constexpr cli::IntArg<int> kNumber{"number"};

cli::Status print(cli::Ctx& ctx, const std::string& text) {
  ctx.out() << text << "\n";
  return cli::Status::Ok;
}

struct Rig {
  model::Config config;
  cli::Registry reg;
  std::ostringstream out;
  cli::Session s{fill(), cli::SessionHooks{}, out};

  const cli::Registry& fill() {
    reg.add({.views = {std::string(cli::kUserView)},
             .syntax = "system-view",
             .help = {{"system-view", "Enter the system view"}},
             .run = [](cli::Ctx& ctx, const cli::Args&) {
               ctx.enter(cli::Frame{std::string(cli::kSystemView), "", nullptr});
               return cli::Status::Ok;
             }});
    reg.add({.views = {std::string(cli::kSystemView)},
             .syntax = "zone <name>",
             .help = {{"zone", "Enter a zone"}},
             .params = {{kName, cli::types::string(1, 16), "Zone name"}},
             .run = [](cli::Ctx& ctx, const cli::Args& a) {
               kZone.enter(ctx, {a[kName]});
               return cli::Status::Ok;
             }});
    reg.add({.views = {std::string(cli::kSystemView)},
             .syntax = "misplaced",
             .help = {{"misplaced", "Enter the room view from the wrong view"}},
             .run = [](cli::Ctx& ctx, const cli::Args&) {
               kRoom.enter(ctx, {"z", 1});
               return cli::Status::Ok;
             }});
    kZone.add(reg, {.syntax = "room <number>",
                    .help = {{"room", "Enter a room"}},
                    .params = {{kNumber, cli::types::integer(1, 9), "Room number"}},
                    .run = [](cli::Ctx& ctx, const cli::Args& a) {
                      kRoom.enter(ctx, {kZone.of(ctx).zone, a[kNumber]});
                      return cli::Status::Ok;
                    }});
    kZone.add(reg, {.syntax = "which",
                    .help = {{"which", "Print the zone"}},
                    .run = [](cli::Ctx& ctx, const cli::Args&) {
                      return print(ctx, "zone=" + kZone.of(ctx).zone);
                    }});
    kRoom.add(reg, {.syntax = "where",
                    .help = {{"where", "Print the room"}},
                    .run = [](cli::Ctx& ctx, const cli::Args&) {
                      const RoomContext& c = kRoom.of(ctx);
                      return print(ctx, c.zone + "/" + std::to_string(c.room));
                    }});
    kRoom.add(reg, {.syntax = "zone-of-room",
                    .help = {{"zone-of-room", "Read the zone view's context in the room view"}},
                    .run = [](cli::Ctx& ctx, const cli::Args&) { return print(ctx, kZone.of(ctx).zone); }});
    reg.add({.views = {std::string(cli::kAnyConfigView)},
             .syntax = "display this",
             .help = {{"display", "Display"}, {"this", "Configuration of the current view"}},
             .run = [this](cli::Ctx& ctx, const cli::Args&) {
               ctx.out() << commands::views::display_this(ctx, config);
               return cli::Status::Ok;
             }});
    return reg;
  }

  std::string run(const std::string& line) {
    out.str("");
    return s.execute(line) == cli::Status::Ok ? out.str() : "failed: " + s.last_error();
  }
};

}  // namespace

TEST_CASE("a view enters itself with its context, which its commands read back") {
  Rig r;
  r.run("system-view");
  CHECK(r.run("zone a") == "");
  CHECK(r.s.prompt() == "[~HUAWEI-zone-a]");
  CHECK(r.run("which") == "zone=a\n");
  CHECK(r.run("room 3") == "");
  CHECK(r.s.prompt() == "[~HUAWEI-zone-a-room-3]");
  CHECK(r.run("where") == "a/3\n");
  CHECK(r.run("display this") == "room a 3\n");
  // A zone command typed in the room falls back to the zone view, whose context it reads.
  CHECK(r.run("which") == "zone=a\n");
  CHECK(r.s.prompt() == "[~HUAWEI-zone-a]");
  r.config.sysname = "R1";
  CHECK(r.run("display this") == "R1 zone a\n");
}

TEST_CASE("a view is entered from its parent only, and its context is read in it only") {
  Rig r;
  r.run("system-view");
  CHECK(r.run("misplaced") == "failed: The room view is entered from zone, not system.");
  CHECK(r.s.prompt() == "[~HUAWEI]");
  CHECK(r.run("display this") == "failed: The system view is not declared.");
  r.run("zone b");
  r.run("room 1");
  CHECK(r.run("zone-of-room") == "failed: A command of the zone view ran in room.");
}

TEST_CASE("a view sets the views of the commands it adds") {
  cli::Registry reg;
  CHECK_THROWS_AS(kZone.add(reg, {.views = {"room"}, .syntax = "x", .help = {{"x", "X"}}}), std::logic_error);
  kZone.add(reg, {.syntax = "x", .help = {{"x", "X"}}, .run = [](cli::Ctx&, const cli::Args&) {
                    return cli::Status::Ok;
                  }});
  CHECK(reg.match("zone", "x").kind == cli::MatchKind::Ok);
  CHECK(reg.match("room", "x").kind != cli::MatchKind::Ok);
}
