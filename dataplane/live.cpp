// Live ports: the dataplane thread, ARP, and egress with real MAC addresses.
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

#include "dataplane/bytes.hpp"
#include "dataplane/clock.hpp"
#include "dataplane/engine_impl.hpp"
#include "dataplane/nd.hpp"

namespace vrsh::dataplane {
namespace {

constexpr int kTickMs = 100;
constexpr std::uint64_t kTickNs = kTickMs * 1000000ULL;

bool owns(const Port& p, std::uint32_t ip) {
  for (const auto& [addr, mask] : p.v4) {
    if (addr == ip) return true;
  }
  return false;
}

bool on_subnet(const Port& p, std::uint32_t ip) {
  for (const auto& [addr, mask] : p.v4) {
    if ((addr & mask) == (ip & mask)) return true;
  }
  return false;
}

void send_request(const Port& out, LivePort& lp, std::uint32_t target) {
  // The sender address is the port's address on the target's subnet (its primary otherwise).
  std::uint32_t sender = out.v4.empty() ? 0 : out.v4.front().first;
  for (const auto& [addr, mask] : out.v4) {
    if ((addr & mask) == (target & mask)) {
      sender = addr;
      break;
    }
  }
  const arp::Frame f = arp::request_for(target, lp.cap->mac(), sender);
  lp.cap->inject(f.data(), f.size());
  ++lp.arp_requests;
}

}  // namespace

Engine::Impl::LiveVerdict Engine::Impl::live_send(const Port& out, PortState* from, std::uint32_t next_hop,
                                                  std::uint8_t* f, std::uint32_t len) {
  LivePort& lp = *out.state->live;
  if (!lp.error.empty() || next_hop == 0) return LiveVerdict::Dropped;
  std::memcpy(f + 6, lp.cap->mac().data(), 6);
  for (const auto& [ip, smac] : out.arp_static) {
    if (ip != next_hop) continue;
    std::memcpy(f, smac.data(), 6);
    lp.cap->inject(f, len);
    return LiveVerdict::Sent;
  }
  arp::Mac mac;
  switch (lp.arp.egress(next_hop, realtime_ns(), f, len, from, mac)) {
    case arp::Table::Verdict::Send:
      std::memcpy(f, mac.data(), 6);
      lp.cap->inject(f, len);
      return LiveVerdict::Sent;
    case arp::Table::Verdict::Request:
      send_request(out, lp, next_hop);
      return LiveVerdict::Held;
    case arp::Table::Verdict::Held:
      return LiveVerdict::Held;
    case arp::Table::Verdict::Drop:
      break;
  }
  return LiveVerdict::Dropped;
}

void send_solicitation(const Port& out, LivePort& lp, const nd::Addr& target) {
  if (out.v6.empty()) return;  // no address to ask from: the held packets time out
  const auto f = nd::solicitation_for(target, lp.cap->mac(), out.v6.front());
  lp.cap->inject(f.data(), f.size());
  ++lp.nd_requests;
}

// Packets that waited for a neighbour now resolved at `mac`, leaving port `st`.
void send_held(PortState* st, std::vector<arp::Ipv6Table::Held> held, const arp::Mac& mac) {
  for (arp::Ipv6Table::Held& h : held) {
    std::memcpy(h.frame.data(), mac.data(), 6);
    if (st->live->cap->inject(h.frame.data(), h.frame.size())) {
      st->counters.tx_packets++;
      st->counters.tx_bytes += h.frame.size();
    }
  }
}

// The same queue, retries and drop reason as ARP (arp::Table), keyed by the IPv6 next hop.
Engine::Impl::LiveVerdict Engine::Impl::live_send6(const Port& out, PortState* from,
                                                   const std::uint8_t* next_hop, std::uint8_t* f,
                                                   std::uint32_t len) {
  LivePort& lp = *out.state->live;
  if (!lp.error.empty()) return LiveVerdict::Dropped;
  std::memcpy(f + 6, lp.cap->mac().data(), 6);
  nd::Addr nh;
  std::memcpy(nh.data(), next_hop, 16);
  arp::Mac mac;
  switch (lp.nd.egress(nh, realtime_ns(), f, len, from, mac)) {
    case arp::Ipv6Table::Verdict::Send:
      std::memcpy(f, mac.data(), 6);
      lp.cap->inject(f, len);
      return LiveVerdict::Sent;
    case arp::Ipv6Table::Verdict::Request:
      send_solicitation(out, lp, nh);
      return LiveVerdict::Held;
    case arp::Ipv6Table::Verdict::Held:
      return LiveVerdict::Held;
    case arp::Ipv6Table::Verdict::Drop:
      break;
  }
  return LiveVerdict::Dropped;
}

bool Engine::Impl::live_nd(const Port* port, PortState* st, const std::uint8_t* b, std::size_t len) {
  LivePort& lp = *st->live;
  if (port == nullptr || !port->up || port->v6.empty()) return false;
  auto ours = [&](const nd::Addr& a) {
    return std::find(port->v6.begin(), port->v6.end(), a) != port->v6.end();
  };
  if (const auto na = nd::parse_advertisement(b, len)) {
    // Only a neighbour being resolved or already known is learnt from an advertisement.
    send_held(st, lp.nd.learn(na->target, na->mac, realtime_ns(), false), na->mac);
    return false;  // also delivered to the FIB (a local address: counted as local)
  }
  const auto ns = nd::parse_solicitation(b, len);
  if (!ns || !ours(ns->target)) return false;
  st->counters.rx_packets++;
  st->counters.rx_bytes += len;
  ++lp.nd_solicitations;
  if (ns->src != nd::Addr{})
    send_held(st, lp.nd.learn(ns->src, ns->eth_src, realtime_ns(), true), ns->eth_src);
  const auto reply = nd::advertisement_for(*ns, lp.cap->mac());
  if (lp.cap->inject(reply.data(), reply.size())) ++lp.nd_advertisements;
  return true;
}

void Engine::Impl::live_arp(const Port* port, PortState* st, const std::uint8_t* bytes, std::size_t len) {
  LivePort& lp = *st->live;
  ++lp.arp_in;
  if (port == nullptr || !port->up) return count_drop(st, DropReason::PortDown);
  const auto p = arp::parse(bytes, len);
  if (!p) return count_drop(st, DropReason::NonIp);  // ARP for another protocol
  const bool for_us = owns(*port, p->tpa);
  // Neighbours are learnt on the port's subnets only; a new entry only from ARP addressed to us.
  if (on_subnet(*port, p->spa)) {
    for (arp::Table::Held& h : lp.arp.learn(p->spa, p->sha, realtime_ns(), for_us)) {
      std::memcpy(h.frame.data(), p->sha.data(), 6);
      if (lp.cap->inject(h.frame.data(), h.frame.size())) {
        st->counters.tx_packets++;
        st->counters.tx_bytes += h.frame.size();
      }
    }
  }
  if (p->op == arp::kRequest && for_us) {
    const arp::Frame f = arp::reply_to(*p, lp.cap->mac());
    lp.cap->inject(f.data(), f.size());
    ++lp.arp_replies;
  }
}

bool Engine::Impl::live_admit(const Port* port, PortState* st, const RawPacket& pkt) {
  LivePort& lp = *st->live;
  const std::uint8_t* b = pkt.bytes;
  // Unicast frames for another MAC reach the capture too (veth, bridges): not for this router.
  if (pkt.caplen >= 14 && (b[0] & 1) == 0 && std::memcmp(b, lp.cap->mac().data(), 6) != 0) {
    ++lp.foreign;
    return false;
  }
  if (pkt.caplen >= 14 && be16(b + 12) == arp::kEtherType) {
    st->counters.rx_packets++;
    st->counters.rx_bytes += pkt.wirelen;
    live_arp(port, st, b, pkt.caplen);
    return false;
  }
  // A solicitation for one of the port's IPv6 addresses is answered here, not routed.
  return !live_nd(port, st, b, pkt.caplen);
}

void Engine::Impl::live_housekeeping(std::uint64_t wall_ns) {
  advance_time(wall_ns);  // ages ESQM entries and ends IP FPM periods while no packet arrives
  if (wall_ns < next_housekeeping_ns) return;
  next_housekeeping_ns = wall_ns + kTickNs;
  fpm_sender.round();
  for (PortState* st : live_ports) {
    LivePort& lp = *st->live;
    if (!lp.error.empty()) continue;
    arp::Table::Tick t = lp.arp.tick(wall_ns);
    const Port* port = snap ? snap->find(lp.ifname) : nullptr;
    if (port != nullptr) {
      for (std::uint32_t ip : t.requests) send_request(*port, lp, ip);
    }
    for (const arp::Table::Held& h : t.dropped) count_drop(h.from, DropReason::ArpUnresolved);
    arp::Ipv6Table::Tick t6 = lp.nd.tick(wall_ns);
    if (port != nullptr) {
      for (const nd::Addr& ip : t6.requests) send_solicitation(*port, lp, ip);
    }
    for (const arp::Ipv6Table::Held& h : t6.dropped) count_drop(h.from, DropReason::ArpUnresolved);
    if (st->sink) st->sink->flush();
  }
  if (export_file != nullptr) std::fflush(export_file);
}

void Engine::Impl::live_round() {
  fpm_active = fpm_dcp.active();
  Tally tally;  // not kept: live drops count at the port
  for (PortState* st : live_ports) {
    LivePort& lp = *st->live;
    if (!lp.error.empty()) continue;
    const Port* port = snap ? snap->find(lp.ifname) : nullptr;
    SourceStatus s = SourceStatus::Packet;
    const std::size_t n =
        lp.cap->next_batch(batch_pkts.data(), kBatch, arena.get(), kBatch * kMaxBatchCaplen, s);
    process_batch(port, st, batch_pkts.data(), n, tally,
                  [&](const RawPacket& pkt) { return live_admit(port, st, pkt); });
    // After the batch: its packets may still leave this port.
    if (s == SourceStatus::Error) lp.error = lp.cap->error();
  }
  live_housekeeping(realtime_ns());
}

void Engine::Impl::live_loop() {
  std::vector<pollfd> fds;
  while (!live_stop.load()) {
    fds.clear();
    fds.push_back(pollfd{wake_fd, POLLIN, 0});
    // Only this thread writes `error`, so it reads it without the lock.
    for (PortState* st : live_ports)
      fds.push_back(pollfd{st->live->error.empty() ? st->live->cap->fd() : -1, POLLIN, 0});
    ::poll(fds.data(), fds.size(), kTickMs);
    if (live_stop.load()) break;
    lock_wanted = true;
    std::lock_guard<std::mutex> lock(mu);
    lock_wanted = false;
    live_round();
  }
}

void Engine::add_live_port(const std::string& ifname, const std::string& dev) {
  Impl& m = *impl_;
  {
    std::lock_guard<std::mutex> lock(m.mu);
    if (m.live_thread.joinable())
      throw std::runtime_error("live ports must be added before the dataplane starts");
    for (PortState* st : m.live_ports) {
      if (st->live->ifname == ifname)
        throw std::runtime_error(fmt::format("{} is already a live port", ifname));
      if (st->live->cap->device() == dev)
        throw std::runtime_error(fmt::format("the device {} is already used by {}", dev, st->live->ifname));
    }
  }
  auto cap = std::make_unique<LiveCapture>(dev);
  std::lock_guard<std::mutex> lock(m.mu);
  PortState* st = m.port_state(ifname);
  st->live = std::make_unique<LivePort>();
  st->live->ifname = ifname;
  st->live->cap = std::move(cap);
  m.live_ports.push_back(st);
}

bool Engine::has_live_ports() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return !impl_->live_ports.empty();
}

void Engine::start_live() {
  Impl& m = *impl_;
  std::lock_guard<std::mutex> lock(m.mu);
  if (m.live_ports.empty() || m.live_thread.joinable()) return;
  m.wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (m.wake_fd < 0)
    throw std::runtime_error(fmt::format("cannot start the dataplane: {}", std::strerror(errno)));
  m.live_stop = false;
  m.live_thread = std::thread([&m] { m.live_loop(); });
}

void Engine::stop_live() {
  Impl& m = *impl_;
  if (m.live_thread.joinable()) {
    m.live_stop = true;
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(m.wake_fd, &one, sizeof one);
    m.live_thread.join();
    ::close(m.wake_fd);
    m.wake_fd = -1;
  }
  std::lock_guard<std::mutex> lock(m.mu);
  for (PortState* st : m.live_ports) {
    LivePort& lp = *st->live;
    if (!lp.cap) continue;
    if (lp.error.empty()) lp.error = "stopped";
    lp.cap.reset();  // closes the capture
    if (st->sink) st->sink->flush();
  }
  if (m.export_file != nullptr) std::fflush(m.export_file);
}

std::optional<Engine::LivePortStatus> Engine::live_port(const std::string& ifname) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  for (PortState* st : impl_->live_ports) {
    const LivePort& lp = *st->live;
    if (lp.ifname != ifname) continue;
    LivePortStatus s;
    s.error = lp.error;
    s.foreign = lp.foreign;
    s.arp_in = lp.arp_in;
    s.arp_replies = lp.arp_replies;
    s.arp_requests = lp.arp_requests;
    s.nd_solicitations = lp.nd_solicitations;
    s.nd_advertisements = lp.nd_advertisements;
    if (lp.cap) {
      s.device = lp.cap->device();
      s.mac = lp.cap->mac();
      const LiveStats k = lp.cap->stats();
      s.kernel_received = k.received;
      s.kernel_dropped = k.dropped;
      s.if_dropped = k.if_dropped;
      s.inject_errors = lp.cap->inject_errors();
    }
    return s;
  }
  return std::nullopt;
}

std::vector<Engine::ArpEntry> Engine::arp_entries() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<ArpEntry> out;
  for (PortState* st : impl_->live_ports) {
    for (const arp::Table::View& v : st->live->arp.entries())
      out.push_back(ArpEntry{st->live->ifname, v.ip, v.mac, v.resolved, v.expires_ns});
  }
  return out;
}

std::vector<Engine::NdEntry> Engine::nd_entries() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<NdEntry> out;
  for (PortState* st : impl_->live_ports) {
    for (const arp::Ipv6Table::View& v : st->live->nd.entries())
      out.push_back(NdEntry{st->live->ifname, v.ip, v.mac, v.resolved, v.expires_ns});
  }
  return out;
}

}  // namespace vrsh::dataplane
