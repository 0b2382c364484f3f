#include "commands/views.hpp"

#include <string>

namespace vrsh::commands::views {

model::Scope scope_of(const cli::Session& s) {
  model::Scope scope;
  for (const auto& f : s.frames()) {
    auto ctx = [&](const char* key) {
      auto it = f.context.find(key);
      return it == f.context.end() ? std::string() : it->second;
    };
    auto id = [&](const char* key) { return static_cast<std::uint32_t>(std::stoul("0" + ctx(key))); };
    if (f.view == kInterface)
      scope = {model::Scope::Interface, ctx("ifname"), 0, 0};
    else if (f.view == kVpn)
      scope = {model::Scope::VpnInstance, ctx("vpn"), 0, 0};
    else if (f.view == kVpnAf)
      scope.kind = model::Scope::VpnAfIpv4;
    else if (f.view == kEsqm)
      scope = {model::Scope::Esqm, "", 0, 0};
    else if (f.view == kDcp)
      scope = {model::Scope::Dcp, "", 0, 0};
    else if (f.view == kDcpInstance)
      scope = {model::Scope::DcpInstance, "", id("instance"), 0};
    else if (f.view == kMcp)
      scope = {model::Scope::Mcp, "", 0, 0};
    else if (f.view == kMcpInstance)
      scope = {model::Scope::McpInstance, "", id("instance"), 0};
    else if (f.view == kAch)
      scope = {model::Scope::Ach, "", scope.id, id("ach")};
    else if (f.view == kTelemetry)
      scope = {model::Scope::Telemetry, "", 0, 0};
    else if (f.view == kSensorGroup)
      scope = {model::Scope::SensorGroup, ctx("name"), 0, 0};
    else if (f.view == kDestinationGroup)
      scope = {model::Scope::DestinationGroup, ctx("name"), 0, 0};
    else if (f.view == kSubscription)
      scope = {model::Scope::Subscription, ctx("name"), 0, 0};
  }
  return scope;
}

}  // namespace vrsh::commands::views
