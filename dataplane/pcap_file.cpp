#include "dataplane/pcap_file.hpp"

#include <pcap.h>
#include <stdio_ext.h>
#include <sys/stat.h>

#include <cstdio>
#include <stdexcept>

#include <fmt/format.h>

#include "dataplane/clock.hpp"

namespace vrsh::dataplane {
namespace {

class PcapFileSource final : public PacketSource {
 public:
  PcapFileSource(pcap_t* p, std::uint64_t size)
      : p_(p), size_(size), linktype_(static_cast<std::uint32_t>(pcap_datalink(p))) {}
  ~PcapFileSource() override { pcap_close(p_); }
  PcapFileSource(const PcapFileSource&) = delete;
  PcapFileSource& operator=(const PcapFileSource&) = delete;

  SourceStatus next(RawPacket& out) override { return read(out); }
  // libpcap's batch call: one pcap_dispatch() per batch instead of a pcap_next_ex() per packet.
  std::size_t next_batch(RawPacket* out, std::size_t max, std::uint8_t* arena, std::size_t room,
                         SourceStatus& status) override {
    status = SourceStatus::Packet;
    if (done_) status = error_.empty() ? SourceStatus::End : SourceStatus::Error;
    if (done_ || max == 0) return 0;  // a count of 0 would mean "all" to pcap_dispatch()
    Fill f{out, arena, room, 0, linktype_, p_, false};
    // A batch cut short by pcap_breakloop() returned its packets with the loop's flag still set:
    // libpcap clears it by returning PCAP_ERROR_BREAK from the next call, without reading
    // (pcap_breakloop(3PCAP)).
    if (break_pending_) {
      break_pending_ = false;
      pcap_dispatch(p_, 1, &PcapFileSource::take, reinterpret_cast<u_char*>(&f));
    }
    const int cnt = max > kMaxDispatch ? kMaxDispatch : static_cast<int>(max);
    const int rc = pcap_dispatch(p_, cnt, &PcapFileSource::take, reinterpret_cast<u_char*>(&f));
    count_ += f.n;
    break_pending_ = f.broke && rc > 0;
    if ((rc >= 0 && f.n == 0) || rc == PCAP_ERROR_BREAK) {  // a savefile returns 0 packets at its end only
      done_ = true;
      status = SourceStatus::End;
    } else if (rc < 0) {
      // What was delivered before the failure stays valid and is returned with the error.
      done_ = true;
      status = fail();
    }
    return f.n;
  }
  std::string error() const override { return error_; }
  std::uint64_t position() const override {
    if (done_) return size_;
    FILE* f = pcap_file(p_);
    const long pos = f != nullptr ? std::ftell(f) : -1;
    return pos < 0 ? 0 : static_cast<std::uint64_t>(pos);
  }
  std::uint64_t size() const override { return size_; }

 private:
  SourceStatus read(RawPacket& out) {
    if (done_) return error_.empty() ? SourceStatus::End : SourceStatus::Error;
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(p_, &hdr, &data);
    if (rc == 1) {
      ++count_;
      to_raw(*hdr, data, linktype_, out);
      return SourceStatus::Packet;
    }
    done_ = true;
    if (rc == PCAP_ERROR_BREAK) return SourceStatus::End;
    return fail();
  }

  SourceStatus fail() {
    if (error_.empty())
      error_ =
          fmt::format("The capture file became unreadable after packet {}: {}.", count_, pcap_geterr(p_));
    return SourceStatus::Error;
  }

  // pcap_dispatch()'s callback state: the batch being filled (see PacketSource::next_batch).
  struct Fill {
    RawPacket* out;
    std::uint8_t* arena;
    std::size_t room;
    std::size_t n;
    std::uint32_t linktype;
    pcap_t* p;
    bool broke;  // pcap_breakloop() was called: the arena has no room for another packet
  };
  static constexpr std::size_t kMaxDispatch = 1 << 20;
  static void take(u_char* user, const pcap_pkthdr* hdr, const u_char* data) {
    Fill& f = *reinterpret_cast<Fill*>(user);
    RawPacket& pkt = f.out[f.n++];
    to_raw(*hdr, data, f.linktype, pkt);
    to_arena(pkt, f.arena, f.room);
    if (f.room < kMaxBatchCaplen && !f.broke) {
      f.broke = true;
      pcap_breakloop(f.p);
    }
  }
  static void to_raw(const pcap_pkthdr& hdr, const u_char* data, std::uint32_t linktype, RawPacket& out) {
    // With nanosecond precision libpcap stores nanoseconds in tv_usec.
    out.ts_ns =
        ns_from(static_cast<std::uint64_t>(hdr.ts.tv_sec), static_cast<std::uint64_t>(hdr.ts.tv_usec));
    out.caplen = hdr.caplen;
    out.wirelen = hdr.len;
    out.linktype = linktype;
    out.bytes = data;
  }

  pcap_t* p_;
  std::uint64_t size_;
  std::uint32_t linktype_;
  std::uint64_t count_ = 0;
  bool done_ = false;
  bool break_pending_ = false;
  std::string error_;
};

}  // namespace

std::unique_ptr<PacketSource> open_pcap_file(const std::string& path, std::string& error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    error = fmt::format("The capture file {} does not exist.", path);
    return nullptr;
  }
  if (!S_ISREG(st.st_mode)) {
    error = fmt::format("The capture file {} is not a regular file.", path);
    return nullptr;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == nullptr) {
    error = fmt::format("Failed to open the capture file {}: {}.", path, errbuf);
    return nullptr;
  }
  // libpcap reads a savefile with two fread() calls per packet, and glibc takes the FILE's lock
  // (two atomic operations) in each: a quarter of the cost of reading a small packet. Only the
  // thread that replays the source touches this FILE.
  if (FILE* f = pcap_file(p); f != nullptr) __fsetlocking(f, FSETLOCKING_BYCALLER);
  return std::make_unique<PcapFileSource>(p, static_cast<std::uint64_t>(st.st_size));
}

struct PcapWriter::Handles {
  pcap_t* dead = nullptr;
  pcap_dumper_t* dumper = nullptr;
};

PcapWriter::PcapWriter(const std::string& path) : h_(std::make_unique<Handles>()), path_(path) {
  h_->dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262144, PCAP_TSTAMP_PRECISION_NANO);
  if (h_->dead == nullptr) throw std::runtime_error("cannot create a pcap writer");
  h_->dumper = pcap_dump_open(h_->dead, path.c_str());
  if (h_->dumper == nullptr) {
    std::string msg = fmt::format("cannot write capture file {}: {}", path, pcap_geterr(h_->dead));
    pcap_close(h_->dead);
    throw std::runtime_error(msg);
  }
}

PcapWriter::~PcapWriter() {
  if (h_->dumper != nullptr) pcap_dump_close(h_->dumper);
  if (h_->dead != nullptr) pcap_close(h_->dead);
}

void PcapWriter::write(std::uint64_t ts_ns, const std::uint8_t* frame, std::uint32_t caplen,
                       std::uint32_t wirelen) {
  pcap_pkthdr hdr{};
  hdr.ts.tv_sec = static_cast<time_t>(whole_seconds(ts_ns));
  hdr.ts.tv_usec = static_cast<suseconds_t>(subsecond_ns(ts_ns));  // ns: the dumper was opened for ns
  hdr.caplen = caplen;
  hdr.len = wirelen;
  pcap_dump(reinterpret_cast<u_char*>(h_->dumper), &hdr, frame);
}

void PcapWriter::flush() {
  pcap_dump_flush(h_->dumper);
}

RawReadResult raw_read_loop(const std::string& path, bool unlocked_stdio) {
  RawReadResult r;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (p == nullptr) {
    r.error = errbuf;
    return r;
  }
  if (unlocked_stdio) __fsetlocking(pcap_file(p), FSETLOCKING_BYCALLER);
  pcap_pkthdr* hdr = nullptr;
  const u_char* data = nullptr;
  int rc = 0;
  while ((rc = pcap_next_ex(p, &hdr, &data)) == 1) {
    ++r.packets;
    r.bytes += hdr->caplen;
    r.checksum += data[hdr->caplen > 14 ? 14 : 0];
  }
  if (rc == PCAP_ERROR) r.error = pcap_geterr(p);
  pcap_close(p);
  return r;
}

}  // namespace vrsh::dataplane
