#include "dataplane/esqm/record.hpp"

#include <arpa/inet.h>

#include <algorithm>

#include <fmt/compile.h>
#include <fmt/format.h>

#include "dataplane/clock.hpp"

namespace vrsh::dataplane::esqm {

const char* protocol_name(Protocol p) {
  switch (p) {
    case Protocol::Tcp:
      return "tcp";
    case Protocol::Sctp:
      return "sctp";
    case Protocol::Gtp:
      return "gtp";
  }
  return "?";
}

const char* age_type_name(AgeType t) {
  switch (t) {
    case AgeType::AgingTime:
      return "AgeType_AGINGX_TIME";
    case AgeType::TcpFin:
      return "AgeType_TCPX_FIN";
    case AgeType::TcpRst:
      return "AgeType_TCPX_RST";
    case AgeType::SctpShutdown:
      return "AgeType_SCTPX_SHUTDOWN";
    case AgeType::SctpShutdownAck:
      return "AgeType_SCTPX_SHUTDOWNX_ACK";
    case AgeType::SctpAbort:
      return "AgeType_SCTPX_ABORT";
  }
  return "?";
}

const char* flow_type_name(FlowType t) {
  switch (t) {
    case FlowType::TcpSyn:
      return "FlowType_TCPX_SYN";
    case FlowType::TcpSynAck:
      return "FlowType_TCPX_SYNX_ACK";
    case FlowType::SctpSack:
      return "FlowType_SCTPX_SACK";
    case FlowType::SctpInit:
      return "FlowType_SCTPX_INIT";
    case FlowType::SctpInitAck:
      return "FlowType_SCTPX_INITX_ACK";
    case FlowType::Gtp:
      return "FlowType_GTP";
  }
  return "?";
}

namespace {

// Documents are rendered straight into one stack buffer (a record's document is ~600 bytes): no
// allocation per field. The layout and escaping are those of nlohmann::ordered_json::dump(), which
// rendered them before (the differential test in esqm_json_test.cpp keeps it so).
using Buffer = fmt::basic_memory_buffer<char, 1024>;

void put(Buffer& b, std::string_view s) {
  b.append(s.data(), s.data() + s.size());
}

void put_ip(Buffer& b, const IpAddr& a) {
  if (!a.v6) {
    fmt::format_to(fmt::appender(b), FMT_COMPILE("{}.{}.{}.{}"), a.b[0], a.b[1], a.b[2], a.b[3]);
    return;
  }
  char text[INET6_ADDRSTRLEN] = {};
  put(b, inet_ntop(AF_INET6, a.b.data(), text, sizeof text) != nullptr ? text : "?");
}

// A JSON string body as dump() writes it with its defaults (no ensure_ascii): `"` and `\` and
// control characters escaped (\b \t \n \f \r, else \u00xx), everything else as is. Where dump()
// would throw on invalid UTF-8 this writes U+FFFD instead (its error_handler_t::replace): a VPN
// name is operator text and must never stop the export. Each maximal invalid subpart (a lead byte
// that can start no sequence, or a valid prefix cut short by the byte that breaks it) becomes one
// U+FFFD; the breaking byte is read again as the start of what follows.
void put_escaped(Buffer& b, std::string_view s) {
  const auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; };
  if (std::all_of(s.begin(), s.end(), plain)) {
    put(b, s);
    return;
  }
  constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          put(b, "\\\"");
          break;
        case '\\':
          put(b, "\\\\");
          break;
        case '\b':
          put(b, "\\b");
          break;
        case '\t':
          put(b, "\\t");
          break;
        case '\n':
          put(b, "\\n");
          break;
        case '\f':
          put(b, "\\f");
          break;
        case '\r':
          put(b, "\\r");
          break;
        default:
          if (c < 0x20) {
            fmt::format_to(fmt::appender(b), FMT_COMPILE("\\u{:04x}"), c);
          } else {
            b.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    // Well-formed sequences (Unicode Table 3-7): the lead byte fixes the length and the range of
    // the second byte; later bytes are 80..BF.
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // no overlong forms
      if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
    }
    if (len == 0) {
      put(b, kReplacement);
      ++i;
      continue;
    }
    std::size_t n = 1;
    for (; n < len && i + n < s.size(); ++n) {
      const auto t = static_cast<unsigned char>(s[i + n]);
      if (t < lo || t > hi) break;
      lo = 0x80;
      hi = 0xBF;
    }
    if (n == len) {
      put(b, s.substr(i, len));
    } else {
      put(b, kReplacement);
    }
    i += n;
  }
}

void put_json(Buffer& b, const Record& r) {
  const bool gtp = r.proto == Protocol::Gtp;
  const auto out = fmt::appender(b);
  // The fields both tables start with, in the seed's order.
  put(b, gtp ? R"({"gtp-datas":{"gtp-data":[{"src-ip-addr":")"
             : R"({"tcp-datas":{"tcp-data":[{"src-ip-addr":")");
  put_ip(b, r.src);
  put(b, R"(","dst-ip-addr":")");
  put_ip(b, r.dst);
  fmt::format_to(
      out,
      FMT_COMPILE(R"(","src-port":{},"dst-port":{},"protocol":{},"age-type":"{}","flow-type":"{}",)"
                  R"("flow-direction":"{}","port-if-index":{},"route-if-index":{},"next-hop":")"),
      r.src_port, r.dst_port, unsigned{r.protocol}, age_type_name(r.age_type), flow_type_name(r.flow_type),
      r.direction == model::Direction::Inbound ? "FlowDirection_INGRESS" : "FlowDirection_EGRESS",
      r.port_if_index, r.route_if_index);
  IpAddr nh = r.next_hop;
  nh.v6 = r.src.v6;  // "no next hop" prints as 0.0.0.0 or :: in the flow's family
  put_ip(b, nh);
  fmt::format_to(out, FMT_COMPILE(R"(","label":{},"vpn-name":")"), r.label);
  put_escaped(b, r.vpn_name);
  const char* family = r.src.v6 ? "AddressFamily_IPV6" : "AddressFamily_IPV4";
  if (gtp) {
    fmt::format_to(
        out,
        FMT_COMPILE(R"(","heartbeat-time-sec":{},"heartbeat-time-nano-sec":{},"packet-num":"{}",)"
                    R"("packet-bytes":"{}","packet-type":"{}","address-family":"{}","last-ip-id":{},)"
                    R"("curr-ip-id":{}}}]}}}})"),
        whole_seconds(r.heartbeat_ns), subsecond_ns(r.heartbeat_ns), r.packet_num, r.packet_bytes,
        r.packet_type == PacketType::Heartbeat ? "PacketType_HEARTBEAT" : "PacketType_HEARTBEATX_RSQ", family,
        r.last_ip_id, r.curr_ip_id);
    return;
  }
  fmt::format_to(
      out,
      FMT_COMPILE(R"(","created-timestamp-sec":{},"created-timestamp-nano-sec":{},"packet-num":"{}",)"
                  R"("retrans-num":"{}","retrans-radio":"{}","address-family":"{}"}}]}}}})"),
      whole_seconds(r.created_ns), subsecond_ns(r.created_ns), r.packet_num, r.retrans_num, r.retrans_radio(),
      family);
}

}  // namespace

void append_json(std::string& out, const Record& r) {
  Buffer b;
  put_json(b, r);
  out.append(b.data(), b.size());
}

std::string to_json(const Record& r) {
  Buffer b;
  put_json(b, r);
  return fmt::to_string(b);
}

std::string_view AgedRecord::json() {
  if (!rendered_) {
    buffer_.clear();
    append_json(buffer_, record_);
    rendered_ = true;
  }
  return buffer_;
}

}  // namespace vrsh::dataplane::esqm
