#pragma once
// Where received packets come from: offline files (pcap_file.*), live devices (pcap_live.*) and
// generated traffic (the benchmarks) implement it. A packet's bytes stay valid until the next
// call to next().
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace vrsh::dataplane {

// Link types by their LINKTYPE_/DLT_ values (the ones the decoder understands).
inline constexpr std::uint32_t kLinkEthernet = 1;
inline constexpr std::uint32_t kLinkRawDlt = 12;     // DLT_RAW on most platforms
inline constexpr std::uint32_t kLinkRawDltAlt = 14;  // DLT_RAW on some BSDs
inline constexpr std::uint32_t kLinkRaw = 101;       // LINKTYPE_RAW
inline constexpr std::uint32_t kLinkSll = 113;
inline constexpr std::uint32_t kLinkIpv4 = 228;
inline constexpr std::uint32_t kLinkIpv6 = 229;
inline constexpr std::uint32_t kLinkSll2 = 276;

// Longest packet a batch keeps (libpcap's largest snapshot length); longer ones are cut.
inline constexpr std::uint32_t kMaxBatchCaplen = 262144;

struct RawPacket {
  std::uint64_t ts_ns = 0;
  std::uint32_t caplen = 0;
  std::uint32_t wirelen = 0;
  std::uint32_t linktype = 0;
  const std::uint8_t* bytes = nullptr;
};

enum class SourceStatus { Packet, End, Error };

class PacketSource {
 public:
  virtual ~PacketSource() = default;
  // Packet: `out` holds the next packet. End: no more packets. Error: error() says why; the
  // source yields nothing more.
  virtual SourceStatus next(RawPacket& out) = 0;
  // Up to `max` packets at once, each copied into `arena` (back to back, 64-byte aligned; room
  // for `max` packets of kMaxBatchCaplen bytes), so they stay valid until the next call. Returns
  // how many; `status` is Packet while more may follow, else End or Error after those packets.
  virtual std::size_t next_batch(RawPacket* out, std::size_t max, std::uint8_t* arena, SourceStatus& status) {
    return fill_batch([this](RawPacket& p) { return next(p); }, out, max, arena, status);
  }
  virtual std::string error() const = 0;
  // Progress in bytes (0/0 when unknown, e.g. live captures).
  virtual std::uint64_t position() const = 0;
  virtual std::uint64_t size() const = 0;

 protected:
  // next_batch() over `read`, a next() that subclasses can call without a virtual dispatch.
  template <typename Read>
  static std::size_t fill_batch(Read read, RawPacket* out, std::size_t max, std::uint8_t* arena,
                                SourceStatus& status) {
    std::size_t n = 0;
    status = SourceStatus::Packet;
    while (n < max && (status = read(out[n])) == SourceStatus::Packet) to_arena(out[n++], arena);
    return n;
  }
  // Moves a packet's bytes into the batch arena (cut to kMaxBatchCaplen, 64-byte aligned) and
  // advances `arena` past them.
  static void to_arena(RawPacket& pkt, std::uint8_t*& arena) {
    if (pkt.caplen > kMaxBatchCaplen) pkt.caplen = kMaxBatchCaplen;
    std::memcpy(arena, pkt.bytes, pkt.caplen);
    pkt.bytes = arena;
    arena += (pkt.caplen + 63u) & ~std::size_t{63};
  }
};

}  // namespace vrsh::dataplane
