// IP FPM measurement control point (MCP): `nqa ipfpm mcp`, its instances, DCP lists, thresholds and ACHs.
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/ipfpm_common.hpp"
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

model::McpInstance& instance(App& app, Ctx& ctx) {
  return ipfpm::current_instance(app.candidate.ipfpm.mcp.instances, ctx);
}

model::Ach& ach(App& app, Ctx& ctx) {
  const auto id = static_cast<std::uint32_t>(std::stoul(ctx.context("ach")));
  auto& a = instance(app, ctx).achs[id];
  a.id = id;
  return a;
}

Status threshold(Ctx& ctx, std::optional<model::Threshold>& slot, const Args& a, bool decimal) {
  if (ctx.undo()) {
    slot.reset();
    return Status::Ok;
  }
  const std::string u = a.get("upper-limit"), l = a.get("lower-limit");
  const bool lower_greater = decimal ? std::stod(l) > std::stod(u) : std::stoll(l) > std::stoll(u);
  if (lower_greater) return fail(ctx, "The lower limit must not be greater than the upper limit.");
  slot = model::Threshold{u, l};
  return Status::Ok;
}

}  // namespace

void register_ipfpm_mcp(cli::Registry& reg, App& app) {
  reg.add(ipfpm::point_command<model::Mcp>(
      "mcp", "Enable the measurement control point and enter its view", views::kMcp,
      "-nqa-ipfpm-mcp", [&app]() -> auto& { return app.candidate.ipfpm.mcp; }));

  const std::string mcpv(views::kMcp), instv(views::kMcpInstance), achv(views::kAch);
  reg.add(ipfpm::point_id_command(
      "mcp", "Measurement control point", mcpv, [&app]() -> auto& { return app.candidate.ipfpm.mcp.id; }));

  reg.add({.views = {mcpv},
           .syntax = "protocol udp port <port-number>",
           .undo_syntax = "undo protocol udp port",
           .help = with_undo({{"protocol", "Protocol of the reports"},
                              {"udp", "UDP"},
                              {"port", "UDP port"},
                              {"<port-number>", "Port number"}}),
           .params = {{"port-number", types::integer(1024, 65535)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& mcp = app.candidate.ipfpm.mcp;
             const auto port = static_cast<std::uint16_t>(a.num("port-number", 65030));
             if (ctx.undo() || port == 65030)
               mcp.port.reset();
             else
               mcp.port = port;
             return Status::Ok;
           }});

  reg.add(ipfpm::auth_command(
      mcpv, [&app](Ctx&) -> std::optional<model::FpmAuth>& { return app.candidate.ipfpm.mcp.auth; }));
  reg.add(ipfpm::instance_command<model::McpInstance>(
      mcpv, views::kMcpInstance, [&app]() -> auto& { return app.candidate.ipfpm.mcp.instances; },
      kMaxInstances));
  reg.add(description_command(instv, "Describe the instance",
                              [&app](Ctx& ctx) -> std::string& { return instance(app, ctx).description; }));

  reg.add({.views = {instv},
           .syntax = "dcp <dcp-id>",
           .undo_syntax = "undo dcp [ <dcp-id> ]",
           .help = with_undo(
               {{"dcp", "A DCP that reports for this instance"}, {"<dcp-id>", "DCP ID, an IPv4 address"}}),
           .params = {{"dcp-id", types::ipv4()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& inst = instance(app, ctx);
             if (ctx.undo()) {
               if (!a.opt("dcp-id"))
                 inst.dcps.clear();
               else if (!inst.dcps.erase(*model::parse_ipv4(a.get("dcp-id"))))
                 return fail(ctx, "The DCP does not exist in the instance.");
               return Status::Ok;
             }
             const auto id = *model::parse_ipv4(a.get("dcp-id"));
             if (!inst.dcps.count(id) && inst.dcps.size() >= kMaxDcpsPerInstance)
               return fail(ctx, fmt::format("The number of DCPs has reached the upper limit {}.",
                                            kMaxDcpsPerInstance));
             inst.dcps.insert(id);
             return Status::Ok;
           }});

  reg.add({.views = {instv},
           .syntax = "measure { disable | enable }",
           .undo_syntax = "undo measure disable",
           .help = with_undo({{"measure", "Measurement of the instance"},
                              {"disable", "Stop computing results"},
                              {"enable", "Compute results (default)"}}),
           .run = [&app](Ctx& ctx, const Args& a) {
             instance(app, ctx).measure_disabled = !ctx.undo() && a.has("disable");
             return Status::Ok;
           }});

  reg.add({.views = {instv},
           .syntax = "loss-measure ratio-threshold upper-limit <upper-limit> lower-limit <lower-limit>",
           .undo_syntax = "undo loss-measure ratio-threshold",
           .help = with_undo({{"loss-measure", "Packet loss measurement"},
                              {"ratio-threshold", "Alarm thresholds of the loss ratio"},
                              {"upper-limit", "Alarm when 5 consecutive periods are above it"},
                              {"lower-limit", "Clear the alarm when 5 consecutive periods are below it"},
                              {"<upper-limit>", "Percentage, 0.000001 to 100"},
                              {"<lower-limit>", "Percentage, 0.000001 to 100"}}),
           .params = {{"upper-limit", types::decimal(0.000001, 100, 6)},
                      {"lower-limit", types::decimal(0.000001, 100, 6)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             return threshold(ctx, instance(app, ctx).loss_threshold, a, true);
           }});

  for (const bool two_way : {false, true}) {
    reg.add(
        {.views = {instv},
         .syntax = fmt::format(
             "delay-measure {} delay-threshold upper-limit <upper-limit> lower-limit <lower-limit>",
             two_way ? "two-way" : "one-way"),
         .undo_syntax = fmt::format("undo delay-measure {} delay-threshold", two_way ? "two-way" : "one-way"),
         .help = with_undo({{"delay-measure", "Delay measurement"},
                            {"one-way", "One-way delay of unidirectional flows"},
                            {"two-way", "Two-way delay of bidirectional flows"},
                            {"delay-threshold", "Alarm thresholds of the delay"},
                            {"upper-limit", "Alarm when 5 consecutive periods are above it"},
                            {"lower-limit", "Clear the alarm when 5 consecutive periods are below it"},
                            {"<upper-limit>", "Microseconds"},
                            {"<lower-limit>", "Microseconds"}}),
         .params = {{"upper-limit", types::integer(1, 2147483647)},
                    {"lower-limit", types::integer(1, 2147483647)}},
         .run = [&app, two_way](Ctx& ctx, const Args& a) {
           auto& inst = instance(app, ctx);
           return threshold(ctx, two_way ? inst.twoway_threshold : inst.oneway_threshold, a, false);
         }});
  }

  reg.add(
      {.views = {instv},
       .syntax = "ach <ach-id>",
       .undo_syntax = "undo ach <ach-id>",
       .help = with_undo({{"ach", "Atomic closed hop for hop-by-hop measurement"}, {"<ach-id>", "ACH ID"}}),
       .params = {{"ach-id", types::integer(1, 2147483647)}},
       .run = [&app](Ctx& ctx, const Args& a) {
         auto& inst = instance(app, ctx);
         const auto id = static_cast<std::uint32_t>(a.num("ach-id"));
         if (ctx.undo()) {
           if (!inst.achs.erase(id)) return fail(ctx, "The ACH does not exist.");
           return Status::Ok;
         }
         if (!inst.achs.count(id) && inst.achs.size() >= kMaxAchsPerInstance)
           return fail(
               ctx, fmt::format("The number of ACHs has reached the upper limit {}.", kMaxAchsPerInstance));
         inst.achs[id].id = id;
         ctx.enter({views::kAch, fmt::format("-ach-{}", id), {{"ach", std::to_string(id)}}});
         return Status::Ok;
       }});

  reg.add({.views = {achv},
           .syntax = "flow { forward | backward | bidirectional }",
           .undo_syntax = "undo flow",
           .help = with_undo({{"flow", "Direction of the flow this ACH measures"},
                              {"forward", "Forward flow"},
                              {"backward", "Backward flow"},
                              {"bidirectional", "Both directions"}}),
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& x = ach(app, ctx);
             if (ctx.undo())
               x.flow.reset();
             else
               x.flow = a.has("forward")    ? model::FlowDir::Forward
                        : a.has("backward") ? model::FlowDir::Backward
                                            : model::FlowDir::Bidirectional;
             return Status::Ok;
           }});

  reg.add({.views = {achv},
           .syntax = "{ in-group | out-group } dcp <dcp-id> tlp <tlp-id>",
           .undo_syntax = "undo { in-group | out-group } [ dcp <dcp-id> tlp <tlp-id> ]",
           .help = with_undo({{"in-group", "TLPs where the hop starts"},
                              {"out-group", "TLPs where the hop ends"},
                              {"dcp", "DCP of the TLP"},
                              {"<dcp-id>", "DCP ID, an IPv4 address"},
                              {"tlp", "TLP"},
                              {"<tlp-id>", "TLP ID"}}),
           .params = {{"dcp-id", types::ipv4()}, {"tlp-id", types::integer(1, 16777215)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& x = ach(app, ctx);
             auto& group = a.has("in-group") ? x.in_group : x.out_group;
             if (ctx.undo() && !a.opt("dcp-id")) {
               group.clear();
               return Status::Ok;
             }
             const model::AchGroup g{*model::parse_ipv4(a.get("dcp-id")),
                                     static_cast<std::uint32_t>(a.num("tlp-id"))};
             if (ctx.undo()) {
               if (!group.erase(g)) return fail(ctx, "The TLP does not exist in the group.");
               return Status::Ok;
             }
             if (!group.count(g) && group.size() >= kMaxTlpsPerAch)
               return fail(ctx,
                           fmt::format("The number of TLPs has reached the upper limit {}.", kMaxTlpsPerAch));
             group.insert(g);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
