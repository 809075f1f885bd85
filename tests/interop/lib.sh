# Shared helpers for snmpx interop tests.  Source it; it starts nothing by
# itself.  Every peer is private: loopback, a high free port, state in one
# mktemp -d directory, stopped by pid on EXIT.
#
#   SNMPX      snmpx binary (set by ctest); its subcommands get, getnext,
#              bulkget, walk, bulkwalk, set take Net-SNMP's flags.
#   SNMPX_SRC  source directory (data sets under tests/interop/data).

set -u
IOP_DIR=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-interop.XXXXXX")
IOP_PIDS=""
IOP_FAILS=0
IOP_DATA="${SNMPX_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/interop/data"

# Reference clients: no MIB modules (OIDs print as iso.3.6.1...), private
# persistent dir, made beforehand so no "Created directory" line appears.
export MIBS=
export SNMP_PERSISTENT_DIR="$IOP_DIR/persist"
export SNMPCONFPATH="$IOP_DIR/clientconf"
mkdir -p "$SNMP_PERSISTENT_DIR/cert_indexes" "$SNMPCONFPATH"

iop_cleanup() {
  local pid
  for pid in $IOP_PIDS; do
    kill "$pid" 2>/dev/null
  done
  for pid in $IOP_PIDS; do
    wait "$pid" 2>/dev/null
  done
  if [ -n "${IOP_KEEP:-}" ]; then
    echo "kept $IOP_DIR" >&2
  else
    rm -rf "$IOP_DIR"
  fi
}
trap iop_cleanup EXIT

iop_skip() { echo "SKIP: $*"; exit 77; }

# A UDP port on 127.0.0.1 that nothing uses now (20000-39999).
iop_free_port() {
  python3 - <<'PY'
import random, socket
for _ in range(200):
    p = random.randint(20000, 39999)
    try:
        for fam, addr in ((socket.AF_INET, "127.0.0.1"),):
            s = socket.socket(fam, socket.SOCK_DGRAM); s.bind((addr, p)); s.close()
            t = socket.socket(fam, socket.SOCK_STREAM); t.bind((addr, p)); t.close()
        print(p); break
    except OSError:
        pass
PY
}

# Wait until an agent answers a v2c get of |oid| with |community|.
iop_wait_agent() {
  local addr=$1 community=$2 oid=$3 i
  for i in $(seq 1 50); do
    if snmpget -v2c -c "$community" -r 0 -t 1 "$addr" "$oid" \
         >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.2
  done
  echo "agent at $addr did not answer" >&2
  return 1
}

# Start a private snmpd; sets SNMPD_ADDR (udp:127.0.0.1:PORT) and
# SNMPD_ADDR6 (udp6:[::1]:PORT, read-only community public).
# Communities: public (read-only, whole tree), private (read-write).
# Writable test objects (override -rw) under .1.3.6.1.4.1.99990:
#   .1.0 INTEGER  .2.0 OCTET STRING  .3.0 OID  .5.0 Counter32
#   .6.0 Gauge32 (unsigned)  .7.0 TimeTicks  .9.0 read-only INTEGER
# (snmpd's override knows no ipaddress or counter64 type.)
iop_start_snmpd() {
  command -v snmpd >/dev/null || iop_skip "snmpd not installed"
  local port d=$IOP_DIR/snmpd
  port=$(iop_free_port)
  mkdir -p "$d/persist"
  cat > "$d/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:$port,udp6:[::1]:$port
master no
dontLogTCPWrappersConnects yes
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1
rocommunity6 public ::1
sysLocation interop-lab
sysContact nobody@example.org
sysName snmpx-interop
sysServices 72
override -rw .1.3.6.1.4.1.99990.1.0 integer 1
override -rw .1.3.6.1.4.1.99990.2.0 octet_str "hello"
override -rw .1.3.6.1.4.1.99990.3.0 object_id .1.3.6.1.4.1
override -rw .1.3.6.1.4.1.99990.5.0 counter 5
override -rw .1.3.6.1.4.1.99990.6.0 unsigned 6
override -rw .1.3.6.1.4.1.99990.7.0 timeticks 7
override .1.3.6.1.4.1.99990.9.0 integer 9
CONF
  SNMP_PERSISTENT_DIR="$d/persist" snmpd -f -C -c "$d/snmpd.conf" -I -smux \
    -p "$d/snmpd.pid" -Lf "$d/snmpd.log" >"$d/stdout" 2>&1 &
  IOP_PIDS="$IOP_PIDS $!"
  SNMPD_ADDR="udp:127.0.0.1:$port"
  SNMPD_ADDR6="udp6:[::1]:$port"
  iop_wait_agent "$SNMPD_ADDR" public .1.3.6.1.2.1.1.5.0
}

# Start a private snmpsimd serving tests/interop/data/*.snmprec (community
# = file name without .snmprec); sets SIM_ADDR (127.0.0.1:PORT).
iop_start_snmpsim() {
  command -v snmpsimd >/dev/null || iop_skip "snmpsim not installed"
  local port d=$IOP_DIR/snmpsim
  port=$(iop_free_port)
  mkdir -p "$d/data" "$d/cache"
  cp "$IOP_DATA"/*.snmprec "$d/data/"
  chown -R nobody:nogroup "$d" 2>/dev/null
  chmod 755 "$IOP_DIR"
  (cd "$d" && exec /usr/bin/python3 /usr/bin/snmpsimd --data-dir="$d/data" \
     --cache-dir="$d/cache" --agent-udpv4-endpoint="127.0.0.1:$port" \
     --process-user=nobody --process-group=nogroup \
     --logging-method=null --v2c-arch >"$d/log" 2>&1) &
  IOP_PIDS="$IOP_PIDS $!"
  SIM_ADDR="127.0.0.1:$port"
  iop_wait_agent "$SIM_ADDR" awkward .1.3.6.1.4.1.99999.1.1.0
}

# A port on 127.0.0.1 where nothing answers (for timeouts).
iop_dead_addr() { echo "127.0.0.1:$(iop_free_port)"; }

IOP_MASK=cat
# iop_compare NAME TOOL SUBCMD ARGS...: run "TOOL ARGS" and
# "$SNMPX SUBCMD ARGS"; stdout, stderr and exit status must be identical
# after $IOP_MASK (a filter command applied to both outputs).  Byte for
# byte: where the reference prints its own name ("snmpget: Timeout"-style
# lines, "USAGE: snmpget ..."), snmpx SUBCMD must print the same name.
iop_compare() {
  local name=$1 tool=$2 sub=$3; shift 3
  local r=$IOP_DIR/cmp/$name
  mkdir -p "$r"
  "$tool" "$@" >"$r/ref.out" 2>"$r/ref.err"; echo $? >"$r/ref.rc"
  "$SNMPX" "$sub" "$@" >"$r/x.out" 2>"$r/x.err"; echo $? >"$r/x.rc"
  iop_judge "$name" "$tool $*" 0
}

# iop_same [-n] NAME COMMAND...: run COMMAND twice, its word ADDR replaced
# by $IOP_REF_ADDR (the reference agent: snmpd, snmpsimd) and then by
# $IOP_X_ADDR (snmpx agent); stdout, stderr and exit status must be
# identical after $IOP_MASK.  -n: stdout must not be empty either (two
# agents that both answer nothing do not serve the same data).
iop_same() {
  local nonempty=0
  if [ "$1" = -n ]; then nonempty=1; shift; fi
  local name=$1; shift
  local r=$IOP_DIR/cmp/$name a=() b=() x
  mkdir -p "$r"
  for x in "$@"; do
    if [ "$x" = ADDR ]; then
      a+=("$IOP_REF_ADDR"); b+=("$IOP_X_ADDR")
    else
      a+=("$x"); b+=("$x")
    fi
  done
  "${a[@]}" >"$r/ref.out" 2>"$r/ref.err"; echo $? >"$r/ref.rc"
  "${b[@]}" >"$r/x.out" 2>"$r/x.err"; echo $? >"$r/x.rc"
  iop_judge "$name" "$*" "$nonempty"
}

# iop_judge NAME WHAT NONEMPTY: compare $IOP_DIR/cmp/NAME/{ref,x}.{out,err}
# after $IOP_MASK and {ref,x}.rc; NONEMPTY=1: x's masked stdout must not be
# empty.  Prints "ok   NAME" or the differences (counted in IOP_FAILS).
iop_judge() {
  local name=$1 what=$2 nonempty=$3 r=$IOP_DIR/cmp/$1 f ok=1
  for f in out err; do
    $IOP_MASK <"$r/ref.$f" >"$r/ref.$f.m"
    $IOP_MASK <"$r/x.$f" >"$r/x.$f.m"
    if ! cmp -s "$r/ref.$f.m" "$r/x.$f.m"; then
      ok=0
      echo "--- $name: std$f differs ($what)"
      diff -u "$r/ref.$f.m" "$r/x.$f.m" | head -40
    fi
  done
  if ! cmp -s "$r/ref.rc" "$r/x.rc"; then
    ok=0
    echo "--- $name: exit status $(cat "$r/ref.rc") (ref) vs $(cat "$r/x.rc")"
  fi
  if [ "$nonempty" = 1 ] && [ ! -s "$r/x.out.m" ]; then
    ok=0
    echo "--- $name: no output ($what)"
  fi
  if [ $ok = 1 ]; then
    echo "ok   $name"
  else
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

iop_finish() {
  if [ "$IOP_FAILS" -ne 0 ]; then
    echo "FAIL: $IOP_FAILS comparison(s) differ"
    exit 1
  fi
  echo "PASS"
  exit 0
}

# ---------------------------------------------------------------- SNMPv3
# iop_start_snmpd_v3: a private snmpd with a fixed engine ID and one USM
# user per auth x priv pair.  Sets SNMPD_V3_ADDR (udp:127.0.0.1:PORT) and
# SNMPD_V3_ENGINEID; v2c community "public" works on it too.
#
# User naming scheme (all read-only, whole tree):
#   u_<auth>_<priv>  authPriv      auth in IOP_V3_AUTHS, priv in IOP_V3_PRIVS
#   u_<auth>         authNoPriv    (rouser U auth)
#   u_noauth         noAuthNoPriv  (rouser U noauth)
#   u_wrongpw        SHA/AES, but the agent has other passwords
#                    (IOP_V3_OTHERPASS) than every other user
#   u_wrongpriv      SHA/AES, right auth password, other priv password
# Protocol tokens: md5 sha sha224 sha256 sha384 sha512 -> -a MD5 SHA SHA-224
# SHA-256 SHA-384 SHA-512; des aes aes192 aes256 aes192c aes256c -> -x DES
# AES AES-192 AES-256 AES-192-C AES-256-C (192/256 plain = Blumenthal key
# extension, -C = Reeder).  Every user's passwords are IOP_V3_AUTHPASS /
# IOP_V3_PRIVPASS unless stated.
IOP_V3_AUTHS="md5 sha sha224 sha256 sha384 sha512"
IOP_V3_PRIVS="des aes aes192 aes256 aes192c aes256c"
IOP_V3_AUTHPASS=authpass123
IOP_V3_PRIVPASS=privpass123
IOP_V3_OTHERPASS=otherpass456
SNMPD_V3_ENGINEID=0x80001f8880aabbccdd00112233

# Token -> Net-SNMP protocol name.
iop_v3_auth_name() {
  case $1 in
    md5) echo MD5 ;; sha) echo SHA ;; sha224) echo SHA-224 ;;
    sha256) echo SHA-256 ;; sha384) echo SHA-384 ;; sha512) echo SHA-512 ;;
    *) return 1 ;;
  esac
}
iop_v3_priv_name() {
  case $1 in
    des) echo DES ;; aes) echo AES ;; aes192) echo AES-192 ;;
    aes256) echo AES-256 ;; aes192c) echo AES-192-C ;;
    aes256c) echo AES-256-C ;;
    *) return 1 ;;
  esac
}

# Every user name, one per line (43 + u_wrongpw u_wrongpriv with -a).
iop_v3_users() {
  local a p
  for a in $IOP_V3_AUTHS; do
    for p in $IOP_V3_PRIVS; do echo "u_${a}_$p"; done
  done
  for a in $IOP_V3_AUTHS; do echo "u_$a"; done
  echo u_noauth
  if [ "${1:-}" = -a ]; then echo u_wrongpw; echo u_wrongpriv; fi
}

# iop_v3_protos USER: prints "LEVEL AUTH PRIV" (AUTH/PRIV "-" when unused),
# e.g. "authPriv SHA-256 AES-192-C", "authNoPriv MD5 -", "noAuthNoPriv - -".
iop_v3_protos() {
  local u=${1#u_} a p
  case $u in
    noauth) echo "noAuthNoPriv - -"; return ;;
    wrongpw|wrongpriv) echo "authPriv SHA AES"; return ;;
  esac
  a=${u%%_*}
  if [ "$a" = "$u" ]; then
    echo "authNoPriv $(iop_v3_auth_name "$a") -"
  else
    p=${u#*_}
    echo "authPriv $(iop_v3_auth_name "$a") $(iop_v3_priv_name "$p")"
  fi
}

# iop_v3_args USER: the client flags the user needs with the standard
# passwords (for u_wrongpw/u_wrongpriv these are the *wrong* ones), e.g.
#   -l authPriv -u u_sha_aes -a SHA -A authpass123 -x AES -X privpass123
iop_v3_args() {
  local l a p
  read -r l a p <<<"$(iop_v3_protos "$1")"
  printf '%s' "-l $l -u $1"
  [ "$a" != - ] && printf '%s' " -a $a -A $IOP_V3_AUTHPASS"
  [ "$p" != - ] && printf '%s' " -x $p -X $IOP_V3_PRIVPASS"
  echo
}

iop_start_snmpd_v3() {
  command -v snmpd >/dev/null || iop_skip "snmpd not installed"
  local port d=$IOP_DIR/snmpd_v3 u l a p
  port=$(iop_free_port)
  mkdir -p "$d/persist/cert_indexes"
  cat > "$d/snmpd.conf" <<CONF
agentAddress udp:127.0.0.1:$port,udp6:[::1]:$port
master no
dontLogTCPWrappersConnects yes
exactEngineID $SNMPD_V3_ENGINEID
rocommunity public 127.0.0.1
sysLocation interop-lab
sysContact nobody@example.org
sysName snmpx-interop-v3
sysServices 72
CONF
  : > "$d/users.conf"
  for u in $(iop_v3_users); do
    read -r l a p <<<"$(iop_v3_protos "$u")"
    case $l in
      authPriv)
        echo "createUser $u $a \"$IOP_V3_AUTHPASS\" $p \"$IOP_V3_PRIVPASS\""
        echo "rouser $u priv" ;;
      authNoPriv)
        echo "createUser $u $a \"$IOP_V3_AUTHPASS\""
        echo "rouser $u auth" ;;
      *)
        echo "createUser $u"
        echo "rouser $u noauth" ;;
    esac >> "$d/users.conf"
  done
  cat >> "$d/users.conf" <<CONF
createUser u_wrongpw SHA "$IOP_V3_OTHERPASS" AES "$IOP_V3_OTHERPASS"
rouser u_wrongpw priv
createUser u_wrongpriv SHA "$IOP_V3_AUTHPASS" AES "$IOP_V3_OTHERPASS"
rouser u_wrongpriv priv
CONF
  SNMP_PERSISTENT_DIR="$d/persist" snmpd -f -C \
    -c "$d/snmpd.conf,$d/users.conf" -I -smux \
    -p "$d/snmpd.pid" -Lf "$d/snmpd.log" >"$d/stdout" 2>&1 &
  IOP_PIDS="$IOP_PIDS $!"
  SNMPD_V3_ADDR="udp:127.0.0.1:$port"
  SNMPD_V3_ADDR6="udp6:[::1]:$port"
  iop_wait_agent "$SNMPD_V3_ADDR" public .1.3.6.1.2.1.1.5.0
}
