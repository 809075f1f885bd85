#!/usr/bin/env bash
# `make bench-python` with tiny sizes, so the bench does not rot: it must
# run, print every row of both tables, and no client may fail.  Asserts
# no speed.  Run by ctest (python/bench-smoke).
set -euo pipefail
SRC=${SNMPX_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${SNMPX_BUILD:-$SRC/build}
out=$(BENCH_REPEAT=1 BENCH_GETS=3 BENCH_V3_GETS=3 BENCH_ROWS=60 \
      BENCH_CONCURRENT=5 BENCH_MIB_GETS=2 "$SRC/bench/bench_python.sh" "$BUILD")
echo "$out"
fail=0
for row in "3 GETs v2c" "3 GETs v3 SHA/AES" "bulk walk of 60 rows" \
           "5 GETs at once" "2 GETs by name + 60-row walk named"; do
  n=$(grep -c "^$row " <<<"$out" || true)
  if [ "$n" -ne 2 ]; then
    echo "FAIL: row '$row' printed $n times, not once per table" >&2
    fail=1
  fi
done
if grep -q "failed" <<<"$out"; then
  echo "FAIL: a client failed (above)" >&2
  fail=1
fi
exit $fail
