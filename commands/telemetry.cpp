// Telemetry configuration (reference section 4): the `telemetry` view with sensor groups,
// destination groups and subscriptions. The displays are in telemetry_display.cpp.
#include <algorithm>
#include <cctype>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/params.hpp"
#include "commands/views.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

constexpr views::View<views::NoContext> kTelemetryView{
    .name = "telemetry",
    .parent = cli::kSystemView,
    .suffix = [](const views::NoContext&) { return std::string("-telemetry"); },
    .display_this =
        [](const model::Config& cfg, const views::NoContext&) {
          return model::render_block(model::telemetry_node(cfg.telemetry));
        }};

// What a sensor group, destination group or subscription view edits.
struct GroupContext {
  std::string name;
};

constexpr views::View<GroupContext> kSensorGroupView{
    .name = "telemetry-sensor-group",
    .parent = kTelemetryView.name,
    .suffix = [](const GroupContext& c) { return "-sensor-group-" + c.name; },
    .display_this =
        [](const model::Config& cfg, const GroupContext& c) {
          return model::render_block(model::sensor_group_node(cfg.telemetry, c.name));
        }};

constexpr views::View<GroupContext> kDestinationGroupView{
    .name = "telemetry-destination-group",
    .parent = kTelemetryView.name,
    .suffix = [](const GroupContext& c) { return "-destination-group-" + c.name; },
    .display_this =
        [](const model::Config& cfg, const GroupContext& c) {
          return model::render_block(model::destination_group_node(cfg.telemetry, c.name));
        }};

constexpr views::View<GroupContext> kSubscriptionView{
    .name = "telemetry-subscription",
    .parent = kTelemetryView.name,
    .suffix = [](const GroupContext& c) { return "-subscription-" + c.name; },
    .display_this =
        [](const model::Config& cfg, const GroupContext& c) {
          return model::render_block(model::subscription_node(cfg.telemetry, c.name));
        }};

constexpr std::size_t kMaxSensorGroupsPerSubscription = 5;  // reference 4: at most 5 per subscription

constexpr cli::TextArg kSensorName{"sensor-name"};
constexpr cli::TextArg kDestinationName{"destination-name"};
constexpr cli::TextArg kSubscriptionName{"subscription-name"};
constexpr cli::TextArg kPath{"path"};
constexpr cli::Ipv4Arg kIp{"ip-address"};
constexpr cli::IntArg<std::uint16_t> kPort{"port"};
constexpr cli::WordArg kProtocol{"protocol"};
constexpr cli::WordArg kEncoding{"encoding"};

// Reference 1.2: at most 10 addresses per destination group.
constexpr std::size_t kMaxDestinationsPerGroup = 10;

// The vendor's protocol clause, on a destination and as a subscription's override; TCP is a vrsh
// extension.
const std::string kProtocolClause = "protocol { grpc [ no-tls ] [ compression gzip ] | udp | tcp }$protocol";

std::map<std::string, std::string> protocol_help(std::map<std::string, std::string> h) {
  h.insert({{"protocol", "Transport protocol"},
            {"grpc", "gRPC dial-out (the default)"},
            {"no-tls", "Never use TLS"},
            {"compression", "Compression of gRPC messages"},
            {"gzip", "gzip compression"},
            {"udp", "One JSON document per datagram"},
            {"tcp", "One JSON document per line over a connection (vrsh extension)"}});
  return h;
}

// The transport a typed protocol clause names; gRPC when none is typed (the vendor's default).
model::TelemetryTransport typed_transport(const Args& a) {
  model::TelemetryTransport t;
  if (a.is(kProtocol, "udp")) t.protocol = model::TelemetryProtocol::Udp;
  if (a.is(kProtocol, "tcp")) t.protocol = model::TelemetryProtocol::Tcp;
  t.no_tls = a.has("no-tls");
  t.gzip = a.has("gzip");
  return t;
}

cli::ParamType group_name() {
  return types::string(1, 64);
}

// The vendor's YANG gives destination group names the pattern [A-Za-z0-9]+ (reference 1).
cli::ParamType destination_name() {
  cli::ParamType t = group_name();
  t.parse = [base = t.parse](std::span<const cli::Token> rest, std::string_view line) -> cli::ParamParse {
    if (rest.empty() || !std::all_of(rest[0].text.begin(), rest[0].text.end(),
                                     [](unsigned char c) { return std::isalnum(c) != 0; }))
      return {};
    return base(rest, line);
  };
  return t;
}

// The group a group view edits, created again (with the telemetry block) when a
// `clear configuration candidate` typed in the view removed it since.
template <class Group>
Group& view_group(App& app, std::map<std::string, Group> model::Telemetry::*groups, const std::string& name) {
  Group& g = (view_block(app.candidate.telemetry).*groups)[name];
  g.name = name;
  return g;
}

void register_view_commands(cli::Registry& reg, App& app) {
  kTelemetryView.add(reg, {.syntax = "sensor-group <sensor-name>",
                           .undo_syntax = "undo sensor-group <sensor-name>",
                           .help = {{"sensor-group", "Sensor group"}},
                           .params = {{kSensorName, group_name(), "Sensor group name, 1 to 64 characters"}},
                           .run = [&app](Ctx& ctx, const Args& a) {
                             auto& t = view_block(app.candidate.telemetry);
                             const std::string name = a[kSensorName];
                             if (ctx.undo()) {
                               if (!t.sensor_groups.erase(name))
                                 return fail(ctx, "The sensor group does not exist.");
                               return Status::Ok;
                             }
                             t.sensor_groups[name].name = name;
                             kSensorGroupView.enter(ctx, {name});
                             return Status::Ok;
                           }});

  kSensorGroupView.add(
      reg, {.syntax = "sensor-path <path>",
            .undo_syntax = "undo sensor-path <path>",
            .help = {{"sensor-path", "Sensor path"}},
            .params = {{kPath, types::string(1, 511),
                        fmt::format("Sensor path: {}", fmt::join(model::kSensorPaths, ", "))}},
            .run = [&app](Ctx& ctx, const Args& a) {
              auto& g = view_group(app, &model::Telemetry::sensor_groups, kSensorGroupView.of(ctx).name);
              const std::string path = a[kPath];
              if (ctx.undo()) {
                if (!g.paths.erase(path))
                  return fail(ctx, "The sensor path does not exist in the sensor group.");
                return Status::Ok;
              }
              if (!model::supported_sensor_path(path))
                return fail(ctx, fmt::format("The sensor path {} is not supported. Supported paths: {}.",
                                             path, fmt::join(model::kSensorPaths, ", ")));
              g.paths.insert(path);
              return Status::Ok;
            }});

  kTelemetryView.add(reg, {.syntax = "destination-group <destination-name>",
                           .undo_syntax = "undo destination-group <destination-name>",
                           .help = {{"destination-group", "Destination group"}},
                           .params = {{kDestinationName, destination_name(),
                                       "Destination group name, 1 to 64 letters or digits"}},
                           .run = [&app](Ctx& ctx, const Args& a) {
                             auto& t = view_block(app.candidate.telemetry);
                             const std::string name = a[kDestinationName];
                             if (ctx.undo()) {
                               if (!t.destination_groups.erase(name))
                                 return fail(ctx, "The destination group does not exist.");
                               return Status::Ok;
                             }
                             t.destination_groups[name].name = name;
                             kDestinationGroupView.enter(ctx, {name});
                             return Status::Ok;
                           }});

  kDestinationGroupView.add(
      reg,
      {.syntax = "ipv4-address <ip-address> port <port> [ vpn-instance <vpn-instance-name> ] [ " +
                 kProtocolClause + " ]",
       .undo_syntax = "undo ipv4-address <ip-address> port <port> [ vpn-instance <vpn-instance-name> ] [ " +
                      kProtocolClause + " ]",
       .help = protocol_help({{"ipv4-address", "IPv4 address of the collector"},
                              {"port", "Port of the collector"},
                              {"vpn-instance", "VPN instance the collector is reached in"}}),
       .params = {{kIp, types::ipv4(), "IPv4 address"},
                  {kPort, types::integer(1, 65535), "Port number"},
                  {kVpnName, vpn_name_param()},
                  {kProtocol}},
       .run = [&app](Ctx& ctx, const Args& a) {
         auto& dests =
             view_group(app, &model::Telemetry::destination_groups, kDestinationGroupView.of(ctx).name)
                 .destinations;
         model::TelemetryDestination d{a[kIp], a[kPort], a.value_or(kVpnName, {}), typed_transport(a)};
         // One entry per address, port and VPN: a new protocol replaces the old one.
         auto same_endpoint = [&](const model::TelemetryDestination& x) {
           return x.addr == d.addr && x.port == d.port && x.vpn == d.vpn &&
                  (!ctx.undo() || !a.has(kProtocol) || x.transport.protocol == d.transport.protocol);
         };
         if (!ctx.undo() && !std::any_of(dests.begin(), dests.end(), same_endpoint) &&
             dests.size() >= kMaxDestinationsPerGroup)
           return fail(ctx, fmt::format("A destination group can have at most {} destinations.",
                                        kMaxDestinationsPerGroup));
         const auto n = std::erase_if(dests, same_endpoint);
         if (ctx.undo()) return n ? Status::Ok : fail(ctx, "The destination does not exist.");
         dests.insert(d);
         return Status::Ok;
       }});

  kTelemetryView.add(reg,
                     {.syntax = "subscription <subscription-name>",
                      .undo_syntax = "undo subscription <subscription-name>",
                      .help = {{"subscription", "Subscription"}},
                      .params = {{kSubscriptionName, group_name(), "Subscription name, 1 to 64 characters"}},
                      .run = [&app](Ctx& ctx, const Args& a) {
                        auto& t = view_block(app.candidate.telemetry);
                        const std::string name = a[kSubscriptionName];
                        if (ctx.undo()) {
                          if (!t.subscriptions.erase(name))
                            return fail(ctx, "The subscription does not exist.");
                          return Status::Ok;
                        }
                        t.subscriptions[name].name = name;
                        kSubscriptionView.enter(ctx, {name});
                        return Status::Ok;
                      }});

  kSubscriptionView.add(
      reg,
      {.syntax = "sensor-group <sensor-name>",
       .undo_syntax = "undo sensor-group <sensor-name>",
       .help = {{"sensor-group", "Sensor group streamed by this subscription"}},
       .params = {{kSensorName, group_name(), "Sensor group name"}},
       .run = [&app](Ctx& ctx, const Args& a) {
         auto& groups =
             view_group(app, &model::Telemetry::subscriptions, kSubscriptionView.of(ctx).name).sensor_groups;
         const std::string name = a[kSensorName];
         if (ctx.undo()) {
           if (!groups.erase(name)) return fail(ctx, "The sensor group is not in the subscription.");
           return Status::Ok;
         }
         if (!groups.contains(name) && groups.size() >= kMaxSensorGroupsPerSubscription)
           return fail(ctx, fmt::format("A subscription can have at most {} sensor groups.",
                                        kMaxSensorGroupsPerSubscription));
         groups.insert(name);
         return Status::Ok;
       }});

  kSubscriptionView.add(
      reg, {.syntax = "destination-group <destination-name>",
            .undo_syntax = "undo destination-group <destination-name>",
            .help = {{"destination-group", "Destination group receiving this subscription"}},
            .params = {{kDestinationName, destination_name(), "Destination group name"}},
            .run = [&app](Ctx& ctx, const Args& a) {
              auto& groups = view_group(app, &model::Telemetry::subscriptions, kSubscriptionView.of(ctx).name)
                                 .destination_groups;
              const std::string name = a[kDestinationName];
              if (ctx.undo()) {
                if (!groups.erase(name))
                  return fail(ctx, "The destination group is not in the subscription.");
                return Status::Ok;
              }
              groups.insert(name);
              return Status::Ok;
            }});

  kSubscriptionView.add(reg, {.syntax = kProtocolClause,
                              .undo_syntax = "undo protocol",
                              .help = protocol_help({}),
                              .params = {{kProtocol}},
                              .run = [&app](Ctx& ctx, const Args& a) {
                                auto& sub = view_group(app, &model::Telemetry::subscriptions,
                                                       kSubscriptionView.of(ctx).name);
                                if (ctx.undo())
                                  sub.protocol.reset();
                                else
                                  sub.protocol = typed_transport(a);
                                return Status::Ok;
                              }});

  kSubscriptionView.add(
      reg, {.syntax = "encoding { gpb | json }$encoding",
            .undo_syntax = "undo encoding",
            .help = {{"encoding", "Encoding of the data sent over gRPC"},
                     {"gpb", "GPB: rows of the sensor path's proto (default)"},
                     {"json", "JSON: the sensor path's document (an ESQM record, an IP FPM statistic)"}},
            .params = {{kEncoding}},
            .run = [&app](Ctx& ctx, const Args& a) {
              auto& sub = view_group(app, &model::Telemetry::subscriptions, kSubscriptionView.of(ctx).name);
              sub.encoding = !ctx.undo() && a.is(kEncoding, "json") ? model::TelemetryEncoding::Json
                                                                    : model::TelemetryEncoding::Gpb;
              return Status::Ok;
            }});

  kTelemetryView.add(
      reg,
      {.syntax = "json only-content",
       .undo_syntax = "undo json only-content",
       .help = {{"json", "JSON encoding options"},
                {"only-content", "Send JSON inside a GPB Telemetry message (data_str) instead of pure JSON"}},
       .run = [&app](Ctx& ctx, const Args&) {
         view_block(app.candidate.telemetry).json_only_content = !ctx.undo();
         return Status::Ok;
       }});
}

}  // namespace

void register_telemetry(cli::Registry& reg, App& app) {
  reg.add(feature_view_command<model::Telemetry>(
      "telemetry", {{"telemetry", "Enter the telemetry view"}}, kTelemetryView,
      [&app]() -> model::Telemetry& { return app.candidate.telemetry; }));
  register_view_commands(reg, app);
  register_grpc_tls(reg, app);

  register_telemetry_display(reg, app);
}

}  // namespace vrsh::commands
