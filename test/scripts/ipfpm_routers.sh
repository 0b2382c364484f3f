# What the IP FPM multi-process tests share: routers over FIFOs (fifo_routers.sh), a free UDP port
# for the MCP, a wait on a router's displays and the tools that play the network and check the
# MCP. Source it after
#   set -u; PY=/usr/bin/python3; TOOLS=<test/tools>; W=<work directory>; declare -A FD PID SYNCS; fails=0

# shellcheck source=fifo_routers.sh
. "$(dirname "${BASH_SOURCE[0]}")/fifo_routers.sh"

cleanup() {
  close_fifos
  for n in "${!PID[@]}"; do wait "${PID[$n]}" 2>/dev/null; done
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# sync NAME [dcp|mcp]: returns when every command sent so far has run (a display whose output we count)
sync() {
  local name=$1 want=$((${SYNCS[$1]:-0} + 1)) i
  SYNCS[$name]=$want
  send "$name" "display ipfpm ${2:-dcp}"
  for i in $(seq 1 300); do
    [ "$(grep -c '^Report Statistics:' "$W/$name.out")" -ge "$want" ] && return 0
    sleep 0.1
  done
  fail "$name did not answer (see $W/$name.out)"
  tail -20 "$W/$name.out"
  return 1
}

gen() { "$PY" "$TOOLS/fpm_gen.py" "$@" || fail "fpm_gen $*"; }
impair() { "$PY" "$TOOLS/impair.py" "$@" --interval 10 || fail "impair $*"; }
check() { echo "-- check $*"; "$PY" "$TOOLS/fpm_check.py" "$@" || fail "fpm_check $*"; }
