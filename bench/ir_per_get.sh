#!/usr/bin/env bash
# User-space instructions per GET of the bench clients, counted by
# callgrind: each client runs N1 and then N2 GETs against one
# bench_v3_responder (started and stopped here), and the difference of
# the two totals over N2 - N1 is the cost of one GET without start-up
# (password hashing, discovery).  Kernel work is not counted.
# Usage: bench/ir_per_get.sh BUILD_DIR [WINDOW] [N1] [N2]
#   prints "CLIENT MODE window W: I instructions/GET" for snmpx and
#   Net-SNMP, v2c and v3 authPriv (SHA/AES-128).  CALLGRIND_KEEP=DIR keeps
#   the N2 profiles there (callgrind_annotate them).
set -u
build=${1:-build-bench}
window=${2:-1}
n1=${3:-500}
n2=${4:-2500}
command -v valgrind >/dev/null || { echo "valgrind not installed" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/snmpx-ir.XXXXXX")
export MIBS= SNMP_PERSISTENT_DIR="$tmp/persist" SNMPCONFPATH="$tmp/conf"
mkdir -p "$SNMP_PERSISTENT_DIR/cert_indexes" "$SNMPCONFPATH"
v3="u_sha_aes SHA authpass123 AES privpass123"
"$build/bench/bench_v3_responder" 0 600 $v3 >"$tmp/out" 2>"$tmp/err" &
rpid=$!
trap 'kill $rpid 2>/dev/null; wait $rpid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do
  grep -q '^ready ' "$tmp/out" && break
  sleep 0.1
done
addr=127.0.0.1:$(awk '/^ready/ {print $2}' "$tmp/out")

total() { # OUTFILE CLIENT N MODE...
  local out=$1 client=$2 count=$3
  shift 3
  BENCH_WINDOW=$window valgrind --tool=callgrind --callgrind-out-file="$out" \
    "$build/bench/$client" "$addr" "$count" "$@" >/dev/null 2>&1 ||
    echo "$client failed" >&2
  awk '/^(summary|totals):/ {print $2; exit}' "$out"
}

for client in bench_get_snmpx bench_get_netsnmp; do
  for mode in "v2c public" "v3 $v3"; do
    # shellcheck disable=SC2086
    a=$(total "$tmp/a.cg" "$client" "$n1" $mode)
    # shellcheck disable=SC2086
    b=$(total "$tmp/b.cg" "$client" "$n2" $mode)
    if [ -n "${CALLGRIND_KEEP:-}" ]; then
      mkdir -p "$CALLGRIND_KEEP"
      cp "$tmp/b.cg" "$CALLGRIND_KEEP/$client.${mode%% *}.w$window.cg"
    fi
    awk -v a="$a" -v b="$b" -v c="${client#bench_get_}" -v m="${mode%% *}" \
      -v w="$window" -v n="$((n2 - n1))" \
      'BEGIN { printf "%-8s %-4s window %-3s %8.0f instructions/GET\n", c, m, w, (b - a) / n }'
  done
done
