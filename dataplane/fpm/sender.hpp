#pragma once
// Sends DCP reports to the MCP over UDP without ever blocking the replay (non-blocking socket;
// a full socket buffer counts a send error). Keeps the newest kMaxPending unacknowledged reports
// and re-sends them, at most once a second (wall clock), when later reports are sent or at the
// end of a replay, until the MCP acknowledges them: an MCP started after its DCPs still gets the
// periods they closed meanwhile.
#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

#include "dataplane/fpm/dcp.hpp"
#include "dataplane/fpm/report.hpp"

namespace vrsh::dataplane::fpm {

inline constexpr std::size_t kMaxPending = 256;

struct SenderCounters {
  std::uint64_t sent = 0;
  std::uint64_t resent = 0;
  std::uint64_t acked = 0;
  std::uint64_t send_errors = 0;
  std::uint64_t expired = 0;  // given up: more than kMaxPending unacknowledged
  std::uint64_t pending = 0;
};

class ReportSender {
 public:
  ReportSender();
  ~ReportSender();
  ReportSender(const ReportSender&) = delete;
  ReportSender& operator=(const ReportSender&) = delete;

  // Reports for `mcp_id` go to HOST (an IPv4 address or a host name) instead of the MCP ID.
  // False with `err` set when HOST does not resolve to an IPv4 address.
  bool set_host(std::uint32_t mcp_id, const std::string& host, std::string& err);
  void send(const Report& r, const Destination& dest);
  // Reads acknowledgements and re-sends what is still unacknowledged.
  void round();
  SenderCounters counters() const;

 private:
  struct Pending {
    std::uint32_t dcp_id, instance;
    std::uint64_t seq;
    std::vector<std::uint8_t> bytes;
    sockaddr_in to;
    std::chrono::steady_clock::time_point last;
  };
  bool transmit(const std::vector<std::uint8_t>& bytes, const sockaddr_in& to);
  void read_acks();

  int fd_ = -1;
  std::map<std::uint32_t, in_addr> hosts_;
  std::deque<Pending> pending_;
  SenderCounters c_;
};

}  // namespace vrsh::dataplane::fpm
