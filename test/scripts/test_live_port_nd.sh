#!/usr/bin/env bash
# IPv6 neighbour solicitations on a live port (issue #14 item 2, its first part): a host H1 on a
# veth pair with vrsh's router R resolves R's global and link-local IPv6 addresses through
# neighbour discovery, and gets the MAC of R's device; `display interface` counts what R
# answered. (Echo replies and next-hop resolution by NS/NA are not part of this test.)
# Usage: test_live_port_nd.sh <vrsh> <source-dir> <build-dir>
set -u
VRSH=$1 BUILD=$3
skip() { echo "skip: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "network namespaces need root"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
command -v ping >/dev/null || skip "ping is not installed"
T=vtnd$$
R=$T-r H1=$T-h1
ip netns add "$R" 2>/dev/null || skip "ip netns is not available here"
W=$(mktemp -d "${BUILD}/live-nd.XXXXXX")
PID=
fails=0
cleanup() {
  exec 9>&- 2>/dev/null
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  for ns in "$R" "$H1"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

ip netns add "$H1" || skip "cannot create network namespaces"
D1=vtn${$}a
ip link add "$D1" netns "$R" type veth peer name h1 netns "$H1" || skip "cannot create veth pairs"
# R's kernel must not answer for itself on the device vrsh owns.
ip netns exec "$R" sysctl -qw "net.ipv6.conf.$D1.disable_ipv6=1" 2>/dev/null
ip -n "$R" link set "$D1" up
ip -n "$H1" link set h1 up
ip -n "$H1" -6 addr add 2001:db8:1::10/64 dev h1 nodad 2>/dev/null || skip "IPv6 is not available in namespaces"

cat >"$W/r.cfg" <<'CFG'
sysname R
#
interface GigabitEthernet0/1/0
 undo shutdown
 ipv6 enable
 ipv6 address 2001:DB8:1::1 64
#
return
CFG

mkfifo "$W/in"
ip netns exec "$R" "$VRSH" --keep-going --startup "$W/r.cfg" --port "GigabitEthernet0/1/0=live:$D1" \
  <"$W/in" >"$W/out" 2>"$W/err" &
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
  tail -20 "$W/out" "$W/err"
  exit 1
}
sync

mac=$(ip -n "$R" -o link show "$D1" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
# H1 asks for ADDR (its ping sends the solicitation; vrsh does not answer the echo itself here):
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

send "quit"
exec 9>&-
wait "$PID"
rc=$?
PID=
[ "$rc" = 0 ] || fail "vrsh exited with status $rc: $(tail -3 "$W/err")"
[ "$fails" = 0 ] || { tail -30 "$W/out"; exit 1; }
echo "neighbour solicitations answered"
