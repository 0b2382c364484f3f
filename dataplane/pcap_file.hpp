#pragma once
// Offline pcap/pcapng files through libpcap: a packet source, a writer for port sinks, and the
// bare read loop the benchmark compares the engine against. No libpcap types leak out.
#include <cstdint>
#include <memory>
#include <string>

#include "dataplane/source.hpp"

namespace vrsh::dataplane {

// Opens PATH with nanosecond timestamps. nullptr and a readable `error` when it cannot.
std::unique_ptr<PacketSource> open_pcap_file(const std::string& path, std::string& error);

class PcapWriter {
 public:
  // Ethernet link type, nanosecond timestamps. Throws std::runtime_error on failure.
  explicit PcapWriter(const std::string& path);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;
  void write(std::uint64_t ts_ns, const std::uint8_t* frame, std::uint32_t caplen, std::uint32_t wirelen);
  void flush();
  const std::string& path() const { return path_; }

 private:
  struct Handles;
  std::unique_ptr<Handles> h_;
  std::string path_;
};

struct RawReadResult {
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;  // captured bytes, touched so the loop cannot be optimised away
  std::uint64_t checksum = 0;
  std::string error;
};
// pcap_next_ex over the whole file and nothing else: the speed reference for replay. With
// `unlocked_stdio`, libpcap's FILE skips glibc's per-call locking, as the replay source does.
RawReadResult raw_read_loop(const std::string& path, bool unlocked_stdio = false);

}  // namespace vrsh::dataplane
