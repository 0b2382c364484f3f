#pragma once
// Engine internals shared by engine.cpp (API, replay loop) and forward.cpp (per-packet path).
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "dataplane/clock.hpp"
#include "dataplane/decode.hpp"
#include "dataplane/engine.hpp"
#include "dataplane/esqm/table.hpp"
#include "dataplane/fpm/dcp.hpp"
#include "dataplane/fpm/mcp_service.hpp"
#include "dataplane/fpm/sender.hpp"
#include "dataplane/icmp.hpp"
#include "dataplane/read_ahead.hpp"
#include "dataplane/snapshot.hpp"

namespace vrsh::dataplane {

// What the per-packet path did with a packet: forwarded (sent, written to a sink, or held for
// ARP to be sent later), or dropped for a reason. Converts from the DropReason of a drop.
class Verdict {
 public:
  static constexpr Verdict forwarded() { return Verdict(); }
  constexpr Verdict(DropReason why) : dropped_(true), why_(why) {}  // NOLINT(google-explicit-constructor)
  constexpr bool is_forwarded() const { return !dropped_; }
  constexpr DropReason reason() const { return why_; }  // only when dropped

 private:
  constexpr Verdict() = default;
  bool dropped_ = false;
  DropReason why_ = DropReason::PortDown;
};

// Packets counted by verdict: a replay's summary (live ports count at the port only).
struct Tally {
  std::uint64_t forwarded = 0;
  std::array<std::uint64_t, kDropReasonCount> dropped{};
};

struct Engine::Impl {
  Impl();
  ~Impl();

  // Makes a compiled snapshot the current one; called with the engine lock held, so between
  // two batches.
  void adopt(std::shared_ptr<const Snapshot> s);
  PortState* port_state(const std::string& name);
  std::uint16_t vpn_id(const std::string& name);
  // Packets are handled in batches: all are read, copied and decoded first, which prefetches
  // their index slots and, kPrefetchAhead reads later, their ESQM entries; then they are
  // processed. The cache misses of a big flow table overlap instead of queueing.
  struct BatchItem {
    RawPacket pkt;
    Decoded d;
    DecodeResult res;
    esqm::Prepared pre;
  };
  static constexpr std::size_t kBatch = 64;
  static constexpr std::size_t kPrefetchAhead = 32;  // decodes between a slot's prefetch and its entry's

  // The one packet path of replay and live ports, over the n packets at `pkts` received on `port` (nullptr:
  // no such port) with state `state`: decodes them all (prefetching as above), then, for each one
  // `admit(pkt)` accepts (in order, just before it would be processed), moves time to it, runs receive() and
  // counts the verdict. Replay paces realtime and counts packets in `admit`; live ports take ARP and frames
  // for other MACs out there.
  template <typename Admit>
  void process_batch(const Port* port, PortState* state, const RawPacket* pkts, std::size_t n, Tally& tally,
                     Admit&& admit);
  // The per-packet path after decoding.
  Verdict receive(const Port* port, PortState* state, BatchItem& item);
  // Sends frame[14, 14 + l3) (its Ethernet header written here) out of `out` towards the route's
  // next hop, or `dst` on a direct route: to the port's sink and live device, counted as sent.
  // `wire_l3`: the IP length on the wire (l3 may be less when the capture cut the packet short).
  Verdict transmit(const Port& out, const Route& r, PortState* from, const std::uint8_t* dst, bool v4,
                   std::uint64_t ts_ns, std::uint32_t l3, std::uint32_t wire_l3);
  // An echo request to one of the router's addresses is answered by the FIB (dataplane/icmp.hpp),
  // counted at the receiving port as answered or unsent.
  void answer_echo(const Port& in, PortState* state, const BatchItem& item);
  // An answer to one of the router's own probes (probe.cpp): kept for its waiter.
  void catch_probe_answer(const BatchItem& item);
  // Drops a packet for `why`, telling its sender by an ICMP error where that is due.
  Verdict refuse(const Port& in, PortState* state, const BatchItem& item, IcmpError kind, DropReason why);
  // Sends reply_buf (an IP packet) to the source of `item` by the FIB; false when it found no way.
  bool send_to_sender(const Port& in, const BatchItem& item);
  // A drop counts at the receiving port (and in `tally`); a forward in `tally` only.
  static void count(Verdict v, PortState* state, Tally& tally);
  static void count_drop(PortState* state, DropReason why) {
    if (state != nullptr) ++state->counters.drops[static_cast<std::size_t>(why)];
  }
  void advance_time(std::uint64_t ts_ns);
  void export_record(const esqm::Record& r);

  // ---- live ports (live.cpp) ----
  enum class LiveVerdict { Sent, Held, Dropped };
  // Sends a forwarded frame (Ethernet header included, MACs to be filled in) out of live port
  // `out`, resolving `next_hop` by ARP; `from` is the receiving port (for a later drop).
  LiveVerdict live_send(const Port& out, PortState* from, std::uint32_t next_hop, std::uint8_t* f,
                        std::uint32_t len);
  void live_loop();
  void live_round();
  // False when the frame is not for the packet path: for another MAC, or ARP (answered here).
  bool live_admit(const Port* port, PortState* state, const RawPacket& pkt);
  void live_arp(const Port* port, PortState* state, const std::uint8_t* bytes, std::size_t len);
  // Neighbour discovery frames: true when the frame was one (answered or learnt from).
  bool live_nd(const Port* port, PortState* state, const std::uint8_t* bytes, std::size_t len);
  LiveVerdict live_send6(const Port& out, PortState* from, const std::uint8_t* next_hop, std::uint8_t* frame,
                         std::uint32_t len);
  void live_housekeeping(std::uint64_t wall_ns);
  // replay() holds the engine lock across batches; between two it lets the dataplane thread in
  // when that thread waits for the lock (lock_wanted).
  void let_dataplane_in(std::unique_lock<std::mutex>& lk);

  std::map<std::string, std::unique_ptr<PortState>> port_states;    // stable addresses
  std::vector<std::string> vpn_names{""};                           // append-only: ids in flow keys
  std::unordered_map<std::string, std::uint16_t> vpn_ids{{"", 0}};  // vpn_names by name
  std::shared_ptr<const Snapshot> snap;

  esqm::Table table;
  AnomalyCounters anomalies{};
  std::uint64_t source_errors = 0;
  std::uint64_t now_ns = 0;
  std::uint64_t last_scan_sec = 0;
  std::uint64_t next_scan_ns = kNsPerSecond;  // (last_scan_sec + 1) s: no division per packet
  bool fpm_active = false;                    // fpm_dcp.active(), refreshed once per batch
  std::FILE* export_file = nullptr;
  std::string export_path;
  EsqmExportFn export_cb;
  IpfpmReportFn ipfpm_report_cb;  // telemetry of the DCP's reports
  std::string export_json;        // the aged record's document, rendered once for the file and export_cb
  // IP FPM: the DCP runs on the packet thread, the MCP has its own receiver thread.
  fpm::DcpRuntime fpm_dcp;
  fpm::ReportSender fpm_sender;
  fpm::McpService fpm_mcp;
  std::vector<BatchItem> batch;
  std::vector<RawPacket> batch_pkts;  // PacketSource::next_batch() output (one-thread replay, live ports)
  // Batch copies of packets, packed back to back (cache-line aligned) so a batch of small packets
  // stays in a few KB; sized for kBatch packets of kMaxBatchCaplen, pages are touched only as used.
  std::unique_ptr<std::uint8_t[]> arena;
  std::vector<std::uint8_t> frame;      // egress frame buffer, reused
  std::vector<std::uint8_t> reply_buf;  // an ICMP reply's or error's IP packet, reused
  IcmpRateLimit icmp_budget;
  // The router's own probes waiting for answers, by identifier; notified under `mu`.
  std::map<std::uint16_t, std::vector<Engine::ProbeAnswer>> probes;
  std::condition_variable probe_answered;
  std::uint16_t own_ip_id = 0;
  // Two-stage replay: the reading thread's batches (allocated by the first such replay), and how
  // many threads a replay uses (set_replay_threads()).
  // 128 batches of 64 in flight: 8192 packets, about a millisecond of reading, so that either
  // stage can be held up that long (the other program on a shared core) without stopping the
  // other. Resident: what the batches' packets touch, ~8 KB a batch of small packets.
  static constexpr std::uint32_t kReadAheadDepth = 128;
  std::unique_ptr<ReadAhead> read_ahead;
  unsigned replay_threads;

  // The engine lock: taken per call by the CLI's members and per batch by the dataplane thread.
  std::mutex mu;
  std::atomic<bool> lock_wanted{false};
  std::vector<PortState*> live_ports;  // states with a LivePort, in --port order
  std::thread live_thread;
  std::atomic<bool> live_stop{false};
  int wake_fd = -1;  // eventfd: wakes the dataplane thread to stop
  std::uint64_t next_housekeeping_ns = 0;
};

inline void Engine::Impl::count(Verdict v, PortState* state, Tally& tally) {
  if (v.is_forwarded()) {
    ++tally.forwarded;
    return;
  }
  ++tally.dropped[static_cast<std::size_t>(v.reason())];
  ++state->counters.drops[static_cast<std::size_t>(v.reason())];
}

template <typename Admit>
void Engine::Impl::process_batch(const Port* port, PortState* state, const RawPacket* pkts, std::size_t n,
                                 Tally& tally, Admit&& admit) {
  const bool prefetch = port != nullptr && port->up && port->esqm_inbound;
  for (std::size_t i = 0; i < n; ++i) {
    BatchItem& it = batch[i];
    it.pkt = pkts[i];
    it.res = decode(it.pkt, it.d);
    it.pre.valid = false;
    if (prefetch && it.res.ip) table.prepare(it.d, model::Direction::Inbound, port->vpn_id, it.pre);
    // The index slot of the packet decoded kPrefetchAhead decodes ago has arrived: fetch its entry.
    if (prefetch && i >= kPrefetchAhead) table.prefetch_entry(batch[i - kPrefetchAhead].pre);
  }
  if (prefetch) {
    for (std::size_t i = n > kPrefetchAhead ? n - kPrefetchAhead : 0; i < n; ++i)
      table.prefetch_entry(batch[i].pre);
  }
  for (std::size_t i = 0; i < n; ++i) {
    BatchItem& it = batch[i];
    if (!admit(static_cast<const RawPacket&>(it.pkt))) continue;
    advance_time(it.pkt.ts_ns);
    count(receive(port, state, it), state, tally);
  }
}

}  // namespace vrsh::dataplane
