#!/bin/bash
# snmpd.conf lines that `snmpx agent` must read as snmpd does: the same
# lines go to a private snmpd and to snmpx agent, and Net-SNMP's snmpget
# must print the same for both.
#  1. createUser -e ENGINEID (the agent's own engine ID, and another one,
#     whose user the agent must not know) and createUser NAME AUTH PASS
#     PRIV without a privacy pass phrase (the authentication one).
#  2. Words as Net-SNMP's read_config splits them: single and double
#     quotes, backslashes, a comment after the words.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"

EID=0x80001f8880c0ffee0000000001
OTHER_EID=0x80001f8880deadbeef00000001
A=authpass123
P=privpass123
cat >"$IOP_DIR/shared.conf" <<CONF
rocommunity public 127.0.0.1
createUser -e $EID u_eid SHA "$A" AES "$P"
rouser u_eid priv
createUser u_same SHA "$A" AES
rouser u_same priv
createUser -e $OTHER_EID u_other SHA "$A" AES "$P"
rouser u_other priv
CONF
cat >>"$IOP_DIR/shared.conf" <<'CONF'
rocommunity 'two words' 127.0.0.1   # a comment, not an OID
rocommunity "say \"hi\"" 127.0.0.1 .1.3.6.1.6.3.10.2.1.1
rocommunity back\ slash\ and\ space
  # an indented comment
CONF

echo "exactEngineID $EID" >"$IOP_DIR/eid.conf"
mkdir -p "$IOP_DIR/snmpd"
iop_start_snmpd_conf "$IOP_DIR/snmpd" public .1.3.6.1.2.1.1.3.0 \
  "$IOP_DIR/eid.conf" "$IOP_DIR/shared.conf" || exit 1
iop_start_snmpx_agent "$IOP_DIR/agent.log" public .1.3.6.1.2.1.1.3.0 \
  -X "exactEngineID $EID" -C "$IOP_DIR/shared.conf" || exit 1
sport=$SNMPD_PORT xport=$AGENT_PORT
IOP_REF_ADDR=$SNMPD_ADDR
IOP_X_ADDR=$AGENT_ADDR
port_mask() { sed "s/$sport/PORT/g; s/$xport/PORT/g"; }
IOP_MASK=port_mask

# snmpEngineID.0: the same on both (both are given the same engine ID).
OIDS=".1.3.6.1.6.3.10.2.1.1.0"
T="-r 0 -t 2 -On"
# shellcheck disable=SC2086
iop_same -n create-user-e snmpget -v3 -l authPriv -u u_eid -a SHA -A "$A" \
  -x AES -X "$P" $T ADDR $OIDS
# shellcheck disable=SC2086
iop_same -n create-user-priv-pass-is-auth-pass snmpget -v3 -l authPriv \
  -u u_same -a SHA -A "$A" -x AES -X "$A" $T ADDR $OIDS
# shellcheck disable=SC2086
iop_same create-user-priv-pass-not-given snmpget -v3 -l authPriv \
  -u u_same -a SHA -A "$A" -x AES -X "$P" $T ADDR $OIDS
# shellcheck disable=SC2086
iop_same create-user-e-other-engine snmpget -v3 -l authPriv -u u_other \
  -a SHA -A "$A" -x AES -X "$P" $T ADDR $OIDS

# 2. The communities of the quoted lines, and a word of one that is not.
i=0
for c in "two words" 'say "hi"' 'back slash and space'; do
  i=$((i + 1))
  # shellcheck disable=SC2086
  iop_same -n "community-$i" snmpget -v2c -c "$c" $T ADDR $OIDS
done
# shellcheck disable=SC2086
iop_same community-word snmpget -v2c -c two $T ADDR $OIDS
iop_finish
