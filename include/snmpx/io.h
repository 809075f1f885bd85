/* snmpx: the I/O adapter.  Owns the UDP sockets of one engine (one per
 * address family, shared by every target), turns readiness into
 * snmpx_engine_recv calls and deadlines into snmpx_engine_tick calls, and
 * either runs the built-in epoll loop (the blocking API, the tools) or
 * reports to a foreign event loop through two callbacks.
 *
 * Batching (Linux).  Sockets are read in batches (recvmmsg) and with UDP
 * GRO, so a burst a peer sent with GSO costs one read; each datagram still
 * reaches the engine alone.  What the engine sends while the io handles
 * readable sockets or timers (answers, requests that completion callbacks
 * submit, retransmissions) is held and sent together when that handling
 * ends: one sendmmsg, and one UDP GSO send for each run of same-size
 * datagrams to one peer (the peer receives ordinary datagrams).  A wait
 * started from inside a callback (snmpx_io_wait_result...) sends what is
 * held before it sleeps, and first hands the engine the datagrams read
 * along with the one whose callback it runs in (the rest of that batch
 * or GRO buffer).  A request submitted outside the io's handling
 * leaves before snmpx_engine_submit returns, unless a window is full
 * (snmpx_engine_set_window, snmpx_target.window): it then waits in the
 * engine and leaves when an earlier request completes, held with the
 * other sends of the handling that completed it (a response read, a
 * timeout), or at once when snmpx_engine_cancel completed it outside
 * any handling. */
#ifndef SNMPX_IO_H
#define SNMPX_IO_H

#include "common.h"
#include "engine.h"

typedef struct snmpx_io snmpx_io;

/** Parse a Net-SNMP style agent address: "[transport:]host[:port]", or
 *  "unix:/path".  The transports, as Net-SNMP spells them: udp (the
 *  default), udp6 (udpv6, udpipv6, ipv6), tcp, tcp6 (tcpv6, tcpipv6),
 *  unix, tlstcp (tls), dtlsudp (dtls; dtlsudp6, dtls6), in any case;
 *  an address that starts with '/' is a UNIX path, as in Net-SNMP.
 *  IPv6 literals go in brackets ("udp6:[::1]:161"); a bare IPv6 literal
 *  is taken whole; host names resolve with getaddrinfo (IPv4 for udp and
 *  tcp, IPv6 for udp6 and tcp6).  A missing port gives |default_port|,
 *  except that tlstcp and dtlsudp turn 161 into 10161 and 162 into 10162
 *  (RFC 6353 10).  The domain goes into out->domain; parsing does not say
 *  whether an io serves it (snmpx_io_check_addr does).
 *  @return 0; SNMPX_EINVAL (NULL), SNMPX_EADDR (unparseable, bad port,
 *  name does not resolve, UNIX path empty or longer than sun_path). */
SNMPX_EXTERN int snmpx_addr_parse(snmpx_addr *out, const char *spec,
                                  uint16_t default_port);

/** Parse an address to listen on, as Net-SNMP's agentAddress and
 *  snmpTrapdAddr do: as snmpx_addr_parse, except that a port alone after
 *  the optional transport ("161", "udp:161", "udp6:1161") is that port on
 *  every address of the family: 0.0.0.0 for udp, tcp or no transport,
 *  :: for udp6 and tcp6.  Port 0 asks for a free port (see snmpx_io_listen).  Use
 *  snmpx_addr_parse for the addresses of peers: there "161" stays a host.
 *  @return 0; SNMPX_EINVAL (NULL); SNMPX_EADDR (as snmpx_addr_parse, or
 *  a port above 65535). */
SNMPX_EXTERN int snmpx_addr_parse_listen(snmpx_addr *out, const char *spec,
                                         uint16_t default_port);

/** Attach I/O to |e| (borrowed: it must outlive the io).  Installs the
 *  engine's send callback.  Sockets open on first use.
 *  @return the io, or NULL on out of memory. */
SNMPX_EXTERN snmpx_io *snmpx_io_new(snmpx_engine *e, const snmpx_mem *mem);

/** Whether |io| serves the domain of |addr|: UDP, TCP, UNIX, TLS over
 *  TCP and DTLS over UDP are all built in.
 *  @return 0; SNMPX_EINVAL (NULL); SNMPX_ENODOMAIN (not served: what is
 *  sent to such an address is dropped, and listening on it fails). */
SNMPX_EXTERN int snmpx_io_check_addr(const snmpx_io *io,
                                     const snmpx_addr *addr);

/** Open the connection to a TCP, UNIX or TLS peer now, rather than with
 *  the first message, and wait at most |timeout_ms| (-1: the system's own
 *  limit) for it, blocking: what Net-SNMP's tools do when they open a
 *  session, so a peer that refuses shows before any request.  The
 *  connection stays for the messages to |addr|.  For TLS this is the TCP
 *  connection: the handshake runs in the loop, and a refused one shows as
 *  the request's timeout and in snmpx_io_get_tlstm_stats /
 *  snmpx_io_tls_error.  For DTLS, the session with |addr| (its handshake
 *  and the server's check) is opened and waited for; the first message's
 *  securityName adopts it.  For UDP, nothing to do.
 *  @return 0; SNMPX_EINVAL (NULL); SNMPX_ENODOMAIN (not served);
 *  SNMPX_ESOCKET (refused, unreachable, no such socket file: the errno
 *  value is in snmpx_io_last_error); SNMPX_ETIMEDOUT; SNMPX_ENOMEM;
 *  SNMPX_ETLS_CONFIG (TLS, DTLS: no usable certificate or key for the
 *  client); DTLS: SNMPX_ETLS_CERT (the server's certificate refused),
 *  SNMPX_ETLS (the handshake failed); snmpx_io_tls_error says why. */
SNMPX_EXTERN int snmpx_io_connect(snmpx_io *io, const snmpx_addr *addr,
                                  int timeout_ms);

/** Close the sockets and free; detaches the send callback.  NULL: no-op. */
SNMPX_EXTERN void snmpx_io_free(snmpx_io *io);

/** Serve on |addr| (an agent on port 161, a notification receiver on
 *  162, or any port; 10161 and 10162 for DTLS): open a socket bound to
 *  it.  Messages arriving there
 *  go to the engine like any other, and answers the engine sends while
 *  handling one (snmpx_engine_respond, inform acknowledgements) leave from
 *  the socket it arrived on (UDP) or on its connection (TCP, UNIX, TLS: the
 *  session it arrived on).
 *  May be called several times (IPv4 and IPv6, several ports, several
 *  domains); port 0 picks a free port (see snmpx_io_listen_addr).
 *  TCP, UNIX and TLS listeners accept connections (at most
 *  SNMPX_IO_MAX_ACCEPTED open at once; more are closed as they come) and
 *  close those idle for SNMPX_IO_IDLE_MS.  A UNIX listener removes a file
 *  left at its path first, as snmpd does, and removes its socket file
 *  when the io is freed; the file's permissions are the process umask's
 *  (connecting needs write permission on it).  A TLS listener (RFC 6353)
 *  reads its certificate and key now (snmpx_io_tls_conf_line,
 *  snmpx_io_set_tls_opts: configure first); each connection it accepts
 *  must complete a TLS 1.2+ handshake with a client certificate that
 *  certSecName maps to a tmSecurityName, else it is closed and counted
 *  (snmpx_io_get_tlstm_stats).
 *  A DTLS listener accepts sessions (RFC 6353; the cookie exchange of
 *  RFC 6347 4.2.1 first) under the same rules, at most
 *  SNMPX_IO_MAX_ACCEPTED at once, and closes those idle for
 *  SNMPX_IO_IDLE_MS.
 *  @return an index >= 0 for snmpx_io_listen_addr; SNMPX_EINVAL (NULL, not
 *  IPv4/IPv6/UNIX; TLS over UNIX);
 *  SNMPX_ETLS_CONFIG (TLS, DTLS: no usable certificate or key; see
 *  snmpx_io_tls_error);
 *  SNMPX_ESOCKET (socket, bind or listen failed: the errno value, such
 *  as EADDRINUSE or EACCES, is in snmpx_io_last_error); SNMPX_ETOOMANY
 *  (16 listening sockets already); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_io_listen(snmpx_io *io, const snmpx_addr *addr);

/** The address listening socket |index| is bound to (its port resolved).
 *  @return 0; SNMPX_EINVAL (NULL, or no such index). */
SNMPX_EXTERN int snmpx_io_listen_addr(const snmpx_io *io, int index,
                                      snmpx_addr *out);

/** The last socket error seen while sending (errno value), 0 if none. */
SNMPX_EXTERN int snmpx_io_last_error(const snmpx_io *io);

/** Most connections a TCP or UNIX listener keeps open at once (and
 *  sessions a DTLS listener keeps). */
#define SNMPX_IO_MAX_ACCEPTED 256
/** A stream connection (or DTLS session) with nothing sent or received
 *  for this long (ms) is closed; a client connection reopens on the next
 *  request.  For DTLS this is fixed (snmpx_io_set_stream_opts does not
 *  change it). */
#define SNMPX_IO_IDLE_MS 300000
/** An accepted TLS connection whose handshake has not completed (the
 *  client's certificate checked) this long (ms, on the engine's clock)
 *  after it was accepted is closed and counted in stream_failed, so
 *  connections that never speak cannot hold a listener's
 *  SNMPX_IO_MAX_ACCEPTED slots for the idle time.  As DTLS's handshake
 *  bound. */
#define SNMPX_IO_TLS_HANDSHAKE_MS 30000

/** Limits of the stream transports (TCP, UNIX, TLS over TCP); 0 in a field keeps its
 *  default. */
typedef struct snmpx_io_stream_opts {
  uint32_t max_accepted; /* connections open at once per listener
                            (SNMPX_IO_MAX_ACCEPTED) */
  uint32_t idle_ms;      /* close after this long with no traffic
                            (SNMPX_IO_IDLE_MS) */
  size_t max_msg;        /* largest message read, BER header included
                            (SNMPX_MAX_DATAGRAM); a longer one drops the
                            connection */
  size_t max_queue;      /* most octets waiting to be written on one
                            connection (1 MiB), TLS messages waiting for
                            the handshake included; a message past it is
                            dropped */
} snmpx_io_stream_opts;

/** Set the stream limits for connections opened or accepted from now on
 *  (the idle timeout and the queue bound apply to every connection).
 *  @return 0; SNMPX_EINVAL (NULL, max_msg 1); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_io_set_stream_opts(snmpx_io *io,
                                          const snmpx_io_stream_opts *o);

/** What the io counted on its sockets. */
typedef struct snmpx_io_stats {
  /* Datagrams the kernel dropped from the receive buffers of the io's
   * sockets (client and listening) because they were full: the reader
   * was too slow or stopped.  Linux SO_RXQ_OVFL: the kernel reports a
   * socket's count with the datagrams read from it, so drops are seen
   * when the next datagram from that socket is read; always 0 where
   * the kernel does not report it. */
  uint64_t kernel_drops;
  /* Stream transports (TCP, UNIX, TLS). */
  uint64_t stream_opened;    /* connections opened to peers */
  uint64_t stream_accepted;  /* connections accepted by listeners */
  uint64_t stream_refused;   /* accepted past SNMPX_IO_MAX_ACCEPTED, closed */
  uint64_t stream_failed;    /* connections lost to an error or a reset,
                                a peer closing mid-message, or a failed
                                TLS handshake (an accepted one not done
                                within SNMPX_IO_TLS_HANDSHAKE_MS) */
  uint64_t stream_idle;      /* closed for idleness */
  uint64_t stream_closed;    /* closed by the peer between messages */
  uint64_t stream_bad_frame; /* closed for a framing error: not a BER
                                SEQUENCE, or longer than the limit */
  uint64_t stream_dropped;   /* messages dropped: no connection could be
                                had, the write queue was full, or an
                                answer's connection was gone */
} snmpx_io_stats;

/** A snapshot of the io's counters into |out|.
 *  @return 0; SNMPX_EINVAL (NULL). */
SNMPX_EXTERN int snmpx_io_get_stats(const snmpx_io *io, snmpx_io_stats *out);

/* ---- TLS over TCP and DTLS over UDP (RFC 6353) ------------------------ */

/* The secure transports ("tlstcp:"/"tls:", "dtlsudp:"/"dtls:") carry
 * SNMPv3 messages of the Transport Security Model (RFC 5591): the engine
 * takes the securityName from the peer's certificate (certSecName), not
 * from the message.  Certificates are configured as Net-SNMP configures
 * them: directories indexed under a configuration directory, then
 * localCert, peerCert, trustCert, certSecName and tsmUseTransportPrefix
 * lines.  The io reads the configuration before its first (D)TLS
 * connection or listener, which builds the TLS contexts from it; lines
 * read after that apply to the checks of later sessions (certSecName,
 * peerCert, trustCert fingerprints) but not to the contexts. */

/** Index Net-SNMP's certificate directories under |confdir| (one entry of
 *  SNMPCONFPATH, e.g. "/etc/snmp" or "~/.snmp"): |confdir|/tls/certs,
 *  tls/ca-certs and tls/private.  A missing directory is not an error.
 *  Call it before the lines that name certificates by file name.
 *  @return the number of certificates indexed; SNMPX_EINVAL (NULL);
 *  SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_io_tls_add_confdir(snmpx_io *io, const char *confdir);

/** Take one configuration line, |word| and the rest of the line |args|,
 *  as snmp.conf/snmpd.conf spell it: localCert SPEC, peerCert SPEC,
 *  trustCert SPEC (repeatable), certSecName PRIORITY [--shaNN] SPEC
 *  (--sn NAME | --rfc822 | --dns | --ip | --any | --cn),
 *  tsmUseTransportPrefix BOOL (the engine's snmpx_engine_set_tsm_prefix),
 *  and the deprecated serverCert and clientCert.  A SPEC is a certificate's
 *  SHA-1 fingerprint, its file name in the indexed directories (with or
 *  without extension), or a path.  |file| and |line| (may be NULL, 0)
 *  name where the line came from in the message err[0..cap) gets:
 *  "FILE:LINE: WORD: why".
 *  @return 1 (taken); 0 (not one of these words: nothing done);
 *  SNMPX_EINVAL (a bad line, see |err|, or NULL); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_io_tls_conf_line(snmpx_io *io, const char *word,
                                        const char *args, const char *file,
                                        unsigned line, char *err, size_t cap);

/** Which certificate this end presents. */
typedef struct snmpx_io_tls_opts {
  const char *local_cert; /* SPEC of this end's certificate (the tools'
                             -T localCert=); NULL: localCert, else the
                             deprecated serverCert (listeners) or
                             clientCert (connections), else |app_name| */
  const char *app_name;   /* the certificate Net-SNMP falls back to is the
                             one named after the application: "snmpd",
                             "snmptrapd", "snmp" (the tools); NULL:
                             "snmp" */
} snmpx_io_tls_opts;

/** Set |o| (copied) for contexts made from now on.
 *  @return 0; SNMPX_EINVAL (NULL); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_io_set_tls_opts(snmpx_io *io,
                                       const snmpx_io_tls_opts *o);

/** Client side, RFC 6353 5.3.1 step 2: how the server at |addr| (a TLS or
 *  DTLS address; the port matters) must prove who it is.  |peer_cert|
 *  (SPEC of the certificate or fingerprint it must present; NULL: the
 *  peerCert line, if any) and |hostname| (the name the tools were given,
 *  matched against the certificate's dNSName/ipAddress or CN when no
 *  certificate is named; NULL: none) are copied.  A server that meets
 *  neither check is refused (snmpTlstmSessionUnknownServerCertificate).
 *  Setting an address again replaces its entry.
 *  @return 0; SNMPX_EINVAL (NULL, or not a TLS/DTLS address);
 *  SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_io_tls_peer(snmpx_io *io, const snmpx_addr *addr,
                                   const char *peer_cert,
                                   const char *hostname);

/** Why the last TLS context could not be made or the last (D)TLS session
 *  failed (a file that cannot be read, "certificate has expired", "no
 *  certSecName maps the certificate"...): "" when nothing has failed.
 *  Valid until the io's next call. */
SNMPX_EXTERN const char *snmpx_io_tls_error(const snmpx_io *io);

/** RFC 6353 snmpTlstmSessionStats, counted by the io's TLS and DTLS
 *  transports. */
typedef struct snmpx_tlstm_stats {
  uint64_t session_opens;              /* snmpTlstmSessionOpens */
  uint64_t session_client_closes;      /* snmpTlstmSessionClientCloses */
  uint64_t session_open_errors;        /* snmpTlstmSessionOpenErrors */
  uint64_t session_accepts;            /* snmpTlstmSessionAccepts */
  uint64_t session_server_closes;      /* snmpTlstmSessionServerCloses */
  uint64_t session_no_sessions;        /* snmpTlstmSessionNoSessions */
  uint64_t invalid_client_certificates;
                             /* snmpTlstmSessionInvalidClientCertificates */
  uint64_t unknown_server_certificate;
                             /* snmpTlstmSessionUnknownServerCertificate */
  uint64_t invalid_server_certificates;
                             /* snmpTlstmSessionInvalidServerCertificates */
  uint64_t invalid_caches;             /* snmpTlstmSessionInvalidCaches */
} snmpx_tlstm_stats;

/** A snapshot of the io's snmpTlstmSessionStats into |out|.
 *  @return 0; SNMPX_EINVAL (NULL). */
SNMPX_EXTERN int snmpx_io_get_tlstm_stats(const snmpx_io *io,
                                          snmpx_tlstm_stats *out);

/** Wait at most |timeout_ms| (-1: until the engine's next deadline, or
 *  forever when nothing is pending) for datagrams, feed them to the engine,
 *  and run its timers.  @return 0; SNMPX_ESOCKET (poll failed). */
SNMPX_EXTERN int snmpx_io_run_once(snmpx_io *io, int timeout_ms);

/** Run until *|done| becomes true or the engine has nothing in flight.
 *  @return 0; SNMPX_ESOCKET. */
SNMPX_EXTERN int snmpx_io_wait(snmpx_io *io, const bool *done);

/* ---- Foreign event loops ----------------------------------------------
 * In the style of c-ares and libcurl's multi interface: the io reports the
 * sockets to watch and one timer for all requests, and the loop hands back
 * readiness and expiry.  Only changes are reported.
 *
 *   snmpx_io_set_loop_callbacks(io, on_socket, on_timer, loop);
 *   ... when a watched socket is readable:  snmpx_io_on_readable(io, fd);
 *   ... when it is writable (if asked):     snmpx_io_on_writable(io, fd);
 *   ... when the timer fires:               snmpx_io_on_timeout(io);
 *
 * UDP sockets only ever ask for reading.  A TCP or UNIX connection asks
 * for writing too (SNMPX_POLL_IN | SNMPX_POLL_OUT) while it connects or
 * while the kernel's buffer is full, and for reading alone again after.
 *
 * examples/poll_loop.c and examples/libuv_loop.c are complete programs. */

/** Socket interest bits for snmpx_sock_cb. */
#define SNMPX_POLL_IN 0x1
#define SNMPX_POLL_OUT 0x2
#define SNMPX_POLL_REMOVE 0x4

/** A socket to watch for reading (SNMPX_POLL_IN), for reading and
 *  writing (SNMPX_POLL_IN | SNMPX_POLL_OUT), or to stop watching before
 *  it is closed (SNMPX_POLL_REMOVE).  Each call gives the whole interest
 *  of |fd| from then on, replacing the one reported before. */
typedef void (*snmpx_sock_cb)(void *user_data, int fd, int what);

/** (Re)arm the loop's single timer to fire in |timeout_ms| milliseconds
 *  (0: as soon as possible), or cancel it (-1). */
typedef void (*snmpx_timer_cb)(void *user_data, int64_t timeout_ms);

/** Install the loop hooks.  Sockets already open and the current timer are
 *  reported at once.  Callbacks run from inside snmpx calls (submits,
 *  snmpx_io_on_readable, snmpx_io_on_timeout, snmpx_io_free) and must not
 *  call back into snmpx.  Do not mix with snmpx_io_run_once.
 *  @return 0; SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_io_set_loop_callbacks(snmpx_io *io,
                                             snmpx_sock_cb on_socket,
                                             snmpx_timer_cb on_timer,
                                             void *user_data);

/** |fd| is readable: read what is queued and feed it to the engine (or,
 *  for a descriptor of snmpx_io_watch, call its callback).
 *  @return 0; SNMPX_EINVAL (not one of this io's sockets or watches). */
SNMPX_EXTERN int snmpx_io_on_readable(snmpx_io *io, int fd);

/** |fd| is writable (it asked for SNMPX_POLL_OUT): write what its
 *  connection holds.  An error or hang-up may be reported as readable or
 *  writable.  @return 0; SNMPX_EINVAL (not one of this io's sockets). */
SNMPX_EXTERN int snmpx_io_on_writable(snmpx_io *io, int fd);

/* ---- The application's own descriptors --------------------------------
 * An application that waits on other things than SNMP (the pipes of a
 * helper program, a signal fd) has the io watch them too, so one loop
 * serves everything: snmpx_io_run_once calls |cb| when the descriptor is
 * readable or hung up, and a foreign loop is told of it through its
 * on_socket hook like the io's own sockets, and hands readiness back with
 * snmpx_io_on_readable. */

/** Called when a watched descriptor is readable (or at end of file, or
 *  on error: read it to tell).  It may watch and unwatch descriptors,
 *  and submit requests; it must not free the io. */
typedef void (*snmpx_io_fd_cb)(snmpx_io *io, int fd, void *user_data);

/** Watch |fd| (the caller's: never closed by the io; make it
 *  non-blocking) for reading.  @return 0; SNMPX_EINVAL (NULL, fd < 0,
 *  already watched, one of the io's sockets); SNMPX_ETOOMANY (64 are
 *  watched already). */
SNMPX_EXTERN int snmpx_io_watch(snmpx_io *io, int fd, snmpx_io_fd_cb cb,
                                void *user_data);

/** Stop watching |fd|; call it before closing |fd|.
 *  @return 0; SNMPX_ENOTFOUND. */
SNMPX_EXTERN int snmpx_io_unwatch(snmpx_io *io, int fd);

/** The timer fired: resend or expire what is due.  @return 0. */
SNMPX_EXTERN int snmpx_io_on_timeout(snmpx_io *io);

/* ---- Waiting on handles -------------------------------------------------
 * For detached requests (submitted with a NULL callback): submit many, then
 * wait for one, any or all of them.
 *
 *   int64_t h[3];
 *   for (int i = 0; i < 3; i++)
 *     h[i] = snmpx_manager_get(m[i], &oid, 1, NULL, NULL);
 *   size_t i;
 *   while (snmpx_io_wait_any(io, h, 3, &i) == 0) {
 *     snmpx_pdu *resp;
 *     int st = snmpx_engine_take_result(e, h[i], &resp);
 *     ...
 *     snmpx_pdu_free(resp, NULL);
 *     h[i] = 0;   (a handle <= 0 is skipped)
 *   }
 */

/** Run the loop until the detached request |handle| completes, then take
 *  its result (see snmpx_engine_take_result).
 *  @return its status; SNMPX_ENOTFOUND (unknown, canceled or taken);
 *  SNMPX_ESOCKET. */
SNMPX_EXTERN int snmpx_io_wait_result(snmpx_io *io, int64_t handle,
                                      snmpx_pdu **resp);

/** Run the loop until one of |handles|[0..n) has a result waiting (handles
 *  <= 0 are skipped) and set *|index| to it; the result is not taken.
 *  @return 0; SNMPX_ENOTFOUND (none of them is pending or done);
 *  SNMPX_EINVAL; SNMPX_ESOCKET. */
SNMPX_EXTERN int snmpx_io_wait_any(snmpx_io *io, const int64_t *handles,
                                   size_t n, size_t *index);

/** Run the loop until none of |handles|[0..n) is in flight any more.
 *  @return 0; SNMPX_EINVAL; SNMPX_ESOCKET. */
SNMPX_EXTERN int snmpx_io_wait_all(snmpx_io *io, const int64_t *handles,
                                   size_t n);

/* ---- Blocking requests ------------------------------------------------
 * A blocking call is "submit, then run the loop until that handle
 * completes":
 *
 *   snmpx_result r;
 *   int64_t h = snmpx_manager_get(m, oids, n, snmpx_result_cb, &r);
 *   if (snmpx_io_wait_handle(io, h, &r) == 0) {
 *     ... r.resp->varbinds ...
 *     snmpx_pdu_free(r.resp, NULL);
 *   }
 */

/** Where snmpx_result_cb stores a request's outcome. */
typedef struct snmpx_result {
  int status;       /* 0, or SNMPX_ETIMEDOUT, SNMPX_ECANCELED, SNMPX_ENOMEM */
  snmpx_pdu *resp;  /* on status 0: a copy the caller owns; free it with
                       snmpx_pdu_free and the engine's allocator (NULL for
                       the default) */
  bool done;
} snmpx_result;

/** A response callback (snmpx_response_cb) that fills the snmpx_result
 *  given as user data, copying the response. */
SNMPX_EXTERN void snmpx_result_cb(snmpx_engine *e, int64_t handle, int status,
                                  const snmpx_msg *resp, void *user_data);

/** Run the loop until the request |handle|, submitted with snmpx_result_cb
 *  and |r|, completes.  A negative |handle| (the submit failed) is stored
 *  in r->status and returned at once.
 *  @return r->status: 0 with r->resp set; SNMPX_ETIMEDOUT; SNMPX_ENOMEM
 *  (copying the response); SNMPX_ESOCKET; or the submit error. */
SNMPX_EXTERN int snmpx_io_wait_handle(snmpx_io *io, int64_t handle,
                                      snmpx_result *r);

#endif
