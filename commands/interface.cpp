// Interface view: creation of LoopBack and sub-interfaces, description, shutdown, IPv4
// addresses, VPN binding and the per-interface ESQM and IP FPM settings.
#include <algorithm>

#include <fmt/format.h>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/interface_view.hpp"
#include "commands/params.hpp"
#include "commands/views.hpp"
#include "model/chassis.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

constexpr cli::Ipv4Arg kIp{"ip-address"};
constexpr cli::Ipv4Arg kMask{"mask"};
constexpr cli::WordArg kSub{"sub"};
constexpr cli::WordArg kDirection{"direction"};

model::Interface& current(App& app, Ctx& ctx) {
  return current_interface(app, ctx);
}

bool same_subnet(const model::IfAddress& a, const model::IfAddress& b) {
  const model::Ipv4 m = std::min(a.mask, b.mask);  // shorter (numerically smaller) mask covers both
  return (a.addr & m) == (b.addr & m);
}

// Vendor rule: addresses of interfaces in the same VPN instance must not overlap.
const model::Interface* overlapping(const model::Config& c, const model::Interface& self,
                                    const model::IfAddress& a) {
  // The addresses first: comparing them is cheaper than the names, and this walks every
  // interface for each address typed.
  for (const auto& itf : c.interfaces) {
    for (const auto& other : itf.addresses)
      if (same_subnet(other, a) && itf.name != self.name && itf.vpn == self.vpn) return &itf;
  }
  return nullptr;
}

Status ip_address(App& app, Ctx& ctx, const Args& a) {
  model::Interface& itf = current(app, ctx);
  if (itf.name == "NULL0") return fail(ctx, "The NULL interface does not support IP addresses.");
  const bool sub = a.has(kSub);
  if (ctx.undo()) {
    if (!a.has(kIp)) {
      itf.addresses.clear();
      return Status::Ok;
    }
    const model::IfAddress want{a[kIp], a[kMask], sub};
    auto it = std::find(itf.addresses.begin(), itf.addresses.end(), want);
    if (it == itf.addresses.end()) return fail(ctx, "The address does not exist.");
    if (!sub && itf.addresses.size() > 1)
      return fail(ctx, "Please delete the sub addresses before deleting the primary address.");
    itf.addresses.erase(it);
    return Status::Ok;
  }
  const model::IfAddress addr{a[kIp], a[kMask], sub};
  const int len = model::len_from_mask(addr.mask);
  if (len <= 0) return fail(ctx, "The mask is invalid.");
  if (len < 31) {
    const model::Ipv4 host = addr.addr & ~addr.mask;
    if (host == 0 || host == ~addr.mask) return fail(ctx, "The specified IP address is invalid.");
  }
  const model::Ipv4 first = addr.addr >> 24;
  if (first == 0 || first == 127 || first >= 224) return fail(ctx, "The specified IP address is invalid.");
  for (const auto& mine : itf.addresses) {
    if (mine.addr == addr.addr && mine.mask == addr.mask && mine.sub == addr.sub) return Status::Ok;
    if (mine.sub != addr.sub || addr.sub) {
      if (same_subnet(mine, addr))
        return fail(ctx, "The address overlaps with another address of this interface.");
    }
  }
  if (const auto* other = overlapping(app.candidate, itf, addr))
    return fail(ctx, fmt::format("The specified address conflicts with another address on {}.", other->name));
  if (sub) {
    if (itf.addresses.empty() || itf.addresses.front().sub)
      return fail(ctx, "Please configure the primary address before configuring a sub address.");
    itf.addresses.push_back(addr);
  } else if (!itf.addresses.empty() && !itf.addresses.front().sub) {
    itf.addresses.front() = addr;  // a new primary address replaces the old one
  } else {
    itf.addresses.insert(itf.addresses.begin(), addr);
  }
  return Status::Ok;
}

}  // namespace

void register_interface(cli::Registry& reg, App& app) {
  const std::string sys(cli::kSystemView);
  reg.add({.views = {sys},
           .syntax = "interface <interface-name>",
           .undo_syntax = "undo interface <interface-name>",
           .help = {{"interface", "Specify an interface"}},
           .params = {{kIfName, ifname_param()}},
           .run = [&app](Ctx& ctx, const Args& a) {
             const std::string name = a[kIfName];
             if (ctx.undo()) {
               if (model::is_physical(name) || name == "NULL0")
                 return fail(ctx, "The interface cannot be deleted.");
               auto& ifs = app.candidate.interfaces;
               const auto before = ifs.size();
               std::erase_if(ifs, [&](const model::Interface& i) {
                 return i.name == name || model::main_port(i.name) == name;
               });
               if (ifs.size() == before) return fail(ctx, "The interface does not exist.");
               return Status::Ok;
             }
             const auto parent = model::main_port(name);
             if (parent != name && !model::is_physical(parent))
               return fail(ctx, "Sub-interfaces can be created only on physical interfaces.");
             model::ensure_interface(app.candidate, name);
             kInterfaceView.enter(ctx, {name});
             return Status::Ok;
           }});

  kInterfaceView.add(
      reg, description_command("Set the description of the interface",
                               [&app](Ctx& ctx) -> std::string& { return current(app, ctx).description; }));

  kInterfaceView.add(reg, {.syntax = "shutdown",
                           .undo_syntax = "undo shutdown",
                           .help = {{"shutdown", "Shut down the interface"}},
                           .run = [&app](Ctx& ctx, const Args&) {
                             model::Interface& i = current(app, ctx);
                             if (i.name == "NULL0")
                               return fail(ctx, "The NULL interface cannot be shut down.");
                             i.shutdown = !ctx.undo();
                             return Status::Ok;
                           }});

  kInterfaceView.add(reg,
                     {.syntax = "ip address <ip-address> <mask> [ sub ]$sub",
                      .undo_syntax = "undo ip address [ <ip-address> <mask> [ sub ]$sub ]",
                      .help = {{"address", "Configure an IPv4 address"}, {"sub", "Indicate a sub address"}},
                      .params = {{kIp, types::ipv4(), "IP address"}, {kMask, types::mask()}, {kSub}},
                      .run = [&app](Ctx& ctx, const Args& a) { return ip_address(app, ctx, a); }});

  kInterfaceView.add(
      reg, {.syntax = "ip binding vpn-instance <vpn-instance-name>",
            .undo_syntax = "undo ip binding vpn-instance <vpn-instance-name>",
            .help = {{"binding", "Bind the interface to a VPN instance"}, {"vpn-instance", "VPN instance"}},
            .params = {{kVpnName, vpn_name_param()}},
            .run = [&app](Ctx& ctx, const Args& a) {
              model::Interface& i = current(app, ctx);
              const std::string vpn = a[kVpnName];
              if (ctx.undo()) {
                if (i.vpn != vpn) return fail(ctx, "The interface is not bound to this VPN instance.");
                i.vpn.clear();
              } else {
                if (!app.candidate.vpns.count(vpn)) return fail(ctx, "The VPN instance does not exist.");
                if (i.vpn == vpn) return Status::Ok;
                i.vpn = vpn;
              }
              // Binding or unbinding removes the interface's Layer 3 configuration, as on the vendor's
              // routers.
              if (!i.addresses.empty()) {
                i.addresses.clear();
                ctx.out() << "Info: All IPv4 related configurations on this interface are removed.\n";
              }
              if (model::clear_ipv6(i))
                ctx.out() << "Info: All IPv6 related configurations on this interface are removed.\n";
              return Status::Ok;
            }});

  kInterfaceView.add(
      reg, {.syntax = "esqm service-stream { inbound | outbound }$direction",
            .undo_syntax = "undo esqm service-stream { inbound | outbound }$direction",
            .help = {{"service-stream", "Sample service streams on the interface"}},
            .params = {{kDirection}},
            .run = [&app](Ctx& ctx, const Args& a) {
              model::Interface& i = current(app, ctx);
              if (!model::is_physical(model::main_port(i.name)))
                return fail(
                    ctx,
                    "ESQM sampling can be configured only on physical interfaces and their sub-interfaces.");
              (a.is(kDirection, "inbound") ? i.esqm_inbound : i.esqm_outbound) = !ctx.undo();
              return Status::Ok;
            }});

  kInterfaceView.add(reg, {.syntax = "ipfpm tlp <tlp-id>",
                           .undo_syntax = "undo ipfpm tlp <tlp-id>",
                           .help = {{"tlp", "Bind a target logical port to the interface"}},
                           .params = {{kTlp, tlp_id_param()}},
                           .run = [&app](Ctx& ctx, const Args& a) {
                             model::Interface& i = current(app, ctx);
                             const auto id = a[kTlp];
                             if (ctx.undo()) {
                               if (!i.ipfpm_tlps.erase(id))
                                 return fail(ctx, "The TLP is not bound to this interface.");
                               return Status::Ok;
                             }
                             for (const auto& other : app.candidate.interfaces)
                               if (other.name != i.name && other.ipfpm_tlps.count(id))
                                 return fail(
                                     ctx, fmt::format("The TLP {} is already bound to {}.", id, other.name));
                             i.ipfpm_tlps.insert(id);
                             return Status::Ok;
                           }});
  register_interface_ipv6(reg, app);
}

}  // namespace vrsh::commands
