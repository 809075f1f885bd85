#!/bin/bash
# snmpx poll's targets file under bad input (issue 13): a last line that
# ends in a backslash (read past a heap buffer), a bad line after good ones
# (leaked what was parsed; reported as FILE:LINE), an agent that does not
# resolve (stopped the whole poll: now that target's error, the others
# polled, in text and JSON), a NUL byte in a line.  Run under ASan/LSan in
# the check build: a leak or an overread fails the exit status checks.
. "$(dirname "$0")/lib.sh"
iop_start_snmpd
A=$SNMPD_ADDR
S=.1.3.6.1.2.1.1

fail() { echo "FAIL: $*"; IOP_FAILS=$((IOP_FAILS + 1)); }
poll() {
  "$SNMPX" poll -q "$@" >"$IOP_DIR/out" 2>"$IOP_DIR/err"
  rc=$?
  if grep -q "Sanitizer\|runtime error" "$IOP_DIR/err"; then
    fail "poll $*: $(grep -m3 "Sanitizer\|runtime error\|#[0-9] " "$IOP_DIR/err")"
  fi
}
ref5=$(snmpget -v2c -c public $A $S.5.0)

# The last line continues with a backslash, then the file ends.
printf -- '-v2c -c public %s %s \\' "$A" "$S.5.0" >"$IOP_DIR/bs"
poll "$IOP_DIR/bs"
[ $rc = 0 ] || fail "backslash at end: exit status $rc"
grep -qxF "$A $ref5" "$IOP_DIR/out" || fail "backslash at end: $(cat "$IOP_DIR/out")"
# A continued line keeps its last word apart from the next line's first.
printf -- '-v2c -c public %s\\\n%s\n' "$A" "$S.5.0" >"$IOP_DIR/cont"
poll "$IOP_DIR/cont"
[ $rc = 0 ] || fail "continuation: exit status $rc $(cat "$IOP_DIR/err")"

# Good lines, then bad ones: each bad line named FILE:LINE, nothing polled,
# exit status 1, nothing leaked.
cat >"$IOP_DIR/bad" <<EOF2
-v2c -c public $A $S.5.0
-v2c -c public $A $S.6.0 $S.4.0
-v2c -c public $A nosuchname.0
-v2c -c public -t nan $A $S.5.0
-v2c -c public $A
EOF2
poll "$IOP_DIR/bad"
[ $rc = 1 ] || fail "bad lines: exit status $rc"
[ -s "$IOP_DIR/out" ] && fail "bad lines: polled: $(cat "$IOP_DIR/out")"
for l in 3 4 5; do
  grep -q "^$IOP_DIR/bad:$l: " "$IOP_DIR/err" ||
    fail "bad lines: no $IOP_DIR/bad:$l: in $(cat "$IOP_DIR/err")"
done
grep -q "Invalid timeout in seconds after -t flag" "$IOP_DIR/err" ||
  fail "bad lines: the -t error is not shown"
grep -q "^USAGE" "$IOP_DIR/err" && fail "bad lines: usage printed"

# A NUL byte: refused, not cut short.
printf -- '-v2c -c public %s %s\0 junk\n' "$A" "$S.5.0" >"$IOP_DIR/nul"
poll "$IOP_DIR/nul"
[ $rc = 1 ] || fail "NUL: exit status $rc"
grep -q "^$IOP_DIR/nul:1: NUL byte" "$IOP_DIR/err" || fail "NUL: $(cat "$IOP_DIR/err")"

# An agent that cannot be resolved (a port out of range: no DNS query)
# between two good ones: reported as that target's error, the others
# polled; exit status 2 as for any target error.
cat >"$IOP_DIR/unres" <<EOF2
-v2c -c public $A $S.5.0
-v2c -c public 127.0.0.1:99999 $S.5.0
-v2c -c public $A $S.5.0
EOF2
poll "$IOP_DIR/unres"
[ $rc = 2 ] || fail "unresolved: exit status $rc"
[ "$(grep -cxF "$A $ref5" "$IOP_DIR/out")" = 2 ] ||
  fail "unresolved: the others not polled: $(cat "$IOP_DIR/out")"
grep -qx "127.0.0.1:99999 Error: .*" "$IOP_DIR/out" ||
  fail "unresolved: no error line: $(cat "$IOP_DIR/out")"
grep -q "^3 targets: 2 answered, 0 timed out, 1 errors" "$IOP_DIR/err" ||
  fail "unresolved: summary: $(cat "$IOP_DIR/err")"
poll -o json "$IOP_DIR/unres"
[ $rc = 2 ] || fail "unresolved json: exit status $rc"
grep -q '^{"agent":"127.0.0.1:99999","status":"error",.*"error":"' \
  "$IOP_DIR/out" || fail "unresolved json: $(cat "$IOP_DIR/out")"
[ "$(grep -c '"status":"ok"' "$IOP_DIR/out")" = 2 ] ||
  fail "unresolved json: the others: $(cat "$IOP_DIR/out")"

# Help.
"$SNMPX" poll --help >"$IOP_DIR/out" 2>&1 || fail "poll --help: exit $?"
grep -q "^USAGE: snmpx poll" "$IOP_DIR/out" || fail "poll --help: $(head -1 "$IOP_DIR/out")"
iop_finish
