// IPv6 static routes (vrp-cli-addendum.md §6.2): ipv6 route-static [ vpn-instance V ] PREFIX LEN
// { IFNAME [ NEXTHOP ] | NEXTHOP } [ preference P | tag T ] * [ description TEXT ], the same shape
// and rules as `ip route-static`.
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
constexpr cli::Ipv6Arg kPrefix{"ipv6-address"};
constexpr cli::IntArg<int> kLen{"prefix-length"};
constexpr cli::Ipv6Arg kNexthop{"nexthop-ipv6-address"};

bool valid_nexthop(const model::Ipv6& nh) {
  model::Ipv6 loopback;
  loopback.b[15] = 1;
  return nh != model::Ipv6{} && nh != loopback && !model::is_ipv6_multicast(nh);
}
}  // namespace

void register_route6(cli::Registry& reg, App& app) {
  auto help = route_help();
  help["ipv6"] = "IPv6 configuration";
  std::vector<cli::ParamDecl> params = {{kVpnName, vpn_name_param()},
                                        {kPrefix, types::ipv6(), "Destination IPv6 address"},
                                        {kLen, types::integer(0, 128), "Prefix length"},
                                        {kIfName, ifname_param(), "Outgoing interface type and number"},
                                        {kNexthop, types::ipv6(), "Next hop IPv6 address"}};
  for (auto& p : route_option_params()) params.push_back(std::move(p));
  reg.add({.views = {std::string(cli::kSystemView)},
           .syntax = "ipv6 route-static [ vpn-instance <vpn-instance-name> ] <ipv6-address> <prefix-length> "
                     "{ <interface-name> [ <nexthop-ipv6-address> ] | <nexthop-ipv6-address> } "
                     "[ preference <preference> | tag <tag> ] * [ description <text> ]",
           .undo_syntax = "undo ipv6 route-static [ vpn-instance <vpn-instance-name> ] <ipv6-address> "
                          "<prefix-length> [ <interface-name> [ <nexthop-ipv6-address> ] | "
                          "<nexthop-ipv6-address> ]",
           .help = help,
           .params = std::move(params),
           .run = [&app](Ctx& ctx, const Args& a) {
             model::StaticRoute6 r;
             r.vpn = a.value_or(kVpnName, {});
             r.len = a[kLen];
             r.prefix = model::ipv6_network(a[kPrefix], r.len);
             r.ifname = a.value_or(kIfName, {});
             r.nexthop = a.opt(kNexthop);
             if (ctx.undo()) {
               const bool any_path = r.ifname.empty() && !r.nexthop;
               const bool erased = any_path ? model::erase_routes6(app.candidate, r.vpn, r.prefix, r.len) > 0
                                            : model::erase_route6(app.candidate, r);
               if (!erased) return fail(ctx, "The static route does not exist.");
               return Status::Ok;
             }
             if (r.ifname.rfind("LoopBack", 0) == 0 && r.nexthop)
               return fail(ctx, "A next hop cannot be specified with a LoopBack outgoing interface.");
             if (r.nexthop && !valid_nexthop(*r.nexthop))
               return fail(ctx, "The next hop address is invalid.");
             // A link-local address means something only on one link: the route must name it.
             if (r.nexthop && model::is_ipv6_link_local(*r.nexthop) && r.ifname.empty())
               return fail(ctx, "A link-local next hop requires an outgoing interface.");
             r.preference = a.value_or(kRoutePreference, kDefaultStaticPreference);
             r.tag = a.value_or(kRouteTag, 0u);
             r.description = a.value_or(kRouteText, {});
             model::upsert_route6(app.candidate, r);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
