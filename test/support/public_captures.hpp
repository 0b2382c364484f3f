#pragma once
// Replaying the public captures of test/data/public (their origins: test/data/README.md) and
// asking tshark, where it is installed, for the facts to check them against.
// Header-only: used by the dataplane unit tests (VRSH_TEST_DATA_DIR is theirs).
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "dataplane/engine.hpp"
#include "dataplane/ip_addr.hpp"
#include "test/support/dp_fixtures.hpp"

namespace vrsh::testsupport {

inline std::string capture(const std::string& name) {
  return std::string(VRSH_TEST_DATA_DIR) + "/public/" + name;
}

// Asked once per test process: every tshark helper below checks it.
inline bool have_tshark() {
  static const bool have = std::system("command -v tshark >/dev/null 2>&1") == 0;
  return have;
}

// Output lines of `tshark -r FILE ARGS` (stderr dropped); empty when tshark is missing.
inline std::vector<std::string> tshark_output(const std::string& file, const std::string& args) {
  std::vector<std::string> lines;
  if (!have_tshark()) return lines;
  const std::string cmd = "tshark -r '" + capture(file) + "' " + args + " 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return lines;
  std::string line;
  for (int ch; (ch = std::fgetc(p)) != EOF;) {
    if (ch == '\n') {
      lines.push_back(line);
      line.clear();
    } else {
      line.push_back(static_cast<char>(ch));
    }
  }
  if (!line.empty()) lines.push_back(line);
  ::pclose(p);
  return lines;
}

// Number of output lines of `tshark -r FILE ARGS`, or -1 when tshark is missing.
inline long tshark_lines(const std::string& file, const std::string& args) {
  if (!have_tshark()) return -1;
  return static_cast<long>(tshark_output(file, args).size());
}

// The first output line of `tshark -r FILE ARGS` ("" when tshark is missing).
inline std::string tshark_field(const std::string& file, const std::string& args) {
  const auto lines = tshark_output(file, args);
  return lines.empty() ? std::string() : lines.front();
}

// The fields of one `-T fields` line split at SEP (tshark's tab by default), empty ones kept.
inline std::vector<std::string> split_fields(const std::string& line, char sep = '\t') {
  std::vector<std::string> f(1);
  for (char c : line) {
    if (c == sep) {
      f.emplace_back();
    } else {
      f.back().push_back(c);
    }
  }
  return f;
}

// NS as tshark prints frame.time_epoch: "1137034844.900187000".
inline std::string epoch_text(std::uint64_t ns) {
  const std::string frac = std::to_string(ns % 1000000000ULL);
  return std::to_string(ns / 1000000000ULL) + "." + std::string(9 - frac.size(), '0') + frac;
}

// The record of the flow SRC:SPORT > DST:DPORT among RECS, or nullptr.
inline const dataplane::esqm::Record* find_record(const std::vector<dataplane::esqm::Record>& recs,
                                                  const std::string& src, std::uint16_t sport,
                                                  const std::string& dst, std::uint16_t dport) {
  dataplane::IpAddr s, d;
  REQUIRE(dataplane::parse_ip(src, s));
  REQUIRE(dataplane::parse_ip(dst, d));
  for (const auto& r : recs) {
    if (r.src == s && r.dst == d && r.src_port == sport && r.dst_port == dport) return &r;
  }
  return nullptr;
}

// Any IPv4 address is routed out of 0/2/0; 0/1/0 samples inbound, ESQM with TCP enabled.
// on_aged, when given, receives the records that age during the replay.
struct Replay {
  dataplane::Engine eng;
  dataplane::ReplaySummary sum;
  explicit Replay(const std::string& file, dataplane::EsqmExportFn on_aged = {}) {
    if (on_aged) eng.set_export_callback(std::move(on_aged));
    auto c = std::make_shared<model::Config>();
    c->interfaces.push_back(up_interface("GigabitEthernet0/1/0", "192.0.2.1", 24));
    c->interfaces.push_back(up_interface("GigabitEthernet0/2/0", "198.51.100.1", 24));
    c->interfaces[0].esqm_inbound = true;
    c->routes.insert(static_route("0.0.0.0", 0, "", "198.51.100.2"));
    c->esqm.enabled = true;
    c->esqm.tcp_enable = true;
    eng.apply(c);
    sum = eng.replay("GigabitEthernet0/1/0", capture(file), false);
  }
};

// True when the capture is there; else says so (the test then checks nothing for it).
inline bool present(const std::string& file) {
  // The captures ship with the repository: a missing one is a broken checkout, not a skip.
  if (std::filesystem::exists(capture(file))) return true;
  FAIL_CHECK("public capture missing: " << capture(file));
  return false;
}

// `tshark -r FILE ARGS` prints `expected` lines (skipped with a message without tshark).
inline void tshark_check(const std::string& file, const std::string& args, long expected) {
  const long n = tshark_lines(file, args);
  if (n < 0) {
    MESSAGE("tshark not installed: cross-check skipped for " << file);
    return;
  }
  CHECK_MESSAGE(n == expected, "tshark " << args);
}

}  // namespace vrsh::testsupport
