// The view stack, prompt, dispatch with fallback to enclosing views, and the
// uncommitted-changes question. Input sources (batch, readline) live in other files.
#include "cli/session.hpp"

#include <fmt/format.h>

#include <exception>
#include <ostream>
#include <sstream>

#include "cli/pipe.hpp"
#include "cli/tokenize.hpp"

namespace vrsh::cli {

namespace {

constexpr std::string_view kLeaveQuestion =
    "Warning: Uncommitted configurations found, commit them before exiting? [Y(yes)/N(no)/C(cancel)]:";

bool is_error(MatchKind k) {
  return k != MatchKind::Ok && k != MatchKind::Empty;
}

std::string caret_block(std::size_t column, MatchKind kind) {
  return fmt::format("{}^\n{}\n", std::string(column, ' '), error_text(kind));
}

}  // namespace

// ---- Ctx ----

const Frame& Ctx::frame() const {
  return session_.frames_.at(session_.matched_depth_);
}

Status Ctx::fail(std::string_view msg) {
  session_.error(msg);
  return Status::Error;
}

bool Ctx::interrupted() const {
  return session_.interrupted();
}

void Ctx::enter(Frame f) {
  // Relative to the frame the command matched in: `interface X` typed in the esqm view
  // replaces the esqm frame rather than nesting inside it.
  auto& frames = session_.frames_;
  if (frames.size() > session_.matched_depth_ + 1) frames.resize(session_.matched_depth_ + 1);
  frames.push_back(std::move(f));
  session_.matched_depth_ = frames.size() - 1;
}

// ---- Session ----

Session::Session(const Registry& reg, SessionHooks hooks, std::ostream& out)
    : reg_(reg), hooks_(std::move(hooks)), out_(out) {
  frames_.push_back(Frame{std::string(kUserView), "", {}});
}

std::string Session::prompt() const {
  const std::string name = hooks_.sysname ? hooks_.sysname() : std::string("HUAWEI");
  if (frames_.size() <= 1) return fmt::format("<{}>", name);
  std::string suffixes;
  for (const auto& f : frames_) suffixes += f.suffix;
  if (immediate_) return fmt::format("[{}{}]", name, suffixes);
  const bool dirty = hooks_.uncommitted && hooks_.uncommitted();
  return fmt::format("[{}{}{}]", dirty ? '*' : '~', name, suffixes);
}

// Frame depths to try, innermost first. User-view commands are not reachable from a
// configuration view (kAnyView commands match everywhere anyway), so depth 0 is only tried
// when it is the current view.
std::vector<std::size_t> Session::search_depths() const {
  std::vector<std::size_t> depths;
  for (std::size_t d = frames_.size(); d-- > 0;) {
    if (d == 0 && frames_.size() > 1) break;
    depths.push_back(d);
  }
  return depths;
}

void Session::error(std::string_view msg) {
  out_ << "Error: " << msg << '\n';
  if (last_error_.empty()) last_error_ = msg;
}

Status Session::execute(std::string_view line) {
  const Status st = execute_line(line);
  if (frames_.size() <= 1) immediate_ = false;
  if (!immediate_ || frames_.size() <= 1 || !hooks_.uncommitted || !hooks_.uncommitted()) return st;
  // Immediate mode: the change is committed now, or dropped.
  if (st == Status::Ok && hooks_.commit && hooks_.commit(out_)) return st;
  if (hooks_.discard) hooks_.discard();
  return Status::Error;
}

Status Session::execute_line(std::string_view line) {
  last_error_.clear();
  last_error_column_.reset();
  last_history_entry_.reset();
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (trim_blanks(line).empty()) return Status::Ok;
  try {
    MatchResult first;
    std::optional<MatchResult> found;
    std::size_t depth = 0;
    for (std::size_t d : search_depths()) {
      MatchResult r = reg_.match(frames_[d].view, line);
      if (r.kind == MatchKind::Ok) {
        found = std::move(r);
        depth = d;
        break;
      }
      if (d + 1 == frames_.size()) first = std::move(r);
    }
    if (!found) {
      if (!is_error(first.kind)) return Status::Ok;  // nothing but blanks as the registry sees it
      // Only a caret needs the prompt's width, and matching changed nothing it shows: building
      // the prompt compares the candidate with running, too dear for every line of a batch load.
      out_ << caret_block((caret_base_ ? *caret_base_ : prompt().size()) + first.error_col, first.kind);
      last_error_ = error_text(first.kind).substr(std::string_view("Error: ").size());
      last_error_column_ = first.error_col;
      return Status::Error;
    }
    if (found->spec == nullptr || !found->spec->run) {
      error("The command is not available.");
      return Status::Error;
    }
    if (!nested_) record_history(line, found->secrets);
    current_line_ = line;
    if (frames_.size() > depth + 1) frames_.resize(depth + 1);
    matched_depth_ = depth;
    // On a terminal every display goes out through the pager, which Ctrl-C stops: in pages of
    // the screen length, or unpaged (0) after `| no-more` or `screen-length 0 temporary`.
    const bool paged = found->display && pager_;
    if (found->filter || paged) {
      std::string text;
      const Status status = run_buffered(*found, text);
      if (paged) {
        const bool no_more = found->filter && found->filter->kind == OutputFilter::Kind::NoMore;
        out_.flush();
        pager_(text, no_more ? 0 : screen_length_);
      } else {
        out_ << text;
      }
      return status;
    }
    Ctx ctx(*this, out_, found->undo);
    return found->spec->run(ctx, found->args);
  } catch (const std::exception& e) {
    error(e.what());
    return Status::Error;
  } catch (...) {
    error("The command failed unexpectedly.");
    return Status::Error;
  }
}

// The display runs into a buffer that the filter then cuts; messages from Ctx::fail are not
// filtered (nor paged), as an error must never be hidden.
Status Session::run_buffered(const MatchResult& m, std::string& text) {
  std::ostringstream buffer;
  Ctx ctx(*this, buffer, m.undo);
  Status status = Status::Error;
  try {
    status = m.spec->run(ctx, m.args);
  } catch (...) {
    out_ << buffer.str();
    throw;
  }
  if (!m.filter) {
    text = std::move(buffer).str();
    return status;
  }
  std::ostringstream cut;
  std::string why;
  if (!write_filtered(cut, buffer.str(), *m.filter, &why)) {
    error(why);
    return Status::Error;
  }
  text = std::move(cut).str();
  return status;
}

Status Session::run_in_user_view(std::string_view command) {
  // The caret counts from the prompt the outer line was typed at, plus where `command` starts
  // in it (a text parameter runs to the end of the line, trailing blanks trimmed).
  const std::string_view outer = current_line_;
  const std::size_t trimmed = outer.find_last_not_of(" \t");
  const std::size_t end = trimmed == std::string_view::npos ? 0 : trimmed + 1;
  const std::size_t at = end >= command.size() ? end - command.size() : 0;
  std::vector<Frame> saved = frames_;
  const std::size_t saved_depth = matched_depth_;
  const bool saved_immediate = immediate_;
  const bool saved_finished = finished_;
  const std::optional<std::size_t> base = prompt().size() + at;
  frames_.resize(1);
  caret_base_ = base;
  nested_ = true;
  Status st = Status::Error;
  try {
    st = execute_line(command);
  } catch (...) {
    st = Status::Error;
  }
  const bool moved = frames_.size() != 1 || finished_ != saved_finished;
  frames_ = std::move(saved);
  matched_depth_ = saved_depth;
  immediate_ = saved_immediate;
  finished_ = saved_finished;
  caret_base_.reset();
  nested_ = false;
  current_line_ = outer;
  if (moved) {
    error("The command cannot be run from a configuration view.");
    return Status::Error;
  }
  return st;
}

std::string Session::tick() {
  if (!hooks_.tick) return {};
  std::ostringstream text;
  try {
    hooks_.tick(text);
  } catch (const std::exception& e) {
    text << "Error: " << e.what() << '\n';
  }
  return std::move(text).str();
}

void Session::record_history(std::string_view line,
                             const std::vector<std::pair<std::size_t, std::size_t>>& secrets) {
  std::string entry;
  std::size_t at = 0;
  for (const auto& [begin, end] : secrets) {
    entry.append(line.substr(at, begin - at));
    entry += "******";
    at = end;
  }
  entry.append(line.substr(at));
  entry = std::string(trim_blanks(entry));
  if (history_.size() == kHistorySize) history_.pop_front();
  history_.push_back(entry);
  last_history_entry_ = std::move(entry);
}

void Session::quit() {
  if (frames_.size() <= 1) {
    finish();
    return;
  }
  // Leaving the last configuration frame leaves the system-view family.
  if (frames_.size() == 2 && hooks_.uncommitted && hooks_.uncommitted() && !confirm_leave_system()) return;
  frames_.pop_back();
  matched_depth_ = frames_.size() - 1;
}

void Session::return_to_user() {
  if (frames_.size() <= 1) return;
  if (hooks_.uncommitted && hooks_.uncommitted() && !confirm_leave_system()) return;
  frames_.resize(1);
  matched_depth_ = 0;
}

bool Session::confirm_leave_system() {
  switch (ask(kLeaveQuestion, Choices::YesNoCancel)) {
    case Answer::Yes:
      return hooks_.commit ? hooks_.commit(out_) : true;
    case Answer::No:
      if (hooks_.discard) hooks_.discard();
      return true;
    case Answer::Cancel:
      break;
  }
  return false;
}

// Both are called from readline's C callbacks too, so nothing may escape them.
std::string Session::help_text(std::string_view before_cursor) const try {
  const std::size_t prompt_len = prompt().size();
  MatchResult first_error;
  for (std::size_t d : search_depths()) {
    MatchResult err;
    auto items = reg_.help(frames_[d].view, before_cursor, &err);
    if (!items.empty()) {
      std::string text = format_help(items);
      if (!text.empty() && text.back() != '\n') text += '\n';
      return text;
    }
    if (d + 1 == frames_.size()) first_error = err;
  }
  if (is_error(first_error.kind)) return caret_block(prompt_len + first_error.error_col, first_error.kind);
  return {};
} catch (const std::exception& e) {
  return fmt::format("Error: {}\n", e.what());
}

std::vector<std::string> Session::completions(std::string_view before_cursor) const try {
  for (std::size_t d : search_depths()) {
    auto words = reg_.complete(frames_[d].view, before_cursor);
    if (!words.empty()) return words;
    // A line that is fine here but has nothing to complete (a free-form value) must not pick
    // up keywords of an enclosing view.
    if (!reg_.help(frames_[d].view, before_cursor).empty()) break;
  }
  return {};
} catch (const std::exception&) {
  return {};
}

}  // namespace vrsh::cli
