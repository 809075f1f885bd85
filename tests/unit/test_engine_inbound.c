/* The inbound dispatcher: v1/v2c requests and notifications handed to the
 * applications and answered; SNMPv3 with this engine authoritative
 * (discovery, every usmStats report, the time window) and as a trap
 * receiver (users by engine ID, replays).  Two engines, a manager and an
 * agent, talk through an in-memory wire under one fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"
#include "msg/msg_v3.h"

#include "agent_test_util.h"

#define MAX_Q 16

typedef struct packet {
  uint8_t data[2048];
  size_t len;
  int to; /* 0: manager, 1: agent */
} packet;

typedef struct wire {
  uint64_t now;
  uint32_t rnd;
  packet q[MAX_Q];
  int nq;
  snmpx_engine *end[2];
  snmpx_addr addr[2];
  /* what the applications saw */
  int requests;
  int notifications;
  snmpx_pdu_type last_type;
  char last_user[40];
  size_t last_engine_id_len;
  snmpx_seclevel last_level;
  int respond_rv;
  bool big_answer;
  /* the manager's outcome */
  int calls;
  int status;
  char value[64];
} wire;

typedef struct endpoint {
  wire *w;
  int self;
} endpoint;

static endpoint ends[2];

static uint64_t w_clock(void *ud)
{
  return ((endpoint *)ud)->w->now;
}

static void w_random(void *ud, void *buf, size_t len)
{
  wire *w = ((endpoint *)ud)->w;
  uint8_t *p = buf;
  for (size_t i = 0; i < len; i++) {
    w->rnd = w->rnd * 1103515245u + 12345u + (uint32_t)((endpoint *)ud)->self;
    p[i] = (uint8_t)(w->rnd >> 16);
  }
}

static void w_send(void *ud, const uint8_t *d, size_t len,
                   const snmpx_addr *to)
{
  endpoint *ep = ud;
  wire *w = ep->w;
  assert_true(w->nq < MAX_Q);
  assert_true(len <= sizeof(w->q[0].data));
  assert_true(snmpx_addr_equal(to, &w->addr[1 - ep->self]));
  memcpy(w->q[w->nq].data, d, len);
  w->q[w->nq].len = len;
  w->q[w->nq].to = 1 - ep->self;
  w->nq++;
}

/* Deliver queued datagrams until the wire is quiet.  @return how many. */
static int pump(wire *w)
{
  int n = 0;
  while (w->nq > 0) {
    packet p = w->q[0];
    memmove(&w->q[0], &w->q[1], (size_t)(w->nq - 1) * sizeof(packet));
    w->nq--;
    snmpx_engine_recv(w->end[p.to], p.data, p.len, &w->addr[1 - p.to]);
    n++;
    assert_true(n < 64);
  }
  return n;
}

static const uint8_t agent_eid[] = {0x80, 0x00, 0x1f, 0x88, 0x04,
                                    'a',  'g',  'e',  'n',  't'};
static const uint32_t sysname[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};

/* The agent's responder: sysName.0 = "hello" for every varbind. */
static void on_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  wire *w = ud;
  w->requests++;
  w->last_type = in->msg.pdu.type;
  w->last_level = in->level;
  w->last_engine_id_len = in->engine_id_len;
  snprintf(w->last_user, sizeof(w->last_user), "%.*s",
           (int)(in->msg.version == SNMPX_VERSION_3
                     ? in->msg.security_name_len
                     : in->msg.community_len),
           (const char *)(in->msg.version == SNMPX_VERSION_3
                              ? in->msg.security_name
                              : in->msg.community));
  static uint8_t big[3000];
  snmpx_varbind vb[1];
  vb[0].name = SNMPX_OIDV(sysname);
  vb[0].value.type = SNMPX_TYPE_OCTET_STRING;
  vb[0].value.v.bytes.ptr = w->big_answer ? big : (const uint8_t *)"hello";
  vb[0].value.v.bytes.len = w->big_answer ? sizeof(big) : 5;
  snmpx_pdu resp;
  memset(&resp, 0, sizeof(resp));
  resp.type = SNMPX_PDU_RESPONSE;
  resp.request_id = in->msg.pdu.request_id;
  resp.varbinds = vb;
  resp.n_varbinds = 1;
  /* Only the engine's own incoming may be answered, not a copy of it. */
  snmpx_incoming copy = *in;
  assert_int_equal(snmpx_engine_respond(e, &copy, &resp), SNMPX_EINVAL);
  assert_null(snmpx_engine_hold(e, &copy));
  assert_int_equal(snmpx_engine_discard(e, &copy), SNMPX_EINVAL);
  w->respond_rv = snmpx_engine_respond(e, in, &resp);
  /* a second answer is refused */
  if (w->respond_rv == 0)
    assert_int_equal(snmpx_engine_respond(e, in, &resp), SNMPX_EINVAL);
}

/* A responder that keeps each request to answer later. */
static snmpx_incoming *held[4];
static int n_held;

static void on_request_hold(snmpx_engine *e, const snmpx_incoming *in,
                            void *ud)
{
  (void)ud;
  assert_true(n_held < 4);
  held[n_held] = snmpx_engine_hold(e, in);
  assert_non_null(held[n_held]);
  assert_null(snmpx_engine_hold(e, in)); /* once */
  n_held++;
}

static void on_notification(snmpx_engine *e, const snmpx_incoming *in,
                            void *ud)
{
  wire *w = ud;
  (void)e;
  w->notifications++;
  w->last_type = in->msg.pdu.type;
  w->last_level = in->level;
  w->last_engine_id_len = in->engine_id_len;
  if (in->msg.pdu.type != SNMPX_PDU_INFORM) {
    snmpx_pdu p = in->msg.pdu;
    p.type = SNMPX_PDU_RESPONSE;
    assert_int_equal(snmpx_engine_respond(e, in, &p), SNMPX_EINVAL);
  }
}

static void on_done(snmpx_engine *e, int64_t h, int status,
                    const snmpx_msg *resp, void *ud)
{
  wire *w = ud;
  (void)e;
  (void)h;
  w->calls++;
  w->status = status;
  w->value[0] = 0;
  if (status == 0 && resp->pdu.n_varbinds > 0 &&
      resp->pdu.varbinds[0].value.type == SNMPX_TYPE_OCTET_STRING) {
    const snmpx_value *v = &resp->pdu.varbinds[0].value;
    snprintf(w->value, sizeof(w->value), "%.*s", (int)v->v.bytes.len,
             (const char *)v->v.bytes.ptr);
  }
}

static wire *new_wire(void)
{
  wire *w = calloc(1, sizeof(*w));
  assert_non_null(w);
  w->now = 1000000;
  for (int i = 0; i < 2; i++) {
    ends[i].w = w;
    ends[i].self = i;
    set_addr4(&w->addr[i], 0x7f000001, (uint16_t)(40000 + i));
    snmpx_engine_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.clock = w_clock;
    cfg.clock_ud = &ends[i];
    cfg.random = w_random;
    cfg.random_ud = &ends[i];
    cfg.send = w_send;
    cfg.send_ud = &ends[i];
    w->end[i] = snmpx_engine_new(&cfg);
    assert_non_null(w->end[i]);
  }
  snmpx_local_engine local;
  memset(&local, 0, sizeof(local));
  local.engine_id = agent_eid;
  local.engine_id_len = sizeof(agent_eid);
  local.boots = 7;
  local.user_namespace = "agent";
  assert_int_equal(snmpx_engine_set_local(w->end[1], &local), 0);
  snmpx_engine_set_responder(w->end[1], on_request, w);
  snmpx_engine_set_receiver(w->end[1], on_notification, w);
  return w;
}

static void free_wire(wire *w)
{
  snmpx_engine_free(w->end[0]);
  snmpx_engine_free(w->end[1]);
  free(w);
}

static snmpx_target v2c_target(wire *w, snmpx_version v)
{
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  t.addr = w->addr[1];
  t.version = v;
  t.community = (const uint8_t *)"public";
  t.community_len = 6;
  t.retries = 0;
  return t;
}

/* |pdu|: |type| with the one varbind |vb|, sysName.0 = NULL. */
static void sysname_pdu(snmpx_pdu *pdu, snmpx_varbind *vb, snmpx_pdu_type type,
                        int32_t request_id)
{
  vb->name = SNMPX_OIDV(sysname);
  vb->value = snmpx_value_null();
  memset(pdu, 0, sizeof(*pdu));
  pdu->type = type;
  pdu->request_id = request_id;
  pdu->varbinds = vb;
  pdu->n_varbinds = 1;
}

/* No SNMPX_E* code: what w->status holds until the callback runs. */
#define STATUS_UNSET 12345

/* Submit one request for sysName.0; w->status and w->value are reset so a
 * check after it sees this request's outcome, not the previous one's. */
static int64_t submit(wire *w, const snmpx_target *t, snmpx_pdu_type type)
{
  w->status = STATUS_UNSET;
  w->value[0] = 0;
  snmpx_varbind vb;
  snmpx_pdu pdu;
  sysname_pdu(&pdu, &vb, type, 0);
  return snmpx_engine_submit(w->end[0], t, &pdu, on_done, w);
}

static void test_v2c_get_answered(void **state)
{
  (void)state;
  wire *w = new_wire();
  snmpx_target t = v2c_target(w, SNMPX_VERSION_2C);
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  assert_int_equal(pump(w), 2);
  assert_int_equal(w->requests, 1);
  assert_string_equal(w->last_user, "public");
  assert_int_equal(w->last_level, SNMPX_SECLEVEL_NOAUTH);
  assert_int_equal(w->calls, 1);
  assert_int_equal(w->status, 0);
  assert_string_equal(w->value, "hello");
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w->end[1], &st);
  assert_int_equal(st.in_requests, 1);
  assert_int_equal(st.out_responses, 1);
  free_wire(w);
}

static void test_v1_getbulk_refused(void **state)
{
  (void)state;
  wire *w = new_wire();
  /* A v1 message cannot carry GETBULK (RFC 3584 2.1): built by hand as the
   * encoder refuses it. */
  static const uint8_t msg[] = {0x30, 0x1f, 0x02, 0x01, 0x00, 0x04, 0x06,
                                'p',  'u',  'b',  'l',  'i',  'c',  0xa5,
                                0x12, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00,
                                0x02, 0x01, 0x0a, 0x30, 0x07, 0x30, 0x05,
                                0x06, 0x01, 0x2b, 0x05, 0x00};
  assert_int_equal(
      snmpx_engine_recv(w->end[1], msg, sizeof(msg), &w->addr[0]),
      SNMPX_EMSG_PDU_TYPE);
  assert_int_equal(w->requests, 0);
  assert_int_equal(w->nq, 0);
  free_wire(w);
}

static void test_no_responder_counted(void **state)
{
  (void)state;
  wire *w = new_wire();
  snmpx_engine_set_responder(w->end[1], NULL, NULL);
  snmpx_target t = v2c_target(w, SNMPX_VERSION_2C);
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  assert_int_equal(pump(w), 1);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w->end[1], &st);
  assert_int_equal(st.unknown_pdu_handlers, 1);
  assert_int_equal(w->calls, 0);
  free_wire(w);
}

static void test_v2c_inform_acked_trap_not(void **state)
{
  (void)state;
  wire *w = new_wire();
  snmpx_target t = v2c_target(w, SNMPX_VERSION_2C);
  assert_true(submit(w, &t, SNMPX_PDU_INFORM) > 0);
  assert_int_equal(pump(w), 2);
  assert_int_equal(w->notifications, 1);
  assert_int_equal(w->last_type, SNMPX_PDU_INFORM);
  assert_int_equal(w->calls, 1);
  assert_int_equal(w->status, 0);

  snmpx_varbind vb;
  snmpx_pdu trap;
  sysname_pdu(&trap, &vb, SNMPX_PDU_TRAP_V2, 5);
  /* v2c carries no v1 Trap-PDU and vice versa */
  assert_int_equal(snmpx_engine_send(w->end[0], &t, &trap), 0);
  assert_int_equal(pump(w), 1);
  assert_int_equal(w->notifications, 2);
  assert_int_equal(w->last_type, SNMPX_PDU_TRAP_V2);
  t.version = SNMPX_VERSION_1;
  assert_int_equal(snmpx_engine_send(w->end[0], &t, &trap),
                   SNMPX_EMSG_PDU_TYPE);
  free_wire(w);
}

/* ---- SNMPv3 ---------------------------------------------------------- */

static void add_user(snmpx_engine *e, const char *ns, const char *name,
                     snmpx_usm_auth a, const char *authpass, snmpx_usm_priv p,
                     const uint8_t *engine_id, size_t engine_id_len)
{
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.user_namespace = ns;
  u.name = (const uint8_t *)name;
  u.name_len = strlen(name);
  u.auth = a;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)authpass,
                                     strlen(authpass)};
  u.priv = p;
  u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"privpass1", 9};
  u.engine_id = engine_id;
  u.engine_id_len = engine_id_len;
  assert_int_equal(snmpx_engine_add_user(e, &u), 0);
}

static snmpx_target v3_target(wire *w, const char *user, snmpx_seclevel l)
{
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  t.addr = w->addr[1];
  t.version = SNMPX_VERSION_3;
  t.user = (const uint8_t *)user;
  t.user_len = strlen(user);
  t.level = l;
  t.retries = 0;
  return t;
}

static snmpx_engine_stats agent_stats(wire *w)
{
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w->end[1], &st);
  return st;
}

/* The set-up of the SNMPv3 tests: a wire whose manager and agent (in its
 * namespace "agent") both know |user| (|a| with |authpass|, |p| with
 * "privpass1"), and in |t| the manager's target for it at |level|. */
static wire *new_v3_wire(const char *user, snmpx_usm_auth a,
                         const char *authpass, snmpx_usm_priv p,
                         snmpx_seclevel level, snmpx_target *t)
{
  wire *w = new_wire();
  add_user(w->end[0], NULL, user, a, authpass, p, NULL, 0);
  add_user(w->end[1], "agent", user, a, authpass, p, NULL, 0);
  *t = v3_target(w, user, level);
  return w;
}

/* The manager as a notification originator: engine ID |eid| at |boots|,
 * user "trapper" (SHA "authpass1", AES-128 "privpass1"); its target at
 * authPriv, and in |trap| a trapV2 of sysName.0 (its varbind in |vb|). */
static snmpx_target trap_sender(wire *w, const uint8_t *eid, size_t eid_len,
                                uint32_t boots, snmpx_pdu *trap,
                                snmpx_varbind *vb, int32_t request_id)
{
  snmpx_local_engine local = {
      .engine_id = eid, .engine_id_len = eid_len, .boots = boots};
  assert_int_equal(snmpx_engine_set_local(w->end[0], &local), 0);
  add_user(w->end[0], NULL, "trapper", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, NULL, 0);
  sysname_pdu(trap, vb, SNMPX_PDU_TRAP_V2, request_id);
  return v3_target(w, "trapper", SNMPX_SECLEVEL_AUTHPRIV);
}

/* Discovery, then an authPriv GET, for one protocol pair. */
static void v3_get(snmpx_usm_auth a, snmpx_usm_priv p)
{
  snmpx_seclevel l = p == SNMPX_USM_PRIV_NONE ? SNMPX_SECLEVEL_AUTHNOPRIV
                                              : SNMPX_SECLEVEL_AUTHPRIV;
  snmpx_target t;
  wire *w = new_v3_wire("alice", a, "authpass1", p, l, &t);
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  assert_int_equal(pump(w), 4); /* probe, report, request, response */
  assert_int_equal(w->calls, 1);
  assert_int_equal(w->status, 0);
  assert_string_equal(w->value, "hello");
  assert_int_equal(w->requests, 1);
  assert_string_equal(w->last_user, "alice");
  assert_int_equal(w->last_level, l);
  assert_int_equal(w->last_engine_id_len, sizeof(agent_eid));
  snmpx_engine_stats st = agent_stats(w);
  assert_int_equal(st.usm_unknown_engine_ids, 1);
  assert_int_equal(st.out_reports, 1);
  assert_int_equal(st.out_responses, 1);
  /* the second request needs no discovery */
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  assert_int_equal(pump(w), 2);
  assert_int_equal(w->calls, 2);
  assert_int_equal(w->status, 0);
  assert_string_equal(w->value, "hello");
  assert_int_equal(w->requests, 2);
  st = agent_stats(w);
  assert_int_equal(st.usm_unknown_engine_ids, 1);
  assert_int_equal(st.out_reports, 1);
  assert_int_equal(st.out_responses, 2);
  free_wire(w);
}

static void test_v3_every_protocol(void **state)
{
  (void)state;
  for (int a = SNMPX_USM_AUTH_MD5; a < SNMPX_USM_AUTH_COUNT; a++)
    v3_get((snmpx_usm_auth)a, SNMPX_USM_PRIV_NONE);
  for (int p = SNMPX_USM_PRIV_DES; p < SNMPX_USM_PRIV_COUNT; p++) {
    v3_get(SNMPX_USM_AUTH_SHA, (snmpx_usm_priv)p);
    v3_get(SNMPX_USM_AUTH_SHA512, (snmpx_usm_priv)p);
  }
}

static void test_v3_noauth(void **state)
{
  (void)state;
  snmpx_target t;
  wire *w = new_v3_wire("nobody", SNMPX_USM_AUTH_NONE, "", 0,
                        SNMPX_SECLEVEL_NOAUTH, &t);
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  assert_int_equal(pump(w), 4); /* probe, report, request, response */
  assert_int_equal(w->calls, 1);
  assert_int_equal(w->status, 0);
  assert_string_equal(w->value, "hello");
  assert_int_equal(w->requests, 1);
  assert_string_equal(w->last_user, "nobody");
  assert_int_equal(w->last_level, SNMPX_SECLEVEL_NOAUTH);
  free_wire(w);
}

/* Each USM failure gets its Report and the manager its error. */
static void test_v3_reports(void **state)
{
  (void)state;
  wire *w = new_wire();
  add_user(w->end[0], NULL, "alice", SNMPX_USM_AUTH_SHA, "wrongpass",
           SNMPX_USM_PRIV_AES128, NULL, 0);
  add_user(w->end[0], NULL, "bob", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, NULL, 0);
  add_user(w->end[0], NULL, "carol", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, NULL, 0);
  add_user(w->end[1], "agent", "alice", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, NULL, 0);
  add_user(w->end[1], "agent", "carol", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_NONE, NULL, 0);
  /* users of another namespace are not the agent's */
  add_user(w->end[1], NULL, "bob", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, NULL, 0);

  snmpx_target t = v3_target(w, "alice", SNMPX_SECLEVEL_AUTHPRIV);
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  pump(w);
  assert_int_equal(w->calls, 1);
  assert_int_equal(w->status, SNMPX_EUSM_WRONG_DIGEST);
  assert_int_equal(agent_stats(w).usm_wrong_digests, 1);

  t = v3_target(w, "bob", SNMPX_SECLEVEL_AUTHPRIV);
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  pump(w);
  assert_int_equal(w->calls, 2);
  assert_int_equal(w->status, SNMPX_EUSM_UNKNOWN_USER);
  assert_int_equal(agent_stats(w).usm_unknown_user_names, 1);

  t = v3_target(w, "carol", SNMPX_SECLEVEL_AUTHPRIV);
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  pump(w);
  assert_int_equal(w->calls, 3);
  assert_int_equal(w->status, SNMPX_EUSM_UNSUPPORTED_SECLEVEL);
  assert_int_equal(agent_stats(w).usm_unsupported_sec_levels, 1);
  assert_int_equal(w->requests, 0);
  free_wire(w);
}

/* A manager told the wrong boots (-Z) gets a signed notInTimeWindow
 * report, resynchronises and succeeds. */
static void test_v3_not_in_time_window(void **state)
{
  (void)state;
  snmpx_target t;
  wire *w = new_v3_wire("alice", SNMPX_USM_AUTH_SHA256, "authpass1",
                        SNMPX_USM_PRIV_AES128, SNMPX_SECLEVEL_AUTHPRIV, &t);
  t.engine_id = agent_eid;
  t.engine_id_len = sizeof(agent_eid);
  t.engine_time_set = true;
  t.engine_boots = 6;
  t.engine_time = 0;
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  assert_int_equal(pump(w), 4);
  assert_int_equal(w->calls, 1);
  assert_int_equal(w->status, 0);
  assert_int_equal(agent_stats(w).usm_not_in_time_windows, 1);
  snmpx_engine_stats ms;
  snmpx_engine_get_stats(w->end[0], &ms);
  assert_int_equal(ms.resyncs, 1);
  /* the agent's clock runs: 10 minutes on, the manager's estimate holds.
   * The target no longer gives boots and time: with them, the request
   * would start from boots 6 again and resync a second time. */
  w->now += 600000;
  t.engine_time_set = false;
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  assert_int_equal(pump(w), 2);
  assert_int_equal(w->calls, 2);
  assert_int_equal(w->status, 0);
  assert_string_equal(w->value, "hello");
  assert_int_equal(agent_stats(w).usm_not_in_time_windows, 1);
  snmpx_engine_get_stats(w->end[0], &ms);
  assert_int_equal(ms.resyncs, 1);
  uint32_t boots, time;
  assert_int_equal(snmpx_engine_get_local(w->end[1], NULL, NULL, &boots,
                                          &time),
                   0);
  assert_int_equal(boots, 7);
  assert_int_equal(time, 600);
  free_wire(w);
}

/* A response that exceeds the manager's msgMaxSize (or ours) is refused so
 * the agent can answer tooBig (RFC 3416 4.2.1). */
static void test_v3_answer_too_big(void **state)
{
  (void)state;
  snmpx_target t;
  wire *w = new_v3_wire("alice", SNMPX_USM_AUTH_MD5, "authpass1",
                        SNMPX_USM_PRIV_NONE, SNMPX_SECLEVEL_AUTHNOPRIV, &t);
  snmpx_local_engine local = {.engine_id = agent_eid,
                              .engine_id_len = sizeof(agent_eid),
                              .user_namespace = "agent",
                              .max_size = 1500};
  assert_int_equal(snmpx_engine_set_local(w->end[1], &local), 0);
  w->big_answer = true;
  assert_true(submit(w, &t, SNMPX_PDU_GET) > 0);
  pump(w);
  assert_int_equal(w->requests, 1);
  assert_int_equal(w->respond_rv, SNMPX_EMSG_TOOBIG);
  assert_int_equal(w->calls, 0);
  free_wire(w);
}

/* v3 traps: the sender is authoritative; the receiver's user is bound to
 * the sender's engine ID, and a replayed trap is late. */
static void test_v3_trap_and_replay(void **state)
{
  (void)state;
  wire *w = new_wire();
  static const uint8_t sender_eid[] = {0x80, 0x00, 0x00, 0x00, 0x05,
                                       1,    2,    3,    4,    5};
  snmpx_varbind vb;
  snmpx_pdu trap;
  snmpx_target t =
      trap_sender(w, sender_eid, sizeof(sender_eid), 3, &trap, &vb, 9);
  add_user(w->end[1], "agent", "trapper", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, sender_eid, sizeof(sender_eid));
  assert_int_equal(snmpx_engine_send(w->end[0], &t, &trap), 0);
  packet copy = w->q[0];
  assert_int_equal(pump(w), 1);
  assert_int_equal(w->notifications, 1);
  assert_int_equal(w->last_level, SNMPX_SECLEVEL_AUTHPRIV);
  assert_int_equal(w->last_engine_id_len, sizeof(sender_eid));
  /* 200 s later the same datagram is a replay */
  w->now += 200000;
  assert_int_equal(snmpx_engine_recv(w->end[1], copy.data, copy.len,
                                     &w->addr[0]),
                   SNMPX_EUSM_NOT_IN_TIME_WINDOW);
  assert_int_equal(w->notifications, 1);
  /* a fresh trap is fine */
  assert_int_equal(snmpx_engine_send(w->end[0], &t, &trap), 0);
  pump(w);
  assert_int_equal(w->notifications, 2);
  /* a sender whose engine ID has no user is dropped and counted */
  snmpx_local_engine local = {.engine_id = agent_eid,
                              .engine_id_len = sizeof(agent_eid) - 1,
                              .boots = 3};
  assert_int_equal(snmpx_engine_set_local(w->end[0], &local), 0);
  assert_int_equal(snmpx_engine_send(w->end[0], &t, &trap), 0);
  pump(w);
  assert_int_equal(w->notifications, 2);
  assert_int_equal(agent_stats(w).usm_unknown_user_names, 1);
  free_wire(w);
}

/* Net-SNMP's createUser without -e: a user with local_engine_only is
 * bound to the receiver's own engine ID (RFC 3414 2.1), so a trap from
 * another engine is an unknown user name, an inform is accepted; the
 * wildcard (the default) takes the trap, and replacing the user replaces
 * the choice. */
static void test_v3_user_bound_to_local_engine(void **state)
{
  (void)state;
  wire *w = new_wire();
  static const uint8_t sender_eid[] = {0x80, 0x00, 0x00, 0x00, 0x05,
                                       9,    8,    7,    6,    5};
  snmpx_varbind vb;
  snmpx_pdu trap;
  snmpx_target t =
      trap_sender(w, sender_eid, sizeof(sender_eid), 1, &trap, &vb, 0);
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.user_namespace = "agent";
  u.name = (const uint8_t *)"trapper";
  u.name_len = 7;
  u.auth = SNMPX_USM_AUTH_SHA;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"authpass1", 9};
  u.priv = SNMPX_USM_PRIV_AES128;
  u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"privpass1", 9};
  u.local_engine_only = true;
  assert_int_equal(snmpx_engine_add_user(w->end[1], &u), 0);
  assert_int_equal(snmpx_engine_send(w->end[0], &t, &trap), 0);
  pump(w);
  assert_int_equal(w->notifications, 0);
  assert_int_equal(agent_stats(w).usm_unknown_user_names, 1);
  /* an inform: the receiver is authoritative, the user applies */
  assert_true(submit(w, &t, SNMPX_PDU_INFORM) > 0);
  pump(w);
  assert_int_equal(w->notifications, 1);
  assert_int_equal(w->last_type, SNMPX_PDU_INFORM);
  assert_int_equal(w->status, 0);
  /* the same user as a wildcard takes traps from any engine */
  u.local_engine_only = false;
  assert_int_equal(snmpx_engine_add_user(w->end[1], &u), 0);
  assert_int_equal(snmpx_engine_send(w->end[0], &t, &trap), 0);
  pump(w);
  assert_int_equal(w->notifications, 2);
  assert_int_equal(w->last_type, SNMPX_PDU_TRAP_V2);
  assert_int_equal(agent_stats(w).usm_unknown_user_names, 1);
  free_wire(w);
}

/* A v3 inform discovers the receiver (authoritative) and is acknowledged. */
static void test_v3_inform(void **state)
{
  (void)state;
  snmpx_target t;
  wire *w = new_v3_wire("alice", SNMPX_USM_AUTH_SHA384, "authpass1",
                        SNMPX_USM_PRIV_AES256, SNMPX_SECLEVEL_AUTHPRIV, &t);
  assert_true(submit(w, &t, SNMPX_PDU_INFORM) > 0);
  assert_int_equal(pump(w), 4);
  assert_int_equal(w->notifications, 1);
  assert_int_equal(w->last_type, SNMPX_PDU_INFORM);
  assert_int_equal(w->calls, 1);
  assert_int_equal(w->status, 0);
  free_wire(w);
}

/* Set to send a forged authPriv message with 4 octets of salt: authentic,
 * but it cannot be decrypted. */
static bool forge_short_salt;

/* A v3 message as another engine would forge it: |type| from user
 * |user| ("authpass1"/"privpass1", SHA and AES-128 when |flags| ask),
 * with |eid| as msgAuthoritativeEngineID and its |boots| and |time|.
 * @return its length in |out|. */
static size_t forge(snmpx_pdu_type type, const char *user, uint8_t flags,
                    const uint8_t *eid, size_t eid_len, uint32_t boots,
                    uint32_t time, uint8_t *out, size_t cap)
{
  snmpx_varbind vb;
  snmpx_pdu pdu;
  sysname_pdu(&pdu, &vb, type, 77);
  uint8_t tlv[256], scoped[300], cipher[400], pp[8];
  snmpx_ber_writer bw;
  snmpx_ber_writer_init(&bw, tlv, sizeof(tlv));
  snmpx_pdu_encode(&bw, &pdu);
  assert_int_equal(bw.err, 0);
  size_t scoped_len;
  assert_int_equal(snmpx__v3_encode_scoped(eid, eid_len, NULL, 0,
                                           snmpx_ber_writer_data(&bw),
                                           bw.used, scoped, sizeof(scoped),
                                           &scoped_len),
                   0);
  snmpx_usm_secret as = {SNMPX_USM_SECRET_PASSWORD,
                         (const uint8_t *)"authpass1", 9};
  snmpx_usm_secret ps = {SNMPX_USM_SECRET_PASSWORD,
                         (const uint8_t *)"privpass1", 9};
  uint8_t ak[64], pk[64];
  size_t ak_len = 0, pk_len = 0;
  static const uint8_t zeros[64];
  snmpx__v3_msg m;
  memset(&m, 0, sizeof(m));
  m.msg_id = 77;
  m.max_size = SNMPX_MAX_DATAGRAM;
  m.flags = flags;
  m.security_model = SNMPX__SECMODEL_USM;
  m.engine_id = (snmpx_ber_view){eid, eid_len};
  m.boots = (int32_t)boots;
  m.time = (int32_t)time;
  m.user = (snmpx_ber_view){(const uint8_t *)user, strlen(user)};
  m.data = (snmpx_ber_view){scoped, scoped_len};
  if (flags & SNMPX__V3_FLAG_AUTH) {
    assert_int_equal(snmpx_usm_keycache_get(NULL, SNMPX_USM_AUTH_SHA,
                                            SNMPX_USM_PRIV_NONE, &as, eid,
                                            eid_len, ak, 64, &ak_len),
                     0);
    m.auth_params = (snmpx_ber_view){zeros, 12};
  }
  if (flags & SNMPX__V3_FLAG_PRIV) {
    assert_int_equal(snmpx_usm_keycache_get(NULL, SNMPX_USM_AUTH_SHA,
                                            SNMPX_USM_PRIV_AES128, &ps, eid,
                                            eid_len, pk, 64, &pk_len),
                     0);
    size_t clen;
    assert_int_equal(snmpx_usm_encrypt(SNMPX_USM_PRIV_AES128, pk, pk_len,
                                       boots, time, 0x0102030405060708ull,
                                       scoped, scoped_len, cipher,
                                       sizeof(cipher), &clen, pp),
                     0);
    m.encrypted = true;
    m.data = (snmpx_ber_view){cipher, clen};
    m.priv_params = (snmpx_ber_view){pp, forge_short_salt ? 4u : 8u};
  }
  size_t len, off;
  assert_int_equal(snmpx__v3_encode(&m, out, cap, &len, &off), 0);
  if (flags & SNMPX__V3_FLAG_AUTH)
    assert_int_equal(snmpx_usm_auth_sign(SNMPX_USM_AUTH_SHA, ak, ak_len, out,
                                         len, off),
                     0);
  return len;
}

/* RFC 3412 7.2 step 13, RFC 3414 3.2 step 3: the receiver is the
 * authoritative engine of a request or an inform.  One that names another
 * engine is dropped and counted as an unknown engine ID, even authentic
 * and not reportable, at every level; it teaches no clock (a trap from
 * that engine, earlier than the request claimed, is still taken). */
static void test_v3_request_for_other_engine_dropped(void **state)
{
  (void)state;
  wire *w = new_wire();
  static const uint8_t other[] = {0x80, 0x00, 0x00, 0x00, 0x05,
                                  9,    9,    9,    9,    9};
  add_user(w->end[1], "agent", "alice", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, NULL, 0);
  add_user(w->end[1], "agent", "nobody", SNMPX_USM_AUTH_NONE, "", 0, NULL,
           0);
  static const snmpx_pdu_type confirmed[] = {
      SNMPX_PDU_GET, SNMPX_PDU_GETNEXT, SNMPX_PDU_GETBULK, SNMPX_PDU_SET,
      SNMPX_PDU_INFORM};
  static const uint8_t levels[] = {
      0, SNMPX__V3_FLAG_AUTH, SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV};
  uint8_t buf[1024];
  uint64_t dropped = 0;
  for (size_t i = 0; i < sizeof(confirmed) / sizeof(confirmed[0]); i++) {
    for (size_t l = 0; l < sizeof(levels); l++) {
      size_t len = forge(confirmed[i], levels[l] ? "alice" : "nobody",
                         levels[l], other, sizeof(other), 5, 100000, buf,
                         sizeof(buf));
      assert_int_equal(snmpx_engine_recv(w->end[1], buf, len, &w->addr[0]),
                       SNMPX_EUSM_UNKNOWN_ENGINE_ID);
      dropped++;
      assert_int_equal(agent_stats(w).usm_unknown_engine_ids, dropped);
    }
  }
  assert_int_equal(w->requests, 0);
  assert_int_equal(w->notifications, 0);
  assert_int_equal(w->nq, 0); /* not reportable: no Report */
  /* Reportable, it gets its unknownEngineID Report. */
  size_t len = forge(SNMPX_PDU_GET, "alice",
                     SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_REPORTABLE, other,
                     sizeof(other), 5, 100000, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(w->end[1], buf, len, &w->addr[0]),
                   SNMPX_EUSM_UNKNOWN_ENGINE_ID);
  assert_int_equal(w->nq, 1);
  assert_int_equal(agent_stats(w).out_reports, 1);
  w->nq = 0;
  /* A trap from that engine is the first the agent learns of its clock. */
  len = forge(SNMPX_PDU_TRAP_V2, "alice",
              SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV, other, sizeof(other),
              5, 1000, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(w->end[1], buf, len, &w->addr[0]), 0);
  assert_int_equal(w->notifications, 1);
  assert_int_equal(w->requests, 0);
  free_wire(w);
}

/* RFC 3414 3.2 steps 6-8: an authentic message out of its time window is
 * refused as such before decryption is tried, whichever engine is
 * authoritative. */
static void test_v3_time_window_before_decryption(void **state)
{
  (void)state;
  wire *w = new_wire();
  static const uint8_t other[] = {0x80, 0x00, 0x00, 0x00, 0x05,
                                  7,    7,    7,    7,    7};
  add_user(w->end[1], "agent", "alice", SNMPX_USM_AUTH_SHA, "authpass1",
           SNMPX_USM_PRIV_AES128, NULL, 0);
  const uint8_t ap = SNMPX__V3_FLAG_AUTH | SNMPX__V3_FLAG_PRIV;
  uint8_t buf[1024];
  /* a trap teaches the sender's clock: boots 5, time 1000 */
  size_t len = forge(SNMPX_PDU_TRAP_V2, "alice", ap, other, sizeof(other), 5,
                     1000, buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(w->end[1], buf, len, &w->addr[0]), 0);
  forge_short_salt = true;
  /* undecryptable, in time: a decryption error */
  len = forge(SNMPX_PDU_TRAP_V2, "alice", ap, other, sizeof(other), 5, 1000,
              buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(w->end[1], buf, len, &w->addr[0]),
                   SNMPX_EUSM_PRIV_PARAMS);
  /* undecryptable and 300 s late: not in time */
  len = forge(SNMPX_PDU_TRAP_V2, "alice", ap, other, sizeof(other), 5, 700,
              buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(w->end[1], buf, len, &w->addr[0]),
                   SNMPX_EUSM_NOT_IN_TIME_WINDOW);
  /* the same for the agent's own engine (its boots are 7) */
  len = forge(SNMPX_PDU_GET, "alice", ap, agent_eid, sizeof(agent_eid), 6, 0,
              buf, sizeof(buf));
  assert_int_equal(snmpx_engine_recv(w->end[1], buf, len, &w->addr[0]),
                   SNMPX_EUSM_NOT_IN_TIME_WINDOW);
  forge_short_salt = false;
  snmpx_engine_stats st = agent_stats(w);
  assert_int_equal(st.usm_decryption_errors, 1);
  assert_int_equal(st.usm_not_in_time_windows, 2);
  assert_int_equal(w->notifications, 1);
  assert_int_equal(w->requests, 0);
  free_wire(w);
}

/* Held requests are answered after their callback, v2c and v3, and
 * released; an unreleased one is freed with the engine. */
static void test_hold_and_answer_later(void **state)
{
  (void)state;
  snmpx_target t3;
  wire *w = new_v3_wire("alice", SNMPX_USM_AUTH_SHA256, "authpass1",
                        SNMPX_USM_PRIV_AES128, SNMPX_SECLEVEL_AUTHPRIV, &t3);
  n_held = 0;
  snmpx_engine_set_responder(w->end[1], on_request_hold, w);
  snmpx_target t2 = v2c_target(w, SNMPX_VERSION_2C);
  assert_true(submit(w, &t2, SNMPX_PDU_GET) > 0);
  assert_true(submit(w, &t3, SNMPX_PDU_GET) > 0);
  assert_true(submit(w, &t2, SNMPX_PDU_GET) > 0);
  pump(w);
  assert_int_equal(n_held, 3);
  assert_int_equal(w->calls, 0); /* nothing answered yet */
  /* the copies outlive the datagrams: answer them now */
  for (int i = 0; i < 2; i++) {
    snmpx_incoming *in = held[i];
    snmpx_varbind vb = in->msg.pdu.varbinds[0];
    vb.value.type = SNMPX_TYPE_OCTET_STRING;
    vb.value.v.bytes.ptr = (const uint8_t *)"later";
    vb.value.v.bytes.len = 5;
    snmpx_pdu resp;
    memset(&resp, 0, sizeof(resp));
    resp.type = SNMPX_PDU_RESPONSE;
    resp.request_id = in->msg.pdu.request_id;
    resp.varbinds = &vb;
    resp.n_varbinds = 1;
    assert_int_equal(snmpx_engine_respond(w->end[1], in, &resp), 0);
    assert_int_equal(snmpx_engine_respond(w->end[1], in, &resp),
                     SNMPX_EINVAL); /* once */
    pump(w);
    assert_int_equal(w->calls, i + 1);
    assert_int_equal(w->status, 0);
    assert_string_equal(w->value, "later");
    snmpx_engine_release(w->end[1], in);
  }
  /* held[2] is never answered: freed with the engine (ASan checks) */
  free_wire(w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_v2c_get_answered),
      cmocka_unit_test(test_v1_getbulk_refused),
      cmocka_unit_test(test_no_responder_counted),
      cmocka_unit_test(test_v2c_inform_acked_trap_not),
      cmocka_unit_test(test_v3_every_protocol),
      cmocka_unit_test(test_v3_noauth),
      cmocka_unit_test(test_v3_reports),
      cmocka_unit_test(test_v3_not_in_time_window),
      cmocka_unit_test(test_v3_answer_too_big),
      cmocka_unit_test(test_v3_trap_and_replay),
      cmocka_unit_test(test_v3_inform),
      cmocka_unit_test(test_v3_user_bound_to_local_engine),
      cmocka_unit_test(test_v3_request_for_other_engine_dropped),
      cmocka_unit_test(test_v3_time_window_before_decryption),
      cmocka_unit_test(test_hold_and_answer_later),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
