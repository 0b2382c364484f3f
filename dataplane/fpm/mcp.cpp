// MCP report intake: validation in the vendor's order (known instance and DCP, measurement
// enabled, authentication), then freshness, then storage per instance and period.
#include "dataplane/fpm/mcp.hpp"

namespace vrsh::dataplane::fpm {

const char* drop_name(Drop d) {
  switch (d) {
    case Drop::Malformed:
      return "Malformed";
    case Drop::BadVersion:
      return "Unsupported version";
    case Drop::UnknownInstance:
      return "Unknown instance";
    case Drop::UnknownDcp:
      return "Unknown DCP";
    case Drop::MeasureDisabled:
      return "Measurement disabled";
    case Drop::AuthMissing:
      return "Authentication missing";
    case Drop::AuthFailed:
      return "Authentication failed";
    case Drop::AuthUnexpected:
      return "Authentication unexpected";
    case Drop::Duplicate:
      return "Duplicate";
    case Drop::Stale:
      return "Stale";
    case Drop::Count:
      break;
  }
  return "?";
}

void Mcp::configure(const model::Mcp& cfg) {
  std::lock_guard<std::mutex> lock(mu_);
  cfg_ = cfg;
  for (auto it = data_.begin(); it != data_.end();) {
    it = cfg.instances.count(it->first) != 0 ? std::next(it) : data_.erase(it);
  }
}

void Mcp::set_result_sink(ResultFn fn) {
  std::lock_guard<std::mutex> lock(mu_);
  result_sink_ = std::move(fn);
}

void Mcp::set_log(LogFn fn) {
  std::lock_guard<std::mutex> lock(mu_);
  log_ = std::move(fn);
}

bool Mcp::is_addressed(std::uint32_t mcp_id, std::uint16_t port) const {
  std::lock_guard<std::mutex> lock(mu_);
  return cfg_.enabled && cfg_.id == mcp_id && cfg_.port.value_or(kDefaultMcpPort) == port;
}

Verdict Mcp::drop(Drop why, const std::optional<Ack>& ack) {
  ++c_.dropped[static_cast<std::size_t>(why)];
  Verdict v;
  v.why = why;
  v.ack = ack;
  return v;
}

Verdict Mcp::ingest(std::span<const std::uint8_t> datagram) {
  std::lock_guard<std::mutex> lock(mu_);
  ++c_.received;
  DecodedReport d = decode_report(datagram);
  if (d.error == DecodeError::BadVersion) return drop(Drop::BadVersion);
  if (d.error != DecodeError::None) return drop(Drop::Malformed);
  Report& r = d.report;
  auto inst = cfg_.instances.find(r.instance);
  if (!cfg_.enabled || inst == cfg_.instances.end()) return drop(Drop::UnknownInstance);
  if (inst->second.dcps.count(r.dcp_id) == 0) return drop(Drop::UnknownDcp);
  if (inst->second.measure_disabled) return drop(Drop::MeasureDisabled);
  if (cfg_.auth) {
    if (!d.signed_) return drop(Drop::AuthMissing);
    if (d.key_id != cfg_.auth->key_id || !verify(datagram, cfg_.auth->secret)) return drop(Drop::AuthFailed);
  } else if (d.signed_) {
    return drop(Drop::AuthUnexpected);
  }
  const Ack ack{r.dcp_id, r.instance, r.seq};
  Freshness& f = fresh_[r.dcp_id];
  if (f.highest > kSeqWindow && r.seq <= f.highest - kSeqWindow) return drop(Drop::Stale, ack);
  if (!f.seen.insert(r.seq).second)
    return drop(Drop::Duplicate, ack);  // acknowledged again: stops re-sending
  if (r.seq > f.highest) f.highest = r.seq;
  while (!f.seen.empty() && f.highest > kSeqWindow && *f.seen.begin() <= f.highest - kSeqWindow) {
    f.seen.erase(f.seen.begin());
  }
  InstData& data = data_[r.instance];
  if (!data.slots.empty() && data.slots.rbegin()->first >= kMcpHistory &&
      r.period <= data.slots.rbegin()->first - kMcpHistory) {
    return drop(Drop::Stale, ack);
  }
  Slot& slot = data.slots[r.period];
  auto old = slot.reports.find(r.dcp_id);
  if (old != slot.reports.end()) {
    // Reports are cumulative per period: the newer one (higher sequence number) wins.
    if (old->second.seq > r.seq) {
      ++c_.accepted;
      Verdict v;
      v.accepted = true;
      v.ack = ack;
      return v;
    }
    ++c_.replaced;
  }
  const std::uint64_t period = r.period;
  const std::uint32_t interval = r.interval;
  slot.reports[r.dcp_id] = std::move(r);
  while (data.slots.size() > kMcpHistory) data.slots.erase(data.slots.begin());
  ++c_.accepted;
  evaluate(ack.instance, data, period);
  publish(ack.instance, data, period, interval);
  Verdict v;
  v.accepted = true;
  v.ack = ack;
  return v;
}

McpCounters Mcp::counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  return c_;
}

std::vector<PeriodRow> Mcp::rows(std::uint32_t instance, std::size_t max,
                                 std::optional<std::uint32_t> ach) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = data_.find(instance);
  if (it == data_.end()) return {};
  std::vector<PeriodRow> all;
  if (!ach) {
    all = compute(instance, it->second);
  } else if (auto ci = cfg_.instances.find(instance); ci != cfg_.instances.end()) {
    if (auto a = ci->second.achs.find(*ach); a != ci->second.achs.end())
      all = compute_ach(a->second, it->second);
  }
  std::vector<PeriodRow> out;
  for (auto r = all.rbegin(); r != all.rend() && out.size() < max; ++r) out.push_back(*r);
  return out;
}

}  // namespace vrsh::dataplane::fpm
