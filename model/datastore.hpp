#pragma once
// The running configuration and its commit history: two-stage commit, rollback, the history
// displays, and saving the running configuration to the startup file.
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/config.hpp"

namespace vrsh::model {

struct CommitInfo {
  std::uint64_t id = 0;
  std::string label;  // "" = none (listed as "-")
  std::string user;
  std::string user_intf;
  std::string type;       // "CLI" or "ROLLBACK"
  std::string timestamp;  // "YYYY-MM-DD HH:MM:SS"
  std::string description;
  Config before, after;
};

struct CommitOutcome {
  bool ok = false;                  // false: `errors` says why; running and history unchanged
  bool changed = false;             // ok but nothing differed: no commit point was recorded
  std::uint64_t id = 0;             // the new commit id when changed
  std::vector<std::string> errors;  // complete "Error: ..." lines without newline
};

// A rendered text that may instead be an error ("Error: ..." lines in `text` when !ok).
struct TextResult {
  bool ok = true;
  std::string text;
};

enum class ChangesSelect { All, Last, At, Since };

class Datastore {
 public:
  // Returns the commit timestamp "YYYY-MM-DD HH:MM:SS"; default: local wall clock.
  using Clock = std::function<std::string()>;
  static constexpr std::size_t kHistoryLimit = 100;
  static constexpr std::uint64_t kFirstCommitId = 1000000001;
  static constexpr unsigned kMaxRollbackLast = 80;

  explicit Datastore(Clock clock = {});
  // The time now, as the clock stamps commits.
  std::string timestamp() const { return clock_(); }

  const Config& running() const { return running_; }
  // Who commits (shown by `display configuration commit list verbose`).
  // Default "anonymous" / "CON 1023", the vendor's console identity.
  void set_identity(std::string user, std::string user_intf);
  const std::string& user() const { return user_; }
  const std::string& user_intf() const { return user_intf_; }

  // Validates `candidate` (model/validate.hpp) and makes it the running configuration. A label
  // already used by a kept commit point is an error. No change: ok, changed == false.
  CommitOutcome commit(const Config& candidate, std::string label, std::string description,
                       std::string type = "CLI");

  // Newest first, at most kHistoryLimit entries.
  const std::deque<CommitInfo>& history() const { return history_; }
  // The configuration right after commit `id` (nullopt when unknown or aged out).
  std::optional<Config> config_at(std::uint64_t id) const;
  // Each records a ROLLBACK commit point when the configuration changes.
  CommitOutcome rollback_to(std::uint64_t id);
  CommitOutcome rollback_to_label(const std::string& label);
  // The configuration before the newest n commits; n 1..80 and at most history().size().
  CommitOutcome rollback_last(unsigned n);
  // Why rollback_to(id) / rollback_last(n) would fail without changing anything ("" when they
  // can run), as the text after "Error: ". Lets a command refuse before asking its question.
  std::string rollback_refusal_to(std::uint64_t id) const;
  std::string rollback_refusal_last(unsigned n) const;
  std::string rollback_refusal_label(const std::string& label) const;

  // Labels of kept commit points (`set configuration commit ID label L`, unique across points);
  // each returns "" or why not, as the text after "Error: ".
  std::string set_label(std::uint64_t id, const std::string& label);
  std::string clear_label(std::uint64_t id);

  // `commit trial SECONDS`: a commit that rolls back by itself unless confirmed. The clock is the
  // caller's (seconds, any epoch), so tests can drive it.
  struct Trial {
    std::uint64_t id = 0;       // the trial's commit point
    unsigned seconds = 0;       // as asked
    std::int64_t deadline = 0;  // when it rolls back, on the caller's clock
    Config before;              // what it rolls back to
  };
  const std::optional<Trial>& trial() const { return trial_; }
  // A commit of type TRIAL that starts a trial (none when nothing changed). Refused while a
  // trial runs.
  CommitOutcome commit_trial(const Config& candidate, std::string label, std::string description,
                             unsigned seconds, std::int64_t now);
  // The trial becomes a normal commit point; false when none runs.
  bool confirm_trial();
  // Rolls the trial back now (a ROLLBACK point described by `description`) and ends it.
  CommitOutcome roll_back_trial(std::string description);

  // verbose: the vendor layout ("1) CommitId: ..." blocks). Otherwise a table:
  //   No.  CommitId    Label                User           TimeStamp
  //   1    1000000002  -                    anonymous      2024-05-01 10:00:00
  // (columns padded to 5/12/21/15, always at least one space). Empty history:
  // "Info: No commit point exists.\n".
  // newest: only the newest that many points (0: all). A running trial adds a line after the list:
  // "Info: Commit N is a trial: it rolls back in S seconds unless confirmed by commit." (`now` on
  // the trial's clock).
  std::string render_commit_list(bool verbose, std::size_t newest = 0, std::int64_t now = 0) const;
  // "Building configuration\n", then per selected commit (newest first)
  // "\nCommit changes of commitId N TIMESTAMP\n" and its render_changes() body.
  // All: every kept commit; Last: the newest `arg` (all when fewer exist); At: commit `arg`;
  // Since: commit `arg` and every newer one.
  TextResult render_commit_changes(ChangesSelect sel, std::uint64_t arg = 0) const;

  // Writes render_config(running()) to `path` atomically: temp file in the same directory,
  // fsync, rename, fsync of the directory. The file gets mode 0600 (it holds cipher secrets).
  // Removes stale temporary files first (see remove_stale_temps).
  bool save(const std::string& path, std::string* err) const;
  // Removes the temporary files `<path>.tmpXXXXXX` that killed saves left behind, and none that a
  // live save (of any process) is still writing. Returns how many were removed.
  static std::size_t remove_stale_temps(const std::string& path);

 private:
  CommitOutcome rollback_to_config(const Config& target);

  Clock clock_;
  Config running_;
  std::deque<CommitInfo> history_;
  std::uint64_t next_id_ = kFirstCommitId;
  std::string user_ = "anonymous";
  std::string user_intf_ = "CON 1023";
  std::optional<Trial> trial_;
};

// Backups of the startup file (model/save.cpp), written like Datastore::save (temporary file,
// fsync, rename or link, fsync of the directory); false or nullopt with the reason in `err`.
// copy_file_over: `from`'s bytes to `to`, replacing `to`.
bool copy_file_over(const std::string& from, const std::string& to, std::string* err);
// copy_file_aside: `from`'s bytes to the first of `STEM.bak`, `STEM.2.bak`, `STEM.3.bak`, ... that
// does not exist yet; never replaces a file. Returns the name written.
std::optional<std::string> copy_file_aside(const std::string& from, const std::string& stem,
                                           std::string* err);

}  // namespace vrsh::model
