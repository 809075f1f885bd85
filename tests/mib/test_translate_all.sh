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
  snmptranslate -M "$MIB_DIR" -m ALL -On "$@" >"$MIB_TMP/ref.on" 2>"$MIB_TMP/ref.err"
  echo "rc=$?" >>"$MIB_TMP/ref.on"
  "$SNMPX" translate -M "$MIB_DIR" -m ALL -On "$@" >"$MIB_TMP/got.on" 2>"$MIB_TMP/got.err"
  echo "rc=$?" >>"$MIB_TMP/got.on"
  mib_same "$mod: -On NAME" "$MIB_TMP/ref.on" "$MIB_TMP/got.on" || continue
  mib_same "$mod: -On NAME (stderr)" "$MIB_TMP/ref.err" "$MIB_TMP/got.err"
  # shellcheck disable=SC2046
  set -- $(grep '^\.' "$MIB_TMP/ref.on")
  for style in "" -Of -Os -Ou; do
    snmptranslate -M "$MIB_DIR" -m ALL $style "$@" >"$MIB_TMP/ref.n" 2>&1
    echo "rc=$?" >>"$MIB_TMP/ref.n"
    "$SNMPX" translate -M "$MIB_DIR" -m ALL $style "$@" >"$MIB_TMP/got.n" 2>&1
    echo "rc=$?" >>"$MIB_TMP/got.n"
    mib_same "$mod: translate ${style:-(default)} NUMBER" "$MIB_TMP/ref.n" "$MIB_TMP/got.n"
  done
done < <(mib_definitions)

[ "$total" -gt 1000 ] || { echo "FAIL: only $total definitions found" >&2; exit 1; }
echo "$total definitions, $MIB_FAILS failures"
[ "$MIB_FAILS" -eq 0 ]
