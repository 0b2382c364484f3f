// Batch input: the whole run reads like an operator's terminal transcript.
//
// Transcript rules:
// - each line is echoed after the prompt it was typed at, then its output follows;
// - a line whose first non-blank character is '!' is a comment (config files): no echo;
// - '?' (outside double quotes) is a key press, not text: the line so far is shown with the
//   '?', then the help, then the prompt is redrawn with the typed text kept. Text after the
//   '?' is typed onto the redrawn line (and a further '?' shows help again). The line is never
//   executed: a terminal would need an Enter that the '?' line does not contain. So
//   `display ?` gives `<HUAWEI>display ?`, the listing, `<HUAWEI>display ` (with the space);
// - a question asked by a handler reads the next line as its answer, if it is one, and shows it
//   after the question on the same line: `...[Y(yes)/N(no)/C(cancel)]:y`. A line that is no
//   answer stays a command (question.cpp);
// - the session's tick runs before each line (not comments), its output above the line's prompt;
// - at the end of the input, uncommitted changes are discarded with a warning, and the run fails.
#include <istream>
#include <ostream>

#include "cli/session.hpp"

namespace vrsh::cli {

namespace {

bool is_comment(std::string_view line) {
  const auto first = line.find_first_not_of(" \t");
  return first != std::string_view::npos && line[first] == '!';
}

// Positions of the '?' key presses: every '?' outside double quotes.
std::vector<std::size_t> help_presses(std::string_view line) {
  std::vector<std::size_t> at;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"')
      quoted = !quoted;
    else if (line[i] == '?' && !quoted)
      at.push_back(i);
  }
  return at;
}

}  // namespace

void Session::batch_help(std::string_view line, const std::vector<std::size_t>& presses) {
  const std::string p = prompt();
  std::string typed;  // what the terminal line holds; the '?' keys are not part of it
  std::size_t from = 0;
  for (std::size_t at : presses) {
    typed.append(line.substr(from, at - from));
    from = at + 1;
    out_ << p << typed << "?\n" << help_text(typed);
  }
  typed.append(line.substr(from));
  out_ << p << typed << '\n';
}

int Session::run_batch(std::istream& in, bool keep_going) {
  const bool saved_batch = batch_;
  LineReader saved_reader = std::move(reader_);
  batch_ = true;
  reader_ = [&in](const std::string&) -> std::optional<std::string> {
    std::string line;
    if (!std::getline(in, line)) return std::nullopt;
    return line;
  };
  pending_.reset();

  bool failed = false;
  while (!finished_) {
    const auto line = next_line();
    if (!line) break;
    if (is_comment(*line)) continue;
    // Time passes while a line is read: what a timer did shows above the line's prompt.
    out_ << tick();
    if (const auto presses = help_presses(*line); !presses.empty()) {
      batch_help(*line, presses);
      out_.flush();
      continue;
    }
    out_ << prompt() << *line << '\n';
    const Status st = execute(*line);
    out_.flush();
    if (st == Status::Error) {
      failed = true;
      if (!keep_going) break;
    }
  }
  // End of input ends the session. Uncommitted changes are dropped without a question (there is
  // nobody left to answer it, and committing silently would be worse), but never silently: the
  // script meant them to take effect, so the run fails.
  quit_requested_ = finished_;
  if (!finished_ && hooks_.uncommitted && hooks_.uncommitted()) {
    out_ << "Warning: Uncommitted configurations were discarded.\n";
    out_.flush();
    if (hooks_.discard) hooks_.discard();
    failed = true;
  }
  pending_.reset();
  finished_ = true;
  reader_ = std::move(saved_reader);
  batch_ = saved_batch;
  return failed ? 1 : 0;
}

}  // namespace vrsh::cli
