/* Unit tests for src/pdu: messages and PDUs of every type, hand-written
 * wire vectors, version rules, truncation, decode bounds, pdu_dup. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "internal.h"

/* snmpget -v2c -c public sysDescr.0, request-id 0x12345678 */
static const uint8_t get_v2c[] = {
    0x30, 0x29, 0x02, 0x01, 0x01, 0x04, 0x06, 'p',  'u',  'b',  'l',
    'i',  'c',  0xa0, 0x1c, 0x02, 0x04, 0x12, 0x34, 0x56, 0x78, 0x02,
    0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08,
    0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00};

/* v1 Trap-PDU: enterprise 1.3.6.1.4.1.2001, agent 127.0.0.1,
 * linkUp (3), specific 1, time-stamp 200, no varbinds */
static const uint8_t trap_v1[] = {
    0x30, 0x28, 0x02, 0x01, 0x00, 0x04, 0x06, 'p',  'u',  'b',  'l',
    'i',  'c',  0xa4, 0x1b, 0x06, 0x07, 0x2b, 0x06, 0x01, 0x04, 0x01,
    0x8f, 0x51, 0x40, 0x04, 0x7f, 0x00, 0x00, 0x01, 0x02, 0x01, 0x03,
    0x02, 0x01, 0x01, 0x43, 0x02, 0x00, 0xc8, 0x30, 0x00};

static snmpx_varbind g_vbs[64];
static uint32_t g_arcs[1024];

static snmpx_decode_space space_of(size_t vbs, size_t arcs)
{
  snmpx_decode_space s = {g_vbs, vbs, g_arcs, arcs};
  return s;
}

static int decode(const uint8_t *buf, size_t len, snmpx_msg *m)
{
  snmpx_decode_space s = space_of(64, 1024);
  return snmpx_msg_decode(buf, len, m, &s);
}

static void test_pdu_decode_known_get_v2c(void **state)
{
  (void)state;
  snmpx_msg m;
  assert_int_equal(decode(get_v2c, sizeof(get_v2c), &m), 0);
  assert_int_equal(m.version, SNMPX_VERSION_2C);
  assert_int_equal(m.community_len, 6);
  assert_memory_equal(m.community, "public", 6);
  assert_ptr_equal(m.community, get_v2c + 7); /* zero-copy */
  assert_int_equal(m.pdu.type, SNMPX_PDU_GET);
  assert_int_equal(m.pdu.request_id, 0x12345678);
  assert_int_equal(m.pdu.n_varbinds, 1);
  assert_int_equal(m.pdu.varbinds[0].name.len, 9);
  assert_int_equal(m.pdu.varbinds[0].value.type, SNMPX_TYPE_NULL);

  uint8_t out[128];
  size_t len;
  assert_int_equal(snmpx_msg_encode(&m, out, sizeof(out), &len), 0);
  assert_int_equal(len, sizeof(get_v2c));
  assert_memory_equal(out, get_v2c, len);
  assert_int_equal(snmpx_msg_peek_version(get_v2c, sizeof(get_v2c)), 1);
}

static void test_pdu_decode_known_trap_v1(void **state)
{
  (void)state;
  snmpx_msg m;
  assert_int_equal(decode(trap_v1, sizeof(trap_v1), &m), 0);
  assert_int_equal(m.version, SNMPX_VERSION_1);
  assert_int_equal(m.pdu.type, SNMPX_PDU_TRAP_V1);
  assert_int_equal(m.pdu.enterprise.len, 7);
  assert_int_equal(m.pdu.enterprise.arcs[6], 2001);
  assert_memory_equal(m.pdu.agent_addr, "\x7f\x00\x00\x01", 4);
  assert_int_equal(m.pdu.generic_trap, 3);
  assert_int_equal(m.pdu.specific_trap, 1);
  assert_int_equal(m.pdu.time_stamp, 200);
  assert_int_equal(m.pdu.n_varbinds, 0);
  uint8_t out[128];
  size_t len;
  assert_int_equal(snmpx_msg_encode(&m, out, sizeof(out), &len), 0);
  assert_int_equal(len, sizeof(trap_v1));
  assert_memory_equal(out, trap_v1, len);
}

/* One varbind of every value type, shared by the round-trip tests. */
static const uint32_t name_arcs[] = {1, 3, 6, 1, 4, 1, 99999, 1, 0};
static const uint32_t val_arcs[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 1};

static size_t all_values(snmpx_varbind *vb)
{
  snmpx_value v[19];
  size_t n = 0;
  v[n++] = snmpx_value_null();
  v[n++] = snmpx_value_int(SNMPX_TYPE_INTEGER, INT32_MIN);
  v[n++] = snmpx_value_int(SNMPX_TYPE_INTEGER, -129);
  v[n++] = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "", 0);
  v[n++] = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "hello", 5);
  v[n++] = snmpx_value_oid(SNMPX_OIDV(val_arcs));
  v[n++] = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, "\xc0\x00\x02\x01", 4);
  v[n++] = snmpx_value_uint(SNMPX_TYPE_COUNTER32, UINT32_MAX);
  v[n++] = snmpx_value_uint(SNMPX_TYPE_GAUGE32, 128);
  v[n++] = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, 0);
  v[n++] = snmpx_value_bytes(SNMPX_TYPE_OPAQUE, "\x30\x00", 2);
  v[n++] = snmpx_value_uint(SNMPX_TYPE_COUNTER64, UINT64_MAX);
  v[n++] = snmpx_value_uint(SNMPX_TYPE_OPAQUE_COUNTER64, 1);
  v[n++] = snmpx_value_uint(SNMPX_TYPE_OPAQUE_UINT64, 1ull << 63);
  v[n++] = snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, -5);
  v[n].type = SNMPX_TYPE_OPAQUE_FLOAT;
  v[n++].v.f = -0.25f;
  v[n].type = SNMPX_TYPE_OPAQUE_DOUBLE;
  v[n++].v.d = 3.0e300;
  v[n] = snmpx_value_null();
  v[n++].type = SNMPX_TYPE_NOSUCHOBJECT;
  v[n] = snmpx_value_null();
  v[n++].type = SNMPX_TYPE_ENDOFMIBVIEW;
  for (size_t i = 0; i < n; i++) {
    vb[i].name = SNMPX_OIDV(name_arcs);
    vb[i].value = v[i];
  }
  return n;
}

static void round_trip(const snmpx_msg *m)
{
  uint8_t buf[1024];
  size_t len;
  snmpx_msg back;
  assert_int_equal(snmpx_msg_encode(m, buf, sizeof(buf), &len), 0);
  assert_int_equal(decode(buf, len, &back), 0);
  assert_int_equal(back.version, m->version);
  assert_int_equal(back.community_len, m->community_len);
  assert_memory_equal(back.community, m->community, m->community_len);
  assert_true(snmpx__pdu_equal(&m->pdu, &back.pdu));
  /* every proper prefix of the encoding fails, and never crashes */
  for (size_t k = 0; k < len; k++) {
    uint8_t *cut = malloc(k ? k : 1); /* exact size: ASan sees overreads */
    assert_non_null(cut);
    memcpy(cut, buf, k);
    assert_true(decode(cut, k, &back) < 0);
    free(cut);
  }
}

static void test_pdu_every_type_round_trips(void **state)
{
  (void)state;
  static const snmpx_pdu_type v2types[] = {
      SNMPX_PDU_GET,     SNMPX_PDU_GETNEXT, SNMPX_PDU_RESPONSE,
      SNMPX_PDU_SET,     SNMPX_PDU_GETBULK, SNMPX_PDU_INFORM,
      SNMPX_PDU_TRAP_V2, SNMPX_PDU_REPORT};
  snmpx_varbind vbs[32];
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_2C;
  m.community = (const uint8_t *)"private";
  m.community_len = 7;
  m.pdu.varbinds = vbs;
  m.pdu.n_varbinds = all_values(vbs);
  m.pdu.request_id = INT32_MIN;
  m.pdu.error_status = SNMPX_ERRSTAT_INCONSISTENT_NAME;
  m.pdu.error_index = INT32_MAX;
  for (size_t i = 0; i < 8; i++) {
    m.pdu.type = v2types[i];
    round_trip(&m);
  }
  /* v1: the v1 types, without Counter64 */
  m.version = SNMPX_VERSION_1;
  m.pdu.n_varbinds = 11;
  static const snmpx_pdu_type v1types[] = {SNMPX_PDU_GET, SNMPX_PDU_GETNEXT,
                                           SNMPX_PDU_RESPONSE, SNMPX_PDU_SET};
  for (size_t i = 0; i < 4; i++) {
    m.pdu.type = v1types[i];
    round_trip(&m);
  }
  m.pdu.type = SNMPX_PDU_TRAP_V1;
  m.pdu.enterprise = SNMPX_OIDV(val_arcs);
  memcpy(m.pdu.agent_addr, "\x0a\x01\x02\x03", 4);
  m.pdu.generic_trap = 6;
  m.pdu.specific_trap = INT32_MAX;
  m.pdu.time_stamp = UINT32_MAX;
  round_trip(&m);
  m.community_len = 0; /* empty community */
  round_trip(&m);
}

static void test_pdu_version_rules_on_encode(void **state)
{
  (void)state;
  uint8_t buf[256];
  size_t len;
  snmpx_varbind vb = {SNMPX_OIDV(name_arcs),
                      {SNMPX_TYPE_NULL, {.u = 0}}};
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_1;
  m.pdu.varbinds = &vb;
  m.pdu.n_varbinds = 1;
  static const snmpx_pdu_type v2only[] = {SNMPX_PDU_GETBULK, SNMPX_PDU_INFORM,
                                          SNMPX_PDU_TRAP_V2,
                                          SNMPX_PDU_REPORT};
  for (size_t i = 0; i < 4; i++) {
    m.pdu.type = v2only[i];
    assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                     SNMPX_EMSG_PDU_TYPE);
  }
  m.pdu.type = SNMPX_PDU_RESPONSE;
  vb.value = snmpx_value_uint(SNMPX_TYPE_COUNTER64, 1);
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EMSG_VALUE_TYPE);
  m.version = SNMPX_VERSION_2C;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len), 0);
  m.pdu.type = SNMPX_PDU_TRAP_V1;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EMSG_PDU_TYPE);
  m.version = SNMPX_VERSION_3;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EMSG_VERSION);
  m.version = SNMPX_VERSION_2C;
  m.pdu.type = (snmpx_pdu_type)0xa9;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EMSG_PDU_TYPE);
}

static void test_pdu_encode_errors(void **state)
{
  (void)state;
  uint8_t buf[256];
  size_t len;
  static const uint32_t bad[] = {3, 1};
  snmpx_varbind vb = {SNMPX_OIDV(name_arcs), {SNMPX_TYPE_NULL, {.u = 0}}};
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_2C;
  m.pdu.type = SNMPX_PDU_GET;
  m.pdu.varbinds = &vb;
  m.pdu.n_varbinds = 1;
  assert_int_equal(snmpx_msg_encode(&m, buf, 10, &len), SNMPX_ENOSPACE);
  assert_int_equal(snmpx_msg_encode(&m, NULL, 0, &len), SNMPX_ENOSPACE);
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), NULL),
                   SNMPX_EINVAL);
  vb.name.len = 0; /* empty name */
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EOID_SYNTAX);
  vb.name = SNMPX_OIDV(bad);
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EOID_ARC_RANGE);
  vb.name = SNMPX_OIDV(name_arcs);
  vb.value.type = (snmpx_type)0x48;
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EMSG_VALUE_TYPE);
  m.community_len = 3; /* NULL community with a length */
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len),
                   SNMPX_EINVAL);
}

static void test_pdu_decode_rejects(void **state)
{
  (void)state;
  uint8_t buf[sizeof(get_v2c) + 1];
  snmpx_msg m;
  /* trailing byte after the message */
  memcpy(buf, get_v2c, sizeof(get_v2c));
  buf[sizeof(get_v2c)] = 0x00;
  assert_int_equal(decode(buf, sizeof(buf), &m), SNMPX_EBER_TRAILING);
  /* version 3 and version 2 */
  memcpy(buf, get_v2c, sizeof(get_v2c));
  buf[4] = 3;
  assert_int_equal(decode(buf, sizeof(get_v2c), &m), SNMPX_EMSG_VERSION);
  assert_int_equal(snmpx_msg_peek_version(buf, sizeof(get_v2c)), 3);
  buf[4] = 2;
  assert_int_equal(decode(buf, sizeof(get_v2c), &m), SNMPX_EMSG_VERSION);
  /* unknown PDU tag */
  memcpy(buf, get_v2c, sizeof(get_v2c));
  buf[13] = 0xa9;
  assert_int_equal(decode(buf, sizeof(get_v2c), &m), SNMPX_EMSG_PDU_TYPE);
  /* a bad value in the only varbind fails the PDU (NULL with content) */
  memcpy(buf, get_v2c, sizeof(get_v2c));
  buf[sizeof(get_v2c) - 2] = 0x40; /* IpAddress of length 0 */
  assert_int_equal(decode(buf, sizeof(get_v2c), &m), SNMPX_EBER_LENGTH);
  /* community not an OCTET STRING */
  memcpy(buf, get_v2c, sizeof(get_v2c));
  buf[5] = 0x05;
  assert_true(decode(buf, sizeof(get_v2c), &m) < 0);
  /* indefinite outer length */
  memcpy(buf, get_v2c, sizeof(get_v2c));
  buf[1] = 0x80;
  assert_int_equal(decode(buf, sizeof(get_v2c), &m), SNMPX_EBER_INDEFINITE);
  assert_int_equal(snmpx_msg_peek_version(buf, 1), SNMPX_EBER_TRUNCATED);
}

/* A varbind list whose second varbind is bad must fail: no truncation. */
static void test_pdu_bad_varbind_fails_whole_pdu(void **state)
{
  (void)state;
  static const uint8_t in[] = {
      0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x01, 'p', 0xa2, 0x1d, 0x02,
      0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x12, 0x30,
      0x07, 0x06, 0x02, 0x2b, 0x06, 0x02, 0x01, 0x05, 0x30, 0x07, 0x06,
      0x02, 0x2b, 0x06, 0x48, 0x01, 0x00};
  snmpx_msg m;
  assert_int_equal(decode(in, sizeof(in), &m), SNMPX_EBER_TAG);
  uint8_t ok[sizeof(in)];
  memcpy(ok, in, sizeof(in));
  ok[sizeof(in) - 3] = 0x42; /* now Gauge32 0 */
  assert_int_equal(decode(ok, sizeof(ok), &m), 0);
  assert_int_equal(m.pdu.n_varbinds, 2);
}

static void test_pdu_request_values_and_long_lengths_accepted(void **state)
{
  (void)state;
  /* GET with an INTEGER value (not NULL) and long-form lengths */
  static const uint8_t in[] = {0x30, 0x81, 0x1c, 0x02, 0x01, 0x01, 0x04,
                               0x00, 0xa0, 0x82, 0x00, 0x13, 0x02, 0x01,
                               0x07, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00,
                               0x30, 0x08, 0x30, 0x06, 0x06, 0x01, 0x2b,
                               0x02, 0x01, 0x2a};
  snmpx_msg m;
  assert_int_equal(decode(in, sizeof(in), &m), 0);
  assert_int_equal(m.pdu.request_id, 7);
  assert_int_equal(m.pdu.varbinds[0].value.type, SNMPX_TYPE_INTEGER);
  assert_true(m.pdu.varbinds[0].value.v.i == 42);
  assert_int_equal(m.community_len, 0);
  /* request-id that does not fit int32 */
  static const uint8_t big[] = {0x30, 0x16, 0x02, 0x01, 0x01, 0x04, 0x00,
                                0xa0, 0x0f, 0x02, 0x05, 0x01, 0x00, 0x00,
                                0x00, 0x00, 0x02, 0x01, 0x00, 0x02, 0x01,
                                0x00, 0x30, 0x00};
  assert_int_equal(decode(big, sizeof(big), &m), SNMPX_EBER_RANGE);
}

static void test_pdu_space_limits(void **state)
{
  (void)state;
  snmpx_msg m;
  snmpx_decode_space s = space_of(0, 1024);
  assert_int_equal(snmpx_msg_decode(get_v2c, sizeof(get_v2c), &m, &s),
                   SNMPX_EMSG_TOO_MANY_VARBINDS);
  s = space_of(1, 8); /* the name has 9 arcs */
  assert_int_equal(snmpx_msg_decode(get_v2c, sizeof(get_v2c), &m, &s),
                   SNMPX_EOID_TOOLONG);
  s = space_of(1, 9);
  assert_int_equal(snmpx_msg_decode(get_v2c, sizeof(get_v2c), &m, &s), 0);
  assert_int_equal(snmpx_msg_decode(get_v2c, sizeof(get_v2c), &m, NULL),
                   SNMPX_EINVAL);
}

/* The densest message possible (minimal varbinds with OID values) decodes
 * with exactly the space snmpx_pdu_decode_bounds gives. */
static void test_pdu_decode_bounds_hold(void **state)
{
  (void)state;
  static uint8_t buf[4096];
  static snmpx_varbind vbs[4096];
  static uint32_t arcs[4096];
  size_t n = 0;
  /* 200 varbinds of 7 octets: 30 05 06 01 2b 05 00 */
  size_t nvb = 200, content = 7 * nvb;
  const uint8_t head[] = {0x30, 0x82, 0, 0, 0x02, 0x01, 0x01, 0x04, 0x00,
                          0xa2, 0x82, 0, 0, 0x02, 0x01, 0x00, 0x02, 0x01,
                          0x00, 0x02, 0x01, 0x00, 0x30, 0x82, 0, 0};
  memcpy(buf, head, sizeof(head));
  n = sizeof(head);
  for (size_t i = 0; i < nvb; i++) {
    static const uint8_t vb[] = {0x30, 0x05, 0x06, 0x01, 0x2b, 0x05, 0x00};
    memcpy(buf + n, vb, 7);
    n += 7;
  }
  buf[24] = (uint8_t)(content >> 8);
  buf[25] = (uint8_t)content;
  buf[11] = (uint8_t)((content + 13) >> 8);
  buf[12] = (uint8_t)(content + 13);
  buf[2] = (uint8_t)((n - 4) >> 8);
  buf[3] = (uint8_t)(n - 4);
  size_t maxvb, maxarcs;
  snmpx_pdu_decode_bounds(n, &maxvb, &maxarcs);
  assert_true(maxvb >= nvb);
  assert_true(maxarcs >= 2 * nvb);
  snmpx_decode_space s = {vbs, maxvb, arcs, maxarcs};
  snmpx_msg m;
  assert_int_equal(snmpx_msg_decode(buf, n, &m, &s), 0);
  assert_int_equal(m.pdu.n_varbinds, nvb);
  /* OID-valued varbinds: 30 06 06 01 2b 06 01 2b, 4 arcs per 8 octets */
  for (size_t i = 0; i < nvb; i++) {
    static const uint8_t vb[] = {0x30, 0x06, 0x06, 0x01, 0x2b,
                                 0x06, 0x01, 0x2b};
    memcpy(buf + sizeof(head) + 8 * i, vb, 8);
  }
  content = 8 * nvb;
  n = sizeof(head) + content;
  buf[24] = (uint8_t)(content >> 8);
  buf[25] = (uint8_t)content;
  buf[11] = (uint8_t)((content + 13) >> 8);
  buf[12] = (uint8_t)(content + 13);
  buf[2] = (uint8_t)((n - 4) >> 8);
  buf[3] = (uint8_t)(n - 4);
  snmpx_pdu_decode_bounds(n, &maxvb, &maxarcs);
  s.varbinds_cap = maxvb;
  s.arcs_cap = maxarcs;
  assert_int_equal(snmpx_msg_decode(buf, n, &m, &s), 0);
  assert_true(maxarcs >= 4 * nvb);
}

static void test_pdu_dup_equal_and_independent(void **state)
{
  (void)state;
  uint8_t buf[1024];
  size_t len;
  snmpx_varbind vbs[32];
  snmpx_msg m, d;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_1;
  m.pdu.type = SNMPX_PDU_TRAP_V1;
  m.pdu.enterprise = SNMPX_OIDV(val_arcs);
  m.pdu.varbinds = vbs;
  m.pdu.n_varbinds = 11;
  all_values(vbs);
  assert_int_equal(snmpx_msg_encode(&m, buf, sizeof(buf), &len), 0);
  assert_int_equal(decode(buf, len, &d), 0);
  snmpx_pdu *copy = snmpx_pdu_dup(&d.pdu, NULL);
  assert_non_null(copy);
  assert_true(snmpx__pdu_equal(copy, &d.pdu));
  assert_true(snmpx__pdu_equal(copy, &m.pdu));
  memset(buf, 0, sizeof(buf)); /* the copy owns its storage */
  memset(g_arcs, 0, sizeof(g_arcs));
  assert_true(snmpx__pdu_equal(copy, &m.pdu));
  snmpx_pdu_free(copy, NULL);
  snmpx_pdu_free(NULL, NULL);
  snmpx_pdu empty;
  memset(&empty, 0, sizeof(empty));
  empty.type = SNMPX_PDU_GET;
  copy = snmpx_pdu_dup(&empty, NULL);
  assert_non_null(copy);
  assert_true(snmpx__pdu_equal(copy, &empty));
  snmpx_pdu_free(copy, NULL);
}

/* Failing allocator: fails the N-th allocation; counts live blocks. */
typedef struct fail_alloc {
  int calls;
  int fail_at;
  int live;
} fail_alloc;

static void *fa_malloc(size_t n, void *ud)
{
  fail_alloc *fa = ud;
  if (++fa->calls == fa->fail_at)
    return NULL;
  fa->live++;
  return malloc(n);
}

static void *fa_realloc(void *p, size_t n, void *ud)
{
  (void)p;
  (void)n;
  (void)ud;
  fail(); /* dup never reallocates */
  return NULL;
}

static void fa_free(void *p, void *ud)
{
  fail_alloc *fa = ud;
  fa->live--;
  free(p);
}

static void test_pdu_dup_failing_allocator(void **state)
{
  (void)state;
  snmpx_varbind vbs[32];
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_RESPONSE;
  pdu.varbinds = vbs;
  pdu.n_varbinds = all_values(vbs);
  for (int n = 1;; n++) {
    fail_alloc fa = {0, n, 0};
    snmpx_mem mem = {&fa, fa_malloc, fa_realloc, fa_free};
    snmpx_pdu *copy = snmpx_pdu_dup(&pdu, &mem);
    if (copy == NULL) {
      assert_int_equal(fa.live, 0);
      continue;
    }
    assert_int_equal(fa.calls, 1); /* exactly one allocation */
    assert_true(snmpx__pdu_equal(copy, &pdu));
    snmpx_pdu_free(copy, &mem);
    assert_int_equal(fa.live, 0);
    assert_true(n >= 2);
    break;
  }
}

static void test_pdu_dup_rejects_inconsistent_views(void **state)
{
  (void)state;
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.n_varbinds = 1;
  assert_null(snmpx_pdu_dup(&pdu, NULL));
  assert_null(snmpx_pdu_dup(NULL, NULL));
}

static void test_pdu_errstat_names(void **state)
{
  (void)state;
  static const char *const want[] = {
      "noError",           "tooBig",
      "noSuchName",        "badValue",
      "readOnly",          "genErr",
      "noAccess",          "wrongType",
      "wrongLength",       "wrongEncoding",
      "wrongValue",        "noCreation",
      "inconsistentValue", "resourceUnavailable",
      "commitFailed",      "undoFailed",
      "authorizationError", "notWritable",
      "inconsistentName"};
  for (int i = 0; i <= SNMPX_ERRSTAT_INCONSISTENT_NAME; i++)
    assert_string_equal(snmpx_errstat_name(i), want[i]);
  assert_string_equal(snmpx_errstat_name(19), "??");
  assert_string_equal(snmpx_errstat_name(-1), "??");
}

/* Hex vectors in tests/vectors/pdu_*.hex: "ok" or an error name on the
 * first line, then the message as hex. */
static void test_pdu_vector_files(void **state)
{
  (void)state;
  static const char *const files[] = {"pdu_getbulk_v2c.hex",
                                      "pdu_response_counter32_ff.hex",
                                      "pdu_indefinite.hex"};
  for (size_t f = 0; f < 3; f++) {
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", SNMPX_TEST_VECTORS, files[f]);
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    char expect[64];
    assert_non_null(fgets(expect, sizeof(expect), fp));
    expect[strcspn(expect, "\r\n")] = '\0';
    uint8_t buf[512];
    size_t n = 0;
    unsigned byte;
    while (n < sizeof(buf) && fscanf(fp, "%2x", &byte) == 1)
      buf[n++] = (uint8_t)byte;
    fclose(fp);
    snmpx_msg m;
    int rv = decode(buf, n, &m);
    assert_string_equal(rv == 0 ? "ok" : snmpx_errname(rv), expect);
    if (rv == 0) {
      uint8_t out[512];
      size_t len;
      snmpx_msg back;
      assert_int_equal(snmpx_msg_encode(&m, out, sizeof(out), &len), 0);
      snmpx_decode_space s = {g_vbs + 32, 32, g_arcs + 512, 512};
      assert_int_equal(snmpx_msg_decode(out, len, &back, &s), 0);
      assert_true(snmpx__pdu_equal(&m.pdu, &back.pdu));
    }
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_pdu_decode_known_get_v2c),
      cmocka_unit_test(test_pdu_decode_known_trap_v1),
      cmocka_unit_test(test_pdu_every_type_round_trips),
      cmocka_unit_test(test_pdu_version_rules_on_encode),
      cmocka_unit_test(test_pdu_encode_errors),
      cmocka_unit_test(test_pdu_decode_rejects),
      cmocka_unit_test(test_pdu_bad_varbind_fails_whole_pdu),
      cmocka_unit_test(test_pdu_request_values_and_long_lengths_accepted),
      cmocka_unit_test(test_pdu_space_limits),
      cmocka_unit_test(test_pdu_decode_bounds_hold),
      cmocka_unit_test(test_pdu_dup_equal_and_independent),
      cmocka_unit_test(test_pdu_dup_failing_allocator),
      cmocka_unit_test(test_pdu_dup_rejects_inconsistent_views),
      cmocka_unit_test(test_pdu_errstat_names),
      cmocka_unit_test(test_pdu_vector_files),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
