#!/bin/bash
# Net-SNMP's snmptrap/snmpinform -> snmpx trapd, beside Net-SNMP's
# snmptrapd with the same configuration.  Each notification goes to both
# receivers; snmpx trapd must print exactly what snmptrapd logs (date and
# source port masked), informs must be acknowledged, and what snmptrapd
# drops (wrong community, wrong keys, unknown user, too low a level) snmpx
# trapd must drop and count.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
. "$here/notify_lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"

nt_start_snmptrapd
nt_start_snmpx_trapd xtrapd

count() { wc -l <"$1"; }

# record FILE FROM: the lines FILE gained after line FROM (waits for one).
record() {
  nt_wait_lines "$1" $(($2 + 1)) || return 1
  sleep 0.15
  tail -n +$(($2 + 1)) "$1"
}

# to_both NAME TOOL ARGS...: @A@ in ARGS is the receiver's address (@A6@
# its IPv6 one).  Both runs must exit 0 and be printed alike.
to_both() {
  local name=$1 tool=$2; shift 2
  local r=$IOP_DIR/cases/$name n ok=1 rc_ref rc_x
  mkdir -p "$r"
  n=$(count "$TRAPD_LOG")
  local args=("${@//@A@/$TRAPD_ADDR}")
  "$tool" "${args[@]//@A6@/udp6:[::1]:$TRAPD_PORT}" >"$r/ref.out" 2>&1
  rc_ref=$?
  record "$TRAPD_LOG" "$n" | nt_mask >"$r/ref.log"
  n=$(count "$XTRAPD_LOG")
  args=("${@//@A@/$XTRAPD_ADDR}")
  "$tool" "${args[@]//@A6@/udp6:[::1]:$XTRAPD_PORT}" >"$r/x.out" 2>&1
  rc_x=$?
  record "$XTRAPD_LOG" "$n" | nt_mask >"$r/x.log"
  if [ "$rc_ref" != 0 ] || [ "$rc_x" != 0 ] || [ ! -s "$r/ref.log" ]; then
    ok=0
    echo "--- $name: exit $rc_ref (to snmptrapd), $rc_x (to snmpx trapd)"
    cat "$r/ref.out" "$r/x.out" | head -5
  fi
  if ! cmp -s "$r/ref.log" "$r/x.log"; then
    ok=0
    echo "--- $name: printed differently ($tool $*)"
    diff -u "$r/ref.log" "$r/x.log" | head -20
  fi
  if [ $ok = 1 ]; then echo "ok   $name"; else IOP_FAILS=$((IOP_FAILS + 1)); fi
}

# dropped NAME TOOL ARGS...: sent to snmpx trapd (@A@), with a varbind
# naming the case, then a marker trap: only the marker may be printed.
dropped() {
  local name=$1 tool=$2; shift 2
  local n got
  n=$(count "$XTRAPD_LOG")
  "$tool" "${@//@A@/$XTRAPD_ADDR}" 1.3.6.1.4.1.99999.1 s "dropped-$name" \
    >/dev/null 2>&1
  snmptrap -v2c -c public "$XTRAPD_ADDR" 7 1.3.6.1.4.1.99999.0.77 \
    1.3.6.1.4.1.99999.1 s "marker-$name" >/dev/null 2>&1
  got=$(record "$XTRAPD_LOG" "$n")
  if printf '%s' "$got" | grep -q "marker-$name" &&
     ! printf '%s' "$got" | grep -q "dropped-$name"; then
    echo "ok   $name (dropped)"
  else
    echo "--- $name: expected only the marker, got:"
    printf '%s\n' "$got" | head -10
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

VBS=(1.3.6.1.2.1.1.5.0 s "hello world" 1.3.6.1.4.1.99999.2 i -42
     1.3.6.1.4.1.99999.3 u 4000000000 1.3.6.1.4.1.99999.4 c 17
     1.3.6.1.4.1.99999.5 t 12345 1.3.6.1.4.1.99999.6 a 10.1.2.3
     1.3.6.1.4.1.99999.7 o 1.3.6.1.4.1.8072 1.3.6.1.4.1.99999.8 x "00 ff 41"
     1.3.6.1.4.1.99999.9 n "" 1.3.6.1.4.1.99999.10 s ""
     1.3.6.1.4.1.99999.11 s "two
lines" 1.3.6.1.4.1.99999.13 s "tab	and \"quotes\"")
C64=(1.3.6.1.4.1.99999.12 C 12345678901234)
V3P=(-l authPriv -a SHA -A "$NT_AUTH" -x AES -X "$NT_PRIV")

to_both v2c_trap snmptrap -v2c -c public @A@ 4242 1.3.6.1.4.1.8072.2.3.0.1 \
  "${VBS[@]}" "${C64[@]}"
to_both v2c_trap_no_varbinds snmptrap -v2c -c public @A@ 0 \
  1.3.6.1.6.3.1.1.5.1
to_both v2c_trap_ipv6 snmptrap -v2c -c public @A6@ 5 1.3.6.1.4.1.8072.2.3.0.1 \
  1.3.6.1.2.1.1.5.0 s six
to_both v2c_inform snmpinform -v2c -c public @A@ 99 1.3.6.1.4.1.8072.2.3.0.1 \
  "${VBS[@]}"
to_both v1_specific snmptrap -v1 -c public @A@ 1.3.6.1.4.1.8072 127.0.0.9 6 \
  17 555 "${VBS[@]}"
for g in 0 1 2 3 4 5 7; do
  to_both "v1_generic_$g" snmptrap -v1 -c public @A@ 1.3.6.1.4.1.8072.9 \
    10.0.0.$g "$g" 3 "$((g * 100))"
done
to_both v1_ipv6 snmptrap -v1 -c public @A6@ 1.3.6.1.4.1.8072 127.0.0.1 6 1 \
  8 1.3.6.1.2.1.1.5.0 s v1six
to_both v3_trap_md5 snmptrap -v3 -e "$NT_ENG_REF" -u tr_md5 -l authNoPriv \
  -a MD5 -A "$NT_AUTH" @A@ 321 1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
to_both v3_trap_sha_aes snmptrap -v3 -e "$NT_ENG_REF" -u tr_sha_aes \
  "${V3P[@]}" @A@ 322 1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}" "${C64[@]}"
to_both v3_trap_sha512_aes256 snmptrap -v3 -e "$NT_ENG_REF" \
  -u tr_sha512_aes256 -l authPriv -a SHA-512 -A "$NT_AUTH" -x AES-256 \
  -X "$NT_PRIV" @A@ 323 1.3.6.1.4.1.8072.2.3.0.1 1.3.6.1.2.1.1.5.0 s x
to_both v3_inform snmpinform -v3 -u inf_sha_aes "${V3P[@]}" @A@ 324 \
  1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
to_both v3_inform_engine_given snmpinform -v3 -e "$NT_ENG_TRAPD" \
  -u inf_sha_aes "${V3P[@]}" @A@ 325 1.3.6.1.4.1.8072.2.3.0.1

dropped v2c_wrong_community snmptrap -v2c -c wrong @A@ 1 1.3.6.1.4.1.1.0.1
dropped v1_wrong_community snmptrap -v1 -c wrong @A@ 1.3.6.1.4.1.1 \
  127.0.0.1 6 1 1
dropped v3_wrong_authpass snmptrap -v3 -e "$NT_ENG_REF" -u tr_sha_aes \
  -l authPriv -a SHA -A wrongpass1 -x AES -X "$NT_PRIV" @A@ 1 \
  1.3.6.1.4.1.1.0.1
dropped v3_wrong_privpass snmptrap -v3 -e "$NT_ENG_REF" -u tr_sha_aes \
  -l authPriv -a SHA -A "$NT_AUTH" -x AES -X wrongpass2 @A@ 1 \
  1.3.6.1.4.1.1.0.1
dropped v3_unknown_user snmptrap -v3 -e "$NT_ENG_REF" -u nobody \
  -l authNoPriv -a SHA -A "$NT_AUTH" @A@ 1 1.3.6.1.4.1.1.0.1
dropped v3_other_engine snmptrap -v3 -e 0x8000000001aabbccff -u tr_sha_aes \
  "${V3P[@]}" @A@ 1 1.3.6.1.4.1.1.0.1
dropped v3_level_too_low snmptrap -v3 -e "$NT_ENG_REF" -u tr_sha_aes \
  -l authNoPriv -a SHA -A "$NT_AUTH" @A@ 1 1.3.6.1.4.1.1.0.1
# An inform from a user the engine does not know is refused (a Report).
if snmpinform -v3 -u nobody -l authNoPriv -a SHA -A "$NT_AUTH" -r 0 -t 1 \
     "$XTRAPD_ADDR" 1 1.3.6.1.4.1.1.0.1 >/dev/null 2>&1; then
  echo "--- v3_inform_unknown_user: acknowledged"
  IOP_FAILS=$((IOP_FAILS + 1))
else
  echo "ok   v3_inform_unknown_user (refused)"
fi

# An inform with a community it does not accept is not acknowledged:
# the sender times out, as with snmptrapd.
if snmpinform -v2c -c wrong -r 0 -t 1 "$XTRAPD_ADDR" 1 1.3.6.1.4.1.1.0.1 \
     >/dev/null 2>&1; then
  echo "--- v2c_inform_wrong_community: acknowledged"
  IOP_FAILS=$((IOP_FAILS + 1))
else
  echo "ok   v2c_inform_wrong_community (not acknowledged)"
fi

# The counters printed on exit: every drop above is counted.
kill -TERM "$XTRAPD_PID"
wait "$XTRAPD_PID" 2>/dev/null
stats=$(grep "notifications" "$XTRAPD_ERR")
echo "snmpx trapd: $stats"
for want in "3 bad community" "1 bad user"; do
  if ! printf '%s' "$stats" | grep -q "$want"; then
    echo "--- counters: expected '$want'"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done
if ! printf '%s' "$stats" | grep -Eq ' [3-9] failed USM'; then
  echo "--- counters: expected the USM failures counted"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

iop_finish
