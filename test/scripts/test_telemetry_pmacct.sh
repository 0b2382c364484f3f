#!/usr/bin/env bash
# Telemetry checked by a collector we did not write: pmacct's pmtelemetryd (JSON decoder), one
# instance listening on UDP and one on TCP (pmacct allows only one transport per daemon), both
# on 127.0.0.1. vrsh replays a capture whose SCTP associations age (one by time, one by ABORT)
# and streams every aged record to both; each collector must have logged every record that
# --esqm-export wrote, with its fields intact.
set -euo pipefail
vrsh=$1 src=$2 build=$3
command -v pmtelemetryd >/dev/null || { echo "SKIP: pmtelemetryd (Debian package pmacct) is not installed"; exit 77; }
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
work=$(mktemp -d "$build/telemetry.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  [[ ${KEEP:-} ]] || rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port for each transport (the kernel picks; a tiny race is acceptable here).
free_port() {
  python3 -c "import socket,sys; s=socket.socket(socket.AF_INET,getattr(socket,'SOCK_'+sys.argv[1])); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])" "$1"
}
udp_port=$(free_port DGRAM)
tcp_port=$(free_port STREAM)

start_collector() {  # transport port
  cat > "$work/pm-$1.conf" <<EOF
telemetry_daemon_ip: 127.0.0.1
telemetry_daemon_port_$1: $2
telemetry_daemon_decoder: json
telemetry_daemon_msglog_file: $work/out-$1.json
telemetry_daemon_msglog_output: json
pidfile: $work/pm-$1.pid
logfile: $work/pm-$1.log
EOF
  pmtelemetryd -f "$work/pm-$1.conf" &
  pids+=($!)
}
start_collector udp "$udp_port"
start_collector tcp "$tcp_port"

# Bounded wait until both sockets are bound.
for _ in $(seq 50); do
  if ss -lnu 2>/dev/null | grep -q "127.0.0.1:$udp_port " && ss -lnt 2>/dev/null | grep -q "127.0.0.1:$tcp_port "; then
    break
  fi
  sleep 0.1
done
ss -lnt | grep -q "127.0.0.1:$tcp_port " || { echo "pmtelemetryd did not listen on TCP $tcp_port"; cat "$work"/pm-*.log; exit 1; }

"$vrsh" --esqm-export "$work/export.json" > "$work/log" 2>&1 <<EOF
system-view
interface GigabitEthernet0/1/0
undo shutdown
ip address 10.1.0.1 16
esqm service-stream inbound
interface GigabitEthernet0/1/1
undo shutdown
ip address 10.9.0.1 16
esqm
esqm session aging-time sctp 60
quit
telemetry
sensor-group esqm
sensor-path huawei-esqm:esqm/tcp-datas/tcp-data
sensor-path huawei-esqm:esqm/gtp-datas/gtp-data
quit
destination-group collectors
ipv4-address 127.0.0.1 port $udp_port protocol udp
ipv4-address 127.0.0.1 port $tcp_port protocol tcp
quit
subscription esqm-stream
sensor-group esqm
destination-group collectors
commit
return
packet-replay interface GigabitEthernet0/1/0 file $src/test/golden/esqm/data/aging.pcap
EOF
status=$?
[[ $status == 0 ]] || { echo "vrsh exited with $status"; cat "$work/log"; exit 1; }

# Bounded wait for the collectors to write what vrsh sent before it exited.
expected=$(wc -l < "$work/export.json")
(( expected >= 2 )) || { echo "expected at least 2 aged records in the export, got $expected"; cat "$work/log"; exit 1; }
for _ in $(seq 50); do
  u=$(grep -c '"event_type": "log",' "$work/out-udp.json" 2>/dev/null || true)
  t=$(grep -c '"event_type": "log",' "$work/out-tcp.json" 2>/dev/null || true)
  [[ ${u:-0} -ge $expected && ${t:-0} -ge $expected ]] && break
  sleep 0.1
done

python3 - "$work/export.json" "$work/out-udp.json" "$work/out-tcp.json" <<'PY' || { cat "$work/log" "$work"/pm-*.log; exit 1; }
import json, sys
exported = sorted(json.dumps(json.loads(l)) for l in open(sys.argv[1]) if l.strip())
ok = True
for path in sys.argv[2:]:
    try:
        events = [json.loads(l) for l in open(path) if l.strip()]
    except FileNotFoundError:
        print(f"{path}: the collector logged nothing"); sys.exit(1)
    logs = [e for e in events if e.get("event_type") == "log"]
    got = sorted(json.dumps(e["telemetry_data"]) for e in logs if "telemetry_data" in e)
    # pmtelemetryd decodes each TCP read as one document: when two lines arrive in one read it
    # logs an event without telemetry_data. Those reads are reported, not hidden; every decoded
    # record must be one vrsh exported, and over UDP (one datagram each) all must arrive.
    merged = len(logs) - len(got)
    if any(g not in exported for g in got):
        print(f"{path}: a logged record is not one vrsh exported"); ok = False
    if path.endswith("udp.json") and got != exported:
        print(f"{path}: collector decoded {len(got)} records, vrsh exported {len(exported)}"); ok = False
    # Over TCP the collector must have logged something, and when no read was merged it must
    # have decoded exactly the exported records.
    if not logs or (merged == 0 and got != exported):
        print(f"{path}: too few records reached the collector ({len(got)} decoded, {merged} merged reads)"); ok = False
    for field in ("src-ip-addr", "age-type"):
        if got and field not in got[0]:
            print(f"{path}: field {field} missing"); ok = False
    print(f"{path}: {len(got)} records decoded, {merged} reads holding several documents")
sys.exit(0 if ok else 1)
PY
