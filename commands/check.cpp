#include "commands/check.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "commands/check_diff.hpp"
#include "commands/check_process.hpp"
#include "commands/check_routers.hpp"
#include "commands/check_script.hpp"

namespace vrsh::commands {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCheckUsage =
    "Usage: vrsh --check [options] SCENARIO... \n"
    "  SCENARIO                   a FILE.in (or FILE.cfg) compared with FILE.out, or a folder: every\n"
    "                             .in file under it\n"
    "  --update                   write each transcript to its .out instead of comparing\n"
    "                             (lines ending in (re) or (glob) that still match are kept)\n"
    "  --missing-ok               a scenario without .out passes when vrsh exits with status 0\n"
    "  --define NAME=VALUE        replace @NAME@ by VALUE in the scenario, and VALUE by @NAME@ in\n"
    "                             the transcript (repeatable)\n"
    "  --work DIR                 scratch folders, one per scenario, named @WORK@ in scenarios\n"
    "                             (default: a temporary folder, removed afterwards)\n"
    "Each scenario runs as `vrsh --keep-going ARGS < SCENARIO` in the scenario's folder, with\n"
    "VRSH_TEST_CLOCK=1. A scenario with steps runs several routers, one vrsh each, in turns:\n"
    "  !router NAME [ARGS]        type the lines below on router NAME (started with ARGS at its\n"
    "                             first block, still running at the next `!router NAME`)\n"
    "  !paste FILE                (in a block) type the lines of FILE\n"
    "  !run PROGRAM [ARGS]        run a program between two routers (no shell); one that fails\n"
    "                             fails the scenario (@WORK@/NAME.stdout: what NAME printed)\n"
    "Exit status 0 when every scenario passes, 1 otherwise, 2 on a usage error.\n";

struct Options {
  bool update = false;
  bool missing_ok = false;
  std::vector<std::pair<std::string, std::string>> defines;  // NAME, VALUE
  std::string work;
  std::vector<std::string> paths;
};

std::string read_file(const fs::path& p, bool& ok) {
  std::ifstream in(p, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (std::size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
    s.replace(at, from.size(), to);
}

// Runs `self --keep-going args` in `dir` with `input` as standard input; returns its exit status
// (or 128+signal), with its standard output and error written to `out` and `err`.
int run_vrsh(const std::string& self, const std::vector<std::string>& args, const fs::path& dir,
             const fs::path& input, const fs::path& out, const fs::path& err) {
  check::Child c;
  c.argv = {self, "--keep-going"};
  c.argv.insert(c.argv.end(), args.begin(), args.end());
  c.dir = dir;
  c.in = input;
  c.out = out;
  c.err = err;
  c.test_clock = true;
  const pid_t pid = check::start_child(c);
  return pid < 0 ? -1 : check::wait_child(pid);
}

fs::path expected_of(const fs::path& scenario) {
  fs::path p = scenario;
  return p.replace_extension(".out");
}

// A scratch folder name for a scenario: its path with separators made safe.
std::string work_name(const fs::path& scenario) {
  std::string s = scenario.lexically_normal().string();
  for (char& c : s)
    if (c == '/' || c == '.') c = '_';
  return s;
}

// A scenario of one router: `!args:` and the session, run as one vrsh with the file as its input.
void run_session(std::string content, const check::StepEnv& env, std::string& actual, int& rc) {
  std::vector<std::string> args;
  constexpr std::string_view kArgs = "!args:";
  if (content.starts_with(kArgs)) {
    const std::size_t nl = content.find('\n');
    std::string line =
        content.substr(kArgs.size(), nl == std::string::npos ? std::string::npos : nl - kArgs.size());
    content.erase(0, nl == std::string::npos ? content.size() : nl + 1);
    env.expand(line);
    args = check::split_args(line);
  }
  env.expand(content);
  {
    std::ofstream in(env.work / "input.txt", std::ios::binary);
    in << content;
  }
  rc = run_vrsh(env.self, args, env.dir, env.work / "input.txt", env.work / "actual.txt",
                env.work / "stderr.txt");
  bool ok = false;
  actual = read_file(env.work / "actual.txt", ok);
  env.name_back(actual);
  std::string err = read_file(env.work / "stderr.txt", ok);
  if (!err.empty()) {
    env.name_back(err);
    actual += "%% stderr:\n" + err;
  }
  actual += fmt::format("%% exit status {}\n", rc);
}

// A scenario with steps (check_script.hpp); false, after saying why, when it is malformed or one
// of its programs failed: then it has no transcript to compare or record.
bool run_with_steps(const fs::path& scenario, const std::string& content, const check::StepEnv& env,
                    std::string& actual, int& rc) {
  const check::Script script = check::parse_steps(content, [&](const std::string& file, std::string& text) {
    std::string name = file;
    env.expand(name);
    bool read = false;
    text = read_file(env.dir / name, read);
    if (!read) text = "cannot read it";
    return read;
  });
  if (!script.error.empty()) {
    std::cout << fmt::format("FAIL {}:{}: {}\n", scenario.string(), script.error_line, script.error);
    return false;
  }
  const check::StepsResult r = check::run_steps(script, env);
  if (!r.tool_failure.empty()) {
    std::cout << fmt::format("FAIL {}:{}\n", scenario.string(), r.tool_failure) << r.tool_output;
    return false;
  }
  actual = r.transcript;
  rc = r.status;
  return true;
}

enum class Result { Passed, Failed, Updated };

Result run_one(const Options& o, const std::string& self, const fs::path& scenario,
               const fs::path& work_root) {
  bool ok = false;
  std::string content = read_file(scenario, ok);
  if (!ok) {
    std::cout << fmt::format("FAIL {}: cannot read it\n", scenario.string());
    return Result::Failed;
  }
  const fs::path work = work_root / work_name(scenario);
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (ec) {
    std::cout << fmt::format("FAIL {}: cannot create {}: {}\n", scenario.string(), work.string(),
                             ec.message());
    return Result::Failed;
  }
  // @NAME@ -> value, the scratch folder included; longest values are put back first, so that a
  // value inside another (a work folder under the source tree) is named by the longer one.
  auto defines = o.defines;
  defines.emplace_back("WORK", work.string());
  auto expand = [&](std::string& s) {
    for (const auto& [name, value] : defines) replace_all(s, "@" + name + "@", value);
  };
  std::sort(defines.begin(), defines.end(),
            [](const auto& a, const auto& b) { return a.second.size() > b.second.size(); });
  auto name_back = [&](std::string& s) {
    for (const auto& [name, value] : defines) replace_all(s, value, "@" + name + "@");
  };

  fs::path dir = scenario.parent_path();
  if (dir.empty()) dir = ".";
  dir = fs::absolute(dir);
  std::string actual;
  int rc = 0;
  const check::StepEnv env{self, dir, work, expand, name_back};
  if (check::has_steps(content)) {
    if (!run_with_steps(scenario, content, env, actual, rc)) return Result::Failed;
  } else {
    run_session(content, env, actual, rc);
  }

  const fs::path expected_path = expected_of(scenario);
  const bool have_expected = fs::exists(expected_path, ec);
  if (!have_expected && !o.update) {
    if (o.missing_ok && rc == 0) {
      std::cout << fmt::format("ok   {} (no {}; exit status 0)\n", scenario.string(),
                               expected_path.filename().string());
      return Result::Passed;
    }
    std::cout << fmt::format("FAIL {}: no expected transcript {} (--update writes it)\n", scenario.string(),
                             expected_path.string());
    if (rc != 0) std::cout << actual;
    return Result::Failed;
  }
  const std::string want = have_expected ? read_file(expected_path, ok) : std::string();
  const auto want_lines = check::split_lines(want), got_lines = check::split_lines(actual);
  const check::Comparison cmp = check::compare(want_lines, got_lines);
  if (o.update) {
    const std::string text = check::join_lines(check::updated(cmp, want_lines, got_lines));
    if (have_expected && text == want) {
      std::cout << fmt::format("ok   {}\n", scenario.string());
      return Result::Passed;
    }
    std::ofstream(expected_path, std::ios::binary) << text;
    std::cout << fmt::format("updated {}\n", expected_path.string());
    return Result::Updated;
  }
  if (cmp.equal()) {
    std::cout << fmt::format("ok   {}\n", scenario.string());
    return Result::Passed;
  }
  std::cout << fmt::format("FAIL {}\n", scenario.string())
            << check::unified_diff(cmp, want_lines, got_lines, expected_path.string(),
                                   expected_path.string() + " (actual)");
  return Result::Failed;
}

// The scenarios a path names: the file itself, or every .in file under a folder, sorted.
bool collect(const std::string& path, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
      if (it->is_regular_file() && it->path().extension() == ".in") found.push_back(it->path());
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
    return !ec;
  }
  if (!fs::is_regular_file(path, ec)) return false;
  out.emplace_back(path);
  return true;
}

int usage_error(const std::string& msg) {
  std::cerr << "vrsh: " << msg << "\n" << kCheckUsage;
  return 2;
}

}  // namespace

int check_main(const std::vector<std::string>& args, const std::string& self) {
  Options o;
  // The project's own `VRSH_GOLDEN_UPDATE=1 ctest -R golden` refreshes its goldens this way.
  o.update = std::getenv("VRSH_GOLDEN_UPDATE") != nullptr;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::cout << kCheckUsage;
      return 0;
    } else if (a == "--update") {
      o.update = true;
    } else if (a == "--missing-ok") {
      o.missing_ok = true;
    } else if (a == "--define" || a == "--work") {
      if (i + 1 >= args.size() || args[i + 1].empty()) return usage_error(a + " needs a value");
      const std::string& v = args[++i];
      if (a == "--work") {
        o.work = v;
        continue;
      }
      const auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0)
        return usage_error("--define expects NAME=VALUE, got '" + v + "'");
      o.defines.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else if (a.starts_with("-")) {
      return usage_error("unknown --check option '" + a + "'");
    } else {
      o.paths.push_back(a);
    }
  }
  if (o.paths.empty()) return usage_error("--check needs at least one scenario (FILE.in or a folder)");
  // A router of a multi-router scenario that exits early closes its input: writing to it must
  // fail (EPIPE), not end the runner.
  signal(SIGPIPE, SIG_IGN);
  std::vector<fs::path> scenarios;
  for (const auto& p : o.paths)
    if (!collect(p, scenarios)) return usage_error("no scenario file or folder '" + p + "'");
  if (scenarios.empty()) return usage_error("no .in scenario under " + o.paths.front());

  std::error_code ec;
  fs::path work_root;
  bool temporary = false;
  if (o.work.empty()) {
    std::string tmpl = (fs::temp_directory_path(ec) / "vrsh-check.XXXXXX").string();
    if (!mkdtemp(tmpl.data()))
      return usage_error(fmt::format("cannot create a scratch folder: {}", std::strerror(errno)));
    work_root = tmpl;
    temporary = true;
  } else {
    work_root = fs::absolute(o.work, ec);
    fs::create_directories(work_root, ec);
    if (ec) return usage_error(fmt::format("cannot create {}: {}", o.work, ec.message()));
  }

  int passed = 0, failed = 0, updated = 0;
  for (const auto& s : scenarios) {
    switch (run_one(o, self, s, work_root)) {
      case Result::Passed:
        ++passed;
        break;
      case Result::Failed:
        ++failed;
        break;
      case Result::Updated:
        ++updated;
        break;
    }
  }
  if (temporary) fs::remove_all(work_root, ec);
  if (updated) std::cout << fmt::format("updated {} transcript{}\n", updated, updated == 1 ? "" : "s");
  std::cout << fmt::format("{} passed, {} failed\n", passed + updated, failed);
  return failed ? 1 : 0;
}

}  // namespace vrsh::commands
