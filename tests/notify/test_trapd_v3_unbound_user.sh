#!/bin/bash
# A v3 user made without -e (`createUser NAME ...` in snmptrapd.conf) is
# bound to the receiver's own engine ID, as in snmptrapd (RFC 3414 keys
# users by engine ID): informs with it (the receiver is authoritative)
# are accepted, traps with it from another sending engine are dropped
# (usmStatsUnknownUserNames; snmptrapd logs nothing), while a user made
# with `createUser -e ENGINEID` takes the traps of that engine.  Both
# receivers get every notification and must agree.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
. "$here/notify_lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"
command -v snmpinform >/dev/null || iop_skip "snmpinform not installed"

nt_start_snmptrapd
nt_start_snmpx_trapd xtrapd

V3P=(-l authPriv -a SHA -A "$NT_AUTH" -x AES -X "$NT_PRIV")

# got LOG FROM NAME ARGS...: send ARGS (@A@: the receiver) with a varbind
# naming NAME, then a v2c marker trap; print what LOG gained after line
# FROM once the marker is there.
got() {
  local log=$1 from=$2 name=$3 addr=$4; shift 4
  "${@//@A@/$addr}" 1.3.6.1.4.1.99999.1 s "case-$name" >/dev/null 2>&1
  snmptrap -v2c -c public "$addr" 7 1.3.6.1.4.1.99999.0.77 \
    1.3.6.1.4.1.99999.1 s "marker-$name" >/dev/null 2>&1
  local i
  for i in $(seq 1 600); do
    tail -n +$((from + 1)) "$log" | grep -q "marker-$name" && break
    sleep 0.05
  done
  tail -n +$((from + 1)) "$log"
}

# expect NAME dropped|logged ARGS...: to snmptrapd, then to snmpx trapd.
expect() {
  local name=$1 want=$2; shift 2
  local who log addr out n ok=1
  for who in snmptrapd snmpx; do
    if [ $who = snmptrapd ]; then log=$TRAPD_LOG; addr=$TRAPD_ADDR
    else log=$XTRAPD_LOG; addr=$XTRAPD_ADDR; fi
    n=$(wc -l <"$log")
    out=$(got "$log" "$n" "$name" "$addr" "$@")
    if ! printf '%s' "$out" | grep -q "marker-$name"; then
      echo "--- $name: $who logged no marker"; ok=0
    elif [ "$want" = dropped ] &&
         printf '%s' "$out" | grep -q "case-$name"; then
      echo "--- $name: $who accepted it:"; printf '%s\n' "$out" | head -4
      ok=0
    elif [ "$want" = logged ] &&
         ! printf '%s' "$out" | grep -q "case-$name"; then
      echo "--- $name: $who dropped it"; ok=0
    fi
  done
  if [ $ok = 1 ]; then echo "ok   $name ($want by both)"
  else IOP_FAILS=$((IOP_FAILS + 1)); fi
}

# inf_sha_aes is made without -e; tr_sha_aes with -e NT_ENG_REF and
# NT_ENG_X (notify_lib.sh).
expect trap_unbound_user_ref_engine dropped \
  snmptrap -v3 -e "$NT_ENG_REF" -u inf_sha_aes "${V3P[@]}" @A@ 1 \
  1.3.6.1.4.1.8072.2.3.0.1
expect trap_unbound_user_other_engine dropped \
  snmptrap -v3 -e 0x8000000001aabbccff -u inf_sha_aes "${V3P[@]}" @A@ 1 \
  1.3.6.1.4.1.8072.2.3.0.1
expect inform_unbound_user logged \
  snmpinform -v3 -u inf_sha_aes "${V3P[@]}" @A@ 2 1.3.6.1.4.1.8072.2.3.0.1
expect trap_bound_user logged \
  snmptrap -v3 -e "$NT_ENG_REF" -u tr_sha_aes "${V3P[@]}" @A@ 3 \
  1.3.6.1.4.1.8072.2.3.0.1
expect trap_bound_user_other_engine dropped \
  snmptrap -v3 -e 0x8000000001aabbccff -u tr_sha_aes "${V3P[@]}" @A@ 4 \
  1.3.6.1.4.1.8072.2.3.0.1

# snmpx trapd counts the three traps it dropped as USM failures (unknown
# user names), and nothing else.
kill -TERM "$XTRAPD_PID"
wait "$XTRAPD_PID" 2>/dev/null
stats=$(grep "notifications" "$XTRAPD_ERR")
echo "snmpx trapd: $stats"
if ! printf '%s' "$stats" | grep -q " 3 failed USM"; then
  echo "--- counters: expected 3 failed USM"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

iop_finish
