#pragma once
// Telemetry (`telemetry` block): ESQM records and IP FPM results streamed to collectors through
// sensor groups, destination groups and subscriptions.
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/ip.hpp"
#include "model/node.hpp"

namespace vrsh::model {

struct Config;

inline constexpr const char* kSensorPathTcp = "huawei-esqm:esqm/tcp-datas/tcp-data";
inline constexpr const char* kSensorPathGtp = "huawei-esqm:esqm/gtp-datas/gtp-data";
// IP FPM: each DCP's per-period TLP counts in the iFIT shape, and the MCP's results on a path of
// vrsh's own (the vendor has none; docs/decisions.md).
inline constexpr const char* kSensorPathIfitFlow =
    "huawei-ifit:ifit/huawei-ifit-statistics:flow-statistics/flow-statistic";
inline constexpr const char* kSensorPathIpfpmMcp = "vrsh-ipfpm:ipfpm/mcp-statistics/mcp-statistic";
// Every path a sensor group accepts, in the order `display telemetry sensor-path` lists them.
inline constexpr const char* kSensorPaths[] = {kSensorPathTcp, kSensorPathGtp, kSensorPathIfitFlow,
                                               kSensorPathIpfpmMcp};
bool supported_sensor_path(std::string_view path);

struct TelemetrySensorGroup {
  std::string name;
  std::set<std::string> paths;  // only kSensorPaths are accepted
  bool operator==(const TelemetrySensorGroup&) const = default;
};

// gRPC is the vendor's dial-out (and its default); TCP is a vrsh extension (JSON lines).
enum class TelemetryProtocol { Grpc, Udp, Tcp };

// `protocol { grpc [ no-tls ] [ compression gzip ] | udp | tcp }`, on a destination or as a
// subscription's override.
struct TelemetryTransport {
  TelemetryProtocol protocol = TelemetryProtocol::Grpc;
  bool no_tls = false;  // gRPC only: never TLS, whatever the gRPC client's SSL policy
  bool gzip = false;    // gRPC only
  auto operator<=>(const TelemetryTransport&) const = default;
};

// One collector: identified by address, port and VPN; the transport is what it is reached with.
struct TelemetryDestination {
  Ipv4 addr = 0;
  std::uint16_t port = 0;
  std::string vpn;  // empty: the public network
  TelemetryTransport transport;
  auto operator<=>(const TelemetryDestination&) const = default;
};

struct TelemetryDestinationGroup {
  std::string name;
  std::set<TelemetryDestination> destinations;
  bool operator==(const TelemetryDestinationGroup&) const = default;
};

enum class TelemetryEncoding { Gpb, Json };  // the vendor's default is GPB

struct TelemetrySubscription {
  std::string name;
  std::set<std::string> sensor_groups;
  std::set<std::string> destination_groups;
  std::optional<TelemetryTransport> protocol;  // overrides the destinations' transport when set
  TelemetryEncoding encoding = TelemetryEncoding::Gpb;
  bool operator==(const TelemetrySubscription&) const = default;
};

struct Telemetry {
  bool enabled = false;            // the `telemetry` block exists
  bool json_only_content = false;  // `json only-content`: JSON in Telemetry.data_str, not data_json
  std::map<std::string, TelemetrySensorGroup> sensor_groups;
  std::map<std::string, TelemetryDestinationGroup> destination_groups;
  std::map<std::string, TelemetrySubscription> subscriptions;
  bool operator==(const Telemetry&) const = default;
};

// `ssl policy NAME` (reference 1.3): the files a TLS client trusts and presents, named by path
// (a relative path starts at vrsh's working directory); read when the configuration is applied.
struct SslPolicy {
  std::string name;
  std::set<std::string> trusted_ca;  // `trusted-ca load pem-ca FILE`, at most 4
  std::string cert_file;             // `certificate load pem-cert FILE key-pair rsa key-file FILE`
  std::string key_file;
  bool operator==(const SslPolicy&) const = default;
};
inline constexpr std::size_t kMaxTrustedCa = 4;

// `grpc` / `grpc client`: the TLS of every gRPC dial-out stream that is not `no-tls`.
struct Grpc {
  bool enabled = false;    // the `grpc` block exists
  bool client = false;     // the `grpc client` block exists
  std::string ssl_policy;  // none: the streams are plaintext (the vendor's default)
  std::string verify_san;  // with ssl_verify_peer: a name the collector's certificate must carry
  bool ssl_verify_peer = false;
  bool operator==(const Grpc&) const = default;
};

Node ssl_policy_node(const SslPolicy& p);
Node grpc_node(const Grpc& g);
Node grpc_client_node(const Grpc& g);

// Sensor groups, destination groups, then subscriptions, each by name.
Node telemetry_node(const Telemetry& t);
// The block of one group or subscription by name; one not configured yet shows its header line
// alone.
Node sensor_group_node(const Telemetry& t, const std::string& name);
Node destination_group_node(const Telemetry& t, const std::string& name);
Node subscription_node(const Telemetry& t, const std::string& name);

// "protocol grpc no-tls compression gzip", as typed and rendered.
std::string transport_text(const TelemetryTransport& t);
// What reaches `d` for `sub`: the subscription's protocol when it has one, else the destination's.
TelemetryTransport effective_transport(const TelemetrySubscription& sub, const TelemetryDestination& d);

// Commit-time checks (model/validate.hpp): complete "Error: ..." texts, empty when valid.
std::vector<std::string> validate_telemetry(const Config& c);

}  // namespace vrsh::model
