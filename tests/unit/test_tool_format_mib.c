/* Unit tests for tools/format_mib.c: varbinds printed through a MIB,
 * without Net-SNMP installed.  The module is a cut-down
 * tests/mib/data/SNMPX-TEST-MIB.txt (module and some names shortened) with
 * the SMI it needs inline; the expected lines are what Net-SNMP 5.9.3's
 * snmpwalk printed for the same values of those objects, under the same
 * names (tests/mib/test_values.sh compares the two live). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"

static const char module[] =
    "SX-MIB DEFINITIONS ::= BEGIN\n"
    "org OBJECT IDENTIFIER ::= { iso 3 }\n"
    "dod OBJECT IDENTIFIER ::= { org 6 }\n"
    "internet OBJECT IDENTIFIER ::= { dod 1 }\n"
    "private OBJECT IDENTIFIER ::= { internet 4 }\n"
    "enterprises OBJECT IDENTIFIER ::= { private 1 }\n"
    "Centi ::= TEXTUAL-CONVENTION DISPLAY-HINT \"d-2\" STATUS current\n"
    "  DESCRIPTION \"\" SYNTAX Integer32\n"
    "PhysAddress ::= TEXTUAL-CONVENTION DISPLAY-HINT \"1x:\" STATUS current\n"
    "  DESCRIPTION \"\" SYNTAX OCTET STRING\n"
    "DisplayString ::= TEXTUAL-CONVENTION DISPLAY-HINT \"255a\" STATUS "
    "current\n"
    "  DESCRIPTION \"\" SYNTAX OCTET STRING (SIZE (0..255))\n"
    "BadHint ::= TEXTUAL-CONVENTION DISPLAY-HINT \"d-50\" STATUS current\n"
    "  DESCRIPTION \"\" SYNTAX Integer32\n"
    "BadGauge ::= TEXTUAL-CONVENTION DISPLAY-HINT \"d-50\" STATUS current\n"
    "  DESCRIPTION \"\" SYNTAX Unsigned32\n"
    "sx OBJECT IDENTIFIER ::= { enterprises 99991 }\n"
    "s OBJECT IDENTIFIER ::= { sx 1 }\n"
    "sxCenti OBJECT-TYPE SYNTAX Centi UNITS \"degrees\" MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { s 1 }\n"
    "sxEnum OBJECT-TYPE SYNTAX INTEGER { minus(-1), one(1) } MAX-ACCESS\n"
    "  read-only STATUS current DESCRIPTION \"\" ::= { s 6 }\n"
    "sxBits OBJECT-TYPE SYNTAX BITS { b0(0), b1(1), b3(3), b9(9) }\n"
    "  MAX-ACCESS read-only STATUS current DESCRIPTION \"\" ::= { s 7 }\n"
    "sxPhys OBJECT-TYPE SYNTAX PhysAddress MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { s 13 }\n"
    "sxDisplay OBJECT-TYPE SYNTAX DisplayString MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { s 16 }\n"
    "sxOctets OBJECT-TYPE SYNTAX OCTET STRING UNITS \"bytes\"\n"
    "  MAX-ACCESS read-only STATUS current DESCRIPTION \"\" ::= { s 17 }\n"
    "sxCounter OBJECT-TYPE SYNTAX Counter32 UNITS \"packets\"\n"
    "  MAX-ACCESS read-only STATUS current DESCRIPTION \"\" ::= { s 18 }\n"
    "sxOid OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { s 22 }\n"
    "sxBadHint OBJECT-TYPE SYNTAX BadHint MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { s 30 }\n"
    "sxBadGauge OBJECT-TYPE SYNTAX BadGauge MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { s 31 }\n"
    "sxTable OBJECT-TYPE SYNTAX SEQUENCE OF SxEntry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"\" ::= { sx 2 }\n"
    "sxEntry OBJECT-TYPE SYNTAX SxEntry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"\"\n"
    "  INDEX { sxIdxEnum, sxIdxStr, IMPLIED sxIdxImplied } ::= { sxTable 1 }\n"
    "SxEntry ::= SEQUENCE { sxIdxEnum INTEGER, sxIdxStr OCTET STRING,\n"
    "  sxIdxImplied OCTET STRING, sxValue Integer32 }\n"
    "sxIdxEnum OBJECT-TYPE SYNTAX INTEGER { red(1), green(2) }\n"
    "  MAX-ACCESS not-accessible STATUS current DESCRIPTION \"\"\n"
    "  ::= { sxEntry 1 }\n"
    "sxIdxStr OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"\" ::= { sxEntry 2 }\n"
    "sxIdxImplied OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"\" ::= { sxEntry 3 }\n"
    "sxValue OBJECT-TYPE SYNTAX Integer32 MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { sxEntry 7 }\n"
    "END\n";

static snmpx_mibdb *mib;

static int setup(void **state)
{
  (void)state;
  mib = snmpx_mibdb_new(NULL);
  return mib == NULL ||
         snmpx_mibdb_load_buffer(mib, "sx", module, strlen(module)) != 0;
}

static int teardown(void **state)
{
  (void)state;
  snmpx_mibdb_free(mib);
  return 0;
}

/* Print |val| at OID |oid| under the -O letters |flags| and compare. */
static void check(const char *flags, const char *oid, snmpx_value val,
                  const char *want)
{
  snmpx_oid o;
  fmt_opts opts;
  snmpx_varbind vb;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);

  assert_non_null(f);
  assert_int_equal(snmpx_oid_parse(&o, oid), 0);
  fmt_opts_init(&opts);
  assert_int_equal(fmt_opts_parse(&opts, flags), 0);
  opts.mib = mib;
  vb.name = snmpx_oid_view(&o);
  vb.value = val;
  fmt_print_varbind(f, &opts, &vb);
  fclose(f);
  assert_string_equal(buf, want);
  free(buf);
}

#define S ".1.3.6.1.4.1.99991.1."
#define STR(lit)                                                               \
  snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, lit, sizeof(lit) - 1)

static void test_tool_format_mib_hints_and_units(void **state)
{
  (void)state;
  snmpx_value i = snmpx_value_int(SNMPX_TYPE_INTEGER, 1234);
  check("", S "1.0", i, "SX-MIB::sxCenti.0 = INTEGER: 12.34 degrees\n");
  i.v.i = -5;
  check("", S "1.1", i, "SX-MIB::sxCenti.1 = INTEGER: -.05 degrees\n");
  check("U", S "1.1", i, "SX-MIB::sxCenti.1 = INTEGER: -.05\n");
  check("q", S "1.1", i, "SX-MIB::sxCenti.1 -.05 degrees\n");
  check("", S "13.0", STR("\x00\x0c\x29\x01\x02\x0f"),
        "SX-MIB::sxPhys.0 = STRING: 0:c:29:1:2:f\n");
  check("", S "16.0", STR("tab\there"),
        "SX-MIB::sxDisplay.0 = STRING: tab\there\n");
  check("", S "17.1", STR("\x00\xff"),
        "SX-MIB::sxOctets.1 = Hex-STRING: 00 FF  bytes\n");
  check("", S "17.2", STR(""), "SX-MIB::sxOctets.2 = \"\"\n");
  check("", S "18.0", snmpx_value_uint(SNMPX_TYPE_COUNTER32, 42),
        "SX-MIB::sxCounter.0 = Counter32: 42 packets\n");
}

/* Negative values under an integer hint: signed, whether the hint applies
 * or not (d-50 shifts too far: the number is printed as is). */
static void test_tool_format_mib_negative_hinted_integer(void **state)
{
  (void)state;
  snmpx_value i = snmpx_value_int(SNMPX_TYPE_INTEGER, -1234);
  check("", S "1.0", i, "SX-MIB::sxCenti.0 = INTEGER: -12.34 degrees\n");
  check("", S "30.0", i, "SX-MIB::sxBadHint.0 = INTEGER: -1234\n");
  i.v.i = INT32_MIN;
  check("q", S "30.0", i, "SX-MIB::sxBadHint.0 -2147483648\n");
  check("", S "31.0", snmpx_value_uint(SNMPX_TYPE_GAUGE32, 4294967295u),
        "SX-MIB::sxBadGauge.0 = Gauge32: 4294967295\n");
}

static void test_tool_format_mib_enums_and_bits(void **state)
{
  (void)state;
  snmpx_value e = snmpx_value_int(SNMPX_TYPE_INTEGER, -1);
  check("", S "6.0", e, "SX-MIB::sxEnum.0 = INTEGER: minus(-1)\n");
  check("e", S "6.0", e, "SX-MIB::sxEnum.0 = INTEGER: -1\n");
  check("q", S "6.0", e, "SX-MIB::sxEnum.0 minus\n");
  e.v.i = 7;
  check("", S "6.2", e, "SX-MIB::sxEnum.2 = INTEGER: 7\n");
  check("", S "7.0", STR("\xd0"),
        "SX-MIB::sxBits.0 = BITS: D0 b0(0) b1(1) b3(3) \n");
  check("", S "7.2", STR("\x20"), "SX-MIB::sxBits.2 = BITS: 20 2 \n");
  check("q", S "7.0", STR("\xd0"), "SX-MIB::sxBits.0 \"D0 \"\n");
}

static void test_tool_format_mib_wrong_type_and_oids(void **state)
{
  (void)state;
  check("", S "1.9", STR("text"),
        "SX-MIB::sxCenti.9 = Wrong Type (should be INTEGER): "
        "STRING: \"text\"\n");
  check("Q", S "1.9", STR("text"), "SX-MIB::sxCenti.9 = \"text\"\n");
  uint32_t arcs[] = {1, 3, 6, 1, 4, 1, 99991, 1, 6, 0};
  check("", S "22.0", snmpx_value_oid(SNMPX_OIDV(arcs)),
        "SX-MIB::sxOid.0 = OID: SX-MIB::sxEnum.0\n");
  check("n", S "22.0", snmpx_value_oid(SNMPX_OIDV(arcs)),
        ".1.3.6.1.4.1.99991.1.22.0 = OID: .1.3.6.1.4.1.99991.1.6.0\n");
}

static void test_tool_format_mib_indexes(void **state)
{
  (void)state;
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 0);
  const char *oid = ".1.3.6.1.4.1.99991.2.1.7.1.3.97.98.99.120.121";
  check("", oid, v, "SX-MIB::sxValue.red.\"abc\".'xy' = INTEGER: 0\n");
  check("s", oid, v, "sxValue.red.\"abc\".'xy' = INTEGER: 0\n");
  check("b", oid, v, "SX-MIB::sxValue.1.3.97.98.99.120.121 = INTEGER: 0\n");
  check("X", oid, v, "SX-MIB::sxValue[red][\"abc\"]['xy'] = INTEGER: 0\n");
  check("f", oid, v,
        ".iso.org.dod.internet.private.enterprises.sx.sxTable.sxEntry."
        "sxValue.red.\"abc\".'xy' = INTEGER: 0\n");
  check("u", oid, v,
        "enterprises.sx.sxTable.sxEntry.sxValue.red.\"abc\".'xy' = "
        "INTEGER: 0\n");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tool_format_mib_hints_and_units),
      cmocka_unit_test(test_tool_format_mib_negative_hinted_integer),
      cmocka_unit_test(test_tool_format_mib_enums_and_bits),
      cmocka_unit_test(test_tool_format_mib_wrong_type_and_oids),
      cmocka_unit_test(test_tool_format_mib_indexes),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
