// vrsh: command-line options, start-up configuration, and the interactive or batch session.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/session.hpp"
#include "commands/app.hpp"
#include "commands/batch_input.hpp"
#include "commands/check.hpp"
#include "commands/startup.hpp"
#include "model/datastore.hpp"
#include "model/ip.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: vrsh [options]\n"
    "  -f FILE                    run the commands in FILE (batch mode), then exit\n"
    "  --keep-going               in batch mode, go on after a failed command (exit status 1 at the end)\n"
    "  --startup FILE             load and commit FILE at start; `save` writes the running configuration "
    "there\n"
    "  --port IFNAME=out:PATH     write packets leaving IFNAME to the pcap file PATH\n"
    "  --port IFNAME=live:DEV     IFNAME receives from and sends to the Linux device DEV (libpcap;\n"
    "                             root or CAP_NET_RAW+CAP_NET_ADMIN); may be combined with out:PATH\n"
    "  --keep-running             batch mode with live ports: keep forwarding after the end of the\n"
    "                             input, until SIGINT or SIGTERM\n"
    "  --esqm-export PATH         append every aged ESQM flow record to PATH, one JSON document per line\n"
    "  --history FILE             interactive history file (default ~/.vrsh_history)\n"
    "  --ipfpm-mcp-host MCPID=HOST  send IP FPM reports for MCP ID MCPID to HOST (repeatable)\n"
    "  --ipfpm-listen ADDR        address the IP FPM MCP receiver binds (default 127.0.0.1)\n"
    "  --replay-threads 1|2       packet-replay reads the file on a thread of its own (2, the default\n"
    "                             with two CPUs or more) or on the session's (1); the results are the same\n"
    "  --check [options] SCENARIO...  run scenarios and compare their transcripts (--check --help)\n"
    "  --test-trial-clock STEP    for tests only: the clock of `commit trial` starts at 0 and advances\n"
    "                             STEP seconds before each batch line, instead of the wall clock\n"
    "  --help, --version\n"
    "Batch mode is used when standard input is not a terminal. In batch mode SIGINT and SIGTERM end\n"
    "vrsh cleanly: a running packet-replay stops where it is, any other command finishes first.\n";

int usage_error(const std::string& msg) {
  std::cerr << "vrsh: " << msg << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace vrsh;
  std::string file, startup, esqm_export;
  std::string history = std::getenv("HOME") ? std::string(std::getenv("HOME")) + "/.vrsh_history" : "";
  bool keep_going = false, keep_running = false;
  std::vector<std::pair<std::string, std::string>> out_ports, live_ports;
  std::vector<std::string> mcp_hosts;
  std::string ipfpm_listen;
  unsigned replay_threads = 0;  // 0: the engine's choice
  long trial_clock_step = -1;   // --test-trial-clock; -1: the wall clock
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "--check") {
    // The scenarios run this same executable, wherever it was started from.
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return commands::check_main({args.begin() + 1, args.end()}, ec ? std::string(argv[0]) : self.string());
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* what) -> const std::string* {
      if (i + 1 >= args.size()) return nullptr;
      (void)what;
      return &args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--version") {
      std::cout << "vrsh " << VRSH_VERSION_STRING << "\n";
      return 0;
    } else if (a == "--keep-going") {
      keep_going = true;
    } else if (a == "--keep-running") {
      keep_running = true;
    } else if (a == "--ipfpm-mcp-host" || a == "--ipfpm-listen") {
      const std::string* v = value(a.c_str());
      if (!v || v->empty()) return usage_error(a + " needs a value");
      // Checked here: the receiver binds only once an MCP is configured, too late for a usage error.
      if (a == "--ipfpm-listen" && !model::parse_ipv4(*v))
        return usage_error("--ipfpm-listen expects an IPv4 address, got '" + *v + "'");
      if (a == "--ipfpm-listen")
        ipfpm_listen = *v;
      else
        mcp_hosts.push_back(*v);
    } else if (a == "--test-trial-clock") {
      const std::string* v = value(a.c_str());
      char* end = nullptr;
      trial_clock_step = v ? std::strtol(v->c_str(), &end, 10) : -1;
      if (!v || v->empty() || *end != '\0' || trial_clock_step < 0 || trial_clock_step > 86400)
        return usage_error("--test-trial-clock expects seconds, 0 to 86400");
    } else if (a == "--replay-threads") {
      const std::string* v = value(a.c_str());
      if (!v || (*v != "1" && *v != "2")) return usage_error("--replay-threads expects 1 or 2");
      replay_threads = *v == "1" ? 1 : 2;
    } else if (a == "-f" || a == "--startup" || a == "--port" || a == "--esqm-export" || a == "--history") {
      const std::string* v = value(a.c_str());
      if (!v || v->empty()) return usage_error(a + " needs a value");
      if (a == "-f")
        file = *v;
      else if (a == "--startup")
        startup = *v;
      else if (a == "--esqm-export")
        esqm_export = *v;
      else if (a == "--history")
        history = *v;
      else {
        const auto eq = v->find('=');
        if (eq == std::string::npos)
          return usage_error("--port expects IFNAME=out:PATH or IFNAME=live:DEV, got '" + *v + "'");
        const std::string ifname = v->substr(0, eq), spec = v->substr(eq + 1);
        if (spec.rfind("out:", 0) == 0 && spec.size() > 4) {
          out_ports.emplace_back(ifname, spec.substr(4));
        } else if (spec.rfind("live:", 0) == 0) {
          std::string err;
          if (!commands::check_live_port(ifname, spec.substr(5), live_ports, err)) return usage_error(err);
          live_ports.emplace_back(ifname, spec.substr(5));
        } else {
          return usage_error("--port expects IFNAME=out:PATH or IFNAME=live:DEV, got '" + *v + "'");
        }
      }
    } else {
      return usage_error("unknown option '" + a + "'");
    }
  }

  if (keep_running && live_ports.empty())
    return usage_error("--keep-running needs a live port (--port IFNAME=live:DEV)");
  // A closed standard input would be the first descriptor the process opens (a socket, the
  // signalfd) and be read as the command stream: make it an empty input instead.
  if (fcntl(STDIN_FILENO, F_GETFD) < 0) ::open("/dev/null", O_RDONLY);
  const bool batch = !file.empty() || !isatty(STDIN_FILENO);
  // Before any thread starts (the App starts some): they inherit the blocked signals.
  std::unique_ptr<commands::StopSignals> stop;
  if (batch) stop = std::make_unique<commands::StopSignals>();

  commands::App app;
  // Goldens need stable commit timestamps: VRSH_TEST_CLOCK makes each commit one second later
  // than the previous one, starting at 2026-01-01 00:00:00.
  if (std::getenv("VRSH_TEST_CLOCK")) {
    app.store = model::Datastore([n = 0]() mutable {
      const int s = n++;
      return fmt::format("2026-01-01 {:02}:{:02}:{:02}", s / 3600 % 24, s / 60 % 60, s % 60);
    });
  }
  cli::Registry reg;
  commands::register_all(reg, app);
  for (const auto& [ifname, path] : out_ports) {
    std::string err;
    if (!commands::add_output_port(app, ifname, path, err)) return usage_error(err);
  }
  for (const auto& [ifname, dev] : live_ports) {
    std::string err;
    if (!commands::add_live_port(app, ifname, dev, err)) return usage_error(err);
  }
  for (const auto& h : mcp_hosts) {
    std::string err;
    if (!commands::set_ipfpm_mcp_host(app, h, err)) return usage_error(err);
  }
  if (!ipfpm_listen.empty()) app.engine.set_ipfpm_listen(ipfpm_listen);
  if (replay_threads != 0) app.engine.set_replay_threads(replay_threads);
  // MCP alarm log lines come from the receiver thread; one write per line keeps them whole.
  app.engine.set_ipfpm_log([](const std::string& line) {
    const std::string l = line + "\n";
    std::fwrite(l.data(), 1, l.size(), stdout);
    std::fflush(stdout);
  });
  if (!esqm_export.empty()) {
    std::string err;
    if (!commands::set_esqm_export(app, esqm_export, err)) return usage_error(err);
  }
  app.startup_path = startup;
  if (!startup.empty()) {
    model::Datastore::remove_stale_temps(startup);  // left by saves that were killed
    commands::report_startup(commands::load_startup(reg, app, startup), std::cerr);
  }
  app.apply_running();
  app.engine.start_live();

  cli::SessionHooks hooks = commands::session_hooks(app);
  // Tests drive the trial clock: it moves only between batch lines, so expiry is deterministic.
  std::int64_t test_now = 0;
  if (trial_clock_step >= 0) {
    app.now_seconds = [&test_now] { return test_now; };
    hooks.tick = [&app, &test_now, trial_clock_step](std::ostream& out) {
      test_now += trial_clock_step;
      app.tick(out);
    };
  }
  cli::Session session(reg, std::move(hooks), std::cout);
  if (!batch) {
    const int rc = session.run_interactive(history);
    app.engine.stop_live();
    return rc;
  }
  int in_fd = STDIN_FILENO;
  if (!file.empty()) {
    std::error_code ec;
    // A directory opens but reads as nothing: it would pass for an empty script.
    const bool dir = std::filesystem::is_directory(file, ec);
    in_fd = dir ? -1 : ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (in_fd < 0) {
      std::cerr << fmt::format("vrsh: cannot read {}: {}\n", file,
                               dir ? "it is a directory" : std::strerror(errno));
      return 2;
    }
  }
  // Set by `vrsh --check` for each router of a multi-router scenario (batch_input.hpp).
  int sync_fd = -1;
  if (const char* s = std::getenv("VRSH_CHECK_SYNC_FD"); s && *s) sync_fd = std::atoi(s);
  commands::SignalAwareInput buf(in_fd, *stop, sync_fd);
  // A signal stops the running command (a replay) as well as the input after it.
  session.set_interrupt_check([&stop] { return stop->arrived(); });
  std::istream in(&buf);
  int rc = session.run_batch(in, keep_going);
  // Forwarding goes on after the input; so does the session's clock (a trial commit can run out).
  if (keep_running && stop->received() == 0 && !session.quit_requested())
    stop->wait([&session] { std::cout << session.tick() << std::flush; });
  if (stop->received() != 0)
    std::cerr << fmt::format("Info: Received {}, stopping.\n",
                             stop->received() == SIGTERM ? "SIGTERM" : "SIGINT");
  app.engine.stop_live();
  return rc;
}
