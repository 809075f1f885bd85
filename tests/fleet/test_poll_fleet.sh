#!/usr/bin/env bash
# snmpx poll against 10,000 agents served by one snmpx_fleet process, with
# shares that drop, delay, or answer wrongly (a wrong request-id from the
# agent, the right one from another address).  Every ok or delayed agent
# must be reported once with its own value; every dropping or lying agent
# once as a timeout after its retries; none lost, none twice.
set -u
: "${FLEET:?set FLEET to the snmpx_fleet binary}"
: "${SNMPX:?set SNMPX to the snmpx binary}"
COUNT=${COUNT:-10000}
ARGS=(--drop 3 --delay 3 --delay-ms 200 --wrong 3 --seed 7
      --lifetime 120)
. "$(dirname "$0")/fleet_lib.sh"
# Ports the kernel gives: 10,000 consecutive free ports are not to be had
# on a busy machine.
fleet_start "$COUNT" "${ARGS[@]}" || exit 1
tmp=$FLEET_TMP
cp "$FLEET_PORTS" "$tmp/roles"

awk '{ printf "-v2c -c public -r 1 -t 0.8 127.0.0.1:%s 1.3.6.1.2.1.1.5.0\n", $1 }' \
  "$tmp/roles" >"$tmp/targets"
start=$(date +%s%N)
"$SNMPX" poll -q -o json -w 2000 "$tmp/targets" >"$tmp/json" 2>"$tmp/summary"
rc=$?
end=$(date +%s%N)
echo "poll of $COUNT agents: rc $rc in $(( (end - start) / 1000000 )) ms; $(cat "$tmp/summary")"

python3 - "$tmp/roles" "$tmp/json" "$COUNT" <<'PY'
import collections, json, sys
roles = dict(line.split() for line in open(sys.argv[1]))
seen = collections.Counter()
bad = []
for line in open(sys.argv[2]):
    r = json.loads(line)
    port = r["agent"].rsplit(":", 1)[1]
    seen[port] += 1
    role = roles[port]
    if role in ("ok", "delay"):
        vb = r.get("varbinds", [])
        if r["status"] != "ok" or vb[0]["value"] != "agent-" + port:
            bad.append((port, role, r))
    elif r["status"] != "timeout":
        bad.append((port, role, r))
n = int(sys.argv[3])
missing = [p for p in roles if seen[p] == 0]
twice = [p for p, c in seen.items() if c > 1]
count = collections.Counter(roles.values())
print("roles:", dict(count))
if bad or missing or twice or len(roles) != n:
    print("FAIL: wrong", len(bad), bad[:5], "missing", missing[:5],
          "twice", twice[:5])
    sys.exit(1)
print("ok   %d agents: every value right, every timeout expected, none "
      "lost or twice" % n)
PY
status=$?
# Exit status 2: some agents did not answer, as planned.
[ $rc = 2 ] || { echo "FAIL: exit status $rc, want 2"; status=1; }
exit $status
