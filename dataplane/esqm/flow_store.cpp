#include "dataplane/esqm/flow_store.hpp"

#include <algorithm>
#include <new>

namespace vrsh::dataplane::esqm {
namespace {
constexpr std::size_t kInitialSlots = 1024;
}

template <typename Key>
FlowStore<Key>::FlowStore()
    : entry_mem_(Region::reserve(kMaxEntries * sizeof(Entry))),
      cold_mem_(Region::reserve(kMaxEntries * sizeof(FlowCold))) {
  entries_ = reinterpret_cast<Entry*>(entry_mem_.data());
  cold_ = reinterpret_cast<FlowCold*>(cold_mem_.data());
  if constexpr (kHugeEntries) {
    entry_mem_.advise_huge(kHugeFrom * sizeof(Entry), entry_mem_.size() - kHugeFrom * sizeof(Entry));
  }
  clear();
}

template <typename Key>
void FlowStore<Key>::set_slots(std::size_t n) {
  // Index arrays of 2 MB and more get 2 MB pages: they are sizes in powers of two, so nothing
  // is resident beyond what memory_bytes() counts.
  slot_mem_ = Region::zeroed(n * sizeof(std::uint32_t), true);
  slots_ = reinterpret_cast<std::uint32_t*>(slot_mem_.data());
  mask_ = n - 1;
}

template <typename Key>
void FlowStore<Key>::clear() {
  // Nothing inserted since the last clear: the index is still the zeroed initial one (the
  // session fuzzer and `reset esqm` on an idle router clear empty stores often; a new index
  // is an munmap and an mmap).
  if (committed_ == 0 && slots_ != nullptr && mask_ + 1 == kInitialSlots) return;
  set_slots(kInitialSlots);
  if (committed_ != 0) {
    entry_mem_.decommit(0, committed_ * sizeof(Entry));
    cold_mem_.decommit(0, committed_ * sizeof(FlowCold));
  }
  committed_ = 0;
  count_ = 0;
  std::fill(wheel_.begin(), wheel_.end(), kNone);
}

template <typename Key>
std::uint32_t FlowStore<Key>::insert(const Key& k, std::uint64_t h) {
  if (count_ >= kMaxEntries) return kNone;
  if ((count_ + 1) * 10 > (mask_ + 1) * 7) grow();
  if (count_ >= committed_) {
    const std::size_t n = grain_at(committed_);
    entry_mem_.commit(committed_ * sizeof(Entry), n * sizeof(Entry));
    cold_mem_.commit(committed_ * sizeof(FlowCold), n * sizeof(FlowCold));
    committed_ += n;
  }
  const std::size_t idx = count_++;
  Entry* e = new (&entries_[idx]) Entry{};
  e->key = k;
  FlowCold* c = new (&cold_[idx]) FlowCold{};
  c->hash_bits = tag(h) | static_cast<std::uint32_t>(h & kIndexMask);
  c->wheel_prev = kNone;
  c->wheel_next = kNone;
  std::size_t s = h & mask_;
  while (slots_[s] != 0) s = (s + 1) & mask_;
  slots_[s] = tag(h) | static_cast<std::uint32_t>(idx + 1);
  return static_cast<std::uint32_t>(idx);
}

template <typename Key>
std::size_t FlowStore<Key>::slot_of_entry(std::size_t entry_index) const {
  std::size_t s = cold_[entry_index].hash_bits & mask_;
  while ((slots_[s] & kIndexMask) != entry_index + 1) s = (s + 1) & mask_;
  return s;
}

template <typename Key>
void FlowStore<Key>::wheel_unlink(std::size_t i) {
  const FlowCold& c = cold_[i];
  if (c.wheel_prev == kNone) return;
  if ((c.wheel_prev & kHeadOf) != 0) {
    wheel_[c.wheel_prev & ~kHeadOf] = c.wheel_next;
  } else {
    cold_[c.wheel_prev].wheel_next = c.wheel_next;
  }
  if (c.wheel_next != kNone) cold_[c.wheel_next].wheel_prev = c.wheel_prev;
}

// Entry i has just taken the place of another: its neighbours in the wheel point to i now.
template <typename Key>
void FlowStore<Key>::wheel_relink(std::size_t i) {
  const FlowCold& c = cold_[i];
  if (c.wheel_prev == kNone) return;
  const auto n = static_cast<std::uint32_t>(i);
  if ((c.wheel_prev & kHeadOf) != 0) {
    wheel_[c.wheel_prev & ~kHeadOf] = n;
  } else {
    cold_[c.wheel_prev].wheel_next = n;
  }
  if (c.wheel_next != kNone) cold_[c.wheel_next].wheel_prev = n;
}

template <typename Key>
void FlowStore<Key>::erase(std::uint32_t i) {
  const std::size_t idx = i;
  wheel_unlink(idx);
  std::size_t hole = slot_of_entry(idx);
  // Backward-shift deletion keeps every probe chain unbroken without tombstones.
  std::size_t s = (hole + 1) & mask_;
  while (slots_[s] != 0) {
    const std::size_t home = cold_[(slots_[s] & kIndexMask) - 1].hash_bits & mask_;
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
    entries_[idx] = entries_[last];
    cold_[idx] = cold_[last];
    wheel_relink(idx);
  }
  --count_;
  const std::size_t n = grain_before(committed_);
  if (committed_ - count_ > 2 * n) {  // give memory back lazily: more than two pieces unused
    committed_ -= n;
    entry_mem_.decommit(committed_ * sizeof(Entry), n * sizeof(Entry));
    cold_mem_.decommit(committed_ * sizeof(FlowCold), n * sizeof(FlowCold));
  }
}

template <typename Key>
void FlowStore<Key>::grow() {
  // Rehash in entry order from the stored hash bits: a sequential read of the creation facts
  // instead of reading every key, or jumping around the whole table in slot order.
  set_slots((mask_ + 1) * 2);
  for (std::size_t i = 0; i < count_; ++i) {
    const std::uint32_t bits = cold_[i].hash_bits;
    std::size_t s = bits & mask_;
    while (slots_[s] != 0) s = (s + 1) & mask_;
    slots_[s] = (bits & kTagMask) | static_cast<std::uint32_t>(i + 1);
  }
}

template <typename Key>
std::size_t FlowStore<Key>::memory_bytes() const {
  return (mask_ + 1) * sizeof(std::uint32_t) + committed_ * (sizeof(Entry) + sizeof(FlowCold));
}

template class FlowStore<FlowKey4>;
template class FlowStore<FlowKey>;

}  // namespace vrsh::dataplane::esqm
