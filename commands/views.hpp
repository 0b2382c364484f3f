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

inline cli::Frame system() { return {"system", "", {}}; }
inline cli::Frame interface(const std::string& name) { return {kInterface, "-" + name, {{"ifname", name}}}; }
inline cli::Frame vpn(const std::string& name) { return {kVpn, "-vpn-instance-" + name, {{"vpn", name}}}; }
inline cli::Frame vpn_af() { return {kVpnAf, "-af-ipv4", {}}; }
inline cli::Frame esqm() { return {kEsqm, "-esqm", {}}; }

// The display-this scope of the innermost frame of a session.
model::Scope scope_of(const cli::Session& s);

}  // namespace vrsh::commands::views
