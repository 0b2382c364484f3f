#include "dataplane/telemetry/streamer.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

namespace vrsh::dataplane::telemetry {
namespace {

// Indexes into model::kSensorPaths (a route's path bits).
constexpr std::size_t kTcpPath = 0, kGtpPath = 1, kIfitPath = 2, kMcpPath = 3;
static_assert(std::string_view(model::kSensorPaths[kTcpPath]) == model::kSensorPathTcp &&
              std::string_view(model::kSensorPaths[kGtpPath]) == model::kSensorPathGtp &&
              std::string_view(model::kSensorPaths[kIfitPath]) == model::kSensorPathIfitFlow &&
              std::string_view(model::kSensorPaths[kMcpPath]) == model::kSensorPathIpfpmMcp);

// A PEM file's text, appended to `out`; false when it cannot be read.
bool read_pem(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out += s.str();
  return !in.bad();
}

DialoutEncoding encoding_of(const model::Telemetry& t, const model::TelemetrySubscription& sub) {
  if (sub.encoding == model::TelemetryEncoding::Gpb) return DialoutEncoding::Gpb;
  return t.json_only_content ? DialoutEncoding::JsonOnlyContent : DialoutEncoding::Json;
}

// The vendor's rule (reference 1.3): `no-tls` is never TLS; otherwise the stream is TLS when the
// gRPC client has an SSL policy, and plaintext without one, which the display says. A policy
// whose files cannot be read gives a stream that never connects (its error counted), never a
// plaintext one.
GrpcSpec grpc_spec(const model::Config& c, const model::TelemetrySubscription& sub,
                   const model::TelemetryTransport& tr) {
  GrpcSpec g;
  g.subscription = sub.name;
  g.encoding = encoding_of(c.telemetry, sub);
  g.node_id = c.sysname;
  const model::Grpc& client = c.grpc;
  if (tr.no_tls) {
    g.tls_text = "none (no-tls)";
    return g;
  }
  auto p = client.ssl_policy.empty() ? c.ssl_policies.end() : c.ssl_policies.find(client.ssl_policy);
  if (p == c.ssl_policies.end()) {
    g.tls_text = "none (the gRPC client has no SSL policy)";
    return g;
  }
  GrpcTls& t = g.tls;
  t.enabled = true;
  t.verify_peer = client.ssl_verify_peer;
  t.verify_san = client.ssl_verify_peer ? client.verify_san : "";
  for (const auto& f : p->second.trusted_ca)
    if (!read_pem(f, t.ca_pem)) g.config_error = "cannot read the trusted CA file " + f;
  if (!p->second.cert_file.empty()) {
    if (!read_pem(p->second.cert_file, t.cert_pem))
      g.config_error = "cannot read the certificate file " + p->second.cert_file;
    if (!read_pem(p->second.key_file, t.key_pem))
      g.config_error = "cannot read the key file " + p->second.key_file;
  }
  g.tls_text = "SSL policy " + p->first + ", the collector " +
               (!t.verify_peer         ? std::string("is not verified")
                : t.verify_san.empty() ? std::string("is verified against the trusted CA")
                                       : "is verified against the trusted CA, SAN " + t.verify_san);
  return g;
}

}  // namespace

const char* sensor_path(const esqm::Record& r) {
  return r.proto == esqm::Protocol::Gtp ? model::kSensorPathGtp : model::kSensorPathTcp;
}

void Streamer::configure(const model::Telemetry& t) {
  model::Config c;
  c.telemetry = t;
  configure(c);
}

void Streamer::configure(const model::Config& c) {
  const model::Telemetry& t = c.telemetry;
  // Which paths go where: a UDP or TCP destination reached by several subscriptions still gets
  // each document once.
  std::map<RouteKey, Route> wanted;
  for (const auto& [name, sub] : t.subscriptions) {
    std::uint8_t paths = 0;
    for (const auto& g : sub.sensor_groups) {
      auto sg = t.sensor_groups.find(g);
      if (sg == t.sensor_groups.end()) continue;
      for (std::size_t i = 0; i < std::size(model::kSensorPaths); ++i)
        if (sg->second.paths.contains(model::kSensorPaths[i])) paths |= static_cast<std::uint8_t>(1u << i);
    }
    if (paths == 0) continue;
    for (const auto& g : sub.destination_groups) {
      auto dg = t.destination_groups.find(g);
      if (dg == t.destination_groups.end()) continue;
      for (const auto& d : dg->second.destinations) {
        RouteKey key{d, std::nullopt};
        key.target.transport = model::effective_transport(sub, d);
        if (key.target.transport.protocol == model::TelemetryProtocol::Grpc)
          key.grpc = grpc_spec(c, sub, key.target.transport);
        wanted[key].paths |= paths;
      }
    }
  }
  std::map<RouteKey, Route> removed;
  {
    std::lock_guard lk(mu_);
    for (auto& [k, r] : wanted) {
      auto it = routes_.find(k);
      r.dest = it != routes_.end() ? it->second.dest : std::make_shared<Destination>(k.target, k.grpc);
    }
    for (auto& [k, r] : routes_)
      if (!wanted.contains(k)) removed.emplace(k, std::move(r));
    routes_ = std::move(wanted);
    dcp_ = dcp_view(c);
  }
  // Destroyed outside the lock: a removed destination drains (bounded) before it goes.
  for (auto& [k, r] : removed) r.dest->request_stop();
  removed.clear();
}

bool Streamer::any_route(std::size_t path) const {
  return std::any_of(routes_.begin(), routes_.end(),
                     [path](const auto& kv) { return (kv.second.paths >> path) & 1u; });
}

template <class Json, class Data>
void Streamer::publish_path(std::size_t path, const Json& json, const Data& data) {
  const auto bit = static_cast<std::uint8_t>(1u << path);
  std::optional<std::string> text;
  std::optional<DocumentData> content;
  for (auto& [k, route] : routes_) {
    if ((route.paths & bit) == 0) continue;
    if (!text) text = json();
    Document d{*text, std::monostate{}};
    if (k.grpc) {
      if (!content) content = data();
      d.data = *content;
    }
    route.dest->enqueue(std::move(d));
  }
}

void Streamer::publish(esqm::AgedRecord& r) {
  const bool gtp = r.record().proto == esqm::Protocol::Gtp;
  std::lock_guard lk(mu_);
  publish_path(
      gtp ? kGtpPath : kTcpPath, [&r] { return std::string(r.json()); },
      [&r] { return DocumentData{r.record()}; });
}

void Streamer::publish(const esqm::Record& r) {
  std::string buffer;
  esqm::AgedRecord aged(r, buffer);
  publish(aged);
}

void Streamer::publish(const fpm::Report& r) {
  std::lock_guard lk(mu_);
  if (!any_route(kIfitPath)) return;
  for (FlowStatistic& s : flow_statistics(r, dcp_))
    publish_path(
        kIfitPath, [&s] { return json_document(s); }, [&s] { return DocumentData{s}; });
}

void Streamer::publish(const fpm::McpResult& r) {
  std::lock_guard lk(mu_);
  if (!any_route(kMcpPath)) return;
  for (McpStatistic& s : mcp_statistics(r))
    publish_path(
        kMcpPath, [&s] { return json_document(s); }, [&s] { return DocumentData{s}; });
}

std::vector<DestinationView> Streamer::destinations() const {
  std::lock_guard lk(mu_);
  std::vector<DestinationView> out;
  for (const auto& [k, r] : routes_) {
    DestinationView v{k, {}, r.dest->stats()};
    for (std::size_t i = 0; i < std::size(model::kSensorPaths); ++i)
      if ((r.paths >> i) & 1u) v.paths.emplace_back(model::kSensorPaths[i]);
    out.push_back(std::move(v));
  }
  return out;
}

void Streamer::stop() {
  std::map<RouteKey, Route> all;
  {
    std::lock_guard lk(mu_);
    all.swap(routes_);
  }
  for (auto& [k, r] : all) r.dest->request_stop();
  all.clear();
}

}  // namespace vrsh::dataplane::telemetry
