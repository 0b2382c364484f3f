// Static routes: ip route-static [ vpn-instance V ] PREFIX MASK { IFNAME [ NEXTHOP ] | NEXTHOP } ...
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/params.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

void register_route(cli::Registry& reg, App& app) {
  const std::map<std::string, std::string> help = {
      {"ip", "Specify IP configurations"},
      {"route-static", "Configure a static route"},
      {"vpn-instance", "Specify the VPN instance of the route"},
      {"<vpn-instance-name>", "VPN instance name, a string of 1 to 31 characters"},
      {"<ip-address>", "Destination IP address"},
      {"<mask>", "Mask in dotted decimal notation or mask length"},
      {"<interface-name>", "Outgoing interface type and number"},
      {"<nexthop-address>", "Next hop IP address"},
      {"preference", "Route preference"},
      {"<preference>", "Preference value"},
      {"tag", "Route tag"},
      {"<tag>", "Tag value"},
      {"description", "Route description"},
      {"<text>", "Description, a string of 1 to 150 characters, spaces allowed"},
      {"undo", "Undo an operation"}};
  reg.add({.views = {std::string(cli::kSystemView)},
           .syntax =
               "ip route-static [ vpn-instance <vpn-instance-name> ] <ip-address> <mask> { <interface-name> "
               "[ <nexthop-address> ] | <nexthop-address> } [ preference <preference> | tag <tag> ] * "
               "[ description <text> ]",
           .undo_syntax = "undo ip route-static [ vpn-instance <vpn-instance-name> ] <ip-address> <mask> "
                          "[ <interface-name> [ <nexthop-address> ] | <nexthop-address> ]",
           .help = help,
           .params = {{"vpn-instance-name", vpn_name_param()},
                      {"ip-address", types::ipv4()},
                      {"mask", types::mask()},
                      {"interface-name", ifname_param()},
                      {"nexthop-address", types::ipv4()},
                      {"preference", types::integer(1, 255)},
                      {"tag", types::integer(1, 4294967295LL)},
                      {"text", types::text(1, 150)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             model::StaticRoute r;
             r.vpn = a.get("vpn-instance-name");
             r.mask = *model::parse_ipv4(a.get("mask"));
             r.prefix = *model::parse_ipv4(a.get("ip-address")) & r.mask;
             r.ifname = a.get("interface-name");
             if (auto nh = a.opt("nexthop-address")) r.nexthop = model::parse_ipv4(*nh);
             if (ctx.undo()) {
               const bool any_path = r.ifname.empty() && !r.nexthop;
               const auto before = app.candidate.routes.size();
               std::erase_if(app.candidate.routes, [&](const model::StaticRoute& x) {
                 return x.vpn == r.vpn && x.prefix == r.prefix && x.mask == r.mask &&
                        (any_path || (x.ifname == r.ifname && x.nexthop == r.nexthop));
               });
               if (app.candidate.routes.size() == before) {
                 ctx.out() << "Error: The static route does not exist.\n";
                 return Status::Error;
               }
               return Status::Ok;
             }
             if (r.ifname.rfind("LoopBack", 0) == 0 && r.nexthop) {
               ctx.out() << "Error: A next hop cannot be specified with a LoopBack outgoing interface.\n";
               return Status::Error;
             }
             if (r.nexthop && (*r.nexthop == 0 || (*r.nexthop >> 24) >= 224)) {
               ctx.out() << "Error: The next hop address is invalid.\n";
               return Status::Error;
             }
             r.preference = static_cast<int>(a.num("preference", 60));
             r.tag = static_cast<std::uint32_t>(a.num("tag", 0));
             r.description = a.get("text");
             model::upsert_route(app.candidate, r);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
