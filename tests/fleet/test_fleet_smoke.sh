#!/usr/bin/env bash
# Smoke test of the test fleet (tests/fleet/README.md): start 100 agents with
# every fault role present, then check with Net-SNMP's snmpget/snmpwalk that
#  - an ok agent answers GET (v2c and v1), GETNEXT and GETBULK with its own
#    values, noSuchObject/noSuchInstance/noSuchName for unknown OIDs,
#  - a drop agent times out, a delay agent answers after its delay,
#  - a wrong community gets silence,
#  - a wrong agent sends a reply with a wrong request-id from its own
#    address and one with the right request-id from 127.0.0.2 (checked
#    with a raw UDP socket, because snmpget takes the second one),
#  - the fleet exits on SIGTERM and its counters add up.
# Needs: $FLEET (the snmpx_fleet binary), snmpget, snmpwalk, snmpbulkget,
# python3.  Runs in a few seconds.
set -u

: "${FLEET:?set FLEET to the snmpx_fleet binary}"
# make check installs these; a test that quietly passes without them would
# prove nothing.
for tool in snmpget snmpwalk snmpbulkget python3; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool not installed"
    exit 1
  fi
done

# 100 agents on kernel-chosen ports: each role (20 % each) is missing with
# a probability of 0.8^100, about 2e-10.
COUNT=100
ARGS=(--drop 20 --delay 20 --wrong 20 --seed 11 --delay-ms 300 --lifetime 60)
SNMP=(-r 0 -t 1 -On -Le)
. "$(dirname "$0")/fleet_lib.sh"
tmp=$FLEET_TMP
fail() { echo "FAIL: $*"; [ -f "$tmp/err" ] && cat "$tmp/err"; exit 1; }

fleet_start "$COUNT" "${ARGS[@]}" || exit 1
echo "fleet ready on $COUNT kernel-chosen ports (pid $FLEET_PID)"
cp "$FLEET_PORTS" "$tmp/roles"
[ "$(sort -u -k1,1 "$tmp/roles" | wc -l)" -eq "$COUNT" ] ||
  fail "--ports-file: not $COUNT distinct ports"
pick() { awk -v r="$1" '$2 == r { print $1; exit }' "$tmp/roles"; }
ok=$(pick ok); drop=$(pick drop); delay=$(pick delay); wrong=$(pick wrong)
[ -n "$ok" ] && [ -n "$drop" ] && [ -n "$delay" ] && [ -n "$wrong" ] ||
  fail "seed 11 lacks a role: $(cut -d' ' -f2 "$tmp/roles" | sort | uniq -c)"
echo "ok=$ok drop=$drop delay=$delay wrong=$wrong"
# --list-roles (no binding) gives a port the role --ports-file says (the
# checks below show that each agent plays the role the file gives it).
want=$(grep "^$wrong " "$tmp/roles")
got=$("$FLEET" --base-port "$wrong" --count 1 "${ARGS[@]}" --list-roles) ||
  fail "--list-roles"
[ "$got" = "$want" ] || fail "--list-roles: '$got', --ports-file: '$want'"

expect() { # expect NAME PATTERN OUTPUT
  printf '%s\n' "$3" | grep -q -- "$2" || fail "$1: got: $3"
  echo "pass: $1"
}

# An ok agent: GET v2c and v1, unknown OIDs, GETNEXT walk, GETBULK.
out=$(snmpget -v2c -c public "${SNMP[@]}" "127.0.0.1:$ok" \
  1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.2.1.0 1.3.6.1.2.1.1.3.0 \
  1.3.6.1.2.1.1.9.0 1.3.6.1.2.1.1.5.1 2>&1)
expect "ok agent sysName" "1.5.0 = STRING: \"agent-$ok\"" "$out"
expect "ok agent ifNumber" "2.1.0 = INTEGER: $((ok % 97))\$" "$out"
expect "ok agent sysUpTime" "1.3.0 = Timeticks: ($ok)" "$out"
expect "unknown OID noSuchObject" "1.9.0 = No Such Object" "$out"
expect "unknown instance noSuchInstance" "1.5.1 = No Such Instance" "$out"
out=$(snmpget -v1 -c public "${SNMP[@]}" "127.0.0.1:$ok" \
  1.3.6.1.2.1.1.1.0 2>&1)
expect "v1 sysDescr" "STRING: \"snmpx fleet agent $ok\"" "$out"
out=$(snmpget -v1 -c public "${SNMP[@]}" "127.0.0.1:$ok" \
  1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.1.9.0 2>&1)
expect "v1 unknown OID noSuchName" "noSuchName" "$out"
out=$(snmpwalk -v2c -c public "${SNMP[@]}" "127.0.0.1:$ok" .1 2>&1)
[ "$(printf '%s\n' "$out" | grep -c ' = ')" -eq 6 ] ||
  fail "walk: expected 5 objects and endOfMibView, got: $out"
expect "walk sysObjectID" "1.2.0 = OID: .1.3.6.1.4.1.8072.9999.9999.$ok" "$out"
expect "walk endOfMibView" "No more variables left" "$out"
out=$(snmpbulkget -v2c -c public "${SNMP[@]}" -Cn1 -Cr3 "127.0.0.1:$ok" \
  1.3.6.1.2.1.1.5.0 1.3.6.1.2.1.1 2>&1)
[ "$(printf '%s\n' "$out" | grep -c ' = ')" -eq 4 ] ||
  fail "getbulk: expected 1 + 3 varbinds, got: $out"
expect "getbulk non-repeater" "2.1.0 = INTEGER: $((ok % 97))" "$out"
expect "getbulk repeater" "1.3.0 = Timeticks: ($ok)" "$out"

# Wrong community: silence.
out=$(snmpget -v2c -c private -r 0 -t 0.5 "127.0.0.1:$ok" \
  1.3.6.1.2.1.1.5.0 2>&1)
expect "bad community times out" "Timeout" "$out"

# A drop agent never answers.
out=$(snmpget -v2c -c public -r 0 -t 0.5 "127.0.0.1:$drop" \
  1.3.6.1.2.1.1.5.0 2>&1)
expect "drop agent times out" "Timeout" "$out"

# A delay agent answers after 300 ms: not within 0.1 s, yes within 1 s.
out=$(snmpget -v2c -c public -r 0 -t 0.1 "127.0.0.1:$delay" \
  1.3.6.1.2.1.1.5.0 2>&1)
expect "delay agent late for 0.1 s" "Timeout" "$out"
out=$(snmpget -v2c -c public "${SNMP[@]}" "127.0.0.1:$delay" \
  1.3.6.1.2.1.1.5.0 2>&1)
expect "delay agent answers" "STRING: \"agent-$delay\"" "$out"

# A wrong agent: two bogus replies, never the right one.
out=$(python3 - "$wrong" <<'PY' 2>&1
import socket, sys
port = int(sys.argv[1])
rid = 0x1234567
oid = bytes([0x06, 0x08, 0x2b, 6, 1, 2, 1, 1, 5, 0])
def tlv(tag, body):
    return bytes([tag, len(body)]) + body
vb = tlv(0x30, tlv(0x30, oid + b"\x05\x00"))
pdu = tlv(0xa0, tlv(0x02, rid.to_bytes(4, "big")) + b"\x02\x01\x00" * 2 + vb)
msg = tlv(0x30, b"\x02\x01\x01" + tlv(0x04, b"public") + pdu)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(1.0)
s.sendto(msg, ("127.0.0.1", port))
got = []
try:
    while len(got) < 3:
        data, src = s.recvfrom(65535)
        # 30 L 02 01 01 04 06 "public" a2 L 02 04 <rid>
        assert data[0] == 0x30 and data[2:5] == b"\x02\x01\x01", data.hex()
        i = 5 + 2 + 6
        assert data[i] == 0xa2, data.hex()
        i += 2
        assert data[i] == 0x02, data.hex()
        n = data[i + 1]
        got.append((src, int.from_bytes(data[i + 2:i + 2 + n], "big",
                                         signed=True)))
except socket.timeout:
    pass
print(got)
assert len(got) == 2, "want exactly two replies"
assert got[0][0] == ("127.0.0.1", port) and got[0][1] != rid, "first"
assert got[1][0] != ("127.0.0.1", port) and got[1][1] == rid, "second"
print("wrong-ok")
PY
)
expect "wrong agent: bad request-id, then misaddressed reply" "wrong-ok" "$out"

# Stop by pid; the counters must show every kind of traffic.
kill -TERM "$FLEET_PID"
wait "$FLEET_PID"
rc=$?
FLEET_PID=
[ "$rc" -eq 0 ] || fail "fleet exit status $rc"
counters=$(grep '^fleet: ' "$tmp/err") || fail "no counters on stderr"
echo "$counters"
for c in requests answered dropped delayed wrong bad_community; do
  printf '%s\n' "$counters" | grep -Eq " $c=[1-9]" || fail "counter $c is 0"
done
expect "no decode errors" " decode_errors=0 " "$counters"
echo "PASS"
