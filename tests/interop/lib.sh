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
  local pid port
  for pid in $IOP_PIDS $(cat "$IOP_DIR/holders" 2>/dev/null); do
    kill "$pid" 2>/dev/null
  done
  for pid in $IOP_PIDS; do
    wait "$pid" 2>/dev/null
  done
  # Give back the ports iop_free_port reserved for this test.
  for port in $(cat "$IOP_DIR/reserved" 2>/dev/null); do
    rm -rf "${IOP_PORTS_DIR:?}/$port"
  done
  if [ -n "${IOP_KEEP:-}" ]; then
    echo "kept $IOP_DIR" >&2
  else
    rm -rf "$IOP_DIR"
  fi
}
trap iop_cleanup EXIT

iop_skip() { echo "SKIP: $*"; exit 77; }

# Ports handed out by iop_free_port, machine-wide: one directory per port
# (made atomically with mkdir), holding the pid of the test that owns it.
IOP_PORTS_DIR=${IOP_PORTS_DIR:-${TMPDIR:-/tmp}/snmpx-test-ports}

# A port on 127.0.0.1, UDP and TCP, that nothing uses now, for a peer this
# test then starts.  A probe cannot hold the port for the peer, so two
# rules keep anyone else from taking it in between:
#  - it is below the kernel's ephemeral range (ip_local_port_range), so no
#    program that binds port 0 or sends from an unbound socket is given it;
#  - it is reserved in $IOP_PORTS_DIR for this test until it exits, so no
#    other test (in this run or a parallel one) is handed it; a reservation
#    whose test is gone is taken over.
# The peers started through iop_start_peer also retry on another port if
# theirs is taken after all.
iop_free_port() {
  python3 - "$IOP_PORTS_DIR" "$$" "$IOP_DIR/reserved" <<'PY'
import os, random, shutil, socket, sys, time
resdir, owner, mine = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lo, hi = 20000, 32767
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        elo = int(f.read().split()[0])
    if elo - 1 - 10000 >= 2000:
        lo, hi = 10000, elo - 1
except (OSError, ValueError, IndexError):
    pass
os.makedirs(resdir, exist_ok=True)
try:
    os.chmod(resdir, 0o1777)
except OSError:
    pass

def owner_gone(d):
    try:
        pid = int(open(os.path.join(d, "pid")).read())
    except (OSError, ValueError):
        # Being made now, or left half-made by a killed test long ago.
        try:
            return time.time() - os.stat(d).st_mtime > 60
        except OSError:
            return False
    try:
        os.kill(pid, 0)
        return False
    except ProcessLookupError:
        return True
    except PermissionError:
        return False

def reserve(port):
    d = os.path.join(resdir, str(port))
    for _ in range(2):
        try:
            os.mkdir(d)
        except FileExistsError:
            if not owner_gone(d):
                return False
            shutil.rmtree(d, ignore_errors=True)
            continue
        with open(os.path.join(d, "pid"), "w") as f:
            f.write("%d\n" % owner)
        return True
    return False

def free(port):
    try:
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            with socket.socket(socket.AF_INET, kind) as s:
                s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False

for _ in range(1000):
    p = random.randint(lo, hi)
    if not reserve(p):
        continue
    with open(mine, "a") as f:
        f.write("%d\n" % p)
    if free(p):
        print(p)
        break
else:
    sys.exit("iop_free_port: no free port in %d..%d" % (lo, hi))
PY
}

# iop_holds PID PORT: true when process PID has a UDP socket bound to PORT
# (on any address): the peer that answers there is ours, not a program
# that took the port first.
iop_holds() {
  local pid=$1 hex ino
  hex=$(printf ':%04X' "$2")
  for ino in $(awk -v h="$hex" 'substr($2, length($2) - 4) == h { print $10 }' \
                 /proc/net/udp /proc/net/udp6 2>/dev/null); do
    ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "socket:[$ino]" && return 0
  done
  return 1
}

# iop_holds_tcp PID PORT: the same for a TCP socket listening on PORT
# (for peers that serve over TCP only: HTTP exporters).
iop_holds_tcp() {
  local pid=$1 hex ino
  hex=$(printf ':%04X' "$2")
  for ino in $(awk -v h="$hex" 'substr($2, length($2) - 4) == h && $4 == "0A" { print $10 }' \
                 /proc/net/tcp /proc/net/tcp6 2>/dev/null); do
    ls -l "/proc/$pid/fd" 2>/dev/null | grep -qF "socket:[$ino]" && return 0
  done
  return 1
}

# iop_start_peer START READY: start a peer on a free port.  START PORT
# starts it in the background and sets IOP_PEER_PID; READY PORT succeeds
# once it serves.  The peer is up when it still runs, holds PORT itself
# and READY passes; when it exits first (its port was taken after all) or
# never gets there (30 s), it is stopped and started again on another
# port, up to 5 times.  Sets IOP_PEER_PORT; the pid goes into IOP_PIDS.
# IOP_HOLDS names the check of the port (default iop_holds: UDP).
iop_start_peer() {
  local start=$1 ready=$2 try port i
  for try in 1 2 3 4 5; do
    port=$(iop_free_port) || return 1
    IOP_PEER_PID=
    "$start" "$port"
    IOP_PIDS="$IOP_PIDS $IOP_PEER_PID"
    for i in $(seq 300); do
      kill -0 "$IOP_PEER_PID" 2>/dev/null || break
      if "${IOP_HOLDS:-iop_holds}" "$IOP_PEER_PID" "$port" && "$ready" "$port" &&
         kill -0 "$IOP_PEER_PID" 2>/dev/null; then
        IOP_PEER_PORT=$port
        return 0
      fi
      sleep 0.1
    done
    echo "peer ($start) did not start on port $port, try $try" >&2
    kill "$IOP_PEER_PID" 2>/dev/null
    wait "$IOP_PEER_PID" 2>/dev/null
  done
  return 1
}

# iop_start_fake TAG ARGS...: start tests/interop/fake_agent.py ARGS
# (--mode ...; it binds a port the kernel picks, so nothing can take it
# first) and wait until it is ready; sets FAKE_ADDR (127.0.0.1:PORT).
# TAG names its output file.  It exits by itself after 120 s.
iop_start_fake() {
  local out=$IOP_DIR/fake-$1.out i
  shift
  python3 "$(dirname "${BASH_SOURCE[0]}")/fake_agent.py" --lifetime 120 "$@" \
    >"$out" 2>&1 &
  IOP_PIDS="$IOP_PIDS $!"
  for i in $(seq 1 100); do
    grep -q '^ready' "$out" 2>/dev/null && break
    sleep 0.05
  done
  FAKE_ADDR="127.0.0.1:$(awk '/^ready/ {print $2}' "$out")"
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
  iop_start_peer iop_launch_snmpd iop_snmpd_ready ||
    { echo "snmpd did not start"; cat "$IOP_DIR/snmpd/snmpd.log"; exit 1; }
  SNMPD_ADDR="udp:127.0.0.1:$IOP_PEER_PORT"
  SNMPD_ADDR6="udp6:[::1]:$IOP_PEER_PORT"
}

# An agent on 127.0.0.1:PORT answers a v2c get of sysName.0 (community
# public).
iop_snmpd_ready() {
  snmpget -v2c -c public -r 0 -t 1 "udp:127.0.0.1:$1" .1.3.6.1.2.1.1.5.0 \
    >/dev/null 2>&1
}

iop_launch_snmpd() {
  local port=$1 d=$IOP_DIR/snmpd
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
  iop_run_snmpd "$d" "$d/snmpd.conf"
}

# iop_run_snmpd DIR CONFS: snmpd in the background, reading the config
# files CONFS (comma-separated), its state in DIR/persist, its log in
# DIR/snmpd.log; sets IOP_PEER_PID (for iop_start_peer's launchers).
iop_run_snmpd() {
  SNMP_PERSISTENT_DIR="$1/persist" snmpd -f -C -c "$2" -I -smux \
    -p "$1/snmpd.pid" -Lf "$1/snmpd.log" >"$1/stdout" 2>&1 &
  IOP_PEER_PID=$!
}

# iop_start_snmpd_conf DIR COMMUNITY OID CONF...: a private snmpd (state
# and log in DIR) on a free port, reading its agentAddress line and then
# the files CONF...; up once a v2c get of OID with COMMUNITY answers, and
# started again on another port when its port was taken (iop_start_peer).
# Sets SNMPD_ADDR (udp:127.0.0.1:PORT), SNMPD_PORT and SNMPD_PID; on
# failure prints snmpd's log and returns 1.
iop_start_snmpd_conf() {
  command -v snmpd >/dev/null || iop_skip "snmpd not installed"
  IOP_SNMPD_DIR=$1 IOP_SNMPD_COMMUNITY=$2 IOP_SNMPD_OID=$3
  shift 3
  IOP_SNMPD_CONFS=$(IFS=,; echo "$*")
  if ! iop_start_peer iop_launch_snmpd_conf iop_snmpd_conf_ready; then
    echo "snmpd did not start"
    cat "$IOP_SNMPD_DIR/snmpd.log" 2>/dev/null
    return 1
  fi
  SNMPD_PORT=$IOP_PEER_PORT
  SNMPD_PID=$IOP_PEER_PID
  SNMPD_ADDR="udp:127.0.0.1:$SNMPD_PORT"
}

iop_launch_snmpd_conf() {
  local d=$IOP_SNMPD_DIR
  mkdir -p "$d/persist/cert_indexes"
  printf 'agentAddress udp:127.0.0.1:%s\nmaster no\n%s\n' "$1" \
    "dontLogTCPWrappersConnects yes" >"$d/address.conf"
  iop_run_snmpd "$d" "$d/address.conf,$IOP_SNMPD_CONFS"
}

iop_snmpd_conf_ready() {
  snmpget -v2c -c "$IOP_SNMPD_COMMUNITY" -r 0 -t 1 "udp:127.0.0.1:$1" \
    "$IOP_SNMPD_OID" >/dev/null 2>&1
}

# iop_start_snmpx_agent LOG COMMUNITY OID ARGS...: `snmpx agent -Lf LOG
# ARGS udp:127.0.0.1:PORT` on a free port; up once a v2c get of OID with
# COMMUNITY answers, and started again on another port when its port was
# taken (iop_start_peer).  Sets AGENT_ADDR (udp:127.0.0.1:PORT),
# AGENT_PORT and AGENT_PID; on failure prints the log and returns 1.
iop_start_snmpx_agent() {
  IOP_AGENT_LOG=$1 IOP_AGENT_COMMUNITY=$2 IOP_AGENT_OID=$3
  shift 3
  IOP_AGENT_ARGS=("$@")
  if ! iop_start_peer iop_launch_snmpx_agent iop_snmpx_agent_ready; then
    echo "snmpx agent did not start"
    head -5 "$IOP_AGENT_LOG" 2>/dev/null
    return 1
  fi
  AGENT_PORT=$IOP_PEER_PORT
  AGENT_PID=$IOP_PEER_PID
  AGENT_ADDR="udp:127.0.0.1:$AGENT_PORT"
}

iop_launch_snmpx_agent() {
  "$SNMPX" agent -Lf "$IOP_AGENT_LOG" "${IOP_AGENT_ARGS[@]}" \
    "udp:127.0.0.1:$1" &
  IOP_PEER_PID=$!
}

iop_snmpx_agent_ready() {
  snmpget -v2c -c "$IOP_AGENT_COMMUNITY" -r 0 -t 1 "udp:127.0.0.1:$1" \
    "$IOP_AGENT_OID" >/dev/null 2>&1
}

# Start a private snmpsimd serving tests/interop/data/*.snmprec (community
# = file name without .snmprec); sets SIM_ADDR (127.0.0.1:PORT).
iop_start_snmpsim() {
  command -v snmpsimd >/dev/null || iop_skip "snmpsim not installed"
  iop_start_peer iop_launch_snmpsim iop_snmpsim_ready ||
    { echo "snmpsimd did not start"; cat "$IOP_DIR/snmpsim/log"; exit 1; }
  SIM_ADDR="127.0.0.1:$IOP_PEER_PORT"
}

iop_snmpsim_ready() {
  snmpget -v2c -c awkward -r 0 -t 1 "127.0.0.1:$1" .1.3.6.1.4.1.99999.1.1.0 \
    >/dev/null 2>&1
}

iop_launch_snmpsim() {
  local port=$1 d=$IOP_DIR/snmpsim
  rm -rf "$d"
  mkdir -p "$d/data" "$d/cache"
  cp "$IOP_DATA"/*.snmprec "$d/data/"
  chown -R nobody:nogroup "$d" 2>/dev/null
  chmod 755 "$IOP_DIR"
  (cd "$d" && exec /usr/bin/python3 /usr/bin/snmpsimd --data-dir="$d/data" \
     --cache-dir="$d/cache" --agent-udpv4-endpoint="127.0.0.1:$port" \
     --process-user=nobody --process-group=nogroup \
     --logging-method=null --v2c-arch >"$d/log" 2>&1) &
  IOP_PEER_PID=$!
}

# An address on 127.0.0.1 where nothing answers (for timeouts): a port the
# kernel gives a socket that never reads, held until the test's shell is
# gone, so no other program can bind it and answer there.  Called as
# D=$(iop_dead_addr): the holder's pid is kept in $IOP_DIR/holders.
iop_dead_addr() {
  local f=$IOP_DIR/dead.$BASHPID i
  python3 - "$$" "$f" >/dev/null 2>&1 <<'PY' &
import os, socket, sys, time
owner, path = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
with open(path + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
os.rename(path + ".tmp", path)
while True:  # until the test's shell is gone
    time.sleep(1)
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        break
PY
  echo "$!" >>"$IOP_DIR/holders"
  for i in $(seq 200); do
    [ -f "$f" ] && break
    sleep 0.05
  done
  echo "127.0.0.1:$(cat "$f")"
}

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
  iop_start_peer iop_launch_snmpd_v3 iop_snmpd_ready ||
    { echo "snmpd (v3) did not start"; cat "$IOP_DIR/snmpd_v3/snmpd.log"
      exit 1; }
  SNMPD_V3_ADDR="udp:127.0.0.1:$IOP_PEER_PORT"
  SNMPD_V3_ADDR6="udp6:[::1]:$IOP_PEER_PORT"
}

iop_launch_snmpd_v3() {
  local port=$1 d=$IOP_DIR/snmpd_v3 u l a p
  rm -rf "$d"
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
  iop_run_snmpd "$d" "$d/snmpd.conf,$d/users.conf"
}
