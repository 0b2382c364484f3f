#pragma once
// One telemetry destination: a bounded queue of documents drained by a background thread that
// owns the connection (a UDP or TCP socket, or a gRPC dial-out stream). The dataplane only ever
// enqueues (never blocks, never waits on the network); what does not fit is counted as dropped.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "dataplane/telemetry/link.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane::telemetry {

inline constexpr std::size_t kQueueCapacity = 10000;

enum class ConnState { Ready, Connecting, Connected, Backoff };
const char* state_name(ConnState s);

struct DestinationStats {
  std::uint64_t sent = 0;
  std::uint64_t dropped = 0;      // queue full, or still queued when the stream was stopped
  std::uint64_t send_errors = 0;  // failed sends and failed connection attempts
  std::uint64_t connects = 0;     // successful connections (TCP) or streams opened (gRPC)
  std::uint64_t bytes = 0;        // of the documents (or gRPC payloads) sent
  std::optional<std::chrono::system_clock::time_point> last_send;  // of the last document sent
  std::size_t queued = 0;
  ConnState state = ConnState::Ready;
  std::string last_error;  // why the last send or connection attempt failed
  std::uint64_t reconnects() const { return connects > 1 ? connects - 1 : 0; }
};

class Destination {
 public:
  // `grpc` is set for a gRPC destination (then the streamer queues records with their document).
  Destination(const model::TelemetryDestination& d, const std::optional<GrpcSpec>& grpc);
  ~Destination();  // drains what it can within kDrainTimeout, then drops the rest
  Destination(const Destination&) = delete;
  Destination& operator=(const Destination&) = delete;

  // Starts the drain without waiting for it (the destructor waits), so that several
  // destinations stop in parallel.
  void request_stop();
  // Never blocks on the network: false (and counted) when the queue is full.
  bool enqueue(Document doc);
  DestinationStats stats() const;

 private:
  void run();
  void backoff(std::unique_lock<std::mutex>& lk, const std::string& error);

  std::unique_ptr<Link> link_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Document> queue_;
  bool stopping_ = false;
  bool done_ = false;  // the worker has left run()
  DestinationStats stats_;
  int backoff_ms_ = 0;
  std::thread worker_;
};

}  // namespace vrsh::dataplane::telemetry
