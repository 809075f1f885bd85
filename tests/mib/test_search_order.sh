#!/usr/bin/env bash
# Issue 13 #14: a module present in several files of the search path is
# read from the LAST one (a later directory, or a later file of the same
# directory), as Net-SNMP's new_module() does, whether the path comes
# from -M, "+DIR", "-DIR", $MIBDIRS or snmp.conf.  A stale copy earlier in
# the path must not hide the objects of the newer one.
. "$(dirname "$0")/mib_lib.sh"

mk() { # DIR FILE MODULE LABEL SUBID
  mkdir -p "$MIB_TMP/$1"
  cat >"$MIB_TMP/$1/$2" <<MIB
$3 DEFINITIONS ::= BEGIN
IMPORTS enterprises FROM SNMPv2-SMI;
dupRoot OBJECT IDENTIFIER ::= { enterprises 99991 }
$4 OBJECT IDENTIFIER ::= { dupRoot $5 }
END
MIB
}
mk old DUP-MIB.txt DUP-MIB dupOld 1
mk new DUP-MIB.txt DUP-MIB dupNew 2
mk newer DUP2.txt DUP-MIB dupNewer 3
cp "$MIB_TMP/old/DUP-MIB.txt" "$MIB_TMP/newer/DUP1.txt"

same() { # WHAT ENV... -- ARGS...
  local what=$1 envs=()
  shift
  while [ "$1" != -- ]; do envs+=("$1"); shift; done; shift
  env "${envs[@]}" snmptranslate "$@" >"$MIB_TMP/ref" 2>&1
  echo "rc=$?" >>"$MIB_TMP/ref"
  env "${envs[@]}" "$SNMPX" translate "$@" >"$MIB_TMP/got" 2>&1
  echo "rc=$?" >>"$MIB_TMP/got"
  mib_same "$what: ${envs[*]} $*" "$MIB_TMP/ref" "$MIB_TMP/got"
}
T=$MIB_TMP
names="DUP-MIB::dupOld DUP-MIB::dupNew DUP-MIB::dupNewer"
for n in $names; do
  same "-M old:new" -- -M "$MIB_DIR:$T/old:$T/new" -m DUP-MIB -On $n
  same "-M new:old" -- -M "$MIB_DIR:$T/new:$T/old" -m DUP-MIB -On $n
  same "two files, one dir" -- -M "$MIB_DIR:$T/newer" -m DUP-MIB -On $n
  same "-M new:newer" -- -M "$MIB_DIR:$T/new:$T/newer" -m DUP-MIB -On $n
  same "MIBDIRS" MIBDIRS="$MIB_DIR:$T/old:$T/new" -- -m DUP-MIB -On $n
  same "-M +DIR" MIBDIRS="$MIB_DIR:$T/new" -- -M "+$T/old" -m DUP-MIB -On $n
  same "-M -DIR" MIBDIRS="$MIB_DIR:$T/new" -- -M "-$T/old" -m DUP-MIB -On $n
  same "on demand" -- -M "$MIB_DIR:$T/old:$T/new" -On $n
  printf 'mibdirs %s\n' "$MIB_DIR:$T/old:$T/new" >"$SNMPCONFPATH/snmp.conf"
  same "snmp.conf" -- -m DUP-MIB -On $n
  rm -f "$SNMPCONFPATH/snmp.conf"
done
same "-m ALL" -- -M "$MIB_DIR:$T/old:$T/new" -m ALL -Tp .1.3.6.1.4.1.99991
echo "$MIB_FAILS failures"
[ "$MIB_FAILS" -eq 0 ]
