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
constexpr std::uint8_t kIcmpv6 = 58, kUnreachableV6 = 1, kTimeExceededV6 = 3, kEchoRequestV6 = 128,
                       kEchoReplyV6 = 129;

}  // namespace

void Engine::Impl::catch_probe_answer(const BatchItem& item) {
  const Decoded& d = item.d;
  const RawPacket& pkt = item.pkt;
  const bool v4 = d.ip_version == 4;
  if (d.proto != (v4 ? kIcmp : kIcmpv6) || d.fragment) return;
  const std::size_t have = pkt.caplen - d.l3_offset;
  if (have < d.ip_header_len + 8 || d.l3_len > have) return;
  const std::uint8_t* icmp = pkt.bytes + d.l3_offset + d.ip_header_len;
  const std::size_t icmp_len = d.l3_len - d.ip_header_len;
  Engine::ProbeAnswer a;
  a.from = IpAddr::from_bytes(d.src, !v4);
  a.ttl = d.ttl;
  a.at_ns = pkt.ts_ns;
  std::uint16_t ident = 0;
  const std::uint8_t type = icmp[0];
  const bool exceeded = type == (v4 ? kTimeExceeded : kTimeExceededV6);
  if (type == (v4 ? kEchoReply : kEchoReplyV6)) {
    ident = be16(icmp + 4);
    a.seq = be16(icmp + 6);
    a.bytes = static_cast<std::uint32_t>(icmp_len - 8);
  } else if (exceeded || type == (v4 ? kUnreachable : kUnreachableV6)) {
    // The error quotes our probe: its IP header, then at least 8 bytes of its ICMP or UDP header
    // (the router's own probes carry no IPv4 options or IPv6 extension headers).
    const std::uint8_t* q = icmp + 8;
    const std::size_t qlen = icmp_len - 8;
    const std::size_t qhl = v4 ? (q[0] & 0x0fu) * 4u : 40u;
    if (qlen < 20 || (q[0] >> 4) != (v4 ? 4 : 6) || qhl < 20 || qlen < qhl + 8) return;
    const std::uint8_t next = v4 ? q[9] : q[6];
    const std::uint8_t* l4 = q + qhl;
    if (next == (v4 ? kIcmp : kIcmpv6) && l4[0] == (v4 ? kEchoRequest : kEchoRequestV6)) {
      ident = be16(l4 + 4);
      a.seq = be16(l4 + 6);
    } else if (next == kUdp) {
      ident = be16(l4);
      a.seq = be16(l4 + 2);
    } else {
      return;
    }
    a.kind = exceeded ? ProbeAnswer::Kind::TimeExceeded : ProbeAnswer::Kind::Unreachable;
    a.code = icmp[1];
  } else {
    return;
  }
  auto it = probes.find(ident);
  if (it == probes.end()) return;
  it->second.push_back(a);
  probe_answered.notify_all();
}

Engine::OwnSend Engine::send_own(const std::string& vpn, const IpAddr& dst, const IpAddr& source,
                                 const std::function<std::vector<std::uint8_t>(const IpAddr&)>& make) {
  Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mu);
  OwnSend sent;
  if (!m.snap) {
    sent.error = "The router has no configuration yet.";
    return sent;
  }
  const auto known = m.vpn_ids.find(vpn);  // not vpn_id(): that would add an unknown name
  const Route* r = nullptr;
  if (known != m.vpn_ids.end() && known->second < m.snap->fibs.size()) {
    const Fib& fib = m.snap->fibs[known->second];
    r = dst.v6 ? fib.lookup(dst) : fib.lookup_v4(dst.v4_host());
  }
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
  sent.source = source;
  if (source.is_zero()) {
    if (dst.v6) {
      const auto* from = out.v6_source();
      if (from == nullptr) {
        sent.error = fmt::format("{} has no IPv6 address to send from.", out.name);
        return sent;
      }
      sent.source = IpAddr::from_bytes(from->data(), true);
    } else {
      if (out.v4.empty()) {
        sent.error = fmt::format("{} has no IP address to send from.", out.name);
        return sent;
      }
      sent.source = IpAddr::from_v4_host(out.v4.front().first);
    }
  }
  const std::vector<std::uint8_t> ip = make(sent.source);
  const auto n = static_cast<std::uint32_t>(ip.size());
  m.frame.resize(14 + n);
  std::memcpy(m.frame.data() + 14, ip.data(), n);
  sent.at_ns = realtime_ns();
  if (!m.transmit(out, *r, nullptr, dst.b.data(), !dst.v6, sent.at_ns, n, n).is_forwarded())
    sent.error = "The next hop did not answer address resolution.";
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
