#pragma once
// The reading stage of a two-stage replay: a thread of its own reads a packet source into
// batches (PacketSource::next_batch(), packets copied into the batch's arena) while the replaying
// thread processes the batches read before, in the order they were read. The batches and their
// arenas are allocated once, with the ReadAhead, and reused by every replay: nothing is allocated
// per packet or per batch, and the arenas' pages are touched only as packets fill them.
//
// Only the reading thread touches the source between start() and stop(): its FILE's locking is
// off (pcap_file.cpp), and its position() is taken with each batch for the progress bar.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "dataplane/slot_ring.hpp"
#include "dataplane/source.hpp"

namespace vrsh::dataplane {

struct ReadBatch {
  RawPacket* pkts = nullptr;
  std::size_t n = 0;
  SourceStatus status = SourceStatus::Packet;  // End or Error: the source's last batch
  std::uint64_t position = 0;                  // the source's position() after this batch
};

class ReadAhead {
 public:
  // Batches of up to BATCH packets, DEPTH of them in flight (a power of two).
  ReadAhead(std::size_t batch, std::uint32_t depth);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Starts reading SRC on a new thread, which blocks every signal: SIGINT and SIGTERM stay with
  // the threads that wait for them (the session's). `positions`: take src.position() per batch.
  void start(PacketSource& src, bool positions);
  // The next batch in source order, waiting for it; it stays valid until the next call or stop().
  // After a batch whose status is End or Error, next() must not be called again.
  const ReadBatch& next();
  // Stops the reader (once the batch it is reading is read) and joins it; the source is the
  // caller's again. Does nothing when no reader runs.
  void stop();

 private:
  void read_loop(PacketSource& src, bool positions);

  struct Slot {
    ReadBatch batch;
    std::vector<RawPacket> pkts;
    std::unique_ptr<std::uint8_t[]> arena;  // kReplayBatchRoom bytes
  };
  std::size_t batch_;
  std::vector<Slot> slots_;
  SlotRing ring_;
  bool holding_ = false;  // the consumer holds the ring's front slot
  std::thread reader_;
};

}  // namespace vrsh::dataplane
