// Inputs the fuzzers (test/fuzz) found to break the dataplane, kept as plain unit tests so the
// ordinary (gcc, sanitizer) builds check them too.
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "dataplane/fpm/mcp.hpp"
#include "dataplane/fpm/report.hpp"

namespace fpm = vrsh::dataplane::fpm;

namespace {

fpm::Report report(std::uint32_t dcp, std::uint64_t seq, bool in_point, std::uint64_t packets) {
  fpm::Report r;
  r.dcp_id = dcp;
  r.instance = 1;
  r.period = 7;
  r.seq = seq;
  fpm::ReportEntry e;
  e.tlp = 1;
  e.in_point = in_point;
  e.packets = packets;
  e.bytes = packets;
  r.entries.push_back(e);
  return r;
}

}  // namespace

TEST_CASE("MCP loss of absurd counts from the network saturates instead of overflowing") {
  vrsh::model::Mcp cfg;
  cfg.enabled = true;
  vrsh::model::McpInstance inst;
  inst.id = 1;
  inst.dcps = {0x01010101, 0x02020202};
  inst.loss_threshold = vrsh::model::Threshold{"10.000000", "5.000000"};
  cfg.instances[1] = inst;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  const std::uint64_t huge = std::numeric_limits<std::uint64_t>::max() - 3;

  SUBCASE("in-point far above out-point") {
    fpm::Mcp mcp;
    mcp.configure(cfg);
    CHECK(mcp.ingest(fpm::encode(report(0x01010101, 1, true, huge), std::nullopt)).accepted);
    CHECK(mcp.ingest(fpm::encode(report(0x02020202, 1, false, 1), std::nullopt)).accepted);
    const auto rows = mcp.rows(1);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].flow[0].loss_packets == kMax);
    CHECK(rows[0].flow[0].loss_bytes == kMax);
  }
  SUBCASE("out-point far above in-point") {
    fpm::Mcp mcp;
    mcp.configure(cfg);
    CHECK(mcp.ingest(fpm::encode(report(0x01010101, 1, true, 1), std::nullopt)).accepted);
    CHECK(mcp.ingest(fpm::encode(report(0x02020202, 1, false, huge), std::nullopt)).accepted);
    const auto rows = mcp.rows(1);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].flow[0].loss_packets == kMin);
  }
  SUBCASE("ordinary counts are exact") {
    fpm::Mcp mcp;
    mcp.configure(cfg);
    CHECK(mcp.ingest(fpm::encode(report(0x01010101, 1, true, 100), std::nullopt)).accepted);
    CHECK(mcp.ingest(fpm::encode(report(0x02020202, 1, false, 97), std::nullopt)).accepted);
    CHECK(mcp.rows(1).at(0).flow[0].loss_packets == 3);
  }
}
