#!/bin/bash
# GETBULK amplification: snmpx agent lowers max-repetitions as snmpd does
# (maxGetbulkResponses, default 100 varbinds; maxGetbulkRepeats).  A
# 39-byte v2c GETBULK with max-repetitions 10000 gets 100 varbinds from
# both agents, not 64 KB; the directives change it; a bad value is
# refused with FILE:LINE.
. "$(dirname "$0")/lib.sh"
command -v snmpbulkget >/dev/null || iop_skip "snmpbulkget not installed"
iop_start_snmpd || exit 1

for i in $(seq 1 600); do
  echo "1.3.6.1.4.1.99.$i.0|2|$i"
done >"$IOP_DIR/big.snmprec"

# count LABEL WANT EXTRA-ARGS...: start an agent with the args, count the
# varbinds of GETBULK -Cr10000 .1.3.6.1.4.1.99 (2 repeaters with -2).
count() {
  local label=$1 want=$2 port pid got oids=.1.3.6.1.4.1.99
  shift 2
  if [ "${1:-}" = -2 ]; then oids="$oids $oids"; shift; fi
  iop_start_snmpx_agent "$IOP_DIR/agent-$label.log" public \
    .1.3.6.1.2.1.1.3.0 -c public -D "$IOP_DIR/big.snmprec" "$@" || exit 1
  port=$AGENT_PORT pid=$AGENT_PID
  # shellcheck disable=SC2086
  got=$(snmpbulkget -v2c -c public -Cr10000 "udp:127.0.0.1:$port" $oids |
        wc -l)
  kill "$pid"
  wait "$pid" 2>/dev/null
  if [ "$got" = "$want" ]; then
    echo "ok   $label ($got)"
  else
    echo "FAIL $label: $got varbinds, want $want"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

ref=$(snmpbulkget -v2c -c public -Cr10000 "$SNMPD_ADDR" .1.3.6.1 | wc -l)
if [ "$ref" != 100 ]; then
  echo "FAIL snmpd answers $ref varbinds (expected its default 100)"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
count default 100
count default-2-repeaters 100 -2
count maxGetbulkResponses 20 -X 'maxGetbulkResponses 20'
count maxGetbulkRepeats 14 -2 -X 'maxGetbulkRepeats 7'

printf 'rocommunity public\nmaxGetbulkRepeats many\n' >"$IOP_DIR/bad.conf"
rc=0
timeout 10 "$SNMPX" agent -q -C "$IOP_DIR/bad.conf" \
  "udp:127.0.0.1:$(iop_free_port)" 2>"$IOP_DIR/err" || rc=$?
if [ "$rc" = 1 ] && grep -qF "$IOP_DIR/bad.conf:2: usage: maxGetbulkRepeats" \
     "$IOP_DIR/err"; then
  echo "ok   bad-value"
else
  echo "FAIL bad-value: rc $rc"; cat "$IOP_DIR/err"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
[ "$IOP_FAILS" = 0 ]
