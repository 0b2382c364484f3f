#include "dataplane/fpm/sender.hpp"

#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <netdb.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace vrsh::dataplane::fpm {

ReportSender::ReportSender() {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  // Queue ICMP errors even though the socket is not connected: a port unreachable tells settle()
  // that no MCP listens there, so a replay does not wait for acknowledgements that cannot come.
  const int on = 1;
  if (fd_ >= 0) ::setsockopt(fd_, IPPROTO_IP, IP_RECVERR, &on, sizeof on);
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
  for (int attempt = 0; attempt < 2; ++attempt) {
    const ssize_t n = ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT,
                               reinterpret_cast<const sockaddr*>(&to), sizeof to);
    if (n == static_cast<ssize_t>(bytes.size())) return true;
    // A pending ICMP error of an earlier datagram (IP_RECVERR) fails the call once, unsent.
    if (n >= 0 || errno != ECONNREFUSED) return false;
  }
  return false;
}

void ReportSender::read_acks() {
  if (fd_ < 0) return;
  std::array<std::uint8_t, 64> buf{};
  for (;;) {
    const ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0) {
      // ECONNREFUSED reports a queued ICMP error once (read_errors() reads which report it was);
      // acknowledgements may still be waiting behind it.
      if (errno == EINTR || errno == ECONNREFUSED) continue;
      break;  // EAGAIN: nothing left to read
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

void ReportSender::read_errors() {
  if (fd_ < 0) return;
  for (;;) {
    sockaddr_in to{};
    std::array<std::uint8_t, 512> control{};
    std::array<std::uint8_t, 64> data{};
    iovec iov{data.data(), data.size()};
    msghdr msg{};
    msg.msg_name = &to;
    msg.msg_namelen = sizeof to;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.data();
    msg.msg_controllen = control.size();
    if (::recvmsg(fd_, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    bool refused = false;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != IPPROTO_IP || c->cmsg_type != IP_RECVERR) continue;
      sock_extended_err ee{};
      std::memcpy(&ee, CMSG_DATA(c), sizeof ee);
      refused = refused || (ee.ee_origin == SO_EE_ORIGIN_ICMP && ee.ee_type == ICMP_DEST_UNREACH);
    }
    if (!refused) continue;
    // msg_name is the destination of the datagram that was refused.
    for (Pending& p : pending_) {
      if (p.to.sin_addr.s_addr == to.sin_addr.s_addr && p.to.sin_port == to.sin_port) p.refused = true;
    }
  }
}

bool ReportSender::waiting() const {
  for (const Pending& p : pending_) {
    if (!p.refused) return true;
  }
  return false;
}

void ReportSender::settle() {
  read_errors();
  read_acks();
  for (Pending& p : pending_) {
    if (!p.refused) continue;
    p.refused = false;
    resend(p, std::chrono::steady_clock::now());
  }
  const auto deadline = std::chrono::steady_clock::now() + kSettleTimeout;
  while (fd_ >= 0 && waiting()) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};  // POLLERR (a queued ICMP error) is always reported
    ::poll(&p, 1, static_cast<int>(left.count()));
    read_errors();
    read_acks();
  }
}

void ReportSender::round() {
  read_errors();
  read_acks();
  const auto now = std::chrono::steady_clock::now();
  for (Pending& p : pending_) {
    if (now - p.last < std::chrono::seconds(1)) continue;
    resend(p, now);
  }
}

void ReportSender::resend(Pending& p, std::chrono::steady_clock::time_point now) {
  p.last = now;
  if (transmit(p.bytes, p.to)) {
    ++c_.resent;
  } else {
    ++c_.send_errors;
  }
}

void ReportSender::send(const Report& r, const Destination& dest) {
  std::vector<std::uint8_t> bytes = encode(r, dest.auth);
  bool acked = false;
  if (local_ && local_(dest, bytes, acked)) {
    // Delivered and answered in the same call: nothing to wait for or re-send. A report the
    // local MCP refused (unknown DCP, wrong key) would be refused again.
    ++c_.sent;
    ++c_.local;
    if (acked) ++c_.acked;
    return;
  }
  round();
  Pending p{r.dcp_id, r.instance, r.seq, std::move(bytes), {}, std::chrono::steady_clock::now()};
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
