#!/usr/bin/env bash
# Builds vrsh twice (warnings as errors; then with ASan+UBSan) and runs every test in both builds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
run() {  # build-dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja -DVRSH_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600) | tee "$dir/ctest.log"
  local n
  n=$(sed -n 's/.*tests passed, 0 tests failed out of \([0-9]*\).*/\1/p' "$dir/ctest.log" | tail -1)
  total=$((total + ${n:-0}))
}
total=0
run build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run build/asan -DCMAKE_BUILD_TYPE=Debug -DVRSH_SANITIZE=ON
# Third stage: every libFuzzer target for a short bounded time (test/fuzz/run_fuzzers.sh), then
# their regression inputs. Skipped with a message when clang or its libFuzzer runtime is missing.
fuzz_rc=0
VRSH_FUZZ_JOBS=$jobs test/fuzz/run_fuzzers.sh build/fuzz "${VRSH_FUZZ_SECONDS:-20}" || fuzz_rc=$?
if ((fuzz_rc == 77)); then
  echo "fuzz stage skipped: clang with libFuzzer is not installed"
elif ((fuzz_rc != 0)); then
  exit "$fuzz_rc"
fi
echo "all stages: $total passed, 0 failed"
