/* The stream transports: TCP over IPv4 and IPv6 (RFC 3430) and UNIX
 * domain stream sockets (as Net-SNMP's "unix:").
 *
 * A manager keeps one connection per peer address, made on the first
 * message to it (a non-blocking connect) and reused by every message after
 * it; a connection that fails or closes is forgotten, and the next message
 * to that peer (the engine's retry) opens a new one.  A listener accepts
 * connections, at most max_accepted open at once; each accepted connection
 * has a number (snmpx_addr.conn) that its peer's address carries, so an
 * answer leaves on the connection its request came in on, never on a new
 * one.  Writes go straight to the socket; what the kernel does not take
 * waits in the connection's queue until the socket is writable
 * (SNMPX_POLL_OUT).  Reads are framed by the messages' BER headers
 * (stream_frame.c, RFC 3430 2.1): several messages per read, one message
 * over several reads, and a message over the size limit or not a
 * SEQUENCE drops the connection.  Connections with no traffic for
 * idle_ms are closed, and an accepted TLS connection whose handshake has
 * not completed (the client checked) SNMPX_IO_TLS_HANDSHAKE_MS after it
 * was accepted is closed and counted as failed, so silent connects
 * cannot hold the listener's slots for the idle time.
 *
 * A connection may carry a filter (TLS, RFC 6353: stream_tls.c) between
 * the socket and the framer: bytes read go through it before the framer,
 * messages written go through it before the queue.  With none, bytes go
 * straight through.  Connections of the TLS domain (snmpTLSTCPDomain),
 * made or accepted, carry the TLS filter; an orderly close (idle, the
 * peer's close, the io freed) lets the filter say goodbye (close_notify)
 * first.  An answer of the Transport Security Model leaves on the
 * connection its tmSessionID names (every connection has a number), and
 * is dropped when that one is gone (RFC 6353 5.2 step 1).
 *
 * Nesting: a callback of a message read from a connection may run the
 * loop again (a blocking request from inside a callback), and that run
 * may read the same connection.  The bytes the outer read holds are
 * handed over first (the connection's cursor), and a message the outer
 * level is handing to the engine out of the framer's buffer keeps that
 * buffer: the nested level gives the framer a new one. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "engine/engine_chash.h"
#include "transport/io_impl.h"
#include "transport/stream.h"
#include "transport/stream_frame.h"

/* Octets read from a connection at a time, and reads per readiness (the
 * loop then serves the other sockets before coming back). */
#define READ_CHUNK 16384
#define READS_PER_TURN 16
/* Connections accepted per readiness of a listener. */
#define ACCEPTS_PER_TURN 64
/* Default bound on what waits in one connection's write queue. */
#define DEFAULT_MAX_QUEUE (1u << 20)
/* Net-SNMP's listen backlog for stream transports is 5
 * (NETSNMP_STREAM_QUEUE_LEN); a busier agent wants more. */
#define LISTEN_BACKLOG 64

typedef struct conn {
  snmpx__chain link; /* in by_peer, keyed by peer_hash(&peer); first */
  bool indexed;      /* in by_peer */
  int fd;
  bool accepted;
  bool connecting; /* a non-blocking connect not finished yet */
  bool dead;       /* closed; freed when no read level holds it */
  bool dirty;      /* queued bytes wait for the held sends' end */
  bool tls;        /* carries the TLS filter */
  bool resumed;    /* TLS: the handshake resumed (counted) */
  int listener;    /* accepted: the listener's index */
  uint64_t id;     /* the connection's number (an accepted one's is
                      peer.conn): TLS's tmSessionID */
  int busy;        /* read levels under way on it */
  snmpx_addr peer; /* as messages from it are given to the engine */
  snmpx_addr local;
  uint64_t last_active;
  uint64_t born; /* when it was made or accepted (engine ms) */
  snmpx__stream_frame fr;
  snmpx__bytes wq; /* bytes to write, from wq_off on */
  size_t wq_off;
  /* The read under way: the bytes read and not yet framed. */
  const uint8_t *in;
  size_t in_len, in_pos;
  const uint8_t *lent; /* the framer buffer a read level hands over */
  snmpx__stream_filter filter;
  struct conn *prev, *next;
} conn;

struct snmpx__streams {
  conn *head;
  snmpx__chash by_peer; /* the open connections, by peer_hash */
  uint32_t next_id;
  int accepted[MAX_LISTEN];
  int64_t next_idle; /* no connection goes idle (or runs out of time for
                        its handshake) before this; -1: none */
  snmpx_io_stream_opts opts;
  snmpx_io_stats st;
  uint64_t tls_resumed; /* TLS client handshakes that resumed */
};

/* ---- growable bytes ------------------------------------------------------ */

int snmpx__bytes_append(snmpx__bytes *b, const uint8_t *p, size_t n)
{
  if (n > SIZE_MAX - b->len)
    return SNMPX_ENOMEM;
  if (b->len + n > b->cap) {
    size_t c = b->cap ? b->cap : 1024;
    while (c < b->len + n)
      c = c > SIZE_MAX / 2 ? b->len + n : c * 2;
    uint8_t *g = snmpx__realloc(b->mem, b->p, c);
    if (g == NULL)
      return SNMPX_ENOMEM;
    b->p = g;
    b->cap = c;
  }
  memcpy(b->p + b->len, p, n);
  b->len += n;
  return 0;
}

/* ---- state --------------------------------------------------------------- */

static snmpx__streams *streams(snmpx_io *io)
{
  if (io->streams == NULL) {
    io->streams = snmpx__calloc(io->mem, 1, sizeof(*io->streams));
    if (io->streams != NULL)
      io->streams->next_idle = -1;
  }
  return io->streams;
}

static uint32_t opt_max_accepted(const snmpx__streams *s)
{
  return s->opts.max_accepted ? s->opts.max_accepted : SNMPX_IO_MAX_ACCEPTED;
}

static uint64_t opt_idle(const snmpx__streams *s)
{
  return s->opts.idle_ms ? s->opts.idle_ms : SNMPX_IO_IDLE_MS;
}

static size_t opt_max_queue(const snmpx__streams *s)
{
  return s->opts.max_queue ? s->opts.max_queue : DEFAULT_MAX_QUEUE;
}

int snmpx_io_set_stream_opts(snmpx_io *io, const snmpx_io_stream_opts *o)
{
  if (io == NULL || o == NULL || o->max_msg == 1)
    return SNMPX_EINVAL;
  snmpx__streams *s = streams(io);
  if (s == NULL)
    return SNMPX_ENOMEM;
  s->opts = *o;
  return 0;
}

void snmpx__stream_stats(const snmpx_io *io, snmpx_io_stats *out)
{
  const snmpx__streams *s = io->streams;
  if (s == NULL)
    return;
  out->stream_opened = s->st.stream_opened;
  out->stream_accepted = s->st.stream_accepted;
  out->stream_refused = s->st.stream_refused;
  out->stream_failed = s->st.stream_failed;
  out->stream_idle = s->st.stream_idle;
  out->stream_closed = s->st.stream_closed;
  out->stream_bad_frame = s->st.stream_bad_frame;
  out->stream_dropped = s->st.stream_dropped;
}

static uint64_t now_ms(const snmpx_io *io)
{
  return snmpx_engine_now(io->engine);
}

/* The connection is in use: its idle timeout starts again, and the io's
 * timer learns of it when it is the first to be timed. */
static void touch(snmpx_io *io, conn *c)
{
  snmpx__streams *s = io->streams;
  c->last_active = now_ms(io);
  int64_t at = (int64_t)(c->last_active + opt_idle(s));
  if (s->next_idle < 0) {
    s->next_idle = at;
    snmpx__io_timer_changed(io);
  }
}

/* An accepted TLS connection whose handshake has not completed. */
static bool handshaking(const conn *c)
{
  return c->accepted && c->tls && snmpx__stream_tls_is_pending(&c->filter);
}

/* When |c| is next due: idle, or out of time for its handshake. */
static int64_t conn_due(const snmpx__streams *s, const conn *c)
{
  int64_t at = (int64_t)(c->last_active + opt_idle(s));
  int64_t hs = (int64_t)(c->born + SNMPX_IO_TLS_HANDSHAKE_MS);
  return handshaking(c) && hs < at ? hs : at;
}

/* |c| is due no later than conn_due: the io's timer learns of it when it
 * comes first. */
static void schedule(snmpx_io *io, const conn *c)
{
  snmpx__streams *s = io->streams;
  int64_t at = conn_due(s, c);
  if (s->next_idle < 0 || at < s->next_idle) {
    s->next_idle = at;
    snmpx__io_timer_changed(io);
  }
}

static void conn_link(snmpx__streams *s, conn *c)
{
  c->next = s->head;
  if (s->head != NULL)
    s->head->prev = c;
  s->head = c;
}

static void conn_unlink(snmpx__streams *s, conn *c)
{
  if (c->prev != NULL)
    c->prev->next = c->next;
  else if (s->head == c)
    s->head = c->next;
  if (c->next != NULL)
    c->next->prev = c->prev;
  c->prev = c->next = NULL;
}

static void conn_release(snmpx_io *io, conn *c)
{
  if (c->filter.free != NULL)
    c->filter.free(c->filter.ctx);
  snmpx__stream_frame_clear(&c->fr);
  snmpx__free(io->mem, c->wq.p);
  snmpx__free(io->mem, c);
}

/* Close |c|: it leaves the registry and the list at once (no message
 * finds it any more); its memory goes when no read level holds it. */
static void conn_close(snmpx_io *io, conn *c)
{
  snmpx__streams *s = io->streams;
  if (c->dead)
    return;
  c->dead = true;
  if (c->fd >= 0) {
    snmpx__io_set_fd(io, c->fd, FD_NONE, NULL, 0);
    close(c->fd);
    c->fd = -1;
  }
  if (c->accepted && c->listener >= 0)
    s->accepted[c->listener]--;
  conn_unlink(s, c);
  if (c->indexed)
    snmpx__chash_remove(&s->by_peer, &c->link);
  c->indexed = false;
  if (c->busy == 0)
    conn_release(io, c);
}

/* An orderly close of |c|: the filter's farewell (TLS close_notify) and
 * what waits go out if the socket takes them at once; then it closes. */
static void conn_goodbye(snmpx_io *io, conn *c)
{
  if (c->dead)
    return;
  if (!c->connecting && c->fd >= 0) {
    if (c->filter.shut != NULL)
      c->filter.shut(c->filter.ctx, &c->wq);
    if (c->wq_off < c->wq.len &&
        send(c->fd, c->wq.p + c->wq_off, c->wq.len - c->wq_off,
             MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
      io->last_error = errno;
  }
  conn_close(io, c);
}

/* The next connection number (never 0). */
static uint32_t next_conn_id(snmpx__streams *s)
{
  if (++s->next_id == 0)
    s->next_id = 1;
  return s->next_id;
}

/* A read level lets go of |c|: the last one frees it if it was closed. */
static void conn_put(snmpx_io *io, conn *c)
{
  if (--c->busy == 0 && c->dead)
    conn_release(io, c);
}

static conn *conn_new(snmpx_io *io, int fd)
{
  snmpx__streams *s = io->streams;
  conn *c = snmpx__calloc(io->mem, 1, sizeof(*c));
  if (c == NULL)
    return NULL;
  if (snmpx__stream_frame_init(&c->fr, io->mem, s->opts.max_msg) != 0 ||
      snmpx__io_set_fd(io, fd, FD_STREAM, c, SNMPX_POLL_IN) != 0) {
    snmpx__free(io->mem, c);
    return NULL;
  }
  c->fd = fd;
  c->wq.mem = io->mem;
  c->born = now_ms(io);
  conn_link(s, c);
  touch(io, c);
  return c;
}

/* The key a connection is found by: an accepted one's number (its peer
 * address is only for show), a client one's peer address. */
static size_t peer_hash(const snmpx_addr *a)
{
  return a->conn != 0 ? snmpx__chash_bytes(0, &a->conn, sizeof(a->conn))
                      : snmpx__addr_hash(a);
}

/* |c|, its peer now set, can be found: 0, or SNMPX_ENOMEM. */
static int conn_index(snmpx_io *io, conn *c)
{
  snmpx__streams *s = io->streams;
  if (snmpx__chash_add(&s->by_peer, &c->link, peer_hash(&c->peer),
                       io->mem) != 0)
    return SNMPX_ENOMEM;
  c->indexed = true;
  return 0;
}

/* The connection to |to|: an accepted one by its number, else the client
 * connection to that address.  Hashed: a poll may hold thousands. */
static conn *conn_find(snmpx__streams *s, const snmpx_addr *to)
{
  size_t h = peer_hash(to);
  for (snmpx__chain *l = snmpx__chash_bucket(&s->by_peer, h); l != NULL;
       l = l->next) {
    conn *c = (conn *)l;
    if (l->hash == h &&
        (to->conn != 0 ? c->accepted && c->peer.conn == to->conn
                       : !c->accepted && snmpx_addr_equal(&c->peer, to)))
      return c;
  }
  return NULL;
}

/* The client TLS connection to |to| that is the session of the
 * tmSecurityName of |tm| (RFC 6353 5.2 step 2: peer and name select the
 * session; another name to the same peer gets a session of its own). */
static conn *conn_find_named(snmpx__streams *s, const snmpx_addr *to,
                             const snmpx_tm_state *tm)
{
  if (tm == NULL)
    return conn_find(s, to);
  size_t h = peer_hash(to);
  for (snmpx__chain *l = snmpx__chash_bucket(&s->by_peer, h); l != NULL;
       l = l->next) {
    conn *c = (conn *)l;
    if (l->hash == h && !c->accepted && snmpx_addr_equal(&c->peer, to) &&
        snmpx__stream_tls_serves(&c->filter, tm->security_name,
                                 tm->security_name_len))
      return c;
  }
  return NULL;
}

/* ---- writing ------------------------------------------------------------- */

static int interest(const conn *c)
{
  return c->connecting || c->wq.len > c->wq_off
             ? SNMPX_POLL_IN | SNMPX_POLL_OUT
             : SNMPX_POLL_IN;
}

/* Write what |c| queued, as far as the kernel takes it, and watch for
 * writability while some is left.  A failed write closes |c|. */
static void conn_flush(snmpx_io *io, conn *c)
{
  c->dirty = false;
  while (!c->connecting && c->wq_off < c->wq.len) {
    ssize_t n = send(c->fd, c->wq.p + c->wq_off, c->wq.len - c->wq_off,
                     MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      break;
    if (n < 0) {
      io->last_error = errno;
      io->streams->st.stream_failed++;
      conn_close(io, c);
      return;
    }
    c->wq_off += (size_t)n;
  }
  if (c->wq_off == c->wq.len)
    c->wq.len = c->wq_off = 0;
  snmpx__io_set_fd(io, c->fd, FD_STREAM, c, interest(c));
}

/* Queue one message on |c| (through its filter).  What the filter holds
 * back (TLS: messages waiting for the handshake) counts against the
 * bound too, and a message identical to one it holds (the engine's retry
 * of a request written during the handshake) is not queued again.
 * @return 0, or an error when the queue is full or cannot grow. */
static int conn_queue(snmpx_io *io, conn *c, const uint8_t *data, size_t len)
{
  size_t waiting = c->wq.len - c->wq_off;
  if (c->filter.held != NULL) {
    bool same = false;
    waiting += c->filter.held(c->filter.ctx, data, len, &same);
    if (same)
      return 0;
  }
  if (waiting + len > opt_max_queue(io->streams))
    return SNMPX_ETOOMANY;
  if (c->filter.seal != NULL)
    return c->filter.seal(c->filter.ctx, data, len, &c->wq);
  return snmpx__bytes_append(&c->wq, data, len);
}

static void conn_connected(snmpx_io *io, conn *c);

/* ---- opening ------------------------------------------------------------- */

static int open_stream_socket(int family)
{
  int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  if (family != AF_UNIX) {
    /* Requests and answers are small and each is awaited: no Nagle
     * delay. */
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  }
  return fd;
}

/* |c| carries TLS (RFC 6353): a server session (|server|: accepted) or a
 * client one, whose ClientHello is queued.  A client that cannot make its
 * context counts an open error.  @return 0, or an error. */
static int conn_tls(snmpx_io *io, conn *c, bool server)
{
  int rv = snmpx__stream_tls_filter(io, server, &c->peer, c->id, &c->filter,
                                    &c->wq);
  if (rv != 0 && c->filter.ctx == NULL && !server)
    snmpx__io_tls_failed(io, NULL, false, rv);
  c->tls = c->filter.ctx != NULL;
  return rv;
}

/* A client connection to |to|, connecting.  NULL when the socket cannot
 * be made or the connect fails at once. */
static conn *conn_open(snmpx_io *io, const snmpx_addr *to)
{
  int fd = open_stream_socket(to->u.sa.sa_family);
  if (fd < 0) {
    io->last_error = errno;
    return NULL;
  }
  int rv;
  do {
    rv = connect(fd, &to->u.sa, to->len);
  } while (rv != 0 && errno == EINTR);
  bool pending = rv != 0 && errno == EINPROGRESS;
  if (rv != 0 && !pending) {
    io->last_error = errno;
    close(fd);
    return NULL;
  }
  conn *c = conn_new(io, fd);
  if (c == NULL) {
    close(fd);
    return NULL;
  }
  c->peer = *to;
  c->connecting = pending;
  c->id = next_conn_id(io->streams);
  if (conn_index(io, c) != 0) {
    conn_close(io, c);
    return NULL;
  }
  if (to->domain == SNMPX_DOMAIN_TLS && conn_tls(io, c, false) != 0) {
    conn_close(io, c);
    return NULL;
  }
  io->streams->st.stream_opened++;
  return c;
}

/* A connect under way may have finished without the loop saying so (a
 * foreign loop that watches only for reading): look, without waiting.
 * @return false when the connect failed: |c| is closed and gone. */
static bool poll_connected(snmpx_io *io, conn *c)
{
  struct pollfd p = {c->fd, POLLOUT, 0};
  if (poll(&p, 1, 0) != 1)
    return true;
  c->busy++;
  conn_connected(io, c);
  bool ok = !c->dead;
  conn_put(io, c);
  return ok;
}

/* The connection a TLS answer leaves on: the one its request came in on,
 * by the tmSessionID (RFC 5591 4.2 step 1, tmSameSecurity).  RFC 6353 5.2
 * step 1: when that session is gone, the answer is dropped and counted
 * (snmpTlstmSessionNoSessions); it never opens a new one. */
static conn *tls_answer_conn(snmpx_io *io, const snmpx_addr *to,
                             const snmpx_tm_state *tm)
{
  conn *c = conn_find(io->streams, to);
  if (c != NULL && tm != NULL && c->id != tm->session_id)
    c = NULL; /* another session with the same peer */
  if (c == NULL)
    snmpx__io_tls_no_session(io);
  return c;
}

void snmpx__stream_send(snmpx_io *io, const uint8_t *data, size_t len,
                        const snmpx_addr *to, bool answer)
{
  snmpx__streams *s = streams(io);
  if (s == NULL)
    return;
  conn *c;
  const snmpx_tm_state *tm = NULL;
  if (to->domain == SNMPX_DOMAIN_TLS) {
    /* The engine's own TSM messages carry session_id 0: any session. */
    tm = snmpx__engine_answer_tm(io->engine);
    if (tm != NULL && tm->session_id == 0)
      tm = NULL;
    answer = answer || tm != NULL;
  }
  if (answer && to->domain == SNMPX_DOMAIN_TLS) {
    c = tls_answer_conn(io, to, tm);
  } else {
    c = to->domain == SNMPX_DOMAIN_TLS && to->conn == 0
            ? conn_find_named(s, to, snmpx__engine_answer_tm(io->engine))
            : conn_find(s, to);
    if (c == NULL && !answer && to->conn == 0)
      c = conn_open(io, to);
  }
  if (c == NULL || conn_queue(io, c, data, len) != 0) {
    /* An answer whose connection is gone, a peer that cannot be
     * reached: lost as a datagram would be (a manager retries). */
    s->st.stream_dropped++;
    return;
  }
  touch(io, c);
  if (c->connecting && !poll_connected(io, c))
    return; /* refused: the message is lost, as a datagram would be */
  if (io->defer > 0) {
    c->dirty = true;
    return;
  }
  conn_flush(io, c);
}

int snmpx__stream_connect(snmpx_io *io, const snmpx_addr *addr,
                          int timeout_ms)
{
  snmpx__streams *s = streams(io);
  if (s == NULL)
    return SNMPX_ENOMEM;
  /* A client without a certificate or key shows now, by name. */
  if (addr->domain == SNMPX_DOMAIN_TLS &&
      snmpx__io_tls_ctx(io, false, false) == NULL)
    return SNMPX_ETLS_CONFIG;
  conn *c = conn_find(s, addr);
  if (c == NULL && addr->conn == 0)
    c = conn_open(io, addr);
  if (c == NULL)
    return SNMPX_ESOCKET;
  if (!c->connecting)
    return 0;
  struct pollfd p = {c->fd, POLLOUT, 0};
  int n;
  do {
    n = poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  if (n == 0)
    return SNMPX_ETIMEDOUT;
  c->busy++;
  conn_connected(io, c); /* closes it on failure */
  bool ok = !c->dead;
  if (ok)
    conn_flush(io, c);
  conn_put(io, c);
  return ok ? 0 : SNMPX_ESOCKET;
}

void snmpx__stream_flush(snmpx_io *io)
{
  snmpx__streams *s = io->streams;
  if (s == NULL)
    return;
  conn *next;
  for (conn *c = s->head; c != NULL; c = next) {
    next = c->next;
    if (c->dirty)
      conn_flush(io, c);
  }
}

/* ---- listening ----------------------------------------------------------- */

int snmpx__stream_listen(snmpx_io *io, const snmpx_addr *addr)
{
  int family = addr->u.sa.sa_family;
  bool unix_ = addr->domain == SNMPX_DOMAIN_UNIX;
  if (unix_ ? family != AF_UNIX : family != AF_INET && family != AF_INET6)
    return SNMPX_EINVAL;
  if (streams(io) == NULL)
    return SNMPX_ENOMEM;
  /* A TLS listener's certificate and key are read now, so a missing one
   * shows here rather than as refused connections. */
  if (addr->domain == SNMPX_DOMAIN_TLS &&
      snmpx__io_tls_ctx(io, true, false) == NULL)
    return SNMPX_ETLS_CONFIG;
  int fd = open_stream_socket(family);
  if (fd < 0) {
    io->last_error = errno;
    return SNMPX_ESOCKET;
  }
  int on = 1;
  if (family == AF_INET6)
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
  if (!unix_)
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  else
    /* As snmpd: a socket file left by an earlier run goes first. */
    unlink(addr->u.un.sun_path);
  listener *l = &io->listen[io->n_listen];
  memset(&l->addr, 0, sizeof(l->addr));
  socklen_t alen = sizeof(l->addr.u);
  if (bind(fd, &addr->u.sa, addr->len) != 0 ||
      listen(fd, LISTEN_BACKLOG) != 0 ||
      getsockname(fd, &l->addr.u.sa, &alen) != 0) {
    io->last_error = errno;
    close(fd);
    return SNMPX_ESOCKET;
  }
  l->addr.len = alen;
  l->addr.domain = addr->domain;
  if (unix_)
    l->addr = *addr; /* the path as given */
  l->fd = fd;
  io->streams->accepted[io->n_listen] = 0;
  if (snmpx__io_set_fd(io, fd, FD_STREAM, NULL, SNMPX_POLL_IN) != 0) {
    close(fd);
    return SNMPX_ENOMEM;
  }
  return io->n_listen++;
}

static int stream_listener_of(const snmpx_io *io, int fd)
{
  for (int i = 0; i < io->n_listen; i++)
    if (io->listen[i].fd == fd && io->listen[i].addr.domain != SNMPX_DOMAIN_UDP)
      return i;
  return -1;
}

/* The connection |fd| accepted on listener |li| came from |peer|. */
static void accepted(snmpx_io *io, int li, int fd, const snmpx_addr *peer)
{
  snmpx__streams *s = io->streams;
  const listener *l = &io->listen[li];
  if ((uint32_t)s->accepted[li] >= opt_max_accepted(s)) {
    s->st.stream_refused++;
    close(fd);
    return;
  }
  conn *c = conn_new(io, fd);
  if (c == NULL) {
    s->st.stream_refused++;
    close(fd);
    return;
  }
  c->accepted = true;
  c->listener = li;
  s->accepted[li]++;
  s->st.stream_accepted++;
  c->id = next_conn_id(s);
  c->peer = *peer;
  c->peer.domain = l->addr.domain;
  c->peer.conn = (uint32_t)c->id;
  if (l->addr.domain == SNMPX_DOMAIN_UNIX) {
    /* A UNIX client has no name: it is known by the socket it came to,
     * as Net-SNMP names it ("Local IPC: PATH"). */
    c->peer.u.un = l->addr.u.un;
    c->peer.len = l->addr.len;
  }
  if (conn_index(io, c) != 0 ||
      (l->addr.domain == SNMPX_DOMAIN_TLS && conn_tls(io, c, true) != 0)) {
    s->st.stream_refused++;
    conn_close(io, c);
    return;
  }
  schedule(io, c); /* a TLS handshake's deadline */
  /* The local end: the address a wildcard listener was reached at. */
  c->local = l->addr;
  if (l->addr.domain != SNMPX_DOMAIN_UNIX) {
    socklen_t alen = sizeof(c->local.u);
    if (getsockname(fd, &c->local.u.sa, &alen) == 0)
      c->local.len = alen;
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
  }
}

int snmpx__stream_adopt(snmpx_io *io, int fd, int domain)
{
  snmpx__streams *s = streams(io);
  conn *c = s != NULL ? conn_new(io, fd) : NULL;
  if (c == NULL)
    return SNMPX_ENOMEM;
  c->accepted = true;
  c->listener = -1;
  c->id = next_conn_id(s);
  c->peer.domain = (uint16_t)domain;
  c->peer.conn = (uint32_t)c->id;
  c->peer.u.sa.sa_family = AF_UNIX;
  c->peer.len = sizeof(sa_family_t);
  c->local = c->peer;
  int rv = conn_index(io, c) != 0 ? SNMPX_ENOMEM
           : domain == SNMPX_DOMAIN_TLS ? conn_tls(io, c, true)
                                        : 0;
  if (rv != 0) {
    conn_close(io, c);
    return rv;
  }
  schedule(io, c);
  return 0;
}

static void accept_some(snmpx_io *io, int li)
{
  for (int i = 0; i < ACCEPTS_PER_TURN; i++) {
    snmpx_addr peer;
    memset(&peer, 0, sizeof(peer));
    socklen_t alen = sizeof(peer.u);
    int fd = accept4(io->listen[li].fd, &peer.u.sa, &alen,
                     SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        io->last_error = errno;
      return;
    }
    peer.len = alen;
    if (peer.u.sa.sa_family == AF_UNSPEC || alen == 0)
      peer.u.sa.sa_family = io->listen[li].addr.u.sa.sa_family;
    accepted(io, li, fd, &peer);
  }
}

/* ---- reading ------------------------------------------------------------- */

/* Hand the engine the messages in the bytes |c| holds.  A framing error
 * closes |c|. */
static void consume(snmpx_io *io, conn *c)
{
  while (!c->dead && c->in_pos < c->in_len) {
    /* An outer level is handing the engine a message out of the framer's
     * buffer: the framer gets a new one. */
    if (c->lent != NULL && c->fr.buf == c->lent) {
      c->fr.buf = NULL;
      c->fr.cap = 0;
    }
    size_t used;
    const uint8_t *m;
    size_t mlen;
    int rv = snmpx__stream_frame_feed(&c->fr, c->in + c->in_pos,
                                      c->in_len - c->in_pos, &used, &m, &mlen);
    c->in_pos += used;
    if (rv < 0) {
      io->streams->st.stream_bad_frame++;
      conn_close(io, c);
      return;
    }
    if (rv == 0)
      continue;
    const uint8_t *outer = c->lent;
    uint8_t *mine = m == c->fr.buf ? c->fr.buf : NULL;
    c->lent = mine;
    if (c->filter.deliver != NULL)
      c->filter.deliver(c->filter.ctx, m, mlen, &c->peer,
                        c->accepted ? &c->local : NULL);
    else
      snmpx_engine_recv_to(io->engine, m, mlen, &c->peer,
                           c->accepted ? &c->local : NULL);
    if (mine != NULL && c->fr.buf != mine)
      snmpx__free(io->mem, mine); /* a nested level took a new buffer */
    c->lent = outer;
  }
}

static void peer_closed(snmpx_io *io, conn *c);

/* Bytes that came in on |c|: through the filter, then the framer. */
static void take_bytes(snmpx_io *io, conn *c, const uint8_t *data, size_t n)
{
  snmpx__bytes plain = {.mem = io->mem};
  int rv = 0;
  if (c->filter.open != NULL) {
    rv = c->filter.open(c->filter.ctx, data, n, &plain, &c->wq);
    if (rv < 0 && rv != SNMPX_ETLS_CLOSED) {
      /* A failed handshake or peer check: an alert may wait. */
      snmpx__free(io->mem, plain.p);
      io->streams->st.stream_failed++;
      conn_goodbye(io, c);
      return;
    }
    data = plain.p;
    n = plain.len;
    if (c->wq.len > c->wq_off)
      c->dirty = true;
    if (c->tls && !c->resumed && snmpx__stream_tls_is_resumed(&c->filter)) {
      c->resumed = true;
      io->streams->tls_resumed++;
    }
  }
  c->in = data;
  c->in_len = n;
  c->in_pos = 0;
  consume(io, c);
  c->in = NULL;
  c->in_len = c->in_pos = 0;
  snmpx__free(io->mem, plain.p);
  if (rv == SNMPX_ETLS_CLOSED && !c->dead)
    peer_closed(io, c); /* close_notify: the session ended in order */
}

/* The peer closed its end: a message cut short is a failure. */
static void peer_closed(snmpx_io *io, conn *c)
{
  if (c->fr.have > 0)
    io->streams->st.stream_failed++;
  else
    io->streams->st.stream_closed++;
  conn_goodbye(io, c);
}

static void conn_read(snmpx_io *io, conn *c)
{
  uint8_t buf[READ_CHUNK];
  /* Bytes an outer read level took and has not framed come first. */
  if (c->in_pos < c->in_len)
    consume(io, c);
  for (int i = 0; i < READS_PER_TURN && !c->dead; i++) {
    ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    if (n < 0) {
      io->last_error = errno;
      io->streams->st.stream_failed++;
      conn_close(io, c);
      return;
    }
    if (n == 0) {
      peer_closed(io, c);
      return;
    }
    touch(io, c);
    take_bytes(io, c, buf, (size_t)n);
    if ((size_t)n < sizeof(buf))
      return;
  }
}

/* A non-blocking connect finished: failed, or ready to write. */
static void conn_connected(snmpx_io *io, conn *c)
{
  int err = 0;
  socklen_t len = sizeof(err);
  if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
    err = errno;
  if (err != 0) {
    io->last_error = err;
    io->streams->st.stream_failed++;
    conn_close(io, c);
    return;
  }
  c->connecting = false;
}

void snmpx__stream_ready(snmpx_io *io, int fd, void *ptr, int what)
{
  if (io->streams == NULL)
    return;
  if (ptr == NULL) {
    int li = stream_listener_of(io, fd);
    if (li >= 0 && (what & SNMPX_POLL_IN))
      accept_some(io, li);
    return;
  }
  conn *c = ptr;
  c->busy++;
  if ((what & SNMPX_POLL_OUT) && c->connecting)
    conn_connected(io, c);
  if (!c->dead && (what & SNMPX_POLL_IN) && !c->connecting)
    conn_read(io, c);
  if (!c->dead && (what & SNMPX_POLL_IN) && c->connecting)
    conn_connected(io, c); /* a refused connect shows as readable too */
  if (!c->dead && (c->dirty || (what & SNMPX_POLL_OUT)))
    conn_flush(io, c);
  conn_put(io, c);
}

/* ---- idle timeouts and teardown ------------------------------------------ */

uint64_t snmpx__stream_tls_resumptions(const snmpx_io *io)
{
  return io->streams != NULL ? io->streams->tls_resumed : 0;
}

int64_t snmpx__stream_deadline(const snmpx_io *io)
{
  return io->streams != NULL ? io->streams->next_idle : -1;
}

void snmpx__stream_sweep(snmpx_io *io)
{
  snmpx__streams *s = io->streams;
  if (s == NULL || s->next_idle < 0)
    return;
  uint64_t now = now_ms(io), idle = opt_idle(s);
  if ((int64_t)now < s->next_idle)
    return;
  int64_t next = -1;
  conn *n;
  for (conn *c = s->head; c != NULL; c = n) {
    n = c->next;
    if (c->busy == 0 && handshaking(c) &&
        now - c->born >= SNMPX_IO_TLS_HANDSHAKE_MS) {
      /* A client that connected and never finished its handshake. */
      s->st.stream_failed++;
      snmpx__stream_tls_timed_out(&c->filter);
      conn_close(io, c);
      continue;
    }
    if (c->busy == 0 && now - c->last_active >= idle) {
      s->st.stream_idle++;
      conn_goodbye(io, c);
      continue;
    }
    int64_t at = conn_due(s, c);
    if (next < 0 || at < next)
      next = at;
  }
  s->next_idle = next;
}

void snmpx__stream_free(snmpx_io *io)
{
  snmpx__streams *s = io->streams;
  for (int i = 0; i < io->n_listen; i++) {
    listener *l = &io->listen[i];
    if (l->addr.domain == SNMPX_DOMAIN_UDP || l->fd < 0)
      continue;
    snmpx__io_set_fd(io, l->fd, FD_NONE, NULL, 0);
    close(l->fd);
    l->fd = -1;
    if (l->addr.domain == SNMPX_DOMAIN_UNIX)
      unlink(l->addr.u.un.sun_path);
  }
  if (s == NULL)
    return;
  while (s->head != NULL)
    conn_goodbye(io, s->head);
  snmpx__chash_clear(&s->by_peer, io->mem, snmpx__chash_free_record, NULL);
  snmpx__free(io->mem, s);
  io->streams = NULL;
}
