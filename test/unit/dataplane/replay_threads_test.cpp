// Two-stage replay (a reading thread, the processing thread) against one thread: the public
// captures, a generated mix and a file truncated half-way give the same summaries, counters,
// live and exported records, egress files, IP FPM counters and progress calls in both modes.
#include <doctest/doctest.h>
#include <pthread.h>
#include <sched.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <fmt/format.h>

#include "dataplane/clock.hpp"
#include "dataplane/engine.hpp"
#include "dataplane/pcap_file.hpp"
#include "esqm_harness.hpp"
#include "test/support/public_captures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

// Counter structs are plain 64-bit fields: compared as their words, a difference names its index.
template <typename T>
std::vector<std::uint64_t> words(const T& v) {
  static_assert(sizeof(T) % 8 == 0 && std::has_unique_object_representations_v<T>);
  std::vector<std::uint64_t> w(sizeof(T) / 8);
  std::memcpy(w.data(), &v, sizeof(T));
  return w;
}

// ESQM in and out, forwarding to a sink, an IP FPM DCP instance colouring 10.1.1.1 > 10.2.1.1.
std::shared_ptr<model::Config> full_config() {
  auto c = std::make_shared<model::Config>();
  c->interfaces.push_back(up_interface("GigabitEthernet0/1/0", "192.0.2.1", 24));
  c->interfaces.push_back(up_interface("GigabitEthernet0/2/0", "198.51.100.1", 24));
  c->interfaces[0].esqm_inbound = true;
  c->interfaces[1].esqm_outbound = true;
  c->interfaces[0].ipfpm_tlps = {100};
  c->routes.insert(static_route("0.0.0.0", 0, "", "198.51.100.2"));
  c->routes.insert(static_route("10.99.0.0", 16, "NULL0"));
  c->esqm.enabled = true;
  c->esqm.tcp_enable = true;
  c->ipfpm.dcp.enabled = true;
  c->ipfpm.dcp.id = 0x01010101;
  c->ipfpm.dcp.mcp = model::McpRef{0x03030303, 2048, ""};
  model::DcpInstance& i = c->ipfpm.dcp.instances[1];
  i.id = 1;
  model::FpmFlow f;
  f.dir = model::FlowDir::Forward;
  f.source = std::make_pair(0x0a010101u, 32);
  f.destination = std::make_pair(0x0a020101u, 32);
  i.flows[model::FlowDir::Forward] = f;
  i.tlps[100] = model::FpmTlp{100, true, true, {}};
  i.loss_continual = true;
  return c;
}

// Everything a replay leaves behind that the two modes must agree on.
struct Outcome {
  ReplaySummary sum;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> progress;
  std::vector<std::string> exported;  // aged records, in export order
  std::vector<std::string> live;      // live records after the replay
  std::vector<std::vector<std::uint64_t>> counters;
  std::string egress;  // the egress port's pcap file
  std::uint64_t now_ns = 0;
  std::uint64_t source_errors = 0;
};

Outcome run(const std::string& file, unsigned threads, int replays = 1) {
  Outcome o;
  const std::string dir = make_temp_dir("replay-threads");
  Engine eng;
  eng.set_replay_threads(threads);
  REQUIRE(eng.replay_threads() == threads);
  eng.set_export_callback([&o](esqm::AgedRecord& r) { o.exported.emplace_back(r.json()); });
  eng.add_sink("GigabitEthernet0/2/0", dir + "/out.pcap");
  std::string err;
  // Reports go to a loopback port nobody reads: the test sends nothing off the machine.
  REQUIRE(eng.set_ipfpm_mcp_host(0x03030303, "127.0.0.1", err));
  eng.set_ipfpm_listen("");
  eng.apply(full_config());
  // Replaying the file again moves packet time nowhere: the second pass only updates entries.
  for (int k = 0; k < replays; ++k) {
    o.sum = eng.replay("GigabitEthernet0/1/0", file, false, [&o](std::uint64_t done, std::uint64_t total) {
      o.progress.emplace_back(done, total);
    });
  }
  for (const auto& r : eng.esqm_records()) o.live.push_back(Engine::esqm_json(r));
  for (const auto& [name, pc] : eng.port_counters()) {
    o.counters.push_back(words(pc));
    o.live.push_back(name);
  }
  o.counters.push_back(words(eng.anomalies()));
  o.counters.push_back(words(eng.esqm_stats()));
  o.counters.push_back(words(eng.ipfpm_dcp_counters()));
  o.now_ns = eng.now_ns();
  o.source_errors = eng.source_errors();
  eng.stop_ipfpm_mcp();
  o.egress = read_text(dir + "/out.pcap");
  std::filesystem::remove_all(dir);
  return o;
}

void check_same(const std::string& file, int replays = 1) {
  INFO("file: " << file);
  const Outcome one = run(file, 1, replays), two = run(file, 2, replays);
  CHECK(one.sum.summary_line().substr(0, one.sum.summary_line().find(" in ")) ==
        two.sum.summary_line().substr(0, two.sum.summary_line().find(" in ")));
  CHECK(one.sum.packets == two.sum.packets);
  CHECK(one.sum.bytes == two.sum.bytes);
  CHECK(one.sum.forwarded == two.sum.forwarded);
  CHECK(one.sum.dropped == two.sum.dropped);
  CHECK(one.sum.error == two.sum.error);
  CHECK(one.progress == two.progress);
  CHECK(one.exported == two.exported);
  CHECK(one.live == two.live);
  CHECK(one.counters == two.counters);
  CHECK(one.egress == two.egress);
  CHECK(one.now_ns == two.now_ns);
  CHECK(one.source_errors == two.source_errors);
}

// Many batches' worth of traffic over 20 minutes of packet time, so entries age and are exported:
// TCP, SCTP and GTP-U flows, IPv6, VLAN tags, the IP FPM flow, packets every drop reason takes
// (no route for IPv6, blackhole, TTL, local, non-IP, runts), and big packets.
PcapFile mixed_traffic() {
  PcapFile f;
  std::uint64_t t = kT0;
  for (int i = 0; i < 12000; ++i) {
    t += (i % 1000 == 999) ? 200 * kSec : 7919;  // jumps past the aging time now and then
    const int flow = i % 1500;
    const std::string src = fmt::format("10.{}.{}.{}", 1 + flow / 500, (flow / 50) % 10, 1 + flow % 50);
    const std::string dst = fmt::format("10.200.{}.{}", flow % 7, 1 + flow % 200);
    const auto sp = static_cast<std::uint16_t>(1024 + flow);
    const auto seq = static_cast<std::uint32_t>(1000 + 100 * (i / 1500));
    switch (i % 16) {
      case 0:
      case 1:
      case 2:
        f.add(t, tcp_frame(src, dst, sp, 80, seq, i < 1500 || i % 3 == 0 ? tcp_flags::kSyn : tcp_flags::kAck,
                           40));
        break;
      case 3:
        f.add(t, tcp_frame(src, dst, sp, 80, seq - 100, tcp_flags::kAck, 40));  // a retransmission
        break;
      case 4:
        f.add(t,
              sctp_frame(src, dst, {i < 3000 ? sctp_init(7, 1) : sctp_data(static_cast<std::uint32_t>(i))}));
        break;
      case 5:
        f.add(t, gtp_frame(src, dst, i < 3000 ? 1 : 255, static_cast<std::uint16_t>(i)));
        break;
      case 6:
        f.add(t, ethernet(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(sp, 443, seq, 1, tcp_flags::kSyn))));
        break;
      case 7: {
        L2Opts tagged;
        tagged.vlans = {{0x8100, static_cast<std::uint16_t>(1 + flow % 4000)}};
        f.add(t, ethernet(ipv4(src, dst, 6, tcp(sp, 22, seq, 1, tcp_flags::kSyn)), tagged));
        break;
      }
      case 8:
        f.add(t, ethernet(ipv4("10.1.1.1", "10.2.1.1", 17, udp(5000, 5001, Bytes(64, 0)))));  // IP FPM flow
        break;
      case 9:
        f.add(t, ethernet(ipv4(src, "10.99.1.1", 17, udp(1, 2, {}))));  // NULL0
        break;
      case 10:
        f.add(t, ethernet(ipv4(src, dst, 17, udp(1, 2, {}), {1, 0, 0})));  // TTL 1
        break;
      case 11:
        f.add(t, ethernet(ipv4(src, "192.0.2.1", 17, udp(1, 2, {}))));  // local
        break;
      case 12:
        f.add(t, ethernet_raw(0x0806, Bytes(28, 0)));
        break;
      case 13:
        f.add(t, Bytes{1, 2, 3});
        break;
      default:
        // Now and then 60 KB (offloaded segments): a batch's arena takes a few, then the batch
        // ends early and the next one goes on.
        f.add(t, tcp_frame(src, dst, sp, 80, seq + 40, tcp_flags::kAck,
                           i % 16 == 15 || i % 32 == 14 ? 60000 : 1400));
        break;
    }
  }
  return f;
}

// Yields COUNT generated packets, then End; says on which threads it was read and whether they
// had SIGINT blocked.
class CountingSource final : public PacketSource {
 public:
  explicit CountingSource(std::size_t count, std::uint64_t step_ns = 1) : count_(count), step_ns_(step_ns) {
    frame_ = tcp_frame("10.1.1.2", "10.200.0.1", 1000, 80, 1, tcp_flags::kSyn);
  }
  SourceStatus next(RawPacket& out) override {
    readers.push_back(std::this_thread::get_id());
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, nullptr, &mask);
    sigint_blocked.push_back(sigismember(&mask, SIGINT) == 1);
    if (done_ == count_) return SourceStatus::End;
    out = RawPacket{kT0 + done_++ * step_ns_, static_cast<std::uint32_t>(frame_.size()),
                    static_cast<std::uint32_t>(frame_.size()), kLinkEthernet, frame_.data()};
    return SourceStatus::Packet;
  }
  std::string error() const override { return {}; }
  std::uint64_t position() const override { return done_; }
  std::uint64_t size() const override { return count_; }
  std::vector<std::thread::id> readers;
  std::vector<bool> sigint_blocked;

 private:
  std::size_t count_;
  std::uint64_t step_ns_;
  std::size_t done_ = 0;
  Bytes frame_;
};

}  // namespace

TEST_CASE("replay threads: the public captures give the same results on one and on two threads") {
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::string(VRSH_TEST_DATA_DIR) + "/public")) {
    const std::string ext = e.path().extension().string();
    if (ext != ".pcap" && ext != ".cap" && ext != ".pcapng") continue;
    check_same(e.path().string());
    ++files;
  }
  CHECK(files >= 40);
}

TEST_CASE("replay threads: a generated mix, whole and truncated half-way, gives the same results") {
  const std::string dir = make_temp_dir("replay-mix");
  const std::string whole = dir + "/mix.pcap", cut = dir + "/cut.pcap";
  mixed_traffic().write(whole);
  const Bytes bytes = mixed_traffic().bytes();
  // Cut inside a record (odd offset past the middle): libpcap reports a truncated record there.
  write_file(cut, Bytes(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(bytes.size() / 2 + 7)));
  check_same(whole);
  check_same(whole, 2);
  check_same(cut);
  const Outcome o = run(whole, 2);
  CHECK(o.sum.packets == 12000);
  CHECK(o.exported.size() > 1000);  // entries aged during the replay: export order is compared
  CHECK(o.progress.size() > 10);
  const Outcome c = run(cut, 2);
  CHECK(c.sum.packets > 5000);
  CHECK(c.sum.packets < 12000);
  CHECK(c.sum.error.find("truncated") != std::string::npos);
  CHECK(c.source_errors == 1);
  std::filesystem::remove_all(dir);
}

TEST_CASE("replay threads: two threads read on a thread of their own, with SIGINT blocked") {
  Harness h;
  // The reader must not take the session's signals, whatever this thread's mask is.
  sigset_t intr, saved;
  sigemptyset(&intr);
  sigaddset(&intr, SIGINT);
  pthread_sigmask(SIG_UNBLOCK, &intr, &saved);
  CountingSource two(1000);
  h.eng.set_replay_threads(2);
  CHECK(h.eng.replay("GigabitEthernet0/1/0", two, false).packets == 1000);
  CountingSource one(1000);
  h.eng.set_replay_threads(1);
  CHECK(h.eng.replay("GigabitEthernet0/1/0", one, false).packets == 1000);
  CountingSource paced(3);
  h.eng.set_replay_threads(2);
  CHECK(h.eng.replay("GigabitEthernet0/1/0", paced, true).packets == 3);  // realtime: one thread
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  const auto self = std::this_thread::get_id();
  REQUIRE(!two.readers.empty());
  for (auto id : two.readers) CHECK(id != self);
  for (bool b : two.sigint_blocked) CHECK(b);
  for (auto id : one.readers) CHECK(id == self);
  for (auto id : paced.readers) CHECK(id == self);
}

TEST_CASE("replay threads: a stop request ends the replay between batches, on one thread and on two") {
  for (unsigned threads : {1U, 2U}) {
    CAPTURE(threads);
    Harness h;
    h.eng.set_replay_threads(threads);
    CountingSource src(200000);
    int asked = 0;
    const auto s = h.eng.replay("GigabitEthernet0/1/0", src, false, {}, [&asked] { return ++asked == 3; });
    CHECK(s.interrupted);
    CHECK(s.error.empty());
    CHECK(s.packets > 0);
    CHECK(s.packets < 200000);
    CHECK(s.forwarded + s.dropped_total() == s.packets);
    REQUIRE(s.percent.has_value());
    CHECK(*s.percent < 100);
    CHECK(s.summary_line().rfind(fmt::format("Info: Interrupted after {} packets (", s.packets), 0) == 0);
    CHECK(s.summary_line().find("% of the file) on GigabitEthernet0/1/0 in ") != std::string::npos);
    const auto port = h.eng.port_counters("GigabitEthernet0/1/0");
    REQUIRE(port.has_value());
    CHECK(port->rx_packets == s.packets);
    // The engine goes on: the next replay runs to its end.
    CountingSource next(1000);
    const auto all = h.eng.replay("GigabitEthernet0/1/0", next, false, {}, [] { return false; });
    CHECK_FALSE(all.interrupted);
    CHECK(all.packets == 1000);
    CHECK(all.summary_line().rfind("Info: Replayed 1000 packets", 0) == 0);
  }
}

TEST_CASE("replay threads: a realtime replay stops while it waits for packet time") {
  Harness h;
  CountingSource paced(2, 3600 * kNsPerSecond);  // an hour between the two packets
  int asked = 0;
  // The first question comes after the first packet, the second while the replay waits.
  const auto s = h.eng.replay("GigabitEthernet0/1/0", paced, true, {}, [&asked] { return ++asked == 2; });
  CHECK(s.interrupted);
  CHECK(s.packets == 1);
}

TEST_CASE("replay threads: an exception from an export consumer stops the reader, the engine goes on") {
  const std::string dir = make_temp_dir("replay-throw");
  const std::string path = dir + "/mix.pcap";
  mixed_traffic().write(path);
  Engine eng;
  eng.set_replay_threads(2);
  eng.set_ipfpm_listen("");
  eng.apply(full_config());
  std::string err;
  REQUIRE(eng.set_ipfpm_mcp_host(0x03030303, "127.0.0.1", err));
  eng.set_export_callback([](esqm::AgedRecord&) { throw std::runtime_error("consumer failed"); });
  CHECK_THROWS_AS(eng.replay("GigabitEthernet0/1/0", path, false), std::runtime_error);
  eng.set_export_callback({});
  eng.esqm_reset();
  const auto again = eng.replay("GigabitEthernet0/1/0", path, false);
  CHECK(again.packets == 12000);
  CHECK(again.error.empty());
  eng.stop_ipfpm_mcp();
  std::filesystem::remove_all(dir);
}

TEST_CASE("replay threads: two by default on two CPUs or more") {
  cpu_set_t set;
  CPU_ZERO(&set);
  REQUIRE(sched_getaffinity(0, sizeof set, &set) == 0);
  CHECK(Engine::default_replay_threads() == (CPU_COUNT(&set) >= 2 ? 2u : 1u));
  Engine eng;
  CHECK(eng.replay_threads() == Engine::default_replay_threads());
}

TEST_CASE("replay threads: a batch whose arena is full ends early and the next goes on") {
  const std::string dir = make_temp_dir("replay-room");
  const std::string path = dir + "/mix.pcap";
  mixed_traffic().write(path);
  std::string err;
  auto src = open_pcap_file(path, err);
  REQUIRE(src);
  std::vector<RawPacket> pkts(64);
  std::unique_ptr<std::uint8_t[]> arena(new std::uint8_t[kReplayBatchRoom]);
  std::size_t total = 0, short_batches = 0;
  SourceStatus st = SourceStatus::Packet;
  while (st == SourceStatus::Packet) {
    const std::size_t n = src->next_batch(pkts.data(), pkts.size(), arena.get(), kReplayBatchRoom, st);
    std::size_t used = 0;
    for (std::size_t i = 0; i < n; ++i) used += (pkts[i].caplen + 63) & ~std::size_t{63};
    CHECK(used <= kReplayBatchRoom);
    if (st == SourceStatus::Packet && n < pkts.size()) {
      ++short_batches;
      CHECK(kReplayBatchRoom - used < kMaxBatchCaplen);  // ended for want of room, not of packets
    }
    total += n;
  }
  CHECK(st == SourceStatus::End);
  CHECK(total == 12000);
  CHECK(short_batches > 100);
  std::filesystem::remove_all(dir);
}
