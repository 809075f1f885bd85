/* Unit tests for src/oid: text parse/format, compare, building, table
 * index codec (RFC 2578 7.7), type names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "internal.h"

static void test_oid_parse_valid(void **state)
{
  (void)state;
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse(&o, ".1.3.6.1"), 0);
  assert_int_equal(o.len, 4);
  assert_int_equal(o.arcs[3], 1);
  assert_int_equal(snmpx_oid_parse(&o, "1.3.6.1.2"), 0);
  assert_int_equal(o.len, 5);
  assert_int_equal(snmpx_oid_parse(&o, "0"), 0);
  assert_int_equal(o.len, 1);
  assert_int_equal(snmpx_oid_parse(&o, "1.4294967295"), 0);
  assert_int_equal(o.arcs[1], 4294967295u);
  assert_int_equal(snmpx_oid_parse(&o, ""), 0);
  assert_int_equal(o.len, 0);
  assert_int_equal(snmpx_oid_parse(&o, "."), 0);
  assert_int_equal(o.len, 0);
  assert_int_equal(snmpx_oid_parse_n(&o, "1.3.6.1xyz", 7), 0);
  assert_int_equal(o.len, 4);
}

static void test_oid_parse_rejects(void **state)
{
  (void)state;
  snmpx_oid o;
  o.len = 7;
  assert_int_equal(snmpx_oid_parse(&o, "1.4294967296"), SNMPX_EOID_ARC_RANGE);
  assert_int_equal(snmpx_oid_parse(&o, "99999999999999999999999"),
                   SNMPX_EOID_ARC_RANGE);
  assert_int_equal(snmpx_oid_parse(&o, "1..3"), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(&o, "1.3."), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(&o, ".."), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(&o, "-1"), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(&o, "+1"), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(&o, " 1"), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(&o, "1.3 "), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(&o, "1.a"), SNMPX_EOID_SYNTAX);
  assert_int_equal(snmpx_oid_parse(NULL, "1"), SNMPX_EINVAL);
  assert_int_equal(snmpx_oid_parse(&o, NULL), SNMPX_EINVAL);
  assert_int_equal(o.len, 7); /* untouched on error */
}

static void test_oid_parse_128_arcs_and_129_rejected(void **state)
{
  (void)state;
  char text[2 * 130 + 1];
  size_t n = 0;
  for (int i = 0; i < 129; i++)
    n += (size_t)snprintf(text + n, sizeof(text) - n, ".%d", i % 10);
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse_n(&o, text, 2 * 128), 0);
  assert_int_equal(o.len, 128);
  assert_int_equal(snmpx_oid_parse(&o, text), SNMPX_EOID_TOOLONG);
}

static void test_oid_format(void **state)
{
  (void)state;
  static const uint32_t a[] = {1, 3, 6, 1, 4294967295u};
  char buf[64];
  assert_int_equal(snmpx_oid_format(SNMPX_OIDV(a), buf, sizeof(buf)), 19);
  assert_string_equal(buf, ".1.3.6.1.4294967295");
  snmpx_oidv empty = {a, 0};
  assert_int_equal(snmpx_oid_format(empty, buf, sizeof(buf)), 1);
  assert_string_equal(buf, ".");
  assert_int_equal(snmpx_oid_format(SNMPX_OIDV(a), buf, 20), 19); /* fits */
  assert_int_equal(snmpx_oid_format(SNMPX_OIDV(a), buf, 19), SNMPX_ENOSPACE);
  assert_string_equal(buf, ".1.3.6.1.429496729");
  assert_int_equal(snmpx_oid_format(SNMPX_OIDV(a), buf, 1), SNMPX_ENOSPACE);
  assert_string_equal(buf, "");
  assert_int_equal(snmpx_oid_format(empty, buf, 1), SNMPX_ENOSPACE);
  assert_int_equal(snmpx_oid_format(SNMPX_OIDV(a), NULL, 0), SNMPX_ENOSPACE);
}

/* Every digit count and the boundaries around it, as printf writes them. */
static void test_oid_format_arcs_like_printf(void **state)
{
  (void)state;
  uint32_t arcs[64];
  size_t n = 0;
  arcs[n++] = 0;
  for (uint64_t p = 10; p <= 1000000000u; p *= 10) {
    arcs[n++] = (uint32_t)(p - 1);
    arcs[n++] = (uint32_t)p;
    arcs[n++] = (uint32_t)(p + 1);
  }
  arcs[n++] = 4294967294u;
  arcs[n++] = 4294967295u;
  char want[1024], got[1024];
  size_t w = 0;
  for (size_t i = 0; i < n; i++)
    w += (size_t)snprintf(want + w, sizeof(want) - w, ".%lu",
                          (unsigned long)arcs[i]);
  snmpx_oidv o = {arcs, n};
  assert_int_equal(snmpx_oid_format(o, got, sizeof(got)), (int)w);
  assert_string_equal(got, want);
  /* Cut in the middle of an arc: what fits, terminated. */
  assert_int_equal(snmpx_oid_format(o, got, 9), SNMPX_ENOSPACE);
  assert_string_equal(got, ".0.9.10.");
}

static void test_oid_parse_format_round_trip(void **state)
{
  (void)state;
  static const char *const texts[] = {".1.3.6.1.2.1.1.1.0", ".0.0",
                                      ".2.999.4294967295", ".1"};
  for (size_t i = 0; i < 4; i++) {
    snmpx_oid o;
    char buf[128];
    assert_int_equal(snmpx_oid_parse(&o, texts[i]), 0);
    assert_true(snmpx_oid_format(snmpx_oid_view(&o), buf, sizeof(buf)) > 0);
    assert_string_equal(buf, texts[i]);
  }
}

static void test_oid_compare_and_prefix(void **state)
{
  (void)state;
  static const uint32_t a[] = {1, 3, 6};
  static const uint32_t b[] = {1, 3, 6, 1};
  static const uint32_t c[] = {1, 3, 7};
  static const uint32_t d[] = {1, 3, 4294967295u};
  assert_true(snmpx_oidv_compare(SNMPX_OIDV(a), SNMPX_OIDV(b)) < 0);
  assert_true(snmpx_oidv_compare(SNMPX_OIDV(b), SNMPX_OIDV(a)) > 0);
  assert_true(snmpx_oidv_compare(SNMPX_OIDV(b), SNMPX_OIDV(c)) < 0);
  assert_true(snmpx_oidv_compare(SNMPX_OIDV(c), SNMPX_OIDV(d)) < 0);
  assert_int_equal(snmpx_oidv_compare(SNMPX_OIDV(a), SNMPX_OIDV(a)), 0);
  assert_true(snmpx_oidv_has_prefix(SNMPX_OIDV(b), SNMPX_OIDV(a)));
  assert_true(snmpx_oidv_has_prefix(SNMPX_OIDV(a), SNMPX_OIDV(a)));
  assert_false(snmpx_oidv_has_prefix(SNMPX_OIDV(a), SNMPX_OIDV(b)));
  assert_false(snmpx_oidv_has_prefix(SNMPX_OIDV(b), SNMPX_OIDV(c)));
}

static void test_oid_set_append_extend_limits(void **state)
{
  (void)state;
  static const uint32_t a[] = {1, 3, 6};
  static uint32_t many[SNMPX_OID_MAX_LEN + 1];
  snmpx_oid o;
  assert_int_equal(snmpx_oid_set(&o, SNMPX_OIDV(a)), 0);
  assert_int_equal(snmpx_oid_append(&o, 1), 0);
  assert_int_equal(snmpx_oid_extend(&o, SNMPX_OIDV(a)), 0);
  assert_int_equal(o.len, 7);
  assert_int_equal(o.arcs[6], 6);
  snmpx_oidv m = {many, SNMPX_OID_MAX_LEN + 1};
  assert_int_equal(snmpx_oid_set(&o, m), SNMPX_EOID_TOOLONG);
  assert_int_equal(o.len, 7);
  m.len = SNMPX_OID_MAX_LEN - 7;
  assert_int_equal(snmpx_oid_extend(&o, m), 0);
  assert_int_equal(o.len, SNMPX_OID_MAX_LEN);
  assert_int_equal(snmpx_oid_append(&o, 1), SNMPX_EOID_TOOLONG);
  assert_int_equal(snmpx_oid_extend(&o, SNMPX_OIDV(a)), SNMPX_EOID_TOOLONG);
  assert_int_equal(o.len, SNMPX_OID_MAX_LEN);
}

/* ---- indexes -------------------------------------------------------- */

static const uint32_t column[] = {1, 3, 6, 1, 2, 1, 4, 20, 1, 1};

static snmpx_oid row_oid(const uint32_t *idx, size_t n)
{
  snmpx_oid o;
  snmpx_oid_set(&o, SNMPX_OIDV(column));
  for (size_t i = 0; i < n; i++)
    snmpx_oid_append(&o, idx[i]);
  return o;
}

static void test_oid_index_round_trip_all_kinds(void **state)
{
  (void)state;
  static const uint32_t sub[] = {1, 3, 6, 1};
  static const snmpx_index_spec specs[] = {
      {SNMPX_INDEX_INTEGER, 0},      {SNMPX_INDEX_UNSIGNED, 0},
      {SNMPX_INDEX_STRING, 0},       {SNMPX_INDEX_STRING_FIXED, 3},
      {SNMPX_INDEX_IPADDRESS, 0},    {SNMPX_INDEX_OID, 0},
      {SNMPX_INDEX_STRING_IMPLIED, 0}};
  snmpx_value vals[7] = {
      snmpx_value_int(SNMPX_TYPE_INTEGER, INT32_MAX),
      snmpx_value_uint(SNMPX_TYPE_GAUGE32, UINT32_MAX),
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "ab", 2),
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "xyz", 3),
      snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, "\x0a\x00\x00\xff", 4),
      snmpx_value_oid(SNMPX_OIDV(sub)),
      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "rest", 4)};
  snmpx_oid o;
  snmpx_oid_set(&o, SNMPX_OIDV(column));
  assert_int_equal(snmpx_oid_encode_index(&o, specs, vals, 7), 0);
  static const uint32_t want[] = {2147483647u, 4294967295u, 2, 'a', 'b',
                                  'x', 'y', 'z', 10, 0, 0, 255, 4, 1, 3, 6,
                                  1, 'r', 'e', 's', 't'};
  assert_int_equal(o.len, 10 + 21);
  assert_memory_equal(o.arcs + 10, want, sizeof(want));

  snmpx_value out[7];
  uint8_t scratch[64];
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), specs, 7, out,
                                          scratch, sizeof(scratch)),
                   0);
  for (size_t i = 0; i < 7; i++)
    assert_true(snmpx__oid_value_equal(&vals[i], &out[i]));
  /* scratch too small: 2 + 3 + 4 + 4 = 13 bytes needed */
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), specs, 7, out,
                                          scratch, 12),
                   SNMPX_ENOSPACE);
}

static void test_oid_index_oid_implied(void **state)
{
  (void)state;
  static const uint32_t idx[] = {5, 1, 3, 6, 1, 4, 1};
  static const snmpx_index_spec specs[] = {{SNMPX_INDEX_INTEGER, 0},
                                           {SNMPX_INDEX_OID_IMPLIED, 0}};
  snmpx_oid o = row_oid(idx, 7);
  snmpx_value out[2];
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), specs, 2, out,
                                          NULL, 0),
                   0);
  assert_true(out[0].v.i == 5);
  assert_int_equal(out[1].type, SNMPX_TYPE_OID);
  assert_int_equal(out[1].v.oid.len, 6);
  assert_ptr_equal(out[1].v.oid.arcs, o.arcs + 11); /* a view */
  snmpx_oid back;
  snmpx_oid_set(&back, SNMPX_OIDV(column));
  assert_int_equal(snmpx_oid_encode_index(&back, specs, out, 2), 0);
  assert_int_equal(snmpx_oidv_compare(snmpx_oid_view(&back),
                                      snmpx_oid_view(&o)),
                   0);
}

static void test_oid_index_badprefix_vs_badindex(void **state)
{
  (void)state;
  static const snmpx_index_spec one_int[] = {{SNMPX_INDEX_INTEGER, 0}};
  static const snmpx_index_spec str[] = {{SNMPX_INDEX_STRING, 0}};
  static const snmpx_index_spec ip[] = {{SNMPX_INDEX_IPADDRESS, 0}};
  static const uint32_t other[] = {1, 3, 6, 1, 2, 1, 4, 21, 1, 1, 5};
  snmpx_value out[2];
  uint8_t scratch[16];
  snmpx_oid o;

  /* not under the prefix, or equal to it: BADPREFIX */
  assert_int_equal(snmpx_oid_decode_index(SNMPX_OIDV(other),
                                          SNMPX_OIDV(column), one_int, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADPREFIX);
  assert_int_equal(snmpx_oid_decode_index(SNMPX_OIDV(column),
                                          SNMPX_OIDV(column), one_int, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADPREFIX);
  /* too many arcs */
  o = row_oid((const uint32_t[]){5, 6}, 2);
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), one_int, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADINDEX);
  /* INTEGER arc beyond INT32_MAX */
  o = row_oid((const uint32_t[]){2147483648u}, 1);
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), one_int, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADINDEX);
  /* string length past the end; octet arc > 255 */
  o = row_oid((const uint32_t[]){3, 'a', 'b'}, 3);
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), str, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADINDEX);
  o = row_oid((const uint32_t[]){2, 'a', 256}, 3);
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), str, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADINDEX);
  o = row_oid((const uint32_t[]){4294967295u}, 1);
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), str, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADINDEX);
  /* too few arcs for an IpAddress */
  o = row_oid((const uint32_t[]){10, 0, 0}, 3);
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), ip, 1, out,
                                          scratch, 16),
                   SNMPX_EOID_BADINDEX);
  assert_int_equal(snmpx_oid_decode_index(snmpx_oid_view(&o),
                                          SNMPX_OIDV(column), NULL, 1, out,
                                          scratch, 16),
                   SNMPX_EINVAL);
}

static void test_oid_index_encode_errors_leave_oid(void **state)
{
  (void)state;
  static const snmpx_index_spec one_int[] = {{SNMPX_INDEX_INTEGER, 0}};
  static const snmpx_index_spec fixed[] = {{SNMPX_INDEX_STRING_FIXED, 4}};
  static const snmpx_index_spec two[] = {{SNMPX_INDEX_UNSIGNED, 0},
                                         {SNMPX_INDEX_STRING, 0}};
  static uint8_t big[200];
  snmpx_oid o;
  snmpx_oid_set(&o, SNMPX_OIDV(column));
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, -1);
  assert_int_equal(snmpx_oid_encode_index(&o, one_int, &v, 1), SNMPX_EINVAL);
  v = snmpx_value_int(SNMPX_TYPE_INTEGER, (int64_t)INT32_MAX + 1);
  assert_int_equal(snmpx_oid_encode_index(&o, one_int, &v, 1), SNMPX_EINVAL);
  v = snmpx_value_uint(SNMPX_TYPE_GAUGE32, 1);
  assert_int_equal(snmpx_oid_encode_index(&o, one_int, &v, 1), SNMPX_EINVAL);
  v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "abc", 3);
  assert_int_equal(snmpx_oid_encode_index(&o, fixed, &v, 1), SNMPX_EINVAL);
  snmpx_value vals[2] = {snmpx_value_uint(SNMPX_TYPE_COUNTER32, 7),
                         snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, big,
                                           sizeof(big))};
  assert_int_equal(snmpx_oid_encode_index(&o, two, vals, 2),
                   SNMPX_EOID_TOOLONG);
  assert_int_equal(o.len, 10);
  vals[1].v.bytes.len = 3;
  assert_int_equal(snmpx_oid_encode_index(&o, two, vals, 2), 0);
  assert_int_equal(o.len, 10 + 1 + 1 + 3);
}

static void test_oid_type_names(void **state)
{
  (void)state;
  static const snmpx_type all[] = {
      SNMPX_TYPE_INTEGER,         SNMPX_TYPE_OCTET_STRING,
      SNMPX_TYPE_NULL,            SNMPX_TYPE_OID,
      SNMPX_TYPE_IPADDRESS,       SNMPX_TYPE_COUNTER32,
      SNMPX_TYPE_GAUGE32,         SNMPX_TYPE_TIMETICKS,
      SNMPX_TYPE_OPAQUE,          SNMPX_TYPE_COUNTER64,
      SNMPX_TYPE_NOSUCHOBJECT,    SNMPX_TYPE_NOSUCHINSTANCE,
      SNMPX_TYPE_ENDOFMIBVIEW,    SNMPX_TYPE_OPAQUE_COUNTER64,
      SNMPX_TYPE_OPAQUE_FLOAT,    SNMPX_TYPE_OPAQUE_DOUBLE,
      SNMPX_TYPE_OPAQUE_INT64,    SNMPX_TYPE_OPAQUE_UINT64};
  for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
    assert_string_not_equal(snmpx_type_name(all[i]), "unknown");
  assert_string_equal(snmpx_type_name(SNMPX_TYPE_COUNTER32), "Counter32");
  assert_string_equal(snmpx_type_name(SNMPX_TYPE_OCTET_STRING),
                      "OCTET STRING");
  assert_string_equal(snmpx_type_name((snmpx_type)0x48), "unknown");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_oid_parse_valid),
      cmocka_unit_test(test_oid_parse_rejects),
      cmocka_unit_test(test_oid_parse_128_arcs_and_129_rejected),
      cmocka_unit_test(test_oid_format),
      cmocka_unit_test(test_oid_format_arcs_like_printf),
      cmocka_unit_test(test_oid_parse_format_round_trip),
      cmocka_unit_test(test_oid_compare_and_prefix),
      cmocka_unit_test(test_oid_set_append_extend_limits),
      cmocka_unit_test(test_oid_index_round_trip_all_kinds),
      cmocka_unit_test(test_oid_index_oid_implied),
      cmocka_unit_test(test_oid_index_badprefix_vs_badindex),
      cmocka_unit_test(test_oid_index_encode_errors_leave_oid),
      cmocka_unit_test(test_oid_type_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
