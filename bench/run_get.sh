#!/usr/bin/env bash
# GET benchmarks, snmpx beside Net-SNMP in one run, against one private
# snmpd on loopback (started and stopped here):
#  1. client CPU per blocking GET, v2c and v3 authPriv (SHA/AES-128), for
#     libsnmpx and for a client on Net-SNMP's library (same workload);
#  2. wall time of a one-shot `get -v3` process: snmpx vs snmpget.
# Prints numbers and ratios; asserts nothing about speed.
# Usage: bench/run_get.sh BUILD_DIR [N]
set -u
build=${1:-build-bench}
n=${2:-2000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/interop/lib.sh"
iop_start_snmpd_v3
addr=${SNMPD_V3_ADDR#udp:}
v3="u_sha_aes SHA $IOP_V3_AUTHPASS AES $IOP_V3_PRIVPASS"

cpu_per_get() { # $1: command prefix for the clients
  for mode in "v2c public" "v3 $v3"; do
    # shellcheck disable=SC2086
    a=$($1 "$build/bench/bench_get_snmpx" "$addr" "$n" $mode) || echo "snmpx failed"
    # shellcheck disable=SC2086
    b=$($1 "$build/bench/bench_get_netsnmp" "$addr" "$n" $mode) || echo "netsnmp failed"
    echo "$a"; echo "$b"
    ca=$(echo "$a" | awk '{print $5}'); cb=$(echo "$b" | awk '{print $5}')
    awk -v a="$ca" -v b="$cb" -v m="${mode%% *}" \
      'BEGIN { if (a > 0) printf "ratio   %-4s Net-SNMP/snmpx client CPU: %.1fx\n", m, b / a }'
  done
}
echo "== client CPU per GET ($n sequential blocking GETs each, snmpd on $addr)"
cpu_per_get ""
echo "== the same, clients and snmpd pinned to CPU 0"
for pid in $IOP_PIDS; do taskset -a -p -c 0 "$pid" >/dev/null; done
cpu_per_get "taskset -c 0"
for pid in $IOP_PIDS; do taskset -a -p -c 0,1 "$pid" >/dev/null 2>&1; done

echo "== snmpx v3 authPriv with 64 GETs in flight (detached handles)"
# shellcheck disable=SC2086
BENCH_WINDOW=64 "$build/bench/bench_get_snmpx" "$addr" "$n" v3 $v3
echo "== one-shot 'get -v3 authPriv' process, wall time (20 runs each)"
args="-v3 -l authPriv -u u_sha_aes -a SHA -A $IOP_V3_AUTHPASS -x AES -X $IOP_V3_PRIVPASS"
oneshot() {
  local t0 t1 i
  t0=$(date +%s%N)
  for i in $(seq 20); do
    # shellcheck disable=SC2086
    "$@" $args "$addr" .1.3.6.1.2.1.1.3.0 >/dev/null || echo "failed: $*"
  done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 20000 ))
}
xs=$(oneshot "$build/snmpx" get)
ns=$(oneshot snmpget)
echo "snmpx get:  $xs us per process"
echo "snmpget:    $ns us per process"
awk -v a="$xs" -v b="$ns" 'BEGIN { printf "ratio   snmpget/snmpx wall: %.1fx\n", b / a }'
