#!/usr/bin/env bash
# Runs every file in DIR once through the fuzz target BINARY (no fuzzing). Exit 77 when DIR holds
# nothing yet, so ctest shows the target as skipped rather than as a test that cannot fail.
set -euo pipefail
bin=$1 dir=$2
shopt -s nullglob
files=("$dir"/*)
if ((${#files[@]} == 0)); then
  echo "no regression inputs in $dir"
  exit 77
fi
# Regression inputs never need long; a hang is reported as a failure, not waited out.
exec "$bin" -timeout=25 -rss_limit_mb=4096 "${files[@]}"
