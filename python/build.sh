#!/usr/bin/env bash
# Build the snmpx package from this checkout with Debian's /usr/bin/python3
# into OUT/lib (importable with PYTHONPATH=OUT/lib), without installing it.
# Used by the tests (tests/python/run.sh) and the bench
# (bench/bench_python.sh).   Usage: python/build.sh OUT
set -euo pipefail
OUT=${1:?usage: python/build.sh OUT}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PY=/usr/bin/python3

inc=$($PY -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
if ! $PY -c 'import setuptools' 2>/dev/null || [ ! -e "$inc/Python.h" ]; then
  echo "FAIL: needs python3-dev and python3-setuptools" \
       "(scripts/install-deps.sh)" >&2
  exit 1
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
(cd "$HERE" &&
 SNMPX_WERROR=1 $PY setup.py -q build -j 2 --build-base "$OUT/build" \
   --build-lib "$OUT/lib" >"$OUT/build.log" 2>&1) ||
  { cat "$OUT/build.log" >&2; echo "FAIL: build of the snmpx package" >&2;
    exit 1; }
