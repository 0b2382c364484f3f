#pragma once
// Open-addressing hash index (4-byte slots, linear probing, backward-shift deletion) over a
// dense array of entries. Memory: 112 B per entry plus 5-11 B of index per entry; no per-entry
// allocation, no std::unordered_map nodes. A slot holds a 7-bit hash tag and a 25-bit entry
// number, so probing skips most foreign entries without touching them; hence at most
// kMaxEntries entries. The entries live in one reserved address range committed 4096 entries
// at a time, so an entry never moves and is found without a chunk table.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "dataplane/esqm/entry.hpp"
#include "dataplane/esqm/region.hpp"

namespace vrsh::dataplane::esqm {

class FlowStore {
 public:
  static constexpr std::size_t kMaxEntries = (std::size_t{1} << 25) - 1;
  FlowStore();
  FlowStore(const FlowStore&) = delete;
  FlowStore& operator=(const FlowStore&) = delete;
  // The key's five 8-byte words folded with a multiply-xorshift mix: deterministic across runs.
  // An IPv4 key (no kKeyV6 in w4's top byte) has 32-bit addresses in w0 and w2 and zero w1 and
  // w3, so two words carry all of it: two rounds instead of five on the common path.
  static std::uint64_t hash_words(std::uint64_t w0, std::uint64_t w1, std::uint64_t w2, std::uint64_t w3,
                                  std::uint64_t w4) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL;
    const auto round = [&h](std::uint64_t x) {
      h ^= x;
      h *= 0xbf58476d1ce4e5b9ULL;
      h ^= h >> 31;
    };
    if (((w4 >> 56) & kKeyV6) == 0) {
      round(w0 | w2 << 32);
    } else {
      round(w0);
      round(w1);
      round(w2);
      round(w3);
    }
    round(w4);
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 29);
  }
  static std::uint64_t hash(const FlowKey& k) {
    std::uint64_t w[5];
    std::memcpy(w, &k, sizeof w);
    return hash_words(w[0], w[1], w[2], w[3], w[4]);
  }
  Entry* find(const FlowKey& k) { return find(k, hash(k)); }
  Entry* find(const FlowKey& k, std::uint64_t h);
  // Batch helpers: pull the index slot, then the entry it names, into the cache ahead of find().
  void prefetch_slot(std::uint64_t h) const { __builtin_prefetch(slots_ + (h & mask_)); }
  void prefetch_entry(std::uint64_t h) const {
    const std::uint32_t v = slots_[h & mask_];
    if (v != 0 && (v & kTagMask) == tag(h)) {
      // An entry spans two cache lines (112 bytes, 16-byte aligned): the key and counters may
      // sit in either.
      const auto* e = reinterpret_cast<const char*>(&at((v & kIndexMask) - 1));
      __builtin_prefetch(e);
      __builtin_prefetch(e + sizeof(Entry) - 1);
    }
  }
  // New zeroed entry with key k (must be absent); nullptr when `limit` entries already exist.
  Entry* insert(const FlowKey& k, std::size_t limit);
  void erase(Entry* e);
  void clear();
  std::size_t size() const { return count_; }
  Entry& at(std::size_t i) { return entries_[i]; }
  const Entry& at(std::size_t i) const { return entries_[i]; }
  std::size_t memory_bytes() const;

 private:
  static constexpr std::size_t kGrainEntries = 4096;  // entries committed at a time
  static constexpr std::size_t kGrainBytes = kGrainEntries * sizeof(Entry);

  static constexpr std::uint32_t kIndexMask = (1u << 25) - 1;
  static constexpr std::uint32_t kTagMask = ~kIndexMask;
  static std::uint32_t tag(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 57) << 25; }
  std::size_t slot_of_entry(std::size_t entry_index) const;
  void grow();
  void set_slots(std::size_t n);

  Region slot_mem_;
  std::uint32_t* slots_ = nullptr;  // 0 = empty, else tag | (entry index + 1)
  std::size_t mask_ = 0;            // slot count - 1
  Region entry_mem_;                // kMaxEntries entries reserved
  Entry* entries_ = nullptr;
  std::size_t grains_ = 0;          // committed: grains_ * kGrainEntries entries
  std::size_t count_ = 0;
};

}  // namespace vrsh::dataplane::esqm
