// display ip routing-table [ vpn-instance V ] [ IP [ verbose ] | verbose | statistics ], in the
// NE layouts (vrp-cli-addendum.md §9.2).
#include <fmt/format.h>

#include <map>

#include "commands/app.hpp"
#include "commands/common.hpp"
#include "commands/params.hpp"
#include "model/routes.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;

namespace {

constexpr cli::Ipv4Arg kDestination{"ip-address"};

constexpr std::string_view kFlagsLegend =
    "Route Flags: R - relay, D - download to fib, T - to vpn-instance, B - black hole route\n"
    "------------------------------------------------------------------------------\n";

std::string table_name(const std::string& vpn) {
  return vpn.empty() ? "_public_" : vpn;
}

std::string destination(const model::RouteEntry& r) {
  return fmt::format("{}/{}", model::format_ipv4(r.prefix), model::len_from_mask(r.mask));
}

std::size_t destinations(const std::vector<model::RouteEntry>& routes) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < routes.size(); ++i)
    if (i == 0 || routes[i].prefix != routes[i - 1].prefix || routes[i].mask != routes[i - 1].mask) ++n;
  return n;
}

// Only the active route of a destination is downloaded to the FIB: the others lose their D.
std::string flags(const model::RouteEntry& r, bool active) {
  if (active) return r.flags;
  std::string f = r.flags;
  std::erase(f, 'D');
  return f;
}

std::string rows(const std::vector<model::RouteEntry>& routes) {
  const std::vector<bool> active = model::active_routes(routes);
  std::string out = "Destination/Mask    Proto   Pre  Cost        Flags NextHop         Interface\n\n";
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const auto& r = routes[i];
    out += fmt::format("{:>18}  {:<8}{:<5}{:<12}{:>4}   {:<16}{}\n", destination(r), r.proto, r.preference,
                       r.cost, flags(r, active[i]), model::format_ipv4(r.nexthop), r.ifname);
  }
  return out;
}

// One line of a verbose block: labels end with ':', the first at column 13, the second at 41.
std::string pair_line(std::string_view label1, std::string_view value1, std::string_view label2 = {},
                      std::string_view value2 = {}) {
  const std::string left = fmt::format("{:>14} {}", fmt::format("{}:", label1), value1);
  if (label2.empty()) return left + '\n';
  const std::string second = fmt::format("{}:", label2);
  constexpr std::size_t kSecondEnd = 42;
  const std::size_t pad =
      left.size() + second.size() < kSecondEnd ? kSecondEnd - left.size() - second.size() : 1;
  return fmt::format("{}{}{} {}\n", left, std::string(pad, ' '), second, value2);
}

// vrsh keeps no route age, so the vendor's Age field is left out rather than invented.
std::string verbose_block(const model::RouteEntry& r, bool active) {
  const bool relied = r.proto == "Static" && r.flags.find('R') != std::string::npos;
  std::string out = fmt::format("Destination: {}\n", destination(r));
  out += pair_line("Protocol", r.proto, "Process ID", "0");
  out += pair_line("Preference", std::to_string(r.preference), "Cost", std::to_string(r.cost));
  out += pair_line("NextHop", model::format_ipv4(r.nexthop), "Neighbour", "0.0.0.0");
  out += pair_line("State", fmt::format("{} Adv{}", active ? "Active" : "Inactive", relied ? " Relied" : ""));
  out += pair_line("Tag", std::to_string(r.tag), "Priority", r.proto == "Direct" ? "high" : "medium");
  out += pair_line("Label", "NULL", "QoSInfo", "0x0");
  out += pair_line("RelayNextHop", "0.0.0.0", "Interface", r.ifname);
  out += pair_line("TunnelID", "0x0", "Flags", flags(r, active));
  return out;
}

std::string verbose_blocks(const std::vector<model::RouteEntry>& routes) {
  const std::vector<bool> active = model::active_routes(routes);
  std::string out;
  for (std::size_t i = 0; i < routes.size(); ++i) out += "\n" + verbose_block(routes[i], active[i]);
  return out;
}

// The vendor's protocol names in this display, and the routes of a table by protocol.
std::string stats_name(const std::string& proto) {
  return proto == "Direct" ? "DIRECT" : proto == "Static" ? "STATIC" : proto;
}

// Added and deleted routes are counted over the kept commit history (model::Datastore keeps the
// last 100 commit points), each commit comparing the table before it with the table after it.
std::string statistics(const App& app, const std::string& vpn) {
  const auto routes = model::routing_table(app.store.running(), vpn);
  const auto active = model::active_routes(routes);
  struct Row {
    std::uint64_t total = 0, active = 0;
    model::RouteChurn churn;
  };
  std::map<std::string, Row> by_proto{{"Direct", {}}, {"Static", {}}};
  for (std::size_t i = 0; i < routes.size(); ++i) {
    ++by_proto[routes[i].proto].total;
    if (active[i]) ++by_proto[routes[i].proto].active;
  }
  // Oldest first: a commit's "before" is the previous commit's "after", whose table is reused.
  std::map<std::string, model::RouteChurn> churn;
  const auto& history = app.store.history();
  std::vector<model::RouteEntry> last_after;
  const model::Config* last_config = nullptr;
  for (auto point = history.rbegin(); point != history.rend(); ++point) {
    std::vector<model::RouteEntry> before = last_config && *last_config == point->before
                                                ? std::move(last_after)
                                                : model::routing_table(point->before, vpn);
    last_after = model::routing_table(point->after, vpn);
    last_config = &point->after;
    model::count_churn(before, last_after, churn);
  }
  for (const auto& [proto, c] : churn) by_proto[proto].churn = c;
  std::string out = fmt::format("Summary Prefixes : {}\n", destinations(routes));
  out += "Proto      total      active     added      deleted    freed\n";
  out += "           routes     routes     routes     routes     routes\n";
  Row total;
  auto row = [&](std::string_view name, const Row& r) {
    out += fmt::format("{:<11}{:<11}{:<11}{:<11}{:<11}{}\n", name, r.total, r.active, r.churn.added,
                       r.churn.deleted, r.churn.deleted);
  };
  for (const auto& [proto, r] : by_proto) {
    row(stats_name(proto), r);
    total.total += r.total;
    total.active += r.active;
    total.churn.added += r.churn.added;
    total.churn.deleted += r.churn.deleted;
  }
  row("Total", total);
  return out;
}

}  // namespace

void register_routing_table(cli::Registry& reg, App& app) {
  reg.add(
      {.views = {std::string(cli::kAnyView)},
       .syntax = "display ip routing-table [ vpn-instance <vpn-instance-name> ] "
                 "[ <ip-address> [ verbose ] | verbose | statistics ]",
       .help = {{"ip", "IP information"},
                {"routing-table", "IP routing table"},
                {"vpn-instance", "Routing table of a VPN instance"},
                {"verbose", "Detailed information"},
                {"statistics", "Route statistics"}},
       .params = {{kVpnName, vpn_name_param()},
                  {kDestination, cli::types::ipv4(), "Destination IP address (the longest match is shown)"}},
       .run = [&app](Ctx& ctx, const Args& a) {
         const std::string vpn = a.value_or(kVpnName, {});
         const model::Config& c = app.store.running();
         if (!vpn.empty() && !c.vpns.count(vpn)) return fail(ctx, "The VPN instance does not exist.");
         if (a.has("statistics")) {
           ctx.out() << statistics(app, vpn);
           return Status::Ok;
         }
         const auto table = model::routing_table(c, vpn);
         std::string out(kFlagsLegend);
         out += fmt::format("Routing Table : {}\n", table_name(vpn));
         const bool verbose = a.has("verbose");
         if (const auto ip = a.opt(kDestination)) {
           const auto routes = model::longest_match(table, *ip);
           out += fmt::format("Summary Count : {}\n", routes.size());
           if (!routes.empty()) out += verbose ? verbose_blocks(routes) : "\n" + rows(routes);
         } else {
           out +=
               fmt::format("         Destinations : {:<9}Routes : {}\n", destinations(table), table.size());
           out += verbose ? verbose_blocks(table) : "\n" + rows(table);
         }
         ctx.out() << out;
         return Status::Ok;
       }});
}

}  // namespace vrsh::commands
