#include "commands/views.hpp"

#include <string>

namespace vrsh::commands::views {

std::string display_this(const cli::Session& s, const model::Config& c) {
  std::string out = model::render_top_level(c);
  std::uint32_t instance = 0;
  std::string vpn;
  for (const auto& f : s.frames()) {
    auto ctx = [&](const char* key) {
      auto it = f.context.find(key);
      return it == f.context.end() ? std::string() : it->second;
    };
    auto id = [&](const char* key) { return static_cast<std::uint32_t>(std::stoul("0" + ctx(key))); };
    if (f.view == kInterface)
      out = model::render_block(model::interface_node(c, ctx("ifname")));
    else if (f.view == kVpn)
      out = model::render_block(model::vpn_node(c, vpn = ctx("vpn")));
    else if (f.view == kVpnAf)
      out = model::render_block(model::vpn_af_node(c, vpn));
    else if (f.view == kEsqm)
      out = model::render_block(model::esqm_node(c.esqm));
    else if (f.view == kDcp)
      out = model::render_block(model::dcp_node(c.ipfpm.dcp));
    else if (f.view == kDcpInstance)
      out = model::render_block(model::dcp_instance_node(c.ipfpm.dcp, id("instance")));
    else if (f.view == kMcp)
      out = model::render_block(model::mcp_node(c.ipfpm.mcp));
    else if (f.view == kMcpInstance)
      out = model::render_block(model::mcp_instance_node(c.ipfpm.mcp, instance = id("instance")));
    else if (f.view == kAch)
      out = model::render_block(model::ach_node(c.ipfpm.mcp, instance, id("ach")));
    else if (f.view == kTelemetry)
      out = model::render_block(model::telemetry_node(c.telemetry));
    else if (f.view == kSensorGroup)
      out = model::render_block(model::sensor_group_node(c.telemetry, ctx("name")));
    else if (f.view == kDestinationGroup)
      out = model::render_block(model::destination_group_node(c.telemetry, ctx("name")));
    else if (f.view == kSubscription)
      out = model::render_block(model::subscription_node(c.telemetry, ctx("name")));
  }
  return out;
}

}  // namespace vrsh::commands::views
