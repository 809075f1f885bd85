/* BER encoding (X.690 8.1-8.3, 8.19 as profiled by RFC 3417).  The writer
 * fills its buffer from the end, so each header is written after its
 * content and every length is known when it is needed.  No allocation;
 * the first error sticks in w->err and later writes are ignored. */
#include <string.h>

#include "internal.h"

void snmpx_ber_writer_init(snmpx_ber_writer *w, uint8_t *buf, size_t cap)
{
  w->buf = buf;
  w->cap = buf == NULL ? 0 : cap;
  w->used = 0;
  w->err = 0;
}

void snmpx__ber_set_err(snmpx_ber_writer *w, int err)
{
  if (w->err == 0)
    w->err = err;
}

void snmpx_ber_write_raw(snmpx_ber_writer *w, const void *p, size_t len)
{
  if (w->err != 0 || len == 0)
    return;
  if (len > w->cap - w->used) {
    w->err = SNMPX_ENOSPACE;
    return;
  }
  w->used += len;
  memcpy(w->buf + (w->cap - w->used), p, len);
}

/* One octet, as snmpx_ber_write_raw writes it but without a memcpy call:
 * every tag and short length goes through here. */
static void write_byte(snmpx_ber_writer *w, uint8_t b)
{
  if (w->err != 0)
    return;
  if (w->used == w->cap) {
    w->err = SNMPX_ENOSPACE;
    return;
  }
  w->used++;
  w->buf[w->cap - w->used] = b;
}

/* X.690 8.1.3: short form below 128, else the fewest length octets
 * (10.1 of the DER profile, which SNMP senders follow). */
void snmpx__ber_write_length(snmpx_ber_writer *w, size_t len)
{
  uint8_t b[9];
  size_t n = 0;
  if (len < 0x80) {
    write_byte(w, (uint8_t)len);
    return;
  }
  if (len > UINT32_MAX) {
    snmpx__ber_set_err(w, SNMPX_EBER_LENGTH); /* a reader takes 4 octets */
    return;
  }
  while (len > 0) {
    b[sizeof(b) - 1 - n++] = (uint8_t)(len & 0xff);
    len >>= 8;
  }
  b[sizeof(b) - 1 - n] = (uint8_t)(0x80 | n);
  snmpx_ber_write_raw(w, b + sizeof(b) - 1 - n, n + 1);
}

void snmpx_ber_write_header(snmpx_ber_writer *w, uint8_t tag,
                            size_t content_len)
{
  snmpx__ber_write_length(w, content_len);
  write_byte(w, tag);
}

/* Minimal two's complement content (X.690 8.3.2: the first nine bits are
 * never all zeros or all ones). */
static void write_int_content(snmpx_ber_writer *w, int64_t v)
{
  uint8_t b[8];
  uint64_t u = (uint64_t)v;
  for (int i = 7; i >= 0; i--) {
    b[i] = (uint8_t)(u & 0xff);
    u >>= 8;
  }
  size_t i = 0;
  while (i < 7 && ((b[i] == 0x00 && !(b[i + 1] & 0x80)) ||
                   (b[i] == 0xff && (b[i + 1] & 0x80))))
    i++;
  snmpx_ber_write_raw(w, b + i, 8 - i);
}

/* Minimal unsigned content: a leading 0x00 when the top bit is set, so the
 * value never reads back as negative (RFC 2578 7.1.6 and 7.1.10). */
static void write_uint_content(snmpx_ber_writer *w, uint64_t v)
{
  uint8_t b[9];
  b[0] = 0;
  for (int i = 8; i >= 1; i--) {
    b[i] = (uint8_t)(v & 0xff);
    v >>= 8;
  }
  size_t i = 0;
  while (i < 8 && b[i] == 0x00 && !(b[i + 1] & 0x80))
    i++;
  snmpx_ber_write_raw(w, b + i, 9 - i);
}

void snmpx_ber_write_int(snmpx_ber_writer *w, uint8_t tag, int64_t v)
{
  size_t mark = w->used;
  write_int_content(w, v);
  snmpx_ber_write_header(w, tag, w->used - mark);
}

void snmpx_ber_write_uint(snmpx_ber_writer *w, uint8_t tag, uint64_t v)
{
  size_t mark = w->used;
  write_uint_content(w, v);
  snmpx_ber_write_header(w, tag, w->used - mark);
}

void snmpx_ber_write_bytes(snmpx_ber_writer *w, uint8_t tag, const void *p,
                           size_t len)
{
  if (p == NULL && len > 0) {
    snmpx__ber_set_err(w, SNMPX_EINVAL);
    return;
  }
  snmpx_ber_write_raw(w, p, len);
  snmpx_ber_write_header(w, tag, len);
}

/* One sub-identifier in base 128, bit 8 set on all but the last octet
 * (X.690 8.19.2). */
static void write_subid(snmpx_ber_writer *w, uint64_t v)
{
  uint8_t b[10];
  size_t n = 0;
  do {
    b[sizeof(b) - 1 - n] = (uint8_t)((v & 0x7f) | (n ? 0x80 : 0));
    n++;
    v >>= 7;
  } while (v > 0);
  snmpx_ber_write_raw(w, b + sizeof(b) - n, n);
}

void snmpx_ber_write_oid(snmpx_ber_writer *w, snmpx_oidv o)
{
  if (o.len == 0 || o.arcs == NULL) {
    snmpx__ber_set_err(w, SNMPX_EOID_SYNTAX);
    return;
  }
  if (o.len > SNMPX_OID_MAX_LEN) {
    snmpx__ber_set_err(w, SNMPX_EOID_TOOLONG); /* RFC 2578 3.5 */
    return;
  }
  /* X.690 8.19.4: first arc 0..2; the second below 40 unless first is 2.
   * A one-arc OID {n} goes out as {n, 0}, as Net-SNMP sends it. */
  uint32_t second = o.len > 1 ? o.arcs[1] : 0;
  if (o.arcs[0] > 2 || (o.arcs[0] < 2 && second > 39)) {
    snmpx__ber_set_err(w, SNMPX_EOID_ARC_RANGE);
    return;
  }
  size_t mark = w->used;
  for (size_t i = o.len; i > 2; i--)
    write_subid(w, o.arcs[i - 1]);
  write_subid(w, (uint64_t)o.arcs[0] * 40 + second);
  snmpx_ber_write_header(w, SNMPX_TYPE_OID, w->used - mark);
}

/* Net-SNMP's Opaque special types: 44 L 9f <t> L' <content>. */
static void write_opaque_special(snmpx_ber_writer *w, const snmpx_value *v)
{
  size_t mark = w->used;
  uint8_t b[8];
  uint64_t bits;
  uint32_t b32;
  size_t n;
  switch (v->type) {
  case SNMPX_TYPE_OPAQUE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_UINT64:
    write_uint_content(w, v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE_INT64:
    write_int_content(w, v->v.i);
    break;
  default: /* float and double: IEEE 754, big-endian */
    if (v->type == SNMPX_TYPE_OPAQUE_FLOAT) {
      memcpy(&b32, &v->v.f, sizeof(b32));
      bits = b32;
      n = 4;
    } else {
      memcpy(&bits, &v->v.d, sizeof(bits));
      n = 8;
    }
    for (size_t i = n; i > 0; i--) {
      b[i - 1] = (uint8_t)(bits & 0xff);
      bits >>= 8;
    }
    snmpx_ber_write_raw(w, b, n);
    break;
  }
  snmpx__ber_write_length(w, w->used - mark);
  write_byte(w, (uint8_t)(v->type & 0xff));
  write_byte(w, 0x9f);
  snmpx_ber_write_header(w, SNMPX_TYPE_OPAQUE, w->used - mark);
}

void snmpx_ber_write_value(snmpx_ber_writer *w, const snmpx_value *v)
{
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    snmpx_ber_write_int(w, SNMPX_TYPE_INTEGER, v->v.i);
    return;
  case SNMPX_TYPE_IPADDRESS:
    if (v->v.bytes.len != 4) {
      snmpx__ber_set_err(w, SNMPX_EBER_LENGTH); /* RFC 2578 7.1.5 */
      return;
    }
    /* fall through */
  case SNMPX_TYPE_BIT_STRING:
    if (v->v.bytes.len == 0) {
      snmpx__ber_set_err(w, SNMPX_EBER_LENGTH); /* X.690 8.6.2 */
      return;
    }
    /* fall through */
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_OPAQUE:
  case SNMPX_TYPE_NSAPADDRESS:
    snmpx_ber_write_bytes(w, (uint8_t)v->type, v->v.bytes.ptr,
                          v->v.bytes.len);
    return;
  case SNMPX_TYPE_NULL:
  case SNMPX_TYPE_NOSUCHOBJECT:
  case SNMPX_TYPE_NOSUCHINSTANCE:
  case SNMPX_TYPE_ENDOFMIBVIEW:
    snmpx_ber_write_header(w, (uint8_t)v->type, 0);
    return;
  case SNMPX_TYPE_OID:
    snmpx_ber_write_oid(w, v->v.oid);
    return;
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_UINTEGER32:
    if (v->v.u > UINT32_MAX) {
      snmpx__ber_set_err(w, SNMPX_EBER_RANGE);
      return;
    }
    /* fall through */
  case SNMPX_TYPE_COUNTER64:
    snmpx_ber_write_uint(w, (uint8_t)v->type, v->v.u);
    return;
  case SNMPX_TYPE_OPAQUE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_UINT64:
  case SNMPX_TYPE_OPAQUE_INT64:
  case SNMPX_TYPE_OPAQUE_FLOAT:
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    write_opaque_special(w, v);
    return;
  default:
    snmpx__ber_set_err(w, SNMPX_EMSG_VALUE_TYPE);
    return;
  }
}
