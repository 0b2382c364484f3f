#include <doctest/doctest.h>

#include "dataplane/arp.hpp"
#include "dataplane/bytes.hpp"
#include "dataplane/clock.hpp"

using namespace vrsh::dataplane;

namespace {

constexpr std::uint64_t kSec = kNsPerSecond;
const arp::Mac kOurs{0x02, 0, 0, 0, 0, 1};
const arp::Mac kHost{0x02, 0, 0, 0, 0, 2};
constexpr std::uint32_t kOurIp = 0x0a010101;   // 10.1.1.1
constexpr std::uint32_t kHostIp = 0x0a01010a;  // 10.1.1.10

arp::Table::Verdict send(arp::Table& t, std::uint32_t ip, std::uint64_t now, arp::Mac& mac,
                         std::uint8_t tag = 0) {
  const std::uint8_t frame[20] = {tag};
  return t.egress(ip, now, frame, sizeof frame, nullptr, mac);
}

}  // namespace

TEST_CASE("arp: a request parses, and the reply swaps the roles") {
  const arp::Frame req = arp::request_for(kOurIp, kHost, kHostIp);
  CHECK(be16(req.data() + 12) == arp::kEtherType);
  CHECK(std::equal(req.begin(), req.begin() + 6, arp::kBroadcast.begin()));
  const auto p = arp::parse(req.data(), req.size());
  REQUIRE(p);
  CHECK(p->op == arp::kRequest);
  CHECK(p->sha == kHost);
  CHECK(p->spa == kHostIp);
  CHECK(p->tpa == kOurIp);

  const arp::Frame rep = arp::reply_to(*p, kOurs);
  const auto r = arp::parse(rep.data(), rep.size());
  REQUIRE(r);
  CHECK(r->op == arp::kReply);
  CHECK(std::equal(rep.begin(), rep.begin() + 6, kHost.begin()));  // unicast back to the asker
  CHECK(std::equal(rep.begin() + 6, rep.begin() + 12, kOurs.begin()));
  CHECK(r->sha == kOurs);
  CHECK(r->spa == kOurIp);
  CHECK(r->tha == kHost);
  CHECK(r->tpa == kHostIp);
}

TEST_CASE("arp: parse refuses what is not ARP for IPv4 over Ethernet") {
  arp::Frame f = arp::request_for(kOurIp, kHost, kHostIp);
  CHECK_FALSE(arp::parse(f.data(), 41));  // truncated
  arp::Frame v = f;
  v[12] = 0x08;
  v[13] = 0x00;  // IPv4, not ARP
  CHECK_FALSE(arp::parse(v.data(), v.size()));
  v = f;
  v[14 + 5] = 16;  // protocol address length of IPv6
  CHECK_FALSE(arp::parse(v.data(), v.size()));
}

TEST_CASE("arp: an unknown next hop is asked once, packets wait, the answer releases them in order") {
  arp::Table t;
  arp::Mac mac{};
  CHECK(send(t, kHostIp, 0, mac, 1) == arp::Table::Verdict::Request);
  CHECK(send(t, kHostIp, 1, mac, 2) == arp::Table::Verdict::Held);
  const auto released = t.learn(kHostIp, kHost, 2, false);
  REQUIRE(released.size() == 2);
  CHECK(released[0].frame[0] == 1);
  CHECK(released[1].frame[0] == 2);
  CHECK(send(t, kHostIp, 3, mac) == arp::Table::Verdict::Send);
  CHECK(mac == kHost);
}

TEST_CASE("arp: unsolicited ARP creates an entry only when addressed to us") {
  arp::Table t;
  CHECK(t.learn(kHostIp, kHost, 0, false).empty());
  CHECK(t.size() == 0);
  t.learn(kHostIp, kHost, 0, true);
  REQUIRE(t.entries().size() == 1);
  CHECK(t.entries()[0].resolved);
}

TEST_CASE("arp: retries once a second, then drops what waited; the next packet asks afresh") {
  arp::Timing timing;
  timing.max_requests = 3;
  arp::Table t(timing);
  arp::Mac mac{};
  CHECK(send(t, kHostIp, 0, mac) == arp::Table::Verdict::Request);
  CHECK(t.tick(kSec / 2).requests.empty());
  CHECK(t.tick(kSec).requests == std::vector<std::uint32_t>{kHostIp});
  CHECK(t.tick(2 * kSec).requests.size() == 1);
  const auto last = t.tick(3 * kSec);
  CHECK(last.requests.empty());
  CHECK(last.dropped.size() == 1);
  CHECK(t.size() == 0);
  CHECK(send(t, kHostIp, 4 * kSec, mac) == arp::Table::Verdict::Request);
}

TEST_CASE("arp: the wait queue is bounded; resolved entries expire") {
  arp::Timing timing;
  timing.max_held = 2;
  timing.reachable_ns = 10 * kSec;
  arp::Table t(timing);
  arp::Mac mac{};
  CHECK(send(t, kHostIp, 0, mac) == arp::Table::Verdict::Request);
  CHECK(send(t, kHostIp, 0, mac) == arp::Table::Verdict::Held);
  CHECK(send(t, kHostIp, 0, mac) == arp::Table::Verdict::Drop);
  t.learn(kHostIp, kHost, 1 * kSec, false);
  CHECK(send(t, kHostIp, 10 * kSec, mac) == arp::Table::Verdict::Send);
  // Past its lifetime the entry is asked for again, packets waiting meanwhile.
  CHECK(send(t, kHostIp, 11 * kSec, mac) == arp::Table::Verdict::Request);
  CHECK_FALSE(t.entries()[0].resolved);
}
