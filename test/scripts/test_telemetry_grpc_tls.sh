#!/usr/bin/env bash
# gRPC dial-out over TLS end to end: a CA and a server certificate for 127.0.0.1 made by openssl
# now, a python3-grpcio collector serving TLS with it (test/tools/grpc_collector.py), vrsh
# configured through its CLI with `ssl policy` / `grpc client` / `ssl-verify peer`:
#  1. verified against the right CA: every record arrives, field by field (dialout_check.py);
#     a `no-tls` destination to the same TLS collector fails visibly (counted, nothing sent);
#  2. the client's policy switched to another CA: the collector is refused, the failures are
#     counted and shown, and nothing reaches it in plaintext;
#  3. verify-san with a name the certificate carries: delivered again.
# Waits are bounded polls on files and on `display telemetry destination`, never fixed sleeps.
set -u
vrsh=$1 src=$2 build=$3
WORK_NAME=telemetry-grpc-tls
# shellcheck source=telemetry_grpc_lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/telemetry_grpc_lib.sh"
command -v openssl >/dev/null || { echo "SKIP: openssl missing"; exit 77; }
COLLECTOR_ARGS=(--cert "$W/srv.crt" --key "$W/srv.key")

pki() { (cd "$W" && openssl "$@" >/dev/null 2>&1) || fail "openssl $*"; }
pki req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=vrsh-test-ca -keyout ca.key -out ca.crt
pki req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout other.key -out other.crt
pki req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' >"$W/srv.ext"
pki x509 -req -in srv.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 -extfile srv.ext -out srv.crt

version=$("$vrsh" --version | awk '{print $2}')
port=$(free_port)
collector tls "$port" || exit 1
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/a.pcap" --tcp 3 --gtp 2 --t0 1767225600
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/b.pcap" --tcp 2 --t0 1767229200
"$PY" "$TOOLS/esqm_flows_pcap.py" --out "$W/c.pcap" --tcp 1 --t0 1767232800

start_edge
send r "system-view" \
  "ssl policy good" "trusted-ca load pem-ca $W/ca.crt" "quit" \
  "ssl policy bad" "trusted-ca load pem-ca $W/other.crt" "quit" \
  "grpc" "grpc client" "ssl-policy good" "ssl-verify peer" "quit" "quit" \
  "telemetry" "sensor-group esqm" "sensor-path huawei-esqm:esqm/tcp-datas/tcp-data" \
  "sensor-path huawei-esqm:esqm/gtp-datas/gtp-data" "quit" \
  "destination-group tls" "ipv4-address 127.0.0.1 port $port protocol grpc" "quit" \
  "destination-group plain" "ipv4-address 127.0.0.1 port $port protocol grpc no-tls" "quit" \
  "subscription stls" "sensor-group esqm" "destination-group tls" "encoding json" "quit" \
  "subscription splain" "sensor-group esqm" "destination-group plain" "protocol grpc no-tls" "quit" \
  "commit" "return"

echo "-- 1. verified against the trusted CA; no-tls against the TLS collector fails"
replay "$W/a.pcap"
wait_lines "$W/export.json" 5
wait_lines "$W/tls.jsonl" 5
check --received "$W/tls.jsonl" --streams 1 --from 0 --to 5 --shape json --subscription stls
wait_on sub_field stls 4 -ge 5
grep -q "TLS: SSL policy good, the collector is verified against the trusted CA" "$W/r.out" || fail "no TLS line"
show tls
[ "$(vendor tls 4) $(vendor tls 7) $(vendor tls 11)" = "RESOLVED TLS NA" ] ||
  fail "display telemetry destination tls: State, Istls, FailedReason $(vendor tls 4) $(vendor tls 7) $(vendor tls 11)"
wait_on sub_field splain 6 -ge 1
[ "$(sub_field splain 4)" = 0 ] || fail "the no-tls destination sent $(sub_field splain 4) to a TLS collector"

echo "-- 2. the collector's certificate is not from the trusted CA: refused and counted"
send r "system-view" "telemetry" "undo subscription splain" "quit" "grpc" "grpc client" "ssl-policy bad" "commit" "return"
replay "$W/b.pcap"
wait_lines "$W/export.json" 8
wait_on sub_field stls 6 -ge 2
[ "$(sub_field stls 4)" = 0 ] || fail "records were sent to a collector that failed verification"
show tls
[ "$(vendor tls 4) $(vendor tls 7) $(vendor tls 11)" = "UNRESOLVED TLS UNKNOWN" ] ||
  fail "display telemetry destination tls, refused: $(vendor tls 4) $(vendor tls 7) $(vendor tls 11)"
grep -q "TLS: SSL policy bad, the collector is verified against the trusted CA" "$W/r.out" || fail "no TLS line for policy bad"
tac "$W/r.out" | grep -m1 "Last error: " | grep -qi "handshake\|certificate\|ssl\|tls" ||
  fail "the last error does not name the TLS failure: $(tac "$W/r.out" | grep -m1 'Last error: ')"
[ "$(lines "$W/tls.jsonl")" = 5 ] || fail "the collector received $(lines "$W/tls.jsonl") messages, expected 5"

echo "-- 3. verify-san with a name the certificate carries"
send r "system-view" "grpc" "grpc client" "ssl-policy good verify-san localhost" "commit" "return"
replay "$W/c.pcap"
wait_lines "$W/export.json" 10
wait_lines "$W/tls.jsonl" 7
check --received "$W/tls.jsonl" --streams 2 --from 8 --to 10 --shape json --subscription stls
wait_on sub_field stls 4 = 2
grep -q "TLS: SSL policy good, the collector is verified against the trusted CA, SAN localhost" "$W/r.out" ||
  fail "no TLS line for verify-san"
stop r
[ "$fails" = 0 ] || { echo "$fails failure(s); files in $W"; KEEP=1; exit 1; }
echo "OK"
