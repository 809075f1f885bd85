/* snmpx: BER codec for SNMP's ASN.1 subset (X.690 as profiled by RFC 3417).
 *
 * Decoding is zero-copy over a byte slice: a reader walks (ptr, len) and
 * hands back views into it.  Encoding writes backwards into a caller buffer
 * (content first, then length, then tag), so no length is computed twice and
 * nothing is allocated. */
#ifndef SNMPX_BER_H
#define SNMPX_BER_H

#include "common.h"
#include "value.h"

/** Deepest SEQUENCE nesting a reader accepts. */
#define SNMPX_BER_MAX_DEPTH 16

/** A view into someone else's bytes; lives as long as that buffer. */
typedef struct snmpx_ber_view {
  const uint8_t *ptr;
  size_t len;
} snmpx_ber_view;

/** A reader over (p, len).  Initialize with snmpx_ber_reader_init. */
typedef struct snmpx_ber_reader {
  const uint8_t *p;
  size_t len;
  size_t pos;
  unsigned depth;
} snmpx_ber_reader;

SNMPX_EXTERN void snmpx_ber_reader_init(snmpx_ber_reader *r,
                                        const uint8_t *p, size_t len);

/** True when every byte has been consumed. */
static inline bool snmpx_ber_reader_done(const snmpx_ber_reader *r)
{
  return r->pos >= r->len;
}

/** Read one tag (single byte; SNMP uses no multi-byte tags except inside
 *  Opaque) and definite length, leaving |r| at the content, and return the
 *  content as |content|; the reader then skips past it.  Long-form lengths
 *  where the short form would do are accepted (real agents send them);
 *  indefinite lengths and lengths past the input are not.
 *  @return 0; SNMPX_EBER_TRUNCATED, SNMPX_EBER_INDEFINITE,
 *  SNMPX_EBER_LENGTH (length of more than 4 bytes), SNMPX_EBER_TAG (a
 *  multi-byte tag, low five bits all ones). */
SNMPX_EXTERN int snmpx_ber_read_tlv(snmpx_ber_reader *r, uint8_t *tag,
                                    snmpx_ber_view *content);

/** Enter a constructed value with tag |tag|: |inner| becomes a reader over
 *  its content, one level deeper.  @return 0; SNMPX_EBER_TAG, SNMPX_EBER_DEPTH
 *  and the errors of snmpx_ber_read_tlv. */
SNMPX_EXTERN int snmpx_ber_enter(snmpx_ber_reader *r, uint8_t tag,
                                 snmpx_ber_reader *inner);

/** Read an INTEGER with tag |tag| into a signed 64-bit value (up to 8
 *  content bytes, as Net-SNMP accepts on 64-bit hosts; non-minimal
 *  content such as 02 02 00 7f is accepted).  On error |r| is unchanged.
 *  @return 0; SNMPX_EBER_TAG, SNMPX_EBER_LENGTH (empty), SNMPX_EBER_RANGE,
 *  and the errors of snmpx_ber_read_tlv. */
SNMPX_EXTERN int snmpx_ber_read_int(snmpx_ber_reader *r, uint8_t tag,
                                    int64_t *out);

/** Read an unsigned integer with tag |tag| (up to 9 content bytes when the
 *  first is 0x00), value 0..2^64-1.  Content whose first bit is set is
 *  sign-extended as Net-SNMP does (46 01 ff reads as 2^64-1).
 *  @return as snmpx_ber_read_int. */
SNMPX_EXTERN int snmpx_ber_read_uint(snmpx_ber_reader *r, uint8_t tag,
                                     uint64_t *out);

/** Decode BER OID content |c| into |arcs| (capacity |cap|), splitting the
 *  first sub-identifier into two arcs (X.690 8.19).
 *  @return number of arcs; SNMPX_EBER_OID (empty, unterminated, arc over
 *  32 bits, non-minimal 0x80 lead byte), SNMPX_EOID_TOOLONG. */
SNMPX_EXTERN int snmpx_ber_decode_oid(snmpx_ber_view c, uint32_t *arcs,
                                      size_t cap);

/** Read any SNMP value (RFC 3416 ObjectSyntax plus the three exceptions)
 *  into |out|.  Counter32, Gauge32 and TimeTicks wider than 32 bits are
 *  truncated to the low 32 bits after sign extension, as Net-SNMP 5.9 does
 *  (41 01 ff reads as 4294967295).  The exceptions, like NULL, must be
 *  empty.  OID arcs are written to |arcs|[0..cap); the number used is
 *  added to *|arcs_used|.  Opaque content that is a Net-SNMP special type
 *  (0x9f 0x76..0x7b) decodes into the SNMPX_TYPE_OPAQUE_* types; any other
 *  Opaque stays SNMPX_TYPE_OPAQUE with its raw content.
 *  @return 0; SNMPX_EBER_TAG (unknown type), SNMPX_EBER_RANGE,
 *  SNMPX_EBER_LENGTH (e.g. IpAddress not 4 bytes, NULL not empty) and the
 *  errors of the readers above.  On error |r| is unchanged. */
SNMPX_EXTERN int snmpx_ber_read_value(snmpx_ber_reader *r, snmpx_value *out,
                                      uint32_t *arcs, size_t cap,
                                      size_t *arcs_used);

/** Backwards writer into buf[0..cap).  Bytes are written from the end;
 *  the encoding is buf[cap - w->used .. cap).  A write that does not fit sets
 *  |err| to SNMPX_ENOSPACE and later writes are ignored, so a caller checks
 *  once at the end. */
typedef struct snmpx_ber_writer {
  uint8_t *buf;
  size_t cap;
  size_t used;
  int err;
} snmpx_ber_writer;

SNMPX_EXTERN void snmpx_ber_writer_init(snmpx_ber_writer *w, uint8_t *buf,
                                        size_t cap);

/** Start of the bytes written so far. */
static inline const uint8_t *snmpx_ber_writer_data(const snmpx_ber_writer *w)
{
  return w->buf + (w->cap - w->used);
}

/** Prepend raw bytes. */
SNMPX_EXTERN void snmpx_ber_write_raw(snmpx_ber_writer *w, const void *p,
                                      size_t len);

/** Prepend the minimal-form length and the tag for |content_len| bytes that
 *  are already written in front of which this header goes. */
SNMPX_EXTERN void snmpx_ber_write_header(snmpx_ber_writer *w, uint8_t tag,
                                         size_t content_len);

/** Prepend a complete INTEGER-shaped TLV (minimal two's complement). */
SNMPX_EXTERN void snmpx_ber_write_int(snmpx_ber_writer *w, uint8_t tag,
                                      int64_t v);

/** Prepend an unsigned TLV (leading 0x00 when the top bit is set). */
SNMPX_EXTERN void snmpx_ber_write_uint(snmpx_ber_writer *w, uint8_t tag,
                                       uint64_t v);

/** Prepend an OCTET STRING-shaped TLV. */
SNMPX_EXTERN void snmpx_ber_write_bytes(snmpx_ber_writer *w, uint8_t tag,
                                        const void *p, size_t len);

/** Prepend an OBJECT IDENTIFIER TLV.  Sets w->err to SNMPX_EOID_ARC_RANGE
 *  when the first arc > 2, or the second > 39 under 0 or 1, to
 *  SNMPX_EOID_SYNTAX for zero arcs (X.690 8.19.4) and to
 *  SNMPX_EOID_TOOLONG for more than 128 arcs.  Net-SNMP
 *  encodes a one-arc OID {n} as {n, 0}; so does this. */
SNMPX_EXTERN void snmpx_ber_write_oid(snmpx_ber_writer *w, snmpx_oidv o);

/** Prepend any value (the inverse of snmpx_ber_read_value).  Sets w->err to
 *  SNMPX_EMSG_VALUE_TYPE for an unknown type, SNMPX_EBER_RANGE for a
 *  Counter32/Gauge32/TimeTicks over 2^32-1, SNMPX_EBER_LENGTH for an
 *  IpAddress not of 4 bytes, and SNMPX_EINVAL for a NULL pointer with a
 *  non-zero length. */
SNMPX_EXTERN void snmpx_ber_write_value(snmpx_ber_writer *w,
                                        const snmpx_value *v);

#endif
