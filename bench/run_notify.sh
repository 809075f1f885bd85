#!/usr/bin/env bash
# Notifications received per second and receiver CPU per notification:
# snmpx trapd against Net-SNMP's snmptrapd, SNMPv2c and SNMPv3 authPriv
# (SHA/AES), in one run, with the same sender (bench_notify_send: distinct
# traps built by libsnmpx, sent with sendmmsg as fast as one CPU allows for
# SECONDS).  Each receiver is pinned to CPU 0, the sender to CPU 1; both
# receivers log to a file with -n (no host name lookups) and the same
# snmptrapd.conf.  A last row runs snmpx trapd with a per-notification
# command (--exec 'cat >/dev/null'): the receiver must not slow down, and
# what the command cannot take is dropped and said, not waited for.
#
# "received/s" is records printed / time from the first send to the last
# record; when a receiver takes everything sent, its figure is the
# sender's rate (a lower bound on what it could take).  CPU per
# notification is the receiver's user+system time / records printed.
# Prints numbers and ratios; asserts nothing about speed.
# Usage: bench/run_notify.sh BUILD_DIR [SECONDS]
set -u
build=${1:-build-bench}
secs=${2:-3}
SNMPX=$(cd "$build" && pwd)/snmpx
SEND=$(cd "$build" && pwd)/bench/bench_notify_send
command -v snmptrapd >/dev/null || { echo "snmptrapd not installed"; exit 0; }
[ -x "$SNMPX" ] && [ -x "$SEND" ] || { echo "build $build first"; exit 1; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-bench-notify.XXXXXX")
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export MIBS= SNMP_PERSISTENT_DIR=$dir/persist SNMPCONFPATH=$dir
mkdir -p "$dir/persist/cert_indexes"
cat >"$dir/snmptrapd.conf" <<'CONF'
authCommunity log public
createUser -e 0x8000000001bbbbbb01 bench SHA "benchauth1" AES "benchpriv1"
authUser log bench priv
CONF
port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
records() { grep -c '^[0-9][0-9][0-9][0-9]-' "$1" 2>/dev/null || echo 0; }

# measure NAME MODE COMMAND...: start the receiver (pinned), send, wait
# until its log stops growing, print one result line; sets RATE and CPU_US.
measure() {
  local name=$1 mode=$2; shift 2
  local log=$dir/$name.log size last t0 tlast c0 c1 n sent
  : >"$log"
  taskset -c 0 "$@" -Lf "$log" "udp:127.0.0.1:$port" \
    >"$dir/$name.out" 2>"$dir/$name.err" &
  pid=$!
  sleep 1.5 # started, config read, keys derived
  c0=$(cpu_ticks "$pid")
  t0=$(date +%s.%N)
  sent=$(taskset -c 1 "$SEND" "$mode" 127.0.0.1 "$port" "$secs")
  # Drained when the log has not grown for a second.
  last=-1 tlast=$t0
  for _ in $(seq 1 600); do
    size=$(stat -c %s "$log")
    if [ "$size" != "$last" ]; then
      last=$size tlast=$(date +%s.%N)
    elif awk -v a="$(date +%s.%N)" -v b="$tlast" 'BEGIN{exit !(a-b>1)}'; then
      break
    fi
    sleep 0.1
  done
  c1=$(cpu_ticks "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null; pid=""
  n=$(records "$log")
  read -r RATE CPU_US < <(awk -v n="$n" -v t0="$t0" -v t1="$tlast" \
    -v c="$((c1 - c0))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { r = n / (t1 - t0); u = n ? c / hz * 1e6 / n : 0;
             printf "%.0f %.2f\n", r, u }')
  printf '%-34s %8d received  %8.0f/s  %6.2f us CPU/notification  (%s)\n' \
    "$name" "$n" "$RATE" "$CPU_US" "$sent"
  grep -h "command" "$dir/$name.err" | sed 's/^/    /'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", b ? a / b : 0 }'; }

for mode in v2c v3; do
  echo "== $mode traps for ${secs}s"
  measure "snmptrapd $mode" "$mode" snmptrapd -f -n -C -c "$dir/snmptrapd.conf"
  ref_rate=$RATE ref_cpu=$CPU_US
  measure "snmpx trapd $mode" "$mode" "$SNMPX" trapd -f -n -C \
    -c "$dir/snmptrapd.conf"
  echo "   snmpx trapd / snmptrapd: $(ratio "$RATE" "$ref_rate") received/s," \
       "$(ratio "$ref_cpu" "$CPU_US") less CPU per notification"
done
echo "== v2c, snmpx trapd running a command per notification"
measure "snmpx trapd v2c --exec" v2c "$SNMPX" trapd -f -n -C \
  -c "$dir/snmptrapd.conf" --exec 'cat >/dev/null'
