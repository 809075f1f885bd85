#!/bin/bash
# Values a SET changes persist across restarts as snmpd's do: sysContact,
# sysName, sysLocation and snmpEnableAuthenTraps, in
# $SNMP_PERSISTENT_DIR/snmpd.conf as psyscontact, psysname, psyslocation
# and pauthtrapenable lines (the same lines snmpd writes, compared with a
# private snmpd given the same SETs), other lines of that file kept, and
# a write that fails leaving the file as it was.
#  Also: snmpEnableAuthenTraps is writable (1 or 2; wrongValue for
#  another value, as snmpd), and not writable when authtrapenable is
#  configured.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"
XP=$IOP_DIR/x-persist
mkdir -p "$XP"
printf 'engineBoots 7\n# a line of snmpd'"'"'s\n' >"$XP/snmpd.conf"
cat >"$IOP_DIR/rw.conf" <<'CONF'
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1
CONF

start_x() {
  SNMP_PERSISTENT_DIR=$XP iop_start_snmpx_agent "$IOP_DIR/agent.log" public \
    .1.3.6.1.2.1.1.3.0 -C "$IOP_DIR/rw.conf" "$@"
}
mkdir -p "$IOP_DIR/snmpd"
iop_start_snmpd_conf "$IOP_DIR/snmpd" public .1.3.6.1.2.1.1.3.0 \
  "$IOP_DIR/rw.conf" || exit 1
start_x || exit 1
IOP_REF_ADDR=$SNMPD_ADDR IOP_X_ADDR=$AGENT_ADDR
port_mask() { sed "s/$SNMPD_PORT/PORT/g; s/$AGENT_PORT/PORT/g"; }
IOP_MASK=port_mask
T="-r 1 -t 3 -On"
S=.1.3.6.1.2.1.1
EAT=.1.3.6.1.2.1.11.30.0

# shellcheck disable=SC2086
iop_same -n set-sys snmpset -v2c -c private $T ADDR $S.4.0 s "ops team" \
  $S.5.0 s node-1 $S.6.0 s "rack 9, row 2"
# shellcheck disable=SC2086
iop_same -n set-auth-traps snmpset -v2c -c private $T ADDR $EAT i 1
# shellcheck disable=SC2086
iop_same set-auth-traps-wrong snmpset -v2c -c private $T ADDR $EAT i 3

ours() { grep -E '^(psys|pauthtrapenable)' "$1" 2>/dev/null | sort; }
# Wait (30 s at most) until the agent's file holds the four values.
for i in $(seq 300); do
  [ "$(ours "$XP/snmpd.conf" | wc -l)" -ge 4 ] && break
  sleep 0.1
done
# snmpd writes its file when it stops.
kill "$SNMPD_PID"; wait "$SNMPD_PID" 2>/dev/null
mkdir -p "$IOP_DIR/cmp/file"
ours "$IOP_DIR/snmpd/persist/snmpd.conf" >"$IOP_DIR/cmp/file/ref.out"
ours "$XP/snmpd.conf" >"$IOP_DIR/cmp/file/x.out"
for f in ref x; do : >"$IOP_DIR/cmp/file/$f.err"; echo 0 >"$IOP_DIR/cmp/file/$f.rc"; done
iop_judge file "the persistent file's lines" 1
if grep -qx 'engineBoots 7' "$XP/snmpd.conf" &&
   grep -qx "# a line of snmpd's" "$XP/snmpd.conf"; then
  echo "ok   other-lines-kept"
else
  echo "--- other lines of the file lost"; cat "$XP/snmpd.conf"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# Restart: the values come back.
kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null
start_x || exit 1
expect_get() {
  local name=$1 want=$2 got
  shift 2
  got=$(snmpget -v2c -c public -Oqv $T "$AGENT_ADDR" "$@" 2>&1 | tr '\n' '|')
  if [ "$got" = "$want" ]; then echo "ok   $name"; else
    echo "--- $name: got '$got', want '$want'"; IOP_FAILS=$((IOP_FAILS + 1)); fi
}
expect_get restart-sys '"ops team"|"node-1"|"rack 9, row 2"|' \
  $S.4.0 $S.5.0 $S.6.0
expect_get restart-auth-traps '1|' $EAT

# A write that fails (the temporary file cannot be made) leaves the file
# as it was, and the agent goes on serving the new value.
cp "$XP/snmpd.conf" "$IOP_DIR/before"
mkdir "$XP/snmpd.conf.tmp"
snmpset -v2c -c private $T "$AGENT_ADDR" $S.6.0 s elsewhere >/dev/null
for i in $(seq 300); do
  grep -q 'cannot keep the values' "$IOP_DIR/agent.log" && break
  sleep 0.1
done
if cmp -s "$IOP_DIR/before" "$XP/snmpd.conf" &&
   grep -q 'cannot keep the values' "$IOP_DIR/agent.log"; then
  echo "ok   failed-write-keeps-file"
else
  echo "--- failed write: file changed or not logged"; IOP_FAILS=$((IOP_FAILS + 1))
fi
expect_get served-after-failed-write '"elsewhere"|' $S.6.0
rmdir "$XP/snmpd.conf.tmp"

# authtrapenable configured: snmpEnableAuthenTraps is not writable.
kill "$AGENT_PID"; wait "$AGENT_PID" 2>/dev/null
start_x -X "authtrapenable 2" || exit 1
mkdir -p "$IOP_DIR/snmpd2"
printf 'authtrapenable 2\n' >"$IOP_DIR/ate.conf"
iop_start_snmpd_conf "$IOP_DIR/snmpd2" public .1.3.6.1.2.1.1.3.0 \
  "$IOP_DIR/rw.conf" "$IOP_DIR/ate.conf" || exit 1
IOP_REF_ADDR=$SNMPD_ADDR IOP_X_ADDR=$AGENT_ADDR
# shellcheck disable=SC2086
iop_same configured-not-writable snmpset -v2c -c private $T ADDR $EAT i 1
# shellcheck disable=SC2086
iop_same -n configured-value snmpget -v2c -c public $T ADDR $EAT
iop_finish
