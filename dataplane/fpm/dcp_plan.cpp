// Compiling the DCP configuration into the plan the packet path uses.
#include <algorithm>

#include "dataplane/fpm/dcp.hpp"

namespace vrsh::dataplane::fpm {
namespace {

// `flow forward|backward ingress|egress` names the counted direction and where it is counted;
// `bidirectional` counts the forward flow as given and the backward one at the opposite place,
// as for in- and out-points.
Point mid_point(std::uint16_t inst, std::uint16_t tlp, const model::MidPoint& m) {
  Point p;
  p.inst = inst;
  p.tlp = tlp;
  p.in_point = false;
  p.ingress = m.ingress;
  p.mid = true;
  switch (m.flow) {
    case model::FlowDir::Forward:
      p.mid_dirs = 1;
      p.mid_ingress[0] = m.ingress;
      break;
    case model::FlowDir::Backward:
      p.mid_dirs = 2;
      p.mid_ingress[1] = m.ingress;
      break;
    case model::FlowDir::Bidirectional:
      p.mid_dirs = 3;
      p.mid_ingress[0] = m.ingress;
      p.mid_ingress[1] = !m.ingress;
      break;
  }
  for (int d = 0; d < 2; ++d) p.labels[d] = compile_labels(m.labels[d]);
  return p;
}

}  // namespace

std::shared_ptr<const DcpPlan> compile_dcp(const model::Config& c) {
  auto plan = std::make_shared<DcpPlan>();
  const model::Dcp& d = c.ipfpm.dcp;
  if (!d.enabled) return plan;
  plan->dcp_id = d.id;
  plan->loss = color_spec(d.loss_bit);
  plan->delay = color_spec(d.delay_bit);
  for (const ColorSpec* cs : {&plan->loss, &plan->delay}) {
    if (cs->where == ColorSpec::Where::Tos) plan->tos_color_mask |= cs->mask;
  }
  // TLP id -> interfaces it is bound to (validation allows one; all are honoured).
  std::map<std::uint32_t, std::vector<std::string>> bound;
  for (const model::Interface& i : c.interfaces) {
    for (std::uint32_t t : i.ipfpm_tlps) bound[t].push_back(i.name);
  }
  for (const auto& [id, inst] : d.instances) {
    if (!inst.measures()) continue;
    if (inst.flows.empty() || inst.tlps.empty()) continue;
    InstancePlan ip;
    ip.cfg = inst;
    const int interval_s = inst.interval > 0 ? inst.interval : 10;
    ip.interval_ns = static_cast<std::uint64_t>(interval_s) * kNsPerSecond;
    ip.loss = inst.measures_loss();
    if (inst.on_demand)
      ip.window_periods = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(inst.on_demand->minutes) *
                                                         60 / static_cast<std::uint64_t>(interval_s));
    ip.flows = compile_flows(inst.flows);
    for (const DirectedFlow& f : ip.flows) ip.has_dir[f.dir] = true;
    const std::optional<model::McpRef>& mcp = inst.mcp ? inst.mcp : d.mcp;
    const std::optional<model::FpmAuth>& auth = inst.auth ? inst.auth : d.auth;
    if (mcp) {
      Destination dest{mcp->id, mcp->port, std::nullopt};
      if (auth) dest.auth = Auth{static_cast<std::uint16_t>(auth->key_id), auth->secret};
      ip.dest = dest;
    }
    const auto inst_index = static_cast<std::uint16_t>(plan->instances.size());
    std::uint16_t tlp_index = 0;
    const model::DelayMeasure* delay = inst.delay_measure();
    ip.delay_mid = delay && delay->mid;
    for (const auto& [tid, tlp] : inst.tlps) {
      if (delay && !delay->mid && delay->tlp == tid) ip.delay_tlp = tlp_index;
      std::uint8_t dirs = 0;
      for (const auto& [index, m] : tlp.mid) dirs |= mid_point(inst_index, tlp_index, m).mid_dirs;
      ip.mid_dirs.push_back(dirs);
      for (const std::string& ifname : bound[tid]) {
        if (!tlp.is_mid()) {
          Point p;
          p.inst = inst_index;
          p.tlp = tlp_index;
          p.in_point = tlp.in_point;
          p.ingress = tlp.ingress;
          plan->ports[ifname].push_back(p);
          continue;
        }
        for (const auto& [index, m] : tlp.mid)
          plan->ports[ifname].push_back(mid_point(inst_index, tlp_index, m));
      }
      ++tlp_index;
    }
    plan->instances.push_back(std::move(ip));
  }
  return plan;
}

}  // namespace vrsh::dataplane::fpm
