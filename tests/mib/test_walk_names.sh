#!/usr/bin/env bash
# snmpx walk and bulkwalk print what Net-SNMP's snmpwalk and snmpbulkwalk
# print with the standard MIBs loaded (-M shared/mibs -m ALL): names with
# decoded table indexes (strings, IpAddress, InetAddress, OIDs, IMPLIED),
# enumerations, DISPLAY-HINTs, UNITS, under the default output and -Of
# -Os -OS -Oe -Oq -OT.  The snmpd is private, on loopback, and started with
# the same MIBs.  Values that move between two walks are masked.
. "$(dirname "$0")/../interop/lib.sh"
MIB_DIR=${MIB_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/mibs}
[ -d "$MIB_DIR" ] || MIB_DIR=/work/shared/mibs
[ -d "$MIB_DIR" ] || iop_skip "no MIB directory"
export SNMPX_MIBDB_CACHE_DIR="$IOP_DIR/mibcache"
# A comparison with an agent that never started would pass on timeouts:
# try five ports, then fail.
for try in 1 2 3 4 5; do
  MIBS=ALL MIBDIRS=$MIB_DIR iop_start_snmpd && break
  [ $try = 5 ] && { echo "FAIL: snmpd did not start"; exit 1; }
done

# Counters, gauges and clocks move; so does the agent's uptime.
mask() {
  sed -E 's/ = (Counter32|Counter64|Gauge32|Timeticks): .*/ = \1: MASKED/
          s/^(Counter32|Counter64|Gauge32|Timeticks): .*/\1: MASKED/
          s/^([^ ]*(Octets|Pkts|Discards|Errors|Protos|OutQLen|InPkts|OutPkts|UpTime|snmpEngineTime|Speed)[^ ]*)( = )?[^=]*$/\1 MASKED/
          s/^([^ ]*snmpEngineTime[^ ]*) .*/\1 MASKED/
          s/^(UCD-SNMP-MIB::laLoad(Int)?\.[0-9]+ = [A-Z]+: ).*/\1MASKED/
          s/(Opaque: Float: )[-0-9.]+/\1MASKED/'
}
IOP_MASK=mask
A=$SNMPD_ADDR
M="-M $MIB_DIR -m ALL"
trees="system interfaces ifMIB snmp ipAddrTable ipAddressTable at laTable
       snmpEngine usmUser vacmMIBObjects nsModuleTable sysORTable"
for tree in $trees; do
  iop_compare "walk-$tree" snmpwalk walk -v2c -c public $M $A "$tree"
  iop_compare "bulkwalk-$tree" snmpbulkwalk bulkwalk -v2c -c public $M $A \
    "$tree"
done
for flag in -Of -Os -OS -Oe -Oq -OT -Ox -Oa -Ob -OU -Ov -OQ -Ou -OX -Ot; do
  for tree in system interfaces ipAddressTable vacmMIBObjects nsModuleTable; do
    iop_compare "walk$flag-$tree" snmpwalk walk -v2c -c public $M $flag $A \
      "$tree"
  done
  iop_compare "bulkwalk$flag-ifMIB" snmpbulkwalk bulkwalk -v2c -c public $M \
    $flag $A ifMIB
done
# Names wherever an OID is taken, v1 too.
iop_compare "get-names" snmpget get -v2c -c public $M $A sysDescr.0 \
  SNMPv2-MIB::sysName.0 IF-MIB::ifDescr.1 .iso.org.dod.internet.mgmt.mib-2.system.sysContact.0
iop_compare "getnext-v1" snmpgetnext getnext -v1 -c public $M $A sysUpTime \
  ifType.1
iop_compare "walk-v1-ifTable" snmpwalk walk -v1 -c public $M $A ifTable
iop_compare "get-unknown-name" snmpget get -v2c -c public $M $A nosuch.0
iop_compare "get-unknown-module" snmpget get -v2c -c public $M $A \
  NOPE-MIB::x.0
# Without -m, this machine's defaults (Debian: snmp.conf "mibs :" unless
# SNMPCONFPATH says otherwise, MIBS and MIBDIRS from the environment).
MIBS=+IF-MIB iop_compare "walk-env-MIBS" snmpwalk walk -v2c -c public \
  -M $MIB_DIR $A interfaces
MIBDIRS=$MIB_DIR MIBS=SNMPv2-MIB iop_compare "walk-env-MIBDIRS" snmpwalk \
  walk -v2c -c public $A system
iop_finish
