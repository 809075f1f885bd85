/* Shared by the fuzz_tool_* targets: a small MIB loaded once (no directory
 * is read per input, and MODULE::name finds nothing to load), and an
 * address resolver that never asks DNS.  Header-only: each target is one
 * translation unit. */
#ifndef SNMPX_FUZZ_TOOL_UTIL_H
#define SNMPX_FUZZ_TOOL_UTIL_H

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <snmpx/snmpx.h>

#include "cli.h"

/* Objects of every kind the tools treat apart: a sized DisplayString, an
 * enumeration, ranges, IpAddress, Counter64, PhysAddress (a hint),
 * TruthValue, an OID, BITS, and a table indexed by an integer and a
 * string. */
static const char fuzz_tool_mib_text[] =
    "FUZZ-MIB DEFINITIONS ::= BEGIN\n"
    "IMPORTS\n"
    "  MODULE-IDENTITY, OBJECT-TYPE, Integer32, Unsigned32, Counter32,\n"
    "  Counter64, Gauge32, TimeTicks, IpAddress, Opaque, enterprises\n"
    "  FROM SNMPv2-SMI\n"
    "  DisplayString, TruthValue, RowStatus, PhysAddress FROM SNMPv2-TC;\n"
    "fuzzMIB MODULE-IDENTITY LAST-UPDATED \"202601010000Z\"\n"
    "  ORGANIZATION \"snmpx\" CONTACT-INFO \"none\" DESCRIPTION \"fuzz\"\n"
    "  ::= { enterprises 99997 }\n"
    "fzName OBJECT-TYPE SYNTAX DisplayString (SIZE (0..16))\n"
    "  MAX-ACCESS read-write STATUS current DESCRIPTION \"\"\n"
    "  ::= { fuzzMIB 1 }\n"
    "fzLevel OBJECT-TYPE SYNTAX INTEGER { low(1), mid(2), high(3) }\n"
    "  MAX-ACCESS read-write STATUS current DESCRIPTION \"\"\n"
    "  ::= { fuzzMIB 2 }\n"
    "fzRange OBJECT-TYPE SYNTAX Integer32 (-5..5 | 100..200)\n"
    "  MAX-ACCESS read-write STATUS current DESCRIPTION \"\"\n"
    "  ::= { fuzzMIB 3 }\n"
    "fzAddr OBJECT-TYPE SYNTAX IpAddress MAX-ACCESS read-write\n"
    "  STATUS current DESCRIPTION \"\" ::= { fuzzMIB 4 }\n"
    "fzBig OBJECT-TYPE SYNTAX Counter64 MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { fuzzMIB 5 }\n"
    "fzMac OBJECT-TYPE SYNTAX PhysAddress MAX-ACCESS read-write\n"
    "  STATUS current DESCRIPTION \"\" ::= { fuzzMIB 6 }\n"
    "fzFlag OBJECT-TYPE SYNTAX TruthValue MAX-ACCESS read-write\n"
    "  STATUS current DESCRIPTION \"\" ::= { fuzzMIB 7 }\n"
    "fzPtr OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS read-write\n"
    "  STATUS current DESCRIPTION \"\" ::= { fuzzMIB 8 }\n"
    "fzBits OBJECT-TYPE SYNTAX BITS { a(0), b(1), c(9) }\n"
    "  MAX-ACCESS read-write STATUS current DESCRIPTION \"\"\n"
    "  ::= { fuzzMIB 9 }\n"
    "fzUnsigned OBJECT-TYPE SYNTAX Unsigned32 (0..1000)\n"
    "  MAX-ACCESS read-write STATUS current DESCRIPTION \"\"\n"
    "  ::= { fuzzMIB 10 }\n"
    "fzTable OBJECT-TYPE SYNTAX SEQUENCE OF FzEntry\n"
    "  MAX-ACCESS not-accessible STATUS current DESCRIPTION \"\"\n"
    "  ::= { fuzzMIB 20 }\n"
    "fzEntry OBJECT-TYPE SYNTAX FzEntry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"\" INDEX { fzIndex, fzKey }\n"
    "  ::= { fzTable 1 }\n"
    "FzEntry ::= SEQUENCE { fzIndex Integer32, fzKey OCTET STRING,\n"
    "  fzStatus RowStatus, fzTicks TimeTicks }\n"
    "fzIndex OBJECT-TYPE SYNTAX Integer32 (1..100)\n"
    "  MAX-ACCESS not-accessible STATUS current DESCRIPTION \"\"\n"
    "  ::= { fzEntry 1 }\n"
    "fzKey OBJECT-TYPE SYNTAX OCTET STRING (SIZE (1..8))\n"
    "  MAX-ACCESS not-accessible STATUS current DESCRIPTION \"\"\n"
    "  ::= { fzEntry 2 }\n"
    "fzStatus OBJECT-TYPE SYNTAX RowStatus MAX-ACCESS read-create\n"
    "  STATUS current DESCRIPTION \"\" ::= { fzEntry 3 }\n"
    "fzTicks OBJECT-TYPE SYNTAX TimeTicks MAX-ACCESS read-create\n"
    "  STATUS current DESCRIPTION \"\" ::= { fzEntry 4 }\n"
    "END\n";

/* The shared standard modules beside the checkout (../shared/mibs), or
 * $SNMPX_FUZZ_MIBDIR. */
static const char *fuzz_tool_mibdir(char *buf, size_t cap)
{
  const char *env = getenv("SNMPX_FUZZ_MIBDIR");
  if (env != NULL)
    return env;
  const char *file = __FILE__; /* .../fuzz/fuzz_tool_util.h */
  const char *slash = strrchr(file, '/');
  size_t n = slash ? (size_t)(slash - file) : 0;
  snprintf(buf, cap, "%.*s%s../../shared/mibs", (int)n, file,
           n ? "/" : "");
  return buf;
}

/* The MIB every fuzz_tool_* input sees; loaded on the first call. */
static snmpx_mibdb *fuzz_tool_mib(void)
{
  static snmpx_mibdb *m;
  if (m != NULL)
    return m;
  char dir[4096];
  m = snmpx_mibdb_new(NULL);
  if (m == NULL)
    abort();
  snmpx_mibdb_set_dirs(m, fuzz_tool_mibdir(dir, sizeof(dir)));
  snmpx_mibdb_load_module(m, "SNMPv2-MIB");
  snmpx_mibdb_load_module(m, "IF-MIB");
  snmpx_mibdb_load_buffer(m, "FUZZ-MIB", fuzz_tool_mib_text,
                          sizeof(fuzz_tool_mib_text) - 1);
  /* From now on MODULE::name loads nothing: no directory is read. */
  snmpx_mibdb_set_dirs(m, "/nonexistent/snmpx-fuzz");
  return m;
}

/* An address parser that never sends a DNS query: what is not numeric
 * (letters outside an IPv6 bracket, after the transport) is "unknown". */
static int fuzz_tool_resolve(snmpx_addr *out, const char *spec,
                             uint16_t default_port)
{
  static const char *const transports[] = {"udp:", "udp6:", "udpv6:",
                                           "udpipv6:", "tcp:", "tcp6:"};
  const char *p = spec;
  for (size_t i = 0; i < sizeof(transports) / sizeof(transports[0]); i++)
    if (strncasecmp(p, transports[i], strlen(transports[i])) == 0) {
      p += strlen(transports[i]);
      break;
    }
  bool bracket = false;
  for (; *p; p++) {
    if (*p == '[')
      bracket = true;
    else if (*p == ']')
      bracket = false;
    else if (isalpha((unsigned char)*p) &&
             !(bracket && isxdigit((unsigned char)*p)))
      return SNMPX_EADDR;
  }
  return snmpx_addr_parse(out, spec, default_port);
}

/* Point the tools' parsers at the above; quiet usage texts. */
static void fuzz_tool_setup(void)
{
  /* The tools read snmp.conf's TSM words from the configuration path: a
   * directory that does not exist, so no input depends on the machine. */
  setenv("SNMPCONFPATH", "/nonexistent/snmpx-fuzz", 1);
  cli_set_mib_source(fuzz_tool_mib());
  cli_set_resolver(fuzz_tool_resolve);
  cli_set_quiet_usage(true);
}

#endif
