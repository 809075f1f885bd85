# Host MIB comparisons: snmpd and `snmpx agent` on this host with the same
# configuration, walked alike.  Source after lib.sh.
#
#   host_start_both LINE...   write LINEs (snmpd.conf directives both
#                             agents take; "rocommunity public 127.0.0.1"
#                             comes first) to $IOP_DIR/host.conf, start a
#                             private snmpd and `snmpx agent -C` on it.
#                             Sets SNMPD_ADDR and AGENT_ADDR.
#   host_walk NAME OID [RULES...]   walk OID on snmpd, snmpx, snmpd again
#                             (snmpbulkwalk -v2c -On -Oe) and compare
#                             with host_compare.py RULES (see there);
#                             "ok   NAME" or the differences (IOP_FAILS).
#   host_get NAME OID... [-- RULES...]   the same for a GET of OIDs.
#
# HOST_GAP=SECONDS (default 0) waits that long between the three walks
# (or GETs).  With a gap longer than both agents' cache lifetimes, the
# data snmpx serves was read after what snmpd served first and before
# what it served second, so counters that only go up lie between the two
# snmpd walks with no tolerance (otherwise either cache may be older).

HOST_COMPARE="${SNMPX_SRC:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/interop/host_compare.py"

host_start_both() {
  command -v snmpd >/dev/null || iop_skip "snmpd not installed"
  {
    echo "rocommunity public 127.0.0.1"
    local l
    for l in "$@"; do echo "$l"; done
  } >"$IOP_DIR/host.conf"
  mkdir -p "$IOP_DIR/snmpd"
  iop_start_snmpd_conf "$IOP_DIR/snmpd" public .1.3.6.1.2.1.1.5.0 \
    "$IOP_DIR/host.conf" || exit 1
  iop_start_snmpx_agent "$IOP_DIR/agent.log" public .1.3.6.1.2.1.1.5.0 \
    -C "$IOP_DIR/host.conf" || exit 1
}

# host_cmp NAME RULES...: compare $IOP_DIR/host/NAME/{d1,x,d2}.
host_cmp() {
  local name=$1 r=$IOP_DIR/host/$1; shift
  if python3 "$HOST_COMPARE" "$@" "$r/d1" "$r/x" "$r/d2" >"$r/report"; then
    echo "ok   $name ($(tail -1 "$r/report"))"
  else
    echo "--- $name differs:"
    cat "$r/report"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
}

host_gap() {
  [ "${HOST_GAP:-0}" = 0 ] || sleep "$HOST_GAP"
}

host_walk() {
  local name=$1 oid=$2 r=$IOP_DIR/host/$1; shift 2
  mkdir -p "$r"
  local w=(snmpbulkwalk -v2c -c public -On -Oe -t 5 -r 1)
  "${w[@]}" "$SNMPD_ADDR" "$oid" >"$r/d1" 2>&1
  host_gap
  "${w[@]}" "$AGENT_ADDR" "$oid" >"$r/x" 2>&1
  host_gap
  "${w[@]}" "$SNMPD_ADDR" "$oid" >"$r/d2" 2>&1
  host_cmp "$name" "$@"
}

host_get() {
  local name=$1 r=$IOP_DIR/host/$1 oids=(); shift
  while [ $# -gt 0 ] && [ "$1" != -- ]; do oids+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  mkdir -p "$r"
  local g=(snmpget -v2c -c public -On -Oe -t 5 -r 1)
  "${g[@]}" "$SNMPD_ADDR" "${oids[@]}" >"$r/d1" 2>&1
  host_gap
  "${g[@]}" "$AGENT_ADDR" "${oids[@]}" >"$r/x" 2>&1
  host_gap
  "${g[@]}" "$SNMPD_ADDR" "${oids[@]}" >"$r/d2" 2>&1
  host_cmp "$name" "$@"
}
