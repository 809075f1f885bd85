#!/usr/bin/env bash
# The MIB examples of README.md (its "### MIBs" block) and docs/mibs.md
# (its "$ snmpx ..." lines and the "snmpx set" block) work with nothing but
# the modules snmpx ships (mibs/): no Net-SNMP MIB directory is searched
# (private HOME and snmp.conf whose mibdirs is an empty directory, MIBDIRS
# unset, -M DIR in an example replaced by that empty directory), against a
# private snmpd.  Each must exit 0 with nothing on stderr, and a documented
# output line ("$ cmd" then its lines) must be what the command prints.
. "$(dirname "$0")/../interop/lib.sh"
SRC=${SNMPX_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SNMPX=${SNMPX:-snmpx}
command -v snmpd >/dev/null || iop_skip "snmpd not installed"

T=$IOP_DIR/doc
mkdir -p "$T/home" "$T/conf" "$T/empty" "$T/cache"
printf 'mibdirs %s\n' "$T/empty" >"$T/conf/snmp.conf"
run_env=(env -u MIBS -u MIBDIRS -u SNMPX_SHIPPED_MIBDIRS HOME="$T/home"
         SNMPCONFPATH="$T/conf" SNMPX_MIBDB_CACHE_DIR="$T/cache")

# "cmd<TAB>expected output (lines joined by \n, may be empty)"
extract() {
  awk '/^### MIBs/ { m = 1 } m && /^```sh/ { b = 1; next }
       b && /^```/ { exit } b && /^snmpx / { print $0 "\t" }' "$SRC/README.md"
  awk '/^```/ { if (b) { if (cmd != "") print cmd "\t" out; cmd = ""; b = 0 }
                else b = 1; next }
       b && /^\$ snmpx / { if (cmd != "") print cmd "\t" out
                           cmd = substr($0, 3); out = ""; next }
       b && cmd != "" && !/^\.\.\.$/ { out = out (out == "" ? "" : "\\n") $0 }
       b && /^snmpx set / { print $0 "\t" }' "$SRC/docs/mibs.md"
}

iop_start_snmpd
addr=${SNMPD_ADDR#udp:}
n=0
fails=0
while IFS=$'\t' read -r cmd want; do
  [ -n "$cmd" ] || continue
  n=$((n + 1))
  cmd=${cmd//127.0.0.1:1161/$addr}
  cmd=${cmd//-M \/usr\/share\/snmp\/mibs/-M $T/empty}
  eval "set -- ${cmd#snmpx }"
  "${run_env[@]}" "$SNMPX" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  # snmpd does not let ifAdminStatus or sysContact (set in its config) be
  # written: for a set, the agent's refusal ("Error in packet") is not a
  # MIB failure, as long as snmpx took the names and built the request.
  if [ "$1" = set ] && grep -q '^Error in packet' "$T/err" &&
     ! grep -Eq 'Unknown Object|Cannot find|Bad variable|Did not find|Unlinked|Cannot adopt|out of range' "$T/err"; then
    rc=0
    : >"$T/err"
  fi
  if [ $rc -ne 0 ] || [ -s "$T/err" ]; then
    echo "FAIL (rc=$rc): $cmd" >&2
    head -n 5 "$T/err" >&2
    fails=$((fails + 1))
    continue
  fi
  case $cmd in *" walk "*) want="";; esac # the agent's own values
  if [ -n "$want" ] && [ "$(cat "$T/out")" != "$(printf '%b' "$want")" ]; then
    echo "FAIL (output): $cmd" >&2
    diff <(printf '%b\n' "$want") "$T/out" >&2
    fails=$((fails + 1))
    continue
  fi
  echo "ok   $cmd"
done < <(extract)
[ "$n" -ge 10 ] || { echo "FAIL: only $n examples found" >&2; exit 1; }
echo "$n examples, $fails failures"
[ "$fails" -eq 0 ]
