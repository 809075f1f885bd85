/* TLS and DTLS without sockets (RFC 6353's transports, OpenSSL underneath).
 *
 * A session is a filter between a transport and the stream framer (TLS) or
 * the engine (DTLS): the transport feeds it the ciphertext it received
 * (snmpx__tls_session_feed), reads the plaintext out
 * (snmpx__tls_session_read), writes plaintext in (snmpx__tls_session_write)
 * and sends the ciphertext the session produced (snmpx__tls_session_take).
 * The session never touches a socket or a clock of its own: OpenSSL runs
 * over memory BIOs, and DTLS's retransmission timer is exposed as a delay
 * the transport arms (snmpx__tls_session_timer_ms).
 *
 * A context holds what every session of one role shares: the local
 * certificate and key, the trusted CAs, the TLS version floor (1.2, RFC 6353
 * 5.1 and issue 15: nothing older is accepted), the client's resumable
 * sessions per peer, and the DTLS server's cookie secret.
 *
 * Who the peer is (peerCert fingerprints, certSecName) is src/tsm's
 * business: the session only hands out the certificates the peer presented
 * (snmpx__tls_session_peer_cert), and asks the context's |known| callback
 * whether a leaf certificate that no trusted CA vouches for is known by its
 * fingerprint (Net-SNMP accepts a self-signed certificate so).
 *
 * Internal: the stream and datagram transports (src/transport) use it. */
#ifndef SNMPX_TLS_SESSION_H
#define SNMPX_TLS_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** Does the application know this peer certificate (DER, borrowed for the
 *  call) by its fingerprint?  Called for a leaf certificate that no trusted
 *  CA vouches for (self-signed, unknown issuer); never for one that is
 *  expired, not yet valid or badly signed, which is refused whatever this
 *  says.  Must not call back into the session. */
typedef bool (*snmpx__tls_known_cb)(void *user_data, const uint8_t *der,
                                    size_t len);

/** What a context is made of.  Every pointer is borrowed for
 *  snmpx__tls_ctx_new only. */
typedef struct snmpx__tls_config {
  bool server;              /* accept (server) or connect (client) */
  bool dtls;                /* DTLS over datagrams, else TLS over a stream */
  const char *cert_file;    /* PEM: the local certificate, then any
                               intermediate CAs to send with it.  RFC 6353
                               5.2/5.3: both ends present one.  Required */
  const char *key_file;     /* PEM private key; NULL: in |cert_file| */
  const char *const *ca_files; /* PEM files of trusted CAs (trustCert) */
  size_t n_ca_files;
  snmpx__tls_known_cb known; /* NULL: only CA-verified peers pass */
  void *known_ud;
  uint16_t mtu;             /* DTLS: largest handshake datagram; 0: 1200 */
} snmpx__tls_config;

typedef struct snmpx__tls_ctx snmpx__tls_ctx;
typedef struct snmpx__tls_session snmpx__tls_session;

/** Make a context.  On failure, when |err| is not NULL, a message naming
 *  the file or the OpenSSL reason is written to err[0..errcap).
 *  @return the context, or NULL (a file that cannot be read, a key that
 *  does not match the certificate, out of memory). */
snmpx__tls_ctx *snmpx__tls_ctx_new(const snmpx__tls_config *cfg, char *err,
                                   size_t errcap);

/** Free |ctx| and the sessions kept for resumption.  Sessions made from it
 *  must be freed first.  NULL is a no-op. */
void snmpx__tls_ctx_free(snmpx__tls_ctx *ctx);

/** Start a session with the peer named by |peer| (bytes, copied; e.g. the
 *  snmpx_addr of the remote end): a client resumes the session last
 *  established with the same |peer| bytes when the context still has it
 *  (RFC 5077 tickets / TLS 1.2 session IDs), so a poll pays one full
 *  handshake per peer, not per connection.  A client starts its handshake
 *  at once: its first flight waits in snmpx__tls_session_take.  A DTLS
 *  server session is made by snmpx__tls_dtls_accept instead.
 *  @return the session, or NULL (out of memory, a DTLS server context). */
snmpx__tls_session *snmpx__tls_session_new(snmpx__tls_ctx *ctx,
                                           const void *peer, size_t peer_len);

/** DTLS server: a datagram |dg| from |peer| (bytes, borrowed), which has no
 *  session yet.  RFC 6347 4.2.1: a ClientHello without a valid cookie is
 *  answered with a HelloVerifyRequest carrying an HMAC of |peer| under the
 *  context's secret, and nothing is kept; only a ClientHello that returns
 *  that cookie makes a session.
 *  @return 1 with *|out| the new session, which has consumed |dg| (its
 *  answer waits in snmpx__tls_session_take); 0 with reply[0..*reply_len)
 *  the HelloVerifyRequest to send back (*reply_len 0: not a ClientHello,
 *  or the reply does not fit |cap|: drop it silently); SNMPX_EINVAL (not a
 *  DTLS server context), SNMPX_ENOMEM, SNMPX_ETLS (OpenSSL failed). */
int snmpx__tls_dtls_accept(snmpx__tls_ctx *ctx, const void *peer,
                           size_t peer_len, const uint8_t *dg, size_t len,
                           uint8_t *reply, size_t cap, size_t *reply_len,
                           snmpx__tls_session **out);

/** DTLS server: a new cookie secret (RFC 6347 4.2.1).  Cookies made under
 *  the secret before stay good until the next rotation; older ones are
 *  answered with a new HelloVerifyRequest, as if they had none.  The
 *  transport rotates on its own clock.
 *  @return 0; SNMPX_EINVAL (not a DTLS server context); SNMPX_ETLS (no
 *  randomness). */
int snmpx__tls_ctx_rotate_cookie(snmpx__tls_ctx *ctx);

/** Client: how many peers the context keeps a resumable session for. */
size_t snmpx__tls_ctx_cached_sessions(const snmpx__tls_ctx *ctx);

/** Free |s|.  A client's established session stays resumable in its
 *  context.  NULL is a no-op. */
void snmpx__tls_session_free(snmpx__tls_session *s);

/** Feed ciphertext received from the peer: any bytes of the stream for
 *  TLS, exactly one datagram for DTLS.  Advances the handshake.
 *  @return 0; SNMPX_ENOMEM; SNMPX_ETLS (protocol failure: alert, version
 *  below 1.2, garbage), SNMPX_ETLS_CERT (the peer's certificate is refused:
 *  unknown, expired, wrong CA); SNMPX_ETLS_CLOSED (the peer closed).  After
 *  an error the session is dead: every call returns the same error, and
 *  snmpx__tls_session_take may still hold an alert to send. */
int snmpx__tls_session_feed(snmpx__tls_session *s, const uint8_t *data,
                            size_t len);

/** True once the handshake has completed. */
bool snmpx__tls_session_is_ready(const snmpx__tls_session *s);

/** True when the handshake resumed an earlier session. */
bool snmpx__tls_session_is_resumed(const snmpx__tls_session *s);

/** Read decrypted plaintext: bytes of the stream (TLS) or one whole
 *  message (DTLS).
 *  @return the number of bytes (> 0); SNMPX_EAGAIN (nothing yet);
 *  SNMPX_ENOSPACE (DTLS: a record larger than |cap|, dropped); the sticky
 *  error of snmpx__tls_session_feed. */
int snmpx__tls_session_read(snmpx__tls_session *s, uint8_t *buf,
                            size_t cap);

/** Write plaintext: one whole SNMP message (DTLS sends it as one record).
 *  Before the handshake completes, the bytes wait in the session and go
 *  out when it does.  |data| is copied.
 *  @return 0; SNMPX_EMSG_TOOBIG (DTLS: larger than a record holds);
 *  SNMPX_ENOMEM; the sticky error. */
int snmpx__tls_session_write(snmpx__tls_session *s, const uint8_t *data,
                             size_t len);

/** Octets of plaintext written before the handshake and waiting for it
 *  to complete (4 more per message, its length), 0 once it has. */
size_t snmpx__tls_session_waiting(const snmpx__tls_session *s);

/** Whether a message identical to |data|[0..len) waits for the handshake
 *  (a retry of a request written while it runs). */
bool snmpx__tls_session_is_waiting(const snmpx__tls_session *s,
                                   const uint8_t *data, size_t len);

/** Bytes of ciphertext waiting to be sent (0: none). */
size_t snmpx__tls_session_pending(const snmpx__tls_session *s);

/** Take ciphertext to send: as many bytes of the stream as fit (TLS), or
 *  exactly one datagram (DTLS).
 *  @return the number of bytes (0: nothing waits); SNMPX_ENOSPACE (DTLS:
 *  the next datagram is larger than |cap|; it stays). */
int snmpx__tls_session_take(snmpx__tls_session *s, uint8_t *buf, size_t cap);

/** DTLS: milliseconds until the handshake's retransmission is due, 0 when
 *  it is due now, -1 when no timer runs (TLS, or the handshake is done).
 *  The transport arms a timer and calls snmpx__tls_session_on_timer. */
int64_t snmpx__tls_session_timer_ms(snmpx__tls_session *s);

/** DTLS: the retransmission timer fired; the resent flight waits in
 *  snmpx__tls_session_take.  @return 0; SNMPX_ETLS (too many
 *  retransmissions: the handshake failed). */
int snmpx__tls_session_on_timer(snmpx__tls_session *s);

/** Start an orderly close (close_notify); the alert waits in
 *  snmpx__tls_session_take. */
void snmpx__tls_session_close(snmpx__tls_session *s);

/** The certificates the peer presented, after the handshake: index 0 is
 *  the peer's own (leaf) certificate, then the chain it sent, in its
 *  order.  *|der| is borrowed from the session.
 *  @return 0; SNMPX_ENOTFOUND (no such index, or no handshake yet). */
int snmpx__tls_session_peer_cert(const snmpx__tls_session *s, size_t idx,
                                 const uint8_t **der, size_t *len);

/** Why the session failed, for logs: OpenSSL's reason or the certificate
 *  check's ("certificate has expired"); "" when it has not. */
const char *snmpx__tls_session_error(const snmpx__tls_session *s);

/** The peer bytes the session was made with (for a transport that looks
 *  its sessions up by address).  *|len| receives their length. */
const void *snmpx__tls_session_peer(const snmpx__tls_session *s,
                                    size_t *len);

#endif
