#include "commands/app.hpp"

#include <fmt/format.h>

namespace vrsh::commands {

bool App::commit(std::ostream& out, const std::string& label, const std::string& description) {
  model::prune_defaults(candidate);
  const bool in_trial = store.trial().has_value();
  const auto outcome = store.commit(candidate, label, description);
  if (!outcome.ok) {
    for (const auto& e : outcome.errors) out << e << '\n';
    return false;
  }
  candidate = store.running();
  if (outcome.changed) apply_running();
  if (in_trial) out << "Info: The trial configuration has been confirmed.\n";
  return true;
}

bool App::commit_trial(std::ostream& out, unsigned seconds, const std::string& label,
                       const std::string& description) {
  model::prune_defaults(candidate);
  const auto outcome = store.commit_trial(candidate, label, description, seconds, now_seconds());
  if (!outcome.ok) {
    for (const auto& e : outcome.errors) out << e << '\n';
    return false;
  }
  candidate = store.running();
  if (!outcome.changed) {
    out << "Info: No configuration changes to commit; the system did not enter the trial configuration "
           "mode.\n";
    return true;
  }
  apply_running();
  out << fmt::format(
      "Committing..done.\nInfo: The system enters the trial configuration mode. The system will revert to "
      "previous configuration if the trial configuration is not confirmed in {} seconds.\n",
      seconds);
  return true;
}

bool App::roll_back_trial(std::ostream& out, bool expired) {
  if (!store.trial()) {
    out << "Error: The system is not in the trial configuration mode.\n";
    return false;
  }
  const model::Datastore::Trial trial = *store.trial();
  const bool follow = !uncommitted();
  const auto outcome = store.roll_back_trial(expired ? fmt::format("Trial {} not confirmed in time", trial.id)
                                                     : fmt::format("Trial {} aborted", trial.id));
  if (!outcome.ok) {
    for (const auto& e : outcome.errors) out << e << '\n';
    out << "Error: The trial configuration rollback failed.\n";
    return false;
  }
  if (follow) candidate = store.running();
  apply_running();
  if (expired)
    out << fmt::format(
        "Info: The trial configuration (commit {}) was not confirmed in {} seconds and has been rolled "
        "back.\n",
        trial.id, trial.seconds);
  else
    out << "Info: The trial configuration rollback succeeded.\n";
  if (!follow)
    out << "Info: The uncommitted configurations of this session are kept; display configuration candidate "
           "changes shows them against the rolled-back configuration.\n";
  return true;
}

void App::tick(std::ostream& out) {
  if (const auto& t = store.trial(); t && now_seconds() >= t->deadline) roll_back_trial(out, true);
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
  h.tick = [&app](std::ostream& out) { app.tick(out); };
  return h;
}

}  // namespace vrsh::commands
