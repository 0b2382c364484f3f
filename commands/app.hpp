#pragma once
// The state every command handler works on: the datastore (running + history), this session's
// candidate, and the dataplane engine. Handlers capture an App& when they are registered.
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/registry.hpp"
#include "cli/session.hpp"
#include "commands/startup_result.hpp"
#include "dataplane/engine.hpp"
#include "dataplane/telemetry/streamer.hpp"
#include "model/config.hpp"
#include "model/datastore.hpp"

namespace vrsh::commands {

struct App {
  model::Datastore store;
  model::Config candidate;
  // Declared before the engine so it outlives the engine's export callback that feeds it.
  dataplane::telemetry::Streamer telemetry;
  dataplane::Engine engine;
  std::string startup_path;  // the next startup file (--startup FILE, startup saved-configuration); `save`
                             // writes here
  StartupResult startup;     // what loading it did (commands/startup.cpp)
  bool telemetry_hooked = false;
  std::string user_intf = "CON 1023";
  // Numbers each on-demand IP FPM command (model::OnDemand::run), so each restarts its window.
  std::uint64_t on_demand_runs = 0;

  // The clock of `commit trial` (seconds): the wall clock, or a test's (commands/main.cpp).
  std::function<std::int64_t()> now_seconds = [] { return static_cast<std::int64_t>(std::time(nullptr)); };

  bool uncommitted() const { return !(candidate == store.running()); }
  // Validates and commits the candidate, applies it to the dataplane; prints each problem. A
  // running trial is confirmed by it (and says so).
  bool commit(std::ostream& out, const std::string& label = "", const std::string& description = "");
  // `commit trial SECONDS`: commits and starts the trial; prints the vendor's lines.
  bool commit_trial(std::ostream& out, unsigned seconds, const std::string& label,
                    const std::string& description);
  // Rolls the running trial back now (`abort trial`, or its expiry with `expired`); prints the
  // outcome. A candidate without uncommitted changes follows the running configuration.
  bool roll_back_trial(std::ostream& out, bool expired);
  // The session's periodic tick: rolls back a trial whose time is up, with a log line.
  void tick(std::ostream& out);
  // Makes the candidate equal to running again.
  void discard() { candidate = store.running(); }
  // Pushes the running configuration to the dataplane.
  void apply_running();
};

// Registration, one function per feature area (commands/all.cpp calls them in order).
void register_system(cli::Registry& reg, App& app);
void register_interface(cli::Registry& reg, App& app);
void register_vpn(cli::Registry& reg, App& app);
void register_route(cli::Registry& reg, App& app);
void register_route6(cli::Registry& reg, App& app);        // commands/route6.cpp
void register_ipv6_display(cli::Registry& reg, App& app);  // commands/ipv6_display.cpp
void register_arp(cli::Registry& reg, App& app);           // commands/arp.cpp
void register_esqm(cli::Registry& reg, App& app);
void register_esqm_display(cli::Registry& reg, App& app);
void register_telemetry(cli::Registry& reg, App& app);  // commands/telemetry.cpp
void register_grpc_tls(cli::Registry& reg, App& app);   // commands/grpc_tls.cpp, by register_telemetry
void register_telemetry_display(cli::Registry& reg, App& app);  // commands/telemetry_display.cpp, the same
void register_config_mgmt(cli::Registry& reg, App& app);
void register_startup(cli::Registry& reg, App& app);       // commands/startup.cpp
void register_saved_config(cli::Registry& reg, App& app);  // commands/saved_config.cpp
void register_display(cli::Registry& reg, App& app);
void register_routing_table(cli::Registry& reg, App& app);  // commands/routing_table.cpp
void register_traffic(cli::Registry& reg, App& app);
void register_ping(cli::Registry& reg, App& app);
void register_ipfpm_dcp(cli::Registry& reg, App& app);
void register_ipfpm_mcp(cli::Registry& reg, App& app);
void register_ipfpm_display(cli::Registry& reg, App& app);
// Sets the shared token help (commands/token_help.cpp), then registers every feature.
void register_all(cli::Registry& reg, App& app);
std::map<std::string, std::string, std::less<>> common_token_help();

cli::SessionHooks session_hooks(App& app);

// Command-line wiring (commands/traffic.cpp); false with a readable message in `err`.
bool add_output_port(App& app, const std::string& ifname, const std::string& path, std::string& err);
bool set_esqm_export(App& app, const std::string& path, std::string& err);
// --port IFNAME=live:DEV: check_live_port validates the names against the ports given before
// (`earlier`), add_live_port opens the device (false with the reason when it cannot).
bool check_live_port(const std::string& ifname, const std::string& dev,
                     const std::vector<std::pair<std::string, std::string>>& earlier, std::string& err);
bool add_live_port(App& app, const std::string& ifname, const std::string& dev, std::string& err);
// --ipfpm-mcp-host MCPID=HOST (commands/ipfpm_display.cpp).
bool set_ipfpm_mcp_host(App& app, const std::string& spec, std::string& err);

}  // namespace vrsh::commands
