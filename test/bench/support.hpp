#pragma once
// Shared by the benchmarks.
//
// Traffic: synthetic ESQM traffic, Ethernet/IPv4 from 10.0.0.0/8 to 10.128.0.0/9, 70% TCP, 15% SCTP,
// 15% GTP-U, `concurrent` flows interleaved round-robin. A flow's first packet creates its entry
// (TCP SYN, SCTP INIT, GTP-U echo request), the others carry data (TCP sequence numbers and SCTP
// TSNs advance). With `flow_packets` set, each flow ends after that many packets and a new flow (new
// addresses) takes its place in the rotation; the flows' ends are staggered so that new flows start
// at an even rate. Flow identities are unique up to 2^24 flows.
#include <cstdint>
#include <vector>

#include "test/support/pcap_builder.hpp"

namespace vrsh::bench {

struct TrafficSpec {
  std::uint32_t concurrent = 500000;
  std::uint64_t flow_packets = 0;  // 0: flows never end
  std::uint64_t gap_ns = 10000;    // packet spacing in packet time (10 us = 100k packets/s)
  std::uint64_t start_ns = 1700000000ULL * 1000000000ULL;
};

class Traffic {
 public:
  explicit Traffic(const TrafficSpec& spec);
  // The next packet (Ethernet); the frame stays valid until the next call.
  const testsupport::Bytes& next(std::uint64_t& ts_ns);
  std::uint64_t packets() const { return produced_; }
  std::uint64_t flows_started() const { return started_; }  // creating packets produced so far

 private:
  TrafficSpec spec_;
  testsupport::Bytes tcp_syn_, tcp_data_, sctp_init_, sctp_data_, gtp_echo_, gtp_pdu_;
  testsupport::Bytes frame_;
  std::vector<std::uint32_t> seq_;  // per rotation slot: next TCP sequence number / SCTP TSN
  std::uint64_t produced_ = 0;
  std::uint64_t started_ = 0;
};

// This thread's CPU time in seconds: steadier than the wall clock on a shared machine.
double thread_cpu_seconds();

}  // namespace vrsh::bench
