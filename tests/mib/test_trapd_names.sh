#!/usr/bin/env bash
# snmpx trapd with MIBs (MIBS=ALL, MIBDIRS=shared/mibs) prints what
# snmptrapd prints with the same MIBs: trap OIDs, varbind names, indexes
# and values (enumerations, hints) by name.  Each trap goes to both.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
. "$here/../notify/notify_lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"
MIB_DIR=${MIB_DIR:-$(cd "$here/../../.." && pwd)/shared/mibs}
[ -d "$MIB_DIR" ] || MIB_DIR=/work/shared/mibs
[ -d "$MIB_DIR" ] || iop_skip "no MIB directory"
export SNMPX_MIBDB_CACHE_DIR="$IOP_DIR/mibcache"

MIBS=ALL MIBDIRS=$MIB_DIR nt_start_snmptrapd
MIBS=ALL MIBDIRS=$MIB_DIR nt_start_snmpx_trapd xtrapd

n_ok=0
both() {
  local name=$1; shift
  local r=$IOP_DIR/cases/$name n
  mkdir -p "$r"
  n=$(wc -l <"$TRAPD_LOG")
  snmptrap -M "$MIB_DIR" -m ALL "${@//@A@/$TRAPD_ADDR}" >/dev/null 2>&1
  nt_wait_lines "$TRAPD_LOG" $((n + 1)); sleep 0.15
  tail -n +$((n + 1)) "$TRAPD_LOG" | nt_mask >"$r/ref"
  n=$(wc -l <"$XTRAPD_LOG")
  snmptrap -M "$MIB_DIR" -m ALL "${@//@A@/$XTRAPD_ADDR}" >/dev/null 2>&1
  nt_wait_lines "$XTRAPD_LOG" $((n + 1)); sleep 0.15
  tail -n +$((n + 1)) "$XTRAPD_LOG" | nt_mask >"$r/x"
  if [ -s "$r/ref" ] && cmp -s "$r/ref" "$r/x"; then
    echo "ok   $name"
  else
    echo "--- $name differs"
    diff -u "$r/ref" "$r/x" | head -20
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}
both v2c-linkDown -v2c -c public @A@ 12345 IF-MIB::linkDown \
  ifIndex.3 i 3 ifAdminStatus.3 i 1 ifOperStatus.3 i 2
both v2c-values -v2c -c public @A@ 777 SNMPv2-MIB::coldStart \
  sysDescr.0 s "a host" ifPhysAddress.2 x "00 0c 29 01 02 03" \
  'vacmAccessContextMatch."user"."".3.noAuthNoPriv' i 2 \
  sysObjectID.0 o NET-SNMP-TC::linux
both v1-enterprise -v1 -c public @A@ NET-SNMP-MIB::netSnmp 127.0.0.1 6 17 \
  4242 sysName.0 s box ifOperStatus.1 i 1
both v1-generic -v1 -c public @A@ .1.3.6.1.4.1.8072 127.0.0.1 2 0 99 \
  ifIndex.2 i 2
iop_finish
