#!/bin/bash
# snmpx over DTLS and TLS with the Transport Security Model (RFC 5591,
# RFC 6353) beside Net-SNMP 5.9.  Certificates are made for the test
# (tls_lib.sh).  A private snmpd listens on DTLS and TLS: `snmpx get/
# getnext/walk/bulkwalk/set` against it must print what Net-SNMP's tools
# print, byte for byte, and both must refuse a server whose certificate is
# not the one expected, and a client certificate that is not there.  Then
# `snmpx agent` with the same configuration: Net-SNMP's tools must get
# from it what they get from snmpd.
#
# Debian's Net-SNMP 5.9.3 caps TLS over TCP at TLS 1.0 (fixed upstream
# after 5.9.3, commit 8570eb2b), which OpenSSL 3 refuses: when its own
# snmpget cannot reach its own snmpd over TLS, the comparisons with
# Net-SNMP over TLS are skipped (said in the output) and snmpx's TLS is
# checked against snmpx agent, printing what DTLS prints.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
: "${SNMPX:?set SNMPX to the snmpx binary}"
. "$(dirname "$0")/tls_lib.sh"

S=.1.3.6.1.2.1.1
W=.1.3.6.1.4.1.99990
T=(-T trust_cert=ca)

agent_conf() {
  tls_server_conf
  cat <<CONF
rwuser -s tsm manageruser priv
rocommunity public 127.0.0.1
sysDescr tls-lab
sysObjectID .1.3.6.1.4.1.8072.3.2.10
sysLocation interop-lab
sysContact nobody@example.org
sysName snmpx-tls
sysServices 72
CONF
}

ready_udp() {
  snmpget -v2c -c public -r 0 -t 1 "udp:127.0.0.1:$1" $S.5.0 >/dev/null 2>&1
}

# snmpd on udp:P (to see it is up), tlstcp:P and dtlsudp:Q.
launch_snmpd() {
  local d=$IOP_DIR/snmpd
  mkdir -p "$d/persist/cert_indexes"
  Q=$(iop_free_port)
  {
    echo "agentAddress udp:127.0.0.1:$1,tlstcp:127.0.0.1:$1,dtlsudp:127.0.0.1:$Q"
    echo "master no"
    echo "[snmp] localCert snmpd"
    agent_conf
    echo "override -rw $W.1.0 integer 1"
    echo "override -rw $W.2.0 octet_str \"hello\""
  } >"$d/snmpd.conf"
  SNMPCONFPATH=$TLS_SRV iop_run_snmpd "$d" "$d/snmpd.conf"
}
iop_start_peer launch_snmpd ready_udp ||
  { echo "snmpd did not start"; cat "$IOP_DIR/snmpd/snmpd.log"; exit 1; }
P=$IOP_PEER_PORT
DQ=$Q

mask() {
  sed -E -e 's/= (Counter32|Counter64|Gauge32|Timeticks): .*/= \1: MASKED/'
}
IOP_MASK=mask

# both_refuse NAME ARGS...: snmpget and snmpx get with ARGS must both fail
# (exit status not 0) and print nothing on stdout; snmpx must say why.
both_refuse() {
  local name=$1 r=$IOP_DIR/cmp/$1
  shift
  mkdir -p "$r"
  snmpget "$@" >"$r/ref.out" 2>"$r/ref.err"; local ref=$?
  "$SNMPX" get "$@" >"$r/x.out" 2>"$r/x.err"; local x=$?
  if [ "$ref" -ne 0 ] && [ "$x" -ne 0 ] && [ ! -s "$r/x.out" ] &&
     [ -s "$r/x.err" ]; then
    echo "ok   $name (snmpget: exit $ref; snmpx: $(head -c 200 "$r/x.err" | tr '\n' '|'))"
  else
    echo "--- $name: exit $ref (snmpget) vs $x (snmpx)"
    cat "$r/ref.err" "$r/x.out" "$r/x.err" | head -20
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

# 1. The tools against snmpd over DTLS (the host as typed, "localhost", is
# the name the server's certificate must carry).
D="dtls:localhost:$DQ"
iop_compare dtls-get snmpget get "${T[@]}" "$D" $S.5.0 $S.4.0 $S.99.0
iop_compare dtls-get-u snmpget get "${T[@]}" -u someone -l authPriv \
  "dtlsudp:localhost:$DQ" $S.5.0
iop_compare dtls-getnext snmpgetnext getnext "${T[@]}" "$D" $S.4.0
iop_compare dtls-walk snmpwalk walk "${T[@]}" "$D" $S
iop_compare dtls-bulkwalk snmpbulkwalk bulkwalk "${T[@]}" -Cr7 "$D" $S
iop_compare dtls-set snmpset set "${T[@]}" "$D" $W.1.0 i 7 $W.2.0 s "over dtls"
iop_compare dtls-get-set snmpget get "${T[@]}" "$D" $W.1.0 $W.2.0
iop_compare dtls-v2c snmpget get "${T[@]}" -v2c -c public "$D" $S.5.0
iop_compare dtls-tsm-word snmpget get --defSecurityModel=tsm \
  --trustCert=ca "$D" $S.5.0
# Refused: a server named otherwise, a server certificate other than the
# one named, no such client certificate.
both_refuse dtls-wrong-host "${T[@]}" -r 0 -t 2 -T their_hostname=wrong.example.org \
  "$D" $S.5.0
both_refuse dtls-no-local "${T[@]}" -r 0 -t 2 -T localCert=nosuch "$D" $S.5.0
# A server certificate other than the one -T peerCert names: snmpx
# refuses it (RFC 6353 5.3.1 step 2); Net-SNMP 5.9.3's DTLS client lets
# it through, so this one is snmpx's alone.
r=$IOP_DIR/cmp/dtls-wrong-peer
mkdir -p "$r"
"$SNMPX" get "${T[@]}" -r 0 -t 2 -T peerCert="$TLS_OTHER_FP" "$D" $S.5.0 \
  >"$r/out" 2>"$r/err"
rc=$?
if [ "$rc" -ne 0 ] && [ ! -s "$r/out" ] && grep -q "certificate" "$r/err"; then
  echo "ok   dtls-wrong-peer ($(tr '\n' '|' <"$r/err"))"
else
  echo "--- dtls-wrong-peer: exit $rc"; cat "$r/out" "$r/err"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# 2. TLS over TCP: Net-SNMP 5.9.3's tools reach its snmpd, or not at all.
L="tls:localhost:$P"
if snmpget "${T[@]}" -r 0 -t 2 "$L" $S.5.0 >/dev/null 2>&1; then
  NETSNMP_TLS=1
  iop_compare tls-get snmpget get "${T[@]}" "$L" $S.5.0 $S.4.0 $S.99.0
  iop_compare tls-walk snmpwalk walk "${T[@]}" "$L" $S
  iop_compare tls-bulkwalk snmpbulkwalk bulkwalk "${T[@]}" -Cr7 "$L" $S
  iop_compare tls-set snmpset set "${T[@]}" "$L" $W.1.0 i 9
  both_refuse tls-wrong-host "${T[@]}" -r 0 -t 2 \
    -T their_hostname=wrong.example.org "$L" $S.5.0
else
  NETSNMP_TLS=0
  echo "SKIP tls-vs-snmpd: Net-SNMP's snmpget cannot reach its own snmpd" \
       "over TLS (5.9.3 caps TLS at 1.0; OpenSSL 3 refuses it)"
fi

# 3. snmpx agent with the same configuration, on udp:XP, tlstcp:XP and
# dtlsudp:XQ.
d=$IOP_DIR/agent
mkdir -p "$d"
{ echo "[snmp] localCert snmpd"; agent_conf; } >"$d/agent.conf"
launch_agent() {
  XQ=$(iop_free_port)
  SNMPCONFPATH=$TLS_SRV "$SNMPX" agent -Lf "$d/log" -C "$d/agent.conf" \
    -S "$d/state" "udp:127.0.0.1:$1" "tlstcp:127.0.0.1:$1" \
    "dtlsudp:127.0.0.1:$XQ" &
  IOP_PEER_PID=$!
}
iop_start_peer launch_agent ready_udp ||
  { echo "snmpx agent did not start"; head -5 "$d/log"; exit 1; }
XP=$IOP_PEER_PORT

IOP_REF_ADDR=$D
IOP_X_ADDR="dtls:localhost:$XQ"
iop_same -n agent-dtls-get snmpget "${T[@]}" ADDR $S.5.0 $S.4.0 $S.6.0
iop_same -n agent-dtls-getnext snmpgetnext "${T[@]}" ADDR $S.4.0
iop_same -n agent-dtls-walk snmpwalk "${T[@]}" ADDR $S.4
iop_same -n agent-dtls-bulkwalk snmpbulkwalk "${T[@]}" ADDR $S.5
# A client whose certificate no certSecName maps: both agents give it
# nothing (Net-SNMP's client then says "Timeout" with an errno text of
# its own, which differs).
mask_timeout() { mask | sed -E 's/^(snmpget: Timeout).*/\1/'; }
IOP_MASK=mask_timeout
iop_same agent-dtls-unmapped snmpget "${T[@]}" -r 0 -t 1 -T localCert=other \
  ADDR $S.5.0
IOP_MASK=mask

if [ "$NETSNMP_TLS" = 1 ]; then
  IOP_REF_ADDR=$L
  IOP_X_ADDR="tls:localhost:$XP"
  iop_same -n agent-tls-get snmpget "${T[@]}" ADDR $S.5.0 $S.4.0 $S.6.0
  iop_same -n agent-tls-walk snmpwalk "${T[@]}" ADDR $S.4
fi

# snmpx over TLS to snmpx agent prints what it prints over DTLS (and what
# snmpget printed from snmpd above: dtls-get).
IOP_REF_ADDR="dtls:localhost:$XQ"
IOP_X_ADDR="tls:localhost:$XP"
iop_same -n snmpx-tls-get "$SNMPX" get "${T[@]}" ADDR $S.5.0 $S.4.0 $S.99.0
iop_same -n snmpx-tls-walk "$SNMPX" walk "${T[@]}" ADDR $S.4
iop_same -n snmpx-tls-bulkwalk "$SNMPX" bulkwalk "${T[@]}" -Cr7 ADDR $S.4
iop_same -n snmpx-tls-set "$SNMPX" set "${T[@]}" ADDR $S.6.0 s again
r=$IOP_DIR/cmp/snmpx-tls-wrong-host
mkdir -p "$r"
"$SNMPX" get "${T[@]}" -r 0 -t 2 -T their_hostname=wrong.example.org \
  "tls:localhost:$XP" $S.5.0 >"$r/out" 2>"$r/err"
rc=$?
if [ "$rc" -ne 0 ] && [ ! -s "$r/out" ] && grep -q "certificate" "$r/err"; then
  echo "ok   snmpx-tls-wrong-host ($(tr '\n' '|' <"$r/err"))"
else
  echo "--- snmpx-tls-wrong-host: exit $rc"; cat "$r/out" "$r/err"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# snmpx poll: TLS and DTLS lines beside a UDP one, one engine and io for
# all; each line's value is what snmpx get printed over the same
# transport, and a line whose server is not the one named (snmpd, asked
# for another host name) gets nothing while the others are answered.
# (The io keeps one expectation per agent address: the same agent on two
# lines with different -T peerCert/their_hostname takes the last.)
pf=$IOP_DIR/poll.targets
{
  echo "${T[*]} dtls:localhost:$XQ $S.5.0"
  echo "${T[*]} tls:localhost:$XP $S.5.0"
  echo "-v2c -c public udp:127.0.0.1:$XP $S.5.0"
  echo "${T[*]} -r 0 -t 2 -T their_hostname=wrong.example.org dtls:localhost:$DQ $S.5.0"
} >"$pf"
r=$IOP_DIR/cmp/poll-tls
mkdir -p "$r"
"$SNMPX" poll -q "$pf" >"$r/out" 2>"$r/err"
rc=$?
want=$("$SNMPX" get "${T[@]}" "dtls:localhost:$XQ" $S.5.0)
n_ok=$(grep -c -F -- "$want" "$r/out")
if [ "$n_ok" = 3 ] && grep -q "^dtls:localhost:$DQ Timeout" "$r/out" &&
   [ "$(wc -l <"$r/out")" = 4 ]; then
  echo "ok   poll-tls (exit $rc)"
else
  echo "--- poll-tls: exit $rc, $n_ok lines with: $want"
  cat "$r/out" "$r/err" | head -20
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# 4. Configuration errors name where they are.
printf 'sysName x\ncertSecName 10 nonsense\n' >"$d/bad.conf"
out=$(SNMPCONFPATH=$TLS_SRV "$SNMPX" agent -C "$d/bad.conf" \
        "dtlsudp:127.0.0.1:0" 2>&1)
rc=$?
case "$out" in
  *"$d/bad.conf:2: certSecName"*) [ $rc -ne 0 ] && echo "ok   agent-conf-error" ;;
  *) rc=0 ;;
esac
if [ $rc -eq 0 ]; then
  echo "--- agent-conf-error: $out"; IOP_FAILS=$((IOP_FAILS + 1))
fi
cp -r "$SNMPCONFPATH" "$IOP_DIR/badclient"
echo "trustCert" >>"$IOP_DIR/badclient/snmp.conf"
out=$(SNMPCONFPATH=$IOP_DIR/badclient "$SNMPX" get -r 0 -t 1 "$D" $S.5.0 2>&1)
rc=$?
if [ $rc -ne 0 ] && [[ "$out" == *"$IOP_DIR/badclient/snmp.conf:2: trustCert"* ]]; then
  echo "ok   snmp-conf-error"
else
  echo "--- snmp-conf-error: $rc $out"; IOP_FAILS=$((IOP_FAILS + 1))
fi
out=$("$SNMPX" get -T localCert -r 0 -t 1 "$D" $S.5.0 2>&1)
rc=$?
if [ $rc -ne 0 ] && [[ "$out" == "-T expects a NAME=VALUE pair."* ]]; then
  echo "ok   t-without-value"
else
  echo "--- t-without-value: $rc $out"; IOP_FAILS=$((IOP_FAILS + 1))
fi
iop_compare t-on-udp snmpget get -v2c -c public -T localCert=manager \
  "udp:127.0.0.1:$P" $S.5.0

iop_finish
