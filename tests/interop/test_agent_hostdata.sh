#!/bin/bash
# hostData: `snmpx agent` serves this host's objects (ifNumber.0 stands
# for them) by default, not with `hostData no`, not when a data file is
# served, and again with `hostData yes` beside the data file (README,
# docs/host.md).
. "$(dirname "$0")/lib.sh"
DATA=$IOP_DATA/awkward.snmprec
IFN=.1.3.6.1.2.1.2.1.0

# check NAME WANT ARGS...: an agent started with ARGS answers a GET of
# ifNumber.0 with a line matching WANT.
check() {
  local name=$1 want=$2 out; shift 2
  iop_start_snmpx_agent "$IOP_DIR/$name.log" public .1.3.6.1.2.1.1.3.0 \
    -c public "$@" || exit 1
  out=$(snmpget -v2c -c public -On -t 5 -r 1 "$AGENT_ADDR" $IFN 2>&1)
  if printf '%s\n' "$out" | grep -qE "$want"; then
    echo "ok   $name"
  else
    echo "--- $name: got '$out', want /$want/"
    IOP_FAILS=$((IOP_FAILS + 1))
  fi
  kill "$AGENT_PID"
}
check default "^$IFN = INTEGER: [0-9]+$"
check hostdata-no "No Such Object" -X 'hostData no'
check data "No Such Object" -D "$DATA"
check data-hostdata-yes "^$IFN = INTEGER: [0-9]+$" -D "$DATA" -X 'hostData yes'
# A bad value is refused, naming where it was.
err=$("$SNMPX" agent -c public -X 'hostData maybe' udp:127.0.0.1:1 2>&1)
rc=$?
if [ $rc -ne 0 ] && printf '%s\n' "$err" | grep -q "command line.*usage: hostData yes|no"; then
  echo "ok   bad-value"
else
  echo "--- bad-value: rc $rc: $err"
  IOP_FAILS=$((IOP_FAILS + 1))
fi
iop_finish
