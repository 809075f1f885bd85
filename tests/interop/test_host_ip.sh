#!/bin/bash
# IP-MIB, IP-FORWARD-MIB and ICMP as snmpd serves them on this host: every
# table and scalar walked on snmpd, `snmpx agent` and snmpd again (see
# host_lib.sh, host_compare.py).
#
# Counters: the walks themselves are IP traffic on lo (each request and
# response counts in ipInReceives, ipOutRequests, the octet counters...),
# and snmpd serves them from caches (5 s for the MIB-II groups, 30 s for
# ipSystemStatsTable) that are not loaded when ours are, so a fresh value
# of ours may lie after snmpd's second walk: those counters get a
# tolerance of the traffic a few walks make.  Counters no walk moves
# (errors, fragments, forwarding) are compared exactly.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/host_lib.sh"

host_start_both

IP=.1.3.6.1.2.1.4
ICMP=.1.3.6.1.2.1.5
# ipInReceives(3), ipInDelivers(9), ipOutRequests(10).
host_walk ip-scalars $IP.1 --tolerance $IP.3=20000 --tolerance $IP.9=20000 \
  --tolerance $IP.10=20000
for a in 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19; do
  host_get ip-scalar-$a $IP.$a.0 -- --tolerance $IP.3=20000 \
    --tolerance $IP.9=20000 --tolerance $IP.10=20000
done
host_walk ipAddrTable $IP.20
host_walk ipRouteTable $IP.21
host_walk ipNetToMediaTable $IP.22
host_get ipRoutingDiscards $IP.23.0
host_walk ipCidrRouteTable $IP.24.4
host_get inetCidrRouteNumber $IP.24.6.0
host_walk inetCidrRouteTable $IP.24.7
host_get ipv6-scalars $IP.25.0 $IP.26.0
# ipSystemStatsTable: the packet and octet counters of the walks' own
# traffic (IPv4: lo; IPv6 is not used by the walks but by the host).
SS=$IP.31.1.1
host_walk ipSystemStatsTable $IP.31.1 \
  --tolerance $SS.3=20000 --tolerance $SS.4=20000 \
  --tolerance $SS.5=20000000 --tolerance $SS.6=20000000 \
  --tolerance $SS.18=20000 --tolerance $SS.19=20000 \
  --tolerance $SS.20=20000 --tolerance $SS.21=20000 \
  --tolerance $SS.30=20000 --tolerance $SS.31=20000 \
  --tolerance $SS.32=20000000 --tolerance $SS.33=20000000
host_get ipIfStatsTableLastChange $IP.31.2.0
host_walk ipAddressPrefixTable $IP.32
# ipAddressSpinLock (TestAndIncr): both agents start it at a random value.
host_walk ipAddressTable $IP.34
# ipNetToPhysicalLastUpdated: snmpd's sysUpTime when its cache loaded the
# entry, which ours cannot know (its clock is not ours).
host_walk ipNetToPhysicalTable $IP.35 --skip-values $IP.35.1.5
host_walk icmp $ICMP
iop_finish
