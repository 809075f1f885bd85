#!/usr/bin/env bash
# Install the Debian 12 packages snmpx needs to build and test, and node's
# net-snmp (npm) as an interop peer, if missing.
# Idempotent: does nothing when everything is there.  Run as root (or with
# sudo available).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libssl-dev libcmocka-dev libuv1-dev
  clang libclang-rt-14-dev
  snmpd snmp snmptrapd libsnmp-dev snmpsim
  python3-dev python3-setuptools python3-pytest python3-pysnmp4 python3-venv
  python3-mypy  # tests/python/test_typing.py: mypy --strict over a user program
  python3-easysnmp  # bench/bench_python.py: the seed API beside easysnmp
  jq  # tests read --json output with jq, as docs/json.md shows
  prometheus-snmp-exporter collectd-core  # tests/interop/test_host_collectors.sh
  valgrind
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -ne 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# node's net-snmp (npm), an independent SNMPv3 peer for
# tests/interop/test_node_netsnmp.sh, in a fixed place outside the
# checkout (the test looks there, or in $SNMPX_NODE_PEERS).
NODE_PEERS=${SNMPX_NODE_PEERS:-/opt/snmpx-peers/node}
if [ ! -d "$NODE_PEERS/node_modules/net-snmp" ]; then
  if ! command -v npm >/dev/null; then
    echo "installing: nodejs npm"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  echo "installing: net-snmp (npm) into $NODE_PEERS"
  $SUDO mkdir -p "$NODE_PEERS"
  $SUDO npm install --prefix "$NODE_PEERS" --no-audit --no-fund \
    --loglevel=error net-snmp >/dev/null
fi
