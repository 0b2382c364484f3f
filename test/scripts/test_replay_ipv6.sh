#!/usr/bin/env bash
# IPv6 forwarding checked by an oracle we did not write (issue #14): zeek_ftp_ipv6.pcap (an FTP
# session between 2001:470:1f11:81f:c999:d94:aa7c:2e3e and 2001:470:4867:99::21) replayed into a
# port whose IPv6 subnet holds the client, with a static route toward the server. Every packet is
# forwarded (without the IPv6 configuration all 136 dropped as no-route), the egress pcaps read by
# tshark show the hop limit one less, and the ESQM records of the flows name the egress interface
# and the next hop: the static route's toward the server, the destination itself toward the client.
set -euo pipefail
vrsh=$1 src=$2 build=$3
command -v tshark >/dev/null || { echo "SKIP: tshark is not installed"; exit 77; }
cap=$src/test/data/public/zeek_ftp_ipv6.pcap
work=$(mktemp -d "$build/replay-ipv6.XXXXXX")
trap 'rm -rf "$work"' EXIT

printf 'packet-replay interface GigabitEthernet0/1/0 file %s\n' "$cap" |
  "$vrsh" > "$work/unconfigured.log" 2>&1 || true
grep -q 'forwarded 0, dropped 136 (' "$work/unconfigured.log" || { cat "$work/unconfigured.log"; exit 1; }

"$vrsh" --port GigabitEthernet0/1/0=out:"$work/out0.pcap" --port GigabitEthernet0/1/1=out:"$work/out1.pcap" \
  > "$work/log" <<EOF2
system-view
interface GigabitEthernet0/1/0
undo shutdown
ipv6 enable
ipv6 address 2001:470:1f11:81f::1 64
esqm service-stream inbound
interface GigabitEthernet0/1/1
undo shutdown
ipv6 enable
ipv6 address 2001:db8:ff::1 64
quit
ipv6 route-static 2001:470:4867:: 48 2001:db8:ff::2
esqm
esqm protocol tcp enable
commit
return
packet-replay interface GigabitEthernet0/1/0 file $cap
display esqm flow-table tcp json
EOF2
grep -q 'forwarded 136, dropped 0' "$work/log" || { cat "$work/log"; exit 1; }

# Toward the server: out of GigabitEthernet0/1/1; toward the client: back out of 0/1/0.
server=2001:470:4867:99::21 client=2001:470:1f11:81f:c999:d94:aa7c:2e3e
check_out() {  # pcap, destination, count
  tshark -r "$cap" -Y "ipv6.dst == $2" -T fields -e ipv6.hlim 2>/dev/null > "$work/in_hlim"
  tshark -r "$1" -T fields -e ipv6.dst -e ipv6.hlim 2>/dev/null > "$work/out_fields"
  [[ $(wc -l < "$work/out_fields") == "$3" ]] || { echo "$1: expected $3 packets"; cat "$work/out_fields"; exit 1; }
  paste "$work/in_hlim" "$work/out_fields" | while read -r hin dst hout; do
    [[ $dst == "$2" ]] || { echo "$1: unexpected destination $dst"; exit 1; }
    [[ $hout == $((hin - 1)) ]] || { echo "$1: hop limit $hin -> $hout"; exit 1; }
  done
}
check_out "$work/out1.pcap" "$server" 80
check_out "$work/out0.pcap" "$client" 56

/usr/bin/python3 - "$work/log" "$server" <<'PY'
import ipaddress, json, sys
log, server = sys.argv[1], ipaddress.ip_address(sys.argv[2])
docs = [json.loads(l) for l in open(log) if l.startswith('{"tcp-datas"')]
recs = [r for d in docs for r in d["tcp-datas"]["tcp-data"]]
assert recs, "no ESQM records"
to_server = 0
for r in recs:
    assert r["address-family"] == "AddressFamily_IPV6", r
    assert r["port-if-index"] == 10, r
    if ipaddress.ip_address(r["dst-ip-addr"]) == server:
        to_server += 1
        assert r["route-if-index"] == 11, r
        assert ipaddress.ip_address(r["next-hop"]) == ipaddress.ip_address("2001:db8:ff::2"), r
    else:
        assert r["route-if-index"] == 10, r
        assert ipaddress.ip_address(r["next-hop"]) == ipaddress.ip_address(r["dst-ip-addr"]), r
assert to_server >= 1 and to_server < len(recs), recs
PY
echo "ipv6 forwarding ok"
