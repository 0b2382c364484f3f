# What the gRPC dial-out scripts share: the skips, a work directory W, vrsh over a FIFO
# (fifo_routers.sh, router "r"), python3-grpcio collectors (test/tools/grpc_collector.py, given
# COLLECTOR_ARGS too, e.g. --cert C --key K), bounded waits on files and on
# `display telemetry destination`, and the message checker. Source it after
#   set -u; vrsh=...; src=...; build=...; WORK_NAME=<prefix of W>
PY=/usr/bin/python3
TOOLS=$src/test/tools
"$PY" -c 'import grpc, google.protobuf' 2>/dev/null || { echo "SKIP: python3-grpcio/python3-protobuf missing"; exit 77; }
command -v protoc >/dev/null && [ -x /usr/bin/grpc_python_plugin ] ||
  { echo "SKIP: protoc or grpc_python_plugin (protobuf-compiler-grpc) missing"; exit 77; }
W=$(mktemp -d "$build/$WORK_NAME.XXXXXX")
COLLECTOR_ARGS=()
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
    exec "$PY" "$TOOLS/grpc_collector.py" --out "$W/$1.jsonl" --port-file "$W/$1.port" --port "$2" "${COLLECTOR_ARGS[@]}"
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
# show [NAME]: runs `display telemetry destination [NAME]` and returns once its table is in the
# transcript.
show() {
  local want=$((${SYNCS[r]} + 1))
  SYNCS[r]=$want
  send r "display telemetry destination${1:+ $1}"
  for _ in $(seq 300); do
    # vrsh's table of streams, which ends the display, has three rules of 96 dashes: the third ends it.
    [ "$(grep -c '^-\{96\}$' "$W/r.out")" -ge $((3 * want)) ] && return 0
    sleep 0.1
  done
  fail "vrsh did not answer (see $W/r.out)"
  return 1
}
# vendor GROUP COLUMN: a column of the group's row in the last vendor table of a named display
# (4 State, 7 Istls, 11 FailedReason).
vendor() { tac "$W/r.out" | grep -m1 "^$1 " | awk -v c="$2" '{print $c}'; }
# field PORT COLUMN: a counter of the destination 127.0.0.1:PORT in the last table
# (4 Sent, 5 Dropped, 6 SendErrors, 7 Queued, 8 Connects; 3 is the state).
field() { tac "$W/r.out" | grep -m1 "^ 127.0.0.1:$1 " | awk -v c="$2" '{print $c}'; }
# sub_field SUB COLUMN: the same for the gRPC destination streaming for subscription SUB (two
# destinations may share an address: the subscription tells them apart).
sub_field() {
  awk '/^ Destination  /{n=0} {l[++n]=$0} END{for(i=3;i<=n;i++) if (l[i] ~ "^   Subscription: '"$1"',") {split(l[i-2], f, " "); print f['"$2"']}}' "$W/r.out"
}
# wait_on GETTER KEY COLUMN OP VALUE: displays until `GETTER KEY COLUMN` satisfies the test
# (at most 30 s); GETTER is field or sub_field.
wait_on() {
  for _ in $(seq 150); do
    show || return 1
    [ "$("$1" "$2" "$3")" "$4" "$5" ] && return 0
    sleep 0.2
  done
  fail "$2: column $3 is $("$1" "$2" "$3"), expected $4 $5"
  tail -30 "$W/r.out"
  return 1
}
# start_edge: vrsh as router "r", exporting to export.json, with ESQM sampling what enters
# GigabitEthernet0/1/0 (10.1.0.0/16) and routed to GigabitEthernet0/1/1 (10.9.0.0/16).
start_edge() {
  start r "$vrsh" --esqm-export "$W/export.json"
  send r "system-view" "sysname EDGE" \
    "interface GigabitEthernet0/1/0" "undo shutdown" "ip address 10.1.0.1 16" "esqm service-stream inbound" \
    "interface GigabitEthernet0/1/1" "undo shutdown" "ip address 10.9.0.1 16" "quit" \
    "esqm" "esqm protocol tcp enable" "quit" "commit" "return"
}
check() { "$PY" "$TOOLS/dialout_check.py" --export "$W/export.json" --node EDGE --version "$version" "$@" || fail "dialout_check $*"; }
replay() { send r "packet-replay interface GigabitEthernet0/1/0 file $1"; }

