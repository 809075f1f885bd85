/* snmpx tools: print varbinds exactly as Net-SNMP 5.9's snmpget/snmpwalk
 * print them, with or without MIB modules, by libsnmpx's printers
 * (snmpx_mibdb_format_varbind...), and as JSON.
 *
 * Every rule was taken from the output of the real tools (see
 * docs/netsnmp-behaviour.md, "Value formatting"), not from their sources. */
#ifndef SNMPX_TOOLS_FORMAT_H
#define SNMPX_TOOLS_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include <snmpx/mib.h>
#include <snmpx/value.h>

/** Output options: libsnmpx's (Net-SNMP's -O letters), with |mib| the
 *  database names and values are printed by (NULL: none). */
typedef snmpx_mibdb_output fmt_opts;

/** Net-SNMP's defaults (no -O given). */
void fmt_opts_init(fmt_opts *o);

/** Apply the letters of one -O argument ("nq", "v", "x"...), left to right.
 *  'p' takes the rest of the argument as its PRECISION.
 *  @return 0, or the first unknown letter; the caller then prints
 *  "Unknown output option passed to -O: %c.\n" and the usage, and exits 1.
 *  Letters before the unknown one have been applied. */
int fmt_opts_parse(fmt_opts *o, const char *letters);

/** Print one varbind line exactly as snmpget/snmpwalk do, ending in '\n'. */
void fmt_print_varbind(FILE *out, const fmt_opts *o, const snmpx_varbind *vb);

/** The varbind line of fmt_print_varbind without its '\n'. */
void fmt_print_varbind_text(FILE *out, const fmt_opts *o,
                            const snmpx_varbind *vb);

/** |len| bytes as a JSON string: '"' and '\\' escaped, other bytes
 *  outside 0x20..0x7e as \u00XX. */
void fmt_json_string(FILE *out, const uint8_t *p, size_t len);

/** A value as JSON (the rules are docs/json.md's): 32-bit numbers as
 *  numbers; Counter64 and the 64-bit Opaque types always as strings of
 *  decimal digits (a JSON number over 2^53-1 loses digits in jq and
 *  JavaScript); an INTEGER beyond +-(2^53-1) (more than the SMI's 32
 *  bits) as a string too; text as strings, binary strings as
 *  {"hex": "..."}, OIDs as ".1.3..." strings, exceptions as null. */
void fmt_json_value(FILE *out, const snmpx_value *v);

/** A signed integer as JSON: a number when |v| <= 2^53-1 (FMT_JSON_SAFE),
 *  else a string of its decimal digits, so no consumer loses a digit. */
void fmt_json_int(FILE *out, int64_t v);

/** Integers of this magnitude or less are exact as IEEE doubles, which is
 *  what jq 1.6, JavaScript and most JSON libraries turn numbers into. */
#define FMT_JSON_SAFE INT64_C(9007199254740991) /* 2^53 - 1 */

/** Print only the value part without an object (what -Ov prints for a
 *  name the MIB does not know), without '\n'. */
void fmt_print_value(FILE *out, const fmt_opts *o, const snmpx_value *v);

/** Print an OID as the tools print names (snmpx_mibdb_format_name):
 *  by o->mib, or without MIBs ".1.3.6.1" with -On, "iso.3.6.1" by
 *  default, ".iso.3.6.1" with -Of or -Ou. */
void fmt_print_oid(FILE *out, const fmt_opts *o, snmpx_oidv oid);

/** Print |oid| as ".1.3.6.1" (as -On does), whatever the options. */
void fmt_print_oid_numeric(FILE *out, snmpx_oidv oid);

#endif
