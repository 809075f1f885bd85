#!/bin/bash
# Datagrams the kernel drops from snmpx trapd's socket buffer are counted:
# trapd is stopped (SIGSTOP), flooded past its 4 MiB receive buffer,
# resumed, sent one more datagram (the kernel reports a socket's drop
# count with the datagrams queued after the drops), then stopped; its
# counters must account for every datagram: undecodable + lost = sent.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"

d=$IOP_DIR/xtrapd
mkdir -p "$d"
printf 'disableAuthorization yes\n' >"$d/trapd.conf"
port=$(iop_free_port)
"$SNMPX" trapd -f -C -c "$d/trapd.conf" -Lf "$d/log" "udp:127.0.0.1:$port" \
  2>"$d/stderr" &
pid=$!
IOP_PIDS="$IOP_PIDS $pid"
for i in $(seq 1 100); do
  grep -q listening "$d/stderr" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.05
done
grep -q listening "$d/stderr" || { echo "FAIL: trapd did not start"; cat "$d/stderr"; exit 1; }

# send N: N datagrams that are not SNMP (each counted as undecodable).
send() {
  python3 - "$port" "$1" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(n):
    s.sendto(b"\x30\x03junk-%d" % i, ("127.0.0.1", port))
PY
}

# drained: wait (at most 20 s) until trapd's socket holds nothing (its
# rx_queue in /proc/net/udp is 0).
drained() {
  local hexport i
  hexport=$(printf '%04X' "$port")
  for i in $(seq 1 200); do
    awk -v p=":$hexport" '$2 ~ p"$" { split($5, q, ":"); print q[2] }' \
      /proc/net/udp | grep -qv '^00000000$' || return 0
    sleep 0.1
  done
  echo "FAIL: trapd did not read its socket"
  exit 1
}

SENT=30000
kill -STOP "$pid"
send "$SENT"
kill -CONT "$pid"
drained
send 1
drained
sleep 0.2
kill -TERM "$pid"
wait "$pid" 2>/dev/null
stats=$(grep "notifications" "$d/stderr")
echo "$stats"
undecodable=$(printf '%s' "$stats" | sed -nE 's/.* ([0-9]+) undecodable.*/\1/p')
lost=$(printf '%s' "$stats" | sed -nE 's/.* ([0-9]+) lost \(receive buffer full\).*/\1/p')
if [ -z "$lost" ] || [ -z "$undecodable" ]; then
  echo "FAIL: no lost/undecodable counter"
  exit 1
fi
if [ "$lost" -gt 0 ] && [ $((lost + undecodable)) -eq $((SENT + 1)) ]; then
  echo "ok   $lost lost + $undecodable read = $((SENT + 1)) sent"
  echo PASS
  exit 0
fi
echo "FAIL: $lost lost + $undecodable read, $((SENT + 1)) sent"
exit 1
