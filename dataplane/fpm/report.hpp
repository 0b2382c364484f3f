#pragma once
// The DCP -> MCP report: one UDP datagram per instance and closed period. Binary, big-endian,
// versioned; layout in docs/ipfpm-report-format.md. Optionally HMAC-SHA256 signed.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace vrsh::dataplane::fpm {

// Version 2 adds the mid-point entry flag; version 1 reports (no mid-points) are still accepted.
inline constexpr std::uint8_t kReportVersion = 2;
inline constexpr std::uint8_t kOldestReportVersion = 1;
inline constexpr std::uint8_t kAckVersion = 1;
inline constexpr std::size_t kReportHeaderSize = 40;
inline constexpr std::size_t kReportEntrySize = 32;
inline constexpr std::size_t kHmacSize = 32;
inline constexpr std::size_t kMaxReportEntries = 64;
inline constexpr std::size_t kAckSize = 24;

// Counts of one TLP for one flow direction in one period.
struct ReportEntry {
  std::uint32_t tlp = 0;
  std::uint8_t flow = 0;   // 0 forward, 1 backward
  bool in_point = true;    // the role this TLP plays for this flow direction
  bool mid = false;        // a mid-point (hop-by-hop) count; in_point is then false
  std::uint8_t color = 0;  // loss colour of the period (period & 1)
  std::uint64_t packets = 0;
  std::uint64_t bytes = 0;                   // IP total lengths: the same on every router of the path
  std::optional<std::uint64_t> delay_ts_ns;  // t1 (in-point) or t2 (out-point) of the delay-marked packet
  bool operator==(const ReportEntry&) const = default;
};

struct Report {
  std::uint32_t dcp_id = 0;
  std::uint32_t instance = 0;
  std::uint32_t interval = 10;  // seconds
  std::uint64_t period = 0;     // packet time / interval
  std::uint64_t seq = 0;        // per DCP, strictly increasing
  bool partial = false;         // the DCP stopped (end of replay) before the period ended
  std::vector<ReportEntry> entries;
  bool operator==(const Report&) const = default;
};

struct Auth {
  std::uint16_t key_id = 0;
  std::string secret;
};

std::vector<std::uint8_t> encode(const Report& r, const std::optional<Auth>& auth);

enum class DecodeError { None, Short, BadMagic, BadVersion, BadLength, TooManyEntries };
const char* decode_error_name(DecodeError e);

struct DecodedReport {
  Report report;
  bool signed_ = false;
  std::uint16_t key_id = 0;
  DecodeError error = DecodeError::None;
};
// Parses the layout only; signature checking is separate (verify()).
DecodedReport decode_report(std::span<const std::uint8_t> datagram);
// True when the datagram carries an HMAC that matches `secret` over everything before it.
bool verify(std::span<const std::uint8_t> datagram, const std::string& secret);

// The MCP's acknowledgement, sent back to the report's source: "VFPA", version, reserved,
// DCP id, instance, sequence number. Lets a DCP stop re-sending (see docs).
struct Ack {
  std::uint32_t dcp_id = 0;
  std::uint32_t instance = 0;
  std::uint64_t seq = 0;
};
std::vector<std::uint8_t> encode_ack(const Ack& a);
std::optional<Ack> decode_ack(std::span<const std::uint8_t> datagram);

}  // namespace vrsh::dataplane::fpm
