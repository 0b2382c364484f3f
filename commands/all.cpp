#include "commands/app.hpp"

namespace vrsh::commands {

// Explicit registration: greppable, and no static-initializer order or linker-dropping surprises.
void register_all(cli::Registry& reg, App& app) {
  reg.set_common_help(common_token_help());
  register_system(reg, app);
  register_config_mgmt(reg, app);
  register_startup(reg, app);
  register_saved_config(reg, app);
  register_display(reg, app);
  register_routing_table(reg, app);
  register_interface(reg, app);
  register_vpn(reg, app);
  register_route(reg, app);
  register_route6(reg, app);
  register_ipv6_display(reg, app);
  register_arp(reg, app);
  register_ipfpm_dcp(reg, app);
  register_ipfpm_mcp(reg, app);
  register_ipfpm_display(reg, app);
  register_esqm(reg, app);
  register_esqm_display(reg, app);
  register_telemetry(reg, app);
  register_traffic(reg, app);
  register_ping(reg, app);
}

}  // namespace vrsh::commands
