#include <doctest/doctest.h>

#include "dataplane/decode.hpp"
#include "test/support/dp_fixtures.hpp"

using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {
Bytes syn_v4() {
  return ipv4("10.1.1.10", "10.2.2.20", 6, tcp(1234, 80, 1000, 0, tcp_flags::kSyn));
}
}  // namespace

TEST_CASE("decode: Ethernet IPv4 TCP fields") {
  Decoded d;
  const auto r = decode_frame(
      ethernet(ipv4("10.1.1.10", "10.2.2.20", 6, tcp(1234, 80, 1000, 7, 0x12, 10), {33, 77, 0})), d);
  REQUIRE(r.ip);
  CHECK(r.l4_anomaly == Anomaly::Count);
  CHECK(d.ip_version == 4);
  CHECK(d.l3_offset == 14);
  CHECK(d.l3_len == 20 + 20 + 10);
  CHECK(d.ttl == 33);
  CHECK(d.ip_id == 77);
  CHECK(d.proto == 6);
  CHECK(d.has_l4);
  CHECK(d.sport == 1234);
  CHECK(d.dport == 80);
  CHECK(d.tcp_seq == 1000);
  CHECK(d.tcp_ack == 7);
  CHECK(d.tcp_flags == 0x12);
  CHECK(d.tcp_payload == 10);
}

TEST_CASE("decode: VLAN, 802.1ad and QinQ of any depth") {
  Decoded d;
  L2Opts o;
  o.vlans = {{0x88a8, 30}, {0x8100, 20}, {0x8100, 10}};
  REQUIRE(decode_frame(ethernet(syn_v4(), o), d).ip);
  CHECK(d.vlan_depth == 3);
  CHECK(d.l3_offset == 14 + 12);
  L2Opts deep;
  for (int i = 0; i < kMaxVlanTags + 1; ++i) deep.vlans.emplace_back(0x8100, i);
  const auto r = decode_frame(ethernet(syn_v4(), deep), d);
  CHECK_FALSE(r.ip);
  CHECK(r.why == Anomaly::TooManyVlanTags);
}

TEST_CASE("decode: MPLS label stack keeps the top label and guesses the payload") {
  Decoded d;
  L2Opts o;
  o.vlans = {{0x8100, 5}};
  o.labels = {99, 254};
  REQUIRE(decode_frame(ethernet(syn_v4(), o), d).ip);
  CHECK(d.mpls_depth == 2);
  CHECK(d.mpls_top == 99);
  CHECK(d.ip_version == 4);
  L2Opts o6;
  o6.labels = {16106};
  REQUIRE(decode_frame(ethernet(ipv6("2001:db8::1", "2001:db8::2", 6, tcp(1, 2, 3, 0, 2)), o6), d).ip);
  CHECK(d.ip_version == 6);
  CHECK(d.mpls_top == 16106);
  // A label stack over something that is not IP (pseudowire, control word 0x0...).
  Bytes pw = ethernet(syn_v4(), o6);
  pw[18] = 0x00;
  const auto r = decode_frame(pw, d);
  CHECK_FALSE(r.ip);
  CHECK(r.why == Anomaly::NonIp);
}

TEST_CASE("decode: Linux SLL, SLL2 and raw IP link types") {
  Decoded d;
  REQUIRE(decode_frame(sll(syn_v4()), d, kLinkSll).ip);
  CHECK(d.l3_offset == 16);
  Bytes sll2 = {0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0};
  const Bytes ip = syn_v4();
  sll2.insert(sll2.end(), ip.begin(), ip.end());
  REQUIRE(decode_frame(sll2, d, kLinkSll2).ip);
  CHECK(d.l3_offset == 20);
  REQUIRE(decode_frame(syn_v4(), d, kLinkRaw).ip);
  CHECK(d.l3_offset == 0);
  REQUIRE(decode_frame(syn_v4(), d, kLinkRawDlt).ip);
  REQUIRE(decode_frame(ipv6("::1", "::2", 17, udp(1, 2, {})), d, kLinkIpv6).ip);
  CHECK(d.ip_version == 6);
  // The link type says IPv4 but the packet is IPv6.
  const auto r = decode_frame(ipv6("::1", "::2", 17, udp(1, 2, {})), d, kLinkIpv4);
  CHECK(r.why == Anomaly::BadIpVersion);
  CHECK(decode_frame(syn_v4(), d, 9).why == Anomaly::UnsupportedLinktype);
}

TEST_CASE("decode: truncated and garbage input is classified, never read past the end") {
  Decoded d;
  const Bytes full = ethernet(syn_v4());
  CHECK(decode_frame(Bytes(full.begin(), full.begin() + 10), d).why == Anomaly::TruncatedEthernet);
  CHECK(decode_frame(Bytes(full.begin(), full.begin() + 20), d).why == Anomaly::TruncatedIp);
  // Header complete, TCP header cut: forwarded, but the transport anomaly is reported.
  const auto cut = decode_frame(Bytes(full.begin(), full.begin() + 14 + 20 + 10), d);
  CHECK(cut.ip);
  CHECK(cut.l4_anomaly == Anomaly::TruncatedTcp);
  CHECK_FALSE(d.has_l4);
  Bytes bad_ihl = full;
  bad_ihl[14] = 0x43;
  CHECK(decode_frame(bad_ihl, d).why == Anomaly::BadIpHeaderLength);
  Bytes bad_ver = full;
  bad_ver[14] = 0x55;
  CHECK(decode_frame(bad_ver, d).why == Anomaly::BadIpVersion);
  Bytes bad_total = full;
  bad_total[16] = 0;
  bad_total[17] = 8;
  CHECK(decode_frame(bad_total, d).why == Anomaly::BadIpTotalLength);
  Bytes bad_doff = full;
  bad_doff[14 + 20 + 12] = 0x20;
  CHECK(decode_frame(bad_doff, d).l4_anomaly == Anomaly::BadTcpHeaderLength);
  CHECK(decode_frame(ethernet_raw(0x0806, Bytes(28, 0)), d).why == Anomaly::NonIp);
  L2Opts o;
  o.vlans = {{0x8100, 1}};
  const Bytes tagged = ethernet(syn_v4(), o);
  CHECK(decode_frame(Bytes(tagged.begin(), tagged.begin() + 15), d).why == Anomaly::TruncatedVlan);
  // Every prefix of a complicated frame decodes or fails cleanly (ASan catches overreads).
  L2Opts deep;
  deep.vlans = {{0x88a8, 1}, {0x8100, 2}};
  deep.labels = {1, 2, 3};
  const Bytes sctp_frame = ethernet(
      ipv4("1.1.1.1", "2.2.2.2", 132, sctp(1, 2, 3, {sctp_init(5, 6), sctp_data(7), sctp_sack(8)})), deep);
  for (std::size_t n = 0; n <= sctp_frame.size(); ++n) {
    (void)decode_frame(Bytes(sctp_frame.begin(), sctp_frame.begin() + static_cast<long>(n)), d);
  }
  CHECK(decode_frame(sctp_frame, d).ip);
}

TEST_CASE("decode: IPv4 fragments carry ports only in the first one") {
  Decoded d;
  Ipv4Opts first;
  first.frag = 0x2000;  // MF
  REQUIRE(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 6, tcp(5, 6, 1, 0, 2), first)), d).ip);
  CHECK(d.fragment);
  CHECK_FALSE(d.later_fragment);
  CHECK(d.has_l4);
  Ipv4Opts later;
  later.frag = 0x0010;
  REQUIRE(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 6, tcp(5, 6, 1, 0, 2), later)), d).ip);
  CHECK(d.later_fragment);
  CHECK_FALSE(d.has_l4);
}

TEST_CASE("decode: IPv6 extension headers are walked to the transport header") {
  Decoded d;
  const Bytes l4 = tcp(1000, 2000, 42, 0, tcp_flags::kSyn);
  REQUIRE(
      decode_frame(
          ethernet(ipv6("2001:db8::1", "2001:db8::2", 6, l4, 9, {{0, 8}, {43, 24}, {60, 16}, {51, 12}})), d)
          .ip);
  CHECK(d.proto == 6);
  CHECK(d.ttl == 9);
  CHECK(d.ip_header_len == 40 + 8 + 24 + 16 + 12);
  CHECK(d.has_l4);
  CHECK(d.tcp_seq == 42);
  REQUIRE(decode_frame(ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}), 9, {{44, 8}})), d).ip);
  CHECK(d.fragment);
  CHECK_FALSE(d.later_fragment);
  CHECK(d.sport == 1);
  std::vector<std::pair<std::uint8_t, std::size_t>> many(kMaxIpv6Ext + 1, {60, 8});
  CHECK(decode_frame(ethernet(ipv6("::1", "::2", 6, l4, 9, many)), d).why == Anomaly::TooManyIpv6Ext);
  Bytes cut = ethernet(ipv6("::1", "::2", 6, l4, 9, {{0, 16}}));
  cut.resize(14 + 40 + 4);
  CHECK(decode_frame(cut, d).why == Anomaly::TruncatedIpv6Ext);
}

TEST_CASE("decode: SCTP chunk walk records INIT, DATA TSNs, SACK, SHUTDOWN, ABORT") {
  Decoded d;
  const Bytes p = sctp(2905, 2905, 0, {sctp_init(0xabcd, 77)});
  REQUIRE(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 132, p)), d).ip);
  CHECK(d.sctp_chunks == sctpchunk::kInit);
  CHECK(d.sctp_init_tag == 0xabcd);
  CHECK(d.sctp_init_tsn == 77);
  const Bytes q = sctp(
      1, 2, 9,
      {sctp_data(10, 5), sctp_data(11, 3), sctp_sack(4), sctp_chunk(7, 4), sctp_chunk(8), sctp_chunk(6)});
  REQUIRE(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 132, q)), d).ip);
  CHECK(d.sctp_vtag == 9);
  CHECK(d.sctp_tsn_count == 2);
  CHECK(d.sctp_tsns[0] == 10);
  CHECK(d.sctp_tsns[1] == 11);
  CHECK((d.sctp_chunks & sctpchunk::kSack) != 0);
  CHECK((d.sctp_chunks & sctpchunk::kShutdown) != 0);
  CHECK((d.sctp_chunks & sctpchunk::kShutdownAck) != 0);
  CHECK((d.sctp_chunks & sctpchunk::kAbort) != 0);
  Bytes bad = sctp(1, 2, 3, {sctp_chunk(7, 4)});
  bad[12 + 3] = 2;  // chunk length 2 < 4: a zero-progress loop if not caught
  CHECK(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 132, bad)), d).l4_anomaly ==
        Anomaly::BadSctpChunkLength);
  std::vector<Bytes> lots(kMaxSctpChunks + 1, sctp_chunk(4));
  CHECK(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 132, sctp(1, 2, 3, lots))), d).l4_anomaly ==
        Anomaly::TooManySctpChunks);
}

TEST_CASE("decode: GTP-U echo, G-PDU and extension header chains") {
  Decoded d;
  REQUIRE(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(2152, 2152, gtp(1, 0, {}, 7)))), d).ip);
  CHECK(d.gtp);
  CHECK(d.gtp_type == gtptype::kEchoRequest);
  REQUIRE(
      decode_frame(
          ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(2152, 2152, gtp(255, 0x42, syn_v4(), 0, false)))), d)
          .ip);
  CHECK(d.gtp_type == gtptype::kGpdu);
  CHECK(d.gtp_teid == 0x42);
  // E flag with one extension header (4 bytes, then next type 0).
  Bytes ext = {0x34, 0xff, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0x85, 1, 0x10, 0x09, 0};
  REQUIRE(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(2152, 2152, ext))), d).ip);
  CHECK(d.gtp);
  Bytes loop = {0x34, 0xff, 0, 8, 0, 0, 0, 1, 0, 0, 0, 0x85, 0, 0x10, 0x09, 0x85};  // length 0 extension
  const auto r = decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(2152, 2152, loop))), d);
  CHECK(r.l4_anomaly == Anomaly::BadGtpExtension);
  CHECK_FALSE(d.gtp);
  // Not GTP on other ports; GTPv2 on 2152 is not GTP-U.
  REQUIRE(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(2123, 2123, gtp(1, 0)))), d).ip);
  CHECK_FALSE(d.gtp);
  Bytes v2 = gtp(1, 0);
  v2[0] = 0x48;
  CHECK(decode_frame(ethernet(ipv4("1.1.1.1", "2.2.2.2", 17, udp(2152, 2152, v2))), d).l4_anomaly ==
        Anomaly::BadGtpVersion);
}
