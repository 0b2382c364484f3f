#pragma once
// ESQM (`esqm` block): sampling switches, filters, service streams, aging and table size.
// The interface-level `esqm service-stream` switches live on Interface (interface.hpp).
#include <compare>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/ip.hpp"
#include "model/node.hpp"

namespace vrsh::model {

struct Config;

enum class Direction { Inbound, Outbound };

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
  std::optional<std::uint32_t> sctp_aging;  // seconds; default kEsqmDefaultAgingSeconds
  bool tcp_enable = false;
  bool sctp_disable = false;
  bool gtp_disable = false;
  std::set<EsqmFilter> filters;
  std::set<EsqmStream> streams;
  std::optional<std::uint32_t> flow_table_limit;  // vrsh extension; default kEsqmDefaultFlowTableLimit
  bool operator==(const Esqm&) const = default;
};

inline constexpr std::uint32_t kEsqmDefaultAgingSeconds = 300;
// The vendor's range (huawei-esqm: uint16 60..300). Below it only the vrsh extension
// `esqm session fast-aging-time sctp` sets the aging time.
inline constexpr std::uint32_t kEsqmMinAgingSeconds = 60;
inline constexpr std::uint32_t kEsqmMaxAgingSeconds = 300;
inline constexpr std::uint32_t kEsqmDefaultFlowTableLimit = 1000000;

Node esqm_node(const Esqm& e);

// Commit-time checks (model/validate.hpp): complete "Error: ..." texts, empty when valid.
std::vector<std::string> validate_esqm(const Config& c);

}  // namespace vrsh::model
