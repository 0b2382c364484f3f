#pragma once
// The startup file: loading it (--startup), saving over it, and the displays of what loading did.
#include <ostream>
#include <string>

#include "cli/registry.hpp"
#include "commands/app.hpp"

namespace vrsh::commands {

// Restores `path` (a rendered configuration: `#` separators, one-space indents, `return`) command
// by command, as the vendor restores a .cfg file: every line that is valid is kept, each failing
// line is recorded (with the lines indented under it, whose view it would have opened), and
// what remains is committed. When that commit fails, whole top-level blocks are left out, from
// the last one back, until it succeeds (each left-out line is recorded too). A missing file is not
// an error: the first `save` creates it. Stores the result in app.startup and returns it.
const StartupResult& load_startup(const cli::Registry& reg, App& app, const std::string& path);
// One report per rejected line: file name, line number, the line, the caret and the error; then a
// summary. Prints nothing when everything was restored.
void report_startup(const StartupResult& r, std::ostream& err);

// `save [ FILE ]` after its question, to `path`: the plain backup `<file>.bak` of the previous
// file; before the first save over the startup file whose load rejected lines, a copy
// `<file>.rejected.bak` (or .2.bak, ...) that no save ever replaces. Refuses to overwrite the file
// when a copy cannot be made.
bool save_config(App& app, const std::string& path, std::ostream& out);

}  // namespace vrsh::commands
