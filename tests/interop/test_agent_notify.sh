#!/bin/bash
# The notifications snmpd sends, sent alike by snmpx agent: the same sink
# lines (trapsink: SNMPv1, trap2sink: SNMPv2c trap, informsink: SNMPv2c
# inform; trapcommunity; authtrapenable 1) go to a private snmpd and to
# snmpx agent, each sending to its own snmptrapd; what the two snmptrapd
# print (enterprise, generic and specific trap for v1, every varbind for
# v2c, sysUpTime's value masked) must be the same for
#  1. coldStart, when the agent starts;
#  2. authenticationFailure, for a request with a wrong community and for
#     an SNMPv3 one with a wrong digest (none for an unknown user);
#  3. nsNotifyShutdown (NET-SNMP-AGENT-MIB), when it stops on SIGTERM.
# trapsess lines (snmptrap's flags: -v 2c -c; -v 3 -u -l -a -A -x -X,
# both agents given the same engine ID, the receivers its user) are two
# more sinks of the same notifications.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
command -v snmptrapd >/dev/null || iop_skip "snmptrapd not installed"

launch_trapd() {
  local d=$IOP_DIR/trapd-$TRAPD_TAG
  mkdir -p "$d/persist"
  cat >"$d/snmptrapd.conf" <<'CONF'
disableAuthorization yes
format1 V1 %N %w %q %v\n
format2 V2 %v\n
createUser -e 0x80001f8880c0ffee0000000042 tuser SHA authpass123 AES privpass123
CONF
  SNMP_PERSISTENT_DIR="$d/persist" snmptrapd -f -C -c "$d/snmptrapd.conf" \
    -On -Lf "$d/log" "udp:127.0.0.1:$1" >"$d/stdout" 2>&1 &
  IOP_PEER_PID=$!
}
trapd_ready() { grep -q 'NET-SNMP version' "$IOP_DIR/trapd-$TRAPD_TAG/log" 2>/dev/null; }

TRAPD_TAG=ref; iop_start_peer launch_trapd trapd_ready || exit 1
REF_TRAPD=$IOP_PEER_PORT
TRAPD_TAG=x; iop_start_peer launch_trapd trapd_ready || exit 1
X_TRAPD=$IOP_PEER_PORT

sinks() {
  cat <<CONF
rocommunity public 127.0.0.1
createUser u1 SHA authpass123 AES privpass123
rouser u1 priv
sysObjectID .1.3.6.1.4.1.8072.3.2.10
trapcommunity tc
authtrapenable 1
trapsink 127.0.0.1 tc1 $1
trap2sink 127.0.0.1 tc2 $1
informsink 127.0.0.1:$1
trapsess -v 2c -c tc3 127.0.0.1:$1
trapsess -v 3 -e 0x80001f8880c0ffee0000000042 -u tuser -l authPriv -a SHA -A authpass123 -x AES -X privpass123 127.0.0.1:$1
CONF
}
sinks "$REF_TRAPD" >"$IOP_DIR/ref-sinks.conf"
sinks "$X_TRAPD" >"$IOP_DIR/x-sinks.conf"

echo "exactEngineID 0x80001f8880c0ffee0000000042" >"$IOP_DIR/eid.conf"
mkdir -p "$IOP_DIR/snmpd"
iop_start_snmpd_conf "$IOP_DIR/snmpd" public .1.3.6.1.2.1.1.4.0 \
  "$IOP_DIR/eid.conf" "$IOP_DIR/ref-sinks.conf" || exit 1
iop_start_snmpx_agent "$IOP_DIR/agent.log" public .1.3.6.1.2.1.1.4.0 \
  -C "$IOP_DIR/eid.conf" -C "$IOP_DIR/x-sinks.conf" || exit 1

# Lines of |tag|'s snmptrapd log naming |what|, masked and sorted.
got() {
  grep -E '^V[12] ' "$IOP_DIR/trapd-$1/log" | grep -F "$2" |
    sed -E 's/Timeticks: \([0-9]+\) [0-9:.]+/Timeticks: T/g' | sort
}
# Wait (up to 30 s) for |n| lines naming |what| from both.
wait_for() {
  local what=$1 n=$2 i
  for i in $(seq 300); do
    [ "$(got ref "$what" | wc -l)" -ge "$n" ] &&
      [ "$(got x "$what" | wc -l)" -ge "$n" ] && return 0
    sleep 0.1
  done
  return 0 # the comparison says what is missing
}
judge() {
  local name=$1 what=$2 n=$3
  wait_for "$what" "$n"
  mkdir -p "$IOP_DIR/cmp/$name"
  got ref "$what" >"$IOP_DIR/cmp/$name/ref.out"
  got x "$what" >"$IOP_DIR/cmp/$name/x.out"
  : >"$IOP_DIR/cmp/$name/ref.err"; : >"$IOP_DIR/cmp/$name/x.err"
  echo 0 >"$IOP_DIR/cmp/$name/ref.rc"; echo 0 >"$IOP_DIR/cmp/$name/x.rc"
  if [ "$(wc -l <"$IOP_DIR/cmp/$name/ref.out")" -lt "$n" ]; then
    echo "--- $name: snmpd sent fewer than $n"; IOP_FAILS=$((IOP_FAILS + 1))
  fi
  iop_judge "$name" "$what" 1
}

# 1. coldStart: v1 (generic 0), v2c trap, inform, two trapsess.
judge cold-start-v2 ".1.3.6.1.6.3.1.1.5.1" 4
judge cold-start-v1 "V1 .1.3.6.1.4.1.8072.3.2.10 0 0" 1

# 2. authenticationFailure for a wrong community.
snmpget -v2c -c wrong -r 0 -t 1 "$SNMPD_ADDR" .1.3.6.1.2.1.1.4.0 >/dev/null 2>&1
snmpget -v2c -c wrong -r 0 -t 1 "$AGENT_ADDR" .1.3.6.1.2.1.1.4.0 >/dev/null 2>&1
judge auth-failure-v2 ".1.3.6.1.6.3.1.1.5.5" 4
judge auth-failure-v1 "V1 .1.3.6.1.4.1.8072.3.2.10 4 0" 1
for a in "$SNMPD_ADDR" "$AGENT_ADDR"; do
  snmpget -v3 -u u1 -l authPriv -a SHA -A wrongpass99 -x AES -X privpass123 \
    -r 0 -t 1 "$a" .1.3.6.1.2.1.1.4.0 >/dev/null 2>&1
  snmpget -v3 -u nouser -l authPriv -a SHA -A wrongpass99 -x AES \
    -X privpass123 -r 0 -t 1 "$a" .1.3.6.1.2.1.1.4.0 >/dev/null 2>&1
done
judge auth-failure-usm-v1 "V1 .1.3.6.1.4.1.8072.3.2.10 4 0" 2

# 3. nsNotifyShutdown when each stops.
kill "$SNMPD_PID" "$AGENT_PID"
wait "$SNMPD_PID" "$AGENT_PID" 2>/dev/null
judge shutdown-v2 ".1.3.6.1.4.1.8072.4.0.2" 3
judge shutdown-v1 "V1 .1.3.6.1.4.1.8072.4 6 " 1
iop_finish
