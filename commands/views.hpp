#pragma once
// View names and the frames that enter them, shared by the feature files.
#include <cstdint>
#include <string>

#include "cli/session.hpp"
#include "model/render.hpp"

namespace vrsh::commands::views {

inline constexpr const char* kInterface = "interface";
inline constexpr const char* kVpn = "vpn-instance";
inline constexpr const char* kVpnAf = "vpn-instance-af-ipv4";
inline constexpr const char* kEsqm = "esqm";
inline constexpr const char* kDcp = "nqa-ipfpm-dcp";
inline constexpr const char* kDcpInstance = "nqa-ipfpm-dcp-instance";
inline constexpr const char* kMcp = "nqa-ipfpm-mcp";
inline constexpr const char* kMcpInstance = "nqa-ipfpm-mcp-instance";
inline constexpr const char* kAch = "nqa-ipfpm-mcp-ach";
inline constexpr const char* kTelemetry = "telemetry";
inline constexpr const char* kSensorGroup = "telemetry-sensor-group";
inline constexpr const char* kDestinationGroup = "telemetry-destination-group";
inline constexpr const char* kSubscription = "telemetry-subscription";

inline cli::Frame system() {
  return {"system", "", {}};
}
inline cli::Frame interface(const std::string& name) {
  return {kInterface, "-" + name, {{"ifname", name}}};
}
inline cli::Frame vpn(const std::string& name) {
  return {kVpn, "-vpn-instance-" + name, {{"vpn", name}}};
}
inline cli::Frame vpn_af() {
  return {kVpnAf, "-af-ipv4", {}};
}
inline cli::Frame esqm() {
  return {kEsqm, "-esqm", {}};
}
inline cli::Frame telemetry() {
  return {kTelemetry, "-telemetry", {}};
}
// A group view under telemetry (kSensorGroup, kDestinationGroup or kSubscription): the prompt
// suffix is the view name without `telemetry`, e.g. `-sensor-group-NAME`.
inline cli::Frame telemetry_group(const char* view, const std::string& name) {
  return {view, std::string(view).substr(9) + "-" + name, {{"name", name}}};
}

// `display this`: what the innermost view of the session shows of `c`.
std::string display_this(const cli::Session& s, const model::Config& c);

}  // namespace vrsh::commands::views
