#include "dataplane/telemetry/destination.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

namespace vrsh::dataplane::telemetry {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBackoffStartMs = 100;
constexpr int kBackoffMaxMs = 5000;
constexpr int kConnectTimeoutMs = 1000;
// Bounds both a stuck send and how long stop() waits for a slow collector.
constexpr auto kDrainTimeout = std::chrono::seconds(2);

sockaddr_in to_sockaddr(const model::TelemetryDestination& d) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(d.port);
  sa.sin_addr.s_addr = htonl(d.addr);
  return sa;
}

// Non-blocking connect bounded by kConnectTimeoutMs, so an unreachable collector cannot hold the
// worker (and stop()) for the kernel's minutes-long SYN retry.
bool connect_bounded(int fd, const sockaddr_in& sa) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, kConnectTimeoutMs) != 1) return false;
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) return false;
    rc = 0;
  }
  fcntl(fd, F_SETFL, flags);
  return rc == 0;
}

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

Destination::Destination(const model::TelemetryDestination& d) : target_(d) {
  stats_.state =
      d.transport.protocol == model::TelemetryProtocol::Tcp ? ConnState::Connecting : ConnState::Ready;
  worker_ = std::thread([this] { run(); });
}

Destination::~Destination() {
  {
    std::lock_guard lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
  close_socket();
}

bool Destination::enqueue(std::string doc) {
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
  return s;
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
    // Only this thread pops, so the front stays put while the lock is released.
    const std::string doc = queue_.front();
    lk.unlock();
    const bool have_socket = ensure_socket();
    const bool ok = have_socket && send_doc(doc);
    lk.lock();
    if (!have_socket) {
      ++stats_.send_errors;
      stats_.state = ConnState::Backoff;
      backoff_ms_ = backoff_ms_ == 0 ? kBackoffStartMs : std::min(backoff_ms_ * 2, kBackoffMaxMs);
      cv_.wait_for(lk, std::chrono::milliseconds(backoff_ms_), [&] { return stopping_; });
      continue;  // the document stays queued for the next connection
    }
    queue_.pop_front();
    if (ok) {
      ++stats_.sent;
    } else {
      ++stats_.send_errors;
      if (target_.transport.protocol == model::TelemetryProtocol::Tcp) stats_.state = ConnState::Connecting;
    }
  }
}

bool Destination::ensure_socket() {
  if (fd_ >= 0) return true;
  const bool tcp = target_.transport.protocol == model::TelemetryProtocol::Tcp;
  fd_ = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (fd_ < 0) return false;
  const timeval tv{2, 0};
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  // One segment per document: collectors such as pmtelemetryd decode each read as one document.
  const int one = 1;
  if (tcp) setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const sockaddr_in sa = to_sockaddr(target_);
  // UDP is connected too, so ICMP port-unreachable surfaces as a send error.
  if (!connect_bounded(fd_, sa)) {
    close_socket();
    return false;
  }
  std::lock_guard lk(mu_);
  backoff_ms_ = 0;
  if (tcp) {
    ++stats_.connects;
    stats_.state = ConnState::Connected;
  } else {
    stats_.state = ConnState::Ready;
  }
  return true;
}

bool Destination::send_doc(const std::string& doc) {
  if (target_.transport.protocol == model::TelemetryProtocol::Udp) {
    if (send(fd_, doc.data(), doc.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(doc.size())) return true;
    // A refused datagram poisons nothing: keep the socket, count the error.
    return false;
  }
  const std::string line = doc + "\n";
  std::size_t off = 0;
  while (off < line.size()) {
    const ssize_t n = send(fd_, line.data() + off, line.size() - off, MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      close_socket();  // reconnect for the next document; this one is lost (counted by the caller)
      return false;
    }
    off += static_cast<std::size_t>(n);
  }
  return true;
}

void Destination::close_socket() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

}  // namespace vrsh::dataplane::telemetry
