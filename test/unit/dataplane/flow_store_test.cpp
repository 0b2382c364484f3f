#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <random>

#include "dataplane/esqm/flow_store.hpp"

using namespace vrsh::dataplane::esqm;

namespace {
FlowKey key(std::uint32_t n) {
  FlowKey k;
  std::memset(&k, 0, sizeof k);
  std::memcpy(k.src, &n, 4);
  k.sport = static_cast<std::uint16_t>(n * 7);
  k.proto = 6;
  return k;
}
}  // namespace

TEST_CASE("flow store: inserts, finds, erases and grows like a map (randomized against std::map)") {
  FlowStore s;
  std::map<std::uint32_t, std::uint64_t> ref;
  std::mt19937 rng(12345);
  for (int step = 0; step < 60000; ++step) {
    const std::uint32_t n = rng() % 5000;
    Entry* e = s.find(key(n));
    REQUIRE((e != nullptr) == (ref.count(n) != 0));
    if (e != nullptr) {
      CHECK(e->packets == ref[n]);
      if (rng() % 3 == 0) {
        s.erase(e);
        ref.erase(n);
      } else {
        ++e->packets;
        ++ref[n];
      }
    } else {
      Entry* ne = s.insert(key(n), 100000);
      REQUIRE(ne != nullptr);
      ne->packets = 1;
      ref[n] = 1;
    }
    REQUIRE(s.size() == ref.size());
  }
  for (const auto& [n, packets] : ref) {
    Entry* e = s.find(key(n));
    REQUIRE(e != nullptr);
    CHECK(e->packets == packets);
  }
  CHECK(s.memory_bytes() / s.size() < 200);
  CHECK(s.insert(key(999999), s.size()) == nullptr);  // at the limit
  s.clear();
  CHECK(s.size() == 0);
  CHECK(s.find(key(1)) == nullptr);
}
