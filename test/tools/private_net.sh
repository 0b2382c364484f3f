#!/bin/sh
# Runs a command in a private network namespace with its own loopback when the system allows it
# (unshare -rn), so a test that binds the vendor's fixed ports (the UPE example's MCP listens on
# UDP 2048) cannot collide with another test run on the same machine; otherwise runs it as is.
# Usage: private_net.sh COMMAND [ARGS...]
PATH=$PATH:/usr/sbin:/sbin
if unshare -rn sh -c 'ip link set lo up' 2>/dev/null; then
  exec unshare -rn sh -c 'ip link set lo up && exec "$@"' private_net "$@"
fi
exec "$@"
