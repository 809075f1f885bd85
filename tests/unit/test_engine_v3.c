/* SNMPv3 in the engine, against an authoritative agent played by the test
 * (built from src/msg and the USM crypto): discovery, authPriv requests and
 * responses, reports, notInTimeWindow resync, tampering, namespaces and the
 * key cache.  Fake clock and RNG, no sockets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>

#include "msg/msg_v3.h"

static const uint8_t agent_eid[] = {0x80, 0x00, 0x1f, 0x88, 0x80, 0xaa,
                                    0xbb, 0xcc, 0xdd, 0x00, 0x11, 0x22};
static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};

typedef struct world {
  uint64_t now;
  uint32_t rnd;
  uint8_t sent[4096];
  size_t sent_len;
  int sends;
  int calls;
  int status;
  char value[64];
} world;

static uint64_t w_clock(void *ud)
{
  return ((world *)ud)->now;
}

static void w_random(void *ud, void *buf, size_t len)
{
  world *w = ud;
  uint8_t *p = buf;
  for (size_t i = 0; i < len; i++) {
    w->rnd = w->rnd * 1103515245u + 12345u;
    p[i] = (uint8_t)(w->rnd >> 16);
  }
}

static void w_send(void *ud, const uint8_t *d, size_t len,
                   const snmpx_addr *to)
{
  world *w = ud;
  (void)to;
  assert_true(len <= sizeof(w->sent));
  memcpy(w->sent, d, len);
  w->sent_len = len;
  w->sends++;
}

static void w_done(snmpx_engine *e, int64_t h, int status,
                   const snmpx_msg *resp, void *ud)
{
  world *w = ud;
  (void)e;
  (void)h;
  w->calls++;
  w->status = status;
  if (status == 0 && resp->pdu.n_varbinds > 0) {
    const snmpx_value *v = &resp->pdu.varbinds[0].value;
    assert_int_equal(v->type, SNMPX_TYPE_OCTET_STRING);
    snprintf(w->value, sizeof(w->value), "%.*s", (int)v->v.bytes.len,
             (const char *)v->v.bytes.ptr);
    assert_int_equal(resp->version, SNMPX_VERSION_3);
    assert_int_equal(resp->security_name_len, 5);
  }
}

static snmpx_engine *new_engine(world *w)
{
  memset(w, 0, sizeof(*w));
  w->now = 50000;
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.clock = w_clock;
  cfg.clock_ud = w;
  cfg.random = w_random;
  cfg.random_ud = w;
  cfg.send = w_send;
  cfg.send_ud = w;
  snmpx_engine *e = snmpx_engine_new(&cfg);
  assert_non_null(e);
  return e;
}

static void add_user(snmpx_engine *e, const char *ns, const char *authpass,
                     snmpx_usm_auth a, snmpx_usm_priv p)
{
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.user_namespace = ns;
  u.name = (const uint8_t *)"alice";
  u.name_len = 5;
  u.auth = a;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)authpass,
                                     strlen(authpass)};
  u.priv = p;
  u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"privpass1", 9};
  assert_int_equal(snmpx_engine_add_user(e, &u), 0);
}

static snmpx_target v3_target(const char *ns, snmpx_seclevel level)
{
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  struct sockaddr_in *sin = (struct sockaddr_in *)&t.addr.u.in4;
  sin->sin_family = AF_INET;
  sin->sin_port = htons(161);
  t.addr.len = sizeof(*sin);
  t.version = SNMPX_VERSION_3;
  t.user_namespace = ns;
  t.user = (const uint8_t *)"alice";
  t.user_len = 5;
  t.level = level;
  t.timeout_ms = 1000;
  t.retries = 3;
  return t;
}

static int64_t get_sysname(snmpx_engine *e, const snmpx_target *t, world *w)
{
  snmpx_varbind vb = {SNMPX_OIDV(sysname), snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  return snmpx_engine_submit(e, t, &pdu, w_done, w);
}

/* The agent's side: its keys and clock. */
typedef struct agent {
  snmpx_usm_auth auth;
  snmpx_usm_priv priv;
  const char *authpass;
  uint32_t boots, time;
  int32_t max_size; /* msgMaxSize it announces; 0: 65507 */
} agent;

/* The engine ID the agent has, as long as agent_eid; NULL: agent_eid. */
static const uint8_t *other_eid;

static const uint8_t *eid_of(const agent *a)
{
  (void)a;
  return other_eid ? other_eid : agent_eid;
}

static void agent_keys(const agent *a, uint8_t *ak, size_t *ak_len,
                       uint8_t *pk, size_t *pk_len)
{
  snmpx_usm_secret as = {SNMPX_USM_SECRET_PASSWORD,
                         (const uint8_t *)a->authpass, strlen(a->authpass)};
  snmpx_usm_secret ps = {SNMPX_USM_SECRET_PASSWORD,
                         (const uint8_t *)"privpass1", 9};
  assert_int_equal(snmpx_usm_keycache_get(NULL, a->auth, SNMPX_USM_PRIV_NONE,
                                          &as, eid_of(a), sizeof(agent_eid),
                                          ak, 64, ak_len),
                   0);
  if (a->priv != SNMPX_USM_PRIV_NONE)
    assert_int_equal(snmpx_usm_keycache_get(NULL, a->auth, a->priv, &ps,
                                            eid_of(a), sizeof(agent_eid), pk,
                                            64, pk_len),
                     0);
}

/* What the engine sent, opened as the agent would: framing checked,
 * MAC verified, scopedPDU decrypted and decoded.  Returns the PDU's
 * request-id. */
static int32_t agent_open(const agent *a, world *w, snmpx__v3_msg *m,
                          bool expect_auth)
{
  assert_int_equal(snmpx__v3_decode(w->sent, w->sent_len, m), 0);
  assert_int_equal(m->security_model, 3);
  assert_int_equal(m->max_size, SNMPX_MAX_DATAGRAM);
  assert_true(m->flags & SNMPX__V3_FLAG_REPORTABLE);
  uint8_t ak[64], pk[64], plain[4096];
  size_t ak_len = 0, pk_len = 0, plain_len = m->data.len;
  const uint8_t *scoped = m->data.ptr;
  if (expect_auth) {
    agent_keys(a, ak, &ak_len, pk, &pk_len);
    assert_int_equal(snmpx_usm_auth_verify(
                         a->auth, ak, ak_len, w->sent, w->sent_len,
                         (size_t)(m->auth_params.ptr - w->sent)),
                     0);
  }
  if (m->encrypted) {
    assert_int_equal(snmpx_usm_decrypt(a->priv, pk, pk_len,
                                       (uint32_t)m->boots, (uint32_t)m->time,
                                       m->priv_params.ptr, m->priv_params.len,
                                       m->data.ptr, m->data.len, plain,
                                       sizeof(plain), &plain_len),
                     0);
    scoped = plain;
  }
  snmpx_varbind vbs[4];
  uint32_t arcs[64];
  snmpx_decode_space sp = {vbs, 4, arcs, 64};
  snmpx_ber_view ceid, cname;
  snmpx_pdu pdu;
  assert_int_equal(snmpx__v3_decode_scoped(scoped, plain_len, &ceid, &cname,
                                           &pdu, &sp),
                   0);
  return pdu.request_id;
}

/* Build the agent's message (Report or Response) answering msgID |id|. */
static size_t agent_reply(const agent *a, int32_t id, snmpx_pdu_type type,
                          const uint32_t *report_arc, uint8_t flags,
                          uint8_t *out, size_t cap)
{
  static const uint32_t report_base[] = {1, 3, 6, 1, 6, 3, 15, 1, 1, 0, 0};
  uint32_t rname[11];
  memcpy(rname, report_base, sizeof(rname));
  snmpx_varbind vb;
  if (type == SNMPX_PDU_REPORT) {
    rname[9] = *report_arc;
    vb.name = (snmpx_oidv){rname, 11};
    vb.value = snmpx_value_uint(SNMPX_TYPE_COUNTER32, 1);
  } else {
    vb.name = SNMPX_OIDV(sysname);
    vb.value = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "router-7", 8);
  }
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = type;
  pdu.request_id = id;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  uint8_t ptlv[512], scoped[600], cipher[700];
  snmpx_ber_writer bw;
  snmpx_ber_writer_init(&bw, ptlv, sizeof(ptlv));
  snmpx_pdu_encode(&bw, &pdu);
  assert_int_equal(bw.err, 0);
  size_t scoped_len;
  assert_int_equal(snmpx__v3_encode_scoped(eid_of(a), sizeof(agent_eid),
                                           NULL, 0,
                                           snmpx_ber_writer_data(&bw),
                                           bw.used, scoped, sizeof(scoped),
                                           &scoped_len),
                   0);
  uint8_t ak[64], pk[64], pp[8];
  size_t ak_len = 0, pk_len = 0;
  if (flags & SNMPX__V3_FLAG_AUTH)
    agent_keys(a, ak, &ak_len, pk, &pk_len);
  static const uint8_t zeros[64];
  snmpx__v3_msg m;
  memset(&m, 0, sizeof(m));
  m.msg_id = id;
  m.max_size = a->max_size ? a->max_size : SNMPX_MAX_DATAGRAM;
  m.flags = flags;
  m.security_model = 3;
  m.engine_id = (snmpx_ber_view){eid_of(a), sizeof(agent_eid)};
  m.boots = (int32_t)a->boots;
  m.time = (int32_t)a->time;
  m.user = (snmpx_ber_view){(const uint8_t *)"alice",
                            (flags & SNMPX__V3_FLAG_AUTH) ? 5u : 0u};
  m.data = (snmpx_ber_view){scoped, scoped_len};
  if (flags & SNMPX__V3_FLAG_AUTH)
    m.auth_params = (snmpx_ber_view){zeros, snmpx_usm_auth_mac_len(a->auth)};
  if (flags & SNMPX__V3_FLAG_PRIV) {
    size_t clen;
    assert_int_equal(snmpx_usm_encrypt(a->priv, pk, pk_len, a->boots,
                                       a->time, 0x1122334455667788ull,
                                       scoped, scoped_len, cipher,
                                       sizeof(cipher), &clen, pp),
                     0);
    m.encrypted = true;
    m.data = (snmpx_ber_view){cipher, clen};
    m.priv_params = (snmpx_ber_view){pp, 8};
  }
  size_t len, off;
  assert_int_equal(snmpx__v3_encode(&m, out, cap, &len, &off), 0);
  if (flags & SNMPX__V3_FLAG_AUTH)
    assert_int_equal(snmpx_usm_auth_sign(a->auth, ak, ak_len, out, len, off),
                     0);
  return len;
}

static const snmpx_addr *agent_addr(const snmpx_target *t)
{
  return &t->addr;
}

#define AUTHPRIV (SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV)

/* Discovery, then the authPriv request, then its response. */
static void run_authpriv(snmpx_usm_auth au, snmpx_usm_priv pr)
{
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", au, pr);
  agent a = {au, pr, "authpass1", 7, 12345, 0};
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
  assert_true(get_sysname(e, &t, &w) > 0);

  /* 1. The probe: noAuthNoPriv, empty engine ID and user (RFC 3414 4). */
  snmpx__v3_msg m;
  int32_t id = agent_open(&a, &w, &m, false);
  assert_int_equal(m.flags, SNMPX__V3_FLAG_REPORTABLE);
  assert_int_equal(m.engine_id.len, 0);
  assert_int_equal(m.user.len, 0);
  assert_int_equal(m.msg_id, id);

  /* 2. The report teaches the engine ID, boots and time. */
  uint8_t buf[2048];
  uint32_t arc = 4; /* usmStatsUnknownEngineIDs */
  size_t len = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &arc,
                           SNMPX__V3_FLAG_REPORTABLE & 0, buf, sizeof(buf));
  w.now += 10;
  assert_int_equal(snmpx_engine_recv(e, buf, len, agent_addr(&t)), 0);
  assert_int_equal(w.calls, 0);
  assert_int_equal(w.sends, 2);

  /* 3. The request: authPriv, signed and encrypted for this engine. */
  id = agent_open(&a, &w, &m, true);
  assert_int_equal(m.flags, AUTHPRIV | SNMPX__V3_FLAG_REPORTABLE);
  assert_memory_equal(m.engine_id.ptr, agent_eid, sizeof(agent_eid));
  assert_int_equal(m.boots, 7);
  assert_int_equal(m.time, 12345);

  /* 4. A response with a broken MAC is dropped; the real one completes. */
  len = agent_reply(&a, id, SNMPX_PDU_RESPONSE, NULL, AUTHPRIV, buf,
                    sizeof(buf));
  buf[len - 1] ^= 1;
  assert_true(snmpx_engine_recv(e, buf, len, agent_addr(&t)) < 0);
  assert_int_equal(w.calls, 0);
  buf[len - 1] ^= 1;
  assert_int_equal(snmpx_engine_recv(e, buf, len, agent_addr(&t)), 0);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.status, 0);
  assert_string_equal(w.value, "router-7");

  /* 5. A second request goes straight out: the engine is known. */
  int sends = w.sends;
  assert_true(get_sysname(e, &t, &w) > 0);
  assert_int_equal(w.sends, sends + 1);
  agent_open(&a, &w, &m, true);
  assert_int_equal(m.boots, 7);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  assert_int_equal(st.discoveries, 1);
  assert_int_equal(st.in_bad_security, 1);
  snmpx_engine_free(e);
}

/* snmpx_engine_discover's callback: the engine ID it learnt. */
static uint8_t found_eid[32];
static size_t found_eid_len;

static void on_discovered(snmpx_engine *e, int64_t h, int status,
                          const snmpx_msg *resp, void *ud)
{
  w_done(e, h, status, resp, ud);
  if (status == 0) {
    assert_int_equal(resp->pdu.n_varbinds, 0);
    assert_true(resp->context_engine_id_len <= sizeof(found_eid));
    memcpy(found_eid, resp->context_engine_id, resp->context_engine_id_len);
    found_eid_len = resp->context_engine_id_len;
  }
}

/* Discovery alone (RFC 3414 4), with no user: the probe, then the report
 * completes it with the engine ID and nothing more is sent; a later
 * request goes straight out.  With no answer it ends in
 * SNMPX_EUSM_DISCOVERY_TIMEOUT after the target's retries. */
static void test_engine_v3_discover_only(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, "authpass1", 3, 77,
             0};
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
  assert_true(snmpx_engine_discover(e, &t, on_discovered, &w) > 0);
  assert_int_equal(w.sends, 1);
  assert_int_equal(w.calls, 0);
  snmpx__v3_msg m;
  agent_open(&a, &w, &m, false);
  assert_int_equal(m.flags, SNMPX__V3_FLAG_REPORTABLE);
  assert_int_equal(m.engine_id.len, 0);
  assert_int_equal(m.user.len, 0);
  uint8_t buf[2048];
  uint32_t arc = 4; /* usmStatsUnknownEngineIDs */
  size_t len = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &arc, 0, buf,
                           sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, agent_addr(&t)), 0);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.status, 0);
  assert_int_equal(w.sends, 1);
  assert_int_equal(found_eid_len, sizeof(agent_eid));
  assert_memory_equal(found_eid, agent_eid, sizeof(agent_eid));
  assert_int_equal(snmpx_engine_pending(e), 0);

  /* The engine ID is kept: a request with its user needs no probe. */
  add_user(e, NULL, "authpass1", a.auth, a.priv);
  assert_true(get_sysname(e, &t, &w) > 0);
  assert_int_equal(w.sends, 2);
  agent_open(&a, &w, &m, true);
  assert_memory_equal(m.engine_id.ptr, agent_eid, sizeof(agent_eid));
  snmpx_engine_free(e);

  /* Nobody answers: the probe is retried, then the discovery times out. */
  e = new_engine(&w);
  t.retries = 2;
  assert_true(snmpx_engine_discover(e, &t, on_discovered, &w) > 0);
  for (int i = 0; i < 3; i++) {
    w.now += 1000;
    snmpx_engine_tick(e);
  }
  assert_int_equal(w.sends, 3);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.status, SNMPX_EUSM_DISCOVERY_TIMEOUT);
  t.version = SNMPX_VERSION_2C;
  assert_int_equal(snmpx_engine_discover(e, &t, on_discovered, &w),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx_engine_discover(e, NULL, on_discovered, &w),
                   SNMPX_EINVAL);
  snmpx_engine_free(e);
}

static void test_engine_v3_authpriv_every_pair(void **state)
{
  (void)state;
  for (int au = SNMPX_USM_AUTH_MD5; au < SNMPX_USM_AUTH_COUNT; au++)
    for (int pr = SNMPX_USM_PRIV_DES; pr < SNMPX_USM_PRIV_COUNT; pr++)
      run_authpriv((snmpx_usm_auth)au, (snmpx_usm_priv)pr);
}

/* With the engine ID given (-e), the first message is the request; the
 * agent answers notInTimeWindow (boots/time 0 were sent), the engine
 * resynchronises and retries once; late copies of that report are
 * dropped. */
static void test_engine_v3_not_in_time_window_resync(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, "authpass1", 3, 999, 0};
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHNOPRIV);
  t.engine_id = agent_eid;
  t.engine_id_len = sizeof(agent_eid);
  assert_true(get_sysname(e, &t, &w) > 0);
  snmpx__v3_msg m;
  int32_t id = agent_open(&a, &w, &m, true);
  assert_int_equal(m.boots, 0);
  assert_int_equal(m.time, 0);
  uint8_t buf[2048];
  uint32_t arc = 2; /* usmStatsNotInTimeWindows, sent authNoPriv */
  size_t len = agent_reply(&a, id, SNMPX_PDU_REPORT, &arc,
                           SNMPX__V3_FLAG_AUTH, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.sends, 2);
  agent_open(&a, &w, &m, true);
  assert_int_equal(m.boots, 3);
  assert_int_equal(m.time, 999);
  /* A second copy of the same report (answer to a retransmission). */
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 0);
  len = agent_reply(&a, id, SNMPX_PDU_RESPONSE, NULL, SNMPX__V3_FLAG_AUTH,
                    buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.status, 0);
  snmpx_engine_free(e);
}

/* RFC 3414 3.2 step 7b: an authentic response whose boots are behind, or
 * whose time is more than 150 s behind, is a replay: dropped. */
static void test_engine_v3_replayed_response_dropped(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE);
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHNOPRIV);
  t.engine_id = agent_eid;
  t.engine_id_len = sizeof(agent_eid);
  t.engine_time_set = true;
  t.engine_boots = 9;
  t.engine_time = 5000;
  assert_true(get_sysname(e, &t, &w) > 0);
  agent old_boots = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE, "authpass1", 8,
                     5000, 0};
  agent old_time = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE, "authpass1", 9,
                    4800, 0};
  agent fresh = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE, "authpass1", 9,
                 4900, 0};
  snmpx__v3_msg m;
  int32_t id = agent_open(&fresh, &w, &m, true);
  assert_int_equal(m.boots, 9);
  assert_int_equal(m.time, 5000);
  uint8_t buf[2048];
  size_t len = agent_reply(&old_boots, id, SNMPX_PDU_RESPONSE, NULL,
                           SNMPX__V3_FLAG_AUTH, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr),
                   SNMPX_EUSM_NOT_IN_TIME_WINDOW);
  len = agent_reply(&old_time, id, SNMPX_PDU_RESPONSE, NULL,
                    SNMPX__V3_FLAG_AUTH, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr),
                   SNMPX_EUSM_NOT_IN_TIME_WINDOW);
  assert_int_equal(w.calls, 0);
  len = agent_reply(&fresh, id, SNMPX_PDU_RESPONSE, NULL, SNMPX__V3_FLAG_AUTH,
                    buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 1);
  snmpx_engine_free(e);
}

/* RFC 3412 6.1: a request bigger than the msgMaxSize the engine announced
 * (in its discovery report) is not sent. */
static void test_engine_v3_respects_remote_max_size(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE, "authpass1", 1, 1, 484};
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHNOPRIV);
  static char big[600];
  memset(big, 'x', sizeof(big));
  snmpx_varbind vb = {SNMPX_OIDV(sysname),
                      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, big,
                                        sizeof(big))};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_SET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  assert_true(snmpx_engine_submit(e, &t, &pdu, w_done, &w) > 0);
  snmpx__v3_msg m;
  agent_open(&a, &w, &m, false); /* the probe */
  uint8_t buf[2048];
  uint32_t arc = 4;
  size_t len = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &arc, 0, buf,
                           sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.status, SNMPX_EMSG_TOOBIG);
  assert_int_equal(w.sends, 1); /* nothing oversized went out */
  snmpx_engine_free(e);
}

/* Each usmStats report ends the request with its own error. */
static void test_engine_v3_reports_become_errors(void **state)
{
  (void)state;
  static const struct {
    uint32_t arc;
    int err;
  } cases[] = {{1, SNMPX_EUSM_UNSUPPORTED_SECLEVEL},
               {3, SNMPX_EUSM_UNKNOWN_USER},
               {5, SNMPX_EUSM_WRONG_DIGEST},
               {6, SNMPX_EUSM_DECRYPTION_ERROR},
               {9, SNMPX_EREPORT}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    world w;
    snmpx_engine *e = new_engine(&w);
    add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_MD5, SNMPX_USM_PRIV_DES);
    agent a = {SNMPX_USM_AUTH_MD5, SNMPX_USM_PRIV_DES, "authpass1", 1, 1, 0};
    snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
    t.engine_id = agent_eid;
    t.engine_id_len = sizeof(agent_eid);
    assert_true(get_sysname(e, &t, &w) > 0);
    snmpx__v3_msg m;
    agent_open(&a, &w, &m, true);
    uint8_t buf[2048];
    size_t len = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &cases[i].arc,
                             0, buf, sizeof(buf));
    assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
    assert_int_equal(w.calls, 1);
    assert_int_equal(w.status, cases[i].err);
    snmpx_engine_free(e);
  }
}

/* node's net-snmp sets the reportable flag on its Reports: they are
 * processed all the same (RFC 3412 6.4, 7.2), both the discovery Report
 * and a usmStats Report ending the request. */
static void test_engine_v3_reportable_reports_processed(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, "authpass1", 3, 77,
             0};
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
  assert_true(get_sysname(e, &t, &w) > 0);
  snmpx__v3_msg m;
  agent_open(&a, &w, &m, false);
  uint8_t buf[2048];
  uint32_t arc = 4; /* usmStatsUnknownEngineIDs */
  size_t len = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &arc,
                           SNMPX__V3_FLAG_REPORTABLE, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 0);
  assert_int_equal(w.sends, 2); /* the request itself now */
  agent_open(&a, &w, &m, true);
  assert_memory_equal(m.engine_id.ptr, agent_eid, sizeof(agent_eid));
  arc = 5; /* usmStatsWrongDigests, unauthenticated, reportable */
  len = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &arc,
                    SNMPX__V3_FLAG_REPORTABLE, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.status, SNMPX_EUSM_WRONG_DIGEST);
  snmpx_engine_free(e);
}

/* Answers the agent authenticated for our user with other keys (a wrong
 * password here) end the request with SNMPX_EUSM_ANSWER_AUTH, as soon as
 * Net-SNMP reports it, instead of timing out: each ends a try and the next
 * leaves at once; after the last, the request ends.  An answer for
 * another engine is still just dropped. */
static void test_engine_v3_answer_with_other_keys_ends_request(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "wrongpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_DES);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE, "authpass1", 2, 9, 0};
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHNOPRIV);
  t.engine_id = agent_eid;
  t.engine_id_len = sizeof(agent_eid);
  t.retries = 1;
  assert_true(get_sysname(e, &t, &w) > 0);
  snmpx__v3_msg m;
  agent_open(&a, &w, &m, false);
  assert_int_equal(w.sends, 1);
  uint8_t buf[2048];
  uint32_t arc = 5; /* usmStatsWrongDigests, signed by the agent */
  size_t len = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &arc,
                           SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_REPORTABLE,
                           buf, sizeof(buf));
  /* from another engine: not about this request */
  other_eid = (const uint8_t *)"\x80\x00\x1f\x88\x80\x99\x99\x99\x99\x00"
                               "\x11\x22";
  size_t len2 = agent_reply(&a, m.msg_id, SNMPX_PDU_REPORT, &arc,
                            SNMPX__V3_FLAG_AUTH, buf + 1024, 1024);
  other_eid = NULL;
  assert_true(snmpx_engine_recv(e, buf + 1024, len2, &t.addr) < 0);
  assert_int_equal(w.calls, 0);
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr),
                   SNMPX_EUSM_WRONG_DIGEST);
  assert_int_equal(w.calls, 0);
  assert_int_equal(w.sends, 2); /* the retry, at once */
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr),
                   SNMPX_EUSM_WRONG_DIGEST);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.status, SNMPX_EUSM_ANSWER_AUTH);
  assert_int_equal(snmpx_engine_pending(e), 0);
  snmpx_engine_free(e);
}

/* Two namespaces, one user name, two passwords: each target's messages
 * are signed with its own namespace's key. */
static void test_engine_v3_namespaces_keep_users_apart(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, "site-a", "password-a", SNMPX_USM_AUTH_SHA256,
           SNMPX_USM_PRIV_NONE);
  add_user(e, "site-b", "password-b", SNMPX_USM_AUTH_SHA256,
           SNMPX_USM_PRIV_NONE);
  const char *ns[2] = {"site-a", "site-b"};
  const char *pass[2] = {"password-a", "password-b"};
  for (int i = 0; i < 2; i++) {
    snmpx_target t = v3_target(ns[i], SNMPX_SECLEVEL_AUTHNOPRIV);
    t.engine_id = agent_eid;
    t.engine_id_len = sizeof(agent_eid);
    assert_true(get_sysname(e, &t, &w) > 0);
    agent right = {SNMPX_USM_AUTH_SHA256, SNMPX_USM_PRIV_NONE, pass[i], 0, 0, 0};
    snmpx__v3_msg m;
    agent_open(&right, &w, &m, true); /* verifies with this password */
  }
  snmpx_target t = v3_target("site-c", SNMPX_SECLEVEL_AUTHNOPRIV);
  assert_int_equal(get_sysname(e, &t, &w), SNMPX_ENOTFOUND);
  t = v3_target("site-a", SNMPX_SECLEVEL_AUTHPRIV);
  assert_int_equal(get_sysname(e, &t, &w), SNMPX_EUSM_UNSUPPORTED_SECLEVEL);
  snmpx_engine_free(e);
}

/* Adding a user again with new passwords takes effect on the next
 * request, although the old keys were in use for the same engine (the
 * user's remembered keys are dropped, not reused). */
static void test_engine_v3_replaced_user_uses_new_keys(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
  t.engine_id = agent_eid;
  t.engine_id_len = sizeof(agent_eid);
  const char *pass[3] = {"first-pass", "second-pass", "first-pass"};
  for (int i = 0; i < 3; i++) {
    add_user(e, NULL, pass[i], SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128);
    for (int k = 0; k < 2; k++) {
      assert_true(get_sysname(e, &t, &w) > 0);
      agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, pass[i], 0, 0, 0};
      snmpx__v3_msg m;
      int32_t id = agent_open(&a, &w, &m, true); /* signed with pass[i] */
      uint8_t buf[2048];
      size_t len = agent_reply(&a, id, SNMPX_PDU_RESPONSE, NULL, AUTHPRIV, buf,
                               sizeof(buf));
      int calls = w.calls;
      assert_int_equal(snmpx_engine_recv(e, buf, len, agent_addr(&t)), 0);
      assert_int_equal(w.calls, calls + 1);
      assert_int_equal(w.status, 0);
    }
  }
  snmpx_engine_free(e);
}

/* One user on many agents costs one password hash and one localization
 * per agent (RFC 3414 2.6 keys, cached). */
static void test_engine_v3_key_cache_one_hash_many_engines(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_NONE);
  enum { N = 40 };
  for (int i = 0; i < N; i++) {
    uint8_t eid[12];
    memcpy(eid, agent_eid, sizeof(eid));
    eid[11] = (uint8_t)i;
    snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHNOPRIV);
    ((struct sockaddr_in *)&t.addr.u.in4)->sin_port = htons((uint16_t)(2000 + i));
    t.engine_id = eid;
    t.engine_id_len = sizeof(eid);
    assert_true(get_sysname(e, &t, &w) > 0);
    assert_true(get_sysname(e, &t, &w) > 0);
  }
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  assert_int_equal(st.password_hashes, 1);
  assert_int_equal(st.localizations, N);
  snmpx_engine_free(e);
}

/* A request that waited in a full window goes out with the agent's time
 * as estimated when it leaves, not as it was when submitted: 200 s later
 * the old msgAuthoritativeEngineTime would be out of the 150 s window
 * (RFC 3414 2.2.3) and cost a notInTimeWindow report and a resync. */
static void test_engine_v3_windowed_request_has_fresh_time(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128);
  snmpx_engine_set_window(e, 1);
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
  t.engine_id = agent_eid;
  t.engine_id_len = sizeof(agent_eid);
  t.engine_time_set = true;
  t.engine_boots = 7;
  t.engine_time = 1000;
  t.timeout_ms = 600000;
  assert_true(get_sysname(e, &t, &w) > 0);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, "authpass1", 7, 1000,
             0};
  snmpx__v3_msg m;
  int32_t first = agent_open(&a, &w, &m, true);
  assert_int_equal(m.time, 1000);
  assert_true(get_sysname(e, &t, &w) > 0); /* waits for the first */
  assert_int_equal(w.sends, 1);
  w.now += 200000;
  a.time = 1200;
  uint8_t buf[2048];
  size_t len = agent_reply(&a, first, SNMPX_PDU_RESPONSE, NULL, AUTHPRIV, buf,
                           sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 1);
  assert_int_equal(w.sends, 2); /* the second left the window */
  int32_t second = agent_open(&a, &w, &m, true);
  assert_int_equal(m.boots, 7);
  assert_int_equal(m.time, 1200);
  len = agent_reply(&a, second, SNMPX_PDU_RESPONSE, NULL, AUTHPRIV, buf,
                    sizeof(buf));
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 2);
  assert_int_equal(w.status, 0);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  assert_int_equal(st.windowed, 1);
  assert_int_equal(st.resyncs, 0);
  snmpx_engine_free(e);
}

/* authPriv to many agents, round after round: each agent's keys are
 * localized once (RFC 3414 2.6) and kept with the engine's record of that
 * agent, however many agents there are; a bounded cache of localized keys
 * would evict and redo them every round. */
static void test_engine_v3_keys_kept_per_remote_engine(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128);
  enum { N = 100 };
  static uint8_t eids[N][sizeof(agent_eid)];
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < N; i++) {
      memcpy(eids[i], agent_eid, sizeof(agent_eid));
      eids[i][sizeof(agent_eid) - 1] = (uint8_t)i;
      snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
      ((struct sockaddr_in *)&t.addr.u.in4)->sin_port =
          htons((uint16_t)(2000 + i));
      t.engine_id = eids[i];
      t.engine_id_len = sizeof(agent_eid);
      t.engine_time_set = true;
      t.engine_boots = 1;
      t.engine_time = 10;
      assert_true(get_sysname(e, &t, &w) > 0);
      agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, "authpass1", 1,
                 10, 0};
      other_eid = eids[i];
      snmpx__v3_msg m;
      int32_t id = agent_open(&a, &w, &m, true); /* this agent's keys */
      uint8_t buf[2048];
      size_t len = agent_reply(&a, id, SNMPX_PDU_RESPONSE, NULL, AUTHPRIV,
                               buf, sizeof(buf));
      int calls = w.calls;
      assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
      assert_int_equal(w.calls, calls + 1);
      assert_int_equal(w.status, 0);
      other_eid = NULL;
    }
    snmpx_engine_stats st;
    snmpx_engine_get_stats(e, &st);
    assert_int_equal(st.password_hashes, 2); /* auth and priv passwords */
    assert_int_equal(st.localizations, 2 * N); /* an auth and a priv key */
  }
  /* Another engine at the first agent's address: keys for its ID. */
  static uint8_t moved[sizeof(agent_eid)];
  memcpy(moved, agent_eid, sizeof(agent_eid));
  moved[0] = 0x81;
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
  ((struct sockaddr_in *)&t.addr.u.in4)->sin_port = htons(2000);
  t.engine_id = moved;
  t.engine_id_len = sizeof(moved);
  assert_true(get_sysname(e, &t, &w) > 0);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, "authpass1", 0, 0, 0};
  other_eid = moved;
  snmpx__v3_msg m;
  agent_open(&a, &w, &m, true); /* signed and encrypted for |moved| */
  other_eid = NULL;
  snmpx_engine_free(e);
}

/* RFC 3414 8.1.1.1: the DES salt is boots and a 32-bit integer that
 * starts at an arbitrary value when the engine starts and counts up; the
 * integer comes from the engine's random source, so two engines (a
 * restart) do not reuse salts, and one engine never repeats its own. */
static void test_engine_v3_des_salt_seeded_per_engine(void **state)
{
  (void)state;
  uint32_t first[2];
  for (int i = 0; i < 2; i++) {
    world w;
    memset(&w, 0, sizeof(w));
    w.now = 50000;
    w.rnd = (uint32_t)(1000 + i); /* another start */
    snmpx_engine_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.clock = w_clock;
    cfg.clock_ud = &w;
    cfg.random = w_random;
    cfg.random_ud = &w;
    cfg.send = w_send;
    cfg.send_ud = &w;
    snmpx_engine *e = snmpx_engine_new(&cfg);
    assert_non_null(e);
    add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_DES);
    agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_DES, "authpass1", 4, 400,
               0};
    snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
    t.engine_id = agent_eid;
    t.engine_id_len = sizeof(agent_eid);
    t.engine_time_set = true;
    t.engine_boots = 4;
    t.engine_time = 400;
    uint32_t salt[2];
    for (int k = 0; k < 2; k++) {
      assert_true(get_sysname(e, &t, &w) > 0);
      snmpx__v3_msg m;
      agent_open(&a, &w, &m, true);
      assert_int_equal(m.priv_params.len, 8);
      const uint8_t *pp = m.priv_params.ptr;
      assert_int_equal(((uint32_t)pp[0] << 24 | (uint32_t)pp[1] << 16 |
                        (uint32_t)pp[2] << 8 | pp[3]),
                       4); /* boots */
      salt[k] = (uint32_t)pp[4] << 24 | (uint32_t)pp[5] << 16 |
                (uint32_t)pp[6] << 8 | pp[7];
    }
    assert_int_equal(salt[1], salt[0] + 1);
    first[i] = salt[0];
    snmpx_engine_free(e);
  }
  assert_int_not_equal(first[0], first[1]);
}

/* Garbage and truncations of a v3 message never crash and never complete
 * a request. */
static void test_engine_v3_truncated_messages_dropped(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  add_user(e, NULL, "authpass1", SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128);
  agent a = {SNMPX_USM_AUTH_SHA, SNMPX_USM_PRIV_AES128, "authpass1", 2, 2, 0};
  snmpx_target t = v3_target(NULL, SNMPX_SECLEVEL_AUTHPRIV);
  t.engine_id = agent_eid;
  t.engine_id_len = sizeof(agent_eid);
  assert_true(get_sysname(e, &t, &w) > 0);
  snmpx__v3_msg m;
  int32_t id = agent_open(&a, &w, &m, true);
  uint8_t buf[2048];
  size_t len = agent_reply(&a, id, SNMPX_PDU_RESPONSE, NULL, AUTHPRIV, buf,
                           sizeof(buf));
  for (size_t cut = 0; cut < len; cut++)
    assert_true(snmpx_engine_recv(e, buf, cut, &t.addr) < 0);
  assert_int_equal(w.calls, 0);
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(w.calls, 1);
  snmpx_engine_free(e);
}

/* snmpx_engine_add_user refuses a secret it could never use, at once
 * rather than at the first request. */
static void test_engine_v3_add_user_checks_secrets(void **state)
{
  (void)state;
  world w;
  snmpx_engine *e = new_engine(&w);
  static const uint8_t key3[3] = {1, 2, 3};
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.name = (const uint8_t *)"alice";
  u.name_len = 5;
  u.auth = SNMPX_USM_AUTH_SHA;
  u.auth_secret = (snmpx_usm_secret){(snmpx_usm_secret_kind)9, key3, 3};
  assert_int_equal(snmpx_engine_add_user(e, &u), SNMPX_EINVAL);
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_LOCALIZED, key3, 3};
  assert_int_equal(snmpx_engine_add_user(e, &u), SNMPX_EUSM_KEY_LENGTH);
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_MASTER, key3, 3};
  assert_int_equal(snmpx_engine_add_user(e, &u), SNMPX_EUSM_KEY_LENGTH);
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD, key3, 0};
  assert_int_equal(snmpx_engine_add_user(e, &u), SNMPX_EINVAL);
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD, key3, 3};
  assert_int_equal(snmpx_engine_add_user(e, &u), 0);
  snmpx_engine_free(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_engine_v3_authpriv_every_pair),
    cmocka_unit_test(test_engine_v3_discover_only),
    cmocka_unit_test(test_engine_v3_not_in_time_window_resync),
    cmocka_unit_test(test_engine_v3_reports_become_errors),
    cmocka_unit_test(test_engine_v3_reportable_reports_processed),
    cmocka_unit_test(test_engine_v3_answer_with_other_keys_ends_request),
    cmocka_unit_test(test_engine_v3_namespaces_keep_users_apart),
    cmocka_unit_test(test_engine_v3_replaced_user_uses_new_keys),
    cmocka_unit_test(test_engine_v3_key_cache_one_hash_many_engines),
    cmocka_unit_test(test_engine_v3_keys_kept_per_remote_engine),
    cmocka_unit_test(test_engine_v3_truncated_messages_dropped),
    cmocka_unit_test(test_engine_v3_add_user_checks_secrets),
    cmocka_unit_test(test_engine_v3_replayed_response_dropped),
    cmocka_unit_test(test_engine_v3_respects_remote_max_size),
    cmocka_unit_test(test_engine_v3_windowed_request_has_fresh_time),
    cmocka_unit_test(test_engine_v3_des_salt_seeded_per_engine),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
