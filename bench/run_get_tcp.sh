#!/usr/bin/env bash
# GET over TCP (RFC 3430), snmpx beside Net-SNMP: client CPU (user+sys,
# getrusage) per v2c GET, the one TCP connection reused by every request
# (the warm-up GET before the timer opens it), for libsnmpx
# (bench_get_snmpx) and for a client on Net-SNMP's library
# (bench_get_netsnmp), both against the same private snmpd on
# tcp:127.0.0.1: sequential GETs (one in flight: both clients make the same
# three system calls per request, so kernel time bounds the ratio), then
# WINDOW GETs in flight on the connection (snmpx writes what a turn queued
# in one send and frames several answers per read; Net-SNMP's
# snmp_async_send writes each request alone).  RUNS rounds of each,
# unpinned and then clients and snmpd pinned to CPU 0; prints each ratio
# and the machine's conditions.  Asserts nothing about speed.
# Usage: bench/run_get_tcp.sh BUILD_DIR [N] [RUNS] [WINDOW]
set -u
build=${1:-build-bench}
n=${2:-2000}
runs=${3:-3}
window=${4:-32}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/interop/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"

d=$IOP_DIR/snmpd
launch() {
  mkdir -p "$d/persist/cert_indexes"
  cat >"$d/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:$1,tcp:127.0.0.1:$1
master no
dontLogTCPWrappersConnects yes
rocommunity public 127.0.0.1
CONF
  iop_run_snmpd "$d" "$d/snmpd.conf"
}
ready() {
  snmpget -v2c -c public -r 0 -t 1 "tcp:127.0.0.1:$1" .1.3.6.1.2.1.1.3.0 \
    >/dev/null 2>&1
}
iop_start_peer launch ready || { echo "snmpd did not start"; exit 1; }
addr=tcp:127.0.0.1:$IOP_PEER_PORT
spid=$IOP_PEER_PID

echo "== machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(uname -r)"
round() { # PREFIX LABEL WINDOW
  local a b ca cb
  # shellcheck disable=SC2086
  a=$(BENCH_WINDOW=$3 $1 "$build/bench/bench_get_snmpx" "$addr" "$n" v2c \
    public) || { echo "snmpx failed: $a"; return; }
  # shellcheck disable=SC2086
  b=$(BENCH_WINDOW=$3 $1 "$build/bench/bench_get_netsnmp" "$addr" "$n" v2c \
    public) || { echo "netsnmp failed: $b"; return; }
  echo "$a"; echo "$b"
  ca=$(echo "$a" | awk '{print $5}'); cb=$(echo "$b" | awk '{print $5}')
  awk -v a="$ca" -v b="$cb" -v l="$2" -v w="$3" 'BEGIN { if (a > 0)
    printf "ratio   tcp v2c window %d (%s) Net-SNMP/snmpx client CPU: %.1fx\n",
      w, l, b / a }'
}
rounds() { # PREFIX LABEL
  for w in 1 "$window"; do
    for _ in $(seq "$runs"); do round "$1" "$2" "$w"; done
  done
}
echo "== client CPU per GET over TCP, $n GETs, unpinned, $runs runs each"
rounds "" unpinned
echo "== the same, clients and snmpd pinned to CPU 0"
taskset -a -p -c 0 "$spid" >/dev/null 2>&1
rounds "taskset -c 0" pinned
taskset -a -p -c 0-$(($(nproc) - 1)) "$spid" >/dev/null 2>&1
