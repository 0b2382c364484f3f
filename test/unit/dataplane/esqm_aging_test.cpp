// The expiry wheel against a brute-force reference: every flow the table holds is mirrored in a
// map, and each aging scan is compared with a scan of the whole map (what expires, the order of
// export: expiry, then creation, then key).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <vector>

#include "dataplane/clock.hpp"
#include "dataplane/esqm/table.hpp"

using namespace vrsh::dataplane;
using esqm::AgeType;
using esqm::FlowKey;
using esqm::Protocol;
using esqm::Record;

namespace {

constexpr std::uint64_t kSec = kNsPerSecond;
constexpr int kFlows = 400;

enum class Kind { Tcp, Sctp, Gtp };

// Flow `id`'s addresses, ports and kind are fixed; its source port (1000 + id) names it in exports.
struct FlowSpec {
  bool v6;
  Kind kind;
  std::uint8_t src[16];
  std::uint8_t dst[16];
  std::uint16_t sport;
  std::uint16_t dport;
  std::uint8_t proto;
  FlowKey key;  // as the table keys it (inbound, public VPN)
};

FlowSpec spec(int id) {
  FlowSpec f{};
  f.v6 = id % 3 == 0;
  f.kind = static_cast<Kind>(id % 5 == 0 ? 2 : (id / 2) % 2);
  for (int i = 0; i < 16; ++i) {
    f.src[i] = static_cast<std::uint8_t>(10 + i);
    f.dst[i] = static_cast<std::uint8_t>(100 + i);
  }
  f.src[3] = static_cast<std::uint8_t>(id % 7);  // keys differ beyond the port, so ties compare addresses
  f.sport = static_cast<std::uint16_t>(1000 + id);
  f.dport = f.kind == Kind::Gtp ? kGtpUPort : 80;
  f.proto = f.kind == Kind::Tcp ? kProtoTcp : f.kind == Kind::Sctp ? kProtoSctp : kProtoUdp;
  std::memset(&f.key, 0, sizeof f.key);
  std::memcpy(f.key.src, f.src, f.v6 ? 16 : 4);
  std::memcpy(f.key.dst, f.dst, f.v6 ? 16 : 4);
  f.key.sport = f.sport;
  f.key.dport = f.dport;
  f.key.proto = f.proto;
  f.key.flags = f.v6 ? esqm::kKeyV6 : 0;
  return f;
}

struct RefEntry {
  std::uint64_t last_ns;
  std::uint64_t created_ns;
  std::uint32_t aging_seconds;
};

struct Exported {
  int id;
  AgeType why;
  std::uint64_t last_ns;
  std::uint64_t created_ns;
  bool operator==(const Exported&) const = default;
};

bool ref_expired(const RefEntry& e, std::uint64_t now) {
  return now > e.last_ns && now - e.last_ns > std::uint64_t{e.aging_seconds} * kSec;
}

struct Fixture {
  std::vector<FlowSpec> flows;
  esqm::Table table;
  esqm::Settings settings;
  std::map<int, RefEntry> ref;
  std::vector<Exported> got, want;

  Fixture() {
    for (int i = 0; i < kFlows; ++i) flows.push_back(spec(i));
    settings.tcp_enable = true;
    table.configure(settings);
    table.set_export([this](const Record& r) {
      got.push_back({r.src_port - 1000, r.age_type, r.last_seen_ns, r.created_ns});
    });
  }

  void retire_ref(int id, AgeType why) {
    const RefEntry& e = ref.at(id);
    want.push_back({id, why, e.last_ns, e.created_ns});
    ref.erase(id);
  }

  // One packet of flow `id` at ts; `end` adds an SCTP chunk that ends the association.
  void packet(int id, std::uint64_t ts, bool start, AgeType end) {
    const FlowSpec& f = flows[static_cast<std::size_t>(id)];
    Decoded d;
    d.src = f.src;
    d.dst = f.dst;
    d.ip_version = f.v6 ? 6 : 4;
    d.proto = f.proto;
    d.has_l4 = true;
    d.sport = f.sport;
    d.dport = f.dport;
    d.l3_len = 100;
    const bool ends = f.kind == Kind::Sctp && end != AgeType::AgingTime;
    switch (f.kind) {
      case Kind::Tcp:
        d.tcp_flags = start ? tcpflag::kSyn : tcpflag::kAck;
        break;
      case Kind::Sctp:
        d.sctp_chunks = start ? sctpchunk::kInit : sctpchunk::kData;
        if (end == AgeType::SctpAbort) d.sctp_chunks |= sctpchunk::kAbort;
        if (end == AgeType::SctpShutdown) d.sctp_chunks |= sctpchunk::kShutdown;
        d.sctp_init_tag = 7;
        break;
      case Kind::Gtp:
        d.gtp = true;
        d.gtp_type = start ? gtptype::kEchoRequest : gtptype::kGpdu;
        break;
    }
    esqm::SamplePoint sp;
    sp.ts_ns = ts;
    table.sample(d, sp);

    // The reference: an expired entry is retired before the packet; a live one takes it.
    if (const auto it = ref.find(id); it != ref.end()) {
      if (!ref_expired(it->second, ts)) {
        it->second.last_ns = std::max(it->second.last_ns, ts);
        if (ends) retire_ref(id, end);
        return;
      }
      retire_ref(id, AgeType::AgingTime);
    }
    if (!start) return;
    const std::uint32_t aging =
        f.kind == Kind::Sctp ? settings.sctp_aging_seconds : settings.default_aging_seconds;
    ref[id] = {ts, ts, aging};
    if (ends) retire_ref(id, end);
  }

  void age(std::uint64_t now) {
    table.age(now);
    std::vector<int> due;
    for (const auto& [id, e] : ref) {
      if (ref_expired(e, now)) due.push_back(id);
    }
    std::sort(due.begin(), due.end(), [&](int a, int b) {
      const RefEntry& x = ref.at(a);
      const RefEntry& y = ref.at(b);
      const std::uint64_t ex = x.last_ns + std::uint64_t{x.aging_seconds} * kSec;
      const std::uint64_t ey = y.last_ns + std::uint64_t{y.aging_seconds} * kSec;
      if (ex != ey) return ex < ey;
      if (x.created_ns != y.created_ns) return x.created_ns < y.created_ns;
      return std::memcmp(&flows[static_cast<std::size_t>(a)].key, &flows[static_cast<std::size_t>(b)].key,
                         sizeof(FlowKey)) < 0;
    });
    for (const int id : due) retire_ref(id, AgeType::AgingTime);
  }

  void check_same() {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      INFO("export " << i << ": flow " << got[i].id << " vs " << want[i].id);
      REQUIRE(got[i] == want[i]);
    }
    got.clear();
    want.clear();
    REQUIRE(table.size() == ref.size());
  }

  void check_records() {
    const auto recs = table.records(std::nullopt);
    REQUIRE(recs.size() == ref.size());
    for (const Record& r : recs) {
      const auto it = ref.find(r.src_port - 1000);
      REQUIRE(it != ref.end());
      CHECK(r.last_seen_ns == it->second.last_ns);
      CHECK(r.created_ns == it->second.created_ns);
      CHECK(r.aging_seconds == it->second.aging_seconds);
    }
  }
};

}  // namespace

TEST_CASE(
    "esqm aging: the expiry wheel retires exactly what a full scan would, in expiry order (randomized)") {
  for (const std::uint32_t seed : {1u, 2u, 3u, 4u}) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const auto pick = [&](std::uint32_t n) { return static_cast<std::uint32_t>(rng() % n); };
    Fixture fx;
    std::uint64_t now = 1700000000ULL * kSec;
    static constexpr std::uint32_t kAgings[] = {0, 1, 2, 3, 7, 60, 300, 5000};
    static constexpr std::uint64_t kFractions[] = {0, kSec / 4, kSec / 2, kSec - 1};
    for (int step = 0; step < 40000; ++step) {
      const std::uint32_t op = pick(1000);
      if (op < 700) {
        // Packets sometimes arrive a little out of order.
        const std::uint64_t back = pick(10) == 0 ? pick(3) * kSec / 2 : 0;
        const std::uint64_t ts = now - back;
        const bool start = pick(3) != 0;
        AgeType end = AgeType::AgingTime;
        if (pick(12) == 0) end = pick(2) == 0 ? AgeType::SctpAbort : AgeType::SctpShutdown;
        fx.packet(static_cast<int>(pick(kFlows)), ts, start, end);
      } else if (op < 900) {
        fx.age(now);
      } else if (op < 985) {
        // Time moves on: mostly by fractions of seconds and seconds, at times past a wheel turn.
        const std::uint32_t j = pick(20);
        if (j < 12) {
          now += kFractions[pick(4)] + 1;
        } else if (j < 18) {
          now = (now / kSec + pick(8)) * kSec + kFractions[pick(4)];
        } else if (j < 19) {
          now += (4000 + pick(10000)) * kSec;
        } else {
          now += pick(400) * kSec;
        }
      } else if (op < 997) {
        fx.settings.default_aging_seconds = kAgings[pick(8)];
        fx.settings.sctp_aging_seconds = kAgings[pick(8)];
        fx.table.configure(fx.settings);
      } else {
        fx.table.clear_entries();
        fx.ref.clear();
      }
      fx.check_same();
      if (step % 997 == 0) fx.check_records();
    }
    fx.age(now + 100000 * kSec);
    fx.check_same();
    CHECK(fx.table.size() == 0);
  }
}

TEST_CASE("esqm aging: a scan exports by expiry, then creation, whatever the store order") {
  Fixture fx;
  const std::uint64_t t0 = 1700000000ULL * kSec;
  fx.settings.default_aging_seconds = 10;
  fx.settings.sctp_aging_seconds = 10;
  fx.table.configure(fx.settings);
  fx.packet(1, t0, true, AgeType::AgingTime);  // expires at t0 + 10 s, unless updated
  fx.packet(3, t0 + kSec, true, AgeType::AgingTime);
  fx.packet(1, t0 + 2 * kSec, false, AgeType::AgingTime);  // now expires after flow 3
  fx.settings.default_aging_seconds = 5;
  fx.settings.sctp_aging_seconds = 5;
  fx.table.configure(fx.settings);
  fx.packet(7, t0 + 3 * kSec, true, AgeType::AgingTime);  // expires first
  fx.age(t0 + 100 * kSec);
  REQUIRE(fx.got.size() == 3);
  CHECK(fx.got[0].id == 7);
  CHECK(fx.got[1].id == 3);
  CHECK(fx.got[2].id == 1);
  fx.check_same();
}
