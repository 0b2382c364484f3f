#pragma once
// The typed configuration tree: what the operator configured, in canonical (normalized) form.
// Knows nothing of the CLI or of packets. Equality is structural: candidate == running means
// nothing is uncommitted.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "model/ip.hpp"

namespace vrsh::model {

inline constexpr const char* kPublicVpn = "_public_";
inline constexpr const char* kDefaultSysname = "HUAWEI";

enum class Direction { Inbound, Outbound };

struct IfAddress {
  Ipv4 addr = 0;
  Ipv4 mask = 0;
  bool sub = false;
  auto operator<=>(const IfAddress&) const = default;
};

struct Interface {
  std::string name;  // canonical: GigabitEthernet0/1/0, LoopBack1, GigabitEthernet0/1/0.1
  std::string description;
  bool shutdown = false;             // physical ports default to shutdown (see chassis.hpp)
  std::string vpn;                   // "" = public
  std::vector<IfAddress> addresses;  // primary first, then sub addresses in configured order
  bool esqm_inbound = false;
  bool esqm_outbound = false;
  std::set<std::uint32_t> ipfpm_tlps;
  bool operator==(const Interface&) const = default;
};

struct VpnInstance {
  std::string name;
  std::string description;
  bool ipv4_family = false;
  std::string route_distinguisher;  // "" = none
  bool operator==(const VpnInstance&) const = default;
};

struct StaticRoute {
  std::string vpn;  // "" = public
  Ipv4 prefix = 0;
  Ipv4 mask = 0;
  std::string ifname;  // "" = none; "NULL0" = blackhole
  std::optional<Ipv4> nexthop;
  int preference = 60;
  std::uint32_t tag = 0;
  std::string description;
  // Identity of a route (what `undo ip route-static` names).
  auto key() const { return std::tie(vpn, prefix, mask, ifname, nexthop); }
  bool operator==(const StaticRoute&) const = default;
};

// `arp static IP MAC [ vpn-instance V ]`: a neighbour that live ports do not resolve by ARP.
struct ArpStatic {
  std::string vpn;  // "" = public
  Ipv4 ip = 0;
  MacAddr mac{};
  auto operator<=>(const ArpStatic&) const = default;
};

struct EsqmFilter {
  Ipv4 addr = 0;
  int length = 32;
  auto operator<=>(const EsqmFilter&) const = default;
};

struct EsqmStream {
  Direction dir = Direction::Inbound;
  std::string vpn;  // "" = all interfaces bound to no VPN instance
  auto operator<=>(const EsqmStream&) const = default;
};

struct Esqm {
  bool enabled = false;                     // the `esqm` block exists
  std::optional<std::uint32_t> sctp_aging;  // seconds; default kDefaultAging
  bool tcp_enable = false;
  bool sctp_disable = false;
  bool gtp_disable = false;
  std::set<EsqmFilter> filters;
  std::set<EsqmStream> streams;
  std::optional<std::uint32_t> flow_table_limit;  // vrsh extension; default 1,000,000
  bool operator==(const Esqm&) const = default;
};

inline constexpr std::uint32_t kEsqmDefaultAgingSeconds = 300;
inline constexpr std::uint32_t kEsqmDefaultFlowTableLimit = 1000000;

// ---- IP FPM ----
struct FpmAuth {
  int key_id = 1;
  std::string secret;  // plaintext kept in memory; rendered only as cipher text
  bool operator==(const FpmAuth&) const = default;
};

// A colour bit: ToS bit 3..7 (bit 0 = most significant) or the IPv4 reserved flag.
struct ColorBit {
  enum class Kind { Tos, Flags0, None } kind = Kind::Tos;
  int tos_bit = 6;
  bool operator==(const ColorBit&) const = default;
};

struct McpRef {
  Ipv4 id = 0;
  std::uint16_t port = 65030;
  std::string vpn;
  bool operator==(const McpRef&) const = default;
};

enum class FlowDir { Forward, Backward, Bidirectional };

struct FpmFlow {
  FlowDir dir = FlowDir::Forward;
  std::optional<std::pair<Ipv4, int>> source;
  std::optional<std::pair<Ipv4, int>> destination;
  std::optional<int> dscp;
  std::optional<int> protocol;  // 6, 17 or a number
  std::optional<std::pair<int, int>> src_ports;
  std::optional<std::pair<int, int>> dst_ports;
  bool operator==(const FpmFlow&) const = default;
};

struct FpmTlp {
  std::uint32_t id = 0;
  bool in_point = true;  // in-point colours, out-point uncolours
  bool ingress = true;   // ingress: where packets are received; egress: sent
  bool operator==(const FpmTlp&) const = default;
};

struct DelayMeasure {
  bool two_way = false;
  std::uint32_t tlp = 0;
  bool operator==(const DelayMeasure&) const = default;
};

struct DcpInstance {
  std::uint32_t id = 0;
  std::string description;
  int interval = 10;
  std::map<FlowDir, FpmFlow> flows;
  std::map<std::uint32_t, FpmTlp> tlps;
  std::optional<McpRef> mcp;
  std::optional<FpmAuth> auth;
  bool loss_continual = false;
  std::optional<DelayMeasure> delay;
  bool operator==(const DcpInstance&) const = default;
};

struct Dcp {
  bool enabled = false;
  std::optional<Ipv4> id;
  std::optional<McpRef> mcp;
  std::optional<FpmAuth> auth;
  ColorBit loss_bit{ColorBit::Kind::Tos, 6};
  ColorBit delay_bit{ColorBit::Kind::Tos, 7};
  std::map<std::uint32_t, DcpInstance> instances;
  bool operator==(const Dcp&) const = default;
};

struct Threshold {
  std::string upper;  // normalized text, e.g. "10.000000" for loss, "100000" for delay
  std::string lower;
  bool operator==(const Threshold&) const = default;
};

struct AchGroup {
  Ipv4 dcp = 0;
  std::uint32_t tlp = 0;
  auto operator<=>(const AchGroup&) const = default;
};

struct Ach {
  std::uint32_t id = 0;
  std::optional<FlowDir> flow;
  std::set<AchGroup> in_group;
  std::set<AchGroup> out_group;
  bool operator==(const Ach&) const = default;
};

struct McpInstance {
  std::uint32_t id = 0;
  std::string description;
  std::set<Ipv4> dcps;
  bool measure_disabled = false;
  std::optional<Threshold> loss_threshold;
  std::optional<Threshold> oneway_threshold;
  std::optional<Threshold> twoway_threshold;
  std::map<std::uint32_t, Ach> achs;
  bool operator==(const McpInstance&) const = default;
};

struct Mcp {
  bool enabled = false;
  std::optional<Ipv4> id;
  std::optional<std::uint16_t> port;  // default 65030
  std::optional<FpmAuth> auth;
  std::map<std::uint32_t, McpInstance> instances;
  bool operator==(const Mcp&) const = default;
};

struct Ipfpm {
  Dcp dcp;
  Mcp mcp;
  bool operator==(const Ipfpm&) const = default;
};

// ---- Telemetry (ESQM streaming) ----
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

struct Config {
  std::string sysname = kDefaultSysname;
  std::map<std::string, VpnInstance> vpns;
  std::vector<Interface> interfaces;  // kept in canonical order (see chassis.hpp)
  std::vector<StaticRoute> routes;    // kept in canonical order
  std::vector<ArpStatic> arp_static;  // one per (vpn, ip), kept sorted
  Ipfpm ipfpm;
  Esqm esqm;
  Telemetry telemetry;
  bool operator==(const Config&) const = default;

  Interface* find_interface(std::string_view name);
  const Interface* find_interface(std::string_view name) const;
};

// ---- Editing helpers for command handlers (model/config.cpp) ----
// Returns the entry for `name`, creating it in its default state (see chassis.hpp) at its
// canonical position when absent. References stay valid until the next insertion.
Interface& ensure_interface(Config& c, std::string_view name);
// Drops built-in interface entries (physical ports, NULL0) equal to their default state, so an
// interface view entered and left unchanged leaves candidate == running.
void prune_defaults(Config& c);
// Canonical route order: public first, then by VPN name, prefix, mask, then routes without an
// outgoing interface before those with one (interfaces in natural order), then next hop.
bool route_less(const StaticRoute& a, const StaticRoute& b);
// Inserts or replaces (same key()) a route; the prefix is normalized (prefix & mask).
void upsert_route(Config& c, StaticRoute r);
// Removes the route with the same key() (prefix normalized); false when there was none.
bool erase_route(Config& c, const StaticRoute& r);
// Removes every route of `vpn` to prefix/mask; returns how many.
std::size_t erase_routes(Config& c, std::string_view vpn, Ipv4 prefix, Ipv4 mask);

}  // namespace vrsh::model
