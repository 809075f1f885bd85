/* DTLS over UDP (RFC 6353 snmpDTLSUDPDomain, "dtlsudp:"/"dtls:"), every
 * role: sessions opened by the messages the engine sends (command
 * generator, notification originator) and sessions accepted by listeners
 * (command responder, notification receiver).
 *
 * Client sessions.  Each has its own UDP socket, connected to the peer.
 * RFC 6353 5.2 looks a session up by tmTransportAddress and
 * tmSecurityName, so two sessions to one peer may exist (two names), and a
 * DTLS server tells its sessions apart by the client's address and port
 * only: each session needs a port of its own.  A connected socket also
 * hears the ICMP error of a peer that is not there (the handshake fails at
 * once, not after its retransmissions) and lets the kernel keep out
 * datagrams from anyone else; the plain UDP sockets (udp.c) never see a
 * DTLS datagram.  The cost is a descriptor per open session, which idle
 * sessions give back.  A session is made by the first message to a peer
 * under a name (snmpx__tls_session_new with the peer's address as the
 * resumption key, so a later session to the same peer resumes, RFC 5077 /
 * session IDs); messages wait in the session's queue until the handshake
 * has completed and the server was checked (RFC 6353 5.3.1 step 2:
 * nothing is sent to a server that is not the one meant).
 *
 * Server sessions.  A listener is an unconnected UDP socket.  A datagram
 * from a peer without a session goes to snmpx__tls_dtls_accept: a
 * ClientHello without a valid cookie is answered with a HelloVerifyRequest
 * and nothing is kept (RFC 6347 4.2.1); one that returns the cookie makes
 * a session, keyed by the peer's address, and numbered: the number is the
 * tmSessionID (and snmpx_addr.conn of the address the engine sees), and
 * an answer leaves on the session snmpx__engine_answer_tm names, or is
 * dropped and counted (RFC 6353 5.2 step 1, snmpTlstmSessionNoSessions).
 * A ClientHello of epoch 0 from the peer of an established session is a
 * client that started again from the same port (RFC 6347 4.2.8): it goes
 * through the cookie exchange, and the old session is closed only when
 * the new one is made.
 *
 * Both: handshakes are retransmitted on OpenSSL's timer
 * (snmpx__tls_session_timer_ms, real time) and abandoned after
 * DTLS_HANDSHAKE_MS; established sessions idle for SNMPX_IO_IDLE_MS (on
 * the engine's clock) are closed with a close_notify; a peer's
 * close_notify or fatal alert ends its session.  Every close and failure
 * is counted in snmpTlstmSessionStats (tls_io.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "transport/io_impl.h"
#include "transport/tls_session.h"

/* Sessions a listener keeps at once; datagrams from new peers past it are
 * dropped until one closes. */
#define DTLS_MAX_ACCEPTED SNMPX_IO_MAX_ACCEPTED
/* A handshake not completed this long after it started fails (engine
 * ms): a peer that answers part of it cannot hold a session slot. */
#define DTLS_HANDSHAKE_MS 30000
/* The cookie secret changes this often (RFC 6347 4.2.1): a cookie is good
 * for one to two periods, so one seen on the wire cannot be replayed
 * later to make a session in its peer's name (which would end the peer's
 * established session). */
#define DTLS_COOKIE_ROTATE_MS 60000
/* Datagrams one readiness of a socket reads at most. */
#define DTLS_READ_BURST 64
/* Octets of messages a client session holds while its handshake runs. */
#define DTLS_QUEUE_MAX (256 * 1024)
/* The largest datagram read or sent. */
#define DTLS_DGRAM 65536
/* Datagrams one recvmmsg takes from a client session's socket: a burst
 * in one call, and a read that returns fewer has emptied the socket, so
 * no further call is made to see EAGAIN (one system call fewer per
 * answer when one request is in flight). */
#define DTLS_BATCH 8
/* The longest tmSecurityName kept with a session (RFC 6353: 32 octets,
 * with room for a transport prefix). */
#define NAME_CAP 64

typedef struct dsess {
  snmpx__tls_session *tls;
  snmpx_addr peer;     /* domain DTLS, conn 0 */
  uint32_t id;         /* tmSessionID */
  int fd;              /* a client's own socket, or its listener's */
  int li;              /* the listener (server), or -1 (client) */
  bool verified;       /* handshake done and the peer checked */
  bool dead;           /* closed while a delivery was under way */
  int busy;            /* deliveries under way */
  uint64_t born, last; /* engine ms: handshake start, last traffic */
  char name[NAME_CAP]; /* tmSecurityName */
  uint8_t *queue;      /* client: messages waiting for the handshake, each a
                          4-octet length then its octets */
  size_t queued;
  struct dsess *next_peer, *next_id, *prev, *next;
} dsess;

struct snmpx__dtls {
  dsess *all;      /* every live session */
  dsess **by_peer; /* hash chains, nb buckets each */
  dsess **by_id;
  size_t nb, n;
  uint32_t next_id;
  int n_handshaking;
  int n_accepted[MAX_LISTEN];
  int64_t next_due;   /* engine ms: no idle close before; -1: none */
  uint64_t cookie_at; /* engine ms: the cookie secret's last rotation */
  int plain_busy;     /* deliveries out of |plain| under way */
  int last_fail;      /* why the last handshake failed (connect) */
  snmpx__dtls_stats st;
  uint8_t rbuf[DTLS_DGRAM];  /* a datagram read */
  uint8_t out[DTLS_DGRAM];   /* a datagram to send */
  uint8_t plain[DTLS_DGRAM]; /* a message read */
  uint8_t reply[2048];       /* a HelloVerifyRequest */
  uint8_t *batch; /* DTLS_BATCH datagrams a client read takes; lazily */
  int batch_busy; /* client reads under way (nested waits) */
};

static uint64_t now_ms(const snmpx_io *io)
{
  return snmpx_engine_now(io->engine);
}

static snmpx__dtls *dtls_of(snmpx_io *io)
{
  if (io->dtls == NULL) {
    snmpx__dtls *t = snmpx__calloc(io->mem, 1, sizeof(*t));
    if (t == NULL)
      return NULL;
    t->nb = 64;
    t->by_peer = snmpx__calloc(io->mem, t->nb, sizeof(*t->by_peer));
    t->by_id = snmpx__calloc(io->mem, t->nb, sizeof(*t->by_id));
    if (t->by_peer == NULL || t->by_id == NULL) {
      snmpx__free(io->mem, t->by_peer);
      snmpx__free(io->mem, t->by_id);
      snmpx__free(io->mem, t);
      return NULL;
    }
    t->next_due = -1;
    io->dtls = t;
  }
  return io->dtls;
}

/* ---- the session tables -------------------------------------------------- */

/* The resumption key and hash input of a peer: family, port, address. */
typedef struct peer_key {
  uint16_t family;
  uint16_t port;
  uint32_t scope;
  uint8_t ip[16];
} peer_key;

static peer_key key_of(const snmpx_addr *a)
{
  peer_key k;
  memset(&k, 0, sizeof(k));
  k.family = a->u.sa.sa_family;
  if (k.family == AF_INET) {
    k.port = a->u.in4.sin_port;
    memcpy(k.ip, &a->u.in4.sin_addr, 4);
  } else {
    k.port = a->u.in6.sin6_port;
    k.scope = a->u.in6.sin6_scope_id;
    memcpy(k.ip, &a->u.in6.sin6_addr, 16);
  }
  return k;
}

static size_t peer_hash(const snmpx__dtls *t, const snmpx_addr *a)
{
  peer_key k = key_of(a);
  const uint8_t *p = (const uint8_t *)&k;
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < sizeof(k); i++)
    h = (h ^ p[i]) * 16777619u;
  return h & (t->nb - 1);
}

static void link_session(snmpx__dtls *t, dsess *d)
{
  size_t hp = peer_hash(t, &d->peer), hi = d->id & (t->nb - 1);
  d->next_peer = t->by_peer[hp];
  t->by_peer[hp] = d;
  d->next_id = t->by_id[hi];
  t->by_id[hi] = d;
}

static void unlink_chain(dsess **head, dsess *d, bool by_peer)
{
  for (dsess **p = head; *p != NULL;
       p = by_peer ? &(*p)->next_peer : &(*p)->next_id) {
    if (*p == d) {
      *p = by_peer ? d->next_peer : d->next_id;
      return;
    }
  }
}

/* Double the buckets when the sessions outnumber them (best effort: the
 * chains only get longer when memory is short). */
static void maybe_grow(snmpx_io *io, snmpx__dtls *t)
{
  if (t->n < t->nb)
    return;
  size_t nb = t->nb * 2;
  dsess **bp = snmpx__calloc(io->mem, nb, sizeof(*bp));
  dsess **bi = snmpx__calloc(io->mem, nb, sizeof(*bi));
  if (bp == NULL || bi == NULL) {
    snmpx__free(io->mem, bp);
    snmpx__free(io->mem, bi);
    return;
  }
  snmpx__free(io->mem, t->by_peer);
  snmpx__free(io->mem, t->by_id);
  t->by_peer = bp;
  t->by_id = bi;
  t->nb = nb;
  for (dsess *d = t->all; d != NULL; d = d->next)
    link_session(t, d);
}

static dsess *find_id(const snmpx__dtls *t, uint32_t id)
{
  for (dsess *d = t->by_id[id & (t->nb - 1)]; d != NULL; d = d->next_id)
    if (d->id == id)
      return d;
  return NULL;
}

/* The server session of listener |li| with |peer|. */
static dsess *find_server(const snmpx__dtls *t, const snmpx_addr *peer, int li)
{
  for (dsess *d = t->by_peer[peer_hash(t, peer)]; d != NULL; d = d->next_peer)
    if (d->li == li && snmpx_addr_equal(&d->peer, peer))
      return d;
  return NULL;
}

/* The client session with |peer| under |name|: RFC 6353 5.2 step 2 (any
 * session gives authPriv, so the level always matches).  A session
 * snmpx_io_connect opened, with no name yet, serves the first name. */
static dsess *find_client(const snmpx__dtls *t, const snmpx_addr *peer,
                          const char *name)
{
  dsess *unnamed = NULL;
  for (dsess *d = t->by_peer[peer_hash(t, peer)]; d != NULL; d = d->next_peer) {
    if (d->li >= 0 || !snmpx_addr_equal(&d->peer, peer))
      continue;
    if (strcmp(d->name, name) == 0)
      return d;
    if (d->name[0] == '\0' && unnamed == NULL)
      unnamed = d;
  }
  if (unnamed != NULL)
    snprintf(unnamed->name, sizeof(unnamed->name), "%s", name);
  return unnamed;
}

/* A session number no live session has (never 0). */
static uint32_t fresh_id(snmpx__dtls *t)
{
  do
    t->next_id++;
  while (t->next_id == 0 || find_id(t, t->next_id) != NULL);
  return t->next_id;
}

static dsess *session_add(snmpx_io *io, snmpx__dtls *t, snmpx__tls_session *tls,
                          const snmpx_addr *peer, int fd, int li)
{
  dsess *d = snmpx__calloc(io->mem, 1, sizeof(*d));
  if (d == NULL)
    return NULL;
  d->tls = tls;
  d->peer = *peer;
  d->peer.domain = SNMPX_DOMAIN_DTLS;
  d->peer.conn = 0;
  d->fd = fd;
  d->li = li;
  d->id = fresh_id(t);
  d->born = d->last = now_ms(io);
  d->next = t->all;
  if (t->all != NULL)
    t->all->prev = d;
  t->all = d;
  t->n++;
  t->n_handshaking++;
  if (li >= 0)
    t->n_accepted[li]++;
  link_session(t, d);
  maybe_grow(io, t);
  return d;
}

static void session_destroy(snmpx_io *io, dsess *d)
{
  snmpx__tls_session_free(d->tls);
  snmpx__free(io->mem, d->queue);
  snmpx__free(io->mem, d);
}

/* Take |d| out of every table and close its socket (a client's); it is
 * freed now, or by the delivery under way when that returns. */
static void session_drop(snmpx_io *io, dsess *d)
{
  snmpx__dtls *t = io->dtls;
  unlink_chain(&t->by_peer[peer_hash(t, &d->peer)], d, true);
  unlink_chain(&t->by_id[d->id & (t->nb - 1)], d, false);
  if (d->prev != NULL)
    d->prev->next = d->next;
  else
    t->all = d->next;
  if (d->next != NULL)
    d->next->prev = d->prev;
  t->n--;
  if (!d->verified)
    t->n_handshaking--;
  if (d->li >= 0) {
    t->n_accepted[d->li]--;
  } else if (d->fd >= 0) {
    snmpx__io_set_fd(io, d->fd, FD_DTLS, NULL, 0);
    close(d->fd);
  }
  d->fd = -1;
  if (d->busy > 0)
    d->dead = true;
  else
    session_destroy(io, d);
}

/* ---- sending ------------------------------------------------------------- */

static int send_dgram(snmpx_io *io, const dsess *d, const uint8_t *buf,
                      size_t len)
{
  ssize_t n;
  do {
    n = d->li >= 0 ? sendto(d->fd, buf, len, 0, &d->peer.u.sa, d->peer.len)
                   : send(d->fd, buf, len, 0);
  } while (n < 0 && errno == EINTR);
  if (n >= 0)
    return 0;
  io->last_error = errno;
  /* A client's connected socket hears the peer's port unreachable. */
  if (d->li < 0 &&
      (errno == ECONNREFUSED || errno == EHOSTUNREACH || errno == ENETUNREACH))
    return SNMPX_ESOCKET;
  return 0; /* lost, as a datagram may be: DTLS retransmits handshakes */
}

/* Send every datagram the session has ready.  @return 0; SNMPX_ESOCKET
 * (the peer is unreachable: the caller ends the session). */
static int flush_out(snmpx_io *io, dsess *d)
{
  snmpx__dtls *t = io->dtls;
  int n;
  while ((n = snmpx__tls_session_take(d->tls, t->out, sizeof(t->out))) > 0)
    if (send_dgram(io, d, t->out, (size_t)n) != 0)
      return SNMPX_ESOCKET;
  return 0;
}

/* When |d| next needs the timer (engine ms). */
static int64_t due_of(snmpx_io *io, dsess *d)
{
  if (d->verified)
    return (int64_t)(d->last + SNMPX_IO_IDLE_MS);
  int64_t limit = (int64_t)(d->born + DTLS_HANDSHAKE_MS);
  int64_t ms = snmpx__tls_session_timer_ms(d->tls);
  if (ms < 0)
    return limit;
  int64_t at = (int64_t)now_ms(io) + ms;
  return at < limit ? at : limit;
}

/* |d| changed: the io's timer comes no later than it needs. */
static void schedule(snmpx_io *io, dsess *d)
{
  snmpx__dtls *t = io->dtls;
  int64_t at = due_of(io, d);
  if (t->next_due < 0 || at < t->next_due) {
    t->next_due = at;
    snmpx__io_timer_changed(io);
  }
}

/* ---- ending sessions ----------------------------------------------------- */

/* The handshake of |d| failed (|rv|), or its established session ended
 * (the peer closed, an alert, an unreachable peer): counted, the alert
 * OpenSSL may have made sent, and the session dropped.  |counted|: the
 * peer check has counted the failure already. */
static void session_end(snmpx_io *io, dsess *d, int rv, bool counted)
{
  bool server = d->li >= 0;
  if (!d->verified)
    io->dtls->last_fail = rv;
  if (d->verified)
    snmpx__io_tls_closed(io, server);
  else if (!counted)
    snmpx__io_tls_failed(io, d->tls, server, rv);
  if (rv != SNMPX_ESOCKET)
    flush_out(io, d);
  if (d->queued > 0)
    io->dtls->st.dropped++; /* what waited for the handshake */
  session_drop(io, d);
}

/* Close an established session (idle, or the io going away) with a
 * close_notify (RFC 6353 5.4). */
static void session_close(snmpx_io *io, dsess *d)
{
  snmpx__tls_session_close(d->tls);
  flush_out(io, d);
  snmpx__io_tls_closed(io, d->li >= 0);
  session_drop(io, d);
}

/* ---- receiving ----------------------------------------------------------- */

/* Write one message on an established session.  @return 0; < 0 when the
 * session must end. */
static int write_msg(snmpx_io *io, dsess *d, const uint8_t *data, size_t len)
{
  int rv = snmpx__tls_session_write(d->tls, data, len);
  if (rv == SNMPX_EMSG_TOOBIG || rv == SNMPX_ENOMEM) {
    io->dtls->st.dropped++;
    return 0;
  }
  if (rv < 0)
    return rv;
  d->last = now_ms(io);
  return flush_out(io, d);
}

/* The messages a client wrote while the handshake ran, now that the
 * server is checked.  @return as write_msg. */
static int write_queued(snmpx_io *io, dsess *d)
{
  size_t off = 0;
  int rv = 0;
  while (rv == 0 && off + 4 <= d->queued) {
    uint32_t n;
    memcpy(&n, d->queue + off, 4);
    rv = write_msg(io, d, d->queue + off + 4, n);
    off += 4 + n;
  }
  snmpx__free(io->mem, d->queue);
  d->queue = NULL;
  d->queued = 0;
  return rv;
}

/* The handshake of |d| has completed: check the peer (RFC 6353 5.3.1
 * step 2 for a client, 5.3.2 and certSecName for a server: the server
 * session's tmSecurityName).  @return 0; < 0 (refused and counted). */
static int on_handshake(snmpx_io *io, dsess *d)
{
  char scratch[NAME_CAP];
  bool server = d->li >= 0;
  int rv = snmpx__io_tls_verify(io, d->tls, server, &d->peer,
                                server ? d->name : scratch, NAME_CAP);
  if (rv != 0)
    return rv;
  d->verified = true;
  io->dtls->n_handshaking--;
  if (!server && snmpx__tls_session_is_resumed(d->tls))
    io->dtls->st.resumed++;
  return server ? 0 : write_queued(io, d);
}

/* The message buffer for a delivery: |plain|, or a fresh one when a
 * delivery out of it is under way (a callback's nested wait): the outer
 * message must stay intact for the callback handling it. */
static uint8_t *plain_buffer(snmpx_io *io)
{
  snmpx__dtls *t = io->dtls;
  if (t->plain_busy == 0)
    return t->plain;
  return snmpx__malloc(io->mem, DTLS_DGRAM);
}

/* Hand the engine every message |d| has decrypted.  |d| may end here
 * (the peer's close_notify, or a callback's nested wait). */
static void deliver_all(snmpx_io *io, dsess *d)
{
  snmpx__dtls *t = io->dtls;
  uint8_t *buf = plain_buffer(io);
  if (buf == NULL)
    return;
  if (buf == t->plain)
    t->plain_busy++;
  d->busy++;
  while (!d->dead) {
    int n = snmpx__tls_session_read(d->tls, buf, DTLS_DGRAM);
    if (n == SNMPX_EAGAIN)
      break;
    if (n == SNMPX_ENOSPACE)
      continue;
    if (n < 0) {
      /* RFC 6353 5.4: the peer's close_notify, or a fatal alert. */
      session_end(io, d, n, false);
      break;
    }
    d->last = now_ms(io);
    snmpx_addr from = d->peer;
    const snmpx_addr *to = NULL;
    if (d->li >= 0) {
      from.conn = d->id;
      to = &io->listen[d->li].addr;
    }
    snmpx__io_tls_deliver(io, buf, (size_t)n, &from, to, true, d->name, d->id);
  }
  if (buf == t->plain)
    t->plain_busy--;
  else
    snmpx__free(io->mem, buf);
  if (--d->busy == 0 && d->dead)
    session_destroy(io, d);
}

/* After a datagram went into |d| (|rv|: what feeding it returned): the
 * handshake's end and check, what the session sends back, the messages it
 * decrypted. */
static void advance(snmpx_io *io, dsess *d, int rv)
{
  bool counted = false;
  if (rv == 0 && !d->verified && snmpx__tls_session_is_ready(d->tls)) {
    rv = on_handshake(io, d);
    counted = rv == SNMPX_ETLS_CERT || rv == SNMPX_ETSM_NO_SECNAME;
    if (counted) {
      /* Refused: the peer hears a close_notify, and nothing that waited
       * for the handshake is sent. */
      io->dtls->last_fail = rv;
      if (d->queued > 0)
        io->dtls->st.dropped++;
      snmpx__tls_session_close(d->tls);
      flush_out(io, d);
      session_drop(io, d);
      return;
    }
  }
  if (rv == 0)
    rv = flush_out(io, d);
  if (rv < 0) {
    session_end(io, d, rv, counted);
    return;
  }
  if (d->verified)
    deliver_all(io, d);
  else
    schedule(io, d);
}

/* ---- the client side ----------------------------------------------------- */

static int open_socket(const snmpx_addr *to)
{
  int fd =
      socket(to->u.sa.sa_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  if (connect(fd, &to->u.sa, to->len) != 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

/* A new client session with |to| under |name|, its ClientHello sent.
 * NULL when it cannot be had (no context: snmpx_io_tls_error says why; no
 * socket: snmpx_io_last_error; out of memory). */
static dsess *open_client(snmpx_io *io, const snmpx_addr *to, const char *name)
{
  snmpx__dtls *t = dtls_of(io);
  struct snmpx__tls_ctx *ctx = snmpx__io_tls_ctx(io, false, true);
  if (t == NULL || ctx == NULL)
    return NULL;
  int fd = open_socket(to);
  if (fd < 0) {
    io->last_error = errno;
    return NULL;
  }
  peer_key k = key_of(to);
  snmpx__tls_session *tls = snmpx__tls_session_new(ctx, &k, sizeof(k));
  dsess *d = tls != NULL ? session_add(io, t, tls, to, fd, -1) : NULL;
  if (d == NULL || snmpx__io_set_fd(io, fd, FD_DTLS, d, SNMPX_POLL_IN) != 0) {
    if (d != NULL) {
      d->fd = -1;
      session_drop(io, d);
    } else {
      snmpx__tls_session_free(tls);
    }
    close(fd);
    return NULL;
  }
  snprintf(d->name, sizeof(d->name), "%s", name);
  if (flush_out(io, d) != 0) {
    session_end(io, d, SNMPX_ESOCKET, false);
    return NULL;
  }
  schedule(io, d);
  return d;
}

/* Whether the very message |data| already waits in |d|'s queue (the
 * engine's retry of a request sent while the handshake runs). */
static bool is_queued(const dsess *d, const uint8_t *data, size_t len)
{
  for (size_t off = 0; off + 4 <= d->queued;) {
    uint32_t n;
    memcpy(&n, d->queue + off, 4);
    if (n == len && memcmp(d->queue + off + 4, data, len) == 0)
      return true;
    off += 4 + n;
  }
  return false;
}

/* Keep a message for when the handshake completes (once: a retry of one
 * that waits already adds nothing).  @return false when the queue is full
 * or memory short (the message is dropped). */
static bool enqueue(snmpx_io *io, dsess *d, const uint8_t *data, size_t len)
{
  if (is_queued(d, data, len))
    return true;
  if (d->queued + 4 + len > DTLS_QUEUE_MAX)
    return false;
  uint8_t *q = snmpx__realloc(io->mem, d->queue, d->queued + 4 + len);
  if (q == NULL)
    return false;
  uint32_t n = (uint32_t)len;
  memcpy(q + d->queued, &n, 4);
  memcpy(q + d->queued + 4, data, len);
  d->queue = q;
  d->queued += 4 + len;
  return true;
}

/* A tmSecurityName as a C string (the engine's is counted octets).
 * @return false when it does not fit. */
static bool name_of(const snmpx_tm_state *tm, char *out)
{
  size_t len = tm != NULL ? tm->security_name_len : 0;
  if (len >= NAME_CAP)
    return false;
  if (len > 0)
    memcpy(out, tm->security_name, len);
  out[len] = '\0';
  return true;
}

/* RFC 6353 5.2: an answer goes out on the session its request came on
 * (tmSameSecurity: the tmSessionID), or not at all. */
/* One message on the established session |d|: sealed and sent, its idle
 * timer restarted; a failure ends the session. */
static void send_on(snmpx_io *io, dsess *d, const uint8_t *data, size_t len)
{
  int rv = write_msg(io, d, data, len);
  if (rv < 0)
    session_end(io, d, rv, false);
  else
    schedule(io, d);
}

static void send_answer(snmpx_io *io, const uint8_t *data, size_t len,
                        const snmpx_addr *to)
{
  const snmpx_tm_state *tm = snmpx__engine_answer_tm(io->engine);
  snmpx__dtls *t = io->dtls;
  uint64_t id = tm != NULL ? tm->session_id : to->conn;
  dsess *d = t != NULL && id != 0 && id <= UINT32_MAX ? find_id(t, (uint32_t)id)
                                                      : NULL;
  if (d == NULL && t != NULL && tm == NULL && to->conn == 0) {
    /* A message that is not TSM's on a client session (delivered with
     * conn 0): the session with that peer. */
    snmpx_addr peer = *to;
    peer.domain = SNMPX_DOMAIN_DTLS;
    for (dsess *c = t->by_peer[peer_hash(t, &peer)]; c != NULL && d == NULL;
         c = c->next_peer)
      if (c->li < 0 && snmpx_addr_equal(&c->peer, &peer))
        d = c;
  }
  if (d == NULL || !d->verified) {
    snmpx__io_tls_no_session(io);
    return;
  }
  send_on(io, d, data, len);
}

void snmpx__dtls_send(snmpx_io *io, const uint8_t *data, size_t len,
                      const snmpx_addr *to, bool answer)
{
  if (answer) {
    send_answer(io, data, len, to);
    return;
  }
  /* RFC 6353 5.2 steps 2-3: the session with this peer under this
   * tmSecurityName, else a new one. */
  char name[NAME_CAP];
  snmpx__dtls *t = dtls_of(io);
  if (t == NULL)
    return;
  if (!name_of(snmpx__engine_answer_tm(io->engine), name)) {
    t->st.dropped++;
    return;
  }
  snmpx_addr peer = *to;
  peer.domain = SNMPX_DOMAIN_DTLS;
  peer.conn = 0;
  dsess *d = find_client(t, &peer, name);
  if (d == NULL && (d = open_client(io, &peer, name)) == NULL) {
    t->st.dropped++;
    return;
  }
  if (!d->verified) {
    if (!enqueue(io, d, data, len))
      t->st.dropped++;
    return;
  }
  send_on(io, d, data, len);
}

/* A client socket's read failed: a port unreachable ends the session
 * (nothing listens there), anything else waits for the next readiness. */
static void read_client_error(snmpx_io *io, dsess *d)
{
  if (errno == ECONNREFUSED || errno == EHOSTUNREACH || errno == ENETUNREACH) {
    io->last_error = errno;
    session_end(io, d, SNMPX_ESOCKET, false);
  }
}

/* The buffer of DTLS_BATCH datagrams for one client read: the io's own
 * for the outermost read, a new one for a read nested in a callback's
 * wait (the outer read's datagrams not fed yet must stay).  NULL: out of
 * memory. */
static uint8_t *batch_take(snmpx_io *io, snmpx__dtls *t)
{
  uint8_t *b = t->batch_busy == 0 ? t->batch : NULL;
  if (b == NULL) {
    b = snmpx__malloc(io->mem, (size_t)DTLS_BATCH * DTLS_DGRAM);
    if (b != NULL && t->batch_busy == 0)
      t->batch = b;
  }
  if (b != NULL)
    t->batch_busy++;
  return b;
}

static void batch_give(snmpx_io *io, snmpx__dtls *t, uint8_t *b)
{
  t->batch_busy--;
  if (b != t->batch)
    snmpx__free(io->mem, b);
}

/* Read what client socket |d->fd| holds, a bounded burst of recvmmsg
 * calls, each datagram fed to the session in order. */
static void read_client(snmpx_io *io, dsess *d)
{
  snmpx__dtls *t = io->dtls;
  uint32_t id = d->id;
  uint8_t *buf = batch_take(io, t);
  if (buf == NULL)
    return; /* out of memory: the datagrams wait in the socket */
  struct mmsghdr mm[DTLS_BATCH];
  struct iovec iov[DTLS_BATCH];
  for (int round = 0; round < DTLS_READ_BURST / DTLS_BATCH; round++) {
    /* A callback's nested wait may have ended the session. */
    if ((d = find_id(t, id)) == NULL)
      break;
    memset(mm, 0, sizeof(mm));
    for (int i = 0; i < DTLS_BATCH; i++) {
      iov[i].iov_base = buf + (size_t)i * DTLS_DGRAM;
      iov[i].iov_len = DTLS_DGRAM;
      mm[i].msg_hdr.msg_iov = &iov[i];
      mm[i].msg_hdr.msg_iovlen = 1;
    }
    int n = recvmmsg(d->fd, mm, DTLS_BATCH, MSG_DONTWAIT, NULL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      read_client_error(io, d);
      break;
    }
    for (int i = 0; i < n && (d = find_id(t, id)) != NULL; i++)
      advance(io, d,
              snmpx__tls_session_feed(d->tls, iov[i].iov_base, mm[i].msg_len));
    if (n < DTLS_BATCH)
      break;
  }
  batch_give(io, t, buf);
}

int snmpx__dtls_connect(snmpx_io *io, const snmpx_addr *addr, int timeout_ms)
{
  snmpx__dtls *t = dtls_of(io);
  if (t == NULL)
    return SNMPX_ENOMEM;
  snmpx_addr peer = *addr;
  peer.domain = SNMPX_DOMAIN_DTLS;
  peer.conn = 0;
  dsess *d = find_client(t, &peer, "");
  if (d == NULL && (d = open_client(io, &peer, "")) == NULL)
    return snmpx__io_tls_ctx(io, false, true) == NULL ? SNMPX_ETLS_CONFIG
                                                      : SNMPX_ESOCKET;
  /* Wait for this session alone, as Net-SNMP's tools do at session
   * open, so a server that is not there or not the one meant shows
   * before any request. */
  uint32_t id = d->id;
  uint64_t start = now_ms(io);
  while ((d = find_id(t, id)) != NULL && !d->verified) {
    int64_t ms = snmpx__tls_session_timer_ms(d->tls);
    int64_t left =
        timeout_ms < 0 ? -1 : timeout_ms - (int64_t)(now_ms(io) - start);
    if (timeout_ms >= 0 && left <= 0)
      return SNMPX_ETIMEDOUT;
    int wait = ms < 0 ? 1000 : (int)(ms < 1000 ? ms : 1000);
    if (left >= 0 && left < wait)
      wait = (int)left;
    struct pollfd p = {d->fd, POLLIN, 0};
    int n = poll(&p, 1, wait);
    if (n < 0 && errno != EINTR)
      return SNMPX_ESOCKET;
    if (n > 0) {
      read_client(io, d);
      continue;
    }
    if (snmpx__tls_session_timer_ms(d->tls) == 0) {
      int rv = snmpx__tls_session_on_timer(d->tls);
      advance(io, d, rv);
    } else if (now_ms(io) - d->born >= DTLS_HANDSHAKE_MS) {
      session_end(io, d, SNMPX_ETIMEDOUT, false);
    }
  }
  if (d != NULL)
    return 0;
  /* The session failed (snmpx_io_tls_error says why). */
  switch (t->last_fail) {
  case SNMPX_ETLS_CERT:
  case SNMPX_ETSM_NO_SECNAME:
    return SNMPX_ETLS_CERT;
  case SNMPX_ESOCKET:
  case SNMPX_ETIMEDOUT:
    return t->last_fail;
  default:
    return SNMPX_ETLS;
  }
}

/* ---- the server side ----------------------------------------------------- */

int snmpx__dtls_listen(snmpx_io *io, const snmpx_addr *addr)
{
  int family = addr->u.sa.sa_family;
  if (family != AF_INET && family != AF_INET6)
    return SNMPX_EINVAL;
  if (io->n_listen == MAX_LISTEN)
    return SNMPX_ETOOMANY;
  if (dtls_of(io) == NULL)
    return SNMPX_ENOMEM;
  /* The context now, so that unusable certificates show here. */
  if (snmpx__io_tls_ctx(io, true, true) == NULL)
    return SNMPX_ETLS_CONFIG;
  int fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    io->last_error = errno;
    return SNMPX_ESOCKET;
  }
  if (family == AF_INET6) {
    int on = 1;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
  }
  if (snmpx__udp_bind_listener(io, fd, addr, SNMPX_DOMAIN_DTLS) != 0)
    return SNMPX_ESOCKET;
  io->dtls->n_accepted[io->n_listen] = 0;
  if (snmpx__io_set_fd(io, fd, FD_DTLS, NULL, SNMPX_POLL_IN) != 0) {
    close(fd);
    return SNMPX_ENOMEM;
  }
  return io->n_listen++;
}

/* RFC 6347 4.2.8: a handshake record of epoch 0 whose message is a
 * ClientHello (record: type 22, version, epoch, sequence, length;
 * handshake: type 1). */
static bool is_client_hello(const uint8_t *dg, size_t len)
{
  return len >= 14 && dg[0] == 22 && dg[3] == 0 && dg[4] == 0 && dg[13] == 1;
}

/* Rotate the listeners' cookie secret when its period has passed (twice
 * when two have: no cookie older than that is good).  Done when a
 * ClientHello comes, the only time a cookie is made or checked. */
static void cookie_rotate(snmpx_io *io, snmpx__dtls *t,
                          struct snmpx__tls_ctx *ctx)
{
  uint64_t now = now_ms(io);
  if (t->cookie_at == 0 || now < t->cookie_at) {
    t->cookie_at = now; /* the first ClientHello starts the clock */
    return;
  }
  uint64_t elapsed = now - t->cookie_at;
  if (elapsed < DTLS_COOKIE_ROTATE_MS)
    return;
  snmpx__tls_ctx_rotate_cookie(ctx);
  if (elapsed >= 2 * (uint64_t)DTLS_COOKIE_ROTATE_MS) {
    snmpx__tls_ctx_rotate_cookie(ctx);
    t->cookie_at = now;
  } else {
    t->cookie_at += DTLS_COOKIE_ROTATE_MS;
  }
}

/* A datagram from |peer|, which has no session on listener |li| (or
 * starts again from the port of |old|): RFC 6347 4.2.1, the cookie
 * exchange; a session only when the cookie comes back. */
static void accept_peer(snmpx_io *io, int li, const snmpx_addr *peer,
                        const uint8_t *dg, size_t len, dsess *old)
{
  snmpx__dtls *t = io->dtls;
  struct snmpx__tls_ctx *ctx = snmpx__io_tls_ctx(io, true, true);
  if (ctx == NULL)
    return;
  if (old == NULL && t->n_accepted[li] >= DTLS_MAX_ACCEPTED) {
    t->st.refused++;
    return;
  }
  cookie_rotate(io, t, ctx);
  peer_key k = key_of(peer);
  size_t reply_len = 0;
  snmpx__tls_session *tls = NULL;
  int rv = snmpx__tls_dtls_accept(ctx, &k, sizeof(k), dg, len, t->reply,
                                  sizeof(t->reply), &reply_len, &tls);
  if (rv == 0 && reply_len > 0) {
    dsess probe = {.fd = io->listen[li].fd, .li = li, .peer = *peer};
    send_dgram(io, &probe, t->reply, reply_len);
    t->st.hello_verify++;
    return;
  }
  if (rv != 1) {
    t->st.garbage++;
    return;
  }
  if (old != NULL) /* the client lost its session: ours goes */
    session_close(io, old);
  dsess *d = session_add(io, t, tls, peer, io->listen[li].fd, li);
  if (d == NULL) {
    snmpx__tls_session_free(tls);
    return;
  }
  advance(io, d, 0);
}

/* One datagram that listener |li| read from |peer|. */
static void listener_input(snmpx_io *io, int li, const snmpx_addr *peer,
                           const uint8_t *dg, size_t len)
{
  dsess *d = find_server(io->dtls, peer, li);
  if (d == NULL || (d->verified && is_client_hello(dg, len))) {
    accept_peer(io, li, peer, dg, len, d);
    return;
  }
  advance(io, d, snmpx__tls_session_feed(d->tls, dg, len));
}

int snmpx__dtls_input(snmpx_io *io, int li, const snmpx_addr *from,
                      const uint8_t *dg, size_t len)
{
  if (li < 0 || li >= io->n_listen ||
      io->listen[li].addr.domain != SNMPX_DOMAIN_DTLS || io->dtls == NULL)
    return SNMPX_EINVAL;
  snmpx_addr peer = *from;
  peer.domain = SNMPX_DOMAIN_DTLS;
  peer.conn = 0;
  if (peer.u.sa.sa_family != AF_INET && peer.u.sa.sa_family != AF_INET6)
    return SNMPX_EINVAL;
  snmpx__io_defer_begin(io);
  listener_input(io, li, &peer, dg, len);
  snmpx__io_defer_end(io);
  return 0;
}

/* Read what listener |li| holds, a bounded burst. */
static void read_listener(snmpx_io *io, int li)
{
  snmpx__dtls *t = io->dtls;
  for (int i = 0; i < DTLS_READ_BURST; i++) {
    snmpx_addr from;
    memset(&from, 0, sizeof(from));
    socklen_t alen = sizeof(from.u);
    ssize_t n = recvfrom(io->listen[li].fd, t->rbuf, sizeof(t->rbuf), 0,
                         &from.u.sa, &alen);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return;
    from.len = alen;
    from.domain = SNMPX_DOMAIN_DTLS;
    if (from.u.sa.sa_family != AF_INET && from.u.sa.sa_family != AF_INET6)
      continue;
    listener_input(io, li, &from, t->rbuf, (size_t)n);
  }
}

void snmpx__dtls_ready(snmpx_io *io, int fd, void *ptr, int what)
{
  if (!(what & SNMPX_POLL_IN) || io->dtls == NULL)
    return;
  snmpx__io_defer_begin(io);
  if (ptr != NULL) {
    read_client(io, ptr);
  } else {
    int li = snmpx__udp_listener_of(io, fd);
    if (li >= 0 && io->listen[li].addr.domain == SNMPX_DOMAIN_DTLS)
      read_listener(io, li);
  }
  snmpx__io_defer_end(io);
}

/* ---- timers and teardown ------------------------------------------------- */

void snmpx__dtls_sweep(snmpx_io *io)
{
  snmpx__dtls *t = io->dtls;
  if (t == NULL || t->next_due < 0)
    return;
  uint64_t now = now_ms(io);
  /* Handshake timers run on OpenSSL's clock: look whenever one runs. */
  if (t->n_handshaking == 0 && (int64_t)now < t->next_due)
    return;
  int64_t next = -1;
  dsess *d = t->all;
  while (d != NULL) {
    /* Nothing here delivers a message: only |d| can end. */
    dsess *after = d->next;
    if (!d->verified) {
      if (now - d->born >= DTLS_HANDSHAKE_MS) {
        session_end(io, d, SNMPX_ETIMEDOUT, false);
        d = NULL;
      } else if (snmpx__tls_session_timer_ms(d->tls) == 0) {
        int rv = snmpx__tls_session_on_timer(d->tls);
        if (rv == 0)
          rv = flush_out(io, d);
        if (rv < 0) {
          session_end(io, d, rv, false);
          d = NULL;
        }
      }
    } else if (now - d->last >= SNMPX_IO_IDLE_MS) {
      t->st.idle_closed++;
      session_close(io, d);
      d = NULL;
    }
    if (d != NULL) {
      int64_t at = due_of(io, d);
      if (next < 0 || at < next)
        next = at;
    }
    d = after;
  }
  t->next_due = next;
}

int64_t snmpx__dtls_deadline(const snmpx_io *io)
{
  return io->dtls != NULL ? io->dtls->next_due : -1;
}

void snmpx__dtls_get_stats(const snmpx_io *io, snmpx__dtls_stats *out)
{
  memset(out, 0, sizeof(*out));
  if (io->dtls == NULL)
    return;
  *out = io->dtls->st;
  for (const dsess *d = io->dtls->all; d != NULL; d = d->next) {
    if (d->li >= 0)
      out->server_sessions++;
    else
      out->client_sessions++;
  }
}

void snmpx__dtls_free(snmpx_io *io)
{
  snmpx__dtls *t = io->dtls;
  if (t == NULL)
    return;
  /* RFC 6353 5.4: established sessions end with a close_notify. */
  while (t->all != NULL) {
    if (t->all->verified)
      session_close(io, t->all);
    else
      session_drop(io, t->all);
  }
  for (int i = 0; i < io->n_listen; i++) {
    listener *l = &io->listen[i];
    if (l->addr.domain == SNMPX_DOMAIN_DTLS && l->fd >= 0) {
      snmpx__io_set_fd(io, l->fd, FD_DTLS, NULL, 0);
      close(l->fd);
      l->fd = -1;
    }
  }
  snmpx__free(io->mem, t->by_peer);
  snmpx__free(io->mem, t->by_id);
  snmpx__free(io->mem, t->batch);
  snmpx__free(io->mem, t);
  io->dtls = NULL;
}
