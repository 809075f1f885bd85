#!/usr/bin/env bash
# Every node of every module, against snmptranslate (issue 13 #16):
#  - with -m ALL: `-Td -OS` and `-Td -On` of every node snmptranslate
#    knows (and the roots), `-Tp` of the whole tree and of every node;
#  - each module alone (-m MODULE, MIBDIRS the standard modules only):
#    the load warnings and `-Td -OS` of every node that load gives, and
#    `-Tp` of the whole tree;
#  - the same in directories that lack some of the modules others import
#    (the warnings Net-SNMP prints for what is missing).
# One run per tool and module takes every OID at once (snmptranslate
# takes many), which keeps this within a minute.
# Where Net-SNMP's output is a bug snmpx does not copy, the difference is
# listed in EXPECTED below (docs/mibs.md says why); it is empty today.
. "$(dirname "$0")/mib_lib.sh"

EXPECTED=()

# run_both NAME ARGS...: snmptranslate and snmpx translate with ARGS
# (MIBDIRS as the caller exports it), stdout and stderr apart, exit code.
run_both() {
  local name=$1
  shift
  snmptranslate "$@" >"$MIB_TMP/ref.out" 2>"$MIB_TMP/ref.err"
  echo "rc=$?" >>"$MIB_TMP/ref.out"
  "$SNMPX" translate "$@" >"$MIB_TMP/got.out" 2>"$MIB_TMP/got.err"
  echo "rc=$?" >>"$MIB_TMP/got.out"
  local e
  for e in "${EXPECTED[@]}"; do
    [ "$e" = "$name" ] && return 0
  done
  mib_same "$name (stdout)" "$MIB_TMP/ref.out" "$MIB_TMP/got.out"
  mib_same "$name (stderr)" "$MIB_TMP/ref.err" "$MIB_TMP/got.err"
}

# The modules of directory $1, one name a line.
modules_in() {
  local f
  for f in "$1"/*.txt; do
    awk '!/^[ \t]*--/ && $2 == "DEFINITIONS" { print $1; exit }' "$f"
  done
}

# Each module of $MIB_DIR alone, its modules searched in directory $1
# (and -Tp of the tree it gives when $3 is "tree").
each_module() {
  local dir=$1 what=$2 tree=${3:-} mod nodes
  for mod in $(modules_in "$MIB_DIR"); do
    # shellcheck disable=SC2207
    nodes=($(MIBDIRS=$dir snmptranslate -m "$mod" -To 2>/dev/null))
    total=$((total + ${#nodes[@]}))
    MIBDIRS=$dir run_both "$what: -m $mod -Td -OS (${#nodes[@]} nodes)" \
      -m "$mod" -Td -OS .0 .1 .2 "${nodes[@]}"
    [ "$tree" = tree ] || continue
    MIBDIRS=$dir run_both "$what: -m $mod -Tp" -m "$mod" -Tp
  done
}

total=0
# -m ALL: every node.
# shellcheck disable=SC2207
all=($(snmptranslate -M "$MIB_DIR" -m ALL -To 2>/dev/null))
[ "${#all[@]}" -gt 3000 ] || {
  echo "FAIL: only ${#all[@]} nodes with -m ALL" >&2
  exit 1
}
for style in -OS -On; do
  run_both "-m ALL -Td $style (every node)" -M "$MIB_DIR" -m ALL -Td $style \
    .0 .1 .2 "${all[@]}"
done
run_both "-m ALL -Tp" -M "$MIB_DIR" -m ALL -Tp
run_both "-m ALL -Tp (every node)" -M "$MIB_DIR" -m ALL -Tp "${all[@]}"
# OIDs past the tree, and nothing at all.
run_both "-m ALL -Td (unknown arcs)" -M "$MIB_DIR" -m ALL -Td \
  .1.3.6.1.2.1.1.1.0 .1.3.6.1.99.1.2 SNMPv2-MIB::sysORTable.1.2.3 .5 .1
run_both "-m ALL -Tp (unknown arcs)" -M "$MIB_DIR" -m ALL -Tp \
  .1.3.6.1.2.1.1.99 .5

each_module "$MIB_DIR" "all modules" tree

# Directories without some modules: a copy of $MIB_DIR less those (what
# is not found, what replaces it, what is left without a parent).
for missing in "SNMPv2-TC" "IF-MIB INET-ADDRESS-MIB" \
  "SNMP-FRAMEWORK-MIB RFC1213-MIB NET-SNMP-MIB" "SNMPv2-CONF RFC1155-SMI"; do
  dir=$MIB_TMP/less-${missing// /-}
  mkdir -p "$dir"
  cp "$MIB_DIR"/*.txt "$dir/"
  for mod in $missing; do
    rm -f "$dir/$mod.txt"
  done
  MIBDIRS=$dir run_both "without $missing: -m ALL" -m ALL -Td \
    .1.3.6.1.2.1.1.1
  each_module "$dir" "without $missing"
done

echo "$total nodes, $MIB_FAILS failures"
[ "$MIB_FAILS" -eq 0 ]
