#!/usr/bin/env bash
# Agent CPU: `snmpx agent` beside Net-SNMP's snmpd in one run, the same
# client (bench_agent_client) and the same objects (the agent serves a
# recording of snmpd's system group).  For v2c and v3 authPriv (SHA/AES):
# CPU per GET of sysDescr.0 and per varbind of GETBULKs of sysORTable
# (max-repetitions 30), read from /proc/PID/schedstat of each agent around
# the run (nanoseconds; /proc/PID/stat ticks where schedstat is missing).
# A last row gives the floor: bench_udp_floor answers the same v2c GETs
# with no SNMP work at all, so the CPU any agent spends per GET here
# cannot go below it (the kernel's UDP receive and send on loopback).
# Then v2c and v3 GETs again from two other clients, 16 in flight, each
# completion sending the next request: one on Net-SNMP's library, whose
# requests reach the agent one at a time, and one on libsnmpx, which
# sends the requests of a burst together (UDP GSO) and which the agent
# then reads in one go (UDP GRO).  snmpd's cost hardly depends on the
# client; an agent that reads and answers in batches does, and so does
# the floor, printed for each.
# Then IF-MIB from this host's interfaces (a second `snmpx agent`, which
# serves the host's data as no data file is given, beside the same
# snmpd): CPU per GET of ifDescr.1 and ifInOctets.1, per varbind of
# GETBULKs in ifTable, and per whole walk of ifTable (snmpbulkwalk,
# max-repetitions 10).  Both agents read the
# interfaces at most every 3 s, so these rows are mostly the cached path
# plus each agent's reloads during the run.
# Prints numbers and ratios; asserts nothing about speed.
# Usage: bench/run_agent.sh BUILD_DIR [N]
set -u
build=${1:-build-bench}
n=${2:-20000}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/interop/lib.sh"
iop_start_snmpd_v3
S=.1.3.6.1.2.1.1
d=$IOP_DIR/agent
mkdir -p "$d"
"$build/snmpx" walk -v2c -c public --output snmprec "$SNMPD_V3_ADDR" $S \
  >"$d/system.snmprec"
port=$(iop_free_port)
"$build/snmpx" agent -q -c public -C "$IOP_DIR/snmpd_v3/users.conf" \
  -D "$d/system.snmprec" "udp:127.0.0.1:$port" &
IOP_PIDS="$IOP_PIDS $!"
xpid=$!
iop_wait_agent "udp:127.0.0.1:$port" public $S.5.0 || exit 1
spid=$(cat "$IOP_DIR/snmpd_v3/snmpd.pid")
hz=$(getconf CLK_TCK)

# CPU time of PID in nanoseconds.
cpu_ns() {
  if [ -r "/proc/$1/schedstat" ]; then
    awk '{print $1}' "/proc/$1/schedstat"
  else
    awk -v hz="$hz" '{printf "%.0f\n", ($14 + $15) * 1e9 / hz}' "/proc/$1/stat"
  fi
}

# run PID ADDR N WHAT OID MODE...: agent CPU (us) per request and per
# varbind for N requests of WHAT, 16 in flight.
run() {
  local pid=$1 addr=$2 count=$3 what=$4 oid=$5; shift 5
  local t0 t1 out
  t0=$(cpu_ns "$pid")
  out=$("$build/bench/bench_agent_client" "$addr" "$count" 16 "$what" "$oid" "$@")
  t1=$(cpu_ns "$pid")
  # shellcheck disable=SC2086
  set -- $out
  awk -v t=$((t1 - t0)) -v n="$1" -v f="$2" -v vb="$3" \
    'BEGIN { us = t / 1e3; printf "%.2f %.2f %d %d\n", us / n, us / vb, vb, f }'
}

v3="v3 u_sha_aes SHA $IOP_V3_AUTHPASS AES $IOP_V3_PRIVPASS"
printf '%-22s %14s %14s %8s\n' "" "snmpx agent" "snmpd" "ratio"
for mode in "v2c public" "$v3"; do
  for what in get bulk30; do
    oid=$S.1.0; unit="us/GET"; field=1; count=$n
    if [ "$what" = bulk30 ]; then
      oid=$S.9.1; unit="us/varbind"; field=2; count=$((n / 10))
    fi
    # shellcheck disable=SC2086
    x=$(run "$xpid" "127.0.0.1:$port" "$count" "$what" "$oid" $mode)
    # shellcheck disable=SC2086
    s=$(run "$spid" "${SNMPD_V3_ADDR#udp:}" "$count" "$what" "$oid" $mode)
    xv=$(echo "$x" | cut -d' ' -f$field); sv=$(echo "$s" | cut -d' ' -f$field)
    [ "$mode $what" = "v2c public get" ] && xs=$xv
    awk -v a="$xv" -v b="$sv" -v l="${mode%% *} $what $unit" \
      'BEGIN { printf "%-22s %14.2f %14.2f %7.1fx\n", l, a, b, (a > 0 ? b / a : 0) }'
  done
done
# The floor: no SNMP work, the same client and GETs.
fport=$(iop_free_port)
"$build/bench/bench_udp_floor" "$fport" &
IOP_PIDS="$IOP_PIDS $!"
fpid=$!
sleep 0.2
f=$(run "$fpid" "127.0.0.1:$fport" "$n" get $S.1.0 v2c public | cut -d' ' -f1)
awk -v f="$f" -v x="$xs" 'BEGIN { printf "%-22s %14.2f %14s %8s\n", \
  "v2c get floor us/GET", f, "", ""; printf "(the floor: a UDP responder \
doing no SNMP work; snmpx agent spends %.2f us/GET above it)\n", x - f }'
echo "(agent CPU from /proc/PID/schedstat; $n GETs, $((n / 10)) GETBULKs each)"

# by_client PID ADDR CLIENT MODE...: agent CPU (us) per GET of sysUpTime.0
# for n GETs from bench_get_CLIENT, 16 in flight.
by_client() {
  local pid=$1 addr=$2 client=$3; shift 3
  local t0 t1
  t0=$(cpu_ns "$pid")
  BENCH_WINDOW=16 "$build/bench/bench_get_$client" "$addr" "$n" "$@" >/dev/null
  t1=$(cpu_ns "$pid")
  awk -v t=$((t1 - t0)) -v n="$n" 'BEGIN { printf "%.2f\n", t / 1e3 / n }'
}
v3args="v3 u_sha_aes SHA $IOP_V3_AUTHPASS AES $IOP_V3_PRIVPASS"
echo
printf '%-30s %11s %8s %8s %8s\n' "us/GET by client (16 in flight)" \
  "snmpx agent" "snmpd" "ratio" "floor"
for client in netsnmp snmpx; do
  for mode in "v2c public" "$v3args"; do
    # shellcheck disable=SC2086
    x=$(by_client "$xpid" "127.0.0.1:$port" "$client" $mode)
    # shellcheck disable=SC2086
    s=$(by_client "$spid" "${SNMPD_V3_ADDR#udp:}" "$client" $mode)
    f=-
    [ "${mode%% *}" = v2c ] &&
      f=$(by_client "$fpid" "127.0.0.1:$fport" "$client" $mode)
    awk -v a="$x" -v b="$s" -v f="$f" -v l="$client client, ${mode%% *} get" \
      'BEGIN { printf "%-30s %11.2f %8.2f %7.1fx %8s\n", l, a, b, \
               (a > 0 ? b / a : 0), f }'
  done
done
echo "(netsnmp: bench_get_netsnmp, snmp_async_send; snmpx: bench_get_snmpx,"
echo " callbacks; floor: bench_udp_floor's CPU for the same v2c GETs)"

# IF-MIB from the host: CPU per GET and per walk of ifTable.
hport=$(iop_free_port)
"$build/snmpx" agent -q -c public "udp:127.0.0.1:$hport" &
IOP_PIDS="$IOP_PIDS $!"
hpid=$!
iop_wait_agent "udp:127.0.0.1:$hport" public .1.3.6.1.2.1.2.2.1.2.1 || exit 1
# walk_cpu PID ADDR WALKS: agent CPU (us) per snmpbulkwalk of ifTable.
walk_cpu() {
  local pid=$1 addr=$2 walks=$3 t0 t1 i
  t0=$(cpu_ns "$pid")
  for i in $(seq "$walks"); do
    snmpbulkwalk -v2c -c public -Cr10 -On -t 5 -r 1 "$addr" \
      .1.3.6.1.2.1.2.2 >/dev/null || echo "walk $i of $addr failed" >&2
  done
  t1=$(cpu_ns "$pid")
  awk -v t=$((t1 - t0)) -v n="$walks" 'BEGIN { printf "%.2f\n", t / 1e3 / n }'
}
echo
printf '%-22s %14s %14s %8s\n' "IF-MIB, v2c" "snmpx agent" "snmpd" \
  "ratio"
for o in "ifDescr.1 .1.3.6.1.2.1.2.2.1.2.1" \
         "ifInOctets.1 .1.3.6.1.2.1.2.2.1.10.1"; do
  name=${o%% *} oid=${o#* }
  x=$(run "$hpid" "127.0.0.1:$hport" "$n" get "$oid" v2c public | cut -d' ' -f1)
  s=$(run "$spid" "${SNMPD_V3_ADDR#udp:}" "$n" get "$oid" v2c public |
    cut -d' ' -f1)
  awk -v a="$x" -v b="$s" -v l="$name us/GET" \
    'BEGIN { printf "%-22s %14.2f %14.2f %7.1fx\n", l, a, b, (a > 0 ? b / a : 0) }'
done
# GETBULKs (max-repetitions 10) from the start of ifTable, 16 in flight
# from one client: the table's own cost per varbind.
x=$(run "$hpid" "127.0.0.1:$hport" "$((n / 10))" bulk10 .1.3.6.1.2.1.2.2 \
  v2c public | cut -d' ' -f2)
s=$(run "$spid" "${SNMPD_V3_ADDR#udp:}" "$((n / 10))" bulk10 \
  .1.3.6.1.2.1.2.2 v2c public | cut -d' ' -f2)
awk -v a="$x" -v b="$s" -v l="ifTable bulk10 us/varbind" \
  'BEGIN { printf "%-22s %14.2f %14.2f %7.1fx\n", l, a, b, (a > 0 ? b / a : 0) }'
walks=$((n / 100 > 0 ? n / 100 : 1))
x=$(walk_cpu "$hpid" "127.0.0.1:$hport" "$walks")
s=$(walk_cpu "$spid" "$SNMPD_V3_ADDR" "$walks")
rows=$(snmpbulkwalk -v2c -c public -On "127.0.0.1:$hport" .1.3.6.1.2.1.2.2 |
  wc -l)
awk -v a="$x" -v b="$s" -v l="ifTable walk us/walk" \
  'BEGIN { printf "%-22s %14.2f %14.2f %7.1fx\n", l, a, b, (a > 0 ? b / a : 0) }'
echo "($n GETs each, $((n / 10)) GETBULKs; $walks walks of ifTable, $rows"
echo " varbinds each, by snmpbulkwalk -Cr10: one process per walk, whose"
echo " first request costs either agent far more than the next ones)"
