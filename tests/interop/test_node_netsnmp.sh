#!/bin/bash
# SNMPv3 against node's net-snmp (npm), an independent implementation whose
# agent and receiver set the reportable flag on their Reports (the
# discovery Report included): snmpx get/walk v3 authPriv against its agent
# print what Net-SNMP's snmpget/snmpwalk print, and snmpx inform -v3 is
# acknowledged by its receiver as snmpinform is.  The peer is
# tests/interop/data/node_peer.js; net-snmp comes from
# scripts/install-deps.sh (/opt/snmpx-peers/node, or $SNMPX_NODE_PEERS).
. "$(dirname "$0")/lib.sh"

NODE_PEERS=${SNMPX_NODE_PEERS:-/opt/snmpx-peers/node}
command -v node >/dev/null || iop_skip "node not installed (scripts/install-deps.sh)"
[ -d "$NODE_PEERS/node_modules/net-snmp" ] ||
  iop_skip "net-snmp (npm) not in $NODE_PEERS (scripts/install-deps.sh)"

# node_start ROLE: start the peer on a free port; sets NODE_ADDR.  A port
# taken between iop_free_port and the bind makes the peer exit 3: another.
node_start() {
  local role=$1 try port pid ready i
  for try in 1 2 3 4 5; do
    port=$(iop_free_port)
    ready=$IOP_DIR/$role.$try.ready
    NODE_PATH="$NODE_PEERS/node_modules" node "$IOP_DATA/node_peer.js" \
      "$role" "$port" "$ready" >"$IOP_DIR/$role.out" 2>"$IOP_DIR/$role.err" &
    pid=$!
    for i in $(seq 1 100); do
      [ -e "$ready" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ -e "$ready" ]; then
      IOP_PIDS="$IOP_PIDS $pid"
      NODE_PID=$pid
      NODE_ADDR=127.0.0.1:$port
      return 0
    fi
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  echo "node $role did not start:" >&2
  cat "$IOP_DIR/$role.err" >&2
  exit 1
}

V3="-v3 -l authPriv -u alice -a SHA -A authpass1 -x AES -X privpass1"
S=.1.3.6.1.2.1.1

# 1. Its agent: discovery, then authPriv get and walk (-r 0 -t 2: one try,
# so a discovery Report ignored shows as a timeout at once).
node_start agent
A=$NODE_ADDR
# shellcheck disable=SC2086
iop_compare node-get snmpget get $V3 -r 0 -t 2 -On $A $S.5.0 $S.1.0
# shellcheck disable=SC2086
iop_compare node-walk snmpwalk walk $V3 -r 0 -t 2 -On $A $S
# shellcheck disable=SC2086
iop_compare node-get-wrong-user snmpget get -v3 -l authPriv -u mallory \
  -a SHA -A authpass1 -x AES -X privpass1 -r 0 -t 2 -On $A $S.5.0

# 2. Its receiver: a v3 inform is acknowledged (exit 0, nothing printed)
# and delivered, from snmpinform and from snmpx inform alike.
node_start receiver
R=$NODE_ADDR
# shellcheck disable=SC2086
iop_compare node-inform snmpinform inform $V3 -r 0 -t 2 $R "" \
  .1.3.6.1.6.3.1.1.5.1 $S.5.0 s hello
got=0
for i in $(seq 1 50); do
  got=$(grep -c "=hello" "$IOP_DIR/receiver.out")
  [ "$got" -ge 2 ] && break
  sleep 0.1
done
if [ "$got" -ge 2 ]; then
  echo "ok   node-inform-delivered"
else
  echo "--- node-inform-delivered: the receiver logged $got of 2 informs"
  cat "$IOP_DIR/receiver.out" "$IOP_DIR/receiver.err"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
iop_finish
