#!/bin/bash
# sysContact, sysName, sysLocation are DisplayString (RFC 3418: SIZE
# (0..255)): snmpx agent answers a longer SET with wrongLength (SNMPv1:
# badValue), as snmpd does, and refuses a longer value in its
# configuration with FILE:LINE and exit 1 (snmpd: "token too long").
. "$(dirname "$0")/lib.sh"
command -v snmpset >/dev/null || iop_skip "snmpset not installed"

long=$(printf 'x%.0s' $(seq 1 256))
iop_start_snmpx_agent "$IOP_DIR/agent.log" private .1.3.6.1.2.1.1.3.0 \
  -w private || exit 1
port=$AGENT_PORT

check() {
  local name=$1 want=$2
  shift 2
  local out
  out=$(snmpset -r 0 -t 2 "$@" 2>&1)
  if printf '%s\n' "$out" | grep -qF "$want"; then
    echo "ok   $name"
  else
    echo "FAIL $name: want '$want', got:"; printf '%s\n' "$out"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}
A="udp:127.0.0.1:$port"
for oid in .1.3.6.1.2.1.1.4.0 .1.3.6.1.2.1.1.5.0 .1.3.6.1.2.1.1.6.0; do
  check "v2c-256$oid" "Reason: wrongLength" -v2c -c private "$A" \
    "$oid" s "$long"
  check "v1-256$oid" "Reason: (badValue)" -v1 -c private "$A" \
    "$oid" s "$long"
  check "v2c-255$oid" "= STRING: " -v2c -c private "$A" \
    "$oid" s "${long:1}"
done

printf 'rocommunity public\nsysLocation %s\n' "$long" >"$IOP_DIR/long.conf"
rc=0
timeout 10 "$SNMPX" agent -q -C "$IOP_DIR/long.conf" \
  "udp:127.0.0.1:$(iop_free_port)" 2>"$IOP_DIR/err" || rc=$?
if [ "$rc" = 1 ] &&
   grep -qF "$IOP_DIR/long.conf:2: sysLocation is 256 octets long" \
     "$IOP_DIR/err"; then
  echo "ok   config-256"
else
  echo "FAIL config-256: rc $rc"; cat "$IOP_DIR/err"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
[ "$IOP_FAILS" = 0 ]
