#pragma once
// Dataplane time is nanoseconds since the epoch in a std::uint64_t: packet timestamps, aging,
// IP FPM periods and the live clock all use it.
#include <cstdint>
#include <ctime>

namespace vrsh::dataplane {

inline constexpr std::uint64_t kNsPerSecond = 1'000'000'000ULL;

constexpr std::uint64_t ns_from(std::uint64_t seconds, std::uint64_t subsecond_ns = 0) {
  return seconds * kNsPerSecond + subsecond_ns;
}
constexpr std::uint64_t whole_seconds(std::uint64_t ns) {
  return ns / kNsPerSecond;
}
constexpr std::uint64_t subsecond_ns(std::uint64_t ns) {
  return ns % kNsPerSecond;
}

// CLOCK_REALTIME, the clock capture timestamps are taken with.
inline std::uint64_t realtime_ns() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return ns_from(static_cast<std::uint64_t>(ts.tv_sec), static_cast<std::uint64_t>(ts.tv_nsec));
}

}  // namespace vrsh::dataplane
