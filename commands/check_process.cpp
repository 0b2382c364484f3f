#include "commands/check_process.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace vrsh::commands::check {

pid_t start_child(const Child& c) {
  std::vector<std::string> words = c.argv;
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid != 0) return pid;
  // The runner ignores SIGPIPE (a router that has exited must not end it); its children must not.
  signal(SIGPIPE, SIG_DFL);
  // Out of the way of 0-3 before they are assigned.
  const int sync_fd = c.sync_fd >= 0 ? fcntl(c.sync_fd, F_DUPFD_CLOEXEC, 10) : -1;
  const int in_fd =
      c.in_fd >= 0 ? fcntl(c.in_fd, F_DUPFD_CLOEXEC, 10) : ::open(c.in.c_str(), O_RDONLY | O_CLOEXEC);
  const int out_fd = ::open(c.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const int err_fd = ::open(c.err.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0 || dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 ||
      dup2(err_fd, 2) < 0 || (c.sync_fd >= 0 && (sync_fd < 0 || dup2(sync_fd, 3) < 0)) ||
      chdir(c.dir.c_str()) != 0)
    _exit(127);
  if (c.test_clock) setenv("VRSH_TEST_CLOCK", "1", 1);
  if (c.sync_fd >= 0)
    setenv("VRSH_CHECK_SYNC_FD", "3", 1);
  else
    unsetenv("VRSH_CHECK_SYNC_FD");
  execvp(argv[0], argv.data());
  const std::string msg = "vrsh --check: cannot run " + c.argv[0] + ": " + std::strerror(errno) + "\n";
  if (::write(2, msg.data(), msg.size()) < 0) _exit(127);
  _exit(127);
}

int wait_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace vrsh::commands::check
