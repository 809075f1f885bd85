#!/bin/bash
# snmpSetSerialNo (SNMPv2-MIB, RFC 3418 2), a TestAndIncr (RFC 2579):
# snmpx agent serves it as snmpd does (an INTEGER at a pseudo-random
# start, in the same place of a walk, wrongType / v1 badValue for a value
# of another type), and with TestAndIncr's rule: a SET with the value held
# succeeds and moves it one up, any other value is inconsistentValue (v1
# badValue), one out of 0..2147483647 wrongValue.  snmpd 5.9.3 is no
# oracle for those: it answers wrongLength to every INTEGER SET of this
# object (a Net-SNMP bug), so they are checked on snmpx alone.
. "$(dirname "$0")/lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
iop_start_snmpd
iop_start_snmpx_agent "$IOP_DIR/agent.log" public .1.3.6.1.2.1.1.5.0 \
  -c public -w private || exit 1
IOP_REF_ADDR=$SNMPD_ADDR
IOP_X_ADDR=$AGENT_ADDR
O=.1.3.6.1.6.3.1.1.6.1.0
fail() { echo "--- $*"; IOP_FAILS=$((IOP_FAILS + 1)); }

# The start value is random on both: masked.
serial_mask() {
  sed -E "s/${SNMPD_ADDR##*:}|${AGENT_ADDR##*:}/PORT/g;
          s/(6\.1\.0 = INTEGER:) [0-9]+/\1 N/"
}
IOP_MASK=serial_mask
T="-r 1 -t 2"
# shellcheck disable=SC2086
{
  iop_same -n get snmpget -v2c -c public $T ADDR $O
  iop_same -n get-v1 snmpget -v1 -c public $T ADDR $O
  iop_same -n getnext snmpgetnext -v2c -c public $T ADDR .1.3.6.1.6.3.1.1.6
  iop_same -n walk-snmpSet snmpwalk -v2c -c public $T ADDR .1.3.6.1.6.3.1.1.6
  iop_same set-wrong-type snmpset -v2c -c private $T ADDR $O u 5
  iop_same set-wrong-type-string snmpset -v2c -c private $T ADDR $O s 5
  iop_same set-wrong-type-v1 snmpset -v1 -c private $T ADDR $O u 5
  iop_same set-other-instance snmpset -v2c -c private $T ADDR \
    .1.3.6.1.6.3.1.1.6.1.1 i 5
}
IOP_MASK=cat

# TestAndIncr on snmpx agent.
# serial: the value snmpx agent holds now.
serial() { snmpget -v2c -c public -r 1 -t 2 -Oqv "$AGENT_ADDR" $O; }
# status ARGS...: snmpset's "Reason:" line, or "ok".
status() {
  local out
  if out=$(snmpset -r 1 -t 2 "$@" 2>&1); then
    echo ok
  else
    echo "$out" | sed -n 's/^Reason: //p'
  fi
}
v=$(serial)
case $v in
  ''|*[!0-9]*) fail "snmpSetSerialNo is not a number: '$v'" ;;
esac
got=$(status -v2c -c private "$AGENT_ADDR" $O i "$v")
[ "$got" = ok ] || fail "SET with the value held ($v): $got"
[ "$(serial)" = $((v + 1)) ] || fail "after SET $v: $(serial), want $((v + 1))"
got=$(status -v2c -c private "$AGENT_ADDR" $O i "$v")
case $got in
  inconsistentValue*) ;;
  *) fail "SET with the old value $v: $got, want inconsistentValue" ;;
esac
got=$(status -v1 -c private "$AGENT_ADDR" $O i "$v")
case $got in
  "(badValue)"*) ;;
  *) fail "v1 SET with the old value $v: $got, want badValue" ;;
esac
got=$(status -v2c -c private "$AGENT_ADDR" $O i -1)
case $got in
  wrongValue*) ;;
  *) fail "SET -1: $got, want wrongValue" ;;
esac
[ "$(serial)" = $((v + 1)) ] || fail "failed SETs moved the value: $(serial)"
# Two varbinds, one failing: the serial does not move (RFC 3416 4.2.5).
got=$(status -v2c -c private "$AGENT_ADDR" $O i $((v + 1)) \
  .1.3.6.1.2.1.1.1.0 s x)
[ "$got" = ok ] && fail "SET with sysDescr (read-only) succeeded"
[ "$(serial)" = $((v + 1)) ] || fail "an undone SET moved the value: $(serial)"
[ "$IOP_FAILS" = 0 ] && echo "ok   TestAndIncr: $v -> $((v + 1)), old value refused"
iop_finish
