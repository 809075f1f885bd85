#!/bin/bash
# The peers of the interop tests start on a busy machine, every time
# (tests/interop/lib.sh).  A free-port probe cannot hold the port it found:
# another program may bind it before the peer does.  Here that race is
# made to happen: the first port handed to iop_start_snmpd is already
# served by another snmpd (sysName "someone-else").  The test's snmpd must
# end up on another port, serving its own data, not the other agent's.
# Also: iop_free_port never hands out one port twice (and not from the
# kernel's ephemeral range), and iop_dead_addr's port cannot be taken by
# another program.  The same race for iop_start_snmpx_agent and
# iop_start_snmpd_conf (the agent tests' peers).
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
fail() { echo "--- $*"; IOP_FAILS=$((IOP_FAILS + 1)); }

# iop_free_port: distinct ports, below the ephemeral range, reserved.
elo=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range)
ports=$(for _ in $(seq 6); do iop_free_port; done)
[ "$(echo "$ports" | sort -u | wc -l)" = 6 ] ||
  fail "iop_free_port handed out a port twice: $(echo "$ports" | tr '\n' ' ')"
for p in $ports; do
  [ "$p" -lt "$elo" ] || fail "port $p is in the ephemeral range ($elo..)"
  [ "$(cat "$IOP_PORTS_DIR/$p/pid" 2>/dev/null)" = "$$" ] ||
    fail "port $p is not reserved for this test"
done
[ "$IOP_FAILS" = 0 ] && echo "ok   iop_free_port: 6 distinct reserved ports below $elo"

# Another agent, the "other program", on a port of its own.
o=$IOP_DIR/other
mkdir -p "$o/persist"
oport=$(iop_free_port)
cat >"$o/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:$oport
master no
dontLogTCPWrappersConnects yes
rocommunity public 127.0.0.1
sysName someone-else
CONF
SNMP_PERSISTENT_DIR="$o/persist" snmpd -f -C -c "$o/snmpd.conf" -I -smux \
  -Lf "$o/log" >/dev/null 2>&1 &
IOP_PIDS="$IOP_PIDS $!"
iop_wait_agent "udp:127.0.0.1:$oport" public .1.3.6.1.2.1.1.5.0 || exit 1

# The race, made certain: the first port iop_start_snmpd gets is that one.
eval "iop_probe_port () $(declare -f iop_free_port | tail -n +2)"
echo "$oport" >"$IOP_DIR/first-port"
iop_free_port() {
  if [ -f "$IOP_DIR/first-port" ]; then
    cat "$IOP_DIR/first-port"
    rm -f "$IOP_DIR/first-port"
  else
    iop_probe_port
  fi
}
# moved WHAT ADDR SYSNAME ERRFILE: the peer WHAT started on ADDR (not the
# taken port) and serves its own sysName; else its start's errors.
moved() {
  local name
  name=$(snmpget -v2c -c public -r 1 -t 1 -Oqv "$2" .1.3.6.1.2.1.1.5.0 2>&1)
  if [ "$name" = "\"$3\"" ] && [ "$2" != "udp:127.0.0.1:$oport" ]; then
    echo "ok   $1 whose port was taken restarted on another port: $2"
  else
    fail "$1: $2 answers sysName '$name' (taken port $oport)"
    cat "$4"
  fi
}
iop_start_snmpd 2>"$IOP_DIR/start.err"
moved iop_start_snmpd "$SNMPD_ADDR" snmpx-interop "$IOP_DIR/start.err"

# The same race for the other peers the agent tests start on a port of
# their choosing: snmpx agent (iop_start_snmpx_agent) and an snmpd with
# the test's own config (iop_start_snmpd_conf).
: "${SNMPX:?set SNMPX to the snmpx binary}"
echo "$oport" >"$IOP_DIR/first-port"
iop_start_snmpx_agent "$IOP_DIR/agent.log" public .1.3.6.1.2.1.1.5.0 \
  -c public -X "sysName mine" 2>"$IOP_DIR/start-agent.err"
moved iop_start_snmpx_agent "$AGENT_ADDR" mine "$IOP_DIR/start-agent.err"
echo "$oport" >"$IOP_DIR/first-port"
mkdir -p "$IOP_DIR/own"
echo "sysName own-conf" >"$IOP_DIR/own.conf"
echo "rocommunity public 127.0.0.1" >>"$IOP_DIR/own.conf"
iop_start_snmpd_conf "$IOP_DIR/own" public .1.3.6.1.2.1.1.5.0 \
  "$IOP_DIR/own.conf" 2>"$IOP_DIR/start-own.err"
moved iop_start_snmpd_conf "$SNMPD_ADDR" own-conf "$IOP_DIR/start-own.err"

# iop_dead_addr: held, so nobody else can bind it (and answer there).
D=$(iop_dead_addr)
if python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))' "${D##*:}" 2>/dev/null; then
  fail "iop_dead_addr $D: another program could bind its port"
else
  out=$(snmpget -v2c -c public -r 0 -t 0.3 "$D" .1.3.6.1.2.1.1.5.0 2>&1)
  [ "$out" = "Timeout: No Response from $D." ] ||
    fail "iop_dead_addr $D: $out"
  echo "ok   iop_dead_addr: $D is held and silent"
fi
iop_finish
