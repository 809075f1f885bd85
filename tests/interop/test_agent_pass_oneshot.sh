#!/bin/bash
# snmpd.conf's `pass` (not pass_persist): one run of the program per
# query, "PROG -g OID", "PROG -n OID", "PROG -s OID TYPE VALUE".  The same
# program behind a private snmpd and behind snmpx agent: Net-SNMP's
# snmpget, snmpgetnext, snmpwalk and snmpset print the same, a SET's value
# reaches the program (and comes back), and its error words are the SET's
# error (not-writable, wrong-type).  A run that takes its time does not
# hold another request.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
PROG=$IOP_DIR/pass_oneshot
cp "$IOP_DATA/pass_oneshot.py" "$PROG"
chmod 755 "$PROG" "$IOP_DIR"
B=.1.3.6.1.4.1.99992

conf() {
  cat <<CONF
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1 $B
pass $B $PROG $IOP_DIR/state-$1
CONF
}
conf ref >"$IOP_DIR/ref.conf"
conf x >"$IOP_DIR/x.conf"
# A run that takes its time (snmpx agent only: snmpd waits for it).
echo "pass -t 20000 .1.3.6.1.4.1.99993 /bin/sh -c 'sleep 6'" >>"$IOP_DIR/x.conf"
mkdir -p "$IOP_DIR/snmpd"
iop_start_snmpd_conf "$IOP_DIR/snmpd" public $B.1.0 "$IOP_DIR/ref.conf" ||
  exit 1
iop_start_snmpx_agent "$IOP_DIR/agent.log" public $B.1.0 \
  -C "$IOP_DIR/x.conf" || exit 1
IOP_REF_ADDR=$SNMPD_ADDR IOP_X_ADDR=$AGENT_ADDR
port_mask() { sed "s/$SNMPD_PORT/PORT/g; s/$AGENT_PORT/PORT/g"; }
IOP_MASK=port_mask
T="-r 1 -t 5 -On"
# shellcheck disable=SC2086
{
iop_same -n get snmpget -v2c -c public $T ADDR $B.1.0 $B.2.0
iop_same -n get-missing snmpget -v2c -c public $T ADDR $B.3.0
iop_same -n get-missing-v1 snmpget -v1 -c public $T ADDR $B.1.0 $B.3.0
iop_same -n getnext snmpgetnext -v2c -c public $T ADDR $B $B.1.0 $B.0
iop_same -n walk snmpwalk -v2c -c public $T ADDR $B
iop_same -n set snmpset -v2c -c private $T ADDR $B.2.0 s "new value"
iop_same -n set-readback snmpget -v2c -c public $T ADDR $B.2.0
iop_same set-not-writable snmpset -v2c -c private $T ADDR $B.1.0 i 5
iop_same set-wrong-type snmpset -v2c -c private $T ADDR $B.2.0 i 5
iop_same set-missing snmpset -v2c -c private $T ADDR $B.3.0 s x
}
# The slow run holds no other request: while its GET waits, another is
# answered.
snmpget -v2c -c public -r 0 -t 30 "$AGENT_ADDR" .1.3.6.1.4.1.99993.1.0 \
  >"$IOP_DIR/slow.out" 2>&1 &
slow=$!
for i in $(seq 100); do
  pgrep -P "$AGENT_PID" >/dev/null && break
  sleep 0.1
done
if snmpget -v2c -c public -r 0 -t 3 "$AGENT_ADDR" $B.1.0 >/dev/null 2>&1 &&
   kill -0 "$slow" 2>/dev/null; then
  echo "ok   slow-run-holds-nothing"
else
  echo "--- a request waited for the slow run"; IOP_FAILS=$((IOP_FAILS + 1))
fi
wait "$slow"
if grep -q 'No Such Instance' "$IOP_DIR/slow.out"; then
  echo "ok   slow-run-no-output"
else
  echo "--- slow run: $(cat "$IOP_DIR/slow.out")"; IOP_FAILS=$((IOP_FAILS + 1))
fi
# What the program got from each agent.
if cmp -s "$IOP_DIR/state-ref" "$IOP_DIR/state-x" &&
   [ "$(cat "$IOP_DIR/state-x")" = "new value" ]; then
  echo "ok   set-reached-program"
else
  echo "--- the SET's value: '$(cat "$IOP_DIR/state-ref" 2>/dev/null)' (ref) vs '$(cat "$IOP_DIR/state-x" 2>/dev/null)'"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
iop_finish
