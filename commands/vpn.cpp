// VPN instances: `ip vpn-instance NAME`, its description, the IPv4 and IPv6 address families, each
// with its RD and VPN targets (the same commands in both family views).
#include <fmt/format.h>

#include <algorithm>

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

constexpr cli::TextArg kRd{"route-distinguisher"};
constexpr cli::TextArg kVpnTarget{"vpn-target"};
constexpr cli::WordArg kDirection{"direction"};

struct VpnContext {
  std::string vpn;
};

constexpr views::View<VpnContext> kVpnView{
    .name = "vpn-instance",
    .parent = cli::kSystemView,
    .suffix = [](const VpnContext& c) { return "-vpn-instance-" + c.vpn; },
    .display_this = [](const model::Config& cfg,
                       const VpnContext& c) { return model::render_block(model::vpn_node(cfg, c.vpn)); }};

constexpr views::View<VpnContext> kVpnAfView{
    .name = "vpn-instance-af-ipv4",
    .parent = kVpnView.name,
    .suffix = [](const VpnContext&) { return std::string("-af-ipv4"); },
    .display_this = [](const model::Config& cfg,
                       const VpnContext& c) { return model::render_block(model::vpn_af_node(cfg, c.vpn)); }};

constexpr views::View<VpnContext> kVpnAf6View{
    .name = "vpn-instance-af-ipv6",
    .parent = kVpnView.name,
    .suffix = [](const VpnContext&) { return std::string("-af-ipv6"); },
    .display_this =
        [](const model::Config& cfg, const VpnContext& c) {
          return model::render_block(model::vpn_af_node(cfg, c.vpn, /*ipv6=*/true));
        }};

// An address family: the command that enters it, its view, where the instance keeps it.
struct Family {
  std::string_view keyword;  // "ipv4-family"
  std::string_view help;
  const views::View<VpnContext>& view;
  model::VpnFamily model::VpnInstance::*member;
};
const Family kFamilies[] = {{"ipv4-family", "Enable the IPv4 address family of the VPN instance", kVpnAfView,
                             &model::VpnInstance::ipv4},
                            {"ipv6-family", "Enable the IPv6 address family of the VPN instance", kVpnAf6View,
                             &model::VpnInstance::ipv6}};

// Route distinguisher forms: ASN(2 bytes):NN(4 bytes), ASN(4 bytes, up to 65535 allowed here):NN(2 bytes),
// IPv4:NN(2 bytes).
cli::ParamType rd_param() {
  cli::ParamType t;
  t.placeholder = "STRING<3-21>";
  t.parse = [](std::span<const cli::Token> rest, std::string_view) -> cli::ParamParse {
    if (rest.empty()) return {};
    const std::string s(rest[0].text);
    const auto colon = s.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == s.size() || s.size() > 21) return {};
    const std::string left = s.substr(0, colon), right = s.substr(colon + 1);
    auto number = [](const std::string& v, unsigned long long max) -> bool {
      if (v.empty() || v.size() > 10 || v.find_first_not_of("0123456789") != std::string::npos) return false;
      return std::stoull(v) <= max;
    };
    if (model::parse_ipv4(left)) return number(right, 65535) ? cli::ParamParse{1, s} : cli::ParamParse{};
    if (number(left, 65535) && number(right, 4294967295ULL)) return {1, s};
    if (number(left, 4294967295ULL) && number(right, 65535)) return {1, s};
    return {};
  };
  t.help = "Route distinguisher: ASN:NN or IPv4-address:NN";
  return t;
}

// The same forms as a route distinguisher (RFC 4360 route targets).
cli::ParamType vpn_target_param() {
  cli::ParamType t = rd_param();
  t.help = "VPN target: ASN:NN or IPv4-address:NN";
  return t;
}

// Per direction. The vendor's own bound is not in the references; this one keeps the list finite.
constexpr std::size_t kMaxVpnTargets = 64;

// The instance a VPN view edits, created again when a `clear configuration candidate` typed in
// the view removed it since.
model::VpnInstance& current_vpn(App& app, const std::string& name) {
  auto& v = app.candidate.vpns[name];
  v.name = name;
  return v;
}

// The family a family view edits, enabled again for the same reason.
model::VpnFamily& current_family(App& app, const Family& f, Ctx& ctx) {
  auto& af = current_vpn(app, f.view.of(ctx).vpn).*f.member;
  af.enabled = true;
  return af;
}

}  // namespace

void register_vpn(cli::Registry& reg, App& app) {
  reg.add({.views = {std::string(cli::kSystemView)},
           .syntax = "ip vpn-instance <vpn-instance-name>",
           .undo_syntax = "undo ip vpn-instance <vpn-instance-name>",
           .help = {{"vpn-instance", "Create or enter a VPN instance"}},
           .params = {{kVpnName, vpn_name_param()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string name = a[kVpnName];
             if (ctx.undo()) {
               if (!app.candidate.vpns.erase(name)) return fail(ctx, "The VPN instance does not exist.");
               // Interfaces bound to the deleted instance lose the binding and their addresses.
               for (auto& itf : app.candidate.interfaces)
                 if (itf.vpn == name) {
                   itf.vpn.clear();
                   itf.addresses.clear();
                   model::clear_ipv6(itf);
                 }
               return Status::Ok;
             }
             auto& v = app.candidate.vpns[name];
             v.name = name;
             kVpnView.enter(ctx, {name});
             return Status::Ok;
           }});

  kVpnView.add(
      reg, description_command("Set the description of the VPN instance", [&app](Ctx& ctx) -> std::string& {
        return current_vpn(app, kVpnView.of(ctx).vpn).description;
      }));

  for (const Family& f : kFamilies) {
    const std::string kw(f.keyword);
    kVpnView.add(reg, {.syntax = kw,
                       .undo_syntax = "undo " + kw,
                       .help = {{kw, std::string(f.help)}},
                       .run = [&app, &f](Ctx& ctx, const Args&) {
                         auto& af = current_vpn(app, kVpnView.of(ctx).vpn).*f.member;
                         if (ctx.undo()) {
                           af = {};
                           return Status::Ok;
                         }
                         af.enabled = true;
                         f.view.enter(ctx, kVpnView.of(ctx));
                         return Status::Ok;
                       }});

    f.view.add(reg, {.syntax = "route-distinguisher <route-distinguisher>",
                     .undo_syntax = "undo route-distinguisher <route-distinguisher>",
                     .help = {{"route-distinguisher", "Configure a route distinguisher"}},
                     .params = {{kRd, rd_param()}},
                     .run = [&app, &f](Ctx& ctx, const Args& a) {
                       auto& v = current_family(app, f, ctx);
                       const std::string rd = a[kRd];
                       if (ctx.undo()) {
                         if (v.route_distinguisher != rd)
                           return fail(ctx, "The route distinguisher does not exist.");
                         // The VPN targets go with the RD they need.
                         v.route_distinguisher.clear();
                         v.export_targets.clear();
                         v.import_targets.clear();
                         return Status::Ok;
                       }
                       // The vendor does not let an RD be changed in place: it must be deleted first.
                       if (!v.route_distinguisher.empty() && v.route_distinguisher != rd)
                         return fail(ctx,
                                     "The route distinguisher has been configured. Delete it before "
                                     "configuring a new one.");
                       v.route_distinguisher = rd;
                       return Status::Ok;
                     }});

    // Without a direction a target is both imported and exported, and renders as two lines.
    f.view.add(
        reg,
        {.syntax = "vpn-target <vpn-target> [ both | export-extcommunity | import-extcommunity ]$direction",
         .undo_syntax =
             "undo vpn-target <vpn-target> [ both | export-extcommunity | import-extcommunity ]$direction",
         .help = {{"vpn-target", "Configure a VPN target (route target)"},
                  {"both", "Export and import"},
                  {"export-extcommunity", "Export: attached to the routes the instance advertises"},
                  {"import-extcommunity", "Import: the routes the instance accepts"}},
         .params = {{kVpnTarget, vpn_target_param()}, {kDirection}},
         .run = [&app, &f](Ctx& ctx, const Args& a) {
           auto& v = current_family(app, f, ctx);
           const std::string target = a[kVpnTarget];
           const std::string dir = a.value_or(kDirection, std::string("both"));
           std::vector<std::vector<std::string>*> lists;
           if (dir != "import-extcommunity") lists.push_back(&v.export_targets);
           if (dir != "export-extcommunity") lists.push_back(&v.import_targets);
           if (ctx.undo()) {
             bool found = false;
             for (auto* l : lists) found = std::erase(*l, target) > 0 || found;
             return found ? Status::Ok : fail(ctx, "The VPN target does not exist.");
           }
           if (v.route_distinguisher.empty())
             return fail(ctx, "Configure the route distinguisher before the VPN target.");
           for (auto* l : lists)
             if (std::find(l->begin(), l->end(), target) == l->end()) {
               if (l->size() >= kMaxVpnTargets)
                 return fail(ctx, "The number of VPN targets exceeds the limit.");
               l->push_back(target);
             }
           return Status::Ok;
         }});
  }
}

}  // namespace vrsh::commands
