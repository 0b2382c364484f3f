#!/usr/bin/env bash
# SIGINT stops a running `packet-replay` in batch mode (issue #15 item 6): the replay ends where it
# is, even while a realtime replay waits an hour for its next packet, its summary says it was
# interrupted and how far it got, the table stays usable, and the session ends as SIGINT ends it.
# (The terminal's Ctrl-C is driven in test_interactive_tmux.sh.)
# Usage: test_replay_interrupt.sh <vrsh-binary>
set -u
VRSH=${1:?usage: $0 <vrsh-binary>}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/vrsh-intr.XXXXXX")
pid=""
cleanup() {
  [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
  exec 3>&- 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*"
  for f in out err; do
    echo "---- $f ----"
    cat "$WORK/$f" 2>/dev/null
  done
  exit 1
}

# Ten UDP packets an hour apart: only an interruptible wait lets this replay end in time.
/usr/bin/python3 - "$WORK/hourly.pcap" <<'PY' || fail "cannot write the capture"
import struct, sys
frame = bytes.fromhex("00e0fc000001" "02000000000a" "0800"
                      "45000020000100004011" "0000" "0a01010a" "0a090909"
                      "04d2162e000c0000" "61626364")
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(10):
        f.write(struct.pack("<IIII", 1767225600 + 3600 * i, 0, len(frame), len(frame)) + frame)
PY

mkfifo "$WORK/in"
"$VRSH" <"$WORK/in" >"$WORK/out" 2>"$WORK/err" &
pid=$!
exec 3>"$WORK/in"
cat >&3 <<EOF
system-view
interface GigabitEthernet0/1/0
undo shutdown
ip address 10.1.1.1 24
commit
return
packet-replay interface GigabitEthernet0/1/0 file $WORK/hourly.pcap speed realtime
EOF

# The replay runs once vrsh has the capture open.
opened=""
for _ in $(seq 300); do
  if ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "$WORK/hourly.pcap"; then
    opened=yes
    break
  fi
  kill -0 "$pid" 2>/dev/null || fail "vrsh ended before the replay started"
  sleep 0.1
done
[[ -n $opened ]] || fail "vrsh never opened the capture"
kill -INT "$pid"

ended=""
for _ in $(seq 300); do
  if ! kill -0 "$pid" 2>/dev/null; then
    ended=yes
    break
  fi
  sleep 0.1
done
[[ -n $ended ]] || fail "vrsh did not stop within 30 s of SIGINT"
wait "$pid"
pid=""

grep -qE '^Info: Interrupted after [0-9]+ packets \([0-9]+ bytes, [0-9]+% of the file\) on GigabitEthernet0/1/0: forwarded [0-9]+, dropped [0-9]+' "$WORK/out" ||
  fail "no interrupted summary"
n=$(sed -nE 's/^Info: Interrupted after ([0-9]+) packets.*/\1/p' "$WORK/out")
((n >= 1 && n < 10)) || fail "interrupted after $n packets, expected 1 to 9"
grep -qxF "Info: Received SIGINT, stopping." "$WORK/err" || fail "the session did not end on SIGINT"
grep -q '^Info: Replayed' "$WORK/out" && fail "the replay claims it finished"
echo "PASS: SIGINT stopped a realtime replay after $n of 10 packets"
