#!/usr/bin/env bash
# Issue 13 #16 (MIB part): snmptranslate -Td and -Tp details, byte for
# byte: an empty DESCRIPTION "" is printed, a TRAP-TYPE is called
# OBJECT-TYPE and a NOTIFICATION-GROUP type_23 (Net-SNMP's names), and -Tp
# without an OID draws iso's tree alone.
. "$(dirname "$0")/mib_lib.sh"

path="$MIB_DIR:$MIB_DATA/td"
for mods in TD-TEST-MIB ALL; do
  for args in "-Td TD-TEST-MIB::tdEmpty" "-Td TD-TEST-MIB::tdNotif" \
      "-Td TD-TEST-MIB::tdNGroup" "-Td TD-TEST-MIB::tdOGroup" \
      "-Td TD-TEST-MIB::tdTrap" "-Td TD-TEST-MIB::tdEmptyNotif" \
      "-Td .1.3.6.1.4.1.99995.0.5" "-Tp .1.3.6.1.4.1.99995" "-Tp"; do
    # shellcheck disable=SC2086
    snmptranslate -M "$path" -m $mods $args >"$MIB_TMP/ref" 2>&1
    echo "rc=$?" >>"$MIB_TMP/ref"
    # shellcheck disable=SC2086
    "$SNMPX" translate -M "$path" -m $mods $args >"$MIB_TMP/got" 2>&1
    echo "rc=$?" >>"$MIB_TMP/got"
    mib_same "-m $mods $args" "$MIB_TMP/ref" "$MIB_TMP/got"
  done
done
# No module at all: iso alone.
snmptranslate -M "$MIB_TMP" -m "" -Tp >"$MIB_TMP/ref" 2>&1
"$SNMPX" translate -M "$MIB_TMP" -m "" -Tp >"$MIB_TMP/got" 2>&1
mib_same "-Tp with nothing loaded" "$MIB_TMP/ref" "$MIB_TMP/got"
echo "$MIB_FAILS failures"
[ "$MIB_FAILS" -eq 0 ]
