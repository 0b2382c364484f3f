#include "dataplane/read_ahead.hpp"

#include <pthread.h>

#include <csignal>

namespace vrsh::dataplane {

ReadAhead::ReadAhead(std::size_t batch, std::uint32_t depth) : batch_(batch), slots_(depth), ring_(depth) {
  for (Slot& s : slots_) {
    s.pkts.resize(batch);
    s.arena.reset(new std::uint8_t[kReplayBatchRoom]);  // uninitialised: pages stay untouched until used
    s.batch.pkts = s.pkts.data();
  }
}

ReadAhead::~ReadAhead() {
  stop();
}

void ReadAhead::start(PacketSource& src, bool positions) {
  stop();
  ring_.reset();
  // A thread starts with its creator's signal mask: block everything around the creation.
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  reader_ = std::thread([this, &src, positions] { read_loop(src, positions); });
  pthread_sigmask(SIG_SETMASK, &saved, nullptr);
}

void ReadAhead::read_loop(PacketSource& src, bool positions) {
  std::uint32_t i = 0;
  while (ring_.acquire(i)) {
    Slot& s = slots_[i];
    s.batch.n = src.next_batch(s.pkts.data(), batch_, s.arena.get(), kReplayBatchRoom, s.batch.status);
    if (positions) s.batch.position = src.position();
    const bool last = s.batch.status != SourceStatus::Packet;
    ring_.publish();
    if (last) return;
  }
}

const ReadBatch& ReadAhead::next() {
  if (holding_) ring_.release();
  holding_ = true;
  return slots_[ring_.front()].batch;
}

void ReadAhead::stop() {
  if (!reader_.joinable()) return;
  ring_.close();
  reader_.join();
  holding_ = false;
}

}  // namespace vrsh::dataplane
