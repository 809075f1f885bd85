/* Unit tests for tools/setval.c.  Expected values and messages were
 * observed with Net-SNMP 5.9.3: "snmpset -d ... OID TYPE VALUE" against a
 * closed port shows the encoded value (or the error, before any I/O). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "setval.h"

static char err[256];

static setval ok(char type, const char *text)
{
  setval sv;

  err[0] = '\0';
  if (setval_parse(&sv, type, text, err, sizeof(err)) != 0) {
    fail_msg("'%c' \"%s\": %s", type, text, err);
  }
  return sv;
}

static void bad(char type, const char *text, const char *want)
{
  setval sv;

  assert_int_equal(setval_parse(&sv, type, text, err, sizeof(err)), -1);
  assert_string_equal(err, want);
  setval_clear(&sv);
}

static void int_is(char type, const char *text, snmpx_type t, int64_t v,
                   const char *warning)
{
  setval sv = ok(type, text);

  assert_int_equal(sv.value.type, t);
  assert_true(sv.value.v.i == v);
  if (warning == NULL) {
    assert_null(sv.warning);
  } else {
    assert_string_equal(sv.warning, warning);
  }
  setval_clear(&sv);
}

static void bytes_are(char type, const char *text, snmpx_type t,
                      const char *want, size_t n)
{
  setval sv = ok(type, text);

  assert_int_equal(sv.value.type, t);
  assert_int_equal(sv.value.v.bytes.len, n);
  assert_non_null(sv.value.v.bytes.ptr);
  assert_memory_equal(sv.value.v.bytes.ptr, want, n);
  setval_clear(&sv);
}

#define TRUNC "truncating integer value > 32 bits"

static void test_tool_setval_integer(void **state)
{
  (void)state;
  int_is('i', "42", SNMPX_TYPE_INTEGER, 42, NULL);
  int_is('i', " 5", SNMPX_TYPE_INTEGER, 5, NULL);
  int_is('i', "+5", SNMPX_TYPE_INTEGER, 5, NULL);
  int_is('i', "010", SNMPX_TYPE_INTEGER, 10, NULL);
  int_is('i', "-0", SNMPX_TYPE_INTEGER, 0, NULL);
  /* Sent as 02 05 00 80 00 00 00 and 02 05 00 ff ff ff ff. */
  int_is('i', "2147483648", SNMPX_TYPE_INTEGER, 2147483648LL, NULL);
  int_is('i', "4294967295", SNMPX_TYPE_INTEGER, 4294967295LL, NULL);
  int_is('i', "4294967296", SNMPX_TYPE_INTEGER, 0, TRUNC);
  int_is('i', "99999999999", SNMPX_TYPE_INTEGER, 0x4876e7ffLL, TRUNC);
  int_is('i', "99999999999999999999", SNMPX_TYPE_INTEGER, 4294967295LL,
         TRUNC);
  /* Sent as 02 04 80 00 00 01. */
  int_is('i', "-2147483649", SNMPX_TYPE_INTEGER, -2147483647LL, NULL);
  int_is('i', "-99999999999999999999", SNMPX_TYPE_INTEGER, 0, NULL);
  bad('i', "abc", "Value out of range (abc)");
  bad('i', "12x", "Value out of range (12x)");
  bad('i', "0x10", "Value out of range (0x10)");
  bad('i', "5.5", "Value out of range (5.5)");
  bad('i', "5 ", "Value out of range (5 )");
  bad('i', "", "Bad value notation ()");
}

static void test_tool_setval_unsigned(void **state)
{
  (void)state;
  int_is('u', "-1", SNMPX_TYPE_GAUGE32, 4294967295LL, NULL);
  int_is('u', "-2", SNMPX_TYPE_GAUGE32, 4294967294LL, NULL);
  int_is('u', " 7", SNMPX_TYPE_GAUGE32, 7, NULL);
  int_is('u', "4294967296", SNMPX_TYPE_GAUGE32, 0, TRUNC);
  int_is('u', "-4294967296", SNMPX_TYPE_GAUGE32, 0, NULL);
  int_is('u', "18446744073709551616", SNMPX_TYPE_GAUGE32, 4294967295LL, NULL);
  int_is('t', "-1", SNMPX_TYPE_TIMETICKS, 4294967295LL, NULL);
  int_is('t', "4294967296", SNMPX_TYPE_TIMETICKS, 0, TRUNC);
  bad('u', "abc", "Bad value notation (abc)");
  bad('u', "0x10", "Bad value notation (0x10)");
  bad('u', "5x", "Bad value notation (5x)");
  bad('u', "", "Bad value notation ()");
  bad('t', "x", "Bad value notation (x)");
  bad('t', "", "Bad value notation ()");
}

static void test_tool_setval_opaque_numbers(void **state)
{
  setval sv;

  (void)state;
  int_is('U', "-1", SNMPX_TYPE_OPAQUE_UINT64, -1, NULL);
  int_is('U', "18446744073709551616", SNMPX_TYPE_OPAQUE_UINT64, 0, NULL);
  int_is('U', "5x", SNMPX_TYPE_OPAQUE_UINT64, 5, NULL);
  int_is('I', "9223372036854775808", SNMPX_TYPE_OPAQUE_INT64, INT64_MIN, NULL);
  int_is('I', "-1", SNMPX_TYPE_OPAQUE_INT64, -1, NULL);
  int_is('I', "5x", SNMPX_TYPE_OPAQUE_INT64, 5, NULL);
  bad('U', "", "Bad value notation ()");
  bad('U', "abc", "Bad value notation (abc)");
  bad('U', " 5", "Bad value notation ( 5)");
  bad('I', "", "Bad value notation ()");
  bad('I', "x", "Bad value notation (x)");
  sv = ok('F', "1.5");
  assert_int_equal(sv.value.type, SNMPX_TYPE_OPAQUE_FLOAT);
  assert_true(sv.value.v.f == 1.5f);
  sv = ok('F', "1.5x");
  assert_true(sv.value.v.f == 1.5f);
  sv = ok('F', " 1");
  assert_true(sv.value.v.f == 1.0f);
  sv = ok('D', "-2.25");
  assert_int_equal(sv.value.type, SNMPX_TYPE_OPAQUE_DOUBLE);
  assert_true(sv.value.v.d == -2.25);
  bad('F', "x", "Bad value notation (x)");
  bad('F', "", "Bad value notation ()");
  bad('D', "x", "Bad value notation (x)");
  bad('D', "", "Bad value notation ()");
}

static void test_tool_setval_strings(void **state)
{
  (void)state;
  bytes_are('s', "hi", SNMPX_TYPE_OCTET_STRING, "hi", 2);
  bytes_are('s', "", SNMPX_TYPE_OCTET_STRING, "", 0);
  bytes_are('x', "ab cd", SNMPX_TYPE_OCTET_STRING, "\xab\xcd", 2);
  bytes_are('x', "ab  cd", SNMPX_TYPE_OCTET_STRING, "\xab\xcd", 2);
  bytes_are('x', "ABcd", SNMPX_TYPE_OCTET_STRING, "\xab\xcd", 2);
  bytes_are('x', " ab", SNMPX_TYPE_OCTET_STRING, "\xab", 1);
  bytes_are('x', "ab ", SNMPX_TYPE_OCTET_STRING, "\xab", 1);
  bytes_are('x', "0xAB", SNMPX_TYPE_OCTET_STRING, "\xab", 1);
  bytes_are('x', "0XAB", SNMPX_TYPE_OCTET_STRING, "\xab", 1);
  bytes_are('x', "0x ab", SNMPX_TYPE_OCTET_STRING, "\xab", 1);
  bytes_are('x', "0x", SNMPX_TYPE_OCTET_STRING, "", 0);
  bytes_are('x', "", SNMPX_TYPE_OCTET_STRING, "", 0);
  bad('x', "0g", "Bad value notation (0g)");
  bad('x', "abc", "Bad value notation (abc)");
  bad('x', "a b", "Bad value notation (a b)");
  bad('x', "abc d", "Bad value notation (abc d)");
  bad('x', "ab:cd", "Bad value notation (ab:cd)");
  bad('x', "abcd0x", "Bad value notation (abcd0x)");
  bytes_are('d', "1 2", SNMPX_TYPE_OCTET_STRING, "\x01\x02", 2);
  bytes_are('d', "1.2.3", SNMPX_TYPE_OCTET_STRING, "\x01\x02\x03", 3);
  bytes_are('d', "1..2", SNMPX_TYPE_OCTET_STRING, "\x01\x02", 2);
  bytes_are('d', "1. 2", SNMPX_TYPE_OCTET_STRING, "\x01\x02", 2);
  bytes_are('d', "1\t2", SNMPX_TYPE_OCTET_STRING, "\x01\x02", 2);
  bytes_are('d', " 1", SNMPX_TYPE_OCTET_STRING, "\x01", 1);
  bytes_are('d', ".1", SNMPX_TYPE_OCTET_STRING, "\x01", 1);
  bytes_are('d', "255", SNMPX_TYPE_OCTET_STRING, "\xff", 1);
  bytes_are('d', "", SNMPX_TYPE_OCTET_STRING, "", 0);
  bad('d', "256", "Bad value notation (256)");
  bad('d', "1 2 x", "Bad value notation (1 2 x)");
  bad('d', "1,2", "Bad value notation (1,2)");
  bad('d', "1x2", "Bad value notation (1x2)");
  bad('d', "-1", "Bad value notation (-1)");
  bad('d', "0x10", "Bad value notation (0x10)");
}

static void test_tool_setval_bits(void **state)
{
  static const char b200[26] = {[25] = (char)0x80};

  (void)state;
  bytes_are('b', "1", SNMPX_TYPE_OCTET_STRING, "\x40", 1);
  bytes_are('b', "0", SNMPX_TYPE_OCTET_STRING, "\x80", 1);
  bytes_are('b', " 1", SNMPX_TYPE_OCTET_STRING, "\x40", 1);
  bytes_are('b', "1,2 3", SNMPX_TYPE_OCTET_STRING, "\x70", 1);
  bytes_are('b', "1\t2", SNMPX_TYPE_OCTET_STRING, "\x60", 1);
  bytes_are('b', "1,,2", SNMPX_TYPE_OCTET_STRING, "\x60", 1);
  bytes_are('b', "8", SNMPX_TYPE_OCTET_STRING, "\x00\x80", 2);
  bytes_are('b', "7,15", SNMPX_TYPE_OCTET_STRING, "\x01\x01", 2);
  bytes_are('b', "200", SNMPX_TYPE_OCTET_STRING, b200, 26);
  bytes_are('b', "", SNMPX_TYPE_OCTET_STRING, "", 0);
  bad('b', "x", "Value out of range (x)");
  bad('b', "1 x", "Value out of range (x)");
  bad('b', "1-3", "Value out of range (1-3)");
}

static void test_tool_setval_ipaddress(void **state)
{
  (void)state;
  bytes_are('a', "192.168.1.254", SNMPX_TYPE_IPADDRESS, "\xc0\xa8\x01\xfe", 4);
  bytes_are('a', "1.2.3", SNMPX_TYPE_IPADDRESS, "\x01\x02\x00\x03", 4);
  bytes_are('a', "1.2", SNMPX_TYPE_IPADDRESS, "\x01\x00\x00\x02", 4);
  bytes_are('a', "1", SNMPX_TYPE_IPADDRESS, "\x00\x00\x00\x01", 4);
  bytes_are('a', "0x7f.1", SNMPX_TYPE_IPADDRESS, "\x7f\x00\x00\x01", 4);
  bytes_are('a', "010.0.0.1", SNMPX_TYPE_IPADDRESS, "\x08\x00\x00\x01", 4);
  bytes_are('a', "255.255.255.255", SNMPX_TYPE_IPADDRESS, "\xff\xff\xff\xff",
            4);
  bytes_are('a', "1.2.3.4 ", SNMPX_TYPE_IPADDRESS, "\x01\x02\x03\x04", 4);
  bad('a', "256.1.1.1", "Bad value notation (256.1.1.1)");
  bad('a', "localhost", "Bad value notation (localhost)");
  bad('a', "1.2.3.4.5", "Bad value notation (1.2.3.4.5)");
  bad('a', " 1.2.3.4", "Bad value notation ( 1.2.3.4)");
  bad('a', "", "Bad value notation ()");
}

static void oid_is(const char *text, const uint32_t *arcs, size_t n)
{
  setval sv = ok('o', text);

  assert_int_equal(sv.value.type, SNMPX_TYPE_OID);
  assert_int_equal(sv.value.v.oid.len, n);
  assert_memory_equal(sv.value.v.oid.arcs, arcs, n * sizeof(uint32_t));
  setval_clear(&sv);
}

static void test_tool_setval_oid(void **state)
{
  static const uint32_t a136[] = {1, 3, 6};
  static const uint32_t a1361[] = {1, 3, 6, 1};
  static const uint32_t a13[] = {1, 3};
  static const uint32_t a00[] = {0, 0};
  static const uint32_t a1[] = {1};
  static const uint32_t wrap0[] = {1, 3, 6, 0};
  static const uint32_t wrap1[] = {1, 3, 6, 1, 1215752191u};
  static const uint32_t wrapmax[] = {1, 3, 6, 1, 4294967295u};

  (void)state;
  oid_is("1.3.6", a136, 3);
  oid_is(".1.3.6", a136, 3);
  oid_is("iso.3.6.1", a1361, 4);
  oid_is(".iso.3", a13, 2);
  oid_is("ccitt.0", a00, 2);
  oid_is(".1", a1, 1);
  oid_is(".1.3.6.4294967296", wrap0, 4);
  oid_is("1.3.6.1.99999999999", wrap1, 5);
  oid_is("1.3.6.1.99999999999999999999", wrapmax, 5);
  bad('o', "1.3..6", "Unknown Object Identifier (.6)");
  bad('o', "1.3.6.", "Unknown Object Identifier ()");
  bad('o', ".1.3.6.1 ", "Unknown Object Identifier (1 )");
  bad('o', "1.3.abc", "Unknown Object Identifier (abc)");
  bad('o', "iso.abc", "Unknown Object Identifier (abc)");
  bad('o', "1.abc.3", "Unknown Object Identifier (abc.3)");
  bad('o', "abc",
      "Unknown Object Identifier (Sub-id not found: (top) -> abc)");
  bad('o', "-1.3",
      "Unknown Object Identifier (Sub-id not found: (top) -> -1)");
  bad('o', "", "Unknown Object Identifier (Sub-id not found: (top) -> )");
}

static void test_tool_setval_types(void **state)
{
  setval sv;

  (void)state;
  sv = ok('n', "x");
  assert_int_equal(sv.value.type, SNMPX_TYPE_NULL);
  bad('c', "5", "Bad object type: c");
  bad('z', "5", "Bad object type: z");
  bad('C', "5", "Bad object type: C");
  bad('=', "5", "Bad variable type (\"=\")");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tool_setval_integer),
    cmocka_unit_test(test_tool_setval_unsigned),
    cmocka_unit_test(test_tool_setval_opaque_numbers),
    cmocka_unit_test(test_tool_setval_strings),
    cmocka_unit_test(test_tool_setval_bits),
    cmocka_unit_test(test_tool_setval_ipaddress),
    cmocka_unit_test(test_tool_setval_oid),
    cmocka_unit_test(test_tool_setval_types),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
