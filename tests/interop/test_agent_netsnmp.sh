#!/bin/bash
# Net-SNMP's snmpget, snmpgetnext, snmpwalk, snmpbulkwalk and snmpset
# against `snmpx agent`, over v1, v2c and v3 with every auth x priv pair
# Net-SNMP supports.  The oracle is a private snmpd with the same users
# (the very same createUser/rouser lines) and system values: both agents
# must make the tools print the same lines.  Then SET semantics, VACM views
# per security model, and wrong communities and users (no data, counted).
. "$(dirname "$0")/lib.sh"
iop_start_snmpd_v3
R=$SNMPD_V3_ADDR
S=.1.3.6.1.2.1.1

# snmpx agent with snmpd's users and system values, plus a few of its own:
# a read-write community and user, and restricted ones.
d=$IOP_DIR/agent
mkdir -p "$d"
descr=$(snmpget -v2c -c public -Oqv "$R" $S.1.0)
cat >"$d/agent.conf" <<CONF
rocommunity public 127.0.0.1
rocommunity6 public ::1
rwcommunity private 127.0.0.1/8
rocommunity limited default $S.5
sysDescr $descr
sysObjectID .1.3.6.1.4.1.8072.3.2.10
sysLocation interop-lab
sysContact nobody@example.org
sysName snmpx-interop-v3
sysServices 72
createUser u_rw SHA-256 "$IOP_V3_AUTHPASS" AES-256 "$IOP_V3_PRIVPASS"
rwuser u_rw priv
createUser u_limited SHA "$IOP_V3_AUTHPASS" AES "$IOP_V3_PRIVPASS"
rouser u_limited priv $S.5
CONF
iop_start_snmpx_agent "$d/log" public $S.5.0 -C "$d/agent.conf" \
  -C "$IOP_DIR/snmpd_v3/users.conf" -S "$d/state" -p "$d/pid" || exit 1
port=$AGENT_PORT
X=$AGENT_ADDR

mask() {
  sed -E 's/= (Counter32|Counter64|Gauge32|Timeticks): .*/= \1: MASKED/' |
    sed "s/${port}/PORT/g; s/${R##*:}/PORT/g"
}

# iop_same NAME TOOL ... ADDR ...: TOOL against snmpd and snmpx agent
# prints the same (stdout, stderr, exit status), through mask.
IOP_REF_ADDR=$R
IOP_X_ADDR=$X
IOP_MASK=mask

# expect NAME PATTERN COMMAND...: COMMAND's output (stdout and stderr)
# must match the extended regex PATTERN.
expect() {
  local name=$1 pat=$2; shift 2
  local out
  out=$("$@" 2>&1)
  if printf '%s\n' "$out" | grep -Eq -- "$pat"; then
    echo "ok   $name"
  else
    echo "--- $name: no /$pat/ in:"
    printf '%s\n' "$out" | head -10
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

SCALARS="$S.1.0 $S.2.0 $S.4.0 $S.5.0 $S.6.0 $S.7.0"

# 1. Every v3 user at its own level: GET of the system scalars as snmpd
#    answers it, a walk of the system group, a bulkwalk equal to the walk.
snmpwalk -v2c -c public -On "$X" $S | mask >"$IOP_DIR/sys-v2c"
for u in $(iop_v3_users); do
  # shellcheck disable=SC2046,SC2086
  iop_same "get-$u" snmpget -v3 $(iop_v3_args "$u") -On ADDR $SCALARS
  # shellcheck disable=SC2046
  snmpwalk -v3 $(iop_v3_args "$u") -On "$X" $S | mask >"$IOP_DIR/sys-$u"
  if cmp -s "$IOP_DIR/sys-v2c" "$IOP_DIR/sys-$u" &&
     [ "$(wc -l <"$IOP_DIR/sys-$u")" -ge 8 ]; then
    echo "ok   walk-$u"
  else
    echo "--- walk-$u differs from the v2c walk"
    diff "$IOP_DIR/sys-v2c" "$IOP_DIR/sys-$u" | head -5
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done
SA="-l authPriv -u u_sha_aes -a SHA -A $IOP_V3_AUTHPASS -x AES -X $IOP_V3_PRIVPASS"
# shellcheck disable=SC2086
snmpbulkwalk -v3 $SA -On -Cr7 "$X" $S | mask >"$IOP_DIR/sys-bulk-v3"
snmpbulkwalk -v2c -c public -On -Cr3 "$X" $S | mask >"$IOP_DIR/sys-bulk-v2c"
for b in v3 v2c; do
  if cmp -s "$IOP_DIR/sys-v2c" "$IOP_DIR/sys-bulk-$b"; then
    echo "ok   bulkwalk-$b"
  else
    echo "--- bulkwalk-$b differs from the walk"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done

# 2. v1 and v2c: the same answers as snmpd, errors included.
for v in 1 2c; do
  # shellcheck disable=SC2086
  iop_same "get-v$v" snmpget -v$v -c public -On ADDR $SCALARS
  iop_same "getnext-v$v" snmpgetnext -v$v -c public -On ADDR $S.4.0 $S.6.0
  iop_same "get-missing-v$v" snmpget -v$v -c public -On ADDR $S.5.0 $S.99.0
  iop_same "getnext-past-end-v$v" snmpgetnext -v$v -c public -On ADDR .1.9
done
# shellcheck disable=SC2086
iop_same "getnext-v3" snmpgetnext -v3 $SA -On ADDR $S.4.0 $S.6.0
# shellcheck disable=SC2086
iop_same "get-missing-v3" snmpget -v3 $SA -On ADDR $S.5.0 $S.99.0
iop_same "bulkget-v2c" snmpbulkget -v2c -c public -On -Cn1 -Cr2 ADDR $S.1.0 \
  $S.5.0

# 3. The USM errors, as snmpd reports them.
# shellcheck disable=SC2046
iop_same "wrong-authpass" snmpget -v3 $(iop_v3_args u_wrongpw) -r 0 -t 1 \
  ADDR $S.5.0
iop_same "unknown-user" snmpget -v3 -l authPriv -u nosuchuser -a SHA \
  -A "$IOP_V3_AUTHPASS" -x AES -X "$IOP_V3_PRIVPASS" -r 0 -t 1 ADDR $S.5.0
iop_same "level-too-high" snmpget -v3 -l authPriv -u u_sha -a SHA \
  -A "$IOP_V3_AUTHPASS" -x AES -X "$IOP_V3_PRIVPASS" -r 0 -t 1 ADDR $S.5.0
iop_same "level-too-low-for-vacm" snmpget -v3 -l noAuthNoPriv -u u_sha \
  -r 0 -t 1 ADDR $S.5.0
expect "usmStatsWrongDigests counted" 'Counter32: [1-9]' \
  snmpget -v2c -c public "$X" .1.3.6.1.6.3.15.1.1.5.0
expect "usmStatsUnknownUserNames counted" 'Counter32: [1-9]' \
  snmpget -v2c -c public "$X" .1.3.6.1.6.3.15.1.1.3.0

# 4. SET: one change; a multi-varbind SET with one bad varbind changes
#    nothing; v1 and v3; read-only access refused.
expect "set-v2c" 'STRING: "rack 4"' \
  snmpset -v2c -c private "$X" $S.6.0 s "rack 4"
expect "set-v2c-readback" 'STRING: "rack 4"' snmpget -v2c -c public "$X" $S.6.0
expect "set-atomic" 'notWritable.*|Failed object: iso.3.6.1.2.1.1.7.0' \
  snmpset -v2c -c private "$X" $S.4.0 s changed $S.5.0 s changed $S.7.0 i 5
expect "set-atomic-unchanged" \
  'nobody@example.org".*snmpx-interop-v3"' \
  sh -c "snmpget -v2c -c public -Oqv $X $S.4.0 $S.5.0 | tr '\n' ' '"
expect "set-wrongtype" 'wrongType' snmpset -v2c -c private "$X" $S.6.0 i 3
expect "set-v1-badvalue" 'badValue' snmpset -v1 -c private "$X" $S.6.0 i 3
expect "set-v1" 'STRING: "rack 5"' snmpset -v1 -c private "$X" $S.6.0 s "rack 5"
expect "set-v3" 'STRING: "rack 6"' snmpset -v3 -l authPriv -u u_rw \
  -a SHA-256 -A "$IOP_V3_AUTHPASS" -x AES-256 -X "$IOP_V3_PRIVPASS" "$X" \
  $S.6.0 s "rack 6"
expect "set-readonly-v2c" 'noAccess' \
  snmpset -v2c -c public "$X" $S.6.0 s nope
expect "set-readonly-v3" 'noAccess' \
  snmpset -v3 $SA "$X" $S.6.0 s nope
expect "set-readonly-v1" 'noSuchName' snmpset -v1 -c public "$X" $S.6.0 s nope
expect "set-unchanged" 'rack 6' snmpget -v2c -c public "$X" $S.6.0

# 5. VACM: restricted views hide the rest, per security model.
for v in 1 2c; do
  expect "view-walk-v$v" "^\.1\.3\.6\.1\.2\.1\.1\.5\.0 = STRING: \"snmpx-interop-v3\"$" \
    snmpwalk "-v$v" -c limited -On "$X" .1
  n=$(snmpwalk "-v$v" -c limited -On "$X" .1 | grep -v 'No more variables' | grep -c '^\.1\.')
  [ "$n" = 1 ] && echo "ok   view-walk-v$v-count" ||
    { echo "--- view-walk-v$v: $n lines"; IOP_FAILS=$((IOP_FAILS + 1)); }
done
LA="-l authPriv -u u_limited -a SHA -A $IOP_V3_AUTHPASS -x AES -X $IOP_V3_PRIVPASS"
# shellcheck disable=SC2086
n=$(snmpwalk -v3 $LA -On "$X" .1 | grep -v 'No more variables' | grep -c '^\.1\.')
[ "$n" = 1 ] && echo "ok   view-walk-v3-count" ||
  { echo "--- view-walk-v3: $n lines"; IOP_FAILS=$((IOP_FAILS + 1)); }
expect "view-get-v2c" 'No Such Object' snmpget -v2c -c limited "$X" $S.1.0
expect "view-get-v3" 'No Such Object' snmpget -v3 $LA "$X" $S.1.0
expect "view-get-v1" 'noSuchName' snmpget -v1 -c limited "$X" $S.1.0

# 6. A wrong community gets nothing and is counted.
expect "wrong-community" '^Timeout' \
  snmpget -v2c -c wrong -r 0 -t 1 "$X" $S.5.0
expect "wrong-community-v1" '^Timeout' \
  snmpget -v1 -c wrong -r 0 -t 1 "$X" $S.5.0
expect "snmpInBadCommunityNames counted" 'Counter32: [2-9]' \
  snmpget -v2c -c public "$X" .1.3.6.1.2.1.11.4.0

# 7. IPv6, boots across restarts, clean stop.
kill "$(cat "$d/pid")"
for i in $(seq 1 50); do [ -e "$d/pid" ] || break; sleep 0.1; done
[ ! -e "$d/pid" ] && grep -q 'stopping on signal 15' "$d/log" &&
  echo "ok   SIGTERM: pid file removed, logged" ||
  { echo "--- no clean stop"; IOP_FAILS=$((IOP_FAILS + 1)); }
"$SNMPX" agent -C "$d/agent.conf" -S "$d/state" -Lf "$d/log2" -d \
  -p "$d/pid2" "udp:127.0.0.1:$port" "udp6:[::1]:$port"
for i in $(seq 1 50); do [ -s "$d/pid2" ] && break; sleep 0.1; done
IOP_PIDS="$IOP_PIDS $(cat "$d/pid2")"
iop_wait_agent "$X" public $S.5.0
expect "boots incremented" 'INTEGER: 2$' \
  snmpget -v2c -c public "$X" .1.3.6.1.6.3.10.2.1.2.0
expect "daemon on udp6" 'snmpx-interop-v3' \
  snmpget -v2c -c public "udp6:[::1]:$port" $S.5.0
kill "$(cat "$d/pid2")"
iop_finish
