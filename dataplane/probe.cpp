// The router's own probes (ping, tracert): packets it originates over live ports, and the answers
// addressed to it that the waiting command takes.
#include <algorithm>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "dataplane/bytes.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/engine_impl.hpp"

namespace vrsh::dataplane {
namespace {

constexpr std::uint8_t kIcmp = 1, kUdp = 17;
constexpr std::uint8_t kEchoReply = 0, kUnreachable = 3, kEchoRequest = 8, kTimeExceeded = 11;

}  // namespace

void Engine::Impl::catch_probe_answer(const BatchItem& item) {
  const Decoded& d = item.d;
  const RawPacket& pkt = item.pkt;
  if (d.ip_version != 4 || d.proto != kIcmp || d.fragment) return;
  const std::size_t have = pkt.caplen - d.l3_offset;
  if (have < d.ip_header_len + 8 || d.l3_len > have) return;
  const std::uint8_t* icmp = pkt.bytes + d.l3_offset + d.ip_header_len;
  const std::size_t icmp_len = d.l3_len - d.ip_header_len;
  Engine::ProbeAnswer a;
  a.from = be32(d.src);
  a.ttl = d.ttl;
  a.at_ns = pkt.ts_ns;
  std::uint16_t ident = 0;
  if (icmp[0] == kEchoReply) {
    ident = be16(icmp + 4);
    a.seq = be16(icmp + 6);
    a.bytes = static_cast<std::uint32_t>(icmp_len - 8);
  } else if (icmp[0] == kTimeExceeded || icmp[0] == kUnreachable) {
    // The error quotes our probe: its IP header, then 8 bytes of its ICMP or UDP header.
    const std::uint8_t* q = icmp + 8;
    const std::size_t qlen = icmp_len - 8;
    if (qlen < 20 || (q[0] >> 4) != 4) return;
    const std::size_t qhl = (q[0] & 0x0fu) * 4u;
    if (qhl < 20 || qlen < qhl + 8) return;
    const std::uint8_t* l4 = q + qhl;
    if (q[9] == kIcmp && l4[0] == kEchoRequest) {
      ident = be16(l4 + 4);
      a.seq = be16(l4 + 6);
    } else if (q[9] == kUdp) {
      ident = be16(l4);
      a.seq = be16(l4 + 2);
    } else {
      return;
    }
    a.kind = icmp[0] == kTimeExceeded ? ProbeAnswer::Kind::TimeExceeded : ProbeAnswer::Kind::Unreachable;
    a.code = icmp[1];
  } else {
    return;
  }
  auto it = probes.find(ident);
  if (it == probes.end()) return;
  it->second.push_back(a);
  probe_answered.notify_all();
}

Engine::OwnSend Engine::send_own(const std::string& vpn, std::uint32_t dst, std::uint32_t source,
                                 const std::function<std::vector<std::uint8_t>(std::uint32_t)>& make) {
  Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mu);
  OwnSend sent;
  if (!m.snap) {
    sent.error = "The router has no configuration yet.";
    return sent;
  }
  const auto known = std::find(m.vpn_names.begin(), m.vpn_names.end(), vpn);
  const auto vid = static_cast<std::size_t>(known - m.vpn_names.begin());
  if (known == m.vpn_names.end() || vid >= m.snap->fibs.size()) {
    sent.error = "No route to the destination.";
    return sent;
  }
  const Route* r = m.snap->fibs[vid].lookup_v4(dst);
  if (r == nullptr || r->kind == Route::Kind::Blackhole) {
    sent.error = "No route to the destination.";
    return sent;
  }
  if (r->kind == Route::Kind::Local) {
    sent.error = "The destination is an address of this router.";
    return sent;
  }
  const Port& out = m.snap->ports[r->egress];
  if (!out.state->live) {
    sent.error = fmt::format("The route leaves by {}, which is not a live port.", out.name);
    return sent;
  }
  if (source == 0) {
    if (out.v4.empty()) {
      sent.error = fmt::format("{} has no IP address to send from.", out.name);
      return sent;
    }
    source = out.v4.front().first;
  }
  const std::vector<std::uint8_t> ip = make(source);
  const auto n = static_cast<std::uint32_t>(ip.size());
  m.frame.resize(14 + n);
  std::memcpy(m.frame.data() + 14, ip.data(), n);
  std::uint8_t dst_bytes[4];
  put32(dst_bytes, dst);
  sent.at_ns = realtime_ns();
  sent.source = source;
  if (!m.transmit(out, *r, nullptr, dst_bytes, true, sent.at_ns, n, n).is_forwarded())
    sent.error = "The next hop did not answer ARP.";
  return sent;
}

void Engine::open_probe(std::uint16_t ident) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->probes[ident].clear();
}

void Engine::close_probe(std::uint16_t ident) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->probes.erase(ident);
}

std::vector<Engine::ProbeAnswer> Engine::wait_answers(std::uint16_t ident, std::uint64_t deadline_ns,
                                                      const StopFn& stop) {
  Impl& m = *impl_;
  std::unique_lock<std::mutex> lock(m.mu);
  std::vector<ProbeAnswer> got;
  for (;;) {
    auto it = m.probes.find(ident);
    if (it == m.probes.end()) return got;
    if (!it->second.empty()) {
      got.swap(it->second);
      return got;
    }
    const std::uint64_t now = realtime_ns();
    if (now >= deadline_ns || (stop && stop())) return got;
    const std::uint64_t slice = std::min<std::uint64_t>(deadline_ns - now, kStopPollMs * 1'000'000ULL);
    m.probe_answered.wait_for(lock, std::chrono::nanoseconds(slice));
  }
}

}  // namespace vrsh::dataplane
