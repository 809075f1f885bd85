#!/bin/bash
# HOST-RESOURCES-MIB of `snmpx agent` against snmpd's on this host, same
# snmpd.conf: hrSystem, hrStorage, hrDevice, hrProcessorTable,
# hrNetworkTable, hrFSTable, hrSWRun, hrSWRunPerf and hrSWInstalled.
# (snmpd 5.9 serves no hrDiskStorageTable nor hrPartitionTable rows where
# it finds no /dev/sd*, /dev/hd*... disks, as in a container, and no
# hrSWOSIndex, hrSWRunIndex or hrSWInstalledLast*: the walks check that
# snmpx serves none either.)
#
# Processes come and go: a few marker processes started here, before
# either agent reads /proc, are compared exactly, column by column; the
# walks of the whole tables allow what moves (see each rule).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/host_lib.sh"

HR=.1.3.6.1.2.1.25
RUN=$HR.4.2.1
PERF=$HR.5.1.1

# Marker processes, each a case of snmpd's /proc/PID/cmdline reading.
markers=()
marker() {
  "$@" &
  markers+=($!)
  IOP_PIDS="$IOP_PIDS $!"
}
long=$(printf 'x%.0s' $(seq 1 200))
zeros=$(printf ' 0%.0s' $(seq 1 100))
marker sleep 3001                                        # plain
# shellcheck disable=SC2086
marker sleep 3002 $zeros                                 # parameters > 128
marker bash -c "exec -a /opt/$long sleep 3003"           # argv[0] > 128
marker python3 -c 'import time; time.sleep(3004)' "" after   # empty arg
marker python3 -c 'import time; time.sleep(3005)' $'one\ntwo' # newline
marker sleep 3006                                        # stopped below
kill -STOP "${markers[5]}"
# Wait until each has its final command line (bash has exec'd, python
# is sleeping).
for pid in "${markers[@]}"; do
  for _ in $(seq 1 200); do
    st=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
    comm=$(cat "/proc/$pid/comm" 2>/dev/null)
    [ "$comm" != bash ] && { [ "$st" = S ] || [ "$st" = T ]; } && break
    sleep 0.1
  done
done

host_start_both

# host_walk with GAP seconds before snmpd's second walk: longer than
# snmpd's 30 s hrSWRun cache, so its second walk is read after snmpx's
# and snmpx's rows lie between snmpd's.
hr_walk_gap() {
  local name=$1 oid=$2 gap=$3 r=$IOP_DIR/host/$1; shift 3
  mkdir -p "$r"
  local w=(snmpbulkwalk -v2c -c public -On -Oe -t 5 -r 1)
  "${w[@]}" "$SNMPD_ADDR" "$oid" >"$r/d1" 2>&1
  "${w[@]}" "$AGENT_ADDR" "$oid" >"$r/x" 2>&1
  sleep "$gap"
  "${w[@]}" "$SNMPD_ADDR" "$oid" >"$r/d2" 2>&1
  host_cmp "$name" "$@"
}

# hrSystemDate: the clock moves between the walks (its type is compared;
# its encoding, local time with the UTC offset, is unit-tested).
# hrSystemProcesses: processes of other tests start and end within the
# agents' 30 s caches, taken at different instants.
host_walk hrSystem $HR.1 \
  --skip-values $HR.1.2.0 --tolerance $HR.1.6.0=25%

# Memory gauges move between the walks (5 s caches read at different
# instants): Memory buffers' used, Cached, Shared and Available memory,
# the used part of every row; filesystems fill as other tests write.
# Totals (Physical, Virtual, Swap sizes, filesystems' sizes and units)
# are compared exactly.
host_walk hrStorage $HR.2 \
  --tolerance $HR.2.3.1.5.7=10% --tolerance $HR.2.3.1.5.8=20% \
  --tolerance $HR.2.3.1.5.11=10% --tolerance $HR.2.3.1.6=10%

# hrDeviceErrors are counters: between snmpd's walks.
host_walk hrDevice $HR.3.2
host_walk hrNetwork $HR.3.4
host_walk hrFS $HR.3.8
# hrPrinterTable, hrDiskStorageTable, hrPartitionTable: no rows here.
host_walk hrPrinter $HR.3.5
host_walk hrDiskStorage $HR.3.6
host_walk hrPartition $HR.3.7
host_walk hrSWInstalled $HR.6

# The markers, every column exactly (sleeping: status runnable, their CPU
# time and resident size stay put; the stopped one is notRunnable).
oids=()
for pid in "${markers[@]}"; do
  for c in 1 2 3 4 5 6 7; do oids+=("$RUN.$c.$pid"); done
  oids+=("$PERF.1.$pid" "$PERF.2.$pid")
done
host_get hrSWRun-markers "${oids[@]:0:30}"
host_get hrSWRun-markers2 "${oids[@]:30}"
# The markers' values are what they must be, not only what snmpd says.
check_marker() {
  local what=$1 oid=$2 want=$3 got
  got=$(grep -F "$oid = " "$IOP_DIR"/host/hrSWRun-markers*/x | sed 's/^[^=]*= //')
  if [ "$got" = "$want" ]; then
    echo "ok   $what"
  else
    echo "--- $what: $oid = $got, not $want"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}
check_marker "params cut at 128" "$RUN.5.${markers[1]}" \
  "STRING: \"$(printf '%.128s' "3002$zeros")\""
check_marker "path cut at 128" "$RUN.4.${markers[2]}" \
  "STRING: \"$(printf '%.128s' "/opt/$long")\""
check_marker "params end at an empty arg" "$RUN.5.${markers[3]}" \
  "STRING: \"-c import time; time.sleep(3004)\""
check_marker "stopped: notRunnable" "$RUN.7.${markers[5]}" "INTEGER: 3"
# A stopped process keeps a SIGTERM pending: let it go on, so the
# cleanup's kill ends it.
kill -CONT "${markers[5]}"

# Whole tables: rows of processes that come and go are volatile; a
# process's name (kernel workers rename themselves), its state (each
# agent sees itself running, and the others sleeping) and its resident
# size (not monotonic) are sampled at other instants than snmpd's; its
# CPU time only grows, so it lies between snmpd's walks.
hr_walk_gap hrSWRun $HR.4 31 --volatile $RUN \
  --skip-values $RUN.2 --skip-values $RUN.7
hr_walk_gap hrSWRunPerf $HR.5 31 --volatile $PERF --skip-values $PERF.2

# hrProcessorLoad: snmpd serves it once it has 55 s of samples.  Both
# agents sample every 5 s at different phases, so their 55 s windows
# share at least 50 s: 9 points apart at most, and a point of rounding
# each; 15 leaves room for the walks of snmpd a moment apart.
for _ in $(seq 1 240); do
  v=$(snmpget -v2c -c public -On -Oqv -t 5 -r 1 "$SNMPD_ADDR" \
    $HR.3.3.1.2.196608 2>/dev/null)
  case "$v" in [0-9]*) break ;; esac
  sleep 0.5
done
# snmpx started after snmpd: wait for its first load too.
for _ in $(seq 1 240); do
  v=$(snmpget -v2c -c public -On -Oqv -t 5 -r 1 "$AGENT_ADDR" \
    $HR.3.3.1.2.196608 2>/dev/null)
  case "$v" in [0-9]*) break ;; esac
  sleep 0.5
done
host_walk hrProcessor $HR.3.3 --tolerance $HR.3.3.1.2=15

iop_finish
