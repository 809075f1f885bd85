#!/usr/bin/env bash
# Build the snmpx Python package from this checkout with Debian's
# /usr/bin/python3 (not a pyenv python on PATH) and run its pytest suite
# against a private snmpd (tests/python/agent.py).  Run by ctest
# (python/pytest); by hand:  tests/python/run.sh [pytest args]
set -euo pipefail
SRC=${SNMPX_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
OUT=${SNMPX_BUILD:-$SRC/build}/python
PY=/usr/bin/python3

if ! $PY -c 'import pytest' 2>/dev/null; then
  echo "FAIL: needs python3-pytest (scripts/install-deps.sh)" >&2
  exit 1
fi
"$SRC/python/build.sh" "$OUT"

cd "$SRC"
export PYTHONPATH="$OUT/lib" PYTHONDONTWRITEBYTECODE=1
# snmpx agent keeps what a SET changes in $SNMP_PERSISTENT_DIR, as snmpd
# does (default /var/lib/snmp): the tests' agents get a private one.
PERSIST=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-pytest-persist.XXXXXX")
trap 'rm -rf "$PERSIST"' EXIT
export SNMP_PERSISTENT_DIR=$PERSIST
rc=0
$PY -m pytest -q -p no:cacheprovider tests/python "$@" || rc=$?
exit $rc
