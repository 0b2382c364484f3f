#!/usr/bin/env bash
# Installs the Debian 12 packages vrsh needs to build, test and demo, when any is missing.
set -euo pipefail
pkgs=(build-essential cmake ninja-build ccache pkg-config libboost-dev libreadline-dev libpcap-dev libfmt-dev
      doctest-dev nlohmann-json3-dev libssl-dev tmux tshark python3-scapy clang libclang-rt-14-dev iproute2
      pmacct nftables ethtool iputils-ping curl netcat-openbsd
      libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler python3-grpcio python3-protobuf
      openssl)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "vrsh: installing ${missing[*]}" >&2
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
