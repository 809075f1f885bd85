/* BER decoding (X.690 8.1-8.3, 8.19 as profiled by RFC 3417).  Zero-copy:
 * every result is a view into the reader's buffer.  Every read is checked
 * against (p, len) before the byte is touched. */
#include <string.h>

#include "internal.h"

void snmpx_ber_reader_init(snmpx_ber_reader *r, const uint8_t *p, size_t len)
{
  r->p = p;
  r->len = p == NULL ? 0 : len;
  r->pos = 0;
  r->depth = 0;
}

/* X.690 8.1.3: definite lengths only.  The long form is accepted even when
 * the short form would do (8.1.3.2 lets senders choose; real agents use
 * 0x81 0x05).  Lengths of more than 4 octets cannot describe a datagram. */
static int read_length(const uint8_t *p, size_t avail, size_t *hdr,
                       size_t *len)
{
  if (avail < 1)
    return SNMPX_EBER_TRUNCATED;
  if (p[0] < 0x80) {
    *hdr = 1;
    *len = p[0];
    return 0;
  }
  if (p[0] == 0x80)
    return SNMPX_EBER_INDEFINITE; /* X.690 8.1.3.6 */
  size_t n = p[0] & 0x7f;
  if (n > 4)
    return SNMPX_EBER_LENGTH;
  if (avail < 1 + n)
    return SNMPX_EBER_TRUNCATED;
  uint32_t v = 0;
  for (size_t i = 1; i <= n; i++)
    v = (v << 8) | p[i];
  *hdr = 1 + n;
  *len = v;
  return 0;
}

int snmpx_ber_read_tlv(snmpx_ber_reader *r, uint8_t *tag,
                       snmpx_ber_view *content)
{
  if (r->pos >= r->len)
    return SNMPX_EBER_TRUNCATED;
  const uint8_t *p = r->p + r->pos;
  size_t avail = r->len - r->pos;
  /* X.690 8.1.2.4: tag number 31 announces a multi-octet tag; SNMP has
   * none outside an Opaque's content, which is not read through here. */
  if ((p[0] & 0x1f) == 0x1f)
    return SNMPX_EBER_TAG;
  size_t hdr, len;
  int rv = read_length(p + 1, avail - 1, &hdr, &len);
  if (rv < 0)
    return rv;
  if (len > avail - 1 - hdr)
    return SNMPX_EBER_TRUNCATED;
  *tag = p[0];
  content->ptr = p + 1 + hdr;
  content->len = len;
  r->pos += 1 + hdr + len;
  return 0;
}

/* Read the next TLV and insist on |tag|; on any error |r| is unchanged. */
static int read_expect(snmpx_ber_reader *r, uint8_t tag, snmpx_ber_view *c)
{
  size_t save = r->pos;
  uint8_t got;
  int rv = snmpx_ber_read_tlv(r, &got, c);
  if (rv == 0 && got != tag)
    rv = SNMPX_EBER_TAG;
  if (rv < 0)
    r->pos = save;
  return rv;
}

int snmpx_ber_enter(snmpx_ber_reader *r, uint8_t tag, snmpx_ber_reader *inner)
{
  if (r->depth >= SNMPX_BER_MAX_DEPTH)
    return SNMPX_EBER_DEPTH;
  snmpx_ber_view c;
  int rv = read_expect(r, tag, &c);
  if (rv < 0)
    return rv;
  snmpx_ber_reader_init(inner, c.ptr, c.len);
  inner->depth = r->depth + 1;
  return 0;
}

/* X.690 8.3: two's complement, big-endian.  Non-minimal content (02 02 00
 * 7f) is accepted, as Net-SNMP does; more than 8 octets is not (Net-SNMP's
 * asn_parse_int on LP64 refuses length > sizeof(long)). */
int snmpx__ber_parse_int(snmpx_ber_view c, int64_t *out)
{
  if (c.len == 0)
    return SNMPX_EBER_LENGTH;
  if (c.len > 8)
    return SNMPX_EBER_RANGE;
  uint64_t v = (c.ptr[0] & 0x80) ? UINT64_MAX : 0;
  for (size_t i = 0; i < c.len; i++)
    v = (v << 8) | c.ptr[i];
  /* Convert without implementation-defined behaviour. */
  *out = v > (uint64_t)INT64_MAX ? -(int64_t)(~v) - 1 : (int64_t)v;
  return 0;
}

/* Unsigned content: up to 8 octets, or 9 when the first is 0x00 (the
 * sign octet of a value with the top bit set).  The octets are read as an
 * unsigned number whatever the first bit: a broken agent that omits the
 * 0x00 octet (41 01 80) means 128, and Net-SNMP 5.9.3's snmpget prints
 * "Counter32: 128" for it (tests/interop/test_unsigned_values.sh). */
int snmpx__ber_parse_uint(snmpx_ber_view c, uint64_t *out)
{
  if (c.len == 0)
    return SNMPX_EBER_LENGTH;
  if (c.len > 9 || (c.len == 9 && c.ptr[0] != 0x00))
    return SNMPX_EBER_RANGE;
  uint64_t v = 0;
  for (size_t i = 0; i < c.len; i++)
    v = (v << 8) | c.ptr[i];
  *out = v;
  return 0;
}

/* Counter64 and Opaque Counter64/UInt64 content.  Net-SNMP 5.9.3 reads an
 * empty one as 0 (snmpget prints "Counter64: 0" for 46 00), where it drops
 * an empty Counter32, Gauge32 or TimeTicks. */
static int parse_uint64(snmpx_ber_view c, uint64_t *out)
{
  if (c.len == 0) {
    *out = 0;
    return 0;
  }
  return snmpx__ber_parse_uint(c, out);
}

int snmpx_ber_read_int(snmpx_ber_reader *r, uint8_t tag, int64_t *out)
{
  size_t save = r->pos;
  snmpx_ber_view c;
  int rv = read_expect(r, tag, &c);
  if (rv == 0)
    rv = snmpx__ber_parse_int(c, out);
  if (rv < 0)
    r->pos = save;
  return rv;
}

int snmpx_ber_read_uint(snmpx_ber_reader *r, uint8_t tag, uint64_t *out)
{
  size_t save = r->pos;
  snmpx_ber_view c;
  int rv = read_expect(r, tag, &c);
  if (rv == 0)
    rv = snmpx__ber_parse_uint(c, out);
  if (rv < 0)
    r->pos = save;
  return rv;
}

/* One base-128 sub-identifier (X.690 8.19.2) starting at c.ptr[*pos], at
 * most |max|.  A leading 0x80 octet is not minimal (8.19.2 forbids it). */
static int read_subid(snmpx_ber_view c, size_t *pos, uint64_t max,
                      uint64_t *out)
{
  if (c.ptr[*pos] == 0x80)
    return SNMPX_EBER_OID;
  uint64_t v = 0;
  while (*pos < c.len) {
    uint8_t b = c.ptr[(*pos)++];
    v = (v << 7) | (b & 0x7f);
    if (v > max)
      return SNMPX_EBER_OID; /* v < 2^33 before the shift: no overflow */
    if ((b & 0x80) == 0) {
      *out = v;
      return 0;
    }
  }
  return SNMPX_EBER_OID; /* last octet still had bit 8 set */
}

int snmpx_ber_decode_oid(snmpx_ber_view c, uint32_t *arcs, size_t cap)
{
  if (c.len == 0)
    return SNMPX_EBER_OID;
  size_t limit = cap < SNMPX_OID_MAX_LEN ? cap : SNMPX_OID_MAX_LEN;
  size_t pos = 0, n = 0;
  uint64_t v;
  /* X.690 8.19.4: the first sub-identifier is 40*X+Y; X is 0, 1 or 2 and
   * Y may exceed 39 only under 2, so anything from 80 up is 2.(v-80). */
  int rv = read_subid(c, &pos, (uint64_t)UINT32_MAX + 80, &v);
  if (rv < 0)
    return rv;
  if (limit < 2)
    return SNMPX_EOID_TOOLONG;
  uint32_t x = v < 40 ? 0 : v < 80 ? 1 : 2;
  arcs[n++] = x;
  arcs[n++] = (uint32_t)(v - 40u * x);
  while (pos < c.len) {
    rv = read_subid(c, &pos, UINT32_MAX, &v);
    if (rv < 0)
      return rv;
    if (n >= limit)
      return SNMPX_EOID_TOOLONG;
    arcs[n++] = (uint32_t)v;
  }
  return (int)n;
}

/* Net-SNMP's OPAQUE_SPECIAL_TYPES: Opaque content that is itself one BER
 * value with the two-octet tag 9f 76..7b.  Only an exact, well-formed
 * match is taken; anything else stays a plain Opaque (tolerant, and the
 * raw bytes survive a round trip). */
static bool read_opaque_special(snmpx_ber_view c, snmpx_value *out)
{
  if (c.len < 3 || c.ptr[0] != 0x9f)
    return false;
  size_t hdr, len;
  if (read_length(c.ptr + 2, c.len - 2, &hdr, &len) < 0 ||
      len != c.len - 2 - hdr)
    return false;
  snmpx_ber_view in = {c.ptr + 2 + hdr, len};
  uint64_t bits = 0;
  switch (c.ptr[1]) {
  case 0x76: /* counter64 */
  case 0x7b: /* uint64 */
    if (parse_uint64(in, &out->v.u) < 0)
      return false;
    out->type = c.ptr[1] == 0x76 ? SNMPX_TYPE_OPAQUE_COUNTER64
                                 : SNMPX_TYPE_OPAQUE_UINT64;
    return true;
  case 0x7a: /* int64 */
    if (snmpx__ber_parse_int(in, &out->v.i) < 0)
      return false;
    out->type = SNMPX_TYPE_OPAQUE_INT64;
    return true;
  case 0x78: /* float: 4 octets, IEEE 754 single, big-endian */
  case 0x79: /* double: 8 octets, IEEE 754 double, big-endian */
    if (in.len != (c.ptr[1] == 0x78 ? 4u : 8u))
      return false;
    for (size_t i = 0; i < in.len; i++)
      bits = (bits << 8) | in.ptr[i];
    if (c.ptr[1] == 0x78) {
      uint32_t b32 = (uint32_t)bits;
      memcpy(&out->v.f, &b32, sizeof(b32));
      out->type = SNMPX_TYPE_OPAQUE_FLOAT;
    } else {
      memcpy(&out->v.d, &bits, sizeof(bits));
      out->type = SNMPX_TYPE_OPAQUE_DOUBLE;
    }
    return true;
  default:
    return false;
  }
}

/* The content of value |tag| into |out|; |arcs|/|cap| receive OID arcs. */
static int value_content(uint8_t tag, snmpx_ber_view c, snmpx_value *out,
                         uint32_t *arcs, size_t cap, size_t *arcs_used)
{
  int rv;
  memset(out, 0, sizeof(*out));
  out->type = (snmpx_type)tag;
  switch (tag) {
  case SNMPX_TYPE_INTEGER:
    return snmpx__ber_parse_int(c, &out->v.i);
  case SNMPX_TYPE_OCTET_STRING:
    out->v.bytes.ptr = c.ptr;
    out->v.bytes.len = c.len;
    return 0;
  case SNMPX_TYPE_NULL:
  case SNMPX_TYPE_NOSUCHOBJECT:
  case SNMPX_TYPE_NOSUCHINSTANCE:
  case SNMPX_TYPE_ENDOFMIBVIEW:
    return c.len == 0 ? 0 : SNMPX_EBER_LENGTH; /* X.690 8.8.2 */
  case SNMPX_TYPE_OID:
    rv = snmpx_ber_decode_oid(c, arcs, cap);
    if (rv < 0)
      return rv;
    out->v.oid.arcs = arcs;
    out->v.oid.len = (size_t)rv;
    if (arcs_used != NULL)
      *arcs_used += (size_t)rv;
    return 0;
  case SNMPX_TYPE_IPADDRESS: /* RFC 2578 7.1.5: exactly 4 octets */
    if (c.len != 4)
      return SNMPX_EBER_LENGTH;
    out->v.bytes.ptr = c.ptr;
    out->v.bytes.len = c.len;
    return 0;
  case SNMPX_TYPE_NSAPADDRESS: /* RFC 1442 7.1.1: any length is taken */
    out->v.bytes.ptr = c.ptr;
    out->v.bytes.len = c.len;
    return 0;
  case SNMPX_TYPE_BIT_STRING:
    /* X.690 8.6.2: at least the unused-bits octet (Net-SNMP's
     * asn_parse_bitstring refuses an empty one; it takes any count). */
    if (c.len == 0)
      return SNMPX_EBER_LENGTH;
    out->v.bytes.ptr = c.ptr;
    out->v.bytes.len = c.len;
    return 0;
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_UINTEGER32: /* RFC 1442 7.1.11, 32 bits as Gauge32 */
    /* RFC 2578 7.1.6-7.1.8 are 32-bit.  Wider values are truncated to the
     * low 32 bits, as Net-SNMP 5.9's CHECK_OVERFLOW_U does: 41 01 ff is
     * 255, 41 05 01 00 00 00 05 is 5. */
    rv = snmpx__ber_parse_uint(c, &out->v.u);
    out->v.u &= UINT32_MAX;
    return rv;
  case SNMPX_TYPE_COUNTER64:
    return parse_uint64(c, &out->v.u);
  case SNMPX_TYPE_OPAQUE:
    if (read_opaque_special(c, out))
      return 0;
    out->type = SNMPX_TYPE_OPAQUE;
    out->v.bytes.ptr = c.ptr;
    out->v.bytes.len = c.len;
    return 0;
  default:
    return SNMPX_EBER_TAG;
  }
}

int snmpx_ber_read_value(snmpx_ber_reader *r, snmpx_value *out,
                         uint32_t *arcs, size_t cap, size_t *arcs_used)
{
  size_t save = r->pos;
  uint8_t tag;
  snmpx_ber_view c;
  int rv = snmpx_ber_read_tlv(r, &tag, &c);
  if (rv == 0)
    rv = value_content(tag, c, out, arcs, cap, arcs_used);
  if (rv < 0)
    r->pos = save;
  return rv;
}
