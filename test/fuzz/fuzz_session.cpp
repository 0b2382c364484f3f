// Whole batch sessions on the real command set (test/fuzz/session_input.hpp). A commit's snapshot
// is cheap: the FIB's /16 table waits for the first packet, and none arrives here. packet-replay
// lines are skipped: they read files named by the input (fuzz_pcap covers replay). The file
// commands (`save [ FILE ]`, `startup saved-configuration`, `compare configuration`) work in a
// folder that does not exist (test::Router::sandbox_files): they fail and write nothing.
#include <cstddef>
#include <cstdint>

#include "test/fuzz/session_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > vrsh::fuzz::kMaxSessionInput) return -1;
  vrsh::fuzz::run_session_input(vrsh::fuzz::session_world(), data, size);
  return 0;
}
