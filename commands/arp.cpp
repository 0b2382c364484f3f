// ARP: `arp static` (neighbours live ports do not resolve) and `display arp`.
#include <algorithm>

#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/params.hpp"
#include "dataplane/clock.hpp"
#include "model/chassis.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

constexpr cli::Ipv4Arg kIp{"ip-address"};
constexpr cli::MacArg kMac{"mac-address"};

std::uint64_t wall_ns() {
  return dataplane::realtime_ns();
}

std::string arp_row(model::Ipv4 ip, const std::string& mac, const std::string& exp, const char* type,
                    const std::string& ifname, const std::string& vpn) {
  std::string row =
      fmt::format("{:<16}{:<16}{:<7}{:<6}{:<22}{}", model::format_ipv4(ip), mac, exp, type, ifname, vpn);
  row.erase(row.find_last_not_of(' ') + 1);
  return row + '\n';
}

}  // namespace

void register_arp(cli::Registry& reg, App& app) {
  reg.add(
      {.views = {std::string(cli::kSystemView)},
       .syntax = "arp static <ip-address> <mac-address> [ vpn-instance <vpn-instance-name> ]",
       .undo_syntax = "undo arp static <ip-address> [ <mac-address> ] [ vpn-instance <vpn-instance-name> ]",
       .help = {{"arp", "ARP module"},
                {"static", "Static ARP entry"},
                {"vpn-instance", "VPN instance of the entry"}},
       .params = {{kIp, types::ipv4(), "IP address"},
                  {kMac, types::mac(), "MAC address"},
                  {kVpnName, vpn_name_param()}},
       .run = [&app](Ctx& ctx, const Args& a) {
         model::ArpStatic e;
         e.vpn = a.value_or(kVpnName, {});
         e.ip = a[kIp];
         auto& list = app.candidate.arp_static;
         const auto same = [&](const model::ArpStatic& x) { return x.vpn == e.vpn && x.ip == e.ip; };
         if (ctx.undo()) {
           const auto mac = a.opt(kMac);
           const auto before = list.size();
           std::erase_if(list, [&](const model::ArpStatic& x) { return same(x) && (!mac || x.mac == *mac); });
           if (list.size() == before) {
             return fail(ctx, "The static ARP entry does not exist.");
           }
           return Status::Ok;
         }
         if (e.ip == 0 || (e.ip >> 24) >= 224 || (e.ip >> 24) == 127) {
           return fail(ctx, "The IP address is invalid.");
         }
         e.mac = a[kMac];
         if ((e.mac[0] & 1) != 0 || e.mac == model::MacAddr{}) {
           return fail(ctx, "The MAC address is invalid.");
         }
         std::erase_if(list, same);
         list.insert(std::lower_bound(list.begin(), list.end(), e), e);
         return Status::Ok;
       }});

  reg.add({.views = {std::string(cli::kAnyView)},
           .syntax = "display arp",
           .help = {{"arp", "ARP entries"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const model::Config& c = app.store.running();
             std::string rows;
             std::size_t dynamic = 0, statics = 0, interface = 0;
             for (const auto& itf : c.interfaces) {
               const auto lp = app.engine.live_port(itf.name);
               if (!lp) continue;
               for (const auto& ad : itf.addresses) {
                 rows += arp_row(ad.addr, model::format_mac(lp->mac), "", "I", itf.name, itf.vpn);
                 ++interface;
               }
             }
             const std::uint64_t now = wall_ns();
             for (const auto& e : app.engine.arp_entries()) {
               const model::Interface* itf = c.find_interface(e.ifname);
               std::string exp;
               if (e.resolved)
                 exp = std::to_string(
                     e.expires_ns > now ? (e.expires_ns - now + 59999999999ULL) / 60000000000ULL : 0);
               rows += arp_row(e.ip, e.resolved ? model::format_mac(e.mac) : "Incomplete", exp, "D", e.ifname,
                               itf ? itf->vpn : "");
               ++dynamic;
             }
             for (const auto& s : c.arp_static) {
               rows += arp_row(s.ip, model::format_mac(s.mac), "", "S", "", s.vpn);
               ++statics;
             }
             const std::string rule(78, '-');
             ctx.out() << "ARP Entry Types: D - Dynamic, S - Static, I - Interface\nEXP: Expire-time\n\n"
                       << "IP ADDRESS      MAC ADDRESS     EXP(M) TYPE  INTERFACE             VPN-INSTANCE\n"
                       << rule << '\n'
                       << rows << rule << '\n'
                       << fmt::format("Total:{:<10}Dynamic:{:<8}Static:{:<6}Interface:{}\n",
                                      dynamic + statics + interface, dynamic, statics, interface);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
