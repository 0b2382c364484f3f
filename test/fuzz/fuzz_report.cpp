// IP FPM DCP -> MCP reports, into a fresh MCP that knows instances 1 and 2 and DCPs 1.1.1.1 and
// 2.2.2.2, with alarm thresholds. Two modes picked by the first byte:
//  - raw: a sequence of datagrams (2-byte big-endian length prefix each) through report decoding,
//    HMAC verification, acknowledgement decoding and MCP intake;
//  - structured: the bytes choose report fields, which are encoded (and signed when the MCP
//    wants it) so that most reports pass validation and reach storage, loss/delay evaluation and
//    the alarm state machine.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>

#include "dataplane/fpm/mcp.hpp"
#include "dataplane/fpm/report.hpp"

namespace fpm = vrsh::dataplane::fpm;

namespace {

constexpr std::uint32_t kDcps[] = {0x01010101, 0x02020202};

vrsh::model::Mcp mcp_config(bool auth) {
  vrsh::model::Mcp m;
  m.enabled = true;
  m.id = 0x03030303;
  if (auth) m.auth = vrsh::model::FpmAuth{1, "secret"};
  for (std::uint32_t id : {1u, 2u}) {
    vrsh::model::McpInstance inst;
    inst.id = id;
    inst.dcps = {kDcps[0], kDcps[1]};
    inst.loss_threshold = vrsh::model::Threshold{"10.000000", "5.000000"};
    inst.oneway_threshold = vrsh::model::Threshold{"100000", "50000"};
    inst.twoway_threshold = vrsh::model::Threshold{"200000", "100000"};
    m.instances[id] = inst;
  }
  return m;
}

void check_decode(std::span<const std::uint8_t> d) {
  const auto dec = fpm::decode_report(d);
  if (dec.error != fpm::DecodeError::None) return;
  if (dec.report.entries.size() > fpm::kMaxReportEntries) std::abort();
  // What decodes must encode back to a report that decodes the same.
  const auto again = fpm::decode_report(fpm::encode(dec.report, std::nullopt));
  if (again.error != fpm::DecodeError::None || !(again.report == dec.report)) std::abort();
}

void raw_mode(fpm::Mcp& mcp, const std::uint8_t* data, std::size_t size) {
  std::size_t off = 0;
  for (int n = 0; off + 2 <= size && n < 64; ++n) {
    const std::size_t len =
        std::min<std::size_t>((std::size_t{data[off]} << 8) | data[off + 1], size - off - 2);
    const std::span<const std::uint8_t> d(data + off + 2, len);
    off += 2 + len;
    check_decode(d);
    (void)fpm::decode_error_name(fpm::decode_report(d).error);
    (void)fpm::verify(d, "secret");
    (void)fpm::decode_ack(d);
    (void)mcp.ingest(d);
  }
}

void structured_mode(fpm::Mcp& mcp, bool auth, FuzzedDataProvider& in) {
  for (int n = 0; in.remaining_bytes() > 0 && n < 64; ++n) {
    fpm::Report r;
    r.dcp_id =
        in.ConsumeBool() ? kDcps[in.ConsumeIntegralInRange(0, 1)] : in.ConsumeIntegral<std::uint32_t>();
    r.instance = in.ConsumeIntegralInRange<std::uint32_t>(0, 3);
    r.interval = in.ConsumeIntegral<std::uint32_t>();
    r.period = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::uint64_t>(0, 600)
                                : in.ConsumeIntegral<std::uint64_t>();
    r.seq = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::uint64_t>(0, 10000)
                             : in.ConsumeIntegral<std::uint64_t>();
    r.partial = in.ConsumeBool();
    const std::size_t entries = in.ConsumeIntegralInRange<std::size_t>(0, 8);
    for (std::size_t i = 0; i < entries; ++i) {
      fpm::ReportEntry e;
      e.tlp = in.ConsumeIntegralInRange<std::uint32_t>(0, 4);
      e.flow = in.ConsumeIntegralInRange<std::uint8_t>(0, 1);
      e.in_point = in.ConsumeBool();
      e.color = in.ConsumeIntegralInRange<std::uint8_t>(0, 1);
      e.packets = in.ConsumeIntegral<std::uint64_t>();
      e.bytes = in.ConsumeIntegral<std::uint64_t>();
      if (in.ConsumeBool()) e.delay_ts_ns = in.ConsumeIntegral<std::uint64_t>();
      r.entries.push_back(e);
    }
    std::optional<fpm::Auth> sign;
    if (auth != in.ConsumeProbability<float>() < 0.1f) sign = fpm::Auth{1, "secret"};
    const auto bytes = fpm::encode(r, sign);
    check_decode(bytes);
    (void)mcp.ingest(bytes);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > 65536) return -1;
  const bool auth = (data[0] & 1) != 0;
  fpm::Mcp mcp;
  mcp.configure(mcp_config(auth));
  if ((data[0] & 2) != 0) {
    FuzzedDataProvider in(data + 1, size - 1);
    structured_mode(mcp, auth, in);
  } else {
    raw_mode(mcp, data + 1, size - 1);
  }
  for (std::uint32_t inst : {1u, 2u}) (void)mcp.rows(inst, 300);
  (void)mcp.active_alarms();
  const auto c = mcp.counters();
  std::uint64_t dropped = 0;
  for (auto n : c.dropped) dropped += n;
  if (c.accepted + dropped != c.received) std::abort();
  return 0;
}
