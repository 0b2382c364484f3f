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
  FlowKey key;
  std::uint64_t hash = 0;
};

class Table {
 public:
  void configure(const Settings& s) { settings_ = s; }
  const Settings& settings() const { return settings_; }
  // vpn_id -> name ("" = public); the table prints "_public_" for "".
  void set_vpn_names(const std::vector<std::string>* names) { vpn_names_ = names; }
  void set_export(ExportFn fn) { export_ = std::move(fn); }

  // One IP packet at an enabled sampling point. `pre`, when given, is prepare()'s result for it.
  void sample(const Decoded& d, const SamplePoint& sp, const Prepared* pre = nullptr);
  // Computes the key of a packet that sample() would look up, and prefetches its index slot.
  // Inline: the replay loop calls it once per packet.
  void prepare(const Decoded& d, model::Direction dir, std::uint16_t vpn_id, Prepared& out) const {
    out.valid = relevant(d);
    if (!out.valid) return;
    make_key(d, dir, vpn_id, out);
    store_.prefetch_slot(out.hash);
  }
  void prefetch_entry(const Prepared& p) const {
    if (p.valid) store_.prefetch_entry(p.hash);
  }
  // Ages entries idle for longer than their aging time at now_ns, exporting each.
  void age(std::uint64_t now_ns);
  void reset();

  std::vector<Record> records(std::optional<Protocol> proto) const;
  Stats stats() const;
  std::size_t size() const { return store_.size(); }

 private:
  static bool relevant(const Decoded& d) {
    if (!d.has_l4) return false;
    const bool gtp_port = d.proto == kProtoUdp && (d.sport == kGtpUPort || d.dport == kGtpUPort);
    return d.proto == kProtoTcp || d.proto == kProtoSctp || gtp_port;
  }
  // The key's five words are built in registers and stored once: hashing a key just assembled
  // field by field in memory stalls on store forwarding, once per packet. Words = FlowKey's bytes.
  static void make_key(const Decoded& d, model::Direction dir, std::uint16_t vpn_id, Prepared& out) {
    static_assert(std::endian::native == std::endian::little, "flow key words are little-endian");
    static_assert(offsetof(FlowKey, sport) == 32 && offsetof(FlowKey, flags) == 39);
    const bool v6 = d.ip_version == 6;
    std::uint64_t w0 = 0, w1 = 0, w2 = 0, w3 = 0;
    if (v6) {
      std::memcpy(&w0, d.src, 8);
      std::memcpy(&w1, d.src + 8, 8);
      std::memcpy(&w2, d.dst, 8);
      std::memcpy(&w3, d.dst + 8, 8);
    } else {
      std::uint32_t s = 0, t = 0;
      std::memcpy(&s, d.src, 4);
      std::memcpy(&t, d.dst, 4);
      w0 = s;
      w2 = t;
    }
    const std::uint64_t flags = (v6 ? kKeyV6 : 0) | (dir == model::Direction::Outbound ? kKeyOutbound : 0);
    const std::uint64_t w4 = std::uint64_t{d.sport} | std::uint64_t{d.dport} << 16 |
                             std::uint64_t{vpn_id} << 32 | std::uint64_t{d.proto} << 48 | flags << 56;
    out.hash = FlowStore::hash_words(w0, w1, w2, w3, w4);
    auto* k = reinterpret_cast<unsigned char*>(&out.key);
    std::memcpy(k, &w0, 8);
    std::memcpy(k + 8, &w1, 8);
    std::memcpy(k + 16, &w2, 8);
    std::memcpy(k + 24, &w3, 8);
    std::memcpy(k + 32, &w4, 8);
  }
  bool filtered_in(const Decoded& d) const { return settings_.filters.empty() || filter_match(d); }
  bool filter_match(const Decoded& d) const;
  Entry* create(const FlowKey& k, const Decoded& d, const SamplePoint& sp, Protocol kind, FlowType t);
  void update_tcp(Entry& e, const Decoded& d);
  bool update_sctp(Entry& e, const Decoded& d);  // true when the packet aged the entry
  void update_gtp(Entry& e, const Decoded& d, std::uint64_t ts);
  void retire(Entry* e, AgeType why);
  Record to_record(const Entry& e) const;
  std::uint32_t intern_next_hop(const IpAddr& a);

  Settings settings_;
  FlowStore store_;
  const std::vector<std::string>* vpn_names_ = nullptr;
  ExportFn export_;
  std::vector<IpAddr> next_hops_;                 // interned, append-only
  std::map<IpAddr, std::uint32_t> next_hop_ids_;  // grows with configured next hops only
  Stats stats_;
  // No entry can expire before this packet time (a lower bound: updates only push expiry later),
  // so most per-second aging scans cost nothing.
  std::uint64_t earliest_expiry_ = UINT64_MAX;
};

}  // namespace vrsh::dataplane::esqm
