#!/usr/bin/env bash
# Forwarding checked by an oracle we did not write: replay the demo capture, then read the
# egress pcap with tshark (TTL decremented, checksums valid, unroutable packet absent) and the
# ESQM export with python's json module (aged SCTP records in the seed format).
set -euo pipefail
vrsh=$1 src=$2 build=$3
command -v tshark >/dev/null || { echo "SKIP: tshark is not installed"; exit 77; }
work=$(mktemp -d "$build/forwarding.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$vrsh" --port GigabitEthernet0/1/1=out:"$work/out.pcap" --esqm-export "$work/export.json" > "$work/log" <<EOF2
system-view
interface GigabitEthernet0/1/0
undo shutdown
ip address 192.168.10.1 24
esqm service-stream inbound
interface GigabitEthernet0/1/1
undo shutdown
ip address 10.20.0.1 16
esqm
commit
return
packet-replay interface GigabitEthernet0/1/0 file $src/examples/esqm-demo.pcap
EOF2
grep -q 'forwarded 17, dropped 1 (no-route 1)' "$work/log" || { cat "$work/log"; exit 1; }

in_count=$(tshark -r "$src/examples/esqm-demo.pcap" 2>/dev/null | wc -l)
out_count=$(tshark -r "$work/out.pcap" 2>/dev/null | wc -l)
[[ $in_count == 18 && $out_count == 17 ]] || { echo "expected 18 in, 17 out; got $in_count, $out_count"; exit 1; }
# Every forwarded packet: TTL one less than on input, valid IPv4 header checksum, to 10.20/16 only.
tshark -r "$src/examples/esqm-demo.pcap" -Y 'ip.dst == 10.20.0.0/16' -T fields -e ip.ttl 2>/dev/null > "$work/ttl_in"
tshark -r "$work/out.pcap" -o ip.check_checksum:TRUE -T fields -e ip.ttl -e ip.checksum.status -e ip.dst \
  2>/dev/null > "$work/out_fields"
paste "$work/ttl_in" "$work/out_fields" | while read -r tin tout status dst; do
  [[ $tout == $((tin - 1)) ]] || { echo "TTL $tin -> $tout"; exit 1; }
  [[ $status == 1 ]] || { echo "bad checksum status $status for $dst"; exit 1; }  # 1 = good
  [[ $dst == 10.20.* ]] || { echo "unexpected destination $dst"; exit 1; }
done
# The SCTP association aged on SHUTDOWN: one inbound record exported, in the seed format.
/usr/bin/python3 - "$work/export.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
docs = [json.loads(l) for l in lines]
sctp = [d["tcp-datas"]["tcp-data"][0] for d in docs if "tcp-datas" in d]
assert len(sctp) == 1, lines
r = sctp[0]
assert r["protocol"] == 132 and r["age-type"] == "AgeType_SCTPX_SHUTDOWN", r
assert r["flow-type"] == "FlowType_SCTPX_INIT" and r["flow-direction"] == "FlowDirection_INGRESS", r
# INIT repeated with the same initiate tag and DATA TSN 101 resent: two retransmissions.
assert r["packet-num"] == "6" and r["retrans-num"] == "2" and r["retrans-radio"] == str(2 * 10000000 // 6), r
assert list(r.keys())[:3] == ["src-ip-addr", "dst-ip-addr", "src-port"], r
PY
echo "forwarding ok"
