# Start and stop a test fleet (snmpx_fleet) from a shell script: the fleet
# tests and bench/run_rate.sh source this.  It starts nothing by itself.
#
#   FLEET=path/to/snmpx_fleet
#   . tests/fleet/fleet_lib.sh
#   fleet_start COUNT [FLEET ARGS...] || exit 1   sets FLEET_BASE, FLEET_PID
#   ... agents on 127.0.0.1:$FLEET_BASE .. +COUNT-1 ...
#
# FLEET_PREFIX (e.g. "taskset -c 0") runs the fleet under a command.  The
# fleet's stdout and stderr are in $FLEET_TMP/out and $FLEET_TMP/err.  On
# exit the fleet is stopped by its pid and $FLEET_TMP removed.
FLEET_TMP=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-fleet.XXXXXX")
FLEET_PID=
FLEET_BASE=

fleet_stop() {
  if [ -n "$FLEET_PID" ]; then
    kill "$FLEET_PID" 2>/dev/null
    wait "$FLEET_PID" 2>/dev/null
  fi
  FLEET_PID=
}

fleet_cleanup() {
  fleet_stop
  rm -rf "$FLEET_TMP"
}
trap fleet_cleanup EXIT

# Start COUNT agents on a free block of consecutive ports (a few tries at
# different bases between 20000 and 65000), waiting for "ready".
fleet_start() {
  local count=$1
  shift
  local span=$(( (count + 99) / 100 * 100 ))
  local slots=$(( 45000 / span )) try cand
  fleet_stop
  for try in 1 2 3 4 5 6; do
    cand=$(( 20000 + ( ($$ * 7919 + try * 1231) % slots ) * span ))
    # Empty before the fleet starts: a later start tries the same ports in
    # the same order, and must not read the last fleet's "ready" line.
    : >"$FLEET_TMP/out"
    ${FLEET_PREFIX:-} "$FLEET" --base-port "$cand" --count "$count" "$@" \
      >"$FLEET_TMP/out" 2>"$FLEET_TMP/err" &
    FLEET_PID=$!
    for _ in $(seq 100); do
      grep -q '^ready ' "$FLEET_TMP/out" && break
      kill -0 "$FLEET_PID" 2>/dev/null || break
      sleep 0.1
    done
    if grep -q "^ready $cand $count\$" "$FLEET_TMP/out"; then
      FLEET_BASE=$cand
      return 0
    fi
    fleet_stop
  done
  echo "FAIL: the fleet did not start" >&2
  cat "$FLEET_TMP/err" >&2
  return 1
}
