#!/bin/bash
# SNMPv3 (USM) interop: snmpx walk/bulkwalk/get vs Net-SNMP's tools against
# a private snmpd with one user per auth x priv pair (iop_start_snmpd_v3 in
# lib.sh), then the USM error paths byte for byte.  Where the reference
# times out (wrong priv password, wrong engine ID, dead port) -r 0 -t 1 is
# used, so each of those costs about 2 s (reference + snmpx).
. "$(dirname "$0")/lib.sh"
# Up to the USAGE line, which names the command as invoked: "USAGE: snmpx
# get" stands for snmpget's "USAGE: snmpget".
usage_mask() {
  sed -e 's/^USAGE: snmpx \([a-z]*\)/USAGE: snmp\1/' -e '/^USAGE:/q'
}
iop_start_snmpd_v3

A=$SNMPD_V3_ADDR
D=$(iop_dead_addr)
E=${SNMPD_V3_ENGINEID#0x}
S=.1.3.6.1.2.1.1
AP=$IOP_V3_AUTHPASS
XP=$IOP_V3_PRIVPASS
# Timeticks (sysUpTime, sysORLastChange) move between two runs; the dead
# port is random.
mask() {
  sed -E 's/= (Counter32|Counter64|Gauge32|Timeticks): .*/= \1: MASKED/;
          s/^((\.1\.3\.6\.1|iso\.3\.6\.1)\.6\.3\.10\.2\.1\.3\.0 = INTEGER:).*/\1 MASKED/' |
    sed "s/${D#*:}/PORT/g"
}
IOP_MASK=mask

# 1. Every user, its own level: 36 authPriv, 6 authNoPriv, 1 noAuthNoPriv.
for u in $(iop_v3_users); do
  # shellcheck disable=SC2046
  iop_compare "v3-$u" snmpwalk walk -v3 $(iop_v3_args "$u") -On $A $S
done

# 2. Other commands, explicit engine ID, context, spellings, IPv6.
SA="-l authPriv -u u_sha_aes -a SHA -A $AP -x AES -X $XP"
iop_compare "v3-bulkwalk" snmpbulkwalk bulkwalk -v3 $SA -On $A \
  .1.3.6.1.6.3.10.2.1
iop_compare "v3-get" snmpget get -v3 $SA $A $S.5.0 $S.6.0 $S.99.0
iop_compare "v3-getnext" snmpgetnext getnext -v3 $SA $A $S.5.0
iop_compare "v3-get-e" snmpget get -v3 $SA -e "$E" $A $S.5.0
iop_compare "v3-get-e0x" snmpget get -v3 $SA -e "0x$E" $A $S.5.0
iop_compare "v3-get-e-Z" snmpget get -v3 $SA -e "$E" -Z 5,100 $A $S.5.0
iop_compare "v3-walk-e-sha512-aes256c" snmpwalk walk -v3 \
  $(iop_v3_args u_sha512_aes256c) -e "$E" -On $A $S
iop_compare "v3-get-context-empty" snmpget get -v3 $SA -n "" $A $S.5.0
iop_compare "v3-get-E" snmpget get -v3 $SA -E "$E" $A $S.5.0
iop_compare "v3-get-lowercase" snmpget get -v3 -l authpriv -u u_sha256_aes192 \
  -a sha-256 -A $AP -x aes-192 -X $XP $A $S.5.0
iop_compare "v3-get-l3" snmpget get -v3 -l 3 -u u_md5_aes256c -a md5 -A $AP \
  -x AES256C -X $XP $A $S.5.0
iop_compare "v3-get-sha1" snmpget get -v3 -l auth -u u_sha -a SHA1 -A $AP \
  $A $S.5.0
iop_compare "v3-get-aes128" snmpget get -v3 -l AuthPriv -u u_sha_aes -a Sha-1 \
  -A $AP -x AES-128 -X $XP $A $S.5.0
iop_compare "v3-get-default-protos" snmpget get -v3 -l authPriv -u u_md5_des \
  -A $AP -X $XP $A $S.5.0
iop_compare "v3-get-default-level" snmpget get -v3 -u u_noauth $A $S.5.0
iop_compare "v3-get-3-forms" snmpget get -v3 -3u u_sha_aes -3l authPriv \
  -3a SHA -3A $AP -3x AES -3X $XP $A $S.5.0
iop_compare "v3-get-udp6" snmpget get -v3 $SA $SNMPD_V3_ADDR6 $S.5.0

# 3. USM errors reported by the agent (no timeout).
iop_compare "v3-wrong-authpass" snmpget get -v3 $(iop_v3_args u_wrongpw) \
  -r 0 -t 1 $A $S.5.0
iop_compare "v3-wrong-authpass-walk" snmpwalk walk -v3 \
  $(iop_v3_args u_wrongpw) -r 0 -t 1 $A $S
iop_compare "v3-wrong-authpass-authnopriv" snmpget get -v3 -l authNoPriv \
  -u u_md5 -a MD5 -A wrongpass99 -r 0 -t 1 $A $S.5.0
iop_compare "v3-wrong-authproto" snmpget get -v3 -l authNoPriv -u u_md5 \
  -a SHA -A $AP -r 0 -t 1 $A $S.5.0
iop_compare "v3-unknown-user" snmpget get -v3 -l authPriv -u nosuchuser \
  -a SHA -A $AP -x AES -X $XP -r 0 -t 1 $A $S.5.0
iop_compare "v3-unknown-user-noauth" snmpget get -v3 -l noAuthNoPriv \
  -u nosuchuser -r 0 -t 1 $A $S.5.0
iop_compare "v3-level-authpriv-for-auth-user" snmpget get -v3 -l authPriv \
  -u u_sha -a SHA -A $AP -x AES -X $XP -r 0 -t 1 $A $S.5.0
iop_compare "v3-level-auth-for-noauth-user" snmpget get -v3 -l authNoPriv \
  -u u_noauth -a SHA -A $AP -r 0 -t 1 $A $S.5.0
# Lower level than the user's: USM accepts, VACM refuses (rouser ... auth).
iop_compare "v3-level-noauth-for-auth-user" snmpget get -v3 \
  -l noAuthNoPriv -u u_sha -r 0 -t 1 $A $S.5.0
iop_compare "v3-level-auth-for-priv-user" snmpget get -v3 -l authNoPriv \
  -u u_sha_aes -a SHA -A $AP -r 0 -t 1 $A $S.5.0
iop_compare "v3-level-noauth-for-priv-user-walk" snmpwalk walk -v3 \
  -l noAuthNoPriv -u u_sha_aes -r 0 -t 1 $A $S

# 3b. An agent that signs its usmStatsWrongDigests Report with the user's
# real keys (tests/interop/usm_report_agent.py): with a wrong password
# the Report cannot be verified, and Net-SNMP ends the request at once
# ("Authentication failed for USER" and "Bad parse of ASN.1 type"), with
# or without retries; with the right one, the Report is read as usual.
python3 "$(dirname "$0")/usm_report_agent.py" --password rightpass1 \
  --lifetime 300 >"$IOP_DIR/usm_report_agent.out" 2>&1 &
IOP_PIDS="$IOP_PIDS $!"
for i in $(seq 1 100); do
  [ -s "$IOP_DIR/usm_report_agent.out" ] && break
  sleep 0.1
done
RA=127.0.0.1:$(awk '/^ready/ { print $2 }' "$IOP_DIR/usm_report_agent.out")
iop_compare "v3-signed-report-wrong-pass" snmpget get -v3 -l authNoPriv \
  -u bob -a SHA -A wrongpass9 -r 0 -t 1 $RA $S.5.0
iop_compare "v3-signed-report-wrong-pass-retries" snmpget get -v3 \
  -l authNoPriv -u bob -a SHA -A wrongpass9 -r 3 -t 5 $RA $S.5.0
iop_compare "v3-signed-report-wrong-pass-walk" snmpwalk walk -v3 \
  -l authNoPriv -u bob -a SHA -A wrongpass9 -r 0 -t 1 $RA $S
iop_compare "v3-signed-report-right-pass" snmpget get -v3 -l authNoPriv \
  -u bob -a SHA -A rightpass1 -r 0 -t 1 $RA $S.5.0

# 4. Errors the reference only sees as a timeout.
iop_compare "v3-wrong-privpass" snmpget get -v3 $(iop_v3_args u_wrongpriv) \
  -r 0 -t 1 $A $S.5.0
iop_compare "v3-wrong-engineid" snmpget get -v3 $SA -e 80001f88800000000000 \
  -r 0 -t 1 $A $S.5.0
iop_compare "v3-unknown-context" snmpget get -v3 $SA -n nosuchcontext \
  -r 0 -t 1 $A $S.5.0
iop_compare "v3-timeout" snmpget get -v3 $SA -r 0 -t 1 $D $S.5.0
iop_compare "v3-timeout-walk" snmpwalk walk -v3 $SA -r 0 -t 1 $D $S
iop_compare "v3-timeout-e" snmpget get -v3 $SA -e "$E" -r 0 -t 1 $D $S.5.0

# 5. Local errors: no packet is sent.
iop_compare "v3-short-authpass" snmpget get -v3 -l authPriv -u u_sha_aes \
  -a SHA -A short -x AES -X $XP $A $S.5.0
iop_compare "v3-short-privpass" snmpget get -v3 -l authPriv -u u_sha_aes \
  -a SHA -A $AP -x AES -X 1234567 $A $S.5.0
iop_compare "v3-short-authpass-authnopriv" snmpget get -v3 -l authNoPriv \
  -u u_sha -a SHA -A 1234567 $A $S.5.0
iop_compare "v3-no-authpass" snmpget get -v3 -l authNoPriv -u u_sha -a SHA \
  -r 0 -t 1 $A $S.5.0
iop_compare "v3-no-privpass" snmpget get -v3 -l authPriv -u u_sha_aes -a SHA \
  -A $AP -x AES -r 0 -t 1 $A $S.5.0
iop_compare "v3-default-authproto-wrong" snmpget get -v3 -l authPriv \
  -u u_sha_aes -A $AP -X $XP -r 0 -t 1 $A $S.5.0
# -X hashed with no protocol: neither -a nor -A (which sets the default
# one), whatever the version and level, before any other check.
iop_compare "v3-privpass-no-authproto" snmpget get -v3 -l authPriv \
  -u u_sha_aes -X $XP -r 0 -t 1 $A $S.5.0
iop_compare "v3-privpass-no-authproto-x" snmpget get -v3 -l authPriv \
  -u u_sha_aes -x AES -X $XP -r 0 -t 1 $A $S.5.0
iop_compare "v3-privpass-authnopriv" snmpget get -v3 -l authNoPriv -u u_sha \
  -X $XP -r 0 -t 1 $A $S.5.0
iop_compare "v3-privpass-3k" snmpget get -v3 -l authPriv -u u_sha_aes \
  -3k 0102030405060708090a0b0c0d0e0f10 -X $XP -r 0 -t 1 $A $S.5.0
iop_compare "v3-privpass-no-user-no-host" snmpget get -v3 -X $XP
iop_compare "v2c-privpass" snmpget get -v2c -c public -X $XP -r 0 -t 1 \
  $A $S.5.0
iop_compare "v3-short-authpass-no-host" snmpget get -v3 -u u_sha -A short
iop_compare "v3-no-user" snmpget get -v3 -l authPriv -a SHA -A $AP -x AES \
  -X $XP -r 0 -t 1 $A $S.5.0
iop_compare "v3-no-user-walk" snmpwalk walk -v3 -r 0 -t 1 $A $S
# Usage errors: everything up to and including the "USAGE:" line must match
# (the usage text itself is snmpx's own, as in test_errors.sh).
IOP_MASK=usage_mask
iop_compare "v3-bad-authproto" snmpget get -v3 -l authPriv -u u_sha_aes \
  -a FOO -A $AP -x AES -X $XP $A $S.5.0
iop_compare "v3-bad-privproto" snmpget get -v3 -l authPriv -u u_sha_aes \
  -a SHA -A $AP -x BAR -X $XP $A $S.5.0
iop_compare "v3-bad-privproto-AES-192C" snmpget get -v3 -l authPriv \
  -u u_sha_aes -a SHA -A $AP -x AES-192C -X $XP $A $S.5.0
iop_compare "v3-bad-level" snmpget get -v3 -l bogus -u u_sha_aes -a SHA \
  -A $AP -x AES -X $XP $A $S.5.0
iop_compare "v3-bad-level-0" snmpget get -v3 -l 0 -u u_sha_aes $A $S.5.0
iop_compare "v3-bad-level-walk" snmpwalk walk -v3 -l authpriv4 -u u_sha_aes \
  $A $S
iop_compare "v3-bad-engineid" snmpget get -v3 $SA -e zz $A $S.5.0
iop_compare "v3-bad-engineid-0x" snmpget get -v3 $SA -e 0x $A $S.5.0
iop_compare "v3-bad-engineid-odd" snmpget get -v3 $SA -e 80001f8880aabbccdd0011223 \
  $A $S.5.0
iop_compare "v3-bad-engineid-short" snmpget get -v3 $SA -e 0102 $A $S.5.0
iop_compare "v3-bad-contextengineid" snmpget get -v3 $SA -E zz $A $S.5.0
iop_compare "v3-bad-Z-no-time" snmpget get -v3 $SA -Z 5 $A $S.5.0
iop_compare "v3-bad-Z" snmpget get -v3 $SA -Z x $A $S.5.0
iop_finish
