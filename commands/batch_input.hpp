#pragma once
// Batch mode that SIGINT and SIGTERM end cleanly. The signals are blocked (threads started
// afterwards inherit that) and read from a signalfd; batch input is read from a descriptor while
// watching that signalfd, so a signal ends the input as its end would, wherever the session is
// waiting. A pipe is read as data arrives: each command runs as soon as its line is complete.
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
  void wait();                                // until one arrives

 private:
  int fd_ = -1;
  int received_ = 0;
};

class SignalAwareInput : public std::streambuf {
 public:
  SignalAwareInput(int fd, StopSignals& stop) : fd_(fd), stop_(stop) {}

 protected:
  int_type underflow() override;

 private:
  int fd_;
  StopSignals& stop_;
  char buf_[4096];
};

}  // namespace vrsh::commands
