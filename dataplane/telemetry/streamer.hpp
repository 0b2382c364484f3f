#pragma once
// Routes aged ESQM records to the destinations of the committed telemetry subscriptions.
// configure() runs on commit (CLI thread); publish() runs on the dataplane thread for every aged
// record. Destinations that stay in the configuration keep their connection and counters.
#include <compare>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dataplane/esqm/record.hpp"
#include "dataplane/telemetry/destination.hpp"
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
  std::vector<DestinationView> destinations() const;
  // Stops every destination (bounded drain). Also done by the destructor.
  void stop();
  ~Streamer() { stop(); }

 private:
  struct Route {
    std::shared_ptr<Destination> dest;
    bool tcp_path = false;
    bool gtp_path = false;
  };
  mutable std::mutex mu_;
  std::map<RouteKey, Route> routes_;
};

}  // namespace vrsh::dataplane::telemetry
