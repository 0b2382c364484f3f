// Whole capture files through dataplane::Engine::replay with ESQM sampling every protocol on
// both ports: the input is the file (classic pcap or pcapng, any link type). Files live in
// memory (memfd) so the fuzzer does not wear the disk; libpcap reads /proc/self/fd/N.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "dataplane/clock.hpp"
#include "dataplane/engine.hpp"
#include "test/support/dp_fixtures.hpp"

namespace {

std::shared_ptr<const vrsh::model::Config> esqm_config() {
  auto c = vrsh::testsupport::two_port_config();
  c->interfaces[0].esqm_outbound = true;
  c->interfaces[1].esqm_inbound = true;
  c->interfaces[1].esqm_outbound = true;
  c->esqm.sctp_aging = 1;  // short aging so entries age (and export) within a small capture
  c->esqm.flow_table_limit = 64;
  c->routes.insert(vrsh::testsupport::static_route("10.9.0.0", 16, "NULL0"));
  return c;
}

}  // namespace

// Compiling the snapshot (the FIB's /16 table) costs more than most inputs, so one engine serves
// the whole run; each input starts with an empty flow table (port and anomaly counters carry over).
vrsh::dataplane::Engine& engine() {
  static vrsh::dataplane::Engine* e = [] {
    auto* eng = new vrsh::dataplane::Engine();
    eng->apply(esqm_config());
    eng->set_export_file("/dev/null");
    return eng;
  }();
  return *e;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > (1u << 20)) return -1;
  const int fd = memfd_create("vrsh-fuzz-pcap", 0);
  if (fd < 0) std::abort();
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) std::abort();
    done += static_cast<std::size_t>(n);
  }
  vrsh::dataplane::Engine& eng = engine();
  eng.esqm_reset();
  const auto s = eng.replay("GigabitEthernet0/1/0", fmt::format("/proc/self/fd/{}", fd), false);
  if (s.forwarded + s.dropped_total() > s.packets) std::abort();  // every packet counted once
  (void)eng.esqm_records();
  (void)eng.esqm_stats();
  eng.flush_aging(eng.now_ns() + vrsh::dataplane::ns_from(3600));
  close(fd);
  return 0;
}
