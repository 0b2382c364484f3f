#pragma once
// Builds test frames (Ethernet, VLAN, MPLS, IPv4, IPv6, TCP, UDP, SCTP, GTP-U) and writes them
// to classic pcap files, byte by byte, without libpcap: tests can also write broken files.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace vrsh::testsupport {

using Bytes = std::vector<std::uint8_t>;

// ---- transport ----
namespace tcp_flags {
inline constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;
}
Bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack, std::uint8_t flags,
          std::size_t payload = 0);
Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload);

// SCTP packet: common header plus the given chunks (each already padded by the helpers).
Bytes sctp(std::uint16_t sport, std::uint16_t dport, std::uint32_t vtag, const std::vector<Bytes>& chunks);
Bytes sctp_init(std::uint32_t initiate_tag, std::uint32_t initial_tsn, bool ack = false);
Bytes sctp_data(std::uint32_t tsn, std::size_t payload = 4);
Bytes sctp_sack(std::uint32_t cum_tsn);
Bytes sctp_chunk(std::uint8_t type, std::size_t body = 0);  // SHUTDOWN 7, SHUTDOWN ACK 8, ABORT 6 ...

// GTP-U v1: echo request (type 1), echo response (2), G-PDU (255) with `inner`.
Bytes gtp(std::uint8_t type, std::uint32_t teid, const Bytes& inner = {}, std::uint16_t seq = 0,
          bool with_seq = true);

// ---- network ----
struct Ipv4Opts {
  std::uint8_t ttl = 64;
  std::uint16_t id = 0;
  std::uint16_t frag = 0;  // flags+offset field as on the wire
};
Bytes ipv4(const std::string& src, const std::string& dst, std::uint8_t proto, const Bytes& l4,
           Ipv4Opts o = {});
// `ext`: extension headers to insert, as (type, total length in bytes) - built as padding.
Bytes ipv6(const std::string& src, const std::string& dst, std::uint8_t proto, const Bytes& l4,
           std::uint8_t hop_limit = 64, const std::vector<std::pair<std::uint8_t, std::size_t>>& ext = {});

// ---- link ----
struct L2Opts {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> vlans;  // (TPID, VID), outermost first
  std::vector<std::uint32_t> labels;                           // MPLS labels, top first
};
Bytes ethernet(const Bytes& l3, const L2Opts& o = {});
Bytes ethernet_raw(std::uint16_t ethertype, const Bytes& payload);  // ARP etc.
Bytes sll(const Bytes& l3);

// ---- files ----
class PcapFile {
 public:
  explicit PcapFile(std::uint32_t linktype = 1, bool nanosecond = true)
      : linktype_(linktype), nano_(nanosecond) {}
  void add(std::uint64_t ts_ns, const Bytes& frame, std::uint32_t wirelen = 0);
  Bytes bytes() const;
  void write(const std::string& path) const;
  std::size_t count() const { return records_.size(); }

 private:
  struct Rec {
    std::uint64_t ts_ns;
    Bytes frame;
    std::uint32_t wirelen;
  };
  std::uint32_t linktype_;
  bool nano_;
  std::vector<Rec> records_;
};

// A fresh directory under the system temp dir, removed by the caller if it wishes.
std::string make_temp_dir(const std::string& tag);
void write_file(const std::string& path, const Bytes& data);
std::string read_text(const std::string& path);

}  // namespace vrsh::testsupport
