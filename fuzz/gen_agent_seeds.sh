#!/bin/bash
# Seeds for fuzz_agent_recv: the datagrams Net-SNMP's tools send for each
# kind of request, captured on a loopback port where nothing answers.  The
# v3 ones use the engine ID and localized keys of fuzz_v3_keys.h (-e, -3k,
# -3K, -Z 1,0), so they pass the fuzz target's USM checks; they are sent
# by `snmpx` (Net-SNMP 5.9 ignores -Z and sends boots 0).
# Usage: SNMPX=build/snmpx fuzz/gen_agent_seeds.sh
#        (writes fuzz/corpus/agent_recv/)
set -eu
out=$(cd "$(dirname "$0")" && pwd)/corpus/agent_recv
X=${SNMPX:-$(dirname "$0")/../build/snmpx}
mkdir -p "$out"
export MIBS= SNMP_PERSISTENT_DIR
SNMP_PERSISTENT_DIR=$(mktemp -d)
mkdir -p "$SNMP_PERSISTENT_DIR/cert_indexes"
trap 'rm -rf "$SNMP_PERSISTENT_DIR"' EXIT
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
A=udp:127.0.0.1:$port
E=80001f8880aabbccdd00112233
K=0102030405060708090a0b0c0d0e0f1011121314
P=09080706050403020100010203040506
V3="-v3 -e $E -Z 1,0 -3k $K -3K $P -a SHA -x AES"
S=.1.3.6.1.2.1.1

# capture NAME COMMAND...: run COMMAND against $A, keep its first datagram.
capture() {
  local name=$1; shift
  python3 - "$port" "$out/$name" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.settimeout(5)
data, _ = s.recvfrom(65535)
open(sys.argv[2], "wb").write(data)
PY
  local py=$!
  sleep 0.2
  if [ "$1" = "$X" ]; then
    "$1" "$2" -r 0 -t 1 "${@:3}" >/dev/null 2>&1 || true
  else
    "$1" -r 0 -t 0.5 "${@:2}" >/dev/null 2>&1 || true
  fi
  wait "$py" || echo "no datagram for $name" >&2
}

capture v1_get snmpget -v1 -c public $A $S.1.0 $S.5.0
capture v1_getnext snmpgetnext -v1 -c public $A $S.7.0 .1.3.6.1.4.1.9999.2
capture v1_set snmpset -v1 -c private $A $S.6.0 s lab
capture v2c_get snmpget -v2c -c public $A $S.1.0 $S.99.0 .1.3.6.1.4.1.9999.1.0
capture v2c_getnext snmpgetnext -v2c -c some $A $S.4.0 .1.3.6.1.4.1.9999
capture v2c_getbulk snmpbulkget -v2c -c public -Cn1 -Cr20 $A $S.3.0 $S \
  .1.3.6.1.2.1.11
capture v2c_set_multi snmpset -v2c -c private $A $S.4.0 s contact \
  $S.5.0 s name .1.3.6.1.4.1.9999.1.0 i 9
capture v2c_set_bad snmpset -v2c -c private $A $S.4.0 s ok $S.7.0 i 5
capture v2c_wrong_community snmpget -v2c -c wrong $A $S.5.0
capture v3_probe snmpget -v3 -l noAuthNoPriv -u fuzz $A $S.5.0
capture v3_get_authpriv "$X" get $V3 -l authPriv -u fuzz $A $S.5.0 \
  .1.3.6.1.6.3.15.1.1.5.0
capture v3_bulk_authpriv "$X" bulkget $V3 -l authPriv -u fuzz -Cr30 $A \
  .1.3.6.1.4.1.9999
capture v3_set_authpriv "$X" set $V3 -l authPriv -u fuzz $A \
  .1.3.6.1.4.1.9999.1.0 i 3
capture v3_getnext_auth "$X" getnext $V3 -l authNoPriv -u auth $A $S.4.0
capture v3_context "$X" get $V3 -l authPriv -u fuzz -n nosuch $A $S.5.0
ls -l "$out"
