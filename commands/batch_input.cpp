#include "commands/batch_input.hpp"

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

namespace vrsh::commands {

StopSignals::StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  fd_ = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

StopSignals::~StopSignals() {
  if (fd_ >= 0) ::close(fd_);
}

void StopSignals::consume() {
  signalfd_siginfo si{};
  if (fd_ >= 0 && ::read(fd_, &si, sizeof si) == static_cast<ssize_t>(sizeof si))
    received_ = static_cast<int>(si.ssi_signo);
}

void StopSignals::wait(const std::function<void()>& each_second) {
  while (received_ == 0 && fd_ >= 0) {
    pollfd p{fd_, POLLIN, 0};
    const int n = ::poll(&p, 1, each_second ? 1000 : -1);
    if (n < 0 && errno != EINTR) return;
    if (n == 0) each_second();
    consume();
  }
}

void SignalAwareInput::report_consumed() {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  const std::string line = std::to_string(consumed_) + "\n";
  // A failed write (the runner has gone) is not the session's business: its input ends anyway.
  while (::write(sync_fd_, line.data(), line.size()) < 0 && errno == EINTR) {
  }
}

SignalAwareInput::int_type SignalAwareInput::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  if (sync_fd_ >= 0) report_consumed();
  for (;;) {
    if (stop_.received() != 0) return traits_type::eof();
    pollfd p[2] = {{fd_, POLLIN, 0}, {stop_.fd(), POLLIN, 0}};
    if (::poll(p, stop_.fd() >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      return traits_type::eof();
    }
    if (p[1].revents != 0) {
      stop_.consume();
      continue;
    }
    const ssize_t n = ::read(fd_, buf_, sizeof buf_);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return traits_type::eof();
    consumed_ += static_cast<std::uint64_t>(n);
    setg(buf_, buf_, buf_ + n);
    return traits_type::to_int_type(*gptr());
  }
}

}  // namespace vrsh::commands
