#!/usr/bin/env bash
# The foreign-loop examples (examples/poll_loop.c, examples/libuv_loop.c)
# against 300 fleet agents: each must get every agent's own sysName.
set -u
: "${FLEET:?}" "${POLL_LOOP:?}" "${LIBUV_LOOP:?}"
COUNT=300
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
base=
for try in 1 2 3 4 5; do
  cand=$(( 40000 + ( ($$ + try * 13) % 50 ) * 300 ))
  "$FLEET" --base-port "$cand" --count $COUNT --lifetime 60 >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  for _ in $(seq 50); do
    grep -q '^ready ' "$tmp/out" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q "^ready $cand $COUNT\$" "$tmp/out"; then base=$cand; break; fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
done
[ -n "$base" ] || { echo "FAIL: fleet did not start"; exit 1; }
seq $base $((base + COUNT - 1)) | sed 's/^/agent-/' | sort >"$tmp/want"
status=0
for prog in "$POLL_LOOP" "$LIBUV_LOOP"; do
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
