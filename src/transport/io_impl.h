/* The io object (snmpx_io) shared by its parts: the engine glue and the
 * listeners (io.c), the UDP transport with its batching (udp.c), the
 * stream transports, TCP and UNIX (stream.c), and the loop: the fd
 * registry, the built-in epoll loop and the foreign-loop hooks
 * (src/loop/loop.c).  Internal: nothing here is public. */
#ifndef SNMPX_IO_IMPL_H
#define SNMPX_IO_IMPL_H

#include <sys/socket.h>

#include "internal.h"

/* Datagrams read from a client socket by one recvmmsg call, each into a
 * slot big enough for any UDP datagram.  The slots are one allocation
 * made on first use (1 MiB of address space; with libc's allocator only
 * the pages that datagrams fill become resident). */
#define RECV_BATCH 16
#define RECV_SLOT 65536

/* Most listening sockets one io serves (addresses x families x ports x
 * domains). */
#define MAX_LISTEN 16

/* Datagrams sent while the io is handling what it read (answers to a
 * burst of requests, requests that completion callbacks submit) or while
 * timers fire wait here and leave together when that work ends: one
 * sendmmsg for all, and with UDP GSO one pass through the kernel's stack
 * for each run of same-size datagrams to one peer.  Most datagrams, and
 * bytes for all of them. */
#define SEND_BATCH 32
#define SEND_BYTES (256 * 1024)

typedef struct send_queue {
  uint8_t *bytes; /* SEND_BYTES; NULL until used */
  size_t used;
  int n;
  int fd;         /* the listener they leave from */
  size_t off[SEND_BATCH];
  size_t len[SEND_BATCH];
  snmpx_addr to[SEND_BATCH];
} send_queue;

/* Most descriptors snmpx_io_watch takes. */
#define MAX_WATCH 64

/* A descriptor of the application's (snmpx_io_watch). */
typedef struct watch {
  int fd;
  snmpx_io_fd_cb cb;
  void *ud;
} watch;

/* A socket bound by snmpx_io_listen: UDP (addr.domain UDP), or a stream
 * socket that accepts connections (TCP, UNIX). */
typedef struct listener {
  int fd;
  snmpx_addr addr;
} listener;

/* Sockets whose kernel drop count the io follows: the two client sockets,
 * then the listeners. */
#define OVFL_FD4 0
#define OVFL_FD6 1
#define OVFL_LISTEN 2

/* What one read returned, handed to the engine a datagram at a time: the
 * filled recvmmsg slots (or read_one's single buffer), each one datagram
 * or a GRO buffer of several.  A callback may run the loop again (a
 * nested wait), so the reads being handed over form a stack, newest on
 * top.  The nested run hands over what the reads under it still hold
 * before it reads a socket or sleeps: the answer it waits for may have
 * been read along with the one whose callback waits. */
typedef struct inbox {
  uint8_t *buf;              /* buffer i at buf + i * RECV_SLOT */
  const listener *l;         /* the socket read; NULL: a client socket */
  int n;                     /* buffers filled */
  int next;                  /* the next one to hand over */
  size_t off;                /* in it, where the next GRO segment starts */
  size_t len[RECV_BATCH];
  size_t seg[RECV_BATCH];    /* GRO segment size; 0: one datagram */
  snmpx_addr from[RECV_BATCH];
  snmpx_addr to[RECV_BATCH]; /* destinations (a listener's read) */
  struct inbox *under;       /* the read whose handling this one is in */
} inbox;

/* What owns a descriptor in the io's registry. */
enum { FD_NONE = 0, FD_UDP, FD_WATCH, FD_STREAM, FD_DTLS };

/* One descriptor the io has the loop watch: who owns it, and the
 * interest (SNMPX_POLL_IN | SNMPX_POLL_OUT) last reported. */
typedef struct fd_slot {
  uint8_t kind;
  uint8_t events;
  void *ptr; /* FD_STREAM: the stream part's object for it */
} fd_slot;

typedef struct snmpx__streams snmpx__streams;
typedef struct snmpx__io_tls snmpx__io_tls;
typedef struct snmpx__dtls snmpx__dtls;

struct snmpx_io {
  snmpx_engine *engine;
  const snmpx_mem *mem;
  int fd4;
  int fd6;
  listener listen[MAX_LISTEN];
  int n_listen;
  int defer;   /* > 0: sends wait (reading or timers under way) */
  bool gso;    /* the kernel takes UDP_SEGMENT (probed on the first socket) */
  bool gso_probed;
  watch watches[MAX_WATCH];
  int n_watch;
  send_queue sq;
  int last_error;
  /* A foreign loop's hooks (snmpx_io_set_loop_callbacks). */
  snmpx_sock_cb on_socket;
  snmpx_timer_cb on_timer;
  void *loop_ud;
  /* The built-in loop: an epoll set fed by the same socket reports. */
  int epfd;
  /* The registry: every descriptor watched, by number. */
  fd_slot *fds;
  int n_fds;
  uint8_t rbuf[65536];
  uint8_t *batch; /* RECV_BATCH slots of RECV_SLOT; NULL until used */
  inbox *reading; /* the reads being handed to the engine, newest first */
  /* SO_RXQ_OVFL: the drop count each socket last reported (the kernel's
   * running total for the socket, by OVFL_*), and the sum of what they
   * added up to (snmpx_io_stats.kernel_drops). */
  uint32_t ovfl_seen[OVFL_LISTEN + MAX_LISTEN];
  uint64_t kernel_drops;
  /* The stream transports' connections; NULL until one is used. */
  snmpx__streams *streams;
  /* TLS/DTLS configuration and contexts (tls_io.c); NULL until used. */
  snmpx__io_tls *tls;
  /* The DTLS transport's sockets and sessions (dtls.c); NULL until used. */
  snmpx__dtls *dtls;
};

/* ---- the loop (src/loop/loop.c) ---------------------------------------- */

/** Register |fd| as |kind| (|ptr|: the stream part's object) with
 *  interest |events| (SNMPX_POLL_IN | SNMPX_POLL_OUT), or drop it from
 *  the registry (|events| 0, before closing it).  Changes go to the
 *  foreign loop's hook and the built-in epoll set.
 *  @return 0; SNMPX_ENOMEM (the registry cannot grow); SNMPX_EINVAL. */
int snmpx__io_set_fd(snmpx_io *io, int fd, int kind, void *ptr, int events);

/** Something other than the engine changed when the io must wake (a
 *  stream connection's idle timeout): a foreign loop's timer is re-armed. */
void snmpx__io_timer_changed(snmpx_io *io);

/** Hold sends back while reading or firing timers; the outermost end
 *  sends them. */
void snmpx__io_defer_begin(snmpx_io *io);
void snmpx__io_defer_end(snmpx_io *io);

/* ---- UDP (src/transport/udp.c) ----------------------------------------- */

/** The engine's send callback's UDP part. */
void snmpx__udp_send(snmpx_io *io, const uint8_t *data, size_t len,
                     const snmpx_addr *to);
/** Bind datagram socket |fd| to |addr| as the next listener's socket
 *  (io->listen[io->n_listen]: its address, port resolved, of |domain|,
 *  and |fd|), for UDP and DTLS.  On failure the errno is in last_error
 *  and |fd| is closed.  @return 0; SNMPX_ESOCKET. */
int snmpx__udp_bind_listener(snmpx_io *io, int fd, const snmpx_addr *addr,
                             int domain);
/** snmpx_io_listen for UDP.  @return the listener index, or an error. */
int snmpx__udp_listen(snmpx_io *io, const snmpx_addr *addr);
/** Read what UDP socket |fd| holds and hand it to the engine. */
void snmpx__udp_drain(snmpx_io *io, int fd);
/** Send the datagrams held back (snmpx__io_defer_end, nested waits). */
void snmpx__udp_flush(snmpx_io *io);
/** A nested wait: hand over what the reads under way still hold.
 *  @return true when there was something. */
bool snmpx__udp_deliver_held(snmpx_io *io);
/** The UDP listener that |fd| is, or -1. */
int snmpx__udp_listener_of(const snmpx_io *io, int fd);
/** Close the UDP sockets and free the buffers. */
void snmpx__udp_free(snmpx_io *io);

/* ---- streams (src/transport/stream.c) ---------------------------------- */

/** The engine's send callback's part for TCP, UNIX and TLS: onto the
 *  connection to |to| (opened, or reopened after a failure, as needed;
 *  an answer only ever leaves on the connection its request came in on:
 *  for TLS, the one snmpx__engine_answer_tm's session_id names, else it
 *  is dropped and counted in snmpTlstmSessionNoSessions). */
void snmpx__stream_send(snmpx_io *io, const uint8_t *data, size_t len,
                        const snmpx_addr *to, bool answer);
/** snmpx_io_connect for TCP, UNIX and TLS (the TCP connect; the TLS
 *  handshake goes on in the loop; SNMPX_ETLS_CONFIG: no client
 *  certificate or key). */
int snmpx__stream_connect(snmpx_io *io, const snmpx_addr *addr,
                          int timeout_ms);
/** snmpx_io_listen for TCP, UNIX and TLS (whose server context is made
 *  now).  @return the listener index, or an error (SNMPX_ETLS_CONFIG: no
 *  usable certificate or key for a TLS listener). */
int snmpx__stream_listen(snmpx_io *io, const snmpx_addr *addr);
/** Descriptor |fd| (registered with |ptr|) is ready: |what| is
 *  SNMPX_POLL_IN and/or SNMPX_POLL_OUT. */
void snmpx__stream_ready(snmpx_io *io, int fd, void *ptr, int what);
/** Write what connections queued while sends were held back. */
void snmpx__stream_flush(snmpx_io *io);
/** Close connections idle past their timeout (at the engine's now). */
void snmpx__stream_sweep(snmpx_io *io);
/** When the next connection goes idle (engine ms), or -1. */
int64_t snmpx__stream_deadline(const snmpx_io *io);
/** Make |fd| (a connected stream socket, non-blocking; the io closes it)
 *  a connection accepted from a peer of |domain| that has no listener
 *  (TLS: it gets a server session): for tests and fuzzing, which drive a
 *  socketpair.  @return 0; SNMPX_ENOMEM; SNMPX_ETLS_CONFIG (TLS: no
 *  server certificate or key). */
int snmpx__stream_adopt(snmpx_io *io, int fd, int domain);
/** TLS client handshakes that resumed an earlier session (for tests). */
uint64_t snmpx__stream_tls_resumptions(const snmpx_io *io);
/** Add the stream counters to |out|. */
void snmpx__stream_stats(const snmpx_io *io, snmpx_io_stats *out);
/** Close every connection and stream listener's state. */
void snmpx__stream_free(snmpx_io *io);

/* ---- TLS and DTLS: what both secure transports share (tls_io.c) ------- */

struct snmpx__tls_ctx;
struct snmpx__tls_session;

/** The TLS (|dtls| false) or DTLS context of a role (|server|: listeners),
 *  made from the io's configuration on first use.
 *  @return it; NULL (snmpx_io_tls_error says why: no certificate, no key,
 *  a file that cannot be read; or out of memory). */
struct snmpx__tls_ctx *snmpx__io_tls_ctx(snmpx_io *io, bool server,
                                         bool dtls);

/** A session's handshake has just completed: check the peer (RFC 6353
 *  5.3.1 step 2 for a client, with snmpx_io_tls_peer's entry for |peer|;
 *  5.3.2 and certSecName for a server) and count it (sessionOpens or
 *  sessionAccepts, else the failure's counter and openErrors).  A server
 *  gets the client's tmSecurityName in name[0..cap), NUL-terminated; a
 *  client gets "" (its messages carry the name they were sent with).
 *  @return 0; SNMPX_ETLS_CERT, SNMPX_ETSM_NO_SECNAME (the session must be
 *  closed; snmpx_io_tls_error says why); SNMPX_ENOMEM. */
int snmpx__io_tls_verify(snmpx_io *io, struct snmpx__tls_session *s,
                         bool server, const snmpx_addr *peer, char *name,
                         size_t cap);

/** A handshake failed (|server|: one the io accepted): counted in
 *  snmpTlstmSessionOpenErrors, with the certificate counters when
 *  |rv| is SNMPX_ETLS_CERT; the session's reason kept for
 *  snmpx_io_tls_error. */
void snmpx__io_tls_failed(snmpx_io *io, struct snmpx__tls_session *s,
                          bool server, int rv);

/** An established session closed: |server| (accepted) counts
 *  snmpTlstmSessionServerCloses, else ...ClientCloses. */
void snmpx__io_tls_closed(snmpx_io *io, bool server);

/** An answer whose session is gone was dropped (RFC 6353 5.2 step 1):
 *  snmpTlstmSessionNoSessions. */
void snmpx__io_tls_no_session(snmpx_io *io);

/** Hand one SNMP message that arrived on a (D)TLS session to the engine
 *  (snmpx_engine_recv_tm): |from| the peer (its |conn| the session's
 *  number), |to| the local address (NULL: unknown), |name| the session's
 *  tmSecurityName ("" on a client session: the engine matches answers
 *  by msgID, but a TSM message needs a name: stream.c gives a client
 *  connection the name its first TSM request was sent with),
 *  |session_id| the number an answer names the session by. */
void snmpx__io_tls_deliver(snmpx_io *io, const uint8_t *msg, size_t len,
                           const snmpx_addr *from, const snmpx_addr *to,
                           bool dtls, const char *name,
                           uint64_t session_id);

/** Free the contexts and the configuration. */
void snmpx__io_tls_free(snmpx_io *io);

/* ---- DTLS over UDP (src/transport/dtls.c) -------------------------------- */

/** The engine's send callback's part for DTLS: onto the session with |to|
 *  (an answer: the session snmpx__engine_answer_tm names; else opened,
 *  or resumed, as needed). */
void snmpx__dtls_send(snmpx_io *io, const uint8_t *data, size_t len,
                      const snmpx_addr *to, bool answer);
/** snmpx_io_connect for DTLS: start the handshake now. */
int snmpx__dtls_connect(snmpx_io *io, const snmpx_addr *addr,
                        int timeout_ms);
/** snmpx_io_listen for DTLS.  @return the listener index, or an error. */
int snmpx__dtls_listen(snmpx_io *io, const snmpx_addr *addr);
/** Descriptor |fd| (registered as FD_DTLS with |ptr|) is readable. */
void snmpx__dtls_ready(snmpx_io *io, int fd, void *ptr, int what);
/** Retransmit handshakes and close idle sessions due at the engine's now. */
void snmpx__dtls_sweep(snmpx_io *io);
/** When dtls.c next needs the timer (engine ms), or -1. */
int64_t snmpx__dtls_deadline(const snmpx_io *io);
/** Close every session (established ones with a close_notify) and
 *  socket. */
void snmpx__dtls_free(snmpx_io *io);

/** What the DTLS transport counted, and the sessions open now (tests and
 *  diagnostics; the RFC 6353 counters are snmpx_io_get_tlstm_stats'). */
typedef struct snmpx__dtls_stats {
  uint64_t client_sessions; /* open now, handshaking or established */
  uint64_t server_sessions;
  uint64_t hello_verify;    /* HelloVerifyRequests sent (RFC 6347 4.2.1) */
  uint64_t resumed;         /* client handshakes that resumed a session */
  uint64_t refused;         /* datagrams of new peers dropped: a listener
                               had DTLS_MAX_ACCEPTED sessions */
  uint64_t garbage;         /* datagrams of peers without a session that
                               were no ClientHello */
  uint64_t dropped;         /* messages dropped: no session could be had,
                               the handshake queue was full, too big, or
                               the handshake failed under them */
  uint64_t idle_closed;     /* sessions closed for idleness */
} snmpx__dtls_stats;

/** A snapshot of the DTLS counters into |out| (all 0 before first use). */
void snmpx__dtls_get_stats(const snmpx_io *io, snmpx__dtls_stats *out);

/** Handle datagram |dg| as if DTLS listener |li| had read it from |from|
 *  (what the socket path does per datagram; for fuzzing).
 *  @return 0; SNMPX_EINVAL (no such DTLS listener, not IPv4/IPv6). */
int snmpx__dtls_input(snmpx_io *io, int li, const snmpx_addr *from,
                      const uint8_t *dg, size_t len);

#endif
