#include "test/bench/support.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace vrsh::bench {

using namespace testsupport;

namespace {

void set32(Bytes& b, std::size_t off, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[off + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

constexpr std::uint64_t kMaxFlowId = 1ULL << 24;  // the low 24 bits of the source address

}  // namespace

Traffic::Traffic(const TrafficSpec& spec)
    : spec_(spec),
      tcp_syn_(ethernet(ipv4("10.0.0.1", "10.128.0.1", 6, tcp(1000, 80, 1, 0, tcp_flags::kSyn)))),
      tcp_data_(ethernet(ipv4("10.0.0.1", "10.128.0.1", 6, tcp(1000, 80, 2, 1, tcp_flags::kAck, 60)))),
      sctp_init_(ethernet(ipv4("10.0.0.1", "10.128.0.1", 132, sctp(2905, 2905, 0, {sctp_init(7, 1)})))),
      sctp_data_(ethernet(
          ipv4("10.0.0.1", "10.128.0.1", 132, sctp(2905, 2905, 7, {testsupport::sctp_data(1, 48)})))),
      gtp_echo_(ethernet(ipv4("10.0.0.1", "10.128.0.1", 17, udp(2152, 2152, gtp(1, 0, {}, 1))))),
      gtp_pdu_(
          ethernet(ipv4("10.0.0.1", "10.128.0.1", 17, udp(2152, 2152, gtp(255, 5, Bytes(60, 0), 0, false))))),
      seq_(spec.concurrent == 0 ? 1 : spec.concurrent, 2) {
  if (spec_.concurrent == 0) spec_.concurrent = 1;
}

const Bytes& Traffic::next(std::uint64_t& ts_ns) {
  const std::uint64_t i = produced_++;
  const std::uint32_t slot = static_cast<std::uint32_t>(i % spec_.concurrent);
  const std::uint64_t round = i / spec_.concurrent;
  std::uint64_t generation = 0;
  bool first = round == 0;
  if (spec_.flow_packets != 0) {
    const std::uint64_t shifted = round + slot % spec_.flow_packets;
    generation = shifted / spec_.flow_packets;
    first = first || shifted % spec_.flow_packets == 0;
  }
  const std::uint64_t flow = generation * spec_.concurrent + slot;
  if (flow >= kMaxFlowId) {
    std::fprintf(stderr, "synthetic traffic: more than %llu flows\n",
                 static_cast<unsigned long long>(kMaxFlowId));
    std::abort();
  }
  const std::uint32_t kind = static_cast<std::uint32_t>(flow % 20);  // 0..13 TCP, 14..16 SCTP, 17..19 GTP
  if (kind < 14) {
    frame_ = first ? tcp_syn_ : tcp_data_;
  } else if (kind < 17) {
    frame_ = first ? sctp_init_ : sctp_data_;
  } else {
    frame_ = first ? gtp_echo_ : gtp_pdu_;
  }
  // Flow identity in the addresses: 10.0.x.y -> 10.128.x.y (checksums are not verified).
  set32(frame_, 14 + 12, 0x0a000000u | static_cast<std::uint32_t>(flow));
  set32(frame_, 14 + 16, 0x0a800000u | static_cast<std::uint32_t>(flow & 0x7fffffu));
  if (first) {
    ++started_;
    seq_[slot] = 2;
  } else if (kind < 14) {
    set32(frame_, 14 + 20 + 4, seq_[slot]);
    seq_[slot] += 60;
  } else if (kind < 17) {
    set32(frame_, 14 + 20 + 12 + 4, seq_[slot]++);  // DATA TSN
  }
  ts_ns = spec_.start_ns + i * spec_.gap_ns;
  return frame_;
}

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace vrsh::bench
