#!/bin/bash
# Counter32, Gauge32, TimeTicks, UInteger32 and Counter64 values whose
# first content octet has the high bit set with no leading 00 octet (a
# broken agent's 41 01 80), in 1, 2, 4, 5 and 8 octets, and an empty
# Counter64.  Net-SNMP 5.9.3 reads the octets as an unsigned number (no sign
# extension: "Counter32: 128"), keeps the low 32 bits of a wider 32-bit
# type and reads an empty Counter64 as 0; snmpx get, walk and bulkwalk must
# print exactly what snmpget, snmpwalk and snmpbulkwalk print.
# (fake_agent.py --mode unsigned serves the values; the Python package's
# reading is checked in tests/python/test_obsolete_types.py.)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmpget >/dev/null || iop_skip "snmpget not installed"
S=.1.3.6.1.4.1.99998.1

iop_start_fake unsigned --mode unsigned
fake_mask() { sed "s/${FAKE_ADDR#*:}/PORT/g"; }
IOP_MASK=fake_mask
n=$(python3 -c "import sys; sys.path.insert(0, '$here')
import fake_agent; print(len(fake_agent.UNSIGNED_MIB))")
oids=$(for i in $(seq 1 "$n"); do printf ' %s.%d.0' $S "$i"; done)

for o in "" -On -Oq -Ov -Oe -Ot; do
  # shellcheck disable=SC2086
  iop_compare "get$o" snmpget get -v2c -c public -r 1 -t 3 $o $FAKE_ADDR $oids
  iop_compare "walk$o" snmpwalk walk -v2c -c public -r 1 -t 3 $o $FAKE_ADDR $S
done
iop_compare "bulkwalk" snmpbulkwalk bulkwalk -v2c -c public -r 1 -t 3 \
  $FAKE_ADDR $S
# Values one by one: one unreadable value would hide the others above.
for i in $(seq 1 "$n"); do
  iop_compare "get-$i" snmpget get -v2c -c public -r 1 -t 3 $FAKE_ADDR $S.$i.0
done
iop_finish
