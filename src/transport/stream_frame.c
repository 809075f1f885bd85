/* Message framing on a byte stream.  RFC 3430 2.1: SNMP over TCP sends each
 * message as its BER encoding, one after another, without any extra
 * framing; a receiver finds where a message ends from the SEQUENCE's
 * length.  The same holds for UNIX stream sockets and TLS (RFC 6353 5.1).
 * A message that lies whole in the bytes of one read is handed out in
 * place; only a message split over reads is gathered in the buffer, which
 * grows (doubling) with the octets that arrive, to the largest such message
 * and never past the limit, so the steady state allocates nothing. */
#include "transport/stream_frame.h"

#include "internal.h"

/* Tag, then a length of at most 1 + 4 octets. */
#define HDR_MAX 6
/* The first buffer; most SNMP messages fit, so it rarely grows. */
#define BUF_FIRST 256

int snmpx__stream_frame_init(snmpx__stream_frame *f, const snmpx_mem *mem,
                             size_t max_msg)
{
  if (f == NULL || max_msg == 1)
    return SNMPX_EINVAL;
  memset(f, 0, sizeof(*f));
  f->mem = mem;
  f->max_msg = max_msg == 0 ? SNMPX_MAX_DATAGRAM : max_msg;
  return 0;
}

/* The total length of the message whose first |n| octets are p[0..n):
 * 1 with *total set once the header is whole, 0 while octets are missing,
 * or the refusal as soon as the octets that show it are in. */
static int parse_header(const uint8_t *p, size_t n, size_t max_msg,
                        size_t *total)
{
  if (n < 1)
    return 0;
  if (p[0] != 0x30) /* RFC 3417 8 / RFC 3412 6: a message is a SEQUENCE */
    return SNMPX_EBER_TAG;
  if (n < 2)
    return 0;
  uint64_t t;
  if (p[1] < 0x80) {
    t = 2u + p[1];
  } else {
    if (p[1] == 0x80)
      return SNMPX_EBER_INDEFINITE; /* X.690 8.1.3.6 */
    size_t k = p[1] & 0x7f;
    if (k > 4) /* as the BER decoder: more cannot describe a message */
      return SNMPX_EBER_LENGTH;
    if (n < 2 + k)
      return 0;
    /* X.690 8.1.3.5: leading zero octets are allowed (non-minimal), as
     * snmpx's decoder and Net-SNMP's asn_parse_length allow them. */
    uint64_t v = 0;
    for (size_t i = 0; i < k; i++)
      v = (v << 8) | p[2 + i];
    t = 2u + k + v;
  }
  if (t > max_msg)
    return SNMPX_EMSG_TOOBIG;
  *total = (size_t)t;
  return 1;
}

/* Room for |want| octets in the buffer, which never grows past the limit
 * (or a header's worth, for a limit smaller than that). */
static int grow(snmpx__stream_frame *f, size_t want)
{
  if (want <= f->cap)
    return 0;
  size_t bound = f->max_msg > HDR_MAX ? f->max_msg : HDR_MAX;
  size_t c = f->cap == 0             ? BUF_FIRST
             : f->cap > SIZE_MAX / 2 ? SIZE_MAX
                                     : f->cap * 2;
  if (c < want)
    c = want;
  if (c > bound)
    c = bound;
  uint8_t *b = snmpx__realloc(f->mem, f->buf, c);
  if (b == NULL)
    return SNMPX_ENOMEM;
  f->buf = b;
  f->cap = c;
  return 0;
}

/* The stream has lost its framing: remember why, for every later call. */
static int fail(snmpx__stream_frame *f, int rv)
{
  f->err = rv;
  f->have = 0;
  f->need = 0;
  return rv;
}

int snmpx__stream_frame_feed(snmpx__stream_frame *f, const uint8_t *data,
                             size_t len, size_t *used, const uint8_t **msg,
                             size_t *msg_len)
{
  if (f == NULL || used == NULL || msg == NULL || msg_len == NULL ||
      (data == NULL && len > 0))
    return SNMPX_EINVAL;
  *used = 0;
  if (f->err != 0)
    return f->err;
  int rv;
  size_t total;
  if (f->have == 0) {
    /* A message starts here: if it lies whole in |data|, no copy. */
    rv = parse_header(data, len, f->max_msg, &total);
    if (rv < 0)
      return fail(f, rv);
    if (rv == 1 && total <= len) {
      *msg = data;
      *msg_len = total;
      *used = total;
      return 1;
    }
  }
  size_t pos = 0;
  while (pos < len) {
    if (f->need == 0) {
      /* The header octet by octet (6 at most), so no octet past the end
       * of the message is ever taken. */
      if ((rv = grow(f, f->have + 1)) < 0)
        return fail(f, rv);
      f->buf[f->have++] = data[pos++];
      rv = parse_header(f->buf, f->have, f->max_msg, &total);
      if (rv < 0) {
        *used = pos;
        return fail(f, rv);
      }
      if (rv == 1)
        f->need = total;
    } else {
      size_t n = f->need - f->have;
      if (n > len - pos)
        n = len - pos;
      /* Grow with the octets that arrived, not with the length a peer
       * announced, so a header alone cannot claim the whole limit. */
      if ((rv = grow(f, f->have + n)) < 0) {
        *used = pos;
        return fail(f, rv);
      }
      memcpy(f->buf + f->have, data + pos, n);
      f->have += n;
      pos += n;
    }
    if (f->need != 0 && f->have == f->need) {
      *msg = f->buf;
      *msg_len = f->need;
      *used = pos;
      f->have = 0;
      f->need = 0;
      return 1;
    }
  }
  *used = pos;
  return 0;
}

void snmpx__stream_frame_reset(snmpx__stream_frame *f)
{
  if (f == NULL)
    return;
  f->have = 0;
  f->need = 0;
  f->err = 0;
}

void snmpx__stream_frame_clear(snmpx__stream_frame *f)
{
  if (f == NULL)
    return;
  snmpx__free(f->mem, f->buf);
  memset(f, 0, sizeof(*f));
}
