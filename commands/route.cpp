// Static routes: ip route-static [ vpn-instance V ] PREFIX MASK { IFNAME [ NEXTHOP ] | NEXTHOP } ...
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/params.hpp"
#include "commands/route_options.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {
constexpr cli::Ipv4Arg kPrefix{"ip-address"};
constexpr cli::Ipv4Arg kMask{"mask"};
constexpr cli::Ipv4Arg kNexthop{"nexthop-address"};
}  // namespace

void register_route(cli::Registry& reg, App& app) {
  std::vector<cli::ParamDecl> params = {{kVpnName, vpn_name_param()},
                                        {kPrefix, types::ipv4(), "Destination IP address"},
                                        {kMask, types::mask()},
                                        {kIfName, ifname_param(), "Outgoing interface type and number"},
                                        {kNexthop, types::ipv4(), "Next hop IP address"}};
  for (auto& p : route_option_params()) params.push_back(std::move(p));
  reg.add({.views = {std::string(cli::kSystemView)},
           .syntax =
               "ip route-static [ vpn-instance <vpn-instance-name> ] <ip-address> <mask> { <interface-name> "
               "[ <nexthop-address> ] | <nexthop-address> } [ preference <preference> | tag <tag> ] * "
               "[ description <text> ]",
           .undo_syntax = "undo ip route-static [ vpn-instance <vpn-instance-name> ] <ip-address> <mask> "
                          "[ <interface-name> [ <nexthop-address> ] | <nexthop-address> ]",
           .help = route_help(),
           .params = std::move(params),
           .run = [&app](Ctx& ctx, const Args& a) {
             model::StaticRoute r;
             r.vpn = a.value_or(kVpnName, {});
             r.mask = a[kMask];
             r.prefix = a[kPrefix] & r.mask;
             r.ifname = a.value_or(kIfName, {});
             r.nexthop = a.opt(kNexthop);
             if (ctx.undo()) {
               const bool any_path = r.ifname.empty() && !r.nexthop;
               const bool erased = any_path ? model::erase_routes(app.candidate, r.vpn, r.prefix, r.mask) > 0
                                            : model::erase_route(app.candidate, r);
               if (!erased) {
                 return fail(ctx, "The static route does not exist.");
               }
               return Status::Ok;
             }
             if (r.ifname.rfind("LoopBack", 0) == 0 && r.nexthop) {
               return fail(ctx, "A next hop cannot be specified with a LoopBack outgoing interface.");
             }
             if (r.nexthop && (*r.nexthop == 0 || (*r.nexthop >> 24) >= 224)) {
               return fail(ctx, "The next hop address is invalid.");
             }
             r.preference = a.value_or(kRoutePreference, kDefaultStaticPreference);
             r.tag = a.value_or(kRouteTag, 0u);
             r.description = a.value_or(kRouteText, {});
             model::upsert_route(app.candidate, r);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
