#!/usr/bin/env bash
# SNMPv3 GET over DTLS and TLS with the Transport Security Model (RFC 5591,
# RFC 6353), snmpx beside Net-SNMP: client CPU (user+sys, getrusage) per
# GET of sysUpTime.0 for libsnmpx (bench_get_snmpx ... tsm) and for a
# client on Net-SNMP's library (bench_get_netsnmp ... tsm), with
# certificates made for the run (tests/interop/tls_lib.sh: a CA, the
# agent's and the manager's certificates, certSecName mapping the
# manager's to "manageruser").
#
#  - session reused: one session for every GET (the warm-up GET opens it);
#  - new session each: BENCH_RECONNECT=1, a new engine/io (snmpx) or
#    session (Net-SNMP) per GET, so a full handshake per GET, as a one-shot
#    tool pays: the rate printed is handshakes (with their GET) per second.
#
# DTLS: both clients against one private snmpd on dtlsudp:127.0.0.1.
# TLS: Net-SNMP 5.9.3 (Debian 12) speaks only TLS 1.0 over TCP, which
# snmpx refuses (RFC 6353 and issue 15 ask for 1.2 at least) and which
# OpenSSL 3 disables by default.  So the TLS rows run snmpx against
# `snmpx agent` (TLS 1.2), and Net-SNMP's client against its own snmpd
# with OpenSSL's floor lowered for those two processes only (OPENSSL_CONF:
# MinProtocol TLSv1, SECLEVEL 0): each client against an agent it can
# talk to, labelled so; the ratio compares client CPU only.
# RUNS rounds of each, unpinned.  Prints the machine's conditions; asserts
# nothing about speed.
# Usage: bench/run_get_tls.sh BUILD_DIR [N] [RUNS] [HANDSHAKES]
# (BENCH_WRAP="perf record -g -o FILE" runs snmpx's client under a
# profiler.)
set -u
build=${1:-build-bench}
n=${2:-2000}
runs=${3:-3}
hs=${4:-200}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../tests/interop/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
. "$here/../tests/interop/tls_lib.sh"
SNMPX=$build/snmpx
[ -x "$SNMPX" ] || SNMPX=$build/tools/snmpx
echo "trustCert ca" >>"$SNMPCONFPATH/snmp.conf"

# Net-SNMP's TLS 1.0 over TCP, allowed for its own processes only.
cat >"$IOP_DIR/openssl-tls10.cnf" <<'CNF'
openssl_conf = default_conf
[default_conf]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MinProtocol = TLSv1
CipherString = DEFAULT@SECLEVEL=0
CNF

ready_udp() {
  snmpget -v2c -c public -r 0 -t 1 "udp:127.0.0.1:$1" .1.3.6.1.2.1.1.3.0 \
    >/dev/null 2>&1
}

# snmpd on udp:P (to see it is up), tlstcp:P and dtlsudp:D.
launch_snmpd() {
  local d=$IOP_DIR/snmpd
  mkdir -p "$d/persist/cert_indexes"
  D=$(iop_free_port)
  {
    echo "agentAddress udp:127.0.0.1:$1,tlstcp:127.0.0.1:$1,dtlsudp:127.0.0.1:$D"
    echo "master no"
    echo "[snmp] localCert snmpd"
    tls_server_conf
    echo "rouser -s tsm manageruser priv"
    echo "rocommunity public 127.0.0.1"
  } >"$d/snmpd.conf"
  OPENSSL_CONF=$IOP_DIR/openssl-tls10.cnf SNMPCONFPATH=$TLS_SRV \
    iop_run_snmpd "$d" "$d/snmpd.conf"
}
iop_start_peer launch_snmpd ready_udp ||
  { echo "snmpd did not start"; cat "$IOP_DIR/snmpd/snmpd.log"; exit 1; }
P=$IOP_PEER_PORT
DP=$D

# snmpx agent on udp:Q and tlstcp:Q.
launch_agent() {
  local d=$IOP_DIR/agent
  mkdir -p "$d"
  {
    tls_server_conf
    echo "rouser -s tsm manageruser priv"
    echo "rocommunity public 127.0.0.1"
  } >"$d/agent.conf"
  SNMPCONFPATH=$TLS_SRV "$SNMPX" agent -C "$d/agent.conf" \
    "udp:127.0.0.1:$1" "tlstcp:127.0.0.1:$1" >"$d/log" 2>&1 &
  IOP_PEER_PID=$!
}
iop_start_peer launch_agent ready_udp ||
  { echo "snmpx agent did not start"; cat "$IOP_DIR/agent/log"; exit 1; }
Q=$IOP_PEER_PORT

echo "== machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(uname -r), $(openssl version)"

# row LABEL N ENV SNMPX_AGENT NETSNMP_AGENT [NETSNMP_ENV]
row() {
  local label=$1 count=$2 envs=$3 xa=$4 na=$5 nenv=${6:-} a b ca cb
  # shellcheck disable=SC2086
  a=$(env $envs ${BENCH_WRAP:-} "$build/bench/bench_get_snmpx" "$xa" "$count" tsm \
    manageruser 2>&1) || { echo "snmpx failed: $a"; return; }
  # shellcheck disable=SC2086
  b=$(env $envs $nenv ${BENCH_WRAP_NS:-} "$build/bench/bench_get_netsnmp" "$na" "$count" tsm \
    manageruser 2>&1 | grep '^netsnmp') ||
    { echo "netsnmp failed: $b"; return; }
  echo "$a"; echo "$b"
  ca=$(echo "$a" | awk '{print $5}'); cb=$(echo "$b" | awk '{print $5}')
  awk -v a="$ca" -v b="$cb" -v l="$label" 'BEGIN { if (a > 0)
    printf "ratio   %s Net-SNMP/snmpx client CPU: %.1fx\n", l, b / a }'
}
tls10="OPENSSL_CONF=$IOP_DIR/openssl-tls10.cnf"
for _ in $(seq "$runs"); do
  echo "== DTLS, session reused, $n GETs (both against snmpd)"
  row "dtls session reused" "$n" "" "dtls:localhost:$DP" "dtls:localhost:$DP"
  echo "== TLS, session reused, $n GETs (snmpx: TLS 1.2 to snmpx agent;" \
    "Net-SNMP: TLS 1.0 to snmpd)"
  row "tls session reused" "$n" "" "tls:localhost:$Q" "tls:localhost:$P" \
    "$tls10"
  echo "== DTLS, new session each, $hs GETs (both against snmpd)"
  row "dtls handshake per GET" "$hs" "BENCH_RECONNECT=1" \
    "dtls:localhost:$DP" "dtls:localhost:$DP"
  echo "== TLS, new connection each, $hs GETs (as above)"
  row "tls handshake per GET" "$hs" "BENCH_RECONNECT=1" \
    "tls:localhost:$Q" "tls:localhost:$P" "$tls10"
done
