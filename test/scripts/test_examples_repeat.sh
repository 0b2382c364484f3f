#!/usr/bin/env bash
# Determinism: every example (examples/*.cfg and the scenario folder) runs 10 times and each run's
# transcript must equal its .out byte for byte (vrsh --check compares them). Catches output that
# depends on thread timing, such as an MCP display racing the reports of a DCP.
# Usage: test_examples_repeat.sh <vrsh> <source-dir> <build-dir>
set -u
VRSH=$1 SRC=$2 BUILD=$3
W=$(mktemp -d "${BUILD}/examples-repeat.XXXXXX")
fails=0
for f in "$SRC"/examples/*.cfg; do
  [ -f "${f%.cfg}.out" ] || { echo "FAIL: $f has no .out"; fails=$((fails + 1)); }
done
for i in $(seq 1 10); do
  if ! sh "$SRC/test/tools/private_net.sh" "$VRSH" --check --define SRC="$SRC" --work "$W" \
      "$SRC"/examples/*.cfg "$SRC/examples/scenarios" >"$W/run$i.txt" 2>&1; then
    echo "FAIL: run $i differs from the .out files:"
    cat "$W/run$i.txt"
    fails=$((fails + 1))
  fi
done
if [ "$fails" -ne 0 ]; then
  echo "$fails failure(s)"
  exit 1
fi
rm -rf "$W"
echo "PASS: every example gave its .out 10 times"
