// The per-packet path: decode, inbound sampling, FIB lookup, TTL, outbound sampling, egress.
#include <cstring>

#include "dataplane/bytes.hpp"
#include "dataplane/engine_impl.hpp"

namespace vrsh::dataplane {
namespace {

esqm::SamplePoint sample_point(const Route* r, const Port& sampling, std::uint32_t route_if_index,
                               model::Direction dir, std::uint64_t ts) {
  esqm::SamplePoint sp;
  sp.direction = dir;
  sp.vpn_id = sampling.vpn_id;
  sp.port_if_index = sampling.main_if_index;
  sp.route_if_index = route_if_index;
  sp.ts_ns = ts;
  if (r != nullptr && r->kind != Route::Kind::Blackhole) {
    sp.has_route = true;
    sp.next_hop_is_dst = r->next_hop_is_dst;
    sp.next_hop = &r->next_hop;
  }
  return sp;
}

// TTL (the high byte of header word 8) - 1; the caller dropped TTLs <= 1.
void decrement_ttl_v4(std::uint8_t* ip) {
  rewrite_ipv4_word(ip, 8, static_cast<std::uint16_t>(be16(ip + 8) - 0x0100u));
}

}  // namespace

Verdict Engine::Impl::receive(const Port* port, PortState* state, BatchItem& item) {
  const RawPacket& pkt = item.pkt;
  state->counters.rx_packets++;
  state->counters.rx_bytes += pkt.wirelen;
  if (port == nullptr || !port->up) return DropReason::PortDown;
  const Decoded& d = item.d;
  const DecodeResult& res = item.res;
  if (!res.ip) {
    ++anomalies[static_cast<std::size_t>(res.why)];
    return res.why == Anomaly::NonIp ? DropReason::NonIp : DropReason::DecodeError;
  }
  if (res.l4_anomaly != Anomaly::Count) ++anomalies[static_cast<std::size_t>(res.l4_anomaly)];
  // IP FPM colours travel in copies of the two header bytes and are written into the egress frame.
  fpm::HeaderBits hb{}, hb0{};
  const bool fpm_v4 = fpm_active && d.ip_version == 4;
  if (fpm_v4) {
    hb = hb0 = fpm::read_bits(pkt.bytes + d.l3_offset);
    if (!port->fpm_points.empty()) fpm_dcp.on_packet(port->fpm_points, true, d, hb, pkt.ts_ns, d.l3_len);
  }
  const Snapshot& s = *snap;
  const Fib& fib = s.fibs[port->vpn_id];
  const Route* r =
      d.ip_version == 4 ? fib.lookup_v4(be32(d.dst)) : fib.lookup(IpAddr::from_bytes(d.dst, true));
  if (port->esqm_inbound) {
    const std::uint32_t out_idx = r != nullptr ? r->egress_if_index : 0;
    table.sample(d, sample_point(r, *port, out_idx, model::Direction::Inbound, pkt.ts_ns), &item.pre);
  }
  if (r == nullptr) return refuse(*port, state, item, IcmpError::NoRoute, DropReason::NoRoute);
  if (r->kind == Route::Kind::Local) {
    if (!probes.empty()) catch_probe_answer(item);
    answer_echo(*port, state, item);
    return DropReason::Local;  // the request itself ends here, answered or not
  }
  if (r->kind == Route::Kind::Blackhole) return DropReason::Blackhole;
  if (d.ttl <= 1) return refuse(*port, state, item, IcmpError::TimeExceeded, DropReason::TtlExceeded);
  const Port& out = s.ports[r->egress];
  if (fpm_v4 && !out.fpm_points.empty()) fpm_dcp.on_packet(out.fpm_points, false, d, hb, pkt.ts_ns, d.l3_len);
  if (out.esqm_outbound)
    table.sample(d, sample_point(r, out, port->if_index, model::Direction::Outbound, pkt.ts_ns));
  PortState* ost = out.state;
  std::uint32_t l3 = 0;
  if (ost->sink || ost->live) {
    // Egress is untagged Ethernet: VLAN tags and MPLS labels of the received frame are not
    // carried over.
    const std::uint32_t avail = pkt.caplen - d.l3_offset;
    l3 = avail < d.l3_len ? avail : d.l3_len;
    frame.resize(14 + l3);
    std::uint8_t* f = frame.data();
    std::memcpy(f + 14, pkt.bytes + d.l3_offset, l3);
    if (d.ip_version == 4) {
      decrement_ttl_v4(f + 14);
      if (fpm_v4 && !(hb == hb0)) fpm::rewrite_header(f + 14, hb);
    } else {
      f[14 + 7] = static_cast<std::uint8_t>(f[14 + 7] - 1);
    }
  }
  return transmit(out, *r, state, d.dst, d.ip_version == 4, pkt.ts_ns, l3, d.l3_len);
}

Verdict Engine::Impl::transmit(const Port& out, const Route& r, PortState* from, const std::uint8_t* dst,
                               bool v4, std::uint64_t ts_ns, std::uint32_t l3, std::uint32_t wire_l3) {
  PortState* ost = out.state;
  const std::uint32_t wire = 14 + wire_l3;
  if (ost->sink || ost->live) {
    // Destination MAC: 02:00 followed by the last four bytes of the next hop.
    std::uint8_t* f = frame.data();
    const std::uint8_t* nh =
        r.next_hop_is_dst ? dst + (v4 ? 0 : 12) : r.next_hop.b.data() + (r.next_hop.v6 ? 12 : 0);
    f[0] = 0x02;
    f[1] = 0x00;
    std::memcpy(f + 2, nh, 4);
    std::memcpy(f + 6, out.mac.data(), 6);
    put16(f + 12, v4 ? 0x0800 : 0x86dd);
    if (ost->sink) ost->sink->write(ts_ns, f, 14 + l3, wire);
    if (ost->live) {
      // A live port sends with real MACs; a packet held for ARP counts as sent once it goes out.
      const LiveVerdict v =
          v4 ? live_send(out, from, be32(nh), f, 14 + l3)
             : live_send6(out, from, r.next_hop_is_dst ? dst : r.next_hop.b.data(), f, 14 + l3);
      if (v == LiveVerdict::Dropped) return DropReason::ArpUnresolved;
      if (v == LiveVerdict::Held) return Verdict::forwarded();
    }
  }
  ost->counters.tx_packets++;
  ost->counters.tx_bytes += wire;
  return Verdict::forwarded();
}

void Engine::Impl::answer_echo(const Port& in, PortState* state, const BatchItem& item) {
  switch (echo_reply(item.pkt, item.d, reply_buf)) {
    case Echo::NotRequest:
      return;
    case Echo::Unanswerable:
      ++state->counters.echo_unsent;
      return;
    case Echo::Reply:
      break;
  }
  ++(send_to_sender(in, item) ? state->counters.echo_answered : state->counters.echo_unsent);
}

Verdict Engine::Impl::refuse(const Port& in, PortState* state, const BatchItem& item, IcmpError kind,
                             DropReason why) {
  // Only on live ports: a replay's sinks hold the traffic of the capture, not the router's own.
  // The source is an address of the interface the packet came in by: its first IPv4 address, or
  // its first global IPv6 address (its link-local one when it has none).
  const Decoded& d = item.d;
  if (state->live == nullptr) return why;
  std::uint8_t from[16];
  if (d.ip_version == 4) {
    if (in.v4.empty()) return why;
    put32(from, in.v4.front().first);
  } else {
    const auto* source = in.v6_source();
    if (source == nullptr) return why;
    std::memcpy(from, source->data(), 16);
  }
  if (!icmp_error(item.pkt, d, kind, from, reply_buf)) return why;
  PortCounters& c = state->counters;
  if (!icmp_budget.take(item.pkt.ts_ns)) {
    ++c.icmp_rate_limited;
  } else if (send_to_sender(in, item)) {
    ++(kind == IcmpError::TimeExceeded ? c.icmp_time_exceeded : c.icmp_unreachable);
  }
  return why;
}

bool Engine::Impl::send_to_sender(const Port& in, const BatchItem& item) {
  const Decoded& d = item.d;
  // Back by the FIB of the VPN instance the packet came in, like any packet.
  const Fib& fib = snap->fibs[in.vpn_id];
  const Route* r =
      d.ip_version == 4 ? fib.lookup_v4(be32(d.src)) : fib.lookup(IpAddr::from_bytes(d.src, true));
  if (r == nullptr || r->kind != Route::Kind::Forward) return false;
  const Port& out = snap->ports[r->egress];
  const auto n = static_cast<std::uint32_t>(reply_buf.size());
  if (out.state->sink || out.state->live) {
    frame.resize(14 + n);
    std::memcpy(frame.data() + 14, reply_buf.data(), n);
  }
  // A packet held for ARP counts as sent; should ARP never resolve, nothing is counted again.
  return transmit(out, *r, nullptr, d.src, d.ip_version == 4, item.pkt.ts_ns, n, n).is_forwarded();
}

}  // namespace vrsh::dataplane
