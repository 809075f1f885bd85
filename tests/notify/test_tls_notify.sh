#!/bin/bash
# Notifications over DTLS and TLS with the Transport Security Model
# (RFC 5591, RFC 6353), beside Net-SNMP 5.9.  Net-SNMP's snmptrapd and
# snmpx trapd read one snmptrapd.conf (certSecName maps the manager's
# certificate to "manageruser", authUser -s tsm lets it in) and present a
# certificate named snmptrapd from a private SNMPCONFPATH.  snmptrap and
# snmpinform, and snmpx trap and inform, send the same notification to
# each over DTLS: both receivers must log it alike (date masked), every
# sender must exit 0 (informs acknowledged).  A receiver whose certificate
# is not the one expected is refused: the inform exits non-zero.
#
# Debian's Net-SNMP 5.9.3 caps TLS over TCP at TLS 1.0, which OpenSSL 3
# refuses, so over TLS snmpx trap/inform go to snmpx trapd only, which
# must log the varbinds it logs over DTLS.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
. "$here/notify_lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmptrapd >/dev/null || iop_skip "snmptrapd not installed"
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"
. "$here/../interop/tls_lib.sh"

T=(-T trust_cert=ca)
CONF=$IOP_DIR/snmptrapd.conf
{
  tls_server_conf
  echo "authUser log,net -s tsm manageruser priv"
  echo "authCommunity log public"
} >"$CONF"

# snmptrapd on udp:P (its socket shows it is up), tlstcp:P, dtlsudp:Q.
launch_ref() {
  local d=$IOP_DIR/snmptrapd
  mkdir -p "$d/persist/cert_indexes"
  rm -f "$d/log"
  RQ=$(iop_free_port)
  SNMPCONFPATH=$TLS_SRV SNMP_PERSISTENT_DIR="$d/persist" snmptrapd -f -C \
    -c "$CONF" -Lf "$d/log" -p "$d/pid" "udp:127.0.0.1:$1" \
    "tlstcp:127.0.0.1:$1" "dtlsudp:127.0.0.1:$RQ" >"$d/stdout" 2>&1 &
  IOP_PEER_PID=$!
}
ready_ref() { grep -q "NET-SNMP version" "$IOP_DIR/snmptrapd/log" 2>/dev/null; }
iop_start_peer launch_ref ready_ref ||
  { echo "snmptrapd did not start"; cat "$IOP_DIR/snmptrapd/log"; exit 1; }
REF_LOG=$IOP_DIR/snmptrapd/log
REF_D="dtls:localhost:$RQ"

launch_x() {
  local d=$IOP_DIR/xtrapd
  mkdir -p "$d"
  rm -f "$d/log" "$d/stderr"
  XQ=$(iop_free_port)
  SNMPCONFPATH=$TLS_SRV "$SNMPX" trapd -f -C -c "$CONF" -Lf "$d/log" \
    "udp:127.0.0.1:$1" "tlstcp:127.0.0.1:$1" "dtlsudp:127.0.0.1:$XQ" \
    2>"$d/stderr" &
  IOP_PEER_PID=$!
}
ready_x() { grep -q listening "$IOP_DIR/xtrapd/stderr" 2>/dev/null; }
iop_start_peer launch_x ready_x ||
  { echo "snmpx trapd did not start"; cat "$IOP_DIR/xtrapd/stderr"; exit 1; }
X_LOG=$IOP_DIR/xtrapd/log
X_D="dtls:localhost:$XQ"
X_T="tls:localhost:$IOP_PEER_PORT"
touch "$X_LOG"

count() { wc -l <"$1" 2>/dev/null || echo 0; }

# ends_whole FILE: FILE ends with a newline (no line half written).
ends_whole() { [ -s "$1" ] && [ -z "$(tail -c 1 "$1")" ]; }

# record FILE FROM: the lines FILE gained after line FROM (waits, at most
# 30 s each, for two whole lines: a notification is its header line and
# its varbinds line; and for no line half written after them).
record() {
  local i
  nt_wait_lines "$1" $(($2 + 2)) || return 1
  for i in $(seq 1 600); do
    ends_whole "$1" && break
    sleep 0.05
  done
  ends_whole "$1" || return 1
  tail -n +$(($2 + 1)) "$1"
}

# to_both NAME SENDER...: SENDER (a command; @A@ is the receiver) sends
# to snmptrapd and to snmpx trapd over DTLS; both exit 0, both logs alike.
to_both() {
  local name=$1; shift
  local r=$IOP_DIR/cases/$name n ok=1 rc_ref rc_x
  mkdir -p "$r"
  n=$(count "$REF_LOG")
  "${@//@A@/$REF_D}" >"$r/ref.out" 2>&1
  rc_ref=$?
  record "$REF_LOG" "$n" | nt_mask >"$r/ref.log"
  n=$(count "$X_LOG")
  "${@//@A@/$X_D}" >"$r/x.out" 2>&1
  rc_x=$?
  record "$X_LOG" "$n" | nt_mask >"$r/x.log"
  if [ "$rc_ref" != 0 ] || [ "$rc_x" != 0 ] || [ ! -s "$r/ref.log" ]; then
    ok=0
    echo "--- $name: exit $rc_ref (to snmptrapd), $rc_x (to snmpx trapd)"
    cat "$r/ref.out" "$r/x.out" | head -8
  fi
  if ! cmp -s "$r/ref.log" "$r/x.log"; then
    ok=0
    echo "--- $name: logged differently ($*)"
    diff -u "$r/ref.log" "$r/x.log" | head -20
  fi
  if [ $ok = 1 ]; then echo "ok   $name"; else IOP_FAILS=$((IOP_FAILS + 1)); fi
}

V=(0 .1.3.6.1.6.3.1.1.5.1 .1.3.6.1.2.1.1.5.0 s tls-lab .1.3.6.1.2.1.1.7.0 i 72)
to_both snmptrap-dtls snmptrap "${T[@]}" @A@ "${V[@]}"
to_both snmpinform-dtls snmpinform "${T[@]}" -r 1 -t 5 @A@ "${V[@]}"
to_both snmpx-trap-dtls "$SNMPX" trap "${T[@]}" @A@ "${V[@]}"
to_both snmpx-inform-dtls "$SNMPX" inform "${T[@]}" -r 1 -t 5 @A@ "${V[@]}"
to_both snmpx-trap-dtls-u "$SNMPX" trap "${T[@]}" -u manageruser -l authPriv \
  @A@ "${V[@]}"

# Over TLS, snmpx to snmpx trapd: its varbinds as over DTLS, its sender
# as snmptrapd names a TLSTCP one.
for kind in trap inform; do
  n=$(count "$X_LOG")
  "$SNMPX" "$kind" "${T[@]}" -r 1 -t 5 "$X_T" "${V[@]}" >"$IOP_DIR/tls-$kind.out" 2>&1
  rc=$?
  got=$(record "$X_LOG" "$n" | nt_mask)
  want=$(sed 's/DTLSUDP: unknown/TLSTCP: [0.0.0.0]:0->[0.0.0.0]:0/g' \
           "$IOP_DIR/cases/snmpx-$kind-dtls/x.log" | nt_mask)
  if [ $rc = 0 ] && [ -n "$got" ] && [ "$got" = "$want" ]; then
    echo "ok   snmpx-$kind-tls"
  else
    echo "--- snmpx-$kind-tls: exit $rc"; cat "$IOP_DIR/tls-$kind.out"
    diff <(echo "$want") <(echo "$got") | head -10
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done

# A receiver whose certificate is not the one expected: the inform fails
# (non-zero) for both senders, and the receivers log nothing of it.
for sender in snmpinform "$SNMPX inform"; do
  n=$(count "$X_LOG")
  # shellcheck disable=SC2086
  $sender "${T[@]}" -r 0 -t 2 -T their_hostname=wrong.example.org "$X_D" \
    "${V[@]}" >"$IOP_DIR/refused.out" 2>&1
  rc=$?
  if [ $rc != 0 ] && [ "$(count "$X_LOG")" = "$n" ]; then
    echo "ok   refused-receiver ($sender: exit $rc)"
  else
    echo "--- refused-receiver ($sender): exit $rc"; cat "$IOP_DIR/refused.out"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done

iop_finish
