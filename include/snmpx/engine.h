/* snmpx: the sans-I/O engine.
 *
 * The engine never touches a socket.  It is fed datagrams (snmpx_engine_recv)
 * and the passing of time (snmpx_engine_tick), and it hands datagrams to a
 * send callback.  Time and randomness come from callbacks given at creation,
 * so tests drive it with a fake clock and a fixed RNG, and fuzzers drive it
 * with no network at all.
 *
 * A request is submitted with a target and a PDU; the engine assigns a random
 * request-id (never one in flight), encodes the message once, sends it,
 * resends the same bytes on each timeout until the retries run out, and
 * completes the request through its callback exactly once: on a matching
 * response, on timeout, on cancel, or when the engine is freed.  Because every
 * retry carries the same request-id, a late reply to any earlier send
 * completes the request. */
#ifndef SNMPX_ENGINE_H
#define SNMPX_ENGINE_H

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "common.h"
#include "mem.h"
#include "pdu.h"
#include "usm.h"

/** The transport domain an address belongs to (Net-SNMP's "udp:",
 *  "tcp:", "unix:", "tlstcp:", "dtlsudp:").  IPv6 is a family, not a
 *  domain: "udp6:" and "tcp6:" are UDP and TCP over AF_INET6.  0 is UDP,
 *  so a zeroed address is a UDP one. */
typedef enum snmpx_domain {
  SNMPX_DOMAIN_UDP = 0,  /* RFC 3417 */
  SNMPX_DOMAIN_TCP = 1,  /* RFC 3430 */
  SNMPX_DOMAIN_UNIX = 2, /* UNIX domain stream sockets, as Net-SNMP */
  SNMPX_DOMAIN_TLS = 3,  /* TLS over TCP, RFC 6353 */
  SNMPX_DOMAIN_DTLS = 4  /* DTLS over UDP, RFC 6353 */
} snmpx_domain;

/** A transport address: its domain and a socket address (IPv4, IPv6, or
 *  a UNIX path).  Plain data; copy it freely.
 *  |conn|: 0, or, for the peer of a connection the io accepted (TCP, UNIX,
 *  TLS), that connection's number: the peer is that connection, and an
 *  answer to it leaves on it (never on a new one).  A UNIX client has no
 *  address of its own: its |u| is the path of the socket it connected to
 *  (as Net-SNMP names such a peer), and its connection number tells it
 *  from the other clients of that socket. */
typedef struct snmpx_addr {
  uint32_t len;    /* socklen of |u| */
  uint16_t domain; /* snmpx_domain */
  uint32_t conn;   /* 0, or an accepted connection's number */
  union {
    struct sockaddr sa;
    struct sockaddr_in in4;
    struct sockaddr_in6 in6;
    struct sockaddr_un un;
  } u;
} snmpx_addr;

/** True when |a| and |b| are the same domain, connection, family, address
 *  and port (or UNIX path). */
SNMPX_EXTERN bool snmpx_addr_equal(const snmpx_addr *a, const snmpx_addr *b);

/** Format as Net-SNMP prints a peer without its domain: "127.0.0.1:161",
 *  "[::1]:161", or a UNIX path ("" for a UNIX client, which has none).
 *  @return length written; SNMPX_ENOSPACE; SNMPX_EINVAL (unknown family). */
SNMPX_EXTERN int snmpx_addr_format(const snmpx_addr *a, char *buf, size_t cap);

/** Format as an address Net-SNMP's tools and snmpx_addr_parse take back:
 *  "udp:127.0.0.1:161", "udp6:[::1]:161", "tcp:127.0.0.1:161",
 *  "tcp6:[::1]:161", "unix:/path", "tlstcp:127.0.0.1:10161",
 *  "dtlsudp:127.0.0.1:10161" (and "tlstcp:[::1]:10161" over IPv6).
 *  @return length written; SNMPX_ENOSPACE; SNMPX_EINVAL (NULL, unknown
 *  domain or family). */
SNMPX_EXTERN int snmpx_addr_format_spec(const snmpx_addr *a, char *buf,
                                        size_t cap);

/** The name Net-SNMP gives |domain| in addresses ("udp", "tcp", "unix",
 *  "tlstcp", "dtlsudp"); "?" for an unknown value.  Static storage. */
SNMPX_EXTERN const char *snmpx_domain_name(int domain);

/** RFC 3411 5: securityLevel. */
typedef enum snmpx_seclevel {
  SNMPX_SECLEVEL_NOAUTH = 1,     /* noAuthNoPriv */
  SNMPX_SECLEVEL_AUTHNOPRIV = 2, /* authNoPriv */
  SNMPX_SECLEVEL_AUTHPRIV = 3    /* authPriv */
} snmpx_seclevel;

/** Where and how to send one request.  Every pointer is borrowed for the
 *  call it is passed to; what a request needs later is copied. */
typedef struct snmpx_target {
  snmpx_addr addr;
  snmpx_version version;
  const uint8_t *community; /* v1/v2c */
  size_t community_len;
  uint32_t timeout_ms;      /* per try; 0 means 1000 (Net-SNMP's default) */
  int32_t retries;          /* resends after the first try; <0 means 5 */
  uint16_t backoff_pct;     /* each retry's timeout, in % of the one before:
                               0 or 100 keeps it (Net-SNMP), 200 doubles */
  uint32_t max_timeout_ms;  /* cap for the backed-off timeout; 0: 60000 */
  bool strict_source;       /* drop replies whose source is not |addr| */
  uint32_t window;          /* snmpx_manager: most of its requests in
                               flight at once; later ones wait in order.
                               0: no limit (see snmpx_engine_set_window) */
  /* SNMPv3 (RFC 3414 USM).  The user must have been added with
   * snmpx_engine_add_user under |user_namespace| (NULL: ""). */
  const char *user_namespace;
  const uint8_t *user;             /* securityName */
  size_t user_len;
  snmpx_seclevel level;            /* 0 means noAuthNoPriv */
  const uint8_t *engine_id;        /* known authoritative engine (-e): no
                                      discovery; NULL: discover it */
  size_t engine_id_len;
  bool engine_time_set;            /* -Z: its boots and time are known */
  uint32_t engine_boots;
  uint32_t engine_time;
  const uint8_t *context_engine_id; /* -E; NULL: the authoritative one */
  size_t context_engine_id_len;
  const uint8_t *context_name;     /* -n; NULL: "" */
  size_t context_name_len;
  /* SNMPv3 security model: 0 or SNMPX_SECMODEL_USM (RFC 3414), or
   * SNMPX_SECMODEL_TSM (RFC 5591, -l/-u over tls:/dtls: as Net-SNMP's
   * `-T`/`--defSecurityModel=tsm`): no USM user and no discovery; |user|
   * is the securityName (with the "tls:"/"dtls:" prefix when
   * snmpx_engine_set_tsm_prefix is on), |level| what the (D)TLS session
   * must give; the context engine ID is |context_engine_id|, else
   * |engine_id|, else RFC 5343's localEngineID (0x8000000004).  The
   * transport gets the tmStateReference with each send
   * (snmpx__engine_answer_tm). */
  int security_model;
  const char *transport_prefix; /* TSM: the target's transport as its
                                   RFC 5591 prefix, "tls" or "dtls" */
} snmpx_target;

/** An SNMPv3 USM user (RFC 3414 2.1), the manager's copy of what the
 *  agent has.  Users are keyed by (namespace, name, engine ID; see below):
 *  two agents may have
 *  users of the same name with different secrets in two namespaces. */
typedef struct snmpx_user {
  const char *user_namespace;   /* NULL or "" for the default namespace */
  const uint8_t *name;
  size_t name_len;
  snmpx_usm_auth auth;          /* SNMPX_USM_AUTH_NONE: noAuthNoPriv only */
  snmpx_usm_secret auth_secret; /* password, master or localized key */
  snmpx_usm_priv priv;          /* SNMPX_USM_PRIV_NONE: no authPriv */
  snmpx_usm_secret priv_secret;
  /* For incoming SNMPv3 traps, whose authoritative engine is the sender
   * (Net-SNMP's `createUser -e ENGINEID`): the user applies only to
   * messages from this engine ID.  NULL: see local_engine_only.  Users are
   * keyed by (namespace, name, engine ID); an inbound message takes the
   * user bound to its authoritative engine ID first, else the one with no
   * engine ID.  Requests this engine sends use the user of that name with
   * no engine ID. */
  const uint8_t *engine_id;
  size_t engine_id_len;
  /* Only with engine_id NULL.  false (the default, the library's
   * wildcard): the user applies to inbound messages of any authoritative
   * engine, so a receiver accepts v3 traps from senders it does not know
   * in advance.  true: bound to this engine's own engine ID (as it is
   * when each message arrives, snmpx_engine_set_local), as Net-SNMP's
   * `createUser NAME` without -e and RFC 3414 (users are keyed by
   * engine ID): requests and informs to this engine are accepted, traps
   * whose authoritative engine is another are dropped and counted in
   * usmStatsUnknownUserNames (SNMPX_EUSM_UNKNOWN_USER).  Replacing the
   * user replaces this choice too.  snmpx trapd and agent register their
   * `createUser` lines without -e this way. */
  bool local_engine_only;
} snmpx_user;

/** Largest datagram the engine builds or accepts (the UDP/IPv4 maximum). */
#define SNMPX_MAX_DATAGRAM 65507

typedef struct snmpx_engine snmpx_engine;

/** Called for each datagram to send.  |data| is valid only during the call.
 *  Must not call back into the engine.  A failed send is not reported: the
 *  retry timer covers a lost datagram, as for any UDP loss. */
typedef void (*snmpx_send_cb)(void *user_data, const uint8_t *data,
                              size_t len, const snmpx_addr *to);

/** Monotonic milliseconds. */
typedef uint64_t (*snmpx_clock_cb)(void *user_data);

/** Fill |buf| with |len| unpredictable bytes. */
typedef void (*snmpx_random_cb)(void *user_data, void *buf, size_t len);

typedef struct snmpx_engine_config {
  const snmpx_mem *mem;       /* NULL: libc */
  snmpx_clock_cb clock;       /* NULL: CLOCK_MONOTONIC */
  void *clock_ud;
  snmpx_random_cb random;     /* NULL: getrandom(2) */
  void *random_ud;
  snmpx_send_cb send;         /* may be set later: snmpx_engine_set_send */
  void *send_ud;
} snmpx_engine_config;

/** Counters of what the engine dropped and why (snmpInASNParseErrs and
 *  friends, RFC 3418). */
typedef struct snmpx_engine_stats {
  uint64_t in_pkts;            /* datagrams given to snmpx_engine_recv */
  uint64_t in_asn_parse_errs;  /* did not decode */
  uint64_t in_bad_versions;    /* unsupported msgVersion */
  uint64_t in_unmatched;       /* response to no request in flight */
  uint64_t in_wrong_source;    /* strict target, reply from elsewhere */
  uint64_t in_wrong_version;   /* reply's version differs from the request */
  uint64_t in_unexpected_pdus; /* not a Response/Report */
  uint64_t out_pkts;           /* datagrams handed to the send callback */
  uint64_t retransmits;        /* of which resends */
  uint64_t timeouts;           /* requests that ran out of retries */
  uint64_t windowed;           /* requests that waited in a window */
  /* SNMPv3 */
  uint64_t in_bad_security;    /* failed the USM checks: dropped */
  uint64_t in_reports;         /* Report PDUs received */
  uint64_t discoveries;        /* engine IDs learned */
  uint64_t resyncs;            /* notInTimeWindow retries */
  uint64_t password_hashes;    /* 1 MiB password-to-key runs (key cache) */
  uint64_t localizations;      /* keys localized to an engine ID */
  /* Inbound (agent, notification receiver): RFC 3412 snmpMPDStats and
   * RFC 3414 usmStats as this engine counts them, plus what it handed to
   * the applications. */
  uint64_t unknown_security_models; /* snmpUnknownSecurityModels */
  uint64_t invalid_msgs;            /* snmpInvalidMsgs */
  uint64_t unknown_pdu_handlers;    /* snmpUnknownPDUHandlers */
  uint64_t usm_unsupported_sec_levels; /* usmStatsUnsupportedSecLevels */
  uint64_t usm_not_in_time_windows;    /* usmStatsNotInTimeWindows */
  uint64_t usm_unknown_user_names;     /* usmStatsUnknownUserNames */
  uint64_t usm_unknown_engine_ids;     /* usmStatsUnknownEngineIDs */
  uint64_t usm_wrong_digests;          /* usmStatsWrongDigests */
  uint64_t usm_decryption_errors;      /* usmStatsDecryptionErrors */
  uint64_t in_requests;        /* Get/GetNext/GetBulk/Set handed up */
  uint64_t in_notifications;   /* Trap/SNMPv2-Trap/Inform handed up */
  uint64_t out_responses;      /* answers sent (incl. inform acks) */
  uint64_t out_reports;        /* Report PDUs sent */
  uint64_t out_notifications;  /* traps sent (snmpx_engine_send) */
  /* RFC 5591 snmpTsmStats (messages of the Transport Security Model) */
  uint64_t tsm_invalid_caches;             /* snmpTsmInvalidCaches */
  uint64_t tsm_inadequate_security_levels; /* ...InadequateSecurityLevels */
  uint64_t tsm_unknown_prefixes;           /* snmpTsmUnknownPrefixes */
  uint64_t tsm_invalid_prefixes;           /* snmpTsmInvalidPrefixes */
} snmpx_engine_stats;

/** Outcome of a request, passed to its callback:
 *  status 0 with |resp| the decoded response (valid only during the call;
 *  snmpx_pdu_dup to keep it), or SNMPX_ETIMEDOUT / SNMPX_ECANCELED with
 *  |resp| NULL.  SNMPv3 requests may also end with the error an agent's
 *  Report names (RFC 3414 3.2): SNMPX_EUSM_UNKNOWN_ENGINE_ID,
 *  SNMPX_EUSM_UNKNOWN_USER, SNMPX_EUSM_UNSUPPORTED_SECLEVEL,
 *  SNMPX_EUSM_WRONG_DIGEST, SNMPX_EUSM_DECRYPTION_ERROR,
 *  SNMPX_EUSM_NOT_IN_TIME_WINDOW (after one resynchronised retry),
 *  SNMPX_EREPORT (another Report), SNMPX_EUSM_DISCOVERY_TIMEOUT (the
 *  engine ID probe went unanswered), SNMPX_EUSM_ANSWER_AUTH (answers
 *  came, authenticated by the agent for our user, whose MAC does not
 *  verify with our keys: a wrong password.  Each such answer ends a try
 *  and the next is sent at once; after the last, the request ends with
 *  this, about as soon as Net-SNMP reports it), or a local failure to build the
 *  message after discovery (SNMPX_EUSM_*, SNMPX_ENOMEM, SNMPX_EMSG_TOOBIG
 *  when it exceeds the agent's msgMaxSize), |resp| NULL.  |handle| is
 *  what the submit returned.  The callback may
 *  submit and cancel requests; it must not free the engine. */
typedef void (*snmpx_response_cb)(snmpx_engine *e, int64_t handle, int status,
                                  const snmpx_msg *resp, void *user_data);

/** Create an engine.  |cfg| is copied; NULL means all defaults.
 *  @return the engine, or NULL on out of memory. */
SNMPX_EXTERN snmpx_engine *snmpx_engine_new(const snmpx_engine_config *cfg);

/** Free the engine.  Every request still in flight completes first with
 *  SNMPX_ECANCELED.  NULL is a no-op. */
SNMPX_EXTERN void snmpx_engine_free(snmpx_engine *e);

/** Add a USM user, or replace the one with the same namespace, name and
 *  engine ID.  Names, secrets and the namespace are copied (and wiped when
 *  freed).  Keys are derived lazily: a password's master key once, in the
 *  engine's key cache, however many agents use it; the keys localized to
 *  a remote engine once, kept with the engine's record of it.
 *  @return 0; SNMPX_EINVAL (NULL, a name over 32 octets, a priv protocol
 *  without auth, a missing or empty secret or one of an unknown kind, an
 *  engine ID of 0 or over 32 octets), SNMPX_EUSM_KEY_LENGTH (a master key,
 *  or a localized auth key, that is not a digest long),
 *  SNMPX_EUSM_UNKNOWN_PROTOCOL, SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_engine_add_user(snmpx_engine *e, const snmpx_user *u);

/** Make the USM users of |e| those of |from| (a configuration read
 *  aside, for a reload): each user of |from| is added to |e| as by
 *  snmpx_engine_add_user (one unchanged keeps its derived keys), and each
 *  user of |e| that |from| lacks stops being known (usmStatsUnknownUserNames
 *  from then on; its record stays until |e| is freed, so a request in
 *  flight keeps its keys).  |from| is only read.  On an error some users
 *  may already be replaced.
 *  @return 0; SNMPX_EINVAL (NULL, or |e| == |from|); SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_engine_replace_users(snmpx_engine *e,
                                            const snmpx_engine *from);

/** Called when the engine's earliest deadline changes: |deadline| is the
 *  engine-clock time (ms) at which snmpx_engine_tick is due, or -1 when
 *  nothing is pending.  Lets an event loop keep one timer for the whole
 *  engine.  Runs from inside engine calls; it must not call back into the
 *  engine. */
typedef void (*snmpx_deadline_cb)(void *user_data, int64_t deadline);

/** Set or replace the deadline callback (NULL: none).  It is called once
 *  at once with the current deadline. */
SNMPX_EXTERN void snmpx_engine_set_deadline_cb(snmpx_engine *e,
                                               snmpx_deadline_cb cb,
                                               void *user_data);

/** Called with every datagram snmpx_engine_recv (or _recv_to) drops:
 *  |reason| is what that call returns (< 0), |data| (borrowed for the
 *  call) the datagram, |from| its source.  For diagnostics (snmpx's tools
 *  print Net-SNMP's "bad type returned" from it); it must not call back
 *  into the engine. */
typedef void (*snmpx_drop_cb)(void *user_data, int reason,
                              const uint8_t *data, size_t len,
                              const snmpx_addr *from);

/** Set or replace the drop callback (NULL: none). */
SNMPX_EXTERN void snmpx_engine_set_drop_cb(snmpx_engine *e, snmpx_drop_cb cb,
                                           void *user_data);

/** Set or replace the send callback. */
SNMPX_EXTERN void snmpx_engine_set_send(snmpx_engine *e, snmpx_send_cb send,
                                        void *user_data);

/** The engine's clock (the injected one). */
SNMPX_EXTERN uint64_t snmpx_engine_now(const snmpx_engine *e);

/** Submit |pdu| to |target|.  The PDU's request_id is ignored (the engine
 *  picks one); its varbinds and the community are encoded before return, so
 *  both are borrowed for the call only.  The first send happens before this
 *  returns, unless a window is full (snmpx_engine_set_window,
 *  snmpx_engine_set_agent_window, snmpx_target.window): then when an
 *  earlier request completes.  With
 *  |cb| NULL the request is detached: its outcome is kept for
 *  snmpx_engine_take_result.
 *  SNMPv3 requests to an engine not yet known first discover it (RFC 3414
 *  4) within the same retries and timeout.
 *  @return a handle > 0; SNMPX_EINVAL (NULL engine, target or PDU, no
 *  address, bad version), SNMPX_ENOTFOUND (v3: no such user in the
 *  namespace),
 *  SNMPX_EUSM_UNSUPPORTED_SECLEVEL (v3: the user has no key for that
 *  level), SNMPX_ENOMEM, SNMPX_ETOOMANY, SNMPX_EMSG_TOOBIG (over
 *  SNMPX_MAX_DATAGRAM), the key derivation errors of
 *  snmpx_usm_keycache_get, and the encode errors of snmpx_msg_encode.  On
 *  success |cb| runs exactly once, never before this returns; on error
 *  never. */
SNMPX_EXTERN int64_t snmpx_engine_submit(snmpx_engine *e,
                                         const snmpx_target *target,
                                         const snmpx_pdu *pdu,
                                         snmpx_response_cb cb,
                                         void *user_data);

/** Discover the engine ID of the SNMPv3 engine at |target|->addr alone
 *  (RFC 3414 4): send the probe (noAuthNoPriv, empty user and engine ID)
 *  within |target|'s retries and timeout, as a request to an unknown
 *  engine does first, and no request after it.  The probe goes out even
 *  when the engine ID is known already.  Only the address, version,
 *  timeouts and retries of |target| are used: no user is needed.  The
 *  engine ID learnt is kept for later requests to the same address.
 *  On success |cb| runs once with status 0 and a message that carries no
 *  varbinds and the engine ID as its context_engine_id (valid during the
 *  callback), or with SNMPX_EUSM_DISCOVERY_TIMEOUT when no answer came,
 *  SNMPX_EUSM_ENGINE_ID when the answer had no usable engine ID, or
 *  SNMPX_ECANCELED; never before this returns.  A handle works with
 *  snmpx_engine_cancel and, with |cb| NULL, snmpx_engine_take_result.
 *  @return a handle > 0; SNMPX_EINVAL (NULL engine or target, no address,
 *  a version other than 3), SNMPX_ENOMEM, SNMPX_ETOOMANY. */
SNMPX_EXTERN int64_t snmpx_engine_discover(snmpx_engine *e,
                                           const snmpx_target *target,
                                           snmpx_response_cb cb,
                                           void *user_data);

/** Cancel a request in flight: its callback runs now with SNMPX_ECANCELED;
 *  a detached request (no callback) just ends, leaving no result.
 *  @return 0; SNMPX_ENOTFOUND (unknown or already completed handle). */
SNMPX_EXTERN int snmpx_engine_cancel(snmpx_engine *e, int64_t handle);

/* ---- Detached requests (handles) ---------------------------------------
 * Submit with a NULL callback and the engine keeps the outcome under the
 * handle until it is taken, so a caller can keep thousands of handles and
 * wait for any or all of them (snmpx_io_wait_result, snmpx_io_wait_any,
 * snmpx_io_wait_all).  Results not taken are freed with the engine. */

/** True while |handle| is in flight. */
SNMPX_EXTERN bool snmpx_engine_is_pending(const snmpx_engine *e,
                                          int64_t handle);

/** True when the detached request |handle| has completed and its result
 *  is waiting to be taken. */
SNMPX_EXTERN bool snmpx_engine_is_done(const snmpx_engine *e,
                                       int64_t handle);

/** Take the outcome of the detached request |handle|: its status, and on
 *  status 0 the response in *|resp| (owned by the caller: snmpx_pdu_free
 *  with the engine's allocator; pass NULL to drop it).
 *  @return 0; the request's failure (SNMPX_ETIMEDOUT, the USM errors...);
 *  SNMPX_EAGAIN (still in flight); SNMPX_ENOTFOUND (unknown, canceled, or
 *  already taken); SNMPX_EINVAL. */
SNMPX_EXTERN int snmpx_engine_take_result(snmpx_engine *e, int64_t handle,
                                          snmpx_pdu **resp);

/** Feed one received datagram from |from|.  A datagram that does not decode,
 *  matches no request, or fails a check is counted and dropped.
 *  @return 0 when it completed a request or was handed to the responder or
 *  the receiver; otherwise the reason it was
 *  dropped: an SNMPX_EBER_* / SNMPX_EMSG_* decode error (SNMPX_EMSG_SECMODEL
 *  for a security model other than USM), SNMPX_ENOTFOUND (no such
 *  request-id in flight), SNMPX_EADDR (wrong source, strict target),
 *  SNMPX_EMSG_VERSION, SNMPX_EMSG_PDU_TYPE, an SNMPX_EUSM_* security
 *  failure (counted in the usm_* and in_bad_security stats; for
 *  SNMPX_EUSM_WRONG_DIGEST on an answer to a request in flight, that
 *  request's try ends: see SNMPX_EUSM_ANSWER_AUTH), SNMPX_ENOMEM.
 *  None of these is fatal. */
SNMPX_EXTERN int snmpx_engine_recv(snmpx_engine *e, const uint8_t *data,
                                   size_t len, const snmpx_addr *from);

/** snmpx_engine_recv for a datagram that arrived on the local address
 *  |to| (NULL: unknown), which applications see in snmpx_incoming.to. */
SNMPX_EXTERN int snmpx_engine_recv_to(snmpx_engine *e, const uint8_t *data,
                                      size_t len, const snmpx_addr *from,
                                      const snmpx_addr *to);

/** RFC 5591 tmStateReference: what a secure transport (TLS over TCP, DTLS
 *  over UDP; RFC 6353) tells the Transport Security Model about one
 *  message it received, or is asked to send.  Every pointer is borrowed
 *  for the call it is passed to. */
typedef struct snmpx_tm_state {
  const char *transport_prefix;  /* tmTransportDomain, by its RFC 5591
                                    prefix: "tls" (snmpTLSTCPDomain),
                                    "dtls" (snmpDTLSUDPDomain) */
  const uint8_t *security_name;  /* tmSecurityName: the peer as its
                                    certificate maps (certSecName) */
  size_t security_name_len;
  snmpx_seclevel level;          /* tmTransportSecurityLevel: authPriv for
                                    an established (D)TLS session */
  uint64_t session_id;           /* tmSessionID: the transport's own
                                    number for the session; handed back
                                    with the answer (snmpx__engine_answer_tm)
                                    so it goes out on the same session */
} snmpx_tm_state;

/** snmpx_engine_recv_to for a message that arrived over a secure
 *  transport, with its transport state |tm| (RFC 5591 5.2).  Only here is
 *  an SNMPv3 message with msgSecurityModel 4 (TSM) accepted: its
 *  msgSecurityParameters must be an empty OCTET STRING, its securityName
 *  is tm's tmSecurityName (with the transport prefix "tls:"/"dtls:" when
 *  snmpx_engine_set_tsm_prefix is on), and VACM sees securityModel 4
 *  (SNMPX_SECMODEL_TSM).  Messages of other models are processed as by
 *  snmpx_engine_recv_to.  Answers go back to |from| through the send
 *  callback, during which snmpx__engine_answer_tm gives |tm|
 *  (tmSameSecurity, RFC 5591 4.2 step 1).
 *  @return what snmpx_engine_recv_to returns, and for TSM messages:
 *  SNMPX_ETSM_INVALID_CACHE (|tm| NULL or without a name),
 *  SNMPX_ETSM_UNKNOWN_PREFIX, SNMPX_ETSM_INADEQUATE_LEVEL (a Report
 *  snmpTsmInadequateSecurityLevels was sent for a request), each counted
 *  in the snmpx_engine_stats tsm_* counters. */
SNMPX_EXTERN int snmpx_engine_recv_tm(snmpx_engine *e, const uint8_t *data,
                                      size_t len, const snmpx_addr *from,
                                      const snmpx_addr *to,
                                      const snmpx_tm_state *tm);

/** snmpTsmConfigurationUsePrefix (RFC 5591, Net-SNMP's
 *  tsmUseTransportPrefix): securityNames of TSM messages carry the
 *  transport's prefix ("tls:name").  Default off. */
SNMPX_EXTERN void snmpx_engine_set_tsm_prefix(snmpx_engine *e, bool on);

/** Resend or expire every request whose deadline has passed on the engine's
 *  clock.  @return the number of requests that timed out. */
SNMPX_EXTERN int snmpx_engine_tick(snmpx_engine *e);

/** The clock time of the earliest deadline, or -1 when nothing is pending. */
SNMPX_EXTERN int64_t snmpx_engine_next_deadline(const snmpx_engine *e);

/** Number of requests in flight (including those waiting in a window). */
SNMPX_EXTERN size_t snmpx_engine_pending(const snmpx_engine *e);

/** Bound the requests on the wire at once, over all targets: beyond
 *  |max_in_flight| a submitted request waits, in submit order, until an
 *  earlier one completes.  It has its handle and can be cancelled; its
 *  timeout starts when it is sent.  Per target, see snmpx_target.window.
 *  0: no limit (the default).  Lowering it never stops requests already
 *  sent. */
SNMPX_EXTERN void snmpx_engine_set_window(snmpx_engine *e,
                                          uint32_t max_in_flight);

/** Default of snmpx_engine_set_agent_window: requests on the wire to one
 *  agent at once.  Enough to keep a fast agent busy, few enough that a
 *  burst and its retries fit in the socket buffer of an agent with
 *  default settings (Net-SNMP's snmpd: about 200 datagrams). */
#define SNMPX_ENGINE_AGENT_WINDOW 64

/** Default of snmpx_engine_set_retry_jitter, in percent. */
#define SNMPX_ENGINE_RETRY_JITTER 10

/** Bound the requests on the wire at once to each agent (each remote
 *  transport address, whatever manager or target sends them), so that a
 *  burst to one agent is paced without the caller doing anything: beyond
 *  |max_in_flight| a request waits, in submit order (FIFO), and is sent
 *  when an earlier request to that agent completes.  Requests to other
 *  agents never wait for it.  A waiting request has its handle, can be
 *  cancelled and counts in snmpx_engine_pending and stats.windowed.
 *  Timeouts: each try's timeout starts when it is sent, so a request that
 *  waited gets its full tries; but it waits no longer than all its tries
 *  would take (timeout x (retries + 1), with the backoff): then it ends
 *  with SNMPX_ETIMEDOUT unsent, so a burst to an agent that answers
 *  nothing ends within about twice one request's budget, not the
 *  budget times the burst over the window.  Default
 *  SNMPX_ENGINE_AGENT_WINDOW; 0: no limit (then every request of a burst
 *  leaves at once).  Raising it starts what waits; lowering it never
 *  stops requests already sent; it applies to requests submitted after a
 *  change from 0. */
SNMPX_EXTERN void snmpx_engine_set_agent_window(snmpx_engine *e,
                                                uint32_t max_in_flight);

/** The current per-agent limit (0: none). */
SNMPX_EXTERN uint32_t snmpx_engine_get_agent_window(const snmpx_engine *e);

/** Spread retries: while other requests to the same agent are in flight,
 *  each try after which a retry follows times out up to |pct| percent
 *  later than its timeout (a pseudo-random amount drawn from the
 *  request-id), so a burst's retries do not all leave at once.  A lone
 *  request to an agent, and every request's last try, keep the exact
 *  timeout.  Default SNMPX_ENGINE_RETRY_JITTER; 0: none; at most 100. */
SNMPX_EXTERN void snmpx_engine_set_retry_jitter(snmpx_engine *e,
                                                uint32_t pct);

/** A snapshot of the counters. */
SNMPX_EXTERN void snmpx_engine_get_stats(const snmpx_engine *e,
                                         snmpx_engine_stats *out);

/* ---- Inbound: requests and notifications (RFC 3412 4.2) ---------------
 * An engine that serves requests (an agent) or receives notifications
 * registers an application for them.  snmpx_engine_recv then hands every
 * incoming GetRequest, GetNextRequest, GetBulkRequest and SetRequest to the
 * responder, and every Trap, SNMPv2-Trap and InformRequest to the receiver,
 * after message processing and security (RFC 3412 7.2, RFC 3414 3.2).
 *
 * For SNMPv3 this engine is the authoritative one for requests and informs:
 * it answers discovery probes and sends the usmStats Reports itself
 * (unknownEngineID, unknownUserName, unsupportedSecLevel, wrongDigest,
 * notInTimeWindow, decryptionError), using the users of the local
 * namespace localized to the local engine ID.  For traps the sender is
 * authoritative: users are looked up by the sender's engine ID (see
 * snmpx_user.engine_id), and the sender's boots and time are learned from
 * its first authentic trap and checked on later ones (RFC 3414 3.2 7b).
 *
 *   snmpx_engine_set_responder(e, on_request, agent);
 *   ... in on_request: build the Response PDU, then
 *       snmpx_engine_respond(e, in, &resp);
 */

/** The local SNMPv3 engine: who this engine is when it is authoritative. */
typedef struct snmpx_local_engine {
  const uint8_t *engine_id;   /* snmpEngineID, 5..32 octets (RFC 3411);
                                 NULL: a random RFC 3411 format-5 ID */
  size_t engine_id_len;
  uint32_t boots;             /* snmpEngineBoots; 0 means 1 */
  const char *user_namespace; /* users for incoming v3 messages; NULL: "" */
  uint32_t max_size;          /* msgMaxSize announced; 0: 65507 */
} snmpx_local_engine;

/** Set the local engine.  Copied.  snmpEngineTime counts from 0 at this
 *  call on the engine's clock.  Without a call, the first inbound v3
 *  message or v3 trap makes a random engine ID with boots 1.
 *  @return 0; SNMPX_EINVAL (NULL, engine ID length not 5..32);
 *  SNMPX_ENOMEM. */
SNMPX_EXTERN int snmpx_engine_set_local(snmpx_engine *e,
                                        const snmpx_local_engine *local);

/** The local engine's ID (borrowed: valid until the next
 *  snmpx_engine_set_local), boots and current time in seconds.  Any of
 *  the outputs may be NULL.  @return 0; SNMPX_EINVAL (NULL engine). */
SNMPX_EXTERN int snmpx_engine_get_local(snmpx_engine *e,
                                        const uint8_t **engine_id,
                                        size_t *engine_id_len,
                                        uint32_t *boots, uint32_t *time);

/** RFC 3411 SnmpSecurityModel values. */
#define SNMPX_SECMODEL_V1 1
#define SNMPX_SECMODEL_V2C 2
#define SNMPX_SECMODEL_USM 3
#define SNMPX_SECMODEL_TSM 4 /* RFC 5591 */

/** An incoming request or notification, as handed to an application.
 *  Everything points into engine storage valid only during the callback. */
typedef struct snmpx_incoming {
  snmpx_msg msg;        /* version; community (v1/v2c); v3: security_name
                           (msgUserName), context_engine_id, context_name;
                           and the PDU */
  snmpx_addr from;      /* the sender's transport address */
  snmpx_addr to;        /* the local address it arrived on, when the
                           transport tells (snmpx_io listening sockets
                           do); len 0 when unknown */
  int security_model;   /* SNMPX_SECMODEL_* */
  snmpx_seclevel level; /* noAuthNoPriv for v1/v2c */
  const uint8_t *engine_id; /* v3: msgAuthoritativeEngineID: the local one
                               for requests and informs, the sender's for
                               traps; NULL for v1/v2c */
  size_t engine_id_len;
  uint32_t max_size;    /* largest message the sender accepts: its
                           msgMaxSize (v3), else SNMPX_MAX_DATAGRAM */
  const void *opaque_;  /* the engine's state for snmpx_engine_respond */
} snmpx_incoming;

/** An application's entry point.  It may call snmpx_engine_respond (once)
 *  and submit or cancel requests; it must not free the engine. */
typedef void (*snmpx_incoming_cb)(snmpx_engine *e, const snmpx_incoming *in,
                                  void *user_data);

/** Register the command responder (RFC 3413 3.2) for GetRequest,
 *  GetNextRequest, GetBulkRequest and SetRequest; NULL unregisters.
 *  Requests with no responder are counted (unknown_pdu_handlers) and
 *  dropped. */
SNMPX_EXTERN void snmpx_engine_set_responder(snmpx_engine *e,
                                             snmpx_incoming_cb cb,
                                             void *user_data);

/** The command responder registered (NULL: none), its user data in
 *  *|user_data| (may be NULL). */
SNMPX_EXTERN snmpx_incoming_cb snmpx_engine_get_responder(
    const snmpx_engine *e, void **user_data);

/** Register the notification receiver (RFC 3413 3.4) for Trap-PDU (v1),
 *  SNMPv2-Trap and InformRequest; NULL unregisters.  The engine answers
 *  each InformRequest itself after the callback returns (RFC 3416 4.2.7:
 *  a Response with the same request-id and varbinds), unless the callback
 *  already answered it with snmpx_engine_respond. */
SNMPX_EXTERN void snmpx_engine_set_receiver(snmpx_engine *e,
                                            snmpx_incoming_cb cb,
                                            void *user_data);

/** Answer |in| with |resp| (a SNMPX_PDU_RESPONSE, or SNMPX_PDU_REPORT
 *  such as snmpUnknownContexts), from inside |in|'s callback, or later
 *  for a copy kept with snmpx_engine_hold.  The
 *  message goes back to in->from with in's version and community, or (v3)
 *  its user, security level, context and msgID, signed and encrypted as
 *  the local engine.  |resp|->request_id is used as given.
 *  @return 0; SNMPX_EINVAL (NULL, |in| not the current incoming message,
 *  wrong PDU type, already answered); SNMPX_EMSG_TOOBIG (the message would
 *  exceed in->max_size or SNMPX_MAX_DATAGRAM: nothing sent, so the caller
 *  can answer tooBig, RFC 3416 4.2.1); the encode errors of
 *  snmpx_msg_encode; SNMPX_ENOMEM; the USM key errors. */
SNMPX_EXTERN int snmpx_engine_respond(snmpx_engine *e,
                                      const snmpx_incoming *in,
                                      const snmpx_pdu *resp);

/** Keep |in| to answer it after its callback returns: a handler that waits
 *  for an external program or a coroutine never holds the engine up.  From
 *  inside |in|'s callback only.  The engine then sends nothing for the
 *  original (no automatic inform acknowledgement).  The copy is owned by
 *  the caller and everything in it (PDU, community, security name,
 *  context, sender) stays valid until snmpx_engine_release; answer it with
 *  snmpx_engine_respond at any time before.  Copies not released are
 *  freed with the engine.
 *  @return the copy; NULL (not the current message, already answered,
 *  out of memory). */
SNMPX_EXTERN snmpx_incoming *snmpx_engine_hold(snmpx_engine *e,
                                               const snmpx_incoming *in);

/** Free a copy made by snmpx_engine_hold, answered or not (an unanswered
 *  request then times out at the manager).  NULL is a no-op. */
SNMPX_EXTERN void snmpx_engine_release(snmpx_engine *e, snmpx_incoming *held);

/** Answer |in| with nothing, from inside its callback only: an
 *  InformRequest the application refuses (a community or user it does not
 *  accept) is then not acknowledged, so the sender times out as it would
 *  with Net-SNMP's snmptrapd.  Also ends a request without a Response.
 *  @return 0; SNMPX_EINVAL (NULL, |in| not the current incoming message,
 *  already answered). */
SNMPX_EXTERN int snmpx_engine_discard(snmpx_engine *e,
                                      const snmpx_incoming *in);

/** Send an unconfirmed PDU (a Trap-PDU on v1, an SNMPv2-Trap on v2c/v3;
 *  RFC 3413 3.3) to |target| once: no request-id tracking, no retries.
 *  The PDU's request_id is sent as given.  For v3 the local engine is
 *  authoritative: the message carries its engine ID, boots and time, and
 *  the target's user (keys localized to the local engine ID).  A TSM
 *  target (security_model SNMPX_SECMODEL_TSM) gets a TSM message whose
 *  context engine is the local one; the transport gets its
 *  tmStateReference during the send (snmpx__engine_answer_tm).
 *  @return 0; SNMPX_EINVAL; SNMPX_EMSG_PDU_TYPE (a PDU the version does
 *  not carry); SNMPX_ENOTFOUND (v3: no such user);
 *  SNMPX_EUSM_UNSUPPORTED_SECLEVEL; SNMPX_EMSG_TOOBIG; SNMPX_ENOMEM; the
 *  encode and key errors. */
SNMPX_EXTERN int snmpx_engine_send(snmpx_engine *e, const snmpx_target *target,
                                   const snmpx_pdu *pdu);

#endif
