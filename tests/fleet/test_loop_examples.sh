#!/usr/bin/env bash
# A foreign-loop example (examples/poll_loop.c, examples/libuv_loop.c)
# against 300 fleet agents: each must get every agent's own sysName.
# Usage: FLEET=... test_loop_examples.sh PROGRAM...
set -u
: "${FLEET:?}"
[ $# -gt 0 ] || { echo "usage: $0 PROGRAM..." >&2; exit 2; }
COUNT=300
. "$(dirname "$0")/fleet_lib.sh"
# The examples ask BASE..BASE+COUNT-1: a block the fleet finds and holds.
fleet_start_block $COUNT --lifetime 60 || exit 1
base=$FLEET_BASE
tmp=$FLEET_TMP
seq $base $((base + COUNT - 1)) | sed 's/^/agent-/' | sort >"$tmp/want"
status=0
for prog in "$@"; do
  "$prog" 127.0.0.1 "$base" "$COUNT" >"$tmp/got" 2>&1
  rc=$?
  if [ $rc = 0 ] && tail -n 1 "$tmp/got" | grep -qx "answered $COUNT of $COUNT" &&
     head -n -1 "$tmp/got" | sort | cmp -s - "$tmp/want"; then
    echo "ok   $(basename "$prog"): $COUNT agents, each its own answer"
  else
    echo "FAIL: $(basename "$prog") rc=$rc"; tail -n 5 "$tmp/got"; status=1
  fi
done
exit $status
