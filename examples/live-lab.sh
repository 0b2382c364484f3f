#!/usr/bin/env bash
# A two-router live lab in network namespaces (run as root):
#
#   host A ----- R1 ===== wire ===== R2 ----- host B
#   10.1.1.1   (vrsh)   (bridge,   (vrsh)   10.2.1.1
#                        nftables)
#               R1 ------ mgmt ------ R2      172.31.0.1 <-> 172.31.0.2 (kernel IPs)
#
# The routers' data interfaces carry no kernel addresses: vrsh captures and injects on them and
# answers ARP itself. The wire namespace bridges R1 and R2 and drops every Nth packet of the
# measured UDP flow (A:5000 -> B:7000) with an nftables rule whose counter is the ground truth
# for IP FPM loss. The management link carries IP FPM reports (R1's DCP -> R2's MCP) and
# telemetry (R1 -> a collector on R2's management address).
#
#   examples/live-lab.sh up                 build the namespaces, links and the nftables rule
#   examples/live-lab.sh r1 [vrsh options]  run vrsh as R1 (R2 likewise), configured from
#                                           $LAB_DIR/r1.cfg (written by `up`; `save` keeps it)
#   examples/live-lab.sh collector          run pmacct's pmtelemetryd on R2's management address
#                                           (UDP 50001, R1's telemetry destination); it logs
#                                           every record to $LAB_DIR/collector.json
#   examples/live-lab.sh exec NS CMD...     run CMD in a lab namespace (a, r1, wire, r2, b)
#   examples/live-lab.sh drops              packets of the measured flow the wire saw, and dropped
#   examples/live-lab.sh down               remove everything
#
# Environment: LAB (namespace prefix, default vlab), LAB_DIR (default /tmp/$LAB), LAB_DROP_EVERY
# (N of the drop rule, default 10), VRSH (default build/release/vrsh, as scripts/test.sh builds).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
LAB=${LAB:-vlab}
LAB_DIR=${LAB_DIR:-/tmp/$LAB}
LAB_DROP_EVERY=${LAB_DROP_EVERY:-10}
VRSH=${VRSH:-$here/../build/release/vrsh}
NAMESPACES=(a r1 wire r2 b)

ns() { echo "$LAB-$1"; }
in_ns() {
  local n=$1
  shift
  ip netns exec "$(ns "$n")" "$@"
}
# veth NS1 IF1 NS2 IF2: a veth pair with each end created directly in its namespace
veth() { ip link add "$2" netns "$(ns "$1")" type veth peer name "$4" netns "$(ns "$3")"; }

write_configs() {
  mkdir -p "$LAB_DIR"
  cat >"$LAB_DIR/r1.cfg" <<'EOF'
#
sysname R1
#
interface GigabitEthernet0/1/0
 undo shutdown
 ip address 10.1.1.254 255.255.255.0
 ipfpm tlp 100
 esqm service-stream inbound
#
interface GigabitEthernet0/1/1
 undo shutdown
 ip address 192.168.12.1 255.255.255.252
 esqm service-stream inbound
#
ip route-static 10.2.1.0 255.255.255.0 192.168.12.2
#
nqa ipfpm dcp
 dcp id 172.31.0.1
 mcp 172.31.0.2 port 2048
 instance 1
  interval 1
  flow forward source 10.1.1.1 destination 10.2.1.1 protocol udp source-port 5000 destination-port 7000
  tlp 100 in-point ingress
  loss-measure enable continual
  delay-measure enable one-way tlp 100 continual
#
esqm
 esqm session fast-aging-time sctp 2
 esqm protocol tcp enable
#
telemetry
 sensor-group esqm
  sensor-path huawei-esqm:esqm/tcp-datas/tcp-data
 destination-group collector
  ipv4-address 172.31.0.2 port 50001 protocol udp
 subscription esqm-stream
  sensor-group esqm
  destination-group collector
#
return
EOF
  cat >"$LAB_DIR/r2.cfg" <<'EOF'
#
sysname R2
#
interface GigabitEthernet0/1/0
 undo shutdown
 ip address 10.2.1.254 255.255.255.0
 ipfpm tlp 200
 esqm service-stream inbound
 esqm service-stream outbound
#
interface GigabitEthernet0/1/1
 undo shutdown
 ip address 192.168.12.2 255.255.255.252
 esqm service-stream inbound
#
ip route-static 10.1.1.0 255.255.255.0 192.168.12.1
#
nqa ipfpm dcp
 dcp id 172.31.0.2
 mcp 172.31.0.2 port 2048
 instance 1
  interval 1
  flow forward source 10.1.1.1 destination 10.2.1.1 protocol udp source-port 5000 destination-port 7000
  tlp 200 out-point egress
  loss-measure enable continual
  delay-measure enable one-way tlp 200 continual
#
nqa ipfpm mcp
 mcp id 172.31.0.2
 protocol udp port 2048
 instance 1
  dcp 172.31.0.1
  dcp 172.31.0.2
#
esqm
 esqm protocol tcp enable
#
return
EOF
}

up() {
  local n
  for n in "${NAMESPACES[@]}"; do
    ip netns add "$(ns "$n")"
    in_ns "$n" ip link set lo up
    # No IPv6 autoconfiguration chatter on the lab links.
    in_ns "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
  veth a eth0 r1 eth-a
  veth r1 eth-w wire r1
  veth wire r2 r2 eth-w
  veth r2 eth-b b eth0
  veth r1 mgmt r2 mgmt
  in_ns wire ip link add br0 type bridge
  in_ns wire ip link set r1 master br0
  in_ns wire ip link set r2 master br0
  for n in br0 r1 r2; do in_ns wire ip link set "$n" up; done
  for n in eth-a eth-w mgmt; do in_ns r1 ip link set "$n" up; done
  for n in eth-b eth-w mgmt; do in_ns r2 ip link set "$n" up; done
  in_ns r1 ip addr add 172.31.0.1/30 dev mgmt
  in_ns r2 ip addr add 172.31.0.2/30 dev mgmt
  in_ns a ip link set eth0 up
  in_ns a ip addr add 10.1.1.1/24 dev eth0
  in_ns a ip route add default via 10.1.1.254
  in_ns b ip link set eth0 up
  in_ns b ip addr add 10.2.1.1/24 dev eth0
  in_ns b ip route add default via 10.2.1.254
  # The hosts compute their checksums and segment TCP themselves: a veth otherwise hands
  # unsegmented 64 KB TCP packets with unfinished checksums to the capture on the other end,
  # which a router cannot forward as they are.
  for n in a b; do
    in_ns "$n" ethtool -K eth0 tx off tso off gso off >/dev/null
  done
  # The wire: every Nth packet of the measured flow from R1 toward R2 is dropped and counted.
  in_ns wire nft -f - <<EOF
table bridge wire {
  counter measured { }
  counter dropped { }
  chain forward {
    type filter hook forward priority 0; policy accept;
    iifname "r1" ip saddr 10.1.1.1 ip daddr 10.2.1.1 udp sport 5000 udp dport 7000 counter name measured numgen inc mod $LAB_DROP_EVERY == 0 counter name dropped drop
  }
}
EOF
  write_configs
  echo "lab $LAB is up: namespaces ${NAMESPACES[*]/#/$LAB-}; router configurations in $LAB_DIR"
}

down() {
  local n
  for n in "${NAMESPACES[@]}"; do ip netns del "$(ns "$n")" 2>/dev/null || true; done
}

# Packets of the measured flow the wire has seen and dropped: "SEEN DROPPED".
drops() {
  local m d
  m=$(in_ns wire nft list counter bridge wire measured | sed -n 's/.*packets \([0-9]*\).*/\1/p')
  d=$(in_ns wire nft list counter bridge wire dropped | sed -n 's/.*packets \([0-9]*\).*/\1/p')
  echo "$m $d"
}

collector() {
  cat >"$LAB_DIR/pmtelemetryd.conf" <<EOF
telemetry_daemon_ip: 172.31.0.2
telemetry_daemon_port_udp: 50001
telemetry_daemon_decoder: json
telemetry_daemon_msglog_file: $LAB_DIR/collector.json
telemetry_daemon_msglog_output: json
pidfile: $LAB_DIR/pmtelemetryd.pid
logfile: $LAB_DIR/pmtelemetryd.log
EOF
  exec ip netns exec "$(ns r2)" pmtelemetryd -f "$LAB_DIR/pmtelemetryd.conf"
}

router() {
  local r=$1
  shift
  local host=a extra=()
  [ "$r" = r2 ] && host=b extra=(--ipfpm-listen 172.31.0.2)
  exec ip netns exec "$(ns "$r")" "$VRSH" --startup "$LAB_DIR/$r.cfg" \
    --port GigabitEthernet0/1/0=live:eth-$host --port GigabitEthernet0/1/1=live:eth-w "${extra[@]}" "$@"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  drops) drops ;;
  collector) collector ;;
  r1 | r2)
    r=$1
    shift
    router "$r" "$@"
    ;;
  exec)
    shift
    n=$1
    shift
    in_ns "$n" "$@"
    ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 2
    ;;
esac
