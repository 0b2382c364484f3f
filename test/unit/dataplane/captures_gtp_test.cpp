// The GTP captures of test/data/public that captures_test.cpp does not replay (issue #3):
// GTPv1-C / GTP' / GTPv2-C on their own ports, G-PDUs with outer IP fragmentation, an extension
// header, inner IPv6, Linux SLL and QinQ. Every number below was worked out from tshark 4.0.17 on
// the file (the command is in the comment next to it) and from DESIGN.md, before vrsh was run; at
// test time the same facts are asked of tshark again where it is installed, frame by frame.
//
// What DESIGN.md makes of these files, with Replay's configuration (any IPv4 destination routed
// out of 0/2/0, inbound sampling on 0/1/0, TCP enabled, SCTP and GTP on by default):
// - Every outer packet is IPv4 with TTL > 1 to a destination other than the router's addresses,
//   so every packet is forwarded ("forwards every received IPv4/IPv6 packet by longest-prefix
//   match ... decrements TTL"), none dropped; the egress frame is untagged Ethernet around the
//   IP packet (dataplane/README.md), so 0/2/0 sends 14 + ip.len bytes per packet.
// - A GTP entry is created only by a GTP-U echo request or response on UDP 2152. None of these
//   files has one: their echoes are GTPv1-C (UDP 2123) and GTP' (UDP 3386) messages.
// - Decapsulation covers link types, 802.1Q/QinQ and MPLS label stacks; the flow key is the
//   received packet's addresses, ports and protocol. A G-PDU is a UDP packet to 2152: the TCP
//   SYNs inside G-PDU tunnels are not sampled as TCP flows (dataplane/README.md: G-PDUs only count
//   into an existing GTP entry of the same 5-tuple). So no ESQM entry at all, TCP included.
// - ESQM statistics (`display esqm statistics`): every received IP packet is sampled; those with a
//   transport header that can start a flow (TCP, SCTP, UDP to/from 2152) and create nothing count
//   as "matching no entry": here exactly the packets whose GTP-U header vrsh can see.
#include <doctest/doctest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dataplane/decode.hpp"
#include "dataplane/engine.hpp"
#include "dataplane/pcap_file.hpp"
#include "test/support/public_captures.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

// Facts of one capture, from tshark (sums over `-o ip.defragment:FALSE -T fields -E occurrence=f`).
struct Expect {
  const char* file;
  std::uint64_t frames;       // -T fields -e frame.number: lines
  std::uint64_t frame_bytes;  // sum of frame.len
  std::uint64_t ip_bytes;     // sum of the outer ip.len
  std::uint64_t later_frags;  // outer ip.frag_offset > 0: no transport header
  std::uint64_t gtp_u;        // outer UDP 2152 with its GTP header present (not a later fragment)
};

// What vrsh's decoder says about one frame.
struct Seen {
  bool ip = false;
  Anomaly why = Anomaly::Count;
  Anomaly l4 = Anomaly::Count;
  std::uint8_t ip_version = 0;
  std::uint8_t vlan_depth = 0;
  std::uint8_t proto = 0;
  bool later_fragment = false;
  bool has_l4 = false;
  std::uint16_t sport = 0;
  std::uint16_t dport = 0;
  bool gtp = false;
  std::uint8_t gtp_type = 0;
  std::uint32_t gtp_teid = 0;
};

std::vector<Seen> decode_capture(const std::string& file) {
  std::vector<Seen> out;
  std::string err;
  auto src = open_pcap_file(capture(file), err);
  REQUIRE_MESSAGE(src != nullptr, err);
  RawPacket p;
  Decoded d;
  while (src->next(p) == SourceStatus::Packet) {
    const DecodeResult res = decode(p, d);
    Seen s;
    s.ip = res.ip;
    s.why = res.why;
    s.l4 = res.l4_anomaly;
    s.ip_version = d.ip_version;
    s.vlan_depth = d.vlan_depth;
    s.proto = d.proto;
    s.later_fragment = d.later_fragment;
    s.has_l4 = d.has_l4;
    s.sport = d.sport;
    s.dport = d.dport;
    s.gtp = d.gtp;
    s.gtp_type = d.gtp_type;
    s.gtp_teid = d.gtp_teid;
    out.push_back(s);
  }
  return out;
}

std::uint64_t num(const std::string& s, int base = 10) {
  return s.empty() ? 0 : std::stoull(s, nullptr, base);
}

// Replay: all read, all forwarded, no anomaly, no ESQM entry (see the head of the file).
void check_replay(const Expect& x) {
  Replay r(x.file);
  CHECK(r.sum.error.empty());
  CHECK(r.sum.packets == x.frames);
  CHECK(r.sum.bytes == x.frame_bytes);
  CHECK(r.sum.forwarded == x.frames);
  CHECK(r.sum.dropped_total() == 0);
  const auto an = r.eng.anomalies();
  for (std::size_t i = 0; i < kAnomalyCount; ++i) {
    CHECK_MESSAGE(an[i] == 0, anomaly_name(static_cast<Anomaly>(i)));
  }
  const auto in = r.eng.port_counters("GigabitEthernet0/1/0");
  REQUIRE(in.has_value());
  CHECK(in->rx_packets == x.frames);
  CHECK(in->rx_bytes == x.frame_bytes);
  CHECK(in->dropped() == 0);
  const auto out = r.eng.port_counters("GigabitEthernet0/2/0");
  REQUIRE(out.has_value());
  CHECK(out->tx_packets == x.frames);
  CHECK(out->tx_bytes == x.ip_bytes + 14 * x.frames);

  CHECK(r.eng.esqm_records().empty());
  const auto st = r.eng.esqm_stats();
  for (std::size_t p = 0; p < esqm::kProtocolCount; ++p) {
    CHECK(st.created[p] == 0);
    CHECK(st.entries[p] == 0);
  }
  CHECK(st.insert_failures == 0);
  CHECK(st.sampled_packets == x.frames);
  CHECK(st.updated_packets == 0);
  CHECK(st.unmatched_packets == x.gtp_u);
}

// Decoder, frame by frame: the counts of the Expect (so they hold without tshark), then each
// frame against tshark's outer IP version, fragment offset, UDP ports, GTP message type and TEID
// (vrsh decodes GTP-U on UDP 2152 only) and the number of VLAN tags; and the Expect's frame and
// byte totals against tshark's.
std::vector<Seen> check_decoding(const Expect& x) {
  const auto seen = decode_capture(x.file);
  REQUIRE(seen.size() == x.frames);
  std::uint64_t later = 0, gtp = 0;
  for (const auto& s : seen) {
    CHECK_MESSAGE(s.ip, anomaly_name(s.why));
    CHECK_MESSAGE(s.l4 == Anomaly::Count, anomaly_name(s.l4));
    later += s.later_fragment;
    gtp += s.gtp;
  }
  CHECK(later == x.later_frags);
  CHECK(gtp == x.gtp_u);
  if (!have_tshark()) {
    MESSAGE("tshark not installed: per-frame cross-check skipped for " << x.file);
    return seen;
  }
  const auto rows =
      tshark_output(x.file,
                    "-o ip.defragment:FALSE -T fields -E occurrence=f -e frame.len -e ip.len -e ip.version "
                    "-e ip.frag_offset -e udp.srcport -e udp.dstport -e gtp.message -e gtp.teid");
  const auto vlans = tshark_output(x.file, "-T fields -e vlan.id");
  REQUIRE(rows.size() == seen.size());
  REQUIRE(vlans.size() == seen.size());
  std::uint64_t frame_bytes = 0, ip_bytes = 0;
  for (std::size_t i = 0; i < seen.size(); ++i) {
    CAPTURE(i + 1);  // frame number
    auto f = split_fields(rows[i]);
    REQUIRE(f.size() == 8);
    frame_bytes += num(f[0]);
    ip_bytes += num(f[1]);
    f.erase(f.begin(), f.begin() + 2);
    const Seen& s = seen[i];
    CHECK(s.ip_version == num(f[0]));
    const bool later_frag = num(f[1]) > 0;
    CHECK(s.later_fragment == later_frag);
    const bool udp = !f[2].empty();
    CHECK(s.has_l4 == udp);
    if (udp) {
      CHECK(s.proto == kProtoUdp);
      CHECK(s.sport == num(f[2]));
      CHECK(s.dport == num(f[3]));
    }
    const bool gtp_u = udp && (num(f[2]) == kGtpUPort || num(f[3]) == kGtpUPort) && !f[4].empty();
    CHECK(s.gtp == gtp_u);
    if (gtp_u) {
      CHECK(s.gtp_type == num(f[4], 16));
      CHECK(s.gtp_teid == num(f[5], 16));
    }
    std::uint8_t tags = vlans[i].empty() ? 0 : 1;
    for (char c : vlans[i]) tags += c == ',';
    CHECK(s.vlan_depth == tags);
  }
  CHECK(frame_bytes == x.frame_bytes);
  CHECK(ip_bytes == x.ip_bytes);
  return seen;
}

// Both of the above: the replay, then the decoder's view of each frame.
std::vector<Seen> check_capture(const Expect& x) {
  check_replay(x);
  return check_decoding(x);
}

// tshark (where installed) shows N frames for the display filter FILTER; OPTS go before it.
void tshark_frames(const char* file, const std::string& filter, long n, const std::string& opts = "") {
  tshark_check(file, opts + (opts.empty() ? "" : " ") + "-Y '" + filter + "' -T fields -e frame.number", n);
}

}  // namespace

TEST_CASE("captures gtp: zeek_gtp_control_prime - GTPv1-C and GTP' echoes are not GTP-U echoes") {
  // tshark: 10 frames, all UDP 2123->2123 (frames 1-4: Echo Req/Resp, Create PDP Req/Resp) or
  // 3386->3386 (frames 5-10, GTP' version 0: Create PDP, Echo Req/Resp, 2 T-PDU with ICMP); none
  // on 2152. Outer 127.0.0.1 <-> 127.0.0.2, TTL 64, no fragments. Sums: frame.len 1108, ip.len 968.
  const Expect x{"zeek_gtp_control_prime.pcap", 10, 1108, 968, 0, 0};
  if (!present(x.file)) return;
  check_capture(x);
  tshark_frames(x.file, "gtp.message==1 && udp.port==2123", 1);
  tshark_frames(x.file, "gtp.message==2 && udp.port==2123", 1);
  tshark_frames(x.file, "gtp.message==1 && udp.port==3386", 1);
  tshark_frames(x.file, "gtp.message==2 && udp.port==3386", 1);
  tshark_frames(x.file, "udp.port==2152", 0);
}

TEST_CASE("captures gtp: zeek_gtp1_gn_normal_incl_fragmentation - G-PDUs in outer IP fragments") {
  // tshark -o ip.defragment:FALSE: 108 frames, all outer IPv4 UDP 2152<->2152 between
  // 239.114.155.111 and 63.94.149.181 (TTL 61/63): 32 unfragmented G-PDUs, 40 first fragments
  // (MF=1, offset 0; UDP and GTP headers inside) and 36 later fragments (offset 185, 16 bytes of
  // data each) - 32 + 40 + 36 = 108. The first fragments of frames 56, 80, 90 and 92 have no
  // later fragment in the file. So tshark's reassembled view counts 68 G-PDUs (32 + 36), while
  // 72 frames (32 + 40) carry a GTP-U header vrsh can read. Sums: frame.len 66838, ip.len 64966.
  // (The public README's "40 non-first fragments" is 108 - 68; tshark counts 36, see the checks.)
  // The inner TCP handshake (frame 1 SYN 10.131.47.185:1923 -> 79.101.110.141:80, frame 2 SYN ACK)
  // is inside G-PDUs: no TCP entry.
  const Expect x{"zeek_gtp1_gn_normal_incl_fragmentation.pcap", 108, 66838, 64966, 36, 72};
  if (!present(x.file)) return;
  const auto seen = check_capture(x);
  for (const auto& s : seen) {
    if (s.gtp) CHECK(s.gtp_type == gtptype::kGpdu);
  }
  tshark_frames(x.file, "ip.frag_offset > 0", 36);
  tshark_frames(x.file, "ip.flags.mf==1 && ip.frag_offset==0", 40);
  tshark_frames(x.file, "gtp.message==0xff", 68);
  tshark_frames(x.file, "gtp.message==0xff", 72, "-o ip.defragment:FALSE");
  tshark_frames(x.file, "gtp && tcp.flags.syn==1", 2);
}

TEST_CASE("captures gtp: zeek_gtp7_ipv6 - G-PDUs with inner IPv6 in outer IPv4") {
  // tshark: 2 frames, outer IPv4 118.92.124.41 -> 118.92.124.72 UDP 2152->2152 (TTL 60), G-PDU
  // (0xff), inner IPv6 fe80::224c:4fff:fe43:414c -> ff02::1:3 (UDP, LLMNR) and -> ff02::2 (ICMPv6).
  // Sums: frame.len 236, ip.len 208.
  const Expect x{"zeek_gtp7_ipv6.pcap", 2, 236, 208, 0, 2};
  if (!present(x.file)) return;
  const auto seen = check_capture(x);
  for (const auto& s : seen) {
    CHECK(s.ip_version == 4);  // the outer header decides: the inner IPv6 is payload
    CHECK(s.gtp_type == gtptype::kGpdu);
  }
  tshark_frames(x.file, "gtp.message==0xff && ipv6", 2);
}

TEST_CASE("captures gtp: zeek_gtp_ext_header - G-PDU with a PDCP extension header, fragmented") {
  // tshark -o ip.defragment:FALSE: frame 1 is the first fragment (MF=1, id 0x208c, ip.len 1500) of
  // UDP 9000 -> 2152 from 10.155.148.149 to 10.155.148.157 (TTL 254): GTP flags 0x36 (v1, PT=1,
  // E=1, S=1), T-PDU 0xff, TEID 0x00100657, sequence 5, next extension 0xc0 (PDCP PDU number,
  // length 1 = 4 bytes, then "no more"), inner IPv4 TCP 41511 -> 6005 (ACK). Frame 2 is the last
  // fragment of the same datagram (id 0x208c, offset 185, ip.len 64). tshark's reassembled view
  // shows frame 1 as "Fragmented IP protocol" and the GTP in frame 2; there is no separate non-GTP
  // UDP packet (the public README's "+ 1 non-GTP UDP" is that first fragment). Sums: frame.len
  // 1592, ip.len 1564.
  const Expect x{"zeek_gtp_ext_header.pcap", 2, 1592, 1564, 1, 1};
  if (!present(x.file)) return;
  const auto seen = check_capture(x);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].gtp);
  CHECK(seen[0].gtp_type == gtptype::kGpdu);
  CHECK(seen[0].gtp_teid == 0x00100657u);
  CHECK(seen[0].sport == 9000);
  CHECK(seen[0].dport == 2152);
  CHECK(seen[1].later_fragment);
  tshark_frames(x.file, "gtp.flags.e==1 && gtp.ext_hdr.length==1", 1, "-o ip.defragment:FALSE");
  tshark_frames(x.file, "ip.id==0x208c", 2);
  tshark_frames(x.file, "udp && !gtp", 0, "-o ip.defragment:FALSE");
}

TEST_CASE("captures gtp: arkime_gtp-iphone (Linux SLL) - inner TCP SYN/SYN ACK are not sampled") {
  // tshark: 106 frames, Linux SLL, outer IPv4 127.0.1.1 <-> 127.0.1.100 UDP 2152<->2152, TTL 64,
  // DF, no fragments; all 106 are G-PDUs (0xff). Inner: 7 IPv4, 99 IPv6. Inner TCP (SIP,
  // fd00:183:1:1:1886:9040:8605:32b8:5060 <-> [fd01::183]:5060): SYN in frames 9, 22, 36, 95 and
  // SYN ACK in 10, 23, 37, 96. They travel inside the tunnel: no TCP entry (head of the file).
  // Sums: frame.len 28787, ip.len 27091.
  const Expect x{"arkime_gtp-iphone.pcap", 106, 28787, 27091, 0, 106};
  if (!present(x.file)) return;
  check_capture(x);  // no ESQM entry of any protocol: no TCP entry for the inner handshakes
  tshark_frames(x.file, "gtp.message==0xff && tcp.flags.syn==1 && tcp.flags.ack==0", 4);
  tshark_frames(x.file, "gtp.message==0xff && tcp.flags.syn==1 && tcp.flags.ack==1", 4);
  tshark_frames(x.file, "tcp && !gtp", 0);
  tshark_frames(x.file, "sll", 106);
}

TEST_CASE("captures gtp: ndpi_ipv6_in_gtp - QinQ, GTP-U, inner IPv6") {
  // tshark: 2 frames, each with two 802.1Q tags (frame 1: 3233 then 5, frame 2: 3231 then 2),
  // outer IPv4 UDP 2152<->2152, TTL 255: 10.238.80.26 -> 10.238.254.75 (TEID 0x12808fb8) and
  // 10.238.36.92 -> 10.238.254.77 (TEID 0x074c15b0), G-PDUs with inner IPv6 (UDP; ESP).
  // Sums: frame.len 316, ip.len 272 (the 8 tag bytes per frame are not sent on: untagged egress).
  const Expect x{"ndpi_ipv6_in_gtp.pcap", 2, 316, 272, 0, 2};
  if (!present(x.file)) return;
  const auto seen = check_capture(x);
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].vlan_depth == 2);
  CHECK(seen[1].vlan_depth == 2);
  CHECK(seen[0].gtp_teid == 0x12808fb8u);
  CHECK(seen[1].gtp_teid == 0x074c15b0u);
  tshark_frames(x.file, "vlan.id==3233 && vlan.id==5", 1);
  tshark_frames(x.file, "vlan.id==3231 && vlan.id==2", 1);
  tshark_frames(x.file, "gtp.message==0xff && ipv6", 2);
}

TEST_CASE("captures gtp: ndpi_gtp_c - GTPv2-C on UDP 2123 makes no entry") {
  // tshark: 4 frames, UDP 1024 <-> 2123 between 10.101.0.2 and 10.102.0.2 (TTL 128/127), GTPv2
  // message types 32, 33, 36, 37 (Create / Delete Session Request / Response). No 2152.
  // Sums: frame.len 684, ip.len 628.
  const Expect x{"ndpi_gtp_c.pcap", 4, 684, 628, 0, 0};
  if (!present(x.file)) return;
  check_capture(x);
  if (have_tshark()) {
    const auto types = tshark_output(x.file, "-T fields -e gtpv2.message_type");
    CHECK(types == std::vector<std::string>{"32", "33", "36", "37"});
  }
  tshark_frames(x.file, "udp.port==2152", 0);
}
