#pragma once
// The text of a `vrsh --check` scenario: the `!args:` words, and the blocks of a multi-router
// scenario. A multi-router scenario is a sequence of steps, run one after the other:
//   !router NAME [OPTIONS...]   the lines below, up to the next step, are typed on router NAME;
//                               its first block starts it as `vrsh --keep-going OPTIONS`, a later
//                               `!router NAME` (without options) goes back to it, still running
//   !run PROGRAM [ARGS...]      runs PROGRAM with ARGS (no shell) once the routers before it are
//                               done: a tool that transforms a capture between two routers
//   !paste FILE                 in a router's block: the lines of FILE, typed there as if pasted
//                               (a configuration kept in a file of its own)
// Before the first step there may be blank and comment lines only. check_routers.hpp runs them.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vrsh::commands::check {

// Words split as a POSIX shell splits them (quotes and backslashes), without any expansion.
std::vector<std::string> split_args(std::string_view line);

struct Step {
  enum class Kind { Router, Run };
  Kind kind = Kind::Router;
  std::size_t line = 0;  // of its header, from 1
  std::string header;    // the header line as written: the transcript shows it
  std::string name;      // Router: the router's name
  std::string args;      // the options (a router's first block) or the program and its arguments
  bool starts = false;   // Router: its first block, which starts it
  std::string input;     // Router: the block's lines, each ending in '\n'
};

struct Script {
  std::vector<Step> steps;
  std::string error;           // when the scenario is malformed (then no step runs): what is wrong
  std::size_t error_line = 0;  // and where
};

// True when the scenario has `!router` or `!run` lines: it is a multi-router scenario.
bool has_steps(std::string_view content);
// `paste` reads the FILE of a `!paste` line into `text`; false (with `text` saying why) fails.
using PasteFn = std::function<bool(const std::string& file, std::string& text)>;
Script parse_steps(std::string_view content, const PasteFn& paste = {});

}  // namespace vrsh::commands::check
