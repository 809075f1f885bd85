#!/bin/bash
# IF-MIB of `snmpx agent` against snmpd's on this host, same snmpd.conf:
# ifNumber, ifTable, ifXTable, ifTableLastChange and the rest of ifMIB
# (which neither serves more of), then the `interface` override and SETs
# of ifAlias and ifLinkUpDownTrapEnable.  (include_ifmib_iface_prefix and
# ifmib_max_num_ifaces are not compared: snmpd 5.9.3 here takes both
# words and still serves every interface; snmpx applies them, see
# docs/host.md.)  Every value is compared, counters included:
# walks are HOST_GAP apart (see host_lib.sh), longer than both agents'
# 3 s caches, so counters lie between snmpd's walks with no tolerance.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/host_lib.sh"

W=(snmpbulkwalk -v2c -c public -On -Oe -t 5 -r 1)
IFDESCR=.1.3.6.1.2.1.2.2.1.2

# The ifIndex of interface $2 in agent $1's ifDescr.
if_index() {
  "${W[@]}" "$1" $IFDESCR | awk -v n="\"$2\"" '$NF == n {
    sub(/.*\./, "", $1); print $1 }'
}

# snmpd serves ifInUcastPkts and ifHCInUcastPkts as 0 until its second
# reading of the interfaces (its first reading adds the rows without
# computing them: ifTable_data_access.c), which comes 3 s after the
# first request; snmpx serves the counts from the first.  Ask once, then
# wait for snmpd's count of lo's received packets to show.
snmpd_warm() {
  local lo i
  lo=$(if_index "$SNMPD_ADDR" lo)
  [ -n "$lo" ] || { echo "no lo in snmpd's ifTable"; exit 1; }
  for i in $(seq 1 100); do
    v=$(snmpget -v2c -c public -On -Oqv -t 5 -r 1 "$SNMPD_ADDR" \
      .1.3.6.1.2.1.31.1.1.1.7."$lo" 2>/dev/null)
    [ -n "$v" ] && [ "$v" != 0 ] && return 0
    sleep 0.2
  done
  echo "snmpd's ifHCInUcastPkts.$lo stays 0"
  exit 1
}

HOST_GAP=3.5

# ---- The default configuration -----------------------------------------
host_start_both "linkUpDownNotifications yes"
snmpd_warm
host_walk ifNumber .1.3.6.1.2.1.2.1
host_walk ifTable .1.3.6.1.2.1.2.2
host_walk ifXTable .1.3.6.1.2.1.31.1.1
host_walk ifTableLastChange .1.3.6.1.2.1.31.1.5
# The whole of ifMIB: no ifStackTable, ifRcvAddressTable or ifTestTable
# on either side.
host_walk ifMIB .1.3.6.1.2.1.31
lo=$(if_index "$SNMPD_ADDR" lo)
host_get ifTable-get .1.3.6.1.2.1.2.2.1.2."$lo" .1.3.6.1.2.1.2.2.1.10."$lo" \
  .1.3.6.1.2.1.2.2.1.22."$lo" .1.3.6.1.2.1.31.1.1.1.14."$lo" \
  .1.3.6.1.2.1.2.2.1.1.0

# ---- Overrides, a filter, SETs ----------------------------------------
host_start_both "rwcommunity private 127.0.0.1" \
  "interface lo 117 5000000000" \
  "interface_fadeout 30"
snmpd_warm
lo=$(if_index "$SNMPD_ADDR" lo)
for a in "$SNMPD_ADDR" "$AGENT_ADDR"; do
  out=$(snmpset -v2c -c private -t 5 -r 1 "$a" \
    .1.3.6.1.2.1.31.1.1.1.18."$lo" s "snmpx interop" \
    .1.3.6.1.2.1.31.1.1.1.14."$lo" i 2 2>&1) ||
    { echo "--- SET at $a failed: $out"; IOP_FAILS=$((IOP_FAILS + 1)); }
done
host_walk override-ifTable .1.3.6.1.2.1.2
host_walk override-ifXTable .1.3.6.1.2.1.31
# A bad value is refused alike (wrongValue; wrongLength past 64 octets).
bad_sets() {
  snmpset -v2c -c private -t 5 -r 1 "$1" .1.3.6.1.2.1.31.1.1.1.14."$lo" i 3
  snmpset -v2c -c private -t 5 -r 1 "$1" .1.3.6.1.2.1.31.1.1.1.18."$lo" \
    s "$(printf '%065d' 0)"
}
IOP_MASK=cat IOP_REF_ADDR=$SNMPD_ADDR IOP_X_ADDR=$AGENT_ADDR \
  iop_same bad-sets bad_sets ADDR
iop_finish
