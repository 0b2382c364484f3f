#pragma once
// Parameter types and command records shared by the DCP and MCP command sets.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/command_spec.hpp"
#include "cli/session.hpp"
#include "commands/common.hpp"
#include "commands/views.hpp"
#include "model/config.hpp"

namespace vrsh::commands::ipfpm {

cli::ParamType interval_param();    // 1, 10, 60 or 600 seconds
cli::ParamType time_range_param();  // on-demand measurement: 5, 10, 15 or 30 minutes
cli::ParamType mpls_label_param();  // 16-1048575
cli::ParamType password_param();    // plain text 1-255, or #%#%cipher#%#%
cli::ParamType dcp_id_param();      // an IPv4 address
// The direction chosen in `{ forward | backward | bidirectional }$key`.
model::FlowDir flow_dir(const cli::Args& a, cli::WordArg key);
// The secret a typed password stands for: cipher tokens are decrypted, anything else is plain.
std::optional<std::string> secret_of(const std::string& typed);

// `authentication-mode hmac-sha256 key-id K ...`, editing `slot`. Added by a view.
cli::CommandSpec auth_command(std::function<std::optional<model::FpmAuth>&(cli::Ctx&)> slot);

// What a DCP or MCP instance view edits.
struct InstanceContext {
  std::uint32_t instance = 0;
};
// The prompt suffix of an instance view: `-instance-ID`.
std::string instance_suffix(const InstanceContext& c);

// The instance `id` of `instances`, created when absent.
template <class Instance>
Instance& current_instance(std::map<std::uint32_t, Instance>& instances, std::uint32_t id) {
  Instance& inst = instances[id];
  inst.id = id;
  return inst;
}

// `instance ID`: creates (up to `max`) or enters the instance in `child`; `undo instance ID`
// deletes it with everything under it. Added by the point's view.
inline constexpr cli::IntArg<std::uint32_t> kInstanceId{"instance-id"};

template <class Instance>
cli::CommandSpec instance_command(views::View<InstanceContext> child,
                                  std::function<std::map<std::uint32_t, Instance>&()> instances,
                                  std::size_t max) {
  return {.syntax = "instance <instance-id>",
          .undo_syntax = "undo instance <instance-id>",
          .help = {{"instance", "Create or enter a measurement instance"}},
          .params = {{kInstanceId, cli::types::integer(1, 8355838), "Instance ID"}},
          .run = [instances, child, max](cli::Ctx& ctx, const cli::Args& a) {
            auto& all = instances();
            const auto id = a[kInstanceId];
            if (ctx.undo())
              return all.erase(id) ? cli::Status::Ok : fail(ctx, "The instance does not exist.");
            if (!all.count(id) && all.size() >= max)
              return fail(ctx, fmt::format("The number of instances has reached the upper limit {}.", max));
            all[id].id = id;
            child.enter(ctx, {id});
            return cli::Status::Ok;
          }};
}

// `{ dcp | mcp } id ID`, setting (or with undo, clearing) the point's ID. Added by the point's view.
cli::CommandSpec point_id_command(const std::string& keyword, const std::string& help,
                                  std::function<std::optional<model::Ipv4>&()> id);

// `nqa ipfpm { dcp | mcp }`: enables the measurement point and enters `view`; the undo form
// deletes the whole point with every instance under it.
template <class Point>
cli::CommandSpec point_command(const std::string& keyword, const std::string& help,
                               views::View<views::NoContext> view, std::function<Point&()> point) {
  return feature_view_command<Point>("nqa ipfpm " + keyword, {{keyword, help}}, view, std::move(point));
}

}  // namespace vrsh::commands::ipfpm
