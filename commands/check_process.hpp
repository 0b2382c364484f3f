#pragma once
// The processes `vrsh --check` starts: the vrsh under test (one, or one per router) and the tools
// of `!run` steps. Each runs in the scenario's folder with its output in files; no shell is
// involved, so no word of a scenario is expanded, redirected or globbed.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace vrsh::commands::check {

struct Child {
  std::vector<std::string> argv;  // argv[0]: a path (relative to `dir`) or a name looked up in PATH
  std::filesystem::path dir;      // working directory
  std::filesystem::path in;       // standard input read from this file, when in_fd < 0
  int in_fd = -1;                 // or from this descriptor
  std::filesystem::path out, err;
  bool test_clock = false;  // VRSH_TEST_CLOCK=1 (vrsh's fixed commit clock)
  int sync_fd = -1;         // becomes descriptor 3, named by VRSH_CHECK_SYNC_FD (batch_input.hpp)
};

// Starts the child; -1 when it cannot fork. A program that cannot be run exits with status 127,
// after saying why on its standard error.
pid_t start_child(const Child& c);
// Its exit status, or 128 + the signal that ended it; -1 when it cannot be waited for.
int wait_child(pid_t pid);

}  // namespace vrsh::commands::check
