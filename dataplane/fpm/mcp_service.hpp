#pragma once
// The MCP's UDP receiver: a background thread listening on `protocol udp port P` at the listen
// address (default 127.0.0.1), feeding reports to Mcp and acknowledging accepted and duplicate
// ones. Restarted when the port or address changes; stopped cleanly by stop() or destruction.
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "dataplane/fpm/mcp.hpp"

namespace vrsh::dataplane::fpm {

class McpService {
 public:
  McpService() = default;
  ~McpService() { stop(); }
  McpService(const McpService&) = delete;
  McpService& operator=(const McpService&) = delete;

  // "": the receiver stays off (tests that only look at configurations).
  void set_listen_address(const std::string& addr) { listen_ = addr; }
  const std::string& listen_address() const { return listen_; }
  // Applies the MCP configuration: starts, restarts or stops the receiver as needed.
  void configure(const model::Mcp& cfg);
  void stop();
  // A report of a DCP of this process: ingested here, without the socket, when it is addressed to
  // this MCP (`acked`: accepted or duplicate); false when it is for another MCP.
  bool deliver_local(std::uint32_t mcp_id, std::uint16_t port, std::span<const std::uint8_t> datagram,
                     bool& acked);

  Mcp& mcp() { return mcp_; }
  const Mcp& mcp() const { return mcp_; }
  bool listening() const { return running_.load(); }
  std::uint16_t port() const { return port_; }
  std::string last_error() const;

 private:
  void run(int fd);

  Mcp mcp_;
  std::string listen_ = "127.0.0.1";
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
  mutable std::mutex err_mu_;
  std::string error_;
};

}  // namespace vrsh::dataplane::fpm
