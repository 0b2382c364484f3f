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
WORK_NAME=telemetry-grpc
# shellcheck source=telemetry_grpc_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/telemetry_grpc_lib.sh"

version=$("$vrsh" --version | awk '{print $2}')
jport=$(free_port)
gport=$(free_port)
collector json "$jport" || exit 1
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/a.pcap" --tcp 3 --gtp 2 --t0 1767225600
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/c.pcap" --tcp 2 --gtp 1 --t0 1767229200
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/d.pcap" --tcp 10400 --t0 1767232800

start_edge
send r "system-view" \
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
wait_on field "$gport" 6 -ge 1 # its connection attempts fail, counted
[ "$(field "$gport" 7)" = 5 ] || fail "the GPB destination should hold the 5 records, queued: $(field "$gport" 7)"
[ "$(field "$gport" 3)" = retrying ] || fail "the GPB destination should be retrying, is $(field "$gport" 3)"
grep -q "Last error: " "$W/r.out" || fail "no Last error line for the refused destination"
collector gpb "$gport"
wait_lines "$W/gpb.jsonl" 5
check --received "$W/json.jsonl" --streams 1 --from 0 --to 5 --shape json --subscription sjson
check --received "$W/gpb.jsonl" --streams 1 --from 0 --to 5 --shape gpb --subscription sgpb
wait_on field "$gport" 4 = 5
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
wait_on field "$gport" 3 = connecting
replay "$W/d.pcap"
# 1 late flow of c.pcap + 10400 SYNs: 10000 fit in the queue, 401 are dropped.
wait_lines "$W/export.json" $((9 + 10401))
wait_on field "$gport" 5 = 401
[ "$(field "$gport" 7)" = 10000 ] || fail "queued $(field "$gport" 7), expected 10000"
[ "$(field "$gport" 4)" = 9 ] || fail "sent $(field "$gport" 4), expected 9"
collector gpb2 "$gport"
wait_lines "$W/gpb2.jsonl" 10000
check --received "$W/gpb2.jsonl" --streams 1 --from 9 --to 10009 --shape gpb --subscription sgpb --collection-start 10
wait_on field "$gport" 4 = 10009
[ "$(field "$gport" 8)" = 2 ] || fail "the GPB destination should have opened 2 streams, opened $(field "$gport" 8)"
grep -q "Reconnects: 1" "$W/r.out" || fail "no Reconnects: 1 line"
stop r
[ "$fails" = 0 ] || { echo "$fails failure(s); files in $W"; KEEP=1; exit 1; }
echo "OK"
