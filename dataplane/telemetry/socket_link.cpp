// UDP and TCP destinations: the seed document as is, one datagram or one line each, for
// collectors such as pmacct's pmtelemetryd.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "dataplane/telemetry/link.hpp"

namespace vrsh::dataplane::telemetry {
namespace {

constexpr int kConnectTimeoutMs = 1000;

sockaddr_in to_sockaddr(const model::TelemetryDestination& d) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(d.port);
  sa.sin_addr.s_addr = htonl(d.addr);
  return sa;
}

// Non-blocking connect bounded by kConnectTimeoutMs, so an unreachable collector cannot hold the
// worker (and stop()) for the kernel's minutes-long SYN retry.
bool connect_bounded(int fd, const sockaddr_in& sa, std::string& error) {
  const int flags = fcntl(fd, F_GETFL, 0);
  fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, kConnectTimeoutMs) != 1) {
      error = "connection timed out";
      return false;
    }
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
      error = std::strerror(err);
      return false;
    }
    rc = 0;
  } else if (rc != 0) {
    error = std::strerror(errno);
  }
  fcntl(fd, F_SETFL, flags);
  return rc == 0;
}

class SocketLink final : public Link {
 public:
  explicit SocketLink(const model::TelemetryDestination& d)
      : target_(d), tcp_(d.transport.protocol == model::TelemetryProtocol::Tcp) {}
  ~SocketLink() override { close_socket(); }

  bool connected() const override { return fd_ >= 0; }
  bool connection_oriented() const override { return tcp_; }
  void cancel() override {}  // every call is bounded by its own timeout

  bool connect(std::string& error) override {
    fd_ = socket(AF_INET, tcp_ ? SOCK_STREAM : SOCK_DGRAM, 0);
    if (fd_ < 0) {
      error = std::strerror(errno);
      return false;
    }
    const timeval tv{2, 0};
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    // One segment per document: collectors such as pmtelemetryd decode each read as one document.
    const int one = 1;
    if (tcp_) setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // UDP is connected too, so ICMP port-unreachable surfaces as a send error.
    if (!connect_bounded(fd_, to_sockaddr(target_), error)) {
      close_socket();
      return false;
    }
    return true;
  }

  SendResult send(const Document& d, std::string& error) override {
    if (!tcp_) {
      if (::send(fd_, d.json.data(), d.json.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(d.json.size())) {
        bytes_sent_ += d.json.size();
        return SendResult::Sent;
      }
      // A refused datagram poisons nothing: keep the socket, count the error.
      error = std::strerror(errno);
      return SendResult::Lost;
    }
    const std::string line = d.json + "\n";
    std::size_t off = 0;
    while (off < line.size()) {
      const ssize_t n = ::send(fd_, line.data() + off, line.size() - off, MSG_NOSIGNAL);
      if (n <= 0) {
        if (n < 0 && errno == EINTR) continue;
        error = n < 0 ? std::strerror(errno) : "connection closed";
        close_socket();  // reconnect for the next document; part of this one may have gone
        return SendResult::Lost;
      }
      off += static_cast<std::size_t>(n);
    }
    bytes_sent_ += line.size();
    return SendResult::Sent;
  }

 private:
  void close_socket() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

  const model::TelemetryDestination target_;
  const bool tcp_;
  int fd_ = -1;
};

}  // namespace

std::unique_ptr<Link> socket_link(const model::TelemetryDestination& d) {
  return std::make_unique<SocketLink>(d);
}

}  // namespace vrsh::dataplane::telemetry
