/* Unit tests for the JSON value writer of tools/format.c (snmpx poll -o json,
 * snmpx trapd --json), against the rules of docs/json.md: no JSON number
 * that a consumer reading numbers as IEEE doubles (jq 1.6, JavaScript)
 * cannot hold exactly, and one JSON type per SNMP type for the 64-bit
 * types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"

/* fmt_json_value(|v|) must print exactly |want|. */
static void check(snmpx_value v, const char *want)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);

  assert_non_null(f);
  fmt_json_value(f, &v);
  fclose(f);
  assert_string_equal(buf, want);
  free(buf);
}

static void test_json_counter64_always_string(void **state)
{
  (void)state;
  check(snmpx_value_uint(SNMPX_TYPE_COUNTER64, 0), "\"0\"");
  check(snmpx_value_uint(SNMPX_TYPE_COUNTER64, 1), "\"1\"");
  check(snmpx_value_uint(SNMPX_TYPE_COUNTER64, UINT64_C(9007199254740993)),
        "\"9007199254740993\"");
  check(snmpx_value_uint(SNMPX_TYPE_COUNTER64, UINT64_MAX),
        "\"18446744073709551615\"");
}

static void test_json_opaque64_always_string(void **state)
{
  (void)state;
  check(snmpx_value_uint(SNMPX_TYPE_OPAQUE_COUNTER64, UINT64_MAX),
        "\"18446744073709551615\"");
  check(snmpx_value_uint(SNMPX_TYPE_OPAQUE_UINT64, 7), "\"7\"");
  check(snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, -1), "\"-1\"");
  check(snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, INT64_MIN),
        "\"-9223372036854775808\"");
}

static void test_json_32bit_types_are_numbers(void **state)
{
  (void)state;
  check(snmpx_value_int(SNMPX_TYPE_INTEGER, 2147483647), "2147483647");
  check(snmpx_value_int(SNMPX_TYPE_INTEGER, -2147483647 - 1), "-2147483648");
  check(snmpx_value_uint(SNMPX_TYPE_COUNTER32, 4294967295u), "4294967295");
  check(snmpx_value_uint(SNMPX_TYPE_GAUGE32, 0), "0");
  check(snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 4294967295u), "4294967295");
}

/* An INTEGER of more than 32 bits (accepted from the wire, as Net-SNMP
 * does) is a number while a double holds it exactly, else a string. */
static void test_json_wide_integer_never_loses_digits(void **state)
{
  (void)state;
  check(snmpx_value_int(SNMPX_TYPE_INTEGER, INT64_C(9007199254740991)),
        "9007199254740991");
  check(snmpx_value_int(SNMPX_TYPE_INTEGER, -INT64_C(9007199254740991)),
        "-9007199254740991");
  check(snmpx_value_int(SNMPX_TYPE_INTEGER, INT64_C(9007199254740992)),
        "\"9007199254740992\"");
  check(snmpx_value_int(SNMPX_TYPE_INTEGER, -INT64_C(9007199254740992)),
        "\"-9007199254740992\"");
  check(snmpx_value_int(SNMPX_TYPE_INTEGER, INT64_MAX),
        "\"9223372036854775807\"");
  /* Made in memory wider than the wire allows: the rule still holds. */
  check(snmpx_value_uint(SNMPX_TYPE_COUNTER32, UINT64_MAX),
        "\"18446744073709551615\"");
}

static void test_json_other_types_unchanged(void **state)
{
  static const uint32_t arcs[] = {1, 3, 6, 1};
  static const uint8_t ip[] = {10, 1, 2, 3};
  static const uint8_t bin[] = {0x00, 0xff};
  snmpx_oidv o = SNMPX_OIDV(arcs);

  (void)state;
  check(snmpx_value_oid(o), "\".1.3.6.1\"");
  check(snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, ip, 4), "\"10.1.2.3\"");
  check(snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "say \"hi\"", 8),
        "\"say \\\"hi\\\"\"");
  check(snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, bin, 2),
        "{\"hex\":\"00ff\"}");
  check(snmpx_value_uint(SNMPX_TYPE_NOSUCHOBJECT, 0), "null");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json_counter64_always_string),
      cmocka_unit_test(test_json_opaque64_always_string),
      cmocka_unit_test(test_json_32bit_types_are_numbers),
      cmocka_unit_test(test_json_wide_integer_never_loses_digits),
      cmocka_unit_test(test_json_other_types_unchanged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
