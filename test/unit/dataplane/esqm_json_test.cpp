#include <doctest/doctest.h>

#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dataplane/engine.hpp"
#include "esqm_harness.hpp"

using namespace vrsh;
using namespace vrsh::dataplane;

namespace {

// The example lines of the seed document (test/data/seed, copied verbatim from it).
std::string seed_line(const std::string& prefix) {
  std::ifstream f(std::string(VRSH_TEST_DATA_DIR) + "/seed/esqm-flow-table-examples.txt");
  for (std::string l; std::getline(f, l);) {
    if (l.rfind(prefix, 0) == 0) return l;
  }
  return {};
}

esqm::Record seed_common() {
  esqm::Record r;
  parse_ip("10.1.1.1", r.src);
  parse_ip("10.1.1.2", r.dst);
  r.src_port = 1023;
  r.dst_port = 1023;
  r.port_if_index = 47;
  r.route_if_index = 14;
  parse_ip("10.1.1.2", r.next_hop);
  r.label = 0;
  r.vpn_name = "_public_";
  return r;
}

}  // namespace

TEST_CASE("esqm json: TCP record is byte-identical to the seed example") {
  const std::string seed = seed_line("{\"tcp-datas\"");
  REQUIRE_FALSE(seed.empty());
  esqm::Record r = seed_common();
  r.proto = esqm::Protocol::Tcp;
  r.protocol = 6;
  r.flow_type = esqm::FlowType::TcpSyn;
  r.created_ns = 1563469476ULL * 1000000000ULL + 796319000ULL;
  r.packet_num = 1;
  r.retrans_num = 1;
  CHECK(Engine::esqm_json(r) == seed);
}

TEST_CASE("esqm json: GTP record is byte-identical to the seed example") {
  const std::string seed = seed_line("{\"gtp-datas\"");
  REQUIRE_FALSE(seed.empty());
  esqm::Record r = seed_common();
  r.src_port = 2152;
  r.dst_port = 2152;
  r.proto = esqm::Protocol::Gtp;
  r.protocol = 17;
  r.flow_type = esqm::FlowType::Gtp;
  r.heartbeat_ns = 1563476027ULL * 1000000000ULL + 331645687ULL;
  r.packet_num = 1001;
  r.packet_bytes = 128128;
  r.packet_type = esqm::PacketType::HeartbeatResponse;
  r.last_ip_id = 1;
  r.curr_ip_id = 2;
  CHECK(Engine::esqm_json(r) == seed);
}

TEST_CASE("esqm json: enum spellings, IPv6, egress, VPN and large counters") {
  esqm::Record r;
  parse_ip("2001:db8::1", r.src);
  parse_ip("2001:db8::2", r.dst);
  r.proto = esqm::Protocol::Sctp;
  r.protocol = 132;
  r.flow_type = esqm::FlowType::SctpInitAck;
  r.age_type = esqm::AgeType::SctpShutdownAck;
  r.direction = model::Direction::Outbound;
  r.vpn_name = "vpna";
  r.packet_num = 18446744073709551615ULL;
  const std::string j = Engine::esqm_json(r);
  CHECK(j.find("\"next-hop\":\"::\"") != std::string::npos);
  CHECK(j.find("\"flow-type\":\"FlowType_SCTPX_INITX_ACK\"") != std::string::npos);
  CHECK(j.find("\"age-type\":\"AgeType_SCTPX_SHUTDOWNX_ACK\"") != std::string::npos);
  CHECK(j.find("\"flow-direction\":\"FlowDirection_EGRESS\"") != std::string::npos);
  CHECK(j.find("\"packet-num\":\"18446744073709551615\"") != std::string::npos);
  CHECK(j.find("\"address-family\":\"AddressFamily_IPV6\"") != std::string::npos);
  CHECK(j.find("\"vpn-name\":\"vpna\"") != std::string::npos);
  CHECK(std::string(esqm::age_type_name(esqm::AgeType::SctpAbort)) == "AgeType_SCTPX_ABORT");
  CHECK(std::string(esqm::flow_type_name(esqm::FlowType::SctpSack)) == "FlowType_SCTPX_SACK");
  CHECK(std::string(esqm::flow_type_name(esqm::FlowType::TcpSynAck)) == "FlowType_TCPX_SYNX_ACK");
}

// ---- the direct renderer against nlohmann::ordered_json, which rendered the documents before ----

namespace {

// The former to_json, kept as the oracle. dump() uses error_handler_t::replace: its default
// (strict) throws on invalid UTF-8, which the renderer deliberately never does.
void oracle_head(nlohmann::ordered_json& o, const esqm::Record& r) {
  o["src-ip-addr"] = r.src.str();
  o["dst-ip-addr"] = r.dst.str();
  o["src-port"] = r.src_port;
  o["dst-port"] = r.dst_port;
  o["protocol"] = r.protocol;
  o["age-type"] = esqm::age_type_name(r.age_type);
  o["flow-type"] = esqm::flow_type_name(r.flow_type);
  o["flow-direction"] =
      r.direction == model::Direction::Inbound ? "FlowDirection_INGRESS" : "FlowDirection_EGRESS";
  o["port-if-index"] = r.port_if_index;
  o["route-if-index"] = r.route_if_index;
  IpAddr nh = r.next_hop;
  nh.v6 = r.src.v6;
  o["next-hop"] = nh.str();
  o["label"] = r.label;
  o["vpn-name"] = r.vpn_name;
}

std::string oracle(const esqm::Record& r) {
  nlohmann::ordered_json o;
  oracle_head(o, r);
  const char* family = r.src.v6 ? "AddressFamily_IPV6" : "AddressFamily_IPV4";
  nlohmann::ordered_json doc;
  if (r.proto == esqm::Protocol::Gtp) {
    o["heartbeat-time-sec"] = r.heartbeat_ns / 1000000000ULL;
    o["heartbeat-time-nano-sec"] = r.heartbeat_ns % 1000000000ULL;
    o["packet-num"] = std::to_string(r.packet_num);
    o["packet-bytes"] = std::to_string(r.packet_bytes);
    o["packet-type"] =
        r.packet_type == esqm::PacketType::Heartbeat ? "PacketType_HEARTBEAT" : "PacketType_HEARTBEATX_RSQ";
    o["address-family"] = family;
    o["last-ip-id"] = r.last_ip_id;
    o["curr-ip-id"] = r.curr_ip_id;
    doc["gtp-datas"]["gtp-data"] = nlohmann::ordered_json::array({o});
  } else {
    o["created-timestamp-sec"] = r.created_ns / 1000000000ULL;
    o["created-timestamp-nano-sec"] = r.created_ns % 1000000000ULL;
    o["packet-num"] = std::to_string(r.packet_num);
    o["retrans-num"] = std::to_string(r.retrans_num);
    o["retrans-radio"] = std::to_string(r.retrans_radio());
    o["address-family"] = family;
    doc["tcp-datas"]["tcp-data"] = nlohmann::ordered_json::array({o});
  }
  return doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

struct Gen {
  std::mt19937_64 rng{20261125};

  std::uint64_t bits(int n) { return n == 0 ? 0 : rng() >> (64 - n); }
  // Zero, the maximum and everything in between, each width about as likely.
  template <typename T>
  T counter() {
    constexpr int kWidth = std::numeric_limits<T>::digits;
    switch (rng() % 8) {
      case 0:
        return 0;
      case 1:
        return std::numeric_limits<T>::max();
      default:
        return static_cast<T>(bits(static_cast<int>(rng() % (kWidth + 1))));
    }
  }
  IpAddr addr(bool v6) {
    static const char* const kSpecial[] = {"0.0.0.0",    "255.255.255.255", "::",
                                           "::1",        "::ffff:10.1.2.3", "::10.1.2.3",
                                           "2001:db8::", "fe80::1:0:0:1",   "1:0:0:1:0:0:0:1"};
    IpAddr a;
    if (rng() % 4 == 0) {
      parse_ip(kSpecial[rng() % std::size(kSpecial)], a);
      a.v6 = v6;  // the flow's family decides, as in records built from packets
      return a;
    }
    a.v6 = v6;
    for (std::size_t i = 0; i < (v6 ? 16U : 4U); ++i) {
      // Runs of zero groups exercise "::" compression.
      a.b[i] = rng() % 3 == 0 ? 0 : static_cast<std::uint8_t>(rng());
    }
    return a;
  }
  std::string vpn() {
    static const std::vector<std::string> kOdd = {"_public_",
                                                  "",
                                                  "vpna",
                                                  "a\"b",
                                                  "back\\slash",
                                                  "\"\\\"",
                                                  "tab\there",
                                                  "nl\ncr\r",
                                                  "\b\f",
                                                  std::string("nul\0x", 5),
                                                  "\x01\x1f\x7f",
                                                  "</script>",
                                                  "caf\xc3\xa9",
                                                  "\xe2\x82\xac\xf0\x9f\x98\x80",
                                                  "\xff",
                                                  "\xc3",
                                                  "\xc3(",
                                                  "\xe2\x82",
                                                  "\xe2\x82(",
                                                  "\xed\xa0\x80",
                                                  "\xf4\x90\x80\x80",
                                                  "\xc0\xaf",
                                                  "\xe0\x80\xaf",
                                                  "\xf0\x80\x80\xaf",
                                                  "\x80\x80",
                                                  "ok\xfe\xffok",
                                                  "\xf0\x9f\x98"};
    switch (rng() % 4) {
      case 0:
        return kOdd[rng() % kOdd.size()];
      case 1: {  // any bytes
        std::string s(rng() % 12, ' ');
        for (char& c : s) c = static_cast<char>(rng());
        return s;
      }
      case 2: {  // bytes near the UTF-8 boundaries
        static const unsigned char kPick[] = {0x00, 0x1f, 0x20, '"',  '\\', 0x7f, 0x80, 0x8f,
                                              0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf,
                                              0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 'a'};
        std::string s(rng() % 10, ' ');
        for (char& c : s) c = static_cast<char>(kPick[rng() % std::size(kPick)]);
        return s;
      }
      default:
        return "vpn-" + std::to_string(rng() % 1000);
    }
  }
  esqm::Record record() {
    esqm::Record r;
    r.proto = static_cast<esqm::Protocol>(rng() % esqm::kProtocolCount);
    const bool v6 = rng() % 2 == 0;
    r.src = addr(v6);
    r.dst = addr(v6);
    r.next_hop = addr(rng() % 2 == 0);  // any family: it prints in the flow's
    r.src_port = counter<std::uint16_t>();
    r.dst_port = counter<std::uint16_t>();
    r.protocol = counter<std::uint8_t>();
    r.age_type = static_cast<esqm::AgeType>(1 + rng() % (esqm::kAgeTypeSlots - 1));
    r.flow_type = static_cast<esqm::FlowType>(1 + rng() % 6);
    r.direction = rng() % 2 == 0 ? model::Direction::Inbound : model::Direction::Outbound;
    r.port_if_index = counter<std::uint32_t>();
    r.route_if_index = counter<std::uint32_t>();
    r.label = counter<std::uint32_t>();
    r.vpn_name = vpn();
    r.created_ns = counter<std::uint64_t>();
    r.last_seen_ns = counter<std::uint64_t>();
    r.aging_seconds = counter<std::uint32_t>();
    r.packet_num = counter<std::uint64_t>();
    r.retrans_num = counter<std::uint64_t>();
    r.heartbeat_ns = counter<std::uint64_t>();
    r.packet_bytes = counter<std::uint64_t>();
    r.packet_type = rng() % 2 == 0 ? esqm::PacketType::Heartbeat : esqm::PacketType::HeartbeatResponse;
    r.last_ip_id = counter<std::uint16_t>();
    r.curr_ip_id = counter<std::uint16_t>();
    return r;
  }
};

}  // namespace

TEST_CASE("esqm json: the direct renderer is byte-identical to nlohmann on generated records") {
  Gen g;
  int mismatches = 0;
  for (int i = 0; i < 50000 && mismatches < 5; ++i) {
    const esqm::Record r = g.record();
    const std::string want = oracle(r);
    const std::string got = esqm::to_json(r);
    if (got != want) {
      ++mismatches;
      CHECK(got == want);
    }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("esqm json: every single byte and every two-byte VPN name renders as nlohmann does") {
  esqm::Record r = seed_common();
  for (int a = 0; a < 256; ++a) {
    for (int b = -1; b < 256; ++b) {
      r.vpn_name.assign(1, static_cast<char>(a));
      if (b >= 0) r.vpn_name.push_back(static_cast<char>(b));
      REQUIRE(esqm::to_json(r) == oracle(r));
    }
  }
}

TEST_CASE("esqm json: VPN names are escaped; invalid UTF-8 becomes U+FFFD instead of an exception") {
  esqm::Record r = seed_common();
  const auto vpn_field = [&](const std::string& name) {
    r.vpn_name = name;
    const std::string j = esqm::to_json(r);
    const std::string key = "\"vpn-name\":\"";
    const auto from = j.find(key) + key.size();
    return j.substr(from, j.find("\",\"created-timestamp-sec\"") - from);
  };
  CHECK(vpn_field("a\"b\\c/d") == "a\\\"b\\\\c/d");
  CHECK(vpn_field("\b\t\n\f\r") == "\\b\\t\\n\\f\\r");
  CHECK(vpn_field(std::string("\0\x01\x1f\x7f", 4)) == "\\u0000\\u0001\\u001f\x7f");
  CHECK(vpn_field("caf\xc3\xa9 \xe2\x82\xac") == "caf\xc3\xa9 \xe2\x82\xac");  // valid UTF-8 as is
  CHECK(vpn_field("a\xff"
                  "b") ==
        "a\xef\xbf\xbd"
        "b");
  CHECK(vpn_field("\xe2\x82(") == "\xef\xbf\xbd(");  // a cut sequence: one U+FFFD, then the byte
  CHECK(vpn_field("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate: not UTF-8
  CHECK(vpn_field("x\xf0\x9f\x98") == "x\xef\xbf\xbd");                        // cut at the end
  // What the renderer avoids: nlohmann's default dump() throws on such a name.
  nlohmann::ordered_json j = "a\xff";
  CHECK_THROWS_AS((void)j.dump(), nlohmann::ordered_json::type_error);
}

TEST_CASE("esqm json: an aged record is rendered once, into the reused buffer, for every consumer") {
  Gen g;
  std::string buffer = "left over from the previous record";
  const esqm::Record r = g.record();
  esqm::AgedRecord aged(r, buffer);
  const std::string_view first = aged.json();
  CHECK(first == esqm::to_json(r));
  CHECK(first.data() == buffer.data());
  buffer += "!";  // not rendered again: the second consumer gets what the first one got
  CHECK(aged.json() == esqm::to_json(r) + "!");
  std::string appended = "x";
  esqm::append_json(appended, r);
  CHECK(appended == "x" + esqm::to_json(r));
}

TEST_CASE("esqm json: the export file and the export callback get the same document per aged record") {
  testsupport::Harness h;
  const std::string exp = h.dir + "/export.json";
  h.eng.set_export_file(exp);
  std::vector<std::string> seen;
  std::vector<std::string> expected;
  h.eng.set_export_callback([&](esqm::AgedRecord& r) {
    seen.emplace_back(r.json());
    expected.push_back(esqm::to_json(r.record()));
  });
  testsupport::PcapFile f;
  using testsupport::kSec;
  using testsupport::kT0;
  for (int i = 0; i < 3; ++i) {
    const std::string src = "10.1.1." + std::to_string(10 + i);
    f.add(kT0 + static_cast<std::uint64_t>(i) * kSec,
          testsupport::sctp_frame(src, "10.9.9.9", {testsupport::sctp_init(0x1111, 1)}));
    f.add(kT0 + static_cast<std::uint64_t>(i) * kSec + 1,
          testsupport::sctp_frame(src, "10.9.9.9", {testsupport::sctp_chunk(6)}));  // ABORT: ages at once
  }
  h.run(f);
  REQUIRE(seen.size() == 3);
  CHECK(seen == expected);
  std::string file_text;
  for (const auto& s : seen) file_text += s + "\n";
  CHECK(testsupport::read_text(exp) == file_text);
  CHECK(seen[0] != seen[1]);
}
