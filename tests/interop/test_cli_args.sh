#!/bin/bash
# Command-line hardening (issue 13): -t, -r and -Z values Net-SNMP refuses
# are refused with its words, those it takes silently but that make no
# sense (NaN, a day and more, 2^31 retries, BOOTS,TIME out of RFC 3414's
# range or with junk) are refused naming the argument; GETBULK's -Cn/-Cr
# out of range; a response value of an unknown type ("bad type returned"); snmpget and
# snmpgetnext take at most 128 OIDs; authPriv with neither -A nor -X; and
# help for every subcommand: "snmpx help [CMD]", "CMD -h", "CMD --help".
. "$(dirname "$0")/lib.sh"
iop_start_snmpd_v3
A=$SNMPD_V3_ADDR
S=.1.3.6.1.2.1.1

fail() { echo "FAIL: $*"; IOP_FAILS=$((IOP_FAILS + 1)); }

# Everything up to the USAGE line must match Net-SNMP's (the usage text is
# snmpx's own); "USAGE: snmpx get" is snmpget's "USAGE: snmpget".
usage_mask() {
  sed -e 's/^USAGE: snmpx \([a-z]*\)/USAGE: snmp\1/' -e '/^USAGE:/q'
}
IOP_MASK=usage_mask
for t in "nan" "NaN" "inf" "-inf" "-1" "0" "1e30" "abc" ""; do
  iop_compare "t-[$t]" snmpget get -v2c -c public -r 0 -t "$t" $A $S.5.0
done
for r in "-1" "abc" "2147483648" "+3"; do
  iop_compare "r-[$r]" snmpget get -v2c -c public -r "$r" -t 1 $A $S.5.0
done
for z in "x,y" ",5" "1," "1,x" ""; do
  iop_compare "Z-[$z]" snmpget get -v3 -u u_noauth -e $SNMPD_V3_ENGINEID \
    -Z "$z" -r 0 -t 1 $A $S.5.0
done
# -Z BOOTS with nothing after it: Net-SNMP asks for the time.
iop_compare "Z-last" snmpget get -v3 -u u_noauth -Z 1
IOP_MASK=cat

# Net-SNMP takes these (truncating, wrapping or ignoring the rest); snmpx
# refuses each before sending anything, naming the argument.
refused() {
  local what=$1; shift
  "$SNMPX" "$@" >"$IOP_DIR/r.out" 2>"$IOP_DIR/r.err"
  local rc=$?
  [ $rc = 1 ] || fail "$*: exit status $rc, want 1"
  [ -s "$IOP_DIR/r.out" ] && fail "$*: printed on stdout"
  grep -qF -- "$what" "$IOP_DIR/r.err" ||
    fail "$*: no '$what' in: $(head -2 "$IOP_DIR/r.err")"
  grep -q "AddressSanitizer\|runtime error" "$IOP_DIR/r.err" &&
    fail "$*: sanitizer: $(cat "$IOP_DIR/r.err")"
}
refused "after -t flag: 100000" get -v2c -c public -t 100000 $A $S.5.0
refused "after -t flag: 86400.5" get -v2c -c public -t 86400.5 $A $S.5.0
refused "Invalid number of retries after -r flag" \
  get -v2c -c public -r 99999999999 $A $S.5.0
refused "Invalid number of retries after -r flag" \
  get -v2c -c public -r 1x $A $S.5.0
for z in "1,2,3" "-1,5" "99999999999,1" "1,2147483648" "1:2" " 1,2" "1, 2"; do
  refused "Invalid -Z value: $z" get -v3 -u u_noauth \
    -e $SNMPD_V3_ENGINEID -Z "$z" $A $S.5.0
done
refused "Invalid -Z value: 1:2" walk -v3 -u u_noauth -3Z 1:2 $A $S
# The largest values that are allowed still work.
"$SNMPX" get -v2c -c public -r 2 -t 86400 $A $S.5.0 >/dev/null ||
  fail "-t 86400 refused"
"$SNMPX" get -v3 -u u_noauth -e $SNMPD_V3_ENGINEID -Z 2147483647,2147483647 \
  -r 0 -t 1 $A $S.5.0 >/dev/null 2>"$IOP_DIR/z.err"
grep -q "Invalid -Z\|Need engine" "$IOP_DIR/z.err" && fail "-Z 2^31-1,2^31-1"

# At most 128 OIDs in snmpget and snmpgetnext: 129 is a usage error.
oids128=$(for i in $(seq 128); do printf '%s ' $S.5.0; done)
IOP_MASK=usage_mask
for t in get getnext; do
  iop_compare "$t-129-oids" snmp$t $t -v2c -c public $A $oids128 $S.5.0
  iop_compare "$t-128-oids" snmp$t $t -v2c -c public $A $oids128
done
# snmpset: at most 128 assignments (counted as 384 operands).
sets128=$(for i in $(seq 128); do printf '%s i 1 ' .1.3.6.1.4.1.99990.1.0; done)
iop_compare "set-129" snmpset set -v2c -c private $A $sets128 \
  .1.3.6.1.4.1.99990.1.0 i 1
iop_compare "set-128-and-a-name" snmpset set -v2c -c private $A $sets128 \
  .1.3.6.1.4.1.99990.1.0
IOP_MASK=cat

# GETBULK fields: negative ones are refused before sending, in Net-SNMP's
# words (snmpx sent -1 in a walk, and "invalid argument" in bulkget); ones
# above 2^31-1, which Net-SNMP sends out of the field's range, too.
iop_compare "bulkget-Cr-1" snmpbulkget bulkget -v2c -c public -Cr-1 $A $S
iop_compare "bulkget-Cn-5" snmpbulkget bulkget -v2c -c public -Cn-5 $A $S
iop_compare "bulkget-Cn-5-Cr-1" snmpbulkget bulkget -v2c -c public -Cn-5 \
  -Cr-1 $A $S
iop_compare "bulkwalk-Cr-1" snmpbulkwalk bulkwalk -v2c -c public -Cr-1 $A $S
refused "snmpbulkget: Bad value for max-repetitions" \
  bulkget -v2c -c public -Cr99999999999 $A $S
refused "snmpbulkwalk: Bad value for max-repetitions" \
  bulkwalk -v2c -c public -Cr2147483648 $A $S

# authPriv without -A or -X: Net-SNMP's USM refuses the user.
iop_compare "v3-authpriv-no-keys" snmpget get -v3 -l authPriv -u u_sha_aes \
  -r 0 -t 1 $A $S.5.0
iop_compare "v3-authpriv-no-keys-walk" snmpwalk walk -v3 -l authPriv \
  -u u_sha_aes -r 0 -t 1 $A $S
# A user without the keys its level needs: Net-SNMP discovers the engine
# ID first (unless -e names it; not for a trap, whose engine is the
# sender's), so a dead agent gives "snmpget: Timeout" and a live one the
# USM error.  -3m with a key of the wrong length prints an empty error.
D=$(iop_dead_addr)
dead_mask() { sed "s/${D#*:}/PORT/g"; }
IOP_MASK=dead_mask
for to in "$A" "$D"; do
  w=live; [ "$to" = "$D" ] && w=dead
  iop_compare "v3-$w-authpriv-no-keys" snmpget get -v3 -l authPriv \
    -u u_sha_aes -r 0 -t 1 $to $S.5.0
  iop_compare "v3-$w-authnopriv-no-key" snmpget get -v3 -l authNoPriv \
    -u u_sha -r 0 -t 1 $to $S.5.0
  iop_compare "v3-$w-authpriv-no-X" snmpget get -v3 -l authPriv \
    -u u_sha_aes -a SHA -A $IOP_V3_AUTHPASS -r 0 -t 1 $to $S.5.0
  iop_compare "v3-$w-3m-short" snmpget get -v3 -l authNoPriv -u u_sha \
    -a SHA -3m 0102 -r 0 -t 1 $to $S.5.0
  iop_compare "v3-$w-no-keys-walk" snmpwalk walk -v3 -l authPriv \
    -u u_sha_aes -r 0 -t 1 $to $S
  iop_compare "v3-$w-no-keys-bulkwalk" snmpbulkwalk bulkwalk -v3 \
    -l authPriv -u u_sha_aes -r 0 -t 1 $to $S
  iop_compare "v3-$w-no-keys-set" snmpset set -v3 -l authPriv \
    -u u_sha_aes -r 0 -t 1 $to $S.5.0 s x
  iop_compare "v3-$w-no-keys-inform" snmpinform inform -v3 -l authPriv \
    -u u_sha_aes -r 0 -t 1 $to 0 .1.3.6.1.6.3.1.1.5.1
  iop_compare "v3-$w-no-keys-trap" snmptrap trap -v3 -l authPriv \
    -u u_sha_aes -r 0 -t 1 $to 0 .1.3.6.1.6.3.1.1.5.1
  iop_compare "v3-$w-no-key-e" snmpget get -v3 -l authNoPriv -u u_sha \
    -e $SNMPD_V3_ENGINEID -r 0 -t 1 $to $S.5.0
done
IOP_MASK=cat

# A response value of a type Net-SNMP does not know: the datagram is
# dropped with "bad type returned (TAG)" (hex), then the request times out.
# (fake_agent.py --mode badtype; a long timeout, so that its one answer
# arrives in time on a busy machine.)
start_fake() { iop_start_fake "$1" --mode badtype --tag "$1"; }
fake_mask() { sed "s/${FAKE_ADDR#*:}/PORT/g"; }
IOP_MASK=fake_mask
for tag in 0x49 0x01 0x30 0x83; do
  start_fake $tag
  iop_compare "bad-type-$tag" snmpget get -v2c -c public -r 0 -t 3 \
    $FAKE_ADDR $S.5.0 $S.6.0
  iop_compare "bad-type-$tag-v1-walk" snmpwalk walk -v1 -c public -r 0 -t 3 \
    $FAKE_ADDR $S.5.0
done
IOP_MASK=cat

# Help: for every subcommand, -h (stderr, as Net-SNMP), --help and
# "snmpx help CMD" (stdout, or stderr as -h for translate); exit 0; the
# usage names the command as invoked.
for c in get getnext bulkget walk bulkwalk set poll translate trap inform \
         trapd agent; do
  for how in "$c -h" "$c --help" "help $c"; do
    # shellcheck disable=SC2086
    "$SNMPX" $how >"$IOP_DIR/h.out" 2>"$IOP_DIR/h.err"
    rc=$?
    [ $rc = 0 ] || fail "snmpx $how: exit status $rc"
    cat "$IOP_DIR/h.out" "$IOP_DIR/h.err" >"$IOP_DIR/h.all"
    grep -qi "^usage: snmpx $c \[" "$IOP_DIR/h.all" ||
      fail "snmpx $how: $(head -1 "$IOP_DIR/h.all")"
  done
done
"$SNMPX" help >"$IOP_DIR/h.out" 2>&1 || fail "snmpx help: exit status $?"
grep -q "^  poll " "$IOP_DIR/h.out" || fail "snmpx help: no command list"
"$SNMPX" help bogus >"$IOP_DIR/h.out" 2>"$IOP_DIR/h.err"
[ $? = 1 ] || fail "snmpx help bogus: exit status not 1"
grep -q "unknown command 'bogus'" "$IOP_DIR/h.err" ||
  fail "snmpx help bogus: $(head -1 "$IOP_DIR/h.err")"
# Run through a link named as the Net-SNMP tool, it names itself so.
ln -s "$(readlink -f "$SNMPX")" "$IOP_DIR/snmpget"
"$IOP_DIR/snmpget" -h 2>&1 | grep -q "^USAGE: snmpget \[OPTIONS\]" ||
  fail "snmpget link: $("$IOP_DIR/snmpget" -h 2>&1 | head -1)"
ln -s "$(readlink -f "$SNMPX")" "$IOP_DIR/snmptranslate"
"$IOP_DIR/snmptranslate" --help 2>&1 | grep -q "^USAGE: snmptranslate " ||
  fail "snmptranslate link --help"
iop_finish
