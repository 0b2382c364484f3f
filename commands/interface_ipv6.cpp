// Interface view, IPv6: `ipv6 enable`, global addresses (`ipv6 address X LEN`, or X/LEN), the
// link-local address (configured, or `ipv6 address auto link-local`) and their undo forms
// (vrp-cli-addendum.md §6.1). The rules are checked as each line is entered, as for IPv4.
#include <algorithm>

#include <fmt/format.h>

#include "commands/common.hpp"
#include "commands/interface_view.hpp"
#include "commands/params.hpp"
#include "model/chassis.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;
namespace types = cli::types;

namespace {

constexpr cli::Ipv6Arg kAddr{"ipv6-address"};
constexpr cli::IntArg<int> kLen{"prefix-length"};
constexpr cli::TextArg kAddrLen{"ipv6-address-prefix"};

bool overlaps(const model::Ip6Address& a, const model::Ip6Address& b) {
  return model::ipv6_in_prefix(a.addr, b.addr, std::min(a.len, b.len));
}

// Addresses a global unicast address cannot be: unspecified, loopback, multicast, link-local, or
// (below /127) the subnet-router anycast address, whose interface bits are all zero.
bool valid_global(const model::Ip6Address& a) {
  model::Ipv6 loopback;
  loopback.b[15] = 1;
  if (a.addr == model::Ipv6{} || a.addr == loopback || model::is_ipv6_multicast(a.addr) ||
      model::is_ipv6_link_local(a.addr))
    return false;
  return a.len >= 127 || model::ipv6_network(a.addr, a.len) != a.addr;
}

Status global_address(App& app, Ctx& ctx, model::Interface& itf, std::optional<model::Ip6Address> want) {
  auto& list = itf.ipv6_addresses;
  if (ctx.undo()) {
    if (!want) {
      list.clear();
      return Status::Ok;
    }
    if (std::erase(list, *want) == 0) return fail(ctx, "The address does not exist.");
    return Status::Ok;
  }
  const model::Ip6Address a = *want;
  if (a.len == 128 && !model::is_loopback(itf.name))
    return fail(ctx, "An IPv6 address with a 128-bit prefix can be configured only on a loopback interface.");
  if (!valid_global(a)) return fail(ctx, "The specified IPv6 address is invalid.");
  for (const auto& mine : list)
    if (mine.addr != a.addr && overlaps(mine, a))
      return fail(ctx, "The address overlaps with another address of this interface.");
  // Vendor rule, as for IPv4: addresses of interfaces in the same VPN instance must not overlap.
  for (const auto& other : app.candidate.interfaces) {
    if (other.name == itf.name || other.vpn != itf.vpn) continue;
    for (const auto& theirs : other.ipv6_addresses)
      if (overlaps(theirs, a))
        return fail(ctx,
                    fmt::format("The specified address conflicts with another address on {}.", other.name));
  }
  // One entry per address (the YANG keys the list by address): a new length replaces the old.
  std::erase_if(list, [&](const model::Ip6Address& m) { return m.addr == a.addr; });
  list.insert(std::lower_bound(list.begin(), list.end(), a), a);
  return Status::Ok;
}

Status link_local(Ctx& ctx, model::Interface& itf, const model::Ipv6& addr) {
  if (ctx.undo()) {
    if (itf.ipv6_link_local != addr) return fail(ctx, "The address does not exist.");
    itf.ipv6_link_local.reset();
    return Status::Ok;
  }
  if (!model::is_ipv6_link_local(addr) || model::ipv6_network(addr, 64) == addr)
    return fail(ctx, "The specified link-local address is invalid.");
  itf.ipv6_link_local = addr;  // only one: a new one replaces it
  return Status::Ok;
}

Status ipv6_address(App& app, Ctx& ctx, const Args& a) {
  model::Interface& itf = current_interface(app, ctx);
  if (itf.name == "NULL0") return fail(ctx, "The NULL interface does not support IP addresses.");
  if (!itf.ipv6_enable) {
    if (ctx.undo()) return fail(ctx, "The address does not exist.");
    return fail(ctx, "The IPv6 function is not enabled on the interface.");
  }
  if (a.has("auto")) {
    if (ctx.undo() && !itf.ipv6_auto_link_local) return fail(ctx, "The address does not exist.");
    itf.ipv6_auto_link_local = !ctx.undo();
    return Status::Ok;
  }
  if (a.has(kAddr) && a.has("link-local")) return link_local(ctx, itf, a[kAddr]);
  std::optional<model::Ip6Address> want;
  if (a.has(kAddr)) want = model::Ip6Address{a[kAddr], a[kLen]};
  if (a.has(kAddrLen)) {
    const auto p = model::parse_ipv6_prefix(a[kAddrLen], 1, 128);
    want = model::Ip6Address{p->first, p->second};
  }
  return global_address(app, ctx, itf, want);
}

}  // namespace

void register_interface_ipv6(cli::Registry& reg, App& app) {
  kInterfaceView.add(reg, {.syntax = "ipv6 enable",
                           .undo_syntax = "undo ipv6 enable",
                           .help = {{"ipv6", "IPv6 configuration of the interface"},
                                    {"enable", "Enable IPv6 on the interface"}},
                           .run = [&app](Ctx& ctx, const Args&) {
                             model::Interface& i = current_interface(app, ctx);
                             if (i.name == "NULL0")
                               return fail(ctx, "The NULL interface does not support IP addresses.");
                             // Disabling IPv6 takes the interface's IPv6 addresses with it, so
                             // what is saved never holds an address without `ipv6 enable`.
                             if (ctx.undo())
                               model::clear_ipv6(i);
                             else
                               i.ipv6_enable = true;
                             return Status::Ok;
                           }});

  const std::string forms =
      "{ <ipv6-address> { <prefix-length> | link-local } | <ipv6-address-prefix> | auto link-local }";
  kInterfaceView.add(reg, {.syntax = "ipv6 address " + forms,
                           .undo_syntax = "undo ipv6 address [ " + forms.substr(2, forms.size() - 4) + " ]",
                           .help = {{"ipv6", "IPv6 configuration of the interface"},
                                    {"address", "Configure an IPv6 address"},
                                    {"link-local", "Link-local address"},
                                    {"auto", "Generate the link-local address automatically (EUI-64)"}},
                           .params = {{kAddr, types::ipv6(), "IPv6 address"},
                                      {kLen, types::integer(1, 128), "Prefix length"},
                                      {kAddrLen, types::ipv6_prefix(1, 128)}},
                           .run = [&app](Ctx& ctx, const Args& a) { return ipv6_address(app, ctx, a); }});
}

}  // namespace vrsh::commands
