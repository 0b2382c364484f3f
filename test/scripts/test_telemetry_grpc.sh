#!/usr/bin/env bash
# gRPC dial-out end to end: vrsh configured through its CLI streams the ESQM records of replayed
# captures to collectors written with python3-grpcio (test/tools/grpc_collector.py, stubs
# generated from the repository's .proto files), on 127.0.0.1:
#  1. one collector up (encoding json), one down at start (encoding gpb): the first gets every
#     record at once; the second's records wait in vrsh's queue (send errors counted) and arrive,
#     in order, once it is started;
#  2. `json only-content` restarts the JSON subscription's stream in that shape;
#  3. the GPB collector is stopped, more records than the queue holds age: the overflow is counted
#     as dropped, and the restarted collector gets exactly the queued records, in order.
# Every message is checked field by field against --esqm-export (test/tools/dialout_check.py).
# Waits are bounded polls on files and on `display telemetry destination`, never fixed sleeps.
set -u
vrsh=$1 src=$2 build=$3
PY=/usr/bin/python3
TOOLS=$src/test/tools
"$PY" -c 'import grpc, google.protobuf' 2>/dev/null || { echo "SKIP: python3-grpcio/python3-protobuf missing"; exit 77; }
command -v protoc >/dev/null && [ -x /usr/bin/grpc_python_plugin ] ||
  { echo "SKIP: protoc or grpc_python_plugin (protobuf-compiler-grpc) missing"; exit 77; }
W=$(mktemp -d "$build/telemetry-grpc.XXXXXX")
declare -A FD PID SYNCS
fails=0
# shellcheck source=fifo_routers.sh
. "$(dirname "${BASH_SOURCE[0]}")/fifo_routers.sh"
collectors=()
cleanup() {
  close_fifos
  for p in "${collectors[@]}"; do kill "$p" 2>/dev/null; done
  for n in "${!PID[@]}"; do wait "${PID[$n]}" 2>/dev/null; done
  for p in "${collectors[@]}"; do wait "$p" 2>/dev/null; done
  [ "$fails" = 0 ] && [ -z "${KEEP:-}" ] && rm -rf "$W"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
export GRPC_VERBOSITY=NONE

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# collector NAME PORT: starts a collector writing NAME.jsonl, and waits until it listens.
collector() {
  rm -f "$W/$1.port"
  # Without vrsh's FIFO open, or vrsh would never see the end of its input.
  (
    close_fifos
    exec "$PY" "$TOOLS/grpc_collector.py" --out "$W/$1.jsonl" --port-file "$W/$1.port" --port "$2"
  ) &
  collectors+=($!)
  eval "${1}_pid=$!"
  for _ in $(seq 300); do [ -s "$W/$1.port" ] && return 0; sleep 0.1; done
  fail "collector $1 did not start"
  return 1
}
lines() { [ -f "$1" ] && wc -l <"$1" || echo 0; }
# wait_lines FILE N: until FILE has at least N lines (at most 30 s).
wait_lines() {
  for _ in $(seq 300); do [ "$(lines "$1")" -ge "$2" ] && return 0; sleep 0.1; done
  fail "$1 has $(lines "$1") lines, expected $2"
  return 1
}
# show: runs `display telemetry destination` and returns once its table is in the transcript.
show() {
  local want=$((${SYNCS[r]} + 1))
  SYNCS[r]=$want
  send r "display telemetry destination"
  for _ in $(seq 300); do
    # Each table has three rules: the third ends it.
    [ "$(grep -c '^-----' "$W/r.out")" -ge $((3 * want)) ] && return 0
    sleep 0.1
  done
  fail "vrsh did not answer (see $W/r.out)"
  return 1
}
# field PORT COLUMN: a counter of the destination 127.0.0.1:PORT in the last table
# (4 Sent, 5 Dropped, 6 SendErrors, 7 Queued, 8 Connects; 3 is the state).
field() { tac "$W/r.out" | grep -m1 "^ 127.0.0.1:$1 " | awk -v c="$2" '{print $c}'; }
# wait_field PORT COLUMN OP VALUE: displays until the counter satisfies the test (at most 30 s).
wait_field() {
  for _ in $(seq 150); do
    show || return 1
    [ "$(field "$1" "$2")" "$3" "$4" ] && return 0
    sleep 0.2
  done
  fail "127.0.0.1:$1 column $2 is $(field "$1" "$2"), expected $3 $4"
  tail -30 "$W/r.out"
  return 1
}
check() { "$PY" "$TOOLS/dialout_check.py" --export "$W/export.json" --node EDGE --version "$version" "$@" || fail "dialout_check $*"; }
replay() { send r "packet-replay interface GigabitEthernet0/1/0 file $1"; }

version=$("$vrsh" --version | awk '{print $2}')
jport=$(free_port)
gport=$(free_port)
collector json "$jport" || exit 1
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/a.pcap" --tcp 3 --gtp 2 --t0 1767225600
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/c.pcap" --tcp 2 --gtp 1 --t0 1767229200
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/d.pcap" --tcp 10400 --t0 1767232800

start r "$vrsh" --esqm-export "$W/export.json"
send r "system-view" "sysname EDGE" \
  "interface GigabitEthernet0/1/0" "undo shutdown" "ip address 10.1.0.1 16" "esqm service-stream inbound" \
  "interface GigabitEthernet0/1/1" "undo shutdown" "ip address 10.9.0.1 16" "quit" "esqm" "esqm protocol tcp enable" "quit" \
  "telemetry" "sensor-group esqm" "sensor-path huawei-esqm:esqm/tcp-datas/tcp-data" \
  "sensor-path huawei-esqm:esqm/gtp-datas/gtp-data" "quit" \
  "destination-group json" "ipv4-address 127.0.0.1 port $jport protocol grpc no-tls" "quit" \
  "destination-group gpb" "ipv4-address 127.0.0.1 port $gport protocol grpc no-tls" "quit" \
  "subscription sjson" "sensor-group esqm" "destination-group json" "encoding json" "quit" \
  "subscription sgpb" "sensor-group esqm" "destination-group gpb" "quit" "commit" "return"

echo "-- 1. JSON collector up, GPB collector down at start"
replay "$W/a.pcap"
wait_lines "$W/export.json" 5
wait_lines "$W/json.jsonl" 5
wait_field "$gport" 6 -ge 1 # its connection attempts fail, counted
[ "$(field "$gport" 7)" = 5 ] || fail "the GPB destination should hold the 5 records, queued: $(field "$gport" 7)"
[ "$(field "$gport" 3)" = retrying ] || fail "the GPB destination should be retrying, is $(field "$gport" 3)"
grep -q "Last error: " "$W/r.out" || fail "no Last error line for the refused destination"
collector gpb "$gport"
wait_lines "$W/gpb.jsonl" 5
check --received "$W/json.jsonl" --streams 1 --from 0 --to 5 --shape json --subscription sjson
check --received "$W/gpb.jsonl" --streams 1 --from 0 --to 5 --shape gpb --subscription sgpb
wait_field "$gport" 4 = 5
[ "$(field "$gport" 7)" = 0 ] || fail "the GPB queue should be empty"
grep -q "Subscription: sgpb, encoding gpb, compression none" "$W/r.out" || fail "no gRPC detail line"
grep -q "TLS: none (no-tls)" "$W/r.out" || fail "no TLS line"

echo "-- 2. json only-content: a new stream in that shape"
send r "system-view" "telemetry" "json only-content" "commit" "return"
replay "$W/c.pcap"
# The late flow of a.pcap ages too: 1 + 3 records.
wait_lines "$W/export.json" 9
wait_lines "$W/json.jsonl" 9
wait_lines "$W/gpb.jsonl" 9
check --received "$W/json.jsonl" --streams 2 --from 5 --to 9 --shape only-content --subscription sjson
check --received "$W/gpb.jsonl" --streams 1 --from 0 --to 9 --shape gpb --subscription sgpb

echo "-- 3. GPB collector stopped, queue overflow, restarted"
kill "$gpb_pid"
wait "$gpb_pid"
send r "system-view" "telemetry" "undo subscription sjson" "commit" "return"
# The stream's end is seen before the records come: none is written to a closed stream.
wait_field "$gport" 3 = connecting
replay "$W/d.pcap"
# 1 late flow of c.pcap + 10400 SYNs: 10000 fit in the queue, 401 are dropped.
wait_lines "$W/export.json" $((9 + 10401))
wait_field "$gport" 5 = 401
[ "$(field "$gport" 7)" = 10000 ] || fail "queued $(field "$gport" 7), expected 10000"
[ "$(field "$gport" 4)" = 9 ] || fail "sent $(field "$gport" 4), expected 9"
collector gpb2 "$gport"
wait_lines "$W/gpb2.jsonl" 10000
check --received "$W/gpb2.jsonl" --streams 1 --from 9 --to 10009 --shape gpb --subscription sgpb --collection-start 10
wait_field "$gport" 4 = 10009
[ "$(field "$gport" 8)" = 2 ] || fail "the GPB destination should have opened 2 streams, opened $(field "$gport" 8)"
grep -q "Reconnects: 1" "$W/r.out" || fail "no Reconnects: 1 line"
stop r
[ "$fails" = 0 ] || { echo "$fails failure(s); files in $W"; KEEP=1; exit 1; }
echo "OK"
