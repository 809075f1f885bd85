#!/bin/bash
# snmpx poll against a private snmpd: v1, v2c and v3 targets, an agent that
# does not answer, a wrong community, an agent error; text and JSON output,
# the summary and the exit status.  Values are checked against what
# Net-SNMP's snmpget prints for the same OIDs.
. "$(dirname "$0")/lib.sh"
iop_start_snmpd_v3
A=$SNMPD_V3_ADDR
D=$(iop_dead_addr)
S=.1.3.6.1.2.1.1
V3="-v3 $(iop_v3_args u_sha_aes)"

cat > "$IOP_DIR/targets" <<EOF2
# comment line
-v2c -c public $A $S.5.0 $S.6.0
-v1 -c public $A $S.4.0
$V3 \\
   $A $S.5.0
-v1 -c public $A $S.99.0
-v2c -c public -r 0 -t 0.5 $D $S.5.0
-v2c -c 'not the community' -r 0 -t 0.5 $A $S.5.0
EOF2

fail() { echo "FAIL: $*"; IOP_FAILS=$((IOP_FAILS + 1)); }

"$SNMPX" poll -q "$IOP_DIR/targets" >"$IOP_DIR/text" 2>"$IOP_DIR/text.err"
rc=$?
[ $rc = 2 ] || fail "text: exit status $rc, want 2"
want_summary="6 targets: 3 answered, 2 timed out, 1 errors in"
grep -q "^$want_summary" "$IOP_DIR/text.err" || fail "text summary: $(cat "$IOP_DIR/text.err")"
ref5=$(snmpget -v2c -c public $A $S.5.0)
ref6=$(snmpget -v2c -c public $A $S.6.0)
ref4=$(snmpget -v1 -c public $A $S.4.0)
for line in "$A $ref5" "$A $ref6" "$A $ref4" "$A Timeout: No Response" \
            "$D Timeout: No Response" \
            "$A Error in packet: noSuchName at iso.3.6.1.2.1.1.99.0"; do
  grep -qxF "$line" "$IOP_DIR/text" || fail "text: missing line: $line"
done
[ "$(grep -cxF "$A $ref5" "$IOP_DIR/text")" = 2 ] || fail "text: v3 and v2c sysName lines"
[ "$(wc -l < "$IOP_DIR/text")" = 7 ] || fail "text: $(wc -l < "$IOP_DIR/text") lines, want 7"

[ "$IOP_FAILS" = 0 ] && echo "ok   text output"
"$SNMPX" poll -q -o json "$IOP_DIR/targets" >"$IOP_DIR/json" 2>/dev/null
python3 - "$IOP_DIR/json" "$A" "$D" <<'PY' || IOP_FAILS=$((IOP_FAILS + 1))
import json, sys
path, agent, dead = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [json.loads(l) for l in open(path)]
assert len(rows) == 6, rows
by = {}
for r in rows:
    by.setdefault((r["agent"], r["status"]), []).append(r)
ok = by[(agent, "ok")]
assert len(ok) == 3, ok
names = sorted(vb["value"] for r in ok for vb in r["varbinds"]
               if vb["oid"] == ".1.3.6.1.2.1.1.5.0")
assert names == ["snmpx-interop-v3"] * 2, names
assert len(by[(dead, "timeout")]) == 1 and len(by[(agent, "timeout")]) == 1
err = by[(agent, "error")][0]
assert err["error"] == "noSuchName" and err["error_index"] == 1, err
print("ok   json output")
PY

# Per-line output options and MIBs: each target prints as its own line's
# -O, -m and -M say, as snmpget does with them; a later line's other -m
# leaves the earlier line's MIBs in place; poll's -O comes before every
# line's options.
MIB_DIR=${SNMPX_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}/../shared/mibs
[ -f "$MIB_DIR/IF-MIB.txt" ] || MIB_DIR=/work/shared/mibs
if [ -f "$MIB_DIR/IF-MIB.txt" ]; then
  export SNMPX_MIBDB_CACHE_DIR="$IOP_DIR/mibcache"
  cat > "$IOP_DIR/targets-fmt" <<EOF2
-v2c -c public -On $A $S.5.0
-v2c -c public -m SNMPv2-MIB -M $MIB_DIR $A $S.5.0
-v2c -c public -m IF-MIB -M $MIB_DIR -Os $A $S.4.0
-v2c -c public -m SNMPv2-MIB -M $MIB_DIR -Oqv $A $S.6.0
-v2c -c public $A $S.4.0
EOF2
  for popt in "" "-On" "-Oq"; do
    # shellcheck disable=SC2086
    "$SNMPX" poll -q $popt "$IOP_DIR/targets-fmt" >"$IOP_DIR/fmt.out" \
      2>"$IOP_DIR/fmt.err"
    rc=$?
    [ $rc = 0 ] || fail "poll $popt: exit status $rc: $(cat "$IOP_DIR/fmt.err")"
    : >"$IOP_DIR/fmt.want"
    while read -r line; do
      # shellcheck disable=SC2086
      snmpget $popt $line | sed "s|^|$A |" >>"$IOP_DIR/fmt.want"
    done <"$IOP_DIR/targets-fmt"
    if [ "$(sort "$IOP_DIR/fmt.want")" = "$(sort "$IOP_DIR/fmt.out")" ] &&
       grep -q ' \.1\.3\.6\.1\.2\.1\.1\.5\.0 ' "$IOP_DIR/fmt.want" &&
       grep -q ' sysContact\.0 ' "$IOP_DIR/fmt.want"; then
      echo "ok   per-line -O and -m ($popt)"
    else
      fail "per-line -O and -m ($popt):"
      diff <(sort "$IOP_DIR/fmt.want") <(sort "$IOP_DIR/fmt.out")
    fi
  done
else
  echo "skip per-line -O and -m: no MIB directory"
fi
iop_finish
