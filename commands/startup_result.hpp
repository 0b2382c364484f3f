#pragma once
// What loading the startup file did, kept for `save` (which keeps a file with rejected lines
// aside before overwriting it), `display startup` and `display configuration recover-result`.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace vrsh::commands {

// One command of the startup file that was not restored (the vendor's recover-result record).
struct RejectedLine {
  int line = 0;        // 1-based line number in the file
  std::string text;    // the line as in the file, indentation kept
  std::string view;    // the view it was tried in ("system", "interface", ...)
  bool parse = false;  // the line did not parse (vendor reason "Unknown command"), else it failed
  std::string error;   // why, as printed after "Error: "
  std::optional<std::size_t> column;  // a parse error's caret, as a column of `text`
};

struct StartupResult {
  enum class File { None, Missing, Unreadable, Read };
  std::string path;  // the --startup file ("" without one)
  File file = File::None;
  std::size_t commands = 0;    // command lines in the file (no separators, comments or blanks)
  bool commit_failed = false;  // nothing of the file could be committed: started empty
  std::vector<RejectedLine> rejected;
  std::string time;     // when it was loaded, "YYYY-MM-DD HH:MM:SS"
  std::string kept_as;  // the copy of the original made before the first save ("": none yet)

  // The file on disk holds text the running configuration lacks: the first save must copy it
  // aside before it overwrites the file.
  bool holds_lost_text() const {
    return file == File::Unreadable || (file == File::Read && (commit_failed || !rejected.empty()));
  }
};

}  // namespace vrsh::commands
