/* The engine's private state, shared by engine.c (requests, v1/v2c) and
 * engine_v3.c (SNMPv3 message processing and USM). */
#ifndef SNMPX_ENGINE_PRIV_H
#define SNMPX_ENGINE_PRIV_H

#include "engine_table.h"

/* A USM user (RFC 3414 2.1) as added with snmpx_engine_add_user. */
typedef struct snmpx__user {
  struct snmpx__user *next;
  char *user_namespace;
  uint8_t name[32];
  size_t name_len;
  snmpx_usm_auth auth;
  snmpx_usm_secret auth_secret; /* data owned, wiped on free */
  snmpx_usm_priv priv;
  snmpx_usm_secret priv_secret;
} snmpx__user;

/* What we know of one authoritative engine (RFC 3414 2.3): its ID and our
 * estimate of its boots and time.  Keyed by transport address. */
typedef struct snmpx__remote {
  struct snmpx__remote *next;
  snmpx_addr addr;
  uint8_t engine_id[SNMPX_USM_MAX_ENGINE_ID];
  size_t engine_id_len;
  bool time_known;
  uint32_t boots;
  uint32_t time;
  uint64_t synced_ms; /* engine clock when |time| was learned */
  int32_t max_size;   /* its msgMaxSize (RFC 3412 6.1), 0: not yet known */
} snmpx__remote;

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
  snmpx__user *users;
  snmpx__remote *remotes;
  snmpx_usm_keycache *keys;
  uint32_t des_salt;   /* RFC 3414 8.1.1.1: the local 32-bit counter */
  snmpx__entropy entropy; /* the default RNG's buffer */
  snmpx_deadline_cb deadline_cb;
  void *deadline_ud;
  int64_t reported_deadline; /* what deadline_cb was last told */
  snmpx__result *results;    /* detached requests' outcomes */
  size_t results_cap;
  size_t results_count;
};

/* Keep a detached request's outcome (engine_results.c). */
void snmpx__results_store(snmpx_engine *e, int64_t handle, int status,
                          const snmpx_msg *resp);
void snmpx__results_clear(snmpx_engine *e);

/* Tell the deadline callback if the earliest deadline moved. */
void snmpx__engine_notify_deadline(snmpx_engine *e);

/* Internal engine services used by engine_v3.c. */
void snmpx__engine_transmit(snmpx_engine *e, const snmpx__request *r);
void snmpx__engine_finish(snmpx_engine *e, snmpx__request *r, int status,
                          const snmpx_msg *resp);
int snmpx__engine_ensure_space(snmpx_engine *e, size_t len);
int snmpx__engine_encode_buf(snmpx_engine *e);

/* SNMPv3 (engine_v3.c). */

/** Fill |r|'s v3 state from |t| and build its first datagram (a discovery
 *  probe, or the request itself when the engine is known).  |r|->reqid is
 *  the msgID and request-id.  @return 0 or an error of
 *  snmpx_engine_submit. */
int snmpx__v3_prepare(snmpx_engine *e, snmpx__request *r,
                      const snmpx_target *t, const snmpx_pdu *pdu);

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

#endif
