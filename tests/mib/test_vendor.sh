#!/usr/bin/env bash
# Real-world vendor MIB modules from Debian packages (data/vendor/, see
# its README.md): each loads as Net-SNMP loads it (same warnings), and for
# every OBJECT-TYPE, OBJECT-IDENTITY and NOTIFICATION-TYPE, `translate -On`
# and `-Td` print what snmptranslate prints, as test_translate_all.sh does
# for the IETF modules.
. "$(dirname "$0")/mib_lib.sh"

VENDOR=$MIB_DATA/vendor
path="$MIB_DIR:$VENDOR"
total=0
for f in "$VENDOR"/*; do
  case $f in *.md) continue;; esac
  read -r mod names < <(awk '
      /^[ \t]*--/ { next }
      { sub(/--.*/, "") }
      !mod && $2 == "DEFINITIONS" { mod = $1 }
      mod && $1 ~ /^[a-z][A-Za-z0-9-]*$/ &&
        ($2 == "OBJECT-TYPE" || $2 == "OBJECT-IDENTITY" ||
         $2 == "NOTIFICATION-TYPE") { names = names " " mod "::" $1 }
      END { print mod names }' "$f")
  [ -n "$mod" ] || { echo "FAIL: no module in $f" >&2; MIB_FAILS=$((MIB_FAILS + 1)); continue; }
  # The module alone: the same warnings and the same numbers.
  # shellcheck disable=SC2086
  set -- $names
  total=$((total + $#))
  for style in -On -Td; do
    [ $# -gt 0 ] || break # a module of textual conventions only
    snmptranslate -M "$path" -m "$mod" $style "$@" >"$MIB_TMP/ref" 2>&1
    echo "rc=$?" >>"$MIB_TMP/ref"
    "$SNMPX" translate -M "$path" -m "$mod" $style "$@" >"$MIB_TMP/got" 2>&1
    echo "rc=$?" >>"$MIB_TMP/got"
    mib_same "$mod ($(basename "$f")): $style NAME" "$MIB_TMP/ref" "$MIB_TMP/got"
  done
  snmptranslate -M "$path" -m "$mod" -Tp .1.3.6.1.4.1 >"$MIB_TMP/ref" 2>&1
  "$SNMPX" translate -M "$path" -m "$mod" -Tp .1.3.6.1.4.1 >"$MIB_TMP/got" 2>&1
  mib_same "$mod: -Tp enterprises" "$MIB_TMP/ref" "$MIB_TMP/got"
done
[ "$total" -gt 300 ] || { echo "FAIL: only $total definitions found" >&2; exit 1; }
echo "$total definitions, $MIB_FAILS failures"
[ "$MIB_FAILS" -eq 0 ]
