#pragma once
// Anonymous memory straight from the kernel for the flow store: address space reserved once
// (so entries never move and need no chunk table) and committed piece by piece, or zero-filled
// arrays backed by 2 MB pages where that costs no memory. A large flow table is read at random,
// one lookup per packet: on 4 KB pages nearly every lookup also misses the TLB.
//
// 2 MB pages are resident in 2 MB steps, so the flow store uses them for its entries only where
// a table is large enough for that step to stay within the 128 bytes per entry it may use.
#include <cstddef>
#include <cstdint>

namespace vrsh::dataplane::esqm {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

class Region {
 public:
  Region() = default;
  ~Region() { release(); }
  Region(const Region&) = delete;
  Region& operator=(const Region&) = delete;
  Region(Region&& o) noexcept : base_(o.base_), bytes_(o.bytes_), mapped_(o.mapped_) {
    o.base_ = nullptr;
    o.bytes_ = o.mapped_ = 0;
  }
  Region& operator=(Region&& o) noexcept;

  // `bytes` of inaccessible address space, 2 MB aligned. Throws std::bad_alloc.
  static Region reserve(std::size_t bytes);
  // Zero-filled, writable memory for `bytes`; 2 MB pages (as they are touched) when `huge`
  // and the size is a multiple of 2 MB, so nothing is resident beyond `bytes`.
  static Region zeroed(std::size_t bytes, bool huge);

  // Makes [offset, offset + len) writable, zero-filled. Throws std::bad_alloc.
  void commit(std::size_t offset, std::size_t len);
  // Asks for 2 MB pages in [offset, offset + len) (both 2 MB multiples) where it gets committed
  // in whole, aligned 2 MB pieces; a hint: 4 KB pages when the kernel has none.
  void advise_huge(std::size_t offset, std::size_t len);
  // Gives [offset, offset + len) back to the kernel and makes it inaccessible again.
  void decommit(std::size_t offset, std::size_t len);

  std::uint8_t* data() const { return static_cast<std::uint8_t*>(base_); }
  std::size_t size() const { return bytes_; }

 private:
  void release();
  void* base_ = nullptr;
  std::size_t bytes_ = 0;
  std::size_t mapped_ = 0;  // what munmap must release
};

}  // namespace vrsh::dataplane::esqm
