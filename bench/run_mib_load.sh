#!/usr/bin/env bash
# Loading every MIB on the system (MIBDIRS, default the shared standard
# modules), snmpx beside Net-SNMP in one run:
#  1. in process: libsnmpx parsing every module vs reading its cache;
#  2. one-shot commands: `snmptranslate -m ALL` vs `snmpx translate -m ALL`
#     without the cache (SNMPX_MIBDB_CACHE=0) and with it (second run).
# Prints numbers and ratios; asserts nothing about speed.
# Usage: bench/run_mib_load.sh BUILD_DIR [N] [MIBDIRS]
set -u
build=${1:-build-bench}
n=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
dirs=${3:-$(cd "$here/../../shared/mibs" 2>/dev/null && pwd || echo /work/shared/mibs)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export SNMP_PERSISTENT_DIR="$tmp/persist" SNMPCONFPATH="$tmp/conf"
export SNMPX_MIBDB_CACHE_DIR="$tmp/cache"
mkdir -p "$SNMP_PERSISTENT_DIR/cert_indexes" "$SNMPCONFPATH"
unset MIBS MIBDIRS

echo "== in process ($n loads each, MIBDIRS=$dirs)"
"$build/bench/bench_mib_load" "$dirs" "$n"

# Average wall milliseconds of $n runs of a command.
per_run() {
  local t0 t1 i
  t0=$(date +%s%N)
  for i in $(seq 1 "$n"); do "$@" >/dev/null 2>&1; done
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN { printf "%.2f", (b - a) / n / 1e6 }'
}
oid=.1.3.6.1.2.1.2.2.1.2.1
echo "== one-shot command, $n runs each: translate $oid with -m ALL"
ref=$(per_run snmptranslate -M "$dirs" -m ALL "$oid")
raw=$(SNMPX_MIBDB_CACHE=0 per_run "$build/snmpx" translate -M "$dirs" -m ALL "$oid")
"$build/snmpx" translate -M "$dirs" -m ALL "$oid" >/dev/null 2>&1
hot=$(per_run "$build/snmpx" translate -M "$dirs" -m ALL "$oid")
printf "snmptranslate              %8s ms\n" "$ref"
printf "snmpx translate (parse)    %8s ms\n" "$raw"
printf "snmpx translate (cached)   %8s ms\n" "$hot"
awk -v r="$ref" -v a="$raw" -v h="$hot" 'BEGIN {
  printf "ratio   snmptranslate/snmpx: %.1fx parsing, %.1fx cached\n", r / a, r / h }'
