#!/bin/bash
# The collectors operators point at snmpd get the same series from
# `snmpx agent` on the same host (issue 16):
#  - Prometheus snmp_exporter (Debian's 0.21) with the if_mib module made by
#    its generator from the MIBs snmpx ships: the same metric names and
#    label sets from both agents (values move: traffic, sysUpTime);
#  - collectd's snmp plugin with the interface tables collectd's
#    documentation shows: the same hosts' value files, named by the
#    interfaces' ifDescr and ifName.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/host_lib.sh"
SRC=${SNMPX_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}

host_start_both
SNMPD_HOSTPORT=${SNMPD_ADDR#udp:}
AGENT_HOSTPORT=${AGENT_ADDR#udp:}

fail() {
  echo "--- $1"
  IOP_FAILS=$((IOP_FAILS + 1))
}

# ---- snmp_exporter -----------------------------------------------------
exporter() {
  command -v prometheus-snmp-exporter >/dev/null &&
    command -v prometheus-snmp-generator >/dev/null
}
if exporter; then
  g=$IOP_DIR/gen
  mkdir -p "$g"
  cat >"$g/generator.yml" <<'EOF'
modules:
  if_mib:
    walk: [sysUpTime, interfaces, ifXTable]
    lookups:
      - source_indexes: [ifIndex]
        lookup: ifAlias
      - source_indexes: [ifIndex]
        lookup: 1.3.6.1.2.1.2.2.1.2 # ifDescr
      - source_indexes: [ifIndex]
        lookup: 1.3.6.1.2.1.31.1.1.1.1 # ifName
    overrides:
      ifAlias:
        ignore: true
      ifDescr:
        ignore: true
      ifName:
        ignore: true
      ifType:
        type: EnumAsInfo
EOF
  (cd "$g" && MIBDIRS="$SRC/mibs/ietf:$SRC/mibs/iana:$SRC/mibs" \
    prometheus-snmp-generator generate >"$g/log" 2>&1) ||
    { cat "$g/log"; echo "FAIL: the generator failed"; exit 1; }
  launch_exporter() {
    prometheus-snmp-exporter --config.file="$g/snmp.yml" \
      --web.listen-address="127.0.0.1:$1" >"$g/exporter.log" 2>&1 &
    IOP_PEER_PID=$!
  }
  exporter_ready() {
    curl -sf "http://127.0.0.1:$1/metrics" >/dev/null 2>&1 ||
      python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$1/metrics', timeout=2)" \
        >/dev/null 2>&1
  }
  IOP_HOLDS=iop_holds_tcp iop_start_peer launch_exporter exporter_ready ||
    { cat "$g/exporter.log"; echo "FAIL: snmp_exporter did not start"; exit 1; }
  EXPORTER=127.0.0.1:$IOP_PEER_PORT
  # Names and label sets of every sample, values left out; HELP and TYPE
  # lines as they are.
  series() {
    python3 - "$EXPORTER" "$1" <<'PY'
import sys, urllib.request
url = f'http://{sys.argv[1]}/snmp?module=if_mib&target={sys.argv[2]}'
text = urllib.request.urlopen(url, timeout=60).read().decode()
for line in text.splitlines():
    if line.startswith('#'):
        print(line)
    elif line:
        name = line.rsplit(' ', 1)[0]
        if not name.startswith('snmp_scrape'):
            print(name)
PY
  }
  series "$SNMPD_HOSTPORT" >"$g/snmpd" || fail "exporter: scrape of snmpd"
  series "$AGENT_HOSTPORT" >"$g/snmpx" || fail "exporter: scrape of snmpx"
  n=$(grep -vc '^#' "$g/snmpd")
  if [ "$n" -lt 10 ]; then
    fail "exporter: only $n series from snmpd"
  elif diff -u "$g/snmpd" "$g/snmpx" >"$g/diff"; then
    echo "ok   exporter-if_mib ($n series alike)"
  else
    fail "exporter-if_mib: series differ (snmpd -, snmpx +)"
    head -40 "$g/diff"
  fi
else
  echo "skip exporter-if_mib: prometheus-snmp-exporter not installed"
fi

# ---- collectd --------------------------------------------------------------
if command -v collectd >/dev/null && [ -f /usr/lib/collectd/snmp.so ]; then
  c=$IOP_DIR/collectd
  mkdir -p "$c/csv"
  cat >"$c/collectd.conf" <<EOF
Hostname "collector"
FQDNLookup false
Interval 1
BaseDir "$c"
PIDFile "$c/collectd.pid"
PluginDir "/usr/lib/collectd"
TypesDB "/usr/share/collectd/types.db"
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File "$c/collectd.log"
</Plugin>
LoadPlugin snmp
LoadPlugin csv
<Plugin csv>
  DataDir "$c/csv"
  StoreRates false
</Plugin>
<Plugin snmp>
  <Data "std_traffic">
    Type "if_octets"
    Table true
    Instance ".1.3.6.1.2.1.2.2.1.2"
    Values ".1.3.6.1.2.1.2.2.1.10" ".1.3.6.1.2.1.2.2.1.16"
  </Data>
  <Data "hc_traffic">
    Type "if_packets"
    Table true
    Instance ".1.3.6.1.2.1.31.1.1.1.1"
    Values ".1.3.6.1.2.1.31.1.1.1.7" ".1.3.6.1.2.1.31.1.1.1.11"
  </Data>
  <Data "errors">
    Type "if_errors"
    Table true
    Instance ".1.3.6.1.2.1.2.2.1.2"
    Values ".1.3.6.1.2.1.2.2.1.14" ".1.3.6.1.2.1.2.2.1.20"
  </Data>
  <Host "snmpd">
    Address "$SNMPD_HOSTPORT"
    Version 2
    Community "public"
    Collect "std_traffic" "hc_traffic" "errors"
    Interval 1
  </Host>
  <Host "snmpx">
    Address "$AGENT_HOSTPORT"
    Version 2
    Community "public"
    Collect "std_traffic" "hc_traffic" "errors"
    Interval 1
  </Host>
</Plugin>
EOF
  collectd -f -C "$c/collectd.conf" >"$c/stdout" 2>&1 &
  CPID=$!
  IOP_PIDS="$IOP_PIDS $CPID"
  # Series files, without the date collectd appends to their names.
  files() {
    (cd "$c/csv/$1" 2>/dev/null && find . -type f | sed -E 's/-[0-9]{4}-[0-9]{2}-[0-9]{2}$//' | sort)
  }
  # Every series of both hosts polled at least twice (a header and two
  # rows), and the two hosts' series alike; or, after a minute, whatever
  # is there is compared.
  settled() {
    local h f
    for h in snmpd snmpx; do
      [ -n "$(find "$c/csv/$h" -type f 2>/dev/null | head -1)" ] || return 1
      for f in $(find "$c/csv/$h" -type f); do
        [ "$(wc -l <"$f")" -ge 3 ] || return 1
      done
    done
    [ "$(files snmpd)" = "$(files snmpx)" ]
  }
  for _ in $(seq 1 600); do
    settled && break
    kill -0 "$CPID" 2>/dev/null || break
    sleep 0.1
  done
  files snmpd >"$c/snmpd"
  files snmpx >"$c/snmpx"
  n=$(wc -l <"$c/snmpd")
  if [ "$n" -lt 3 ]; then
    fail "collectd: only $n series from snmpd"
    tail -20 "$c/collectd.log"
  elif diff -u "$c/snmpd" "$c/snmpx" >"$c/diff"; then
    echo "ok   collectd-snmp ($n series alike)"
  else
    fail "collectd-snmp: series differ (snmpd -, snmpx +)"
    head -40 "$c/diff"
  fi
  kill "$CPID" 2>/dev/null
else
  echo "skip collectd-snmp: collectd's snmp plugin not installed"
fi
iop_finish
