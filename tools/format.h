/* snmpx tools: print varbinds exactly as Net-SNMP 5.9's snmpget/snmpwalk
 * print them when no MIB module is loaded.
 *
 * Every rule here was taken from the output of the real tools (see
 * docs/netsnmp-behaviour.md, "Value formatting"), not from their sources. */
#ifndef SNMPX_TOOLS_FORMAT_H
#define SNMPX_TOOLS_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include <snmpx/mib.h>
#include <snmpx/value.h>

/** How OIDs are printed: the last of -Os -OS -Of -On -Ou wins. */
typedef enum fmt_oid_style {
  FMT_OID_DEFAULT, /* -OS: IF-MIB::ifDescr.1 (iso.3.6.1 without MIBs) */
  FMT_OID_FULL,    /* -Of: .iso.org.dod... (.iso.3.6.1 without MIBs) */
  FMT_OID_NUMERIC, /* -On: .1.3.6.1 */
  FMT_OID_SUFFIX,  /* -Os: ifDescr.1 */
  FMT_OID_UCD      /* -Ou: interfaces.ifTable.ifEntry.ifDescr.1 */
} fmt_oid_style;

/** How OCTET STRINGs are printed: the last of -Oa and -Ox wins. */
typedef enum fmt_str_style {
  FMT_STR_GUESS, /* STRING: "..." if every byte is printable, else hex */
  FMT_STR_ASCII, /* -Oa: always STRING, unprintable bytes as '.' */
  FMT_STR_HEX    /* -Ox: always Hex-STRING */
} fmt_str_style;

/** Output options.  Net-SNMP's -O letters mostly *toggle*: "-Oqq" is the
 *  default again; Q toggles both quick and quick_eq. */
typedef struct fmt_opts {
  /* Names, types, enumerations and hints; NULL prints as Net-SNMP does
   * with no MIB loaded.  See format_mib.c. */
  const snmpx_mibdb *mib;
  fmt_oid_style oid_style;
  fmt_str_style str_style;
  bool quick;         /* -Oq: "OID value", no type prefix */
  bool quick_eq;      /* -OQ: "OID = value", no type prefix */
  bool bare_value;    /* -Ov: the value only */
  bool hex_text;      /* -OT: "  [text]" after each hex line */
  bool numeric_ticks; /* -Ot: TimeTicks as a bare number */
  /* Visible only with MIBs loaded: */
  bool dont_break_index; /* -Ob */
  bool numeric_enum;     /* -Oe */
  bool escape_quotes;    /* -OE */
  bool extended_index;   /* -OX */
  bool no_units;         /* -OU */
  /* -Op PRECISION: Net-SNMP prints floats with "%" PRECISION "f".  Only a
   * precision of digits and at most one '.' is honoured here (stored in
   * float_fmt, e.g. "%.2f"); any text after it is printed literally, as the
   * reference does ("-Op.2f" prints "1.50f"). */
  char float_fmt[16];
  char float_suffix[32];
} fmt_opts;

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

/** Print only the value part (what -Ov prints), without '\n'. */
void fmt_print_value(FILE *out, const fmt_opts *o, const snmpx_value *v);

/** Print an OID as the tools print names without MIBs: ".1.3.6.1" with
 *  -On, "iso.3.6.1" by default, ".iso.3.6.1" with -Of or -Ou.  The first
 *  arc 0, 1, 2 is named ccitt, iso, joint-iso-ccitt. */
void fmt_print_oid(FILE *out, const fmt_opts *o, snmpx_oidv oid);

/** Print |oid| as ".1.3.6.1" (as -On does), whatever the options. */
void fmt_print_oid_numeric(FILE *out, snmpx_oidv oid);

/** Net-SNMP's uptime text for TimeTicks |t| (hundredths of a second):
 *  "0:20:34.56", "1 day, 0:00:00.00", "497 days, 2:27:52.95".  With |quick|
 *  the -Oq form "0:0:20:34.56" (days:hours:mm:ss.cc).  Writes at most
 *  |cap| bytes into |buf| (NUL-terminated); 64 bytes always suffice. */
void fmt_timeticks_text(uint32_t t, bool quick, char *buf, size_t cap);

/** Bytes as "61 62 63 " in lines of 16 (with -OT's "  [text]"). */
void fmt_print_hex(FILE *out, const fmt_opts *o, const uint8_t *p,
                   size_t len);

/** Bytes as "text" with '"' and '\\' escaped, unprintable bytes as '.'. */
void fmt_print_quoted(FILE *out, const uint8_t *p, size_t len);

/* ---- With MIBs (format_mib.c) ---------------------------------------- */

/** fmt_print_oid when o->mib is set: names as Net-SNMP prints them. */
void fmt_mib_print_oid(FILE *out, const fmt_opts *o, snmpx_oidv oid);

/** fmt_print_varbind_text when o->mib is set (no '\n'): the value printed
 *  by the type, enumerations, DISPLAY-HINT and UNITS of its object. */
void fmt_mib_print_varbind(FILE *out, const fmt_opts *o,
                           const snmpx_varbind *vb);

#endif
