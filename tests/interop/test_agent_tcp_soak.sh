#!/usr/bin/env bash
# The hardening soak (issue 13) over TCP (issue 15): `snmpx agent` on
# tcp: serves several clients' valid GETs, every one answered and counted,
# while other connections are dropped mid-message (half a length header,
# half a message), send garbage framing or an oversized length, and stay
# idle past its accept limit (tcp_soak.py).  The agent must not leak
# descriptors (/proc/PID/fd before and after) nor memory (LeakSanitizer at
# its exit, when built with SNMPX_SANITIZE).  Bounded, loopback only.
here=$(dirname "$0")
. "$here/lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmpget >/dev/null || iop_skip "Net-SNMP tools not installed"

d=$IOP_DIR/agent
mkdir -p "$d"
echo "rocommunity public 127.0.0.1" >"$d/agent.conf"
launch_agent() {
  ASAN_OPTIONS=detect_leaks=1:${ASAN_OPTIONS:-} \
    "$SNMPX" agent -f -Lf "$d/log" -C "$d/agent.conf" -S "$d/state" \
    "udp:127.0.0.1:$1" "tcp:127.0.0.1:$1" 2>"$d/stderr" &
  IOP_PEER_PID=$!
}
ready_tcp() {
  snmpget -v2c -c public -r 0 -t 1 "tcp:127.0.0.1:$1" .1.3.6.1.2.1.1.1.0 \
    >/dev/null 2>&1
}
iop_start_peer launch_agent ready_tcp ||
  { echo "snmpx agent did not start"; head -5 "$d/log" "$d/stderr"; exit 1; }
pid=$IOP_PEER_PID

# 256: SNMPX_IO_MAX_ACCEPTED, the agent's accept limit.
if python3 "$here/tcp_soak.py" "$IOP_PEER_PORT" "$pid" 256; then
  echo "ok   tcp-soak"
else
  IOP_FAILS=$((IOP_FAILS + 1))
fi
# Still serving after it all.
if ready_tcp "$IOP_PEER_PORT"; then
  echo "ok   tcp-soak-still-serving"
else
  echo "--- tcp-soak-still-serving: no answer"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
kill -TERM "$pid"
wait "$pid"
rc=$?
if [ "$rc" -ne 0 ] || grep -q "Sanitizer" "$d/stderr"; then
  echo "--- tcp-soak-exit: status $rc"
  head -40 "$d/stderr"
  IOP_FAILS=$((IOP_FAILS + 1))
else
  echo "ok   tcp-soak-exit (no sanitizer report)"
fi
iop_finish
