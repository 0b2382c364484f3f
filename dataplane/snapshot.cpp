#include "dataplane/snapshot.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "model/chassis.hpp"

namespace vrsh::dataplane {

Mac port_mac(std::uint32_t if_index) {
  return model::interface_mac(if_index);
}

const std::array<std::uint8_t, 16>* Port::v6_source() const {
  for (const auto& a : v6)
    if (!model::is_ipv6_link_local(model::Ipv6{a})) return &a;
  return v6.empty() ? nullptr : &v6.front();
}

namespace {

// Every interface that exists: the chassis ports and NULL0 (configured or default), plus the
// configured LoopBack and sub-interfaces.
std::vector<model::Interface> existing_interfaces(const model::Config& c) {
  std::vector<model::Interface> all = c.interfaces;
  std::vector<std::string> builtin = model::physical_ports();
  builtin.push_back("NULL0");
  for (const auto& name : builtin) {
    if (c.find_interface(name) == nullptr) all.push_back(model::default_interface(name));
  }
  return all;
}

bool stream_enabled(const model::Esqm& e, model::Direction dir, const std::string& vpn) {
  return e.streams.count(model::EsqmStream{dir, vpn}) != 0;
}

}  // namespace

std::shared_ptr<const Snapshot> compile_snapshot(const model::Config& c, const SnapshotEnv& env) {
  auto s = std::make_shared<Snapshot>();
  const std::vector<model::Interface> itfs = existing_interfaces(c);
  // By name: a configuration of 10,000 sub-interfaces looks up each one's main port.
  std::unordered_map<std::string_view, const model::Interface*> by_name;
  for (const auto& i : itfs) by_name.try_emplace(i.name, &i);
  auto shut = [&](const std::string& name) {
    if (auto it = by_name.find(name); it != by_name.end()) return it->second->shutdown;
    return model::default_interface(name).shutdown;
  };
  const model::Esqm& e = c.esqm;
  s->esqm_enabled = e.enabled;
  s->fpm = fpm::compile_dcp(c);
  std::vector<FibPort> fib_ports;
  for (const model::Interface& i : itfs) {
    const auto idx = model::if_index(i.name);
    if (!idx) continue;  // not a name of this chassis: cannot receive traffic
    Port p;
    p.name = i.name;
    p.if_index = *idx;
    const std::string main = model::main_port(i.name);
    p.main_if_index = model::if_index(main).value_or(*idx);
    p.vpn_id = env.vpn_id(i.vpn);
    p.up = !i.shutdown && (main == i.name || !shut(main));
    p.esqm_inbound = e.enabled && (i.esqm_inbound || stream_enabled(e, model::Direction::Inbound, i.vpn));
    p.esqm_outbound = e.enabled && (i.esqm_outbound || stream_enabled(e, model::Direction::Outbound, i.vpn));
    p.mac = port_mac(p.if_index);
    p.state = env.port_state(i.name);
    for (const auto& ad : i.addresses) p.v4.emplace_back(ad.addr, ad.mask);
    if (i.ipv6_enable) {
      if (const auto ll = model::link_local_address(i)) p.v6.push_back(ll->b);
      for (const auto& ad : i.ipv6_addresses) p.v6.push_back(ad.addr.b);
    }
    for (const auto& a : c.arp_static) {
      const bool on_port =
          std::any_of(i.addresses.begin(), i.addresses.end(),
                      [&](const model::IfAddress& ad) { return (a.ip & ad.mask) == (ad.addr & ad.mask); });
      if (a.vpn == i.vpn && on_port) p.arp_static.emplace_back(a.ip, a.mac);
    }
    if (auto fp = s->fpm->ports.find(i.name); fp != s->fpm->ports.end()) p.fpm_points = fp->second;
    const auto id = static_cast<std::uint16_t>(s->ports.size());
    s->by_name.emplace(p.name, id);
    s->ports.push_back(p);
    fib_ports.push_back(
        {i.name, id, *idx, p.up && i.name != "NULL0", i.vpn, &i.addresses, model::link_local_address(i)});
  }
  auto fibs = build_fibs(c, fib_ports);
  for (auto& [vpn, fib] : fibs) {
    const std::uint16_t id = env.vpn_id(vpn);
    if (s->fibs.size() <= id) s->fibs.resize(id + 1u);
    s->fibs[id] = std::move(fib);
  }
  for (const Port& p : s->ports) {
    if (s->fibs.size() <= p.vpn_id) s->fibs.resize(p.vpn_id + 1u);
  }
  s->esqm.tcp_enable = e.tcp_enable;
  s->esqm.sctp_enable = !e.sctp_disable;
  s->esqm.gtp_enable = !e.gtp_disable;
  s->esqm.sctp_aging_seconds = e.sctp_aging.value_or(model::kEsqmDefaultAgingSeconds);
  s->esqm.limit = e.flow_table_limit.value_or(model::kEsqmDefaultFlowTableLimit);
  for (const model::EsqmFilter& f : e.filters) {
    const std::uint32_t mask = model::mask_from_len(f.length);
    s->esqm.filters.emplace_back(f.addr & mask, mask);
  }
  return s;
}

}  // namespace vrsh::dataplane
