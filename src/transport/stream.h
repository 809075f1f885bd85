/* The stream transports' seam for a filter between socket and framer
 * (TLS, RFC 6353: the "tls" part plugs tls_session in here).  Internal. */
#ifndef SNMPX_STREAM_H
#define SNMPX_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <snmpx/common.h>
#include <snmpx/io.h>
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
  /** Octets of messages the filter holds back (TLS: written before the
   *  handshake completes), counted against the connection's queue bound;
   *  |*same| is set when a message identical to |msg|[0..n) is among
   *  them (a retry: not sealed again).  May be NULL: none. */
  size_t (*held)(void *ctx, const uint8_t *msg, size_t n, bool *same);
  /** The connection is about to close in order (idle, the peer closed,
   *  the io is freed): append any farewell (TLS close_notify) to |wire|,
   *  which is sent if the socket takes it at once.  May be NULL. */
  void (*shut)(void *ctx, snmpx__bytes *wire);
  /** Hand one framed message, from |from| (to the local address |to|,
   *  NULL: unknown), to the engine.  NULL: snmpx_engine_recv_to. */
  void (*deliver)(void *ctx, const uint8_t *msg, size_t len,
                  const snmpx_addr *from, const snmpx_addr *to);
  /** The connection is closed: free |ctx|.  May be NULL. */
  void (*free)(void *ctx);
} snmpx__stream_filter;

/** Make |f| the TLS filter (RFC 6353, stream_tls.c) of a connection: an
 *  accepted one (|server|) or one to the server |peer| (whose address
 *  keys session resumption and the snmpx_io_tls_peer check), named
 *  |session_id| (tmSessionID).  A client's ClientHello is appended to
 *  |wire|.  The filter counts snmpTlstmSessionStats and closes the
 *  connection (its open returns an error) when the handshake or the peer
 *  check fails.  Its open returns SNMPX_ETLS_CLOSED when the peer closed
 *  the session in order (close_notify), after the plaintext before it.
 *  @return 0; SNMPX_ETLS_CONFIG (no context for the role: no certificate
 *  or key; snmpx_io_tls_error says why); SNMPX_ENOMEM. */
int snmpx__stream_tls_filter(snmpx_io *io, bool server,
                             const snmpx_addr *peer, uint64_t session_id,
                             snmpx__stream_filter *f, snmpx__bytes *wire);

/** Whether client connection |f| (a TLS filter) is the session for the
 *  tmSecurityName |name|[0..len) (RFC 6353 5.2 step 2: a session is
 *  selected by the peer and tmSecurityName): it carries that name, or
 *  none yet (opened by snmpx_io_connect; its first message names it).
 *  A filter that is not TLS is any name's. */
bool snmpx__stream_tls_serves(const snmpx__stream_filter *f,
                              const uint8_t *name, size_t len);

/** Whether |f| is a TLS filter whose handshake resumed an earlier
 *  session. */
bool snmpx__stream_tls_is_resumed(const snmpx__stream_filter *f);

/** Whether |f| is a TLS filter whose handshake has not yet completed
 *  with the peer checked. */
bool snmpx__stream_tls_is_pending(const snmpx__stream_filter *f);

/** |f|'s handshake ran out of time (RFC 6353 leaves the bound to the
 *  implementation): counted as a failed session (snmpx_io_tls_error says
 *  so); the connection is to be closed. */
void snmpx__stream_tls_timed_out(snmpx__stream_filter *f);

#endif
