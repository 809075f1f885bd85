#!/bin/bash
# Notifications over TCP, TCP over IPv6 and UNIX domain sockets, beside
# Net-SNMP 5.9.  snmptrapd and snmpx trapd listen on all three (and UDP,
# which tells they are up), with the same configuration.
#  - snmpx trap / snmpx inform -> snmptrapd: logged as what snmptrap and
#    snmpinform send with the same arguments, both senders exiting alike;
#  - snmptrap / snmpinform -> snmpx trapd: printed as snmptrapd logs the
#    same notification ("TCP: [127.0.0.1]:PORT->[0.0.0.0]:0",
#    "TCP/IPv6: [::1]:PORT", "Local IPC: PATH"), informs acknowledged.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
. "$here/notify_lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"

mask() {
  nt_mask | sed -E -e 's/(TCP\/IPv6: \[[^]]*\]):[0-9]+/\1:PORT/' \
    -e "s|$IOP_DIR/[a-z]*\.sock|SOCK|g"
}

# snmptrapd with notify_lib's configuration, on the stream transports too.
launch_ref() {
  local d=$IOP_DIR/snmptrapd
  nt_write_snmptrapd_conf
  rm -f "$IOP_DIR/ref.sock"
  SNMP_PERSISTENT_DIR="$d/persist" snmptrapd -f -C -c "$d/snmptrapd.conf" \
    -Lf "$d/log" -p "$d/pid" "udp:127.0.0.1:$1" "tcp:127.0.0.1:$1" \
    "tcp6:[::1]:$1" "unix:$IOP_DIR/ref.sock" >"$d/stdout" 2>&1 &
  IOP_PEER_PID=$!
}
ref_ready() { [ -s "$IOP_DIR/snmptrapd/log" ] && [ -S "$IOP_DIR/ref.sock" ]; }
iop_start_peer launch_ref ref_ready ||
  { echo "snmptrapd did not start"; cat "$IOP_DIR/snmptrapd/log"; exit 1; }
RP=$IOP_PEER_PORT
RLOG=$IOP_DIR/snmptrapd/log

mkdir -p "$IOP_DIR/xtrapd"
XLOG=$IOP_DIR/xtrapd/log
XERR=$IOP_DIR/xtrapd/stderr
launch_x() {
  rm -f "$XLOG" "$XERR" "$IOP_DIR/x.sock"
  "$SNMPX" trapd -f -C -c "$IOP_DIR/snmptrapd/snmptrapd.conf" -Lf "$XLOG" \
    "udp:127.0.0.1:$1" "tcp:127.0.0.1:$1" "tcp6:[::1]:$1" \
    "unix:$IOP_DIR/x.sock" 2>"$XERR" &
  IOP_PEER_PID=$!
}
x_ready() { grep -q listening "$XERR" 2>/dev/null && [ -S "$IOP_DIR/x.sock" ]; }
iop_start_peer launch_x x_ready ||
  { echo "snmpx trapd did not start:"; cat "$XERR"; exit 1; }
XP=$IOP_PEER_PORT

count() { wc -l <"$1"; }

record() {
  nt_wait_lines "$1" $(($2 + 1)) || return 1
  sleep 0.2
  tail -n +$(($2 + 1)) "$1"
}

judge() {
  local name=$1 r=$2 what=$3 ok=1 f
  if [ ! -s "$r/ref.log" ]; then
    ok=0
    echo "--- $name: the reference notification was not logged"
    cat "$r/ref.out" 2>/dev/null | head -3
  fi
  for f in log out rc; do
    if ! cmp -s "$r/ref.$f" "$r/x.$f"; then
      ok=0
      echo "--- $name: $f differs ($what)"
      diff -u "$r/ref.$f" "$r/x.$f" | head -20
    fi
  done
  if [ $ok = 1 ]; then echo "ok   $name"; else IOP_FAILS=$((IOP_FAILS + 1)); fi
}

# send_both NAME TOOL SUBCMD ADDR ARGS...: TOOL and snmpx SUBCMD send the
# same notification to snmptrapd at ADDR; logged alike, exit alike.
send_both() {
  local name=$1 tool=$2 sub=$3 addr=$4; shift 4
  local r=$IOP_DIR/cases/$name n
  mkdir -p "$r"
  n=$(count "$RLOG")
  "$tool" "$@" "$addr" "${ARGS[@]}" >"$r/ref.out" 2>&1
  echo $? >"$r/ref.rc"
  record "$RLOG" "$n" | mask >"$r/ref.log"
  n=$(count "$RLOG")
  "$SNMPX" "$sub" "$@" "$addr" "${ARGS[@]}" >"$r/x.out" 2>&1
  echo $? >"$r/x.rc"
  record "$RLOG" "$n" | mask >"$r/x.log"
  judge "$name" "$r" "$tool $* $addr"
}

# to_both NAME TOOL REF_ADDR X_ADDR ARGS...: TOOL sends the same
# notification to snmptrapd and to snmpx trapd; printed alike.
to_both() {
  local name=$1 tool=$2 ra=$3 xa=$4; shift 4
  local r=$IOP_DIR/cases/$name n
  mkdir -p "$r"
  n=$(count "$RLOG")
  "$tool" "$@" "$ra" "${ARGS[@]}" >"$r/ref.out" 2>&1
  echo $? >"$r/ref.rc"
  record "$RLOG" "$n" | mask >"$r/ref.log"
  n=$(count "$XLOG" 2>/dev/null || echo 0)
  "$tool" "$@" "$xa" "${ARGS[@]}" >"$r/x.out" 2>&1
  echo $? >"$r/x.rc"
  record "$XLOG" "$n" | mask >"$r/x.log"
  judge "$name" "$r" "$tool $* ($ra, $xa)"
}

V2=(4242 1.3.6.1.6.3.1.1.5.3 1.3.6.1.2.1.2.2.1.1.2 i 2
    1.3.6.1.4.1.99999.1 s "over a stream")
V1=(1.3.6.1.4.1.99999 127.0.0.1 6 17 4242 1.3.6.1.4.1.99999.1 s "v1 stream")
[ -s "$XLOG" ] || touch "$XLOG"

for kind in tcp tcp6 unix; do
  case $kind in
    tcp) ra="tcp:127.0.0.1:$RP" xa="tcp:127.0.0.1:$XP" ;;
    tcp6) ra="tcp6:[::1]:$RP" xa="tcp6:[::1]:$XP" ;;
    unix) ra="unix:$IOP_DIR/ref.sock" xa="unix:$IOP_DIR/x.sock" ;;
  esac
  ARGS=("${V2[@]}")
  send_both "trap-v2c-$kind" snmptrap trap "$ra" -v2c -c public
  send_both "inform-v2c-$kind" snmpinform inform "$ra" -v2c -c public
  to_both "to-trapd-v2c-$kind" snmptrap "$ra" "$xa" -v2c -c public
  to_both "inform-to-trapd-$kind" snmpinform "$ra" "$xa" -v2c -c public
  ARGS=("${V1[@]}")
  send_both "trap-v1-$kind" snmptrap trap "$ra" -v1 -c public
  to_both "to-trapd-v1-$kind" snmptrap "$ra" "$xa" -v1 -c public
done

# v3 inform over TCP: discovery and the inform share the connection.
ARGS=("${V2[@]}")
send_both inform-v3-tcp snmpinform inform "tcp:127.0.0.1:$RP" -v3 \
  -l authPriv -u inf_sha_aes -a SHA -A "$NT_AUTH" -x AES -X "$NT_PRIV"

iop_finish
