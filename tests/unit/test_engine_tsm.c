/* SNMPv3 with the Transport Security Model in the engine (RFC 5591, engine
 * side): messages of security model 4 accepted only with a transport
 * state (snmpx_engine_recv_tm), the securityName from it, prefixes, the
 * securityLevel check and its Report, the snmpTsmStats counters, and the
 * answer encoded as TSM and handed to the transport with the request's
 * tmStateReference. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "msg/msg_v3.h"

static const uint8_t local_eid[] = {0x80, 0x00, 0x1f, 0x88, 0x04,
                                    't',  's',  'm'};
static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};

typedef struct fixture {
  snmpx_engine *e;
  /* what the responder saw */
  int requests;
  char user[64];
  int model;
  snmpx_seclevel level;
  size_t engine_id_len;
  bool hold;
  snmpx_incoming *held;
  /* what was sent */
  int sent;
  uint8_t out[2048];
  size_t out_len;
  bool had_tm;
  uint64_t tm_session;
  char tm_name[40];
} fixture;

static void on_send(void *ud, const uint8_t *d, size_t len,
                    const snmpx_addr *to)
{
  fixture *f = ud;
  const snmpx_tm_state *tm = snmpx__engine_answer_tm(f->e);

  f->sent++;
  assert_true(len <= sizeof(f->out));
  memcpy(f->out, d, len);
  f->out_len = len;
  f->had_tm = tm != NULL;
  if (tm) {
    f->tm_session = tm->session_id;
    snprintf(f->tm_name, sizeof(f->tm_name), "%s/%.*s",
             tm->transport_prefix, (int)tm->security_name_len,
             (const char *)tm->security_name);
  }
  (void)to;
}

static void on_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  fixture *f = ud;
  snmpx_pdu resp;

  f->requests++;
  snprintf(f->user, sizeof(f->user), "%.*s",
           (int)in->msg.security_name_len,
           (const char *)in->msg.security_name);
  f->model = in->security_model;
  f->level = in->level;
  f->engine_id_len = in->engine_id_len;
  if (f->hold) {
    f->held = snmpx_engine_hold(e, in);
    return;
  }
  resp = in->msg.pdu;
  resp.type = SNMPX_PDU_RESPONSE;
  assert_int_equal(snmpx_engine_respond(e, in, &resp), 0);
}

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof(*f));
  snmpx_engine_config cfg = {0};
  snmpx_local_engine local = {0};

  cfg.send = on_send;
  cfg.send_ud = f;
  f->e = snmpx_engine_new(&cfg);
  local.engine_id = local_eid;
  local.engine_id_len = sizeof(local_eid);
  assert_int_equal(snmpx_engine_set_local(f->e, &local), 0);
  snmpx_engine_set_responder(f->e, on_request, f);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  snmpx_engine_free(f->e);
  free(f);
  return 0;
}

/* A TSM GetRequest for sysName.0: msgID 42, request-id 7. */
static size_t build(uint8_t *buf, size_t cap, uint8_t flags, bool encrypted)
{
  uint8_t pdu_buf[256], scoped[512];
  snmpx_ber_writer w;
  snmpx_varbind vb;
  snmpx_pdu pdu;
  snmpx__v3_msg m;
  size_t scoped_len, len;

  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.request_id = 7;
  vb.name.arcs = sysname;
  vb.name.len = 9;
  vb.value = snmpx_value_null();
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  snmpx_ber_writer_init(&w, pdu_buf, sizeof(pdu_buf));
  snmpx_pdu_encode(&w, &pdu);
  assert_int_equal(w.err, 0);
  assert_int_equal(snmpx__v3_encode_scoped(local_eid, sizeof(local_eid),
                                           NULL, 0,
                                           snmpx_ber_writer_data(&w), w.used,
                                           scoped, sizeof(scoped),
                                           &scoped_len),
                   0);
  memset(&m, 0, sizeof(m));
  m.msg_id = 42;
  m.max_size = 65507;
  m.flags = flags;
  m.security_model = SNMPX__SECMODEL_TSM;
  m.data.ptr = scoped;
  m.data.len = scoped_len;
  m.encrypted = encrypted;
  assert_int_equal(snmpx__v3_encode(&m, buf, cap, &len, NULL), 0);
  return len;
}

#define AP (SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV)
#define REP SNMPX__V3_FLAG_REPORTABLE

static const snmpx_addr *peer(void)
{
  static snmpx_addr a;
  a.len = sizeof(a.u.in4);
  a.u.in4.sin_family = AF_INET;
  a.u.in4.sin_port = htons(40000);
  a.u.in4.sin_addr.s_addr = htonl(0x7f000001);
  return &a;
}

static int recv_tm(fixture *f, const uint8_t *msg, size_t len,
                   const snmpx_tm_state *tm)
{
  return snmpx_engine_recv_tm(f->e, msg, len, peer(), NULL, tm);
}

static void decode_answer(const snmpx__v3_msg *m, snmpx_pdu *pdu,
                          snmpx_decode_space *space)
{
  snmpx_ber_view ceid, cname;

  space->varbinds = calloc(4, sizeof(snmpx_varbind));
  space->varbinds_cap = 4;
  space->arcs = calloc(64, sizeof(uint32_t));
  space->arcs_cap = 64;
  assert_int_equal(snmpx__v3_decode_scoped(m->data.ptr, m->data.len, &ceid,
                                           &cname, pdu, space),
                   0);
  assert_int_equal(ceid.len, sizeof(local_eid));
}

static void space_free(snmpx_decode_space *space)
{
  free(space->varbinds);
  free(space->arcs);
}

static const snmpx_tm_state bob_tls = {"tls", (const uint8_t *)"bob", 3,
                                       SNMPX_SECLEVEL_AUTHPRIV, 77};

static void test_engine_tsm_request_answered(void **state)
{
  fixture *f = *state;
  uint8_t msg[1024];
  size_t len = build(msg, sizeof(msg), AP | REP, false);
  snmpx__v3_msg m;
  snmpx_pdu pdu;
  snmpx_decode_space space;

  assert_int_equal(recv_tm(f, msg, len, &bob_tls), 0);
  assert_int_equal(f->requests, 1);
  assert_string_equal(f->user, "bob");
  assert_int_equal(f->model, SNMPX_SECMODEL_TSM);
  assert_int_equal(f->level, SNMPX_SECLEVEL_AUTHPRIV);
  assert_int_equal(f->engine_id_len, sizeof(local_eid));
  /* The answer: TSM, empty security parameters, same msgID and level, on
   * the request's session. */
  assert_int_equal(f->sent, 1);
  assert_true(f->had_tm);
  assert_int_equal(f->tm_session, 77);
  assert_string_equal(f->tm_name, "tls/bob");
  assert_int_equal(snmpx__v3_decode(f->out, f->out_len, &m), 0);
  assert_int_equal(m.security_model, SNMPX__SECMODEL_TSM);
  assert_int_equal(m.msg_id, 42);
  assert_int_equal(m.flags, AP);
  assert_false(m.encrypted);
  decode_answer(&m, &pdu, &space);
  assert_int_equal(pdu.type, SNMPX_PDU_RESPONSE);
  assert_int_equal(pdu.request_id, 7);
  space_free(&space);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(f->e, &st);
  assert_int_equal(st.out_responses, 1);
  assert_int_equal(st.tsm_invalid_caches + st.tsm_unknown_prefixes +
                       st.tsm_invalid_prefixes +
                       st.tsm_inadequate_security_levels,
                   0);
}

static void test_engine_tsm_prefix(void **state)
{
  fixture *f = *state;
  uint8_t msg[1024];
  size_t len = build(msg, sizeof(msg), SNMPX__V3_FLAG_AUTH | REP, false);
  snmpx_tm_state dtls = bob_tls;
  snmpx_engine_stats st;

  snmpx_engine_set_tsm_prefix(f->e, true);
  assert_int_equal(recv_tm(f, msg, len, &bob_tls), 0);
  assert_string_equal(f->user, "tls:bob");
  assert_int_equal(f->level, SNMPX_SECLEVEL_AUTHNOPRIV);
  dtls.transport_prefix = "dtls";
  assert_int_equal(recv_tm(f, msg, len, &dtls), 0);
  assert_string_equal(f->user, "dtls:bob");
  /* RFC 5591 5.2 step 3: a domain with no known prefix. */
  dtls.transport_prefix = "udp";
  assert_int_equal(recv_tm(f, msg, len, &dtls), SNMPX_ETSM_UNKNOWN_PREFIX);
  assert_int_equal(f->requests, 2);
  snmpx_engine_get_stats(f->e, &st);
  assert_int_equal(st.tsm_unknown_prefixes, 1);
  /* Without prefixes the domain's name does not matter. */
  snmpx_engine_set_tsm_prefix(f->e, false);
  assert_int_equal(recv_tm(f, msg, len, &dtls), 0);
  assert_string_equal(f->user, "bob");
}

/* RFC 5591 5.2 step 2: no tmStateReference (a TSM message over UDP, or a
 * transport that gives no name) is snmpTsmInvalidCaches. */
static void test_engine_tsm_invalid_cache(void **state)
{
  fixture *f = *state;
  uint8_t msg[1024];
  size_t len = build(msg, sizeof(msg), AP | REP, false);
  snmpx_tm_state noname = bob_tls, longname = bob_tls;
  snmpx_engine_stats st;

  assert_int_equal(snmpx_engine_recv(f->e, msg, len, peer()),
                   SNMPX_ETSM_INVALID_CACHE);
  assert_int_equal(recv_tm(f, msg, len, NULL), SNMPX_ETSM_INVALID_CACHE);
  noname.security_name_len = 0;
  assert_int_equal(recv_tm(f, msg, len, &noname), SNMPX_ETSM_INVALID_CACHE);
  longname.security_name =
      (const uint8_t *)"a-name-of-thirty-three-octets-xyz";
  longname.security_name_len = 33;
  assert_int_equal(recv_tm(f, msg, len, &longname),
                   SNMPX_ETSM_INVALID_CACHE);
  assert_int_equal(f->requests, 0);
  assert_int_equal(f->sent, 0);
  snmpx_engine_get_stats(f->e, &st);
  assert_int_equal(st.tsm_invalid_caches, 4);
  assert_int_equal(st.in_bad_security, 4);
  assert_int_equal(st.unknown_security_models, 0);
}

/* RFC 5591 5.2 step 4: more than the session gives is refused, counted
 * and reported (when reportable) on the same session. */
static void test_engine_tsm_inadequate_level(void **state)
{
  fixture *f = *state;
  uint8_t msg[1024];
  size_t len = build(msg, sizeof(msg), AP | REP, false);
  snmpx_tm_state weak = bob_tls;
  snmpx__v3_msg m;
  snmpx_pdu pdu;
  snmpx_decode_space space;
  static const uint32_t counter[] = {1, 3, 6, 1, 2, 1, 190, 1, 1, 2, 0};
  snmpx_engine_stats st;

  weak.level = SNMPX_SECLEVEL_AUTHNOPRIV;
  assert_int_equal(recv_tm(f, msg, len, &weak), SNMPX_ETSM_INADEQUATE_LEVEL);
  assert_int_equal(f->requests, 0);
  assert_int_equal(f->sent, 1);
  assert_true(f->had_tm);
  assert_int_equal(f->tm_session, 77);
  assert_int_equal(snmpx__v3_decode(f->out, f->out_len, &m), 0);
  assert_int_equal(m.security_model, SNMPX__SECMODEL_TSM);
  assert_int_equal(m.msg_id, 42);
  assert_int_equal(m.flags, 0);
  decode_answer(&m, &pdu, &space);
  assert_int_equal(pdu.type, SNMPX_PDU_REPORT);
  assert_int_equal(pdu.request_id, 7);
  assert_int_equal(pdu.n_varbinds, 1);
  assert_int_equal(pdu.varbinds[0].name.len, 11);
  assert_memory_equal(pdu.varbinds[0].name.arcs, counter, sizeof(counter));
  assert_int_equal(pdu.varbinds[0].value.v.u, 1);
  space_free(&space);
  /* Not reportable: counted, nothing sent. */
  len = build(msg, sizeof(msg), AP, false);
  assert_int_equal(recv_tm(f, msg, len, &weak), SNMPX_ETSM_INADEQUATE_LEVEL);
  assert_int_equal(f->sent, 1);
  /* noAuthNoPriv session, authNoPriv message. */
  weak.level = SNMPX_SECLEVEL_NOAUTH;
  len = build(msg, sizeof(msg), SNMPX__V3_FLAG_AUTH, false);
  assert_int_equal(recv_tm(f, msg, len, &weak), SNMPX_ETSM_INADEQUATE_LEVEL);
  snmpx_engine_get_stats(f->e, &st);
  assert_int_equal(st.tsm_inadequate_security_levels, 3);
  assert_int_equal(st.out_reports, 1);
}

static void test_engine_tsm_bad_messages(void **state)
{
  fixture *f = *state;
  uint8_t msg[1024];
  size_t len;
  snmpx_engine_stats st;

  /* Encrypted msgData: TSM has no privacy of its own. */
  len = build(msg, sizeof(msg), AP | REP, true);
  assert_int_equal(recv_tm(f, msg, len, &bob_tls), SNMPX_EBER_TAG);
  /* RFC 3412 7.2 step 5: privacy without authentication. */
  len = build(msg, sizeof(msg), SNMPX__V3_FLAG_PRIV | REP, false);
  assert_int_equal(recv_tm(f, msg, len, &bob_tls), SNMPX_EMSG_SECMODEL);
  /* msgSecurityParameters not empty: an USM message relabelled 4. */
  len = build(msg, sizeof(msg), AP | REP, false);
  snmpx__v3_msg m;
  assert_int_equal(snmpx__v3_decode(msg, len, &m), 0);
  uint8_t usm[1024];
  size_t ulen;
  m.security_model = SNMPX__SECMODEL_USM;
  m.engine_id.ptr = local_eid;
  m.engine_id.len = sizeof(local_eid);
  m.user.ptr = (const uint8_t *)"bob";
  m.user.len = 3;
  assert_int_equal(snmpx__v3_encode(&m, usm, sizeof(usm), &ulen, NULL), 0);
  for (size_t i = 0; i + 5 < ulen; i++)
    if (usm[i] == 0x04 && usm[i + 1] == 1 && usm[i + 3] == 0x02 &&
        usm[i + 4] == 1 && usm[i + 5] == 3) {
      usm[i + 5] = 4;
      break;
    }
  assert_int_equal(recv_tm(f, usm, ulen, &bob_tls), SNMPX_EBER_LENGTH);
  assert_int_equal(f->requests, 0);
  snmpx_engine_get_stats(f->e, &st);
  assert_int_equal(st.invalid_msgs, 1);
  assert_int_equal(st.in_asn_parse_errs, 2);
  /* Security model 5 is still unknown (RFC 3412 7.2 step 4). */
  for (size_t i = 0; i + 5 < ulen; i++)
    if (usm[i] == 0x04 && usm[i + 1] == 1 && usm[i + 3] == 0x02 &&
        usm[i + 4] == 1 && usm[i + 5] == 4) {
      usm[i + 5] = 5;
      break;
    }
  assert_int_equal(recv_tm(f, usm, ulen, &bob_tls), SNMPX_EMSG_SECMODEL);
  snmpx_engine_get_stats(f->e, &st);
  assert_int_equal(st.unknown_security_models, 1);
}

/* A request held and answered later still goes back on its session. */
static void test_engine_tsm_held_answer(void **state)
{
  fixture *f = *state;
  uint8_t msg[1024];
  size_t len = build(msg, sizeof(msg), AP | REP, false);
  snmpx_tm_state tm = bob_tls;
  uint8_t name[3] = {'e', 'v', 'e'};
  snmpx_pdu resp;

  tm.security_name = name;
  tm.session_id = 99;
  f->hold = true;
  assert_int_equal(recv_tm(f, msg, len, &tm), 0);
  assert_non_null(f->held);
  assert_int_equal(f->sent, 0);
  memset(name, 'x', sizeof(name)); /* the transport's storage moves on */
  resp = f->held->msg.pdu;
  resp.type = SNMPX_PDU_RESPONSE;
  assert_int_equal(snmpx_engine_respond(f->e, f->held, &resp), 0);
  assert_int_equal(f->sent, 1);
  assert_int_equal(f->tm_session, 99);
  assert_string_equal(f->tm_name, "tls/eve");
  snmpx_engine_release(f->e, f->held);
}

/* ---- Our own TSM requests (command generator side) ---- */

typedef struct duo {
  fixture agent;
  snmpx_engine *mgr;
  uint8_t req[2048];
  size_t req_len;
  int req_sent;
  snmpx_tm_state req_tm;
  char req_tm_name[40];
  int calls;
  int status;
  int32_t resp_reqid;
  char resp_user[40];
} duo;

static void mgr_send(void *ud, const uint8_t *d, size_t len,
                     const snmpx_addr *to)
{
  duo *u = ud;
  const snmpx_tm_state *tm = snmpx__engine_answer_tm(u->mgr);

  assert_non_null(tm);
  u->req_tm = *tm;
  snprintf(u->req_tm_name, sizeof(u->req_tm_name), "%s/%.*s",
           tm->transport_prefix, (int)tm->security_name_len,
           (const char *)tm->security_name);
  memcpy(u->req, d, len);
  u->req_len = len;
  u->req_sent++;
  (void)to;
}

static void mgr_done(snmpx_engine *e, int64_t h, int status,
                     const snmpx_msg *resp, void *ud)
{
  duo *u = ud;
  u->calls++;
  u->status = status;
  if (resp) {
    u->resp_reqid = resp->pdu.request_id;
    snprintf(u->resp_user, sizeof(u->resp_user), "%.*s",
             (int)resp->security_name_len,
             (const char *)resp->security_name);
  }
  (void)e;
  (void)h;
}

static duo *duo_new(void)
{
  duo *u = calloc(1, sizeof(*u));
  void *st = NULL;
  snmpx_engine_config cfg = {0};

  setup(&st);
  u->agent = *(fixture *)st;
  free(st);
  snmpx_engine_set_send(u->agent.e, on_send, &u->agent);
  snmpx_engine_set_responder(u->agent.e, on_request, &u->agent);
  cfg.send = mgr_send;
  cfg.send_ud = u;
  u->mgr = snmpx_engine_new(&cfg);
  return u;
}

static void duo_free(duo *u)
{
  snmpx_engine_free(u->mgr);
  snmpx_engine_free(u->agent.e);
  free(u);
}

static int64_t tsm_get(duo *u, const char *user, snmpx_seclevel level,
                       const char *prefix)
{
  snmpx_target t;
  snmpx_pdu pdu;
  snmpx_varbind vb;

  memset(&t, 0, sizeof(t));
  t.addr = *peer();
  t.version = SNMPX_VERSION_3;
  t.security_model = SNMPX_SECMODEL_TSM;
  t.transport_prefix = prefix;
  t.user = (const uint8_t *)user;
  t.user_len = strlen(user);
  t.level = level;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  vb.name.arcs = sysname;
  vb.name.len = 9;
  vb.value = snmpx_value_null();
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  return snmpx_engine_submit(u->mgr, &t, &pdu, mgr_done, u);
}

/* The request to the agent over a session of |level| (number |session|),
 * and the agent's answer back on the client session, which carries the
 * name the request was sent with (RFC 5591 4.2: the transport opened the
 * session for it).  @return what the manager's engine said of the
 * answer (1: the agent did not answer). */
static int tsm_deliver_as(duo *u, snmpx_seclevel level, uint64_t session,
                          const char *client_name)
{
  snmpx_tm_state at_agent = {"tls", (const uint8_t *)"mgr-cert", 8, level,
                             session};
  snmpx_tm_state at_mgr = {"tls", (const uint8_t *)client_name,
                           strlen(client_name), level, session};
  int sent = u->agent.sent;

  snmpx_engine_recv_tm(u->agent.e, u->req, u->req_len, peer(), NULL,
                       &at_agent);
  if (u->agent.sent == sent)
    return 1;
  assert_int_equal(u->agent.tm_session, session);
  return snmpx_engine_recv_tm(u->mgr, u->agent.out, u->agent.out_len, peer(),
                              NULL, &at_mgr);
}

static void tsm_deliver(duo *u, snmpx_seclevel level, uint64_t session)
{
  tsm_deliver_as(u, level, session, strchr(u->req_tm_name, '/') + 1);
}

static void test_engine_tsm_manager_request(void **state)
{
  duo *u = duo_new();
  snmpx__v3_msg m;
  int64_t h = tsm_get(u, "ops", SNMPX_SECLEVEL_AUTHPRIV, "tls");

  assert_true(h > 0);
  /* No discovery: the request itself leaves, as TSM, with the
   * tmStateReference of RFC 5591 4.2 step 2 for the transport. */
  assert_int_equal(u->req_sent, 1);
  assert_string_equal(u->req_tm_name, "tls/ops");
  assert_int_equal(u->req_tm.level, SNMPX_SECLEVEL_AUTHPRIV);
  assert_int_equal(u->req_tm.session_id, 0);
  assert_int_equal(snmpx__v3_decode(u->req, u->req_len, &m), 0);
  assert_int_equal(m.security_model, SNMPX__SECMODEL_TSM);
  assert_int_equal(m.flags, AP | REP);
  tsm_deliver(u, SNMPX_SECLEVEL_AUTHPRIV, 5);
  assert_string_equal(u->agent.user, "mgr-cert");
  assert_int_equal(u->calls, 1);
  assert_int_equal(u->status, 0);
  assert_string_equal(u->resp_user, "ops");
  /* RFC 3412 7.2 step 12: an answer that came on a session opened for
   * another securityName is not this request's: dropped, still pending. */
  h = tsm_get(u, "ops", SNMPX_SECLEVEL_AUTHPRIV, "tls");
  assert_int_equal(tsm_deliver_as(u, SNMPX_SECLEVEL_AUTHPRIV, 7, "eve"),
                   SNMPX_ETSM_NAME_MISMATCH);
  assert_true(snmpx_engine_is_pending(u->mgr, h));
  assert_int_equal(u->calls, 1);
  snmpx_engine_cancel(u->mgr, h);
  /* An answer that does not come through a secure transport: dropped. */
  h = tsm_get(u, "ops", SNMPX_SECLEVEL_AUTHPRIV, "tls");
  snmpx_engine_recv_tm(u->agent.e, u->req, u->req_len, peer(), NULL,
                       &(snmpx_tm_state){"tls", (const uint8_t *)"m", 1,
                                         SNMPX_SECLEVEL_AUTHPRIV, 6});
  assert_int_equal(snmpx_engine_recv(u->mgr, u->agent.out, u->agent.out_len,
                                     peer()),
                   SNMPX_ETSM_INVALID_CACHE);
  assert_true(snmpx_engine_is_pending(u->mgr, h));
  snmpx_engine_cancel(u->mgr, h);
  duo_free(u);
  (void)state;
}

static void test_engine_tsm_manager_prefix_and_level(void **state)
{
  duo *u = duo_new();
  snmpx_engine_stats st;

  snmpx_engine_set_tsm_prefix(u->mgr, true);
  /* RFC 5591 4.2 step 2: the prefix must be the transport's. */
  assert_int_equal(tsm_get(u, "ops", SNMPX_SECLEVEL_AUTHPRIV, "tls"),
                   SNMPX_ETSM_INVALID_PREFIX);
  assert_int_equal(tsm_get(u, "dtls:ops", SNMPX_SECLEVEL_AUTHPRIV, "tls"),
                   SNMPX_ETSM_INVALID_PREFIX);
  assert_int_equal(tsm_get(u, "udp:ops", SNMPX_SECLEVEL_AUTHPRIV, "udp"),
                   SNMPX_ETSM_UNKNOWN_PREFIX);
  snmpx_engine_get_stats(u->mgr, &st);
  assert_int_equal(st.tsm_invalid_prefixes, 2);
  assert_int_equal(st.tsm_unknown_prefixes, 1);
  assert_int_equal(u->req_sent, 0);
  assert_true(tsm_get(u, "tls:ops", SNMPX_SECLEVEL_AUTHPRIV, "tls") > 0);
  assert_string_equal(u->req_tm_name, "tls/ops");
  /* The agent's session gives less than asked: its Report ends the
   * request with the TSM's reason. */
  tsm_deliver(u, SNMPX_SECLEVEL_AUTHNOPRIV, 9);
  assert_int_equal(u->calls, 1);
  assert_int_equal(u->status, SNMPX_ETSM_INADEQUATE_LEVEL);
  duo_free(u);
  (void)state;
}

/* RFC 3413 3.3 over TSM: a trap carries no security parameters; the
 * transport gets the tmStateReference of RFC 5591 4.2 step 2. */
static void test_engine_tsm_trap(void **state)
{
  duo *u = duo_new();
  snmpx_target t;
  snmpx_pdu pdu;
  snmpx__v3_msg m;

  memset(&t, 0, sizeof(t));
  t.addr = *peer();
  t.version = SNMPX_VERSION_3;
  t.security_model = SNMPX_SECMODEL_TSM;
  t.transport_prefix = "dtls";
  t.user = (const uint8_t *)"dtls:ops";
  t.user_len = 8;
  t.level = SNMPX_SECLEVEL_AUTHNOPRIV;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_TRAP_V2;
  snmpx_engine_set_tsm_prefix(u->mgr, true);
  assert_int_equal(snmpx_engine_send(u->mgr, &t, &pdu), 0);
  assert_int_equal(u->req_sent, 1);
  assert_string_equal(u->req_tm_name, "dtls/ops");
  assert_int_equal(u->req_tm.level, SNMPX_SECLEVEL_AUTHNOPRIV);
  assert_int_equal(snmpx__v3_decode(u->req, u->req_len, &m), 0);
  assert_int_equal(m.security_model, SNMPX__SECMODEL_TSM);
  assert_int_equal(m.flags, SNMPX__V3_FLAG_AUTH);
  t.user = (const uint8_t *)"ops";
  t.user_len = 3;
  assert_int_equal(snmpx_engine_send(u->mgr, &t, &pdu),
                   SNMPX_ETSM_INVALID_PREFIX);
  assert_int_equal(u->req_sent, 1);
  duo_free(u);
  (void)state;
}

static void test_engine_tsm_vacm_model(void **state)
{
  snmpx_vacm *v = snmpx_vacm_new(NULL);

  assert_int_equal(snmpx_vacm_add_group(v, SNMPX_SECMODEL_TSM,
                                        (const uint8_t *)"bob", 3, "g"),
                   0);
  assert_int_equal(snmpx_vacm_add_group(v, 5, (const uint8_t *)"bob", 3,
                                        "g"),
                   SNMPX_EINVAL);
  snmpx_vacm_free(v);
  (void)state;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_engine_tsm_request_answered,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_engine_tsm_prefix, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_engine_tsm_invalid_cache, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_engine_tsm_inadequate_level,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_engine_tsm_bad_messages, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_engine_tsm_held_answer, setup,
                                      teardown),
      cmocka_unit_test(test_engine_tsm_manager_request),
      cmocka_unit_test(test_engine_tsm_manager_prefix_and_level),
      cmocka_unit_test(test_engine_tsm_trap),
      cmocka_unit_test(test_engine_tsm_vacm_model),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
