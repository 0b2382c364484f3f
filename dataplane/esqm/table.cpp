#include "dataplane/esqm/table.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "dataplane/bytes.hpp"
#include "dataplane/clock.hpp"

namespace vrsh::dataplane::esqm {
namespace {

bool expired(const FlowState& e, std::uint64_t now) {
  return now > e.last_ns && now - e.last_ns > ns_from(e.aging_seconds);
}

// The entry is expired at any time after this one.
std::uint64_t expiry_ns(const FlowState& e) {
  return e.last_ns + ns_from(e.aging_seconds);
}

constexpr std::uint64_t kWheelBuckets = FlowStore4::kWheelBuckets;
static_assert(FlowStore4::kWheelBuckets == FlowStore6::kWheelBuckets);

// Serial-number comparison (RFC 1982) so sequence wrap-around is not a retransmission.
bool seq_at_or_below(std::uint32_t a, std::uint32_t b) {
  return static_cast<std::int32_t>(a - b) <= 0;
}

// Marks TSN as seen in the entry's window; true when it had been seen already. TSNs older than
// the 64-TSN window count as seen: they can only be retransmissions of long-acknowledged data.
bool tsn_seen(FlowState& e, std::uint32_t tsn) {
  if (!e.tsn_valid()) {
    e.set_tsn_valid();
    e.sctp_highest_tsn() = tsn;
    e.sctp_tsn_seen() = 1;
    return false;
  }
  const auto diff = static_cast<std::int32_t>(tsn - e.sctp_highest_tsn());
  if (diff > 0) {
    e.sctp_tsn_seen() = diff >= 64 ? 1 : (e.sctp_tsn_seen() << diff) | 1;
    e.sctp_highest_tsn() = tsn;
    return false;
  }
  const std::uint32_t back = static_cast<std::uint32_t>(-static_cast<std::int64_t>(diff));
  if (back >= 64) return true;
  const std::uint64_t bit = std::uint64_t{1} << back;
  if ((e.sctp_tsn_seen() & bit) != 0) return true;
  e.sctp_tsn_seen() |= bit;
  return false;
}

}  // namespace

bool Table::filter_match(const Decoded& d) const {
  if (d.ip_version != 4) return false;  // filters are IPv4 prefixes
  const std::uint32_t s = be32(d.src);
  const std::uint32_t t = be32(d.dst);
  for (const auto& [net, mask] : settings_.filters) {
    if ((s & mask) == net || (t & mask) == net) return true;
  }
  return false;
}

void Table::sample_slow(const Decoded& d, const SamplePoint& sp, const Prepared* pre) {
  ++stats_.sampled_packets;
  // A valid Prepared says the packet is relevant already.
  const bool prepared = pre != nullptr && pre->valid;
  if (!prepared && !relevant(d)) return;
  if (!filtered_in(d)) {
    ++stats_.filtered_out;
    return;
  }
  if (!prepared) {
    Prepared local;
    make_key(d, sp.direction, sp.vpn_id, local);
    sample_prepared(local, d, sp);
  } else {
    sample_prepared(*pre, d, sp);
  }
}

template <typename Key>
[[gnu::always_inline]] inline void Table::sample_in(FlowStore<Key>& st, const Key& k, std::uint64_t h,
                                                    const Decoded& d, const SamplePoint& sp) {
  const std::uint32_t i = st.size() != 0 ? st.find(k, h) : FlowStore<Key>::kNone;
  if (i != FlowStore<Key>::kNone) {
    FlowState& e = st.at(i).s;
    if (!expired(e, sp.ts_ns)) {
      ++stats_.updated_packets;
      if (sp.ts_ns > e.last_ns) e.last_ns = sp.ts_ns;
      switch (e.kind()) {
        case Protocol::Tcp:
          update_tcp(e, d);
          break;
        case Protocol::Sctp:
          if (const auto end = update_sctp(e, d)) retire(st, i, *end);
          break;
        case Protocol::Gtp:
          update_gtp(e, d, sp.ts_ns);
          break;
      }
      return;
    }
    // Aging is exact even between scans: an entry idle for too long is gone before this packet.
    retire(st, i, AgeType::AgingTime);
  }
  start_flow(st, k, h, d, sp);
}

template <typename Key>
void Table::start_flow(FlowStore<Key>& st, const Key& k, std::uint64_t h, const Decoded& d,
                       const SamplePoint& sp) {
  if (d.proto == kProtoTcp) {
    if (settings_.tcp_enable && (d.tcp_flags & tcpflag::kSyn) != 0) {
      const bool ack = (d.tcp_flags & tcpflag::kAck) != 0;
      const std::uint32_t n =
          create(st, k, h, d, sp, Protocol::Tcp, ack ? FlowType::TcpSynAck : FlowType::TcpSyn);
      if (n != FlowStore<Key>::kNone) {
        FlowState& e = st.at(n).s;
        e.tcp_isn() = d.tcp_seq;
        e.tcp_seq_end() = d.tcp_seq + 1 + d.tcp_payload + ((d.tcp_flags & tcpflag::kFin) != 0 ? 1 : 0);
      }
      return;
    }
  } else if (d.proto == kProtoSctp) {
    const std::uint16_t c = d.sctp_chunks;
    if (settings_.sctp_enable && (c & (sctpchunk::kInit | sctpchunk::kInitAck | sctpchunk::kSack)) != 0) {
      const FlowType t = (c & sctpchunk::kInit) != 0      ? FlowType::SctpInit
                         : (c & sctpchunk::kInitAck) != 0 ? FlowType::SctpInitAck
                                                          : FlowType::SctpSack;
      const std::uint32_t n = create(st, k, h, d, sp, Protocol::Sctp, t);
      if (n != FlowStore<Key>::kNone) {
        FlowState& e = st.at(n).s;
        e.packets = 0;  // update_sctp counts the creating packet and records its TSNs
        if (const auto end = update_sctp(e, d)) {
          retire(st, n, *end);
        } else if (t != FlowType::SctpSack) {
          e.sctp_init_tag() = d.sctp_init_tag;
        }
      }
      return;
    }
  } else if (settings_.gtp_enable && d.gtp &&
             (d.gtp_type == gtptype::kEchoRequest || d.gtp_type == gtptype::kEchoResponse)) {
    const std::uint32_t n = create(st, k, h, d, sp, Protocol::Gtp, FlowType::Gtp);
    if (n != FlowStore<Key>::kNone) {
      FlowState& e = st.at(n).s;
      e.gtp_heartbeat_ns() = sp.ts_ns;
      e.gtp_bytes() = d.l3_len;
      e.gtp_ip_ids() = d.ip_version == 4 ? d.ip_id : 0;
      e.gtp_echo_type() = d.gtp_type == gtptype::kEchoRequest ? 0 : 1;
    }
    return;
  }
  ++stats_.unmatched_packets;
}

void Table::sample_prepared(const Prepared& pre, const Decoded& d, const SamplePoint& sp) {
  if (pre.v6) {
    FlowKey k;
    std::memcpy(&k, pre.w, sizeof k);
    sample_in(v6_, k, pre.hash, d, sp);
  } else {
    FlowKey4 k;
    std::memcpy(&k, pre.w, sizeof k);
    sample_in(v4_, k, pre.hash, d, sp);
  }
}

template <typename Key>
std::uint32_t Table::create(FlowStore<Key>& st, const Key& k, std::uint64_t h, const Decoded& d,
                            const SamplePoint& sp, Protocol kind, FlowType t) {
  const std::uint32_t i = size() < settings_.limit ? st.insert(k, h) : FlowStore<Key>::kNone;
  if (i == FlowStore<Key>::kNone) {
    ++stats_.insert_failures;
    return i;
  }
  ++stats_.created[static_cast<std::size_t>(kind)];
  ++stats_.entries[static_cast<std::size_t>(kind)];
  FlowState& e = st.at(i).s;
  e.last_ns = sp.ts_ns;
  e.packets = 1;
  e.set_meta(d.mpls_depth > 0 ? d.mpls_top : 0, t, kind);
  e.aging_seconds = kind == Protocol::Sctp ? settings_.sctp_aging_seconds : settings_.default_aging_seconds;
  // An empty table's wheel can start anywhere: start it at this packet's second.
  if (size() == 1) wheel_second_ = whole_seconds(sp.ts_ns);
  file(st, i);
  FlowCold& c = st.cold(i);
  c.created_ns = sp.ts_ns;
  c.port_if_index = sp.port_if_index;
  c.route_if_index = sp.route_if_index;
  c.next_hop = !sp.has_route        ? kNextHopNone
               : sp.next_hop_is_dst ? kNextHopIsDst
                                    : intern_next_hop(*sp.next_hop);
  return i;
}

void Table::update_tcp(FlowState& e, const Decoded& d) {
  ++e.packets;
  const std::uint32_t len = d.tcp_payload + ((d.tcp_flags & tcpflag::kSyn) != 0 ? 1 : 0) +
                            ((d.tcp_flags & tcpflag::kFin) != 0 ? 1 : 0);
  if (len == 0) return;  // pure ACKs are never retransmissions
  const std::uint32_t end = d.tcp_seq + len;
  const bool syn_again = (d.tcp_flags & tcpflag::kSyn) != 0 && d.tcp_seq == e.tcp_isn();
  if (syn_again || seq_at_or_below(end, e.tcp_seq_end())) {
    ++e.retrans();
  } else {
    e.tcp_seq_end() = end;
  }
}

std::optional<AgeType> Table::update_sctp(FlowState& e, const Decoded& d) {
  ++e.packets;
  const std::uint16_t c = d.sctp_chunks;
  // An INIT / INIT ACK repeating the initiate tag that created the entry is a retransmission,
  // as a TCP SYN repeating its initial sequence number is.
  bool retrans = (c & (sctpchunk::kInit | sctpchunk::kInitAck)) != 0 && e.sctp_init_tag() != 0 &&
                 d.sctp_init_tag == e.sctp_init_tag();
  for (std::uint8_t i = 0; i < d.sctp_tsn_count; ++i) {
    if (tsn_seen(e, d.sctp_tsns[i])) retrans = true;  // one count per packet: the ratio stays <= 1
  }
  if (retrans) ++e.retrans();
  if ((c & sctpchunk::kAbort) != 0) return AgeType::SctpAbort;
  if ((c & sctpchunk::kShutdownAck) != 0) return AgeType::SctpShutdownAck;
  if ((c & sctpchunk::kShutdown) != 0) return AgeType::SctpShutdown;
  return std::nullopt;
}

void Table::update_gtp(FlowState& e, const Decoded& d, std::uint64_t ts) {
  ++e.packets;
  e.gtp_bytes() += d.l3_len;
  const std::uint32_t curr = e.gtp_ip_ids() & 0xffffu;
  e.gtp_ip_ids() = (curr << 16) | (d.ip_version == 4 ? d.ip_id : 0);
  if (d.gtp && (d.gtp_type == gtptype::kEchoRequest || d.gtp_type == gtptype::kEchoResponse)) {
    e.gtp_heartbeat_ns() = ts;
    e.gtp_echo_type() = d.gtp_type == gtptype::kEchoRequest ? 0 : 1;
  }
}

template <typename Key>
void Table::report(FlowStore<Key>& st, std::uint32_t i, AgeType why) {
  const Flow<Key>& f = st.at(i);
  ++stats_.aged[static_cast<std::size_t>(why)];
  --stats_.entries[static_cast<std::size_t>(f.s.kind())];
  if (export_) {
    Record r = to_record(widen(f.key), f.s, st.cold(i));
    r.age_type = why;
    export_(r);
  }
}

template <typename Key>
void Table::retire(FlowStore<Key>& st, std::uint32_t i, AgeType why) {
  report(st, i, why);
  st.erase(i);
}

template <typename Key>
void Table::file(FlowStore<Key>& st, std::uint32_t i) {
  const std::uint64_t second = std::max(whole_seconds(expiry_ns(st.at(i).s)), wheel_second_);
  st.wheel_file(i, static_cast<std::uint32_t>(second % kWheelBuckets));
}

template <typename Key>
void Table::take_due(FlowStore<Key>& st, std::uint32_t bucket, std::uint64_t now_ns, bool v6,
                     std::vector<Due>& due) {
  std::uint32_t i = st.wheel_take(bucket);
  while (i != FlowStore<Key>::kNone) {
    const std::uint32_t next = st.cold(i).wheel_next;
    const FlowState& e = st.at(i).s;
    if (expired(e, now_ns)) {
      st.wheel_drop(i);
      due.push_back({expiry_ns(e), st.cold(i).created_ns, i, v6});
    } else {
      file(st, i);  // updated since it was filed (or filed a wheel turn early): its real expiry
    }
    i = next;
  }
}

void Table::age(std::uint64_t now_ns) {
  if (size() == 0) return;
  // Every expired entry is filed under a second in [wheel_second_, max(now, wheel_second_)];
  // a jump of a whole wheel turn or more visits each bucket once.
  const std::uint64_t to = std::max(whole_seconds(now_ns), wheel_second_);
  const std::uint64_t from = to - wheel_second_ >= kWheelBuckets ? to - kWheelBuckets + 1 : wheel_second_;
  wheel_second_ = to;
  std::vector<Due> due;
  for (std::uint64_t s = from; s <= to; ++s) {
    const auto bucket = static_cast<std::uint32_t>(s % kWheelBuckets);
    take_due(v4_, bucket, now_ns, false, due);
    take_due(v6_, bucket, now_ns, true, due);
  }
  if (due.empty()) return;
  const auto key_of = [this](const Due& d) {
    return d.v6 ? v6_.at(d.index).key : widen(v4_.at(d.index).key);
  };
  std::sort(due.begin(), due.end(), [&](const Due& a, const Due& b) {
    if (a.expiry_ns != b.expiry_ns) return a.expiry_ns < b.expiry_ns;
    if (a.created_ns != b.created_ns) return a.created_ns < b.created_ns;
    const FlowKey ka = key_of(a);
    const FlowKey kb = key_of(b);
    return std::memcmp(&ka, &kb, sizeof(FlowKey)) < 0;
  });
  for (const Due& d : due) {
    if (d.v6) {
      report(v6_, d.index, AgeType::AgingTime);
    } else {
      report(v4_, d.index, AgeType::AgingTime);
    }
  }
  // Erasing moves the last entry into the hole: from the highest number down, none of the entries
  // still to erase moves.
  std::sort(due.begin(), due.end(),
            [](const Due& a, const Due& b) { return a.v6 != b.v6 ? a.v6 < b.v6 : a.index > b.index; });
  for (const Due& d : due) {
    if (d.v6) {
      v6_.erase(d.index);
    } else {
      v4_.erase(d.index);
    }
  }
}

void Table::clear_entries() {
  v4_.clear();
  v6_.clear();
  stats_.entries = {};
  wheel_second_ = 0;
}

void Table::reset_counters() {
  const auto entries = stats_.entries;
  stats_ = Stats{};
  stats_.entries = entries;
}

std::uint32_t Table::intern_next_hop(const IpAddr& a) {
  // Flows created one after another mostly share a next hop: skip the map for a repeat.
  if (!next_hops_.empty() && next_hops_[last_next_hop_] == a) return kNextHopPoolBase + last_next_hop_;
  auto [it, added] = next_hop_ids_.try_emplace(a, static_cast<std::uint32_t>(next_hops_.size()));
  if (added) next_hops_.push_back(a);
  last_next_hop_ = it->second;
  return kNextHopPoolBase + it->second;
}

Record Table::to_record(const FlowKey& k, const FlowState& e, const FlowCold& c) const {
  Record r;
  const bool v6 = (k.flags & kKeyV6) != 0;
  r.proto = e.kind();
  r.src = IpAddr::from_bytes(k.src, v6);
  r.dst = IpAddr::from_bytes(k.dst, v6);
  r.src_port = k.sport;
  r.dst_port = k.dport;
  r.protocol = k.proto;
  r.flow_type = e.flow_type();
  r.direction = (k.flags & kKeyOutbound) != 0 ? model::Direction::Outbound : model::Direction::Inbound;
  r.port_if_index = c.port_if_index;
  r.route_if_index = c.route_if_index;
  if (c.next_hop == kNextHopIsDst) {
    r.next_hop = r.dst;
  } else if (c.next_hop >= kNextHopPoolBase) {
    r.next_hop = next_hops_[c.next_hop - kNextHopPoolBase];
  }
  r.next_hop.v6 = v6;
  r.label = e.label();
  const std::string* vpn =
      vpn_names_ != nullptr && k.vpn < vpn_names_->size() ? &(*vpn_names_)[k.vpn] : nullptr;
  r.vpn_name = vpn == nullptr || vpn->empty() ? model::kPublicVpn : *vpn;
  r.created_ns = c.created_ns;
  r.last_seen_ns = e.last_ns;
  r.aging_seconds = e.aging_seconds;
  r.packet_num = e.packets;
  if (r.proto == Protocol::Gtp) {
    r.heartbeat_ns = e.gtp_heartbeat_ns();
    r.packet_bytes = e.gtp_bytes();
    r.last_ip_id = static_cast<std::uint16_t>(e.gtp_ip_ids() >> 16);
    r.curr_ip_id = static_cast<std::uint16_t>(e.gtp_ip_ids() & 0xffffu);
    r.packet_type = e.gtp_echo_type() == 0 ? PacketType::Heartbeat : PacketType::HeartbeatResponse;
  } else {
    r.retrans_num = e.retrans();
  }
  return r;
}

std::vector<Record> Table::records(std::optional<Protocol> proto) const {
  struct Pick {
    FlowKey key;
    const FlowState* s;
    const FlowCold* c;
  };
  std::vector<Pick> picked;
  const auto pick = [&](const auto& st) {
    for (std::size_t i = 0; i < st.size(); ++i) {
      const auto& f = st.at(i);
      if (!proto || f.s.kind() == *proto) picked.push_back({widen(f.key), &f.s, &st.cold(i)});
    }
  };
  pick(v4_);
  pick(v6_);
  std::sort(picked.begin(), picked.end(), [](const Pick& a, const Pick& b) {
    if (a.c->created_ns != b.c->created_ns) return a.c->created_ns < b.c->created_ns;
    return std::memcmp(&a.key, &b.key, sizeof(FlowKey)) < 0;
  });
  std::vector<Record> out;
  out.reserve(picked.size());
  for (const Pick& p : picked) out.push_back(to_record(p.key, *p.s, *p.c));
  return out;
}

Stats Table::stats() const {
  Stats s = stats_;
  s.limit = settings_.limit;
  s.memory_bytes = v4_.memory_bytes() + v6_.memory_bytes() + v4_.wheel_bytes() + v6_.wheel_bytes();
  return s;
}

}  // namespace vrsh::dataplane::esqm
