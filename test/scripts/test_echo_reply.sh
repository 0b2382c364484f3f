#!/usr/bin/env bash
# The router answers pings to its own addresses (issue #14 item 3), checked by oracles we did not
# write: scapy crafts the requests, tshark reads the replies vrsh sent out of the sink (ICMP type,
# checksum, addresses, TTL, identifier, sequence and data), and `display interface` counts them.
set -euo pipefail
vrsh=$1 build=$3
command -v tshark >/dev/null || { echo "SKIP: tshark is not installed"; exit 77; }
/usr/bin/python3 -c 'import scapy' 2>/dev/null || { echo "SKIP: python3-scapy is not installed"; exit 77; }
work=$(mktemp -d "$build/echo.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Requests from 192.168.10.5 (on GigabitEthernet0/1/0): to its own port's address, to the other
# port's address, with a payload; one from 172.16.0.9 that has no route back; one with a damaged
# checksum; an echo reply (not a request); and a ping through the router to 10.20.0.7.
/usr/bin/python3 - "$work/in.pcap" <<'PY'
import sys
from scapy.all import Ether, IP, ICMP, Raw, wrpcap
e = Ether(src="00:00:5e:00:53:05", dst="00:00:5e:00:53:01")
pkts = [
    e / IP(src="192.168.10.5", dst="192.168.10.1", ttl=64, id=11) / ICMP(type=8, id=0x77, seq=1),
    e / IP(src="192.168.10.5", dst="10.20.0.1", ttl=9, id=12) / ICMP(type=8, id=0x77, seq=2) / Raw(b"vrsh" * 25),
    e / IP(src="172.16.0.9", dst="192.168.10.1", id=13) / ICMP(type=8, id=0x78, seq=1),
    e / IP(src="192.168.10.5", dst="192.168.10.1", id=14) / ICMP(type=8, id=0x77, seq=3, chksum=0x1234),
    e / IP(src="192.168.10.5", dst="192.168.10.1", id=15) / ICMP(type=0, id=0x77, seq=4),
    e / IP(src="192.168.10.5", dst="10.20.0.7", id=16) / ICMP(type=8, id=0x77, seq=5),
]
for i, p in enumerate(pkts):
    p.time = 1700000000 + i
wrpcap(sys.argv[1], pkts)
PY

"$vrsh" --port GigabitEthernet0/1/0=out:"$work/gi0.pcap" --port GigabitEthernet0/1/1=out:"$work/gi1.pcap" \
  >"$work/log" <<EOF2
system-view
interface GigabitEthernet0/1/0
undo shutdown
ip address 192.168.10.1 24
interface GigabitEthernet0/1/1
undo shutdown
ip address 10.20.0.1 16
commit
return
packet-replay interface GigabitEthernet0/1/0 file $work/in.pcap
display interface GigabitEthernet0/1/0
EOF2
grep -q 'forwarded 1, dropped 5 (local 5)' "$work/log" || { cat "$work/log"; exit 1; }
grep -q '^Echo requests to the router: 2 answered, 2 unanswered$' "$work/log" || { cat "$work/log"; exit 1; }

# The two answers leave by GigabitEthernet0/1/0, the way back to 192.168.10.5; the ping through
# the router leaves by GigabitEthernet0/1/1, unchanged but for its TTL.
tshark -r "$work/gi0.pcap" -o ip.check_checksum:TRUE -T fields -E separator=' ' -e ip.src -e ip.dst -e ip.ttl \
  -e ip.checksum.status -e icmp.type -e icmp.code -e icmp.checksum.status -e icmp.ident -e icmp.seq -e data.len \
  2>/dev/null >"$work/replies"
expected='192.168.10.1 192.168.10.5 255 1 0 0 1 119 1 
10.20.0.1 192.168.10.5 255 1 0 0 1 119 2 100'
[[ $(cat "$work/replies") == "$expected" ]] || { echo "replies:"; cat "$work/replies"; exit 1; }
# The reply's data is the request's, byte for byte.
[[ $(tshark -r "$work/gi0.pcap" -Y 'icmp.seq == 2' -T fields -e data.data 2>/dev/null) == \
   $(tshark -r "$work/in.pcap" -Y 'icmp.seq == 2' -T fields -e data.data 2>/dev/null) ]] || { echo "data differs"; exit 1; }
[[ $(tshark -r "$work/gi1.pcap" -T fields -e ip.dst -e icmp.type -e ip.ttl 2>/dev/null) == $'10.20.0.7\t8\t63' ]] ||
  { tshark -r "$work/gi1.pcap"; exit 1; }
echo "echo replies ok"
