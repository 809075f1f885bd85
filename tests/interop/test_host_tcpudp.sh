#!/bin/bash
# TCP-MIB and UDP-MIB (src/host/host_tcpudp.c): `snmpx agent` must serve
# what a private snmpd serves on this host.
#  1. A python peer holds, for the whole test, a TCP listener on
#     127.0.0.1 with one connection to it, a TCP listener on ::1, and UDP
#     sockets on 127.0.0.1 and ::1.  Their rows are compared strictly
#     (every column, the process column naming the peer's pid).
#  2. The scalars: snmpd's and snmpx's caches live 5 s, so each agent is
#     asked only once its cache has been reloaded after the previous
#     agent's answer; the counters must then lie between snmpd's.
#  3. Every table is walked whole.  Other programs' connections come and
#     go while the test runs (this test's own walkers are UDP sockets),
#     so other rows may appear in one walk only (--volatile) or vanish
#     before snmpx's walk while snmpd's cache still shows them
#     (--may-vanish); their states and owners move too (--skip-values).
#  4. SETs: tcpConnectionState (read-write, deleteTCB) fails as snmpd's
#     does on Linux, the other objects are not writable.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/host_lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
command -v python3 >/dev/null || iop_skip "python3 not installed"
python3 -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' \
  2>/dev/null || iop_skip "no IPv6 loopback"

TP=$(iop_free_port) && T6=$(iop_free_port) && UP=$(iop_free_port) &&
  U6=$(iop_free_port) || exit 1

# The peer: writes "pid client_port udp_inode udp6_inode" when its sockets
# are up, then waits to be stopped.
python3 - "$TP" "$T6" "$UP" "$U6" "$IOP_DIR/peer.info" <<'PY' &
import os, signal, socket, sys, time
tp, t6, up, u6 = (int(x) for x in sys.argv[1:5])
lst = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
lst.bind(('127.0.0.1', tp)); lst.listen(4)
cli = socket.create_connection(('127.0.0.1', tp))
srv, _ = lst.accept()
lst6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
lst6.bind(('::1', t6)); lst6.listen(4)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(('127.0.0.1', up))
udp6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
udp6.bind(('::1', u6))
info = '%d %d %d %d\n' % (os.getpid(), cli.getsockname()[1],
                          os.fstat(udp.fileno()).st_ino,
                          os.fstat(udp6.fileno()).st_ino)
with open(sys.argv[5] + '.tmp', 'w') as f:
    f.write(info)
os.rename(sys.argv[5] + '.tmp', sys.argv[5])
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
while True:
    # The listener accepts what step 2's polls open, so they end cleanly.
    lst.settimeout(1.0)
    try:
        c, _ = lst.accept()
        c.close()
    except socket.timeout:
        pass
PY
IOP_PIDS="$IOP_PIDS $!"
for _ in $(seq 300); do
  [ -s "$IOP_DIR/peer.info" ] && break
  sleep 0.1
done
[ -s "$IOP_DIR/peer.info" ] || { echo "the python peer did not start"; exit 1; }
read -r PEER CP UI U6I <"$IOP_DIR/peer.info"

# Started after the peer, so snmpd's caches hold the peer's sockets.
host_start_both "rwcommunity private 127.0.0.1"

MIB2=.1.3.6.1.2.1
TCP=$MIB2.6 UDP=$MIB2.7

# ---- 1. The peer's rows, strictly -----------------------------------------
L4="127.0.0.1.$TP"
CONN="$L4.127.0.0.1.$CP" BACK="127.0.0.1.$CP.$L4"
host_get tcpConnTable-peer \
  $TCP.13.1.{1,2,3,4,5}.$L4.0.0.0.0.0 \
  $TCP.13.1.{1,2,3,4,5}.$CONN $TCP.13.1.{1,2,3,4,5}.$BACK
host_get tcpConnectionTable-peer \
  $TCP.19.1.{7,8}.1.4.$L4.1.4.127.0.0.1.$CP \
  $TCP.19.1.{7,8}.1.4.127.0.0.1.$CP.1.4.$L4
V6ONE=2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1
V6ANY=2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0
host_get tcpListenerTable-peer $TCP.20.1.4.1.4.$L4 $TCP.20.1.4.$V6ONE.$T6
host_get udpTable-peer $UDP.5.1.{1,2}.127.0.0.1.$UP
host_get udpEndpointTable-peer \
  $UDP.7.1.8.1.4.127.0.0.1.$UP.1.4.0.0.0.0.0.$UI \
  $UDP.7.1.8.$V6ONE.$U6.$V6ANY.0.$U6I

# The process columns name the peer (snmpd could be wrong too).
for f in tcpConnectionTable-peer tcpListenerTable-peer udpEndpointTable-peer; do
  n=$(grep -c "= Gauge32: $PEER\$" "$IOP_DIR/host/$f/x")
  if [ "$n" -ne 2 ]; then
    echo "--- $f: the process column is not the peer's pid $PEER:"
    cat "$IOP_DIR/host/$f/x"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done

# ---- 2. The scalars ------------------------------------------------------------
SCALARS=($TCP.{1,2,3,4,5,6,7,8,9,10,11,12,14,15}.0 $UDP.{1,2,3,4}.0)

# fresh ADDR: wait until ADDR's tcp and udp caches have been reloaded
# after this call (both counters moved: the polls themselves open a TCP
# connection to the peer and send UDP datagrams).
fresh() {
  local g=(snmpget -v2c -c public -On -Oqv -t 5 -r 1 "$1"
           $TCP.5.0 $UDP.1.0) first now
  first=$("${g[@]}" | tr '\n' ' ')
  for _ in $(seq 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$TP") 2>/dev/null
    now=$("${g[@]}" | tr '\n' ' ')
    read -r a1 u1 <<<"$first"
    read -r a2 u2 <<<"$now"
    [ "$a1" != "$a2" ] && [ "$u1" != "$u2" ] && return 0
    sleep 0.25
  done
  echo "fresh $1: the counters did not move in 30 s ($first / $now)"
  return 1
}

r=$IOP_DIR/host/scalars
mkdir -p "$r"
get=(snmpget -v2c -c public -On -Oe -t 5 -r 1)
"${get[@]}" "$SNMPD_ADDR" "${SCALARS[@]}" >"$r/d1" 2>&1
fresh "$AGENT_ADDR" || IOP_FAILS=$((IOP_FAILS + 1))
"${get[@]}" "$AGENT_ADDR" "${SCALARS[@]}" >"$r/x" 2>&1
fresh "$SNMPD_ADDR" || IOP_FAILS=$((IOP_FAILS + 1))
"${get[@]}" "$SNMPD_ADDR" "${SCALARS[@]}" >"$r/d2" 2>&1
# tcpCurrEstab is the host's gauge of established connections: other
# tests on this machine open and close hundreds at a time (the TCP soak
# holds ~600 ends), so its value is not between snmpd's; the peer's
# connection (both ends) is always in it.
host_cmp scalars --skip-values $TCP.9.0
estab=$(snmpget -v2c -c public -Oqv -t 5 -r 1 "$AGENT_ADDR" $TCP.9.0)
if [ "${estab:-0}" -ge 2 ] 2>/dev/null; then
  echo "ok   tcpCurrEstab ($estab)"
else
  echo "--- tcpCurrEstab: $estab, not the peer's 2 connection ends at least"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# tcpHCInSegs and tcpHCOutSegs (RFC 4022; snmpd 5.9 does not serve
# them): in one answer, the same counts as tcpInSegs and tcpOutSegs
# before these wrap at 2^32.
hc=$("${get[@]}" -Oqv "$AGENT_ADDR" $TCP.10.0 $TCP.11.0 $TCP.17.0 $TCP.18.0)
if ! python3 - $hc <<'PY'; then
import sys
i, o, hi, ho = (int(x) for x in sys.argv[1:5])
sys.exit(0 if hi % 2**32 == i and ho % 2**32 == o and hi > 0 else 1)
PY
  echo "--- tcpHCInSegs/tcpHCOutSegs do not match tcpInSegs/tcpOutSegs: $hc"
  IOP_FAILS=$((IOP_FAILS + 1))
else
  echo "ok   tcpHC counters"
fi

# ---- 3. The whole tables ------------------------------------------------------
# tcpConnTable: columns 2..5 repeat the index, strict for every row seen
# in all three walks; the state moves (established, then timeWait).
host_walk tcpConnTable $TCP.13 --volatile $TCP.13 --may-vanish $TCP.13 \
  --skip-values $TCP.13.1.1
host_walk tcpConnectionTable $TCP.19 --volatile $TCP.19 \
  --may-vanish $TCP.19 --skip-values $TCP.19.1.7 --skip-values $TCP.19.1.8
host_walk tcpListenerTable $TCP.20 --volatile $TCP.20 --may-vanish $TCP.20
host_walk udpTable $UDP.5 --volatile $UDP.5 --may-vanish $UDP.5
host_walk udpEndpointTable $UDP.7 --volatile $UDP.7 --may-vanish $UDP.7 \
  --skip-values $UDP.7.1.8

# The objects this module serves and nothing else under tcp and udp: the
# walk of each group names the same objects as snmpd's (plus tcpHC*).
for g in $TCP $UDP; do
  objs() { sed -n 's/^\(\.1\.3\.6\.1\.2\.1\.[67]\.[0-9]*\)[.].*/\1/p' "$1" | sort -u; }
  snmpbulkwalk -v2c -c public -On -t 5 -r 1 "$SNMPD_ADDR" "$g" >"$IOP_DIR/objs.d" 2>&1
  snmpbulkwalk -v2c -c public -On -t 5 -r 1 "$AGENT_ADDR" "$g" >"$IOP_DIR/objs.x" 2>&1
  want=$({ objs "$IOP_DIR/objs.d"
           [ "$g" = $TCP ] && printf '%s\n' $TCP.17 $TCP.18; } | sort -u)
  if [ "$want" != "$(objs "$IOP_DIR/objs.x")" ]; then
    echo "--- objects under $g differ:"
    diff <(echo "$want") <(objs "$IOP_DIR/objs.x")
    IOP_FAILS=$((IOP_FAILS + 1))
  else
    echo "ok   objects under $g"
  fi
done

# ---- 4. SETs ------------------------------------------------------------------
set_case() {
  local name=$1; shift
  local s=(snmpset -c private -t 5 -r 1 "$@")
  local d x
  d=$("${s[@]/#ADDR/$SNMPD_ADDR}" 2>&1 | grep -E '^(Reason|Failed object)')
  x=$("${s[@]/#ADDR/$AGENT_ADDR}" 2>&1 | grep -E '^(Reason|Failed object)')
  if [ -n "$d" ] && [ "$d" = "$x" ]; then
    echo "ok   set $name (${d%%$'\n'*})"
  else
    echo "--- set $name: snmpd said"
    echo "$d"
    echo "snmpx said"
    echo "$x"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}
ST=$TCP.19.1.7.1.4.$L4.1.4.127.0.0.1.$CP
set_case deleteTCB -v2c ADDR $ST i 12
set_case established -v2c ADDR $ST i 5
set_case state-0 -v2c ADDR $ST i 0
set_case state-13 -v2c ADDR $ST i 13
set_case state-type -v2c ADDR $ST u 12
set_case deleteTCB-v1 -v1 ADDR $ST i 12
set_case no-row -v2c ADDR $TCP.19.1.7.1.4.127.0.0.1.1.1.4.127.0.0.1.1 i 12
set_case tcpRtoMin -v2c ADDR $TCP.2.0 i 100
set_case tcpConnState -v2c ADDR $TCP.13.1.1.$CONN i 12
set_case listener -v2c ADDR $TCP.20.1.4.1.4.$L4 u 1
set_case udpEndpoint -v2c ADDR $UDP.7.1.8.1.4.127.0.0.1.$UP.1.4.0.0.0.0.0.$UI u 1
# The connection is still there.
host_get tcpConnectionTable-after-set $ST

# sysORTable: the TCP-MIB and UDP-MIB rows snmpd registers.
snmpbulkwalk -v2c -c public -On -Oqv -t 5 -r 1 "$AGENT_ADDR" $MIB2.1.9.1.3 \
  >"$IOP_DIR/sysor" 2>&1
for d in "The MIB module for managing TCP implementations" \
         "The MIB module for managing UDP implementations"; do
  if grep -qF "\"$d\"" "$IOP_DIR/sysor"; then
    echo "ok   sysORDescr $d"
  else
    echo "--- no sysORDescr \"$d\":"
    cat "$IOP_DIR/sysor"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done

iop_finish
