// Compiling the DCP configuration into the plan the packet path uses.
#include "dataplane/fpm/dcp.hpp"

namespace vrsh::dataplane::fpm {

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
    if (!inst.loss_continual && !inst.delay) continue;
    if (inst.flows.empty() || inst.tlps.empty()) continue;
    InstancePlan ip;
    ip.cfg = inst;
    ip.interval_ns = static_cast<std::uint64_t>(inst.interval > 0 ? inst.interval : 10) * kNsPerSecond;
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
    for (const auto& [tid, tlp] : inst.tlps) {
      if (inst.delay && inst.delay->tlp == tid) ip.delay_tlp = tlp_index;
      for (const std::string& ifname : bound[tid]) {
        plan->ports[ifname].push_back(Point{inst_index, tlp_index, tlp.in_point, tlp.ingress});
      }
      ++tlp_index;
    }
    plan->instances.push_back(std::move(ip));
  }
  return plan;
}

}  // namespace vrsh::dataplane::fpm
