#!/bin/bash
# The configuration files of `snmpx agent` and `snmpx trapd` (issue 13:
# defects 1, 2, 6 and 8):
#  1. a line is read whole, however long: a comment whose 1024th (agent)
#     or 4096th (trapd) byte starts "rwcommunity evil" / "traphandle
#     default CMD" grants nothing and runs nothing;
#  2. a directory given as agent -C or -D, or as trapd -c, is refused;
#  3. every bad line stops the program before it starts, exit status 1,
#     with "snmpx agent: FILE:LINE: " or "snmpx trapd: FILE:LINE: " on
#     stderr.
. "$(dirname "$0")/lib.sh"

ok() { echo "ok   $1"; }
bad() { echo "--- $1"; IOP_FAILS=$((IOP_FAILS + 1)); }

# refused NAME WANT COMMAND...: COMMAND must exit with status 1 at once
# (it never listens: its address is port 0 on loopback) and print WANT.
refused() {
  local name=$1 want=$2; shift 2
  local err=$IOP_DIR/$name.err rc=0
  timeout 20 "$@" >/dev/null 2>"$err" || rc=$?
  if [ "$rc" = 1 ] && grep -qF -- "$want" "$err"; then
    ok "$name"
  else
    bad "$name: exit status $rc (want 1), stderr:"
    cat "$err"
    echo "    (want: $want)"
  fi
}

A="$SNMPX agent -q"
T="$SNMPX trapd -f -C"
ANY=udp:127.0.0.1:0
mkdir -p "$IOP_DIR/adir"

# 2. Directories.
refused agent-C-directory "snmpx agent: cannot read '$IOP_DIR/adir': Is a directory" \
  $A -C "$IOP_DIR/adir" $ANY
refused agent-D-directory "cannot read '$IOP_DIR/adir': Is a directory" \
  $A -c public -D "$IOP_DIR/adir" $ANY
refused trapd-c-directory "snmpx trapd: cannot read '$IOP_DIR/adir': Is a directory" \
  $T -c "$IOP_DIR/adir" $ANY
printf 'authCommunity log public\n' >"$IOP_DIR/ok.conf"
refused trapd-c-list-directory "snmpx trapd: cannot read '$IOP_DIR/adir'" \
  $T -c "$IOP_DIR/ok.conf,$IOP_DIR/adir" $ANY

# 3. Bad lines, each at line 2 of its file.
agent_bad() {
  local name=$1 line=$2 want=$3 f=$IOP_DIR/agent-$1.conf
  printf 'rocommunity public 127.0.0.1\n%s\n' "$line" >"$f"
  refused "agent-$name" "snmpx agent: $f:2: $want" $A -C "$f" $ANY
}
agent_bad open-quote 'rocommunity "secret 10.0.0.0/8' "unterminated quote"
agent_bad short-pass 'createUser u1 SHA short' \
  "createUser u1: the authentication pass phrase is shorter than 8"
agent_bad short-priv-pass 'createUser u1 SHA authpass1 AES short' \
  "createUser u1: the privacy pass phrase is shorter than 8"
agent_bad address 'agentAddress udp:127.0.0.1:1161,udp:300.1.1.1:1161' \
  "agentAddress: bad address 'udp:300.1.1.1:1161'"
agent_bad sysdescr "sysDescr $(head -c 1014 /dev/zero | tr '\0' x)rwcommunity evil" \
  "sysDescr is 1030 octets long: at most 255 (DisplayString)"
f=$IOP_DIR/agent-nul.conf
printf 'rocommunity public\nrocommunity pub\0lic\n' >"$f"
refused agent-nul "snmpx agent: $f:2: NUL byte in the line" $A -C "$f" $ANY

trapd_bad() {
  local name=$1 line=$2 want=$3 f=$IOP_DIR/trapd-$1.conf
  printf 'authCommunity log public\n%s\n' "$line" >"$f"
  refused "trapd-$name" "snmpx trapd: $f:2: $want" $T -c "$f" $ANY
}
trapd_bad types 'authCommunity bogus public' \
  "authCommunity: unknown type 'bogus'"
trapd_bad network 'authCommunity log lab 10.0.0.0/33' \
  "authCommunity: bad source '10.0.0.0/33'"
trapd_bad network-name 'authCommunity log lab lab.example' \
  "authCommunity: bad source 'lab.example'"
trapd_bad open-quote "authCommunity log 'public" "unterminated quote"
trapd_bad short-pass 'createUser -e 0x8000000001020304 u1 SHA 1234567' \
  "createUser u1: the authentication pass phrase is shorter than 8"
trapd_bad address 'snmpTrapdAddr udp:127.0.0.1:70000' \
  "snmpTrapdAddr: bad address 'udp:127.0.0.1:70000'"
f=$IOP_DIR/trapd-nul.conf
printf 'authCommunity log public\nauthCommunity log pub\0lic\n' >"$f"
refused trapd-nul "snmpx trapd: $f:2: NUL byte in the line" $T -c "$f" $ANY

# 1a. The agent: a comment whose 1024th byte starts "rwcommunity evil".
f=$IOP_DIR/agent-long.conf
{ printf '#%01022d' 0; printf 'rwcommunity evil\nrocommunity public 127.0.0.1\n'; } >"$f"
port=$(iop_free_port)
"$SNMPX" agent -Lf "$IOP_DIR/agent-long.log" -C "$f" "udp:127.0.0.1:$port" &
IOP_PIDS="$IOP_PIDS $!"
if iop_wait_agent "udp:127.0.0.1:$port" public .1.3.6.1.2.1.1.3.0; then
  if snmpset -v2c -c evil -r 0 -t 1 "udp:127.0.0.1:$port" \
       .1.3.6.1.2.1.1.4.0 s pwned >/dev/null 2>&1; then
    bad "agent-long-comment: community 'evil' could write sysContact.0"
  else
    ok agent-long-comment
  fi
else
  bad "agent-long-comment: the agent did not start"
  cat "$IOP_DIR/agent-long.log"
fi

# 1b. trapd: a comment whose 4096th byte starts "traphandle default".
f=$IOP_DIR/trapd-long.conf
mark=$IOP_DIR/trapd-long.ran
{ printf '#%4094s' ''; printf 'traphandle default touch %s\n' "$mark"
  printf 'authCommunity log,execute public\n'; } >"$f"
port=$(iop_free_port)
"$SNMPX" trapd -f -C -c "$f" -Lf "$IOP_DIR/trapd-long.out" \
  "udp:127.0.0.1:$port" 2>"$IOP_DIR/trapd-long.err" &
pid=$!
IOP_PIDS="$IOP_PIDS $pid"
for _ in $(seq 1 100); do
  grep -q listening "$IOP_DIR/trapd-long.err" && break
  sleep 0.1
done
snmptrap -v2c -c public "127.0.0.1:$port" 42 1.3.6.1.4.1.8072.2.3.0.1 \
  1.3.6.1.2.1.1.5.0 s hello
for _ in $(seq 1 100); do
  grep -q hello "$IOP_DIR/trapd-long.out" 2>/dev/null && break
  sleep 0.1
done
kill "$pid"; wait "$pid" 2>/dev/null
if ! grep -q hello "$IOP_DIR/trapd-long.out" 2>/dev/null; then
  bad "trapd-long-comment: the trap was not received"
  cat "$IOP_DIR/trapd-long.err"
elif [ -e "$mark" ]; then
  bad "trapd-long-comment: the tail of the comment ran as traphandle"
else
  ok trapd-long-comment
fi

iop_finish
