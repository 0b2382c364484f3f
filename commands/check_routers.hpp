#pragma once
// Runs a multi-router scenario (check_script.hpp): its transcript, and whether everything in it
// exited with status 0.
//
// Each router is a vrsh process of its own, as on a real network: reports between routers travel
// over UDP (127.0.0.1 with `--ipfpm-mcp-host`), captures through files (`--port IF=out:PATH` on one
// router, `packet-replay` of it, or of what a `!run` tool made of it, on the next). Steps run one at
// a time in the scenario's order, each to its end: a router's block is done when the router has
// run every line of it and waits for more (it says so through VRSH_CHECK_SYNC_FD,
// batch_input.hpp). Nothing else runs meanwhile, so what a router prints, and what it sends to
// another router, is the same on every run. A DCP's `packet-replay` ends once the MCP has
// acknowledged its reports, so a later block on the MCP's router shows them.
//
// Each router's standard output and error so far are @WORK@/NAME.stdout and NAME.stderr, for a
// `!run` tool that checks what a router displayed.
//
// The transcript is, step by step: the step's header line as written, then what the router printed
// during its block (its standard error, if any, after `%% stderr:`), or what the tool printed (and
// `%% exit status N` when it is not 0). At the end of the scenario each router's input is closed,
// in the order the routers started, and its last output and `%% NAME exit status N` follow.
#include <filesystem>
#include <functional>
#include <string>

#include "commands/check_script.hpp"

namespace vrsh::commands::check {

struct StepEnv {
  std::string self;                             // the vrsh executable
  std::filesystem::path dir;                    // the scenario's folder: every process's working directory
  std::filesystem::path work;                   // its scratch folder: the routers' and tools' output files
  std::function<void(std::string&)> expand;     // @NAME@ -> value in what is typed or run
  std::function<void(std::string&)> name_back;  // value -> @NAME@ in what is printed
};

struct StepsResult {
  std::string transcript;
  int status = 0;  // the first exit status that is not 0, of a router or a tool; else 0
  // A `!run` program that failed (exit status not 0) fails the scenario whatever its .out says,
  // so that a checking tool cannot be recorded as expected to fail: which one, and what it said.
  std::string tool_failure, tool_output;
};
StepsResult run_steps(const Script& s, const StepEnv& env);

}  // namespace vrsh::commands::check
