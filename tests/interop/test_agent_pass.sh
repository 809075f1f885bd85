#!/bin/bash
# pass_persist: a subtree served by an external program (Net-SNMP's
# protocol, snmpd.conf(5)) never blocks `snmpx agent`.
#  1. the same program behind a private snmpd and behind snmpx agent:
#     Net-SNMP's snmpwalk, snmpbulkwalk, snmpget and snmpset print the same
#     (a SET's value reaches the program only when the SET commits);
#  2. a program that answers slowly: another subtree is answered meanwhile;
#  3. a program that never answers: noSuchInstance after its deadline (-t),
#     as snmpd answers for a program that fails;
#  4. a program that dies is started again at the next query.
. "$(dirname "$0")/lib.sh"
command -v snmpd >/dev/null || iop_skip "snmpd not installed"

PROGS=$IOP_DIR/progs
mkdir -p "$PROGS"
for m in pp_data pp_slow pp_mute; do
  cp "$IOP_DATA/pass_persist.py" "$PROGS/$m"
  chmod 755 "$PROGS/$m"
done
chmod 755 "$IOP_DIR"

# A private snmpd with the pass_persist line.
mkdir -p "$IOP_DIR/snmpd"
cat >"$IOP_DIR/snmpd/snmpd.conf" <<CONF
rocommunity public 127.0.0.1
rwcommunity private 127.0.0.1 .1.3.6.1.4.1.99991
pass_persist .1.3.6.1.4.1.99991 $PROGS/pp_data
CONF
iop_start_snmpd_conf "$IOP_DIR/snmpd" public .1.3.6.1.4.1.99991.1.1.0 \
  "$IOP_DIR/snmpd/snmpd.conf" || exit 1
SNMPD=$SNMPD_ADDR sport=$SNMPD_PORT
# snmpd waits for its programs without a deadline: stop them first, so
# that it can stop.
stop_programs() {
  local c
  for c in $(ps -o pid= --ppid "$SNMPD_PID" 2>/dev/null); do
    kill "$c" 2>/dev/null
  done
  iop_cleanup
}
trap stop_programs EXIT

# snmpx agent with the same line, the slow and the mute programs.
iop_start_snmpx_agent "$IOP_DIR/agent.log" public .1.3.6.1.2.1.1.5.0 \
  -c public \
  -X "rwcommunity private 127.0.0.1 .1.3.6.1.4.1.99991" \
  -X "pass_persist .1.3.6.1.4.1.99991 $PROGS/pp_data" \
  -X "pass_persist -t 6000 .1.3.6.1.4.1.99992 $PROGS/pp_slow" \
  -X "pass_persist -p 10 -t 1000 .1.3.6.1.4.1.99993 $PROGS/pp_mute" \
  -X "createUser u_pp SHA \"authpass123\" AES \"privpass123\"" \
  -X "rouser u_pp priv" || exit 1
AGENT=$AGENT_ADDR xport=$AGENT_PORT

check() { # NAME CONDITION-EXIT-STATUS DETAIL
  if [ "$2" = 0 ]; then
    echo "ok   $1"
  else
    echo "--- $1: $3"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

# 1. Same program, same answers.
T="-r 1 -t 3"
# iop_same NAME TOOL ... ADDR ...: snmpd and snmpx agent, ports hidden.
port_mask() { sed "s/$sport/PORT/g; s/$xport/PORT/g"; }
IOP_MASK=port_mask
IOP_REF_ADDR=$SNMPD
IOP_X_ADDR=$AGENT
P=.1.3.6.1.4.1.99991
iop_same walk-v2c snmpwalk -v2c -c public $T ADDR $P
iop_same walk-v2c-On snmpwalk -v2c -c public -On $T ADDR $P
iop_same walk-v1 snmpwalk -v1 -c public -On $T ADDR $P
iop_same bulkwalk snmpbulkwalk -v2c -c public -Cr3 -On $T ADDR $P
iop_same get snmpget -v2c -c public -On $T ADDR $P.1.1.0 $P.1.7.0 $P.1.99.0 \
  $P.2.0
iop_same get-v1-missing snmpget -v1 -c public -On $T ADDR $P.1.2.0 $P.1.99.0
iop_same getnext snmpgetnext -v2c -c public -On $T ADDR $P $P.1.4.0 $P.1.8
iop_same set snmpset -v2c -c private -On $T ADDR $P.2.0 s "new value"
iop_same set-wrong-type snmpset -v2c -c private -On $T ADDR $P.2.0 i 5
iop_same set-not-writable snmpset -v2c -c private -On $T ADDR $P.1.1.0 i 5
iop_same after-set snmpget -v2c -c public -On $T ADDR $P.2.0
# A SET that another varbind's check refuses (the program has no .1.99.0)
# never tells the program the first value: "set" goes at commit.
iop_same set-one-refused snmpset -v2c -c private -On $T ADDR \
  $P.2.0 s "not kept" $P.1.99.0 i 5
iop_same after-set-one-refused snmpget -v2c -c public -On $T ADDR $P.2.0
iop_same set-v1-wrong-type snmpset -v1 -c private -On $T ADDR $P.2.0 i 5
# 4. A program that dies on a query: that query gets what snmpd gives,
#    and the next one starts it again.
iop_same dies snmpget -v2c -c public -On $T ADDR $P.9.9.0
iop_same restarted snmpget -v2c -c public -On $T ADDR $P.1.1.0
grep -q "pp_data: exited" "$IOP_DIR/agent.log"
check restart-logged $? "no 'exited' line in the agent's log"
[ "$(grep -c 'pp_data: started' "$IOP_DIR/agent.log")" -ge 2 ]
check restart-started $? "pp_data was not started again"

# 2. The slow program: a GET under it waits 2 s; meanwhile a GET of the
#    system group is answered (the slow one is still running when the
#    fast one has its value).
snmpget -v2c -c public -On -r 0 -t 8 "$AGENT" .1.3.6.1.4.1.99992.1.1.0 \
  >"$IOP_DIR/slow.out" 2>&1 &
slow=$!
sleep 0.3
fast=$(snmpget -v2c -c public -On -r 0 -t 1 "$AGENT" .1.3.6.1.2.1.1.5.0 2>&1)
kill -0 "$slow" 2>/dev/null
still=$?
wait "$slow"
[ $still = 0 ] && [ "$fast" = '.1.3.6.1.2.1.1.5.0 = ""' ]
check served-meanwhile $? "fast GET: '$fast' (slow one running: $still)"
grep -qx '.1.3.6.1.4.1.99992.1.1.0 = INTEGER: 42' "$IOP_DIR/slow.out"
check slow-answered $? "$(cat "$IOP_DIR/slow.out")"
# a walk across the slow subtree is still in order, values as served
snmpwalk -v2c -c public -On -r 0 -t 30 "$AGENT" .1.3.6.1.4.1.99992.1 \
  >"$IOP_DIR/slow-walk" 2>&1
sed 's/99991/99992/' "$IOP_DIR/cmp/walk-v2c-On/ref.out" |
  grep '\.1\.[0-9]\.0 = ' >"$IOP_DIR/slow-walk.want"
cmp -s "$IOP_DIR/slow-walk" "$IOP_DIR/slow-walk.want"
check slow-walk $? "$(diff "$IOP_DIR/slow-walk.want" "$IOP_DIR/slow-walk" | head -5)"

# SNMPv3 authPriv: the answer given later is signed and encrypted for the
# request it answers.
out=$(snmpget -v3 -l authPriv -u u_pp -a SHA -A authpass123 -x AES \
  -X privpass123 -On -r 0 -t 8 "$AGENT" .1.3.6.1.4.1.99992.1.2.0 \
  .1.3.6.1.2.1.1.5.0 2>&1)
[ "$out" = '.1.3.6.1.4.1.99992.1.2.0 = STRING: "hello world"
.1.3.6.1.2.1.1.5.0 = ""' ]
check slow-v3 $? "$out"

# 3. The mute program: noSuchInstance once its 1 s deadline passed; a
#    walk goes past its subtree.
out=$(snmpget -v2c -c public -On -r 0 -t 5 "$AGENT" .1.3.6.1.4.1.99993.1.0 2>&1)
[ "$out" = '.1.3.6.1.4.1.99993.1.0 = No Such Instance currently exists at this OID' ]
check mute-get $? "$out"
out=$(snmpgetnext -v2c -c public -On -r 0 -t 5 "$AGENT" .1.3.6.1.4.1.99993 2>&1)
case $out in .1.3.6.1.6.3.*) r=0 ;; *) r=1 ;; esac
check mute-walk-goes-on $r "$out"
# the agent still answers at once
out=$(snmpget -v2c -c public -On -r 0 -t 1 "$AGENT" .1.3.6.1.2.1.1.5.0 2>&1)
[ "$out" = '.1.3.6.1.2.1.1.5.0 = ""' ]
check alive $? "$out"

iop_finish
