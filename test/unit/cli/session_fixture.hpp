#pragma once
// A small registry and fake domain for driving Session in tests: user, system and two nested
// views, with handlers that move between views, mark the candidate dirty, ask questions, fail
// and throw.
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "cli/registry.hpp"
#include "cli/session.hpp"

namespace vrsh::cli::test {

struct FakeDomain {
  std::string running_name = "HUAWEI";
  std::string candidate_name = "HUAWEI";
  bool commit_ok = true;
  int commits = 0;
  int discards = 0;
  int ticks = 0;
  std::string tick_message;  // printed by the next tick, once

  bool dirty() const { return candidate_name != running_name; }
  SessionHooks hooks() {
    return SessionHooks{[this] { return running_name; }, [this] { return dirty(); },
                        [this](std::ostream& out) {
                          if (!commit_ok) {
                            out << "Error: Commit failed.\n";
                            return false;
                          }
                          running_name = candidate_name;
                          ++commits;
                          return true;
                        },
                        [this] {
                          candidate_name = running_name;
                          ++discards;
                        },
                        [this](std::ostream& out) {
                          ++ticks;
                          out << tick_message;
                          tick_message.clear();
                        }};
  }
};

// What the fake interface view edits.
struct IfContext : ViewContext {
  explicit IfContext(std::string n) : ifname(std::move(n)) {}
  std::string ifname;
};

inline CommandSpec spec(std::vector<std::string> views, std::string syntax,
                        std::map<std::string, std::string> help, Handler run,
                        std::map<std::string, ParamType> params = {}) {
  CommandSpec s;
  s.views = std::move(views);
  s.syntax = std::move(syntax);
  for (auto& [name, type] : params) {
    auto h = help.find("<" + name + ">");
    s.params.emplace_back(name, std::move(type), h == help.end() ? std::string() : h->second);
    if (h != help.end()) help.erase(h);
  }
  s.help = std::move(help);
  s.run = std::move(run);
  return s;
}

inline void add_fake_commands(Registry& reg, FakeDomain& dom) {
  reg.add(
      spec({"user"}, "system-view", {{"system-view", "Enter the system view"}}, [](Ctx& ctx, const Args&) {
        ctx.out() << "Enter system view, return user view with return command.\n";
        ctx.enter(Frame{"system", "", {}});
        return Status::Ok;
      }));
  reg.add(spec({"user"}, "display version",
               {{"display", "Display information"}, {"version", "Display version information"}},
               [](Ctx& ctx, const Args&) {
                 ctx.out() << "vrsh 1.0\n";
                 return Status::Ok;
               }));
  reg.add(spec({"user"}, "display clock",
               {{"display", "Display information"}, {"clock", "Display the clock"}},
               [](Ctx& ctx, const Args&) {
                 ctx.out() << "12:00:00\n";
                 return Status::Ok;
               }));
  reg.add(spec({"user"}, "tick-later", {{"tick-later", "The next tick prints a line"}},
               [&dom](Ctx&, const Args&) {
                 dom.tick_message = "Info: Ticked.\n";
                 return Status::Ok;
               }));
  reg.add(spec({std::string(kAnyConfigView)}, "run <command>",
               {{"run", "Run a user view command"}, {"<command>", "Command"}},
               [](Ctx& ctx, const Args& a) { return ctx.session().run_in_user_view(a.get("command")); },
               {{"command", [] {
                   ParamType t = types::text(1, 512);
                   t.command_view = "user";
                   return t;
                 }()}}));
  reg.add(spec({"user"}, "fail", {{"fail", "A command that fails"}}, [](Ctx& ctx, const Args&) {
    ctx.out() << "Error: It failed.\n";
    return Status::Error;
  }));
  reg.add(spec({std::string(kAnyView)}, "quit",
               {{"quit", "Exit from the current view and enter the upper view"}}, [](Ctx& ctx, const Args&) {
                 ctx.session().quit();
                 return Status::Ok;
               }));
  reg.add(spec({std::string(kAnyConfigView)}, "return", {{"return", "Enter the user view"}},
               [](Ctx& ctx, const Args&) {
                 ctx.session().return_to_user();
                 return Status::Ok;
               }));
  reg.add(spec(
      {std::string(kAnyConfigView)}, "commit", {{"commit", "Commit the candidate"}},
      [&dom](Ctx& ctx, const Args&) { return dom.hooks().commit(ctx.out()) ? Status::Ok : Status::Error; }));
  reg.add(spec({"system"}, "sysname <host-name>",
               {{"sysname", "Set the host name"}, {"<host-name>", "Host name"}},
               [&dom](Ctx&, const Args& a) {
                 dom.candidate_name = a.get("host-name");
                 return Status::Ok;
               },
               {{"host-name", types::string(1, 64)}}));
  reg.add(spec({"system"}, "esqm", {{"esqm", "Enter the ESQM view"}}, [](Ctx& ctx, const Args&) {
    ctx.enter(Frame{"esqm", "-esqm", {}});
    return Status::Ok;
  }));
  reg.add(spec({"system"}, "interface <name>",
               {{"interface", "Specify an interface"}, {"<name>", "Interface name"}},
               [](Ctx& ctx, const Args& a) {
                 const std::string name = a.get("name");
                 ctx.enter(Frame{"interface", "-" + name, std::make_shared<const IfContext>(name)});
                 return Status::Ok;
               },
               {{"name", types::string(1, 64)}}));
  reg.add(spec({"system"}, "boom", {{"boom", "A command that throws"}},
               [](Ctx&, const Args&) -> Status { throw std::runtime_error("Something broke."); }));
  reg.add(spec({"system"}, "ask", {{"ask", "A command that asks a question"}}, [](Ctx& ctx, const Args&) {
    const bool yes = ctx.confirm("Continue? [Y/N]:");
    ctx.out() << "answer=" << (yes ? "yes" : "no") << "\n";
    return Status::Ok;
  }));
  reg.add(
      spec({"system"}, "secret", {{"secret", "A command that reads a secret"}}, [](Ctx& ctx, const Args&) {
        const auto s = ctx.secret("Enter Password:");
        ctx.out() << "secret=" << (s ? *s : std::string("<eof>")) << "\n";
        return Status::Ok;
      }));
  reg.add(spec({"esqm"}, "service-stream enable",
               {{"service-stream", "Service stream"}, {"enable", "Enable"}}, [&dom](Ctx&, const Args&) {
                 dom.candidate_name = dom.running_name + "-esqm";  // any candidate change
                 return Status::Ok;
               }));
  reg.add(spec({"interface"}, "show-name", {{"show-name", "Print the interface name from the frame context"}},
               [](Ctx& ctx, const Args&) {
                 const auto* itf = dynamic_cast<const IfContext*>(ctx.frame().context.get());
                 ctx.out() << "ifname=" << (itf ? itf->ifname : "") << "\n";
                 return Status::Ok;
               }));
  // The same first word with a value here and a keyword in the enclosing view.
  reg.add(spec({"interface"}, "esqm <tag>", {{"esqm", "Tag the interface"}, {"<tag>", "Tag"}},
               [](Ctx&, const Args&) { return Status::Ok; }, {{"tag", types::string(1, 16)}}));
  reg.add(spec({"system"}, "esqm global", {{"esqm", "Enter the ESQM view"}, {"global", "Global settings"}},
               [](Ctx&, const Args&) { return Status::Ok; }));
}

inline const Registry& filled(Registry& reg, FakeDomain& dom) {
  add_fake_commands(reg, dom);
  return reg;
}

// A session over the fake registry writing into a string.
struct Rig {
  FakeDomain dom;
  Registry reg;
  std::ostringstream out;
  Session s;

  Rig() : s(filled(reg, dom), dom.hooks(), out) {}

  std::string take() {
    std::string t = out.str();
    out.str("");
    return t;
  }
  int batch(const std::string& input, bool keep_going = false) {
    std::istringstream in(input);
    return s.run_batch(in, keep_going);
  }
};

}  // namespace vrsh::cli::test
