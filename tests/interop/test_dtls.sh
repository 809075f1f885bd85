#!/bin/bash
# DTLS over UDP (RFC 6353) between snmpx and Net-SNMP 5.9, both ways, with
# one CA and certificates made here by openssl(1): snmpx's manager
# (tests/interop/dtls_peer.c, as the tools read no certificates yet) GETs
# from a private snmpd on a dtlsudp: address, several requests on one
# session; then Net-SNMP's snmpget GETs from snmpx's agent, a session per
# run, each closed by snmpget with a close_notify.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
command -v openssl >/dev/null || iop_skip "openssl not installed"
PEER=${SNMPX_BUILD:?set SNMPX_BUILD}/tests/dtls_peer
[ -x "$PEER" ] || { echo "no $PEER"; exit 1; }

# Net-SNMP's layout: tls/certs, tls/ca-certs, tls/private under a
# configuration directory (SNMPCONFPATH for Net-SNMP, the confdir for
# snmpx_io_tls_add_confdir).
C=$IOP_DIR/conf
mkdir -p "$C/tls/certs" "$C/tls/ca-certs" "$C/tls/private"
chmod 700 "$C/tls/private"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$IOP_DIR/ca.key" -out "$C/tls/ca-certs/ca.crt" -days 2 \
  -subj "/CN=snmpx interop CA" 2>/dev/null || { echo "openssl CA"; exit 1; }
printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\n' \
  >"$IOP_DIR/ext.cnf"
for n in agent mgr; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$C/tls/private/$n.key" -out "$IOP_DIR/$n.csr" \
    -subj "/CN=$n" 2>/dev/null &&
  openssl x509 -req -in "$IOP_DIR/$n.csr" -CA "$C/tls/ca-certs/ca.crt" \
    -CAkey "$IOP_DIR/ca.key" -CAcreateserial -out "$C/tls/certs/$n.crt" \
    -days 2 -extfile "$IOP_DIR/ext.cnf" 2>/dev/null ||
    { echo "openssl $n"; exit 1; }
done
export SNMPCONFPATH=$C

S=.1.3.6.1.2.1.1.1.0
fail() { echo "FAIL: $*"; IOP_FAILS=$((IOP_FAILS + 1)); }

# Net-SNMP's client over DTLS, as user mgr.
nsget() {
  snmpget -v3 -l authPriv -u mgr -T localCert=mgr -T peerCert=agent \
    -r 1 -t 3 "dtlsudp:127.0.0.1:$1" $S
}

launch_snmpd() {
  local d=$IOP_DIR/snmpd
  mkdir -p "$d/persist/cert_indexes"
  cat >"$d/snmpd.conf" <<CONF
agentAddress dtlsudp:127.0.0.1:$1
master no
[snmp] localCert agent
[snmp] trustCert ca
certSecName 10 mgr --sn mgr
rouser -s tsm mgr authpriv
sysDescr netsnmp-dtls
CONF
  iop_run_snmpd "$d" "$d/snmpd.conf"
}
ready_snmpd() { nsget "$1" >/dev/null 2>&1; }

iop_start_peer launch_snmpd ready_snmpd ||
  { echo "snmpd did not start"; cat "$IOP_DIR/snmpd/snmpd.log"; exit 1; }
PORT=$IOP_PEER_PORT

# 1. snmpx's manager -> snmpd: three GETs, one session.
out=$("$PEER" get "$C" "dtlsudp:127.0.0.1:$PORT" 3 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "snmpx manager -> snmpd: rc $rc: $out"
[ "$(grep -c '^value: netsnmp-dtls$' <<<"$out")" = 3 ] ||
  fail "snmpx manager -> snmpd: $out"
grep -q '^opens 1 open_errors 0$' <<<"$out" ||
  fail "snmpx manager -> snmpd: not one session: $out"

# 2. snmpget -> snmpx's agent (port 0: it tells which).
"$PEER" agent "$C" dtlsudp:127.0.0.1:0 60 snmpx-dtls >"$IOP_DIR/agent.out" \
  2>&1 &
APID=$!
IOP_PIDS="$IOP_PIDS $APID"
for i in $(seq 100); do
  grep -q '^ready' "$IOP_DIR/agent.out" && break
  sleep 0.1
done
APORT=$(awk '/^ready/ {print $2}' "$IOP_DIR/agent.out")
[ -n "$APORT" ] || { cat "$IOP_DIR/agent.out"; echo "agent did not start"; exit 1; }
for i in 1 2; do
  got=$(nsget "$APORT" 2>&1)
  [ "$got" = "iso.3.6.1.2.1.1.1.0 = STRING: \"snmpx-dtls\"" ] ||
    fail "snmpget -> snmpx agent ($i): $got"
done
kill "$APID"
wait "$APID"
grep -q '^accepts 2 closes 2 invalid_client 0$' "$IOP_DIR/agent.out" ||
  fail "snmpx agent counters: $(cat "$IOP_DIR/agent.out")"

[ $IOP_FAILS -eq 0 ] && echo "PASS: DTLS both ways with Net-SNMP"
exit $((IOP_FAILS > 0))
