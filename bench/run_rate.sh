#!/usr/bin/env bash
# v2c GET round trips per second against 100 fleet agents (one process on
# loopback), in one run: the raw UDP limit, snmpx with one and with many
# requests in flight, Net-SNMP's library synchronous and with
# snmp_async_send; with client CPU per request.  The raw client has one
# request in flight, so only the one-in-flight rows (snmpx1, ns-sync) get
# a ratio to its rate; the WINDOW-in-flight rows get none.  Unpinned,
# then client and fleet pinned to CPU 0 (cross-CPU wake-ups dominate wall
# time on 2-vCPU machines: ../shared/PEERS.md).
# Prints numbers; asserts nothing about speed.
# Usage: bench/run_rate.sh BUILD_DIR [N] [WINDOW]
set -u
build=${1:-build-bench}
n=${2:-20000}
window=${3:-256}
b=$build/bench
# bench/ builds its own fleet only when the tests (tests/fleet) do not.
FLEET=$b/snmpx_fleet
[ -x "$FLEET" ] || FLEET=$build/tests/fleet/snmpx_fleet
. "$(dirname "$0")/../tests/fleet/fleet_lib.sh"

start_fleet() { # $1: command prefix (e.g. "taskset -c 0")
  FLEET_PREFIX=$1 fleet_start_block 100 --lifetime 300 || exit 1
  BASE=$FLEET_BASE
}

run_all() { # $1: command prefix
  local raw line rate
  raw=$($1 "$b/bench_rate" raw 127.0.0.1 "$BASE" 100 "$n")
  echo "$raw"
  raw=$(echo "$raw" | awk '{print $4}')
  for cmd in "bench_rate snmpx1" "bench_rate snmpxN" \
             "bench_rate_netsnmp sync" "bench_rate_netsnmp async"; do
    # shellcheck disable=SC2086
    line=$($1 "$b/"$cmd 127.0.0.1 "$BASE" 100 "$n" "$window") ||
      echo "($cmd lost requests)"
    case $cmd in
    *" snmpx1" | *" sync")
      rate=$(echo "$line" | awk '{print $4}')
      awk -v l="$line" -v r="$rate" -v raw="$raw" 'BEGIN {
        if (raw > 0)
          printf "%s  = %.2f x raw (both one in flight)\n", l, r / raw
        else
          print l }' ;;
    *) echo "$line  ($window in flight: no ratio to raw)" ;;
    esac
  done
}

echo "== unpinned (N=$n, window=$window)"
start_fleet ""
run_all ""
echo "== client and fleet pinned to CPU 0"
start_fleet "taskset -c 0"
run_all "taskset -c 0"
