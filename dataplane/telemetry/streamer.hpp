#pragma once
// Routes aged ESQM records and IP FPM results to the destinations of the committed telemetry
// subscriptions. configure() runs on commit (CLI thread); publish() runs on the dataplane thread
// for every aged record and DCP report, and on the MCP's receiving thread for every MCP result.
// Destinations that stay in the configuration keep their connection and counters.
#include <compare>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/esqm/record.hpp"
#include "dataplane/fpm/mcp.hpp"
#include "dataplane/fpm/report.hpp"
#include "dataplane/telemetry/destination.hpp"
#include "dataplane/telemetry/ipfpm_message.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane::telemetry {

// A UDP or TCP destination is one stream whatever the subscriptions reaching it (each document
// goes once); a gRPC destination is one stream per subscription, whose name and encoding its
// messages carry.
struct RouteKey {
  model::TelemetryDestination target;
  std::optional<GrpcSpec> grpc;
  auto operator<=>(const RouteKey&) const = default;
};

struct DestinationView {
  RouteKey key;
  std::vector<std::string> paths;  // sensor paths streamed to it
  DestinationStats stats;
};

// The sensor path an aged record belongs to: tcp-data for TCP and SCTP, gtp-data for GTP.
const char* sensor_path(const esqm::Record& r);

class Streamer {
 public:
  void configure(const model::Config& c);
  void configure(const model::Telemetry& t);  // with the other settings at their defaults
  // Queues the record's document (rendered only if some destination takes its path).
  void publish(esqm::AgedRecord& r);
  void publish(const esqm::Record& r);
  // Each entry of a DCP report as one flow-statistic document (rendered only if some
  // destination takes the path).
  void publish(const fpm::Report& r);
  // Each flow of an MCP result as one mcp-statistic document.
  void publish(const fpm::McpResult& r);
  std::vector<DestinationView> destinations() const;
  // Stops every destination (bounded drain). Also done by the destructor.
  void stop();
  ~Streamer() { stop(); }

 private:
  struct Route {
    std::shared_ptr<Destination> dest;
    std::uint8_t paths = 0;  // bit i: model::kSensorPaths[i] is streamed to it
  };
  // Queues a document of sensor path `path` (index into kSensorPaths) to each route taking it:
  // `json` renders its text once if one does, `data` what gRPC builds its messages from, once if a
  // gRPC route does.
  template <class Json, class Data>
  void publish_path(std::size_t path, const Json& json, const Data& data);
  bool any_route(std::size_t path) const;  // with mu_ held
  mutable std::mutex mu_;
  std::map<RouteKey, Route> routes_;
  DcpView dcp_;
};

}  // namespace vrsh::dataplane::telemetry
