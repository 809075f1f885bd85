#!/usr/bin/env bash
# Handles (detached requests) at scale against the fleet: see
# test_fleet_handles.c.
set -u
: "${FLEET:?}" "${HANDLES:?}"
COUNT=2000
SEED=5
DROP=10
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
base=
for try in 1 2 3 4 5; do
  cand=$(( 30000 + ( ($$ + try * 11) % 10 ) * 2000 ))
  "$FLEET" --base-port "$cand" --count $COUNT --seed $SEED --drop $DROP \
    --lifetime 60 >"$tmp/out" 2>"$tmp/err" &
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
"$HANDLES" "$base" $COUNT $SEED $DROP
