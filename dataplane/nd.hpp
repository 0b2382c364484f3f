#pragma once
// IPv6 neighbour discovery for live ports (RFC 4861), as pure functions over bytes: the
// solicitations a port must answer and the advertisements that answer them. Resolving next hops
// by NS/NA is not done yet (docs/decisions.md, "IPv6").
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace vrsh::dataplane::nd {

using Mac = std::array<std::uint8_t, 6>;
using Addr = std::array<std::uint8_t, 16>;
inline constexpr std::uint8_t kSolicitation = 135;
inline constexpr std::uint8_t kAdvertisement = 136;

struct Solicitation {
  Mac eth_src{};
  Addr src{};  // :: for duplicate address detection
  Addr target{};
};

// The ICMPv6 checksum of `msg` (its checksum field taken as zero) between src and dst.
std::uint16_t icmpv6_checksum(const Addr& src, const Addr& dst, const std::uint8_t* msg, std::size_t len);

// An untagged Ethernet frame carrying a valid Neighbor Solicitation (ICMPv6 directly after the
// IPv6 header, hop limit 255, code 0, checksum right, a unicast target); nullopt otherwise.
std::optional<Solicitation> parse_solicitation(const std::uint8_t* frame, std::size_t len);

struct Advertisement {
  Addr target{};
  Mac mac{};  // the target link-layer address option, else the frame's source
};
// An untagged Ethernet frame carrying a valid Neighbor Advertisement; nullopt otherwise.
std::optional<Advertisement> parse_advertisement(const std::uint8_t* frame, std::size_t len);

// A solicitation for `target` from (`mac`, `src`), to the target's solicited-node group.
std::vector<std::uint8_t> solicitation_for(const Addr& target, const Mac& mac, const Addr& src);

// The solicited advertisement a router owning `ns.target` at `mac` sends back: to the asker (to
// all nodes, unsolicited, when the asker was doing duplicate address detection), with the router
// and override flags and the target link-layer address option.
std::vector<std::uint8_t> advertisement_for(const Solicitation& ns, const Mac& mac);

}  // namespace vrsh::dataplane::nd
