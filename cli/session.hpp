#pragma once
// One operator session: the view stack, the prompt, dispatch of typed lines (with fallback to
// enclosing views), the uncommitted-changes question, and batch transcripts. Reads and writes
// streams only; readline lives in input_readline.cpp.
#include <deque>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/registry.hpp"

namespace vrsh::cli {

// What a view edits (an interface's name, an instance's id). The feature that declares the view
// derives its typed context from this; the session only carries it on the view's frame.
struct ViewContext {
  virtual ~ViewContext() = default;
};

// One level of the view stack: `view` names the registry view; `suffix` is appended to the
// prompt ("-esqm", "-GigabitEthernet0/1/0"); `context` is what the view edits (null: nothing).
struct Frame {
  std::string view;
  std::string suffix;
  std::shared_ptr<const ViewContext> context;
};

// What the session needs from the domain, without knowing it.
struct SessionHooks {
  std::function<std::string()> sysname;       // committed sysname for the prompt
  std::function<bool()> uncommitted;          // candidate differs from running
  std::function<bool(std::ostream&)> commit;  // answer Y to the exit question
  std::function<void()> discard;              // answer N
  // Called between batch lines and, on a terminal, every second at an idle prompt and before
  // each typed line runs: lets timed work (a trial commit's expiry) happen; what it prints goes
  // into the transcript above the next prompt.
  std::function<void(std::ostream&)> tick;
};

class Session;

// Handed to every handler.
class Ctx {
 public:
  Ctx(Session& s, std::ostream& out, bool undo) : session_(s), out_(out), undo_(undo) {}
  std::ostream& out() { return out_; }
  bool undo() const { return undo_; }
  Session& session() { return session_; }
  // The frame the command runs in: the view the line matched in (the stack has been cut back to
  // it), or the view the command has just entered.
  const Frame& frame() const;
  // Prints `Error: <msg>` and records `msg` as the line's failure (Session::last_error()).
  Status fail(std::string_view msg);
  // Push a nested view (relative to the frame the command matched in).
  void enter(Frame f);
  // A [Y/N] question (Session::ask): true only for a yes.
  bool confirm(std::string_view question);
  // Reads a secret after `prompt` without showing it (Session::read_secret).
  std::optional<std::string> secret(std::string_view prompt);
  // Session::interrupted(): the operator asked the running command to stop.
  bool interrupted() const;

 private:
  Session& session_;
  std::ostream& out_;
  bool undo_;
};

// Reads one line with a prompt; returns nullopt on end of input. Batch and readline provide one.
using LineReader = std::function<std::optional<std::string>(const std::string& prompt)>;

// The answers a question takes: [Y/N] or [Y/N/C].
enum class Choices { YesNo, YesNoCancel };
enum class Answer { Yes, No, Cancel };

class Session {
 public:
  Session(const Registry& reg, SessionHooks hooks, std::ostream& out);

  std::string prompt() const;
  const std::vector<Frame>& frames() const { return frames_; }
  std::vector<Frame>& frames() { return frames_; }
  bool finished() const { return finished_; }
  // The last batch run ended by a command (`quit` from user view), not by the end of its input.
  bool quit_requested() const { return quit_requested_; }
  void finish() { finished_ = true; }
  bool batch() const { return batch_; }

  // Immediate mode (`system-view immediately`): every configuration command that changes the
  // candidate is committed as it is typed (a commit that fails drops the change and fails the
  // line), and the prompt shows no ~ or *. Ends when the session is back in user view.
  bool immediate() const { return immediate_; }
  void set_immediate(bool on) { immediate_ = on; }
  // Runs `command` as typed in user view, from whichever view the session is in (`run CMD`):
  // the view stack is left as it is, a caret points into the line being executed, and the
  // command is not kept in the history a second time. A user-view command that would change
  // views or end the session (system-view, quit) is refused.
  Status run_in_user_view(std::string_view command);
  // Runs the tick hook (SessionHooks::tick); returns what it printed.
  std::string tick();

  // Execute one line typed at the current prompt (no echo). A line that does not match in the
  // current view is tried in the enclosing configuration views (never user view from a config
  // view) and, if it matches there, the stack is cut back to that view first. Parse errors print
  // a caret line (column = prompt width + error column) and the error text; handler exceptions
  // print "Error: <what>". Returns Error on a parse error or a failed handler.
  Status execute(std::string_view line);
  // Why the last executed line failed, as printed after "Error: " (the first such message: a
  // handler's Ctx::fail, a parse error's text, an exception's what()); "" when it succeeded or a
  // handler failed without saying why through Ctx::fail.
  const std::string& last_error() const { return last_error_; }
  // Where the caret of the last line's parse error points, as a column of that line; nullopt when
  // the line parsed (it succeeded, or its handler failed).
  std::optional<std::size_t> last_error_column() const { return last_error_column_; }

  // Batch mode: each line is echoed after its prompt; lines starting with '!' are comments. A
  // '?' (outside double quotes) acts as the key: `<P>text?`, the help, then `<P>text` redrawn on
  // its own line; such a line is never executed (see batch.cpp). Stops at the first error unless
  // keep_going. End of input ends the session; uncommitted changes left then are discarded with
  // `Warning: Uncommitted configurations were discarded.` and make the run fail. Returns 0, or 1
  // if anything failed or was discarded.
  int run_batch(std::istream& in, bool keep_going);

  // Interactive mode (readline); implemented in input_readline.cpp.
  int run_interactive(const std::string& history_file);

  // Session-level operations used by the built-in commands.
  void quit();            // one level up; from user view ends the session
  void return_to_user();  // straight to user view
  // Leaving system view with uncommitted changes: asks Y/N/C (Y commits, N discards). Returns
  // false on cancel (also end of input or a line that is no answer) or a failed commit: stay.
  bool confirm_leave_system();
  // Asks `question` and reads the answer (question.cpp). An empty answer repeats the question with
  // the vendor's "Please choose" line. End of input (Ctrl-D) answers Cancel, or No on [Y/N].
  // Batch: the next line is the answer only if it is one (y, yes, n, no, c, cancel in any case;
  // c and cancel are a No on [Y/N]); it is echoed after the question. Any other line answers
  // Cancel (No on [Y/N]), says so in one `Info:` line and runs as the next command.
  // Interactive: a line that is no answer repeats the question.
  Answer ask(std::string_view question, Choices choices);
  // A secret typed after `prompt`: never echoed. Batch: the next line, with only the prompt in
  // the transcript. Interactive: the secret reader (no echo on the terminal). nullopt at end of
  // input or when nothing can be read.
  std::optional<std::string> read_secret(std::string_view prompt);

  // '?' and Tab, shared by batch and readline input. help_text() is what '?' prints for the
  // text before the cursor: the listing, or a caret line (aligned after the current prompt) and
  // the error. Both fall back to enclosing views like execute() does.
  std::string help_text(std::string_view before_cursor) const;
  std::vector<std::string> completions(std::string_view before_cursor) const;

  // The commands this session ran, oldest first, at most kHistorySize (`display history-command`):
  // each line that matched a command, as typed but with its secret parameters masked as "******"
  // (ParamType::secret). Lines that matched nothing are not kept: a mistyped secret command cannot
  // be masked reliably.
  static constexpr std::size_t kHistorySize = 10;
  const std::deque<std::string>& history() const { return history_; }
  // The history entry of the last executed line; nullopt when it was not kept.
  const std::optional<std::string>& last_history_entry() const { return last_history_entry_; }

  // Paging of display output on a terminal (`screen-length N temporary`): pages of `N` lines,
  // 0 for none; the vendor's default is 24. Batch input never pages.
  static constexpr std::size_t kDefaultScreenLength = 24;
  std::size_t screen_length() const { return screen_length_; }
  void set_screen_length(std::size_t n) { screen_length_ = n; }
  // Shows a display's output a page at a time (set by interactive input).
  using Pager = std::function<void(std::string_view text, std::size_t page_lines)>;
  void set_pager(Pager p) { pager_ = std::move(p); }

  // Whether the operator asked the running command to stop (Ctrl-C on a terminal, SIGINT or
  // SIGTERM in batch mode). Long-running handlers ask it between steps; the input sets the check.
  bool interrupted() const { return interrupt_check_ && interrupt_check_(); }
  void set_interrupt_check(std::function<bool()> f) { interrupt_check_ = std::move(f); }

  void set_reader(LineReader r) { reader_ = std::move(r); }
  void set_secret_reader(LineReader r) { secret_reader_ = std::move(r); }
  std::ostream& out() { return out_; }

 private:
  friend class Ctx;
  // execute() without the immediate-mode commit.
  Status execute_line(std::string_view line);
  // Frame depths a line is matched in, innermost first (see execute()).
  std::vector<std::size_t> search_depths() const;
  // Batch rendering of a line holding '?' key presses at `presses` (see batch.cpp).
  void batch_help(std::string_view line, const std::vector<std::size_t>& presses);
  const Registry& reg_;
  SessionHooks hooks_;
  std::ostream& out_;
  std::vector<Frame> frames_;
  std::size_t matched_depth_ = 0;  // frame depth the current command matched in
  bool finished_ = false;
  bool quit_requested_ = false;
  bool batch_ = true;
  LineReader reader_;
  LineReader secret_reader_;
  // Batch: a line read as an answer that was none; it is the next line to run.
  std::optional<std::string> pending_;
  // The next batch line: the pending one first, then the reader's.
  std::optional<std::string> next_line();
  std::string last_error_;
  std::optional<std::size_t> last_error_column_;
  std::deque<std::string> history_;
  std::optional<std::string> last_history_entry_;
  // Runs a display into `text`, cut by its filter when it has one.
  Status run_buffered(const MatchResult& m, std::string& text);
  std::size_t screen_length_ = kDefaultScreenLength;
  Pager pager_;
  std::function<bool()> interrupt_check_;
  bool immediate_ = false;
  // While run_in_user_view() runs: the line being executed, the prompt width its caret counts
  // from, and no second history entry.
  std::string_view current_line_;
  std::optional<std::size_t> caret_base_;
  bool nested_ = false;
  void record_history(std::string_view line, const std::vector<std::pair<std::size_t, std::size_t>>& secrets);
  // Prints `Error: <msg>` and records msg when it is the line's first failure.
  void error(std::string_view msg);
};

}  // namespace vrsh::cli
