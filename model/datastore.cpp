#include "model/datastore.hpp"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>

#include "model/diff.hpp"
#include "model/validate.hpp"

namespace vrsh::model {
namespace {

std::string local_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

// Left-aligned column with at least one separating space, even for over-long values.
std::string col(const std::string& s, std::size_t width) {
  return s + std::string(s.size() + 1 > width ? 1 : width - s.size(), ' ');
}

}  // namespace

Datastore::Datastore(Clock clock) : clock_(clock ? std::move(clock) : Clock(local_now)) {}

void Datastore::set_identity(std::string user, std::string user_intf) {
  user_ = std::move(user);
  user_intf_ = std::move(user_intf);
}

CommitOutcome Datastore::commit(const Config& candidate, std::string label, std::string description,
                                std::string type) {
  CommitOutcome out;
  out.errors = validate(candidate);
  if (!label.empty() &&
      std::any_of(history_.begin(), history_.end(), [&](const CommitInfo& c) { return c.label == label; }))
    out.errors.push_back(fmt::format("Error: The label {} already exists.", label));
  if (!out.errors.empty()) return out;
  out.ok = true;
  trial_.reset();  // any commit that passes ends a trial: a plain commit is its confirmation
  if (candidate == running_) return out;

  CommitInfo info;
  info.id = next_id_++;
  info.label = std::move(label);
  info.user = user_;
  info.user_intf = user_intf_;
  info.type = std::move(type);
  info.timestamp = clock_();
  info.description = std::move(description);
  info.before = running_;
  info.after = candidate;
  running_ = candidate;
  history_.push_front(std::move(info));
  if (history_.size() > kHistoryLimit) history_.pop_back();
  out.changed = true;
  out.id = history_.front().id;
  return out;
}

std::optional<Config> Datastore::config_at(std::uint64_t id) const {
  for (const auto& c : history_)
    if (c.id == id) return c.after;
  return std::nullopt;
}

CommitOutcome Datastore::rollback_to_config(const Config& target) {
  Config t = target;
  keep_runtime(t.ipfpm.dcp, running_.ipfpm.dcp);
  return commit(t, "", "", "ROLLBACK");
}

std::string Datastore::rollback_refusal_to(std::uint64_t id) const {
  return config_at(id) ? std::string() : fmt::format("The commit ID {} does not exist.", id);
}

std::string Datastore::rollback_refusal_last(unsigned n) const {
  if (n < 1 || n > kMaxRollbackLast)
    return fmt::format("The number of commits must be in the range 1 to {}.", kMaxRollbackLast);
  if (n > history_.size())
    return fmt::format("Only {} commit point(s) exist; cannot roll back {}.", history_.size(), n);
  return {};
}

CommitOutcome Datastore::rollback_to(std::uint64_t id) {
  if (auto c = config_at(id)) return rollback_to_config(*c);
  CommitOutcome out;
  out.errors.push_back("Error: " + rollback_refusal_to(id));
  return out;
}

CommitOutcome Datastore::rollback_to_label(const std::string& label) {
  for (const auto& c : history_)
    if (!label.empty() && c.label == label) return rollback_to_config(c.after);
  CommitOutcome out;
  out.errors.push_back(fmt::format("Error: The label {} does not exist.", label));
  return out;
}

std::string Datastore::rollback_refusal_label(const std::string& label) const {
  const bool known = !label.empty() && std::any_of(history_.begin(), history_.end(),
                                                   [&](const CommitInfo& c) { return c.label == label; });
  return known ? std::string() : fmt::format("The label {} does not exist.", label);
}

std::string Datastore::set_label(std::uint64_t id, const std::string& label) {
  const auto it =
      std::find_if(history_.begin(), history_.end(), [&](const CommitInfo& c) { return c.id == id; });
  if (it == history_.end()) return fmt::format("The commit ID {} does not exist.", id);
  if (it->label == label) return {};
  if (std::any_of(history_.begin(), history_.end(), [&](const CommitInfo& c) { return c.label == label; }))
    return fmt::format("The label {} already exists.", label);
  it->label = label;
  return {};
}

std::string Datastore::clear_label(std::uint64_t id) {
  const auto it =
      std::find_if(history_.begin(), history_.end(), [&](const CommitInfo& c) { return c.id == id; });
  if (it == history_.end()) return fmt::format("The commit ID {} does not exist.", id);
  if (it->label.empty()) return fmt::format("The commit ID {} has no label.", id);
  it->label.clear();
  return {};
}

CommitOutcome Datastore::commit_trial(const Config& candidate, std::string label, std::string description,
                                      unsigned seconds, std::int64_t now) {
  if (trial_) {
    CommitOutcome out;
    out.errors.push_back(
        "Error: The system is in the trial configuration mode. Confirm the trial with commit or roll it back "
        "with abort trial first.");
    return out;
  }
  Config before = running_;
  CommitOutcome out = commit(candidate, std::move(label), std::move(description), "TRIAL");
  if (out.changed)
    trial_ = Trial{out.id, seconds, now + static_cast<std::int64_t>(seconds), std::move(before)};
  return out;
}

bool Datastore::confirm_trial() {
  const bool running = trial_.has_value();
  trial_.reset();
  return running;
}

CommitOutcome Datastore::roll_back_trial(std::string description) {
  if (!trial_) {
    CommitOutcome out;
    out.errors.push_back("Error: The system is not in the trial configuration mode.");
    return out;
  }
  Config target = std::move(trial_->before);
  trial_.reset();
  keep_runtime(target.ipfpm.dcp, running_.ipfpm.dcp);
  return commit(target, "", std::move(description), "ROLLBACK");
}

CommitOutcome Datastore::rollback_last(unsigned n) {
  if (std::string why = rollback_refusal_last(n); !why.empty()) {
    CommitOutcome out;
    out.errors.push_back("Error: " + why);
    return out;
  }
  Config target = history_[n - 1].before;
  return rollback_to_config(target);
}

std::string Datastore::render_commit_list(bool verbose, std::size_t newest, std::int64_t now) const {
  if (history_.empty()) return "Info: No commit point exists.\n";
  std::string out;
  std::size_t no = 1;
  if (!verbose)
    out = col("No.", 5) + col("CommitId", 12) + col("Label", 21) + col("User", 15) + "TimeStamp\n";
  for (const auto& c : history_) {
    if (newest != 0 && no > newest) break;
    std::string label = c.label.empty() ? "-" : c.label;
    if (verbose) {
      if (no > 1) out += '\n';
      out += fmt::format("{}) CommitId: {}\n", no, c.id);
      out += fmt::format("        Label: {}\n", label);
      out += fmt::format("        User: {}\n", c.user);
      out += fmt::format("        User-Intf: {}\n", c.user_intf);
      out += fmt::format("        Type: {}\n", c.type);
      out += fmt::format("        TimeStamp: {}\n", c.timestamp);
      out += c.description.empty() ? "        Description:\n"
                                   : fmt::format("        Description: {}\n", c.description);
    } else {
      out += col(std::to_string(no), 5) + col(std::to_string(c.id), 12) + col(label, 21) + col(c.user, 15) +
             c.timestamp + "\n";
    }
    ++no;
  }
  if (trial_)
    out +=
        fmt::format("Info: Commit {} is a trial: it rolls back in {} seconds unless confirmed by commit.\n",
                    trial_->id, std::max<std::int64_t>(0, trial_->deadline - now));
  return out;
}

TextResult Datastore::render_commit_changes(ChangesSelect sel, std::uint64_t arg) const {
  std::vector<const CommitInfo*> picked;
  for (std::size_t i = 0; i < history_.size(); ++i) {
    const CommitInfo& c = history_[i];
    if (sel == ChangesSelect::All || (sel == ChangesSelect::Last && i < arg) ||
        (sel == ChangesSelect::At && c.id == arg) || (sel == ChangesSelect::Since && c.id >= arg))
      picked.push_back(&c);
  }
  const bool known =
      std::any_of(history_.begin(), history_.end(), [&](const CommitInfo& c) { return c.id == arg; });
  if ((sel == ChangesSelect::At || sel == ChangesSelect::Since) && !known)
    return {false, fmt::format("Error: The commit ID {} does not exist.\n", arg)};
  std::string out = "Building configuration\n";
  for (const CommitInfo* c : picked) {
    out += fmt::format("\nCommit changes of commitId {} {}\n", c->id, c->timestamp);
    out += render_changes(c->before, c->after);
  }
  return {true, out};
}

}  // namespace vrsh::model
