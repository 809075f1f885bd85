#!/usr/bin/env bash
# Values printed through the MIB: snmpx walk/get vs snmpwalk/snmpget on an
# snmpsim agent serving objects of tests/mib/data/SNMPX-TEST-MIB.txt (the
# data below): DISPLAY-HINTs (d-2, d-3, x, o, b, 1d., *1x:/1d, 2x, 255t,
# 1x:, DateAndTime, a bad one), enumerations, BITS, UNITS, wrong types,
# and table indexes of every kind (integer, enumeration, string, fixed
# string, IpAddress, IMPLIED, InetAddress by type, OID, AUGMENTS), under
# the -O flags that change them.
. "$(dirname "$0")/../interop/lib.sh"
MIB_DIR=${MIB_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/mibs}
[ -d "$MIB_DIR" ] || MIB_DIR=/work/shared/mibs
[ -d "$MIB_DIR" ] || iop_skip "no MIB directory"
MIB_DATA=$(cd "$(dirname "$0")/data" && pwd)
export SNMPX_MIBDB_CACHE_DIR="$IOP_DIR/mibcache"

SIM_SRC=$IOP_DATA
IOP_DATA=$IOP_DIR/simdata
mkdir -p "$IOP_DATA"
cp "$SIM_SRC/awkward.snmprec" "$IOP_DATA/" # the agent's readiness probe
python3 "$(dirname "$0")/sxtest_snmprec.py" "$IOP_DATA/sxtest.snmprec"
iop_start_snmpsim
snmpget -v2c -c sxtest -r 2 -t 1 "$SIM_ADDR" .1.3.6.1.4.1.99991.1.1.0 >/dev/null ||
  { echo "FAIL: snmpsim does not serve the test data"; exit 1; }
A=$SIM_ADDR
M="-M $MIB_DIR:$MIB_DATA -m ALL"
R=.1.3.6.1.4.1.99991
iop_compare "walk" snmpwalk walk -v2c -c sxtest $M $A $R
iop_compare "bulkwalk" snmpbulkwalk bulkwalk -v2c -c sxtest $M $A $R
iop_compare "walk-v1" snmpwalk walk -v1 -c sxtest $M $A $R
for flag in -Oq -Ov -OQ -Oe -Ox -Oa -OT -OU -Ot -Ob -OX -OE -Of -Os -Ou -On \
            -Oxq -OXq -OeQ -OTx; do
  iop_compare "walk$flag" snmpwalk walk -v2c -c sxtest $M $flag $A $R
done
iop_compare "get-names" snmpget get -v2c -c sxtest $M $A \
  SNMPX-TEST-MIB::sxCenti.0 sxEnum.1 'sxValue.1.1."abc".'"'"'defg'"'"'.10.0.0.1.120.121'
iop_finish
