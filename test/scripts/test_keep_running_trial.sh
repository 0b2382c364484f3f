#!/usr/bin/env bash
# A trial commit runs out while `--keep-running` forwards after the end of the input: the session's
# clock still ticks (once a second; --test-trial-clock 300 makes each tick five minutes, and the
# trial of 900 s outlasts the ticks its input lines give), so the rollback
# and its log line come without any further input, and SIGTERM then ends vrsh cleanly.
# Usage: test_keep_running_trial.sh <vrsh> <source-dir> <build-dir>
set -u
VRSH=$1 BUILD=$3
skip() { echo "skip: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "network namespaces need root"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
NS=vtkr$$
ip netns add "$NS" 2>/dev/null || skip "ip netns is not available here"
W=$(mktemp -d "${BUILD}/keep-running.XXXXXX")
PID=
cleanup() {
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  ip netns del "$NS" 2>/dev/null
  rm -rf "$W"
}
trap cleanup EXIT
D=vkr${$}a
ip link add "$D" netns "$NS" type veth peer name "${D}b" netns "$NS" || skip "cannot create veth pairs"
ip -n "$NS" link set "$D" up
ip -n "$NS" link set "${D}b" up

printf '%s\n' "system-view" "sysname TRIAL" "commit trial 900" "return" >"$W/in"
ip netns exec "$NS" "$VRSH" --keep-running --test-trial-clock 300 --port "GigabitEthernet0/1/0=live:$D" \
  <"$W/in" >"$W/out" 2>"$W/err" &
PID=$!
rolled=
for _ in $(seq 1 150); do
  if grep -q "was not confirmed" "$W/out"; then rolled=1; break; fi
  kill -0 "$PID" 2>/dev/null || break
  sleep 0.1
done
[ -n "$rolled" ] || { echo "FAIL: the trial did not run out after the input ended"; cat "$W/out" "$W/err"; exit 1; }
kill -0 "$PID" 2>/dev/null || { echo "FAIL: vrsh did not keep running"; cat "$W/err"; exit 1; }
kill -TERM "$PID"
wait "$PID"
rc=$?
PID=
[ "$rc" = 0 ] || { echo "FAIL: exit status $rc after SIGTERM"; cat "$W/out" "$W/err"; exit 1; }
grep -q "^Info: The trial configuration (commit [0-9]*) was not confirmed" "$W/out" ||
  { echo "FAIL: no rollback log line"; cat "$W/out"; exit 1; }
echo "trial ran out while forwarding"
