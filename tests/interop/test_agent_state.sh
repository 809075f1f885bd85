#!/bin/bash
# snmpx agent's state file (-S): RFC 3414 2.2.2 boots never go back while
# the engine ID stays, and the engine ID is never lost.
#  1. A damaged file (boots missing or unreadable, empty, garbage) stops
#     the agent with FILE[:LINE] and exit 1, and the file is not touched.
#  2. A state file in a directory that does not exist yet is created
#     (docs/agent.md's /var/lib/snmpx/agent.state), with boots 1; the next
#     start keeps the engine ID and serves boots 2.
. "$(dirname "$0")/lib.sh"
command -v snmpget >/dev/null || iop_skip "snmpget not installed"

ST="$IOP_DIR/state"
refuse() {
  local name=$1 want=$2
  cp "$ST" "$IOP_DIR/before"
  local rc=0
  # An agent that starts (it should not) is stopped after 10 s: rc 124.
  timeout 10 "$SNMPX" agent -q -c public -S "$ST" \
    "udp:127.0.0.1:$(iop_free_port)" \
    >"$IOP_DIR/out" 2>"$IOP_DIR/err" || rc=$?
  if [ "$rc" != 1 ] || ! grep -qF "$want" "$IOP_DIR/err" ||
     ! cmp -s "$ST" "$IOP_DIR/before"; then
    echo "FAIL $name: rc $rc, stderr:"; cat "$IOP_DIR/err"
    echo "file now:"; cat "$ST"
    IOP_FAILS=$((IOP_FAILS + 1))
  else
    echo "ok   $name"
  fi
}

printf 'engineID 80001f8880aabbccdd01\n' >"$ST"
refuse boots-missing "$ST: no boots line"
printf 'engineID 80001f8880aabbccdd01\nboots many\n' >"$ST"
refuse boots-garbage "$ST:2: bad boots"
printf 'engineID 80001f8880aabbccdd01\nboots 4' >"$ST"
refuse boots-truncated "$ST:2: last line has no newline"
: >"$ST"
refuse empty "$ST: no engineID line"
printf '\x01\x02garbage\n' >"$ST"
refuse garbage "$ST:1: unknown line"

# Start in a directory that does not exist; answer snmpEngineBoots.0.
# The start is retried on another port when the first was taken, which
# must not use up a boot (the state is written once the agent listens).
boots_after_start() {
  iop_start_snmpx_agent "$IOP_DIR/agent.log" public \
    .1.3.6.1.6.3.10.2.1.2.0 -c public -S "$1" || return 1
  snmpget -v2c -c public -Oqv "$AGENT_ADDR" .1.3.6.1.6.3.10.2.1.2.0
  kill "$AGENT_PID"
  wait "$AGENT_PID" 2>/dev/null
}
NEW="$IOP_DIR/var/lib/snmpx/agent.state"
b1=$(boots_after_start "$NEW")
id1=$(sed -n 's/^engineID //p' "$NEW" 2>/dev/null)
b2=$(boots_after_start "$NEW")
id2=$(sed -n 's/^engineID //p' "$NEW" 2>/dev/null)
if [ "$b1" = 1 ] && [ "$b2" = 2 ] && [ -n "$id1" ] && [ "$id1" = "$id2" ] &&
   grep -qx "boots 2" "$NEW"; then
  echo "ok   new-directory"
else
  echo "FAIL new-directory: boots '$b1' then '$b2', id '$id1' then '$id2'"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# 3. A start that fails because its port is taken leaves the state file
#    as it was: no boot is used up by an agent that never served.
cp "$NEW" "$IOP_DIR/before"
iop_start_snmpx_agent "$IOP_DIR/holder.log" public .1.3.6.1.2.1.1.1.0 \
  -c public || exit 1
rc=0
timeout 10 "$SNMPX" agent -q -c public -S "$NEW" "$AGENT_ADDR" \
  >"$IOP_DIR/out" 2>"$IOP_DIR/err" || rc=$?
if [ "$rc" = 1 ] && grep -qF "cannot listen on" "$IOP_DIR/err" &&
   cmp -s "$NEW" "$IOP_DIR/before"; then
  echo "ok   port-taken-keeps-boots"
else
  echo "FAIL port-taken-keeps-boots: rc $rc, stderr:"; cat "$IOP_DIR/err"
  echo "file now:"; cat "$NEW"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
[ "$IOP_FAILS" = 0 ]
