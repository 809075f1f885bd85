#!/bin/bash
# snmpx trap / snmpx inform -> Net-SNMP's snmptrapd.  Every notification is
# sent twice, by Net-SNMP's snmptrap/snmpinform and by snmpx with the same
# arguments; snmptrapd must log the two identically (date and source port
# masked), and the two senders must exit alike.  Wrong communities and
# wrong v3 keys must be dropped, and an inform nobody acknowledges must
# time out.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
. "$here/notify_lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"

nt_start_snmptrapd

# The record logged since line |from| of the log (after it grew).
new_record() {
  local from=$1
  nt_wait_lines "$TRAPD_LOG" $((from + 1)) || return 1
  sleep 0.15 # a record may span lines; let snmptrapd finish writing it
  tail -n +$((from + 1)) "$TRAPD_LOG"
}

lines() { wc -l <"$TRAPD_LOG"; }

# send_both NAME TOOL SUBCMD ARGS...: @ENG@ in ARGS is each sender's own
# engine ID.  Both runs must be logged alike and exit alike.
send_both() {
  local name=$1 tool=$2 sub=$3; shift 3
  local r=$IOP_DIR/cases/$name n ok=1
  mkdir -p "$r"
  n=$(lines)
  "$tool" "${@//@ENG@/$NT_ENG_REF}" >"$r/ref.out" 2>"$r/ref.err"
  echo $? >"$r/ref.rc"
  new_record "$n" | nt_mask >"$r/ref.log"
  n=$(lines)
  "$SNMPX" "$sub" "${@//@ENG@/$NT_ENG_X}" >"$r/x.out" 2>"$r/x.err"
  echo $? >"$r/x.rc"
  new_record "$n" | nt_mask >"$r/x.log"
  if [ ! -s "$r/ref.log" ]; then
    ok=0
    echo "--- $name: the reference sender's notification was not logged"
  fi
  for f in log out err rc; do
    if ! cmp -s "$r/ref.$f" "$r/x.$f"; then
      ok=0
      echo "--- $name: $f differs ($tool $*)"
      diff -u "$r/ref.$f" "$r/x.$f" | head -20
    fi
  done
  if [ $ok = 1 ]; then echo "ok   $name"; else IOP_FAILS=$((IOP_FAILS + 1)); fi
}

# expect_dropped NAME SUBCMD ARGS...: "snmpx SUBCMD ARGS" plus a varbind
# naming the case is sent, then a marker trap.  The marker must be logged,
# the case's varbind must not (snmptrapd may log a warning line).
expect_dropped() {
  local name=$1; shift
  local n got
  n=$(lines)
  "$SNMPX" "$@" 1.3.6.1.4.1.99999.1 s "dropped-$name" >/dev/null 2>&1
  "$SNMPX" trap -v2c -c public "$TRAPD_ADDR" 7 1.3.6.1.4.1.99999.0.77 \
    1.3.6.1.4.1.99999.1 s "marker-$name" >/dev/null 2>&1
  got=$(new_record "$n")
  if printf '%s' "$got" | grep -q "marker-$name" &&
     ! printf '%s' "$got" | grep -q "dropped-$name"; then
    echo "ok   $name (dropped)"
  else
    echo "--- $name: expected only the marker, got:"
    printf '%s\n' "$got" | head -10
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

A=$TRAPD_ADDR
VBS=(1.3.6.1.2.1.1.5.0 s "hello world" 1.3.6.1.4.1.99999.2 i -42
     1.3.6.1.4.1.99999.3 u 4000000000 1.3.6.1.4.1.99999.4 c 17
     1.3.6.1.4.1.99999.5 t 12345 1.3.6.1.4.1.99999.6 a 10.1.2.3
     1.3.6.1.4.1.99999.7 o 1.3.6.1.4.1.8072 1.3.6.1.4.1.99999.8 x "00 ff 41"
     1.3.6.1.4.1.99999.9 n "" 1.3.6.1.4.1.99999.10 s ""
     1.3.6.1.4.1.99999.11 s "two
lines")
C64=(1.3.6.1.4.1.99999.12 C 12345678901234)

# SNMPv2c traps and informs.
send_both v2c_trap snmptrap trap -v2c -c public "$A" 4242 \
  1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}" "${C64[@]}"
send_both v2c_trap_standard snmptrap trap -v2c -c public "$A" 1 \
  1.3.6.1.6.3.1.1.5.3 1.3.6.1.2.1.2.2.1.1.2 i 2
send_both v2c_trap_no_varbinds snmptrap trap -v2c -c public "$A" 0 \
  1.3.6.1.4.1.8072.2.3.0.2
send_both v2c_inform snmpinform inform -v2c -c public "$A" 99 \
  1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
send_both v2c_trap_Ci snmptrap trap -Ci -v2c -c public "$A" 98 \
  1.3.6.1.4.1.8072.2.3.0.3 1.3.6.1.2.1.1.6.0 s "via -Ci"

# SNMPv1 traps: enterprise-specific, every generic trap, the defaults ('').
send_both v1_specific snmptrap trap -v1 -c public "$A" 1.3.6.1.4.1.8072 \
  127.0.0.9 6 17 555 "${VBS[@]}"
for g in 0 1 2 3 4 5; do
  send_both "v1_generic_$g" snmptrap trap -v1 -c public "$A" \
    1.3.6.1.4.1.8072.9 10.0.0.$g "$g" 0 "$((g * 100))" \
    1.3.6.1.2.1.2.2.1.1.$g i "$g"
done
send_both v1_defaults snmptrap trap -v1 -c public "$A" '' '' 6 1 7

# SNMPv3 traps (authNoPriv, authPriv) from each sender's own engine.
send_both v3_trap_md5 snmptrap trap -v3 -e @ENG@ -u tr_md5 -l authNoPriv \
  -a MD5 -A "$NT_AUTH" "$A" 321 1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
send_both v3_trap_sha_aes snmptrap trap -v3 -e @ENG@ -u tr_sha_aes \
  -l authPriv -a SHA -A "$NT_AUTH" -x AES -X "$NT_PRIV" "$A" 322 \
  1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}" "${C64[@]}"
send_both v3_trap_sha512_aes256 snmptrap trap -v3 -e @ENG@ \
  -u tr_sha512_aes256 -l authPriv -a SHA-512 -A "$NT_AUTH" -x AES-256 \
  -X "$NT_PRIV" "$A" 323 1.3.6.1.4.1.8072.2.3.0.1 1.3.6.1.2.1.1.5.0 s x
# SNMPv3 inform: discovery of snmptrapd's engine, then authPriv.
send_both v3_inform snmpinform inform -v3 -u inf_sha_aes -l authPriv \
  -a SHA -A "$NT_AUTH" -x AES -X "$NT_PRIV" "$A" 324 \
  1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"

# Dropped by snmptrapd: wrong community, wrong keys, unknown user, a level
# below the user's minimum.
expect_dropped v2c_wrong_community trap -v2c -c wrong "$A" 1 1.3.6.1.4.1.1.0.1
expect_dropped v1_wrong_community trap -v1 -c wrong "$A" 1.3.6.1.4.1.1 \
  127.0.0.1 6 1 1
expect_dropped v3_wrong_authpass trap -v3 -e "$NT_ENG_X" -u tr_sha_aes \
  -l authPriv -a SHA -A wrongpass1 -x AES -X "$NT_PRIV" "$A" 1 1.3.6.1.4.1.1.0.1
expect_dropped v3_wrong_privpass trap -v3 -e "$NT_ENG_X" -u tr_sha_aes \
  -l authPriv -a SHA -A "$NT_AUTH" -x AES -X wrongpass2 "$A" 1 1.3.6.1.4.1.1.0.1
expect_dropped v3_unknown_user trap -v3 -e "$NT_ENG_X" -u nobody \
  -l authNoPriv -a SHA -A "$NT_AUTH" "$A" 1 1.3.6.1.4.1.1.0.1
expect_dropped v3_level_too_low trap -v3 -e "$NT_ENG_X" -u tr_sha_aes \
  -l authNoPriv -a SHA -A "$NT_AUTH" "$A" 1 1.3.6.1.4.1.1.0.1

# Informs nobody acknowledges: same message, same exit status.
DEAD=$(iop_dead_addr)
iop_compare inform_timeout snmpinform inform -v2c -c public -r 1 -t 0.2 \
  "$DEAD" 1 1.3.6.1.4.1.1.0.1
iop_compare inform_wrong_community snmpinform inform -v2c -c wrong -r 0 \
  -t 0.3 "$A" 1 1.3.6.1.4.1.1.0.1
# Argument errors that print no usage text: same words, same status.
iop_compare trap_missing_value snmptrap trap -v2c -c public "$A" 1 \
  1.3.6.1.4.1.1.0.1 1.3.6.1.2.1.1.5.0 s
iop_compare trap_bad_type snmptrap trap -v2c -c public "$A" 1 \
  1.3.6.1.4.1.1.0.1 1.3.6.1.2.1.1.5.0 q x
iop_compare trap_bad_value snmptrap trap -v2c -c public "$A" 1 \
  1.3.6.1.4.1.1.0.1 1.3.6.1.2.1.1.5.0 t abc
iop_compare trap_bad_trapoid snmptrap trap -v2c -c public "$A" 1 foo.bar
# An agent-addr getaddrinfo refuses without asking DNS: an IPv6 literal
# where v1 needs IPv4 (EAI_ADDRFAMILY before any name service).
iop_compare trap_v1_agent_addr_not_ipv4 snmptrap trap -v1 -c public "$A" \
  '' ::1 6 1 1
iop_compare trap_v1_inform snmptrap trap -Ci -v1 -c public "$A" '' '' 6 1 1
iop_compare trap_uptime_truncated snmptrap trap -v2c -c public "$A" \
  4294967297 1.3.6.1.4.1.1.0.1

iop_finish
