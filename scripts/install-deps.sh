#!/usr/bin/env bash
# Install the Debian 12 packages snmpx needs to build and test, if missing.
# Idempotent: does nothing when everything is there.  Run as root (or with
# sudo available).
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libssl-dev libcmocka-dev libuv1-dev
  clang libclang-rt-14-dev
  snmpd snmp snmptrapd libsnmp-dev snmpsim
  python3-dev python3-setuptools python3-pytest python3-pysnmp4 python3-venv
  jq  # tests read --json output with jq, as docs/json.md shows
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
