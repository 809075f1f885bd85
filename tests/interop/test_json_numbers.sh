#!/bin/bash
# JSON output keeps every digit (docs/json.md): Counter64 and the 64-bit
# Opaque types are strings of decimal digits, so `jq` (which reads numbers
# as doubles: 2^64-1 would become 18446744073709552000) and Python's json
# give back the exact value; 32-bit types stay numbers.  Checked for
# `snmpx poll -o json` against snmpsim serving awkward.snmprec, and for
# `snmpx trapd --json` piped into `jq -c .` as docs/notifications.md does.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
# make check installs jq (scripts/install-deps.sh): without it this test
# would prove nothing.
command -v jq >/dev/null || { echo "FAIL: jq not installed"; exit 1; }
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"
fail() { echo "--- $*"; IOP_FAILS=$((IOP_FAILS + 1)); }

# ---- poll ------------------------------------------------------------------
iop_start_snmpsim
P=.1.3.6.1.4.1.99999
printf '%s\n' "-v2c -c awkward $SIM_ADDR $P.10.1.0 $P.10.2.0 $P.10.3.0 \
$P.10.4.0 $P.10.5.0 $P.9.5.0 $P.9.6.0 $P.9.7.0 $P.9.10.0 $P.9.11.0 \
$P.1.4.0 $P.1.5.0" >"$IOP_DIR/targets"
"$SNMPX" poll -q -o json "$IOP_DIR/targets" >"$IOP_DIR/poll.json" \
  2>"$IOP_DIR/poll.err" || fail "poll: exit $?: $(cat "$IOP_DIR/poll.err")"
cat >"$IOP_DIR/poll.want" <<EOF
$P.10.1.0 Counter64 string 0
$P.10.2.0 Counter64 string 1
$P.10.3.0 Counter64 string 18446744073709551615
$P.10.4.0 Counter64 string 4294967296
$P.10.5.0 Counter64 string 9223372036854775808
$P.9.5.0 Opaque Counter64 string 18446744073709551615
$P.9.6.0 Opaque Int64 string -1
$P.9.7.0 Opaque UInt64 string 256
$P.9.10.0 Opaque Int64 string -9223372036854775808
$P.9.11.0 Opaque Counter64 string 5
$P.1.4.0 INTEGER number 2147483647
$P.1.5.0 INTEGER number -2147483648
EOF
jq -r '.varbinds[] | "\(.oid) \(.type) \(.value | type) \(.value)"' \
  "$IOP_DIR/poll.json" >"$IOP_DIR/poll.got" 2>&1
if cmp -s "$IOP_DIR/poll.want" "$IOP_DIR/poll.got"; then
  echo "ok   poll -o json | jq: every 64-bit value exact, as a string"
else
  fail "poll -o json | jq:"; diff "$IOP_DIR/poll.want" "$IOP_DIR/poll.got"
fi
python3 - "$IOP_DIR/poll.json" "$IOP_DIR/poll.want" <<'PY' ||
import json, sys
row = json.loads(open(sys.argv[1]).read())
want = [l.split() for l in open(sys.argv[2])]
got = {vb["oid"]: vb for vb in row["varbinds"]}
for w in want:
    oid, value = w[0], w[-1]
    vb = got[oid]
    if " ".join(w[1:-2]) in ("INTEGER",):
        assert vb["value"] == int(value), vb
    else:
        assert isinstance(vb["value"], str), vb
        assert int(vb["value"]) == int(value), vb
print("ok   poll -o json | python json: int(value) exact")
PY
  fail "python json (poll)"

# ---- trapd -----------------------------------------------------------------
command -v snmptrapd >/dev/null || iop_skip "snmptrapd not installed"
. "$here/../notify/notify_lib.sh"
nt_start_snmptrapd # only for its configuration file
JQ_OUT=$IOP_DIR/traps.jsonl
nt_start_snmpx_trapd json --json --exec "jq -c . >> $JQ_OUT"
snmptrap -v2c -c public "$XTRAPD_ADDR" 4294967295 1.3.6.1.4.1.8072.2.3.0.1 \
  $P.10.3.0 C 18446744073709551615 $P.10.5.0 C 9223372036854775808 \
  $P.10.1.0 C 0 $P.1.5.0 i -2147483648 $P.7.0 c 4294967295
for _ in $(seq 1 100); do
  [ -s "$JQ_OUT" ] && break
  sleep 0.05
done
got=$(jq -r '.uptime, (.varbinds[] | "\(.type) \(.value | type) \(.value)")' \
  "$JQ_OUT" 2>&1)
want="4294967295
Counter64 string 18446744073709551615
Counter64 string 9223372036854775808
Counter64 string 0
INTEGER number -2147483648
Counter32 number 4294967295"
if [ "$got" = "$want" ]; then
  echo "ok   trapd --json --exec 'jq -c .': Counter64 2^64-1 exact"
else
  fail "trapd --json through jq: got:"; echo "$got"
fi
python3 - "$XTRAPD_LOG" <<'PY' || fail "python json (trapd)"
import json, sys
n = json.loads(open(sys.argv[1]).read().splitlines()[0])
v = [vb["value"] for vb in n["varbinds"]]
assert int(v[0]) == 2**64 - 1 and v[0] == "18446744073709551615", v
assert int(v[1]) == 2**63 and int(v[2]) == 0, v
assert v[3] == -2**31 and v[4] == 2**32 - 1, v
print("ok   trapd --json | python json: int(value) exact")
PY
iop_finish
