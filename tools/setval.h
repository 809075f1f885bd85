/* snmpx tools: parse snmpset's TYPE VALUE pairs exactly as Net-SNMP 5.9's
 * snmpset does with no MIB loaded (see docs/netsnmp-behaviour.md, "snmpset
 * value parsing", for the observed rules and messages). */
#ifndef SNMPX_TOOLS_SETVAL_H
#define SNMPX_TOOLS_SETVAL_H

#include <stddef.h>

#include <snmpx/oid.h>
#include <snmpx/value.h>

/** A parsed value.  |value| points into the owned storage below, so a
 *  setval must not be copied by assignment once parsed. */
typedef struct setval {
  snmpx_value value;
  /* Non-NULL when the reference prints a warning on stderr before sending
   * (e.g. "truncating integer value > 32 bits"); print it with '\n'. */
  const char *warning;
  uint8_t *bytes; /* owned (malloc) storage for string-like values */
  snmpx_oid oid;  /* storage for 'o' values */
} setval;

/** Parse Net-SNMP snmpset's |type| letter (i u t a o s x d b n U I F D)
 *  and |text|.  INTEGER values follow the reference exactly, which means
 *  that "i 4294967295" gives the (non-Integer32) value 4294967295 and the
 *  encoder must emit it as a 5-byte INTEGER as Net-SNMP does.
 *  On error, write the reference's message (e.g. "Bad value notation
 *  (abc)"; the CLI prints "<OID as typed>: <message>\n" to stderr and exits
 *  1) into |err| and return -1.  Free with setval_clear either way.
 *  @return 0 or -1. */
int setval_parse(setval *out, char type, const char *text, char *err,
                 size_t errlen);

/** Release what setval_parse allocated.  Safe on a zeroed setval. */
void setval_clear(setval *sv);

/** Parse an OID as Net-SNMP's tools do with no MIB loaded: an optional
 *  leading '.', then arcs separated by '.'; the first may be ccitt, iso or
 *  joint-iso-ccitt; numeric arcs wrap modulo 2^32 as strtoul does.
 *  On error write "Unknown Object Identifier (...)" text as the reference
 *  does into |err|.  @return 0 or -1. */
int setval_parse_oid(snmpx_oid *out, const char *text, char *err,
                     size_t errlen);

#endif
