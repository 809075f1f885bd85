#!/bin/bash
# Error paths: noSuchName (v1), noSuchObject/noSuchInstance (v2c),
# timeouts, wrong community, bad OIDs, usage errors, bad addresses.
. "$(dirname "$0")/lib.sh"
# Up to the USAGE line, which names the command as invoked: "USAGE: snmpx
# get" stands for snmpget's "USAGE: snmpget".
usage_mask() {
  sed -e 's/^USAGE: snmpx \([a-z]*\)/USAGE: snmp\1/' -e '/^USAGE:/q'
}
iop_start_snmpd

A=$SNMPD_ADDR
D=$(iop_dead_addr)
S=.1.3.6.1.2.1.1
# The dead port is random: hide it on both sides.
mask() { sed "s/${D#*:}/PORT/g"; }
IOP_MASK=mask
for t in get getnext; do
  iop_compare "$t-v1-nosuchname" snmp$t $t -v1 -c public $A $S.99.0
  iop_compare "$t-v1-nosuchname-2" snmp$t $t -v1 -c public $A $S.5.0 \
    .1.3.6.1.99.1 $S.6.0
  iop_compare "$t-v1-Cf" snmp$t $t -v1 -c public -Cf $A $S.5.0 .1.3.6.1.99.1
done
iop_compare "get-v2c-nosuchobject" snmpget get -v2c -c public $A $S.99.0 \
  $S.5.0 $S.5.1 .1.3.6.1.99.1
iop_compare "getnext-v2c-end" snmpgetnext getnext -v2c -c public $A \
  .1.3.6.1.6.3.16.1.5.2.1.6.99
iop_compare "walk-v1-end" snmpwalk walk -v1 -c public $A \
  .1.3.6.1.6.3.16.1.5.2.1.6
for t in get getnext walk bulkwalk bulkget; do
  iop_compare "$t-timeout" snmp$t $t -v2c -c public -r 0 -t 1 $D $S.5.0
done
iop_compare "get-timeout-v1" snmpget get -v1 -c public -r 1 -t 1 $D $S.5.0
iop_compare "get-wrong-community" snmpget get -v2c -c wrong -r 0 -t 1 $A \
  $S.5.0
iop_compare "walk-wrong-community" snmpwalk walk -v1 -c wrong -r 0 -t 1 $A \
  $S
iop_compare "get-bad-oid" snmpget get -v2c -c public $A 1.3..6
iop_compare "get-bad-oid-name" snmpget get -v2c -c public $A sysDescr.0
iop_compare "walk-bad-oid" snmpwalk walk -v2c -c public $A 1.3..6
# An address both tools refuse without a name lookup (a host name here
# would send a real DNS query): a port out of range.  Net-SNMP appends
# whatever errno an earlier file search left, e.g. "(No such file or
# directory)"; snmpx prints none, so that tail is hidden.
bad_port_mask() {
  mask | sed -E 's/^(snmpget: Unknown host \(.*\)) \([^()]*\)$/\1/'
}
IOP_MASK=bad_port_mask
iop_compare "get-bad-port" snmpget get -v2c -c public 127.0.0.1:99999 $S.5.0
IOP_MASK=mask
# The usage text itself is snmpx's own (it lists only the options snmpx
# has); everything up to and including the "USAGE:" line must match.
IOP_MASK=usage_mask
iop_compare "get-no-oid" snmpget get -v2c -c public $A
iop_compare "get-no-agent" snmpget get -v2c -c public
iop_compare "walk-no-agent" snmpwalk walk -v2c -c public
iop_compare "get-no-version" snmpget get -c public $A $S.5.0
iop_compare "get-bad-version" snmpget get -v 4 -c public $A $S.5.0
iop_compare "get-bad-O" snmpget get -v2c -c public -Oz $A $S.5.0
IOP_MASK=cat
iop_compare "bulkget-v1" snmpbulkget bulkget -v1 -c public $A $S.5.0
iop_finish
