// Whole batch sessions: the input is a script run through cli::Session with the real command set
// and hooks (commit, discard, views, displays), exactly as `vrsh -f` runs it, with keep-going.
// Compiling the command set takes longer than most scripts, so the App and Registry live for the
// whole run and each input starts from an empty datastore, candidate and flow table (only the
// engine's port counters carry over, which nothing but displays read). A commit's snapshot is
// cheap: the FIB's /16 table waits for the first packet, and none arrives here. packet-replay
// lines are skipped: they read files named by the input (fuzz_pcap covers replay). There is no
// startup path, so `save` answers with an error and writes nothing.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/registry.hpp"
#include "cli/session.hpp"
#include "commands/app.hpp"
#include "test/fuzz/fuzz_util.hpp"

namespace {

struct World {
  vrsh::commands::App app;
  vrsh::cli::Registry reg;
  World() { vrsh::commands::register_all(reg, app); }
  // Back to an empty datastore, candidate and flow table. Run at the end of an input, not at
  // the start of the next: what an input allocates is then freed within the same run, and
  // libFuzzer re-runs an input under a leak check only when it is not (mallocs > frees).
  void reset() {
    // A commit compiles a snapshot: skip it when the input committed nothing.
    const bool dirty = !(app.store.running() == vrsh::model::Config{});
    app.store = vrsh::model::Datastore([] { return std::string("2026-01-01 00:00:00"); });
    app.candidate = vrsh::model::Config{};
    if (dirty) app.apply_running();
    app.engine.esqm_reset();
  }
};

World& world() {
  static World* w = new World();  // never destroyed: handlers keep references to the App
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return -1;
  const std::string script = vrsh::fuzz::session_script(data, size);
  World& w = world();
  {
    vrsh::fuzz::NullStream out;
    vrsh::cli::Session session(w.reg, vrsh::commands::session_hooks(w.app), out);
    std::istringstream in(script);
    (void)session.run_batch(in, /*keep_going=*/true);
  }
  w.reset();
  return 0;
}
