// The startup file never loses a line (issue #12): it is restored command by command as the
// vendor restores a .cfg file (vrp-cli-addendum.md 2.1), every rejected line is reported and
// recorded, and the file that holds them is copied aside before a save overwrites it.
#include "commands/startup.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

#include "cli/session.hpp"
#include "commands/common.hpp"
#include "model/validate.hpp"

namespace vrsh::commands {

using cli::Args;
using cli::Ctx;
using cli::Status;

namespace {

namespace fs = std::filesystem;

struct FileLine {
  int no = 0;
  std::string text;        // as in the file, without the line end
  std::size_t indent = 0;  // leading spaces
  bool separator = false;  // a `#` line: back to system view
  int block = -1;          // the top-level block (a line at indent 0 and the lines under it)
  std::string_view body() const { return std::string_view(text).substr(indent); }
};

// The command lines up to `return`; nullopt when the file cannot be read.
std::optional<std::vector<FileLine>> read_lines(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::vector<FileLine> lines;
  std::string text;
  int no = 0, block = -1;
  while (std::getline(in, text)) {
    ++no;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const std::size_t first = text.find_first_not_of(' ');
    if (first == std::string::npos || text[first] == '!') continue;
    FileLine l{no, text, first, false, -1};
    if (l.body() == "return") break;
    l.separator = l.body() == "#";
    if (!l.separator) {
      if (first == 0 || block < 0) ++block;
      l.block = block;
    }
    lines.push_back(std::move(l));
  }
  if (in.bad()) return std::nullopt;
  return lines;
}

// Replays `lines` but the blocks in `left_out` into a fresh candidate, in system view of a private
// session; returns the lines that failed. A line indented under a failed one is not run in some
// other view: it is rejected with it.
std::vector<RejectedLine> replay(const cli::Registry& reg, App& app, const std::vector<FileLine>& lines,
                                 const std::set<int>& left_out) {
  app.candidate = model::Config{};
  std::ostringstream sink;
  cli::Session s(reg, session_hooks(app), sink);
  s.execute("system-view");
  std::vector<RejectedLine> rejected;
  std::optional<std::size_t> failed_indent;
  int failed_no = 0;
  for (const FileLine& l : lines) {
    if (l.separator) {
      s.frames().resize(2);
      failed_indent.reset();
      continue;
    }
    if (left_out.contains(l.block)) continue;
    RejectedLine r{l.no, l.text, s.frames().back().view, false, {}, {}};
    if (failed_indent && l.indent > *failed_indent) {
      r.error = fmt::format("The view of line {} was not entered.", failed_no);
      rejected.push_back(std::move(r));
      continue;
    }
    failed_indent.reset();
    sink.str("");
    if (s.execute(l.body()) != Status::Ok) {
      r.parse = s.last_error_column().has_value();
      r.error = s.last_error().empty() ? "The command failed." : s.last_error();
      if (const auto col = s.last_error_column()) r.column = l.indent + *col;
      rejected.push_back(std::move(r));
      failed_indent = l.indent;
      failed_no = l.no;
    } else if (s.frames().size() < 2) {
      r.error = "The command left the system view.";
      rejected.push_back(std::move(r));
      s.execute("system-view");
    }
  }
  return rejected;
}

std::vector<std::string> problems(App& app) {
  model::prune_defaults(app.candidate);
  return model::validate(app.candidate);
}

std::string without_error_prefix(std::string s) {
  constexpr std::string_view kPrefix = "Error: ";
  if (s.starts_with(kPrefix)) s.erase(0, kPrefix.size());
  return s;
}

bool has_loaded_line(const std::vector<FileLine>& lines, const std::vector<RejectedLine>& rejected,
                     int block) {
  for (const FileLine& l : lines) {
    if (l.block != block) continue;
    const bool failed =
        std::any_of(rejected.begin(), rejected.end(), [&](const auto& r) { return r.line == l.no; });
    if (!failed) return true;
  }
  return false;
}

// The candidate does not commit: leaves out top-level blocks, from the last one back, each whose
// absence removes a problem (the block that names a missing object usually comes after what it
// names); when a whole pass removes none, the last block still loaded. Until the candidate
// validates. Returns why each block was left out; `rejected` becomes the final replay's failures.
std::map<int, std::string> leave_out_until_valid(const cli::Registry& reg, App& app,
                                                 const std::vector<FileLine>& lines,
                                                 std::vector<RejectedLine>& rejected) {
  std::map<int, std::string> why;
  std::set<int> left_out;
  int blocks = 0;
  for (const FileLine& l : lines) blocks = std::max(blocks, l.block + 1);
  const auto candidate = [&](int b) { return !left_out.contains(b) && has_loaded_line(lines, rejected, b); };
  auto errs = problems(app);
  const bool invalid = !errs.empty();  // then trials have replaced the candidate: replay at the end
  while (!errs.empty()) {
    bool progress = false;
    for (int b = blocks - 1; b >= 0 && !errs.empty(); --b) {
      if (!candidate(b)) continue;
      std::set<int> trial = left_out;
      trial.insert(b);
      replay(reg, app, lines, trial);
      auto fewer = problems(app);
      if (fewer.size() >= errs.size()) continue;
      const auto gone = std::find_if(errs.begin(), errs.end(), [&](const auto& e) {
        return std::find(fewer.begin(), fewer.end(), e) == fewer.end();
      });
      why[b] = without_error_prefix(gone != errs.end() ? *gone : errs.front());
      left_out = std::move(trial);
      errs = std::move(fewer);
      progress = true;
    }
    if (progress) continue;
    int last = blocks - 1;
    while (last >= 0 && !candidate(last)) --last;
    if (last < 0) break;  // nothing left to leave out: the commit reports the problem
    why[last] = without_error_prefix(errs.front());
    left_out.insert(last);
    replay(reg, app, lines, left_out);
    errs = problems(app);
  }
  if (invalid) rejected = replay(reg, app, lines, left_out);
  return why;
}

// "Unrecognized command found at '^' position." -> "... found at column 5" (1-based).
std::string reason_detail(const RejectedLine& r) {
  std::string e = r.error;
  constexpr std::string_view kAtCaret = " found at '^' position.";
  if (r.column && e.ends_with(kAtCaret))
    e = fmt::format("{} found at column {}", e.substr(0, e.size() - kAtCaret.size()), *r.column + 1);
  while (!e.empty() && e.back() == '.') e.pop_back();
  return fmt::format("{} ({})", r.parse ? "Unknown command" : "Execute failed", e);
}

// The command without its indentation.
std::string_view command_of(const RejectedLine& r) {
  const std::size_t first = r.text.find_first_not_of(' ');
  return std::string_view(r.text).substr(first == std::string::npos ? 0 : first);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

const StartupResult& load_startup(const cli::Registry& reg, App& app, const std::string& path) {
  StartupResult& r = app.startup;
  r = StartupResult{};
  r.path = path;
  std::error_code ec;
  if (!fs::exists(path, ec) && !ec) {
    r.file = StartupResult::File::Missing;
    return r;
  }
  const auto lines = read_lines(path);
  if (!lines) {
    r.file = StartupResult::File::Unreadable;
    return r;
  }
  r.file = StartupResult::File::Read;
  r.commands = static_cast<std::size_t>(
      std::count_if(lines->begin(), lines->end(), [](const auto& l) { return !l.separator; }));

  const std::vector<RejectedLine> first = replay(reg, app, *lines, {});
  std::vector<RejectedLine> rejected = first;
  const auto left_out = leave_out_until_valid(reg, app, *lines, rejected);
  for (const FileLine& l : *lines) {
    const auto why = left_out.find(l.block);
    if (l.separator || why == left_out.end()) continue;
    const auto failed =
        std::find_if(first.begin(), first.end(), [&](const auto& f) { return f.line == l.no; });
    if (failed != first.end()) {
      rejected.push_back(*failed);
    } else {
      rejected.push_back({l.no,
                          l.text,
                          "system",
                          false,
                          fmt::format("The configuration does not commit with this block: {}", why->second),
                          {}});
    }
  }
  std::sort(rejected.begin(), rejected.end(), [](const auto& a, const auto& b) { return a.line < b.line; });

  std::ostringstream commit_out;
  if (!app.commit(commit_out, "", "startup")) {
    // Validation passed, so this should not happen; if it does, nothing of the file is kept.
    app.candidate = model::Config{};
    r.commit_failed = true;
    const std::string why = without_error_prefix(commit_out.str().substr(0, commit_out.str().find('\n')));
    for (const FileLine& l : *lines) {
      if (l.separator ||
          std::any_of(rejected.begin(), rejected.end(), [&](const auto& x) { return x.line == l.no; }))
        continue;
      rejected.push_back(
          {l.no, l.text, "system", false, fmt::format("The configuration does not commit: {}", why), {}});
    }
    std::sort(rejected.begin(), rejected.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
  }
  r.rejected = std::move(rejected);
  // The time of the load is the time of its commit (one reading of the clock; newest first).
  r.time = app.store.history().empty() ? app.store.timestamp() : app.store.history().front().timestamp;
  return r;
}

void report_startup(const StartupResult& r, std::ostream& err) {
  if (r.file == StartupResult::File::Unreadable) {
    err << fmt::format(
        "Error: Failed to read the startup file {}. Starting with an empty configuration; save will not "
        "overwrite the file.\n",
        r.path);
    return;
  }
  if (r.rejected.empty()) return;
  // Consecutive lines rejected for the same reason (a block left out, the lines under a failed
  // one) are reported together.
  for (std::size_t i = 0; i < r.rejected.size();) {
    std::size_t j = i + 1;
    while (j < r.rejected.size() && !r.rejected[i].column && !r.rejected[j].column &&
           r.rejected[j].error == r.rejected[i].error)
      ++j;
    const RejectedLine& head = r.rejected[i];
    if (j == i + 1)
      err << fmt::format("Error: Line {} of the startup file {} was not restored:\n", head.line, r.path);
    else
      err << fmt::format("Error: Lines {}-{} of the startup file {} were not restored:\n", head.line,
                         r.rejected[j - 1].line, r.path);
    for (std::size_t k = i; k < j; ++k) err << r.rejected[k].text << '\n';
    if (head.column) err << std::string(*head.column, ' ') << "^\n";
    err << "Error: " << head.error << '\n';
    i = j;
  }
  const std::size_t restored = r.commit_failed ? 0 : r.commands - r.rejected.size();
  err << fmt::format(
      "Info: {} of the {} of the startup file {} {} restored; display configuration recover-result lists "
      "what was rejected. The file keeps it: the first save copies the file aside before overwriting it.\n",
      restored, plural(r.commands, "command", "commands"), r.path, restored == 1 ? "was" : "were");
}

bool save_config(App& app, const std::string& path, std::ostream& out) {
  StartupResult& st = app.startup;
  std::string err;
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (exists && path == st.path && st.holds_lost_text() && st.kept_as.empty()) {
    const auto kept = model::copy_file_aside(path, path + ".rejected", &err);
    if (!kept) {
      out << err << '\n'
          << fmt::format(
                 "Error: The startup file {} holds commands that were not restored; it was not "
                 "overwritten.\n",
                 path);
      return false;
    }
    st.kept_as = *kept;
    out << fmt::format("Info: The startup file {} holds {} that {} not restored; it was copied to {}.\n",
                       path, plural(st.rejected.size(), "command", "commands"),
                       st.rejected.size() == 1 ? "was" : "were", *kept);
  }
  if (exists && !model::copy_file_over(path, path + ".bak", &err)) {
    out << err << '\n'
        << fmt::format("Error: No backup of {} could be made; it was not overwritten.\n", path);
    return false;
  }
  if (!app.store.save(path, &err)) {
    out << err << '\n';
    return false;
  }
  return true;
}

void register_startup(cli::Registry& reg, App& app) {
  const std::string any(cli::kAnyView);

  reg.add({.views = {any},
           .syntax = "display startup",
           .help = {{"startup", "Startup files and what restoring the configuration file did"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const StartupResult& st = app.startup;
             const auto row = [&](std::string_view label, const std::string& value) {
               ctx.out() << fmt::format("  {:<43}{}\n", label, value);
             };
             const bool loaded = st.file == StartupResult::File::Read;
             ctx.out() << "MainBoard:\n";
             row("Startup saved-configuration file:", loaded ? st.path : "NULL");
             row("Next startup saved-configuration file:",
                 app.startup_path.empty() ? "NULL" : app.startup_path);
             if (loaded || st.file == StartupResult::File::Unreadable) {
               std::string result = "success";
               if (!loaded)
                 result = "failure, the file could not be read";
               else if (st.commit_failed)
                 result = "failure";
               else if (!st.rejected.empty())
                 result = fmt::format("partial failure, {} of {} rejected", st.rejected.size(),
                                      plural(st.commands, "command", "commands"));
               row("Configuration recovery result:", result);
             }
             if (!st.rejected.empty())
               row("Rejected commands kept in:", st.kept_as.empty() ? st.path : st.kept_as);
             std::error_code ec;
             if (!st.path.empty() && fs::exists(st.path + ".bak", ec))
               row("Backup of the previous saved file:", st.path + ".bak");
             if (st.rejected.empty()) return Status::Ok;
             ctx.out() << "Rejected commands (display configuration recover-result):\n";
             for (const auto& r : st.rejected)
               ctx.out() << fmt::format("  Line {}: {}\n", r.line, command_of(r));
             return Status::Ok;
           }});

  reg.add({.views = {any},
           .syntax = "display configuration recover-result",
           .help = {{"recover-result", "Commands of the startup file that were not restored"}},
           .run = [&app](Ctx& ctx, const Args&) {
             const StartupResult& st = app.startup;
             const bool loaded = st.file == StartupResult::File::Read;
             ctx.out() << fmt::format("The current startup saved-configuration file is {}.\n",
                                      loaded ? st.path : "NULL");
             ctx.out() << fmt::format("The number of failed commands is {}.\n", st.rejected.size());
             for (const auto& r : st.rejected)
               ctx.out() << fmt::format(
                   "Command : {}\nView    : {}\nLine    : {}\nReason  : {}\nTime    : {}\n", command_of(r),
                   r.view, r.line, reason_detail(r), st.time);
             return Status::Ok;
           }});
}

}  // namespace vrsh::commands
