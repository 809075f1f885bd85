#!/bin/bash
# snmpx agent as a daemon, as snmpd is one (issue 16):
#  1. SIGHUP reads the configuration again while a stream of requests is
#     answered: none is lost; the new values (sysName, a community, a USM
#     user gone) answer after it; sysUpTime goes on;
#  2. a pass_persist request waiting in its program across a SIGHUP is
#     still answered;
#  3. a configuration that does not load on SIGHUP leaves the running one,
#     and the log says FILE:LINE and why;
#  4. the log file moved away (logrotate) is opened again on SIGHUP;
#  5. -L as snmpd's: -Lo, -Le, -LF PRI FILE (priorities), -Ln; "-L FILE"
#     refused without creating anything; authentication failures logged;
#  6. -u nobody (as root): the agent runs as nobody (/proc/PID/status),
#     supplementary groups cleared, and still answers and reloads;
#     agentuser/agentgroup in the configuration do the same;
#  7. SIGTERM stops cleanly: exit status 0, pid file removed.
. "$(dirname "$0")/lib.sh"
command -v snmpget >/dev/null || iop_skip "net-snmp clients not installed"

fail() {
  echo "FAIL: $*"
  for f in "$IOP_DIR"/*.log; do
    [ -f "$f" ] && { echo "--- $f"; tail -20 "$f"; }
  done
  exit 1
}

# wait_for SECONDS COMMAND...: until COMMAND succeeds, or fail.
wait_for() {
  local limit=$1 i
  shift
  for i in $(seq 1 $((limit * 10))); do
    "$@" && return 0
    sleep 0.1
  done
  return 1
}

SYS_NAME=.1.3.6.1.2.1.1.5.0
SYS_UPTIME=.1.3.6.1.2.1.1.3.0
get() { # ADDR COMMUNITY OID: the value, or nothing
  snmpget -v2c -On -Oqv -r 0 -t 5 -c "$2" "$1" "$3" 2>/dev/null
}
reloads_over() { [ "$(count "$LOG" restarted)" -gt "$1" ]; }
answers() { [ -n "$(get "$1" public $SYS_NAME)" ]; }
logged() { grep -q -- "$2" "$1" 2>/dev/null; }
count() { grep -c -- "$2" "$1" 2>/dev/null || true; }

# A pass_persist program that answers a get of .1.3.6.1.4.1.99994.1.0
# only once the file "release" exists, after saying it got the query.
chmod 755 "$IOP_DIR"
PROG=$IOP_DIR/pp_wait
cat >"$PROG" <<PY
#!/usr/bin/python3 -u
import os, sys, time
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "PING":
        print("PONG"); continue
    if cmd == "":
        continue
    oid = sys.stdin.readline().strip()
    if cmd != "get" or oid != ".1.3.6.1.4.1.99994.1.0":
        print("NONE"); continue
    open("$IOP_DIR/got", "w").close()
    while not os.path.exists("$IOP_DIR/release"):
        time.sleep(0.05)
    print(oid); print("string"); print("waited")
PY
chmod 755 "$PROG"

CONF=$IOP_DIR/agent.conf
write_conf() { # SYSNAME
  cat >"$CONF" <<CONF
rocommunity public 127.0.0.1
rocommunity oldcomm 127.0.0.1
createUser u1 SHA authpass12345
rouser u1
sysName $1
pass_persist -t 60000 .1.3.6.1.4.1.99994 $PROG
CONF
}
write_conf first
LOG=$IOP_DIR/agent.log
iop_start_snmpx_agent "$LOG" public $SYS_NAME -C "$CONF" \
  -S "$IOP_DIR/state" -p "$IOP_DIR/agent.pid" || fail "agent did not start"
A=$AGENT_ADDR
[ "$(get $A public $SYS_NAME)" = '"first"' ] || fail "sysName not first"
[ -s "$IOP_DIR/agent.pid" ] || fail "no pid file"

# ---- 1. reload under a stream of requests --------------------------------
up0=$(snmpget -v2c -On -Oqvt -r 0 -t 5 -c public $A $SYS_UPTIME)
N=150
( ok=0
  for i in $(seq 1 $N); do
    v=$(snmpget -v2c -On -Oqv -r 0 -t 10 -c public $A \
          .1.3.6.1.2.1.1.1.0 2>/dev/null) && [ -n "$v" ] && ok=$((ok + 1))
  done
  echo $ok >"$IOP_DIR/stream.ok" ) &
stream=$!
write_conf second
sed -i '/oldcomm/d; /createUser/d; /rouser/d' "$CONF"
hups=0
while kill -0 $stream 2>/dev/null; do
  kill -HUP "$AGENT_PID"
  hups=$((hups + 1))
  # The next SIGHUP once this one is done: every reload is one the
  # requests live through.
  wait_for 30 reloads_over $((hups - 1)) ||
    fail "reload $hups not logged"
done
wait $stream
[ "$(cat "$IOP_DIR/stream.ok")" = $N ] ||
  fail "requests lost across $hups reloads: $(cat "$IOP_DIR/stream.ok")/$N"
echo "ok   $N requests answered across $hups reloads"
[ "$(get $A public $SYS_NAME)" = '"second"' ] || fail "sysName not reloaded"
[ -z "$(get $A oldcomm $SYS_NAME)" ] || fail "removed community answers"
snmpget -v3 -u u1 -l authNoPriv -a SHA -A authpass12345 -r 0 -t 2 $A \
  $SYS_NAME >/dev/null 2>&1 && fail "removed USM user still answered"
up1=$(snmpget -v2c -On -Oqvt -r 0 -t 5 -c public $A $SYS_UPTIME)
[ "$up1" -ge "$up0" ] || fail "sysUpTime went back on reload ($up0 -> $up1)"
kill -0 "$AGENT_PID" || fail "agent died"
echo "ok   reload: new sysName, community and user gone, sysUpTime goes on"

# ---- 2. a deferred request across a reload -------------------------------
snmpget -v2c -On -Oqv -r 0 -t 60 -c public $A .1.3.6.1.4.1.99994.1.0 \
  >"$IOP_DIR/deferred.out" 2>&1 &
deferred=$!
wait_for 30 test -e "$IOP_DIR/got" || fail "pass_persist query not seen"
before=$(count "$LOG" restarted)
kill -HUP "$AGENT_PID"
wait_for 30 reloads_over "$before" ||
  fail "reload not logged"
[ "$(get $A public $SYS_NAME)" = '"second"' ] || fail "no answer after reload"
touch "$IOP_DIR/release"
wait $deferred
grep -q '"waited"' "$IOP_DIR/deferred.out" ||
  fail "deferred request lost on reload: $(cat "$IOP_DIR/deferred.out")"
echo "ok   a pass_persist request waiting across a reload is answered"

# ---- 3. a configuration that does not load -------------------------------
echo "rocommunity" >>"$CONF"
line=$(wc -l <"$CONF")
kill -HUP "$AGENT_PID"
wait_for 30 logged "$LOG" "not reloaded" || fail "bad reload not logged"
logged "$LOG" "agent.conf:$line:" || fail "bad line not named FILE:$line"
[ "$(get $A public $SYS_NAME)" = '"second"' ] || fail "old config lost"
echo "ok   a bad configuration on SIGHUP keeps the running one (FILE:LINE)"
sed -i '$d' "$CONF"

# ---- 4. log file reopened on SIGHUP --------------------------------------
mv "$LOG" "$LOG.1"
kill -HUP "$AGENT_PID"
wait_for 30 logged "$LOG" restarted || fail "log not reopened on SIGHUP"
echo "ok   the log file is reopened on SIGHUP"

# ---- 5. auth failures logged; SIGTERM ------------------------------------
get $A wrongcomm $SYS_NAME >/dev/null
wait_for 10 logged "$LOG" "Authentication failure (incorrect community" ||
  fail "bad community not logged"
sed -i 's/^sysName.*/createUser u2 SHA authpass12345\nrouser u2/' "$CONF"
before=$(count "$LOG" restarted)
kill -HUP "$AGENT_PID"
wait_for 30 reloads_over "$before" || fail "reload"
snmpget -v3 -u u2 -l authNoPriv -a SHA -A wrongpass999 -r 0 -t 1 $A \
  $SYS_NAME >/dev/null 2>&1
wait_for 10 logged "$LOG" "Authentication failed for u2" ||
  fail "USM failure not logged"
snmpget -v3 -u u2 -l authNoPriv -a SHA -A authpass12345 -r 0 -t 5 $A \
  $SYS_NAME >/dev/null 2>&1 || fail "user added by a reload refused"
echo "ok   authentication failures logged; a user added by a reload answers"
kill -TERM "$AGENT_PID"
wait "$AGENT_PID"
st=$?
[ $st = 0 ] || fail "exit status $st on SIGTERM"
[ ! -e "$IOP_DIR/agent.pid" ] || fail "pid file left on SIGTERM"
logged "$LOG" "shutting down" || fail "stop not logged"
echo "ok   SIGTERM: exit 0, pid file removed"

# ---- 6. -L forms -----------------------------------------------------------
port=$(iop_free_port)
run_agent() { # OUT ERR ARGS...: start, wait for an answer, stop
  local out=$1 err=$2 pid
  shift 2
  "$SNMPX" agent -c public "$@" "udp:127.0.0.1:$port" >"$out" 2>"$err" &
  pid=$!
  wait_for 30 answers "udp:127.0.0.1:$port" ||
    { kill $pid; fail "agent $* did not answer"; }
  get udp:127.0.0.1:$port wrong $SYS_NAME >/dev/null
  get udp:127.0.0.1:$port public $SYS_NAME >/dev/null
  kill -TERM $pid
  wait $pid
}
run_agent "$IOP_DIR/o.out" "$IOP_DIR/o.err" -Lo
logged "$IOP_DIR/o.out" "listening on" || fail "-Lo: nothing on stdout"
[ ! -s "$IOP_DIR/o.err" ] || fail "-Lo: stderr has $(cat "$IOP_DIR/o.err")"
run_agent "$IOP_DIR/e.out" "$IOP_DIR/e.err" -Le
logged "$IOP_DIR/e.err" "listening on" || fail "-Le: nothing on stderr"
[ ! -s "$IOP_DIR/e.out" ] || fail "-Le: stdout not empty"
run_agent "$IOP_DIR/n.out" "$IOP_DIR/n.err" -Ln
[ ! -s "$IOP_DIR/n.out" ] && [ ! -s "$IOP_DIR/n.err" ] || fail "-Ln logged"
# -LF 3: errors and worse only (an authentication failure is a warning);
# -LF warning: that one too.
run_agent "$IOP_DIR/f.out" "$IOP_DIR/f.err" -LF 3 "$IOP_DIR/f3.log" \
  -LFwarning "$IOP_DIR/f4.log"
logged "$IOP_DIR/f4.log" "Authentication failure" || fail "-LF 4 missed it"
logged "$IOP_DIR/f3.log" "Authentication failure" && fail "-LF 3 took it"
[ ! -s "$IOP_DIR/f.err" ] || fail "-LF: stderr not empty"
echo "ok   -Lo, -Le, -Ln, -LF PRI FILE"
cd "$IOP_DIR" || exit 1
"$SNMPX" agent -c public -L LOGFILE "udp:127.0.0.1:$port" >/dev/null \
  2>"$IOP_DIR/bad.err" && fail "-L LOGFILE accepted"
[ ! -e "$IOP_DIR/LOGFILE" ] && [ ! -e "$IOP_DIR/OGFILE" ] ||
  fail "-L LOGFILE created a file"
grep -q -- "-Lf FILE" "$IOP_DIR/bad.err" || fail "-L LOGFILE: no hint"
"$SNMPX" agent -c public -Ls nofacility "udp:127.0.0.1:$port" 2>/dev/null &&
  fail "-Ls with a bad facility accepted"
echo "ok   -L FILE and a bad facility refused"

# ---- 7. -u nobody, agentuser/agentgroup ----------------------------------
if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1; then
  echo "skip -u nobody (not root, or no user nobody)"
  iop_finish
fi
uid=$(id -u nobody)
gid=$(id -g nobody)
check_ids() { # PID UID GID
  local s
  s=$(grep -E '^(Uid|Gid|Groups):' "/proc/$1/status")
  echo "$s" | grep -qE "^Uid:\s+$2\s+$2\s+$2\s+$2$" || fail "Uid: $s"
  echo "$s" | grep -qE "^Gid:\s+$3\s+$3\s+$3\s+$3$" || fail "Gid: $s"
  echo "$s" | grep -qE "^Groups:\s*$" || fail "Groups not cleared: $s"
}
chmod 644 "$CONF"
write_conf asnobody
LOG=$IOP_DIR/nobody.log
iop_start_snmpx_agent "$LOG" public $SYS_NAME -C "$CONF" -u nobody \
  -p "$IOP_DIR/nobody.pid" || fail "agent -u nobody did not start"
check_ids "$AGENT_PID" "$uid" "$gid"
[ "$(get $AGENT_ADDR public $SYS_NAME)" = '"asnobody"' ] ||
  fail "-u nobody: no answer"
write_conf reloadednobody
kill -HUP "$AGENT_PID"
wait_for 30 logged "$LOG" restarted || fail "-u nobody: reload"
[ "$(get $AGENT_ADDR public $SYS_NAME)" = '"reloadednobody"' ] ||
  fail "-u nobody: reload not applied"
kill -TERM "$AGENT_PID"
wait "$AGENT_PID"
echo "ok   -u nobody: uid $uid gid $gid, no groups, answers and reloads"

write_conf conf_user
printf 'agentuser nobody\nagentgroup %s\n' "$gid" >>"$CONF"
LOG=$IOP_DIR/agentuser.log
iop_start_snmpx_agent "$LOG" public $SYS_NAME -C "$CONF" ||
  fail "agentuser: did not start"
check_ids "$AGENT_PID" "$uid" "$gid"
[ "$(get $AGENT_ADDR public $SYS_NAME)" = '"conf_user"' ] ||
  fail "agentuser: no answer"
kill -TERM "$AGENT_PID"
wait "$AGENT_PID"
echo "ok   agentuser/agentgroup"
"$SNMPX" agent -c public -u no-such-user-xyz "udp:127.0.0.1:$port" \
  2>"$IOP_DIR/nouser.err" && fail "unknown user accepted"
grep -q "unknown user 'no-such-user-xyz'" "$IOP_DIR/nouser.err" ||
  fail "unknown user: $(cat "$IOP_DIR/nouser.err")"
echo "ok   an unknown user is refused"
iop_finish
