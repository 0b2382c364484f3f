#pragma once
// Sends DCP reports to the MCP over UDP without blocking the packet path (non-blocking socket;
// a full socket buffer counts a send error). Keeps the newest kMaxPending unacknowledged reports
// and re-sends them, at most once a second (wall clock), when later reports are sent, until the
// MCP acknowledges them: an MCP started after its DCPs still gets the periods they closed
// meanwhile. A report for this process's own MCP (`local`) is handed to it directly, as a router
// that is DCP and MCP delivers internally. settle() is the end of a replay: it waits until the MCP
// has acknowledged what was sent, so the MCP's displays show it once the replay is over.
#include <netinet/in.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "dataplane/fpm/dcp.hpp"
#include "dataplane/fpm/report.hpp"

namespace vrsh::dataplane::fpm {

inline constexpr std::size_t kMaxPending = 256;
// How long settle() waits at most for acknowledgements (an MCP that is unreachable without an
// ICMP error, or that drops the reports). A refused port (ICMP port unreachable) ends it at once.
inline constexpr std::chrono::milliseconds kSettleTimeout{2000};

struct SenderCounters {
  std::uint64_t sent = 0;
  std::uint64_t resent = 0;
  std::uint64_t acked = 0;
  std::uint64_t send_errors = 0;
  std::uint64_t expired = 0;  // given up: more than kMaxPending unacknowledged
  std::uint64_t pending = 0;
  std::uint64_t local = 0;  // of `sent`: delivered to the MCP of this process
};

// This process's MCP, when the destination is it: ingests the datagram and returns true (with
// `acked` telling whether it accepted it); false when the destination is another router.
using LocalMcp = std::function<bool(const Destination&, std::span<const std::uint8_t>, bool& acked)>;

class ReportSender {
 public:
  ReportSender();
  ~ReportSender();
  ReportSender(const ReportSender&) = delete;
  ReportSender& operator=(const ReportSender&) = delete;

  // Reports for `mcp_id` go to HOST (an IPv4 address or a host name) instead of the MCP ID.
  // False with `err` set when HOST does not resolve to an IPv4 address.
  bool set_host(std::uint32_t mcp_id, const std::string& host, std::string& err);
  void set_local(LocalMcp local) { local_ = std::move(local); }
  void send(const Report& r, const Destination& dest);
  // Reads acknowledgements and re-sends what is still unacknowledged.
  void round();
  // End of a replay: re-sends the reports an MCP refused before (it may be up now), then waits
  // until every report is acknowledged or refused (ICMP port unreachable), or kSettleTimeout.
  void settle();
  SenderCounters counters() const;

 private:
  struct Pending {
    std::uint32_t dcp_id, instance;
    std::uint64_t seq;
    std::vector<std::uint8_t> bytes;
    sockaddr_in to;
    std::chrono::steady_clock::time_point last;
    bool refused = false;  // the MCP's port answered ICMP port unreachable to the last attempt
  };
  bool transmit(const std::vector<std::uint8_t>& bytes, const sockaddr_in& to);
  void read_acks();
  void read_errors();  // ICMP errors queued by IP_RECVERR: marks the refused reports
  bool waiting() const;
  void resend(Pending& p, std::chrono::steady_clock::time_point now);  // counted as resent or send error

  int fd_ = -1;
  std::map<std::uint32_t, in_addr> hosts_;
  std::deque<Pending> pending_;
  SenderCounters c_;
  LocalMcp local_;
};

}  // namespace vrsh::dataplane::fpm
