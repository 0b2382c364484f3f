// Telemetry displays: `display telemetry destination [ NAME ]`, `display telemetry subscription
// [ NAME ]` and `display telemetry sensor-path` in the vendor's layouts (reference
// telemetry-grpc.md section 1.5, from the CE command reference's examples), each followed where
// it has them by vrsh's own counters of the streams (sent, dropped, send errors, queued,
// connections, last send time, last error).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace tel = dataplane::telemetry;

namespace {

constexpr cli::TextArg kDestName{"dest-name"};
constexpr cli::TextArg kSubName{"subscription-name"};

const char* proto_name(model::TelemetryProtocol p) {
  switch (p) {
    case model::TelemetryProtocol::Udp:
      return "udp";
    case model::TelemetryProtocol::Tcp:
      return "tcp";
    case model::TelemetryProtocol::Grpc:
      break;
  }
  return "grpc";
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

const char* encoding_name(tel::DialoutEncoding e) {
  switch (e) {
    case tel::DialoutEncoding::Gpb:
      return "gpb";
    case tel::DialoutEncoding::Json:
      return "json";
    case tel::DialoutEncoding::JsonOnlyContent:
      break;
  }
  return "json only-content";
}

// Device time, as the commit history shows it.
std::string send_time(const std::optional<std::chrono::system_clock::time_point>& t) {
  if (!t) return "-";
  const std::time_t secs = std::chrono::system_clock::to_time_t(*t);
  std::tm local{};
  localtime_r(&secs, &local);
  return fmt::format("{:%Y-%m-%d %H:%M:%S}", local);
}

// vrsh's own table: one row per stream (a UDP or TCP destination, or a gRPC destination and
// subscription), with its counters.
std::string stream_table(const std::vector<const tel::DestinationView*>& dests) {
  if (dests.empty()) return "Info: No telemetry destination is streaming.\n";
  const std::string rule(96, '-');
  std::string out = fmt::format("Streams (vrsh):\n{}\n", rule);
  out += fmt::format(" {:<22} {:<5} {:<11} {:>10} {:>10} {:>11} {:>8} {:>8}\n", "Destination", "Proto",
                     "State", "Sent", "Dropped", "SendErrors", "Queued", "Connects");
  out += rule + "\n";
  for (const auto* d : dests) {
    const auto& s = d->stats;
    const auto& t = d->key.target;
    const bool connecting = t.transport.protocol != model::TelemetryProtocol::Udp;
    out += fmt::format(" {:<22} {:<5} {:<11} {:>10} {:>10} {:>11} {:>8} {:>8}\n",
                       fmt::format("{}:{}", model::format_ipv4(t.addr), t.port),
                       proto_name(t.transport.protocol), tel::state_name(s.state), s.sent, s.dropped,
                       s.send_errors, s.queued, connecting ? fmt::to_string(s.connects) : std::string("--"));
    out += fmt::format("   Sensor paths: {}\n", fmt::join(d->paths, ", "));
    if (const auto& g = d->key.grpc) {
      out += fmt::format("   Subscription: {}, encoding {}, compression {}\n", g->subscription,
                         encoding_name(g->encoding), t.transport.gzip ? "gzip" : "none");
      out += fmt::format("   TLS: {}\n", g->tls_text);
      out += fmt::format("   Reconnects: {}\n", s.reconnects());
    }
    out += fmt::format("   Bytes sent: {}, last send time: {}\n", s.bytes, send_time(s.last_send));
    if (!s.last_error.empty()) out += fmt::format("   Last error: {}\n", s.last_error);
  }
  return out + rule + "\n";
}

// The streams that carry destination `d` of group `group`: one per subscription naming the
// group for gRPC, the one shared stream for UDP and TCP.
std::vector<const tel::DestinationView*> streams_of(const model::Telemetry& t, const std::string& group,
                                                    const model::TelemetryDestination& d,
                                                    const std::vector<tel::DestinationView>& views) {
  std::vector<const tel::DestinationView*> out;
  for (const auto& [name, sub] : t.subscriptions) {
    if (!sub.destination_groups.contains(group)) continue;
    const model::TelemetryTransport tr = model::effective_transport(sub, d);
    for (const auto& v : views) {
      const auto& k = v.key.target;
      if (k.addr != d.addr || k.port != d.port || k.vpn != d.vpn || k.transport != tr) continue;
      if (v.key.grpc && v.key.grpc->subscription != name) continue;
      if (std::find(out.begin(), out.end(), &v) == out.end()) out.push_back(&v);
    }
  }
  return out;
}

// RESOLVED: streamed; UNRESOLVED: its stream cannot reach the collector (retrying); NA: not
// subscribed (no subscription with sensor paths names the group).
const char* resolve_state(const std::vector<const tel::DestinationView*>& streams) {
  if (streams.empty()) return "NA";
  for (const auto* s : streams)
    if (s->stats.state == tel::ConnState::Backoff) return "UNRESOLVED";
  return "RESOLVED";
}

const char* failed_reason(const model::Telemetry& t, const std::string& group,
                          const std::vector<const tel::DestinationView*>& streams) {
  const std::string state = resolve_state(streams);
  if (state == "RESOLVED") return "NA";
  if (state == "UNRESOLVED") return "UNKNOWN";
  const bool named = std::any_of(t.subscriptions.begin(), t.subscriptions.end(), [&](const auto& kv) {
    return kv.second.destination_groups.contains(group);
  });
  return named ? "NO-SENSOR" : "NO-SUBSCRIPTION";
}

const char* compression(const model::TelemetryTransport& t) {
  return t.protocol == model::TelemetryProtocol::Grpc && t.gzip ? "GZIP" : "NONE";
}

std::string vpn_text(const std::string& vpn) {
  return vpn.empty() ? "-" : vpn;
}

// The columns of the vendor's example, State one wider so that UNRESOLVED keeps a space after it.
constexpr const char* kDestRow = "{:<13}{:<17}{:<11}{:<11}{:<14}{:<10}{:<20}{:<14}{:<20}{}\n";
constexpr const char* kDestNamedRow = "{:<12}{:<17}{:<12}{:<11}{:<14}{:<9}{:<10}{:<17}{:<12}{:<19}{:<16}{}\n";

std::string destination_display(const App& app, const std::optional<std::string>& name) {
  const model::Telemetry& t = app.store.running().telemetry;
  const auto views = app.telemetry.destinations();
  const std::string rule(136, '-');
  std::string out = rule + "\n";
  if (name)
    out += fmt::format(kDestNamedRow, "Dest-name", "Dest-addr", "Dest-port", "State", "Vpn-name", "Protocol",
                       "Istls", "Src-address", "Src-port", "Src-interface", "FailedReason", "Compression");
  else
    out += fmt::format(kDestRow, "Dest-name", "Dest-addr", "Dest-port", "State", "Vpn-name", "Protocol",
                       "Src-address", "Src-port", "Src-interface", "Compression");
  out += rule + "\n";
  std::vector<const tel::DestinationView*> shown;
  for (const auto& [group, g] : t.destination_groups) {
    if (name && group != *name) continue;
    for (const auto& d : g.destinations) {
      const auto streams = streams_of(t, group, d, views);
      for (const auto* s : streams)
        if (std::find(shown.begin(), shown.end(), s) == shown.end()) shown.push_back(s);
      const std::string proto = upper(proto_name(d.transport.protocol));
      if (name) {
        const bool tls = std::any_of(streams.begin(), streams.end(),
                                     [](const auto* s) { return s->key.grpc && s->key.grpc->tls.enabled; });
        out += fmt::format(kDestNamedRow, group, model::format_ipv4(d.addr), d.port, resolve_state(streams),
                           vpn_text(d.vpn), proto, tls ? "TLS" : "NO-TLS", "-", "-", "-",
                           failed_reason(t, group, streams), compression(d.transport));
      } else {
        out += fmt::format(kDestRow, group, model::format_ipv4(d.addr), d.port, resolve_state(streams),
                           vpn_text(d.vpn), proto, "-", "-", "-", compression(d.transport));
      }
    }
  }
  out += rule + "\n\n";
  // Without a name, every stream (a removed group's still draining ones too).
  if (!name) {
    shown.clear();
    for (const auto& v : views) shown.push_back(&v);
  }
  return out + stream_table(shown);
}

// The streams of destination `d` (of group `group`) that carry subscription `name`: its own gRPC
// stream, or the UDP or TCP stream it shares.
std::vector<const tel::DestinationView*> own_streams(const model::Telemetry& t, const std::string& name,
                                                     const std::string& group,
                                                     const model::TelemetryDestination& d,
                                                     const std::vector<tel::DestinationView>& views) {
  std::vector<const tel::DestinationView*> out;
  for (const auto* s : streams_of(t, group, d, views))
    if (!s->key.grpc || s->key.grpc->subscription == name) out.push_back(s);
  return out;
}

// The streams of a subscription, over every destination of its destination groups.
std::vector<const tel::DestinationView*> subscription_streams(
    const model::Telemetry& t, const std::string& name, const model::TelemetrySubscription& sub,
    const std::vector<tel::DestinationView>& views) {
  std::vector<const tel::DestinationView*> out;
  for (const auto& group : sub.destination_groups) {
    auto g = t.destination_groups.find(group);
    if (g == t.destination_groups.end()) continue;
    for (const auto& d : g->second.destinations)
      for (const auto* s : own_streams(t, name, group, d, views))
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  }
  return out;
}

// ACTIVE: connected to a collector (a gRPC or TCP stream up, or UDP documents sent).
const char* sub_state(const std::vector<const tel::DestinationView*>& streams) {
  for (const auto* s : streams) {
    if (s->stats.state == tel::ConnState::Connected) return "ACTIVE";
    if (s->key.target.transport.protocol == model::TelemetryProtocol::Udp && s->stats.sent > 0)
      return "ACTIVE";
  }
  return "PASSIVE";
}

std::string item(const char* label, const std::string& v) {
  return fmt::format("{:<19}: {}\n", label, v);
}

std::string subscription_block(const model::Telemetry& t, const std::string& name,
                               const model::TelemetrySubscription& sub,
                               const std::vector<tel::DestinationView>& views, bool detail) {
  const auto streams = subscription_streams(t, name, sub, views);
  std::string out = item("Sub-name", name);
  if (detail) {
    std::set<std::string> protos;
    if (sub.protocol) protos.insert(proto_name(sub.protocol->protocol));
    for (const auto& group : sub.destination_groups)
      if (auto g = t.destination_groups.find(group); g != t.destination_groups.end() && !sub.protocol)
        for (const auto& d : g->second.destinations) protos.insert(proto_name(d.transport.protocol));
    tel::DestinationStats sum;
    for (const auto* s : streams) {
      sum.bytes += s->stats.bytes;
      sum.sent += s->stats.sent;
      sum.send_errors += s->stats.send_errors;
      sum.dropped += s->stats.dropped;
      if (s->stats.last_send && (!sum.last_send || *s->stats.last_send > *sum.last_send))
        sum.last_send = s->stats.last_send;
    }
    out += item("Source Address", "-") + item("Dscp", "0") +
           item("Protocol", protos.size() == 1 ? upper(*protos.begin()) : "-") +
           item("Encoding", sub.encoding == model::TelemetryEncoding::Json ? "JSON" : "GPB") +
           item("Send bytes", std::to_string(sum.bytes)) + item("Send packets", std::to_string(sum.sent)) +
           item("Total send delay", "-") + item("Total send error", std::to_string(sum.send_errors)) +
           item("Total send drop", std::to_string(sum.dropped)) + item("Total other error", "-") +
           item("Last send-time", send_time(sum.last_send));
  }
  const std::string srule(detail ? 70 : 52, '-');
  out += fmt::format("Sensor group:\n{}\n", srule);
  out += detail ? fmt::format("{:<12}{:<20}{:<22}{:<12}{}\n", "Sensor-name", "Sample-interval(ms)",
                              "Heartbeat-interval(s)", "Suppression", "State")
                : fmt::format("{:<16}{:<21}{}\n", "Sensor-name", "Sample-interval(ms)", "State");
  out += srule + "\n";
  for (const auto& group : sub.sensor_groups) {
    auto g = t.sensor_groups.find(group);
    const char* state = g != t.sensor_groups.end() && !g->second.paths.empty() ? "RESOLVED" : "NA";
    out += detail ? fmt::format("{:<12}{:<20}{:<22}{:<12}{}\n", group, "-", "-", "NO", state)
                  : fmt::format("{:<16}{:<21}{}\n", group, "-", state);
  }
  const std::string drule(70, '-');
  out += fmt::format("{}\nDestination group:\n{}\n", srule, drule);
  out += fmt::format("{:<12}{:<17}{:<12}{:<13}{:<13}{:<11}{}\n", "Dest-name", "Dest-IP", "Dest-port", "State",
                     "Vpn-name", "Protocol", "Compression");
  out += drule + "\n";
  for (const auto& group : sub.destination_groups) {
    auto g = t.destination_groups.find(group);
    if (g == t.destination_groups.end()) continue;
    for (const auto& d : g->second.destinations) {
      const auto own = own_streams(t, name, group, d, views);
      const model::TelemetryTransport tr = model::effective_transport(sub, d);
      out +=
          fmt::format("{:<12}{:<17}{:<12}{:<13}{:<13}{:<11}{}\n", group, model::format_ipv4(d.addr), d.port,
                      resolve_state(own), vpn_text(d.vpn), upper(proto_name(tr.protocol)), compression(tr));
    }
  }
  out += drule + "\n" + item("Sub-state", sub_state(streams));
  return out;
}

std::string subscription_display(const App& app, const std::optional<std::string>& name) {
  const model::Telemetry& t = app.store.running().telemetry;
  const auto views = app.telemetry.destinations();
  const std::string rule(75, '-');
  std::string out;
  std::size_t n = 0;
  for (const auto& [sname, sub] : t.subscriptions) {
    if (name && sname != *name) continue;
    out += rule + "\n" + subscription_block(t, sname, sub, views, name.has_value());
    ++n;
  }
  return out + rule + fmt::format("\n\nTotal subscription number is :  {}\n", n);
}

// The vendor's layout (the CE command reference's example; the rows as NE40E V8R11/R12 show the
// ESQM paths, vrp-cli.md section 4): every path vrsh can stream, by name. All are OnChange
// (event) paths, without a sampling period; the legend says so in the vendor's style.
std::string sensor_path_table() {
  std::vector<std::string> paths(std::begin(model::kSensorPaths), std::end(model::kSensorPaths));
  std::sort(paths.begin(), paths.end());
  const std::string rule(114, '-');
  std::string out = fmt::format(
      "OnChange: The path reports data when it changes (an event), not at a sampling interval.\n{0}\n"
      "{1:<14}{2:<15}{3:<15}{4}\n{0}\n",
      rule, "Type", "MinPeriod(ms)", "MaxEachPeriod", "Path");
  for (const auto& p : paths) out += fmt::format("{:<14}{:<15}{:<15}{}\n", "OnChange", "--", "--", p);
  out += fmt::format(
      "{}\nnote:\n"
      "1. Recommended configuration: Sampling period = (Total number of sampling instances) / (Number of "
      "sampling instances in each minimum sampling period) * (Minimum sampling period).\n"
      "2. MaxEachPeriod indicates the historical maximum value, not the specification.\n",
      rule);
  return out;
}

}  // namespace

void register_telemetry_display(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView);
  reg.add({.views = {any},
           .syntax = "display telemetry destination [ <dest-name> ]",
           .help = {{"telemetry", "Telemetry"},
                    {"destination",
                     "Destination groups, and the streaming state and counters of each destination"}},
           .params = {{kDestName, cli::types::string(1, 64), "Destination group name"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const auto name = a.opt(kDestName);
             if (name && !app.store.running().telemetry.destination_groups.contains(*name))
               return fail(ctx, fmt::format("The destination group {} does not exist.", *name));
             ctx.out() << destination_display(app, name);
             return Status::Ok;
           }});
  reg.add({.views = {any},
           .syntax = "display telemetry subscription [ <subscription-name> ]",
           .help = {{"telemetry", "Telemetry"}, {"subscription", "Subscriptions, their groups and counters"}},
           .params = {{kSubName, cli::types::string(1, 64), "Subscription name"}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const auto name = a.opt(kSubName);
             if (name && !app.store.running().telemetry.subscriptions.contains(*name))
               return fail(ctx, fmt::format("The subscription {} does not exist.", *name));
             ctx.out() << subscription_display(app, name);
             return Status::Ok;
           }});
  reg.add(
      {.views = {any},
       .syntax = "display telemetry sensor-path",
       .help = {{"telemetry", "Telemetry"}, {"sensor-path", "The sensor paths that can be subscribed to"}},
       .run = [](Ctx& ctx, const Args&) {
         ctx.out() << sensor_path_table();
         return Status::Ok;
       }});
}

}  // namespace vrsh::commands
