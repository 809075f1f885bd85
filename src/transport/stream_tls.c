/* TLS over TCP (RFC 6353, snmpTLSTCPDomain) as the stream transport's
 * filter: each connection carries one sans-I/O TLS session
 * (tls_session.c) between its socket and the framer.
 *
 * A client connection's session resumes the one last established with
 * the same peer address (tls_session.c keeps it per peer), so a poll pays
 * one full handshake per peer.  Messages written before the handshake
 * completes wait in the session, counted against the connection's queue
 * bound, and a message identical to one that waits (the engine's retry)
 * is not kept again, as dtls.c does.  When it completes, the peer is checked
 * (snmpx__io_tls_verify: RFC 6353 5.3.1 step 2 for a client, 5.3.2 and
 * certSecName for a server) before any ciphertext of ours that carries a
 * message is taken for the socket, so a server that is not the one meant
 * never receives the request that waited.  A failed handshake or check
 * closes the connection, counted in snmpTlstmSessionStats.
 *
 * Every message framed from the plaintext goes to the engine with its
 * tmStateReference (snmpx__io_tls_deliver): a server connection's
 * tmSecurityName is the client certificate's certSecName mapping; a
 * client connection's is the one its first TSM message was sent with
 * (RFC 5591 4.2: the session was opened for that name); the tmSessionID is
 * the connection's number. */
#include <string.h>

#include "transport/io_impl.h"
#include "transport/stream.h"
#include "transport/tls_session.h"

/* Ciphertext taken from a session at a time. */
#define TAKE_CHUNK 16384
/* tmSecurityName: an SnmpAdminString of at most 32 octets (RFC 6353
 * 5.1.2), and a NUL. */
#define NAME_CAP 33

typedef struct stream_tls {
  snmpx_io *io;
  snmpx__tls_session *s;
  snmpx_addr peer;     /* a client connection's server, for the check */
  uint64_t session_id; /* the connection's number: tmSessionID */
  bool server;         /* accepted */
  bool verified;       /* handshake done and the peer checked */
  bool failed;         /* counted once; the connection is closing */
  char name[NAME_CAP]; /* tmSecurityName */
} stream_tls;

/* Move every byte of ciphertext the session holds onto |wire|.
 * @return 0; SNMPX_ENOMEM. */
static int take_all(stream_tls *t, snmpx__bytes *wire)
{
  uint8_t buf[TAKE_CHUNK];
  int n;
  while ((n = snmpx__tls_session_take(t->s, buf, sizeof(buf))) > 0)
    if (snmpx__bytes_append(wire, buf, (size_t)n) != 0)
      return SNMPX_ENOMEM;
  return 0;
}

/* The session failed with |rv|: counted (once), and the alert OpenSSL
 * produced, if any, goes out before the close. */
static int tls_fail(stream_tls *t, int rv, snmpx__bytes *wire)
{
  if (!t->failed && rv != SNMPX_ETLS_CLOSED)
    snmpx__io_tls_failed(t->io, t->s, t->server, rv);
  t->failed = true;
  take_all(t, wire);
  return rv;
}

/* RFC 6353 5.3.1 step 2 / 5.3.2: the handshake has just completed; check
 * the peer before anything else is taken from the session.  A refusal
 * was counted by snmpx__io_tls_verify; nothing of the session's (the
 * request that waited) is sent. */
static int tls_check_peer(stream_tls *t)
{
  int rv = snmpx__io_tls_verify(t->io, t->s, t->server, &t->peer,
                                t->server ? t->name : NULL,
                                t->server ? sizeof(t->name) : 0);
  if (rv < 0) {
    t->failed = true;
    return rv;
  }
  t->verified = true;
  return 0;
}

/* Decrypted bytes onto |plain|.  @return 0; SNMPX_ETLS_CLOSED (the peer
 * sent close_notify: what came before it is on |plain|); the session's
 * error. */
static int read_all(stream_tls *t, snmpx__bytes *plain)
{
  uint8_t buf[TAKE_CHUNK];
  for (;;) {
    int n = snmpx__tls_session_read(t->s, buf, sizeof(buf));
    if (n == SNMPX_EAGAIN)
      return 0;
    if (n < 0)
      return n;
    if (snmpx__bytes_append(plain, buf, (size_t)n) != 0)
      return SNMPX_ENOMEM;
  }
}

static int tls_open(void *ctx, const uint8_t *in, size_t n, snmpx__bytes *plain,
                    snmpx__bytes *wire)
{
  stream_tls *t = ctx;
  if (t->failed)
    return SNMPX_ETLS;
  int rv = snmpx__tls_session_feed(t->s, in, n);
  if (rv < 0)
    return tls_fail(t, rv, wire);
  if (!snmpx__tls_session_is_ready(t->s))
    return take_all(t, wire); /* the next flight of the handshake */
  if (!t->verified && (rv = tls_check_peer(t)) < 0)
    return rv;
  rv = read_all(t, plain);
  if (rv < 0 && rv != SNMPX_ETLS_CLOSED)
    return tls_fail(t, rv, wire);
  int taken = take_all(t, wire);
  return rv < 0 ? rv : taken;
}

/* The name a client connection's messages are delivered with: that of
 * the first TSM message sent on it (RFC 5591 4.2 step 2: tmSecurityName
 * selects the session). */
static void note_name(stream_tls *t)
{
  const snmpx_tm_state *tm = snmpx__engine_answer_tm(t->io->engine);
  if (t->server || t->name[0] != '\0' || tm == NULL ||
      tm->security_name_len == 0 || tm->security_name_len >= NAME_CAP)
    return;
  memcpy(t->name, tm->security_name, tm->security_name_len);
  t->name[tm->security_name_len] = '\0';
}

static int tls_seal(void *ctx, const uint8_t *msg, size_t n, snmpx__bytes *wire)
{
  stream_tls *t = ctx;
  if (t->failed)
    return SNMPX_ETLS;
  note_name(t);
  int rv = snmpx__tls_session_write(t->s, msg, n);
  if (rv < 0)
    return rv;
  /* Before the check, what the session holds is the handshake only (a
   * message written now waits in the session). */
  return take_all(t, wire);
}

/* What waits for the handshake counts against the connection's queue
 * bound; a retry of a message that waits is not kept twice. */
static size_t tls_held(void *ctx, const uint8_t *msg, size_t n, bool *same)
{
  stream_tls *t = ctx;
  *same = snmpx__tls_session_is_waiting(t->s, msg, n);
  return snmpx__tls_session_waiting(t->s);
}

/* RFC 6353 5.4: closeSession sends close_notify. */
static void tls_shut(void *ctx, snmpx__bytes *wire)
{
  stream_tls *t = ctx;
  if (!t->verified || t->failed)
    return;
  snmpx__tls_session_close(t->s);
  take_all(t, wire);
}

static void tls_deliver(void *ctx, const uint8_t *msg, size_t len,
                        const snmpx_addr *from, const snmpx_addr *to)
{
  stream_tls *t = ctx;
  snmpx__io_tls_deliver(t->io, msg, len, from, to, false, t->name,
                        t->session_id);
}

static void tls_free(void *ctx)
{
  stream_tls *t = ctx;
  if (t->verified)
    snmpx__io_tls_closed(t->io, t->server);
  snmpx__tls_session_free(t->s);
  snmpx__free(t->io->mem, t);
}

/* The bytes a client's resumable session is kept under: the server's
 * family, address and port (not the whole snmpx_addr, whose unused bytes
 * are not defined).  @return their length. */
static size_t peer_key(const snmpx_addr *a, uint8_t out[32])
{
  size_t n = 0;
  memcpy(out, &a->u.sa.sa_family, sizeof(sa_family_t));
  n += sizeof(sa_family_t);
  if (a->u.sa.sa_family == AF_INET) {
    memcpy(out + n, &a->u.in4.sin_port, 2);
    memcpy(out + n + 2, &a->u.in4.sin_addr, 4);
    n += 6;
  } else if (a->u.sa.sa_family == AF_INET6) {
    memcpy(out + n, &a->u.in6.sin6_port, 2);
    memcpy(out + n + 2, &a->u.in6.sin6_addr, 16);
    n += 18;
  }
  return n;
}

int snmpx__stream_tls_filter(snmpx_io *io, bool server, const snmpx_addr *peer,
                             uint64_t session_id, snmpx__stream_filter *f,
                             snmpx__bytes *wire)
{
  snmpx__tls_ctx *ctx = snmpx__io_tls_ctx(io, server, false);
  if (ctx == NULL)
    return SNMPX_ETLS_CONFIG;
  stream_tls *t = snmpx__calloc(io->mem, 1, sizeof(*t));
  if (t == NULL)
    return SNMPX_ENOMEM;
  uint8_t key[32];
  t->s = snmpx__tls_session_new(ctx, key, peer_key(peer, key));
  if (t->s == NULL) {
    snmpx__free(io->mem, t);
    return SNMPX_ENOMEM;
  }
  t->io = io;
  t->peer = *peer;
  t->server = server;
  t->session_id = session_id;
  *f = (snmpx__stream_filter){.ctx = t,
                              .open = tls_open,
                              .seal = tls_seal,
                              .held = tls_held,
                              .shut = tls_shut,
                              .deliver = tls_deliver,
                              .free = tls_free};
  /* A client's ClientHello. */
  return take_all(t, wire);
}

bool snmpx__stream_tls_serves(const snmpx__stream_filter *f,
                              const uint8_t *name, size_t len)
{
  const stream_tls *t = f->ctx;
  if (f->open != tls_open || t->name[0] == '\0')
    return true;
  return strlen(t->name) == len && memcmp(t->name, name, len) == 0;
}

bool snmpx__stream_tls_is_resumed(const snmpx__stream_filter *f)
{
  const stream_tls *t = f->ctx;
  return f->open == tls_open && snmpx__tls_session_is_resumed(t->s);
}

bool snmpx__stream_tls_is_pending(const snmpx__stream_filter *f)
{
  const stream_tls *t = f->ctx;
  return f->open == tls_open && !t->verified;
}

void snmpx__stream_tls_timed_out(snmpx__stream_filter *f)
{
  stream_tls *t = f->ctx;
  if (f->open == tls_open && !t->failed) {
    snmpx__io_tls_failed(t->io, t->s, t->server, SNMPX_ETIMEDOUT);
    t->failed = true;
  }
}
