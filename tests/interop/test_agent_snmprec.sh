#!/bin/bash
# Simulation data: `snmpx agent -D FILE` serves .snmprec data exactly as
# snmpsimd serves the same file (Net-SNMP's snmpwalk and snmpbulkwalk print
# the same lines for both), and a device recorded with
# `snmpx walk --output snmprec` walks like the device itself.
. "$(dirname "$0")/lib.sh"

# start_agent NAME COMMUNITY ARGS...: snmpx agent with ARGS on a free port
# (lib.sh), ready once COMMUNITY reads the first object of the data sets
# (.1.3.6.1.4.1.99999.1.1.0) or, for a recording of snmpd, sysName.0;
# sets AGENT_ADDR.
start_agent() {
  local name=$1 community=$2 oid=.1.3.6.1.4.1.99999.1.1.0
  shift 2
  [ "$community" = public ] && oid=.1.3.6.1.2.1.1.5.0
  mkdir -p "$IOP_DIR/$name"
  iop_start_snmpx_agent "$IOP_DIR/$name/log" "$community" $oid \
    -c "$community" "$@"
}

# 1. awkward.snmprec (every type, hex strings, extreme values) served by
#    snmpsimd and by snmpx agent: identical walks.
iop_start_snmpsim
start_agent sim awkward -D "$IOP_DATA/awkward.snmprec" || exit 1
# iop_same -n NAME TOOL ... ADDR ...: the tool against snmpsimd and
# against snmpx agent must print the same, and something.  snmpsimd's tree
# ends with the data; snmpx agent's goes on with its standard objects: a
# walk's final endOfMibView lines are not compared.
no_end_mask() { grep -v '= No more variables left'; }
IOP_MASK=no_end_mask
IOP_REF_ADDR=$SIM_ADDR
IOP_X_ADDR=$AGENT_ADDR
T="-On -r 1 -t 2"
# shellcheck disable=SC2086
iop_same -n walk-v2c snmpwalk -v2c -c awkward $T ADDR .1.3.6.1.4.1.99999
# shellcheck disable=SC2086
iop_same -n bulkwalk snmpbulkwalk -v2c -c awkward -Cr25 $T ADDR \
  .1.3.6.1.4.1.99999
# shellcheck disable=SC2086
iop_same -n getnext snmpgetnext -v2c -c awkward $T ADDR \
  .1.3.6.1.4.1.99999.2 .1.3.6.1.4.1.99999.3.1.0
# shellcheck disable=SC2086
iop_same -n get snmpget -v2c -c awkward $T ADDR .1.3.6.1.4.1.99999.1.3.0 \
  .1.3.6.1.4.1.99999.2.6.0 .1.3.6.1.4.1.99999.3.1.0
IOP_MASK=cat

# SNMPv1 (snmpsimd answers some of it with genErr): the v2c walk without
# its Counter64 values, which v1 cannot carry (RFC 3584 4.2.2.1).
snmpwalk -v2c -c awkward -On "$AGENT_ADDR" .1.3.6.1.4.1.99999 |
  grep -v ' = Counter64: ' >"$IOP_DIR/v2c-no64"
snmpwalk -v1 -c awkward -On "$AGENT_ADDR" .1.3.6.1.4.1.99999 >"$IOP_DIR/v1"
if cmp -s "$IOP_DIR/v2c-no64" "$IOP_DIR/v1"; then
  echo "ok   walk-v1 ($(wc -l <"$IOP_DIR/v1") lines)"
else
  echo "--- walk-v1 is not the v2c walk without Counter64"
  diff "$IOP_DIR/v2c-no64" "$IOP_DIR/v1" | head
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# Every recorded line is printed: one walk line per data line.
want=$(grep -c '^1\.3\.6\.1\.4\.1\.99999\.' "$IOP_DATA/awkward.snmprec")
got=$(snmpwalk -v2c -c awkward -On "$AGENT_ADDR" .1.3.6.1.4.1.99999 |
  grep -c '^\.1\.3\.6\.1\.4\.1\.99999\.')
if [ "$want" = "$got" ]; then
  echo "ok   every recorded varbind ($got)"
else
  echo "--- recorded $want varbinds, walk printed $got"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# --output snmprec with -Cp: the records only on stdout (the count goes to
# stderr), so that snmpx agent -D serves the file.
for w in walk bulkwalk; do
  "$SNMPX" $w -v2c -c awkward --output snmprec "$AGENT_ADDR" \
    .1.3.6.1.4.1.99999 >"$IOP_DIR/rec-$w" 2>/dev/null
  "$SNMPX" $w -v2c -c awkward -Cp --output snmprec "$AGENT_ADDR" \
    .1.3.6.1.4.1.99999 >"$IOP_DIR/rec-$w-Cp" 2>"$IOP_DIR/rec-$w-Cp.err"
  if [ -s "$IOP_DIR/rec-$w" ] &&
     cmp -s "$IOP_DIR/rec-$w" "$IOP_DIR/rec-$w-Cp" &&
     grep -qx "Variables found: $want" "$IOP_DIR/rec-$w-Cp.err"; then
    echo "ok   $w --output snmprec -Cp: count on stderr"
  else
    echo "--- $w --output snmprec -Cp: stdout is not the records alone, or"
    echo "    stderr has no 'Variables found: $want':"
    diff "$IOP_DIR/rec-$w" "$IOP_DIR/rec-$w-Cp" | head -5
    head -3 "$IOP_DIR/rec-$w-Cp.err"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done
if start_agent cp cp -D "$IOP_DIR/rec-walk-Cp"; then
  echo "ok   snmpx agent -D serves the -Cp recording"
else
  echo "--- snmpx agent -D refuses the -Cp recording:"
  head -3 "$IOP_DIR/cp/log"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# 2. Record a private snmpd, serve the recording, walk it: the same
#    lines as snmpd's own walk (values that move between two walks --
#    counters, gauges, timeticks, the clock -- masked).
iop_start_snmpd
"$SNMPX" walk -v2c -c public --output snmprec "$SNMPD_ADDR" .1 \
  >"$IOP_DIR/device.snmprec" || { echo "FAIL: record"; exit 1; }
# Stable subtrees: system, interfaces, ip, snmp, snmpModules (engine,
# MPD, target, USM, VACM).  Others (processes, load) change between walks.
STABLE=".1.3.6.1.2.1.1 .1.3.6.1.2.1.2 .1.3.6.1.2.1.4 .1.3.6.1.2.1.11 .1.3.6.1.6.3"
start_agent rec public -D "$IOP_DIR/device.snmprec" || exit 1
for s in $STABLE; do
  snmpwalk -v2c -c public -On "$SNMPD_ADDR" $s
done >"$IOP_DIR/device.ref"
for s in $STABLE; do
  snmpwalk -v2c -c public -On "$AGENT_ADDR" $s
done >"$IOP_DIR/device.x"
# The neighbour tables (ipNetToMediaTable .4.22, ipNetToPhysicalTable
# .4.35) follow the kernel's ARP/ND cache, whose entries and states change
# from one walk to the next: left out of the comparison.
mask() {
  grep -Ev '^\.1\.3\.6\.1\.2\.1\.4\.(22|35)\.' |
  sed -E 's/= (Counter32|Counter64|Gauge32|Timeticks): .*/= \1: MASKED/;
          s/^(\.1\.3\.6\.1\.2\.1\.25\.1\.2\.0 = ).*/\1MASKED/;
          s/^(\.1\.3\.6\.1\.4\.1\.2021\.100\.4\.0 = ).*/\1MASKED/;
          s/^(\.1\.3\.6\.1\.6\.3\.10\.2\.1\.3\.0 = INTEGER:).*/\1 MASKED/'
}
mask <"$IOP_DIR/device.ref" >"$IOP_DIR/device.ref.m"
mask <"$IOP_DIR/device.x" >"$IOP_DIR/device.x.m"
n=$(wc -l <"$IOP_DIR/device.ref.m")
if [ "$n" -gt 200 ] && cmp -s "$IOP_DIR/device.ref.m" "$IOP_DIR/device.x.m"
then
  echo "ok   record -> serve -> walk of snmpd ($n lines)"
else
  echo "--- record -> serve -> walk differs from snmpd's own walk ($n lines)"
  diff "$IOP_DIR/device.ref.m" "$IOP_DIR/device.x.m" | head -20
  IOP_FAILS=$((IOP_FAILS + 1))
fi
# The recording is the served data exactly: walking it again and
# recording it again gives the same file.
"$SNMPX" walk -v2c -c public --output snmprec "$AGENT_ADDR" .1 \
  >"$IOP_DIR/device2.snmprec"
if cmp -s "$IOP_DIR/device.snmprec" "$IOP_DIR/device2.snmprec"; then
  echo "ok   served recording re-records identically"
else
  echo "--- re-recording differs"
  diff "$IOP_DIR/device.snmprec" "$IOP_DIR/device2.snmprec" | head
  IOP_FAILS=$((IOP_FAILS + 1))
fi
iop_finish
