#!/usr/bin/env bash
# GET benchmarks, snmpx beside Net-SNMP in one run.  Two agents on loopback
# (started and stopped here): a private Net-SNMP snmpd (~40 us of work per
# request, one at a time) and bench_v3_responder (libsnmpx's inbound API
# answering a fixed value: an agent that is not the bottleneck).
#  1. client CPU per GET, v2c and v3 authPriv (SHA/AES-128), for libsnmpx
#     and for a client on Net-SNMP's library, both against the same agent
#     in each comparison: one request in flight (blocking calls), then
#     WINDOW in flight (snmpx: detached handles; Net-SNMP:
#     snmp_async_send); unpinned, then clients and agent pinned to CPU 0;
#  2. wall time of a one-shot `get -v3` process: snmpx vs snmpget.
# Prints numbers and ratios; asserts nothing about speed.  getrusage's
# user/system split is tick-sampled; the total CPU is what to compare.
# Usage: bench/run_get.sh BUILD_DIR [N] [WINDOW]
#   N: GETs per run against snmpd (default 2000); 10x that against the
#   responder.  WINDOW: requests in flight for the "many" runs (64).
set -u
build=${1:-build-bench}
n=${2:-2000}
window=${3:-64}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/interop/lib.sh"
iop_start_snmpd_v3
snmpd_addr=${SNMPD_V3_ADDR#udp:}
snmpd_pids=$IOP_PIDS
v3="u_sha_aes SHA $IOP_V3_AUTHPASS AES $IOP_V3_PRIVPASS"

# The responder: same user and passwords as snmpd's u_sha_aes.
"$build/bench/bench_v3_responder" 0 600 $v3 >"$IOP_DIR/responder.out" \
  2>"$IOP_DIR/responder.err" &
responder_pid=$!
IOP_PIDS="$IOP_PIDS $responder_pid"
for _ in $(seq 50); do
  grep -q '^ready ' "$IOP_DIR/responder.out" && break
  sleep 0.1
done
rport=$(awk '/^ready/ {print $2}' "$IOP_DIR/responder.out")
[ -n "$rport" ] || { echo "responder did not start" >&2; exit 1; }
responder_addr=127.0.0.1:$rport

# compare PREFIX ADDR N WINDOW MODE...: snmpx then Net-SNMP, and the ratio
# of their client CPU per request when both got every answer.
compare() {
  local prefix=$1 addr=$2 count=$3 w=$4 a b ca cb ok=1
  shift 4
  # shellcheck disable=SC2086
  a=$(BENCH_WINDOW=$w $prefix "$build/bench/bench_get_snmpx" "$addr" \
    "$count" "$@") || { ok=0; echo "snmpx failed"; }
  # shellcheck disable=SC2086
  b=$(BENCH_WINDOW=$w $prefix "$build/bench/bench_get_netsnmp" "$addr" \
    "$count" "$@") || { ok=0; echo "netsnmp failed"; }
  echo "$a"; echo "$b"
  if [ $ok = 0 ]; then
    echo "ratio   $1 window $w: none (a client failed)"
    return
  fi
  ca=$(echo "$a" | awk '{print $5}'); cb=$(echo "$b" | awk '{print $5}')
  awk -v a="$ca" -v b="$cb" -v m="$1" -v w="$w" 'BEGIN {
    if (a > 0)
      printf "ratio   %-4s window %-3s Net-SNMP/snmpx client CPU: %.1fx\n",
        m, w, b / a }'
}

# against NAME ADDR N PREFIX: every comparison against one agent.
against() {
  local name=$1 addr=$2 count=$3 prefix=$4
  echo "-- $name ($addr), one in flight, $count GETs"
  compare "$prefix" "$addr" "$count" 1 v2c public
  # shellcheck disable=SC2086
  compare "$prefix" "$addr" "$count" 1 v3 $v3
  echo "-- $name, $window in flight, $count GETs"
  # shellcheck disable=SC2086
  compare "$prefix" "$addr" "$count" "$window" v3 $v3
}

pin() { # PIDS CPUS
  local pid
  for pid in $1; do taskset -a -p -c "$2" "$pid" >/dev/null 2>&1; done
}

echo "== client CPU per GET, unpinned"
against snmpd "$snmpd_addr" "$n" ""
against responder "$responder_addr" $((n * 10)) ""
echo "== client CPU per GET, clients and agent pinned to CPU 0"
pin "$snmpd_pids" 0
against snmpd "$snmpd_addr" "$n" "taskset -c 0"
pin "$snmpd_pids" 0,1
pin "$responder_pid" 0
against responder "$responder_addr" $((n * 10)) "taskset -c 0"
pin "$responder_pid" 0,1

echo "== one-shot 'get -v3 authPriv' process, wall time (20 runs each, snmpd)"
args="-v3 -l authPriv -u u_sha_aes -a SHA -A $IOP_V3_AUTHPASS -x AES -X $IOP_V3_PRIVPASS"
oneshot() {
  local t0 t1 i
  t0=$(date +%s%N)
  for i in $(seq 20); do
    # shellcheck disable=SC2086
    "$@" $args "$snmpd_addr" .1.3.6.1.2.1.1.3.0 >/dev/null || echo "failed: $*"
  done
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 20000 ))
}
xs=$(oneshot "$build/snmpx" get)
ns=$(oneshot snmpget)
echo "snmpx get:  $xs us per process"
echo "snmpget:    $ns us per process"
awk -v a="$xs" -v b="$ns" 'BEGIN { printf "ratio   snmpget/snmpx wall: %.1fx\n", b / a }'
kill "$responder_pid" 2>/dev/null
wait "$responder_pid" 2>/dev/null
cat "$IOP_DIR/responder.err"
