/* The engine's private state, shared by engine.c (requests, v1/v2c) and
 * engine_v3.c (SNMPv3 message processing and USM). */
#ifndef SNMPX_ENGINE_PRIV_H
#define SNMPX_ENGINE_PRIV_H

#include "engine_chash.h"
#include "engine_table.h"
#include "tsm/tsm_process.h"
#include "usm/usm_crypto.h"

/* RFC 3414 5: the usmStats counters, 1.3.6.1.6.3.15.1.1.N.0, by N. */
#define SNMPX__USM_STATS_ARCS 1, 3, 6, 1, 6, 3, 15, 1, 1
enum {
  USM_UNSUPPORTED_SECLEVELS = 1,
  USM_NOT_IN_TIME_WINDOWS = 2,
  USM_UNKNOWN_USER_NAMES = 3,
  USM_UNKNOWN_ENGINE_IDS = 4,
  USM_WRONG_DIGESTS = 5,
  USM_DECRYPTION_ERRORS = 6
};

/* RFC 3414 2.2.3: the time window is 150 seconds. */
#define TIME_WINDOW 150

/* RFC 3414 2.2.1: snmpEngineBoots latched at its maximum means "no
 * authentic message is in time". */
#define BOOTS_MAX 2147483647u

/* What we know of a remote authoritative engine's clock (RFC 3414 2.3):
 * its boots and time when last learned, on our engine clock. */
typedef struct snmpx__clock {
  bool known;
  uint32_t boots;
  uint32_t time;
  uint64_t synced_ms;
} snmpx__clock;

/* A USM user (RFC 3414 2.1) as added with snmpx_engine_add_user. */
typedef struct snmpx__user {
  snmpx__chain link; /* e->users, by (namespace, name, engine ID) */
  char *user_namespace;
  uint8_t name[32];
  size_t name_len;
  snmpx_usm_auth auth;
  snmpx_usm_secret auth_secret; /* data owned, wiped on free */
  snmpx_usm_priv priv;
  snmpx_usm_secret priv_secret;
  uint8_t engine_id[SNMPX_USM_MAX_ENGINE_ID]; /* bound to (traps); 0: none */
  size_t engine_id_len;
  bool local_engine_only; /* engine_id_len 0: applies to the local engine's
                             ID only (snmpx_user.local_engine_only) */
  bool withdrawn; /* snmpx_engine_replace_users dropped it: unknown to
                     lookups, kept so a request in flight never dangles */
  /* The key cache's ready keys last used, and the engine ID they are
   * localized to: messages to or from that engine (the local one, a trap
   * sender) skip the cache's lookups while the refs hold.  Reset when the
   * secrets change.  Keys for remote engines we send requests to are kept
   * with each of them instead (snmpx__remote_keys). */
  uint8_t memo_engine_id[SNMPX_USM_MAX_ENGINE_ID];
  size_t memo_engine_id_len; /* 0: none */
  snmpx__usm_keyref memo_auth, memo_priv;
  uint32_t secrets_gen; /* bumped when the secrets are replaced */
} snmpx__user;

/* The ready keys of one user localized to one remote engine (RFC 3414
 * 2.6), kept with that engine's record so a manager of any number of
 * agents localizes each key once (the key cache keeps only the master
 * keys of passwords for it).  Wiped when freed. */
typedef struct snmpx__remote_keys {
  struct snmpx__remote_keys *next;
  const snmpx__user *user;
  uint32_t secrets_gen; /* the user's secrets they come from */
  snmpx__usm_key auth;  /* key_len 0: not made yet */
  snmpx__usm_key priv;
} snmpx__remote_keys;

/* What we know of one authoritative engine (RFC 3414 2.3): its ID and our
 * estimate of its boots and time.  Keyed by transport address. */
typedef struct snmpx__remote {
  snmpx__chain link; /* e->remotes, by address */
  snmpx_addr addr;
  uint8_t engine_id[SNMPX_USM_MAX_ENGINE_ID];
  size_t engine_id_len;
  snmpx__clock clock;
  int32_t max_size;   /* its msgMaxSize (RFC 3412 6.1), 0: not yet known */
  snmpx__remote_keys *keys; /* owned; localized to engine_id */
} snmpx__remote;

/* The local engine (RFC 3411 3.1.1.1, RFC 3414 2.2), authoritative for the
 * requests and informs we receive and the traps we send. */
typedef struct snmpx__local {
  bool set;
  uint8_t engine_id[SNMPX_USM_MAX_ENGINE_ID];
  size_t engine_id_len;
  uint32_t boots;
  uint64_t start_ms;    /* engine clock when snmpEngineTime was 0 */
  char *user_namespace; /* owned; NULL: "" */
  uint32_t max_size;
} snmpx__local;

/* What we know of the clock of a remote authoritative engine that sends us
 * traps (RFC 3414 2.3, 3.2 step 7b), keyed by its engine ID. */
typedef struct snmpx__peer_clock {
  snmpx__chain link; /* e->peer_clocks, by engine ID */
  uint8_t engine_id[SNMPX_USM_MAX_ENGINE_ID];
  size_t engine_id_len;
  snmpx__clock clock;
} snmpx__peer_clock;

/* Everything in flight to one transport address, and its window
 * (snmpx_engine_set_agent_window).  Kept while anything is in flight to it
 * or waits for it. */
typedef struct snmpx__agent {
  snmpx__chain link; /* e->agents, by address */
  snmpx_addr addr;
  snmpx__window w;   /* limit: e->agent_limit when made or last set */
} snmpx__agent;

/* The incoming message an application is handling: what
 * snmpx_engine_respond needs beyond the public snmpx_incoming. */
typedef struct snmpx__inbound {
  snmpx_incoming in;
  int32_t msg_id;           /* v3 */
  struct snmpx__user *user; /* v3 USM */
  bool answered;
  /* v3 TSM (RFC 5591): the tmStateReference the answer goes back with
   * (5.2 step 5, 4.2 step 1), its strings kept here. */
  bool tsm;
  snmpx_tm_state tm;
  char tm_prefix[8];
  uint8_t tm_name[32];
  /* A copy kept by snmpx_engine_hold: on the engine's list until
   * released; |pdu| and the trailing bytes are owned. */
  struct snmpx__inbound *held_prev, *held_next;
  snmpx_pdu *pdu;
  uint8_t bytes[];
} snmpx__inbound;

/* One outgoing v3 message (RFC 3412 7.1, RFC 3414 3.1.1). */
typedef struct snmpx__v3_out {
  struct snmpx__user *user; /* keys; NULL only for noAuthNoPriv */
  snmpx__remote *remote;    /* the engine_id's record, which keeps the
                               user's keys for it; NULL: the key cache */
  const uint8_t *user_name; /* msgUserName */
  size_t user_name_len;
  snmpx_seclevel level;
  const uint8_t *engine_id;         /* msgAuthoritativeEngineID */
  size_t engine_id_len;
  uint32_t boots;
  uint32_t time;
  int32_t msg_id;
  uint8_t flags;                    /* SNMPX__V3_FLAG_REPORTABLE or 0 */
  const uint8_t *ctx_engine_id;
  size_t ctx_engine_id_len;
  const uint8_t *ctx_name;
  size_t ctx_name_len;
  const uint8_t *pdu;               /* the encoded PDU TLV */
  size_t pdu_len;
  size_t max_len;                   /* 0: no limit below the datagram */
} snmpx__v3_out;

/* A detached request's outcome, kept until taken. */
typedef struct snmpx__result {
  int64_t handle; /* 0: empty slot */
  int status;
  snmpx_pdu *resp; /* owned; on status 0 */
} snmpx__result;

struct snmpx_engine {
  snmpx_engine_config cfg;
  const snmpx_mem *mem;
  snmpx__reqtable table;
  uint64_t submits; /* high bits of handles */
  snmpx_engine_stats stats;
  /* Decode storage, grown to the largest datagram seen, reused for every
   * datagram so decoding does not allocate. */
  snmpx_decode_space space;
  uint8_t *encode_buf; /* SNMPX_MAX_DATAGRAM bytes */
  /* SNMPv3 */
  uint8_t *scratch;    /* SNMPX_MAX_DATAGRAM + 16: scopedPDU, plaintext */
  uint8_t *scratch2;   /* SNMPX_MAX_DATAGRAM + 16: ciphertext */
  snmpx__chash users;
  snmpx__chash remotes;
  snmpx_usm_keycache *keys;
  uint32_t des_salt;      /* RFC 3414 8.1.1.1: the local 32-bit counter,
                             random at engine creation */
  snmpx__entropy entropy; /* the default RNG's buffer */
  snmpx_deadline_cb deadline_cb;
  void *deadline_ud;
  snmpx_drop_cb drop_cb; /* snmpx_engine_set_drop_cb */
  void *drop_ud;
  int64_t reported_deadline; /* what deadline_cb was last told */
  snmpx__result *results;    /* detached requests' outcomes */
  size_t results_cap;
  size_t results_count;
  /* Inbound (engine_inbound.c, engine_v3_in.c) */
  snmpx__local local;
  snmpx_incoming_cb responder;
  void *responder_ud;
  snmpx_incoming_cb receiver;
  void *receiver_ud;
  snmpx__chash peer_clocks;
  snmpx__inbound *current;   /* the message an application is handling */
  snmpx__window total;       /* snmpx_engine_set_window */
  snmpx__chash agents;       /* snmpx__agent by address */
  snmpx__agent *spare_agents; /* idle records kept for reuse (link.next) */
  size_t n_spare_agents;     /* at most SNMPX__SPARE_AGENTS */
  uint32_t agent_limit;      /* snmpx_engine_set_agent_window */
  uint32_t jitter_pct;       /* snmpx_engine_set_retry_jitter */
  bool closing;              /* snmpx_engine_free: start nothing */
  uint8_t *in_plain;         /* decrypted received scopedPDUs: requests,
                                notifications and responses */
  const snmpx_addr *recv_to; /* during snmpx_engine_recv_to */
  int recv_depth;            /* snmpx_engine_recv_to calls under way */
  snmpx__inbound *held;      /* snmpx_engine_hold copies */
  const snmpx_addr *answer_from; /* while an answer (Response, Report,
                                    inform ack) is sent: the local address
                                    its request came to */
  /* TSM (engine_tsm.c) */
  const snmpx_tm_state *recv_tm;   /* during snmpx_engine_recv_tm */
  const snmpx_tm_state *answer_tm; /* while a TSM answer is sent */
  bool tsm_prefix;                 /* snmpTsmConfigurationUsePrefix */
  snmpx__tsm_counters tsm;         /* snmpTsmStats */
};

/* Windows (engine_window.c).  admit: true when |r| may go on the wire
 * now, else it waits; leave: |r| is done, start the next waiting ones. */
bool snmpx__window_admit(snmpx_engine *e, snmpx__request *r);
/* The agent record of |addr| (made if missing, from a spare record when
 * there is one) in *|out|; NULL when there is no per-agent limit.
 * @return 0; SNMPX_ENOMEM. */
int snmpx__agent_get(snmpx_engine *e, const snmpx_addr *addr,
                     snmpx__agent **out);
/* The timeout of the try after one of |t| ms: the backoff, within the
 * cap. */
uint32_t snmpx__next_timeout(const snmpx__request *r, uint32_t t);
/* When the try |r| sends at |now| times out: its timeout, lengthened by
 * the retry jitter when a retry follows and other requests to its agent
 * are in flight. */
uint64_t snmpx__try_deadline(const snmpx_engine *e, const snmpx__request *r,
                             uint64_t now);
void snmpx__window_leave(snmpx_engine *e, snmpx__request *r);
/* Free every agent record, in use or spare (snmpx_engine_free). */
void snmpx__agents_clear(snmpx_engine *e);
/* A v3 request that waited: if its engine was discovered meanwhile, send
 * the request itself rather than another probe; if the engine's boots or
 * time it carries are stale, rebuild it with our estimate of them now. */
void snmpx__v3_refresh(snmpx_engine *e, snmpx__request *r);

/* Keep a detached request's outcome (engine_results.c). */
void snmpx__results_store(snmpx_engine *e, int64_t handle, int status,
                          const snmpx_msg *resp);
void snmpx__results_clear(snmpx_engine *e);

/* Tell the deadline callback if the earliest deadline moved. */
void snmpx__engine_notify_deadline(snmpx_engine *e);

/* Send |r|'s next try now (one retry used), its timer from |now|. */
void snmpx__engine_retry(snmpx_engine *e, snmpx__request *r, uint64_t now);

/* Internal engine services used by engine_v3.c. */
void snmpx__engine_transmit(snmpx_engine *e, const snmpx__request *r);
void snmpx__engine_send_raw(snmpx_engine *e, const uint8_t *data, size_t len,
                            const snmpx_addr *to);
/* Send an answer to a request that came to the local address |local|
 * (NULL or len 0: unknown), which the transport answers from. */
void snmpx__engine_send_answer(snmpx_engine *e, const uint8_t *data,
                               size_t len, const snmpx_addr *to,
                               const snmpx_addr *local);
void snmpx__engine_finish(snmpx_engine *e, snmpx__request *r, int status,
                          const snmpx_msg *resp);
int snmpx__engine_ensure_space(snmpx_engine *e, size_t len);
int snmpx__engine_encode_buf(snmpx_engine *e);

/* SNMPv3 (engine_v3.c). */

/** A new request for |pdu| to |t| with msgID and request-id |reqid|,
 *  its v3 state and its first datagram (a discovery probe, or the request
 *  itself when the engine is known) in one allocation.  |pdu| NULL: a
 *  discovery probe alone (snmpx_engine_discover; |t|'s user unused).
 *  @return 0 or an error of snmpx_engine_submit. */
int snmpx__v3_new_request(snmpx_engine *e, const snmpx_target *t,
                          const snmpx_pdu *pdu, int32_t reqid,
                          snmpx__request **out);

/** Process one received v3 datagram.  @return as snmpx_engine_recv. */
int snmpx__v3_recv(snmpx_engine *e, const uint8_t *data, size_t len,
                   const snmpx_addr *from);

/** The status a request that ran out of retries ends with:
 *  SNMPX_EUSM_DISCOVERY_TIMEOUT while discovering, else SNMPX_ETIMEDOUT. */
int snmpx__v3_timeout_status(const snmpx__request *r);

/** Free what a request's v3 state owns. */
void snmpx__v3_request_clear(snmpx_engine *e, snmpx__request *r);

/** Free users, remote engines and keys (engine teardown). */
void snmpx__v3_clear(snmpx_engine *e);

/* Shared by the outbound (engine_v3.c) and inbound (engine_v3_in.c) v3
 * paths. */
int snmpx__v3_ensure_buffers(snmpx_engine *e);
/** The ready auth key (|priv| false) or priv key of |u| localized to
 *  |engine_id|, from the key cache: valid until the next key lookup.
 *  @return 0 or an error of snmpx_usm_keycache_get. */
int snmpx__v3_key(snmpx_engine *e, snmpx__user *u, const uint8_t *engine_id,
                  size_t engine_id_len, bool priv, const snmpx__usm_key **out);
int snmpx__v3_check_level(const snmpx__user *u, snmpx_seclevel level);
int snmpx__v3_level_of(uint8_t flags);
/* The user a target names, at the level it asks, with sane engine IDs.
 * @return 0; SNMPX_ENOTFOUND; SNMPX_EUSM_UNSUPPORTED_SECLEVEL; SNMPX_EINVAL;
 * SNMPX_EUSM_ENGINE_ID. */
int snmpx__v3_target_user(snmpx_engine *e, const snmpx_target *t,
                          snmpx__user **user, snmpx_seclevel *level);
/* Start |o| for a message the local engine is authoritative for: zeroed,
 * with its engine ID, boots and time. */
void snmpx__v3_out_local(snmpx_engine *e, snmpx__v3_out *o);
/* Inbound: the user bound to |engine_id|, else the unbound one (unless
 * that one is bound to the local engine and |engine_id| is another). */
snmpx__user *snmpx__v3_find_inbound_user(snmpx_engine *e, const char *ns,
                                         const uint8_t *name, size_t len,
                                         const uint8_t *engine_id,
                                         size_t engine_id_len);
struct snmpx__v3_msg;
/** Encode |pdu| into e->scratch2; *|out| and *|len| give the TLV.
 *  @return 0; SNMPX_EMSG_TOOBIG; the encode errors of snmpx_pdu_encode. */
int snmpx__v3_encode_pdu(snmpx_engine *e, const snmpx_pdu *pdu,
                         const uint8_t **out, size_t *len);
/** Allocate e->in_plain (SNMPX_MAX_DATAGRAM + 16 bytes), where received
 *  scopedPDUs are decrypted: apart from the scratch buffers, so a callback
 *  may send while it reads the message, and swapped for a fresh one by a
 *  nested receive (snmpx_engine_recv_to).  @return 0; SNMPX_ENOMEM. */
int snmpx__v3_ensure_in_plain(snmpx_engine *e);
/** Decrypt |m|'s scopedPDU (RFC 3414 3.2 step 8) with the priv key |k|
 *  into |buf| (SNMPX_MAX_DATAGRAM + 16 bytes); *|scoped| is the
 *  plaintext.  @return 0; the decryption errors. */
int snmpx__v3_decrypt(const snmpx__usm_key *k, const struct snmpx__v3_msg *m,
                      uint8_t *buf, snmpx_ber_view *scoped);
/** Encode a v1/v2c message of |pdu| with |community| into e->encode_buf.
 *  @return 0; SNMPX_EMSG_TOOBIG; the errors of snmpx_msg_encode. */
int snmpx__encode_community(snmpx_engine *e, snmpx_version version,
                            const uint8_t *community, size_t community_len,
                            const snmpx_pdu *pdu, size_t *len);
/** Encode |o| into e->encode_buf (scopedPDU, encryption, signature).
 *  Uses e->scratch and e->scratch2.  @return 0; SNMPX_EMSG_TOOBIG; the
 *  key and crypto errors. */
int snmpx__v3_build(snmpx_engine *e, const snmpx__v3_out *o, size_t *out_len);

/* Remote clocks (engine_v3.c), for both sides of RFC 3414 3.2 step 7b. */
void snmpx__clock_set(snmpx_engine *e, snmpx__clock *c, uint32_t boots,
                      uint32_t time);
/* Our estimate of the remote's snmpEngineTime now; 0 when unknown. */
uint32_t snmpx__clock_estimate(snmpx_engine *e, const snmpx__clock *c);
/* Is an authentic message from the authoritative engine with |boots| and
 * |time| in time?  True when the clock is unknown (it takes anything);
 * false for a replay (boots behind, time more than 150 s behind, or boots
 * latched at the maximum).  Changes nothing. */
bool snmpx__clock_in_time(snmpx_engine *e, const snmpx__clock *c,
                          uint32_t boots, uint32_t time);
/* As snmpx__clock_in_time, and when true our estimate moves forward to
 * |boots| and |time|. */
bool snmpx__clock_accept(snmpx_engine *e, snmpx__clock *c, uint32_t boots,
                         uint32_t time);

/* Inbound (engine_inbound.c, engine_v3_in.c). */
void snmpx__local_ensure(snmpx_engine *e);
uint32_t snmpx__local_time(const snmpx_engine *e);
const char *snmpx__local_namespace(const snmpx_engine *e);
/** Hand |ib| to the registered application; answer informs.  @return 0,
 *  or SNMPX_EMSG_PDU_TYPE when no application takes that PDU. */
int snmpx__inbound_dispatch(snmpx_engine *e, snmpx__inbound *ib);
/** A v3 message that is not an answer to one of our requests. */
struct snmpx__v3_msg;
/** Fill what every security model hands up alike with an inbound v3
 *  message: addresses, |model|, level, maximum size, msgID. */
void snmpx__v3_inbound_fill(snmpx_engine *e, snmpx__inbound *ib,
                            const struct snmpx__v3_msg *m,
                            const snmpx_addr *from, int model);
/** Version, securityName and the scoped PDU's context names. */
void snmpx__v3_inbound_names(snmpx__inbound *ib, const uint8_t *name,
                             size_t name_len, const snmpx_ber_view *ceid,
                             const snmpx_ber_view *cname);
int snmpx__v3_inbound(snmpx_engine *e, const uint8_t *data, size_t len,
                      const snmpx_addr *from, const struct snmpx__v3_msg *m);
/** Encode a v3 answer (Response/Report) to |ib| into e->encode_buf. */
int snmpx__v3_encode_answer(snmpx_engine *e, const snmpx__inbound *ib,
                            const snmpx_pdu *pdu, size_t *out_len);
void snmpx__inbound_clear(snmpx_engine *e);

/* TSM (engine_tsm.c, RFC 5591). */
/** A v3 message of msgSecurityModel 4: an answer to one of our TSM
 *  requests, or a request or notification.  @return as
 *  snmpx_engine_recv_tm. */
int snmpx__tsm_recv(snmpx_engine *e, const uint8_t *data, size_t len,
                    const snmpx_addr *from, const struct snmpx__v3_msg *m);
/** The tmStateReference of a TSM request (NULL: not one), for the
 *  transport while it is sent. */
const snmpx_tm_state *snmpx__v3_request_tm(const snmpx__request *r);

/* The largest TSM message the engine advertises (msgMaxSize) and answers
 * with over the transport of RFC 5591 prefix |prefix| (NULL: unknown):
 * over DTLS a message is one record (RFC 6353 5.1.2, RFC 6347 4.1: at
 * most 2^14 octets of plaintext), elsewhere the engine's own maximum. */
uint32_t snmpx__tsm_max_size(const snmpx_engine *e, const char *prefix);
/** An answer (Response/Report) |out| to the TSM request |r|, its security
 *  checked (level, and the session's tmSecurityName against the
 *  request's: e->recv_tm).  @return 0 when it ended |r|, else why it was
 *  dropped (SNMPX_ETSM_NAME_MISMATCH: another name's session). */
int snmpx__v3_tsm_answer(snmpx_engine *e, snmpx__request *r,
                         const struct snmpx__v3_msg *m, const snmpx_msg *out,
                         const snmpx_addr *from);
/** A tmStateReference with its own copies of the strings. */
typedef struct snmpx__tm_buf {
  snmpx_tm_state tm;
  uint8_t name[32];
  char prefix[8];
} snmpx__tm_buf;
/** RFC 3413 3.3 over TSM: the notification |pdu| to |t| (security model
 *  4) into e->encode_buf, and in *|tmb| the tmStateReference it goes out
 *  with (RFC 5591 4.2 step 2).  @return 0; the errors of
 *  snmpx__tsm_outgoing_name; SNMPX_EINVAL; the encode errors. */
int snmpx__tsm_encode_notification(snmpx_engine *e, const snmpx_target *t,
                                   const snmpx_pdu *pdu, snmpx__tm_buf *tmb,
                                   size_t *out_len);
/** Encode the TSM answer to |ib| into e->encode_buf. */
int snmpx__tsm_encode_answer(snmpx_engine *e, const snmpx__inbound *ib,
                             const snmpx_pdu *pdu, size_t *out_len);

#endif
