#pragma once
// Shared by the ESQM and engine tests: an engine fed with pcap files built in a temp dir.
#include <filesystem>
#include <string>

#include "dataplane/clock.hpp"
#include "dataplane/engine.hpp"
#include "test/support/dp_fixtures.hpp"

namespace vrsh::testsupport {

constexpr std::uint64_t kT0 = dataplane::ns_from(1563469476, 796319000);  // the seed's time
constexpr std::uint64_t kSec = dataplane::kNsPerSecond;

struct Harness {
  std::string dir = make_temp_dir("dp");
  dataplane::Engine eng;
  int files = 0;

  explicit Harness(std::shared_ptr<model::Config> c = two_port_config()) { eng.apply(c); }
  ~Harness() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  dataplane::ReplaySummary run(const PcapFile& f, const std::string& port = "GigabitEthernet0/1/0") {
    const std::string path = dir + "/in" + std::to_string(files++) + ".pcap";
    f.write(path);
    return eng.replay(port, path, false);
  }
};

inline Bytes tcp_frame(const std::string& s, const std::string& d, std::uint16_t sp, std::uint16_t dp,
                       std::uint32_t seq, std::uint8_t flags, std::size_t payload = 0) {
  return ethernet(ipv4(s, d, 6, tcp(sp, dp, seq, 1, flags, payload)));
}
inline Bytes sctp_frame(const std::string& s, const std::string& d, const std::vector<Bytes>& chunks) {
  return ethernet(ipv4(s, d, 132, sctp(2905, 2905, 1, chunks)));
}
inline Bytes gtp_frame(const std::string& s, const std::string& d, std::uint8_t type, std::uint16_t ip_id) {
  Ipv4Opts o;
  o.id = ip_id;
  return ethernet(ipv4(s, d, 17, udp(2152, 2152, gtp(type, 0, {}, 1)), o));
}

}  // namespace vrsh::testsupport
