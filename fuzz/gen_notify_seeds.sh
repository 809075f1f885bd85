#!/usr/bin/env bash
# Regenerate fuzz/corpus/notify_recv: datagrams that Net-SNMP's snmptrap
# and snmpinform send (one: snmpx inform), caught on a loopback port (nothing answers, so each
# inform is caught once).  v3 ones use the engine IDs and localized keys of
# fuzz/fuzz_notify_keys.h.  Usage: fuzz/gen_notify_seeds.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/fuzz/corpus/notify_recv
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MIBS= SNMP_PERSISTENT_DIR=$work/persist SNMPCONFPATH=$work
mkdir -p "$out" "$SNMP_PERSISTENT_DIR/cert_indexes"

SENDER=0x8000000001aabbcc05
LOCAL=0x8000000001aabbcc06
AK=0x0102030405060708090a0b0c0d0e0f1011121314
PK=0x1112131415161718191a1b1c1d1e1f20
VBS=(1.3.6.1.2.1.1.5.0 s "seed" 1.3.6.1.4.1.99999.2 i -42
     1.3.6.1.4.1.99999.6 a 10.1.2.3 1.3.6.1.4.1.99999.7 o 1.3.6.1.4.1.8072
     1.3.6.1.4.1.99999.8 x "00ff41")

# catch NAME SENDER-COMMAND...: run the sender at a one-shot catcher.
catch() {
  local name=$1; shift
  local port
  port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 - "$port" "$out/$name" <<'PY' &
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.settimeout(5)
data, _ = s.recvfrom(65535)
open(sys.argv[2], "wb").write(data)
PY
  local pid=$!
  sleep 0.3
  "${@//@A@/127.0.0.1:$port}" >/dev/null 2>&1 || true
  wait "$pid"
}

catch v1_trap snmptrap -v1 -c public @A@ 1.3.6.1.4.1.8072 127.0.0.9 6 17 55 \
  "${VBS[@]}"
catch v1_trap_generic snmptrap -v1 -c public @A@ 1.3.6.1.4.1.8072 127.0.0.9 \
  3 0 55 1.3.6.1.2.1.2.2.1.1.2 i 2
catch v1_trap_wrong_community snmptrap -v1 -c private @A@ 1.3.6.1.4.1.8072 \
  127.0.0.9 0 0 1
catch v2c_trap snmptrap -v2c -c public @A@ 42 1.3.6.1.4.1.8072.2.3.0.1 \
  "${VBS[@]}" 1.3.6.1.4.1.99999.12 C 12345678901234
catch v2c_inform snmpinform -r 0 -t 0.5 -v2c -c public @A@ 43 \
  1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
catch v3_trap_authpriv snmptrap -v3 -e $SENDER -u trapuser -l authPriv \
  -a SHA -3k $AK -x AES -3K $PK @A@ 44 1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
catch v3_trap_noauth snmptrap -v3 -e $SENDER -u trapuser -l noAuthNoPriv \
  @A@ 45 1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
# snmpinform ignores -Z and sends boots 0 to a known engine ID: this seed
# comes from snmpx inform (-Z 1,0 matches the fuzz engine's clock).
catch v3_inform_authpriv "${SNMPX:-$root/build/snmpx}" inform -r 0 -t 0.5 \
  -v3 -e $LOCAL -Z 1,0 \
  -u infuser -l authPriv -a SHA -3k $AK -x AES -3K $PK @A@ 46 \
  1.3.6.1.4.1.8072.2.3.0.1 "${VBS[@]}"
catch v3_inform_probe snmpinform -r 0 -t 0.5 -v3 -u infuser -l authPriv \
  -a SHA -3k $AK -x AES -3K $PK @A@ 47 1.3.6.1.4.1.8072.2.3.0.1
ls -l "$out"
