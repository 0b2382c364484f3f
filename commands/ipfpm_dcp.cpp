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
constexpr cli::Ipv4Arg kMcpId{"mcp-id"};
constexpr cli::IntArg<std::uint16_t> kMcpPort{"port-number"};
constexpr cli::WordArg kLossKind{"loss"};
constexpr cli::WordArg kDelayKind{"delay"};
constexpr cli::IntArg<int> kLossBit{"loss-bit"};
constexpr cli::IntArg<int> kDelayBit{"delay-bit"};
constexpr cli::WordArg kDirection{"direction"};
constexpr cli::IntArg<int> kDscp{"dscp"};
constexpr cli::Ipv4Arg kSrcIp{"src-ip"};
constexpr cli::IntArg<int> kSrcLen{"src-len"};
constexpr cli::Ipv4Arg kDstIp{"dst-ip"};
constexpr cli::IntArg<int> kDstLen{"dst-len"};
constexpr cli::WordArg kTransport{"transport"};
constexpr cli::IntArg<int> kProtocolNumber{"protocol-number"};
constexpr cli::IntArg<int> kSp1{"sp1"};
constexpr cli::IntArg<int> kSp2{"sp2"};
constexpr cli::IntArg<int> kDp1{"dp1"};
constexpr cli::IntArg<int> kDp2{"dp2"};
constexpr cli::WordArg kPoint{"point"};
constexpr cli::WordArg kCount{"count"};
constexpr cli::IntArg<int> kInterval{"interval"};
constexpr cli::WordArg kDelayWay{"way"};
constexpr cli::IntArg<int> kTlpIndex{"index-id"};
constexpr cli::WordArg kMidDir{"mid-dir"};
constexpr cli::IntArg<std::uint32_t> kTpid{"tpid"};
constexpr cli::IntArg<int> kMinutes{"minutes"};
// Label params of the forward ("f"), backward ("b") or only ("") label group.
struct LabelArgs {
  cli::IntArg<std::uint32_t> vpn, lsp, lsp2;
};
constexpr LabelArgs kLabels{{"vpn-label"}, {"lsp-label"}, {"lsp-label2"}};
constexpr LabelArgs kFwdLabels{{"fwd-vpn-label"}, {"fwd-lsp-label"}, {"fwd-lsp-label2"}};
constexpr LabelArgs kBwdLabels{{"bwd-vpn-label"}, {"bwd-lsp-label"}, {"bwd-lsp-label2"}};

constexpr views::View<views::NoContext> kDcpView{
    .name = "nqa-ipfpm-dcp",
    .parent = cli::kSystemView,
    .suffix = [](const views::NoContext&) { return std::string("-nqa-ipfpm-dcp"); },
    .display_this =
        [](const model::Config& cfg, const views::NoContext&) {
          return model::render_block(model::dcp_node(cfg.ipfpm.dcp));
        }};

constexpr views::View<ipfpm::InstanceContext> kDcpInstanceView{
    .name = "nqa-ipfpm-dcp-instance",
    .parent = kDcpView.name,
    .suffix = ipfpm::instance_suffix,
    .display_this = [](const model::Config& cfg, const ipfpm::InstanceContext& c) {
      return model::render_block(model::dcp_instance_node(cfg.ipfpm.dcp, c.instance));
    }};

model::DcpInstance& instance(App& app, Ctx& ctx) {
  return ipfpm::current_instance(view_block(app.candidate.ipfpm.dcp).instances,
                                 kDcpInstanceView.of(ctx).instance);
}

// `lsp-label2 any` in the label group of `section` ("" for the only group, else "forward" or
// "backward"): the keywords of the line in order tell which group an `any` belongs to.
bool lsp2_any(const Args& a, std::string_view section) {
  std::string_view at;
  for (const std::string& k : a.keywords) {
    if (k == "forward" || k == "backward") at = k;
    if (k == "any" && (section.empty() || at == section)) return true;
  }
  return false;
}

model::MplsMatch labels(const Args& a, const LabelArgs& k, std::string_view section) {
  model::MplsMatch m;
  m.vpn_label = a.opt(k.vpn);
  m.lsp_label = a.opt(k.lsp);
  if (auto l = a.opt(k.lsp2))
    m.lsp_label2 = l;
  else if (m.lsp_label && lsp2_any(a, section))
    m.lsp_label2 = std::optional<std::uint32_t>{};  // any
  return m;
}

std::string label_syntax(const std::string& p) {
  return "vpn-label <" + p + "vpn-label> [ lsp-label <" + p + "lsp-label> [ lsp-label2 { <" + p +
         "lsp-label2> | any } ] ]";
}

std::vector<cli::ParamDecl> label_params(const LabelArgs& k) {
  return {{k.vpn, ipfpm::mpls_label_param(), "VPN label (the bottom label of the stack)"},
          {k.lsp, ipfpm::mpls_label_param(), "LSP label (above the VPN label)"},
          {k.lsp2, ipfpm::mpls_label_param(), "Second LSP label (above the LSP label)"}};
}

// `tlp ID [ index N ] mid-point flow ...`: a hop-by-hop counting point, one per index.
Status mid_point(App& app, Ctx& ctx, const Args& a, bool bidirectional) {
  auto& inst = instance(app, ctx);
  const auto id = a[kTlp];
  const int index = a.value_or(kTlpIndex, 0);
  model::MidPoint m;
  m.flow = bidirectional               ? model::FlowDir::Bidirectional
           : a.is(kMidDir, "backward") ? model::FlowDir::Backward
                                       : model::FlowDir::Forward;
  m.ingress = a.is(kCount, "ingress");
  if (m.flow == model::FlowDir::Bidirectional) {
    m.labels[0] = labels(a, kFwdLabels, "forward");
    m.labels[1] = labels(a, kBwdLabels, "backward");
  } else {
    m.labels[m.flow == model::FlowDir::Backward ? 1 : 0] = labels(a, kLabels, "");
  }
  m.flow_label = a.has("flow-label");
  m.control_word = a.has("control-word");
  if (a.has("l2vpn")) m.l2vpn_tpid = a.opt(kTpid);
  const bool exists = inst.tlps.count(id) != 0;
  if (!exists && inst.tlps.size() >= kMaxTlpsPerInstance)
    return fail(ctx, fmt::format("The number of TLPs has reached the upper limit {}.", kMaxTlpsPerInstance));
  model::FpmTlp& t = inst.tlps[id];
  if (!t.is_mid()) t = model::FpmTlp{id, true, true, {}};  // an in- or out-point becomes a mid-point
  t.id = id;
  t.mid[index] = m;
  return Status::Ok;
}

constexpr const char* kBothModes =
    "The on-demand measurement and the continual measurement cannot be configured at the same time.";

// `delay-measure enable { one-way | two-way } tlp { ID | mid-point } ...`; nullopt: refused.
std::optional<model::DelayMeasure> delay_measure(Ctx& ctx, const model::DcpInstance& inst, const Args& a) {
  const bool two_way = a.is(kDelayWay, "two-way");
  if (a.has("mid-point")) {
    if (!inst.has_mid_point()) {
      fail(ctx, "The instance has no mid-point TLP.");
      return std::nullopt;
    }
    return model::DelayMeasure{two_way, 0, true};
  }
  const auto tlp = a[kTlp];
  if (!inst.tlps.count(tlp)) {
    fail(ctx, "The TLP does not exist in the instance.");
    return std::nullopt;
  }
  return model::DelayMeasure{two_way, tlp, false};
}

// Every on-demand command (re)starts the instance's window, for its loss and delay parts alike.
model::OnDemand& start_on_demand(App& app, model::DcpInstance& inst, int minutes) {
  if (!inst.on_demand) inst.on_demand.emplace();
  inst.on_demand->minutes = minutes;
  inst.on_demand->run = ++app.on_demand_runs;
  return *inst.on_demand;
}

void drop_idle_on_demand(model::DcpInstance& inst) {
  if (inst.on_demand && !inst.on_demand->loss && !inst.on_demand->delay) inst.on_demand.reset();
}

model::ColorBit color(const Args& a, cli::WordArg kind, cli::IntArg<int> tos_bit) {
  if (a.is(kind, "flags-bit0")) return {model::ColorBit::Kind::Flags0, 0};
  if (a.has(kind) && !a.is(kind, "tos-bit")) return {model::ColorBit::Kind::None, 0};
  return {model::ColorBit::Kind::Tos, a[tos_bit]};
}

std::optional<model::McpRef> mcp_ref(const Args& a) {
  model::McpRef m;
  m.id = a[kMcpId];
  m.port = a.value_or(kMcpPort, std::uint16_t{65030});
  m.vpn = a.value_or(kVpnName, {});
  return m;
}

std::pair<int, int> port_range(const Args& a, cli::IntArg<int> p1, cli::IntArg<int> p2) {
  const int lo = a[p1];
  return {lo, a.value_or(p2, lo)};
}

Status flow(App& app, Ctx& ctx, const Args& a) {
  auto& inst = instance(app, ctx);
  const model::FlowDir dir = ipfpm::flow_dir(a, kDirection);
  if (ctx.undo()) {
    if (!inst.flows.erase(dir)) return fail(ctx, "The flow does not exist.");
    return Status::Ok;
  }
  if (inst.measures())
    return fail(ctx, "Disable loss and delay measurement before changing the target flow.");
  model::FpmFlow f;
  f.dir = dir;
  if (auto s = a.opt(kSrcIp)) f.source = {{*s, a.value_or(kSrcLen, 32)}};
  if (auto d = a.opt(kDstIp)) f.destination = {{*d, a.value_or(kDstLen, 32)}};
  f.dscp = a.opt(kDscp);
  if (a.is(kTransport, "tcp")) f.protocol = 6;
  if (a.is(kTransport, "udp")) f.protocol = 17;
  if (auto n = a.opt(kProtocolNumber)) f.protocol = *n;
  if (a.has(kSp1)) f.src_ports = port_range(a, kSp1, kSp2);
  if (a.has(kDp1)) f.dst_ports = port_range(a, kDp1, kDp2);
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
      "dcp", "Enable the data collecting point and enter its view",
      kDcpView, [&app]() -> auto& { return app.candidate.ipfpm.dcp; }));

  kDcpView.add(reg, ipfpm::point_id_command(
                        "dcp", "Data collecting point", [&app]() -> auto& {
                          return view_block(app.candidate.ipfpm.dcp).id;
                        }));

  const std::map<std::string, std::string> mcp_help = {
      {"mcp", "Measurement control point that receives the reports"},
      {"port", "UDP port of the MCP"},
      {"vpn-instance", "VPN instance to reach the MCP through"}};
  const std::vector<cli::ParamDecl> mcp_params = {{kMcpId, types::ipv4(), "MCP ID, an IPv4 address"},
                                                  {kMcpPort, types::integer(1024, 65535), "Port number"},
                                                  {kVpnName, vpn_name_param()}};
  for (const bool in_instance : {false, true}) {
    const auto add = [&](cli::CommandSpec spec) {
      in_instance ? kDcpInstanceView.add(reg, std::move(spec)) : kDcpView.add(reg, std::move(spec));
    };
    add({.syntax = "mcp <mcp-id> [ port <port-number> ] [ vpn-instance <vpn-instance-name> ]",
         .undo_syntax = "undo mcp",
         .help = mcp_help,
         .params = mcp_params,
         .run = [&app, in_instance](Ctx& ctx, const Args& a) {
           auto& slot = in_instance ? instance(app, ctx).mcp : view_block(app.candidate.ipfpm.dcp).mcp;
           if (ctx.undo())
             slot.reset();
           else
             slot = mcp_ref(a);
           return Status::Ok;
         }});
    add(ipfpm::auth_command([&app, in_instance](Ctx& ctx) -> std::optional<model::FpmAuth>& {
      return in_instance ? instance(app, ctx).auth : view_block(app.candidate.ipfpm.dcp).auth;
    }));
  }

  kDcpView.add(reg,
               {.syntax = "color-flag loss-measure { tos-bit <loss-bit> | flags-bit0 }$loss delay-measure "
                          "{ tos-bit <delay-bit> | flags-bit0 | none }$delay",
                .undo_syntax = "undo color-flag",
                .help = {{"color-flag", "Bits that colour the target flow"},
                         {"loss-measure", "Bit for loss measurement"},
                         {"delay-measure", "Bit for delay measurement"},
                         {"tos-bit", "A bit of the ToS byte (bit 0 is the most significant)"},
                         {"flags-bit0", "The reserved bit of the IPv4 flags"},
                         {"none", "No delay measurement bit"}},
                .params = {{kLossKind},
                           {kDelayKind},
                           {kLossBit, types::integer(3, 7), "ToS bit"},
                           {kDelayBit, types::integer(3, 7), "ToS bit"}},
                .run = [&app](Ctx& ctx, const Args& a) {
                  auto& dcp = view_block(app.candidate.ipfpm.dcp);
                  if (ctx.undo()) {
                    dcp.loss_bit = {model::ColorBit::Kind::Tos, 6};
                    dcp.delay_bit = {model::ColorBit::Kind::Tos, 7};
                    return Status::Ok;
                  }
                  const auto loss = color(a, kLossKind, kLossBit), delay = color(a, kDelayKind, kDelayBit);
                  if (loss == delay)
                    return fail(ctx, "The loss measurement and delay measurement bits must be different.");
                  dcp.loss_bit = loss;
                  dcp.delay_bit = delay;
                  return Status::Ok;
                }});

  kDcpView.add(
      reg, ipfpm::instance_command<model::DcpInstance>(
               kDcpInstanceView, [&app]() -> auto& { return view_block(app.candidate.ipfpm.dcp).instances; },
               kMaxInstances));
  kDcpInstanceView.add(reg, description_command("Describe the instance", [&app](Ctx& ctx) -> std::string& {
                         return instance(app, ctx).description;
                       }));

  kDcpInstanceView.add(
      reg, {.syntax =
                "flow { forward | backward | bidirectional }$direction { dscp <dscp> | source <src-ip> [ "
                "<src-len> ] | "
                "destination <dst-ip> [ <dst-len> ] | protocol { { tcp | udp }$transport { source-port <sp1> "
                "[ to <sp2> ] | destination-port <dp1> [ to <dp2> ] } * | <protocol-number> } } *",
            .undo_syntax = "undo flow { forward | backward | bidirectional }$direction",
            .help = {{"flow", "Target flow"},
                     {"bidirectional", "Symmetric flows in both directions"},
                     {"dscp", "DSCP value"},
                     {"source", "Source address"},
                     {"destination", "Destination address"},
                     {"protocol", "Protocol"},
                     {"tcp", "TCP"},
                     {"udp", "UDP"},
                     {"source-port", "Source port"},
                     {"destination-port", "Destination port"},
                     {"to", "End of a port range"}},
            .params = {{kDirection},
                       {kDscp, types::integer(0, 63), "DSCP"},
                       {kSrcIp, types::ipv4(), "Source IPv4 address"},
                       {kSrcLen, types::mask_length(1, 32), "Mask length"},
                       {kDstIp, types::ipv4(), "Destination IPv4 address"},
                       {kDstLen, types::mask_length(1, 32), "Mask length"},
                       {kTransport},
                       {kSp1, types::integer(0, 65535), "Port"},
                       {kSp2, types::integer(0, 65535), "Port"},
                       {kDp1, types::integer(0, 65535), "Port"},
                       {kDp2, types::integer(0, 65535), "Port"},
                       {kProtocolNumber, types::integer(1, 255), "Protocol number"}},
            .run = [&app](Ctx& ctx, const Args& a) { return flow(app, ctx, a); }});

  kDcpInstanceView.add(
      reg,
      {.syntax = "tlp <tlp-id> { in-point | out-point }$point { ingress | egress }$count",
       .undo_syntax = "undo tlp <tlp-id> [ index <index-id> ]",
       .help = {{"tlp", "Target logical port"},
                {"index", "Index of a mid-point of the TLP"},
                {"in-point", "Where the flow enters the measured network (colours it)"},
                {"out-point", "Where the flow leaves the measured network"},
                {"ingress", "Count packets received by the interface"},
                {"egress", "Count packets sent by the interface"}},
       .params = {{kTlp, tlp_id_param()}, {kPoint}, {kCount}, {kTlpIndex, types::integer(1, 16), "Index"}},
       .run = [&app](Ctx& ctx, const Args& a) {
         auto& inst = instance(app, ctx);
         const auto id = a[kTlp];
         if (ctx.undo()) {
           auto t = inst.tlps.find(id);
           if (t == inst.tlps.end()) return fail(ctx, "The TLP does not exist.");
           if (auto index = a.opt(kTlpIndex)) {
             if (!t->second.mid.erase(*index)) return fail(ctx, "The TLP index does not exist.");
             if (t->second.mid.empty()) inst.tlps.erase(t);
             return Status::Ok;
           }
           inst.tlps.erase(t);
           return Status::Ok;
         }
         if (!inst.tlps.count(id) && inst.tlps.size() >= kMaxTlpsPerInstance)
           return fail(
               ctx, fmt::format("The number of TLPs has reached the upper limit {}.", kMaxTlpsPerInstance));
         inst.tlps[id] = model::FpmTlp{id, a.is(kPoint, "in-point"), a.is(kCount, "ingress"), {}};
         return Status::Ok;
       }});

  const std::string mid_tail = " [ flow-label ] [ control-word ] [ l2vpn [ tpid <tpid> ] ]";
  const std::map<std::string, std::string> mid_help = {
      {"tlp", "Target logical port"},
      {"index", "Index of a mid-point of the TLP"},
      {"mid-point", "Hop-by-hop counting point: counts by colour, changes nothing"},
      {"flow", "Target flow"},
      {"forward", "Forward flow"},
      {"backward", "Backward flow"},
      {"bidirectional", "Both flows"},
      {"ingress", "Count packets received by the interface"},
      {"egress", "Count packets sent by the interface"},
      {"vpn-label", "Match the VPN label"},
      {"lsp-label", "Match the LSP label"},
      {"lsp-label2", "Match the second LSP label"},
      {"any", "Any label"},
      {"flow-label", "The packets carry a flow label"},
      {"control-word", "The packets carry a control word"},
      {"l2vpn", "Layer 2 VPN traffic"},
      {"tpid", "Tag protocol identifier"}};
  auto mid_params = [](std::vector<cli::ParamDecl> labels) {
    std::vector<cli::ParamDecl> p = {{kTlp, tlp_id_param()},
                                     {kTlpIndex, types::integer(1, 16), "Index"},
                                     {kCount},
                                     {kTpid, types::integer(1, 65535), "TPID value"}};
    p.insert(p.end(), labels.begin(), labels.end());
    return p;
  };
  kDcpInstanceView.add(
      reg, {.syntax = "tlp <tlp-id> [ index <index-id> ] mid-point flow { forward | backward }$mid-dir "
                      "{ ingress | egress }$count [ " +
                      label_syntax("") + " ]" + mid_tail,
            .help = mid_help,
            .params =
                [&] {
                  auto p = mid_params(label_params(kLabels));
                  p.push_back({kMidDir});
                  return p;
                }(),
            .run = [&app](Ctx& ctx, const Args& a) { return mid_point(app, ctx, a, false); }});
  kDcpInstanceView.add(
      reg,
      {.syntax = "tlp <tlp-id> [ index <index-id> ] mid-point flow bidirectional { ingress | egress }$count "
                 "[ forward " +
                 label_syntax("fwd-") + " ] [ backward " + label_syntax("bwd-") + " ]" + mid_tail,
       .help = mid_help,
       .params =
           [&] {
             auto p = mid_params(label_params(kFwdLabels));
             auto b = label_params(kBwdLabels);
             p.insert(p.end(), b.begin(), b.end());
             return p;
           }(),
       .run = [&app](Ctx& ctx, const Args& a) { return mid_point(app, ctx, a, true); }});

  kDcpInstanceView.add(reg, {.syntax = "interval <interval>",
                             .undo_syntax = "undo interval",
                             .help = {{"interval", "Statistical period"}},
                             .params = {{kInterval, ipfpm::interval_param()}},
                             .run = [&app](Ctx& ctx, const Args& a) {
                               auto& inst = instance(app, ctx);
                               const int v = ctx.undo() ? 10 : a[kInterval];
                               if (v != inst.interval && inst.measures())
                                 return fail(
                                     ctx, "Disable loss and delay measurement before changing the interval.");
                               inst.interval = v;
                               return Status::Ok;
                             }});

  const std::map<std::string, std::string> loss_help = {
      {"loss-measure", "Packet loss measurement"},
      {"enable", "Start measuring"},
      {"continual", "Measure continuously"},
      {"mid-point", "Measure hop by hop at the mid-point TLPs"},
      {"time-range", "Measure on demand for a time (not saved in the configuration)"}};
  kDcpInstanceView.add(reg, {.syntax = "loss-measure enable continual",
                             .undo_syntax = "undo loss-measure enable",
                             .help = loss_help,
                             .run = [&app](Ctx& ctx, const Args&) {
                               auto& inst = instance(app, ctx);
                               if (ctx.undo()) {
                                 inst.loss_continual = false;
                                 if (inst.on_demand) inst.on_demand->loss = inst.on_demand->loss_mid = false;
                                 drop_idle_on_demand(inst);
                                 return Status::Ok;
                               }
                               if (inst.on_demand) return fail(ctx, kBothModes);
                               inst.loss_continual = true;
                               return Status::Ok;
                             }});
  kDcpInstanceView.add(reg, {.syntax = "loss-measure enable [ mid-point ] time-range <minutes>",
                             .help = loss_help,
                             .params = {{kMinutes, ipfpm::time_range_param()}},
                             .run =
                                 [&app](Ctx& ctx, const Args& a) {
                                   auto& inst = instance(app, ctx);
                                   if (inst.continual()) return fail(ctx, kBothModes);
                                   const bool mid = a.has("mid-point");
                                   if (mid && !inst.has_mid_point())
                                     return fail(ctx, "The instance has no mid-point TLP.");
                                   model::OnDemand& od = start_on_demand(app, inst, a[kMinutes]);
                                   od.loss = true;
                                   od.loss_mid = mid;
                                   return Status::Ok;
                                 },
                             .runtime = true});

  const std::map<std::string, std::string> delay_help = {
      {"delay-measure", "Delay measurement"},
      {"enable", "Start measuring"},
      {"one-way", "One-way delay"},
      {"two-way", "Two-way delay"},
      {"tlp", "TLP that marks the delay packets"},
      {"mid-point", "The mid-point TLPs record the delay packets"},
      {"continual", "Measure continuously"},
      {"time-range", "Measure on demand for a time (not saved in the configuration)"}};
  kDcpInstanceView.add(
      reg, {.syntax = "delay-measure enable { one-way | two-way }$way tlp { <tlp-id> | mid-point } continual",
            .undo_syntax = "undo delay-measure enable",
            .help = delay_help,
            .params = {{kTlp, tlp_id_param()}, {kDelayWay}},
            .run = [&app](Ctx& ctx, const Args& a) {
              auto& inst = instance(app, ctx);
              if (ctx.undo()) {
                inst.delay.reset();
                if (inst.on_demand) inst.on_demand->delay.reset();
                drop_idle_on_demand(inst);
                return Status::Ok;
              }
              if (inst.on_demand) return fail(ctx, kBothModes);
              auto d = delay_measure(ctx, inst, a);
              if (!d) return Status::Error;
              inst.delay = *d;
              return Status::Ok;
            }});
  kDcpInstanceView.add(
      reg,
      {.syntax =
           "delay-measure enable { one-way | two-way }$way tlp { <tlp-id> | mid-point } time-range <minutes>",
       .help = delay_help,
       .params = {{kTlp, tlp_id_param()}, {kDelayWay}, {kMinutes, ipfpm::time_range_param()}},
       .run =
           [&app](Ctx& ctx, const Args& a) {
             auto& inst = instance(app, ctx);
             if (inst.continual()) return fail(ctx, kBothModes);
             auto d = delay_measure(ctx, inst, a);
             if (!d) return Status::Error;
             start_on_demand(app, inst, a[kMinutes]).delay = *d;
             return Status::Ok;
           },
       .runtime = true});
}

}  // namespace vrsh::commands
