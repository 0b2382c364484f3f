#pragma once
// Target-flow classification of an IP FPM instance (`flow forward|backward|bidirectional ...`).
#include <cstdint>
#include <vector>

#include "dataplane/decode.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane::fpm {

// One direction of a target flow. Fields left unset in the configuration match anything.
struct FlowMatch {
  std::uint32_t src = 0, src_mask = 0;
  std::uint32_t dst = 0, dst_mask = 0;
  int dscp = -1;   // -1: any
  int proto = -1;  // -1: any
  std::uint16_t sport_lo = 0, sport_hi = 0xffff;
  std::uint16_t dport_lo = 0, dport_hi = 0xffff;
  bool ports = false;  // a port range is configured: only packets with a transport header match

  // `color_mask`: ToS bits used for colouring; they are ignored when comparing the DSCP, since
  // the vendor's recommended tos-bits 3 and 4 lie inside the DSCP field.
  bool match(const Decoded& d, std::uint8_t tos, std::uint8_t color_mask) const;
  // The same flow seen in the other direction (source and destination swapped).
  FlowMatch reversed() const;
};

FlowMatch compile_flow(const model::FpmFlow& f);

// The labels a mid-point matches (model::MplsMatch) in the label stack in front of the IP header:
// index 0 = vpn-label (bottom), 1 = lsp-label, 2 = lsp-label2. A packet without MPLS matches on
// its flow alone (a plain IP network has no labels to tell paths apart).
struct LabelMatch {
  static constexpr std::int32_t kUnset = -1, kAny = -2;
  std::int32_t label[3] = {kUnset, kUnset, kUnset};
  bool match(const Decoded& d) const;
};

LabelMatch compile_labels(const model::MplsMatch& m);

// Direction of a target flow inside an instance: 0 forward, 1 backward.
struct DirectedFlow {
  FlowMatch match;
  int dir = 0;
};

// Forward from `forward` or `bidirectional`; backward from `backward` or the reverse of
// `bidirectional`.
std::vector<DirectedFlow> compile_flows(const std::map<model::FlowDir, model::FpmFlow>& flows);

}  // namespace vrsh::dataplane::fpm
