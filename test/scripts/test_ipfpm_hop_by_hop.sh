#!/usr/bin/env bash
# IP FPM hop by hop, the vendor's example (reference 3.8) as three vrsh processes on 127.0.0.1, with
# the configuration files of examples/ipfpm-hop-by-hop: UPE (DCP 1.1.1.1 + MCP, in-point TLP 100),
# SPE1 (DCP 2.2.2.2, mid-point TLP 200), NPE (DCP 4.4.4.4, out-point TLP 310). The flow goes
# UPE -> impair (hop 1) -> SPE1 -> impair (hop 2) -> NPE; each hop drops in its own periods and adds
# its own delay. ACH 1 (UPE -> SPE1) must show exactly hop 1's loss and delay, ACH 2 (SPE1 -> NPE)
# exactly hop 2's, and the instance (end to end) their sum. On the wire: SPE1 changes no colour
# bit, NPE clears them.
# Usage: test_ipfpm_hop_by_hop.sh <vrsh> <source-dir> <build-dir>
set -u
VRSH=$1 SRC=$2 BUILD=$3
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "skip: $PY not found"; exit 77; }
TOOLS=$SRC/test/tools
EX=$SRC/examples/ipfpm-hop-by-hop
W=$(mktemp -d "${BUILD}/ipfpm-hop-by-hop.XXXXXX")
declare -A FD PID SYNCS
fails=0

# shellcheck source=ipfpm_routers.sh
. "$SRC/test/scripts/ipfpm_routers.sh"

# mcp_display WHAT...: runs the displays on UPE and waits for them
mcp_display() { send UPE "$@"; sync UPE mcp; }

# The example's files, on a free port instead of the vendor's 2048 (another test may hold it).
P=$(free_port)
for r in upe spe1 npe; do sed "s/ port 2048\$/ port $P/" "$EX/$r.cfg" >"$W/$r.cfg"; done
grep -q "port $P" "$W/upe.cfg" || fail "no MCP port in $EX/upe.cfg"

start UPE "$VRSH" --keep-going --port "GigabitEthernet0/1/1=out:$W/upe-out.pcap"
start SPE1 "$VRSH" --keep-going --ipfpm-mcp-host 1.1.1.1=127.0.0.1 --port "GigabitEthernet0/1/2=out:$W/spe1-out.pcap"
start NPE "$VRSH" --keep-going --ipfpm-mcp-host 1.1.1.1=127.0.0.1 --port "GigabitEthernet0/1/3=out:$W/npe-out.pcap"
cat "$W/upe.cfg" >&"${FD[UPE]}"
cat "$W/spe1.cfg" >&"${FD[SPE1]}"
cat "$W/npe.cfg" >&"${FD[NPE]}"
sync UPE mcp

# 70 s of traffic from 3.05 s into period 170000000: periods 170000001..170000006 are complete.
# Hop 1 drops every 7th packet in periods ...01 and ...03, adds 1800 us and carries the last packet
# of each period across the boundary (the mid-point must count it by its colour); hop 2 drops every
# 5th packet in periods ...02 and ...03 and adds 700 us. Period ...03 loses on both hops. The carried
# packets reach SPE1 and NPE in the next period's time: both DCPs, and hop 2's accounting
# (--loss-bit: ToS bit 3), name their period by their colour. Each period's first packet (the
# delay-marked one) gets through both hops.
gen "$W/in.pcap" --src 10.1.1.1 --dst 10.2.1.1 --start 1700000003.05 --seconds 70 --pps 10
send UPE "packet-replay interface GigabitEthernet0/1/0 file $W/in.pcap"
sync UPE
impair "$W/upe-out.pcap" "$W/spe1-in.pcap" --delay-us 1800 --drop-every 7 --drop-offset 3 \
  --drop-periods 170000001,170000003 --reorder-boundary --expect "$W/hop1.txt"
send SPE1 "packet-replay interface GigabitEthernet0/1/1 file $W/spe1-in.pcap"
sync SPE1
impair "$W/spe1-out.pcap" "$W/npe-in.pcap" --delay-us 700 --drop-every 5 --drop-offset 0 \
  --drop-periods 170000002,170000003 --loss-bit 0x10 --expect "$W/hop2.txt"
send NPE "packet-replay interface GigabitEthernet0/1/2 file $W/npe-in.pcap"
sync NPE
echo "hop 1 dropped (period packets bytes):" $(cat "$W/hop1.txt")
echo "hop 2 dropped (period packets bytes):" $(cat "$W/hop2.txt")

# Each check reads the last tables of the transcript: one display, one check.
mcp_display "display ipfpm statistic-type loss instance 1 ach 1" \
  "display ipfpm statistic-type oneway-delay instance 1 ach 1"
check "$W/UPE.out" --expect "$W/hop1.txt" --delay-us 1800 --min-periods 6
mcp_display "display ipfpm statistic-type loss instance 1 ach 2" \
  "display ipfpm statistic-type oneway-delay instance 1 ach 2"
check "$W/UPE.out" --expect "$W/hop2.txt" --delay-us 700 --min-periods 6
mcp_display "display ipfpm statistic-type loss instance 1" "display ipfpm statistic-type oneway-delay instance 1"
check "$W/UPE.out" --expect "$W/hop1.txt,$W/hop2.txt" --delay-us 2500 --min-periods 6

# The faults must be seen where they are: a period that lost on one hop only is clean on the other.
TOOLS=$TOOLS "$PY" - "$W/hop1.txt" "$W/hop2.txt" <<'PYCHK' || fail "the hops' faults overlap where they should not"
import sys
h1, h2 = ({int(p): int(n) for p, n, _ in (l.split() for l in open(f))} for f in sys.argv[1:3])
only1 = [p for p in h1 if h1[p] and not h2.get(p)]
only2 = [p for p in h2 if h2[p] and not h1.get(p)]
both = [p for p in h1 if h1[p] and h2.get(p)]
assert only1 and only2 and both, f"only hop 1 {only1}, only hop 2 {only2}, both {both}"
print(f"periods losing on hop 1 only {only1}, on hop 2 only {only2}, on both {both}")
PYCHK

TOOLS=$TOOLS "$PY" - "$W/upe-out.pcap" "$W/spe1-in.pcap" "$W/spe1-out.pcap" "$W/npe-out.pcap" <<'PYCHK' || fail "colour bits on the wire"
import os, sys
sys.path.insert(0, os.environ["TOOLS"])
import fpm_pcap
COLOUR = 0x18  # ToS bits 3 (loss) and 4 (delay)
ident = lambda f: int.from_bytes(f[18:20], "big")
_, upe_out, spe1_in, spe1_out, npe_out = (None,) + tuple(fpm_pcap.read(f)[1] for f in sys.argv[1:5])
odd = [ts for ts, f in upe_out if bool(f[15] & 0x10) != ((ts // 10**10) % 2 == 1)]
assert not odd, f"UPE (in-point) loss colour (ToS bit 3) wrong on {len(odd)} packets"
seen = {ident(f): f[15] for _, f in spe1_in}
assert len(spe1_out) == len(spe1_in), f"SPE1 forwarded {len(spe1_out)} of {len(spe1_in)}"
changed = [ident(f) for _, f in spe1_out if f[15] != seen[ident(f)]]
assert not changed, f"SPE1 (mid-point) changed the ToS of {len(changed)} packets"
assert any(f[15] & COLOUR for _, f in spe1_out), "no coloured packet through SPE1"
assert all(f[15] & COLOUR == 0 for _, f in npe_out), "NPE (out-point) left colour bits set"
assert all(fpm_pcap.checksum(f[14:34]) == 0 for _, f in spe1_out + npe_out), "bad IPv4 checksum"
print(f"wire: SPE1 kept the colour of {len(spe1_out)} packets; NPE cleared the bits of {len(npe_out)}")
PYCHK

# A router that ends badly (a failed command, or the sanitizers of the ASan build) fails the test.
for r in NPE SPE1 UPE; do stop $r || fail "$r exited with status $? (see $W/$r.out)"; done
grep -n "^Error:" "$W"/*.out && fail "a router refused a command"
if [ "$fails" -ne 0 ]; then
  echo "$fails failure(s); transcripts in $W"
  exit 1
fi
rm -rf "$W"
echo "PASS"
