#!/usr/bin/env bash
# snmpx from Python beside pysnmp against one private snmpd: build the
# package (python/build.sh), then bench/bench_python.py.  Prints numbers
# and ratios; asserts nothing.   Usage: bench/bench_python.sh [BUILD_DIR]
set -euo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${1:-$SRC/build-bench}/python
"$SRC/python/build.sh" "$OUT"
PYTHONPATH="$OUT/lib" PYTHONDONTWRITEBYTECODE=1 MIBS= \
  exec /usr/bin/python3 "$SRC/bench/bench_python.py"
