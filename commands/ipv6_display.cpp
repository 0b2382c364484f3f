// display ipv6 routing-table [ vpn-instance V ] (NE layout, vrp-cli-addendum.md §6.4),
// display ipv6 interface [ IFNAME | brief ] (brief: the V8 CE layout of §6.5) and
// display ipv6 neighbors (§6.6).
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/interface_state.hpp"
#include "commands/params.hpp"
#include "dataplane/arp.hpp"
#include "dataplane/clock.hpp"
#include "model/chassis.hpp"
#include "model/routes6.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;

namespace {

// Labels 13 wide then ": ", the second label at column 56.
std::string pair_line(std::string_view l1, std::string_view v1, std::string_view l2, std::string_view v2) {
  return fmt::format("{:<13}: {:<40}{:<13}: {}\n", l1, v1, l2, v2);
}

std::string route_blocks(const std::vector<model::Route6Entry>& table) {
  std::string out;
  for (std::size_t i = 0, group = 0; i < table.size(); ++i) {
    const auto& r = table[i];
    if (i == 0 || r.prefix != table[i - 1].prefix || r.len != table[i - 1].len) group = i;
    // Only the preferred routes of a destination (lowest preference) are downloaded to the FIB.
    std::string flags = r.flags;
    if (r.preference != table[group].preference) std::erase(flags, 'D');
    out += "\n";
    out += pair_line("Destination", model::format_ipv6(r.prefix), "PrefixLength", std::to_string(r.len));
    out += pair_line("NextHop", model::format_ipv6(r.nexthop), "Preference", std::to_string(r.preference));
    out += pair_line("Cost", std::to_string(r.cost), "Protocol", r.proto);
    out += pair_line("RelayNextHop", "::", "TunnelID", "0x0");
    out += pair_line("Interface", r.ifname, "Flags", flags);
  }
  return out;
}

std::string ipv6_table(const model::Config& c, const std::string& vpn) {
  const auto table = model::ipv6_routing_table(c, vpn);
  std::size_t destinations = 0;
  for (std::size_t i = 0; i < table.size(); ++i)
    if (i == 0 || table[i].prefix != table[i - 1].prefix || table[i].len != table[i - 1].len) ++destinations;
  std::string out = fmt::format("Routing Table : {}\n", vpn.empty() ? model::kPublicVpn : vpn);
  out += fmt::format("         Destinations : {:<10}Routes : {}\n", destinations, table.size());
  return out + route_blocks(table);
}

// IPv6 comes up with a link-local address, on an interface that is up.
std::string ipv6_protocol(const model::Config& c, const model::Interface& itf) {
  const auto [phy, proto] = states(c, itf);
  if (phy != "up") return "down";
  if (model::is_loopback(itf.name)) return "up(s)";
  return model::link_local_address(itf) ? "up" : "down";
}

std::string brief(const model::Config& c) {
  std::string out =
      "*down: administratively down\n"
      "!down: FIB overload down\n"
      "(l): loopback\n"
      "(s): spoofing\n";
  out += fmt::format("{:<29}{:<9}{:<9}{}\n", "Interface", "Physical", "Protocol", "VPN");
  for (const auto& itf : all_interfaces(c)) {
    if (!itf.ipv6_enable) continue;
    out += fmt::format("{:<29}{:<9}{:<9}{}\n", itf.name, states(c, itf).first, ipv6_protocol(c, itf),
                       itf.vpn.empty() ? "--" : itf.vpn);
    if (itf.ipv6_addresses.empty()) out += "[IPv6 Address/Prefix Length] unassigned\n";
    for (const auto& a : itf.ipv6_addresses)
      out += fmt::format("[IPv6 Address/Prefix Length] {}/{}\n", model::format_ipv6(a.addr), a.len);
  }
  return out;
}

// The vendor's block, without its neighbour discovery lines (joined groups, DAD, RA timers):
// vrsh does not run neighbour discovery on these interfaces yet.
std::string detail(const model::Config& c, const model::Interface& itf) {
  const std::string phy = states(c, itf).first;
  std::string out = fmt::format("{} current state : {}\n", itf.name,
                                phy == "*down" ? "Administratively DOWN"
                                : phy == "up"  ? "UP"
                                               : "DOWN");
  out += fmt::format("IPv6 protocol current state : {}\n",
                     ipv6_protocol(c, itf).starts_with("up") ? "UP" : "DOWN");
  const auto ll = model::link_local_address(itf);
  out += fmt::format("IPv6 is enabled, link-local address is {}\n", ll ? model::format_ipv6(*ll) : "::");
  out += "  Global unicast address(es):\n";
  for (const auto& a : itf.ipv6_addresses)
    out += fmt::format("    {}, subnet is {}/{}\n", model::format_ipv6(a.addr),
                       model::format_ipv6(model::ipv6_network(a.addr, a.len)), a.len);
  out += "  MTU is 1500 bytes\n";
  return out;
}

// The CE block layout (addendum §6.6). State REACH while an entry is valid, INCMP while it is
// being resolved; Age: seconds since the neighbour was last confirmed.
std::string neighbors(const model::Config& c, const std::vector<dataplane::Engine::NdEntry>& entries,
                      std::uint64_t now) {
  const std::string rule(77, '-');
  std::string out = rule + "\n";
  const std::uint64_t reachable = dataplane::arp::Timing{}.reachable_ns;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    const model::Interface* itf = c.find_interface(e.ifname);
    const std::uint64_t left = e.expires_ns > now ? e.expires_ns - now : 0;
    const std::string age =
        e.resolved ? std::to_string((reachable - std::min(left, reachable)) / 1000000000ULL) : "-";
    if (i != 0) out += "\n";
    out += fmt::format("IPv6 Address : {}\n", model::format_ipv6(model::Ipv6{e.ip}));
    out += fmt::format("{:<13}: {:<35}{:<8}: {}\n", "Link-layer", e.resolved ? model::format_mac(e.mac) : "-",
                       "State", e.resolved ? "REACH" : "INCMP");
    out += fmt::format("{:<13}: {:<35}{:<8}: {}\n", "Interface", e.ifname, "Age", age);
    out += fmt::format("{:<13}: {:<35}{:<8}: {}\n", "VLAN", "-", "CEVLAN", "-");
    out += fmt::format("{:<13}: {:<35}{:<9}: {}\n", "VPN name", itf && !itf->vpn.empty() ? itf->vpn : "-",
                       "Is Router", "FALSE");
    out += fmt::format("{:<13}: {:<35}{:<10}: {}\n", "Secure FLAG", "UNSECURE", "Nickname", "-");
  }
  out += rule + "\n";
  out += fmt::format("Total: {:<9}Dynamic: {:<7}Static: {}\n", entries.size(), entries.size(), 0);
  return out;
}

}  // namespace

void register_ipv6_display(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView);
  reg.add({.views = {any},
           .syntax = "display ipv6 routing-table [ vpn-instance <vpn-instance-name> ]",
           .help = {{"ipv6", "IPv6 information"},
                    {"routing-table", "IPv6 routing table"},
                    {"vpn-instance", "Routing table of a VPN instance"}},
           .params = {{kVpnName, vpn_name_param()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string vpn = a.value_or(kVpnName, {});
             const model::Config& c = app.store.running();
             if (!vpn.empty() && !c.vpns.count(vpn)) return fail(ctx, "The VPN instance does not exist.");
             ctx.out() << ipv6_table(c, vpn);
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display ipv6 interface [ <interface-name> | brief ]",
           .help = {{"ipv6", "IPv6 information"},
                    {"interface", "IPv6 status and configuration of interfaces"},
                    {"brief", "Brief information of interfaces"}},
           .params = {{kIfName, ifname_param()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const model::Config& c = app.store.running();
             if (a.has("brief")) {
               ctx.out() << brief(c);
               return Status::Ok;
             }
             std::string out;
             if (a.has(kIfName)) {
               const std::string name = a[kIfName];
               if (!c.interface_exists(name)) return fail(ctx, "The interface does not exist.");
               const model::Interface* itf = c.find_interface(name);
               if (itf == nullptr || !itf->ipv6_enable)
                 return fail(ctx, "IPv6 is not enabled on the interface.");
               out = detail(c, *itf);
             } else {
               for (const auto& itf : all_interfaces(c))
                 if (itf.ipv6_enable) out += (out.empty() ? "" : "\n") + detail(c, itf);
             }
             ctx.out() << out;
             return Status::Ok;
           }});

  // What neighbour discovery on the live ports learnt (none without live ports).
  reg.add({.views = {any},
           .syntax = "display ipv6 neighbors",
           .help = {{"ipv6", "IPv6 information"}, {"neighbors", "IPv6 neighbor entries"}},
           .run = [&app](Ctx& ctx, const Args&) {
             ctx.out() << neighbors(app.store.running(), app.engine.nd_entries(), dataplane::realtime_ns());
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
