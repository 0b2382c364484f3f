#include "dataplane/engine.hpp"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "dataplane/engine_impl.hpp"
#include "dataplane/pcap_file.hpp"

namespace vrsh::dataplane {

namespace {

// Sleeps until `when`, in slices of kStopPollMs when something may stop the replay; false when
// it did (the packet waiting for its time is not replayed).
bool wait_packet_time(std::chrono::steady_clock::time_point when, const StopFn& stop) {
  if (!stop) {
    std::this_thread::sleep_until(when);
    return true;
  }
  for (;;) {
    if (stop()) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now >= when) return true;
    std::this_thread::sleep_until(std::min(when, now + std::chrono::milliseconds(kStopPollMs)));
  }
}

}  // namespace

Engine::Impl::Impl() : replay_threads(Engine::default_replay_threads()) {
  table.set_vpn_names(&vpn_names);
  table.set_export([this](const esqm::Record& r) { export_record(r); });
  fpm_dcp.set_sink([this](const fpm::Report& r, const fpm::Destination& d) { fpm_sender.send(r, d); });
  fpm_dcp.set_observer([this](const fpm::Report& r) {
    if (ipfpm_report_cb) ipfpm_report_cb(r);
  });
  fpm_sender.set_local([this](const fpm::Destination& d, std::span<const std::uint8_t> bytes, bool& acked) {
    return fpm_mcp.deliver_local(d.mcp_id, d.port, bytes, acked);
  });
  frame.reserve(65536 + 14);
  batch.resize(kBatch);
  batch_pkts.resize(kBatch);
  arena.reset(new std::uint8_t[kBatch * kMaxBatchCaplen]);
}

Engine::Impl::~Impl() {
  if (export_file != nullptr) std::fclose(export_file);
}

void Engine::Impl::adopt(std::shared_ptr<const Snapshot> s) {
  snap = std::move(s);
  table.configure(snap->esqm);
  fpm_dcp.configure(snap->fpm);
}

PortState* Engine::Impl::port_state(const std::string& name) {
  auto& slot = port_states[name];
  if (!slot) slot = std::make_unique<PortState>();
  return slot.get();
}

std::uint16_t Engine::Impl::vpn_id(const std::string& name) {
  // Asked for every port and VPN at each commit: a configuration of 10,000 VPN instances.
  const auto [it, added] = vpn_ids.try_emplace(name, static_cast<std::uint16_t>(vpn_names.size()));
  if (added) vpn_names.push_back(name);
  return it->second;
}

void Engine::Impl::export_record(const esqm::Record& r) {
  esqm::AgedRecord aged(r, export_json);
  if (export_file != nullptr) {
    const std::string_view line = aged.json();
    std::fwrite(line.data(), 1, line.size(), export_file);
    std::fputc('\n', export_file);
  }
  if (export_cb) export_cb(aged);
}

void Engine::Impl::advance_time(std::uint64_t ts_ns) {
  if (ts_ns > now_ns) now_ns = ts_ns;
  // A full aging scan once per packet-second; lookups age single entries exactly in between.
  // Packet time never goes back, so the second changes exactly when next_scan_ns is reached.
  if (now_ns >= next_scan_ns) {
    last_scan_sec = now_ns / kNsPerSecond;
    next_scan_ns = (last_scan_sec + 1) * kNsPerSecond;
    table.age(now_ns);
  }
  fpm_dcp.advance(now_ns);
}

void Engine::Impl::let_dataplane_in(std::unique_lock<std::mutex>& lk) {
  if (!lock_wanted.load(std::memory_order_relaxed)) return;
  lk.unlock();
  // The mutex is not fair: without waiting here this thread would take it straight back.
  while (lock_wanted.load(std::memory_order_relaxed)) std::this_thread::yield();
  lk.lock();
}

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() {
  stop_live();
}

void Engine::apply(std::shared_ptr<const model::Config> config) {
  if (!config) return;
  std::unique_lock<std::mutex> engine_lock(impl_->mu);
  SnapshotEnv env;
  env.vpn_id = [this](const std::string& v) { return impl_->vpn_id(v); };
  env.port_state = [this](const std::string& n) { return impl_->port_state(n); };
  impl_->adopt(compile_snapshot(*config, env));  // holding the engine lock: no packet is in flight
  engine_lock.unlock();
  impl_->fpm_mcp.configure(config->ipfpm.mcp);
}

void Engine::add_sink(const std::string& ifname, const std::string& path) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->port_state(ifname)->sink = std::make_unique<PcapWriter>(path);
}

void Engine::set_export_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "a");
  if (f == nullptr) throw std::runtime_error(fmt::format("cannot open ESQM export file {}", path));
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->export_file != nullptr) std::fclose(impl_->export_file);
  impl_->export_file = f;
  impl_->export_path = path;
}

void Engine::set_export_callback(EsqmExportFn fn) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->export_cb = std::move(fn);
}

ReplaySummary Engine::replay(const std::string& ifname, const std::string& path, bool realtime,
                             ProgressFn progress, StopFn stop) {
  std::string err;
  std::unique_ptr<PacketSource> src = open_pcap_file(path, err);
  if (!src) {
    ReplaySummary sum;
    sum.ifname = ifname;
    sum.error = err;
    std::lock_guard<std::mutex> lock(impl_->mu);  // the dataplane thread reads the engine's counters too
    ++impl_->source_errors;
    return sum;
  }
  return replay(ifname, *src, realtime, std::move(progress), std::move(stop));
}

unsigned Engine::default_replay_threads() {
  // The CPUs this process may run on (taskset, cpusets), which can be fewer than the machine's.
  cpu_set_t set;
  CPU_ZERO(&set);
  const unsigned cpus = sched_getaffinity(0, sizeof set, &set) == 0 ? static_cast<unsigned>(CPU_COUNT(&set))
                                                                    : std::thread::hardware_concurrency();
  return cpus >= 2 ? 2 : 1;
}

void Engine::set_replay_threads(unsigned n) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->replay_threads = n >= 2 ? 2 : 1;
}

unsigned Engine::replay_threads() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->replay_threads;
}

ReplaySummary Engine::replay(const std::string& ifname, PacketSource& src, bool realtime, ProgressFn progress,
                             StopFn stop) {
  ReplaySummary sum;
  sum.ifname = ifname;
  const auto wall_start = std::chrono::steady_clock::now();
  Impl& m = *impl_;
  std::unique_lock<std::mutex> engine_lock(m.mu);
  PortState* state = m.port_state(ifname);
  const std::uint64_t clock_before = m.now_ns;
  const std::uint64_t total = src.size();
  const std::uint64_t step = total / 100 + 1;
  std::uint64_t next_report = 0;
  bool have_first = false;
  std::uint64_t first_ts = 0;
  // Realtime replay paces single packets; batching would delay them.
  const std::size_t batch_size = realtime ? 1 : Impl::kBatch;
  // Two stages: the source is read on the reading thread, batch by batch as here (the same
  // batches, so the same packets in the same order), and the batches are processed here.
  // Realtime replay waits for packet time, not for the file: one thread is enough.
  ReadAhead* ahead = nullptr;
  if (!realtime && m.replay_threads >= 2) {
    if (!m.read_ahead) m.read_ahead = std::make_unique<ReadAhead>(Impl::kBatch, Impl::kReadAheadDepth);
    ahead = m.read_ahead.get();
    ahead->start(src, progress || stop);
  }
  // However this loop is left (an exception from an export consumer), the reader stops first.
  struct StopReader {
    ReadAhead* a;
    ~StopReader() {
      if (a != nullptr) a->stop();
    }
  } stop_reader{ahead};
  Tally tally;
  std::uint64_t done = 0;  // the source position after the last packet processed
  SourceStatus st = SourceStatus::Packet;
  while (st == SourceStatus::Packet) {
    m.let_dataplane_in(engine_lock);
    // A commit in between (apply() takes the lock) takes effect here, between two batches.
    const Port* port = m.snap ? m.snap->find(ifname) : nullptr;
    m.fpm_active = m.fpm_dcp.active();
    // Copied out of the source's buffer (libpcap's), which the next read overwrites.
    const RawPacket* pkts = m.batch_pkts.data();
    std::size_t n = 0;
    std::uint64_t pos = 0;
    if (ahead != nullptr) {
      const ReadBatch& b = ahead->next();
      pkts = b.pkts;
      n = b.n;
      st = b.status;
      pos = b.position;
    } else {
      n = src.next_batch(m.batch_pkts.data(), batch_size, m.arena.get(), kReplayBatchRoom, st);
      if ((progress || stop) && n != 0) pos = src.position();
    }
    m.process_batch(port, state, pkts, n, tally, [&](const RawPacket& pkt) {
      if (realtime) {
        if (!have_first) {
          have_first = true;
          first_ts = pkt.ts_ns;
        } else if (pkt.ts_ns > first_ts &&
                   !wait_packet_time(wall_start + std::chrono::nanoseconds(pkt.ts_ns - first_ts), stop)) {
          sum.interrupted = true;  // neither this packet nor the rest is replayed
          return false;
        }
      }
      ++sum.packets;
      sum.bytes += pkt.wirelen;
      done = pos;
      return true;
    });
    if (progress && n != 0) {
      if (pos >= next_report) {
        progress(pos, total);
        next_report = pos + step;
      }
    }
    if (st == SourceStatus::Packet && (sum.interrupted || (stop && stop()))) {
      sum.interrupted = true;
      break;
    }
  }
  if (sum.interrupted && total != 0)
    sum.percent = static_cast<unsigned>(std::min<std::uint64_t>(done, total) * 100 / total);
  if (ahead != nullptr) ahead->stop();  // it read its last batch: the source is this thread's again
  sum.forwarded = tally.forwarded;
  sum.dropped = tally.dropped;
  if (st == SourceStatus::Error) {
    sum.error = src.error();
    ++m.source_errors;
  }
  if (progress) progress(total, total);  // the end, also of an interrupted replay: the bar goes
  // Full aging scans run once per packet-second: when this file moved packet time on, catch up
  // to it, so that no entry already idle for longer than its aging time is left in the table
  // after the replay. (A file older than the engine's time moves nothing and ages nothing.)
  if (m.now_ns > clock_before) m.table.age(m.now_ns);
  // IP FPM: report what is open; the period that has not ended yet goes out as partial.
  m.fpm_dcp.flush(m.now_ns);
  m.fpm_sender.settle();
  for (auto& [name, ps] : m.port_states) {
    if (ps->sink) ps->sink->flush();
  }
  if (m.export_file != nullptr) std::fflush(m.export_file);
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return sum;
}

std::vector<std::pair<std::string, PortCounters>> Engine::port_counters() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<std::pair<std::string, PortCounters>> out;
  for (const auto& [name, ps] : impl_->port_states) out.emplace_back(name, ps->counters);
  return out;
}

std::optional<PortCounters> Engine::port_counters(const std::string& ifname) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto it = impl_->port_states.find(ifname);
  if (it == impl_->port_states.end()) return std::nullopt;
  return it->second->counters;
}

void Engine::reset_port_counters(const std::string& ifname) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (auto& [name, ps] : impl_->port_states)
    if (ifname.empty() || name == ifname) ps->counters = {};
}

AnomalyCounters Engine::anomalies() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->anomalies;
}
std::uint64_t Engine::source_errors() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->source_errors;
}

std::vector<esqm::Record> Engine::esqm_records(std::optional<esqm::Protocol> proto) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->table.records(proto);
}

esqm::Stats Engine::esqm_stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->table.stats();
}
void Engine::esqm_reset() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->table.clear_entries();
}
void Engine::esqm_reset_statistics() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->table.reset_counters();
  impl_->anomalies = {};
}

void Engine::flush_aging(std::uint64_t now_ns) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->table.age(now_ns);
  if (impl_->export_file != nullptr) std::fflush(impl_->export_file);
}

std::uint64_t Engine::now_ns() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->now_ns;
}

bool Engine::set_ipfpm_mcp_host(std::uint32_t mcp_id, const std::string& host, std::string& err) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->fpm_sender.set_host(mcp_id, host, err);
}
void Engine::set_ipfpm_listen(const std::string& addr) {
  impl_->fpm_mcp.set_listen_address(addr);
}
void Engine::set_ipfpm_log(std::function<void(const std::string&)> fn) {
  impl_->fpm_mcp.mcp().set_log(std::move(fn));
}
void Engine::set_ipfpm_report_callback(IpfpmReportFn fn) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->ipfpm_report_cb = std::move(fn);
}
void Engine::set_ipfpm_result_callback(fpm::ResultFn fn) {
  impl_->fpm_mcp.mcp().set_result_sink(std::move(fn));
}
fpm::DcpCounters Engine::ipfpm_dcp_counters() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->fpm_dcp.counters();
}
std::vector<fpm::WindowState> Engine::ipfpm_windows() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->fpm_dcp.windows();
}
fpm::SenderCounters Engine::ipfpm_sender_counters() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->fpm_sender.counters();
}
const fpm::McpService& Engine::ipfpm_mcp() const {
  return impl_->fpm_mcp;
}
void Engine::stop_ipfpm_mcp() {
  impl_->fpm_mcp.stop();
}

std::uint64_t ReplaySummary::dropped_total() const {
  std::uint64_t n = 0;
  for (auto d : dropped) n += d;
  return n;
}

std::string ReplaySummary::summary_line() const {
  std::string reasons;
  for (std::size_t i = 0; i < kDropReasonCount; ++i) {
    if (dropped[i] == 0) continue;
    if (!reasons.empty()) reasons += ", ";
    reasons += fmt::format("{} {}", drop_reason_name(static_cast<DropReason>(i)), dropped[i]);
  }
  reasons = reasons.empty() ? std::string(".") : fmt::format(" ({}).", reasons);
  if (interrupted) {
    return fmt::format(
        "Info: Interrupted after {} packets ({} bytes{}) on {} in {:.2f} s: forwarded {}, dropped {}{}",
        packets, bytes, percent ? fmt::format(", {}% of the file", *percent) : std::string(), ifname, seconds,
        forwarded, dropped_total(), reasons);
  }
  return fmt::format("Info: Replayed {} packets ({} bytes) on {} in {:.2f} s: forwarded {}, dropped {}{}",
                     packets, bytes, ifname, seconds, forwarded, dropped_total(), reasons);
}

}  // namespace vrsh::dataplane
