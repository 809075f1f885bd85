#!/usr/bin/env bash
# make demo: start a private Net-SNMP snmpd on 127.0.0.1 at a free high
# port, walk it with snmpx (SNMPv2c, GETBULK), print the result, stop snmpd.
# Only the snmpd started here is stopped (by its pid).
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

cat > "$dir/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:$port
rocommunity public 127.0.0.1
sysLocation snmpx demo
sysContact demo@example.invalid
master no
dontLogTCPWrappersConnects yes
CONF
mkdir -p "$dir/state"
# -f: stay in the foreground, so $! is snmpd itself and we stop exactly it.
SNMP_PERSISTENT_DIR="$dir/state" MIBS= /usr/sbin/snmpd -f -C \
  -c "$dir/snmpd.conf" -I -smux -Lf "$dir/snmpd.log" >/dev/null 2>&1 &
pid=$!

# Wait until it answers.
for _ in $(seq 50); do
  "$snmpx" get -v2c -c public -r 0 -t 0.2 127.0.0.1:$port .1.3.6.1.2.1.1.3.0 \
    >/dev/null 2>&1 && break
  sleep 0.1
done

echo "== snmpd (Net-SNMP) on 127.0.0.1:$port, pid $pid"
echo "== snmpx bulkwalk -v2c -c public 127.0.0.1:$port system"
"$snmpx" bulkwalk -v2c -c public 127.0.0.1:$port .1.3.6.1.2.1.1
echo
echo "== snmpx walk -v1 -c public -On 127.0.0.1:$port ifDescr"
"$snmpx" walk -v1 -c public -On 127.0.0.1:$port .1.3.6.1.2.1.2.2.1.2
echo
echo "== snmpx get -v2c -c public 127.0.0.1:$port sysUpTime.0 sysName.0"
"$snmpx" get -v2c -c public 127.0.0.1:$port .1.3.6.1.2.1.1.3.0 .1.3.6.1.2.1.1.5.0
