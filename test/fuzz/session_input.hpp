#pragma once
// One fuzz_session input, shared by the target and by test/bench/bench_session.cpp (which times
// the same work without the fuzzer's instrumentation): the input is a batch script run through
// cli::Session with the real command set and hooks (commit, discard, views, displays), exactly as
// `vrsh -f` runs it, with keep-going. Header-only: the fuzz targets link only the libraries.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "cli/session.hpp"
#include "test/fuzz/fuzz_util.hpp"
#include "test/support/roundtrip.hpp"

namespace vrsh::fuzz {

// The largest input worth running (run_fuzzers.sh's -max_len): room for a configuration block
// typed in its views and committed.
inline constexpr std::size_t kMaxSessionInput = 8192;

// The router every input runs on: its command set is compiled once (that takes longer than most
// scripts) and each input ends with reset(), back to an empty datastore, candidate and flow table
// (only the engine's port counters carry over, which nothing but displays read). Run at the end
// of an input, not at the start of the next: what an input allocates is then freed within the
// same run, and libFuzzer re-runs an input under a leak check only when it is not (mallocs >
// frees). Its MCP opens no UDP receiver: stopping the receiver's thread waits out a 100 ms poll,
// so every input that enabled an MCP cost 50-100 ms where the others take a third of a
// millisecond (it was most of the target's time), and a fuzz run must not bind the vendor's fixed
// port that other processes on the machine use. The MCP's configuration still goes through
// McpService; fuzz_report fuzzes what a datagram does to an MCP.
using SessionWorld = test::Router;

inline SessionWorld& session_world() {
  static SessionWorld* w = new SessionWorld();  // never destroyed: handlers keep references to the App
  return *w;
}

inline void run_session_input(SessionWorld& w, const std::uint8_t* data, std::size_t size) {
  const std::string script = session_script(data, size);
  {
    NullStream out;
    cli::Session session(w.reg, commands::session_hooks(w.app), out);
    std::istringstream in(script);
    (void)session.run_batch(in, /*keep_going=*/true);
  }
  w.reset();
}

}  // namespace vrsh::fuzz
