// Capture files and packets built to lie: truncated files, impossible record lengths, and
// headers whose length fields point outside the packet. Each file is processed to its end or
// stopped with a readable error, the matching anomaly counter moves, and (under the sanitizer
// builds) nothing reads outside the captured bytes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "esqm_harness.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;
using namespace vrsh::testsupport;

namespace {

// A classic pcap whose record headers say whatever the test wants (PcapFile always tells the truth).
struct Record {
  std::uint32_t caplen;  // as written in the record header
  std::uint32_t wirelen;
  Bytes data;  // bytes actually written after the header
};
void put32le(Bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
Bytes lying_pcap(std::uint32_t snaplen, const std::vector<Record>& recs) {
  Bytes b;
  put32le(b, 0xa1b23c4du);
  put32le(b, 0x00040002u);  // version 2.4
  put32le(b, 0);
  put32le(b, 0);
  put32le(b, snaplen);
  put32le(b, 1);  // Ethernet
  std::uint32_t t = 1;
  for (const Record& r : recs) {
    put32le(b, 1700000000u);
    put32le(b, t++);
    put32le(b, r.caplen);
    put32le(b, r.wirelen);
    b.insert(b.end(), r.data.begin(), r.data.end());
  }
  return b;
}

Bytes good_frame() {
  return ethernet(ipv4("10.1.1.10", "10.9.9.9", 17, udp(1000, 2000, Bytes(20, 7))));
}

std::uint64_t anomaly(const Engine& e, Anomaly a) {
  return e.anomalies()[static_cast<std::size_t>(a)];
}

ReplaySummary replay_bytes(Harness& h, const Bytes& file) {
  const std::string path = h.dir + "/in" + std::to_string(h.files++) + ".pcap";
  write_file(path, file);
  return h.eng.replay("GigabitEthernet0/1/0", path, false);
}

Bytes patched(Bytes frame, std::size_t at, std::initializer_list<std::uint8_t> bytes) {
  for (std::uint8_t v : bytes) frame.at(at++) = v;
  return frame;
}

// Replays the frames as one file; every one is read and counted.
ReplaySummary replay_frames(Harness& h, const std::vector<Bytes>& frames) {
  PcapFile f;
  std::uint64_t t = kT0;
  for (const Bytes& fr : frames) f.add(t++, fr);
  const auto s = h.run(f);
  CHECK(s.error == "");
  CHECK(s.packets == frames.size());
  CHECK(s.forwarded + s.dropped_total() == frames.size());
  return s;
}

}  // namespace

TEST_CASE("hostile pcap: truncated file header stops with an error") {
  Harness h;
  Bytes b = lying_pcap(65535, {});
  b.resize(10);
  const auto s = replay_bytes(h, b);
  CHECK(s.packets == 0);
  CHECK(s.error.find("in0.pcap") != std::string::npos);
  CHECK(h.eng.source_errors() == 1);
}

TEST_CASE("hostile pcap: truncated record header and truncated record data") {
  Harness h;
  const Bytes f = good_frame();
  Bytes b = lying_pcap(
      65535, {{static_cast<std::uint32_t>(f.size()), 0, f}, {static_cast<std::uint32_t>(f.size()), 0, f}});
  Bytes cut_header = b;
  cut_header.insert(cut_header.end(), {1, 2, 3, 4, 5, 6, 7, 8});  // half a record header
  auto s = replay_bytes(h, cut_header);
  CHECK(s.packets == 2);
  CHECK(s.error.find("truncated") != std::string::npos);
  // The packets read in the same batch as the failure count, and the error says where it stopped.
  CHECK(s.error.find("unreadable after packet 2:") != std::string::npos);

  Bytes cut_data = lying_pcap(65535, {{static_cast<std::uint32_t>(f.size()), 0, f}, {200, 200, f}});
  s = replay_bytes(h, cut_data);  // the second record claims 200 bytes, the file ends earlier
  CHECK(s.packets == 1);
  CHECK(s.error.find("truncated") != std::string::npos);
  CHECK(s.error.find("unreadable after packet 1:") != std::string::npos);
  CHECK(h.eng.source_errors() == 2);
}

TEST_CASE("hostile pcap: record longer than the snap length is cut to it and the file goes on") {
  Harness h;
  const Bytes f = good_frame();  // 62 bytes
  const auto n = static_cast<std::uint32_t>(f.size());
  const auto s = replay_bytes(h, lying_pcap(40, {{n, n, f}, {n, n, f}}));
  CHECK(s.error == "");
  CHECK(s.packets == 2);
  CHECK(s.forwarded + s.dropped_total() == 2);
}

TEST_CASE("hostile pcap: a capture length above 256 KiB stops the file with an error") {
  Harness h;
  const Bytes f = good_frame();
  const auto n = static_cast<std::uint32_t>(f.size());
  Bytes huge(300000, 0);
  const auto s = replay_bytes(h, lying_pcap(65535, {{n, n, f}, {300000, 300000, huge}, {n, n, f}}));
  CHECK(s.packets == 1);
  CHECK(s.error.find("capture length") != std::string::npos);
  CHECK(h.eng.source_errors() == 1);
}

TEST_CASE("hostile pcap: zero-length packets are counted as truncated") {
  Harness h;
  const auto s = replay_bytes(h, lying_pcap(65535, {{0, 0, {}}, {0, 60, {}}}));
  CHECK(s.error == "");
  CHECK(s.packets == 2);
  CHECK(s.dropped[static_cast<std::size_t>(DropReason::DecodeError)] == 2);
  CHECK(anomaly(h.eng, Anomaly::TruncatedEthernet) == 2);
}

TEST_CASE("hostile pcap: absurd IPv4 and IPv6 lengths") {
  Harness h;
  const Bytes v4 = good_frame();
  const Bytes v6 = ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, Bytes(8, 0))));
  const Bytes v6ext = ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}), 64, {{0, 8}, {60, 8}}));
  replay_frames(h, {
                       patched(v4, 14, {0x40}),        // IHL 0
                       patched(v4, 14, {0x44}),        // IHL 4 (16 bytes)
                       patched(v4, 14, {0x4f}),        // IHL 15: 60 bytes of header, 48 captured
                       patched(v4, 16, {0x00, 0x0a}),  // total length 10 < IHL
                       patched(v4, 16, {0xff, 0xff}),  // total length 65535, 48 captured: snapped, not broken
                       patched(v6, 18, {0xff, 0xff}),  // IPv6 payload length 65535
                       patched(v6ext, 55, {0xff}),     // first extension header claims 2 KiB
                       patched(v6ext, 18, {0x00, 0x04}),  // payload length ends inside the extension headers
                   });
  CHECK(anomaly(h.eng, Anomaly::BadIpHeaderLength) == 2);
  CHECK(anomaly(h.eng, Anomaly::TruncatedIp) == 1);
  CHECK(anomaly(h.eng, Anomaly::BadIpTotalLength) == 1);
  CHECK(anomaly(h.eng, Anomaly::TruncatedIpv6Ext) == 2);

  std::vector<std::pair<std::uint8_t, std::size_t>> chain(kMaxIpv6Ext + 1, {60, 8});
  replay_frames(h, {ethernet(ipv6("2001:db8::1", "2001:db8::2", 17, udp(1, 2, {}), 64, chain))});
  CHECK(anomaly(h.eng, Anomaly::TooManyIpv6Ext) == 1);
}

TEST_CASE("hostile pcap: absurd TCP, SCTP and GTP lengths") {
  Harness h;
  const Bytes t = ethernet(ipv4("10.1.1.10", "10.9.9.9", 6, tcp(1, 2, 3, 4, 0x10, 10)));
  const Bytes sc = sctp_frame("10.1.1.10", "10.9.9.9", {sctp_data(1), sctp_data(2)});
  const std::size_t chunk2 = 14 + 20 + 12 + sctp_data(1).size();  // offset of the second chunk
  const Bytes g = ethernet(ipv4("10.1.1.10", "10.9.9.9", 17, udp(2152, 2152, gtp(255, 9, Bytes(12, 0)))));
  // GTP with E set: next-extension type at GTP+11, then 4-byte extensions chained forever.
  Bytes gext_body(4 * (kMaxGtpExt + 2), 0);
  for (std::size_t i = 0; i < gext_body.size(); i += 4) gext_body[i] = 1, gext_body[i + 3] = 0x85;
  Bytes gloop = ethernet(ipv4("10.1.1.10", "10.9.9.9", 17, udp(2152, 2152, gtp(255, 9, gext_body))));
  gloop[42] = 0x34;  // E and S flags
  gloop[42 + 11] = 0x85;
  Bytes gzero = gloop;
  gzero[42 + 12] = 0;  // first extension length 0
  replay_frames(h, {
                       patched(t, 46, {0x00}),                   // TCP data offset 0
                       patched(t, 46, {0xf0}),                   // data offset 60 > the 30 bytes of TCP
                       patched(sc, 46 + 2, {0, 0}),              // first SCTP chunk length 0
                       patched(sc, chunk2 + 2, {0xff, 0xff}),    // second chunk length 65535
                       patched(g, 42 + 2, {0xff, 0xff}),         // GTP length 65535 is not trusted: fine
                       gloop,                                    // extension headers without end
                       gzero, Bytes(g.begin(), g.begin() + 46),  // GTP header cut after 4 bytes
                   });
  CHECK(anomaly(h.eng, Anomaly::BadTcpHeaderLength) == 2);
  CHECK(anomaly(h.eng, Anomaly::BadSctpChunkLength) == 2);
  CHECK(anomaly(h.eng, Anomaly::BadGtpExtension) == 2);
  CHECK(anomaly(h.eng, Anomaly::TruncatedGtp) == 1);

  std::vector<Bytes> many(kMaxSctpChunks + 1, sctp_chunk(7));
  replay_frames(h, {sctp_frame("10.1.1.10", "10.9.9.9", many)});
  CHECK(anomaly(h.eng, Anomaly::TooManySctpChunks) == 1);
}

TEST_CASE("hostile pcap: pcapng with unknown blocks between packets") {
  Harness h;
  Bytes b;
  auto block = [&](std::uint32_t type, const Bytes& body) {
    const auto total = static_cast<std::uint32_t>(12 + body.size());
    put32le(b, type);
    put32le(b, total);
    b.insert(b.end(), body.begin(), body.end());
    put32le(b, total);
  };
  Bytes shb;
  put32le(shb, 0x1a2b3c4du);
  put32le(shb, 0x00000001u);  // version 1.0
  put32le(shb, 0xffffffffu);  // section length unknown
  put32le(shb, 0xffffffffu);
  block(0x0a0d0d0au, shb);
  Bytes idb;
  put32le(idb, 1);  // Ethernet, reserved 0
  put32le(idb, 65535);
  block(1, idb);
  const Bytes f = good_frame();
  auto epb = [&] {
    Bytes e;
    put32le(e, 0);
    put32le(e, 0);
    put32le(e, 1000);
    put32le(e, static_cast<std::uint32_t>(f.size()));
    put32le(e, static_cast<std::uint32_t>(f.size()));
    e.insert(e.end(), f.begin(), f.end());
    while (e.size() % 4 != 0) e.push_back(0);
    block(6, e);
  };
  epb();
  block(0x00000bad, Bytes(16, 0xee));  // unknown block type: skipped
  block(0x80000001, Bytes(4, 0x11));   // local-use block type
  epb();
  const auto s = replay_bytes(h, b);
  CHECK(s.error == "");
  CHECK(s.packets == 2);
  CHECK(s.forwarded == 2);
}
