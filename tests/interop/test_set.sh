#!/bin/bash
# snmpx set vs snmpset: each type letter against snmpd's writable test
# objects (override -rw, see lib.sh), agent-side errors, and the value
# errors that snmpset reports before sending anything.
. "$(dirname "$0")/lib.sh"
iop_start_snmpd

A=$SNMPD_ADDR
W=.1.3.6.1.4.1.99990
# Each value is set by the reference then by snmpx; both must print the
# same.  Sets are idempotent so the order does not matter.
c() { iop_compare "$1" snmpset set -v2c -c private "$A" "${@:2}"; }
c set-i $W.1.0 i 42
c set-i-neg $W.1.0 i -2147483648
c set-s $W.2.0 s "hello world"
c set-s-empty $W.2.0 s ""
c set-x $W.2.0 x "41 42 0a"
c set-d $W.2.0 d "1.2.255"
c set-b $W.2.0 b "1,7"
c set-o $W.3.0 o .1.3.6.1.2.1
c set-u $W.6.0 u 4294967295
c set-t $W.7.0 t 123456
c set-multi $W.1.0 i 7 $W.2.0 s multi $W.7.0 t 8640000
c set-On -On $W.1.0 i 8
c set-q -Oq $W.1.0 i 9
# Agent errors (exit 2).
c set-notwritable $W.9.0 i 5
c set-wrongtype $W.1.0 s 5
c set-nocreation $W.99.0 i 5
iop_compare set-v1-badvalue snmpset set -v1 -c private "$A" $W.1.0 s 5
iop_compare set-v1-readonly snmpset set -v1 -c public "$A" $W.1.0 i 5
# Rejected before any I/O (exit 1).
c set-bad-type $W.1.0 z 5
c set-bad-int $W.1.0 i abc
c set-bad-hex $W.2.0 x abc
c set-bad-ip $W.2.0 a 256.1.1.1
c set-bad-oid $W.3.0 o 1.3..6
c set-bad-d $W.2.0 d 256
c set-no-value $W.1.0 i
c set-no-type $W.1.0
c set-trunc $W.6.0 u 4294967296
iop_finish
