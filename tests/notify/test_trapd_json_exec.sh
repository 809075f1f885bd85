#!/bin/bash
# snmpx trapd --json and --exec: every notification is one JSON object with
# its fields and typed varbinds; the command gets each notification on its
# stdin (snmptrapd's traphandle layout); a slow command never holds the
# receiver up: what its queue cannot take is dropped and said on stderr.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../interop/lib.sh"
. "$here/notify_lib.sh"
: "${SNMPX:?set SNMPX to the snmpx binary}"
command -v snmptrap >/dev/null || iop_skip "snmptrap not installed"

nt_start_snmptrapd # only for its configuration file
HANDLED=$IOP_DIR/handled
nt_start_snmpx_trapd json --json --exec "cat >> $HANDLED; echo == >> $HANDLED"
A=$XTRAPD_ADDR

snmptrap -v2c -c public "$A" 4242 1.3.6.1.4.1.8072.2.3.0.1 \
  1.3.6.1.2.1.1.5.0 s 'say "hi"' 1.3.6.1.4.1.99999.2 i -42 \
  1.3.6.1.4.1.99999.8 x "00 ff" 1.3.6.1.4.1.99999.12 C 12345678901234
snmptrap -v1 -c public "$A" 1.3.6.1.4.1.8072 10.9.8.7 6 17 555 \
  1.3.6.1.4.1.99999.6 a 10.1.2.3
snmptrap -v3 -e "$NT_ENG_REF" -u tr_sha_aes -l authPriv -a SHA -A "$NT_AUTH" \
  -x AES -X "$NT_PRIV" "$A" 7 1.3.6.1.6.3.1.1.5.1
snmpinform -v2c -c public "$A" 8 1.3.6.1.6.3.1.1.5.2 || IOP_FAILS=1
nt_wait_lines "$XTRAPD_LOG" 4 || echo "--- fewer than 4 JSON lines"
for _ in $(seq 1 300); do
  [ "$(grep -c '^==' "$HANDLED" 2>/dev/null)" -ge 4 ] && break
  sleep 0.1
done

python3 - "$XTRAPD_LOG" "$HANDLED" "$NT_ENG_REF" <<'PY' || IOP_FAILS=$((IOP_FAILS + 1))
import json, sys
lines = open(sys.argv[1]).read().splitlines()
n = [json.loads(l) for l in lines]
assert len(n) == 4, lines
v2, v1, v3, inf = n
assert v2["version"] == "2c" and v2["type"] == "trap", v2
assert v2["community"] == "public" and v2["uptime"] == 4242, v2
assert v2["trap_oid"] == ".1.3.6.1.4.1.8072.2.3.0.1", v2
vb = {b["oid"]: b for b in v2["varbinds"]}
assert vb[".1.3.6.1.2.1.1.5.0"]["value"] == 'say "hi"', vb
assert vb[".1.3.6.1.4.1.99999.2"]["value"] == -42, vb
assert vb[".1.3.6.1.4.1.99999.8"]["value"] == {"hex": "00ff"}, vb
assert vb[".1.3.6.1.4.1.99999.12"]["type"] == "Counter64", vb
assert vb[".1.3.6.1.4.1.99999.12"]["value"] == "12345678901234", vb  # docs/json.md
assert v1["version"] == "1" and v1["agent_addr"] == "10.9.8.7", v1
assert v1["enterprise"] == ".1.3.6.1.4.1.8072" and v1["generic"] == 6, v1
assert v1["specific"] == 17 and v1["uptime"] == 555, v1
assert v1["trap_oid"] == ".1.3.6.1.4.1.8072.0.17", v1  # RFC 3584 3.1
assert v1["varbinds"][0]["value"] == "10.1.2.3", v1
assert v3["version"] == "3" and v3["user"] == "tr_sha_aes", v3
assert v3["level"] == "authPriv", v3
assert v3["engine_id"] == sys.argv[3][2:], v3
assert inf["type"] == "inform" and inf["trap_oid"] == ".1.3.6.1.6.3.1.1.5.2"
handled = open(sys.argv[2]).read().split("==\n")
assert len([h for h in handled if h]) == 4, handled
for h, j in zip(handled, n):
    assert json.loads(h) == j, (h, j)  # the command gets the same object
print("ok   json: 4 notifications, fields and values; command got each")
PY
kill "$XTRAPD_PID"; wait "$XTRAPD_PID" 2>/dev/null

# A command slower than the notifications: queue of 2, 'sleep 2'.  All 30
# are printed without waiting for the commands (which would take a
# minute), the drops are said.
nt_start_snmpx_trapd slow --exec "sleep 2" --queue 2
start=$(date +%s.%N)
senders=""
for i in $(seq 1 30); do
  snmptrap -v2c -c public "$XTRAPD_ADDR" "$i" 1.3.6.1.4.1.8072.2.3.0.1 &
  senders="$senders $!"
done
for p in $senders; do wait "$p"; done
nt_wait_lines "$XTRAPD_LOG" 60 || echo "--- not all 30 printed"
took=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { print a - b }')
printed=$(grep -c '^[0-9]' "$XTRAPD_LOG")
if [ "$printed" = 30 ] && grep -q "command queue full" "$XTRAPD_ERR" &&
   awk -v t="$took" 'BEGIN { exit !(t < 10.0) }'; then
  echo "ok   slow command: 30 printed in ${took}s, drops said"
else
  echo "--- slow command: $printed printed in ${took}s; stderr:"
  cat "$XTRAPD_ERR"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
kill "$XTRAPD_PID"; wait "$XTRAPD_PID" 2>/dev/null
# Of 30, a queue of 2 and one command running take about 3 while the
# burst lasts: the rest are not passed, each counted once.
np=$(sed -n 's/.* \([0-9]*\) not passed (queue full).*/\1/p' "$XTRAPD_ERR")
if [ -n "$np" ] && [ "$np" -ge 20 ] && [ "$np" -le 28 ]; then
  echo "ok   exit summary counts the drops once ($np of 30 not passed)"
else
  echo "--- exit summary: '$np' not passed of 30"; cat "$XTRAPD_ERR"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
# Every notification is counted once: run (the one running at exit is
# waited for), not passed (queue full), or still queued when it stopped.
sum=$(sed -n 's/.*command: \([0-9]*\) run, [0-9]* failed, \([0-9]*\) not passed (queue full), \([0-9]*\) not run (still queued at exit), 0 not passed (out of memory)$/\1 \2 \3/p' "$XTRAPD_ERR")
if [ -n "$sum" ] && [ "$(echo "$sum" | awk '{ print $1 + $2 + $3 }')" = 30 ]; then
  echo "ok   exit summary accounts for all 30 once (run, full, queued: $sum)"
else
  echo "--- exit summary: '$sum' (run, full, queued) should add up to 30"
  cat "$XTRAPD_ERR"
  IOP_FAILS=$((IOP_FAILS + 1))
fi

# What a command gets for each notification is what snmptrapd's traphandle
# gets: v1 traps with snmpTrapAddress.0 (not for 0.0.0.0),
# snmpTrapCommunity.0 and snmpTrapEnterprise.0; -n and without.
th=$IOP_DIR/traphandle; mkdir -p "$th/persist/cert_indexes"
printf '#!/bin/sh\ncat >> "$1"; echo == >> "$1"\n' >"$th/h.sh"
chmod +x "$th/h.sh"
for numeric in "" -n; do
  for who in ref x; do
    printf 'authCommunity log,execute public\ntraphandle default %s %s\n' \
      "$th/h.sh" "$th/$who$numeric.out" >"$th/$who.conf"
    port=$(iop_free_port)
    if [ $who = ref ]; then
      SNMP_PERSISTENT_DIR=$th/persist snmptrapd -f -C -c "$th/ref.conf" \
        $numeric -Lf "$th/ref.log" "udp:127.0.0.1:$port" >/dev/null 2>&1 &
    else
      "$SNMPX" trapd -f -C -c "$th/x.conf" $numeric -Lf "$th/x.log" \
        "udp:127.0.0.1:$port" >/dev/null 2>"$th/x.err" &
    fi
    pid=$!; IOP_PIDS="$IOP_PIDS $pid"
    # Listening before the traps are sent (at most 30 s).
    for _ in $(seq 1 300); do
      iop_holds "$pid" "$port" && break
      sleep 0.1
    done
    snmptrap -v1 -c public "127.0.0.1:$port" 1.3.6.1.4.1.8072 10.1.2.3 6 17 \
      555 1.3.6.1.4.1.99999.6 i 5
    snmptrap -v1 -c public "127.0.0.1:$port" 1.3.6.1.4.1.8072 0.0.0.0 6 17 555
    snmptrap -v2c -c public "127.0.0.1:$port" 42 1.3.6.1.4.1.8072.2.3.0.1 \
      1.3.6.1.2.1.1.5.0 s hello
    for _ in $(seq 1 300); do
      [ "$(grep -c '^==' "$th/$who$numeric.out" 2>/dev/null)" -ge 3 ] && break
      sleep 0.1
    done
    kill "$pid"; wait "$pid" 2>/dev/null
    sed -E 's/\]:[0-9]+->/]:PORT->/; s/->\[127.0.0.1\]:[0-9]+/->[127.0.0.1]:P/' \
      "$th/$who$numeric.out" >"$th/$who$numeric.m"
  done
  if [ -s "$th/ref$numeric.m" ] && cmp -s "$th/ref$numeric.m" "$th/x$numeric.m"; then
    echo "ok   command input as snmptrapd's traphandle ${numeric:-(names)}"
  else
    echo "--- command input ${numeric:-(names)} differs from traphandle's:"
    diff "$th/ref$numeric.m" "$th/x$numeric.m" | head -20
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
done

# A wildcard listener names the address each trap was sent to, as
# snmptrapd does ("->[127.0.0.1]:PORT", not 0.0.0.0).
d=$IOP_DIR/wild; mkdir -p "$d"
port=$(iop_free_port)
"$SNMPX" trapd -f -C -c "$IOP_DIR/snmptrapd/snmptrapd.conf" -Lf "$d/log" \
  "udp:0.0.0.0:$port" 2>"$d/err" &
wpid=$!; IOP_PIDS="$IOP_PIDS $wpid"
for _ in $(seq 1 600); do grep -q listening "$d/err" 2>/dev/null && break; sleep 0.05; done
snmptrap -v2c -c public "127.0.0.1:$port" 1 1.3.6.1.6.3.1.1.5.1
nt_wait_lines "$d/log" 1 || true
if grep -qF "UDP: [127.0.0.1]:" "$d/log" && grep -qF -- "->[127.0.0.1]:$port]" "$d/log"; then
  echo "ok   wildcard listener: destination 127.0.0.1:$port"
else
  echo "--- wildcard listener: got"; cat "$d/log"; IOP_FAILS=$((IOP_FAILS + 1))
fi
kill "$wpid"; wait "$wpid" 2>/dev/null

iop_finish
