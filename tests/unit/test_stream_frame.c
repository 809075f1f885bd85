/* The stream framer (src/transport/stream_frame.c): RFC 3430 2.1 messages
 * back to back on a byte stream, cut at every place a read can end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "transport/stream_frame.h"

/* A counting allocator that can be told to fail. */
typedef struct counter {
  size_t calls; /* malloc and realloc calls */
  size_t live;  /* blocks held */
  bool fail;
} counter;

static void *c_malloc(size_t n, void *ud)
{
  counter *c = ud;
  c->calls++;
  if (c->fail)
    return NULL;
  c->live++;
  return malloc(n);
}

static void *c_realloc(void *p, size_t n, void *ud)
{
  counter *c = ud;
  if (p == NULL)
    return c_malloc(n, ud);
  c->calls++;
  return c->fail ? NULL : realloc(p, n);
}

static void c_free(void *p, void *ud)
{
  if (p != NULL)
    ((counter *)ud)->live--;
  free(p);
}

static const uint32_t sysdescr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};

/* A real message from the library's encoder: a v2c Response carrying an
 * OCTET STRING of |text_len| bytes (v1 GET with a NULL value when 0). */
static size_t make_msg(uint8_t *buf, size_t cap, size_t text_len)
{
  static uint8_t text[70000];
  memset(text, 'x', sizeof(text));
  assert_true(text_len <= sizeof(text));
  snmpx_varbind vb = {SNMPX_OIDV(sysdescr), snmpx_value_null()};
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = SNMPX_VERSION_1;
  m.community = (const uint8_t *)"public";
  m.community_len = 6;
  m.pdu.type = SNMPX_PDU_GET;
  m.pdu.request_id = 4711;
  if (text_len > 0) {
    m.version = SNMPX_VERSION_2C;
    m.pdu.type = SNMPX_PDU_RESPONSE;
    vb.value = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, text, text_len);
  }
  m.pdu.varbinds = &vb;
  m.pdu.n_varbinds = 1;
  size_t len = 0;
  assert_int_equal(snmpx_msg_encode(&m, buf, cap, &len), 0);
  return len;
}

/* Feed stream[0..len) in chunks whose sizes come from |cut| (cut[i] is the
 * end of chunk i, ascending, the last one |len|); collect the messages out
 * back to back in |out|.  Returns the number of messages, or the error. */
static int run(snmpx__stream_frame *f, const uint8_t *stream, size_t len,
               const size_t *cut, size_t ncut, uint8_t *out, size_t *out_len)
{
  size_t start = 0;
  int n = 0;
  *out_len = 0;
  for (size_t c = 0; c < ncut; c++) {
    const uint8_t *p = stream + start;
    size_t left = cut[c] - start;
    while (left > 0) {
      size_t used = 0, mlen = 0;
      const uint8_t *m = NULL;
      int rv = snmpx__stream_frame_feed(f, p, left, &used, &m, &mlen);
      if (rv < 0)
        return rv;
      assert_true(used <= left);
      if (rv == 1) {
        memcpy(out + *out_len, m, mlen);
        *out_len += mlen;
        n++;
      } else {
        assert_int_equal(used, left);
      }
      p += used;
      left -= used;
    }
    start = cut[c];
  }
  return n;
}

static uint8_t stream[3 * 2000];
static uint8_t out[sizeof(stream)];

/* Three real messages (length octets: short form, 0x81 xx, 0x82 xx xx). */
static size_t three_messages(size_t lens[3])
{
  lens[0] = make_msg(stream, sizeof(stream), 0);
  lens[1] = make_msg(stream + lens[0], sizeof(stream) - lens[0], 150);
  lens[2] = make_msg(stream + lens[0] + lens[1],
                     sizeof(stream) - lens[0] - lens[1], 1000);
  assert_true(stream[1] < 0x80);
  assert_int_equal(stream[lens[0] + 1], 0x81);
  assert_int_equal(stream[lens[0] + lens[1] + 1], 0x82);
  return lens[0] + lens[1] + lens[2];
}

/* Cuts for chunks of |k| octets over |len|; returns their number. */
static size_t even_cuts(size_t len, size_t k, size_t *cut)
{
  size_t n = 0;
  for (size_t e = k; e < len; e += k)
    cut[n++] = e;
  cut[n++] = len;
  return n;
}

static void test_stream_frame_every_split(void **state)
{
  (void)state;
  size_t lens[3];
  size_t len = three_messages(lens);
  snmpx__stream_frame f;
  assert_int_equal(snmpx__stream_frame_init(&f, NULL, 0), 0);
  size_t out_len;
  /* Two cuts anywhere in the first two messages and the start of the
   * third, one cut anywhere in the whole stream. */
  size_t lim = lens[0] + lens[1] + 8;
  for (size_t i = 0; i <= lim; i++) {
    for (size_t j = i; j <= lim; j++) {
      size_t cut[3] = {i, j, len};
      assert_int_equal(run(&f, stream, len, cut, 3, out, &out_len), 3);
      assert_int_equal(out_len, len);
      assert_memory_equal(out, stream, len);
    }
  }
  for (size_t i = 0; i <= len; i++) {
    size_t cut[2] = {i, len};
    assert_int_equal(run(&f, stream, len, cut, 2, out, &out_len), 3);
    assert_memory_equal(out, stream, len);
  }
  snmpx__stream_frame_clear(&f);
}

static void test_stream_frame_chunk_sizes(void **state)
{
  (void)state;
  size_t lens[3];
  size_t len = three_messages(lens);
  snmpx__stream_frame f;
  assert_int_equal(snmpx__stream_frame_init(&f, NULL, 0), 0);
  static size_t cut[sizeof(stream)];
  for (size_t k = 1; k <= len; k++) { /* k = 1: one byte at a time */
    size_t n = even_cuts(len, k, cut);
    size_t out_len;
    assert_int_equal(run(&f, stream, len, cut, n, out, &out_len), 3);
    assert_int_equal(out_len, len);
    assert_memory_equal(out, stream, len);
  }
  snmpx__stream_frame_clear(&f);
}

/* Whole messages in one read come out in place, one per call. */
static void test_stream_frame_many_in_one_feed(void **state)
{
  (void)state;
  uint8_t one[128];
  size_t ml = make_msg(one, sizeof(one), 0);
  size_t n = sizeof(stream) / ml;
  for (size_t i = 0; i < n; i++)
    memcpy(stream + i * ml, one, ml);
  snmpx__stream_frame f;
  assert_int_equal(snmpx__stream_frame_init(&f, NULL, 0), 0);
  const uint8_t *p = stream;
  size_t left = n * ml;
  for (size_t i = 0; i < n; i++) {
    size_t used, mlen;
    const uint8_t *m;
    assert_int_equal(snmpx__stream_frame_feed(&f, p, left, &used, &m, &mlen),
                     1);
    assert_ptr_equal(m, p);
    assert_int_equal(mlen, ml);
    assert_int_equal(used, ml);
    p += used;
    left -= used;
  }
  assert_int_equal(left, 0);
  assert_null(f.buf); /* nothing was gathered */
  size_t used = 1, mlen;
  const uint8_t *m;
  assert_int_equal(snmpx__stream_frame_feed(&f, p, 0, &used, &m, &mlen), 0);
  assert_int_equal(used, 0);
  snmpx__stream_frame_clear(&f);
}

/* Feed |in| whole, then byte by byte; expect |want| (1: one message of
 * the whole input; else the error) both ways. */
static void expect(size_t max_msg, const uint8_t *in, size_t len, int want)
{
  snmpx__stream_frame f;
  assert_int_equal(snmpx__stream_frame_init(&f, NULL, max_msg), 0);
  size_t used, mlen;
  const uint8_t *m;
  int rv = snmpx__stream_frame_feed(&f, in, len, &used, &m, &mlen);
  assert_int_equal(rv, want);
  if (want == 1) {
    assert_int_equal(used, len);
    assert_int_equal(mlen, len);
  }
  snmpx__stream_frame_reset(&f);
  rv = 0;
  for (size_t i = 0; i < len && rv == 0; i++) {
    rv = snmpx__stream_frame_feed(&f, in + i, 1, &used, &m, &mlen);
    assert_int_equal(used, rv == 0 || rv == 1 ? 1 : used);
    if (rv == 1) {
      assert_int_equal(i + 1, len);
      assert_int_equal(mlen, len);
      assert_memory_equal(m, in, len);
    }
  }
  assert_int_equal(rv, want);
  snmpx__stream_frame_clear(&f);
}

/* A SEQUENCE of |total| octets with |k| long-form length octets (k = 0:
 * short form), content filled with zeros. */
static uint8_t *seq(size_t total, size_t k)
{
  uint8_t *b = calloc(1, total);
  assert_non_null(b);
  size_t clen = total - 2 - k;
  b[0] = 0x30;
  if (k == 0) {
    b[1] = (uint8_t)clen;
  } else {
    b[1] = (uint8_t)(0x80 | k);
    for (size_t i = 0; i < k; i++)
      b[2 + i] = (uint8_t)(clen >> (8 * (k - 1 - i)));
  }
  return b;
}

static void test_stream_frame_length_forms(void **state)
{
  (void)state;
  /* k length octets after 0x8k, minimal and not (leading zeros). */
  static const size_t totals[] = {2, 129, 200, 300, 65507, 70000};
  for (size_t t = 0; t < sizeof(totals) / sizeof(totals[0]); t++) {
    for (size_t k = 0; k <= 4; k++) {
      size_t clen = totals[t] >= 2 + k ? totals[t] - 2 - k : 0;
      if (totals[t] < 2 + k || (k == 0 && clen > 127) ||
          (k > 0 && k < 4 && (clen >> (8 * k)) != 0))
        continue;
      uint8_t *b = seq(totals[t], k);
      expect(100000, b, totals[t], 1);
      free(b);
    }
  }
  /* A real 0x83 message beyond the UDP maximum, under a larger limit. */
  static uint8_t big[70100];
  size_t len = make_msg(big, sizeof(big), 69000);
  assert_int_equal(big[1], 0x83);
  expect(len, big, len, 1);
  expect(0, big, len, SNMPX_EMSG_TOOBIG);
}

static void test_stream_frame_limit(void **state)
{
  (void)state;
  static const size_t limits[] = {2, 100, 130, 1000, 65507};
  for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
    size_t lim = limits[i];
    size_t k = lim - 2 < 128 ? 0 : lim - 3 < 256 ? 1 : lim - 4 < 65536 ? 2 : 3;
    uint8_t *b = seq(lim, k);
    expect(lim, b, lim, 1);
    if (lim == SNMPX_MAX_DATAGRAM)
      expect(0, b, lim, 1); /* the default is the engine's maximum */
    free(b);
    b = seq(lim + 1, k);
    expect(lim, b, lim + 1, SNMPX_EMSG_TOOBIG);
    if (lim == SNMPX_MAX_DATAGRAM)
      expect(0, b, lim + 1, SNMPX_EMSG_TOOBIG);
    free(b);
  }
  /* The largest 4-octet length is refused, not wrapped. */
  static const uint8_t huge[] = {0x30, 0x84, 0xff, 0xff, 0xff, 0xff};
  expect(0, huge, sizeof(huge), SNMPX_EMSG_TOOBIG);
  expect(SIZE_MAX, huge, sizeof(huge), 0);
  /* The announced length alone does not size the buffer: it grows with
   * the octets that arrive. */
  counter c = {0};
  snmpx_mem mem = {&c, c_malloc, c_realloc, c_free};
  snmpx__stream_frame f;
  assert_int_equal(snmpx__stream_frame_init(&f, &mem, SIZE_MAX), 0);
  size_t used, mlen;
  const uint8_t *m;
  assert_int_equal(
      snmpx__stream_frame_feed(&f, huge, sizeof(huge), &used, &m, &mlen), 0);
  assert_int_equal(snmpx__stream_frame_feed(&f, huge, 1, &used, &m, &mlen), 0);
  assert_true(f.cap <= 256);
  snmpx__stream_frame_clear(&f);
  assert_int_equal(c.live, 0);
}

static void test_stream_frame_refusals(void **state)
{
  (void)state;
  static const uint8_t not_seq[] = {0x02, 0x01, 0x00};
  static const uint8_t indefinite[] = {0x30, 0x80, 0x02, 0x01, 0x00, 0, 0};
  static const uint8_t five_octets[] = {0x30, 0x85, 0,    0,    0,
                                        0,    5,    0x02, 0x01, 0x00};
  static const uint8_t high_tag[] = {0x3f, 0x00};
  static const uint8_t getreq[] = {0xa0, 0x00};
  expect(0, not_seq, sizeof(not_seq), SNMPX_EBER_TAG);
  expect(0, high_tag, sizeof(high_tag), SNMPX_EBER_TAG);
  expect(0, getreq, sizeof(getreq), SNMPX_EBER_TAG);
  expect(0, indefinite, sizeof(indefinite), SNMPX_EBER_INDEFINITE);
  expect(0, five_octets, sizeof(five_octets), SNMPX_EBER_LENGTH);

  /* A good message, then garbage: the message comes out, then the error,
   * whether the bad octet is in the same read or the next. */
  uint8_t buf[200];
  size_t ml = make_msg(buf, sizeof(buf), 0);
  buf[ml] = 0x31;
  snmpx__stream_frame f;
  assert_int_equal(snmpx__stream_frame_init(&f, NULL, 0), 0);
  size_t used, mlen;
  const uint8_t *m;
  assert_int_equal(snmpx__stream_frame_feed(&f, buf, ml + 1, &used, &m, &mlen),
                   1);
  assert_int_equal(used, ml);
  assert_int_equal(snmpx__stream_frame_feed(&f, buf + ml, 1, &used, &m, &mlen),
                   SNMPX_EBER_TAG);
  /* Sticky: even a good message is refused until reset. */
  assert_int_equal(snmpx__stream_frame_feed(&f, buf, ml, &used, &m, &mlen),
                   SNMPX_EBER_TAG);
  assert_int_equal(used, 0);
  snmpx__stream_frame_reset(&f);
  assert_int_equal(snmpx__stream_frame_feed(&f, buf, ml, &used, &m, &mlen), 1);
  assert_int_equal(mlen, ml);
  /* Reset in the middle of a message forgets it. */
  assert_int_equal(snmpx__stream_frame_feed(&f, buf, 5, &used, &m, &mlen), 0);
  snmpx__stream_frame_reset(&f);
  assert_int_equal(snmpx__stream_frame_feed(&f, buf, ml, &used, &m, &mlen), 1);
  assert_int_equal(mlen, ml);
  snmpx__stream_frame_clear(&f);
  snmpx__stream_frame_clear(NULL);
  snmpx__stream_frame_reset(NULL);
}

static void test_stream_frame_bad_arguments(void **state)
{
  (void)state;
  snmpx__stream_frame f;
  size_t used, mlen;
  const uint8_t *m;
  assert_int_equal(snmpx__stream_frame_init(NULL, NULL, 0), SNMPX_EINVAL);
  assert_int_equal(snmpx__stream_frame_init(&f, NULL, 1), SNMPX_EINVAL);
  assert_int_equal(snmpx__stream_frame_init(&f, NULL, 0), 0);
  assert_int_equal(
      snmpx__stream_frame_feed(NULL, (const uint8_t *)"0", 1, &used, &m, &mlen),
      SNMPX_EINVAL);
  assert_int_equal(snmpx__stream_frame_feed(&f, NULL, 1, &used, &m, &mlen),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx__stream_frame_feed(&f, NULL, 0, &used, &m, &mlen), 0);
  assert_int_equal(
      snmpx__stream_frame_feed(&f, (const uint8_t *)"0", 1, NULL, &m, &mlen),
      SNMPX_EINVAL);
  snmpx__stream_frame_clear(&f);
}

/* After the largest split message, framing allocates nothing more; clear
 * frees everything.  A failed allocation is a sticky SNMPX_ENOMEM. */
static void test_stream_frame_no_alloc_steady_state(void **state)
{
  (void)state;
  size_t lens[3];
  size_t len = three_messages(lens);
  counter c = {0};
  snmpx_mem mem = {&c, c_malloc, c_realloc, c_free};
  snmpx__stream_frame f;
  assert_int_equal(snmpx__stream_frame_init(&f, &mem, 0), 0);
  assert_int_equal(c.calls, 0);
  size_t out_len;
  size_t one[2] = {len};
  assert_int_equal(run(&f, stream, len, one, 1, out, &out_len), 3);
  assert_int_equal(c.calls, 0); /* whole messages: no buffer */
  size_t cut[3] = {1, lens[0] + lens[1] + 1, len};
  assert_int_equal(run(&f, stream, len, cut, 3, out, &out_len), 3);
  size_t warm = c.calls;
  assert_true(warm > 0);
  for (size_t k = 1; k <= 64; k++) {
    size_t cuts[sizeof(stream)];
    size_t n = even_cuts(len, k, cuts);
    assert_int_equal(run(&f, stream, len, cuts, n, out, &out_len), 3);
    assert_memory_equal(out, stream, len);
  }
  assert_int_equal(c.calls, warm);
  assert_true(f.cap <= lens[2]);
  snmpx__stream_frame_reset(&f);
  assert_int_equal(run(&f, stream, len, cut, 3, out, &out_len), 3);
  assert_int_equal(c.calls, warm);
  snmpx__stream_frame_clear(&f);
  assert_int_equal(c.live, 0);

  c.fail = true;
  assert_int_equal(snmpx__stream_frame_init(&f, &mem, 0), 0);
  assert_int_equal(run(&f, stream, len, cut, 3, out, &out_len), SNMPX_ENOMEM);
  c.fail = false;
  assert_int_equal(run(&f, stream, len, cut, 3, out, &out_len), SNMPX_ENOMEM);
  snmpx__stream_frame_reset(&f);
  assert_int_equal(run(&f, stream, len, cut, 3, out, &out_len), 3);
  snmpx__stream_frame_clear(&f);
  assert_int_equal(c.live, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_stream_frame_every_split),
      cmocka_unit_test(test_stream_frame_chunk_sizes),
      cmocka_unit_test(test_stream_frame_many_in_one_feed),
      cmocka_unit_test(test_stream_frame_length_forms),
      cmocka_unit_test(test_stream_frame_limit),
      cmocka_unit_test(test_stream_frame_refusals),
      cmocka_unit_test(test_stream_frame_bad_arguments),
      cmocka_unit_test(test_stream_frame_no_alloc_steady_state),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
