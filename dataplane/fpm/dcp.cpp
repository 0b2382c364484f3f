#include "dataplane/fpm/dcp.hpp"

#include <algorithm>
#include <chrono>

namespace vrsh::dataplane::fpm {
namespace {

std::uint64_t close_time(std::uint64_t period, std::uint64_t interval_ns) {
  return (period + 1) * interval_ns + interval_ns / 2;
}

// The oldest period whose grace has not ended at `now`.
std::uint64_t first_open(std::uint64_t now, std::uint64_t interval_ns) {
  const std::uint64_t span = interval_ns + interval_ns / 2;
  return now < span ? 0 : (now - span) / interval_ns + 1;
}

}  // namespace

DcpRuntime::DcpRuntime() {
  // Sequence numbers start at the wall clock (µs) so a restarted DCP is not taken for a replay.
  seq_ = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

void DcpRuntime::configure(std::shared_ptr<const DcpPlan> plan) {
  std::vector<InstState> fresh(plan ? plan->instances.size() : 0);
  if (plan_ && plan) {
    for (std::size_t i = 0; i < plan->instances.size(); ++i) {
      for (std::size_t j = 0; j < plan_->instances.size(); ++j) {
        const InstancePlan& a = plan->instances[i];
        const InstancePlan& b = plan_->instances[j];
        if (a.cfg == b.cfg && a.dest == b.dest && plan->dcp_id == plan_->dcp_id &&
            plan->loss.mask == plan_->loss.mask && plan->loss.where == plan_->loss.where &&
            plan->delay.mask == plan_->delay.mask && plan->delay.where == plan_->delay.where) {
          fresh[i] = std::move(state_[j]);
          state_[j] = InstState{};
        }
      }
    }
  }
  // An on-demand window outlives a change of its instance (e.g. `undo delay-measure enable` while
  // loss goes on) until a new on-demand command renumbers it; the open periods do not.
  if (plan_ && plan) {
    for (std::size_t i = 0; i < plan->instances.size(); ++i) {
      const auto& od = plan->instances[i].cfg.on_demand;
      if (fresh[i].started || !od) continue;
      for (std::size_t j = 0; j < plan_->instances.size(); ++j) {
        const auto& old = plan_->instances[j].cfg.on_demand;
        if (!old || old->run != od->run || !state_[j].started) continue;
        fresh[i].started = true;
        fresh[i].win_first = state_[j].win_first;
        fresh[i].win_end = state_[j].win_end;
        fresh[i].next = state_[j].next;
      }
    }
  }
  for (const InstState& old : state_) {
    for (const auto& [p, acc] : old.periods) {
      if (p >= old.next) ++counters_.discarded_periods;
    }
  }
  plan_ = std::move(plan);
  state_ = std::move(fresh);
  recompute_next_close();
}

void DcpRuntime::start(std::size_t i, std::uint64_t now_ns) {
  InstState& st = state_[i];
  const InstancePlan& ip = plan_->instances[i];
  st.started = true;
  if (ip.window_periods == 0) {
    st.next = now_ns / ip.interval_ns;
    return;
  }
  st.win_first = now_ns / ip.interval_ns;
  st.win_end = st.win_first + ip.window_periods;
  st.next = st.win_first;
  recompute_next_close();
}

bool DcpRuntime::in_window(std::size_t i, std::uint64_t p) const {
  const InstState& st = state_[i];
  return plan_->instances[i].window_periods == 0 || (st.started && p >= st.win_first && p < st.win_end);
}

std::vector<WindowState> DcpRuntime::windows() const {
  std::vector<WindowState> out;
  if (!plan_) return out;
  for (std::size_t i = 0; i < plan_->instances.size(); ++i) {
    const InstancePlan& ip = plan_->instances[i];
    if (ip.window_periods == 0 || !ip.cfg.on_demand) continue;
    const model::OnDemand& od = *ip.cfg.on_demand;
    WindowState w;
    w.instance = ip.cfg.id;
    w.minutes = od.minutes;
    w.loss = od.loss;
    if (od.delay) w.delay = od.delay->two_way ? "two-way" : "one-way";
    const InstState& st = state_[i];
    const std::uint64_t end_ns = st.win_end * ip.interval_ns;
    if (!st.started) {
      w.phase = WindowState::Phase::Waiting;
    } else if (now_ns_ < end_ns) {
      w.phase = WindowState::Phase::Running;
      w.remaining_ns = end_ns - now_ns_;
    } else {
      w.phase = WindowState::Phase::Finished;
    }
    out.push_back(w);
  }
  return out;
}

DcpRuntime::Acc* DcpRuntime::slot(std::size_t i, std::uint64_t period, std::size_t tlp, int dir) {
  InstState& st = state_[i];
  if (period + kHistoryPeriods < st.next) {
    ++counters_.too_old_packets;
    return nullptr;
  }
  PeriodAcc& pa = st.periods[period];
  if (pa.acc.empty()) pa.acc.resize(plan_->instances[i].cfg.tlps.size() * 2);
  if (period < st.next) {
    pa.dirty = true;
    ++counters_.late_packets;
  }
  return &pa.acc[tlp * 2 + static_cast<std::size_t>(dir)];
}

std::uint64_t DcpRuntime::period_of(std::uint64_t k, const HeaderBits& hb, bool loss) const {
  // The colour names the period: the latest one <= k with the same parity. A packet of period
  // k-1 delayed across the boundary still counts for k-1.
  if (loss && (((k & 1u) != 0) != get_color(hb, plan_->loss)) && k > 0) return k - 1;
  return k;
}

void DcpRuntime::on_packet(const std::vector<Point>& pts, bool at_ingress, const Decoded& d, HeaderBits& hb,
                           std::uint64_t ts_ns, std::uint32_t ip_bytes) {
  const DcpPlan& pl = *plan_;
  std::uint32_t last_mid = UINT32_MAX;  // the indexes of one mid-point TLP count a packet once
  for (const Point& pt : pts) {
    const InstancePlan& ip = pl.instances[pt.inst];
    int dir = -1;
    for (const DirectedFlow& f : ip.flows) {
      if (f.match.match(d, hb.tos, pl.tos_color_mask)) {
        dir = f.dir;
        break;
      }
    }
    if (dir < 0) continue;
    if (pt.mid) {
      const std::uint32_t which = (std::uint32_t{pt.inst} << 16) | pt.tlp;
      if (((pt.mid_dirs >> dir) & 1u) == 0 || pt.mid_ingress[dir] != at_ingress || which == last_mid ||
          !pt.labels[dir].match(d))
        continue;
      last_mid = which;
      if (!state_[pt.inst].started) start(pt.inst, ts_ns);
      const std::uint64_t kk = period_of(ts_ns / ip.interval_ns, hb, ip.loss);
      if (!in_window(pt.inst, kk)) continue;
      Acc* a = slot(pt.inst, kk, pt.tlp, dir);
      if (a == nullptr) continue;
      ++a->packets;
      a->bytes += ip_bytes;
      if (ip.delay_mid && !a->ts && get_color(hb, pl.delay)) a->ts = ts_ns;
      continue;
    }
    // The backward flow meets the TLP at the opposite place, in the opposite role.
    const bool acts_here = dir == 0 ? pt.ingress == at_ingress : pt.ingress != at_ingress;
    if (!acts_here) continue;
    const bool in_point = dir == 0 ? pt.in_point : !pt.in_point;
    if (!state_[pt.inst].started) start(pt.inst, ts_ns);
    const std::uint64_t k = ts_ns / ip.interval_ns;
    const bool loss = ip.loss;
    const bool delay_here = ip.delay_tlp == static_cast<int>(pt.tlp);
    if (in_point) {
      if (!in_window(pt.inst, k)) {
        // One period more of colouring after an on-demand window: downstream points then tell
        // the window's last packets, delayed across its end, from the uncoloured ones after it.
        if (loss && k == state_[pt.inst].win_end) put_color(hb, pl.loss, (k & 1u) != 0);
        continue;
      }
      if (loss) put_color(hb, pl.loss, (k & 1u) != 0);
      Acc* a = slot(pt.inst, k, pt.tlp, dir);
      if (a == nullptr) continue;
      ++a->packets;
      a->bytes += ip_bytes;
      if (delay_here) {
        const bool first = !a->ts;
        if (first) a->ts = ts_ns;
        put_color(hb, pl.delay, first);
      }
    } else {
      const std::uint64_t kk = period_of(k, hb, loss);
      const bool marked = ip.delay_tlp >= 0 && get_color(hb, pl.delay);
      // Both bits leave clean whatever this instance measures: an upstream marking must not leak
      // into the customer's traffic (DESIGN.md: out-points clear the bits).
      put_color(hb, pl.loss, false);
      put_color(hb, pl.delay, false);
      if (!in_window(pt.inst, kk)) continue;
      Acc* a = slot(pt.inst, kk, pt.tlp, dir);
      if (a == nullptr) continue;
      ++a->packets;
      a->bytes += ip_bytes;
      if (delay_here && marked && !a->ts) a->ts = ts_ns;
    }
  }
}

void DcpRuntime::emit(std::size_t i, std::uint64_t period, bool partial) {
  const InstancePlan& ip = plan_->instances[i];
  Report r;
  r.dcp_id = plan_->dcp_id.value_or(0);
  r.instance = ip.cfg.id;
  r.interval = static_cast<std::uint32_t>(ip.cfg.interval);
  r.period = period;
  r.seq = ++seq_;
  r.partial = partial;
  InstState& st = state_[i];
  auto it = st.periods.find(period);
  std::size_t t = 0;
  for (const auto& [id, tlp] : ip.cfg.tlps) {
    const std::uint8_t mid_dirs = ip.mid_dirs[t];
    for (int dir = 0; dir < 2; ++dir) {
      if (!ip.has_dir[dir]) continue;
      if (mid_dirs != 0 && ((mid_dirs >> dir) & 1u) == 0) continue;
      ReportEntry e;
      e.tlp = id;
      e.flow = static_cast<std::uint8_t>(dir);
      e.mid = mid_dirs != 0;
      e.in_point = !e.mid && (dir == 0 ? tlp.in_point : !tlp.in_point);
      e.color = static_cast<std::uint8_t>(period & 1u);
      if (it != st.periods.end() && !it->second.acc.empty()) {
        const Acc& a = it->second.acc[t * 2 + static_cast<std::size_t>(dir)];
        e.packets = a.packets;
        e.bytes = a.bytes;
        e.delay_ts_ns = a.ts;
      }
      r.entries.push_back(e);
    }
    ++t;
  }
  if (it != st.periods.end()) it->second.dirty = false;
  ++counters_.reports;
  if (partial) ++counters_.partial_reports;
  if (observer_) observer_(r);
  if (!plan_->dcp_id || !ip.dest || !sink_) {
    ++counters_.no_destination;
    return;
  }
  sink_(r, *ip.dest);
}

void DcpRuntime::close_periods(std::uint64_t now_ns, bool final) {
  if (!plan_ || now_ns == 0) return;
  for (std::size_t i = 0; i < state_.size(); ++i) {
    InstState& st = state_[i];
    const InstancePlan& ip = plan_->instances[i];
    // Instances start at the first packet time they see, target or not, so a DCP whose TLPs
    // see none of the flow (everything lost) still reports empty periods. An on-demand window
    // starts at the first target packet only.
    if (!st.started) {
      if (ip.window_periods != 0) continue;
      start(i, now_ns);
    }
    const std::uint64_t iv = ip.interval_ns;
    // Periods reported again because packets arrived after they were closed.
    for (auto& [p, pa] : st.periods) {
      if (p < st.next && pa.dirty) emit(i, p, false);
    }
    const std::uint64_t k_now = now_ns / iv;
    std::uint64_t end = final ? k_now : first_open(now_ns, iv);  // periods [next, end) are complete
    if (ip.window_periods != 0) end = std::min(end, st.win_end);
    if (end > st.next + kHistoryPeriods) {
      counters_.skipped_periods += end - kHistoryPeriods - st.next;
      st.next = end - kHistoryPeriods;
    }
    for (; st.next < end; ++st.next) emit(i, st.next, false);
    if (final && k_now >= st.next && in_window(i, k_now)) emit(i, k_now, true);
    while (!st.periods.empty() && st.periods.begin()->first + kHistoryPeriods < st.next) {
      st.periods.erase(st.periods.begin());
    }
  }
  recompute_next_close();
}

void DcpRuntime::recompute_next_close() {
  next_close_ns_ = ~std::uint64_t{0};
  if (!plan_) return;
  for (std::size_t i = 0; i < state_.size(); ++i) {
    const InstState& st = state_[i];
    const InstancePlan& ip = plan_->instances[i];
    if (ip.window_periods != 0 && (!st.started || st.next >= st.win_end)) continue;  // not open
    // A continual instance that has not started yet starts at the next advance().
    const std::uint64_t t = st.started ? close_time(st.next, ip.interval_ns) : 0;
    if (t < next_close_ns_) next_close_ns_ = t;
  }
}

}  // namespace vrsh::dataplane::fpm
