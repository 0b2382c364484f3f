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
// A replay batch's arena: one packet of kMaxBatchCaplen plus 64 of 4 KB, so that batches of
// packets up to 4 KB are never cut short. (Live ports give room for a whole batch of the longest.)
inline constexpr std::size_t kReplayBatchRoom = kMaxBatchCaplen + 64 * 4096;

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
  // Up to `max` packets at once, each copied into `arena` (back to back, 64-byte aligned), so
  // they stay valid until the next call. `room`: the arena's bytes, at least kMaxBatchCaplen; the
  // batch also ends, early, when less than kMaxBatchCaplen is left (only big packets get there
  // when the room is a few hundred KB). Returns how many; `status` is Packet while more may
  // follow, else End or Error after those packets.
  virtual std::size_t next_batch(RawPacket* out, std::size_t max, std::uint8_t* arena, std::size_t room,
                                 SourceStatus& status) {
    return fill_batch([this](RawPacket& p) { return next(p); }, out, max, arena, room, status);
  }
  virtual std::string error() const = 0;
  // Progress in bytes (0/0 when unknown, e.g. live captures).
  virtual std::uint64_t position() const = 0;
  virtual std::uint64_t size() const = 0;

 protected:
  // next_batch() over `read`, a next() that subclasses can call without a virtual dispatch.
  template <typename Read>
  static std::size_t fill_batch(Read read, RawPacket* out, std::size_t max, std::uint8_t* arena,
                                std::size_t room, SourceStatus& status) {
    std::size_t n = 0;
    status = SourceStatus::Packet;
    while (n < max && room >= kMaxBatchCaplen && (status = read(out[n])) == SourceStatus::Packet)
      to_arena(out[n++], arena, room);
    return n;
  }
  // Moves a packet's bytes into the batch arena (cut to kMaxBatchCaplen, 64-byte aligned) and
  // advances `arena` past them, taking them from `room`.
  static void to_arena(RawPacket& pkt, std::uint8_t*& arena, std::size_t& room) {
    if (pkt.caplen > kMaxBatchCaplen) pkt.caplen = kMaxBatchCaplen;
    std::memcpy(arena, pkt.bytes, pkt.caplen);
    pkt.bytes = arena;
    const std::size_t used = (pkt.caplen + 63u) & ~std::size_t{63};
    arena += used;
    room -= used;
  }
};

}  // namespace vrsh::dataplane
