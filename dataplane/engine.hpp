#pragma once
// The dataplane engine: receives packets on ports, forwards them by the FIB of the ingress VPN
// instance, samples ESQM flows, writes forwarded packets to port sinks, and keeps counters.
//
// Time is packet time: aging and timestamps follow the packets. With live ports the dataplane
// thread also moves time to the wall clock (CLOCK_REALTIME, like capture timestamps) every
// 100 ms, so entries age and IP FPM periods end while no packet arrives.
// Threading: without live ports everything runs on the caller's thread, except that a replay
// of a file at full speed reads it on a second thread (set_replay_threads()); replay() is
// synchronous.
// start_live() starts one dataplane thread that polls the live ports and processes their packets
// in batches. Every member is thread-safe: one engine lock is taken per call (per batch for the
// dataplane thread; replay() lets the dataplane thread in between its batches). A snapshot given
// to apply() takes effect between two batches (never half-applied), without stopping traffic.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/counters.hpp"
#include "dataplane/esqm/record.hpp"
#include "dataplane/fpm/dcp.hpp"
#include "dataplane/fpm/mcp_service.hpp"
#include "dataplane/fpm/sender.hpp"
#include "dataplane/ip_addr.hpp"
#include "dataplane/source.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane {

struct ReplaySummary {
  std::string ifname;
  std::uint64_t packets = 0;  // packets read from the file
  std::uint64_t bytes = 0;    // their wire lengths
  std::uint64_t forwarded = 0;
  std::array<std::uint64_t, kDropReasonCount> dropped{};
  double seconds = 0;  // wall-clock duration of the replay
  // Non-empty when the file could not be opened or stopped being readable (truncated, corrupt):
  // the counts above are what was processed before that. One sentence, no "Error: " prefix.
  std::string error;
  // The replay was stopped by its StopFn (Ctrl-C) before the end of the source: the counts are
  // what was processed until then, and `percent` how far into the source (bytes) that was, when
  // the source knows its size.
  bool interrupted = false;
  std::optional<unsigned> percent;

  std::uint64_t dropped_total() const;
  // `Info: Replayed 102 packets (14052 bytes) on GigabitEthernet0/1/0 in 0.01 s: forwarded 100,
  // dropped 2 (no-route 2).` Reasons in DropReason order, only non-zero ones; no parenthesis when
  // nothing was dropped. Does not mention `error`: print that separately as `Error: <error>`.
  // An interrupted replay says so and how far it got: `Info: Interrupted after 102 packets (14052
  // bytes, 24% of the file) on ...`.
  std::string summary_line() const;
};

using ProgressFn = std::function<void(std::uint64_t done_bytes, std::uint64_t total_bytes)>;
// Asked between batches (and while a realtime replay waits for packet time, at least every
// kStopPollMs): true stops the replay there, leaving the table and counters as processed so far.
using StopFn = std::function<bool()>;
inline constexpr int kStopPollMs = 20;
// Takes the record with its lazily rendered document (shared with the export file).
using EsqmExportFn = std::function<void(esqm::AgedRecord&)>;
using IpfpmReportFn = std::function<void(const fpm::Report&)>;

class Engine {
 public:
  Engine();
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Compiles the snapshot (FIB per VPN instance, port states, ESQM sampling points, filters,
  // limits) and swaps it in atomically between packets.
  void apply(std::shared_ptr<const model::Config> config);

  // Packets leaving IFNAME are appended to a pcap file at PATH (Ethernet, ns timestamps).
  // Throws std::runtime_error with a readable message when the file cannot be created.
  void add_sink(const std::string& ifname, const std::string& path);

  // IFNAME receives from and sends to the Linux device DEV (libpcap). Call before start_live().
  // Throws std::runtime_error with a readable message (no such device, no permission, ...).
  void add_live_port(const std::string& ifname, const std::string& dev);
  bool has_live_ports() const;
  // Starts the dataplane thread when live ports exist. stop_live() (also run by the destructor)
  // stops it, flushes the export file and sinks, and closes the captures.
  void start_live();
  void stop_live();

  struct LivePortStatus {
    std::string device;
    std::array<std::uint8_t, 6> mac{};
    std::uint64_t kernel_received = 0, kernel_dropped = 0, if_dropped = 0;  // pcap_stats
    std::uint64_t inject_errors = 0;
    std::uint64_t foreign = 0;  // unicast frames for other MACs, ignored
    std::uint64_t arp_in = 0, arp_replies = 0, arp_requests = 0;
    std::uint64_t nd_solicitations = 0, nd_advertisements = 0;  // NS for the port's addresses, NA sent
    std::string error;                                          // the capture stopped: why
  };
  std::optional<LivePortStatus> live_port(const std::string& ifname) const;
  struct ArpEntry {
    std::string ifname;
    std::uint32_t ip = 0;
    std::array<std::uint8_t, 6> mac{};
    bool resolved = false;
    std::uint64_t expires_ns = 0;
  };
  std::vector<ArpEntry> arp_entries() const;
  // IPv6 neighbours of the live ports (neighbour discovery), by port then address.
  struct NdEntry {
    std::string ifname;
    std::array<std::uint8_t, 16> ip{};
    std::array<std::uint8_t, 6> mac{};
    bool resolved = false;
    std::uint64_t expires_ns = 0;
  };
  std::vector<NdEntry> nd_entries() const;

  // Aged ESQM records are appended to PATH, one seed-format JSON document per line.
  // Throws std::runtime_error when the file cannot be opened.
  void set_export_file(const std::string& path);
  // Additional consumer of aged records (telemetry); called after the file write.
  void set_export_callback(EsqmExportFn fn);

  // Feeds a pcap/pcapng file into IFNAME as received traffic. realtime: sleep to follow the
  // packet timestamps (otherwise as fast as possible). progress: called every ~1% of the file,
  // and with done == total once at the end (also when stopped).
  // Never throws for file problems: they end up in ReplaySummary::error. stop: see StopFn.
  ReplaySummary replay(const std::string& ifname, const std::string& path, bool realtime,
                       ProgressFn progress = {}, StopFn stop = {});
  // The same over any packet source (e.g. generated traffic); progress in the source's units.
  // With two replay threads the source is read on the reading thread (only there, until replay()
  // returns): its next() / next_batch() / position() must not depend on the calling thread.
  ReplaySummary replay(const std::string& ifname, PacketSource& src, bool realtime, ProgressFn progress = {},
                       StopFn stop = {});
  // Threads a replay at full speed uses. 2: one thread reads the source into batches while the
  // calling thread decodes, forwards, samples and exports the batches read before, in order (the
  // default when vrsh may run on two CPUs or more). 1: the calling thread does both. Packets,
  // records, counters and progress are the same either way; a realtime replay uses one thread.
  void set_replay_threads(unsigned n);  // 1 or 2
  unsigned replay_threads() const;
  static unsigned default_replay_threads();  // 2 when this process may run on >= 2 CPUs, else 1

  // ---- displays ----
  // Ports that have seen traffic or are configured, with their counters, in name order.
  std::vector<std::pair<std::string, PortCounters>> port_counters() const;
  std::optional<PortCounters> port_counters(const std::string& ifname) const;
  // `reset counters interface [ IF ]`: zeroes the counters of one port ("" = every port). The
  // kernel's drop counts of a live device are its own and stay.
  void reset_port_counters(const std::string& ifname);
  AnomalyCounters anomalies() const;
  std::uint64_t source_errors() const;  // replays whose file could not be opened or stopped early

  // Live ESQM entries, optionally of one protocol, ordered by creation time then key.
  std::vector<esqm::Record> esqm_records(std::optional<esqm::Protocol> proto = std::nullopt) const;
  esqm::Stats esqm_stats() const;
  // Clears the flow table and its statistics without exporting anything.
  void esqm_reset();             // drops every flow entry, keeps the statistics
  void esqm_reset_statistics();  // zeroes the ESQM and undecodable-packet counters
  static std::string esqm_json(const esqm::Record& r) { return esqm::to_json(r); }

  // Ages (and exports) the entries idle for longer than their aging time at packet time NOW_NS.
  // replay() does this as packet time passes; it does NOT age everything at the end of a file:
  // entries stay until a later packet (or an explicit call) moves time past their aging time.
  void flush_aging(std::uint64_t now_ns);
  // Packet time of the last packet processed (0 before any).
  std::uint64_t now_ns() const;

  // ---- the router's own probes (ping, tracert): over live ports ----
  // An answer to a probe, addressed to the router: an echo reply, or an ICMP error quoting the
  // probe (an echo request, or the UDP datagram of a tracert).
  struct ProbeAnswer {
    enum class Kind { EchoReply, TimeExceeded, Unreachable } kind = Kind::EchoReply;
    std::uint8_t code = 0;    // of an error (ICMP 3/3, port unreachable: the destination answered)
    IpAddr from;              // the address that answered
    std::uint8_t ttl = 0;     // TTL or hop limit of the answer as received
    std::uint16_t seq = 0;    // echo sequence, or the UDP destination port the probe had
    std::uint32_t bytes = 0;  // data bytes of an echo reply
    std::uint64_t at_ns = 0;  // wall clock (CLOCK_REALTIME) when it arrived
  };
  struct OwnSend {
    std::string error;        // "" when sent (or held for address resolution)
    std::uint64_t at_ns = 0;  // wall clock when it left
    IpAddr source;            // the address it was sent from
  };
  // Sends an IP packet of the router's own to `dst` (IPv4 or IPv6) by the FIB of VPN instance
  // `vpn` ("" the public one): `make(source)` builds the whole IP packet given the source address,
  // which is `source` when not zero (it must be one of the router's addresses), or else the first
  // address of the interface the route leaves by (for IPv6 its first global one, else its
  // link-local one).
  OwnSend send_own(const std::string& vpn, const IpAddr& dst, const IpAddr& source,
                   const std::function<std::vector<std::uint8_t>(const IpAddr& source)>& make);
  // Answers carrying `ident` (an echo identifier, or the UDP source port of a tracert) are kept
  // from open_probe() until close_probe(); wait_answers() takes those that came, waiting for one
  // until `deadline_ns` (wall clock) or until stop() says so (asked every kStopPollMs).
  void open_probe(std::uint16_t ident);
  void close_probe(std::uint16_t ident);
  std::vector<ProbeAnswer> wait_answers(std::uint16_t ident, std::uint64_t deadline_ns, const StopFn& stop);

  // ---- IP FPM ----
  // DCP reports for MCP ID `mcp_id` go to HOST instead of the MCP ID (--ipfpm-mcp-host).
  bool set_ipfpm_mcp_host(std::uint32_t mcp_id, const std::string& host, std::string& err);
  // Address the MCP receiver binds (--ipfpm-listen, default 127.0.0.1); set before apply(). "": it
  // does not listen.
  void set_ipfpm_listen(const std::string& addr);
  // Where the MCP writes alarm log lines (called from the receiver thread).
  void set_ipfpm_log(std::function<void(const std::string&)> fn);
  // Telemetry of IP FPM: every report the DCP produces (on the packet thread), every MCP result
  // that becomes final or changes (on the thread that ingests the report). Neither may block.
  void set_ipfpm_report_callback(IpfpmReportFn fn);
  void set_ipfpm_result_callback(fpm::ResultFn fn);
  fpm::DcpCounters ipfpm_dcp_counters() const;
  std::vector<fpm::WindowState> ipfpm_windows() const;
  fpm::SenderCounters ipfpm_sender_counters() const;
  const fpm::McpService& ipfpm_mcp() const;  // thread-safe readers: mcp().rows(), counters()
  void stop_ipfpm_mcp();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vrsh::dataplane
