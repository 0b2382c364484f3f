#!/usr/bin/env bash
# How configuration load time grows with its size (issue #15): N `ip route-static` lines piped into
# vrsh after system-view, in canonical order (as a saved file has them) and shuffled, then one
# commit. Prints the time, the cost per line and that cost relative to the smallest size of the
# same order, measured in the same run: about 1.0 means the load is linear.
# Usage: test/bench/bench_config_load.sh VRSH [N...]   (default N: 10000 20000 40000 100000)
set -euo pipefail
vrsh=$1; shift
sizes=("$@")
((${#sizes[@]})) || sizes=(10000 20000 40000 100000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_config() {  # N ORDER -> file
  /usr/bin/python3 - "$1" "$2" >"$work/cfg" <<'PY'
import random, sys
n, order = int(sys.argv[1]), sys.argv[2]
ids = list(range(n))
if order == "shuffled":
    random.Random(1).shuffle(ids)
print("system-view\ninterface GigabitEthernet0/1/0\nundo shutdown\nip address 192.168.1.254 24\nquit")
for i in ids:
    print(f"ip route-static 10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255} 32 192.168.1.{1 + i % 200}")
print("commit")
PY
}

printf '%-9s %8s %9s %10s %9s\n' order lines seconds "us/line" "vs first"
for order in canonical shuffled; do
  first=""
  for n in "${sizes[@]}"; do
    make_config "$n" "$order"
    start=$EPOCHREALTIME
    "$vrsh" --keep-going <"$work/cfg" >"$work/out"
    end=$EPOCHREALTIME
    grep -q "^\[~HUAWEI-GigabitEthernet0/1/0\]\|^\[\*HUAWEI\]commit" "$work/out" || { echo "vrsh did not load it"; exit 1; }
    per=$(awk -v s="$start" -v e="$end" -v n="$n" 'BEGIN { print (e - s) * 1e6 / n }')
    [[ -n $first ]] || first=$per
    awk -v o="$order" -v n="$n" -v s="$start" -v e="$end" -v p="$per" -v f="$first" \
      'BEGIN { printf "%-9s %8d %9.2f %10.1f %9.2f\n", o, n, e - s, p, p / f }'
  done
done
