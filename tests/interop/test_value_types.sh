#!/bin/bash
# Response values of the three types Net-SNMP's parser takes beside the
# SMIv2 ones (snmp_api.c, snmp_pdu_parse): BIT STRING (0x03), NsapAddress
# (0x45) and UInteger32 (0x47).  snmpx decodes them and prints them as
# snmpget does, byte for byte, in every output style; empty BIT STRING and
# empty UInteger32 are dropped by both (then a timeout).  JSON (poll): the
# type name, hex for the two octet types, a number for UInteger32.
# fake_agent.py --mode rawvalue sends each value.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmpget >/dev/null || iop_skip "snmpget not installed"
command -v jq >/dev/null || { echo "FAIL: jq not installed"; exit 1; }
fail() { echo "FAIL: $*"; IOP_FAILS=$((IOP_FAILS + 1)); }
S=.1.3.6.1.4.1.99998.1

# start_fake HEX: a fake agent answering every GET with value HEX.
start_fake() { iop_start_fake "$1" --mode rawvalue --value "$1"; }
fake_mask() { sed "s/${FAKE_ADDR#*:}/PORT/g"; }
IOP_MASK=fake_mask

# value  JSON (poll) type and value
while read -r hex jtype jvalue; do
  start_fake "$hex"
  styles="-On -Oq -Ov -OQ -Ox -Oe -Oqv -Os"
  [ "$jtype" = - ] && styles="" # dropped: one timeout is enough
  for o in "" $styles; do
    # shellcheck disable=SC2086
    iop_compare "$hex$o" snmpget get -v2c -c public -r 0 -t 3 $o \
      $FAKE_ADDR $S.1.0 $S.2.0
  done
  iop_compare "$hex-v1" snmpget get -v1 -c public -r 0 -t 3 $FAKE_ADDR $S.1.0
  [ "$jtype" = - ] && continue
  jtype=${jtype//_/ } # BIT_STRING: one word in the table below
  echo "-v2c -c public $FAKE_ADDR $S.1.0" >"$IOP_DIR/targets"
  got=$("$SNMPX" poll -q -o json "$IOP_DIR/targets" 2>/dev/null |
        jq -c '.varbinds[0] | [.type, .value]')
  [ "$got" = "[\"$jtype\",$jvalue]" ] ||
    fail "poll json $hex: $got, want [\"$jtype\",$jvalue]"
done <<'EOF2'
030300a5c0 BIT_STRING {"hex":"00a5c0"}
03020680 BIT_STRING {"hex":"0680"}
030100 BIT_STRING {"hex":"00"}
03020000 BIT_STRING {"hex":"0000"}
0300 - -
4503010203 NsapAddress {"hex":"010203"}
4500 NsapAddress {"hex":""}
470500ffffffff UInteger32 4294967295
470105 UInteger32 5
470100 UInteger32 0
4700 - -
EOF2
iop_finish
