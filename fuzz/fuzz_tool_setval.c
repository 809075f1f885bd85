/* libFuzzer target: snmpset's value parsers (tools/setval.c) without and
 * with MIBs (tools/setval_mib.c: enum labels, ranges, sizes, BITS, hints,
 * the type letter '=' from the MIB).  The input is "FLAGS OID\nTYPE\nVALUE":
 * bit 0 of the first byte asks for the MIB; then the object, the type
 * letter and the value text (the rest, newlines included), in the order
 * cmd_set.c applies them. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setval.h"
#include "setval_mib.h"
#include "fuzz_tool_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void parse_value(snmpx_mibdb *m, const char *name, char type,
                        const char *text)
{
  char err[256], tbuf[1600];
  snmpx_oid oid;
  setval_mib_obj obj;
  setval sv;
  memset(&sv, 0, sizeof(sv));
  if (m == NULL) {
    if (setval_parse_oid(&oid, name, err, sizeof(err)) != 0)
      return;
  } else if (snmpx_mibdb_parse_oid(m, name, SNMPX_MIBDB_FALLBACK_RANDOM, &oid,
                                   err, sizeof(err)) != 0) {
    return;
  }
  if (m != NULL) {
    setval_mib_lookup(m, snmpx_oid_view(&oid), &obj);
    if (setval_mib_prepare(m, &obj, &type, &text, tbuf, sizeof(tbuf), err,
                           sizeof(err)) != 0)
      return;
  }
  /* Cleared "either way" (setval.h), as cmd_set.c does. */
  if (setval_parse(&sv, type, text, err, sizeof(err)) == 0 && m != NULL &&
      sv.value.type == SNMPX_TYPE_OCTET_STRING)
    (void)setval_mib_check_size(m, &obj, type, sv.value.v.bytes.len, err,
                                sizeof(err));
  setval_clear(&sv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static snmpx_mibdb *mib;
  if (mib == NULL) {
    fuzz_tool_setup();
    mib = fuzz_tool_mib();
  }
  if (size < 1 || size > 8192)
    return 0;
  char *text = malloc(size);
  if (text == NULL)
    return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  char *name = text, *type = strchr(name, '\n');
  char *value = type ? strchr(type + 1, '\n') : NULL;
  if (value != NULL) {
    *type++ = '\0';
    *value++ = '\0';
    parse_value((data[0] & 1) ? mib : NULL, name, type[0], value);
  }
  free(text);
  return 0;
}
