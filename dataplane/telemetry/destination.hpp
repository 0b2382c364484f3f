#pragma once
// One telemetry destination: a bounded queue of JSON documents drained by a background thread
// that owns the socket. The dataplane only ever enqueues (never blocks, never waits on the
// network); what does not fit is counted as dropped.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "model/config.hpp"

namespace vrsh::dataplane::telemetry {

inline constexpr std::size_t kQueueCapacity = 10000;

enum class ConnState { Ready, Connecting, Connected, Backoff };
const char* state_name(ConnState s);

struct DestinationStats {
  std::uint64_t sent = 0;
  std::uint64_t dropped = 0;      // queue full, or still queued when the stream was stopped
  std::uint64_t send_errors = 0;  // failed sends and failed connection attempts
  std::uint64_t connects = 0;     // successful TCP connections
  std::size_t queued = 0;
  ConnState state = ConnState::Ready;
};

class Destination {
 public:
  explicit Destination(const model::TelemetryDestination& d);
  ~Destination();  // stop(): drains what it can within kDrainTimeout, then drops the rest
  Destination(const Destination&) = delete;
  Destination& operator=(const Destination&) = delete;

  // Never blocks on the network: false (and counted) when the queue is full.
  bool enqueue(std::string doc);
  DestinationStats stats() const;
  const model::TelemetryDestination& target() const { return target_; }

 private:
  void run();
  bool ensure_socket();  // TCP: connects; UDP: opens the socket. Worker thread only.
  bool send_doc(const std::string& doc);
  void close_socket();
  void wait_backoff();

  const model::TelemetryDestination target_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  DestinationStats stats_;
  int fd_ = -1;
  int backoff_ms_ = 0;
  std::thread worker_;
};

}  // namespace vrsh::dataplane::telemetry
