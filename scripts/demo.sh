#!/usr/bin/env bash
# Builds vrsh and runs the bundled example: an ESQM configuration replaying the bundled capture.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)" --target vrsh
cd examples
exec ../build/release/vrsh --port GigabitEthernet0/1/1=out:/tmp/vrsh-demo-out.pcap \
  --esqm-export /tmp/vrsh-demo-esqm.json -f esqm-demo.cfg
