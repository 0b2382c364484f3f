#include "dataplane/fpm/mcp_service.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace vrsh::dataplane::fpm {

std::string McpService::last_error() const {
  std::lock_guard<std::mutex> lock(err_mu_);
  return error_;
}

bool McpService::deliver_local(std::uint32_t mcp_id, std::uint16_t port,
                               std::span<const std::uint8_t> datagram, bool& acked) {
  if (!mcp_.is_addressed(mcp_id, port)) return false;
  acked = mcp_.ingest(datagram).ack.has_value();
  return true;
}

void McpService::stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  running_ = false;
  port_ = 0;
}

void McpService::configure(const model::Mcp& cfg) {
  mcp_.configure(cfg);
  const bool want = cfg.enabled && cfg.id.has_value();
  const std::uint16_t port = cfg.port.value_or(kDefaultMcpPort);
  if (want && running_ && port == port_) return;
  stop();
  {
    std::lock_guard<std::mutex> lock(err_mu_);
    error_.clear();
  }
  if (!want || listen_.empty()) return;
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  std::string err;
  if (fd < 0) {
    err = fmt::format("cannot create a UDP socket: {}", std::strerror(errno));
  } else if (::inet_pton(AF_INET, listen_.c_str(), &a.sin_addr) != 1) {
    err = fmt::format("invalid listen address {}", listen_);
  } else if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    err = fmt::format("cannot listen on {}:{}: {}", listen_, port, std::strerror(errno));
  }
  if (!err.empty()) {
    if (fd >= 0) ::close(fd);
    std::lock_guard<std::mutex> lock(err_mu_);
    error_ = err;
    return;
  }
  stop_ = false;
  running_ = true;
  port_ = port;
  thread_ = std::thread([this, fd] { run(fd); });
}

void McpService::run(int fd) {
  std::array<std::uint8_t, 65536> buf{};
  while (!stop_) {
    pollfd p{fd, POLLIN, 0};
    // A short timeout bounds how long stop() waits for the thread.
    const int rc = ::poll(&p, 1, 100);
    if (rc <= 0) continue;
    sockaddr_in from{};
    socklen_t fl = sizeof from;
    const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &fl);
    if (n < 0) continue;
    const Verdict v = mcp_.ingest(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n)));
    if (v.ack) {
      const auto ack = encode_ack(*v.ack);
      ::sendto(fd, ack.data(), ack.size(), MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&from), fl);
    }
  }
  ::close(fd);
}

}  // namespace vrsh::dataplane::fpm
