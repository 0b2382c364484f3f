#include <doctest/doctest.h>

#include "dataplane/icmp.hpp"
#include "test/support/dp_fixtures.hpp"
#include "test/support/pcap_builder.hpp"

using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

// The Internet checksum written out independently of dataplane/echo.cpp: the sum of the 16-bit
// big-endian words in 64 bits, folded once at the end.
std::uint16_t internet_checksum(const Bytes& b, std::uint64_t sum = 0) {
  for (std::size_t i = 0; i < b.size(); i += 2)
    sum += (std::uint64_t{b[i]} << 8) | (i + 1 < b.size() ? b[i + 1] : 0u);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::uint64_t v6_pseudo(const Bytes& ip6, std::size_t len) {
  Bytes addrs(ip6.begin() + 8, ip6.begin() + 40);
  return static_cast<std::uint64_t>(0xffff - internet_checksum(addrs)) + len + 58;
}

// type, code, checksum, identifier 0x1234, sequence 7, then `payload` bytes 0, 1, 2...
Bytes icmp_echo(std::uint8_t type, std::size_t payload, std::uint8_t code = 0) {
  Bytes b{type, code, 0, 0, 0x12, 0x34, 0, 7};
  for (std::size_t i = 0; i < payload; ++i) b.push_back(static_cast<std::uint8_t>(i));
  return b;
}

void set_checksum(Bytes& icmp, std::uint64_t pseudo = 0) {
  icmp[2] = icmp[3] = 0;
  const std::uint16_t c = internet_checksum(icmp, pseudo);
  icmp[2] = static_cast<std::uint8_t>(c >> 8);
  icmp[3] = static_cast<std::uint8_t>(c);
}

struct Request {
  Bytes frame;
  Decoded d;
  RawPacket pkt;
  void decode(std::uint32_t cut = 0) {
    pkt.bytes = frame.data();
    pkt.caplen = static_cast<std::uint32_t>(frame.size()) - cut;
    pkt.wirelen = static_cast<std::uint32_t>(frame.size());
    pkt.linktype = 1;
    REQUIRE(vrsh::dataplane::decode(pkt, d).ip);
  }
};

Request v4_request(Bytes icmp, Ipv4Opts o = {}) {
  set_checksum(icmp);
  Request r{ethernet(ipv4("192.0.2.9", "192.0.2.1", 1, icmp, o)), {}, {}};
  r.decode();
  return r;
}

}  // namespace

TEST_CASE("echo: an ICMP echo request becomes a reply from the address asked") {
  Ipv4Opts o;
  o.ttl = 3;
  o.id = 4242;
  Request q = v4_request(icmp_echo(8, 56), o);
  std::vector<std::uint8_t> out;
  REQUIRE(echo_reply(q.pkt, q.d, out) == Echo::Reply);
  REQUIRE(out.size() == 20 + 8 + 56);
  const Bytes ip(out.begin(), out.begin() + 20);
  CHECK(internet_checksum(ip) == 0);
  CHECK(out[0] == 0x45);
  CHECK(((out[2] << 8) | out[3]) == 84);
  CHECK(out[8] == 255);  // TTL
  CHECK(out[9] == 1);
  CHECK(Bytes(out.begin() + 12, out.begin() + 16) == Bytes{192, 0, 2, 1});  // from the router
  CHECK(Bytes(out.begin() + 16, out.begin() + 20) == Bytes{192, 0, 2, 9});  // to the sender
  const Bytes icmp(out.begin() + 20, out.end());
  CHECK(icmp[0] == 0);
  CHECK(icmp[1] == 0);
  CHECK(internet_checksum(icmp) == 0);
  const Bytes asked(q.frame.begin() + 14 + 20, q.frame.end());
  CHECK(Bytes(icmp.begin() + 4, icmp.end()) == Bytes(asked.begin() + 4, asked.end()));  // id, seq, data
}

TEST_CASE("echo: an ICMPv6 echo request becomes a reply with the pseudo-header checksum") {
  Bytes icmp = icmp_echo(128, 31);  // odd length: the last byte is padded in the sum
  Bytes probe = ipv6("2001:db8::9", "2001:db8::1", 58, icmp, 1);
  set_checksum(icmp, v6_pseudo(probe, icmp.size()));
  Request q{ethernet(ipv6("2001:db8::9", "2001:db8::1", 58, icmp, 1)), {}, {}};
  q.decode();
  std::vector<std::uint8_t> out;
  REQUIRE(echo_reply(q.pkt, q.d, out) == Echo::Reply);
  REQUIRE(out.size() == 40 + icmp.size());
  const Bytes ip6(out.begin(), out.begin() + 40);
  CHECK(out[0] == 0x60);
  CHECK(((out[4] << 8) | out[5]) == static_cast<int>(icmp.size()));
  CHECK(out[6] == 58);
  CHECK(out[7] == 255);  // hop limit
  CHECK(Bytes(out.begin() + 8, out.begin() + 24) ==
        Bytes(q.frame.begin() + 14 + 24, q.frame.begin() + 14 + 40));
  CHECK(Bytes(out.begin() + 24, out.begin() + 40) ==
        Bytes(q.frame.begin() + 14 + 8, q.frame.begin() + 14 + 24));
  const Bytes reply(out.begin() + 40, out.end());
  CHECK(reply[0] == 129);
  CHECK(internet_checksum(reply, v6_pseudo(ip6, reply.size())) == 0);
  CHECK(Bytes(reply.begin() + 4, reply.end()) == Bytes(icmp.begin() + 4, icmp.end()));
}

TEST_CASE("echo: what is not a request is left alone, a request that cannot be answered is said so") {
  std::vector<std::uint8_t> out;
  Request reply = v4_request(icmp_echo(0, 8));
  CHECK(echo_reply(reply.pkt, reply.d, out) == Echo::NotRequest);
  Request unreachable = v4_request(icmp_echo(3, 8));
  CHECK(echo_reply(unreachable.pkt, unreachable.d, out) == Echo::NotRequest);
  Request code = v4_request(icmp_echo(8, 8, 1));
  CHECK(echo_reply(code.pkt, code.d, out) == Echo::Unanswerable);
  Ipv4Opts more_fragments;
  more_fragments.frag = 0x2000;
  Request first = v4_request(icmp_echo(8, 8), more_fragments);
  CHECK(echo_reply(first.pkt, first.d, out) == Echo::Unanswerable);
  Request cut = v4_request(icmp_echo(8, 40));
  cut.decode(10);  // the capture kept all but the last 10 bytes
  CHECK(echo_reply(cut.pkt, cut.d, out) == Echo::Unanswerable);
  Bytes damaged_icmp = icmp_echo(8, 8);
  set_checksum(damaged_icmp);
  damaged_icmp.back() ^= 0xff;
  Request damaged{ethernet(ipv4("192.0.2.9", "192.0.2.1", 1, damaged_icmp)), {}, {}};
  damaged.decode();
  CHECK(echo_reply(damaged.pkt, damaged.d, out) == Echo::Unanswerable);
  CHECK(out.empty());  // untouched by every refusal
  Request tcp_syn{ethernet(ipv4("192.0.2.9", "192.0.2.1", 6, tcp(1, 2, 3, 0, 0x02))), {}, {}};
  tcp_syn.decode();
  CHECK(echo_reply(tcp_syn.pkt, tcp_syn.d, out) == Echo::NotRequest);
}

TEST_CASE("icmp: time exceeded and net unreachable quote the packet from the router's address") {
  Ipv4Opts o;
  o.ttl = 1;
  o.id = 99;
  Request q{ethernet(ipv4("192.0.2.9", "198.51.100.7", 17, udp(33434, 33435, Bytes(12, 0)), o)), {}, {}};
  q.decode();
  const std::uint8_t router[4] = {192, 0, 2, 1};
  std::vector<std::uint8_t> out;
  REQUIRE(icmp_error(q.pkt, q.d, IcmpError::TimeExceeded, router, out));
  const Bytes sent(q.frame.begin() + 14, q.frame.end());  // the IP packet as received
  REQUIRE(out.size() == 20 + 8 + sent.size());
  CHECK(internet_checksum(Bytes(out.begin(), out.begin() + 20)) == 0);
  CHECK(out[8] == 255);
  CHECK(Bytes(out.begin() + 12, out.begin() + 16) == Bytes{192, 0, 2, 1});
  CHECK(Bytes(out.begin() + 16, out.begin() + 20) == Bytes{192, 0, 2, 9});
  const Bytes icmp(out.begin() + 20, out.end());
  CHECK(icmp[0] == 11);
  CHECK(icmp[1] == 0);
  CHECK(internet_checksum(icmp) == 0);
  CHECK(Bytes(icmp.begin() + 8, icmp.end()) == sent);
  REQUIRE(icmp_error(q.pkt, q.d, IcmpError::NoRoute, router, out));
  CHECK(out[20] == 3);
  CHECK(out[21] == 0);

  // A large packet is quoted only as far as 576 bytes of error allow.
  Request big{ethernet(ipv4("192.0.2.9", "198.51.100.7", 17, udp(1, 2, Bytes(1400, 7)))), {}, {}};
  big.decode();
  REQUIRE(icmp_error(big.pkt, big.d, IcmpError::NoRoute, router, out));
  CHECK(out.size() == 576);
  CHECK(internet_checksum(Bytes(out.begin() + 20, out.end())) == 0);
}

TEST_CASE("icmp: ICMPv6 time exceeded and no route, checksummed over the pseudo-header") {
  Request q{ethernet(ipv6("2001:db8::9", "2001:db8:1::7", 17, udp(1, 2, Bytes(2000, 1)), 1)), {}, {}};
  q.decode();
  Bytes router(16, 0);
  router[0] = 0x20, router[1] = 0x01, router[2] = 0x0d, router[3] = 0xb8, router[15] = 1;
  std::vector<std::uint8_t> out;
  REQUIRE(icmp_error(q.pkt, q.d, IcmpError::TimeExceeded, router.data(), out));
  CHECK(out.size() == 1280);
  const Bytes ip6(out.begin(), out.begin() + 40);
  CHECK(Bytes(out.begin() + 8, out.begin() + 24) == router);
  const Bytes icmp(out.begin() + 40, out.end());
  CHECK(icmp[0] == 3);
  CHECK(internet_checksum(icmp, v6_pseudo(ip6, icmp.size())) == 0);
  CHECK(Bytes(icmp.begin() + 8, icmp.begin() + 48) == Bytes(q.frame.begin() + 14, q.frame.begin() + 54));
  REQUIRE(icmp_error(q.pkt, q.d, IcmpError::NoRoute, router.data(), out));
  CHECK(out[40] == 1);
}

TEST_CASE("icmp: no error about an error, a later fragment, a multicast or an anonymous sender") {
  const std::uint8_t router[4] = {192, 0, 2, 1};
  std::vector<std::uint8_t> out;
  Request err = v4_request(icmp_echo(11, 28));  // a time exceeded message itself
  CHECK_FALSE(icmp_error(err.pkt, err.d, IcmpError::NoRoute, router, out));
  Request ping = v4_request(icmp_echo(8, 8));  // an echo request is no error: it gets one
  CHECK(icmp_error(ping.pkt, ping.d, IcmpError::NoRoute, router, out));
  out.clear();
  Ipv4Opts later;
  later.frag = 0x0010;  // offset 128 bytes
  Request frag{ethernet(ipv4("192.0.2.9", "198.51.100.7", 17, Bytes(16, 0), later)), {}, {}};
  frag.decode();
  CHECK_FALSE(icmp_error(frag.pkt, frag.d, IcmpError::NoRoute, router, out));
  Request mcast{ethernet(ipv4("192.0.2.9", "239.1.1.1", 17, udp(1, 2, {}))), {}, {}};
  mcast.decode();
  CHECK_FALSE(icmp_error(mcast.pkt, mcast.d, IcmpError::NoRoute, router, out));
  Request anon{ethernet(ipv4("0.0.0.0", "198.51.100.7", 17, udp(1, 2, {}))), {}, {}};
  anon.decode();
  CHECK_FALSE(icmp_error(anon.pkt, anon.d, IcmpError::NoRoute, router, out));
  CHECK(out.empty());
}

TEST_CASE("icmp: the rate limit allows bursts of 50 and then one a millisecond") {
  IcmpRateLimit limit;
  const std::uint64_t t0 = 5'000'000'000;
  int sent = 0;
  for (int i = 0; i < 80; ++i) sent += limit.take(t0) ? 1 : 0;
  CHECK(sent == 50);
  CHECK_FALSE(limit.take(t0 + 999'999));
  CHECK(limit.take(t0 + 1'000'000));
  CHECK_FALSE(limit.take(t0 + 1'000'000));
  sent = 0;
  for (int i = 0; i < 80; ++i) sent += limit.take(t0 + 10'000'000'000) ? 1 : 0;  // refilled, not beyond
  CHECK(sent == 50);
}

TEST_CASE("icmp: the router's probes are whole, checksummed packets") {
  const auto echo = echo_request(0xc0000201, 0xc6336407, 0x4242, 3, 56, 9, 77);
  REQUIRE(echo.size() == 20 + 8 + 56);
  CHECK(internet_checksum(Bytes(echo.begin(), echo.begin() + 20)) == 0);
  CHECK(echo[8] == 9);
  CHECK(echo[9] == 1);
  const Bytes icmp(echo.begin() + 20, echo.end());
  CHECK(icmp[0] == 8);
  CHECK(((icmp[4] << 8) | icmp[5]) == 0x4242);
  CHECK(((icmp[6] << 8) | icmp[7]) == 3);
  CHECK(internet_checksum(icmp) == 0);
  // What the dataplane decodes of it is what a host would see.
  Request q{ethernet(Bytes(echo.begin(), echo.end())), {}, {}};
  q.decode();
  CHECK(q.d.ttl == 9);
  CHECK(q.d.ip_id == 77);

  const auto probe = udp_probe(0xc0000201, 0xc6336407, 0x9000, 33434, 12, 1, 5);
  REQUIRE(probe.size() == 40);
  CHECK(internet_checksum(Bytes(probe.begin(), probe.begin() + 20)) == 0);
  CHECK(probe[9] == 17);
  Bytes pseudo(probe.begin() + 12, probe.begin() + 20);  // both addresses
  const std::uint64_t start = static_cast<std::uint64_t>(0xffff - internet_checksum(pseudo)) + 17 + 20;
  CHECK(internet_checksum(Bytes(probe.begin() + 20, probe.end()), start) == 0);
  Request u{ethernet(Bytes(probe.begin(), probe.end())), {}, {}};
  u.decode();
  CHECK(u.d.sport == 0x9000);
  CHECK(u.d.dport == 33434);
}

TEST_CASE("icmp: the router's IPv6 echo request carries the pseudo-header checksum") {
  Bytes src(16, 0), dst(16, 0);
  src[0] = dst[0] = 0x20, src[1] = dst[1] = 0x01, src[15] = 1, dst[15] = 2;
  const auto echo = echo_request6(src.data(), dst.data(), 0x1111, 9, 56, 255);
  REQUIRE(echo.size() == 40 + 8 + 56);
  const Bytes ip6(echo.begin(), echo.begin() + 40);
  CHECK(echo[6] == 58);
  CHECK(echo[7] == 255);
  const Bytes icmp(echo.begin() + 40, echo.end());
  CHECK(icmp[0] == 128);
  CHECK(((icmp[6] << 8) | icmp[7]) == 9);
  CHECK(internet_checksum(icmp, v6_pseudo(ip6, icmp.size())) == 0);
}
