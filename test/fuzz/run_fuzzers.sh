#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) in BUILD_DIR and runs each for SECONDS
# (default 20), then replays the regression inputs. Any crash, hang, leak or sanitizer report
# fails the run; the finding is minimized into test/fuzz/regressions/<target>/ so ctest replays
# it from then on. Corpora grow in BUILD_DIR/fuzz-work/<target>/corpus across runs.
# Usage: test/fuzz/run_fuzzers.sh [BUILD_DIR] [SECONDS] [TARGET...]
# Exit status 77 when clang or its libFuzzer runtime is missing (callers treat that as skipped).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build/fuzz}
secs=${2:-20}
shift $(($# > 2 ? 2 : $#))
targets=("$@")
((${#targets[@]})) || targets=(fuzz_syntax fuzz_matcher fuzz_session fuzz_roundtrip fuzz_decoder fuzz_pcap fuzz_report)
jobs=${VRSH_FUZZ_JOBS:-2}

cxx=${VRSH_FUZZ_CXX:-clang++}
cc=${VRSH_FUZZ_CC:-clang}
if ! command -v "$cxx" >/dev/null || ! command -v "$cc" >/dev/null; then
  echo "run_fuzzers: $cxx not found; skipping the fuzz run"
  exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' > "$probe/p.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" 2>/dev/null; then
  echo "run_fuzzers: $cxx cannot link -fsanitize=fuzzer (libclang-rt missing?); skipping the fuzz run"
  exit 77
fi

mkdir -p "$build"
build=$(cd "$build" && pwd)
CC=$cc CXX=$cxx cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" \
  -DVRSH_WERROR=ON -DVRSH_FUZZ=ON >/dev/null
cmake --build "$build" --target "${targets[@]}" -j"$jobs"

work=$build/fuzz-work
rm -rf "$work/seeds"
if command -v python3 >/dev/null; then python3 "$src/test/fuzz/make_seeds.py" "$src" "$work/seeds"; fi
captures=()
for d in "$src/test/data/public" "$src/test/golden/esqm/data" "$src/examples"; do
  [[ -d $d ]] && captures+=("$d")
done

# Per target: the largest input worth trying, and extra read-only corpus directories.
max_len() {
  case $1 in
    fuzz_pcap) echo 65536 ;;
    fuzz_session | fuzz_roundtrip) echo 8192 ;;
    fuzz_report) echo 8192 ;;
    *) echo 2048 ;;
  esac
}
# Per target: extra libFuzzer flags. fuzz_session's inputs reach some 36,000 features; the entropic
# scheduler's per-feature bookkeeping then took two thirds of the time (35 exec/s with it, 106
# without, same corpus and machine), so that target schedules the classic way.
extra_flags() {
  case $1 in
    fuzz_session | fuzz_roundtrip) echo -entropic=0 ;;
  esac
  return 0
}
extra_dirs() {
  case $1 in
    fuzz_pcap) printf '%s\n' "${captures[@]}" ;;
    *) [[ -d $work/seeds/$1 ]] && echo "$work/seeds/$1" ;;
  esac
  return 0
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# While fuzzing, ASan records no stack for each malloc and free (malloc_context_size=0): capturing
# and storing them was an eighth of fuzz_session's time. A report then lacks the "allocated by" and
# "freed by" stacks (the faulting access keeps its own), but every finding is saved and replayed
# below and by ctest with the plain options above, which print them.
fuzz_asan=${VRSH_FUZZ_ASAN_OPTIONS:-$ASAN_OPTIONS:malloc_context_size=0}
failed=()
printf '%-14s %10s %12s %8s %s\n' target exec/s executions corpus result
for t in "${targets[@]}"; do
  bin=$build/test/fuzz/$t
  corpus=$work/$t/corpus
  artifacts=$work/$t/artifacts
  mkdir -p "$corpus" "$artifacts"
  mapfile -t dirs < <(extra_dirs "$t")
  log=$work/$t/last.log
  status=ok
  if ! ASAN_OPTIONS=$fuzz_asan "$bin" "$corpus" "${dirs[@]}" -max_total_time="$secs" -max_len="$(max_len "$t")" $(extra_flags "$t") -timeout=10 \
      -rss_limit_mb=2560 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
    status=FAILED
    failed+=("$t")
    for a in "$artifacts"/*; do
      [[ -f $a ]] || continue
      dest=$src/test/fuzz/regressions/$t/$(basename "$a")
      mkdir -p "$(dirname "$dest")"
      # Minimizing a crash keeps the same failure with fewer bytes; keep the original otherwise.
      if ! "$bin" -minimize_crash=1 -max_total_time=30 -exact_artifact_path="$dest" "$a" >/dev/null 2>&1 \
          || [[ ! -s $dest ]]; then
        cp "$a" "$dest"
      fi
      rm -f "$a"
      echo "  finding saved as $dest"
    done
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|deadly signal' "$log" || true
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  printf '%-14s %10s %12s %8s %s\n' "$t" "${rate:-?}" "${execs:-?}" "$(ls "$corpus" | wc -l)" "$status"
done

# Only the targets built here: the others' binaries may be missing or stale.
only=$(IFS='|' && echo "${targets[*]}")
if ! (cd "$build" && ctest -R "^fuzz regressions: ($only)\$" --output-on-failure); then
  failed+=(regressions)
fi
if ((${#failed[@]})); then
  echo "run_fuzzers: FAILED: ${failed[*]} (logs in $work/<target>/last.log)"
  exit 1
fi
echo "run_fuzzers: all targets clean"
