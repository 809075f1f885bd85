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
# The lo traffic of every test on this machine moves the IPv4 packet and
# octet counters by thousands a second, and snmpd's caches are older than
# ours by up to their lifetime (5 s; 30 s for the statistics tables):
# those counters may be a few percent off.  ipInReceives(3),
# ipInDelivers(9), ipOutRequests(10).
MOVING=(--tolerance $IP.3=5% --tolerance $IP.9=5% --tolerance $IP.10=5%)
SCALARS=()
for a in $(seq 1 19) 23 25 26; do SCALARS+=($IP.$a.0); done
host_get ip-scalars "${SCALARS[@]}" -- "${MOVING[@]}"
# GET of an instance that is not there and of an object that is not, as
# snmpd's handlers answer them: its MIB-II scalars and tables answer
# noSuchInstance for anything under them, its MFD tables for a row of an
# accessible column only (an index column or one past the last is no
# object), its instance registrations (inetCidrRouteNumber) noSuchObject.
host_get ip-nosuch $IP.1.1 $IP.20.1.2.127.0.0.1 $IP.20.1.2.1.2.3.4 \
  $IP.20.1.9.127.0.0.1 $IP.27.0 $IP.24.6.1 $IP.24.7.1.1.1 $IP.31.1.1.42.3 \
  $IP.31.1.1.99.1 $IP.31.3.1.22.2.1 $IP.34.1.2.1 $IP.34.1.3.1 \
  $IP.36.1.99.4 $IP.33.1 $ICMP.1.1 $ICMP.29.1.9.1 $ICMP.30.1.3.1.1
host_walk ipAddrTable $IP.20
host_walk ipRouteTable $IP.21
host_walk ipNetToMediaTable $IP.22
host_get ipRoutingDiscards $IP.23.0
host_walk ipCidrRouteTable $IP.24.4
host_get inetCidrRouteNumber $IP.24.6.0
host_walk inetCidrRouteTable $IP.24.7
host_get ipv6-scalars $IP.25.0 $IP.26.0
# ipSystemStatsTable and ipIfStatsTable: the packet and octet counters
# of the machine's traffic move (see above): IPv4's (row 1) by a few
# percent, IPv6's (row 2, every row of ipIfStatsTable) by what other
# tests send over ::1 (small numbers, so an absolute slack).
PKTS=()
for c in 3 4 18 19 20 21 30 31; do
  PKTS+=(--tolerance $IP.31.1.1.$c.1=5% --tolerance $IP.31.1.1.$c.2=2000)
  PKTS+=(--tolerance $IP.31.3.1.$c=2000)
done
for c in 5 6 32 33; do
  PKTS+=(--tolerance $IP.31.1.1.$c.1=5% --tolerance $IP.31.1.1.$c.2=400000)
  PKTS+=(--tolerance $IP.31.3.1.$c=400000)
done
host_walk ipSystemStatsTable $IP.31.1 "${PKTS[@]}"
host_get ipIfStatsTableLastChange $IP.31.2.0
host_walk ipIfStatsTable $IP.31.3 "${PKTS[@]}"
host_walk ipAddressPrefixTable $IP.32
# ipAddressSpinLock (TestAndIncr, 4.33) is not compared: both agents
# start it at a random value.
host_walk ipAddressTable $IP.34
# ipNetToPhysicalLastUpdated: snmpd's sysUpTime when its cache loaded the
# entry, which ours cannot know (its clock is not ours).
host_walk ipNetToPhysicalTable $IP.35 --skip-values $IP.35.1.5
host_walk ipv6ScopeZoneIndexTable $IP.36
host_walk ipDefaultRouterTable $IP.37
# The whole group in one walk: nothing left out between the tables.
host_walk ip $IP --ignore $IP.33 --skip-values $IP.35.1.5 "${MOVING[@]}" \
  "${PKTS[@]}"
# ICMP messages: other tests' datagrams to closed ports on lo make port
# unreachables (type 3) while snmpd's 5 s cache keeps older counts:
# icmpInMsgs(1), icmpInDestUnreachs(3), icmpOutMsgs(14),
# icmpOutDestUnreachs(16), icmpStatsTable, icmpMsgStatsTable.
ICMPT=()
for o in 1 3 14 16 29 30; do ICMPT+=(--tolerance $ICMP.$o=1000); done
host_walk icmp $ICMP "${ICMPT[@]}"
iop_finish
