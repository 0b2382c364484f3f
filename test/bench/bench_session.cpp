// Session benchmark: what one fuzz_session input costs without the fuzzer's instrumentation. Each
// file named (or each file in a directory named) is one input, run exactly as the fuzz target runs
// it (test/fuzz/session_input.hpp); the whole set is run --rounds times. Prints inputs/s, lines/s
// and the slowest inputs, then two parts on their own: matching every line in user and system
// view (Registry::match), and a snapshot compile of the empty configuration (App::apply_running,
// what each input that committed pays again in its reset). All times are CPU time of the
// benchmark's thread. No figure is checked.
//
// Usage: bench_session [--rounds N] [--top N] FILE|DIR...
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "test/fuzz/fuzz_util.hpp"
#include "test/fuzz/session_input.hpp"

using namespace vrsh;

// CPU time of this thread: the machine is shared, and wall time would count the other jobs.
struct Clock {
  using time_point = double;
  static double now() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
  }
};

namespace {

struct Input {
  std::string name;
  std::string bytes;
  std::size_t lines = 0;
  double seconds = 0;  // summed over the rounds
};

std::vector<Input> load(const std::vector<std::string>& args) {
  std::vector<std::filesystem::path> files;
  for (const std::string& a : args) {
    if (std::filesystem::is_directory(a)) {
      for (const auto& e : std::filesystem::directory_iterator(a))
        if (e.is_regular_file()) files.push_back(e.path());
    } else {
      files.emplace_back(a);
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Input> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    Input i{f.filename().string(), std::string(std::istreambuf_iterator<char>(in), {}), 0, 0};
    if (i.bytes.size() > fuzz::kMaxSessionInput) continue;  // the target refuses these too
    const std::string script =
        fuzz::session_script(reinterpret_cast<const std::uint8_t*>(i.bytes.data()), i.bytes.size());
    i.lines = static_cast<std::size_t>(std::count(script.begin(), script.end(), '\n'));
    out.push_back(std::move(i));
  }
  return out;
}

double since(double t0) {
  return Clock::now() - t0;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  std::size_t top = 5;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--rounds" && i + 1 < argc)
      rounds = std::atoi(argv[++i]);
    else if (a == "--top" && i + 1 < argc)
      top = static_cast<std::size_t>(std::atoi(argv[++i]));
    else
      paths.push_back(a);
  }
  std::vector<Input> inputs = load(paths);
  if (inputs.empty() || rounds < 1) {
    std::fprintf(stderr, "usage: bench_session [--rounds N] [--top N] FILE|DIR...\n");
    return 2;
  }
  std::size_t lines = 0;
  for (const Input& i : inputs) lines += i.lines;

  fuzz::SessionWorld& w = fuzz::session_world();
  const auto t0 = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (Input& i : inputs) {
      const auto t = Clock::now();
      fuzz::run_session_input(w, reinterpret_cast<const std::uint8_t*>(i.bytes.data()), i.bytes.size());
      i.seconds += since(t);
    }
  }
  const double total = since(t0);
  const double runs = static_cast<double>(inputs.size()) * rounds;
  fmt::print("inputs {}  lines {}  rounds {}\n", inputs.size(), lines, rounds);
  fmt::print("whole input: {:.0f} inputs/s  {:.0f} lines/s  {:.1f} us/line  {:.3f} ms/input\n", runs / total,
             static_cast<double>(lines) * rounds / total, 1e6 * total / (static_cast<double>(lines) * rounds),
             1e3 * total / runs);

  // Matching alone: every line of every input matched in the views a session would try for it is
  // not known without running it, so match each line in user view and in system view (the two
  // views most lines are typed in) — an estimate of the matcher's share, not an exact split.
  const auto m0 = Clock::now();
  std::size_t matched = 0;
  for (int r = 0; r < rounds; ++r) {
    for (const Input& i : inputs) {
      const std::string script =
          fuzz::session_script(reinterpret_cast<const std::uint8_t*>(i.bytes.data()), i.bytes.size());
      for (std::string_view line : fuzz::split_lines(script, 100000)) {
        (void)w.reg.match(cli::kUserView, line);
        (void)w.reg.match(cli::kSystemView, line);
        matched += 2;
      }
    }
  }
  const double mt = since(m0);
  fmt::print("match alone: {:.1f} us/match ({} matches in user and system view)\n", 1e6 * mt / matched,
             matched);

  const auto a0 = Clock::now();
  const int applies = 200;
  for (int k = 0; k < applies; ++k) w.app.apply_running();
  fmt::print("apply_running of an empty configuration: {:.1f} us\n", 1e6 * since(a0) / applies);

  std::sort(inputs.begin(), inputs.end(),
            [](const Input& a, const Input& b) { return a.seconds > b.seconds; });
  for (std::size_t k = 0; k < std::min(top, inputs.size()); ++k)
    fmt::print("slow: {:.3f} ms  {} lines  {}\n", 1e3 * inputs[k].seconds / rounds, inputs[k].lines,
               inputs[k].name);
  return 0;
}
