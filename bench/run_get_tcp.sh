#!/usr/bin/env bash
# GET over TCP (RFC 3430), snmpx beside Net-SNMP: client CPU (user+sys,
# getrusage) per sequential v2c GET, one request in flight, the one TCP
# connection reused by every request (the warm-up GET before the timer
# opens it), for libsnmpx (bench_get_snmpx) and for a client on Net-SNMP's
# library (bench_get_netsnmp), both against the same private snmpd on
# tcp:127.0.0.1.  RUNS rounds, unpinned and then clients and snmpd pinned
# to CPU 0; prints each ratio and the machine's conditions.  Asserts
# nothing about speed.
# Usage: bench/run_get_tcp.sh BUILD_DIR [N] [RUNS]
set -u
build=${1:-build-bench}
n=${2:-2000}
runs=${3:-3}
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
round() { # PREFIX LABEL
  local a b ca cb
  # shellcheck disable=SC2086
  a=$($1 "$build/bench/bench_get_snmpx" "$addr" "$n" v2c public) ||
    { echo "snmpx failed: $a"; return; }
  # shellcheck disable=SC2086
  b=$($1 "$build/bench/bench_get_netsnmp" "$addr" "$n" v2c public) ||
    { echo "netsnmp failed: $b"; return; }
  echo "$a"; echo "$b"
  ca=$(echo "$a" | awk '{print $5}'); cb=$(echo "$b" | awk '{print $5}')
  awk -v a="$ca" -v b="$cb" -v l="$2" 'BEGIN { if (a > 0)
    printf "ratio   tcp v2c window 1 (%s) Net-SNMP/snmpx client CPU: %.1fx\n",
      l, b / a }'
}
echo "== client CPU per GET over TCP, $n GETs, unpinned, $runs runs"
for _ in $(seq "$runs"); do round "" unpinned; done
echo "== the same, clients and snmpd pinned to CPU 0"
taskset -a -p -c 0 "$spid" >/dev/null 2>&1
for _ in $(seq "$runs"); do round "taskset -c 0" pinned; done
taskset -a -p -c 0-$(($(nproc) - 1)) "$spid" >/dev/null 2>&1
