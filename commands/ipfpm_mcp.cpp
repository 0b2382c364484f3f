// IP FPM measurement control point (MCP): `nqa ipfpm mcp`, its instances, DCP lists, thresholds and ACHs.
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/ipfpm_common.hpp"
#include "commands/params.hpp"
#include "commands/views.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

constexpr std::size_t kMaxInstances = 64;
constexpr std::size_t kMaxDcpsPerInstance = 256;
constexpr std::size_t kMaxAchsPerInstance = 16;
constexpr std::size_t kMaxTlpsPerAch = 16;
constexpr cli::IntArg<std::uint16_t> kPort{"port-number"};
constexpr cli::Ipv4Arg kDcp{"dcp-id"};
constexpr cli::WordArg kMeasure{"measure"};
constexpr cli::TextArg kUpperRatio{"upper-limit"};
constexpr cli::TextArg kLowerRatio{"lower-limit"};
constexpr cli::IntArg<> kUpperDelay{"upper-limit"};
constexpr cli::IntArg<> kLowerDelay{"lower-limit"};
constexpr cli::IntArg<std::uint32_t> kAchId{"ach-id"};
constexpr cli::WordArg kFlow{"direction"};
constexpr cli::WordArg kGroup{"group"};

constexpr views::View<views::NoContext> kMcpView{
    .name = "nqa-ipfpm-mcp",
    .parent = cli::kSystemView,
    .suffix = [](const views::NoContext&) { return std::string("-nqa-ipfpm-mcp"); },
    .display_this =
        [](const model::Config& cfg, const views::NoContext&) {
          return model::render_block(model::mcp_node(cfg.ipfpm.mcp));
        }};

constexpr views::View<ipfpm::InstanceContext> kMcpInstanceView{
    .name = "nqa-ipfpm-mcp-instance",
    .parent = kMcpView.name,
    .suffix = ipfpm::instance_suffix,
    .display_this = [](const model::Config& cfg, const ipfpm::InstanceContext& c) {
      return model::render_block(model::mcp_instance_node(cfg.ipfpm.mcp, c.instance));
    }};

struct AchContext {
  std::uint32_t instance = 0;
  std::uint32_t ach = 0;
};

constexpr views::View<AchContext> kAchView{
    .name = "nqa-ipfpm-mcp-ach",
    .parent = kMcpInstanceView.name,
    .suffix = [](const AchContext& c) { return fmt::format("-ach-{}", c.ach); },
    .display_this =
        [](const model::Config& cfg, const AchContext& c) {
          return model::render_block(model::ach_node(cfg.ipfpm.mcp, c.instance, c.ach));
        }};

model::McpInstance& instance(App& app, std::uint32_t id) {
  return ipfpm::current_instance(view_block(app.candidate.ipfpm.mcp).instances, id);
}

model::McpInstance& instance(App& app, Ctx& ctx) {
  return instance(app, kMcpInstanceView.of(ctx).instance);
}

model::Ach& ach(App& app, Ctx& ctx) {
  const AchContext& c = kAchView.of(ctx);
  auto& a = instance(app, c.instance).achs[c.ach];
  a.id = c.ach;
  return a;
}

// The limits as typed (normalized) text, which the configuration keeps.
Status threshold(Ctx& ctx, std::optional<model::Threshold>& slot, std::string upper, std::string lower,
                 bool lower_greater) {
  if (ctx.undo()) {
    slot.reset();
    return Status::Ok;
  }
  if (lower_greater) return fail(ctx, "The lower limit must not be greater than the upper limit.");
  slot = model::Threshold{std::move(upper), std::move(lower)};
  return Status::Ok;
}

}  // namespace

void register_ipfpm_mcp(cli::Registry& reg, App& app) {
  reg.add(ipfpm::point_command<model::Mcp>(
      "mcp", "Enable the measurement control point and enter its view",
      kMcpView, [&app]() -> auto& { return app.candidate.ipfpm.mcp; }));

  kMcpView.add(reg, ipfpm::point_id_command(
                        "mcp", "Measurement control point", [&app]() -> auto& {
                          return view_block(app.candidate.ipfpm.mcp).id;
                        }));

  kMcpView.add(reg, {.syntax = "protocol udp port <port-number>",
                     .undo_syntax = "undo protocol udp port",
                     .help = {{"protocol", "Protocol of the reports"}, {"udp", "UDP"}, {"port", "UDP port"}},
                     .params = {{kPort, types::integer(1024, 65535), "Port number"}},
                     .run = [&app](Ctx& ctx, const Args& a) {
                       auto& mcp = view_block(app.candidate.ipfpm.mcp);
                       const auto port = a.value_or(kPort, std::uint16_t{65030});
                       if (ctx.undo() || port == 65030)
                         mcp.port.reset();
                       else
                         mcp.port = port;
                       return Status::Ok;
                     }});

  kMcpView.add(reg, ipfpm::auth_command([&app](Ctx&) -> std::optional<model::FpmAuth>& {
                 return view_block(app.candidate.ipfpm.mcp).auth;
               }));
  kMcpView.add(
      reg, ipfpm::instance_command<model::McpInstance>(
               kMcpInstanceView, [&app]() -> auto& { return view_block(app.candidate.ipfpm.mcp).instances; },
               kMaxInstances));
  kMcpInstanceView.add(reg, description_command("Describe the instance", [&app](Ctx& ctx) -> std::string& {
                         return instance(app, ctx).description;
                       }));

  kMcpInstanceView.add(reg, {.syntax = "dcp <dcp-id>",
                             .undo_syntax = "undo dcp [ <dcp-id> ]",
                             .help = {{"dcp", "A DCP that reports for this instance"}},
                             .params = {{kDcp, ipfpm::dcp_id_param()}},
                             .run = [&app](Ctx& ctx, const Args& a) {
                               auto& inst = instance(app, ctx);
                               if (ctx.undo()) {
                                 if (!a.has(kDcp))
                                   inst.dcps.clear();
                                 else if (!inst.dcps.erase(a[kDcp]))
                                   return fail(ctx, "The DCP does not exist in the instance.");
                                 return Status::Ok;
                               }
                               const auto id = a[kDcp];
                               if (!inst.dcps.count(id) && inst.dcps.size() >= kMaxDcpsPerInstance)
                                 return fail(ctx,
                                             fmt::format("The number of DCPs has reached the upper limit {}.",
                                                         kMaxDcpsPerInstance));
                               inst.dcps.insert(id);
                               return Status::Ok;
                             }});

  kMcpInstanceView.add(reg, {.syntax = "measure { disable | enable }$measure",
                             .undo_syntax = "undo measure disable",
                             .help = {{"measure", "Measurement of the instance"},
                                      {"disable", "Stop computing results"},
                                      {"enable", "Compute results (default)"}},
                             .params = {{kMeasure}},
                             .run = [&app](Ctx& ctx, const Args& a) {
                               instance(app, ctx).measure_disabled = !ctx.undo() && a.is(kMeasure, "disable");
                               return Status::Ok;
                             }});

  kMcpInstanceView.add(
      reg, {.syntax = "loss-measure ratio-threshold upper-limit <upper-limit> lower-limit <lower-limit>",
            .undo_syntax = "undo loss-measure ratio-threshold",
            .help = {{"loss-measure", "Packet loss measurement"},
                     {"ratio-threshold", "Alarm thresholds of the loss ratio"}},
            .params = {{kUpperRatio, types::decimal(0.000001, 100, 6), "Percentage, 0.000001 to 100"},
                       {kLowerRatio, types::decimal(0.000001, 100, 6), "Percentage, 0.000001 to 100"}},
            .run = [&app](Ctx& ctx, const Args& a) {
              if (ctx.undo()) return threshold(ctx, instance(app, ctx).loss_threshold, {}, {}, false);
              const std::string u = a[kUpperRatio], l = a[kLowerRatio];
              return threshold(ctx, instance(app, ctx).loss_threshold, u, l, std::stod(l) > std::stod(u));
            }});

  for (const bool two_way : {false, true}) {
    kMcpInstanceView.add(
        reg,
        {.syntax = fmt::format(
             "delay-measure {} delay-threshold upper-limit <upper-limit> lower-limit <lower-limit>",
             two_way ? "two-way" : "one-way"),
         .undo_syntax = fmt::format("undo delay-measure {} delay-threshold", two_way ? "two-way" : "one-way"),
         .help = {{"delay-measure", "Delay measurement"},
                  {"one-way", "One-way delay of unidirectional flows"},
                  {"two-way", "Two-way delay of bidirectional flows"}},
         .params = {{kUpperDelay, types::integer(1, 2147483647), "Microseconds"},
                    {kLowerDelay, types::integer(1, 2147483647), "Microseconds"}},
         .run = [&app, two_way](Ctx& ctx, const Args& a) {
           auto& inst = instance(app, ctx);
           auto& slot = two_way ? inst.twoway_threshold : inst.oneway_threshold;
           if (ctx.undo()) return threshold(ctx, slot, {}, {}, false);
           const auto u = a[kUpperDelay], l = a[kLowerDelay];
           return threshold(ctx, slot, std::to_string(u), std::to_string(l), l > u);
         }});
  }

  kMcpInstanceView.add(reg, {.syntax = "ach <ach-id>",
                             .undo_syntax = "undo ach <ach-id>",
                             .help = {{"ach", "Atomic closed hop for hop-by-hop measurement"}},
                             .params = {{kAchId, types::integer(1, 2147483647), "ACH ID"}},
                             .run = [&app](Ctx& ctx, const Args& a) {
                               auto& inst = instance(app, ctx);
                               const auto id = a[kAchId];
                               if (ctx.undo()) {
                                 if (!inst.achs.erase(id)) return fail(ctx, "The ACH does not exist.");
                                 return Status::Ok;
                               }
                               if (!inst.achs.count(id) && inst.achs.size() >= kMaxAchsPerInstance)
                                 return fail(ctx,
                                             fmt::format("The number of ACHs has reached the upper limit {}.",
                                                         kMaxAchsPerInstance));
                               inst.achs[id].id = id;
                               kAchView.enter(ctx, {kMcpInstanceView.of(ctx).instance, id});
                               return Status::Ok;
                             }});

  kAchView.add(reg, {.syntax = "flow { forward | backward | bidirectional }$direction",
                     .undo_syntax = "undo flow",
                     .help = {{"flow", "Direction of the flow this ACH measures"},
                              {"bidirectional", "Both directions"}},
                     .params = {{kFlow}},
                     .run = [&app](Ctx& ctx, const Args& a) {
                       auto& x = ach(app, ctx);
                       if (ctx.undo())
                         x.flow.reset();
                       else
                         x.flow = ipfpm::flow_dir(a, kFlow);
                       return Status::Ok;
                     }});

  kAchView.add(reg, {.syntax = "{ in-group | out-group }$group dcp <dcp-id> tlp <tlp-id>",
                     .undo_syntax = "undo { in-group | out-group }$group [ dcp <dcp-id> tlp <tlp-id> ]",
                     .help = {{"in-group", "TLPs where the hop starts"},
                              {"out-group", "TLPs where the hop ends"},
                              {"dcp", "DCP of the TLP"},
                              {"tlp", "TLP"}},
                     .params = {{kGroup}, {kDcp, ipfpm::dcp_id_param()}, {kTlp, tlp_id_param()}},
                     .run = [&app](Ctx& ctx, const Args& a) {
                       auto& x = ach(app, ctx);
                       auto& group = a.is(kGroup, "in-group") ? x.in_group : x.out_group;
                       if (ctx.undo() && !a.has(kDcp)) {
                         group.clear();
                         return Status::Ok;
                       }
                       const model::AchGroup g{a[kDcp], a[kTlp]};
                       if (ctx.undo()) {
                         if (!group.erase(g)) return fail(ctx, "The TLP does not exist in the group.");
                         return Status::Ok;
                       }
                       if (!group.count(g) && group.size() >= kMaxTlpsPerAch)
                         return fail(ctx, fmt::format("The number of TLPs has reached the upper limit {}.",
                                                      kMaxTlpsPerAch));
                       group.insert(g);
                       return Status::Ok;
                     }});
}

}  // namespace vrsh::commands
