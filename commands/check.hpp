#pragma once
// `vrsh --check`: runs scenarios (an operator session in FILE.in, optionally with command-line
// options on a first line `!args: ...`) through vrsh in batch mode, exactly as the project's own
// golden transcripts run, and compares each transcript with FILE.out (see check_diff.hpp for the
// volatile-line conventions). Usage in kCheckUsage (check.cpp).
#include <string>
#include <vector>

namespace vrsh::commands {

// `args` are the words after `--check`; `self` is the vrsh executable that runs the scenarios.
// Returns the exit status: 0 when every scenario passed, 1 when one failed, 2 on a usage error.
int check_main(const std::vector<std::string>& args, const std::string& self);

}  // namespace vrsh::commands
