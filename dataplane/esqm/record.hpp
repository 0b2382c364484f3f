#pragma once
// One ESQM flow-table record as displays and exports see it (a copy, detached from the table).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "dataplane/ip_addr.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane::esqm {

enum class Protocol : std::uint8_t { Tcp, Sctp, Gtp };
inline constexpr std::size_t kProtocolCount = 3;
const char* protocol_name(Protocol p);  // "tcp", "sctp", "gtp"

// Numeric values are the seed's (1 = periodic aging ...).
enum class AgeType : std::uint8_t {
  AgingTime = 1,
  TcpFin = 2,
  TcpRst = 3,
  SctpShutdown = 4,
  SctpShutdownAck = 5,
  SctpAbort = 6,
};
inline constexpr std::size_t kAgeTypeSlots = 7;  // index by the numeric value
const char* age_type_name(AgeType t);            // "AgeType_AGINGX_TIME", ...

enum class FlowType : std::uint8_t {
  TcpSyn = 1,
  TcpSynAck = 2,
  SctpSack = 3,
  SctpInit = 4,
  SctpInitAck = 5,
  Gtp = 6,
};
const char* flow_type_name(FlowType t);  // "FlowType_TCPX_SYN", ...

enum class PacketType : std::uint8_t { Heartbeat = 0, HeartbeatResponse = 1 };

struct Record {
  Protocol proto = Protocol::Tcp;
  IpAddr src;
  IpAddr dst;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint8_t protocol = 0;  // IP protocol number: 6, 132, 17
  // Live entries (not yet aged) carry AgingTime: it is the type they will most likely age with.
  AgeType age_type = AgeType::AgingTime;
  FlowType flow_type = FlowType::TcpSyn;
  model::Direction direction = model::Direction::Inbound;
  std::uint32_t port_if_index = 0;
  std::uint32_t route_if_index = 0;
  IpAddr next_hop;  // all-zero when the packet had no route
  std::uint32_t label = 0;
  std::string vpn_name;  // "_public_" when the interface is bound to no VPN instance
  std::uint64_t created_ns = 0;
  std::uint64_t last_seen_ns = 0;
  std::uint32_t aging_seconds = 0;
  std::uint64_t packet_num = 0;
  std::uint64_t retrans_num = 0;  // TCP/SCTP
  // GTP
  std::uint64_t heartbeat_ns = 0;
  std::uint64_t packet_bytes = 0;  // IP bytes (L3 length) of the counted packets
  PacketType packet_type = PacketType::Heartbeat;
  std::uint16_t last_ip_id = 0;  // 0 until a second packet is counted
  std::uint16_t curr_ip_id = 0;

  std::uint64_t retrans_radio() const { return packet_num == 0 ? 0 : retrans_num * 10000000ULL / packet_num; }
};

struct Stats {
  std::array<std::uint64_t, kProtocolCount> entries{};  // live entries by protocol
  std::array<std::uint64_t, kProtocolCount> created{};
  std::array<std::uint64_t, kAgeTypeSlots> aged{};  // index = static_cast<size_t>(AgeType)
  std::uint64_t insert_failures = 0;                // creations refused because the table was full
  std::uint64_t sampled_packets = 0;                // IP packets (any protocol) at an enabled sampling point
  std::uint64_t filtered_out = 0;                   // sampled but outside every `esqm filter`
  std::uint64_t updated_packets = 0;                // packets counted into an existing entry
  std::uint64_t unmatched_packets = 0;              // neither creating nor matching an entry
  std::uint64_t limit = 0;                          // flow-table limit in force
  std::uint64_t memory_bytes = 0;                   // bytes held by the table (index + entries)
  std::uint64_t entries_total() const { return entries[0] + entries[1] + entries[2]; }
};

// One seed-format document, one line, no trailing newline:
// {"tcp-datas":{"tcp-data":[{...}]}} for TCP and SCTP, {"gtp-datas":{"gtp-data":[{...}]}} for GTP.
// Invalid UTF-8 in the VPN name is written as U+FFFD (never an exception).
std::string to_json(const Record& r);
// The same document appended to OUT.
void append_json(std::string& out, const Record& r);

// An aged record on its way to its consumers (export file, telemetry): the document is rendered
// on the first json() call, into a buffer the caller reuses from record to record, and shared by
// every later call. Lives only for one record's export; the buffer must outlive it.
class AgedRecord {
 public:
  AgedRecord(const Record& r, std::string& buffer) : record_(r), buffer_(buffer) {}
  const Record& record() const { return record_; }
  std::string_view json();

 private:
  const Record& record_;
  std::string& buffer_;
  bool rendered_ = false;
};

}  // namespace vrsh::dataplane::esqm
