/* The inbound half of the dispatcher (RFC 3412 4.2): requests and
 * notifications handed to the registered applications, their answers, the
 * local engine's identity, and unconfirmed notifications sent without a
 * request record (RFC 3413 3.3). */
#include "engine_priv.h"
#include "msg/msg_v3.h"

/* ---- the local engine ------------------------------------------------- */

/* RFC 3411 SnmpEngineID with the first bit set: a 4-octet enterprise
 * number (0: snmpx has none registered), format 5 (administratively
 * assigned octets), then 8 random octets. */
static void make_engine_id(snmpx_engine *e)
{
  static const uint8_t head[5] = {0x80, 0x00, 0x00, 0x00, 0x05};
  memcpy(e->local.engine_id, head, sizeof(head));
  e->cfg.random(e->cfg.random_ud, e->local.engine_id + sizeof(head), 8);
  e->local.engine_id_len = sizeof(head) + 8;
}

void snmpx__local_ensure(snmpx_engine *e)
{
  if (e->local.set)
    return;
  make_engine_id(e);
  e->local.boots = 1;
  e->local.start_ms = snmpx_engine_now(e);
  e->local.set = true;
}

int snmpx_engine_set_local(snmpx_engine *e, const snmpx_local_engine *local)
{
  if (e == NULL || local == NULL)
    return SNMPX_EINVAL;
  if (local->engine_id != NULL &&
      (local->engine_id_len < 5 ||
       local->engine_id_len > SNMPX_USM_MAX_ENGINE_ID))
    return SNMPX_EINVAL;
  char *ns = NULL;
  if (local->user_namespace != NULL) {
    size_t n = strlen(local->user_namespace) + 1;
    if ((ns = snmpx__malloc(e->mem, n)) == NULL)
      return SNMPX_ENOMEM;
    memcpy(ns, local->user_namespace, n);
  }
  snmpx__free(e->mem, e->local.user_namespace);
  e->local.user_namespace = ns;
  if (local->engine_id != NULL) {
    memcpy(e->local.engine_id, local->engine_id, local->engine_id_len);
    e->local.engine_id_len = local->engine_id_len;
  } else {
    make_engine_id(e);
  }
  e->local.boots = local->boots ? local->boots : 1;
  e->local.max_size = local->max_size >= SNMPX__V3_MIN_MAX_SIZE &&
                              local->max_size < SNMPX_MAX_DATAGRAM
                          ? local->max_size
                          : SNMPX_MAX_DATAGRAM;
  e->local.start_ms = snmpx_engine_now(e);
  e->local.set = true;
  return 0;
}

/* RFC 3414 2.2.1: snmpEngineTime, seconds since boots last changed. */
uint32_t snmpx__local_time(const snmpx_engine *e)
{
  uint64_t t = (snmpx_engine_now(e) - e->local.start_ms) / 1000;
  return t > INT32_MAX ? INT32_MAX : (uint32_t)t;
}

const char *snmpx__local_namespace(const snmpx_engine *e)
{
  return e->local.user_namespace ? e->local.user_namespace : "";
}

int snmpx_engine_get_local(snmpx_engine *e, const uint8_t **engine_id,
                           size_t *engine_id_len, uint32_t *boots,
                           uint32_t *time)
{
  if (e == NULL)
    return SNMPX_EINVAL;
  snmpx__local_ensure(e);
  if (engine_id != NULL)
    *engine_id = e->local.engine_id;
  if (engine_id_len != NULL)
    *engine_id_len = e->local.engine_id_len;
  if (boots != NULL)
    *boots = e->local.boots;
  if (time != NULL)
    *time = snmpx__local_time(e);
  return 0;
}

void snmpx__inbound_clear(snmpx_engine *e)
{
  while (e->held != NULL)
    snmpx_engine_release(e, &e->held->in);
  snmpx__chash_clear(&e->peer_clocks, e->mem, snmpx__chash_free_record,
                     (void *)e->mem);
  snmpx__free(e->mem, e->local.user_namespace);
  e->local.user_namespace = NULL;
  snmpx__free(e->mem, e->in_plain);
  e->in_plain = NULL;
}

/* ---- applications ----------------------------------------------------- */

void snmpx_engine_set_responder(snmpx_engine *e, snmpx_incoming_cb cb,
                                void *user_data)
{
  e->responder = cb;
  e->responder_ud = user_data;
}

snmpx_incoming_cb snmpx_engine_get_responder(const snmpx_engine *e,
                                             void **user_data)
{
  if (user_data != NULL)
    *user_data = e != NULL ? e->responder_ud : NULL;
  return e != NULL ? e->responder : NULL;
}

void snmpx_engine_set_receiver(snmpx_engine *e, snmpx_incoming_cb cb,
                               void *user_data)
{
  e->receiver = cb;
  e->receiver_ud = user_data;
}

/* RFC 3416 3, RFC 3584 2.1: which PDUs each version carries inbound. */
static bool pdu_allowed(snmpx_version v, snmpx_pdu_type t)
{
  switch (t) {
  case SNMPX_PDU_GET:
  case SNMPX_PDU_GETNEXT:
  case SNMPX_PDU_SET:
    return true;
  case SNMPX_PDU_TRAP_V1:
    return v == SNMPX_VERSION_1;
  case SNMPX_PDU_GETBULK:
  case SNMPX_PDU_INFORM:
  case SNMPX_PDU_TRAP_V2:
    return v != SNMPX_VERSION_1;
  default:
    return false;
  }
}

static bool is_notification(snmpx_pdu_type t)
{
  return t == SNMPX_PDU_TRAP_V1 || t == SNMPX_PDU_TRAP_V2 ||
         t == SNMPX_PDU_INFORM;
}

/* RFC 3416 4.2.7: acknowledge an InformRequest with a Response carrying
 * its request-id and varbinds. */
static void ack_inform(snmpx_engine *e, snmpx__inbound *ib)
{
  snmpx_pdu ack = ib->in.msg.pdu;
  ack.type = SNMPX_PDU_RESPONSE;
  ack.error_status = 0;
  ack.error_index = 0;
  if (snmpx_engine_respond(e, &ib->in, &ack) == SNMPX_EMSG_TOOBIG) {
    ack.error_status = SNMPX_ERRSTAT_TOO_BIG;
    ack.n_varbinds = 0;
    snmpx_engine_respond(e, &ib->in, &ack);
  }
}

int snmpx__inbound_dispatch(snmpx_engine *e, snmpx__inbound *ib)
{
  snmpx_pdu_type t = ib->in.msg.pdu.type;
  if (!pdu_allowed(ib->in.msg.version, t)) {
    e->stats.in_unexpected_pdus++;
    return SNMPX_EMSG_PDU_TYPE;
  }
  bool note = is_notification(t);
  snmpx_incoming_cb cb = note ? e->receiver : e->responder;
  void *ud = note ? e->receiver_ud : e->responder_ud;
  if (cb == NULL) {
    e->stats.unknown_pdu_handlers++;
    return SNMPX_EMSG_PDU_TYPE;
  }
  if (note)
    e->stats.in_notifications++;
  else
    e->stats.in_requests++;
  snmpx__inbound *outer = e->current;
  ib->in.opaque_ = ib;
  e->current = ib;
  cb(e, &ib->in, ud);
  if (t == SNMPX_PDU_INFORM && !ib->answered)
    ack_inform(e, ib);
  e->current = outer;
  return 0;
}

/* ---- answers, now or kept for later ---------------------------------- */

/* The snmpx__inbound behind |in| (found through in->opaque_, never by
 * casting what the caller passed): the message being handled, or a held
 * copy still on the engine's list; NULL for anything else, such as a copy
 * of an incoming made by the application. */
static snmpx__inbound *inbound_of(snmpx_engine *e, const snmpx_incoming *in)
{
  snmpx__inbound *ib = (snmpx__inbound *)in->opaque_;
  if (ib == NULL || &ib->in != in)
    return NULL;
  if (ib == e->current)
    return ib;
  for (snmpx__inbound *h = e->held; h != NULL; h = h->held_next)
    if (h == ib)
      return ib;
  return NULL;
}

/* The message |in| when it may be answered now, else NULL. */
static snmpx__inbound *answerable(snmpx_engine *e, const snmpx_incoming *in)
{
  snmpx__inbound *ib = inbound_of(e, in);
  return ib != NULL && !ib->answered ? ib : NULL;
}

/* Copy |len| bytes to *|cur| and repoint *|p| there. */
static void keep(uint8_t **cur, const uint8_t **p, size_t len)
{
  if (*p == NULL)
    return;
  if (len)
    memcpy(*cur, *p, len);
  *p = *cur;
  *cur += len;
}

snmpx_incoming *snmpx_engine_hold(snmpx_engine *e, const snmpx_incoming *in)
{
  if (e == NULL || in == NULL || e->current == NULL ||
      answerable(e, in) != e->current)
    return NULL;
  const snmpx_msg *m = &in->msg;
  size_t n = m->community_len + m->security_name_len +
             m->context_engine_id_len + m->context_name_len +
             in->engine_id_len;
  snmpx__inbound *h = snmpx__malloc(e->mem, sizeof(*h) + n);
  if (h == NULL)
    return NULL;
  *h = *e->current;
  h->pdu = snmpx_pdu_dup(&m->pdu, e->mem);
  if (h->pdu == NULL) {
    snmpx__free(e->mem, h);
    return NULL;
  }
  h->in.msg.pdu = *h->pdu;
  uint8_t *cur = h->bytes;
  keep(&cur, &h->in.msg.community, m->community_len);
  keep(&cur, &h->in.msg.security_name, m->security_name_len);
  keep(&cur, &h->in.msg.context_engine_id, m->context_engine_id_len);
  keep(&cur, &h->in.msg.context_name, m->context_name_len);
  keep(&cur, &h->in.engine_id, in->engine_id_len);
  if (h->tsm) { /* its own copies, not the original's */
    h->tm.security_name = h->tm_name;
    h->tm.transport_prefix = h->tm_prefix;
  }
  h->in.opaque_ = h;
  h->held_prev = NULL;
  h->held_next = e->held;
  if (e->held != NULL)
    e->held->held_prev = h;
  e->held = h;
  e->current->answered = true; /* nothing is sent for the original */
  return &h->in;
}

void snmpx_engine_release(snmpx_engine *e, snmpx_incoming *held)
{
  if (e == NULL || held == NULL)
    return;
  snmpx__inbound *h = inbound_of(e, held);
  if (h == NULL || h == e->current)
    return;
  if (h->held_prev != NULL)
    h->held_prev->held_next = h->held_next;
  else
    e->held = h->held_next;
  if (h->held_next != NULL)
    h->held_next->held_prev = h->held_prev;
  snmpx_pdu_free(h->pdu, e->mem);
  snmpx__free(e->mem, h);
}

int snmpx_engine_respond(snmpx_engine *e, const snmpx_incoming *in,
                         const snmpx_pdu *resp)
{
  if (e == NULL || in == NULL || resp == NULL)
    return SNMPX_EINVAL;
  snmpx__inbound *ib = answerable(e, in);
  if (ib == NULL)
    return SNMPX_EINVAL;
  if (resp->type != SNMPX_PDU_RESPONSE && resp->type != SNMPX_PDU_REPORT)
    return SNMPX_EINVAL;
  if (resp->type == SNMPX_PDU_REPORT && in->msg.version != SNMPX_VERSION_3)
    return SNMPX_EINVAL;
  if (in->msg.pdu.type == SNMPX_PDU_TRAP_V1 ||
      in->msg.pdu.type == SNMPX_PDU_TRAP_V2)
    return SNMPX_EINVAL; /* unconfirmed: nobody waits for an answer */
  int rv = snmpx__engine_encode_buf(e);
  if (rv != 0)
    return rv;
  size_t len = 0;
  if (in->msg.version == SNMPX_VERSION_3)
    rv = snmpx__v3_encode_answer(e, ib, resp, &len);
  else
    rv = snmpx__encode_community(e, in->msg.version, in->msg.community,
                                 in->msg.community_len, resp, &len);
  if (rv == 0 && len > in->max_size)
    rv = SNMPX_EMSG_TOOBIG; /* RFC 3416 4.2.1: the caller answers tooBig */
  if (rv != 0)
    return rv;
  ib->answered = true;
  if (resp->type == SNMPX_PDU_REPORT)
    e->stats.out_reports++;
  else
    e->stats.out_responses++;
  /* RFC 5591 4.2 step 1: a TSM answer goes back with its request's
   * tmStateReference (tmSameSecurity), for the transport to find the
   * session. */
  const snmpx_tm_state *outer_tm = e->answer_tm;
  e->answer_tm = ib->tsm ? &ib->tm : NULL;
  snmpx__engine_send_answer(e, e->encode_buf, len, &in->from, &in->to);
  e->answer_tm = outer_tm;
  return 0;
}

const snmpx_tm_state *snmpx__engine_answer_tm(const snmpx_engine *e)
{
  return e->answer_tm;
}

const snmpx_addr *snmpx__engine_answer_from(const snmpx_engine *e)
{
  return e->answer_from;
}

void snmpx__engine_send_answer(snmpx_engine *e, const uint8_t *data,
                               size_t len, const snmpx_addr *to,
                               const snmpx_addr *local)
{
  const snmpx_addr *outer = e->answer_from;
  e->answer_from = local != NULL && local->len > 0 ? local : NULL;
  snmpx__engine_send_raw(e, data, len, to);
  e->answer_from = outer;
}

int snmpx_engine_discard(snmpx_engine *e, const snmpx_incoming *in)
{
  if (e == NULL || in == NULL || e->current == NULL ||
      answerable(e, in) != e->current)
    return SNMPX_EINVAL;
  e->current->answered = true;
  return 0;
}

/* ---- unconfirmed notifications ---------------------------------------- */

/* RFC 3413 3.3: a v3 trap is sent by its authoritative engine: ours. */
static int encode_v3_trap(snmpx_engine *e, const snmpx_target *t,
                          const snmpx_pdu *pdu, size_t *len)
{
  int rv = snmpx__v3_ensure_buffers(e);
  if (rv != 0)
    return rv;
  snmpx__local_ensure(e);
  snmpx__user *u;
  snmpx_seclevel level;
  if ((rv = snmpx__v3_target_user(e, t, &u, &level)) != 0)
    return rv;
  const uint8_t *tlv;
  size_t tlv_len;
  if ((rv = snmpx__v3_encode_pdu(e, pdu, &tlv, &tlv_len)) != 0)
    return rv;
  uint32_t msg_id;
  e->cfg.random(e->cfg.random_ud, &msg_id, sizeof(msg_id));
  snmpx__v3_out o;
  snmpx__v3_out_local(e, &o);
  o.user = u;
  o.user_name = u->name;
  o.user_name_len = u->name_len;
  o.level = level;
  o.msg_id = (int32_t)(msg_id & 0x7fffffff);
  o.ctx_engine_id = t->context_engine_id ? t->context_engine_id
                                         : e->local.engine_id;
  o.ctx_engine_id_len = t->context_engine_id ? t->context_engine_id_len
                                             : e->local.engine_id_len;
  o.ctx_name = t->context_name;
  o.ctx_name_len = t->context_name_len;
  o.pdu = tlv;
  o.pdu_len = tlv_len;
  return snmpx__v3_build(e, &o, len);
}

int snmpx_engine_send(snmpx_engine *e, const snmpx_target *target,
                      const snmpx_pdu *pdu)
{
  if (e == NULL || target == NULL || pdu == NULL || target->addr.len == 0)
    return SNMPX_EINVAL;
  bool v1 = target->version == SNMPX_VERSION_1;
  if (pdu->type != (v1 ? SNMPX_PDU_TRAP_V1 : SNMPX_PDU_TRAP_V2))
    return SNMPX_EMSG_PDU_TYPE;
  int rv = snmpx__engine_encode_buf(e);
  if (rv != 0)
    return rv;
  size_t len = 0;
  snmpx__tm_buf tmb;
  bool tsm = target->version == SNMPX_VERSION_3 &&
             target->security_model == SNMPX_SECMODEL_TSM;
  if (tsm) {
    rv = snmpx__tsm_encode_notification(e, target, pdu, &tmb, &len);
  } else if (target->version == SNMPX_VERSION_3) {
    rv = encode_v3_trap(e, target, pdu, &len);
  } else if (v1 || target->version == SNMPX_VERSION_2C) {
    rv = snmpx__encode_community(e, target->version, target->community,
                                 target->community_len, pdu, &len);
  } else {
    rv = SNMPX_EINVAL;
  }
  if (rv != 0)
    return rv;
  e->stats.out_notifications++;
  const snmpx_tm_state *outer_tm = e->answer_tm;
  e->answer_tm = tsm ? &tmb.tm : NULL; /* the transport's session */
  snmpx__engine_send_raw(e, e->encode_buf, len, &target->addr);
  e->answer_tm = outer_tm;
  return 0;
}
