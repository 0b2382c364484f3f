#pragma once
// Batch mode that SIGINT and SIGTERM end cleanly. The signals are blocked (threads started
// afterwards inherit that) and read from a signalfd; batch input is read from a descriptor while
// watching that signalfd, so a signal ends the input as its end would, wherever the session is
// waiting. A pipe is read as data arrives: each command runs as soon as its line is complete.
#include <cstdint>
#include <functional>
#include <streambuf>

namespace vrsh::commands {

class StopSignals {
 public:
  StopSignals();  // blocks SIGINT and SIGTERM in the calling thread
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  int fd() const { return fd_; }
  int received() const { return received_; }  // the signal that arrived, 0 while none did
  void consume();                             // reads a pending signal, if any
  bool arrived() {                            // whether one has arrived (reads it if pending)
    if (received_ == 0) consume();
    return received_ != 0;
  }
  // Until one arrives; `each_second`, when given, runs about once a second meanwhile.
  void wait(const std::function<void()>& each_second = {});

 private:
  int fd_ = -1;
  int received_ = 0;
};

// With a `sync_fd` (`vrsh --check` running several routers, check_routers.cpp), each time the
// input runs dry, so every line read so far has run, the output is flushed and the number of
// input bytes read so far is written to sync_fd as one decimal line: the runner knows that a
// router has finished what it was given without watching its transcript.
class SignalAwareInput : public std::streambuf {
 public:
  SignalAwareInput(int fd, StopSignals& stop, int sync_fd = -1) : fd_(fd), sync_fd_(sync_fd), stop_(stop) {}

 protected:
  int_type underflow() override;

 private:
  void report_consumed();

  int fd_;
  int sync_fd_;
  std::uint64_t consumed_ = 0;
  StopSignals& stop_;
  char buf_[4096];
};

}  // namespace vrsh::commands
