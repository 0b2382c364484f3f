#include "commands/app.hpp"

#include <fmt/format.h>

namespace vrsh::commands {

bool App::commit(std::ostream& out, const std::string& label, const std::string& description) {
  model::prune_defaults(candidate);
  const auto outcome = store.commit(candidate, label, description);
  if (!outcome.ok) {
    for (const auto& e : outcome.errors) out << e << '\n';
    return false;
  }
  candidate = store.running();
  if (outcome.changed) apply_running();
  return true;
}

void App::apply_running() {
  engine.apply(std::make_shared<const model::Config>(store.running()));
  telemetry.configure(store.running());
  // Only hooked up once something streams, so replays without telemetry pay nothing.
  if (!telemetry.destinations().empty() && !telemetry_hooked) {
    engine.set_export_callback([this](dataplane::esqm::AgedRecord& r) { telemetry.publish(r); });
    engine.set_ipfpm_report_callback([this](const dataplane::fpm::Report& r) { telemetry.publish(r); });
    engine.set_ipfpm_result_callback([this](const dataplane::fpm::McpResult& r) { telemetry.publish(r); });
    telemetry_hooked = true;
  }
}

cli::SessionHooks session_hooks(App& app) {
  cli::SessionHooks h;
  h.sysname = [&app] { return app.store.running().sysname; };
  h.uncommitted = [&app] {
    model::prune_defaults(app.candidate);
    return app.uncommitted();
  };
  h.commit = [&app](std::ostream& out) { return app.commit(out); };
  h.discard = [&app] { app.discard(); };
  return h;
}

}  // namespace vrsh::commands
