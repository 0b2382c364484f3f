// ESQM operation: display esqm flow-table / statistics, reset esqm flow-table.
#include <fmt/format.h>

#include <algorithm>

#include "commands/app.hpp"
#include "dataplane/clock.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace esqm = dataplane::esqm;

namespace {

std::string endpoint(const dataplane::IpAddr& a, std::uint16_t port) {
  const std::string s = a.str();
  return !a.v6 ? fmt::format("{}:{}", s, port) : fmt::format("[{}]:{}", s, port);
}

std::string ns_time(std::uint64_t ns) {
  return fmt::format("{}.{:09}", dataplane::whole_seconds(ns), dataplane::subsecond_ns(ns));
}

const char* dir_name(model::Direction d) {
  return d == model::Direction::Inbound ? "inbound" : "outbound";
}

// The endpoint columns are 26 wide (IPv4 endpoints and short IPv6 ones) and widen to the longest
// endpoint shown, up to a full "[39-character IPv6 address]:65535", so the columns stay aligned.
std::string table(const std::vector<esqm::Record>& recs) {
  std::size_t w = 26;
  for (const auto& r : recs)
    w = std::max({w, endpoint(r.src, r.src_port).size(), endpoint(r.dst, r.dst_port).size()});
  const std::string rule(112 + 2 * (w - 26), '-');
  std::string out = rule + "\n";
  out += fmt::format(" {:<5} {:<{}} {:<{}} {:<8} {:<14} {:>10} {:>10} {:>9}\n", "Proto", "Source", w,
                     "Destination", w, "Dir", "FlowType", "Packets", "Retrans", "Ratio");
  out += rule + "\n";
  for (const auto& r : recs) {
    // FlowType_TCPX_SYNX_ACK -> TCP-SYN-ACK
    const std::string raw = esqm::flow_type_name(r.flow_type);
    std::string type;
    for (std::size_t i = raw.find('_') + 1; i < raw.size(); ++i) {
      if (raw[i] == 'X' && i + 1 < raw.size() && raw[i + 1] == '_') {
        type += '-';
        ++i;
      } else {
        type += raw[i];
      }
    }
    out +=
        fmt::format(" {:<5} {:<{}} {:<{}} {:<8} {:<14} {:>10} {:>10} {:>9}\n", esqm::protocol_name(r.proto),
                    endpoint(r.src, r.src_port), w, endpoint(r.dst, r.dst_port), w, dir_name(r.direction),
                    type, r.packet_num, r.proto == esqm::Protocol::Gtp ? 0 : r.retrans_num,
                    r.proto == esqm::Protocol::Gtp ? 0 : r.retrans_radio());
  }
  return out;
}

std::string verbose(const esqm::Record& r) {
  std::string out;
  auto line = [&](std::string_view k, const std::string& v) { out += fmt::format(" {:<26}: {}\n", k, v); };
  line("Protocol", fmt::format("{} ({})", esqm::protocol_name(r.proto), r.protocol));
  line("Source", endpoint(r.src, r.src_port));
  line("Destination", endpoint(r.dst, r.dst_port));
  line("Direction", dir_name(r.direction));
  line("Flow type", esqm::flow_type_name(r.flow_type));
  line("Port ifIndex", std::to_string(r.port_if_index));
  line("Route ifIndex", std::to_string(r.route_if_index));
  line("Next hop", r.next_hop.str());
  line("Label", std::to_string(r.label));
  line("VPN instance", r.vpn_name);
  line("Created", ns_time(r.created_ns));
  line("Last packet", ns_time(r.last_seen_ns));
  line("Aging time(s)", std::to_string(r.aging_seconds));
  line("Packets", std::to_string(r.packet_num));
  if (r.proto == esqm::Protocol::Gtp) {
    line("Bytes", std::to_string(r.packet_bytes));
    line("Heartbeat time", ns_time(r.heartbeat_ns));
    line("Heartbeat type", r.packet_type == esqm::PacketType::Heartbeat ? "request" : "response");
    line("Last/current IP ID", fmt::format("{}/{}", r.last_ip_id, r.curr_ip_id));
  } else {
    line("Retransmitted packets", std::to_string(r.retrans_num));
    line("Retransmission ratio", fmt::format("{} (x1e-7)", r.retrans_radio()));
  }
  return out;
}

}  // namespace

namespace {
constexpr cli::WordArg kProto{"protocol"};
constexpr cli::WordArg kFormat{"format"};
}  // namespace

void register_esqm_display(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView);
  reg.add({.views = {any},
           .syntax = "display esqm flow-table [ tcp | sctp | gtp ]$protocol [ verbose | json ]$format",
           .help = {{"flow-table", "ESQM flow table"},
                    {"tcp", "TCP flows"},
                    {"sctp", "SCTP flows"},
                    {"gtp", "GTP flows"},
                    {"verbose", "Every field of each flow"},
                    {"json", "Flow records in the telemetry JSON format, one per line"}},
           .params = {{kProto}, {kFormat}},
           .run = [&app](Ctx& ctx, const Args& a) {
             std::optional<esqm::Protocol> proto;
             if (a.is(kProto, "tcp")) proto = esqm::Protocol::Tcp;
             if (a.is(kProto, "sctp")) proto = esqm::Protocol::Sctp;
             if (a.is(kProto, "gtp")) proto = esqm::Protocol::Gtp;
             const auto recs = app.engine.esqm_records(proto);
             if (a.is(kFormat, "json")) {
               for (const auto& r : recs) ctx.out() << dataplane::Engine::esqm_json(r) << '\n';
               return Status::Ok;
             }
             const auto st = app.engine.esqm_stats();
             ctx.out() << fmt::format("Total flows: {} (TCP {}, SCTP {}, GTP {}), shown: {}\n",
                                      st.entries_total(), st.entries[0], st.entries[1], st.entries[2],
                                      recs.size());
             if (a.is(kFormat, "verbose")) {
               for (std::size_t i = 0; i < recs.size(); ++i)
                 ctx.out() << fmt::format("Flow {}:\n", i + 1) << verbose(recs[i]);
             } else if (!recs.empty()) {
               ctx.out() << table(recs);
             }
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display esqm statistics",
           .help = {{"statistics", "Flow table and packet statistics"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const auto st = app.engine.esqm_stats();
             std::string out = "ESQM statistics:\n";
             auto line = [&](std::string_view k, std::uint64_t v) {
               out += fmt::format(" {:<44}: {}\n", k, v);
             };
             line("Flow table limit", st.limit);
             line("Current entries", st.entries_total());
             line("  TCP", st.entries[0]);
             line("  SCTP", st.entries[1]);
             line("  GTP", st.entries[2]);
             line("Created entries (TCP)", st.created[0]);
             line("Created entries (SCTP)", st.created[1]);
             line("Created entries (GTP)", st.created[2]);
             for (std::size_t t = 1; t < esqm::kAgeTypeSlots; ++t)
               if (st.aged[t] || t == 1)
                 line(fmt::format("Aged entries ({})", esqm::age_type_name(static_cast<esqm::AgeType>(t))),
                      st.aged[t]);
             line("Entries not created (table full)", st.insert_failures);
             line("Sampled packets", st.sampled_packets);
             line("Packets outside the filters", st.filtered_out);
             line("Packets counted into entries", st.updated_packets);
             line("Packets matching no entry", st.unmatched_packets);
             line("Table memory (bytes)", st.memory_bytes);
             const auto& an = app.engine.anomalies();
             std::string anomalies;
             for (std::size_t i = 0; i < dataplane::kAnomalyCount; ++i)
               if (an[i])
                 anomalies += fmt::format("  {:<43}: {}\n",
                                          dataplane::anomaly_name(static_cast<dataplane::Anomaly>(i)), an[i]);
             out += anomalies.empty() ? " Undecodable packets                         : 0\n"
                                      : " Undecodable packets:\n" + anomalies;
             ctx.out() << out;
             return Status::Ok;
           }});

  reg.add(
      {.views = {std::string(cli::kUserView)},
       .syntax = "reset esqm flow-table",
       .help = {{"reset", "Clear data"}, {"flow-table", "Clear the ESQM flow table without exporting it"}},
       .run = [&app](Ctx&, const Args&) {
         app.engine.esqm_reset();
         return Status::Ok;
       }});

  // The vendor resets tables and statistics with separate commands; so does vrsh.
  reg.add({.views = {std::string(cli::kUserView)},
           .syntax = "reset esqm statistics",
           .help = {{"reset", "Clear data"},
                    {"statistics", "Zero the counters of display esqm statistics; the flow table stays"}},
           .run = [&app](Ctx&, const Args&) {
             app.engine.esqm_reset_statistics();
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
