#include "dataplane/telemetry/destination.hpp"

#include <algorithm>
#include <chrono>

namespace vrsh::dataplane::telemetry {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBackoffStartMs = 100;
constexpr int kBackoffMaxMs = 5000;
// Bounds how long stopping waits for a slow or absent collector.
constexpr auto kDrainTimeout = std::chrono::seconds(2);
// Past the drain time, how long a connection attempt or a write still in progress (each bounded
// by its own timeout) may take before it is cancelled.
constexpr auto kCancelGrace = std::chrono::seconds(1);

}  // namespace

const char* state_name(ConnState s) {
  switch (s) {
    case ConnState::Ready:
      return "ready";
    case ConnState::Connecting:
      return "connecting";
    case ConnState::Connected:
      return "connected";
    case ConnState::Backoff:
      return "retrying";
  }
  return "unknown";
}

Destination::Destination(const model::TelemetryDestination& d, const std::optional<GrpcSpec>& grpc)
    : link_(grpc ? grpc_link(d, *grpc) : socket_link(d)) {
  stats_.state = link_->connection_oriented() ? ConnState::Connecting : ConnState::Ready;
  worker_ = std::thread([this] { run(); });
}

void Destination::request_stop() {
  std::lock_guard lk(mu_);
  stopping_ = true;
  cv_.notify_all();
}

Destination::~Destination() {
  request_stop();
  std::unique_lock lk(mu_);
  if (!cv_.wait_for(lk, kDrainTimeout + kCancelGrace, [&] { return done_; })) link_->cancel();
  lk.unlock();
  worker_.join();
}

bool Destination::enqueue(Document doc) {
  {
    std::lock_guard lk(mu_);
    if (stopping_ || queue_.size() >= kQueueCapacity) {
      ++stats_.dropped;
      return false;
    }
    queue_.push_back(std::move(doc));
  }
  cv_.notify_one();
  return true;
}

DestinationStats Destination::stats() const {
  std::lock_guard lk(mu_);
  DestinationStats s = stats_;
  s.queued = queue_.size();
  // A stream the collector ended is reopened with the next document; the display says so now.
  if (s.state == ConnState::Connected && link_->peer_closed()) s.state = ConnState::Connecting;
  return s;
}

// A failed connection or a broken stream: the document stays queued, the next attempt waits
// 100 ms doubling to 5 s (reset by the next successful send).
void Destination::backoff(std::unique_lock<std::mutex>& lk, const std::string& error) {
  ++stats_.send_errors;
  stats_.last_error = error;
  stats_.state = ConnState::Backoff;
  backoff_ms_ = backoff_ms_ == 0 ? kBackoffStartMs : std::min(backoff_ms_ * 2, kBackoffMaxMs);
  cv_.wait_for(lk, std::chrono::milliseconds(backoff_ms_), [&] { return stopping_; });
}

void Destination::run() {
  Clock::time_point deadline = Clock::time_point::max();
  std::unique_lock lk(mu_);
  for (;;) {
    cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_ && deadline == Clock::time_point::max()) deadline = Clock::now() + kDrainTimeout;
    if (queue_.empty()) break;
    // Stopping with no collector to talk to, or past the drain time: what is left is dropped.
    if (stopping_ && (stats_.state == ConnState::Backoff || Clock::now() > deadline)) {
      stats_.dropped += queue_.size();
      queue_.clear();
      break;
    }
    // Only this thread pops, and a deque's push_back keeps references to its elements valid, so
    // the front stays put while the lock is released.
    const Document& doc = queue_.front();
    lk.unlock();
    std::string error;
    if (!link_->connected()) {
      const bool up = link_->connect(error);
      lk.lock();
      if (!up) {
        backoff(lk, error);
        continue;
      }
      if (link_->connection_oriented()) {
        ++stats_.connects;
        stats_.state = ConnState::Connected;
      } else {
        stats_.state = ConnState::Ready;
      }
      lk.unlock();
    }
    const SendResult result = link_->send(doc, error);
    lk.lock();
    switch (result) {
      case SendResult::Sent:
        queue_.pop_front();
        ++stats_.sent;
        stats_.bytes = link_->bytes_sent();
        stats_.last_send = std::chrono::system_clock::now();
        backoff_ms_ = 0;
        break;
      case SendResult::Lost:
        queue_.pop_front();
        ++stats_.send_errors;
        stats_.last_error = error;
        if (!link_->connected()) stats_.state = ConnState::Connecting;
        break;
      case SendResult::Retry:
        backoff(lk, error);
        break;
    }
  }
  done_ = true;
  cv_.notify_all();
}

}  // namespace vrsh::dataplane::telemetry
