/* libFuzzer target: the MIB parser and linker.  The input is loaded as
 * MIB module text on top of a small SMI prelude; then every node is
 * printed by name and number, and the number parsed back must give the
 * same OID.  The first line of the input is also tried as a DISPLAY-HINT
 * on the rest.  abort() on any broken invariant. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/snmpx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char prelude[] =
    "FUZZ-SMI DEFINITIONS ::= BEGIN\n"
    "org OBJECT IDENTIFIER ::= { iso 3 }\n"
    "dod OBJECT IDENTIFIER ::= { org 6 }\n"
    "internet OBJECT IDENTIFIER ::= { dod 1 }\n"
    "enterprises OBJECT IDENTIFIER ::= { internet 4 1 }\n"
    "DisplayString ::= TEXTUAL-CONVENTION DISPLAY-HINT \"255a\"\n"
    "  STATUS current DESCRIPTION \"\" SYNTAX OCTET STRING\n"
    "END\n";

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_mib_parse: %s\n", what);
    abort();
  }
}

static void visit(snmpx_mibdb *m, snmpx_mibdb_node n, int depth)
{
  for (; n != SNMPX_MIBDB_NODE_NONE && depth < 200;
       n = snmpx_mibdb_next_sibling(m, n)) {
    snmpx_oid oid, back;
    char name[512], num[1600], why[128];
    if (snmpx_mibdb_node_oid(m, n, &oid) == 0) {
      snmpx_oidv v = snmpx_oid_view(&oid);
      for (int style = 0; style <= SNMPX_MIBDB_STYLE_UCD; style++)
        check(snmpx_mibdb_format_oid(m, v, (snmpx_mibdb_style)style,
                                     SNMPX_MIBDB_FMT_EXTENDED_INDEX, name,
                                     sizeof(name)) >= 0,
              "format failed");
      snmpx_mibdb_format_oid(m, v, SNMPX_MIBDB_STYLE_NUMERIC, 0, num,
                             sizeof(num));
      check(snmpx_mibdb_parse_oid(m, num, 0, &back, why, sizeof(why)) == 0,
            "a printed number does not parse");
      check(snmpx_oidv_compare(v, snmpx_oid_view(&back)) == 0,
            "number round trip changed the OID");
      /* Two labels on one sub-identifier: find follows the last, as
       * Net-SNMP does, so it may stop short; what it finds is on the way. */
      size_t matched;
      snmpx_mibdb_node f = snmpx_mibdb_find(m, v, &matched);
      check(f != SNMPX_MIBDB_NODE_NONE && matched >= 1 && matched <= oid.len,
            "a node's own OID does not find its way");
      check(snmpx_mibdb_node_oid(m, f, &back) == 0 && back.len == matched &&
                snmpx_oidv_has_prefix(v, snmpx_oid_view(&back)),
            "find returned a node off the path");
      snmpx_mibdb_info in;
      check(snmpx_mibdb_info_get(m, n, &in) == 0, "no info for a node");
    }
    visit(m, snmpx_mibdb_first_child(m, n), depth + 1);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  if (m == NULL)
    return 0;
  snmpx_mibdb_set_dirs(m, "");
  check(snmpx_mibdb_load_buffer(m, "prelude", prelude, strlen(prelude)) == 0,
        "prelude does not load");
  snmpx_mibdb_load_buffer(m, "input", (const char *)data, size);
  visit(m, snmpx_mibdb_first_child(m, SNMPX_MIBDB_NODE_NONE), 0);

  const uint8_t *nl = memchr(data, '\n', size < 64 ? size : 64);
  if (nl != NULL) {
    char hint[64], out[256];
    memcpy(hint, data, (size_t)(nl - data));
    hint[nl - data] = '\0';
    snmpx_mibdb_hint_octets(hint, nl + 1, size - (size_t)(nl - data) - 1, out,
                            sizeof(out));
    snmpx_mibdb_hint_integer(hint, (int64_t)size - 100, false, out,
                             sizeof(out));
  }
  snmpx_mibdb_free(m);
  return 0;
}
