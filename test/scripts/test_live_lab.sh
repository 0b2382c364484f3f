#!/usr/bin/env bash
# End to end on live ports: examples/live-lab.sh builds host A - R1 - wire - R2 - host B in network
# namespaces; R1 and R2 are vrsh processes on the veth interfaces (no kernel addresses there), and
# the wire's nftables rule drops every Nth packet of a UDP stream with a counter as ground truth.
# Checked: ESQM records of real TCP connections (curl, nc) and of a short SCTP association on both
# routers (5-tuples, directions, interfaces, next hops, equal packet counts everywhere); IP FPM loss
# between the routers, summed over the stream's periods, equal to the wire's drops; a commit on R1
# while the stream flows loses nothing; every aged record reaches pmacct's pmtelemetryd over the
# management link; the routers leave cleanly on `quit` and on SIGTERM.
# Usage: test_live_lab.sh <vrsh> <source-dir> <build-dir>   (KEEP=1 keeps the transcripts)
set -u
VRSH=$1 SRC=$2 BUILD=$3
PY=/usr/bin/python3
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
for t in ip nft ethtool curl nc ping "$PY"; do
  command -v "$t" >/dev/null || skip "$t is not installed"
done
"$VRSH" --help 2>&1 | grep -q 'live:' || skip "this vrsh has no live ports (--port IFNAME=live:DEV)"
export LAB=vte2e$$ VRSH
probe=$LAB-probe
ip netns add "$probe" 2>/dev/null || skip "cannot create network namespaces (ip netns add)"
ok=1
ip -n "$probe" link add v0 type veth peer name v1 2>/dev/null || ok=0
ip -n "$probe" link add b0 type bridge 2>/dev/null || ok=0
printf 'table bridge t {\n chain c {\n  type filter hook forward priority 0\n  numgen inc mod 2 == 0 counter\n }\n}\n' |
  ip netns exec "$probe" nft -f - 2>/dev/null || ok=0
ip netns del "$probe"
[ "$ok" = 1 ] || skip "veth pairs, bridges or nftables bridge rules are not available in this kernel"

LABSH=$SRC/examples/live-lab.sh
TOOLS=$SRC/test/tools
W=$(mktemp -d "${BUILD}/live-lab.XXXXXX")
export LAB_DIR=$W LAB_DROP_EVERY=9
declare -A FD PID SYNCS
HELPERS=()
fails=0

# shellcheck source=fifo_routers.sh
. "$SRC/test/scripts/fifo_routers.sh"

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
in_ns() { local n=$1; shift; ip netns exec "$LAB-$n" "$@"; }
cleanup() {
  local p
  close_fifos
  for p in "${PID[@]}" "${HELPERS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PID[@]}" "${HELPERS[@]}"; do
    for _ in $(seq 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  "$LABSH" down
}
trap cleanup EXIT
finish() {
  if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s); transcripts and logs in $W"
    exit 1
  fi
  [ -n "${KEEP:-}" ] || rm -rf "$W"
  echo "PASS"
  exit 0
}

# sync NAME: returns when every command sent so far has run. The marker command's echo is unique;
# batch mode flushes after each command, so once it shows, everything before it is written.
sync() {
  local name=$1 marker
  SYNCS[$name]=$((${SYNCS[$name]} + 1))
  marker="display current-configuration | include ^sync-${SYNCS[$name]}\$"
  send "$name" "$marker"
  for _ in $(seq 1 200); do
    grep -qF "$marker" "$W/$name.out" && return 0
    kill -0 "${PID[$name]}" 2>/dev/null || break
    sleep 0.05
  done
  fail "$name did not answer (see $W/$name.out)"
  tail -20 "$W/$name.out"
  return 1
}
# helper NS CMD...: a process in a namespace, ended by cleanup if still running. It must not hold
# the routers' FIFOs open, or closing them would not end the routers.
helper() {
  local ns=$1
  shift
  (
    close_fifos
    exec ip netns exec "$LAB-$ns" "$@"
  ) &
  HELPERS+=($!)
}
# Bounded waits are generous: a Python server can take seconds to start on a loaded machine.
wait_file() { local _; for _ in $(seq 1 300); do [ -s "$1" ] && return 0; sleep 0.1; done; return 1; }
wait_listen() {  # NS PROTO ADDR:PORT
  local _
  for _ in $(seq 1 300); do
    in_ns "$1" ss -ln"$2" | grep -q " $3 " && return 0
    sleep 0.1
  done
  return 1
}
drops() { "$LABSH" drops; }

echo "== lab $LAB"
"$LABSH" up || { fail "lab setup"; finish; }

collector=
if command -v pmtelemetryd >/dev/null; then
  "$LABSH" collector &  # started before the routers: holds none of their FIFOs
  HELPERS+=($!)
  wait_listen r2 u 172.31.0.2:50001 && collector=1 || fail "pmtelemetryd did not listen"
else
  echo "note: pmtelemetryd (Debian package pmacct) is not installed; telemetry is not checked"
fi

start R2 "$LABSH" r2 --keep-going --esqm-export "$W/r2-export.json"
start R1 "$LABSH" r1 --keep-going --esqm-export "$W/r1-export.json"
sync R2 && sync R1 || finish
grep -h 'Error' "$W/R1.out" "$W/R2.out" && fail "the routers did not start cleanly"

echo "== ping through both routers (also resolves every next hop)"
for _ in $(seq 1 20); do
  in_ns a ping -c 1 -W 0.5 -q 10.2.1.1 >/dev/null && break
done
in_ns a ping -c 5 -i 0.2 -W 1 -q 10.2.1.1 | tail -2 | tee "$W/ping.txt"
grep -q ' 0% packet loss' "$W/ping.txt" || fail "ping A -> B lost packets"
in_ns b ping -c 3 -i 0.2 -W 1 -q 10.1.1.1 | grep -q ' 0% packet loss' || fail "ping B -> A lost packets"

echo "== TCP: three curl downloads and one nc upload"
mkdir -p "$W/www"
head -c 300000 /dev/urandom >"$W/www/blob"
helper b "$PY" -m http.server --bind 10.2.1.1 --directory "$W/www" 8080
helper b nc -l 10.2.1.1 9000 </dev/null >"$W/nc.recv"
wait_listen b t 10.2.1.1:8080 && wait_listen b t 10.2.1.1:9000 || fail "servers in host B did not listen"
conns=
for p in 40001 40002 40003; do
  got=$(in_ns a curl -s --max-time 10 --local-port "$p" -o "$W/dl-$p" -w '%{http_code} %{size_download}' \
    http://10.2.1.1:8080/blob)
  echo "curl from port $p: $got"
  [ "$got" = "200 300000" ] && cmp -s "$W/dl-$p" "$W/www/blob" || fail "curl from port $p: $got"
  conns+="$p:8080,"
done
in_ns a nc -N -w 5 -p 40010 10.2.1.1 9000 <"$W/www/blob" || fail "nc upload"
for _ in $(seq 1 50); do [ "$(stat -c %s "$W/nc.recv")" = 300000 ] && break; sleep 0.1; done
cmp -s "$W/nc.recv" "$W/www/blob" || fail "nc upload arrived incomplete ($(stat -c %s "$W/nc.recv") bytes)"
conns+="40010:9000"

echo "== SCTP: INIT, INIT ACK, ABORT (raw sockets: the kernel has no SCTP)"
helper b "$PY" "$TOOLS/lab_traffic.py" sctp-peer 10.2.1.1 3868 --ready "$W/sctp.ready"
wait_file "$W/sctp.ready" || fail "SCTP peer not ready"
in_ns a "$PY" "$TOOLS/lab_traffic.py" sctp-client 10.1.1.1 10.2.1.1 40200 3868 || fail "SCTP exchange"

echo "== UDP stream 10.1.1.1:5000 -> 10.2.1.1:7000, 1 in $LAB_DROP_EVERY dropped on the wire; a commit on R1 midway"
read -r seen0 dropped0 <<<"$(drops)"
COUNT=1200  # 6 s at 200 packets a second
helper b "$PY" "$TOOLS/lab_traffic.py" udp-sink 10.2.1.1 7000 --out "$W/sink.json" --ready "$W/sink.ready" --idle 2
wait_file "$W/sink.ready" || fail "UDP sink not ready"
helper a "$PY" "$TOOLS/lab_traffic.py" udp-send 10.1.1.1 5000 10.2.1.1 7000 --rate 200 --count "$COUNT" --out "$W/send.json"
# The commit goes in once a quarter of the stream has passed the wire; it must be done before
# the last packet has.
committed=
for _ in $(seq 1 60); do
  read -r seen _ <<<"$(drops)"
  if [ -z "$committed" ] && [ $((seen - seen0)) -ge $((COUNT / 4)) ]; then
    send R1 system-view "ip route-static 10.9.9.0 255.255.255.0 192.168.12.2" commit return
    sync R1
    read -r seen _ <<<"$(drops)"
    committed=$((seen - seen0))
    echo "R1 committed while the stream flowed: $committed packets of $COUNT had passed when the commit was done"
    [ "$committed" -lt "$COUNT" ] || fail "the stream ended before the commit was done"
  fi
  send R2 "display ipfpm statistic-type loss instance 1"
  sync R2 || break
  [ -s "$W/send.json" ] && break
  sleep 0.5
done
[ -n "$committed" ] || fail "R1 never committed during the stream"
wait_file "$W/send.json" || fail "UDP sender did not finish"
read -r sent first last < <("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["sent"], d["first"], d["last"])' "$W/send.json")
# Every period of the stream closes 1.5 intervals after it began; poll until the MCP shows them all.
for _ in $(seq 1 20); do
  send R2 "display ipfpm statistic-type loss instance 1"
  sync R2 || break
  "$PY" "$TOOLS/lab_check.py" fpm "$W/R2.out" --first "$first" --last "$last" --dropped 0 2>/dev/null |
    grep -q 'never shown complete' || break
  sleep 0.5
done
read -r seen1 dropped1 <<<"$(drops)"
dropped=$((dropped1 - dropped0))
wait_file "$W/sink.json" || fail "UDP sink did not finish"
received=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["received"])' "$W/sink.json")
echo "sent $sent, on the wire $((seen1 - seen0)), dropped by the wire $dropped, received by B $received"
[ $((seen1 - seen0)) = "$sent" ] || fail "R1 did not forward every packet of the stream (commit while it flowed?)"
[ $((sent - dropped)) = "$received" ] || fail "B received $received, want $((sent - dropped))"
[ "$dropped" -gt 0 ] || fail "the wire dropped nothing"
"$PY" "$TOOLS/lab_check.py" fpm "$W/R2.out" --first "$first" --last "$last" --dropped "$dropped" || fail "IP FPM loss"
send R1 "display current-configuration"
sync R1
grep -q '^ip route-static 10.9.9.0 255.255.255.0 192.168.12.2' "$W/R1.out" || fail "the commit on R1 did not apply"

echo "== ESQM flow tables"
send R1 "display esqm flow-table tcp json"
send R2 "display esqm flow-table tcp json"
sync R1 && sync R2
"$PY" "$TOOLS/lab_check.py" esqm "$W/R1.out" "$W/R2.out" --conns "$conns" || fail "ESQM TCP records"
# R1 ages the INIT ACK's entry after 2 idle seconds (the vrsh extension esqm session fast-aging-time sctp 2).
for _ in $(seq 1 60); do [ "$(wc -l <"$W/r1-export.json" 2>/dev/null || echo 0)" -ge 2 ] && break; sleep 0.1; done
"$PY" "$TOOLS/lab_check.py" sctp "$W/r1-export.json" "$W/r2-export.json" --sport 40200 --dport 3868 ||
  fail "ESQM SCTP records"
if [ -n "$collector" ]; then
  for _ in $(seq 1 50); do
    [ "$(cat "$LAB_DIR/collector.json" 2>/dev/null | grep -c '"event_type": "log"')" -ge 2 ] && break
    sleep 0.1
  done
  "$PY" "$TOOLS/lab_check.py" telemetry "$W/r1-export.json" "$LAB_DIR/collector.json" || fail "telemetry"
fi

echo "== interfaces"
send R1 "display interface GigabitEthernet0/1/0" "display interface GigabitEthernet0/1/1"
send R2 "display interface GigabitEthernet0/1/1" "display interface GigabitEthernet0/1/0"
sync R1 && sync R2
for r in R1 R2; do
  sed -n '/>display interface /,$p' "$W/$r.out" | grep -E '^<|^(Input|Output|Dropped|Live device):'
done
# The captures kept up: the kernel dropped nothing on any of the four live ports.
[ "$(cat "$W/R1.out" "$W/R2.out" | grep -c '^Live device: eth-., kernel dropped 0 packets, interface dropped 0 packets$')" = 4 ] || fail "a live port lost packets in the kernel (or display interface changed)"

echo "== shutdown: R1 on quit, R2 on SIGTERM"
send R1 quit
kill -TERM "${PID[R2]}"
for r in R1 R2; do
  for _ in $(seq 1 50); do kill -0 "${PID[$r]}" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "${PID[$r]}" 2>/dev/null; then
    fail "$r did not exit"
  else
    wait "${PID[$r]}"
    status=$?
    echo "$r exited with status $status"
    [ "$status" = 0 ] || fail "$r exited with status $status"
    unset "PID[$r]"
  fi
done
grep -h 'Error' "$W/R1.out" "$W/R2.out" && fail "a command failed on a router"
finish
