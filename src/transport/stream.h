/* The stream transports' seam for a filter between socket and framer
 * (TLS, RFC 6353: the "tls" part plugs tls_session in here).  Internal. */
#ifndef SNMPX_STREAM_H
#define SNMPX_STREAM_H

#include <stddef.h>
#include <stdint.h>

#include <snmpx/mem.h>

/** Bytes that grow: |p|[0..len) of |cap|, allocated with |mem|. */
typedef struct snmpx__bytes {
  const snmpx_mem *mem;
  uint8_t *p;
  size_t len;
  size_t cap;
} snmpx__bytes;

/** Append |p|[0..n) to |b|.  @return 0; SNMPX_ENOMEM. */
int snmpx__bytes_append(snmpx__bytes *b, const uint8_t *p, size_t n);

/** A connection's filter.  With |open| and |seal| NULL (no filter) the
 *  bytes read go to the framer and the messages sent to the socket as
 *  they are. */
typedef struct snmpx__stream_filter {
  void *ctx;
  /** Bytes read from the socket, |in|[0..n): append the plaintext they
   *  complete to |plain| and anything the filter must send back (a
   *  handshake) to |wire|.  @return 0, or an error: the connection is
   *  closed and counted as failed. */
  int (*open)(void *ctx, const uint8_t *in, size_t n, snmpx__bytes *plain,
              snmpx__bytes *wire);
  /** One message to send, |msg|[0..n): append what goes on the socket to
   *  |wire|.  @return 0, or an error: the message is dropped. */
  int (*seal)(void *ctx, const uint8_t *msg, size_t n, snmpx__bytes *wire);
  /** The connection is closed: free |ctx|.  May be NULL. */
  void (*free)(void *ctx);
} snmpx__stream_filter;

#endif
