// Interactive input on a terminal: GNU readline (the only file that includes it), history,
// '?' help at the cursor, Tab completion, Ctrl-C and Ctrl-D, the More prompt of paged displays.
//
// readline is driven through its callback interface so that SIGINT stays ours: the handler
// only sets a flag, SIGINT is blocked except while waiting in ppoll(), and the wait loop
// clears the line when the flag is set (the documented way to handle signals with readline;
// no longjmp out of it, nothing unsafe in the handler).
// SIGTERM is handled the same way and ends the session as Ctrl-D does, without the
// uncommitted-changes question (nobody may be there to answer it); so does a terminal that is
// gone (hang-up).
//
// Secrets (`Enter Password:`) are read past readline, with the terminal's echo off: nothing of
// them reaches the screen or the history.
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <ostream>

// clang-format off
#include <readline/readline.h>
#include <readline/history.h>
// clang-format on

#include "cli/session.hpp"

namespace vrsh::cli {

namespace {

constexpr int kHistoryKeep = 1000;

volatile std::sig_atomic_t g_sigint = 0;
volatile std::sig_atomic_t g_sigwinch = 0;
volatile std::sig_atomic_t g_sigterm = 0;  // sticky: every later read is the end of input
bool g_input_gone = false;                 // sticky: the terminal hung up or failed
Session* g_session = nullptr;              // the session whose keys '?' and Tab answer
bool g_asking = false;                     // a handler's question is being read: '?' and Tab are plain keys

struct LineWait {
  bool done = false;
  std::optional<std::string> line;
};
LineWait* g_wait = nullptr;

std::vector<std::string> g_matches;
std::size_t g_match_next = 0;
char g_word_breaks[] = " \t";

extern "C" void on_sigint(int) {
  g_sigint = 1;
}

extern "C" void on_sigterm(int) {
  g_sigterm = 1;
}

// readline's own SIGWINCH handler is only installed while it reads a character; the terminal
// is resized while we wait in ppoll().
extern "C" void on_sigwinch(int) {
  g_sigwinch = 1;
}

void on_line(char* line) {
  if (g_wait != nullptr) {
    g_wait->done = true;
    if (line != nullptr) g_wait->line = std::string(line);
  }
  std::free(line);
  rl_callback_handler_remove();  // restores the terminal while the command runs
}

bool inside_quotes(const char* buf, int end) {
  bool quoted = false;
  for (int i = 0; i < end; ++i) {
    if (buf[i] == '"') quoted = !quoted;
  }
  return quoted;
}

// '?': help for the text before the cursor, shown at once; the line stays as typed.
int on_help_key(int count, int key) {
  if (g_asking || g_session == nullptr || inside_quotes(rl_line_buffer, rl_point))
    return rl_insert(count, key);
  const std::string before(rl_line_buffer, static_cast<std::size_t>(rl_point));
  const bool at_end = rl_point == rl_end;
  const int saved_point = rl_point;
  rl_point = rl_end;  // finish the visible line before printing below it
  rl_redisplay();
  std::fputs(at_end ? "?\n" : "\n", rl_outstream);
  std::fputs(g_session->help_text(before).c_str(), rl_outstream);
  std::fflush(rl_outstream);
  rl_point = saved_point;
  rl_on_new_line();
  rl_redisplay();
  return 0;
}

char* next_match(const char*, int state) {
  if (state == 0) g_match_next = 0;
  if (g_match_next >= g_matches.size()) return nullptr;
  return strdup(g_matches[g_match_next++].c_str());
}

char* no_filenames(const char*, int) {
  return nullptr;
}

char** on_complete(const char* text, int, int end) {
  rl_attempted_completion_over = 1;  // never fall back to file names
  if (g_asking || g_session == nullptr) return nullptr;
  g_matches = g_session->completions(std::string_view(rl_line_buffer, static_cast<std::size_t>(end)));
  if (g_matches.empty()) return nullptr;
  return rl_completion_matches(text, next_match);
}

// The session's tick, once a second while the operator is idle at the prompt (not at a
// question): what it prints goes on lines of its own above the prompt, which is drawn again (it
// may have changed: a rolled-back trial changes the configuration) with the typed text kept.
void tick_at_prompt() {
  if (g_asking || g_session == nullptr) return;
  const std::string text = g_session->tick();
  if (text.empty()) return;
  const int saved_point = rl_point;
  rl_point = rl_end;
  rl_redisplay();
  std::fputs("\n", rl_outstream);
  std::fputs(text.c_str(), rl_outstream);
  std::fflush(rl_outstream);
  rl_set_prompt(g_session->prompt().c_str());
  rl_point = saved_point;
  rl_on_new_line();
  rl_redisplay();
}

// Ctrl-C: abandon the line being typed and show a fresh prompt.
void clear_line_after_sigint() {
  rl_point = rl_end;
  rl_redisplay();
  std::fputs("^C\n", rl_outstream);
  rl_free_line_state();
  rl_callback_sigcleanup();
  rl_replace_line("", 0);
  rl_on_new_line();
  rl_redisplay();
}

// One line (nullopt on end of input), with SIGINT and SIGWINCH delivered only inside ppoll().
std::optional<std::string> read_line(const std::string& prompt) {
  std::fflush(stdout);
  LineWait wait;
  g_wait = &wait;
  sigset_t block;
  sigset_t orig;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGWINCH);
  sigaddset(&block, SIGTERM);
  sigprocmask(SIG_BLOCK, &block, &orig);
  g_sigint = 0;  // a Ctrl-C pressed while a command ran is not meant for this new line
  // Left set by an earlier end of input, it would make every later line end with a blank line
  // (readline only resets it in readline(), not in the callback interface).
  rl_eof_found = 0;
  rl_callback_handler_install(prompt.c_str(), on_line);
  const int fd = fileno(rl_instream != nullptr ? rl_instream : stdin);
  while (!wait.done) {
    if (g_sigterm != 0) {
      rl_callback_handler_remove();  // gives the terminal back
      break;
    }
    if (g_sigint != 0) {
      g_sigint = 0;
      clear_line_after_sigint();
      continue;
    }
    if (g_sigwinch != 0) {
      g_sigwinch = 0;
      rl_resize_terminal();
    }
    pollfd pfd{fd, POLLIN, 0};
    const timespec second{1, 0};
    const int r = ppoll(&pfd, 1, &second, &orig);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      tick_at_prompt();
      continue;
    }
    if (r < 0 || (pfd.revents & (POLLIN | POLLHUP)) == 0) {
      g_input_gone = true;
      rl_callback_handler_remove();
      break;  // input gone: end of input
    }
    // A hang-up reads as Ctrl-D would, but unlike Ctrl-D it lasts: remember it.
    if ((pfd.revents & POLLHUP) != 0) g_input_gone = true;
    rl_callback_read_char();
  }
  sigprocmask(SIG_SETMASK, &orig, nullptr);
  g_wait = nullptr;
  return wait.line;
}

// SIGINT and SIGTERM held back while a key is read; read_byte() lets them in only while it
// waits, so a signal is seen at once and never interrupts anything else.
struct SignalsHeld {
  sigset_t orig{};
  SignalsHeld() {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &orig);
    g_sigint = 0;
  }
  ~SignalsHeld() { sigprocmask(SIG_SETMASK, &orig, nullptr); }
  SignalsHeld(const SignalsHeld&) = delete;
  SignalsHeld& operator=(const SignalsHeld&) = delete;
};

// The next byte typed; nullopt on Ctrl-C, SIGTERM, end of input or a gone terminal.
std::optional<char> read_byte(int fd, const sigset_t& wait_mask) {
  for (;;) {
    if (g_sigint != 0 || g_sigterm != 0) {
      g_sigint = 0;
      return std::nullopt;
    }
    pollfd pfd{fd, POLLIN, 0};
    const int r = ppoll(&pfd, 1, nullptr, &wait_mask);
    if (r < 0 && errno == EINTR) continue;
    char ch = 0;
    const ssize_t n = r > 0 ? ::read(fd, &ch, 1) : -1;
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0 || (pfd.revents & POLLHUP) != 0) g_input_gone = true;
      return std::nullopt;
    }
    return ch;
  }
}

// A secret after `prompt`, the terminal's echo off (canonical mode keeps erase and kill working).
// Ctrl-C, Ctrl-D, SIGTERM and a gone terminal all give nullopt: nothing is set.
std::optional<std::string> read_secret_line(const std::string& prompt) {
  FILE* const outs = rl_outstream != nullptr ? rl_outstream : stdout;
  const int fd = fileno(rl_instream != nullptr ? rl_instream : stdin);
  std::fflush(stdout);
  std::fputs(prompt.c_str(), outs);
  std::fflush(outs);
  termios saved{};
  const bool tty = tcgetattr(fd, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ICANON;
    tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  std::optional<std::string> secret = std::string();
  {
    const SignalsHeld held;
    for (;;) {
      const std::optional<char> ch = read_byte(fd, held.orig);
      if (!ch) {
        secret.reset();  // Ctrl-C, Ctrl-D, SIGTERM or a gone terminal
        break;
      }
      if (*ch == '\n') break;
      secret->push_back(*ch);
    }
  }
  if (tty) tcsetattr(fd, TCSAFLUSH, &saved);
  std::fputs("\n", outs);  // the Enter the operator typed was not echoed
  std::fflush(outs);
  return secret;
}

// ---- Paging: `  ---- More ----` after each page of a display ----

constexpr const char* kMore = "  ---- More ----";
// The vendor's erasure of the More prompt: back, blanks over it, back again.
constexpr const char* kEraseMore = "\x1b[42D                                          \x1b[42D";

enum class MoreKey { Page, Line, Stop };

// One key at the More prompt, the terminal in non-canonical mode without echo: Space the next
// page, Enter the next line, q or Ctrl-C stops; other keys are ignored. Ctrl-D, SIGTERM and a gone
// terminal stop too.
MoreKey read_more_key() {
  const int fd = fileno(rl_instream != nullptr ? rl_instream : stdin);
  termios saved{};
  const bool tty = tcgetattr(fd, &saved) == 0;
  if (tty) {
    termios raw = saved;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(fd, TCSANOW, &raw);  // not TCSAFLUSH: keys typed ahead count
  }
  MoreKey key = MoreKey::Stop;
  {
    const SignalsHeld held;
    while (const std::optional<char> ch = read_byte(fd, held.orig)) {
      if (*ch == ' ') {
        key = MoreKey::Page;
        break;
      }
      if (*ch == '\r' || *ch == '\n') {
        key = MoreKey::Line;
        break;
      }
      if (*ch == 'q' || *ch == 'Q' || *ch == 4) break;
    }
  }
  if (tty) tcsetattr(fd, TCSANOW, &saved);
  return key;
}

// The whole text, unpaged, a few lines at a time so that Ctrl-C stops it at once: a write the
// signal cuts short leaves the stream's error flag set, which is cleared for the next output.
void write_unpaged(std::string_view text, FILE* outs) {
  constexpr std::size_t kChunk = 4096;
  while (!text.empty() && g_sigint == 0 && g_sigterm == 0) {
    std::size_t len = text.size();
    if (len > kChunk) {
      const std::size_t nl = text.rfind('\n', kChunk);
      len = nl == std::string_view::npos ? kChunk : nl + 1;
    }
    std::fwrite(text.data(), 1, len, outs);
    std::fflush(outs);
    text.remove_prefix(len);
  }
  if (g_sigint != 0) std::fputs("\n", outs);  // the screen shows ^C where the output stopped
  clearerr(outs);
  std::fflush(outs);
}

// `page_lines` lines a screen: the page's text, then the More prompt on the last line. 0: no
// pages (write_unpaged).
void page_text(std::string_view text, std::size_t page_lines) {
  FILE* const outs = rl_outstream != nullptr ? rl_outstream : stdout;
  if (page_lines == 0) {
    write_unpaged(text, outs);
    return;
  }
  const std::size_t page = page_lines > 1 ? page_lines - 1 : 1;
  std::size_t budget = page;
  while (!text.empty()) {
    if (budget == 0) {
      std::fputs(kMore, outs);
      std::fflush(outs);
      const MoreKey key = read_more_key();
      std::fputs(kEraseMore, outs);
      if (key == MoreKey::Stop) break;
      budget = key == MoreKey::Page ? page : 1;
    }
    const std::size_t nl = text.find('\n');
    const std::size_t len = nl == std::string_view::npos ? text.size() : nl + 1;
    std::fwrite(text.data(), 1, len, outs);
    text.remove_prefix(len);
    --budget;
  }
  std::fflush(outs);
}

// After Ctrl-D the cursor still sits on the prompt line. readline ends that line itself when
// bracketed paste is on (its default), otherwise it is ours to end.
void end_line_after_eof() {
  const char* paste = rl_variable_value("enable-bracketed-paste");
  if (paste == nullptr || std::strcmp(paste, "on") != 0) std::fputs("\n", rl_outstream);
}

void save_history(const std::string& file, int added) {
  if (file.empty() || added == 0) return;
  // Unwritable history is not worth an error at exit: the session itself went fine.
  if (access(file.c_str(), F_OK) == 0) {
    if (append_history(added, file.c_str()) != 0) return;
  } else if (write_history(file.c_str()) != 0) {
    return;
  }
  history_truncate_file(file.c_str(), kHistoryKeep);
}

}  // namespace

int Session::run_interactive(const std::string& history_file) {
  batch_ = false;
  g_session = this;
  rl_readline_name = "vrsh";
  rl_catch_signals = 0;
  rl_initialize();
  rl_bind_key('?', on_help_key);
  rl_bind_key('\t', rl_menu_complete);  // vendor Tab: cycle through candidates
  rl_attempted_completion_function = on_complete;
  rl_completion_entry_function = no_filenames;
  rl_completer_word_break_characters = g_word_breaks;
  rl_variable_bind("completion-ignore-case", "on");

  struct sigaction sa {};
  struct sigaction old_int {};
  struct sigaction old_winch {};
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_sigint;
  sigaction(SIGINT, &sa, &old_int);
  sa.sa_handler = on_sigwinch;
  sigaction(SIGWINCH, &sa, &old_winch);
  struct sigaction old_term {};
  sa.sa_handler = on_sigterm;
  sigaction(SIGTERM, &sa, &old_term);

  using_history();
  // Memory as well as the file keeps only the newest kHistoryKeep lines, however long the session.
  stifle_history(kHistoryKeep);
  if (!history_file.empty()) read_history(history_file.c_str());
  int added = 0;

  reader_ = [](const std::string& question) {
    g_asking = true;
    auto answer = read_line(question);
    g_asking = false;
    if (!answer) end_line_after_eof();
    return answer;
  };
  secret_reader_ = read_secret_line;
  pager_ = page_text;
  // A command runs with SIGINT let in (read_line() blocks it only around its own wait), so a
  // Ctrl-C typed meanwhile sets the flag at once; read_line() clears it for the next line.
  interrupt_check_ = [] { return g_sigint != 0 || g_sigterm != 0; };

  while (!finished_) {
    out_.flush();
    const auto line = read_line(prompt());
    if (!line) {
      // Ctrl-D leaves the shell from any view, as `quit` from user view does, after the
      // uncommitted-changes question when there is something to lose.
      end_line_after_eof();
      // SIGTERM and a gone terminal leave like Ctrl-D but ask nothing: uncommitted changes are
      // dropped. (Ctrl-D at the question cancels it: the prompt comes back.)
      if (g_sigterm == 0 && !g_input_gone && frames_.size() > 1 && hooks_.uncommitted &&
          hooks_.uncommitted() && !confirm_leave_system())
        continue;
      finish();
      break;
    }
    out_ << tick();  // a trial that ran out while the line was typed goes first
    execute(*line);
    // The recall history and its file hold what `display history-command` holds: commands that
    // matched, secrets masked; a typed password never reaches ~/.vrsh_history.
    if (last_history_entry_) {
      add_history(last_history_entry_->c_str());
      ++added;
    }
  }
  out_.flush();

  save_history(history_file, std::min(added, kHistoryKeep));
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGWINCH, &old_winch, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  reader_ = nullptr;
  secret_reader_ = nullptr;
  pager_ = nullptr;
  interrupt_check_ = nullptr;
  g_session = nullptr;
  return 0;
}

}  // namespace vrsh::cli
