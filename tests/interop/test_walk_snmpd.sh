#!/bin/bash
# snmpx walk/bulkwalk vs Net-SNMP snmpwalk/snmpbulkwalk on snmpd's stable
# subtrees, v1 and v2c, -On and default.  Values that move between two
# walks (counters, timeticks, snmpEngineTime) are masked on both sides.
. "$(dirname "$0")/lib.sh"
iop_start_snmpd

mask() {
  sed -E 's/= (Counter32|Counter64|Gauge32|Timeticks): .*/= \1: MASKED/;
          s/^((\.1\.3\.6\.1|iso\.3\.6\.1)\.6\.3\.10\.2\.1\.3\.0 = INTEGER:).*/\1 MASKED/'
}
IOP_MASK=mask
A=$SNMPD_ADDR
for v in 1 2c; do
  for tree in .1.3.6.1.2.1.1 .1.3.6.1.2.1.2 .1.3.6.1.2.1.11 \
              .1.3.6.1.6.3.10.2.1 .1.3.6.1.6.3.15 .1.3.6.1.6.3.16; do
    iop_compare "walk-v$v-On$tree" snmpwalk walk -v$v -c public -On $A $tree
  done
  iop_compare "walk-v$v-system" snmpwalk walk -v$v -c public $A .1.3.6.1.2.1.1
done
for tree in .1.3.6.1.2.1.1 .1.3.6.1.2.1.2 .1.3.6.1.2.1.11 \
            .1.3.6.1.6.3.10.2.1 .1.3.6.1.6.3.15 .1.3.6.1.6.3.16; do
  iop_compare "bulkwalk-On$tree" snmpbulkwalk bulkwalk -v2c -c public -On \
    $A $tree
done
iop_compare "bulkwalk-Cr3-vacm" snmpbulkwalk bulkwalk -v2c -c public -Cr3 \
  -On $A .1.3.6.1.6.3.16
iop_compare "bulkwalk-v1" snmpbulkwalk bulkwalk -v1 -c public $A \
  .1.3.6.1.2.1.1
iop_compare "walk-Cc" snmpwalk walk -v2c -c public -Cc -On $A .1.3.6.1.2.1.1
iop_compare "walk-Cp" snmpwalk walk -v2c -c public -Cp -On $A .1.3.6.1.2.1.1
iop_compare "bulkwalk-Cp" snmpbulkwalk bulkwalk -v2c -c public -Cp -On $A \
  .1.3.6.1.2.1.1
iop_compare "walk-empty" snmpwalk walk -v2c -c public $A .1.3.6.1.4.1.424242
iop_compare "walk-empty-v1" snmpwalk walk -v1 -c public $A .1.3.6.1.4.1.424242
iop_compare "walk-scalar" snmpwalk walk -v2c -c public $A .1.3.6.1.2.1.1.5.0
iop_compare "walk-end-of-view" snmpwalk walk -v2c -c public -On $A \
  .1.3.6.1.6.3.16.1.5.2.1.6
# The same agent over IPv6.
iop_compare "walk-udp6-system" snmpwalk walk -v2c -c public -On \
  $SNMPD_ADDR6 .1.3.6.1.2.1.1
iop_compare "bulkwalk-udp6-interfaces" snmpbulkwalk bulkwalk -v2c -c public \
  -On $SNMPD_ADDR6 .1.3.6.1.2.1.2
iop_compare "get-udp6" snmpget get -v1 -c public $SNMPD_ADDR6 \
  .1.3.6.1.2.1.1.5.0 .1.3.6.1.2.1.1.6.0
iop_finish
