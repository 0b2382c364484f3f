// The interface list is searched by binary search (issue #15 item 7: a load of 10,000 interfaces
// was quadratic): interfaces entered in any order give the natural order, each is found again, and
// prune_defaults removes exactly the physical ports and NULL0 left at their defaults.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "model/chassis.hpp"
#include "model/config.hpp"

using namespace vrsh::model;

TEST_CASE("interfaces: ensure_interface in any order keeps the natural order; prune keeps the rest") {
  std::vector<std::string> names = physical_ports();
  names.push_back("NULL0");
  for (int n = 0; n < 40; ++n) names.push_back("LoopBack" + std::to_string(n * 37 % 2048));
  for (const std::string& port : physical_ports())
    for (int s : {1, 2, 9, 10, 100, 4096}) names.push_back(port + "." + std::to_string(s));
  std::mt19937 rng(15);
  for (int round = 0; round < 10; ++round) {
    std::shuffle(names.begin(), names.end(), rng);
    Config c;
    std::set<std::string> changed;  // ports and NULL0 given a description: pruning keeps them
    for (const std::string& name : names) {
      Interface& i = ensure_interface(c, name);
      CHECK(i.name == name);
      if (rng() % 3 == 0 && is_builtin(name)) {
        i.description = "x";
        changed.insert(name);
      }
    }
    REQUIRE(c.interfaces.size() == std::set<std::string>(names.begin(), names.end()).size());
    CHECK(std::is_sorted(
        c.interfaces.begin(), c.interfaces.end(),
        [](const Interface& a, const Interface& b) { return compare_ifnames(a.name, b.name) < 0; }));
    for (const std::string& name : names) {
      REQUIRE(c.find_interface(name) != nullptr);
      CHECK(c.find_interface(name)->name == name);
      CHECK(&ensure_interface(c, name) == c.find_interface(name));  // found, not added again
    }
    CHECK(c.find_interface("LoopBack2047x") == nullptr);
    prune_defaults(c);
    for (const std::string& name : names) {
      const bool kept = !is_builtin(name) || changed.count(name) != 0;
      CHECK_MESSAGE((c.find_interface(name) != nullptr) == kept, name);
    }
  }
}
