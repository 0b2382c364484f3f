#pragma once
// The interface view (`interface IFNAME`), shared by the files whose commands are typed in it
// (interface.cpp: IPv4 and the interface's other settings; interface_ipv6.cpp: IPv6).
#include <string>

#include "commands/app.hpp"
#include "commands/views.hpp"
#include "model/config.hpp"

namespace vrsh::commands {

struct InterfaceContext {
  std::string ifname;
};

inline constexpr views::View<InterfaceContext> kInterfaceView{
    .name = "interface",
    .parent = cli::kSystemView,
    .suffix = [](const InterfaceContext& c) { return "-" + c.ifname; },
    .display_this =
        [](const model::Config& cfg, const InterfaceContext& c) {
          return model::render_block(model::interface_node(cfg, c.ifname));
        }};

// The candidate's entry of the interface the view edits (created again if a `clear configuration
// candidate` typed in the view removed it).
inline model::Interface& current_interface(App& app, cli::Ctx& ctx) {
  return model::ensure_interface(app.candidate, kInterfaceView.of(ctx).ifname);
}

void register_interface_ipv6(cli::Registry& reg, App& app);  // commands/interface_ipv6.cpp

}  // namespace vrsh::commands
