#!/bin/bash
# engineID, engineIDType and engineIDNic read as snmpd reads them: for the
# same lines, snmpd and snmpx agent have the same snmpEngineID.0.
#   engineID TEXT                 0x80001f88 04 TEXT
#   engineIDType 1 (and 2)        0x80001f88 01 and the host name's IPv4
#   engineIDType 3 + engineIDNic  0x80001f88 03 and that NIC's MAC address
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
printf 'rocommunity public 127.0.0.1\n' >"$IOP_DIR/base.conf"
NIC=lo
[ -e /sys/class/net/eth0 ] && NIC=eth0

one() {
  local name=$1 i=$2
  shift 2
  printf '%s\n' "$@" >"$IOP_DIR/eid$i.conf"
  mkdir -p "$IOP_DIR/snmpd$i"
  iop_start_snmpd_conf "$IOP_DIR/snmpd$i" public .1.3.6.1.2.1.1.3.0 \
    "$IOP_DIR/base.conf" "$IOP_DIR/eid$i.conf" || exit 1
  SNMP_PERSISTENT_DIR=$IOP_DIR/xp$i iop_start_snmpx_agent \
    "$IOP_DIR/agent$i.log" public .1.3.6.1.2.1.1.3.0 \
    -C "$IOP_DIR/base.conf" -C "$IOP_DIR/eid$i.conf" || exit 1
  IOP_REF_ADDR=$SNMPD_ADDR IOP_X_ADDR=$AGENT_ADDR
  iop_same -n "$name" snmpget -v2c -c public -r 1 -t 3 -On -Oqv ADDR \
    .1.3.6.1.6.3.10.2.1.1.0
  kill "$SNMPD_PID" "$AGENT_PID"
}
one text 1 "engineID my-agent"
one ipv4 2 "engineIDType 1"
one ipv6-as-snmpd 3 "engineIDType 2"
one mac 4 "engineIDType 3" "engineIDNic $NIC"
one mac-default-eth0 5 "engineIDType 3"
iop_finish
