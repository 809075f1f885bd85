/* Unit tests for src/ber: known encodings for every type (hand-written
 * from X.690), decoder tolerance and strictness, writer errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "internal.h"

#define BYTES(...) ((const uint8_t[]){__VA_ARGS__})
#define NBYTES(...) sizeof((const uint8_t[]){__VA_ARGS__})

/* Encode |v| and compare with |exp|, then decode |exp| and compare with
 * |v|: every known vector is checked in both directions. */
static void check_value(const snmpx_value *v, const uint8_t *exp, size_t n)
{
  uint8_t buf[256];
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_value(&w, v);
  assert_int_equal(w.err, 0);
  assert_int_equal(w.used, n);
  assert_memory_equal(snmpx_ber_writer_data(&w), exp, n);

  snmpx_ber_reader r;
  snmpx_value out;
  uint32_t arcs[SNMPX_OID_MAX_LEN];
  size_t used = 0;
  snmpx_ber_reader_init(&r, exp, n);
  assert_int_equal(snmpx_ber_read_value(&r, &out, arcs, 128, &used), 0);
  assert_true(snmpx_ber_reader_done(&r));
  assert_true(snmpx__oid_value_equal(v, &out));
}

#define CHECK_VALUE(v, ...)                                                   \
  do {                                                                        \
    snmpx_value v_ = (v);                                                     \
    check_value(&v_, BYTES(__VA_ARGS__), NBYTES(__VA_ARGS__));                \
  } while (0)

/* Decode |in| as a value; return the code and the value. */
static int decode_value(const uint8_t *in, size_t n, snmpx_value *out)
{
  static uint32_t arcs[SNMPX_OID_MAX_LEN];
  snmpx_ber_reader r;
  size_t used = 0;
  snmpx_ber_reader_init(&r, in, n);
  int rv = snmpx_ber_read_value(&r, out, arcs, SNMPX_OID_MAX_LEN, &used);
  if (rv == 0 && !snmpx_ber_reader_done(&r))
    return SNMPX_EBER_TRAILING;
  return rv;
}

#define DECODE(out, ...) decode_value(BYTES(__VA_ARGS__), NBYTES(__VA_ARGS__), \
                                      (out))

static void test_ber_integer_known_encodings(void **state)
{
  (void)state;
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, 0), 0x02, 0x01, 0x00);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, -1), 0x02, 0x01, 0xff);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, 127), 0x02, 0x01, 0x7f);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, 128), 0x02, 0x02, 0x00,
              0x80);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, -128), 0x02, 0x01, 0x80);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, -129), 0x02, 0x02, 0xff,
              0x7f);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, 256), 0x02, 0x02, 0x01,
              0x00);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, INT32_MAX), 0x02, 0x04,
              0x7f, 0xff, 0xff, 0xff);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, INT32_MIN), 0x02, 0x04,
              0x80, 0x00, 0x00, 0x00);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, INT64_MAX), 0x02, 0x08,
              0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_INTEGER, INT64_MIN), 0x02, 0x08,
              0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00);
}

static void test_ber_unsigned_known_encodings(void **state)
{
  (void)state;
  static const snmpx_type types[] = {SNMPX_TYPE_COUNTER32,
                                     SNMPX_TYPE_GAUGE32,
                                     SNMPX_TYPE_TIMETICKS};
  for (size_t i = 0; i < 3; i++) {
    uint8_t t = (uint8_t)types[i];
    CHECK_VALUE(snmpx_value_uint(types[i], 0), t, 0x01, 0x00);
    CHECK_VALUE(snmpx_value_uint(types[i], 127), t, 0x01, 0x7f);
    CHECK_VALUE(snmpx_value_uint(types[i], 128), t, 0x02, 0x00, 0x80);
    CHECK_VALUE(snmpx_value_uint(types[i], 0x7fffffff), t, 0x04, 0x7f, 0xff,
                0xff, 0xff);
    CHECK_VALUE(snmpx_value_uint(types[i], UINT32_MAX), t, 0x05, 0x00, 0xff,
                0xff, 0xff, 0xff);
  }
  CHECK_VALUE(snmpx_value_uint(SNMPX_TYPE_COUNTER64, 0), 0x46, 0x01, 0x00);
  CHECK_VALUE(snmpx_value_uint(SNMPX_TYPE_COUNTER64, 0x100000000ull), 0x46,
              0x05, 0x01, 0x00, 0x00, 0x00, 0x00);
  CHECK_VALUE(snmpx_value_uint(SNMPX_TYPE_COUNTER64, UINT64_MAX), 0x46, 0x09,
              0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
}

static void test_ber_string_null_ip_known_encodings(void **state)
{
  (void)state;
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "", 0), 0x04, 0x00);
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "abc", 3), 0x04,
              0x03, 0x61, 0x62, 0x63);
  CHECK_VALUE(snmpx_value_null(), 0x05, 0x00);
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, "\xc0\xa8\x01\x01", 4),
              0x40, 0x04, 0xc0, 0xa8, 0x01, 0x01);
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_OPAQUE, "\x01\x02", 2), 0x44,
              0x02, 0x01, 0x02);
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_OPAQUE, "", 0), 0x44, 0x00);
  snmpx_value v = snmpx_value_null();
  v.type = SNMPX_TYPE_NOSUCHOBJECT;
  CHECK_VALUE(v, 0x80, 0x00);
  v.type = SNMPX_TYPE_NOSUCHINSTANCE;
  CHECK_VALUE(v, 0x81, 0x00);
  v.type = SNMPX_TYPE_ENDOFMIBVIEW;
  CHECK_VALUE(v, 0x82, 0x00);
}

static void test_ber_oid_known_encodings(void **state)
{
  (void)state;
  static const uint32_t sys[] = {1, 3, 6, 1, 2, 1};
  static const uint32_t big[] = {1, 3, 4294967295u};
  static const uint32_t two[] = {2, 999, 3};
  static const uint32_t twomax[] = {2, 4294967295u};
  static const uint32_t zero[] = {0, 0};
  static const uint32_t x39[] = {1, 39};
  CHECK_VALUE(snmpx_value_oid(SNMPX_OIDV(sys)), 0x06, 0x05, 0x2b, 0x06, 0x01,
              0x02, 0x01);
  CHECK_VALUE(snmpx_value_oid(SNMPX_OIDV(big)), 0x06, 0x06, 0x2b, 0x8f, 0xff,
              0xff, 0xff, 0x7f);
  CHECK_VALUE(snmpx_value_oid(SNMPX_OIDV(two)), 0x06, 0x03, 0x88, 0x37,
              0x03);
  CHECK_VALUE(snmpx_value_oid(SNMPX_OIDV(twomax)), 0x06, 0x05, 0x90, 0x80,
              0x80, 0x80, 0x4f);
  CHECK_VALUE(snmpx_value_oid(SNMPX_OIDV(zero)), 0x06, 0x01, 0x00);
  CHECK_VALUE(snmpx_value_oid(SNMPX_OIDV(x39)), 0x06, 0x01, 0x4f);
}

static void test_ber_opaque_special_known_encodings(void **state)
{
  (void)state;
  snmpx_value v;
  v.type = SNMPX_TYPE_OPAQUE_FLOAT;
  v.v.f = 1.5f; /* 0x3fc00000 */
  CHECK_VALUE(v, 0x44, 0x07, 0x9f, 0x78, 0x04, 0x3f, 0xc0, 0x00, 0x00);
  v.type = SNMPX_TYPE_OPAQUE_DOUBLE;
  v.v.d = 1.5; /* 0x3ff8000000000000 */
  CHECK_VALUE(v, 0x44, 0x0b, 0x9f, 0x79, 0x08, 0x3f, 0xf8, 0x00, 0x00, 0x00,
              0x00, 0x00, 0x00);
  CHECK_VALUE(snmpx_value_uint(SNMPX_TYPE_OPAQUE_COUNTER64, UINT64_MAX),
              0x44, 0x0c, 0x9f, 0x76, 0x09, 0x00, 0xff, 0xff, 0xff, 0xff,
              0xff, 0xff, 0xff, 0xff);
  CHECK_VALUE(snmpx_value_uint(SNMPX_TYPE_OPAQUE_UINT64, 5), 0x44, 0x04, 0x9f,
              0x7b, 0x01, 0x05);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, -1), 0x44, 0x04, 0x9f,
              0x7a, 0x01, 0xff);
  CHECK_VALUE(snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, INT64_MIN), 0x44, 0x0b,
              0x9f, 0x7a, 0x08, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
              0x00);
}

static void test_ber_opaque_malformed_special_stays_raw(void **state)
{
  (void)state;
  snmpx_value v;
  /* float with 1 content octet; unknown 9f 77; length mismatch */
  assert_int_equal(DECODE(&v, 0x44, 0x04, 0x9f, 0x78, 0x01, 0x00), 0);
  assert_int_equal(v.type, SNMPX_TYPE_OPAQUE);
  assert_int_equal(v.v.bytes.len, 4);
  assert_int_equal(DECODE(&v, 0x44, 0x04, 0x9f, 0x77, 0x01, 0x00), 0);
  assert_int_equal(v.type, SNMPX_TYPE_OPAQUE);
  assert_int_equal(DECODE(&v, 0x44, 0x04, 0x9f, 0x76, 0x02, 0x00), 0);
  assert_int_equal(v.type, SNMPX_TYPE_OPAQUE);
  /* (an empty inner Counter64 is 0, as for Net-SNMP: see
   * test_ber_unsigned32_out_of_range_like_netsnmp) */
  /* long-form inner length is accepted */
  assert_int_equal(DECODE(&v, 0x44, 0x05, 0x9f, 0x76, 0x81, 0x01, 0x07), 0);
  assert_int_equal(v.type, SNMPX_TYPE_OPAQUE_COUNTER64);
  assert_true(v.v.u == 7);
}

/* The three types Net-SNMP's snmp_pdu_parse takes beside the SMIv2 ones:
 * BIT STRING (X.690 8.6, raw content with its unused-bits octet, never
 * empty), NsapAddress (any length) and UInteger32 (32 bits, as Gauge32). */
static void test_ber_bitstring_nsap_uinteger32(void **state)
{
  (void)state;
  snmpx_value v;
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_BIT_STRING, "\x00\xa5\xc0", 3),
              0x03, 0x03, 0x00, 0xa5, 0xc0);
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_BIT_STRING, "\x06", 1), 0x03,
              0x01, 0x06);
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_NSAPADDRESS, "\x01\x02\x03", 3),
              0x45, 0x03, 0x01, 0x02, 0x03);
  CHECK_VALUE(snmpx_value_bytes(SNMPX_TYPE_NSAPADDRESS, "", 0), 0x45, 0x00);
  CHECK_VALUE(snmpx_value_uint(SNMPX_TYPE_UINTEGER32, 5), 0x47, 0x01, 0x05);
  CHECK_VALUE(snmpx_value_uint(SNMPX_TYPE_UINTEGER32, UINT32_MAX), 0x47, 0x05,
              0x00, 0xff, 0xff, 0xff, 0xff);
  assert_int_equal(DECODE(&v, 0x03, 0x00), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x47, 0x00), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x47, 0x09, 1, 0, 0, 0, 0, 0, 0, 0, 0),
                   SNMPX_EBER_RANGE);
  /* wider than 32 bits: the low 32, as Counter32 and Gauge32 */
  assert_int_equal(DECODE(&v, 0x47, 0x05, 0x01, 0, 0, 0, 7), 0);
  assert_int_equal(v.type, SNMPX_TYPE_UINTEGER32);
  assert_true(v.v.u == 7);
  assert_string_equal(snmpx_type_name(SNMPX_TYPE_BIT_STRING), "BIT STRING");
  assert_string_equal(snmpx_type_name(SNMPX_TYPE_NSAPADDRESS), "NsapAddress");
  assert_string_equal(snmpx_type_name(SNMPX_TYPE_UINTEGER32), "UInteger32");
  /* an empty BIT STRING is not encoded either */
  uint8_t buf[16];
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  v = snmpx_value_bytes(SNMPX_TYPE_BIT_STRING, "", 0);
  snmpx_ber_write_value(&w, &v);
  assert_int_equal(w.err, SNMPX_EBER_LENGTH);
}

static void test_ber_integer_decode_tolerance_and_limits(void **state)
{
  (void)state;
  snmpx_value v;
  assert_int_equal(DECODE(&v, 0x02, 0x02, 0x00, 0x7f), 0); /* non-minimal */
  assert_true(v.v.i == 127);
  assert_int_equal(DECODE(&v, 0x02, 0x03, 0xff, 0xff, 0x80), 0);
  assert_true(v.v.i == -128);
  assert_int_equal(DECODE(&v, 0x02, 0x00), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x02, 0x09, 0x00, 0x7f, 0xff, 0xff, 0xff, 0xff,
                          0xff, 0xff, 0xff),
                   SNMPX_EBER_RANGE);
}

/* Counter32/Gauge32/TimeTicks: Net-SNMP 5.9.3 reads the octets as an
 * unsigned number (no sign extension) and keeps the low 32 bits (its
 * CHECK_OVERFLOW_U); tests/interop/test_unsigned_values.sh compares. */
static void test_ber_unsigned32_out_of_range_like_netsnmp(void **state)
{
  (void)state;
  snmpx_value v;
  assert_int_equal(DECODE(&v, 0x41, 0x01, 0xff), 0);
  assert_true(v.v.u == 255);
  assert_int_equal(DECODE(&v, 0x41, 0x01, 0x80), 0);
  assert_true(v.v.u == 128);
  assert_int_equal(DECODE(&v, 0x42, 0x02, 0xff, 0x00), 0);
  assert_true(v.v.u == 0xff00u);
  assert_int_equal(DECODE(&v, 0x43, 0x04, 0xff, 0x00, 0x00, 0x00), 0);
  assert_true(v.v.u == 0xff000000u);
  assert_int_equal(DECODE(&v, 0x41, 0x05, 0xff, 0x00, 0x00, 0x00, 0xff), 0);
  assert_true(v.v.u == 255);
  assert_int_equal(DECODE(&v, 0x41, 0x05, 0x01, 0x00, 0x00, 0x00, 0x05), 0);
  assert_true(v.v.u == 5);
  assert_int_equal(DECODE(&v, 0x43, 0x09, 0x00, 0xff, 0xff, 0xff, 0xff, 0x12,
                          0x34, 0x56, 0x78),
                   0);
  assert_true(v.v.u == 0x12345678u);
  assert_int_equal(DECODE(&v, 0x41, 0x09, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
                          0x00, 0x00, 0x00),
                   SNMPX_EBER_RANGE);
  assert_int_equal(DECODE(&v, 0x41, 0x00), SNMPX_EBER_LENGTH);
  /* Counter64: unsigned too, 9 octets with a leading 0x00 at most; empty
   * is 0 (Net-SNMP's asn_parse_unsigned_int64 takes it). */
  assert_int_equal(DECODE(&v, 0x46, 0x01, 0xff), 0);
  assert_true(v.v.u == 255);
  assert_int_equal(DECODE(&v, 0x46, 0x08, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
                          0x00, 0x01),
                   0);
  assert_true(v.v.u == 0x8000000000000001u);
  assert_int_equal(DECODE(&v, 0x46, 0x00), 0);
  assert_true(v.v.u == 0);
  assert_int_equal(DECODE(&v, 0x46, 0x09, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
                          0x00, 0x00, 0x01),
                   SNMPX_EBER_RANGE);
  assert_int_equal(DECODE(&v, 0x46, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                          0x00, 0x00, 0x00, 0x01),
                   SNMPX_EBER_RANGE);
  /* Opaque Counter64 and UInt64 (9f 76, 9f 7b) alike */
  assert_int_equal(DECODE(&v, 0x44, 0x04, 0x9f, 0x76, 0x01, 0x80), 0);
  assert_true(v.type == SNMPX_TYPE_OPAQUE_COUNTER64 && v.v.u == 128);
  assert_int_equal(DECODE(&v, 0x44, 0x03, 0x9f, 0x7b, 0x00), 0);
  assert_true(v.type == SNMPX_TYPE_OPAQUE_UINT64 && v.v.u == 0);
}

static void test_ber_value_length_errors(void **state)
{
  (void)state;
  snmpx_value v;
  assert_int_equal(DECODE(&v, 0x40, 0x03, 1, 2, 3), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x40, 0x05, 1, 2, 3, 4, 5), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x05, 0x01, 0x00), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x80, 0x01, 0x00), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x48, 0x00), SNMPX_EBER_TAG);
  assert_int_equal(DECODE(&v, 0x03, 0x00), SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x30, 0x00), SNMPX_EBER_TAG);
  assert_int_equal(DECODE(&v, 0x1f, 0x01, 0x00), SNMPX_EBER_TAG);
}

static void test_ber_long_form_lengths_accepted(void **state)
{
  (void)state;
  snmpx_value v;
  assert_int_equal(DECODE(&v, 0x04, 0x81, 0x03, 'a', 'b', 'c'), 0);
  assert_int_equal(v.v.bytes.len, 3);
  assert_int_equal(DECODE(&v, 0x04, 0x82, 0x00, 0x01, 'a'), 0);
  assert_int_equal(DECODE(&v, 0x04, 0x84, 0x00, 0x00, 0x00, 0x01, 'a'), 0);
  assert_int_equal(v.v.bytes.len, 1);
  assert_int_equal(DECODE(&v, 0x02, 0x81, 0x01, 0x05), 0);
  assert_true(v.v.i == 5);
  assert_int_equal(DECODE(&v, 0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 'a'),
                   SNMPX_EBER_LENGTH);
  assert_int_equal(DECODE(&v, 0x04, 0xff), SNMPX_EBER_LENGTH);
}

static void test_ber_indefinite_length_rejected(void **state)
{
  (void)state;
  snmpx_value v;
  assert_int_equal(DECODE(&v, 0x04, 0x80, 'a', 0x00, 0x00),
                   SNMPX_EBER_INDEFINITE);
  static const uint8_t seq[] = {0x30, 0x80, 0x05, 0x00, 0x00, 0x00};
  snmpx_ber_reader r, in;
  snmpx_ber_reader_init(&r, seq, sizeof(seq));
  assert_int_equal(snmpx_ber_enter(&r, 0x30, &in), SNMPX_EBER_INDEFINITE);
  assert_int_equal(r.pos, 0);
}

static void test_ber_truncated_inputs(void **state)
{
  (void)state;
  snmpx_value v;
  assert_int_equal(decode_value(NULL, 0, &v), SNMPX_EBER_TRUNCATED);
  assert_int_equal(DECODE(&v, 0x04), SNMPX_EBER_TRUNCATED);
  assert_int_equal(DECODE(&v, 0x04, 0x05, 'a'), SNMPX_EBER_TRUNCATED);
  assert_int_equal(DECODE(&v, 0x04, 0x82, 0x00), SNMPX_EBER_TRUNCATED);
  assert_int_equal(DECODE(&v, 0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 'a'),
                   SNMPX_EBER_TRUNCATED);
}

/* Every proper prefix of every vector must fail cleanly. */
static void test_ber_truncation_at_every_offset(void **state)
{
  (void)state;
  static const uint8_t vecs[][16] = {
      {0x02, 0x04, 0x7f, 0xff, 0xff, 0xff},
      {0x06, 0x06, 0x2b, 0x8f, 0xff, 0xff, 0xff, 0x7f},
      {0x44, 0x07, 0x9f, 0x78, 0x04, 0x3f, 0xc0, 0x00, 0x00},
      {0x46, 0x09, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
      {0x04, 0x81, 0x03, 'a', 'b', 'c'},
      {0x40, 0x04, 127, 0, 0, 1}};
  static const size_t lens[] = {6, 8, 9, 11, 6, 6};
  for (size_t i = 0; i < 6; i++) {
    snmpx_value v;
    assert_int_equal(decode_value(vecs[i], lens[i], &v), 0);
    for (size_t k = 0; k < lens[i]; k++) {
      uint8_t copy[16]; /* exact-size heap-like copy not needed: bounded */
      memcpy(copy, vecs[i], k);
      assert_true(decode_value(copy, k, &v) < 0);
    }
  }
}

static void test_ber_oid_decode_first_arc_split(void **state)
{
  (void)state;
  uint32_t arcs[4];
  static const uint8_t in[] = {0x00, 0x27, 0x28, 0x4f, 0x50};
  static const uint32_t want[][2] = {{0, 0}, {0, 39}, {1, 0}, {1, 39}, {2, 0}};
  for (size_t i = 0; i < 5; i++) {
    snmpx_ber_view c = {&in[i], 1};
    assert_int_equal(snmpx_ber_decode_oid(c, arcs, 4), 2);
    assert_int_equal(arcs[0], want[i][0]);
    assert_int_equal(arcs[1], want[i][1]);
  }
}

static void test_ber_oid_decode_errors(void **state)
{
  (void)state;
  uint32_t arcs[SNMPX_OID_MAX_LEN + 2];
  snmpx_ber_view c;
  c.ptr = BYTES(0x2b);
  c.len = 0;
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 128), SNMPX_EBER_OID);
  c.ptr = BYTES(0x2b, 0x86); /* unterminated */
  c.len = 2;
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 128), SNMPX_EBER_OID);
  c.ptr = BYTES(0x2b, 0x80, 0x01); /* non-minimal lead 0x80 */
  c.len = 3;
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 128), SNMPX_EBER_OID);
  c.ptr = BYTES(0x2b, 0x90, 0x80, 0x80, 0x80, 0x00); /* 2^32 */
  c.len = 6;
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 128), SNMPX_EBER_OID);
  c.ptr = BYTES(0x90, 0x80, 0x80, 0x80, 0x50); /* 2.(2^32) */
  c.len = 5;
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 128), SNMPX_EBER_OID);
  c.ptr = BYTES(0x2b, 0x06, 0x01);
  c.len = 3;
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 3), SNMPX_EOID_TOOLONG);
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 1), SNMPX_EOID_TOOLONG);
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, 4), 4);
}

static void test_ber_oid_128_arcs_and_129_rejected(void **state)
{
  (void)state;
  uint8_t content[130];
  uint32_t arcs[SNMPX_OID_MAX_LEN + 8];
  content[0] = 0x2b; /* 1.3 */
  memset(content + 1, 0x07, sizeof(content) - 1);
  snmpx_ber_view c = {content, 127}; /* 2 + 126 = 128 arcs */
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, sizeof(arcs) / 4), 128);
  c.len = 128;
  assert_int_equal(snmpx_ber_decode_oid(c, arcs, sizeof(arcs) / 4),
                   SNMPX_EOID_TOOLONG);
  /* and on encode */
  uint8_t buf[512];
  snmpx_ber_writer w;
  snmpx_oidv o = {arcs, 128};
  for (size_t i = 0; i < 129; i++)
    arcs[i] = i < 2 ? (i == 0 ? 1 : 3) : 7;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, o);
  assert_int_equal(w.err, 0);
  assert_int_equal(w.used, 2 + 127);
  o.len = 129;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, o);
  assert_int_equal(w.err, SNMPX_EOID_TOOLONG);
}

static void test_ber_oid_encode_errors_and_one_arc(void **state)
{
  (void)state;
  uint8_t buf[32];
  snmpx_ber_writer w;
  static const uint32_t one[] = {1};
  static const uint32_t bad0[] = {3, 1};
  static const uint32_t bad1[] = {1, 40};
  static const uint32_t ok2[] = {2, 40};
  snmpx_oidv empty = {one, 0};

  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, empty);
  assert_int_equal(w.err, SNMPX_EOID_SYNTAX);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, SNMPX_OIDV(bad0));
  assert_int_equal(w.err, SNMPX_EOID_ARC_RANGE);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, SNMPX_OIDV(bad1));
  assert_int_equal(w.err, SNMPX_EOID_ARC_RANGE);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, SNMPX_OIDV(ok2));
  assert_int_equal(w.err, 0);
  assert_memory_equal(snmpx_ber_writer_data(&w), BYTES(0x06, 0x01, 0x78), 3);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_oid(&w, SNMPX_OIDV(one)); /* {1} goes out as 1.0 */
  assert_int_equal(w.err, 0);
  assert_memory_equal(snmpx_ber_writer_data(&w), BYTES(0x06, 0x01, 0x28), 3);
}

static void test_ber_write_lengths_minimal(void **state)
{
  (void)state;
  static uint8_t big[300];
  uint8_t buf[320];
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_bytes(&w, 0x04, big, 127);
  assert_memory_equal(snmpx_ber_writer_data(&w), BYTES(0x04, 0x7f), 2);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_bytes(&w, 0x04, big, 128);
  assert_memory_equal(snmpx_ber_writer_data(&w), BYTES(0x04, 0x81, 0x80), 3);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_bytes(&w, 0x04, big, 256);
  assert_int_equal(w.used, 260);
  assert_memory_equal(snmpx_ber_writer_data(&w),
                      BYTES(0x04, 0x82, 0x01, 0x00), 4);
}

static void test_ber_writer_nospace_sticks(void **state)
{
  (void)state;
  uint8_t buf[4];
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_int(&w, 0x02, 1); /* 3 bytes */
  assert_int_equal(w.err, 0);
  snmpx_ber_write_int(&w, 0x02, 1); /* does not fit */
  assert_int_equal(w.err, SNMPX_ENOSPACE);
  size_t used = w.used;
  snmpx_ber_write_raw(&w, "", 0);
  snmpx_ber_write_header(&w, 0x30, 0); /* ignored after the error */
  assert_int_equal(w.used, used);
  assert_int_equal(w.err, SNMPX_ENOSPACE);
  snmpx_ber_writer_init(&w, NULL, 10);
  snmpx_ber_write_raw(&w, "x", 1);
  assert_int_equal(w.err, SNMPX_ENOSPACE);
}

static void test_ber_write_value_errors(void **state)
{
  (void)state;
  uint8_t buf[32];
  snmpx_ber_writer w;
  snmpx_value v = snmpx_value_uint(SNMPX_TYPE_COUNTER32, 0x100000000ull);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_value(&w, &v);
  assert_int_equal(w.err, SNMPX_EBER_RANGE);
  v = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, "abc", 3);
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_value(&w, &v);
  assert_int_equal(w.err, SNMPX_EBER_LENGTH);
  v.type = (snmpx_type)0x48;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_value(&w, &v);
  assert_int_equal(w.err, SNMPX_EMSG_VALUE_TYPE);
}

static void test_ber_depth_limit(void **state)
{
  (void)state;
  uint8_t buf[2 * (SNMPX_BER_MAX_DEPTH + 1)];
  for (size_t depth = SNMPX_BER_MAX_DEPTH; depth <= SNMPX_BER_MAX_DEPTH + 1;
       depth++) {
    for (size_t i = 0; i < depth; i++) {
      buf[2 * i] = 0x30;
      buf[2 * i + 1] = (uint8_t)(2 * (depth - 1 - i));
    }
    snmpx_ber_reader r[SNMPX_BER_MAX_DEPTH + 2];
    snmpx_ber_reader_init(&r[0], buf, 2 * depth);
    int rv = 0;
    for (size_t i = 0; i < depth && rv == 0; i++)
      rv = snmpx_ber_enter(&r[i], 0x30, &r[i + 1]);
    assert_int_equal(rv, depth == SNMPX_BER_MAX_DEPTH ? 0 : SNMPX_EBER_DEPTH);
  }
}

static void test_ber_read_int_wrong_tag_leaves_reader(void **state)
{
  (void)state;
  static const uint8_t in[] = {0x04, 0x01, 0x05, 0x02, 0x01, 0x09};
  snmpx_ber_reader r;
  int64_t i;
  uint64_t u;
  snmpx_ber_reader_init(&r, in, sizeof(in));
  assert_int_equal(snmpx_ber_read_int(&r, 0x02, &i), SNMPX_EBER_TAG);
  assert_int_equal(r.pos, 0);
  assert_int_equal(snmpx_ber_read_uint(&r, 0x41, &u), SNMPX_EBER_TAG);
  uint8_t tag;
  snmpx_ber_view c;
  assert_int_equal(snmpx_ber_read_tlv(&r, &tag, &c), 0);
  assert_int_equal(tag, 0x04);
  assert_int_equal(snmpx_ber_read_int(&r, 0x02, &i), 0);
  assert_true(i == 9);
  assert_true(snmpx_ber_reader_done(&r));
  assert_int_equal(snmpx_ber_read_tlv(&r, &tag, &c), SNMPX_EBER_TRUNCATED);
}

static void test_ber_read_value_arcs_accumulate(void **state)
{
  (void)state;
  static const uint8_t in[] = {0x06, 0x02, 0x2b, 0x06, 0x06, 0x01, 0x2b};
  uint32_t arcs[8];
  size_t used = 0;
  snmpx_value a, b;
  snmpx_ber_reader r;
  snmpx_ber_reader_init(&r, in, sizeof(in));
  assert_int_equal(snmpx_ber_read_value(&r, &a, arcs, 8, &used), 0);
  assert_int_equal(used, 3);
  assert_int_equal(snmpx_ber_read_value(&r, &b, arcs + used, 8 - used, &used),
                   0);
  assert_int_equal(used, 5);
  assert_int_equal(a.v.oid.len, 3);
  assert_int_equal(b.v.oid.arcs[1], 3);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ber_integer_known_encodings),
      cmocka_unit_test(test_ber_unsigned_known_encodings),
      cmocka_unit_test(test_ber_string_null_ip_known_encodings),
      cmocka_unit_test(test_ber_bitstring_nsap_uinteger32),
      cmocka_unit_test(test_ber_oid_known_encodings),
      cmocka_unit_test(test_ber_opaque_special_known_encodings),
      cmocka_unit_test(test_ber_opaque_malformed_special_stays_raw),
      cmocka_unit_test(test_ber_integer_decode_tolerance_and_limits),
      cmocka_unit_test(test_ber_unsigned32_out_of_range_like_netsnmp),
      cmocka_unit_test(test_ber_value_length_errors),
      cmocka_unit_test(test_ber_long_form_lengths_accepted),
      cmocka_unit_test(test_ber_indefinite_length_rejected),
      cmocka_unit_test(test_ber_truncated_inputs),
      cmocka_unit_test(test_ber_truncation_at_every_offset),
      cmocka_unit_test(test_ber_oid_decode_first_arc_split),
      cmocka_unit_test(test_ber_oid_decode_errors),
      cmocka_unit_test(test_ber_oid_128_arcs_and_129_rejected),
      cmocka_unit_test(test_ber_oid_encode_errors_and_one_arc),
      cmocka_unit_test(test_ber_write_lengths_minimal),
      cmocka_unit_test(test_ber_writer_nospace_sticks),
      cmocka_unit_test(test_ber_write_value_errors),
      cmocka_unit_test(test_ber_depth_limit),
      cmocka_unit_test(test_ber_read_int_wrong_tag_leaves_reader),
      cmocka_unit_test(test_ber_read_value_arcs_accumulate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
