#!/bin/bash
# snmpx vs Net-SNMP on snmpsim serving data/awkward.snmprec (every type,
# boundary numbers, binary and multi-line strings, Opaque float/double/
# int64, huge index arcs, a 100-arc OID), under the -O flags that matter
# without MIBs; and data/exceptions.snmprec for noSuch*/endOfMibView.
. "$(dirname "$0")/lib.sh"
iop_start_snmpsim

A=$SIM_ADDR
R=.1.3.6.1.4.1.99999
for f in "" -On -Oq -Ov -Ox -Ot -OQ -Oa -OT -Of -Ou -Oqv -OnQ -OxT -Oqt; do
  iop_compare "walk$f" snmpwalk walk -v2c -c awkward $f $A $R
done
for f in "" -On -Oq; do
  iop_compare "bulkwalk$f" snmpbulkwalk bulkwalk -v2c -c awkward $f $A $R
done
iop_compare "walk-v1" snmpwalk walk -v1 -c awkward -On $A $R.9
iop_compare "walk-v1-counter64" snmpwalk walk -v1 -c awkward $A $R.10
iop_compare "get-many" snmpget get -v2c -c awkward $A $R.1.1.0 $R.2.7.0 \
  $R.4.5.0 $R.8.8.0 $R.9.4.0 $R.10.3.0 $R.11.4294967295
iop_compare "get-v1-c64" snmpget get -v1 -c awkward $A $R.10.3.0 $R.1.1.0
iop_compare "getnext-many" snmpgetnext getnext -v2c -c awkward -On $A \
  $R.1 $R.2.6.0 $R.11
iop_compare "getnext-last" snmpgetnext getnext -v2c -c awkward $A $R.12
iop_compare "bulkget" snmpbulkget bulkget -v2c -c awkward -Cn1 -Cr5 $A \
  $R.1.1.0 $R.2 $R.8
iop_compare "bulkget-default" snmpbulkget bulkget -v2c -c awkward $A $R.8

E=.1.3.6.1.4.1.99998
iop_compare "get-exceptions" snmpget get -v2c -c exceptions $A $E.2.0 \
  $E.3.0 $E.4.0 $E.9.0
iop_compare "get-exceptions-q" snmpget get -v2c -c exceptions -Oq $A $E.2.0
iop_compare "walk-exceptions" snmpwalk walk -v2c -c exceptions $A $E
iop_compare "bulkwalk-exceptions" snmpbulkwalk bulkwalk -v2c -c exceptions \
  $A $E
iop_finish
