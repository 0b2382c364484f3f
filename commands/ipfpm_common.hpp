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
#include "model/config.hpp"

namespace vrsh::commands::ipfpm {

cli::ParamType interval_param();  // 1, 10, 60 or 600 seconds
cli::ParamType password_param();  // plain text 1-255, or #%#%cipher#%#%
cli::ParamType dcp_id_param();    // an IPv4 address
// The direction chosen in `{ forward | backward | bidirectional }$key`.
model::FlowDir flow_dir(const cli::Args& a, cli::WordArg key);
// The secret a typed password stands for: cipher tokens are decrypted, anything else is plain.
std::optional<std::string> secret_of(const std::string& typed);

// `authentication-mode hmac-sha256 key-id K [ cipher ] PASSWORD` in `view`, editing `slot`.
cli::CommandSpec auth_command(std::string view,
                              std::function<std::optional<model::FpmAuth>&(cli::Ctx&)> slot);

// The instance the session's innermost instance view edits (frame context "instance").
template <class Instance>
Instance& current_instance(std::map<std::uint32_t, Instance>& instances, const cli::Ctx& ctx) {
  const auto id = static_cast<std::uint32_t>(std::stoul(ctx.context("instance")));
  Instance& inst = instances[id];
  inst.id = id;
  return inst;
}

// `instance ID` in `view`: creates (up to `max`) or enters the instance in `child_view`, whose
// prompt suffix is `-instance-ID`; `undo instance ID` deletes it with everything under it.
inline constexpr cli::IntArg<std::uint32_t> kInstanceId{"instance-id"};

template <class Instance>
cli::CommandSpec instance_command(std::string view, std::string child_view,
                                  std::function<std::map<std::uint32_t, Instance>&()> instances,
                                  std::size_t max) {
  return {.views = {std::move(view)},
          .syntax = "instance <instance-id>",
          .undo_syntax = "undo instance <instance-id>",
          .help = {{"instance", "Create or enter a measurement instance"}},
          .params = {{kInstanceId, cli::types::integer(1, 8355838), "Instance ID"}},
          .run = [instances, child_view, max](cli::Ctx& ctx, const cli::Args& a) {
            auto& all = instances();
            const auto id = a[kInstanceId];
            if (ctx.undo())
              return all.erase(id) ? cli::Status::Ok : fail(ctx, "The instance does not exist.");
            if (!all.count(id) && all.size() >= max)
              return fail(ctx, fmt::format("The number of instances has reached the upper limit {}.", max));
            all[id].id = id;
            ctx.enter({child_view, fmt::format("-instance-{}", id), {{"instance", std::to_string(id)}}});
            return cli::Status::Ok;
          }};
}

// `{ dcp | mcp } id ID` in the point's `view`, setting (or with undo, clearing) the point's ID.
cli::CommandSpec point_id_command(const std::string& keyword, const std::string& help, std::string view,
                                  std::function<std::optional<model::Ipv4>&()> id);

// `nqa ipfpm { dcp | mcp }`: enables the measurement point and enters `view` (prompt `suffix`);
// the undo form deletes the whole point with every instance under it.
template <class Point>
cli::CommandSpec point_command(const std::string& keyword, const std::string& help, std::string view,
                               std::string suffix, std::function<Point&()> point) {
  return feature_view_command<Point>("nqa ipfpm " + keyword, {{keyword, help}},
                                     {std::move(view), std::move(suffix), {}}, std::move(point));
}

}  // namespace vrsh::commands::ipfpm
