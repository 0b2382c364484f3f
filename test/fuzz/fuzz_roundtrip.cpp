// The round-trip law under the session fuzzer's inputs (issue #12): the input is a batch script
// run like fuzz_session's (real command set, keep-going, packet-replay lines skipped); whatever it
// committed is rendered, loaded into a second, fresh router through the startup loader, and must
// come back as the same configuration with the same rendering. Any difference traps, with the
// rendered text and what differs on stderr (test/support/roundtrip.hpp).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>

#include "cli/session.hpp"
#include "test/fuzz/fuzz_util.hpp"
#include "test/support/roundtrip.hpp"

namespace {

struct World {
  vrsh::test::Router source;
  vrsh::test::Router fresh;
  std::string path = "/tmp/vrsh-fuzz-roundtrip-" + std::to_string(::getpid()) + ".cfg";
};

World& world() {
  static World* w = new World();  // never destroyed: handlers keep references to the Apps
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return -1;
  const std::string script = vrsh::fuzz::session_script(data, size);
  World& w = world();
  {
    vrsh::fuzz::NullStream out;
    vrsh::cli::Session session(w.source.reg, vrsh::commands::session_hooks(w.source.app), out);
    std::istringstream in(script);
    (void)session.run_batch(in, /*keep_going=*/true);
  }
  const std::string failure = vrsh::test::roundtrip_failure(w.source.app.store.running(), w.fresh, w.path);
  if (!failure.empty()) {
    std::fprintf(stderr, "round trip broken:\n%s\n", failure.c_str());
    __builtin_trap();
  }
  // Both routers end empty, so what this input allocated is freed within its run (see fuzz_session).
  w.source.reset();
  w.fresh.reset();
  return 0;
}
