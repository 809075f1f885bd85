#!/usr/bin/env bash
# v2c GET round trips per second against 100 fleet agents (one process on
# loopback), in one run: the raw UDP limit, snmpx with one and with many
# requests in flight, Net-SNMP's library synchronous and with
# snmp_async_send; each as a ratio to the raw rate, with client CPU per
# request.  Unpinned, then client and fleet pinned to CPU 0 (cross-CPU
# wake-ups dominate wall time on 2-vCPU machines: ../shared/PEERS.md).
# Prints numbers; asserts nothing about speed.
# Usage: bench/run_rate.sh BUILD_DIR [N] [WINDOW]
set -u
build=${1:-build-bench}
n=${2:-20000}
window=${3:-256}
b=$build/bench
fleet_pid=
cleanup() { [ -n "$fleet_pid" ] && kill "$fleet_pid" 2>/dev/null; }
trap cleanup EXIT

start_fleet() { # $1: command prefix (e.g. "taskset -c 0")
  cleanup
  local base out
  out=$(mktemp)
  for try in 1 2 3 4 5; do
    base=$(( 42000 + ( ($$ + try * 17) % 40 ) * 200 ))
    $1 "$b/snmpx_fleet" --base-port $base --count 100 --lifetime 300 \
      >"$out" 2>/dev/null &
    fleet_pid=$!
    for _ in $(seq 50); do grep -q '^ready' "$out" && break; sleep 0.1; done
    grep -q "^ready $base 100" "$out" && { BASE=$base; rm -f "$out"; return 0; }
    kill "$fleet_pid" 2>/dev/null; fleet_pid=
  done
  echo "fleet did not start" >&2; exit 1
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
    rate=$(echo "$line" | awk '{print $4}')
    awk -v l="$line" -v r="$rate" -v raw="$raw" \
      'BEGIN { printf "%s  = %.2f x raw\n", l, r / raw }'
  done
}

echo "== unpinned (N=$n, window=$window)"
start_fleet ""
run_all ""
echo "== client and fleet pinned to CPU 0"
start_fleet "taskset -c 0"
run_all "taskset -c 0"
