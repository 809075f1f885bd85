# Helpers for the TLS/DTLS (RFC 6353, TSM) interop tests.  Source after
# lib.sh.  Certificates are made with the openssl CLI in the test's own
# directory, laid out as Net-SNMP keeps them (tls/certs, tls/ca-certs,
# tls/private under a configuration directory), one directory per side:
#
#   $TLS_SRV   the agents' and receivers' SNMPCONFPATH: snmpd.crt and
#              snmptrapd.crt (CN localhost, SAN DNS:localhost,
#              IP:127.0.0.1), the CA
#   $SNMPCONFPATH (lib.sh's clientconf)  the managers': manager.crt (CN
#              manager), the CA, an snmp.conf with "localCert manager"
#              and other.crt (CN other: no certSecName maps it)
#   $TLS_CA    the CA's files; $TLS_OTHER_FP other.crt's SHA-1 fingerprint
#
# TLS_MGR_FP is the manager certificate's SHA-256 fingerprint (what
# certSecName maps to the securityName "manageruser").
command -v openssl >/dev/null || iop_skip "openssl not installed"

TLS_CA=$IOP_DIR/ca
TLS_SRV=$IOP_DIR/srvconf
mkdir -p "$TLS_CA"
for d in "$TLS_SRV" "$SNMPCONFPATH"; do
  mkdir -p "$d/tls/certs" "$d/tls/ca-certs" "$d/tls/private"
done

# tls_cert NAME CN SAN: a key and a certificate signed by the CA, in
# $TLS_CA.
tls_cert() {
  openssl req -newkey rsa:2048 -nodes -keyout "$TLS_CA/$1.key" \
    -out "$TLS_CA/$1.csr" -subj "/CN=$2" >/dev/null 2>&1 || return 1
  printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$3" \
    >"$TLS_CA/$1.ext"
  openssl x509 -req -in "$TLS_CA/$1.csr" -CA "$TLS_CA/ca.crt" \
    -CAkey "$TLS_CA/ca.key" -CAcreateserial -out "$TLS_CA/$1.crt" \
    -days 30 -extfile "$TLS_CA/$1.ext" >/dev/null 2>&1
}

tls_make_certs() {
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TLS_CA/ca.key" \
    -out "$TLS_CA/ca.crt" -days 30 -subj "/CN=snmpx test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1 ||
    return 1
  tls_cert snmpd localhost "DNS:localhost,IP:127.0.0.1" &&
    tls_cert snmptrapd localhost "DNS:localhost,IP:127.0.0.1" &&
    tls_cert manager manager "DNS:manager.example.org" &&
    tls_cert other other "DNS:other.example.org" || return 1
  local n
  for n in snmpd snmptrapd; do
    cp "$TLS_CA/$n.crt" "$TLS_SRV/tls/certs/"
    cp "$TLS_CA/$n.key" "$TLS_SRV/tls/private/"
  done
  for n in manager other; do
    cp "$TLS_CA/$n.crt" "$SNMPCONFPATH/tls/certs/"
    cp "$TLS_CA/$n.key" "$SNMPCONFPATH/tls/private/"
  done
  cp "$TLS_CA/ca.crt" "$TLS_SRV/tls/ca-certs/"
  cp "$TLS_CA/ca.crt" "$SNMPCONFPATH/tls/ca-certs/"
  chmod 600 "$TLS_SRV"/tls/private/* "$SNMPCONFPATH"/tls/private/*
  # The managers present "manager" by default (snmp.conf's localCert).
  echo "localCert manager" >"$SNMPCONFPATH/snmp.conf"
  TLS_MGR_FP=$(openssl x509 -in "$TLS_CA/manager.crt" -noout -fingerprint \
                 -sha256 | cut -d= -f2)
  TLS_OTHER_FP=$(openssl x509 -in "$TLS_CA/other.crt" -noout -fingerprint \
                   -sha1 | cut -d= -f2)
}
tls_make_certs || { echo "openssl could not make the certificates"; exit 1; }

# The TSM lines both agents (and both receivers) read: trust the CA, map
# the manager's certificate to "manageruser".
tls_server_conf() {
  cat <<CONF
[snmp] trustCert ca
certSecName 10 --sha256 $TLS_MGR_FP --sn manageruser
CONF
}

# tls_wait_log FILE TEXT: wait (at most 30 s) until FILE holds TEXT.
tls_wait_log() {
  local i
  for i in $(seq 1 300); do
    grep -qF -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
