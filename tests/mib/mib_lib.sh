# Shared helpers for the MIB tests: private state for the reference tools
# (no snmp.conf, no /var/lib/snmp), a private compiled-cache directory,
# and the standard modules in $MIB_DIR (../shared/mibs by default).
set -u
MIB_TMP=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-mib.XXXXXX")
trap 'rm -rf "$MIB_TMP"' EXIT
export SNMP_PERSISTENT_DIR="$MIB_TMP/persist"
export SNMPCONFPATH="$MIB_TMP/conf"
export SNMPX_MIBDB_CACHE_DIR="$MIB_TMP/cache"
unset MIBS MIBDIRS
# Only the directories each test names: the modules snmpx ships (searched
# after them) would hide the warnings snmptranslate prints.
export SNMPX_SHIPPED_MIBDIRS=
mkdir -p "$SNMP_PERSISTENT_DIR/cert_indexes" "$SNMPCONFPATH"
SNMPX=${SNMPX:-snmpx}
MIB_DIR=${MIB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." 2>/dev/null && pwd)/shared/mibs}
[ -d "$MIB_DIR" ] || MIB_DIR=/work/shared/mibs
MIB_DATA=$(cd "$(dirname "${BASH_SOURCE[0]}")/data" && pwd)
MIB_PATH="$MIB_DIR:$MIB_DATA"
MIB_FAILS=0

mib_skip() { echo "SKIP: $*"; exit 77; }

command -v snmptranslate >/dev/null || mib_skip "snmptranslate not installed"
[ -d "$MIB_DIR" ] || mib_skip "no MIB directory ($MIB_DIR)"

# Compare two files; on a difference print the first lines that differ.
mib_same() {
  local what=$1 ref=$2 got=$3
  if cmp -s "$ref" "$got"; then
    return 0
  fi
  echo "FAIL: $what" >&2
  diff "$ref" "$got" | head -n 20 >&2
  MIB_FAILS=$((MIB_FAILS + 1))
  return 1
}

# "MODULE::label" for every OBJECT-TYPE, OBJECT-IDENTITY and
# NOTIFICATION-TYPE in the .txt files of $MIB_DIR (and of the test
# modules in data/), one module per line:
# "MODULE name name...".  Read with awk, not with snmpx, so the list does
# not depend on the parser under test.
mib_definitions() {
  local f
  for f in "$MIB_DIR"/*.txt "$MIB_DATA"/*.txt; do
    awk '
      /^[ \t]*--/ { next }
      { sub(/--.*/, "") }
      !mod && $2 == "DEFINITIONS" { mod = $1 }
      mod && $1 ~ /^[a-z][A-Za-z0-9-]*$/ &&
        ($2 == "OBJECT-TYPE" || $2 == "OBJECT-IDENTITY" ||
         $2 == "NOTIFICATION-TYPE") { names = names " " mod "::" $1 }
      END { if (mod && names) print mod names }
    ' "$f"
  done
}
