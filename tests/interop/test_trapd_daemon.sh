#!/bin/bash
# snmpx trapd as a daemon (issue 16): SIGHUP no longer kills it; it
# reopens its -Lf file (logrotate) and goes on receiving; SIGTERM stops it
# with exit status 0 and its pid file removed.
. "$(dirname "$0")/lib.sh"
command -v snmptrap >/dev/null || iop_skip "net-snmp clients not installed"

fail() {
  echo "FAIL: $*"
  tail -5 "$IOP_DIR"/out* "$IOP_DIR/err" 2>/dev/null
  exit 1
}
wait_for() {
  local limit=$1 i
  shift
  for i in $(seq 1 $((limit * 10))); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}
has() { grep -q -- "$2" "$1" 2>/dev/null; }

port=$(iop_free_port)
OUT=$IOP_DIR/out
"$SNMPX" trapd -n -Lf "$OUT" -p "$IOP_DIR/pid" --community public \
  "udp:127.0.0.1:$port" 2>"$IOP_DIR/err" &
pid=$!
IOP_PIDS="$IOP_PIDS $pid"
wait_for 30 has "$IOP_DIR/err" listening || fail "trapd did not start"
[ -s "$IOP_DIR/pid" ] || fail "no pid file"
snmptrap -v2c -c public "127.0.0.1:$port" '' .1.3.6.1.6.3.1.1.5.1
wait_for 30 has "$OUT" "6.3.1.1.5.1$" || fail "first trap not logged"
mv "$OUT" "$OUT.1"
kill -HUP $pid
wait_for 30 has "$IOP_DIR/err" "SIGHUP" || fail "SIGHUP not handled"
kill -0 $pid || fail "SIGHUP killed trapd"
snmptrap -v2c -c public "127.0.0.1:$port" '' .1.3.6.1.6.3.1.1.5.2
wait_for 30 has "$OUT" "6.3.1.1.5.2$" ||
  fail "trap after SIGHUP not in the reopened file"
has "$OUT.1" "6.3.1.1.5.2$" && fail "trap went to the moved file"
echo "ok   SIGHUP: still running, output file reopened"
kill -TERM $pid
wait $pid
st=$?
[ $st = 0 ] || fail "exit status $st"
[ ! -e "$IOP_DIR/pid" ] || fail "pid file left"
echo "ok   SIGTERM: exit 0, pid file removed"
echo PASS
