#include "dataplane/telemetry/streamer.hpp"

namespace vrsh::dataplane::telemetry {

const char* sensor_path(const esqm::Record& r) {
  return r.proto == esqm::Protocol::Gtp ? model::kSensorPathGtp : model::kSensorPathTcp;
}

void Streamer::configure(const model::Telemetry& t) {
  // Which paths go where: a destination reached by several subscriptions still gets each
  // document once.
  std::map<model::TelemetryDestination, Route> wanted;
  for (const auto& [name, sub] : t.subscriptions) {
    bool tcp = false;
    bool gtp = false;
    for (const auto& g : sub.sensor_groups) {
      auto sg = t.sensor_groups.find(g);
      if (sg == t.sensor_groups.end()) continue;
      tcp = tcp || sg->second.paths.contains(model::kSensorPathTcp);
      gtp = gtp || sg->second.paths.contains(model::kSensorPathGtp);
    }
    if (!tcp && !gtp) continue;
    for (const auto& g : sub.destination_groups) {
      auto dg = t.destination_groups.find(g);
      if (dg == t.destination_groups.end()) continue;
      for (const auto& d : dg->second.destinations) {
        model::TelemetryDestination target = d;
        target.transport = model::effective_transport(sub, d);
        // gRPC dial-out is configured but not streamed by this JSON-lines path.
        if (target.transport.protocol == model::TelemetryProtocol::Grpc) continue;
        Route& r = wanted[target];
        r.tcp_path = r.tcp_path || tcp;
        r.gtp_path = r.gtp_path || gtp;
      }
    }
  }
  std::map<model::TelemetryDestination, Route> removed;
  {
    std::lock_guard lk(mu_);
    for (auto& [d, r] : wanted) {
      auto it = routes_.find(d);
      r.dest = it != routes_.end() ? it->second.dest : std::make_shared<Destination>(d);
    }
    for (auto& [d, r] : routes_)
      if (!wanted.contains(d)) removed.emplace(d, std::move(r));
    routes_ = std::move(wanted);
  }
  // Destroyed outside the lock: a removed destination drains (bounded) before it goes.
  removed.clear();
}

void Streamer::publish(esqm::AgedRecord& r) {
  const bool gtp = r.record().proto == esqm::Protocol::Gtp;
  std::lock_guard lk(mu_);
  for (auto& [d, route] : routes_) {
    if (gtp ? route.gtp_path : route.tcp_path) route.dest->enqueue(std::string(r.json()));
  }
}

void Streamer::publish(const esqm::Record& r) {
  std::string buffer;
  esqm::AgedRecord aged(r, buffer);
  publish(aged);
}

std::vector<DestinationView> Streamer::destinations() const {
  std::lock_guard lk(mu_);
  std::vector<DestinationView> out;
  for (const auto& [d, r] : routes_) {
    DestinationView v{d, {}, r.dest->stats()};
    if (r.tcp_path) v.paths.emplace_back(model::kSensorPathTcp);
    if (r.gtp_path) v.paths.emplace_back(model::kSensorPathGtp);
    out.push_back(std::move(v));
  }
  return out;
}

void Streamer::stop() {
  std::map<model::TelemetryDestination, Route> all;
  {
    std::lock_guard lk(mu_);
    all.swap(routes_);
  }
  all.clear();
}

}  // namespace vrsh::dataplane::telemetry
