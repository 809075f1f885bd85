#!/bin/bash
# snmpx over TCP (RFC 3430), TCP over IPv6 and UNIX domain sockets, beside
# Net-SNMP 5.9.  A private snmpd listens on all three (and UDP, which
# tells that it is up): `snmpx get/getnext/walk/bulkwalk/set` against it
# must print what snmpget/snmpgetnext/snmpwalk/snmpbulkwalk/snmpset print,
# byte for byte, and fail alike on a peer that refuses.  Then `snmpx agent`
# listens on the three with snmpd's configuration: snmpget and snmpwalk
# must get from it what they get from snmpd (a UNIX socket admits only
# its com2secunix communities, in both).
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
: "${SNMPX:?set SNMPX to the snmpx binary}"

S=.1.3.6.1.2.1.1
W=.1.3.6.1.4.1.99990

# What both agents are told: system values, the communities for IP peers
# and for the UNIX socket SOCK, writable objects for SET.
agent_conf() {
  local sock=$1
  cat <<CONF
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1
rocommunity6 public ::1
rwcommunity6 private ::1
com2secunix unix_ro $sock public
com2secunix unix_rw $sock private
group g_ro v1 unix_ro
group g_ro v2c unix_ro
group g_rw v1 unix_rw
group g_rw v2c unix_rw
view all included .1
access g_ro "" any noauth exact all none none
access g_rw "" any noauth exact all all none
sysDescr transports-lab
sysObjectID .1.3.6.1.4.1.8072.3.2.10
sysLocation interop-lab
sysContact nobody@example.org
sysName snmpx-transports
sysServices 72
CONF
}

launch_snmpd() {
  local port=$1 d=$IOP_DIR/snmpd
  mkdir -p "$d/persist/cert_indexes"
  rm -f "$d/snmpd.sock"
  {
    echo "agentAddress udp:127.0.0.1:$port,tcp:127.0.0.1:$port,tcp6:[::1]:$port,unix:$d/snmpd.sock"
    echo "master no"
    echo "dontLogTCPWrappersConnects yes"
    agent_conf "$d/snmpd.sock"
    echo "override -rw $W.1.0 integer 1"
    echo "override -rw $W.2.0 octet_str \"hello\""
  } >"$d/snmpd.conf"
  iop_run_snmpd "$d" "$d/snmpd.conf"
}

ready_tcp() {
  snmpget -v2c -c public -r 0 -t 1 "tcp:127.0.0.1:$1" $S.5.0 >/dev/null 2>&1
}

iop_start_peer launch_snmpd ready_tcp ||
  { echo "snmpd did not start"; cat "$IOP_DIR/snmpd/snmpd.log"; exit 1; }
P=$IOP_PEER_PORT
SOCK=$IOP_DIR/snmpd/snmpd.sock

# Counters, times and the date move between two runs; the two agents
# have addresses of their own.
mask() {
  sed -E -e 's/= (Counter32|Counter64|Gauge32|Timeticks): .*/= \1: MASKED/' \
    -e 's/^(iso\.3\.6\.1\.2\.1\.25\.1\.2\.0 = ).*/\1MASKED/' \
    -e 's/^(Timeout: No Response from ).*/\1AGENT/'
}
IOP_MASK=mask

# 1. The tools against snmpd, one transport at a time.
for a in "tcp:127.0.0.1:$P" "tcp6:[::1]:$P" "unix:$SOCK" "TCP:127.0.0.1:$P" \
         "tcpv6:[::1]:$P" "$SOCK"; do
  n=$(printf '%s' "$a" | tr -c 'a-zA-Z0-9' _)
  iop_compare "get-$n" snmpget get -v2c -c public "$a" $S.5.0 $S.4.0 $S.99.0
  iop_compare "get1-$n" snmpget get -v1 -c public "$a" $S.5.0 $S.6.0
  iop_compare "getnext-$n" snmpgetnext getnext -v2c -c public "$a" $S.4.0
  iop_compare "walk-$n" snmpwalk walk -v2c -c public "$a" $S
  iop_compare "bulkwalk-$n" snmpbulkwalk bulkwalk -v2c -c public -Cr7 "$a" $S
  iop_compare "set-$n" snmpset set -v2c -c private "$a" $W.1.0 i 7 \
    $W.2.0 s "over $n"
  iop_compare "set-ro-$n" snmpset set -v2c -c public -r 0 -t 1 "$a" $W.1.0 i 8
done
# A walk long enough to need many messages on one connection.
iop_compare walk-long-tcp snmpwalk walk -v2c -c public "tcp:127.0.0.1:$P" .1.3.6.1.2.1.2
# v3 over TCP: discovery and the request share the connection.
# (snmpd has no users here: both report the unknown user alike.)
iop_compare v3-unknown-user snmpget get -v3 -l noAuthNoPriv -u nobody \
  "tcp:127.0.0.1:$P" $S.5.0

# 2. Peers that are not there: Net-SNMP's words, and exit status.
dead=$(iop_free_port)
iop_compare refused-tcp snmpget get -v2c -c public "tcp:127.0.0.1:$dead" $S.5.0
iop_compare refused-tcp6 snmpget get -v2c -c public "tcp6:[::1]:$dead" $S.5.0
iop_compare no-socket snmpget get -v2c -c public "unix:$IOP_DIR/none.sock" $S.5.0
iop_compare refused-walk snmpwalk walk -v2c -c public "tcp:127.0.0.1:$dead" $S

# 3. snmpx agent on the three transports, with snmpd's configuration.
d=$IOP_DIR/agent
mkdir -p "$d"
agent_conf "$d/agent.sock" >"$d/agent.conf"
launch_agent() {
  rm -f "$d/agent.sock"
  "$SNMPX" agent -Lf "$d/log" -C "$d/agent.conf" -S "$d/state" \
    "udp:127.0.0.1:$1" "tcp:127.0.0.1:$1" "tcp6:[::1]:$1" \
    "unix:$d/agent.sock" &
  IOP_PEER_PID=$!
}
iop_start_peer launch_agent ready_tcp ||
  { echo "snmpx agent did not start"; head -5 "$d/log"; exit 1; }
XP=$IOP_PEER_PORT
XPID=$IOP_PEER_PID

# The socket file: made with the process umask, as snmpd's.
if [ "$(stat -c %A "$d/agent.sock")" = "$(stat -c %A "$SOCK")" ]; then
  echo "ok   socket-mode"
else
  echo "--- socket-mode: $(stat -c %A "$d/agent.sock") vs $(stat -c %A "$SOCK")"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

pairs=("tcp:127.0.0.1:$P tcp:127.0.0.1:$XP" "tcp6:[::1]:$P tcp6:[::1]:$XP"
       "unix:$SOCK unix:$d/agent.sock")
for pair in "${pairs[@]}"; do
  IOP_REF_ADDR=${pair% *}
  IOP_X_ADDR=${pair#* }
  n=$(printf '%s' "${IOP_REF_ADDR%%:*}")
  iop_same -n "agent-get-$n" snmpget -v2c -c public ADDR $S.5.0 $S.4.0 $S.6.0
  iop_same -n "agent-getnext-$n" snmpgetnext -v1 -c public ADDR $S.4.0
  iop_same -n "agent-walk-$n" snmpwalk -v2c -c public ADDR $S.4
  iop_same -n "agent-bulkwalk-$n" snmpbulkwalk -v2c -c public ADDR $S.5
  iop_same "agent-badcomm-$n" snmpget -v2c -c nosuch -r 0 -t 1 ADDR $S.5.0
done
# A UNIX socket's peers get nothing through rocommunity: only com2secunix.
printf 'rocommunity public\nsysName x\n' >"$d/plain.conf"
launch_plain() {
  rm -f "$d/plain.sock"
  "$SNMPX" agent -Lf "$d/plain.log" -C "$d/plain.conf" -S "$d/state2" \
    "udp:127.0.0.1:$1" "tcp:127.0.0.1:$1" "unix:$d/plain.sock" &
  IOP_PEER_PID=$!
}
iop_start_peer launch_plain ready_tcp || { echo "plain agent did not start"; exit 1; }
out=$(snmpget -v2c -c public -r 0 -t 1 "unix:$d/plain.sock" $S.5.0 2>&1)
if [ "$out" = "Timeout: No Response from unix:$d/plain.sock." ]; then
  echo "ok   unix-needs-com2secunix"
else
  echo "--- unix-needs-com2secunix: $out"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# The agent removes its socket file when it stops.
kill "$XPID"
wait "$XPID" 2>/dev/null
if [ ! -e "$d/agent.sock" ]; then
  echo "ok   socket-removed"
else
  echo "--- socket-removed: $d/agent.sock is still there"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

iop_finish
