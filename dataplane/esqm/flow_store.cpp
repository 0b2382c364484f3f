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
  // Rehash in entry order: the entries are read sequentially instead of in slot order, which
  // would jump around the whole table once per entry.
  slots_.assign(slots_.size() * 2, 0);
  mask_ = slots_.size() - 1;
  for (std::size_t i = 0; i < count_; ++i) {
    const std::uint64_t h = hash(at(i).key);
    std::size_t s = h & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = tag(h) | static_cast<std::uint32_t>(i + 1);
  }
}

std::size_t FlowStore::memory_bytes() const {
  return slots_.size() * sizeof(std::uint32_t) + chunks_.size() * kChunkSize * sizeof(Entry);
}

}  // namespace vrsh::dataplane::esqm
