#include <doctest/doctest.h>

#include <cstring>
#include <map>
#include <random>

#include "dataplane/esqm/flow_store.hpp"

using namespace vrsh::dataplane::esqm;

namespace {
template <typename Key>
Key key(std::uint32_t n) {
  Key k;
  std::memset(&k, 0, sizeof k);
  std::memcpy(k.src, &n, 4);
  std::memcpy(k.dst + sizeof(k.dst) - 4, &n, 4);
  k.sport = static_cast<std::uint16_t>(n * 7);
  k.proto = 6;
  if constexpr (sizeof(Key) == sizeof(FlowKey)) k.flags = kKeyV6;
  return k;
}
}  // namespace

TEST_CASE_TEMPLATE("flow store: inserts, finds, erases and grows like a map (randomized against std::map)",
                   Key, FlowKey4, FlowKey) {
  FlowStore<Key> s;
  std::map<std::uint32_t, std::uint64_t> ref;  // key number -> packets
  std::map<std::uint32_t, std::uint64_t> created;
  std::mt19937 rng(12345);
  for (int step = 0; step < 60000; ++step) {
    const std::uint32_t n = rng() % 5000;
    const std::uint32_t i = s.find(key<Key>(n));
    REQUIRE((i != FlowStore<Key>::kNone) == (ref.count(n) != 0));
    if (i != FlowStore<Key>::kNone) {
      CHECK(s.at(i).key == key<Key>(n));
      CHECK(s.at(i).s.packets == ref[n]);
      CHECK(s.cold(i).created_ns == created[n]);  // creation facts move with their entry
      if (rng() % 3 == 0) {
        s.erase(i);
        ref.erase(n);
        created.erase(n);
      } else {
        ++s.at(i).s.packets;
        ++ref[n];
      }
    } else {
      const Key k = key<Key>(n);
      const std::uint32_t ni = s.insert(k, hash_key(k));
      REQUIRE(ni != FlowStore<Key>::kNone);
      CHECK(s.at(ni).s.packets == 0);  // zeroed
      CHECK(s.cold(ni).created_ns == 0);
      s.at(ni).s.packets = 1;
      s.cold(ni).created_ns = 1000 + static_cast<std::uint64_t>(step);
      ref[n] = 1;
      created[n] = 1000 + static_cast<std::uint64_t>(step);
    }
    REQUIRE(s.size() == ref.size());
  }
  for (const auto& [n, packets] : ref) {
    const std::uint32_t i = s.find(key<Key>(n));
    REQUIRE(i != FlowStore<Key>::kNone);
    CHECK(s.at(i).s.packets == packets);
  }
  // Index + entries + creation facts: IPv4 flows fit the 128-byte budget with room to spare.
  CHECK(s.memory_bytes() / s.size() < (sizeof(Key) == 16 ? 128 : 200));
  s.clear();
  CHECK(s.size() == 0);
  CHECK(s.find(key<Key>(1)) == FlowStore<Key>::kNone);
}

TEST_CASE("flow store: an IPv4 flow is one cache line, its key widens to the general form") {
  FlowStore4 s;
  FlowKey4 k = key<FlowKey4>(0x04030201);
  k.dport = 443;
  k.vpn = 3;
  k.flags = kKeyOutbound;
  const std::uint32_t i = s.insert(k, hash_key(k));
  CHECK(reinterpret_cast<std::uintptr_t>(&s.at(i)) % 64 == 0);
  const FlowKey w = widen(k);
  CHECK(std::memcmp(w.src, "\x01\x02\x03\x04\0\0\0\0\0\0\0\0\0\0\0\0", 16) == 0);
  CHECK(w.sport == k.sport);
  CHECK(w.dport == 443);
  CHECK(w.vpn == 3);
  CHECK(w.proto == 6);
  CHECK(w.flags == kKeyOutbound);
}

TEST_CASE("flow store: large tables commit and give back memory in 2 MB pieces within the 128-byte budget") {
  FlowStore4 s;
  const std::uint32_t n = 300000;  // past the point where IPv4 entries move to 2 MB pieces
  for (std::uint32_t i = 0; i < n; ++i) {
    const FlowKey4 k = key<FlowKey4>(i);
    const std::uint32_t e = s.insert(k, hash_key(k));
    REQUIRE(e == i);
    s.at(e).s.packets = i;
    if (i > 1000 && i % 9973 == 0) CHECK(s.memory_bytes() / s.size() <= 128);
  }
  CHECK(s.memory_bytes() / s.size() <= 128);
  // Erase down to a few entries: committed memory follows (lazily) and lookups stay right.
  for (std::uint32_t i = 0; i < n - 100; ++i) {
    const std::uint32_t e = s.find(key<FlowKey4>(i));
    REQUIRE(e != FlowStore4::kNone);
    REQUIRE(s.at(e).s.packets == i);
    s.erase(e);
  }
  CHECK(s.size() == 100);
  // The index keeps its size (524,288 slots here); entries keep at most three 4096-entry pieces.
  CHECK(s.memory_bytes() <= 524288 * 4 + 3 * 4096 * (64 + sizeof(FlowCold)));
  for (std::uint32_t i = n - 100; i < n; ++i) {
    const std::uint32_t e = s.find(key<FlowKey4>(i));
    REQUIRE(e != FlowStore4::kNone);
    CHECK(s.at(e).s.packets == i);
  }
}
