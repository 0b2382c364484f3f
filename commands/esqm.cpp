// ESQM configuration (seed: esqm-configuration.txt): the `esqm` view and its commands.
#include <fmt/format.h>

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
constexpr std::size_t kMaxFilters = 16;
}  // namespace

void register_esqm(cli::Registry& reg, App& app) {
  // Undo removes the global ESQM configuration; interface sampling lines stay, as they belong to the
  // interfaces (they sample nothing without the ESQM view).
  reg.add(feature_view_command<model::Esqm>("esqm", {{"esqm", "Enter the ESQM view"}}, views::esqm(),
                                            [&app]() -> model::Esqm& { return app.candidate.esqm; }));

  const std::string v(views::kEsqm);
  const std::map<std::string, std::string> common = {{"esqm", "Enhanced service quality monitoring"},
                                                     {"undo", "Undo an operation"}};
  auto with = [&](std::map<std::string, std::string> extra) {
    extra.insert(common.begin(), common.end());
    return extra;
  };

  reg.add({.views = {v},
           .syntax = "esqm session aging-time sctp <aging-time>",
           .undo_syntax = "undo esqm session aging-time sctp [ <aging-time> ]",
           .help = with({{"session", "Flow table session"},
                         {"aging-time", "Set the aging time of flow tables"},
                         {"sctp", "SCTP flow tables"},
                         {"<aging-time>", "Aging time in seconds"}}),
           .params = {{"aging-time", types::integer(1, 86400)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& e = app.candidate.esqm;
             if (ctx.undo()) {
               if (a.opt("aging-time") && e.sctp_aging != static_cast<std::uint32_t>(a.num("aging-time")))
                 return fail(ctx, "The aging time does not match the configured value.");
               e.sctp_aging.reset();
               return Status::Ok;
             }
             const auto t = static_cast<std::uint32_t>(a.num("aging-time"));
             if (t == model::kEsqmDefaultAgingSeconds)
               e.sctp_aging.reset();
             else
               e.sctp_aging = t;
             return Status::Ok;
           }});

  reg.add({.views = {v},
           .syntax = "esqm protocol tcp enable",
           .undo_syntax = "undo esqm protocol tcp enable",
           .help = with({{"protocol", "Protocol whose sampled packets create flow tables"},
                         {"tcp", "TCP"},
                         {"enable", "Enable creating flow tables"}}),
           .run = [&app](Ctx& ctx, const Args&) {
             app.candidate.esqm.tcp_enable = !ctx.undo();
             return Status::Ok;
           }});

  reg.add({.views = {v},
           .syntax = "esqm protocol { sctp | gtp } disable",
           .undo_syntax = "undo esqm protocol { sctp | gtp } disable",
           .help = with({{"protocol", "Protocol whose sampled packets create flow tables"},
                         {"sctp", "SCTP"},
                         {"gtp", "GTP"},
                         {"disable", "Disable creating flow tables"}}),
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& e = app.candidate.esqm;
             (a.has("sctp") ? e.sctp_disable : e.gtp_disable) = !ctx.undo();
             return Status::Ok;
           }});

  reg.add({.views = {v},
           .syntax = "esqm filter permit ip <ip-addr> mask <masklen>",
           .undo_syntax = "undo esqm filter permit ip <ip-addr> mask <masklen>",
           .help = with({{"filter", "Filter sampled packets"},
                         {"permit", "Sample only matching packets"},
                         {"ip", "IP address"},
                         {"<ip-addr>", "IP address"},
                         {"mask", "Mask length"},
                         {"<masklen>", "Mask length"}}),
           .params = {{"ip-addr", types::ipv4()}, {"masklen", types::mask_length(1, 32)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& e = app.candidate.esqm;
             const int len = static_cast<int>(a.num("masklen"));
             const model::EsqmFilter f{*model::parse_ipv4(a.get("ip-addr")) & model::mask_from_len(len), len};
             if (ctx.undo()) {
               if (!e.filters.erase(f)) return fail(ctx, "The filter does not exist.");
               return Status::Ok;
             }
             if (!e.filters.count(f) && e.filters.size() >= kMaxFilters)
               return fail(ctx,
                           fmt::format("The number of filters has reached the upper limit {}.", kMaxFilters));
             e.filters.insert(f);
             return Status::Ok;
           }});

  reg.add(
      {.views = {v},
       .syntax = "esqm service-stream { inbound | outbound } [ vpn-instance <vpn-instance-name> ]",
       .undo_syntax = "undo esqm service-stream { inbound | outbound } [ vpn-instance <vpn-instance-name> ]",
       .help = with({{"service-stream", "Sample service streams"},
                     {"inbound", "Sample inbound packets"},
                     {"outbound", "Sample outbound packets"},
                     {"vpn-instance", "On all interfaces bound to a VPN instance"},
                     {"<vpn-instance-name>", "VPN instance name, a string of 1 to 31 characters"}}),
       .params = {{"vpn-instance-name", vpn_name_param()}},
       .run = [&app](Ctx& ctx, const Args& a) {
         auto& e = app.candidate.esqm;
         const model::EsqmStream s{a.has("inbound") ? model::Direction::Inbound : model::Direction::Outbound,
                                   a.get("vpn-instance-name")};
         if (ctx.undo()) {
           if (!e.streams.erase(s)) return fail(ctx, "The sampling configuration does not exist.");
           return Status::Ok;
         }
         e.streams.insert(s);
         return Status::Ok;
       }});

  reg.add({.views = {v},
           .syntax = "esqm flow-table limit <max-entries>",
           .undo_syntax = "undo esqm flow-table limit",
           .help = with({{"flow-table", "Flow table"},
                         {"limit", "Maximum number of flow entries (vrsh extension)"},
                         {"<max-entries>", "Number of entries"}}),
           .params = {{"max-entries", types::integer(1, 16000000)}},
           .run = [&app](Ctx& ctx, const Args& a) {
             auto& e = app.candidate.esqm;
             const auto n = static_cast<std::uint32_t>(a.num("max-entries"));
             if (ctx.undo() || n == model::kEsqmDefaultFlowTableLimit)
               e.flow_table_limit.reset();
             else
               e.flow_table_limit = n;
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
