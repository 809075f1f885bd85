#!/usr/bin/env bash
# snmpx from Python beside pysnmp 7.1 and easysnmp against one private
# `snmpx agent` (BUILD_DIR/snmpx): build the package (python/build.sh)
# into BUILD_DIR/python, then bench/bench_python.py.  Prints numbers and
# ratios; asserts nothing.   Usage: bench/bench_python.sh [BUILD_DIR]
# Sizes: BENCH_GETS BENCH_V3_GETS BENCH_ROWS BENCH_CONCURRENT BENCH_MIB_GETS;
# BENCH_REPEAT runs of each, the best kept (bench/bench_python.py).
set -euo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build-bench}" && pwd)
[ -x "$BUILD/snmpx" ] ||
  { echo "FAIL: $BUILD/snmpx not built (the agent of the bench)" >&2; exit 1; }
"$SRC/python/build.sh" "$BUILD/python"
SNMPX="$BUILD/snmpx" PYTHONPATH="$BUILD/python/lib" PYTHONDONTWRITEBYTECODE=1 \
  exec /usr/bin/python3 "$SRC/bench/bench_python.py"
