#pragma once
// The round-trip law (issue #12): a committed configuration renders to text that, loaded into a
// fresh router the way a startup file is loaded, gives back the same configuration and the same
// text. Shared by the property test (test/unit/commands/roundtrip_property_test.cpp) and the
// fuzz_roundtrip target. Header-only: test/support's library does not link the command set.
#include <fstream>
#include <sstream>
#include <string>

#include "cli/registry.hpp"
#include "commands/app.hpp"
#include "commands/startup.hpp"
#include "model/render.hpp"

namespace vrsh::test {

// An App with its command set, reusable as a fresh router: compiling the command set costs more
// than most configurations, so the registry stays and reset() empties the rest.
struct Router {
  commands::App app;
  cli::Registry reg;
  Router() {
    commands::register_all(reg, app);
    // The law is about configurations: an MCP that listened would bind the vendor's fixed UDP
    // port (shared with other test processes) and make every reset wait for its receiver.
    app.engine.set_ipfpm_listen("");
    sandbox_files();
  }
  // `save FILE` and the other file commands work in the folder of the startup file, else the
  // current directory: a fuzzed script must not write files there. A startup file in a folder
  // that does not exist makes every such command fail (load_startup replaces it with a real one).
  void sandbox_files() {
    app.startup.path = "/nonexistent/vrsh-router-sandbox/startup.cfg";
    app.startup_path.clear();
  }
  // Back to an empty datastore, candidate and flow table (fuzz_session resets after each input).
  void reset() {
    // A commit compiles a snapshot: skip it when nothing was committed.
    const bool dirty = !(app.store.running() == model::Config{});
    app.store = model::Datastore([] { return std::string("2026-01-01 00:00:00"); });
    app.candidate = model::Config{};
    if (dirty) app.apply_running();
    if (app.startup.file == commands::StartupResult::File::None) sandbox_files();
    app.engine.esqm_reset();
  }
};

// Renders `running`, writes the text to `path` and loads it into `fresh` (reset first) as a
// startup file. Returns "" when the configuration and its rendering come back identical, else
// what went wrong, with the text.
inline std::string roundtrip_failure(const model::Config& committed, Router& fresh, const std::string& path) {
  // On-demand measurements are runtime state, never saved: the law is about the rest.
  model::Config running = committed;
  model::clear_runtime(running.ipfpm.dcp);
  const std::string text = model::render_config(running);
  {
    std::ofstream f(path, std::ios::trunc);
    f << text;
    if (!f) return "cannot write " + path;
  }
  fresh.reset();
  const commands::StartupResult& loaded = commands::load_startup(fresh.reg, fresh.app, path);
  if (loaded.file != commands::StartupResult::File::Read || loaded.commit_failed ||
      !loaded.rejected.empty()) {
    std::ostringstream err;
    commands::report_startup(loaded, err);
    return "the rendered configuration does not load:\n" + err.str() + "--- rendered:\n" + text;
  }
  const std::string again = model::render_config(fresh.app.store.running());
  if (again != text)
    return "the loaded configuration renders differently:\n--- rendered:\n" + text +
           "--- loaded and rendered again:\n" + again;
  const model::Config& back = fresh.app.store.running();
  if (!(back == running)) {
    std::string parts;
    const auto part = [&](const char* name, bool same) { parts += same ? "" : std::string(" ") + name; };
    part("sysname", back.sysname == running.sysname);
    part("vpns", back.vpns == running.vpns);
    part("interfaces", back.interfaces == running.interfaces);
    part("routes", back.routes == running.routes);
    part("arp_static", back.arp_static == running.arp_static);
    part("ipfpm", back.ipfpm == running.ipfpm);
    part("esqm", back.esqm == running.esqm);
    part("telemetry", back.telemetry == running.telemetry);
    return "the loaded configuration renders the same but differs in the model (" + parts + " ):\n" + text;
  }
  return {};
}

}  // namespace vrsh::test
