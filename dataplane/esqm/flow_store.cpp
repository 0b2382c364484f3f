#include "dataplane/esqm/flow_store.hpp"

#include <cstring>

namespace vrsh::dataplane::esqm {
namespace {
constexpr std::size_t kInitialSlots = 1024;
}

FlowStore::FlowStore() { clear(); }

void FlowStore::clear() {
  slots_.assign(kInitialSlots, 0);
  mask_ = kInitialSlots - 1;
  chunks_.clear();
  count_ = 0;
}

std::uint64_t FlowStore::hash(const FlowKey& k) {
  // Five 8-byte words folded with a multiply-xorshift mix: deterministic across runs so aging
  // and export order never depend on a random seed.
  std::uint64_t w[5];
  std::memcpy(w, &k, sizeof w);
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (std::uint64_t x : w) {
    h ^= x;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 29);
}

Entry* FlowStore::find(const FlowKey& k, std::uint64_t h) {
  std::size_t s = h & mask_;
  const std::uint32_t t = tag(h);
  for (;;) {
    const std::uint32_t v = slots_[s];
    if (v == 0) return nullptr;
    if ((v & kTagMask) == t) {
      Entry& e = at((v & kIndexMask) - 1);
      if (e.key == k) return &e;
    }
    s = (s + 1) & mask_;
  }
}

Entry* FlowStore::insert(const FlowKey& k, std::size_t limit) {
  if (count_ >= limit || count_ >= kMaxEntries) return nullptr;
  if ((count_ + 1) * 10 > slots_.size() * 7) grow();
  if ((count_ >> kChunkBits) >= chunks_.size()) chunks_.push_back(std::make_unique<Entry[]>(kChunkSize));
  const std::size_t idx = count_++;
  Entry& e = at(idx);
  std::memset(&e, 0, sizeof e);
  e.key = k;
  const std::uint64_t h = hash(k);
  std::size_t s = h & mask_;
  while (slots_[s] != 0) s = (s + 1) & mask_;
  slots_[s] = tag(h) | static_cast<std::uint32_t>(idx + 1);
  return &e;
}

std::size_t FlowStore::slot_of_entry(std::size_t entry_index) const {
  std::size_t s = hash(at(entry_index).key) & mask_;
  while ((slots_[s] & kIndexMask) != entry_index + 1) s = (s + 1) & mask_;
  return s;
}

void FlowStore::erase(Entry* e) {
  // Find the slot through the key: entries are chunked, so a pointer does not give the index.
  std::size_t hole = hash(e->key) & mask_;
  for (;;) {
    if (slots_[hole] == 0) return;  // not in the table
    if (&at((slots_[hole] & kIndexMask) - 1) == e) break;
    hole = (hole + 1) & mask_;
  }
  const std::size_t idx = (slots_[hole] & kIndexMask) - 1;
  // Backward-shift deletion keeps every probe chain unbroken without tombstones.
  std::size_t s = (hole + 1) & mask_;
  while (slots_[s] != 0) {
    const std::size_t home = hash(at((slots_[s] & kIndexMask) - 1).key) & mask_;
    // Move s into the hole when its home position is not in (hole, s] cyclically.
    const bool movable = hole <= s ? (home <= hole || home > s) : (home <= hole && home > s);
    if (movable) {
      slots_[hole] = slots_[s];
      hole = s;
    }
    s = (s + 1) & mask_;
  }
  slots_[hole] = 0;
  // Keep entries dense: the last entry moves into the freed place.
  const std::size_t last = count_ - 1;
  if (idx != last) {
    std::uint32_t& moved = slots_[slot_of_entry(last)];
    moved = (moved & kTagMask) | static_cast<std::uint32_t>(idx + 1);
    at(idx) = at(last);
  }
  --count_;
  if ((count_ >> kChunkBits) + 2 < chunks_.size()) chunks_.pop_back();  // give memory back lazily
}

void FlowStore::grow() {
  std::vector<std::uint32_t> old;
  old.swap(slots_);
  slots_.assign(old.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (std::uint32_t v : old) {
    if (v == 0) continue;
    std::size_t s = hash(at((v & kIndexMask) - 1).key) & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = v;
  }
}

std::size_t FlowStore::memory_bytes() const {
  return slots_.size() * sizeof(std::uint32_t) + chunks_.size() * kChunkSize * sizeof(Entry);
}

}  // namespace vrsh::dataplane::esqm
