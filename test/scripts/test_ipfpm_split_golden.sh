#!/usr/bin/env bash
# DESIGN: the same transcript whether the DCPs and the MCP share a process or not. The golden
# ipfpm/mcp_on_another_router runs delay_verbose's measurement with the MCP on a second router
# (another vrsh process, reports over UDP); the MCP's displays in the two goldens must be the same
# lines, apart from the prompt's name (and the caret lines under it, which follow its length).
# Usage: test_ipfpm_split_golden.sh <vrsh> <source-dir> <build-dir>
set -u
G=$2/test/golden/ipfpm
displays() {  # the display commands and their output, prompts as <P>, caret lines dropped
  awk '/^<[A-Z0-9]+>display ipfpm statistic-type/ { on = 1 } /^<[A-Z0-9]+>/ && !/display ipfpm statistic-type/ { on = 0 }
       /^%% / { on = 0 } on' "$1" | sed 's/^<[A-Z0-9]*>/<P>/' | grep -v '^ *\^$'
}
split=$(displays "$G/mcp_on_another_router.out")
single=$(displays "$G/delay_verbose.out")
[ -n "$split" ] || { echo "FAIL: no MCP display in mcp_on_another_router.out"; exit 1; }
# The split golden shows a subset of delay_verbose's displays, in the same order.
if ! diff <(printf '%s\n' "$split") <(printf '%s\n' "$single" | head -n "$(printf '%s\n' "$split" | wc -l)"); then
  echo "FAIL: the MCP on another router displays other lines than the MCP in the DCP's process"
  exit 1
fi
echo "PASS: $(printf '%s\n' "$split" | grep -c '^<P>') MCP displays are the same in one process and across two"
