#include <doctest/doctest.h>

#include <cstdint>
#include <vector>

#include "dataplane/bytes.hpp"
#include "dataplane/clock.hpp"

using namespace vrsh::dataplane;

namespace {

// The header checksum computed from scratch (RFC 791): valid headers sum to 0xffff.
std::uint16_t full_checksum(const std::uint8_t* ip) {
  std::uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2) {
    if (i != 10) sum += be16(ip + i);
  }
  while ((sum >> 16) != 0) sum = (sum & 0xffffu) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace

TEST_CASE("bytes: rewriting an IPv4 header word keeps the checksum what a full computation gives") {
  std::uint8_t ip[20] = {0x45, 0x00, 0x00, 0x54, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06,
                         0x00, 0x00, 0x0a, 0x01, 0x01, 0x0a, 0x0a, 0x02, 0x02, 0x14};
  put16(ip + 10, full_checksum(ip));
  for (std::uint16_t ttl_word : {0x3f06, 0x0106, 0xff06}) {
    rewrite_ipv4_word(ip, 8, ttl_word);
    CHECK(be16(ip + 8) == ttl_word);
    CHECK(be16(ip + 10) == full_checksum(ip));
  }
  rewrite_ipv4_word(ip, 0, 0x45b8);  // TOS
  rewrite_ipv4_word(ip, 6, 0xc000);  // a flag bit
  CHECK(be16(ip + 10) == full_checksum(ip));
  // An unchanged word leaves the checksum as it is, also the 0xffff the equation would flip.
  put16(ip + 10, 0xffff);
  rewrite_ipv4_word(ip, 6, 0xc000);
  CHECK(be16(ip + 10) == 0xffff);
}

TEST_CASE("clock: nanosecond helpers") {
  static_assert(kNsPerSecond == 1000000000ULL);
  CHECK(ns_from(1563469476, 796319000) == 1563469476796319000ULL);
  CHECK(whole_seconds(1563469476796319000ULL) == 1563469476ULL);
  CHECK(subsecond_ns(1563469476796319000ULL) == 796319000ULL);
  CHECK(ns_from(1200) == 1200ULL * kNsPerSecond);
  CHECK(realtime_ns() > ns_from(1700000000));  // after 2023: the wall clock, not a monotonic one
}
