// Soak benchmark: tens of millions of packets over millions of distinct flows, generated on the
// fly and fed through the engine's replay path (Engine::replay over a PacketSource, one replay per
// interval as consecutive capture files would be), into an
// ESQM-enabled port with forwarding (egress written to /dev/null), IP FPM DCP colouring and
// reporting, aged records exported (JSON to /dev/null) and streamed by telemetry. The flow-table
// limit is far below the number of distinct flows, so the table fills and creations are refused.
//
// Every interval it prints the counters and this process's memory (VmRSS, VmHWM), and checks the
// bookkeeping: every flow start either created an entry or was refused (an insert failure); every
// entry is live or aged; every aged record was exported and reached the telemetry queue or was
// dropped there; every DCP report is pending or expired at the sender. The bounded resources it
// drives: flow table (flow-table-limit), telemetry queue (telemetry::kQueueCapacity documents, the
// collector refuses connections), DCP report sender (fpm::kMaxPending, the MCP never acknowledges).
// Exit status 1 when a check fails; the figures are not checked (no timing assertions). Mpps* is
// per CPU second of the packet thread (generation included).
//
// Usage: bench_soak [--packets N] [--concurrent N] [--flow-packets N] [--limit N] [--gap-us N]
//                   [--every N]
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>

#include <fmt/format.h>

#include "dataplane/engine.hpp"
#include "dataplane/fpm/sender.hpp"
#include "dataplane/source.hpp"
#include "dataplane/telemetry/streamer.hpp"
#include "test/bench/support.hpp"
#include "test/support/dp_fixtures.hpp"

using namespace vrsh;
using namespace vrsh::testsupport;

namespace {

constexpr model::Ipv4 kLoopback = 0x7f000001;
constexpr const char* kIn = "GigabitEthernet0/1/0";
constexpr const char* kOut = "GigabitEthernet0/2/0";

struct Options {
  std::uint64_t packets = 40000000;
  std::uint32_t concurrent = 200000;
  std::uint64_t flow_packets = 4;
  std::uint32_t limit = model::kEsqmDefaultFlowTableLimit;
  std::uint64_t gap_us = 40;  // 25k packets per second of packet time: aging (300 s) after 7.5M packets
  std::uint64_t every = 2000000;
};

Options parse(int argc, char** argv) {
  Options o;
  std::map<std::string, std::uint64_t*> wide{{"--packets", &o.packets},
                                             {"--flow-packets", &o.flow_packets},
                                             {"--gap-us", &o.gap_us},
                                             {"--every", &o.every}};
  std::map<std::string, std::uint32_t*> narrow{{"--concurrent", &o.concurrent}, {"--limit", &o.limit}};
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::uint64_t v = std::strtoull(argv[i + 1], nullptr, 10);
    if (auto w = wide.find(argv[i]); w != wide.end()) {
      *w->second = v;
    } else if (auto n = narrow.find(argv[i]); n != narrow.end()) {
      *n->second = static_cast<std::uint32_t>(v);
    } else {
      fmt::print(stderr, "bench_soak: unknown option {}\n", argv[i]);
      std::exit(2);
    }
  }
  if (argc % 2 == 0) {
    fmt::print(stderr, "bench_soak: option {} lacks a value\n", argv[argc - 1]);
    std::exit(2);
  }
  o.every = std::max<std::uint64_t>(o.every, 1);
  return o;
}

// Generated packets, handed to the engine exactly as a capture file's would be.
class GeneratedSource : public dataplane::PacketSource {
 public:
  GeneratedSource(bench::Traffic& traffic, std::uint64_t total) : traffic_(traffic), total_(total) {}
  dataplane::SourceStatus next(dataplane::RawPacket& out) override {
    if (traffic_.packets() >= total_) return dataplane::SourceStatus::End;
    const Bytes& frame = traffic_.next(out.ts_ns);
    out.caplen = out.wirelen = static_cast<std::uint32_t>(frame.size());
    out.linktype = dataplane::kLinkEthernet;
    out.bytes = frame.data();
    return dataplane::SourceStatus::Packet;
  }
  std::string error() const override { return {}; }
  std::uint64_t position() const override { return traffic_.packets(); }
  std::uint64_t size() const override { return total_; }

 private:
  bench::Traffic& traffic_;
  std::uint64_t total_;
};

// A loopback socket nobody reads: a TCP one is refused, a UDP one never acknowledges.
int bound_socket(int type, std::uint16_t& port) {
  const int fd = bound_loopback_socket(type, port);
  if (fd < 0) {
    fmt::print(stderr, "bench_soak: cannot bind a loopback socket: {}\n", std::strerror(errno));
    std::exit(1);
  }
  return fd;
}

std::shared_ptr<model::Config> soak_config(const Options& o, std::uint16_t mcp_port) {
  auto c = std::make_shared<model::Config>();
  c->interfaces.push_back(up_interface(kIn, "192.0.2.1", 24));
  c->interfaces.push_back(up_interface(kOut, "198.51.100.1", 24));
  c->interfaces[0].esqm_inbound = true;
  c->interfaces[0].ipfpm_tlps = {100};
  c->routes.insert(static_route("10.128.0.0", 9, "", "198.51.100.2"));
  c->esqm.enabled = true;
  c->esqm.tcp_enable = true;
  c->esqm.flow_table_limit = o.limit;
  // IP FPM: every generated packet is a target-flow packet coloured at an in-point TLP; 1 s
  // periods, reported to an "MCP" that never acknowledges.
  model::Dcp& dcp = c->ipfpm.dcp;
  dcp.enabled = true;
  dcp.id = 0x01010101;
  dcp.mcp = model::McpRef{kLoopback, mcp_port, ""};
  model::DcpInstance& inst = dcp.instances[1];
  inst.id = 1;
  inst.interval = 1;
  model::FpmFlow f;
  f.source = std::make_pair(0x0a000000u, 8);
  f.destination = std::make_pair(0x0a800000u, 9);
  inst.flows[model::FlowDir::Forward] = f;
  inst.tlps[100] = model::FpmTlp{100, true, true, {}};
  inst.loss_continual = true;
  inst.delay = model::DelayMeasure{false, 100, false};
  return c;
}

model::Telemetry telemetry_config(std::uint16_t port) {
  model::Telemetry t;
  t.enabled = true;
  t.sensor_groups["sg"] = {"sg", {model::kSensorPathTcp, model::kSensorPathGtp}};
  t.destination_groups["dg"] = {"dg", {{kLoopback, port, {}, {model::TelemetryProtocol::Tcp}}}};
  t.subscriptions["s"] = {"s", {"sg"}, {"dg"}, {}, model::TelemetryEncoding::Gpb};
  return t;
}

// VmRSS and VmHWM of this process, in kB.
std::pair<std::uint64_t, std::uint64_t> memory_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  std::uint64_t rss = 0, hwm = 0;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) rss = std::strtoull(line.c_str() + 6, nullptr, 10);
    if (line.starts_with("VmHWM:")) hwm = std::strtoull(line.c_str() + 6, nullptr, 10);
  }
  return {rss, hwm};
}

double mb(std::uint64_t kb) {
  return static_cast<double>(kb) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::uint16_t mcp_port = 0, collector_port = 0;
  const int mcp_fd = bound_socket(SOCK_DGRAM, mcp_port);
  const int collector_fd = bound_socket(SOCK_STREAM, collector_port);

  dataplane::Engine eng;
  eng.apply(soak_config(o, mcp_port));
  eng.add_sink(kOut, "/dev/null");
  eng.set_export_file("/dev/null");
  dataplane::telemetry::Streamer streamer;
  streamer.configure(telemetry_config(collector_port));
  std::uint64_t exported = 0;
  eng.set_export_callback([&](dataplane::esqm::AgedRecord& r) {
    ++exported;
    streamer.publish(r);
  });

  bench::Traffic traffic(
      {.concurrent = o.concurrent, .flow_packets = o.flow_packets, .gap_ns = o.gap_us * 1000});
  fmt::print(
      "soak: {} packets, {} concurrent flows of {} packets, {} us apart in packet time, flow-table-limit "
      "{}\n",
      o.packets, o.concurrent, o.flow_packets, o.gap_us, o.limit);
  fmt::print("{:>10} {:>9} {:>8} {:>9} {:>9} {:>8} {:>7} {:>7} {:>6} {:>5} {:>5} {:>6} {:>8} {:>6}\n",
             "packets", "flows", "live", "refused", "aged", "table-MB", "RSS-MB", "HWM-MB", "fpm-rp", "pend",
             "expd", "tq", "t-drop", "Mpps*");

  bool ok = true;
  const auto check = [&](bool cond, const std::string& what) {
    if (!cond) {
      fmt::print("CHECK FAILED: {}\n", what);
      ok = false;
    }
  };
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = bench::thread_cpu_seconds();
  double cpu_prev = cpu0;
  std::uint64_t prev_packets = 0;
  std::uint64_t full_at = 0, rss_full = 0, rss_max_after = 0, rss_min_after = ~0ULL;
  const auto report = [&](std::uint64_t pos) {
    const auto st = eng.esqm_stats();
    const std::uint64_t created = st.created[0] + st.created[1] + st.created[2];
    std::uint64_t aged = 0;
    for (auto n : st.aged) aged += n;
    const auto [rss, hwm] = memory_kb();
    const auto dcp = eng.ipfpm_dcp_counters();
    const auto snd = eng.ipfpm_sender_counters();
    const auto tel = streamer.destinations().at(0).stats;
    const double cpu = bench::thread_cpu_seconds();
    const double mpps = static_cast<double>(pos - prev_packets) / (cpu - cpu_prev) / 1e6;
    cpu_prev = cpu;
    prev_packets = pos;
    fmt::print(
        "{:>10} {:>9} {:>8} {:>9} {:>9} {:>8.1f} {:>7.1f} {:>7.1f} {:>6} {:>5} {:>5} {:>6} {:>8} {:>6.2f}\n",
        pos, traffic.flows_started(), st.entries_total(), st.insert_failures, aged,
        static_cast<double>(st.memory_bytes) / 1048576.0, mb(rss), mb(hwm), dcp.reports, snd.pending,
        snd.expired, tel.queued, tel.dropped, mpps);
    std::fflush(stdout);
    check(traffic.flows_started() == created + st.insert_failures,
          "flow starts == created + insert failures");
    check(created == st.entries_total() + aged, "created == live + aged");
    check(st.entries_total() <= o.limit, "live entries <= flow-table-limit");
    check(exported == aged, "exported records == aged entries");
    check(tel.queued + tel.dropped + tel.sent == exported, "telemetry queued + dropped + sent == exported");
    check(tel.queued <= dataplane::telemetry::kQueueCapacity, "telemetry queue <= its capacity");
    check(snd.pending <= dataplane::fpm::kMaxPending, "FPM pending reports <= kMaxPending");
    check(snd.pending + snd.expired + snd.acked == dcp.reports - dcp.no_destination,
          "FPM reports == pending + expired + acknowledged");
    if (full_at == 0 && st.entries_total() == o.limit) {
      full_at = pos;
      rss_full = rss;
    } else if (full_at != 0) {
      rss_max_after = std::max(rss_max_after, rss);
      rss_min_after = std::min(rss_min_after, rss);
    }
  };
  // One replay per interval, as consecutive capture files would be: the engine keeps its state
  // from one to the next, and the counters are read between them.
  std::uint64_t forwarded = 0, replayed = 0, dropped = 0;
  while (replayed < o.packets) {
    GeneratedSource source(traffic, std::min(o.packets, replayed + o.every));
    const auto part = eng.replay(kIn, source, false);
    check(part.error.empty(), "replay error: " + part.error);
    replayed += part.packets;
    forwarded += part.forwarded;
    dropped += part.dropped_total();
    report(replayed);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu_seconds = bench::thread_cpu_seconds() - cpu0;
  fmt::print("replayed {} packets: forwarded {}, dropped {}\n", replayed, forwarded, dropped);
  check(replayed == o.packets && forwarded == o.packets, "every packet forwarded");
  const auto st = eng.esqm_stats();
  fmt::print(
      "{:.1f} s wall, {:.1f} s CPU ({:.2f} Mpps); distinct flows {}, created {}, refused (insert failures) "
      "{}\n",
      seconds, cpu_seconds, static_cast<double>(replayed) / cpu_seconds / 1e6, traffic.flows_started(),
      st.created[0] + st.created[1] + st.created[2], st.insert_failures);
  if (full_at != 0) {
    fmt::print(
        "table full from packet {} on: RSS then {:.1f} MB, afterwards {:.1f}..{:.1f} MB (HWM {:.1f} MB)\n",
        full_at, mb(rss_full), mb(rss_min_after == ~0ULL ? rss_full : rss_min_after),
        mb(std::max(rss_max_after, rss_full)), mb(memory_kb().second));
  } else {
    fmt::print("the table never filled (limit {})\n", o.limit);
  }
  streamer.stop();
  close(mcp_fd);
  close(collector_fd);
  fmt::print("{}\n", ok ? "checks: all passed" : "checks: FAILED");
  return ok ? 0 : 1;
}
