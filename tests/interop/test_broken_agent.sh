#!/usr/bin/env bash
# Agents that misbehave (tests/interop/fake_agent.py): a non-increasing OID,
# a reply from another address, a reply that comes late, tooBig on GETBULK.
# Where Net-SNMP's tools have defined behaviour, snmpx must print exactly
# the same; where snmpx goes further (late replies, tooBig), its own result
# is checked.
source "$(dirname "$0")/lib.sh"

# Start fake_agent.py in |mode|; sets FAKE_ADDR.
start_fake() { iop_start_fake "$1" --mode "$@"; }

R=.1.3.6.1.4.1.99998

start_fake decreasing
for v in 1 2c; do
  iop_compare "walk-v$v-not-increasing" snmpwalk walk -v$v -c public \
    $FAKE_ADDR $R
  iop_compare "walk-v$v-not-increasing-On" snmpwalk walk -v$v -c public -On \
    $FAKE_ADDR $R
done
iop_compare "bulkwalk-not-increasing" snmpbulkwalk bulkwalk -v2c -c public \
  -Cr2 $FAKE_ADDR $R

start_fake other-source
iop_compare "get-other-source" snmpget get -v2c -c public -r 0 -t 1 \
  $FAKE_ADDR $R.1.1.0
iop_compare "walk-other-source" snmpwalk walk -v1 -c public -r 0 -t 1 \
  $FAKE_ADDR $R

# The answer to the first send arrives after two retransmissions went out:
# it must still complete the request (one request-id for every send).
start_fake late --delay 1.2
out=$("$SNMPX" get -v2c -c public -r 3 -t 0.5 $FAKE_ADDR $R.1.2.0 2>&1)
if [ "$out" = "iso.3.6.1.4.1.99998.1.2.0 = INTEGER: 12" ]; then
  echo "ok   late-reply-completes"
else
  echo "--- late-reply-completes: got: $out"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# tooBig to GETBULK: snmpx retries with fewer repetitions and finishes.
start_fake toobig
out=$("$SNMPX" bulkwalk -v2c -c public -Cr10 -Cp $FAKE_ADDR $R 2>&1)
want=$(printf '%s\n' \
  "iso.3.6.1.4.1.99998.1.1.0 = INTEGER: 11" \
  "iso.3.6.1.4.1.99998.1.2.0 = INTEGER: 12" \
  "iso.3.6.1.4.1.99998.1.3.0 = INTEGER: 13" \
  "iso.3.6.1.4.1.99998.1.4.0 = INTEGER: 14" \
  "iso.3.6.1.4.1.99998.1.5.0 = INTEGER: 15" \
  "iso.3.6.1.4.1.99998.1.5.0 = No more variables left in this MIB View (It is past the end of the MIB tree)" \
  "Variables found: 6")
if [ "$out" = "$want" ]; then
  echo "ok   bulkwalk-toobig-retries-smaller"
else
  echo "--- bulkwalk-toobig-retries-smaller: got:"; echo "$out"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
iop_finish
