#pragma once
// The ESQM flow table: creation, update, retransmission and aging rules of DESIGN.md
// ("ESQM semantics") over a FlowStore. Time is the packet time handed in.
#include <bit>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/decode.hpp"
#include "dataplane/esqm/flow_store.hpp"
#include "dataplane/esqm/record.hpp"

namespace vrsh::dataplane::esqm {

struct Settings {
  bool tcp_enable = false;
  bool sctp_enable = true;
  bool gtp_enable = true;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> filters;  // (network, mask), host order, IPv4
  std::uint32_t sctp_aging_seconds = model::kEsqmDefaultAgingSeconds;
  std::uint32_t default_aging_seconds = model::kEsqmDefaultAgingSeconds;
  std::uint64_t limit = model::kEsqmDefaultFlowTableLimit;
};

// Where and how a packet was sampled.
struct SamplePoint {
  model::Direction direction = model::Direction::Inbound;
  std::uint16_t vpn_id = 0;
  std::uint32_t port_if_index = 0;   // main physical port of the sampling interface
  std::uint32_t route_if_index = 0;  // inbound: egress ifIndex; outbound: ingress ifIndex
  bool has_route = false;
  bool next_hop_is_dst = false;      // direct route: the destination is the next hop
  const IpAddr* next_hop = nullptr;  // when has_route && !next_hop_is_dst; copied at creation only
  std::uint64_t ts_ns = 0;
};

using ExportFn = std::function<void(const Record&)>;

// A flow key computed ahead of sample() so a batch of packets can prefetch their entries.
struct Prepared {
  bool valid = false;
  bool v6 = false;
  std::uint64_t w[5] = {};  // the key's words: FlowKey4's two (IPv4) or FlowKey's five (IPv6)
  std::uint64_t hash = 0;
};

class Table {
 public:
  void configure(const Settings& s) { settings_ = s; }
  const Settings& settings() const { return settings_; }
  // vpn_id -> name ("" = public); the table prints "_public_" for "".
  void set_vpn_names(const std::vector<std::string>* names) { vpn_names_ = names; }
  void set_export(ExportFn fn) { export_ = std::move(fn); }

  // One IP packet at an enabled sampling point. `pre`, when given, is prepare()'s result for it
  // (valid: the packet is relevant); a prepared packet without filters goes straight to the lookup.
  void sample(const Decoded& d, const SamplePoint& sp, const Prepared* pre = nullptr) {
    if (pre != nullptr && pre->valid && settings_.filters.empty()) {
      ++stats_.sampled_packets;
      sample_prepared(*pre, d, sp);
    } else {
      sample_slow(d, sp, pre);
    }
  }
  // Computes the key of a packet that sample() would look up, and prefetches its index slot.
  // Inline: the replay loop calls it once per packet.
  void prepare(const Decoded& d, model::Direction dir, std::uint16_t vpn_id, Prepared& out) const {
    out.valid = relevant(d);
    if (!out.valid) return;
    make_key(d, dir, vpn_id, out);
    if (out.v6)
      v6_.prefetch_slot(out.hash);
    else
      v4_.prefetch_slot(out.hash);
  }
  void prefetch_entry(const Prepared& p) const {
    if (!p.valid) return;
    if (p.v6)
      v6_.prefetch_entry(p.hash);
    else
      v4_.prefetch_entry(p.hash);
  }
  // Ages entries idle for longer than their aging time at now_ns, exporting each, in order of
  // expiry (last packet + aging time), then creation, then key. Costs what expires (plus the
  // entries updated since they were filed), not the table size.
  void age(std::uint64_t now_ns);
  // `reset esqm flow-table`: drops every entry without exporting it; the counters stay.
  void clear_entries();
  // `reset esqm statistics`: zeroes the counters; the entries (and their count) stay.
  void reset_counters();

  std::vector<Record> records(std::optional<Protocol> proto) const;
  Stats stats() const;
  std::size_t size() const { return v4_.size() + v6_.size(); }

 private:
  static bool relevant(const Decoded& d) {
    if (!d.has_l4) return false;
    const bool gtp_port = d.proto == kProtoUdp && (d.sport == kGtpUPort || d.dport == kGtpUPort);
    return d.proto == kProtoTcp || d.proto == kProtoSctp || gtp_port;
  }
  // The key's words are built in registers and stored once: hashing a key just assembled field
  // by field in memory stalls on store forwarding, once per packet. Words = the key's bytes.
  static void make_key(const Decoded& d, model::Direction dir, std::uint16_t vpn_id, Prepared& out) {
    static_assert(std::endian::native == std::endian::little, "flow key words are little-endian");
    static_assert(offsetof(FlowKey, sport) == 32 && offsetof(FlowKey, flags) == 39);
    static_assert(offsetof(FlowKey4, sport) == 8 && offsetof(FlowKey4, flags) == 15);
    const bool v6 = d.ip_version == 6;
    const std::uint64_t flags = (v6 ? kKeyV6 : 0) | (dir == model::Direction::Outbound ? kKeyOutbound : 0);
    const std::uint64_t tail = std::uint64_t{d.sport} | std::uint64_t{d.dport} << 16 |
                               std::uint64_t{vpn_id} << 32 | std::uint64_t{d.proto} << 48 | flags << 56;
    out.v6 = v6;
    if (v6) {
      std::uint64_t w0 = 0, w1 = 0, w2 = 0, w3 = 0;
      std::memcpy(&w0, d.src, 8);
      std::memcpy(&w1, d.src + 8, 8);
      std::memcpy(&w2, d.dst, 8);
      std::memcpy(&w3, d.dst + 8, 8);
      out.hash = keyhash::v6(w0, w1, w2, w3, tail);
      out.w[0] = w0;
      out.w[1] = w1;
      out.w[2] = w2;
      out.w[3] = w3;
      out.w[4] = tail;
    } else {
      std::uint32_t s = 0, t = 0;
      std::memcpy(&s, d.src, 4);
      std::memcpy(&t, d.dst, 4);
      const std::uint64_t addrs = std::uint64_t{s} | std::uint64_t{t} << 32;
      out.hash = keyhash::v4(addrs, tail);
      out.w[0] = addrs;
      out.w[1] = tail;
    }
  }
  bool filtered_in(const Decoded& d) const { return settings_.filters.empty() || filter_match(d); }
  bool filter_match(const Decoded& d) const;
  void sample_slow(const Decoded& d, const SamplePoint& sp, const Prepared* pre);
  void sample_prepared(const Prepared& pre, const Decoded& d, const SamplePoint& sp);
  template <typename Key>
  void sample_in(FlowStore<Key>& st, const Key& k, std::uint64_t h, const Decoded& d, const SamplePoint& sp);
  // The packet matched no live entry: it may start one (kept out of line, off the common path).
  template <typename Key>
  [[gnu::noinline]] void start_flow(FlowStore<Key>& st, const Key& k, std::uint64_t h, const Decoded& d,
                                    const SamplePoint& sp);
  // A new entry's number, or kNone when the table is full (counted).
  template <typename Key>
  std::uint32_t create(FlowStore<Key>& st, const Key& k, std::uint64_t h, const Decoded& d,
                       const SamplePoint& sp, Protocol kind, FlowType t);
  static void update_tcp(FlowState& s, const Decoded& d);
  // The SCTP chunk that ends the association, if the packet carries one.
  static std::optional<AgeType> update_sctp(FlowState& s, const Decoded& d);
  static void update_gtp(FlowState& s, const Decoded& d, std::uint64_t ts);
  template <typename Key>
  void retire(FlowStore<Key>& st, std::uint32_t i, AgeType why);
  // Counts entry i as aged and exports it; the caller erases it.
  template <typename Key>
  void report(FlowStore<Key>& st, std::uint32_t i, AgeType why);
  // Files entry i in the expiry wheel under its expiry second (or the wheel's, if that is later).
  template <typename Key>
  void file(FlowStore<Key>& st, std::uint32_t i);
  struct Due {
    std::uint64_t expiry_ns;
    std::uint64_t created_ns;
    std::uint32_t index;
    bool v6;
  };
  // Takes the entries of a wheel bucket: expired ones go to `due`, the others are filed again.
  template <typename Key>
  void take_due(FlowStore<Key>& st, std::uint32_t bucket, std::uint64_t now_ns, bool v6,
                std::vector<Due>& due);
  Record to_record(const FlowKey& k, const FlowState& s, const FlowCold& c) const;
  std::uint32_t intern_next_hop(const IpAddr& a);

  Settings settings_;
  FlowStore4 v4_;
  FlowStore6 v6_;
  const std::vector<std::string>* vpn_names_ = nullptr;
  ExportFn export_;
  std::vector<IpAddr> next_hops_;                 // interned, append-only
  std::map<IpAddr, std::uint32_t> next_hop_ids_;  // grows with configured next hops only
  std::uint32_t last_next_hop_ = 0;               // the pool index interned last
  Stats stats_;
  // The expiry wheel's second: every entry is filed under a second from this one on, and no later
  // than its expiry second or this one, whichever is later (updates only push expiry later, so an
  // entry is found at or before its expiry and filed again if it was updated). A bucket holds the
  // seconds equal modulo FlowStore::kWheelBuckets.
  std::uint64_t wheel_second_ = 0;
};

}  // namespace vrsh::dataplane::esqm
