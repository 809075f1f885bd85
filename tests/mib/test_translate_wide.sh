#!/usr/bin/env bash
# snmpx translate's regular-expression searches (-TB, -Ib) over a node
# with more children than a fixed buffer would hold: a generated module
# with 5,000 objects under one node, the one to find among the last.
# snmptranslate is the reference.
. "$(dirname "$0")/mib_lib.sh"

W=$MIB_TMP/wide
mkdir -p "$W"
{
  echo "SNMPX-WIDE-MIB DEFINITIONS ::= BEGIN"
  echo "IMPORTS MODULE-IDENTITY, OBJECT-TYPE, Integer32, enterprises"
  echo "  FROM SNMPv2-SMI;"
  echo "snmpxWide MODULE-IDENTITY LAST-UPDATED \"202401010000Z\""
  echo "  ORGANIZATION \"snmpx\" CONTACT-INFO \"snmpx\""
  echo "  DESCRIPTION \"Many children under one node.\" ::= { enterprises 99993 }"
  for i in $(seq 1 5000); do
    label=wideObject$i
    [ "$i" = 4999 ] && label=wideNeedleHere
    [ "$i" = 5000 ] && label=wideNeedleThere
    echo "$label OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only"
    echo "  STATUS current DESCRIPTION \"\" ::= { snmpxWide $i }"
  done
  echo "END"
} >"$W/SNMPX-WIDE-MIB.txt"

P="$MIB_DIR:$W"
M="-m SNMPv2-SMI:SNMPX-WIDE-MIB"
for args in "-TB wideNeedle" "-On -TB Needle" "-Ib wideNeedleH" \
            "-On -Ib NeedleThere" "-TB wideObject49.2"; do
  # shellcheck disable=SC2086
  snmptranslate -M "$P" $M $args >"$MIB_TMP/ref.x" 2>&1
  echo "rc=$?" >>"$MIB_TMP/ref.x"
  # shellcheck disable=SC2086
  "$SNMPX" translate -M "$P" $M $args >"$MIB_TMP/got.x" 2>&1
  echo "rc=$?" >>"$MIB_TMP/got.x"
  if ! grep -q "rc=0" "$MIB_TMP/ref.x"; then
    echo "FAIL: snmptranslate $args found nothing" >&2
    MIB_FAILS=$((MIB_FAILS + 1))
  fi
  mib_same "translate $args" "$MIB_TMP/ref.x" "$MIB_TMP/got.x"
done

if [ "$MIB_FAILS" -ne 0 ]; then
  echo "FAIL: $MIB_FAILS"
  exit 1
fi
echo "PASS"
