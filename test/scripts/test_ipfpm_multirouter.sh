#!/usr/bin/env bash
# IP FPM across routers: an MCP and two DCPs (R1 ingress, R2 egress) as separate vrsh processes on
# 127.0.0.1. R1 replays a generated capture and writes what it forwards; impair.py drops a known set
# of packets and adds a known delay; R2 replays the result. The MCP must show, per complete period,
# loss equal to what was dropped and delay equal to what was added.
# Scenarios: A P2P with reordering across boundaries, HMAC, loss alarm, wrong-key DCP;
# B MP2MP (two in-points, two out-points); C bidirectional two-way delay; D MCP started late.
# Usage: test_ipfpm_multirouter.sh <vrsh> <source-dir> <build-dir>
set -u
VRSH=$1 SRC=$2 BUILD=$3
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "skip: $PY not found"; exit 77; }
TOOLS=$SRC/test/tools
W=$(mktemp -d "${BUILD}/ipfpm-multirouter.XXXXXX")
declare -A FD PID SYNCS
fails=0

# shellcheck source=ipfpm_routers.sh
. "$SRC/test/scripts/ipfpm_routers.sh"

router_itfs() {  # R1 or R2 interfaces and routes
  if [ "$1" = R1 ]; then
    cat <<'CFG'
system-view
sysname R1
interface GigabitEthernet0/1/0
 undo shutdown
 ip address 10.1.1.254 255.255.255.0
interface GigabitEthernet0/1/2
 undo shutdown
 ip address 10.1.2.254 255.255.255.0
interface GigabitEthernet0/1/1
 undo shutdown
 ip address 192.168.12.1 255.255.255.252
 quit
ip route-static 10.2.0.0 255.255.0.0 192.168.12.2
CFG
  else
    cat <<'CFG'
system-view
sysname R2
interface GigabitEthernet0/1/1
 undo shutdown
 ip address 192.168.12.2 255.255.255.252
interface GigabitEthernet0/1/0
 undo shutdown
 ip address 10.2.1.254 255.255.255.0
interface GigabitEthernet0/1/2
 undo shutdown
 ip address 10.2.2.254 255.255.255.0
 quit
ip route-static 10.1.0.0 255.255.0.0 192.168.12.1
CFG
  fi
}

# mcp_cfg PORT [SECRET] [extra instance lines...]
mcp_cfg() {
  local port=$1 secret=$2
  shift 2
  printf '%s\n' "system-view" "sysname MCP" "nqa ipfpm mcp" " mcp id 3.3.3.3" " protocol udp port $port"
  [ -n "$secret" ] && echo " authentication-mode hmac-sha256 key-id 1 cipher $secret"
  printf '%s\n' " instance 1" "  dcp 1.1.1.1" "  dcp 2.2.2.2" "$@" "commit" "return"
}

# dcp_cfg ROUTER DCPID PORT SECRET FLOW DELAYMODE "TLP-LINE"... ; TLP lines are "ID ROLE DIR IFNAME"
dcp_cfg() {
  local r=$1 id=$2 port=$3 secret=$4 flow=$5 t
  shift 6
  router_itfs "$r"
  for t in "$@"; do
    set -- $t
    printf '%s\n' "interface $4" " ipfpm tlp $1" " quit"
  done
  printf '%s\n' "nqa ipfpm dcp" " dcp id $id" " mcp 3.3.3.3 port $port"
  [ -n "$secret" ] && echo " authentication-mode hmac-sha256 key-id 1 cipher $secret"
  printf '%s\n' " instance 1" "  flow $flow"
}
dcp_tlps() {  # the instance's tlp lines and measurements (after dcp_cfg)
  local mode=$1 t first=
  shift
  for t in "$@"; do
    set -- $t
    echo "  tlp $1 $2 $3"
    [ -z "$first" ] && first=$1
  done
  printf '%s\n' "  loss-measure enable continual" "  delay-measure enable $mode tlp $first continual" "commit" "return"
}

counter() { grep -E "^ $2 +:" "$W/$1.out" | tail -1 | sed 's/.*: *//'; }

T0=1700000003.05  # mid-period: the first period is partly covered
SECRET=YsHsjx_202206

echo "== A: P2P, reordering across period boundaries, HMAC, loss alarm, wrong key"
P=$(free_port)
start MCPA "$VRSH" --keep-going
mcp_cfg "$P" "$SECRET" "  loss-measure ratio-threshold upper-limit 10 lower-limit 5" >&"${FD[MCPA]}"
sync MCPA mcp
start R1 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1 --port "GigabitEthernet0/1/1=out:$W/a-r1.pcap"
start R2 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1 --port "GigabitEthernet0/1/0=out:$W/a-r2.pcap"
{ dcp_cfg R1 1.1.1.1 "$P" "$SECRET" "forward source 10.1.1.1 destination 10.2.1.1" one-way \
    "100 in-point ingress GigabitEthernet0/1/0"
  dcp_tlps one-way "100 in-point ingress"; } >&"${FD[R1]}"
{ dcp_cfg R2 2.2.2.2 "$P" "$SECRET" "forward source 10.1.1.1 destination 10.2.1.1" one-way \
    "200 out-point egress GigabitEthernet0/1/0"
  dcp_tlps one-way "200 out-point egress"; } >&"${FD[R2]}"
gen "$W/a-in.pcap" --src 10.1.1.1 --dst 10.2.1.1 --start $T0 --seconds 80 --pps 10
send R1 "packet-replay interface GigabitEthernet0/1/0 file $W/a-in.pcap"
sync R1
impair "$W/a-r1.pcap" "$W/a-r2in.pcap" --delay-us 2500 --drop-every 7 --drop-offset 3 --reorder-boundary \
  --expect "$W/a-expect.txt"
send R2 "packet-replay interface GigabitEthernet0/1/1 file $W/a-r2in.pcap"
sync R2
send MCPA "display ipfpm statistic-type loss instance 1" "display ipfpm statistic-type oneway-delay instance 1" \
  "display ipfpm statistic-type oneway-delay instance 1 verbose"
sync MCPA mcp
check "$W/MCPA.out" --expect "$W/a-expect.txt" --delay-us 2500 --min-periods 6 \
  --verbose-from 1.1.1.1/100 --verbose-to 2.2.2.2/200
grep -q '^IPFPM/2/hwIpfpmLossRatioExceed_active: ' "$W/MCPA.out" || fail "no loss alarm raised at ~14% loss"
TOOLS=$TOOLS "$PY" - "$W/a-r1.pcap" "$W/a-r2.pcap" <<'PYCHK' || fail "colour bits on the wire"
import os, sys
sys.path.insert(0, os.environ["TOOLS"])
import fpm_pcap
_, r1 = fpm_pcap.read(sys.argv[1])
_, r2 = fpm_pcap.read(sys.argv[2])
bad = [ts for ts, f in r1 if ((f[15] & 0x02) != 0) != ((ts // 10**10) % 2 == 1)]
assert not bad, f"R1 loss colour wrong on {len(bad)} packets"
assert all(fpm_pcap.checksum(f[14:34]) == 0 for _, f in r1 + r2), "bad IPv4 checksum"
assert all(f[15] & 0x03 == 0 for _, f in r2), "R2 left colour bits set"
print(f"wire: R1 coloured {len(r1)} packets by period parity; R2 cleared the bits of {len(r2)}; checksums valid")
PYCHK
# A DCP with the wrong key: its reports are dropped and counted.
printf '%s\n' "$(dcp_cfg R2 2.2.2.2 "$P" WrongKey_1 "forward source 10.1.1.1 destination 10.2.1.1" one-way \
  "200 out-point egress GigabitEthernet0/1/0"; dcp_tlps one-way "200 out-point egress")" \
  "packet-replay interface GigabitEthernet0/1/1 file $W/a-r2in.pcap" "display ipfpm dcp" >"$W/rogue.cfg"
"$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1 -f "$W/rogue.cfg" >"$W/ROGUE.out" 2>&1
rogue_sent=$(counter ROGUE "Reports Sent")
# The MCP acknowledges no dropped report, so the rogue's end of replay cannot tell when they were
# read: wait until the MCP has counted as many as were sent.
for _ in $(seq 1 50); do
  sync MCPA mcp
  auth_failed=$(counter MCPA "Dropped \(Authentication failed\)")
  [ "$auth_failed" = "$rogue_sent" ] && break
done
echo "wrong key: DCP sent $rogue_sent reports, MCP dropped $auth_failed as Authentication failed"
[ -n "$rogue_sent" ] && [ "$rogue_sent" -gt 0 ] && [ "$auth_failed" = "$rogue_sent" ] || fail "wrong-key reports not all dropped"
send MCPA "display ipfpm statistic-type loss instance 1"
sync MCPA mcp
check "$W/MCPA.out" --expect "$W/a-expect.txt" --min-periods 6
stop R1; stop R2; stop MCPA

echo "== B: MP2MP (two in-points on R1, two out-points on R2)"
P=$(free_port)
start MCPB "$VRSH" --keep-going
mcp_cfg "$P" "" >&"${FD[MCPB]}"
sync MCPB mcp
start R1 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1 --port "GigabitEthernet0/1/1=out:$W/b-r1.pcap"
start R2 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1
{ dcp_cfg R1 1.1.1.1 "$P" "" "forward source 10.1.0.0 16 destination 10.2.0.0 16" one-way \
    "100 in-point ingress GigabitEthernet0/1/0" "101 in-point ingress GigabitEthernet0/1/2"
  dcp_tlps one-way "100 in-point ingress" "101 in-point ingress"; } >&"${FD[R1]}"
{ dcp_cfg R2 2.2.2.2 "$P" "" "forward source 10.1.0.0 16 destination 10.2.0.0 16" one-way \
    "200 out-point egress GigabitEthernet0/1/0" "201 out-point egress GigabitEthernet0/1/2"
  dcp_tlps one-way "200 out-point egress" "201 out-point egress"; } >&"${FD[R2]}"
gen "$W/b-in1.pcap" --src 10.1.1.1 --dst 10.2.1.1 --start $T0 --seconds 60 --pps 10
gen "$W/b-in2.pcap" --src 10.1.2.1 --dst 10.2.2.1 --start 1700000004.033 --seconds 60 --pps 7 --size 300
send R1 "packet-replay interface GigabitEthernet0/1/0 file $W/b-in1.pcap" \
  "packet-replay interface GigabitEthernet0/1/2 file $W/b-in2.pcap"
sync R1
impair "$W/b-r1.pcap" "$W/b-r2in.pcap" --delay-us 800 --drop-every 5 --drop-offset 2 --expect "$W/b-expect.txt"
send R2 "packet-replay interface GigabitEthernet0/1/1 file $W/b-r2in.pcap"
sync R2
send MCPB "display ipfpm statistic-type loss instance 1"
sync MCPB mcp
check "$W/MCPB.out" --expect "$W/b-expect.txt" --min-periods 5
stop R1; stop R2; stop MCPB

echo "== C: bidirectional flow, two-way delay"
P=$(free_port)
start MCPC "$VRSH" --keep-going
mcp_cfg "$P" "" >&"${FD[MCPC]}"
sync MCPC mcp
start R1 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1 --port "GigabitEthernet0/1/1=out:$W/c-r1f.pcap"
start R2 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1 --port "GigabitEthernet0/1/1=out:$W/c-r2b.pcap"
{ dcp_cfg R1 1.1.1.1 "$P" "" "bidirectional source 10.1.1.1 destination 10.2.1.1" two-way \
    "100 in-point ingress GigabitEthernet0/1/0"
  dcp_tlps two-way "100 in-point ingress"; } >&"${FD[R1]}"
{ dcp_cfg R2 2.2.2.2 "$P" "" "bidirectional source 10.1.1.1 destination 10.2.1.1" two-way \
    "310 out-point egress GigabitEthernet0/1/0"
  dcp_tlps two-way "310 out-point egress"; } >&"${FD[R2]}"
gen "$W/c-fwd.pcap" --src 10.1.1.1 --dst 10.2.1.1 --start $T0 --seconds 60 --pps 10
gen "$W/c-bwd.pcap" --src 10.2.1.1 --dst 10.1.1.1 --start 1700000003.52 --seconds 60 --pps 10 --sport 6000 --dport 5000
send R2 "packet-replay interface GigabitEthernet0/1/0 file $W/c-bwd.pcap"
sync R2
impair "$W/c-r2b.pcap" "$W/c-r1bin.pcap" --delay-us 1500 --drop-every 11 --drop-offset 5 --expect "$W/c-expect-b.txt"
send R1 "packet-replay interface GigabitEthernet0/1/0 file $W/c-fwd.pcap" \
  "packet-replay interface GigabitEthernet0/1/1 file $W/c-r1bin.pcap"
sync R1
impair "$W/c-r1f.pcap" "$W/c-r2fin.pcap" --delay-us 2500 --drop-every 7 --drop-offset 3 --expect "$W/c-expect-f.txt"
send R2 "packet-replay interface GigabitEthernet0/1/1 file $W/c-r2fin.pcap"
sync R2
send MCPC "display ipfpm statistic-type loss instance 1" "display ipfpm statistic-type oneway-delay instance 1" \
  "display ipfpm statistic-type twoway-delay instance 1"
sync MCPC mcp
check "$W/MCPC.out" --expect "$W/c-expect-f.txt" --flow forward --delay-us 2500 --twoway-us 4000 --min-periods 4
check "$W/MCPC.out" --expect "$W/c-expect-b.txt" --flow backward --delay-us 1500 --min-periods 4
stop R1; stop R2; stop MCPC

echo "== D: MCP started after the DCPs (reports re-sent until acknowledged)"
P=$(free_port)
start R1 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1 --port "GigabitEthernet0/1/1=out:$W/d-r1.pcap"
start R2 "$VRSH" --keep-going --ipfpm-mcp-host 3.3.3.3=127.0.0.1
{ dcp_cfg R1 1.1.1.1 "$P" "" "forward source 10.1.1.1 destination 10.2.1.1" one-way \
    "100 in-point ingress GigabitEthernet0/1/0"
  dcp_tlps one-way "100 in-point ingress"; } >&"${FD[R1]}"
{ dcp_cfg R2 2.2.2.2 "$P" "" "forward source 10.1.1.1 destination 10.2.1.1" one-way \
    "200 out-point egress GigabitEthernet0/1/0"
  dcp_tlps one-way "200 out-point egress"; } >&"${FD[R2]}"
gen "$W/d-in1.pcap" --src 10.1.1.1 --dst 10.2.1.1 --start $T0 --seconds 35 --pps 10
gen "$W/d-in2.pcap" --src 10.1.1.1 --dst 10.2.1.1 --start 1700000038.05 --seconds 35 --pps 10
send R1 "packet-replay interface GigabitEthernet0/1/0 file $W/d-in1.pcap"
sync R1
impair "$W/d-r1.pcap" "$W/d-r2in1.pcap" --delay-us 1200 --drop-every 9 --drop-offset 4 --expect "$W/d-expect1.txt"
send R2 "packet-replay interface GigabitEthernet0/1/1 file $W/d-r2in1.pcap"
sync R2
start MCPD "$VRSH" --keep-going
mcp_cfg "$P" "" >&"${FD[MCPD]}"
sync MCPD mcp
send R1 "packet-replay interface GigabitEthernet0/1/0 file $W/d-in2.pcap"
sync R1
# d-r1.pcap now holds both halves; impair only the second one.
TOOLS=$TOOLS "$PY" - "$W/d-r1.pcap" "$W/d-r1-half2.pcap" <<'PYCHK'
import os, sys
sys.path.insert(0, os.environ["TOOLS"])
import fpm_pcap
lt, pk = fpm_pcap.read(sys.argv[1])
fpm_pcap.write(sys.argv[2], [p for p in pk if p[0] >= 1700000038 * 10**9], lt)
PYCHK
impair "$W/d-r1-half2.pcap" "$W/d-r2in2.pcap" --delay-us 1200 --drop-every 9 --drop-offset 4 --expect "$W/d-expect2.txt"
send R2 "packet-replay interface GigabitEthernet0/1/1 file $W/d-r2in2.pcap"
sync R2
send MCPD "display ipfpm statistic-type loss instance 1" "display ipfpm statistic-type oneway-delay instance 1"
sync MCPD mcp
check "$W/MCPD.out" --expect "$W/d-expect1.txt,$W/d-expect2.txt" --delay-us 1200 --min-periods 6
resent=$(counter R1 "Reports Re-sent")
echo "R1 re-sent $resent reports closed while the MCP was down"
[ -n "$resent" ] && [ "$resent" -gt 0 ] || fail "R1 re-sent nothing"
stop R1; stop R2; stop MCPD

if [ "$fails" -ne 0 ]; then
  echo "$fails failure(s); transcripts in $W"
  exit 1
fi
rm -rf "$W"
echo "PASS"
