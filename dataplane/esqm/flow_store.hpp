#pragma once
// Open-addressing hash index (4-byte slots, linear probing, backward-shift deletion) over dense
// arrays of flows. Memory per IPv4 flow: 64 B (key + state) + 32 B (creation facts and expiry
// wheel links) + 5-11 B of index; IPv6: 88 + 32 + index. No per-entry allocation, no std::unordered_map
// nodes. A slot holds a 7-bit hash tag and a 25-bit entry number, so probing skips most foreign entries
// without touching them. The arrays live in reserved address ranges committed 4096 entries at a
// time, so an entry never moves (except into a hole left by erase) and needs no chunk table.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "dataplane/esqm/entry.hpp"
#include "dataplane/esqm/region.hpp"

namespace vrsh::dataplane::esqm {

// Keys are hashed a word at a time with multiply-xorshift rounds: deterministic across runs.
// An IPv4 key's addresses fit one word, so it takes two rounds; an IPv6 key five.
namespace keyhash {
inline std::uint64_t round(std::uint64_t h, std::uint64_t x) {
  h ^= x;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 31);
}
inline std::uint64_t finish(std::uint64_t h) {
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 29);
}
inline constexpr std::uint64_t kSeed = 0x9e3779b97f4a7c15ULL;
// `addrs`: FlowKey4's first word (source, then destination); `tail`: the ports/VPN/protocol word.
inline std::uint64_t v4(std::uint64_t addrs, std::uint64_t tail) {
  return finish(round(round(kSeed, addrs), tail));
}
inline std::uint64_t v6(std::uint64_t w0, std::uint64_t w1, std::uint64_t w2, std::uint64_t w3,
                        std::uint64_t tail) {
  return finish(round(round(round(round(round(kSeed, w0), w1), w2), w3), tail));
}
}  // namespace keyhash

inline std::uint64_t hash_key(const FlowKey4& k) {
  std::uint64_t w[2];
  std::memcpy(w, &k, sizeof w);
  return keyhash::v4(w[0], w[1]);
}
inline std::uint64_t hash_key(const FlowKey& k) {
  std::uint64_t w[5];
  std::memcpy(w, &k, sizeof w);
  return keyhash::v6(w[0], w[1], w[2], w[3], w[4]);
}

template <typename Key>
class FlowStore {
 public:
  using Entry = Flow<Key>;
  // The largest flow-table-limit a configuration accepts is 16,000,000.
  static constexpr std::size_t kMaxEntries = (std::size_t{1} << 24) - 1;
  static constexpr std::uint32_t kNone = UINT32_MAX;

  FlowStore();
  FlowStore(const FlowStore&) = delete;
  FlowStore& operator=(const FlowStore&) = delete;

  // Entry number of key k (hash h = hash_key(k)), or kNone. Inline: once per sampled packet.
  std::uint32_t find(const Key& k, std::uint64_t h) const {
    std::size_t s = h & mask_;
    const std::uint32_t t = tag(h);
    for (;;) {
      const std::uint32_t v = slots_[s];
      if (v == 0) return kNone;
      if ((v & kTagMask) == t) {
        const std::uint32_t i = (v & kIndexMask) - 1;
        if (entries_[i].key == k) return i;
      }
      s = (s + 1) & mask_;
    }
  }
  std::uint32_t find(const Key& k) const { return find(k, hash_key(k)); }
  // Batch helpers: pull the index slot, then the entry it names, into the cache ahead of find().
  void prefetch_slot(std::uint64_t h) const { __builtin_prefetch(slots_ + (h & mask_)); }
  void prefetch_entry(std::uint64_t h) const {
    const std::uint32_t v = slots_[h & mask_];
    if (v != 0 && (v & kTagMask) == tag(h)) {
      const auto* e = reinterpret_cast<const char*>(entries_ + ((v & kIndexMask) - 1));
      __builtin_prefetch(e);
      if constexpr (sizeof(Entry) > 64) __builtin_prefetch(e + sizeof(Entry) - 1);
    }
  }
  // A new zeroed entry with key k (which must be absent; h = hash_key(k)); kNone when the store
  // holds kMaxEntries already. The caller enforces the configured limit.
  std::uint32_t insert(const Key& k, std::uint64_t h);
  // Removes entry i; the last entry moves into its place (entry numbers are not stable).
  void erase(std::uint32_t i);
  void clear();
  std::size_t size() const { return count_; }
  Entry& at(std::size_t i) { return entries_[i]; }
  const Entry& at(std::size_t i) const { return entries_[i]; }
  FlowCold& cold(std::size_t i) { return cold_[i]; }
  const FlowCold& cold(std::size_t i) const { return cold_[i]; }
  std::size_t memory_bytes() const;

  // Expiry wheel: kWheelBuckets doubly-linked lists of entry numbers, linked through FlowCold, so
  // that the table ages by visiting the entries filed under a second instead of scanning them
  // all. The store only keeps the links right when erase() moves an entry; what a bucket means
  // (which second) is the table's business.
  static constexpr std::uint32_t kWheelBuckets = 4096;
  static constexpr std::uint32_t kHeadOf = 1u << 31;
  // Files entry i (not filed) at the head of a bucket.
  void wheel_file(std::uint32_t i, std::uint32_t bucket) {
    const std::uint32_t first = wheel_[bucket];
    FlowCold& c = cold_[i];
    c.wheel_prev = kHeadOf | bucket;
    c.wheel_next = first;
    if (first != kNone) cold_[first].wheel_prev = i;
    wheel_[bucket] = i;
  }
  // Empties a bucket and returns its first entry (kNone if none); the caller walks wheel_next
  // and must file each entry again or wheel_drop() it before anything else touches the wheel.
  std::uint32_t wheel_take(std::uint32_t bucket) {
    const std::uint32_t first = wheel_[bucket];
    wheel_[bucket] = kNone;
    return first;
  }
  void wheel_drop(std::uint32_t i) { cold_[i].wheel_prev = kNone; }
  std::size_t wheel_bytes() const { return kWheelBuckets * sizeof(std::uint32_t); }

 private:
  // Entries are committed 4096 at a time; past kHugeFrom entries, a store whose entries tile 2 MB
  // commits 2 MB of them at a time on 2 MB pages (no TLB miss per lookup, one page fault per 2 MB),
  // which costs at most 2 MB / kHugeFrom = 16 bytes per entry of unused memory.
  static constexpr std::size_t kGrainEntries = 4096;
  static constexpr bool kHugeEntries = kHugePage % sizeof(Entry) == 0;
  static constexpr std::size_t kHugeGrainEntries = kHugeEntries ? kHugePage / sizeof(Entry) : kGrainEntries;
  static constexpr std::size_t kHugeFrom = 131072;
  static_assert(kHugeFrom % kHugeGrainEntries == 0 &&
                (!kHugeEntries || (kHugeFrom * sizeof(Entry)) % kHugePage == 0));
  // Entries in the committed piece that starts at entry `from`, or ends at entry `end`.
  static std::size_t grain_at(std::size_t from) {
    return from < kHugeFrom ? kGrainEntries : kHugeGrainEntries;
  }
  static std::size_t grain_before(std::size_t end) { return grain_at(end - 1); }

  // Slot and hash-bit layout: 7-bit tag | 25 bits (entry number + 1 in a slot, low hash bits in
  // FlowCold::hash_bits; an index has at most 2^25 slots).
  static constexpr std::uint32_t kIndexMask = (1u << 25) - 1;
  static constexpr std::uint32_t kTagMask = ~kIndexMask;
  static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 57) << 25; }
  std::size_t slot_of_entry(std::size_t entry_index) const;
  void grow();
  void set_slots(std::size_t n);
  void wheel_unlink(std::size_t i);
  void wheel_relink(std::size_t i);

  Region slot_mem_;
  std::uint32_t* slots_ = nullptr;  // 0 = empty, else tag | (entry index + 1)
  std::size_t mask_ = 0;            // slot count - 1
  Region entry_mem_;                // kMaxEntries entries reserved
  Entry* entries_ = nullptr;
  Region cold_mem_;  // kMaxEntries creation facts reserved, same numbering
  FlowCold* cold_ = nullptr;
  std::size_t committed_ = 0;  // entries with committed memory
  std::size_t count_ = 0;
  std::vector<std::uint32_t> wheel_ = std::vector<std::uint32_t>(kWheelBuckets, kNone);  // first entries
};

extern template class FlowStore<FlowKey4>;
extern template class FlowStore<FlowKey>;
using FlowStore4 = FlowStore<FlowKey4>;
using FlowStore6 = FlowStore<FlowKey>;

}  // namespace vrsh::dataplane::esqm
