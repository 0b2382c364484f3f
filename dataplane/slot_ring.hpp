#pragma once
// A bounded single-producer/single-consumer ring of slot numbers: the producer fills slots of an
// array it shares with the consumer and hands them over in order; the consumer hands them back.
// Two counters (slots published, slots released) on their own cache lines; one atomic store and
// one notify per slot, no lock. A side that finds the ring full (or empty) spins for tens of
// microseconds (several times what the other side takes for a slot, so a stream of slots costs
// no system call), then sleeps in std::atomic::wait: on a machine whose cores are shared, a stage
// that waits longer gives its core away. notify_one() makes a system call only when the other
// side sleeps.
#include <atomic>
#include <cassert>
#include <cstdint>

namespace vrsh::dataplane {

class SlotRing {
 public:
  // DEPTH slots, a power of two (so that slot numbers stay in order when the counters wrap).
  explicit SlotRing(std::uint32_t depth) : depth_(depth) { assert(depth != 0 && (depth & (depth - 1)) == 0); }

  // Empty and open again; only while neither side is using the ring.
  void reset() {
    head_.store(0, std::memory_order_relaxed);
    tail_.store(0, std::memory_order_relaxed);
    closed_.store(false, std::memory_order_relaxed);
  }

  // ---- producer ----
  // The slot to fill next, waiting while every slot is full. False once the consumer closed.
  bool acquire(std::uint32_t& slot) {
    const std::uint32_t h = head_.load(std::memory_order_relaxed);  // only the producer writes it
    for (;;) {
      const std::uint32_t t = tail_.load(std::memory_order_acquire);
      if (closed_.load(std::memory_order_acquire)) return false;
      if (h - t < depth_) {
        slot = h % depth_;
        return true;
      }
      wait_change(tail_, t);
    }
  }
  // The acquired slot is filled: the consumer may take it.
  void publish() {
    head_.store(head_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    head_.notify_one();
  }

  // ---- consumer ----
  // The oldest filled slot, waiting until there is one.
  std::uint32_t front() {
    const std::uint32_t t = tail_.load(std::memory_order_relaxed);  // only the consumer writes it
    for (std::uint32_t h = head_.load(std::memory_order_acquire); h == t;
         h = head_.load(std::memory_order_acquire))
      wait_change(head_, h);
    return t % depth_;
  }
  // The front slot is done with: the producer may fill it again.
  void release() {
    tail_.store(tail_.load(std::memory_order_relaxed) + 1, std::memory_order_release);
    tail_.notify_one();
  }
  // The consumer takes nothing more: a waiting or later acquire() returns false.
  void close() {
    closed_.store(true, std::memory_order_release);
    tail_.fetch_add(1, std::memory_order_release);  // changes the value a waiting producer watches
    tail_.notify_one();
  }

 private:
  static constexpr int kSpins = 2048;  // pause instructions: tens of microseconds
  static void wait_change(const std::atomic<std::uint32_t>& a, std::uint32_t old) {
    for (int i = 0; i < kSpins; ++i) {
      if (a.load(std::memory_order_acquire) != old) return;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
    a.wait(old, std::memory_order_acquire);
  }

  const std::uint32_t depth_;
  // Counters wrap; their difference is what counts.
  alignas(64) std::atomic<std::uint32_t> head_{0};  // slots published
  alignas(64) std::atomic<std::uint32_t> tail_{0};  // slots released
  std::atomic<bool> closed_{false};
};

}  // namespace vrsh::dataplane
