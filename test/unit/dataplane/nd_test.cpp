#include <doctest/doctest.h>

#include <cstring>

#include "dataplane/nd.hpp"
#include "model/ip.hpp"
#include "test/support/pcap_builder.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

nd::Addr addr(const char* s) {
  return model::parse_ipv6(s)->b;
}

// The checksum over the pseudo-header and the message, written out independently of nd.cpp:
// 0 (0xffff before inversion) when the message carries the right checksum.
std::uint16_t verify(const nd::Addr& src, const nd::Addr& dst, const Bytes& msg) {
  Bytes all(src.begin(), src.end());
  all.insert(all.end(), dst.begin(), dst.end());
  const std::size_t n = msg.size();
  for (std::uint8_t b : {0, 0, static_cast<int>(n >> 8), static_cast<int>(n & 0xff), 0, 0, 0, 58})
    all.push_back(b);
  all.insert(all.end(), msg.begin(), msg.end());
  if (all.size() % 2 != 0) all.push_back(0);
  std::uint32_t s = 0;
  for (std::size_t i = 0; i < all.size(); i += 2) s += (std::uint32_t{all[i]} << 8) | all[i + 1];
  while ((s >> 16) != 0) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

Bytes solicitation(const nd::Addr& src, const nd::Addr& dst, const nd::Addr& target) {
  Bytes m(24, 0);
  m[0] = 135;
  std::memcpy(m.data() + 8, target.data(), 16);
  const std::uint16_t c = verify(src, dst, m);
  m[2] = static_cast<std::uint8_t>(c >> 8);
  m[3] = static_cast<std::uint8_t>(c);
  return m;
}

}  // namespace

TEST_CASE("nd: a neighbour solicitation answered by a solicited advertisement") {
  const auto host = addr("2001:db8:1::10");
  const auto target = addr("2001:db8:1::1");
  const auto snm = addr("ff02::1:ff00:1");  // the target's solicited-node group
  const Bytes frame = ethernet(
      ipv6(model::format_ipv6({host}), model::format_ipv6({snm}), 58, solicitation(host, snm, target), 255));
  const auto ns = nd::parse_solicitation(frame.data(), frame.size());
  REQUIRE(ns.has_value());
  CHECK(ns->target == target);
  CHECK(ns->src == host);
  const nd::Mac mac{0x00, 0xe0, 0xfc, 0x00, 0x00, 0x0a};
  const auto na = nd::advertisement_for(*ns, mac);
  REQUIRE(na.size() == 14 + 40 + 32);
  CHECK(std::equal(frame.begin() + 6, frame.begin() + 12, na.begin()));  // back to the asker's MAC
  CHECK(std::equal(mac.begin(), mac.end(), na.begin() + 6));
  CHECK(na[14 + 6] == 58);
  CHECK(na[14 + 7] == 255);
  CHECK(std::equal(target.begin(), target.end(), na.begin() + 14 + 8));  // from the target
  CHECK(std::equal(host.begin(), host.end(), na.begin() + 14 + 24));     // to the asker
  const Bytes msg(na.begin() + 54, na.end());
  CHECK(msg[0] == 136);
  CHECK(msg[4] == 0xe0);  // router, solicited, override
  CHECK(std::equal(target.begin(), target.end(), msg.begin() + 8));
  CHECK(msg[24] == 2);  // target link-layer address
  CHECK(std::equal(mac.begin(), mac.end(), msg.begin() + 26));
  CHECK(verify(target, host, msg) == 0);

  // Duplicate address detection (from ::): answered to all nodes, not solicited.
  const nd::Addr none{};
  const Bytes dad = ethernet(ipv6("::", model::format_ipv6({snm}), 58, solicitation(none, snm, target), 255));
  const auto dns = nd::parse_solicitation(dad.data(), dad.size());
  REQUIRE(dns.has_value());
  const auto dna = nd::advertisement_for(*dns, mac);
  CHECK(dna[0] == 0x33);
  CHECK(dna[14 + 24] == 0xff);
  CHECK(dna[14 + 40 + 4] == 0xa0);
  const auto all_nodes = addr("ff02::1");
  CHECK(verify(target, all_nodes, Bytes(dna.begin() + 54, dna.end())) == 0);
}

TEST_CASE("nd: what is not a valid solicitation") {
  const auto host = addr("2001:db8:1::10");
  const auto target = addr("2001:db8:1::1");
  Bytes msg = solicitation(host, target, target);
  const std::string h = model::format_ipv6({host}), t = model::format_ipv6({target});
  CHECK(nd::parse_solicitation(ethernet(ipv6(h, t, 58, msg, 255)).data(), 14 + 40 + 24));
  CHECK(!nd::parse_solicitation(ethernet(ipv6(h, t, 58, msg, 64)).data(), 14 + 40 + 24));  // routed
  Bytes bad = msg;
  bad[3] ^= 1;
  CHECK(!nd::parse_solicitation(ethernet(ipv6(h, t, 58, bad, 255)).data(), 14 + 40 + 24));  // checksum
  Bytes adv = msg;
  adv[0] = 136;
  CHECK(!nd::parse_solicitation(ethernet(ipv6(h, t, 58, adv, 255)).data(), 14 + 40 + 24));
  const Bytes short_frame = ethernet(ipv6(h, t, 58, msg, 255));
  CHECK(!nd::parse_solicitation(short_frame.data(), 14 + 40 + 20));
  const auto mc = addr("ff02::1");
  const Bytes to_group = ethernet(ipv6(h, t, 58, solicitation(host, target, mc), 255));
  CHECK(!nd::parse_solicitation(to_group.data(), to_group.size()));  // a multicast target
}

TEST_CASE("nd: the router's own solicitation, and the advertisement that answers it") {
  const auto target = addr("2001:db8:2::10");
  const auto me = addr("fe80::2e0:fcff:fe00:14");
  const nd::Mac mac{0x00, 0xe0, 0xfc, 0x00, 0x00, 0x14};
  const auto ns = nd::solicitation_for(target, mac, me);
  // To the target's solicited-node group (ff02::1:ff00:10) and its multicast MAC.
  const std::uint8_t group_mac[] = {0x33, 0x33, 0xff, 0x00, 0x00, 0x10};
  CHECK(std::equal(std::begin(group_mac), std::end(group_mac), ns.begin()));
  const auto group = addr("ff02::1:ff00:10");
  CHECK(std::equal(group.begin(), group.end(), ns.begin() + 14 + 24));
  CHECK(verify(me, group, Bytes(ns.begin() + 54, ns.end())) == 0);
  const auto parsed = nd::parse_solicitation(ns.data(), ns.size());
  REQUIRE(parsed.has_value());
  CHECK(parsed->target == target);
  CHECK(parsed->src == me);
  CHECK(ns[54 + 24] == 1);  // source link-layer address option
  CHECK(std::equal(mac.begin(), mac.end(), ns.begin() + 54 + 26));

  // The host's answer, as advertisement_for builds one: its MAC from the target link-layer option.
  const nd::Mac host{0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
  nd::Solicitation asked = *parsed;
  const auto na = nd::advertisement_for(asked, host);
  const auto got = nd::parse_advertisement(na.data(), na.size());
  REQUIRE(got.has_value());
  CHECK(got->target == target);
  CHECK(got->mac == host);
  CHECK(!nd::parse_advertisement(ns.data(), ns.size()));
  CHECK(!nd::parse_solicitation(na.data(), na.size()));
}
