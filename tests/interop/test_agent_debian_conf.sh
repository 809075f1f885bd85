#!/bin/bash
# Debian 12's stock /etc/snmp/snmpd.conf (package snmpd 5.9.3, kept in
# tests/interop/data/debian12_snmpd.conf) runs unchanged in snmpd and in
# snmpx agent, only its agentaddress line moved to a free port (and
# snmpd's AgentX socket, which "master agentx" opens, put in the test's
# directory).  Both must answer alike for what its views give:
#  - the system group and hrSystem (view systemonly) to community public,
#    over IPv4 and IPv6 (rocommunity, rocommunity6 ... -V systemonly);
#  - nothing else: outside the view noSuchObject, a walk ends at the view;
#  - SET refused (read-only community); the user authPrivUser of
#    "rouser authPrivUser authpriv -V systemonly" is not created there.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
STOCK=$IOP_DATA/debian12_snmpd.conf

# The stock file with only its agentaddress line changed.
moved() {
  sed "s|^agentaddress .*|agentaddress udp:127.0.0.1:$1,udp6:[::1]:$1|" \
    "$STOCK" >"$2"
  grep -c '^agentaddress' "$2" | grep -qx 1
}

launch_snmpd() {
  local d=$IOP_DIR/snmpd
  mkdir -p "$d/persist"
  moved "$1" "$d/snmpd.conf" || return 1
  SNMP_PERSISTENT_DIR="$d/persist" snmpd -f -C -c "$d/snmpd.conf" -I -smux \
    -x "unix:$d/agentx" -p "$d/snmpd.pid" -Lf "$d/snmpd.log" \
    >"$d/stdout" 2>&1 &
  IOP_PEER_PID=$!
}

launch_agent() {
  moved "$1" "$IOP_DIR/agent.conf" || return 1
  SNMP_PERSISTENT_DIR="$IOP_DIR/agent-persist" \
    "$SNMPX" agent -Lf "$IOP_DIR/agent.log" -C "$IOP_DIR/agent.conf" \
    2>"$IOP_DIR/agent.err" &
  IOP_PEER_PID=$!
}

ready() {
  snmpget -v2c -c public -r 0 -t 1 "udp:127.0.0.1:$1" .1.3.6.1.2.1.1.4.0 \
    >/dev/null 2>&1
}

iop_start_peer launch_snmpd ready || { cat "$IOP_DIR/snmpd/snmpd.log"; exit 1; }
SPORT=$IOP_PEER_PORT
iop_start_peer launch_agent ready ||
  { cat "$IOP_DIR/agent.err" "$IOP_DIR/agent.log"; exit 1; }
XPORT=$IOP_PEER_PORT
IOP_REF_ADDR=udp:127.0.0.1:$SPORT
IOP_X_ADDR=udp:127.0.0.1:$XPORT
port_mask() { sed "s/$SPORT/PORT/g; s/$XPORT/PORT/g"; }
IOP_MASK=port_mask

# The stock file's words: accepted, AgentX a warning only.
if ! grep -q "agent.conf:39: warning: master agentx" "$IOP_DIR/agent.err"
then
  echo "--- no warning for 'master agentx'"; cat "$IOP_DIR/agent.err"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

T="-r 1 -t 3 -On"
# Values the stock file sets, over IPv4, IPv6, v1 and v2c.
SET_BY_FILE=".1.3.6.1.2.1.1.4.0 .1.3.6.1.2.1.1.6.0 .1.3.6.1.2.1.1.7.0"
for v in 1 2c; do
  # shellcheck disable=SC2086
  iop_same -n "sys-values-v$v" snmpget -v$v -c public $T ADDR $SET_BY_FILE
done
IOP_REF_ADDR=udp6:[::1]:$SPORT IOP_X_ADDR=udp6:[::1]:$XPORT \
  iop_same -n sys-values-ipv6 snmpget -v2c -c public $T ADDR $SET_BY_FILE

# Outside the view: ifNumber, a UCD object, snmpEngineID.
for o in .1.3.6.1.2.1.2.1.0 .1.3.6.1.4.1.2021.10.1.3.1 \
         .1.3.6.1.6.3.10.2.1.1.0; do
  # shellcheck disable=SC2086
  iop_same "outside-view-v2c$o" snmpget -v2c -c public $T ADDR "$o"
  # shellcheck disable=SC2086
  iop_same "outside-view-v1$o" snmpget -v1 -c public $T ADDR "$o"
done
# The last object of the view: the next one is past the view's end.
# shellcheck disable=SC2086
iop_same -n after-view snmpgetnext -v2c -c public $T ADDR .1.3.6.1.2.1.25.1.7.0
# A whole walk stays in the two subtrees (the sets of objects differ:
# snmpd has more sysORTable rows; snmpx's hrSystem comes with its
# HOST-RESOURCES-MIB module, so only the system group is required).
names() { cut -d' ' -f1 | sed -E 's/^(\.1\.3\.6\.1\.2\.1\.(1|25\.1))\..*/\1/' | sort -u; }
snmpwalk -v2c -c public $T "$IOP_X_ADDR" .1 | names >"$IOP_DIR/x.walk"
snmpwalk -v2c -c public $T "$IOP_REF_ADDR" .1 | names >"$IOP_DIR/ref.walk"
printf '.1.3.6.1.2.1.1\n.1.3.6.1.2.1.25.1\n' >"$IOP_DIR/view.walk"
for w in ref x; do
  if ! grep -qx .1.3.6.1.2.1.1 "$IOP_DIR/$w.walk" ||
     [ -n "$(comm -13 "$IOP_DIR/view.walk" "$IOP_DIR/$w.walk")" ]; then
    echo "--- $w: walk goes outside view systemonly"
    diff "$IOP_DIR/view.walk" "$IOP_DIR/$w.walk" | head
    IOP_FAILS=$((IOP_FAILS + 1))
  else
    echo "ok   walk-in-view-$w"
  fi
done
# A wrong community: no answer from either.
iop_same wrong-community snmpget -v2c -c private -r 0 -t 1 -On ADDR \
  .1.3.6.1.2.1.1.4.0
# SET through the read-only community.
# shellcheck disable=SC2086
iop_same set-refused snmpset -v2c -c public $T ADDR .1.3.6.1.2.1.1.6.0 s x
# The rouser line's user exists in neither (createUser is commented out).
# shellcheck disable=SC2086
iop_same no-such-user snmpget -v3 -l authPriv -u authPrivUser -a SHA-512 \
  -A myauthphrase -x AES -X myprivphrase $T ADDR .1.3.6.1.2.1.1.4.0
iop_finish
