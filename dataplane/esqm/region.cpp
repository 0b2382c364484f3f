#include "dataplane/esqm/region.hpp"

#include <sys/mman.h>

#include <new>
#include <utility>

namespace vrsh::dataplane::esqm {
namespace {

std::size_t round_up(std::size_t bytes) {
  return (bytes + kHugePage - 1) & ~(kHugePage - 1);
}

// Maps `bytes` (rounded up to 2 MB) at a 2 MB boundary: the slack around the mapping is unmapped.
void* map_aligned(std::size_t bytes, int prot) {
  const std::size_t len = round_up(bytes);
  void* raw = ::mmap(nullptr, len + kHugePage, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePage - 1) & ~std::uintptr_t{kHugePage - 1};
  if (aligned != start) ::munmap(raw, aligned - start);
  const std::uintptr_t tail = aligned + len;
  const std::uintptr_t end = start + len + kHugePage;
  if (end != tail) ::munmap(reinterpret_cast<void*>(tail), end - tail);
  return reinterpret_cast<void*>(aligned);
}

}  // namespace

Region& Region::operator=(Region&& o) noexcept {
  if (this != &o) {
    release();
    base_ = std::exchange(o.base_, nullptr);
    bytes_ = std::exchange(o.bytes_, 0);
    mapped_ = std::exchange(o.mapped_, 0);
  }
  return *this;
}

void Region::release() {
  if (base_ != nullptr) ::munmap(base_, mapped_);
  base_ = nullptr;
  bytes_ = 0;
  mapped_ = 0;
}

Region Region::reserve(std::size_t bytes) {
  Region r;
  r.base_ = map_aligned(bytes, PROT_NONE);
  r.bytes_ = bytes;
  r.mapped_ = round_up(bytes);
  return r;
}

Region Region::zeroed(std::size_t bytes, bool huge) {
  Region r;
  if (huge && bytes % kHugePage == 0) {
    r.base_ = map_aligned(bytes, PROT_READ | PROT_WRITE);
    r.mapped_ = bytes;
    ::madvise(r.base_, bytes, MADV_HUGEPAGE);  // a hint: 4 KB pages when the kernel says no
  } else {
    r.mapped_ = bytes;
    r.base_ = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (r.base_ == MAP_FAILED) {
      r.base_ = nullptr;
      throw std::bad_alloc();
    }
  }
  r.bytes_ = bytes;
  return r;
}

void Region::commit(std::size_t offset, std::size_t len) {
  if (::mprotect(data() + offset, len, PROT_READ | PROT_WRITE) != 0) throw std::bad_alloc();
}

void Region::advise_huge(std::size_t offset, std::size_t len) {
  if (len != 0) ::madvise(data() + offset, len, MADV_HUGEPAGE);
}

void Region::decommit(std::size_t offset, std::size_t len) {
  ::madvise(data() + offset, len, MADV_DONTNEED);
  ::mprotect(data() + offset, len, PROT_NONE);
}

}  // namespace vrsh::dataplane::esqm
