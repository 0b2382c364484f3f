// ESQM replay benchmark: writes a large synthetic pcap (many concurrent TCP, SCTP and GTP-U
// flows), then measures a bare libpcap read loop and a full replay (decode, FIB, TTL, ESQM
// inbound sampling) over the same file. Prints figures; not a test.
// Usage: bench_esqm [packets=4000000] [flows=500000] [rounds=3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "dataplane/engine.hpp"
#include "dataplane/pcap_file.hpp"
#include "test/support/dp_fixtures.hpp"

using namespace vrsh;
using namespace vrsh::testsupport;

namespace {

struct Template {
  Bytes frame;
  std::size_t ip = 14;  // offsets patched per flow / packet
};

void set32(Bytes& b, std::size_t off, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[off + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

void put_le32(std::FILE* f, std::uint32_t v) { std::fwrite(&v, 4, 1, f); }  // x86: little-endian

// Writes `packets` packets over `flows` concurrent flows (70% TCP, 15% SCTP, 15% GTP-U): each
// flow starts with its creating packet, then carries data; flows are interleaved round-robin.
std::uint64_t generate(const std::string& path, std::uint64_t packets, std::uint32_t flows) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::exit(1);
  std::vector<char> buf(1 << 20);
  std::setvbuf(f, buf.data(), _IOFBF, buf.size());
  const std::uint32_t hdr[] = {0xa1b23c4du, 0x00040002u, 0, 0, 262144, 1};
  std::fwrite(hdr, sizeof hdr, 1, f);
  const Bytes tcp_syn = ethernet(ipv4("10.0.0.1", "10.128.0.1", 6, tcp(1000, 80, 1, 0, tcp_flags::kSyn)));
  const Bytes tcp_data = ethernet(ipv4("10.0.0.1", "10.128.0.1", 6, tcp(1000, 80, 2, 1, tcp_flags::kAck, 60)));
  const Bytes sctp_init = ethernet(ipv4("10.0.0.1", "10.128.0.1", 132, sctp(2905, 2905, 0, {testsupport::sctp_init(7, 1)})));
  const Bytes sctp_dat = ethernet(ipv4("10.0.0.1", "10.128.0.1", 132, sctp(2905, 2905, 7, {sctp_data(1, 48)})));
  const Bytes gtp_echo = ethernet(ipv4("10.0.0.1", "10.128.0.1", 17, udp(2152, 2152, gtp(1, 0, {}, 1))));
  const Bytes gtp_pdu = ethernet(ipv4("10.0.0.1", "10.128.0.1", 17, udp(2152, 2152, gtp(255, 5, Bytes(60, 0), 0, false))));
  std::vector<std::uint32_t> seq(flows, 2);
  const std::uint64_t t0 = 1700000000ULL * 1000000000ULL;
  const std::uint64_t gap = 10000;  // 100k packets per second of packet time
  Bytes frame;
  for (std::uint64_t i = 0; i < packets; ++i) {
    const std::uint32_t flow = static_cast<std::uint32_t>(i % flows);
    const bool first = i < flows;
    const std::uint32_t kind = flow % 20;  // 0..13 TCP, 14..16 SCTP, 17..19 GTP
    if (kind < 14) {
      frame = first ? tcp_syn : tcp_data;
    } else if (kind < 17) {
      frame = first ? sctp_init : sctp_dat;
    } else {
      frame = first ? gtp_echo : gtp_pdu;
    }
    // Flow identity in the addresses: 10.0.x.y -> 10.128.x.y (checksums are not verified).
    set32(frame, 14 + 12, 0x0a000000u | flow);
    set32(frame, 14 + 16, 0x0a800000u | flow);
    if (!first && kind < 14) {
      set32(frame, 14 + 20 + 4, seq[flow]);
      seq[flow] += 60;
    } else if (!first && kind < 17) {
      set32(frame, 14 + 20 + 12 + 4, seq[flow]++);  // DATA TSN
    }
    const std::uint64_t ts = t0 + i * gap;
    put_le32(f, static_cast<std::uint32_t>(ts / 1000000000ULL));
    put_le32(f, static_cast<std::uint32_t>(ts % 1000000000ULL));
    put_le32(f, static_cast<std::uint32_t>(frame.size()));
    put_le32(f, static_cast<std::uint32_t>(frame.size()));
    std::fwrite(frame.data(), 1, frame.size(), f);
  }
  std::fclose(f);
  return std::filesystem::file_size(path);
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t packets = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 4000000;
  const std::uint32_t flows = argc > 2 ? static_cast<std::uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 500000;
  const int rounds = argc > 3 ? std::max(1, std::atoi(argv[3])) : 3;
  const std::string dir = make_temp_dir("bench");
  const std::string path = dir + "/synthetic.pcap";

  auto t = std::chrono::steady_clock::now();
  const std::uint64_t size = generate(path, packets, flows);
  fmt::print("generated {} packets, {} flows, {:.1f} MB in {:.2f} s\n", packets, flows, size / 1e6, seconds_since(t));

  auto c = std::make_shared<model::Config>();
  c->interfaces.push_back(up_interface("GigabitEthernet0/1/0", "192.0.2.1", 24));
  c->interfaces.push_back(up_interface("GigabitEthernet0/2/0", "198.51.100.1", 24));
  c->interfaces[0].esqm_inbound = true;
  c->routes.push_back(static_route("10.128.0.0", 9, "", "198.51.100.2"));
  c->esqm.enabled = true;
  c->esqm.tcp_enable = true;

  // The machine is shared: both loops run `rounds` times, alternating over the same page-cached
  // file, and each keeps its best round. Every replay starts from an empty flow table. Times are
  // wall clock and this thread's CPU time; the CPU figures are steadier when other processes
  // compete for the cores, and are what "on one core" means.
  dataplane::raw_read_loop(path);  // warm the page cache
  double raw_s = 1e30, raw_cpu = 1e30;
  double replay_s = 1e30, replay_cpu = 1e30;
  dataplane::RawReadResult raw;
  dataplane::ReplaySummary sum;
  dataplane::esqm::Stats st;
  for (int round = 0; round < rounds; ++round) {
    t = std::chrono::steady_clock::now();
    double c0 = thread_cpu_seconds();
    raw = dataplane::raw_read_loop(path);
    raw_cpu = std::min(raw_cpu, thread_cpu_seconds() - c0);
    raw_s = std::min(raw_s, seconds_since(t));
    dataplane::Engine eng;
    eng.apply(c);
    c0 = thread_cpu_seconds();
    sum = eng.replay("GigabitEthernet0/1/0", path, false);
    replay_cpu = std::min(replay_cpu, thread_cpu_seconds() - c0);
    replay_s = std::min(replay_s, sum.seconds);
    st = eng.esqm_stats();
  }
  const auto mpps = [](std::uint64_t n, double s) { return static_cast<double>(n) / s / 1e6; };
  fmt::print("raw libpcap read: {} packets, best of {}: {:.2f} Mpps wall, {:.2f} Mpps CPU\n", raw.packets, rounds,
             mpps(raw.packets, raw_s), mpps(raw.packets, raw_cpu));
  fmt::print("{}\n", sum.summary_line());
  fmt::print("full replay (decode + FIB + TTL + ESQM inbound), best of {}: {:.2f} Mpps wall, {:.2f} Mpps CPU\n",
             rounds, mpps(sum.packets, replay_s), mpps(sum.packets, replay_cpu));
  fmt::print("replay / raw read: {:.0f}% wall, {:.0f}% CPU  (target >= 50%)\n", 100.0 * raw_s / replay_s,
             100.0 * raw_cpu / replay_cpu);
  fmt::print("flow entries: {} (tcp {}, sctp {}, gtp {}), insert failures {}\n", st.entries_total(), st.entries[0],
             st.entries[1], st.entries[2], st.insert_failures);
  if (st.entries_total() != 0) {
    fmt::print("table memory: {:.1f} MB = {:.1f} bytes per entry  (target <= 128)\n", st.memory_bytes / 1e6,
               static_cast<double>(st.memory_bytes) / static_cast<double>(st.entries_total()));
  }
  std::filesystem::remove_all(dir);
  return 0;
}
