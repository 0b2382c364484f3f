#!/usr/bin/env bash
# IP FPM results as gRPC dial-out telemetry, against a measurement with a known result: the
# hop-by-hop scenario (examples/scenarios/ipfpm-hop-by-hop.in: UPE, SPE1 and NPE, each a vrsh,
# with the same generated capture, drops and delays, and its own checkers of the MCP's displays)
# runs with each router also subscribed, in encoding json and in encoding gpb, to the iFIT
# flow-statistic path (its DCP's counts) and vrsh's mcp-statistic path (the MCP's results), sent
# to a python3-grpcio collector (test/tools/grpc_collector.py) on 127.0.0.1. Every field of every
# message is then checked (test/tools/ipfpm_telemetry_check.py): the counts against the capture and
# the hops' drops and delays, the MCP's results against the displays the scenario checked.
set -u
vrsh=$1 src=$2 build=$3
WORK_NAME=telemetry-ipfpm
# shellcheck source=telemetry_grpc_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/telemetry_grpc_lib.sh"

version=$("$vrsh" --version | awk '{print $2}')
cport=$(free_port)
# The MCP's UDP port: a free one instead of the scenario's 2048, which its own run may hold.
mport=$("$PY" -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
collector c "$cport" || exit 1

for r in upe spe1 npe; do
  sed "s/ port 2048\$/ port $mport/" "$src/examples/ipfpm-hop-by-hop/$r.cfg" >"$W/$r.cfg"
done
grep -q "port $mport" "$W/upe.cfg" || fail "the MCP port was not replaced in upe.cfg"
cat >"$W/telemetry.cfg" <<CFG
system-view
telemetry
 sensor-group fpm
  sensor-path huawei-ifit:ifit/huawei-ifit-statistics:flow-statistics/flow-statistic
  sensor-path vrsh-ipfpm:ipfpm/mcp-statistics/mcp-statistic
  quit
 destination-group collector
  ipv4-address 127.0.0.1 port $cport protocol grpc no-tls
  quit
 subscription fpmjson
  sensor-group fpm
  destination-group collector
  encoding json
  quit
 subscription fpmgpb
  sensor-group fpm
  destination-group collector
  quit
 quit
commit
return
CFG
# The scenario as it is, with absolute paths, the copies above and the telemetry after each
# router's configuration (before its replay).
mkdir -p "$W/scenario"
sed -e "s#^!paste \.\./ipfpm-hop-by-hop/\(.*\)\$#!paste $W/\1\n!paste $W/telemetry.cfg#" \
  -e "s#\.\./\.\./test/tools/#$src/test/tools/#g" -e "s#^!run python3 #!run $PY #" \
  "$src/examples/scenarios/ipfpm-hop-by-hop.in" >"$W/scenario/hop.in"
# At the end, each router's destination counters.
for r in UPE SPE1 NPE; do printf '!router %s\ndisplay telemetry destination\n' "$r"; done >>"$W/scenario/hop.in"
printf '!router UPE\ndisplay telemetry subscription fpmjson\n' >>"$W/scenario/hop.in"
[ "$(grep -c "^!paste $W/telemetry.cfg" "$W/scenario/hop.in")" = 3 ] || fail "the telemetry is not pasted on 3 routers"

echo "-- the hop-by-hop scenario, streaming"
if ! "$vrsh" --check --missing-ok --work "$W/work" "$W/scenario/hop.in"; then
  fail "the scenario failed"
fi
sw=$(dirname "$(find "$W/work" -name UPE.stdout | head -1)")
[ -f "$sw/UPE.stdout" ] || { fail "no UPE.stdout under $W/work"; exit 1; }
# The routers have ended (each drains its streams first): every message is with the collector.
kill "$c_pid" && wait "$c_pid"
grep -c . "$W/c.jsonl" | sed 's/^/messages received: /'
"$PY" "$TOOLS/ipfpm_telemetry_check.py" --received "$W/c.jsonl" --transcript "$sw/UPE.stdout" \
  --capture "$sw/in.pcap" --hop1 "$sw/hop1.txt" --hop2 "$sw/hop2.txt" --json-sub fpmjson --gpb-sub fpmgpb \
  --version "$version" || fail "ipfpm_telemetry_check"
# Nothing dropped or failed on the way: one gRPC destination per subscription, each with
# Dropped (5th column) and SendErrors (6th) at 0.
for r in UPE SPE1 NPE; do
  grep -q "^Error" "$sw/$r.stdout" && fail "$r printed an error: $(grep -m1 '^Error' "$sw/$r.stdout")"
  rows=$(grep -c "^ 127.0.0.1:$cport " "$sw/$r.stdout")
  [ "$rows" = 2 ] || fail "$r: $rows destination rows, expected 2"
  grep "^ 127.0.0.1:$cport " "$sw/$r.stdout" | awk -v r="$r" '$5 != 0 || $6 != 0 { print "FAIL: " r ": " $0; bad = 1 } END { exit bad }' ||
    fails=$((fails + 1))
done
# The subscription's counters: every JSON message UPE sent, and when.
sent=$(grep -c '"raw": "{\\"node_id_str\\":\\"UPE\\"' "$W/c.jsonl")
got=$(awk -F' *: *' '$1 == "Send packets" { v = $2 } END { print v }' "$sw/UPE.stdout")
[ -n "$sent" ] && [ "$got" = "$sent" ] || fail "UPE's subscription fpmjson counts $got messages sent, the collector got $sent"
grep -Eq '^Last send-time     : [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' "$sw/UPE.stdout" ||
  fail "no Last send-time in UPE's display telemetry subscription fpmjson"
grep -q '^Encoding           : JSON$' "$sw/UPE.stdout" || fail "no Encoding JSON line"
grep -q '^Sub-state          : ACTIVE$' "$sw/UPE.stdout" || fail "UPE's subscription fpmjson is not ACTIVE (connected)"
[ "$fails" = 0 ] && echo PASS
exit $((fails != 0))
