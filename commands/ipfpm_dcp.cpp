// IP FPM data collecting point (DCP): `nqa ipfpm dcp`, its instances, flows, TLPs and measurements.
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
constexpr std::size_t kMaxTlpsPerInstance = 8;

model::DcpInstance& instance(App& app, Ctx& ctx) {
  return ipfpm::current_instance(app.candidate.ipfpm.dcp.instances, ctx);
}

model::ColorBit color(const Args& a, const char* tos_param, bool want_delay) {
  // The syntax lists the loss choice first: the first `tos-bit`/`flags-bit0` keyword belongs to it.
  std::vector<std::string> choices;
  for (const auto& k : a.keywords)
    if (k == "tos-bit" || k == "flags-bit0" || k == "none") choices.push_back(k);
  const std::string& kind = choices.at(want_delay ? 1 : 0);
  if (kind == "flags-bit0") return {model::ColorBit::Kind::Flags0, 0};
  if (kind == "none") return {model::ColorBit::Kind::None, 0};
  return {model::ColorBit::Kind::Tos, static_cast<int>(a.num(tos_param))};
}

std::optional<model::McpRef> mcp_ref(const Args& a) {
  model::McpRef m;
  m.id = *model::parse_ipv4(a.get("mcp-id"));
  m.port = static_cast<std::uint16_t>(a.num("port-number", 65030));
  m.vpn = a.get("vpn-instance-name");
  return m;
}

std::pair<int, int> port_range(const Args& a, const char* p1, const char* p2) {
  const int lo = static_cast<int>(a.num(p1));
  const int hi = a.opt(p2) ? static_cast<int>(a.num(p2)) : lo;
  return {lo, hi};
}

Status flow(App& app, Ctx& ctx, const Args& a) {
  auto& inst = instance(app, ctx);
  const model::FlowDir dir = a.has("forward")    ? model::FlowDir::Forward
                             : a.has("backward") ? model::FlowDir::Backward
                                                 : model::FlowDir::Bidirectional;
  if (ctx.undo()) {
    if (!inst.flows.erase(dir)) return fail(ctx, "The flow does not exist.");
    return Status::Ok;
  }
  if (inst.loss_continual || inst.delay)
    return fail(ctx, "Disable loss and delay measurement before changing the target flow.");
  model::FpmFlow f;
  f.dir = dir;
  if (auto s = a.opt("src-ip")) f.source = {{*model::parse_ipv4(*s), static_cast<int>(a.num("src-len", 32))}};
  if (auto d = a.opt("dst-ip"))
    f.destination = {{*model::parse_ipv4(*d), static_cast<int>(a.num("dst-len", 32))}};
  if (a.opt("dscp")) f.dscp = static_cast<int>(a.num("dscp"));
  if (a.has("tcp")) f.protocol = 6;
  if (a.has("udp")) f.protocol = 17;
  if (a.opt("protocol-number")) f.protocol = static_cast<int>(a.num("protocol-number"));
  if (a.opt("sp1")) f.src_ports = port_range(a, "sp1", "sp2");
  if (a.opt("dp1")) f.dst_ports = port_range(a, "dp1", "dp2");
  for (auto* r : {&f.src_ports, &f.dst_ports})
    if (*r && (*r)->first > (*r)->second)
      return fail(ctx, "The start port must not be greater than the end port.");
  if (dir == model::FlowDir::Bidirectional) {
    if (!f.source || !f.destination)
      return fail(ctx, "A bidirectional flow needs both a source and a destination address.");
    if (inst.flows.count(model::FlowDir::Forward) || inst.flows.count(model::FlowDir::Backward))
      return fail(ctx, "A bidirectional flow cannot coexist with forward or backward flows.");
  } else if (inst.flows.count(model::FlowDir::Bidirectional)) {
    return fail(ctx, "A bidirectional flow cannot coexist with forward or backward flows.");
  }
  inst.flows[dir] = f;
  return Status::Ok;
}

}  // namespace

void register_ipfpm_dcp(cli::Registry& reg, App& app) {
  reg.add(ipfpm::point_command<model::Dcp>(
      "dcp", "Enable the data collecting point and enter its view", views::kDcp,
      "-nqa-ipfpm-dcp", [&app]() -> auto& { return app.candidate.ipfpm.dcp; }));

  const std::string dcpv(views::kDcp), instv(views::kDcpInstance);
  reg.add(ipfpm::point_id_command(
      "dcp", "Data collecting point", dcpv, [&app]() -> auto& { return app.candidate.ipfpm.dcp.id; }));

  const std::map<std::string, std::string> mcp_help = {
      {"mcp", "Measurement control point that receives the reports"},
      {"<mcp-id>", "MCP ID, an IPv4 address"},
      {"port", "UDP port of the MCP"},
      {"<port-number>", "Port number"},
      {"vpn-instance", "VPN instance to reach the MCP through"},
      {"<vpn-instance-name>", "VPN instance name, a string of 1 to 31 characters"}};
  const std::map<std::string, cli::ParamType> mcp_params = {{"mcp-id", types::ipv4()},
                                                            {"port-number", types::integer(1024, 65535)},
                                                            {"vpn-instance-name", vpn_name_param()}};
  for (const bool in_instance : {false, true}) {
    reg.add({.views = {in_instance ? instv : dcpv},
             .syntax = "mcp <mcp-id> [ port <port-number> ] [ vpn-instance <vpn-instance-name> ]",
             .undo_syntax = "undo mcp",
             .help = with_undo(mcp_help),
             .params = mcp_params,
             .run = [&app, in_instance](Ctx& ctx, const Args& a) {
               auto& slot = in_instance ? instance(app, ctx).mcp : app.candidate.ipfpm.dcp.mcp;
               if (ctx.undo())
                 slot.reset();
               else
                 slot = mcp_ref(a);
               return Status::Ok;
             }});
    reg.add(ipfpm::auth_command(in_instance ? instv : dcpv,
                                [&app, in_instance](Ctx& ctx) -> std::optional<model::FpmAuth>& {
                                  return in_instance ? instance(app, ctx).auth : app.candidate.ipfpm.dcp.auth;
                                }));
  }

  reg.add({.views = {dcpv},
           .syntax = "color-flag loss-measure { tos-bit <loss-bit> | flags-bit0 } delay-measure "
                     "{ tos-bit <delay-bit> | flags-bit0 | none }",
           .undo_syntax = "undo color-flag",
           .help = with_undo({{"color-flag", "Bits that colour the target flow"},
                              {"loss-measure", "Bit for loss measurement"},
                              {"delay-measure", "Bit for delay measurement"},
                              {"tos-bit", "A bit of the ToS byte (bit 0 is the most significant)"},
                              {"flags-bit0", "The reserved bit of the IPv4 flags"},
                              {"none", "No delay measurement bit"},
                              {"<loss-bit>", "ToS bit"},
                              {"<delay-bit>", "ToS bit"}}),
           .params = {{"loss-bit", types::integer(3, 7)}, {"delay-bit", types::integer(3, 7)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& dcp = app.candidate.ipfpm.dcp;
             if (ctx.undo()) {
               dcp.loss_bit = {model::ColorBit::Kind::Tos, 6};
               dcp.delay_bit = {model::ColorBit::Kind::Tos, 7};
               return Status::Ok;
             }
             const auto loss = color(a, "loss-bit", false), delay = color(a, "delay-bit", true);
             if (loss == delay)
               return fail(ctx, "The loss measurement and delay measurement bits must be different.");
             dcp.loss_bit = loss;
             dcp.delay_bit = delay;
             return Status::Ok;
           }});

  reg.add(ipfpm::instance_command<model::DcpInstance>(
      dcpv, views::kDcpInstance, [&app]() -> auto& { return app.candidate.ipfpm.dcp.instances; },
      kMaxInstances));
  reg.add(description_command(instv, "Describe the instance",
                              [&app](Ctx& ctx) -> std::string& { return instance(app, ctx).description; }));

  reg.add(
      {.views = {instv},
       .syntax =
           "flow { forward | backward | bidirectional } { dscp <dscp> | source <src-ip> [ <src-len> ] | "
           "destination <dst-ip> [ <dst-len> ] | protocol { { tcp | udp } { source-port <sp1> [ to <sp2> ] "
           "| destination-port <dp1> [ to <dp2> ] } * | <protocol-number> } } *",
       .undo_syntax = "undo flow { forward | backward | bidirectional }",
       .help = with_undo({{"flow", "Target flow"},
                          {"forward", "Forward flow"},
                          {"backward", "Backward flow"},
                          {"bidirectional", "Symmetric flows in both directions"},
                          {"dscp", "DSCP value"},
                          {"<dscp>", "DSCP"},
                          {"source", "Source address"},
                          {"<src-ip>", "Source IPv4 address"},
                          {"<src-len>", "Mask length"},
                          {"destination", "Destination address"},
                          {"<dst-ip>", "Destination IPv4 address"},
                          {"<dst-len>", "Mask length"},
                          {"protocol", "Protocol"},
                          {"tcp", "TCP"},
                          {"udp", "UDP"},
                          {"source-port", "Source port"},
                          {"destination-port", "Destination port"},
                          {"to", "End of a port range"},
                          {"<sp1>", "Port"},
                          {"<sp2>", "Port"},
                          {"<dp1>", "Port"},
                          {"<dp2>", "Port"},
                          {"<protocol-number>", "Protocol number"}}),
       .params = {{"dscp", types::integer(0, 63)},
                  {"src-ip", types::ipv4()},
                  {"src-len", types::mask_length(1, 32)},
                  {"dst-ip", types::ipv4()},
                  {"dst-len", types::mask_length(1, 32)},
                  {"sp1", types::integer(0, 65535)},
                  {"sp2", types::integer(0, 65535)},
                  {"dp1", types::integer(0, 65535)},
                  {"dp2", types::integer(0, 65535)},
                  {"protocol-number", types::integer(1, 255)}},
       .run = [&app](Ctx& ctx, const Args& a) { return flow(app, ctx, a); }});

  reg.add({.views = {instv},
           .syntax = "tlp <tlp-id> { in-point | out-point } { ingress | egress }",
           .undo_syntax = "undo tlp <tlp-id>",
           .help = with_undo({{"tlp", "Target logical port"},
                              {"<tlp-id>", "TLP ID"},
                              {"in-point", "Where the flow enters the measured network (colours it)"},
                              {"out-point", "Where the flow leaves the measured network"},
                              {"ingress", "Count packets received by the interface"},
                              {"egress", "Count packets sent by the interface"}}),
           .params = {{"tlp-id", types::integer(1, 16777215)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& inst = instance(app, ctx);
             const auto id = static_cast<std::uint32_t>(a.num("tlp-id"));
             if (ctx.undo()) {
               if (!inst.tlps.erase(id)) return fail(ctx, "The TLP does not exist.");
               return Status::Ok;
             }
             if (!inst.tlps.count(id) && inst.tlps.size() >= kMaxTlpsPerInstance)
               return fail(ctx, fmt::format("The number of TLPs has reached the upper limit {}.",
                                            kMaxTlpsPerInstance));
             inst.tlps[id] = model::FpmTlp{id, a.has("in-point"), a.has("ingress")};
             return Status::Ok;
           }});

  reg.add({.views = {instv},
           .syntax = "interval <interval>",
           .undo_syntax = "undo interval",
           .help = with_undo(
               {{"interval", "Statistical period"}, {"<interval>", "Period in seconds: 1, 10, 60 or 600"}}),
           .params = {{"interval", ipfpm::interval_param()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& inst = instance(app, ctx);
             const int v = ctx.undo() ? 10 : static_cast<int>(a.num("interval"));
             if (v != inst.interval && (inst.loss_continual || inst.delay))
               return fail(ctx, "Disable loss and delay measurement before changing the interval.");
             inst.interval = v;
             return Status::Ok;
           }});

  reg.add({.views = {instv},
           .syntax = "loss-measure enable continual",
           .undo_syntax = "undo loss-measure enable",
           .help = with_undo({{"loss-measure", "Packet loss measurement"},
                              {"enable", "Start measuring"},
                              {"continual", "Measure continuously"}}),
           .run = [&app](Ctx& ctx, const Args&) {
             instance(app, ctx).loss_continual = !ctx.undo();
             return Status::Ok;
           }});

  reg.add({.views = {instv},
           .syntax = "delay-measure enable { one-way | two-way } tlp <tlp-id> continual",
           .undo_syntax = "undo delay-measure enable",
           .help = with_undo({{"delay-measure", "Delay measurement"},
                              {"enable", "Start measuring"},
                              {"one-way", "One-way delay"},
                              {"two-way", "Two-way delay"},
                              {"tlp", "TLP that marks the delay packets"},
                              {"<tlp-id>", "TLP ID"},
                              {"continual", "Measure continuously"}}),
           .params = {{"tlp-id", types::integer(1, 16777215)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& inst = instance(app, ctx);
             if (ctx.undo()) {
               inst.delay.reset();
               return Status::Ok;
             }
             const auto tlp = static_cast<std::uint32_t>(a.num("tlp-id"));
             if (!inst.tlps.count(tlp)) return fail(ctx, "The TLP does not exist in the instance.");
             inst.delay = model::DelayMeasure{a.has("two-way"), tlp};
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
