#include "dataplane/arp.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

#include "dataplane/bytes.hpp"

namespace vrsh::dataplane::arp {

std::optional<Packet> parse(const std::uint8_t* f, std::size_t len) {
  if (len < 14 + 28 || be16(f + 12) != kEtherType) return std::nullopt;
  const std::uint8_t* a = f + 14;
  // Ethernet hardware (1), IPv4 protocol, 6-byte and 4-byte addresses.
  if (be16(a) != 1 || be16(a + 2) != 0x0800 || a[4] != 6 || a[5] != 4) return std::nullopt;
  Packet p;
  p.op = be16(a + 6);
  std::memcpy(p.sha.data(), a + 8, 6);
  p.spa = be32(a + 14);
  std::memcpy(p.tha.data(), a + 18, 6);
  p.tpa = be32(a + 24);
  return p;
}

Frame build(std::uint16_t op, const Mac& eth_dst, const Mac& sha, std::uint32_t spa, const Mac& tha,
            std::uint32_t tpa) {
  Frame f{};
  std::memcpy(f.data(), eth_dst.data(), 6);
  std::memcpy(f.data() + 6, sha.data(), 6);
  put16(f.data() + 12, kEtherType);
  std::uint8_t* a = f.data() + 14;
  put16(a, 1);
  put16(a + 2, 0x0800);
  a[4] = 6;
  a[5] = 4;
  put16(a + 6, op);
  std::memcpy(a + 8, sha.data(), 6);
  put32(a + 14, spa);
  std::memcpy(a + 18, tha.data(), 6);
  put32(a + 24, tpa);
  return f;
}

Frame reply_to(const Packet& req, const Mac& mac) {
  return build(kReply, req.sha, mac, req.tpa, req.sha, req.spa);
}

Frame request_for(std::uint32_t target, const Mac& mac, std::uint32_t sender_ip) {
  return build(kRequest, kBroadcast, mac, sender_ip, Mac{}, target);
}

template <class Key, class Hash>
typename BasicTable<Key, Hash>::Verdict BasicTable<Key, Hash>::egress(const Key& ip, std::uint64_t now,
                                                                      const std::uint8_t* frame,
                                                                      std::size_t len, PortState* from,
                                                                      Mac& mac) {
  auto it = map_.find(ip);
  if (it != map_.end() && it->second.resolved && now < it->second.expires) {
    mac = it->second.mac;
    return Verdict::Send;
  }
  if (it == map_.end()) {
    if (map_.size() >= t_.max_entries) return Verdict::Drop;
    it = map_.emplace(ip, Entry{}).first;
  }
  Entry& e = it->second;
  Verdict v = Verdict::Held;
  if (e.resolved || e.requests == 0) {
    // New, or expired: ask (again) and hold the packet meanwhile.
    e.resolved = false;
    e.requests = 1;
    e.expires = now + t_.retry_ns;
    v = Verdict::Request;
  }
  if (e.held.size() >= t_.max_held) return Verdict::Drop;
  e.held.push_back(Held{std::vector<std::uint8_t>(frame, frame + len), from});
  return v;
}

template <class Key, class Hash>
std::vector<typename BasicTable<Key, Hash>::Held> BasicTable<Key, Hash>::learn(const Key& ip, const Mac& mac,
                                                                               std::uint64_t now,
                                                                               bool create) {
  auto it = map_.find(ip);
  if (it == map_.end()) {
    if (!create || map_.size() >= t_.max_entries) return {};
    it = map_.emplace(ip, Entry{}).first;
  }
  Entry& e = it->second;
  e.mac = mac;
  e.resolved = true;
  e.requests = 0;
  e.expires = now + t_.reachable_ns;
  return std::exchange(e.held, {});
}

template <class Key, class Hash>
typename BasicTable<Key, Hash>::Tick BasicTable<Key, Hash>::tick(std::uint64_t now) {
  Tick out;
  for (auto it = map_.begin(); it != map_.end();) {
    Entry& e = it->second;
    if (now < e.expires) {
      ++it;
      continue;
    }
    if (!e.resolved && e.requests < t_.max_requests) {
      ++e.requests;
      e.expires = now + t_.retry_ns;
      out.requests.push_back(it->first);
      ++it;
      continue;
    }
    // Expired, or no answer after the last request: forget it (the next packet asks afresh).
    for (Held& h : e.held) out.dropped.push_back(std::move(h));
    it = map_.erase(it);
  }
  return out;
}

template <class Key, class Hash>
std::vector<typename BasicTable<Key, Hash>::View> BasicTable<Key, Hash>::entries() const {
  std::vector<View> v;
  for (const auto& [ip, e] : map_) v.push_back(View{ip, e.mac, e.resolved, e.resolved ? e.expires : 0});
  std::sort(v.begin(), v.end(), [](const View& a, const View& b) { return a.ip < b.ip; });
  return v;
}

template class BasicTable<std::uint32_t>;
template class BasicTable<std::array<std::uint8_t, 16>, Addr16Hash>;

}  // namespace vrsh::dataplane::arp
