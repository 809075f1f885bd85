# Helpers for the notification tests.  Source after tests/interop/lib.sh.
#
# Users and engine IDs shared by the tests (Net-SNMP's createUser -e makes
# a trap user for one sending engine; informs use the receiver's engine):
NT_AUTH=authpass123
NT_PRIV=privpass123
NT_ENG_REF=0x8000000001aabbcc01  # engine of the reference snmptrap
NT_ENG_X=0x8000000001aabbcc02    # engine of snmpx trap
NT_ENG_TRAPD=0x8000000001aabbcc09 # snmptrapd's own (informs)

# Mask what differs between two runs of one notification: the date and
# the ports (the sender's, and the receiver's when two receivers listen).
nt_mask() {
  sed -E -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} /DATE /' \
    -e 's/\]:[0-9]+->\[([^]]*)\]:[0-9]+/]:PORT->[\1]:PORT/' -e 's/(UDP\/IPv6: \[[^]]*\]):[0-9]+/\1:PORT/'
}

# nt_wait_lines FILE N: wait (at most 30 s, returning as soon as they are
# there, so a loaded machine is not a failure) until FILE has at least N
# lines.
nt_wait_lines() {
  local f=$1 n=$2 i
  for i in $(seq 1 600); do
    [ -f "$f" ] && [ "$(wc -l <"$f")" -ge "$n" ] && return 0
    sleep 0.05
  done
  return 1
}

# nt_start_snmptrapd: a private snmptrapd on 127.0.0.1; sets TRAPD_PORT,
# TRAPD_ADDR and TRAPD_LOG.  Communities: public (log); users for traps
# from NT_ENG_REF and NT_ENG_X: tr_sha_aes (authPriv SHA/AES),
# tr_sha512_aes256 (authPriv), tr_md5 (authNoPriv); for informs:
# inf_sha_aes (authPriv).
nt_start_snmptrapd() {
  command -v snmptrapd >/dev/null || iop_skip "snmptrapd not installed"
  # On a port another program took after all, it exits and is started
  # again on another (iop_start_peer).
  iop_start_peer nt_launch_snmptrapd nt_snmptrapd_ready ||
    { echo "snmptrapd did not start"; cat "$IOP_DIR/snmptrapd/log"; exit 1; }
  TRAPD_PORT=$IOP_PEER_PORT
  TRAPD_ADDR="127.0.0.1:$TRAPD_PORT"
  TRAPD_LOG=$IOP_DIR/snmptrapd/log
}

# Ready when its start line is logged.
nt_snmptrapd_ready() { [ -s "$IOP_DIR/snmptrapd/log" ]; }

nt_launch_snmptrapd() {
  local d=$IOP_DIR/snmptrapd
  TRAPD_PORT=$1
  nt_write_snmptrapd_conf
  SNMP_PERSISTENT_DIR="$d/persist" snmptrapd -f -C -c "$d/snmptrapd.conf" \
    -Lf "$d/log" -p "$d/pid" "udp:127.0.0.1:$TRAPD_PORT" \
    "udp6:[::1]:$TRAPD_PORT" \
    >"$d/stdout" 2>&1 &
  IOP_PEER_PID=$!
}

# A fresh $IOP_DIR/snmptrapd with the receivers' configuration in
# snmptrapd.conf (see nt_start_snmptrapd).
nt_write_snmptrapd_conf() {
  local d=$IOP_DIR/snmptrapd e
  rm -rf "$d"
  mkdir -p "$d/persist/cert_indexes"
  {
    echo "authCommunity log public"
    echo "exactEngineID $NT_ENG_TRAPD"
    for e in $NT_ENG_REF $NT_ENG_X; do
      echo "createUser -e $e tr_sha_aes SHA \"$NT_AUTH\" AES \"$NT_PRIV\""
      echo "createUser -e $e tr_sha512_aes256 SHA-512 \"$NT_AUTH\" AES-256 \"$NT_PRIV\""
      echo "createUser -e $e tr_md5 MD5 \"$NT_AUTH\""
    done
    echo "createUser inf_sha_aes SHA \"$NT_AUTH\" AES \"$NT_PRIV\""
    echo "authUser log tr_sha_aes priv"
    echo "authUser log tr_sha512_aes256 priv"
    echo "authUser log tr_md5 auth"
    echo "authUser log inf_sha_aes priv"
  } >"$d/snmptrapd.conf"
}

# nt_start_snmpx_trapd NAME [OPTIONS...]: snmpx trapd with snmptrapd's
# configuration (nt_start_snmptrapd first) on 127.0.0.1 and [::1]; sets
# XTRAPD_PORT, XTRAPD_ADDR, XTRAPD_LOG (its output), XTRAPD_ERR (its
# stderr) and XTRAPD_PID.
nt_start_snmpx_trapd() {
  NT_X_NAME=$1; shift
  NT_X_ARGS=("$@")
  mkdir -p "$IOP_DIR/$NT_X_NAME"
  XTRAPD_LOG=$IOP_DIR/$NT_X_NAME/log
  XTRAPD_ERR=$IOP_DIR/$NT_X_NAME/stderr
  iop_start_peer nt_launch_snmpx_trapd nt_snmpx_trapd_ready ||
    { echo "snmpx trapd did not start:"; cat "$XTRAPD_ERR"; exit 1; }
  XTRAPD_PID=$IOP_PEER_PID
  XTRAPD_PORT=$IOP_PEER_PORT
  XTRAPD_ADDR="127.0.0.1:$XTRAPD_PORT"
}

nt_snmpx_trapd_ready() { grep -q listening "$XTRAPD_ERR" 2>/dev/null; }

nt_launch_snmpx_trapd() {
  rm -f "$XTRAPD_LOG" "$XTRAPD_ERR"
  "$SNMPX" trapd -f -C -c "$IOP_DIR/snmptrapd/snmptrapd.conf" \
    -Lf "$XTRAPD_LOG" "${NT_X_ARGS[@]}" "udp:127.0.0.1:$1" \
    "udp6:[::1]:$1" 2>"$XTRAPD_ERR" &
  IOP_PEER_PID=$!
}
