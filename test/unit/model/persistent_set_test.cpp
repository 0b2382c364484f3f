// PersistentSet (model/persistent_set.hpp), checked against std::set under random edits: the same
// elements in the same order, copies unaffected by edits of the original and the other way round,
// equality exactly when the elements are equal whatever the order they came in, and the walk
// from lower_bound and erase(iterator).
#include <doctest/doctest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "model/config.hpp"
#include "model/persistent_set.hpp"

using namespace vrsh::model;

namespace {

// Key and payload: the set orders and hashes by key only, as RouteSet does with a route's key().
struct Item {
  int key = 0;
  int payload = 0;
  bool operator==(const Item&) const = default;
};
struct ItemLess {
  bool operator()(const Item& a, const Item& b) const { return a.key < b.key; }
};
struct ItemHash {
  // Deliberately poor: many equal priorities, so ties must be broken by the order.
  std::uint64_t operator()(const Item& i) const { return static_cast<std::uint64_t>(i.key % 7); }
};
using Set = PersistentSet<Item, ItemLess, ItemHash>;
using Ref = std::set<Item, ItemLess>;

std::vector<Item> items(const Set& s) {
  return {s.begin(), s.end()};
}
std::vector<Item> items(const Ref& s) {
  return {s.begin(), s.end()};
}

void assign(Ref& r, const Item& i) {
  r.erase(i);
  r.insert(i);
}

}  // namespace

TEST_CASE("persistent set: random edits match std::set; copies are unaffected by later edits") {
  std::mt19937 rng(20261204);
  Set s;
  Ref ref;
  std::vector<std::pair<Set, Ref>> snapshots;
  for (int step = 0; step < 6000; ++step) {
    const Item it{static_cast<int>(rng() % 500), static_cast<int>(rng() % 3)};
    switch (rng() % 4) {
      case 0:
        CHECK(s.insert(it) == ref.insert(it).second);
        break;
      case 1:
        s.insert_or_assign(it);
        assign(ref, it);
        break;
      case 2:
        CHECK(s.erase(it) == ref.erase(it));
        break;
      case 3: {
        const auto a = s.lower_bound(it);
        const auto b = ref.lower_bound(it);
        REQUIRE((a == s.end()) == (b == ref.end()));
        if (b != ref.end()) CHECK(*a == *b);
        CHECK((s.find(it) == s.end()) == (ref.find(it) == ref.end()));
        CHECK(s.count(it) == ref.count(it));
        break;
      }
    }
    REQUIRE(s.size() == ref.size());
    if (step % 300 == 0) snapshots.emplace_back(s, ref);
  }
  CHECK(items(s) == items(ref));
  for (const auto& [copy, want] : snapshots) CHECK(items(copy) == items(want));
  // Edits of a copy leave the set it was copied from alone.
  for (auto& [copy, want] : snapshots) {
    const std::vector<Item> before = items(s);
    for (int k = 0; k < 50; ++k) {
      const Item it{static_cast<int>(rng() % 500), 9};
      copy.insert_or_assign(it);
      assign(want, it);
      const Item gone{static_cast<int>(rng() % 500), 0};
      copy.erase(gone);
      want.erase(gone);
    }
    CHECK(items(copy) == items(want));
    CHECK(items(s) == before);
  }
}

TEST_CASE("persistent set: equal exactly when the elements are, in whatever order they came") {
  std::mt19937 rng(7);
  std::vector<Item> all;
  for (int k = 0; k < 400; ++k) all.push_back({k * 3, k % 5});
  Set a(all.begin(), all.end());
  std::shuffle(all.begin(), all.end(), rng);
  Set b;
  for (const Item& i : all) b.insert(i);
  CHECK(a == b);
  Set c = a;  // shares every node
  CHECK(c == a);
  c.insert_or_assign({30, 4});  // same key, other payload
  CHECK_FALSE(c == a);
  c.insert_or_assign({30, 0});  // back: the shapes match again, with different nodes on one path
  CHECK(c == a);
  c.insert({31, 0});
  CHECK_FALSE(c == a);
  c.erase({31, 0});
  CHECK(c == a);
  // Assigning an equal element copies nothing: the set stays shared.
  Set d = a;
  d.insert_or_assign({30, 0});
  CHECK(d == a);
  Set e;
  CHECK_FALSE(e == a);
  CHECK(e == Set{});
}

TEST_CASE("persistent set: erase(iterator) returns the next element; walks from lower_bound") {
  Set s{{1, 0}, {3, 0}, {5, 0}, {7, 0}, {9, 0}};
  auto it = s.lower_bound({4, 0});
  REQUIRE(it != s.end());
  CHECK(it->key == 5);
  std::vector<int> rest;
  for (; it != s.end(); ++it) rest.push_back(it->key);
  CHECK(rest == std::vector<int>{5, 7, 9});
  auto next = s.erase(s.find({5, 0}));
  REQUIRE(next != s.end());
  CHECK(next->key == 7);
  CHECK(s.lower_bound({10, 0}) == s.end());
  CHECK(std::next(s.begin(), 2)->key == 7);
  CHECK(s.size() == 4);
}

TEST_CASE("persistent set: the RouteSet of a configuration copies share it until edited") {
  Config running;
  for (Ipv4 i = 0; i < 2000; ++i) {
    StaticRoute r;
    r.prefix = 0x0a000000u + (i << 8);
    r.mask = mask_from_len(24);
    r.nexthop = 0xc0a80101u;
    upsert_route(running, r);
  }
  Config candidate = running;
  CHECK(candidate == running);
  StaticRoute extra;
  extra.prefix = 0xac100000u;
  extra.mask = mask_from_len(16);
  extra.ifname = "NULL0";
  upsert_route(candidate, extra);
  CHECK_FALSE(candidate == running);
  CHECK(running.routes.size() == 2000);
  CHECK(erase_route(candidate, extra));
  CHECK(candidate == running);
}
