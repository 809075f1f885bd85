#!/usr/bin/env bash
# snmpx set with MIBs loaded, beside Net-SNMP's snmpset on a private snmpd:
# names as OIDs and as "o" values, "=" for the object's type, enumeration
# labels, and Net-SNMP's refusals (a type that is not the object's, an
# INTEGER outside its ranges) with their exact messages.
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
A=$SNMPD_ADDR
M="-M $MIB_DIR -m ALL"
n=0
set_case() {
  n=$((n + 1))
  iop_compare "set-$n" snmpset set -v2c -c private -r 0 -t 2 $M $A "$@"
}
set_case .1.3.6.1.4.1.99990.3.0 o IF-MIB::ifDescr.1
set_case .1.3.6.1.4.1.99990.3.0 o sysDescr
set_case .1.3.6.1.4.1.99990.2.0 s named
set_case .1.3.6.1.4.1.99990.1.0 = 5
set_case sysContact.0 = hello
set_case SNMPv2-MIB::sysContact.0 i 5
set_case sysContact.0 o .1.3
set_case sysContact.0 b 1
set_case sysServices.0 i 500
set_case sysServices.0 i -1
set_case DISMAN-EXPRESSION-MIB::expResourceDeltaMinimum.0 i 700
# Never a real interface: snmpd runs as root here, and setting
# ifAdminStatus.1 (lo) down takes the loopback away from every test.
# Interface 99 does not exist: the client-side parsing is the same and
# snmpd refuses the SET.
set_case ifAdminStatus.99 i bogus
set_case ifAdminStatus.99 i up
set_case ifAdminStatus.99 = down
set_case sysUpTime.0 = 5
set_case ifInOctets.1 u 5
set_case ifSpeed.1 s fast
set_case SNMP-TARGET-MIB::snmpTargetSpinLock.0 u 5
set_case ipAdEntAddr.127.0.0.1 i 1
set_case sysObjectID.0 t 5
# "=" for an OBJECT IDENTIFIER object takes a name as "o" does.
set_case sysObjectID.0 = IF-MIB::ifDescr
set_case nosuch.0 i 5
long=$(printf 'a%.0s' $(seq 1 300))
set_case sysContact.0 s "$long"
set_case sysContact.0 x "$(printf '41%.0s' $(seq 1 300))"
set_case SNMP-FRAMEWORK-MIB::snmpEngineID.0 s abc
set_case SNMP-FRAMEWORK-MIB::snmpEngineID.0 x 0102
set_case 'SNMP-VIEW-BASED-ACM-MIB::vacmViewTreeFamilyMask."all".1.1' s "$long"
set_case sysName.0 s fine
iop_finish
