#!/usr/bin/env bash
# Live ports on veth pairs in network namespaces: host H1 -- vrsh router R -- host H2.
# vrsh runs inside R with both ports bound to veth devices (--port IFNAME=live:DEV) and reads
# commands from a FIFO. Checks: R answers ARP for its addresses with the device's MAC, pings from
# H1 reach H2 through R, `display interface` counts them, a commit while a ping runs loses nothing,
# `display arp` lists the entries, `arp static` reaches a host that does not answer ARP, R answers
# pings of its addresses and sends time exceeded and net unreachable errors, SIGTERM
# ends vrsh cleanly (exit 0, no sanitizer report).
# Usage: test_live_port.sh <vrsh> <source-dir> <build-dir>
set -u
VRSH=$1 BUILD=$3
skip() { echo "skip: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "network namespaces need root"
command -v ip >/dev/null || skip "iproute2 (ip) is not installed"
command -v ping >/dev/null || skip "ping is not installed"
T=vtlive$$
R=$T-r H1=$T-h1 H2=$T-h2
ip netns add "$R" 2>/dev/null || skip "ip netns is not available here"
W=$(mktemp -d "${BUILD}/live-port.XXXXXX")
PID=
fails=0
cleanup() {
  exec 9>&- 2>/dev/null
  [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
  for ns in "$R" "$H1" "$H2"; do ip netns del "$ns" 2>/dev/null; done
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

ip netns add "$H1" && ip netns add "$H2" || skip "cannot create network namespaces"
# Device names: at most 15 characters.
D1=vtl${$}a D2=vtl${$}b
ip link add "$D1" netns "$R" type veth peer name h1 netns "$H1" || skip "cannot create veth pairs"
ip link add "$D2" netns "$R" type veth peer name h2 netns "$H2" || skip "cannot create veth pairs"
ip -n "$R" link set lo up
ip -n "$R" link set "$D1" up
ip -n "$R" link set "$D2" up
ip -n "$H1" link set h1 up
ip -n "$H2" link set h2 up
ip -n "$H1" addr add 10.1.1.10/24 dev h1
ip -n "$H2" addr add 10.2.2.10/24 dev h2
ip -n "$H1" route add default via 10.1.1.1
ip -n "$H2" route add default via 10.2.2.1

cat >"$W/r.cfg" <<'CFG'
sysname R
#
interface GigabitEthernet0/1/0
 undo shutdown
 ip address 10.1.1.1 255.255.255.0
#
interface GigabitEthernet0/2/0
 undo shutdown
 ip address 10.2.2.1 255.255.255.0
#
return
CFG

mkfifo "$W/in"
ip netns exec "$R" "$VRSH" --keep-going --startup "$W/r.cfg" --port "GigabitEthernet0/1/0=live:$D1" \
  --port "GigabitEthernet0/2/0=live:$D2" <"$W/in" >"$W/out" 2>"$W/err" &
PID=$!
exec 9>"$W/in"
send() { printf '%s\n' "$@" >&9; }
# sync: returns when every command sent so far has run (its output is complete). It counts the
# syncs already in the transcript rather than keeping a count: counter() syncs in a subshell.
# Every earlier sync has completed, so one more `display version` than now means this one ran.
syncs_done() {  # the file may not exist yet when vrsh has only just started
  local n
  n=$(grep -c '^<R>display version' "$W/out" 2>/dev/null)
  echo "${n:-0}"
}
sync() {
  local before
  before=$(syncs_done)
  send "display version"
  for _ in $(seq 1 300); do
    [ "$(syncs_done)" -gt "$before" ] && return 0
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  fail "vrsh did not answer"
  tail -n 20 "$W/out" "$W/err"
  exit 1
}
# counter IFNAME FIELD: the last `display interface` value of Input/Output packets or ARP replies
counter() {
  send "display interface $1"
  sync
  awk -v f="$2" '/current state/ {blk = ""} {blk = blk $0 "\n"} END {printf "%s", blk}' "$W/out" >"$W/last"
  case $2 in
    input) sed -n 's/^Input: *\([0-9]*\) packets.*/\1/p' "$W/last" ;;
    output) sed -n 's/^Output: *\([0-9]*\) packets.*/\1/p' "$W/last" ;;
    arp-replies) sed -n 's/^ARP: [0-9]* received, \([0-9]*\) replies.*/\1/p' "$W/last" ;;
  esac
}
sync

# ARP: H1 resolves its gateway to the MAC of R's device.
mac=$(ip -n "$R" -o link show "$D1" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
ip netns exec "$H1" ping -q -c 3 -i 0.2 -W 2 10.2.2.10 >"$W/ping1" 2>&1 || fail "ping H1 -> H2 through R failed: $(tail -2 "$W/ping1")"
got=$(ip -n "$H1" neigh show 10.1.1.1 | sed -n 's/.*lladdr \([0-9a-f:]*\).*/\1/p')
[ -n "$mac" ] && [ "$got" = "$mac" ] || fail "H1 resolved 10.1.1.1 to '$got', R's device has '$mac'"
[ "$(counter GigabitEthernet0/1/0 arp-replies)" -ge 1 ] || fail "R sent no ARP reply on GigabitEthernet0/1/0"
grep -q "Hardware address is ${mac:0:2}${mac:3:2}-${mac:6:2}${mac:9:2}-${mac:12:2}${mac:15:2}" "$W/last" ||
  fail "display interface does not show the device MAC $mac"

# Counters: 3 echo requests in on 0/1/0 and out on 0/2/0, 3 replies the other way.
in1=$(counter GigabitEthernet0/1/0 input)
out2=$(counter GigabitEthernet0/2/0 output)
[ "${in1:-0}" -ge 3 ] || fail "GigabitEthernet0/1/0 input packets: '$in1', want >= 3"
[ "${out2:-0}" -ge 3 ] || fail "GigabitEthernet0/2/0 output packets: '$out2', want >= 3"
grep -q "^Live device: $D2, kernel dropped 0 packets" "$W/last" || fail "no live device line for $D2"

# A commit while traffic flows: nothing lost.
ip netns exec "$H1" ping -q -c 40 -i 0.05 -W 2 10.2.2.10 >"$W/ping2" 2>&1 &
ping_pid=$!
sleep 0.5
send "system-view" "interface GigabitEthernet0/1/0" "description live port" "quit" \
  "ip route-static 192.0.2.0 255.255.255.0 10.2.2.10" "commit" "return"
sync
wait "$ping_pid" || fail "ping during a commit failed: $(tail -2 "$W/ping2")"
grep -q " 0% packet loss" "$W/ping2" || fail "packets lost during a commit: $(grep loss "$W/ping2")"
send "display current-configuration"
sync
grep -q "description live port" "$W/out" || fail "the commit did not take effect"

# The new static route works through ARP-resolved next hop 10.2.2.10.
ip -n "$H2" addr add 192.0.2.1/32 dev lo
ip -n "$H2" link set lo up
ip netns exec "$H1" ping -q -c 2 -i 0.2 -W 2 192.0.2.1 >"$W/ping3" 2>&1 || fail "ping through the static route failed"

# display arp: R's own address on the port, and H1 learnt from its ARP request.
send "display arp"
sync
grep -qE "^10\.1\.1\.1 +${mac//:/} *I +GigabitEthernet0/1/0" <(sed 's/-//g' "$W/out") ||
  fail "display arp does not list 10.1.1.1 as the interface entry of GigabitEthernet0/1/0"
grep -qE "^10\.1\.1\.10 +[0-9a-f-]+ +[0-9]+ +D +GigabitEthernet0/1/0" "$W/out" ||
  fail "display arp does not list H1 as a dynamic entry"

# arp static: H2 stops answering ARP; R reaches a second address of H2 only through a static
# entry (and drops as arp-unresolved before it has one).
hmac() { ip -n "$1" -o link show "$2" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'; }
h2mac=$(hmac "$H2" h2)
ip -n "$H2" addr add 10.2.2.20/24 dev h2
# arp_ignore 8: no ARP replies at all (H2 still asks for its own neighbours).
ip netns exec "$H2" sysctl -qw net.ipv4.conf.all.arp_ignore=8 net.ipv4.conf.h2.arp_ignore=8 ||
  fail "cannot stop H2 answering ARP"
if ip netns exec "$H1" ping -q -c 1 -W 1 10.2.2.20 >/dev/null 2>&1; then
  fail "10.2.2.20 answered although H2 does not answer ARP"
fi
# Three requests a second apart, then the waiting packet is dropped: wait for the drop to show
# (up to 15 s: a loaded machine delays the router's one-second housekeeping).
dropped=
for _ in $(seq 1 75); do
  send "display interface GigabitEthernet0/1/0"
  sync
  awk '/current state/ {blk = ""} {blk = blk $0 "\n"} END {printf "%s", blk}' "$W/out" >"$W/last"
  if grep -q "arp-unresolved 1" "$W/last"; then dropped=1; break; fi
  sleep 0.2
done
[ -n "$dropped" ] || fail "no arp-unresolved drop on GigabitEthernet0/1/0: $(grep -i drop "$W/last")"
send "system-view" "arp static 10.2.2.20 $(echo "$h2mac" | tr -d : | sed 's/\(....\)\(....\)/\1-\2-/')" "commit" "return"
sync
ip netns exec "$H1" ping -q -c 2 -i 0.2 -W 2 10.2.2.20 >"$W/ping4" 2>&1 ||
  fail "ping through a static ARP entry failed: $(tail -2 "$W/ping4")"

# R answers pings to its own addresses, the near one and the far one, and tells H1 of a packet
# whose TTL ends at R (what traceroute reads) and of one with no route, from its address on the
# port the packet came in by.
ip netns exec "$H1" ping -c 2 -i 0.2 -W 2 10.1.1.1 >"$W/ping5" 2>&1 || fail "R did not answer a ping of 10.1.1.1"
ip netns exec "$H1" ping -c 1 -W 2 10.2.2.1 >"$W/ping6" 2>&1 || fail "R did not answer a ping of 10.2.2.1"
grep -q "from 10.2.2.1: icmp_seq=1 ttl=255" "$W/ping6" || fail "reply to 10.2.2.1: $(cat "$W/ping6")"
ip netns exec "$H1" ping -c 1 -t 1 -W 2 10.2.2.10 >"$W/ping7" 2>&1
grep -q "From 10.1.1.1 icmp_seq=1 Time to live exceeded" "$W/ping7" || fail "no time exceeded: $(cat "$W/ping7")"
ip netns exec "$H1" ping -c 1 -W 2 203.0.113.9 >"$W/ping8" 2>&1
grep -q "From 10.1.1.1 icmp_seq=1 Destination Net Unreachable" "$W/ping8" || fail "no unreachable: $(cat "$W/ping8")"
send "display interface GigabitEthernet0/1/0"
sync
awk '/current state/ {blk = ""} {blk = blk $0 "\n"} END {printf "%s", blk}' "$W/out" >"$W/last"
grep -q "^Echo requests to the router: 3 answered, 0 unanswered$" "$W/last" || fail "echo counters: $(grep -i echo "$W/last")"
grep -q "^ICMP errors to senders: 1 time exceeded, 1 unreachable, 0 rate-limited$" "$W/last" ||
  fail "ICMP error counters: $(grep -i icmp "$W/last")"

# R's own ping and tracert (user view): echo requests from R's address on the way out (or -a),
# the vendor's lines; tracert stops at the destination's port unreachable.
send "ping -c 3 -m 10 10.1.1.10" "ping -c 1 -a 10.2.2.1 10.1.1.10" "tracert -q 2 10.1.1.10"
sync
for i in 1 2 3; do
  grep -qE "^    Reply from 10\.1\.1\.10: bytes=56 Sequence=$i ttl=64 time=[0-9]+ ms$" "$W/out" ||
    fail "no reply $i to R's ping: $(grep -A8 'PING 10.1.1.10' "$W/out")"
done
grep -q "^  PING 10.1.1.10: 56  data bytes, press CTRL_C to break$" "$W/out" || fail "no PING line"
grep -q "^    3 packet(s) received$" "$W/out" || fail "R's ping: $(grep -A8 'PING 10.1.1.10' "$W/out")"
grep -q "^    0.00% packet loss$" "$W/out" || fail "R's ping lost packets"
grep -qE "^    round-trip min/avg/max = [0-9]+/[0-9]+/[0-9]+ ms$" "$W/out" || fail "no round-trip line"
grep -q "^    1 packet(s) received$" "$W/out" || fail "ping -a 10.2.2.1 got no reply"
grep -q "^ traceroute to  10.1.1.10(10.1.1.10), max hops: 30 ,packet length: 40,press CTRL_C to break$" "$W/out" ||
  fail "no traceroute line"
grep -qE "^ 1 10\.1\.1\.10 [0-9]+ ms  [0-9]+ ms$" "$W/out" || fail "tracert: $(grep -A3 'traceroute to' "$W/out")"

# SIGTERM: a clean exit.
kill -TERM "$PID"
wait "$PID"
rc=$?
PID=
[ "$rc" = 0 ] || fail "vrsh exited with $rc after SIGTERM"
grep -q "Received SIGTERM" "$W/err" || fail "no shutdown message on stderr"
if grep -qE 'Sanitizer|runtime error' "$W/err"; then
  fail "sanitizer report"
  cat "$W/err"
fi
if ((fails != 0)); then
  echo "--- transcript"; tail -40 "$W/out"; echo "--- stderr"; cat "$W/err"
  exit 1
fi
rm -rf "$W"
echo "live port ok"
