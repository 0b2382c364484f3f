#pragma once
// Telemetry (`telemetry` block): ESQM records streamed to collectors through sensor groups,
// destination groups and subscriptions.
#include <compare>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/node.hpp"

namespace vrsh::model {

struct Config;

inline constexpr const char* kSensorPathTcp = "huawei-esqm:esqm/tcp-datas/tcp-data";
inline constexpr const char* kSensorPathGtp = "huawei-esqm:esqm/gtp-datas/gtp-data";

struct TelemetrySensorGroup {
  std::string name;
  std::set<std::string> paths;  // only kSensorPathTcp / kSensorPathGtp are accepted
  bool operator==(const TelemetrySensorGroup&) const = default;
};

enum class TelemetryProtocol { Udp, Tcp };

struct TelemetryDestination {
  Ipv4 addr = 0;
  std::uint16_t port = 0;
  TelemetryProtocol protocol = TelemetryProtocol::Udp;
  auto operator<=>(const TelemetryDestination&) const = default;
};

struct TelemetryDestinationGroup {
  std::string name;
  std::set<TelemetryDestination> destinations;
  bool operator==(const TelemetryDestinationGroup&) const = default;
};

struct TelemetrySubscription {
  std::string name;
  std::set<std::string> sensor_groups;
  std::set<std::string> destination_groups;
  bool operator==(const TelemetrySubscription&) const = default;
};

struct Telemetry {
  bool enabled = false;  // the `telemetry` block exists
  std::map<std::string, TelemetrySensorGroup> sensor_groups;
  std::map<std::string, TelemetryDestinationGroup> destination_groups;
  std::map<std::string, TelemetrySubscription> subscriptions;
  bool operator==(const Telemetry&) const = default;
};

// Sensor groups, destination groups, then subscriptions, each by name.
Node telemetry_node(const Telemetry& t);
// The block of one group or subscription by name; one not configured yet shows its header line
// alone.
Node sensor_group_node(const Telemetry& t, const std::string& name);
Node destination_group_node(const Telemetry& t, const std::string& name);
Node subscription_node(const Telemetry& t, const std::string& name);

// Commit-time checks (model/validate.hpp): complete "Error: ..." texts, empty when valid.
std::vector<std::string> validate_telemetry(const Config& c);

}  // namespace vrsh::model
