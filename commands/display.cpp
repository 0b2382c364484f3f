// display interface brief, display ip interface brief, display interface, reset counters interface.
#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/interface_state.hpp"
#include "commands/params.hpp"
#include "model/chassis.hpp"
#include "model/routes.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;

namespace {

const char* kBriefLegend =
    "PHY: Physical\n"
    "*down: administratively down\n"
    "^down: standby\n"
    "(l): loopback\n"
    "(s): spoofing\n"
    "(E): E-Trunk down\n"
    "(b): BFD down\n"
    "(B): Bit-error-detection down\n"
    "(e): ETHOAM down\n"
    "(d): Dampening Suppressed\n"
    "(p): port alarm down\n"
    "(ld): loop-detect trigger down\n"
    "(td): transceiver unmatch down\n"
    "(mf): mac-flapping blocked\n"
    "(c): CFM down\n"
    "(sd): STP instance discarding\n"
    "InUti/OutUti: input utility/output utility\n";

const char* kIpBriefLegend =
    "*down: administratively down\n"
    "!down: FIB overload down\n"
    "^down: standby\n"
    "(l): loopback\n"
    "(s): spoofing\n"
    "(d): Dampening Suppressed\n"
    "(E): E-Trunk down\n";

// A live port's device and what the kernel could not deliver to us.
std::string live_port_lines(const dataplane::Engine::LivePortStatus& s) {
  std::string out = fmt::format("Live device: {}, kernel dropped {} packets, interface dropped {} packets\n",
                                s.device, s.kernel_dropped, s.if_dropped);
  out += fmt::format("ARP: {} received, {} replies sent, {} requests sent\n", s.arp_in, s.arp_replies,
                     s.arp_requests);
  if (s.nd_solicitations != 0)
    out += fmt::format("ND: {} solicitations received, {} advertisements sent\n", s.nd_solicitations,
                       s.nd_advertisements);
  if (s.foreign != 0) out += fmt::format("Ignored: {} frames for other MAC addresses\n", s.foreign);
  if (s.inject_errors != 0) out += fmt::format("Send errors: {}\n", s.inject_errors);
  if (!s.error.empty() && s.error != "stopped") out += fmt::format("Live device stopped: {}\n", s.error);
  return out;
}

}  // namespace

// Every interface that exists: the chassis ports plus what the configuration created.
std::vector<model::Interface> all_interfaces(const model::Config& c) {
  std::vector<model::Interface> out;
  for (const auto& name : model::physical_ports()) {
    const model::Interface* cfg = c.find_interface(name);
    out.push_back(cfg ? *cfg : model::default_interface(name));
    for (const auto& itf : c.interfaces)
      if (model::is_subinterface(itf.name) && model::main_port(itf.name) == name) out.push_back(itf);
  }
  for (const auto& itf : c.interfaces)
    if (!model::is_physical(model::main_port(itf.name))) out.push_back(itf);
  if (!c.find_interface("NULL0")) out.push_back(model::default_interface("NULL0"));
  return out;
}

std::pair<std::string, std::string> states(const model::Config& c, const model::Interface& itf) {
  const bool parent_down = model::is_subinterface(itf.name) && [&] {
    const auto* p = c.find_interface(model::main_port(itf.name));
    return p ? p->shutdown : model::default_interface(model::main_port(itf.name)).shutdown;
  }();
  if (itf.shutdown) return {"*down", "down"};
  if (parent_down) return {"down", "down"};
  if (model::is_loopback(itf.name) || itf.name == "NULL0") return {"up", "up(s)"};
  return {"up", itf.addresses.empty() ? "down" : "up"};
}

void register_display(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView);
  reg.add({.views = {any},
           .syntax = "display interface brief",
           .help = {{"interface", "Interface status and configuration"},
                    {"brief", "Brief information of interfaces"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const model::Config& c = app.store.running();
             std::string out = kBriefLegend;
             out += fmt::format("{:<28}{:<6}{:<10}{:>5}{:>7}{:>11}{:>11}\n", "Interface", "PHY", "Protocol",
                                "InUti", "OutUti", "inErrors", "outErrors");
             for (const auto& itf : all_interfaces(c)) {
               const auto [phy, proto] = states(c, itf);
               std::uint64_t in_errors = 0;
               if (auto pc = app.engine.port_counters(itf.name))
                 in_errors = pc->drops[static_cast<std::size_t>(dataplane::DropReason::DecodeError)];
               out += fmt::format("{:<28}{:<6}{:<10}{:>5}{:>7}{:>11}{:>11}\n", itf.name, phy, proto, "0%",
                                  "0%", in_errors, 0);
             }
             ctx.out() << out;
             return Status::Ok;
           }});

  // The V8 layout (reference addendum 9.1): the primary address of each interface.
  reg.add({.views = {any},
           .syntax = "display ip interface brief",
           .help = {{"ip", "IP information"},
                    {"interface", "Interface status and configuration"},
                    {"brief", "Brief information of interfaces"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const model::Config& c = app.store.running();
             const auto interfaces = all_interfaces(c);
             std::string rows;
             std::size_t phy_up = 0, proto_up = 0;
             for (const auto& itf : interfaces) {
               const auto [phy, proto] = states(c, itf);
               phy_up += phy == "up";
               proto_up += proto.starts_with("up");
               const std::string address =
                   itf.addresses.empty() ? "unassigned"
                                         : fmt::format("{}/{}", model::format_ipv4(itf.addresses[0].addr),
                                                       model::len_from_mask(itf.addresses[0].mask));
               rows += fmt::format("{:<34}{:<21}{:<11}{:<10}\n", itf.name, address, phy, proto);
             }
             std::string out = kIpBriefLegend;
             out += fmt::format("The number of interface that is UP in Physical is {}\n", phy_up);
             out += fmt::format("The number of interface that is DOWN in Physical is {}\n",
                                interfaces.size() - phy_up);
             out += fmt::format("The number of interface that is UP in Protocol is {}\n", proto_up);
             out += fmt::format("The number of interface that is DOWN in Protocol is {}\n\n",
                                interfaces.size() - proto_up);
             out += fmt::format("{:<34}{:<21}{:<11}{:<10}\n", "Interface", "IP Address/Mask", "Physical",
                                "Protocol");
             ctx.out() << out << rows;
             return Status::Ok;
           }});

  reg.add(
      {.views = {any},
       .syntax = "display interface <interface-name>",
       .help = {{"interface", "Interface status and configuration"}},
       .params = {{kIfName, ifname_param()}},
       .run = [&app](Ctx& ctx, const Args& a) {
         const model::Config& c = app.store.running();
         const std::string name = a[kIfName];
         const model::Interface* cfg = c.find_interface(name);
         if (!c.interface_exists(name)) {
           return fail(ctx, "The interface does not exist.");
         }
         const model::Interface itf = cfg ? *cfg : model::default_interface(name);
         const auto [phy, proto] = states(c, itf);
         std::string out = fmt::format("{} current state : {}\n", name,
                                       phy == "*down" ? "Administratively DOWN"
                                       : phy == "up"  ? "UP"
                                                      : "DOWN");
         out += fmt::format("Line protocol current state : {}\n", proto.starts_with("up") ? "UP" : "DOWN");
         if (!itf.description.empty()) out += fmt::format("Description: {}\n", itf.description);
         out += fmt::format("Route Port,The Maximum Transmit Unit is 1500\n");
         out += fmt::format("Port ifIndex: {}\n", model::if_index(name).value_or(0));
         if (!itf.vpn.empty()) out += fmt::format("VPN instance: {}\n", itf.vpn);
         for (const auto& ad : itf.addresses)
           out += fmt::format("Internet Address is {}/{}{}\n", model::format_ipv4(ad.addr),
                              model::len_from_mask(ad.mask), ad.sub ? " Sub" : "");
         const auto lp = app.engine.live_port(name);
         if (lp)
           out += fmt::format("IP Sending Frames' Format is PKTFMT_ETHNT_2, Hardware address is {}\n",
                              model::format_mac(lp->mac));
         const auto pc = app.engine.port_counters(name).value_or(dataplane::PortCounters{});
         out += fmt::format("Input:  {} packets, {} bytes\nOutput: {} packets, {} bytes\n", pc.rx_packets,
                            pc.rx_bytes, pc.tx_packets, pc.tx_bytes);
         std::string drops;
         for (std::size_t i = 0; i < dataplane::kDropReasonCount; ++i)
           if (pc.drops[i])
             drops +=
                 fmt::format("{}{} {}", drops.empty() ? "" : ", ",
                             dataplane::drop_reason_name(static_cast<dataplane::DropReason>(i)), pc.drops[i]);
         out += fmt::format("Dropped: {} packets{}\n", pc.dropped(), drops.empty() ? "" : " (" + drops + ")");
         if (pc.echo_answered != 0 || pc.echo_unsent != 0)
           out += fmt::format("Echo requests to the router: {} answered, {} unanswered\n", pc.echo_answered,
                              pc.echo_unsent);
         if (pc.icmp_time_exceeded != 0 || pc.icmp_unreachable != 0 || pc.icmp_rate_limited != 0)
           out += fmt::format("ICMP errors to senders: {} time exceeded, {} unreachable, {} rate-limited\n",
                              pc.icmp_time_exceeded, pc.icmp_unreachable, pc.icmp_rate_limited);
         if (lp) out += live_port_lines(*lp);
         ctx.out() << out;
         return Status::Ok;
       }});

  reg.add({.views = {std::string(cli::kUserView)},
           .syntax = "reset counters interface [ <interface-name> ]",
           .help = {{"reset", "Clear data"},
                    {"counters", "Statistics counters"},
                    {"interface", "Interface statistics (display interface)"}},
           .params = {{kIfName, ifname_param()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string name = a.value_or(kIfName, {});
             if (!name.empty() && !app.store.running().interface_exists(name))
               return fail(ctx, "The interface does not exist.");
             app.engine.reset_port_counters(name);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
