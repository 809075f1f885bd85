/* libFuzzer target: the stream framer (src/transport/stream_frame.c).
 * Input: octet 0 picks the message size limit, octets 1-2 seed the chunk
 * sizes, the rest is the stream, fed in chunks as reads would return it.
 * Invariants, abort() on any failure:
 *  - the messages out, concatenated, are exactly the stream's prefix up to
 *    the last message boundary, and each is one whole BER SEQUENCE (read
 *    back with snmpx's BER reader) within the limit;
 *  - a message handed out in place lies inside the chunk just fed;
 *  - the framer stops with an error exactly when the octets after the last
 *    boundary begin a refused header (checked by a separate reading of the
 *    header below), with the code for that refusal, and the error sticks;
 *  - otherwise the octets after the last boundary are an incomplete
 *    message;
 *  - feeding the stream in one piece gives the same messages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "transport/stream_frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_stream_frame: %s\n", what);
    abort();
  }
}

/* The verdict on the octets at a message boundary, read independently of
 * the framer: 0 incomplete (more octets could make a message), 1 a whole
 * message of *total octets is there, else the refusal's code. */
static int oracle(const uint8_t *p, size_t n, size_t limit, size_t *total)
{
  if (n == 0)
    return 0;
  if (p[0] != 0x30)
    return SNMPX_EBER_TAG;
  if (n == 1)
    return 0;
  size_t nlen = 0; /* octets after the first length octet */
  uint64_t content = p[1];
  if (p[1] & 0x80) {
    nlen = p[1] & 0x7f;
    if (nlen == 0)
      return SNMPX_EBER_INDEFINITE;
    if (nlen > 4)
      return SNMPX_EBER_LENGTH;
    if (n < 2 + nlen)
      return 0;
    content = 0;
    for (size_t i = 2; i < 2 + nlen; i++)
      content = content * 256 + p[i];
  }
  uint64_t whole = content + 2 + nlen;
  if (whole > limit)
    return SNMPX_EMSG_TOOBIG;
  *total = (size_t)whole;
  return n >= whole ? 1 : 0;
}

/* xorshift32: chunk sizes from the seed octets. */
static uint32_t next(uint32_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 17;
  *s ^= *s << 5;
  return *s;
}

/* Frame stream[0..len) in chunks (one piece when |seed| is 0).  Checks the
 * per-message invariants; returns the final result (0 or an error) and sets
 * *boundary (octets in whole messages) and *count. */
static int frame(snmpx__stream_frame *f, const uint8_t *stream, size_t len,
                 uint32_t seed, size_t maxchunk, size_t *boundary,
                 size_t *count)
{
  size_t start = 0;
  *boundary = 0;
  *count = 0;
  while (start < len) {
    size_t chunk = seed == 0 ? len - start : 1 + next(&seed) % maxchunk;
    if (chunk > len - start)
      chunk = len - start;
    const uint8_t *p = stream + start;
    size_t left = chunk;
    while (left > 0) {
      size_t used = SIZE_MAX, mlen = 0;
      const uint8_t *m = NULL;
      int rv = snmpx__stream_frame_feed(f, p, left, &used, &m, &mlen);
      check(used <= left, "used past the chunk");
      if (rv < 0)
        return rv;
      check(rv == 0 || rv == 1, "feed result");
      if (rv == 0) {
        check(used == left, "0 without taking the whole chunk");
      } else {
        check(m == f->buf || (m >= p && m + mlen <= p + used),
              "message neither in place nor in the buffer");
        check(mlen <= f->max_msg, "message over the limit");
        check(*boundary + mlen <= len &&
                  memcmp(m, stream + *boundary, mlen) == 0,
              "messages are not the stream");
        snmpx_ber_reader r;
        uint8_t tag;
        snmpx_ber_view c;
        snmpx_ber_reader_init(&r, m, mlen);
        check(snmpx_ber_read_tlv(&r, &tag, &c) == 0 && tag == 0x30 &&
                  snmpx_ber_reader_done(&r),
              "message is not one BER SEQUENCE");
        *boundary += mlen;
        (*count)++;
      }
      p += used;
      left -= used;
    }
    start += chunk;
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size < 3)
    return 0;
  /* Limits: the default (the engine's maximum), or a small one so that
   * the fuzzer reaches SNMPX_EMSG_TOOBIG with short inputs. */
  size_t limit = data[0] >= 0x80 ? 0 : 2 + (size_t)data[0] * 3;
  uint32_t seed = ((uint32_t)data[1] << 8 | data[2]) | 0x10000u;
  static const size_t maxchunks[] = {1, 3, 16, 300};
  size_t maxchunk = maxchunks[data[1] & 3];
  const uint8_t *stream = data + 3;
  size_t len = size - 3;

  snmpx__stream_frame f;
  check(snmpx__stream_frame_init(&f, NULL, limit) == 0, "init");
  size_t eff = f.max_msg;
  size_t boundary, count;
  int rv = frame(&f, stream, len, seed, maxchunk, &boundary, &count);

  size_t total = 0;
  int want = oracle(stream + boundary, len - boundary, eff, &total);
  check(want != 1, "a whole message was left in the stream");
  check(rv == want, "framer and oracle disagree");
  if (rv < 0) {
    size_t used = 1, mlen;
    const uint8_t *m;
    check(snmpx__stream_frame_feed(&f, stream, len, &used, &m, &mlen) == rv &&
              used == 0,
          "error did not stick");
  }
  check(f.cap <= (eff > 6 ? eff : 6), "buffer grew past the limit");

  /* The same stream in one piece, after a reset. */
  snmpx__stream_frame_reset(&f);
  size_t boundary1, count1;
  int rv1 = frame(&f, stream, len, 0, 0, &boundary1, &count1);
  check(rv1 == rv && boundary1 == boundary && count1 == count,
        "one piece and chunks differ");
  snmpx__stream_frame_clear(&f);
  return 0;
}
