#include "dataplane/fpm/sender.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace vrsh::dataplane::fpm {

ReportSender::ReportSender() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
}

ReportSender::~ReportSender() {
  if (fd_ >= 0) ::close(fd_);
}

bool ReportSender::set_host(std::uint32_t mcp_id, const std::string& host, std::string& err) {
  in_addr a{};
  if (::inet_pton(AF_INET, host.c_str(), &a) != 1) {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    addrinfo* res = nullptr;
    const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &res);
    if (rc != 0 || res == nullptr) {
      err = "cannot resolve '" + host + "' to an IPv4 address: " + ::gai_strerror(rc);
      return false;
    }
    std::memcpy(&a, &reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr, sizeof a);
    ::freeaddrinfo(res);
  }
  hosts_[mcp_id] = a;
  return true;
}

bool ReportSender::transmit(const std::vector<std::uint8_t>& bytes, const sockaddr_in& to) {
  if (fd_ < 0) return false;
  const ssize_t n = ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT,
                             reinterpret_cast<const sockaddr*>(&to), sizeof to);
  return n == static_cast<ssize_t>(bytes.size());
}

void ReportSender::read_acks() {
  if (fd_ < 0) return;
  std::array<std::uint8_t, 64> buf{};
  for (;;) {
    const ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // EAGAIN, or ECONNREFUSED reported for an earlier datagram: nothing to read
    }
    const auto ack = decode_ack(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n)));
    if (!ack) continue;
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->dcp_id == ack->dcp_id && it->instance == ack->instance && it->seq == ack->seq) {
        pending_.erase(it);
        ++c_.acked;
        break;
      }
    }
  }
}

void ReportSender::round() {
  read_acks();
  const auto now = std::chrono::steady_clock::now();
  for (Pending& p : pending_) {
    if (now - p.last < std::chrono::seconds(1)) continue;
    p.last = now;
    if (transmit(p.bytes, p.to)) {
      ++c_.resent;
    } else {
      ++c_.send_errors;
    }
  }
}

void ReportSender::send(const Report& r, const Destination& dest) {
  round();
  Pending p{r.dcp_id, r.instance, r.seq, encode(r, dest.auth), {}, std::chrono::steady_clock::now()};
  p.to.sin_family = AF_INET;
  p.to.sin_port = htons(dest.port);
  auto h = hosts_.find(dest.mcp_id);
  if (h != hosts_.end()) {
    p.to.sin_addr = h->second;
  } else {
    p.to.sin_addr.s_addr = htonl(dest.mcp_id);
  }
  if (transmit(p.bytes, p.to)) {
    ++c_.sent;
  } else {
    ++c_.send_errors;
  }
  pending_.push_back(std::move(p));
  while (pending_.size() > kMaxPending) {
    pending_.pop_front();
    ++c_.expired;
  }
}

SenderCounters ReportSender::counters() const {
  SenderCounters c = c_;
  c.pending = pending_.size();
  return c;
}

}  // namespace vrsh::dataplane::fpm
