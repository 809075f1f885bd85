#!/usr/bin/env bash
# make demo: start `snmpx agent` on 127.0.0.1 at a free high port (the
# standard objects, a v3 user and a little recorded .snmprec data), query
# it with snmpx (SNMPv1, SNMPv2c GETBULK, SNMPv3 authPriv), stop it.  Only
# the agent started here is stopped (by its pid).
set -euo pipefail
snmpx=${1:-build/snmpx}
[ -x "$snmpx" ] || { echo "demo: $snmpx not built" >&2; exit 1; }

dir=$(mktemp -d /tmp/snmpx-demo.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

# A free UDP port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cat > "$dir/agent.conf" <<CONF
rocommunity public 127.0.0.1
sysLocation snmpx demo
sysContact demo@example.invalid
sysName demo-agent
createUser demo SHA-256 "demo auth pass" AES "demo priv pass"
rouser demo priv
CONF
# Recorded data (.snmprec, snmpsim's format): two interfaces.
cat > "$dir/ifs.snmprec" <<DATA
1.3.6.1.2.1.2.1.0|2|2
1.3.6.1.2.1.2.2.1.1.1|2|1
1.3.6.1.2.1.2.2.1.1.2|2|2
1.3.6.1.2.1.2.2.1.2.1|4|lo
1.3.6.1.2.1.2.2.1.2.2|4|eth0
1.3.6.1.2.1.2.2.1.6.2|4x|525400123456
DATA
# In the foreground, so $! is the agent itself and we stop exactly it.
"$snmpx" agent -C "$dir/agent.conf" -D "$dir/ifs.snmprec" \
  -S "$dir/state" -Lf "$dir/agent.log" udp:127.0.0.1:$port &
pid=$!

# Wait until it answers.
for _ in $(seq 50); do
  "$snmpx" get -v2c -c public -r 0 -t 0.2 127.0.0.1:$port .1.3.6.1.2.1.1.3.0 \
    >/dev/null 2>&1 && break
  sleep 0.1
done

echo "== snmpx agent on 127.0.0.1:$port, pid $pid"
echo "== snmpx bulkwalk -v2c -c public 127.0.0.1:$port system"
"$snmpx" bulkwalk -v2c -c public 127.0.0.1:$port .1.3.6.1.2.1.1
echo
echo "== snmpx walk -v1 -c public -On 127.0.0.1:$port ifDescr"
"$snmpx" walk -v1 -c public -On 127.0.0.1:$port .1.3.6.1.2.1.2.2.1.2
echo
echo "== snmpx get -v2c -c public 127.0.0.1:$port sysUpTime.0 sysName.0"
"$snmpx" get -v2c -c public 127.0.0.1:$port .1.3.6.1.2.1.1.3.0 .1.3.6.1.2.1.1.5.0
echo
echo "== snmpx get -v3 -l authPriv -u demo -a SHA-256 -x AES 127.0.0.1:$port sysName.0"
"$snmpx" get -v3 -l authPriv -u demo -a SHA-256 -A "demo auth pass" -x AES \
  -X "demo priv pass" 127.0.0.1:$port .1.3.6.1.2.1.1.5.0
