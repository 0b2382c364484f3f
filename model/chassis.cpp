#include "model/chassis.hpp"

#include <charconv>
#include <tuple>

#include <fmt/format.h>

namespace vrsh::model {
namespace {

constexpr std::string_view kGe = "GigabitEthernet";
constexpr std::string_view kLoop = "LoopBack";
constexpr std::string_view kNull = "NULL0";

// Strict decimal: no sign, no leading zeros, fits in 32 bits.
std::optional<std::uint32_t> number(std::string_view s) {
  if (s.empty() || s.size() > 10 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::uint32_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

struct PortNum {
  std::uint32_t slot, card, port;
};

// "GigabitEthernet0/1/3" -> {0,1,3} when it is a port of this chassis.
std::optional<PortNum> parse_port(std::string_view name) {
  // Slot 0, card 1-2, port 0-7, single digits: every port name has the same length. Checked
  // first: names are tested for ports for every prompt and every comparison of two names.
  if (name.size() != kGe.size() + 5 || !name.starts_with(kGe)) return std::nullopt;
  std::string_view rest = name.substr(kGe.size());
  std::uint32_t parts[3];
  for (int i = 0; i < 3; ++i) {
    std::size_t slash = i < 2 ? rest.find('/') : rest.size();
    if (slash == std::string_view::npos) return std::nullopt;
    auto v = number(rest.substr(0, slash));
    if (!v) return std::nullopt;
    parts[i] = *v;
    rest = i < 2 ? rest.substr(slash + 1) : std::string_view{};
  }
  PortNum p{parts[0], parts[1], parts[2]};
  if (p.slot != 0 || (p.card != 1 && p.card != 2) || p.port > 7) return std::nullopt;
  return p;
}

std::optional<std::uint32_t> loopback_number(std::string_view name) {
  if (!name.starts_with(kLoop)) return std::nullopt;
  auto n = number(name.substr(kLoop.size()));
  if (!n || *n > kMaxLoopBack) return std::nullopt;
  return n;
}

// Splits "P.S" into the parent port and S when valid.
std::optional<std::pair<PortNum, std::uint32_t>> parse_sub(std::string_view name) {
  std::size_t dot = name.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  auto p = parse_port(name.substr(0, dot));
  auto s = number(name.substr(dot + 1));
  if (!p || !s || *s < 1 || *s > kMaxSubinterface) return std::nullopt;
  return std::pair{*p, *s};
}

std::uint32_t port_index(const PortNum& p) {
  return p.card * 10 + p.port;
}

}  // namespace

// Class 0 = ports and their subs, 1 LoopBack, 2 NULL0, 3 unknown.
IfnameKey ifname_key(std::string_view n) {
  if (auto p = parse_port(n)) return {{0, p->slot, p->card, p->port, 0}, n};
  if (auto s = parse_sub(n)) return {{0, s->first.slot, s->first.card, s->first.port, s->second}, n};
  if (auto l = loopback_number(n)) return {{1, *l, 0, 0, 0}, n};
  if (n == kNull) return {{2, 0, 0, 0, 0}, n};
  return {{3, 0, 0, 0, 0}, n};
}

bool ifname_before(std::string_view a, const IfnameKey& b) {
  const IfnameKey ka = ifname_key(a);
  return ka.order != b.order ? ka.order < b.order : a < b.name;
}

bool is_physical(std::string_view name) {
  return parse_port(name).has_value();
}
bool is_loopback(std::string_view name) {
  return loopback_number(name).has_value();
}
bool is_subinterface(std::string_view name) {
  return parse_sub(name).has_value();
}
bool is_builtin(std::string_view name) {
  return is_physical(name) || name == kNull;
}

std::optional<std::uint32_t> if_index(std::string_view name) {
  if (auto p = parse_port(name)) return port_index(*p);
  if (name == kNull) return 2u;
  if (auto l = loopback_number(name)) return 1000u + *l;
  if (auto s = parse_sub(name)) return 100000u + port_index(s->first) * 10000u + s->second;
  return std::nullopt;
}

std::string main_port(std::string_view name) {
  if (is_subinterface(name)) return std::string(name.substr(0, name.find('.')));
  return std::string(name);
}

MacAddr interface_mac(std::uint32_t if_index) {
  return {0x00,
          0xe0,
          0xfc,
          static_cast<std::uint8_t>(if_index >> 16),
          static_cast<std::uint8_t>(if_index >> 8),
          static_cast<std::uint8_t>(if_index)};
}

std::vector<std::string> physical_ports() {
  std::vector<std::string> out;
  for (int card = 1; card <= 2; ++card)
    for (int port = 0; port <= 7; ++port) out.push_back(fmt::format("{}0/{}/{}", kGe, card, port));
  return out;
}

int compare_ifnames(std::string_view a, std::string_view b) {
  auto ka = ifname_key(a).order;
  auto kb = ifname_key(b).order;
  if (ka != kb) return ka < kb ? -1 : 1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

Interface default_interface(std::string_view name) {
  Interface i;
  i.name = std::string(name);
  i.shutdown = is_physical(name);
  return i;
}

}  // namespace vrsh::model
