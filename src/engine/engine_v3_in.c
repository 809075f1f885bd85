/* SNMPv3 messages this engine did not ask for (RFC 3412 7.2, RFC 3414
 * 3.2): requests and informs, for which the local engine is authoritative
 * (it answers discovery and sends the usmStats Reports), and traps, whose
 * sender is authoritative (users by the sender's engine ID, its clock
 * learned from its first authentic trap). */
#include "engine_priv.h"
#include "msg/msg_v3.h"
#include "usm/usm_crypto.h"

static uint64_t *usm_counter(snmpx_engine *e, int kind)
{
  switch (kind) {
  case USM_UNSUPPORTED_SECLEVELS:
    return &e->stats.usm_unsupported_sec_levels;
  case USM_NOT_IN_TIME_WINDOWS:
    return &e->stats.usm_not_in_time_windows;
  case USM_UNKNOWN_USER_NAMES:
    return &e->stats.usm_unknown_user_names;
  case USM_UNKNOWN_ENGINE_IDS:
    return &e->stats.usm_unknown_engine_ids;
  case USM_WRONG_DIGESTS:
    return &e->stats.usm_wrong_digests;
  default:
    return &e->stats.usm_decryption_errors;
  }
}

/* The request-id of a plaintext scopedPDU, for the Report that answers
 * it (RFC 3412 7.1 step 3a); 0 when it cannot be read. */
static int32_t plaintext_request_id(snmpx_engine *e, const snmpx__v3_msg *m)
{
  if (m->encrypted || snmpx__engine_ensure_space(e, m->data.len) != 0)
    return 0;
  snmpx_ber_view ceid, cname;
  snmpx_pdu pdu;
  if (snmpx__v3_decode_scoped(m->data.ptr, m->data.len, &ceid, &cname, &pdu,
                              &e->space) != 0)
    return 0;
  return pdu.request_id;
}

/* RFC 3414 3.2 steps 3-8 rejected |m| with |kind|: count it and, when the
 * sender asked for reports, send one (RFC 3412 7.1 step 3).  It goes
 * unauthenticated, except notInTimeWindow which is signed by |signer|
 * (RFC 3414 3.2 step 7a) so the manager may trust the clock it carries.
 * @return |why|, the reason the message is dropped. */
static int reject(snmpx_engine *e, const snmpx__v3_msg *m,
                  const snmpx_addr *from, int kind, snmpx__user *signer,
                  int why)
{
  uint64_t *counter = usm_counter(e, kind);
  (*counter)++;
  if (!(m->flags & SNMPX__V3_FLAG_REPORTABLE) || from == NULL)
    return why;
  uint32_t arcs[] = {SNMPX__USM_STATS_ARCS, (uint32_t)kind, 0};
  snmpx_varbind vb;
  vb.name.arcs = arcs;
  vb.name.len = sizeof(arcs) / sizeof(arcs[0]);
  vb.value = snmpx_value_uint(SNMPX_TYPE_COUNTER32, *counter & 0xffffffffu);
  snmpx_pdu report;
  memset(&report, 0, sizeof(report));
  report.type = SNMPX_PDU_REPORT;
  report.request_id = plaintext_request_id(e, m);
  report.varbinds = &vb;
  report.n_varbinds = 1;
  const uint8_t *tlv;
  size_t tlv_len;
  if (snmpx__v3_encode_pdu(e, &report, &tlv, &tlv_len) != 0)
    return why;
  snmpx__v3_out o;
  snmpx__v3_out_local(e, &o);
  o.user = signer;
  o.user_name = m->user.ptr;
  o.user_name_len = m->user.len;
  o.level = signer ? SNMPX_SECLEVEL_AUTHNOPRIV : SNMPX_SECLEVEL_NOAUTH;
  o.msg_id = m->msg_id;
  o.ctx_engine_id = e->local.engine_id;
  o.ctx_engine_id_len = e->local.engine_id_len;
  o.pdu = tlv;
  o.pdu_len = tlv_len;
  o.max_len = (size_t)m->max_size;
  size_t len;
  if (snmpx__v3_build(e, &o, &len) != 0)
    return why;
  e->stats.out_reports++;
  snmpx__engine_send_answer(e, e->encode_buf, len, from, e->recv_to);
  return why;
}

static bool same_id(const uint8_t *a, size_t alen, const uint8_t *b,
                    size_t blen)
{
  return alen == blen && memcmp(a, b, alen) == 0;
}

/* RFC 3414 3.2 step 7a: as the authoritative engine, an authentic message
 * is in time when its boots are ours and its time within 150 s of ours. */
static bool local_in_time(const snmpx_engine *e, const snmpx__v3_msg *m)
{
  if (e->local.boots >= BOOTS_MAX || (uint32_t)m->boots != e->local.boots)
    return false;
  int64_t drift = (int64_t)m->time - (int64_t)snmpx__local_time(e);
  return drift <= TIME_WINDOW && drift >= -TIME_WINDOW;
}

static snmpx__peer_clock *peer_clock(snmpx_engine *e, const snmpx__v3_msg *m,
                                     size_t h)
{
  for (snmpx__chain *c = snmpx__chash_bucket(&e->peer_clocks, h); c != NULL;
       c = c->next) {
    snmpx__peer_clock *p = (snmpx__peer_clock *)c;
    if (c->hash == h && same_id(p->engine_id, p->engine_id_len,
                                m->engine_id.ptr, m->engine_id.len))
      return p;
  }
  return NULL;
}

/* RFC 3414 3.2 step 7b, for an authentic message from another
 * authoritative engine: in time when that engine's clock is unknown or
 * the message is not late (a replay).  Learns nothing: the clock is
 * learned from traps only (peer_in_time). */
static bool peer_time_ok(snmpx_engine *e, const snmpx__v3_msg *m)
{
  size_t h = snmpx__chash_bytes(0, m->engine_id.ptr, m->engine_id.len);
  const snmpx__peer_clock *p = peer_clock(e, m, h);
  return p == NULL || snmpx__clock_in_time(e, &p->clock, (uint32_t)m->boots,
                                           (uint32_t)m->time);
}

/* RFC 3414 3.2 step 7b, for an authentic trap from the authoritative
 * engine that sent it: its clock is learned on first sight, then a late
 * message (a replay) is refused. */
static int peer_in_time(snmpx_engine *e, const snmpx__v3_msg *m)
{
  size_t h = snmpx__chash_bytes(0, m->engine_id.ptr, m->engine_id.len);
  snmpx__peer_clock *p = peer_clock(e, m, h);
  if (p == NULL) {
    if ((p = snmpx__calloc(e->mem, 1, sizeof(*p))) == NULL)
      return SNMPX_ENOMEM;
    memcpy(p->engine_id, m->engine_id.ptr, m->engine_id.len);
    p->engine_id_len = m->engine_id.len;
    if (snmpx__chash_add(&e->peer_clocks, &p->link, h, e->mem) != 0) {
      snmpx__free(e->mem, p);
      return SNMPX_ENOMEM;
    }
  }
  return snmpx__clock_accept(e, &p->clock, (uint32_t)m->boots,
                             (uint32_t)m->time)
             ? 0
             : SNMPX_EUSM_NOT_IN_TIME_WINDOW;
}

int snmpx__v3_ensure_in_plain(snmpx_engine *e)
{
  if (e->in_plain == NULL &&
      (e->in_plain = snmpx__malloc(e->mem, SNMPX_MAX_DATAGRAM + 16)) == NULL)
    return SNMPX_ENOMEM;
  return 0;
}

/* RFC 3414 3.2 step 6: check the digest. */
static int verify(snmpx_engine *e, const uint8_t *data, size_t len,
                  const snmpx__v3_msg *m, snmpx__user *u)
{
  const snmpx__usm_key *k;
  int rv = snmpx__v3_key(e, u, m->engine_id.ptr, m->engine_id.len, false, &k);
  if (rv == 0)
    rv = snmpx__usm_auth_verify_with(&k->hmac, data, len,
                                     (size_t)(m->auth_params.ptr - data));
  return rv;
}

/* RFC 3414 3.2 step 8: decrypt into e->in_plain (kept apart from the
 * scratch buffers, so an application may send while it reads the
 * request).  *|scoped| is the plaintext. */
static int decrypt(snmpx_engine *e, const snmpx__v3_msg *m, snmpx__user *u,
                   snmpx_ber_view *scoped)
{
  if (!(m->flags & SNMPX__V3_FLAG_PRIV))
    return m->encrypted ? SNMPX_EUSM_DECRYPTION_ERROR : 0;
  const snmpx__usm_key *k;
  int rv = m->encrypted ? snmpx__v3_ensure_in_plain(e)
                        : SNMPX_EUSM_DECRYPTION_ERROR;
  if (rv == 0)
    rv = snmpx__v3_key(e, u, m->engine_id.ptr, m->engine_id.len, true, &k);
  if (rv == 0)
    rv = snmpx__v3_decrypt(k, m, e->in_plain, scoped);
  return rv;
}

/* RFC 3414 3.2 steps 3-5: the engine and the user the message names, and
 * whether that user may send at the message's level. */
static int check_user(snmpx_engine *e, const snmpx__v3_msg *m,
                      const snmpx_addr *from, bool authoritative,
                      snmpx__user **out)
{
  const char *ns = snmpx__local_namespace(e);
  /* RFC 3414 3.2 step 3: a request for another engine (or a discovery
   * probe, with an empty engine ID) is answered with our engine ID. */
  if ((m->flags & SNMPX__V3_FLAG_REPORTABLE) && !authoritative)
    return reject(e, m, from, USM_UNKNOWN_ENGINE_IDS, NULL,
                  SNMPX_EUSM_UNKNOWN_ENGINE_ID);
  if (m->engine_id.len == 0 || m->engine_id.len > SNMPX_USM_MAX_ENGINE_ID)
    return reject(e, m, from, USM_UNKNOWN_ENGINE_IDS, NULL,
                  SNMPX_EUSM_UNKNOWN_ENGINE_ID);
  snmpx__user *u = snmpx__v3_find_inbound_user(
      e, ns, m->user.ptr, m->user.len, m->engine_id.ptr, m->engine_id.len);
  if (u == NULL)
    return reject(e, m, from, USM_UNKNOWN_USER_NAMES, NULL,
                  SNMPX_EUSM_UNKNOWN_USER);
  if (snmpx__v3_check_level(u, (snmpx_seclevel)snmpx__v3_level_of(m->flags)))
    return reject(e, m, from, USM_UNSUPPORTED_SECLEVELS, NULL,
                  SNMPX_EUSM_UNSUPPORTED_SECLEVEL);
  *out = u;
  return 0;
}

/* RFC 3414 3.2 steps 3-8 for a message we did not ask for.  On success
 * *|scoped| is the plaintext scopedPDU and *|user| its user.  The clock of
 * another authoritative engine is checked but not learned here: that
 * waits for the PDU type (from_other_engine). */
static int usm_process(snmpx_engine *e, const uint8_t *data, size_t len,
                       const snmpx__v3_msg *m, const snmpx_addr *from,
                       bool authoritative, snmpx__user **user,
                       snmpx_ber_view *scoped)
{
  snmpx__user *u = NULL;
  int rv = check_user(e, m, from, authoritative, &u);
  if (rv != 0)
    return rv;
  *user = u;
  *scoped = m->data;
  if (!(m->flags & SNMPX__V3_FLAG_AUTH))
    return m->encrypted ? SNMPX_EBER_TAG : 0;
  /* RFC 3414 3.2 steps 6-8: the digest, then the time window (of
   * authentic messages only), then decryption (of timely ones only). */
  if ((rv = verify(e, data, len, m, u)) != 0)
    return reject(e, m, from, USM_WRONG_DIGESTS, NULL, rv);
  if (authoritative && !local_in_time(e, m))
    return reject(e, m, from, USM_NOT_IN_TIME_WINDOWS, u,
                  SNMPX_EUSM_NOT_IN_TIME_WINDOW);
  if (!authoritative && !peer_time_ok(e, m))
    return reject(e, m, from, USM_NOT_IN_TIME_WINDOWS, NULL,
                  SNMPX_EUSM_NOT_IN_TIME_WINDOW);
  if ((rv = decrypt(e, m, u, scoped)) != 0)
    return reject(e, m, from, USM_DECRYPTION_ERRORS, NULL, rv);
  return 0;
}

/* RFC 3411 2.8: Get, GetNext, GetBulk, Set and Inform are the Confirmed
 * Class, whose receiver is the authoritative engine. */
static bool is_confirmed(snmpx_pdu_type t)
{
  return t == SNMPX_PDU_GET || t == SNMPX_PDU_GETNEXT ||
         t == SNMPX_PDU_GETBULK || t == SNMPX_PDU_SET || t == SNMPX_PDU_INFORM;
}

/* A message (of PDU type |t|) whose authoritative engine is not ours.
 * RFC 3412 7.2 step 13a: a Confirmed Class PDU must name the local engine,
 * so one for any other engine is dropped and counted as an unknown engine
 * ID (RFC 3414 3.2 step 3), whatever its level; it teaches no clock.  An
 * unconfirmed one (a trap) comes from its authoritative sender: the time
 * window is that engine's (RFC 3414 3.2 step 7b). */
/* What every security model hands up alike with a v3 message (RFC 3412
 * 7.2 step 12): the transport addresses, the model, the level of
 * msgFlags, the smaller of the two maximum sizes and msgID. */
void snmpx__v3_inbound_fill(snmpx_engine *e, snmpx__inbound *ib,
                            const snmpx__v3_msg *m, const snmpx_addr *from,
                            int model)
{
  if (from != NULL)
    ib->in.from = *from;
  if (e->recv_to != NULL)
    ib->in.to = *e->recv_to;
  ib->in.security_model = model;
  ib->in.level = (snmpx_seclevel)snmpx__v3_level_of(m->flags);
  ib->in.max_size = (uint32_t)m->max_size < e->local.max_size
                        ? (uint32_t)m->max_size
                        : e->local.max_size;
  ib->msg_id = m->msg_id;
}

/* The version, securityName and scoped PDU names of an inbound v3
 * message (|ceid| and |cname| point into the message). */
void snmpx__v3_inbound_names(snmpx__inbound *ib, const uint8_t *name,
                             size_t name_len, const snmpx_ber_view *ceid,
                             const snmpx_ber_view *cname)
{
  ib->in.msg.version = SNMPX_VERSION_3;
  ib->in.msg.security_name = name;
  ib->in.msg.security_name_len = name_len;
  ib->in.msg.context_engine_id = ceid->ptr;
  ib->in.msg.context_engine_id_len = ceid->len;
  ib->in.msg.context_name = cname->ptr;
  ib->in.msg.context_name_len = cname->len;
}

static int from_other_engine(snmpx_engine *e, const snmpx__v3_msg *m,
                             const snmpx_addr *from, snmpx_pdu_type t)
{
  if (is_confirmed(t))
    return reject(e, m, from, USM_UNKNOWN_ENGINE_IDS, NULL,
                  SNMPX_EUSM_UNKNOWN_ENGINE_ID);
  if (!(m->flags & SNMPX__V3_FLAG_AUTH))
    return 0;
  int rv = peer_in_time(e, m);
  if (rv == SNMPX_EUSM_NOT_IN_TIME_WINDOW)
    return reject(e, m, from, USM_NOT_IN_TIME_WINDOWS, NULL, rv);
  return rv;
}

int snmpx__v3_inbound(snmpx_engine *e, const uint8_t *data, size_t len,
                      const snmpx_addr *from, const snmpx__v3_msg *m)
{
  int rv = snmpx__v3_ensure_buffers(e);
  if (rv != 0)
    return rv;
  snmpx__local_ensure(e);
  /* RFC 3412 7.2 step 5: privacy without authentication is invalid. */
  if ((m->flags & SNMPX__V3_FLAG_PRIV) && !(m->flags & SNMPX__V3_FLAG_AUTH)) {
    e->stats.invalid_msgs++;
    return SNMPX_EMSG_SECMODEL;
  }
  bool authoritative = same_id(m->engine_id.ptr, m->engine_id.len,
                               e->local.engine_id, e->local.engine_id_len);
  snmpx__user *u = NULL;
  snmpx_ber_view scoped;
  rv = usm_process(e, data, len, m, from, authoritative, &u, &scoped);
  if (rv != 0) {
    e->stats.in_bad_security++;
    return rv;
  }
  if ((rv = snmpx__engine_ensure_space(e, scoped.len)) != 0)
    return rv;
  snmpx__inbound ib;
  memset(&ib, 0, sizeof(ib));
  snmpx_ber_view ceid, cname;
  rv = snmpx__v3_decode_scoped(scoped.ptr, scoped.len, &ceid, &cname,
                               &ib.in.msg.pdu, &e->space);
  if (rv != 0) {
    e->stats.in_asn_parse_errs++;
    return rv;
  }
  snmpx_pdu_type t = ib.in.msg.pdu.type;
  if (t == SNMPX_PDU_RESPONSE || t == SNMPX_PDU_REPORT) {
    e->stats.in_unmatched++; /* an answer to nothing we sent */
    return SNMPX_ENOTFOUND;
  }
  if (!authoritative && (rv = from_other_engine(e, m, from, t)) != 0) {
    e->stats.in_bad_security++;
    return rv;
  }
  snmpx__v3_inbound_fill(e, &ib, m, from, SNMPX_SECMODEL_USM);
  snmpx__v3_inbound_names(&ib, m->user.ptr, m->user.len, &ceid, &cname);
  ib.in.engine_id = m->engine_id.ptr;
  ib.in.engine_id_len = m->engine_id.len;
  ib.user = u;
  return snmpx__inbound_dispatch(e, &ib);
}

/* RFC 3412 7.1 for a Response or Report to |ib|: the request's msgID,
 * user, level and context; the local engine is authoritative. */
int snmpx__v3_encode_answer(snmpx_engine *e, const snmpx__inbound *ib,
                            const snmpx_pdu *pdu, size_t *out_len)
{
  if (ib->tsm)
    return snmpx__tsm_encode_answer(e, ib, pdu, out_len);
  int rv = snmpx__v3_ensure_buffers(e);
  if (rv != 0)
    return rv;
  const uint8_t *tlv;
  size_t tlv_len;
  if ((rv = snmpx__v3_encode_pdu(e, pdu, &tlv, &tlv_len)) != 0)
    return rv;
  const snmpx_incoming *in = &ib->in;
  snmpx__v3_out o;
  snmpx__v3_out_local(e, &o);
  o.user = ib->user;
  o.user_name = in->msg.security_name;
  o.user_name_len = in->msg.security_name_len;
  o.level = in->level;
  o.msg_id = ib->msg_id;
  o.ctx_engine_id = in->msg.context_engine_id;
  o.ctx_engine_id_len = in->msg.context_engine_id_len;
  o.ctx_name = in->msg.context_name;
  o.ctx_name_len = in->msg.context_name_len;
  o.pdu = tlv;
  o.pdu_len = tlv_len;
  o.max_len = in->max_size;
  return snmpx__v3_build(e, &o, out_len);
}
