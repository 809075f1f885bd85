/* SNMPv3 messages of the Transport Security Model (RFC 5591): security
 * model 4, whose messages carry no security parameters because a secure
 * transport (TLS, DTLS: RFC 6353) authenticated and encrypted them.  The
 * transport hands its tmStateReference with each message
 * (snmpx_engine_recv_tm); answers go back with it (snmpx__engine_answer_tm)
 * so the transport sends them on the same session.  Requests of ours are
 * built in engine_v3.c (new_tsm_request) and their answers come back
 * through here too. */
#include <stdio.h>

#include "engine_priv.h"
#include "msg/msg_v3.h"

/* SNMP-TSM-MIB (RFC 5591 7): snmpTsmStats, { mib-2 190 1 1 N }. */
#define TSM_STATS_ARCS 1, 3, 6, 1, 2, 1, 190, 1, 1
enum { TSM_INADEQUATE_SECURITY_LEVELS = 2 };

/* RFC 3412 7.1 with RFC 5591 4.2 step 3: a v3 message of security model
 * 4, its msgSecurityParameters empty, around the encoded PDU |pdu|, into
 * e->encode_buf. */
/* RFC 6347 4.1: a DTLS record carries at most 2^14 octets of plaintext. */
#define DTLS_MAX_MESSAGE 16384

uint32_t snmpx__tsm_max_size(const snmpx_engine *e, const char *prefix)
{
  uint32_t max = e->local.max_size;
  if (prefix != NULL && strcmp(prefix, "dtls") == 0 && max > DTLS_MAX_MESSAGE)
    max = DTLS_MAX_MESSAGE;
  return max;
}

static int tsm_build(snmpx_engine *e, const char *prefix, int32_t msg_id,
                     uint8_t flags, const uint8_t *ceid, size_t ceid_len,
                     const uint8_t *cname, size_t cname_len, const uint8_t *pdu,
                     size_t pdu_len, size_t max_len, size_t *out_len)
{
  size_t scoped_len, len;
  int rv =
      snmpx__v3_encode_scoped(ceid, ceid_len, cname, cname_len, pdu, pdu_len,
                              e->scratch, SNMPX_MAX_DATAGRAM, &scoped_len);
  if (rv == SNMPX_ENOSPACE)
    return SNMPX_EMSG_TOOBIG;
  if (rv != 0)
    return rv;
  snmpx__v3_msg m;
  memset(&m, 0, sizeof(m));
  m.msg_id = msg_id;
  m.max_size = (int32_t)snmpx__tsm_max_size(e, prefix);
  m.flags = flags;
  m.security_model = SNMPX__SECMODEL_TSM;
  m.data.ptr = e->scratch;
  m.data.len = scoped_len;
  rv = snmpx__v3_encode(&m, e->encode_buf, SNMPX_MAX_DATAGRAM, &len, NULL);
  if (rv == SNMPX_ENOSPACE || (rv == 0 && max_len > 0 && len > max_len))
    return SNMPX_EMSG_TOOBIG;
  if (rv == 0)
    *out_len = len;
  return rv;
}

static uint8_t level_flags(snmpx_seclevel level)
{
  switch (level) {
  case SNMPX_SECLEVEL_AUTHPRIV:
    return SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV;
  case SNMPX_SECLEVEL_AUTHNOPRIV:
    return SNMPX__V3_FLAG_AUTH;
  default:
    return 0;
  }
}

int snmpx__tsm_encode_answer(snmpx_engine *e, const snmpx__inbound *ib,
                             const snmpx_pdu *pdu, size_t *out_len)
{
  const snmpx_incoming *in = &ib->in;
  const uint8_t *tlv;
  size_t tlv_len;
  int rv = snmpx__v3_ensure_buffers(e);

  if (rv == 0)
    rv = snmpx__v3_encode_pdu(e, pdu, &tlv, &tlv_len);
  if (rv != 0)
    return rv;
  /* RFC 3412 7.1 step 3 and RFC 5591 4.2 step 1: the request's msgID,
   * level and context, on the request's session. */
  return tsm_build(e, ib->tm.transport_prefix, ib->msg_id,
                   level_flags(in->level), in->msg.context_engine_id,
                   in->msg.context_engine_id_len, in->msg.context_name,
                   in->msg.context_name_len, tlv, tlv_len, in->max_size,
                   out_len);
}

int snmpx__tsm_encode_notification(snmpx_engine *e, const snmpx_target *t,
                                   const snmpx_pdu *pdu, snmpx__tm_buf *tmb,
                                   size_t *out_len)
{
  snmpx_seclevel level = t->level ? t->level : SNMPX_SECLEVEL_NOAUTH;
  const uint8_t *name, *tlv;
  size_t name_len, tlv_len;
  uint32_t msg_id;
  int rv = snmpx__v3_ensure_buffers(e);

  if (rv != 0)
    return rv;
  if (level > SNMPX_SECLEVEL_AUTHPRIV || (!t->user && t->user_len) ||
      (t->context_engine_id && t->context_engine_id_len > 32))
    return SNMPX_EINVAL;
  rv = snmpx__tsm_outgoing_name(&e->tsm, e->tsm_prefix, t->transport_prefix,
                                t->user, t->user_len, &name, &name_len);
  if (rv != 0)
    return rv;
  if (name_len > sizeof(tmb->name))
    return SNMPX_EINVAL;
  snmpx__local_ensure(e);
  if ((rv = snmpx__v3_encode_pdu(e, pdu, &tlv, &tlv_len)) != 0)
    return rv;
  memset(tmb, 0, sizeof(*tmb));
  memcpy(tmb->name, name, name_len);
  snprintf(tmb->prefix, sizeof(tmb->prefix), "%s",
           t->transport_prefix ? t->transport_prefix : "");
  tmb->tm.transport_prefix = tmb->prefix;
  tmb->tm.security_name = tmb->name;
  tmb->tm.security_name_len = name_len;
  tmb->tm.level = level;
  e->cfg.random(e->cfg.random_ud, &msg_id, sizeof(msg_id));
  /* RFC 3413 3.3: the local engine is the context engine of its traps. */
  return tsm_build(
      e, tmb->prefix, (int32_t)(msg_id & 0x7fffffff), level_flags(level),
      t->context_engine_id ? t->context_engine_id : e->local.engine_id,
      t->context_engine_id ? t->context_engine_id_len : e->local.engine_id_len,
      t->context_name, t->context_name_len, tlv, tlv_len, 0, out_len);
}

/* The request-id of |m|'s scopedPDU (0 when it does not decode), for a
 * Report (RFC 3412 7.1 step 3a). */
static int32_t request_id_of(snmpx_engine *e, const snmpx__v3_msg *m)
{
  snmpx_ber_view ceid, cname;
  snmpx_pdu pdu;

  if (m->encrypted || snmpx__engine_ensure_space(e, m->data.len) != 0 ||
      snmpx__v3_decode_scoped(m->data.ptr, m->data.len, &ceid, &cname, &pdu,
                              &e->space) != 0)
    return 0;
  return pdu.request_id;
}

/* RFC 5591 5.2 step 4: "an error indication (unsupportedSecurityLevel)
 * together with the OID and value of the incremented counter is
 * returned", which message processing turns into a Report when the
 * sender asked for one (RFC 3412 7.2 step 6).  It goes back on the same
 * session at noAuthNoPriv, the one level the session surely gives. */
static void report_level(snmpx_engine *e, const snmpx__v3_msg *m,
                         const snmpx_addr *from, const snmpx_tm_state *tm)
{
  uint32_t arcs[] = {TSM_STATS_ARCS, TSM_INADEQUATE_SECURITY_LEVELS, 0};
  snmpx_varbind vb;
  snmpx_pdu report;
  const uint8_t *tlv;
  size_t tlv_len, len;

  if (!(m->flags & SNMPX__V3_FLAG_REPORTABLE) || from == NULL)
    return;
  vb.name.arcs = arcs;
  vb.name.len = sizeof(arcs) / sizeof(arcs[0]);
  vb.value = snmpx_value_uint(SNMPX_TYPE_COUNTER32,
                              e->tsm.inadequate_security_levels & 0xffffffffu);
  memset(&report, 0, sizeof(report));
  report.type = SNMPX_PDU_REPORT;
  report.request_id = request_id_of(e, m);
  report.varbinds = &vb;
  report.n_varbinds = 1;
  if (snmpx__v3_encode_pdu(e, &report, &tlv, &tlv_len) != 0 ||
      tsm_build(e, e->recv_tm ? e->recv_tm->transport_prefix : NULL, m->msg_id,
                0, e->local.engine_id, e->local.engine_id_len, NULL, 0, tlv,
                tlv_len, (size_t)m->max_size, &len) != 0)
    return;
  e->stats.out_reports++;
  const snmpx_tm_state *outer = e->answer_tm;
  e->answer_tm = tm;
  snmpx__engine_send_answer(e, e->encode_buf, len, from, e->recv_to);
  e->answer_tm = outer;
}

/* RFC 5591 5.2 steps 1-4: the securityName of |m|, from the transport's
 * state.  A failure is counted (snmpTsmStats, and as a bad security
 * check) and, for an inadequate level, reported. */
static int tsm_name(snmpx_engine *e, const snmpx__v3_msg *m,
                    const snmpx_addr *from, uint8_t *name, size_t cap,
                    size_t *name_len)
{
  const snmpx_tm_state *tm = e->recv_tm;
  snmpx_seclevel level = (snmpx_seclevel)snmpx__v3_level_of(m->flags);
  int rv;

  /* tmSecurityName is an SnmpAdminString of at most 32 octets (RFC 6353
   * 5.1.2 derives it from certSecName); longer is no valid cache. */
  if (tm != NULL && tm->security_name_len > 32) {
    e->tsm.invalid_caches++;
    rv = SNMPX_ETSM_INVALID_CACHE;
  } else {
    rv = snmpx__tsm_incoming_name(&e->tsm, e->tsm_prefix, tm, level, name, cap,
                                  name_len);
  }
  if (rv == SNMPX_ETSM_INADEQUATE_LEVEL)
    report_level(e, m, from, tm);
  if (rv != 0)
    e->stats.in_bad_security++;
  return rv;
}

/* RFC 5591 5.2 step 5: the tmStateReference kept for the answer. */
static void keep_tm(snmpx__inbound *ib, const snmpx_tm_state *tm)
{
  ib->tsm = true;
  ib->tm = *tm;
  memcpy(ib->tm_name, tm->security_name, tm->security_name_len);
  ib->tm.security_name = ib->tm_name;
  snprintf(ib->tm_prefix, sizeof(ib->tm_prefix), "%s",
           tm->transport_prefix ? tm->transport_prefix : "");
  ib->tm.transport_prefix = ib->tm_prefix;
}

int snmpx__tsm_recv(snmpx_engine *e, const uint8_t *data, size_t len,
                    const snmpx_addr *from, const snmpx__v3_msg *m)
{
  uint8_t name[SNMPX__TSM_NAME_MAX];
  size_t name_len = 0;
  snmpx__inbound ib;
  snmpx_ber_view ceid, cname;
  int rv = snmpx__v3_ensure_buffers(e);

  (void)data;
  (void)len;
  if (rv != 0)
    return rv;
  snmpx__local_ensure(e);
  /* RFC 3412 7.2 step 5: privacy without authentication is invalid. */
  if ((m->flags & SNMPX__V3_FLAG_PRIV) && !(m->flags & SNMPX__V3_FLAG_AUTH)) {
    e->stats.invalid_msgs++;
    return SNMPX_EMSG_SECMODEL;
  }
  if ((rv = tsm_name(e, m, from, name, sizeof(name), &name_len)) != 0)
    return rv;
  /* TSM encrypts nothing itself: msgData is a plaintext scopedPDU. */
  if (m->encrypted) {
    e->stats.in_asn_parse_errs++;
    return SNMPX_EBER_TAG;
  }
  if ((rv = snmpx__engine_ensure_space(e, m->data.len)) != 0)
    return rv;
  memset(&ib, 0, sizeof(ib));
  rv = snmpx__v3_decode_scoped(m->data.ptr, m->data.len, &ceid, &cname,
                               &ib.in.msg.pdu, &e->space);
  if (rv != 0) {
    e->stats.in_asn_parse_errs++;
    return rv;
  }
  snmpx__v3_inbound_names(&ib, name, name_len, &ceid, &cname);
  snmpx_pdu_type t = ib.in.msg.pdu.type;
  if (t == SNMPX_PDU_RESPONSE || t == SNMPX_PDU_REPORT) {
    snmpx__request *r = snmpx__reqtable_find(&e->table, m->msg_id);
    if (r != NULL && snmpx__v3_request_tm(r) != NULL)
      return snmpx__v3_tsm_answer(e, r, m, &ib.in.msg, from);
    e->stats.in_unmatched++;
    return SNMPX_ENOTFOUND;
  }
  if (e->responder == NULL && e->receiver == NULL) {
    e->stats.in_unmatched++;
    return SNMPX_ENOTFOUND;
  }
  snmpx__v3_inbound_fill(e, &ib, m, from, SNMPX_SECMODEL_TSM);
  /* An answer must fit one message of the transport (one DTLS record):
   * a larger one becomes tooBig, not a datagram dropped on the way. */
  uint32_t tmax =
      snmpx__tsm_max_size(e, e->recv_tm ? e->recv_tm->transport_prefix : NULL);
  if (ib.in.max_size > tmax)
    ib.in.max_size = tmax;
  /* RFC 5591 5.2 step 1: the securityEngineID is the local engine's. */
  ib.in.engine_id = e->local.engine_id;
  ib.in.engine_id_len = e->local.engine_id_len;
  keep_tm(&ib, e->recv_tm);
  return snmpx__inbound_dispatch(e, &ib);
}
