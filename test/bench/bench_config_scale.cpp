// Configuration at scale (issue #15 item 7): what loading, committing and displaying a large
// configuration costs, driven through cli::Session with the real command set as `vrsh` runs a
// piped file (batch mode, every line echoed after its prompt), the transcript counted and dropped.
//
// Prints, per case, the lines/s of the load (each line matched, run and its prompt drawn), the
// commit (validation, history, snapshot and FIB build) and the whole: N `ip route-static` lines in
// canonical and shuffled order, interfaces (3 lines each) and VPN instances (6 lines each). Then,
// with the largest route count configured: `?` and Tab latency (committed, and with one route
// uncommitted, when the prompt's `*` must compare candidate and running), the `display
// current-configuration` rate, a rebuild of the snapshot alone, and the peak memory. Times are CPU
// time of the benchmark's thread (the machine is shared); wall time in brackets. No figure is
// checked; the exit status is 1 when a generated line or a commit failed.
//
// Usage: bench_config_scale [--routes N,N,...] [--interfaces N] [--vpns N] [--no-shuffled]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/session.hpp"
#include "test/bench/support.hpp"
#include "test/support/roundtrip.hpp"

using namespace vrsh;

namespace {

// Counts the transcript's bytes and lines, keeps none of it.
class CountBuf : public std::streambuf {
 public:
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      ++bytes;
      if (c == '\n') ++lines;
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    bytes += static_cast<std::uint64_t>(n);
    lines += static_cast<std::uint64_t>(std::count(s, s + n, '\n'));
    return n;
  }
};

struct Timer {
  double cpu0 = bench::thread_cpu_seconds();
  std::chrono::steady_clock::time_point wall0 = std::chrono::steady_clock::now();
  double cpu() const { return bench::thread_cpu_seconds() - cpu0; }
  double wall() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  }
};

std::string route_line(std::size_t i) {
  return fmt::format("ip route-static 10.{}.{}.{} 32 192.168.1.{}\n", i >> 16 & 255, i >> 8 & 255, i & 255,
                     1 + i % 200);
}

// The lines of one case, after `system-view`; the commit is run on its own.
std::string routes_script(std::size_t n, bool shuffled) {
  std::vector<std::size_t> ids(n);
  std::iota(ids.begin(), ids.end(), std::size_t{0});
  if (shuffled) std::shuffle(ids.begin(), ids.end(), std::mt19937_64(1));
  std::string s = "interface GigabitEthernet0/1/0\nundo shutdown\nip address 192.168.1.254 24\nquit\n";
  s.reserve(n * 48);
  for (std::size_t i : ids) s += route_line(i);
  return s;
}

// Sub-interfaces of the first ports (4096 a port), each with a /30 of 10.0.0.0/8.
std::string interfaces_script(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t a = 0x0a000000u + static_cast<std::uint32_t>(4 * k + 1);
    s += fmt::format("interface GigabitEthernet0/{}/{}.{}\nip address {}.{}.{}.{} 30\nquit\n",
                     1 + k / 4096 / 8, k / 4096 % 8, 1 + k % 4096, a >> 24, a >> 16 & 255, a >> 8 & 255,
                     a & 255);
  }
  return s;
}

std::string vpns_script(std::size_t n) {
  std::string s;
  for (std::size_t k = 0; k < n; ++k)
    s += fmt::format(
        "ip vpn-instance vpn{0}\nipv4-family\nroute-distinguisher 100:{0}\nvpn-target 100:{0}\nquit\nquit\n",
        k);
  return s;
}

std::size_t count_lines(const std::string& s) {
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

long peak_rss_kb() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

// One router per case: a fresh App, as a fresh `vrsh` would be.
struct World {
  test::Router router;
  CountBuf buf;
  std::ostream out{&buf};
  cli::Session session{router.reg, commands::session_hooks(router.app), out};
  World() { run("system-view\n"); }
  // What run_batch does for each line (echo after the prompt, run), without ending the session at
  // the end of the script, which would discard the candidate. Returns how many lines failed.
  int run(const std::string& script) {
    int failed = 0;
    std::size_t at = 0;
    while (at < script.size()) {
      std::size_t end = script.find('\n', at);
      if (end == std::string::npos) end = script.size();
      const std::string_view line(script.data() + at, end - at);
      out << session.prompt() << line << '\n';
      if (session.execute(line) != cli::Status::Ok) ++failed;
      out.flush();
      at = end + 1;
    }
    return failed;
  }
};

bool g_failed = false;  // a generated line or a commit failed: the figures would mean nothing

// Loads `script` and commits it; prints one row.
void load_case(World& w, const std::string& name, const std::string& script) {
  const std::size_t lines = count_lines(script) + 1;  // and the commit
  Timer load;
  const int failed = w.run(script);
  const double load_cpu = load.cpu(), load_wall = load.wall();
  Timer commit;
  const cli::Status st = w.session.execute("commit");
  const double commit_cpu = commit.cpu(), commit_wall = commit.wall();
  if (failed != 0) {
    fmt::print(stderr, "{}: {} lines failed\n", name, failed);
    g_failed = true;
  }
  if (st != cli::Status::Ok || w.router.app.uncommitted()) {
    fmt::print(stderr, "{}: the commit failed: {}\n", name, w.session.last_error());
    g_failed = true;
  }
  const double total = load_cpu + commit_cpu;
  fmt::print("{:<28} {:>8} {:>7.2f} [{:>6.2f}] {:>10.0f} {:>7.3f} [{:>6.3f}] {:>7.2f} {:>10.0f}\n", name,
             lines, load_cpu, load_wall, static_cast<double>(lines - 1) / load_cpu, commit_cpu, commit_wall,
             total, static_cast<double>(lines) / total);
  std::fflush(stdout);
}

// Median and worst of `rounds` calls of f, in milliseconds of CPU time.
template <typename F>
std::pair<double, double> latency_ms(int rounds, F&& f) {
  std::vector<double> t;
  for (int k = 0; k < rounds; ++k) {
    Timer tm;
    f();
    t.push_back(1e3 * tm.cpu());
  }
  std::sort(t.begin(), t.end());
  return {t[t.size() / 2], t.back()};
}

void latencies(World& w, const std::string& state) {
  struct Probe {
    const char* what;
    const char* text;
    bool help;
  };
  const Probe probes[] = {{"'?' after \"ip route-static 10.0.0.0 \"", "ip route-static 10.0.0.0 ", true},
                          {"'?' after \"display \"", "display ", true},
                          {"Tab after \"ip rou\"", "ip rou", false},
                          {"Tab after \"display current\"", "display current", false}};
  for (const Probe& p : probes) {
    std::size_t sink = 0;
    // The prompt is drawn again after the listing (readline redisplays it).
    const auto [med, worst] = latency_ms(20, [&] {
      sink += p.help ? w.session.help_text(p.text).size() : w.session.completions(p.text).size();
      sink += w.session.prompt().size();
    });
    fmt::print("  {:<40} {:<14} median {:7.3f} ms  worst {:7.3f} ms  ({} bytes)\n", p.what, state, med, worst,
               sink / 20);
  }
}

std::vector<std::size_t> parse_sizes(const std::string& s) {
  std::vector<std::size_t> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(static_cast<std::size_t>(std::atoll(item.c_str())));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> routes = {10000, 100000, 1000000};
  std::size_t interfaces = 10000;
  std::size_t vpns = 10000;
  bool shuffled = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--routes" && i + 1 < argc) {
      routes = parse_sizes(argv[++i]);
    } else if (a == "--interfaces" && i + 1 < argc) {
      interfaces = static_cast<std::size_t>(std::atoll(argv[++i]));
    } else if (a == "--vpns" && i + 1 < argc) {
      vpns = static_cast<std::size_t>(std::atoll(argv[++i]));
    } else if (a == "--no-shuffled") {
      shuffled = false;
    } else {
      std::fprintf(
          stderr,
          "usage: bench_config_scale [--routes N,N,...] [--interfaces N] [--vpns N] [--no-shuffled]\n");
      return 2;
    }
  }
  std::sort(routes.begin(), routes.end());
  if (interfaces > 16 * 4096) interfaces = 16 * 4096;  // the chassis's sub-interfaces

  fmt::print("CPU seconds of this thread, [wall seconds]; lines/s of the load alone and of load + commit\n");
  fmt::print("{:<28} {:>8} {:>16} {:>10} {:>16} {:>7} {:>10}\n", "case", "lines", "load s", "lines/s",
             "commit s", "total s", "lines/s");
  for (int order = 0; order < (shuffled ? 2 : 1); ++order) {
    for (std::size_t n : routes) {
      World w;
      load_case(w, fmt::format("routes {} {}", order ? "shuffled" : "canonical", n),
                routes_script(n, order == 1));
    }
  }
  if (interfaces > 0) {
    World w;
    load_case(w, fmt::format("interfaces {}", interfaces), interfaces_script(interfaces));
  }
  if (vpns > 0) {
    World w;
    load_case(w, fmt::format("vpn-instances {}", vpns), vpns_script(vpns));
  }

  if (!routes.empty()) {
    const std::size_t n = routes.back();
    World w;
    w.run(routes_script(n, false));
    w.session.execute("commit");
    fmt::print("\nwith {} routes configured (system view):\n", n);
    latencies(w, "committed");
    w.run("ip route-static 172.16.0.0 16 192.168.1.1\n");
    latencies(w, "one uncommitted");
    w.run("undo ip route-static 172.16.0.0 16 192.168.1.1\n");
    latencies(w, "edited back");
    w.session.execute("commit");

    const std::uint64_t lines0 = w.buf.lines;
    Timer d;
    w.session.execute("display current-configuration");
    const double cpu = d.cpu(), wall = d.wall();
    const double shown = static_cast<double>(w.buf.lines - lines0);
    fmt::print("  display current-configuration: {:.0f} lines in {:.3f} s [{:.3f}]: {:.0f} lines/s\n", shown,
               cpu, wall, shown / cpu);
    Timer a;
    w.router.app.apply_running();
    fmt::print("  snapshot and FIB build alone (apply_running): {:.3f} s [{:.3f}]\n", a.cpu(), a.wall());
  }
  fmt::print("peak memory (VmHWM): {} MB\n", peak_rss_kb() / 1024);
  return g_failed ? 1 : 0;
}
