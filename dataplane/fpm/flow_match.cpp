#include "dataplane/fpm/flow_match.hpp"

#include <utility>

#include "dataplane/bytes.hpp"
#include "model/ip.hpp"

namespace vrsh::dataplane::fpm {

bool FlowMatch::match(const Decoded& d, std::uint8_t tos, std::uint8_t color_mask) const {
  if (d.ip_version != 4) return false;
  if ((be32(d.src) & src_mask) != src) return false;
  if ((be32(d.dst) & dst_mask) != dst) return false;
  if (proto >= 0 && d.proto != proto) return false;
  if (dscp >= 0) {
    const auto keep = static_cast<std::uint8_t>(~color_mask & 0xfcu);
    if ((tos & keep) != ((static_cast<unsigned>(dscp) << 2) & keep)) return false;
  }
  if (ports) {
    if (!d.has_l4) return false;
    if (d.sport < sport_lo || d.sport > sport_hi) return false;
    if (d.dport < dport_lo || d.dport > dport_hi) return false;
  }
  return true;
}

bool LabelMatch::match(const Decoded& d) const {
  if (d.mpls_depth == 0 || d.ip_version != 4) return true;
  // decode_link: the IP header follows the bottom label directly, and src is at IPv4 offset 12.
  const std::uint8_t* ip = d.src - 12;
  for (int i = 0; i < 3; ++i) {
    if (label[i] == kUnset) continue;
    if (i >= d.mpls_depth) return false;
    if (label[i] == kAny) continue;
    if ((be32(ip - 4 * (i + 1)) >> 12) != static_cast<std::uint32_t>(label[i])) return false;
  }
  return true;
}

LabelMatch compile_labels(const model::MplsMatch& m) {
  LabelMatch l;
  if (m.vpn_label) l.label[0] = static_cast<std::int32_t>(*m.vpn_label);
  if (m.lsp_label) l.label[1] = static_cast<std::int32_t>(*m.lsp_label);
  if (m.lsp_label2) l.label[2] = *m.lsp_label2 ? static_cast<std::int32_t>(**m.lsp_label2) : LabelMatch::kAny;
  return l;
}

FlowMatch FlowMatch::reversed() const {
  FlowMatch r = *this;
  std::swap(r.src, r.dst);
  std::swap(r.src_mask, r.dst_mask);
  std::swap(r.sport_lo, r.dport_lo);
  std::swap(r.sport_hi, r.dport_hi);
  return r;
}

FlowMatch compile_flow(const model::FpmFlow& f) {
  FlowMatch m;
  if (f.source) {
    m.src_mask = model::mask_from_len(f.source->second);
    m.src = f.source->first & m.src_mask;
  }
  if (f.destination) {
    m.dst_mask = model::mask_from_len(f.destination->second);
    m.dst = f.destination->first & m.dst_mask;
  }
  if (f.dscp) m.dscp = *f.dscp;
  if (f.protocol) m.proto = *f.protocol;
  if (f.src_ports) {
    m.ports = true;
    m.sport_lo = static_cast<std::uint16_t>(f.src_ports->first);
    m.sport_hi = static_cast<std::uint16_t>(f.src_ports->second);
  }
  if (f.dst_ports) {
    m.ports = true;
    m.dport_lo = static_cast<std::uint16_t>(f.dst_ports->first);
    m.dport_hi = static_cast<std::uint16_t>(f.dst_ports->second);
  }
  return m;
}

std::vector<DirectedFlow> compile_flows(const std::map<model::FlowDir, model::FpmFlow>& flows) {
  std::vector<DirectedFlow> out;
  for (const auto& [dir, f] : flows) {
    const FlowMatch m = compile_flow(f);
    if (dir == model::FlowDir::Forward) out.push_back({m, 0});
    if (dir == model::FlowDir::Backward) out.push_back({m, 1});
    if (dir == model::FlowDir::Bidirectional) {
      out.push_back({m, 0});
      out.push_back({m.reversed(), 1});
    }
  }
  return out;
}

}  // namespace vrsh::dataplane::fpm
