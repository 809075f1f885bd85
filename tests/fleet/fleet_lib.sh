# Start and stop a test fleet (snmpx_fleet) from a shell script: the fleet
# tests and bench/run_rate.sh source this.  It starts nothing by itself.
#
#   FLEET=path/to/snmpx_fleet
#   . tests/fleet/fleet_lib.sh
#   fleet_start COUNT [FLEET ARGS...] || exit 1
#       agents on ports the kernel chooses (not consecutive); sets
#       FLEET_PORTS (a file: "PORT ROLE" per agent) and FLEET_PID
#   fleet_start_block COUNT [FLEET ARGS...] || exit 1
#       agents on COUNT consecutive ports that the fleet finds free and
#       holds; sets FLEET_BASE (127.0.0.1:$FLEET_BASE .. +COUNT-1) too
#
# Neither probes ports and then binds them later (another program could
# take them in between): the fleet binds what it uses in one go, so both
# work on a busy machine.  Prefer fleet_start; fleet_start_block is for
# clients that can only count ports up from a base.
#
# FLEET_PREFIX (e.g. "taskset -c 0") runs the fleet under a command.  The
# fleet's stdout and stderr are in $FLEET_TMP/out and $FLEET_TMP/err.  On
# exit the fleet is stopped by its pid and $FLEET_TMP removed.
FLEET_TMP=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-fleet.XXXXXX")
FLEET_PID=
FLEET_BASE=
FLEET_PORTS=

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

# fleet_launch BASE COUNT [ARGS...]: start the fleet with --base-port BASE
# (0 or auto) and wait for its "ready" line: as long as it runs, up to
# 120 s (binding 10,000 sockets under ASan on a loaded machine takes a
# few seconds; a fleet that cannot start exits at once).
fleet_launch() {
  local base=$1 count=$2 i
  shift 2
  fleet_stop
  FLEET_BASE=
  FLEET_PORTS=
  rm -f "$FLEET_TMP/ports"
  : >"$FLEET_TMP/out"
  ${FLEET_PREFIX:-} "$FLEET" --base-port "$base" --count "$count" \
    --ports-file "$FLEET_TMP/ports" "$@" >"$FLEET_TMP/out" 2>"$FLEET_TMP/err" &
  FLEET_PID=$!
  for i in $(seq 2400); do
    grep -q '^ready ' "$FLEET_TMP/out" && break
    kill -0 "$FLEET_PID" 2>/dev/null || break
    sleep 0.05
  done
  if ! grep -q "^ready [0-9]* $count\$" "$FLEET_TMP/out" ||
     [ "$(wc -l <"$FLEET_TMP/ports" 2>/dev/null)" != "$count" ]; then
    fleet_stop
    echo "FAIL: the fleet did not start" >&2
    cat "$FLEET_TMP/err" >&2
    return 1
  fi
  FLEET_PORTS=$FLEET_TMP/ports
  FLEET_BASE=$(awk '/^ready / { print $2 }' "$FLEET_TMP/out")
}

fleet_start() {
  local count=$1
  shift
  fleet_launch 0 "$count" "$@" || return 1
  FLEET_BASE=
}

fleet_start_block() {
  local count=$1
  shift
  fleet_launch auto "$count" "$@"
}
