#!/usr/bin/env bash
# The fleet starts on a busy machine, every time (issue 13: a 10,000-agent
# fleet once failed with "bind 127.0.0.1:33170: Address already in use").
# A helper holds one UDP port in every hundred (those ending in 37,
# 10037..65437) on 127.0.0.1, so no block of 100 or more consecutive ports
# is free anywhere; then
#  - fleet_start (kernel-chosen ports) serves 2,000 agents, listed in its
#    ports file, none on a held port, each answering with its own name;
#  - fleet_start_block finds 50 consecutive free ports between the held
#    ones and holds them, each agent answering.
# Needs: $FLEET, python3.
set -u
: "${FLEET:?set FLEET to the snmpx_fleet binary}"
. "$(dirname "$0")/fleet_lib.sh"
tmp=$FLEET_TMP
fail() { echo "FAIL: $*"; exit 1; }

# The port holder: binds what it can (a port someone else holds is busy
# anyway), says how many, and waits to be killed (at most 300 s).
python3 - "$tmp/held" <<'PY' &
import socket, sys, time
held = []
for p in range(10037, 65536, 100):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind(("127.0.0.1", p))
        held.append(s)
    except OSError:
        s.close()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % len(held))
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(300)
PY
holder=$!
trap 'kill $holder 2>/dev/null; wait $holder 2>/dev/null; fleet_cleanup' EXIT
for _ in $(seq 600); do
  [ -f "$tmp/held" ] && break
  kill -0 $holder 2>/dev/null || fail "port holder died"
  sleep 0.05
done
[ -f "$tmp/held" ] || fail "port holder did not start"
echo "holding $(cat "$tmp/held") ports (every port ending in 37)"

# ask_all FILE: GET sysName.0 from every port listed in FILE ("PORT ..."),
# a window of 100 at a time, resending what is unanswered every 0.5 s for
# at most 30 s; every agent must answer "agent-PORT" from its own port.
ask_all() {
  python3 - "$1" <<'PY'
import socket, sys, time
ports = [int(l.split()[0]) for l in open(sys.argv[1])]
oid = bytes([0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 5, 0])
def tlv(tag, body):
    return bytes([tag, len(body)]) + body
def get(rid):
    vb = tlv(0x30, tlv(0x30, oid + b"\x05\x00"))
    pdu = tlv(0xa0, tlv(0x02, rid.to_bytes(4, "big")) + b"\x02\x01\x00" * 2 + vb)
    return tlv(0x30, b"\x02\x01\x01" + tlv(0x04, b"public") + pdu)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(0.5)
todo = list(ports)
bad = []
deadline = time.monotonic() + 30
while todo and time.monotonic() < deadline:
    window, rest = todo[:100], todo[100:]
    for p in window:
        s.sendto(get(p), ("127.0.0.1", p))
    waiting = set(window)
    try:
        while waiting:
            data, (host, src) = s.recvfrom(65535)
            if src in waiting:
                waiting.discard(src)
                if b"agent-%d" % src not in data:
                    bad.append(src)
    except socket.timeout:
        pass
    todo = rest + sorted(waiting)
if todo or bad:
    print("FAIL: no answer from %d agents %s, wrong answer from %s"
          % (len(todo), todo[:5], bad[:5]))
    sys.exit(1)
print("ok   %d agents answered, each with its own name" % len(ports))
PY
}

# 2,000 agents on kernel-chosen ports.
fleet_start 2000 --lifetime 60 || fail "fleet_start with held ports"
n=$(sort -u -k1,1 "$FLEET_PORTS" | wc -l)
[ "$n" -eq 2000 ] || fail "ports file: $n distinct ports, want 2000"
! awk '$1 % 100 == 37 { found = 1 } END { exit !found }' "$FLEET_PORTS" ||
  fail "an agent on a held port"
grep -q '^ready 0 2000$' "$FLEET_TMP/out" || fail "ready line: $(cat "$FLEET_TMP/out")"
echo "ok   fleet_start: 2000 agents on kernel-chosen ports"
ask_all "$FLEET_PORTS" || exit 1
fleet_stop

# 50 consecutive ports between the held ones.
fleet_start_block 50 --lifetime 60 || fail "fleet_start_block with held ports"
base=$FLEET_BASE
[ -n "$base" ] || fail "no FLEET_BASE"
seq "$base" $((base + 49)) >"$tmp/want"
cut -d' ' -f1 "$FLEET_PORTS" | cmp -s - "$tmp/want" ||
  fail "block: ports file is not $base..$((base + 49))"
[ $(( (base + 62) / 100 )) -eq $(( (base + 49 + 63) / 100 )) ] ||
  fail "block $base..$((base + 49)) spans a held port"
echo "ok   fleet_start_block: 50 consecutive ports at $base"
ask_all "$FLEET_PORTS" || exit 1
echo "PASS"
