#!/usr/bin/env bash
# Issue 13 #15: two modules defining one subtree, as RFC1158-MIB
# (ipRoutingTable) and RFC1213-MIB (ipRouteTable) do at ip.21, with a
# child only one of them defines; and a label defined twice in one module.
# Net-SNMP merges the children under one node (the older label's), names
# numbers after it, and finds a label's first definition in a module.
# Compared with snmptranslate in both load orders and with -m ALL.
. "$(dirname "$0")/mib_lib.sh"

path="$MIB_DIR:$MIB_DATA/merge"
P=.1.3.6.1.4.1.99994
for mods in OLDR-MIB:NEWR-MIB NEWR-MIB:OLDR-MIB ALL; do
  for args in "-Tp $P" \
      "-On OLDR-MIB::rtMetric5 NEWR-MIB::rtOld OLDR-MIB::rtEntry NEWR-MIB::rtDup NEWR-MIB::rtDupKid" \
      "$P.21.1.1 $P.21.1.2 $P.21.1.11 $P.21.1.12 $P.21.1 $P.21 $P.30 $P.30.1 $P.30.2 $P.40 $P.41 $P.40.1 $P.41.1" \
      "-Td NEWR-MIB::rtMetric5" "-Td OLDR-MIB::rtEntry" "-Td NEWR-MIB::rtDup" \
      "-IR -On rtDupKid rtGoneChild rtNewChild" "-Tl"; do
    # shellcheck disable=SC2086
    snmptranslate -M "$path" -m $mods $args >"$MIB_TMP/ref" 2>&1
    echo "rc=$?" >>"$MIB_TMP/ref"
    # shellcheck disable=SC2086
    "$SNMPX" translate -M "$path" -m $mods $args >"$MIB_TMP/got" 2>&1
    echo "rc=$?" >>"$MIB_TMP/got"
    mib_same "-m $mods $args" "$MIB_TMP/ref" "$MIB_TMP/got"
  done
done
echo "$MIB_FAILS failures"
[ "$MIB_FAILS" -eq 0 ]
