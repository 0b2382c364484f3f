#!/usr/bin/env bash
# IPv6 neighbour discovery on live ports (issue #14 item 2): host H1 -- vrsh router R -- host H2 on
# veth pairs. H1 resolves R's global and link-local IPv6 addresses to the MAC of R's device (and
# not an address R does not own); `display interface` counts what R answered; H1 pings H2 through
# R, which resolves H2 (and H1) by its own solicitations, listed by `display ipv6 neighbors`.
# (R answering echoes itself is not tested.)
# Usage: test_live_port_nd.sh <vrsh> <source-dir> <build-dir>
set -u
VRSH=$1 BUILD=$3
skip() { echo "skip: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "network namespaces need root"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
command -v ping >/dev/null || skip "ping is not installed"
T=vtnd$$
R=$T-r H1=$T-h1 H2=$T-h2
ip netns add "$R" 2>/dev/null || skip "ip netns is not available here"
W=$(mktemp -d "${BUILD}/live-nd.XXXXXX")
PID=
fails=0
cleanup() {
  exec 9>&- 2>/dev/null
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  for ns in "$R" "$H1" "$H2"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

ip netns add "$H1" && ip netns add "$H2" || skip "cannot create network namespaces"
D1=vtn${$}a D2=vtn${$}b
ip link add "$D1" netns "$R" type veth peer name h1 netns "$H1" || skip "cannot create veth pairs"
ip link add "$D2" netns "$R" type veth peer name h2 netns "$H2" || skip "cannot create veth pairs"
for d in "$D1" "$D2"; do
  # R's kernel must not answer for itself on the devices vrsh owns.
  ip netns exec "$R" sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1" 2>/dev/null
  ip -n "$R" link set "$d" up
done
ip -n "$H1" link set h1 up
ip -n "$H2" link set h2 up
ip -n "$H1" -6 addr add 2001:db8:1::10/64 dev h1 nodad 2>/dev/null || skip "IPv6 is not available in namespaces"
ip -n "$H2" -6 addr add 2001:db8:2::10/64 dev h2 nodad
ip -n "$H1" -6 route add default via 2001:db8:1::1
ip -n "$H2" -6 route add default via 2001:db8:2::1

cat >"$W/r.cfg" <<'CFG'
sysname R
#
interface GigabitEthernet0/1/0
 undo shutdown
 ipv6 enable
 ipv6 address 2001:DB8:1::1 64
#
interface GigabitEthernet0/2/0
 undo shutdown
 ipv6 enable
 ipv6 address 2001:DB8:2::1 64
#
return
CFG

mkfifo "$W/in"
ip netns exec "$R" "$VRSH" --keep-going --startup "$W/r.cfg" --port "GigabitEthernet0/1/0=live:$D1" \
  --port "GigabitEthernet0/2/0=live:$D2" <"$W/in" >"$W/out" 2>"$W/err" &
PID=$!
exec 9>"$W/in"
send() { printf '%s\n' "$@" >&9; }
SYNCS=0
sync() {
  SYNCS=$((SYNCS + 1))
  send "display version"
  for _ in $(seq 1 300); do
    [ "$(grep -c '^<R>display version' "$W/out")" -ge "$SYNCS" ] && return 0
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "vrsh did not answer"
  tail -n 20 "$W/out" "$W/err"
  exit 1
}
sync

mac=$(ip -n "$R" -o link show "$D1" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
# H1 asks for ADDR (its ping sends the solicitation):
# true once H1's neighbour table holds ADDR at R's device MAC.
resolved() {
  for _ in $(seq 1 20); do
    ip netns exec "$H1" ping -6 -c 1 -W 1 "$1" >/dev/null 2>&1
    got=$(ip -n "$H1" -6 neigh show "${1%%%*}" dev h1 | sed -n 's/.*lladdr \([0-9a-f:]*\).*/\1/p')
    [ -n "$got" ] && break
  done
  [ -n "$mac" ] && [ "$got" = "$mac" ]
}
resolved 2001:db8:1::1 || fail "H1 resolved 2001:db8:1::1 to '$got', R's device has '$mac'"
# The automatic link-local address of GigabitEthernet0/1/0 (ifIndex 10): FE80::2E0:FCFF:FE00:A.
resolved fe80::2e0:fcff:fe00:a%h1 || fail "H1 resolved fe80::2e0:fcff:fe00:a to '$got', want '$mac'"
# An address R does not own stays unresolved.
ip netns exec "$H1" ping -6 -c 1 -W 1 2001:db8:1::99 >/dev/null 2>&1
ip -n "$H1" -6 neigh show 2001:db8:1::99 dev h1 | grep -q lladdr && fail "H1 resolved 2001:db8:1::99, which R does not own"

send "display interface GigabitEthernet0/1/0"
sync
n=$(sed -n 's/^ND: \([0-9]*\) solicitations received, \([0-9]*\) advertisements sent$/\1 \2/p' "$W/out" | tail -1)
set -- $n
[ "${1:-0}" -ge 2 ] && [ "${2:-0}" = "${1:-0}" ] || fail "display interface: ND line '$n', want >= 2 answered"

# Forwarding: R resolves H2 (and H1) by neighbour discovery; the echo replies come back through R.
ip netns exec "$H1" ping -6 -q -c 3 -i 0.2 -W 2 2001:db8:2::10 >"$W/ping" 2>&1 ||
  fail "ping6 H1 -> H2 through R failed: $(tail -2 "$W/ping")"
send "display interface GigabitEthernet0/2/0"
sync
sed -n 's/^Output: *\([0-9]*\) packets.*/\1/p' "$W/out" | tail -1 >"$W/n"
[ "$(cat "$W/n")" -ge 3 ] || fail "GigabitEthernet0/2/0 output packets: '$(cat "$W/n")', want >= 3"

# display ipv6 neighbors: H2 as R resolved it, at H2's MAC, on GigabitEthernet0/2/0.
h2mac=$(ip -n "$H2" -o link show h2 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
h2mac=${h2mac//:/}
h2mac="${h2mac:0:4}-${h2mac:4:4}-${h2mac:8:4}"
send "display ipv6 neighbors"
sync
grep -A2 '^IPv6 Address : 2001:DB8:2::10$' "$W/out" >"$W/nb"
grep -qE "^Link-layer   : $h2mac +State   : REACH$" "$W/nb" && grep -qE '^Interface    : GigabitEthernet0/2/0 ' "$W/nb" ||
  fail "display ipv6 neighbors does not list H2 ($h2mac) as reachable on GigabitEthernet0/2/0: $(cat "$W/nb")"

# R answers pings of its own IPv6 addresses, and tells H1 of a packet whose hop limit ends at R
# and of one with no route, from its global address on the port the packet came in by.
ip netns exec "$H1" ping -6 -c 1 -W 2 2001:db8:2::1 >"$W/p6a" 2>&1
grep -q "from 2001:db8:2::1: icmp_seq=1 ttl=255" "$W/p6a" || fail "R did not answer a ping of 2001:db8:2::1: $(cat "$W/p6a")"
ip netns exec "$H1" ping -6 -c 1 -t 1 -W 2 2001:db8:2::10 >"$W/p6b" 2>&1
grep -q "From 2001:db8:1::1 icmp_seq=1 Time exceeded: Hop limit" "$W/p6b" || fail "no time exceeded: $(cat "$W/p6b")"
ip netns exec "$H1" ping -6 -c 1 -W 2 2001:db8:99::1 >"$W/p6c" 2>&1
grep -q "From 2001:db8:1::1 icmp_seq=1 Destination unreachable: No route" "$W/p6c" ||
  fail "no unreachable: $(cat "$W/p6c")"
send "display interface GigabitEthernet0/1/0"
sync
grep -q "^ICMP errors to senders: 1 time exceeded, 1 unreachable, 0 rate-limited$" "$W/out" ||
  fail "ICMP error counters: $(grep -i 'icmp errors' "$W/out")"

# R's own ping ipv6, from its global address on the way out; the vendor's lines.
send "ping ipv6 -c 2 -m 10 2001:db8:1::10"
sync
grep -q "^  PING 2001:DB8:1::10 : 56  data bytes, press CTRL_C to break$" "$W/out" || fail "no PING line for ping ipv6"
for i in 1 2; do
  grep -qE "^    Reply from 2001:DB8:1::10: bytes=56 Sequence=$i ttl=64 time=[0-9]+ ms$" "$W/out" ||
    fail "no reply $i to R's ping ipv6: $(grep -A6 'PING 2001:DB8:1::10' "$W/out")"
done
grep -q "^    2 packet(s) received$" "$W/out" || fail "ping ipv6 statistics"

send "quit"
exec 9>&-
wait "$PID"
rc=$?
PID=
[ "$rc" = 0 ] || fail "vrsh exited with status $rc: $(tail -3 "$W/err")"
[ "$fails" = 0 ] || { tail -30 "$W/out"; exit 1; }
echo "neighbour solicitations answered"
