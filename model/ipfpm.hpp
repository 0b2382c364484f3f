#pragma once
// IP FPM (`nqa ipfpm dcp`, `nqa ipfpm mcp`): the DCP with its instances, flows and TLPs, the MCP
// with its instances, thresholds and ACHs. TLPs are bound to interfaces on Interface
// (interface.hpp).
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "model/ip.hpp"
#include "model/node.hpp"

namespace vrsh::model {

struct Config;

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

// The MPLS labels a mid-point matches in the packet's label stack: `vpn-label` is the bottom
// label, `lsp-label` the one above it, `lsp-label2` the one above that (`any`: present, any value).
struct MplsMatch {
  std::optional<std::uint32_t> vpn_label;
  std::optional<std::uint32_t> lsp_label;
  std::optional<std::optional<std::uint32_t>> lsp_label2;  // engaged-but-empty = any
  bool operator==(const MplsMatch&) const = default;
};

// `tlp ID [ index N ] mid-point flow { forward | backward | bidirectional } { ingress | egress } ...`:
// a hop-by-hop counting point that neither colours nor clears. For a unidirectional flow its
// labels are in `labels[flow]`; `bidirectional` has one set per direction (0 forward, 1 backward).
struct MidPoint {
  FlowDir flow = FlowDir::Forward;
  bool ingress = true;
  MplsMatch labels[2];
  bool flow_label = false;
  bool control_word = false;
  std::optional<std::optional<std::uint32_t>> l2vpn_tpid;  // `l2vpn [ tpid T ]`
  bool operator==(const MidPoint&) const = default;
};

struct FpmTlp {
  std::uint32_t id = 0;
  bool in_point = true;  // in-point colours, out-point uncolours
  bool ingress = true;   // ingress: where packets are received; egress: sent
  // Not empty: a mid-point TLP, one entry per `index` (0 = the form without `index`); in_point and
  // ingress are then unused.
  std::map<int, MidPoint> mid;
  bool is_mid() const { return !mid.empty(); }
  bool operator==(const FpmTlp&) const = default;
};

struct DelayMeasure {
  bool two_way = false;
  std::uint32_t tlp = 0;  // unused when `mid`
  bool mid = false;       // `tlp mid-point`: the instance's mid-point TLPs record delay
  bool operator==(const DelayMeasure&) const = default;
};

// `loss-measure enable [ mid-point ] time-range M` and `delay-measure enable ... time-range M`:
// on-demand measurement over a window of M minutes of packet time. Runtime state, as on the
// vendor's routers: never rendered, so never saved (docs/decisions.md). One window per instance,
// shared by its loss and delay parts; `run` is renumbered by every on-demand command, so the
// dataplane restarts the window at each one (a commit that changes nothing else keeps it).
struct OnDemand {
  int minutes = 10;
  bool loss = false;
  bool loss_mid = false;  // `loss-measure enable mid-point`: the instance measures hop by hop
  std::optional<DelayMeasure> delay;
  std::uint64_t run = 0;
  bool operator==(const OnDemand&) const = default;
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
  std::optional<DelayMeasure> delay;  // `delay-measure enable ... continual`
  std::optional<OnDemand> on_demand;
  bool measures_loss() const { return loss_continual || (on_demand && on_demand->loss); }
  // The delay measurement, continual or on demand; nullptr when there is none.
  const DelayMeasure* delay_measure() const {
    return delay ? &*delay : on_demand && on_demand->delay ? &*on_demand->delay : nullptr;
  }
  bool measures() const { return measures_loss() || delay_measure() != nullptr; }
  bool continual() const { return loss_continual || delay.has_value(); }
  bool has_mid_point() const {
    for (const auto& [tlp_id, t] : tlps)
      if (t.is_mid()) return true;
    return false;
  }
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

// ---- Rendering (model/ipfpm.cpp), in the layout of the vendor's config files ----
Node dcp_node(const Dcp& d);
Node dcp_instance_node(const DcpInstance& i);
// One `tlp ID [ index N ] mid-point ...` line (index 0: without `index`), without indentation.
std::string mid_point_text(std::uint32_t id, int index, const MidPoint& m);
Node mcp_node(const Mcp& m);
Node mcp_instance_node(const McpInstance& i);
Node ach_node(const Ach& a);
// The block of one instance or ACH by id; one not configured yet shows its header line alone.
Node dcp_instance_node(const Dcp& d, std::uint32_t id);
Node mcp_instance_node(const Mcp& m, std::uint32_t id);
Node ach_node(const Mcp& m, std::uint32_t instance, std::uint32_t ach);

// ---- Runtime state: the on-demand windows, carried by the configuration but never rendered ----
// clear_runtime drops them; keep_runtime gives `to` those of `from` for the instances both have
// and that `to` does not measure continually (a rollback replaces the configuration, not what
// is running).
void clear_runtime(Dcp& d);
void keep_runtime(Dcp& to, const Dcp& from);

// ---- Commit-time checks (model/validate.hpp): complete "Error: ..." texts, empty when valid ----
// Rules:
//  - an IP FPM `mcp ... vpn-instance V` (DCP or instance level) naming an unknown VPN instance;
//  - DCP: instances without `dcp id`; delay-measure naming a TLP not in its instance, or
//    `tlp mid-point` (or `loss-measure enable mid-point`) in an instance without mid-point TLPs
//    (the handler refuses such a line too, but `undo tlp N` afterwards is accepted and only this
//    catches it);
//    an instance measuring loss or delay without a flow, a TLP, an MCP (instance or DCP level), or
//    with a TLP not bound to any interface (`ipfpm tlp N`). TLPs of instances that measure nothing
//    may be bound later: the vendor's own example commits the instance before binding the TLP.
// Not here, because their handlers check them as the line is entered (docs/decisions.md): a TLP
// bound on two interfaces (`ipfpm tlp`), equal colour bits (`color-flag`), a threshold's lower
// limit above its upper one.
std::vector<std::string> validate_ipfpm(const Config& c);

}  // namespace vrsh::model
