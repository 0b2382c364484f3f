#pragma once
// A configuration compiled for packet processing: the port table, one FIB per VPN instance and
// the ESQM settings. Immutable once built; the engine swaps whole snapshots between packets.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dataplane/arp.hpp"
#include "dataplane/counters.hpp"
#include "dataplane/esqm/table.hpp"
#include "dataplane/fib.hpp"
#include "dataplane/fpm/dcp.hpp"
#include "dataplane/pcap_file.hpp"
#include "dataplane/pcap_live.hpp"
#include "model/config.hpp"

namespace vrsh::dataplane {

// A port bound to a Linux device (--port IFNAME=live:DEV): its capture, which also sends, and
// its neighbours. Only the dataplane thread touches it while the engine runs.
struct LivePort {
  std::string ifname;
  std::unique_ptr<LiveCapture> cap;
  arp::Table arp;
  arp::Ipv6Table nd;          // IPv6 neighbours, resolved by neighbour discovery
  std::string error;          // why the capture stopped (device gone or down); empty while it runs
  std::uint64_t foreign = 0;  // unicast frames for other MAC addresses: not for a router port
  std::uint64_t arp_in = 0;   // ARP packets received
  std::uint64_t arp_replies = 0;
  std::uint64_t arp_requests = 0;
  std::uint64_t nd_solicitations = 0;  // neighbour solicitations for the port's IPv6 addresses
  std::uint64_t nd_advertisements = 0;
  std::uint64_t nd_requests = 0;  // solicitations sent to resolve next hops
};

// Engine-owned, outlives snapshots: counters survive a commit, sinks are attached by name.
struct PortState {
  PortCounters counters;
  std::unique_ptr<PcapWriter> sink;
  std::unique_ptr<LivePort> live;
};

using Mac = std::array<std::uint8_t, 6>;
// model::interface_mac: 00:e0:fc (the vendor's OUI) followed by the ifIndex.
Mac port_mac(std::uint32_t if_index);

struct Port {
  std::string name;
  std::uint32_t if_index = 0;
  std::uint32_t main_if_index = 0;  // the physical port under a sub-interface
  std::uint16_t vpn_id = 0;
  bool up = false;
  bool esqm_inbound = false;
  bool esqm_outbound = false;
  Mac mac{};
  PortState* state = nullptr;
  std::vector<fpm::Point> fpm_points;                       // IP FPM TLPs bound here (`ipfpm tlp N`)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> v4;  // (address, mask): ARP answers for these
  // The link-local address first, then the global ones: neighbour solicitations for these are
  // answered, and the first is the source of the port's own solicitations.
  std::vector<std::array<std::uint8_t, 16>> v6;
  std::vector<std::pair<std::uint32_t, arp::Mac>> arp_static;  // `arp static` on the port's subnets

  // Where the router's own IPv6 packets (ICMPv6 errors, pings) leave this port from: its first
  // global address, its link-local one without; null when it has no IPv6 address.
  const std::array<std::uint8_t, 16>* v6_source() const;
};

struct Snapshot {
  std::vector<Port> ports;
  std::unordered_map<std::string, std::uint16_t> by_name;
  std::vector<Fib> fibs;  // by vpn_id
  bool esqm_enabled = false;
  esqm::Settings esqm;
  std::shared_ptr<const fpm::DcpPlan> fpm;  // never null

  const Port* find(const std::string& name) const {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : &ports[it->second];
  }
};

struct SnapshotEnv {
  std::function<std::uint16_t(const std::string& vpn)> vpn_id;  // "" = public = 0
  std::function<PortState*(const std::string& ifname)> port_state;
};

std::shared_ptr<const Snapshot> compile_snapshot(const model::Config& c, const SnapshotEnv& env);

}  // namespace vrsh::dataplane
