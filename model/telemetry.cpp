#include "model/telemetry.hpp"

#include <fmt/format.h>

#include "model/config.hpp"

namespace vrsh::model {

namespace {

Node sensor_group(const std::string& name, const TelemetrySensorGroup& g) {
  Node n{" sensor-group " + name_token(name), {}};
  for (const auto& p : g.paths) add_line(n, "  sensor-path " + name_token(p));
  return n;
}

Node destination_group(const std::string& name, const TelemetryDestinationGroup& g) {
  Node n{" destination-group " + name_token(name), {}};
  for (const auto& d : g.destinations)
    add_line(n, fmt::format("  ipv4-address {} port {}{} {}", format_ipv4(d.addr), d.port,
                            d.vpn.empty() ? "" : " vpn-instance " + name_token(d.vpn),
                            transport_text(d.transport)));
  return n;
}

Node subscription(const std::string& name, const TelemetrySubscription& s) {
  Node n{" subscription " + name_token(name), {}};
  for (const auto& g : s.sensor_groups) add_line(n, "  sensor-group " + name_token(g));
  for (const auto& g : s.destination_groups) add_line(n, "  destination-group " + name_token(g));
  if (s.protocol) add_line(n, "  " + transport_text(*s.protocol));
  if (s.encoding == TelemetryEncoding::Json) add_line(n, "  encoding json");
  return n;
}

// The block of `name` in `entries` built by `node`, or the block of an empty entry.
template <class T>
Node named_node(const std::map<std::string, T>& entries, const std::string& name,
                Node (*node)(const std::string&, const T&)) {
  auto it = entries.find(name);
  return node(name, it != entries.end() ? it->second : T{});
}

}  // namespace

bool supported_sensor_path(std::string_view path) {
  for (const char* p : kSensorPaths)
    if (path == p) return true;
  return false;
}

std::string transport_text(const TelemetryTransport& t) {
  switch (t.protocol) {
    case TelemetryProtocol::Udp:
      return "protocol udp";
    case TelemetryProtocol::Tcp:
      return "protocol tcp";
    case TelemetryProtocol::Grpc:
      break;
  }
  return fmt::format("protocol grpc{}{}", t.no_tls ? " no-tls" : "", t.gzip ? " compression gzip" : "");
}

TelemetryTransport effective_transport(const TelemetrySubscription& sub, const TelemetryDestination& d) {
  return sub.protocol.value_or(d.transport);
}

Node telemetry_node(const Telemetry& t) {
  Node n{"telemetry", {}};
  // The vendor shows it before the groups.
  if (t.json_only_content) add_line(n, " json only-content");
  for (const auto& [name, g] : t.sensor_groups) n.children.push_back(sensor_group(name, g));
  for (const auto& [name, g] : t.destination_groups) n.children.push_back(destination_group(name, g));
  for (const auto& [name, s] : t.subscriptions) n.children.push_back(subscription(name, s));
  return n;
}

Node ssl_policy_node(const SslPolicy& p) {
  Node n{"ssl policy " + name_token(p.name), {}};
  for (const auto& f : p.trusted_ca) add_line(n, " trusted-ca load pem-ca " + name_token(f));
  if (!p.cert_file.empty())
    add_line(n, fmt::format(" certificate load pem-cert {} key-pair rsa key-file {}", name_token(p.cert_file),
                            name_token(p.key_file)));
  return n;
}

Node grpc_client_node(const Grpc& g) {
  Node n{" grpc client", {}};
  if (!g.ssl_policy.empty())
    add_line(n, "  ssl-policy " + name_token(g.ssl_policy) +
                    (g.verify_san.empty() ? "" : " verify-san " + name_token(g.verify_san)));
  if (g.ssl_verify_peer) add_line(n, "  ssl-verify peer");
  return n;
}

Node grpc_node(const Grpc& g) {
  Node n{"grpc", {}};
  if (g.client) n.children.push_back(grpc_client_node(g));
  return n;
}

Node sensor_group_node(const Telemetry& t, const std::string& name) {
  return named_node(t.sensor_groups, name, sensor_group);
}

Node destination_group_node(const Telemetry& t, const std::string& name) {
  return named_node(t.destination_groups, name, destination_group);
}

Node subscription_node(const Telemetry& t, const std::string& name) {
  return named_node(t.subscriptions, name, subscription);
}

std::vector<std::string> validate_telemetry(const Config& c) {
  std::vector<std::string> e;
  const Telemetry& t = c.telemetry;
  for (const auto& [name, g] : t.destination_groups)
    for (const auto& d : g.destinations)
      if (!d.vpn.empty() && !c.vpns.contains(d.vpn))
        e.push_back(fmt::format(
            "Error: The VPN instance {} of telemetry destination group {} does not exist.", d.vpn, name));
  for (const auto& [name, sub] : t.subscriptions) {
    for (const auto& g : sub.sensor_groups)
      if (!t.sensor_groups.contains(g))
        e.push_back(
            fmt::format("Error: The sensor group {} of telemetry subscription {} does not exist.", g, name));
    for (const auto& g : sub.destination_groups)
      if (!t.destination_groups.contains(g))
        e.push_back(fmt::format(
            "Error: The destination group {} of telemetry subscription {} does not exist.", g, name));
  }
  if (const Grpc& g = c.grpc; !g.ssl_policy.empty()) {
    auto p = c.ssl_policies.find(g.ssl_policy);
    if (p == c.ssl_policies.end())
      e.push_back(fmt::format("Error: The SSL policy {} of the gRPC client does not exist.", g.ssl_policy));
    else if (g.ssl_verify_peer && p->second.trusted_ca.empty())
      e.push_back(fmt::format(
          "Error: ssl-verify peer needs a trusted CA: SSL policy {} has no trusted-ca load.", g.ssl_policy));
  }
  return e;
}

}  // namespace vrsh::model
