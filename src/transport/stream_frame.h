/* Framing of SNMP messages on a byte stream (TCP, UNIX stream sockets,
 * TLS): RFC 3430 2.1 sends each message as its BER encoding, a SEQUENCE,
 * back to back with no other framing, so the message's own BER header
 * says where it ends.  Sans-I/O: no sockets, the transport feeds the bytes
 * it read and hands each complete message to the engine.  Internal: only
 * the stream transports in src/transport/ use it. */
#ifndef SNMPX_STREAM_FRAME_H
#define SNMPX_STREAM_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include <snmpx/mem.h>

/** One stream's framing state, in caller-provided storage: a buffer for a
 *  message that arrives over several reads, grown once to the largest such
 *  message seen and never beyond the limit.  Fields are private. */
typedef struct snmpx__stream_frame {
  const snmpx_mem *mem;
  size_t max_msg; /* largest message accepted, header included */
  uint8_t *buf;   /* a partial message; NULL until one is needed */
  size_t cap;
  size_t have; /* bytes of the current message in buf */
  size_t need; /* the current message's total length; 0: header incomplete */
  int err;     /* sticky error; 0 while the stream is usable */
} snmpx__stream_frame;

/** Initialize |f| for a new stream.  |mem| is borrowed for the life of |f|
 *  (NULL: libc).  |max_msg| is the largest message accepted, BER header
 *  included; 0 means SNMPX_MAX_DATAGRAM, the largest message the engine
 *  builds or accepts.  Allocates nothing.
 *  @return 0; SNMPX_EINVAL (|f| NULL, or |max_msg| is 1: no message fits). */
int snmpx__stream_frame_init(snmpx__stream_frame *f, const snmpx_mem *mem,
                             size_t max_msg);

/** Take bytes of the stream from data[0..len) up to the end of the next
 *  complete message, and set *|used| to the number taken.  Returns 1 with
 *  the message in *|msg|, *|msg_len| when one is complete: a view into
 *  |data| when the message lies whole in it (no copy), else into |f|'s
 *  buffer; valid until the next call on |f| and, for a view into |data|,
 *  while |data| is.  Returns 0 when all of |data| was taken and no message
 *  is complete yet.  Call again with the rest, data + *used, until it is
 *  empty.  Non-minimal long-form lengths (0x81 0x05) are accepted, as
 *  snmpx's BER decoder and Net-SNMP accept them.
 *  Refusals come as soon as the header octets that show them are in, before
 *  the content arrives; a split message's buffer grows with the octets that
 *  arrive, not with the length announced.  Every error but SNMPX_EINVAL is
 *  sticky: the stream's framing is lost, so the caller must drop the
 *  connection; later calls return the same error (taking nothing) until
 *  snmpx__stream_frame_reset.
 *  @return 1 or 0; SNMPX_EINVAL (a NULL argument, or |data| NULL with a
 *  non-zero |len|); SNMPX_EBER_TAG (a message's first octet is not 0x30,
 *  SEQUENCE); SNMPX_EBER_INDEFINITE (length octet 0x80, X.690 8.1.3.6);
 *  SNMPX_EBER_LENGTH (more than 4 length octets); SNMPX_EMSG_TOOBIG (the
 *  message is longer than the limit); SNMPX_ENOMEM (the buffer for a
 *  message split over reads cannot grow). */
int snmpx__stream_frame_feed(snmpx__stream_frame *f, const uint8_t *data,
                             size_t len, size_t *used, const uint8_t **msg,
                             size_t *msg_len);

/** Forget any partial message and a sticky error, keeping the buffer and the
 *  limit, so |f| can frame a new connection's stream. */
void snmpx__stream_frame_reset(snmpx__stream_frame *f);

/** Release the buffer; |f| must be initialized again before reuse.  NULL is
 *  a no-op. */
void snmpx__stream_frame_clear(snmpx__stream_frame *f);

#endif
