#!/usr/bin/env bash
# For every OBJECT-TYPE, OBJECT-IDENTITY and NOTIFICATION-TYPE of every
# module in the shared MIB directory: `snmpx translate -On NAME` prints
# what `snmptranslate -On NAME` prints, and `snmpx translate NUMBER` (and
# -Of, -Os, -Ou) what `snmptranslate NUMBER` prints.  One reference run
# per module and output style keeps it well under a minute.  The second
# snmpx run of each batch comes from the compiled cache.
. "$(dirname "$0")/mib_lib.sh"

total=0
while read -r mod names; do
  # shellcheck disable=SC2086
  set -- $names
  total=$((total + $#))
  snmptranslate -M "$MIB_PATH" -m ALL -On "$@" >"$MIB_TMP/ref.on" 2>"$MIB_TMP/ref.err"
  echo "rc=$?" >>"$MIB_TMP/ref.on"
  "$SNMPX" translate -M "$MIB_PATH" -m ALL -On "$@" >"$MIB_TMP/got.on" 2>"$MIB_TMP/got.err"
  echo "rc=$?" >>"$MIB_TMP/got.on"
  mib_same "$mod: -On NAME" "$MIB_TMP/ref.on" "$MIB_TMP/got.on" || continue
  mib_same "$mod: -On NAME (stderr)" "$MIB_TMP/ref.err" "$MIB_TMP/got.err"
  # shellcheck disable=SC2046
  set -- $(grep '^\.' "$MIB_TMP/ref.on")
  for style in "" -Of -Os -Ou; do
    snmptranslate -M "$MIB_PATH" -m ALL $style "$@" >"$MIB_TMP/ref.n" 2>&1
    echo "rc=$?" >>"$MIB_TMP/ref.n"
    "$SNMPX" translate -M "$MIB_PATH" -m ALL $style "$@" >"$MIB_TMP/got.n" 2>&1
    echo "rc=$?" >>"$MIB_TMP/got.n"
    mib_same "$mod: translate ${style:-(default)} NUMBER" "$MIB_TMP/ref.n" "$MIB_TMP/got.n"
  done
  # -Td: every clause Net-SNMP keeps, for every definition.
  # shellcheck disable=SC2086
  snmptranslate -M "$MIB_PATH" -m ALL -Td $names >"$MIB_TMP/ref.td" 2>&1
  # shellcheck disable=SC2086
  "$SNMPX" translate -M "$MIB_PATH" -m ALL -Td $names >"$MIB_TMP/got.td" 2>&1
  mib_same "$mod: translate -Td NAME" "$MIB_TMP/ref.td" "$MIB_TMP/got.td"
done < <(mib_definitions)

# -Tp: the whole tree under each root.
for root in .0 .1 .2; do
  snmptranslate -M "$MIB_PATH" -m ALL -Tp $root >"$MIB_TMP/ref.tp" 2>&1
  "$SNMPX" translate -M "$MIB_PATH" -m ALL -Tp $root >"$MIB_TMP/got.tp" 2>&1
  mib_same "translate -Tp $root" "$MIB_TMP/ref.tp" "$MIB_TMP/got.tp"
done
# The reports of every node: labeled, numeric, symbolic, child OIDs.
for rep in -Tl -To -Ts -Tz -Tslo; do
  snmptranslate -M "$MIB_PATH" -m ALL $rep >"$MIB_TMP/ref.r" 2>&1
  "$SNMPX" translate -M "$MIB_PATH" -m ALL $rep >"$MIB_TMP/got.r" 2>&1
  mib_same "translate $rep" "$MIB_TMP/ref.r" "$MIB_TMP/got.r"
done
# Regular expressions: -TB (all matches) and -Ib (the best one).
for args in "-TB ifHC.*Octets" "-TB sysOR" "-TB vacm.*Name" "-On -TB sysOR" \
            "-TB xyzzy" "-TB [a" "-Ib Descr" "-On -Ib ifHC.*Oct" \
            "-Ib xyzzy"; do
  # shellcheck disable=SC2086
  snmptranslate -M "$MIB_PATH" -m ALL $args >"$MIB_TMP/ref.x" 2>&1
  echo "rc=$?" >>"$MIB_TMP/ref.x"
  # shellcheck disable=SC2086
  "$SNMPX" translate -M "$MIB_PATH" -m ALL $args >"$MIB_TMP/got.x" 2>&1
  echo "rc=$?" >>"$MIB_TMP/got.x"
  mib_same "translate $args" "$MIB_TMP/ref.x" "$MIB_TMP/got.x"
done
# Names given as Net-SNMP's tools take them, and their errors.
for args in "-IR -On sysDescr.0 ifDescr.3 vacmGroupName.3.\"user\"" \
            "-On .iso.org.dod.internet.mgmt.mib-2.system.sysDescr.0" \
            "-On iso.3.6.1.2.1.1.1.0" "-On 1.3.6.1.2.1.1.1.0" \
            "-On sysDescr.0" "-IR nosuchname" "-On IF-MIB::ifNope.1" \
            "-On NOPE-MIB::x" "-On .1.3.6.x" "-On system.sysDescr" \
            "-On IF-MIB::ifDescr.1 SNMPv2-MIB::sysDescr.0 bad.0 IF-MIB::ifType" \
            "-Ob .1.3.6.1.6.3.16.1.2.1.3.3.4.117.115.101.114" \
            "-OX .1.3.6.1.6.3.16.1.2.1.3.3.4.117.115.101.114" \
            "-OE .1.3.6.1.6.3.16.1.2.1.3.3.4.117.115.101.114" \
            "-On IF-MIB::ifTable.1.2.7 SNMPv2-MIB::sysDescr.0.5"; do
  eval "set -- $args"
  snmptranslate -M "$MIB_PATH" -m ALL "$@" >"$MIB_TMP/ref.a" 2>&1
  echo "rc=$?" >>"$MIB_TMP/ref.a"
  "$SNMPX" translate -M "$MIB_PATH" -m ALL "$@" >"$MIB_TMP/got.a" 2>&1
  echo "rc=$?" >>"$MIB_TMP/got.a"
  mib_same "translate $args" "$MIB_TMP/ref.a" "$MIB_TMP/got.a"
done
# Names as printed, indexes included, parse back (enumeration labels and
# quoted strings in indexes).
set -- 'SNMP-VIEW-BASED-ACM-MIB::vacmAccessContextMatch."user"."".3.noAuthNoPriv' \
  'IP-MIB::ipAddressIfIndex.ipv4."127.0.0.1"' \
  "SNMPX-TEST-MIB::sxValue.1.red.\"abc\".'defg'.10.0.0.1.'xy'" \
  'SNMPX-TEST-MIB::sxAddrName.ipv6."ab"'
snmptranslate -M "$MIB_PATH" -m ALL -On "$@" >"$MIB_TMP/ref.i" 2>&1
"$SNMPX" translate -M "$MIB_PATH" -m ALL -On "$@" >"$MIB_TMP/got.i" 2>&1
mib_same "translate -On of printed index names" "$MIB_TMP/ref.i" "$MIB_TMP/got.i"

# Debian's own directory, whose modules import IETF modules it lacks:
# the same warnings (Cannot find module, Did not find, Unlinked OID,
# Cannot adopt OID) in the same order, for one module and for -m ALL.
if [ -d /usr/share/snmp/mibs ]; then
  for mods in UCD-SNMP-MIB ALL; do
    snmptranslate -M /usr/share/snmp/mibs -m $mods .1.3.6.1.4.1.2021 \
      >"$MIB_TMP/ref.d" 2>&1
    "$SNMPX" translate -M /usr/share/snmp/mibs -m $mods .1.3.6.1.4.1.2021 \
      >"$MIB_TMP/got.d" 2>&1
    mib_same "warnings of -m $mods over /usr/share/snmp/mibs" \
      "$MIB_TMP/ref.d" "$MIB_TMP/got.d"
  done
fi

# snmp.conf's "mibs" and "mibdirs", and MIBS/MIBDIRS, as Net-SNMP reads
# them (what wins over what, "+" to add to the defaults).
conf_case() { # CONF-LINES ENV... -- ARGS...
  printf '%b' "$1" >"$SNMPCONFPATH/snmp.conf"; shift
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  env "${envs[@]}" snmptranslate "$@" >"$MIB_TMP/ref.c" 2>&1
  echo "rc=$?" >>"$MIB_TMP/ref.c"
  env "${envs[@]}" "$SNMPX" translate "$@" >"$MIB_TMP/got.c" 2>&1
  echo "rc=$?" >>"$MIB_TMP/got.c"
  mib_same "snmp.conf/env: $(head -c 60 "$SNMPCONFPATH/snmp.conf" | tr '\n' ' ') ${envs[*]} $*" \
    "$MIB_TMP/ref.c" "$MIB_TMP/got.c"
}
oid=.1.3.6.1.2.1.2.2.1.2.1
conf_case "mibs IF-MIB\nmibdirs $MIB_DIR\n" -- $oid
conf_case "mibs :\nmibdirs $MIB_DIR\n" -- $oid
conf_case "mibs +IF-MIB\nmibdirs $MIB_DIR\n" -- $oid .1.3.6.1.2.1.4.1
conf_case "mibs :\n" MIBS=IF-MIB MIBDIRS=$MIB_DIR -- $oid
conf_case "mibs ALL\n" MIBDIRS=$MIB_DIR -- -m SNMPv2-MIB $oid
conf_case "mibdirs /nonexistent\n" MIBS=IF-MIB -- -M "$MIB_DIR" $oid
conf_case "" MIBS=IF-MIB MIBDIRS=+$MIB_DIR -- $oid
# $MIBDIRS beats snmp.conf's mibdirs (and an empty directory is no error).
mkdir -p "$MIB_TMP/empty"
conf_case "mibdirs /nonexistent\n" MIBS=IF-MIB MIBDIRS=$MIB_DIR -- $oid
conf_case "mibdirs $MIB_DIR\n" MIBS=IF-MIB MIBDIRS=$MIB_TMP/empty -- $oid
conf_case "" MIBS=NOPE-MIB MIBDIRS=$MIB_DIR -- $oid
rm -f "$SNMPCONFPATH/snmp.conf"

[ "$total" -gt 1000 ] || { echo "FAIL: only $total definitions found" >&2; exit 1; }
echo "$total definitions, $MIB_FAILS failures"
[ "$MIB_FAILS" -eq 0 ]
