#!/bin/bash
# The UDP GSO send path under valgrind: snmpx agent answers bursts of
# same-size GETs from one client, which leave as one sendmmsg with a
# UDP_SEGMENT control message; valgrind must find no uninitialised byte in
# it (the control buffer's padding) nor any other error.  valgrind cannot
# run an ASan build: when $SNMPX is one, a plain snmpx is built beside it
# ($SNMPX_BUILD/valgrind, kept between runs so only changes rebuild).
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || iop_skip "valgrind not installed (scripts/install-deps.sh)"

X=$SNMPX
if ldd "$X" 2>/dev/null | grep -q libasan; then
  B=${SNMPX_BUILD:?set SNMPX_BUILD}/valgrind
  SRC=${SNMPX_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
  if ! { cmake -S "$SRC" -B "$B" -DSNMPX_BUILD_TESTS=OFF \
           -DCMAKE_BUILD_TYPE=Debug >"$IOP_DIR/cmake.log" 2>&1 &&
         cmake --build "$B" --target snmpx -j2 >>"$IOP_DIR/cmake.log" 2>&1; }; then
    echo "FAIL: could not build a plain snmpx for valgrind"
    tail -20 "$IOP_DIR/cmake.log"
    exit 1
  fi
  X=$B/snmpx
fi

# burst N: N GETs of sysDescr.0, request-ids of one length (so every answer
# has the same size), sent back to back; prints how many were answered.
burst() {
  python3 - "$PORT" "$1" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
def tlv(t, b): return bytes([t, len(b)]) + b
oid = bytes([0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 1, 0])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
for i in range(n):
    pdu = tlv(0xA0, tlv(0x02, (1000 + i).to_bytes(2, "big")) +
              tlv(0x02, b"\0") + tlv(0x02, b"\0") +
              tlv(0x30, tlv(0x30, oid + b"\x05\x00")))
    s.sendto(tlv(0x30, tlv(0x02, b"\x01") + tlv(0x04, b"public") + pdu),
             ("127.0.0.1", port))
got = 0
try:
    while got < n:
        s.recvfrom(65535)
        got += 1
except socket.timeout:
    pass
print(got)
PY
}

# Start the agent under valgrind on a free port (another if it was taken).
for try in 1 2 3 4 5; do
  PORT=$(iop_free_port)
  VG_LOG=$IOP_DIR/valgrind.$try.log
  valgrind -q --error-exitcode=9 --log-file="$VG_LOG" \
    "$X" agent -c public "udp:127.0.0.1:$PORT" 2>"$IOP_DIR/agent.err" &
  PID=$!
  for i in $(seq 1 300); do
    grep -q "listening on" "$IOP_DIR/agent.err" 2>/dev/null && break
    kill -0 "$PID" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "listening on" "$IOP_DIR/agent.err" && break
  kill "$PID" 2>/dev/null
  wait "$PID" 2>/dev/null
  PID=
done
[ -n "$PID" ] || { echo "FAIL: agent did not start"; cat "$IOP_DIR/agent.err"; exit 1; }
IOP_PIDS="$IOP_PIDS $PID"

for round in 1 2 3; do
  got=$(burst 20)
  if [ "$got" != 20 ]; then
    echo "--- burst $round: $got of 20 answered"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done
kill -TERM "$PID"
wait "$PID"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$VG_LOG" ]; then
  echo "ok   valgrind: no error on the GSO send path"
else
  echo "--- valgrind: exit $rc"
  head -40 "$VG_LOG"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
iop_finish
