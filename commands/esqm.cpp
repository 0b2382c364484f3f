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
constexpr cli::IntArg<std::uint32_t> kAging{"aging-time"};
constexpr cli::WordArg kProtocol{"protocol"};
constexpr cli::Ipv4Arg kIp{"ip-addr"};
constexpr cli::IntArg<int> kMaskLen{"masklen"};
constexpr cli::WordArg kDirection{"direction"};
constexpr cli::IntArg<std::uint32_t> kMaxEntries{"max-entries"};

constexpr views::View<views::NoContext> kEsqmView{
    .name = "esqm",
    .parent = cli::kSystemView,
    .suffix = [](const views::NoContext&) { return std::string("-esqm"); },
    .display_this = [](const model::Config& cfg,
                       const views::NoContext&) { return model::render_block(model::esqm_node(cfg.esqm)); }};
}  // namespace

void register_esqm(cli::Registry& reg, App& app) {
  // Undo removes the global ESQM configuration; interface sampling lines stay, as they belong to the
  // interfaces (they sample nothing without the ESQM view).
  reg.add(feature_view_command<model::Esqm>("esqm", {{"esqm", "Enter the ESQM view"}}, kEsqmView,
                                            [&app]() -> model::Esqm& { return app.candidate.esqm; }));

  // The vendor's YANG bounds the SCTP aging time to 60-300 seconds (addendum 11.1). Labs and tests
  // that need entries to age within seconds use the vrsh extension below, which sets the same aging
  // time, so the vendor command keeps the vendor's range.
  const auto aging_command = [&app](std::string keyword, cli::ParamType range, std::string help) {
    return cli::CommandSpec{
        .syntax = "esqm session " + keyword + " sctp <aging-time>",
        .undo_syntax = "undo esqm session " + keyword + " sctp [ <aging-time> ]",
        .help = {{"session", "Flow table session"}, {keyword, std::move(help)}, {"sctp", "SCTP flow tables"}},
        .params = {{kAging, std::move(range), "Aging time in seconds"}},
        .run = [&app](Ctx& ctx, const Args& a) {
          auto& e = view_block(app.candidate.esqm);
          if (ctx.undo()) {
            if (a.has(kAging) && e.sctp_aging != a[kAging])
              return fail(ctx, "The aging time does not match the configured value.");
            e.sctp_aging.reset();
            return Status::Ok;
          }
          const auto t = a[kAging];
          if (t == model::kEsqmDefaultAgingSeconds)
            e.sctp_aging.reset();
          else
            e.sctp_aging = t;
          return Status::Ok;
        }};
  };
  kEsqmView.add(reg, aging_command("aging-time",
                                   types::integer(model::kEsqmMinAgingSeconds, model::kEsqmMaxAgingSeconds),
                                   "Set the aging time of flow tables"));
  kEsqmView.add(
      reg,
      aging_command("fast-aging-time", types::integer(1, model::kEsqmMinAgingSeconds - 1),
                    "Set an aging time below the vendor's 60 seconds, for labs and tests (vrsh extension)"));

  kEsqmView.add(reg, {.syntax = "esqm protocol tcp enable",
                      .undo_syntax = "undo esqm protocol tcp enable",
                      .help = {{"protocol", "Protocol whose sampled packets create flow tables"},
                               {"tcp", "TCP"},
                               {"enable", "Enable creating flow tables"}},
                      .run = [&app](Ctx& ctx, const Args&) {
                        view_block(app.candidate.esqm).tcp_enable = !ctx.undo();
                        return Status::Ok;
                      }});

  kEsqmView.add(reg, {.syntax = "esqm protocol { sctp | gtp }$protocol disable",
                      .undo_syntax = "undo esqm protocol { sctp | gtp }$protocol disable",
                      .help = {{"protocol", "Protocol whose sampled packets create flow tables"},
                               {"sctp", "SCTP"},
                               {"gtp", "GTP"},
                               {"disable", "Disable creating flow tables"}},
                      .params = {{kProtocol}},
                      .run = [&app](Ctx& ctx, const Args& a) {
                        auto& e = view_block(app.candidate.esqm);
                        (a.is(kProtocol, "sctp") ? e.sctp_disable : e.gtp_disable) = !ctx.undo();
                        return Status::Ok;
                      }});

  kEsqmView.add(
      reg,
      {.syntax = "esqm filter permit ip <ip-addr> mask <masklen>",
       .undo_syntax = "undo esqm filter permit ip <ip-addr> mask <masklen>",
       .help =
           {
               {"filter", "Filter sampled packets"},
               {"permit", "Sample only matching packets"},
               {"ip", "IP address"},

               {"mask", "Mask length"},
           },
       .params = {{kIp, types::ipv4(), "IP address"}, {kMaskLen, types::mask_length(1, 32), "Mask length"}},
       .run = [&app](Ctx& ctx, const Args& a) {
         auto& e = view_block(app.candidate.esqm);
         const int len = a[kMaskLen];
         const model::EsqmFilter f{a[kIp] & model::mask_from_len(len), len};
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

  kEsqmView.add(
      reg,
      {.syntax = "esqm service-stream { inbound | outbound }$direction [ vpn-instance <vpn-instance-name> ]",
       .undo_syntax =
           "undo esqm service-stream { inbound | outbound }$direction [ vpn-instance <vpn-instance-name> ]",
       .help = {{"service-stream", "Sample service streams"},
                {"vpn-instance", "On all interfaces bound to a VPN instance"}},
       .params = {{kDirection}, {kVpnName, vpn_name_param()}},
       .run = [&app](Ctx& ctx, const Args& a) {
         auto& e = view_block(app.candidate.esqm);
         const model::EsqmStream s{
             a.is(kDirection, "inbound") ? model::Direction::Inbound : model::Direction::Outbound,
             a.value_or(kVpnName, {})};
         if (ctx.undo()) {
           if (!e.streams.erase(s)) return fail(ctx, "The sampling configuration does not exist.");
           return Status::Ok;
         }
         e.streams.insert(s);
         return Status::Ok;
       }});

  kEsqmView.add(reg, {.syntax = "esqm flow-table limit <max-entries>",
                      .undo_syntax = "undo esqm flow-table limit",
                      .help =
                          {
                              {"flow-table", "Flow table"},
                              {"limit", "Maximum number of flow entries (vrsh extension)"},
                          },
                      .params = {{kMaxEntries, types::integer(1, 16000000), "Number of entries"}},
                      .run = [&app](Ctx& ctx, const Args& a) {
                        auto& e = view_block(app.candidate.esqm);
                        const auto n = a.value_or(kMaxEntries, 0u);
                        if (ctx.undo() || n == model::kEsqmDefaultFlowTableLimit)
                          e.flow_table_limit.reset();
                        else
                          e.flow_table_limit = n;
                        return Status::Ok;
                      }});
}

}  // namespace vrsh::commands
