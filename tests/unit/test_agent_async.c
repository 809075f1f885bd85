/* Handlers that answer later (snmpx_mib_req_defer / snmpx_agent_complete):
 * the agent core with a fake clock and no engine.  A subtree served by a
 * "slow" handler gives the same answers as the same data served at once;
 * a request spanning it and other handlers is answered once; other
 * requests are served meanwhile; a handler that misses its deadline is
 * answered for (GET noSuchInstance, walks go past its subtree, SET
 * genErr). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

#define AGENT_TEST_MAXVB 16
#include "agent_test_util.h"

#define MAXPEND 64

/* ---- The slow subtree: 1.3.6.1.4.1.2, instances .1.0 .. .N.0 ---------- */

enum { OP_GET, OP_NEXT, OP_TEST, OP_COMMIT };

typedef struct pending {
  uint64_t id;
  int op;
  snmpx_oid name; /* get: the instance; next: after */
} pending;

typedef struct slow {
  bool async;
  uint32_t timeout_ms;
  int n;          /* instances */
  int32_t val[8]; /* .i.0 = val[i-1] */
  pending pend[MAXPEND];
  int n_pend;
  int calls;
  int commits;
  int cleanups;
} slow;

static const uint32_t slow_prefix[] = {1, 3, 6, 1, 4, 1, 2};

/* The instance |i| (1-based) of the subtree. */
static void instance(snmpx_oid *o, int i)
{
  snmpx_oid_set(o, SNMPX_OIDV(slow_prefix));
  snmpx_oid_append(o, (uint32_t)i);
  snmpx_oid_append(o, 0);
}

/* What the data says: get -> value (or noSuchInstance); next -> the
 * first instance after |after| (or endOfMibView). */
static void answer_get(slow *s, snmpx_oidv name, snmpx_value *out)
{
  out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  for (int i = 1; i <= s->n; i++) {
    snmpx_oid o;
    instance(&o, i);
    if (snmpx_oidv_compare(snmpx_oid_view(&o), name) == 0)
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, s->val[i - 1]);
  }
}

static void answer_next(slow *s, snmpx_oidv after, snmpx_oid *name,
                        snmpx_value *out)
{
  out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  for (int i = 1; i <= s->n; i++) {
    instance(name, i);
    if (snmpx_oidv_compare(snmpx_oid_view(name), after) > 0) {
      *out = snmpx_value_int(SNMPX_TYPE_INTEGER, s->val[i - 1]);
      return;
    }
  }
}

static bool later(slow *s, snmpx_mib_req *req, int op, snmpx_oidv name)
{
  if (!s->async)
    return false;
  uint64_t id = snmpx_mib_req_defer(req, s->timeout_ms);
  if (id == 0)
    return false; /* the agent cannot hold requests: answer now */
  assert_true(s->n_pend < MAXPEND);
  pending *p = &s->pend[s->n_pend++];
  p->id = id;
  p->op = op;
  snmpx_oid_set(&p->name, name);
  return true;
}

static snmpx_errstat slow_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                              snmpx_value *out)
{
  slow *s = ctx;
  s->calls++;
  if (!later(s, req, OP_GET, name))
    answer_get(s, name, out);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat slow_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                               snmpx_oid *name, snmpx_value *out)
{
  slow *s = ctx;
  s->calls++;
  if (!later(s, req, OP_NEXT, after))
    answer_next(s, after, name, out);
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat slow_test(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               const snmpx_value *v, void **state)
{
  slow *s = ctx;
  (void)state;
  s->calls++;
  if (later(s, req, OP_TEST, name))
    return SNMPX_ERRSTAT_NO_ERROR;
  return v->type == SNMPX_TYPE_INTEGER ? SNMPX_ERRSTAT_NO_ERROR
                                       : SNMPX_ERRSTAT_WRONG_TYPE;
}

static snmpx_errstat slow_commit(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                 const snmpx_value *v, void **state)
{
  slow *s = ctx;
  (void)state;
  (void)v;
  (void)req;
  (void)name;
  s->commits++;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat slow_undo(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               void **state)
{
  (void)ctx;
  (void)req;
  (void)name;
  (void)state;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void slow_cleanup(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                         void **state, bool committed)
{
  slow *s = ctx;
  (void)req;
  (void)name;
  (void)state;
  (void)committed;
  s->cleanups++;
}

static const snmpx_mib_ops slow_ops = {slow_get,    slow_next, slow_test,
                                       slow_commit, slow_undo, slow_cleanup};

/* ---- Answers the agent gives through its async callbacks -------------- */

typedef struct answers {
  int n;
  snmpx_pdu *last;
  const snmpx_incoming *last_in;
  int holds;
  int releases;
} answers;

static const snmpx_incoming *t_hold(void *ud, const snmpx_incoming *in)
{
  answers *an = ud;
  an->holds++;
  return in; /* the tests keep their requests alive */
}

static void t_answer(void *ud, const snmpx_incoming *held,
                     const snmpx_pdu *resp)
{
  answers *an = ud;
  an->n++;
  snmpx_pdu_free(an->last, NULL);
  an->last = snmpx_pdu_dup(resp, NULL);
  assert_non_null(an->last);
  an->last_in = held;
}

static void t_release(void *ud, const snmpx_incoming *held)
{
  answers *an = ud;
  (void)held;
  an->releases++;
}

/* ---- A world: an open community, three registrations ------------------ */

typedef struct world {
  snmpx_vacm *vacm;
  snmpx_agent *agent;
  snmpx_mib *mib;
  slow slow;
  answers an;
} world;

static void add_value(snmpx_mib *m, const char *oid, int32_t v)
{
  snmpx_oid o;
  snmpx_value val = snmpx_value_int(SNMPX_TYPE_INTEGER, v);
  assert_int_equal(snmpx_oid_parse(&o, oid), 0);
  assert_int_equal(
      snmpx_mib_add_value(m, snmpx_oid_view(&o), &val, SNMPX_MIB_WRITABLE), 0);
}

static world *world_new(bool async)
{
  world *w = calloc(1, sizeof(*w));
  assert_non_null(w);
  w->vacm = snmpx_vacm_new(NULL);
  add_view(w->vacm, "all", "1", true);
  add_community(w->vacm, "private", "rw", NULL, 0);
  for (int m = SNMPX_SECMODEL_V1; m <= SNMPX_SECMODEL_V2C; m++)
    assert_int_equal(
        snmpx_vacm_add_group(w->vacm, m, (const uint8_t *)"rw", 2, "g"), 0);
  add_access(w->vacm, "g", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             "all");
  fake_clock_set(1000);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = w->vacm;
  cfg.clock = fake_clock;
  w->agent = snmpx_agent_new(&cfg);
  assert_non_null(w->agent);
  w->mib = snmpx_agent_context(w->agent, NULL, 0, false);
  snmpx_agent_async ops = {t_hold, t_answer, t_release, &w->an};
  assert_int_equal(snmpx_agent_set_async(w->agent, &ops), 0);
  w->slow.async = async;
  w->slow.timeout_ms = 2000;
  w->slow.n = 3;
  for (int i = 0; i < 8; i++)
    w->slow.val[i] = 100 + i;
  add_value(w->mib, "1.3.6.1.4.1.1.0", 1);
  assert_int_equal(
      snmpx_mib_register(w->mib, SNMPX_OIDV(slow_prefix), &slow_ops, &w->slow),
      0);
  add_value(w->mib, "1.3.6.1.4.1.3.0", 3);
  return w;
}

static void world_free(world *w)
{
  snmpx_agent_free(w->agent);
  snmpx_vacm_free(w->vacm);
  snmpx_pdu_free(w->an.last, NULL);
  free(w);
}

/* A v2c request with the "private" community and request-id |reqid|. */
static void req_v2c(test_req *r, snmpx_pdu_type type, int32_t reqid)
{
  req_init(r, SNMPX_VERSION_2C, "private", type);
  r->in.msg.pdu.request_id = reqid;
}

static snmpx_value null_value(void)
{
  snmpx_value v;
  memset(&v, 0, sizeof(v));
  v.type = SNMPX_TYPE_NULL;
  return v;
}

/* The slow handler answers everything it was asked, oldest first. */
static void serve_all(world *w)
{
  /* Completing may ask it again (a walk goes on): loop until quiet. */
  for (int round = 0; round < 100 && w->slow.n_pend > 0; round++) {
    pending batch[MAXPEND];
    int n = w->slow.n_pend;
    memcpy(batch, w->slow.pend, n * sizeof(pending));
    w->slow.n_pend = 0;
    for (int i = 0; i < n; i++) {
      snmpx_oid name;
      snmpx_value v;
      snmpx_oid_set(&name, snmpx_oid_view(&batch[i].name));
      if (batch[i].op == OP_GET)
        answer_get(&w->slow, snmpx_oid_view(&batch[i].name), &v);
      else if (batch[i].op == OP_NEXT)
        answer_next(&w->slow, snmpx_oid_view(&batch[i].name), &name, &v);
      assert_int_equal(snmpx_agent_complete(w->agent, batch[i].id,
                                            SNMPX_ERRSTAT_NO_ERROR,
                                            snmpx_oid_view(&name), &v),
                       0);
    }
  }
}

/* The answer to |r|, a request that reaches the slow subtree, from world
 * |w|: at once when the slow handler answers at once, else after
 * serve_all.  A deferring world must defer it: an immediate answer there
 * would mean deferring broke, and comparing it with the sync world's
 * would prove nothing. */
static const snmpx_pdu *ask(world *w, test_req *r, snmpx_pdu *sync_resp)
{
  int holds = w->an.holds, releases = w->an.releases, before = w->an.n;
  int rv = snmpx_agent_process(w->agent, &r->in, sync_resp);
  if (!w->slow.async) {
    assert_int_equal(rv, 0);
    assert_int_equal(w->an.holds, holds);
    return sync_resp;
  }
  assert_int_equal(rv, SNMPX_AGENT_PENDING);
  assert_int_equal(w->an.holds, holds + 1);
  assert_true(w->slow.n_pend > 0);
  assert_int_equal(w->an.n, before);
  serve_all(w);
  assert_int_equal(w->an.n, before + 1); /* answered once */
  assert_int_equal(w->an.releases, releases + 1);
  assert_ptr_equal(w->an.last_in, &r->in);
  return w->an.last;
}

static void expect_same(const snmpx_pdu *a, const snmpx_pdu *b)
{
  assert_int_equal(a->error_status, b->error_status);
  assert_int_equal(a->error_index, b->error_index);
  assert_int_equal(a->n_varbinds, b->n_varbinds);
  for (size_t i = 0; i < a->n_varbinds; i++) {
    assert_int_equal(
        snmpx_oidv_compare(a->varbinds[i].name, b->varbinds[i].name), 0);
    assert_int_equal(a->varbinds[i].value.type, b->varbinds[i].value.type);
    if (a->varbinds[i].value.type == SNMPX_TYPE_INTEGER)
      assert_int_equal(a->varbinds[i].value.v.i, b->varbinds[i].value.v.i);
  }
}

/* ---- Tests ------------------------------------------------------------ */

/* A GET spanning a kept value and the slow subtree waits for the slow
 * one, then is answered once with both, in order. */
static void test_agent_async_get_waits_for_all(void **state)
{
  (void)state;
  world *w = world_new(true);
  test_req r;
  req_v2c(&r, SNMPX_PDU_GET, 7);
  req_add(&r, "1.3.6.1.4.1.1.0", null_value());
  req_add(&r, "1.3.6.1.4.1.2.2.0", null_value());
  req_add(&r, "1.3.6.1.4.1.2.9.0", null_value());
  snmpx_pdu resp;
  assert_int_equal(snmpx_agent_process(w->agent, &r.in, &resp),
                   SNMPX_AGENT_PENDING);
  assert_int_equal(w->an.n, 0);
  assert_int_equal(w->slow.n_pend, 2); /* both asked at once */
  assert_int_equal(snmpx_agent_waiting(w->agent), 1);
  assert_int_equal(snmpx_agent_next_deadline(w->agent), 3000);
  /* one of two in: still waiting */
  pending p1 = w->slow.pend[1];
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 101);
  snmpx_oid none;
  memset(&none, 0, sizeof(none));
  w->slow.n_pend = 1;
  v.type = SNMPX_TYPE_NOSUCHINSTANCE;
  assert_int_equal(snmpx_agent_complete(w->agent, p1.id, SNMPX_ERRSTAT_NO_ERROR,
                                        snmpx_oid_view(&none), &v),
                   0);
  assert_int_equal(w->an.n, 0);
  serve_all(w);
  assert_int_equal(w->an.n, 1);
  const snmpx_pdu *a = w->an.last;
  assert_int_equal(a->request_id, 7);
  assert_int_equal(a->error_status, 0);
  assert_int_equal(a->n_varbinds, 3);
  assert_int_equal(a->varbinds[0].value.v.i, 1);
  assert_int_equal(a->varbinds[1].value.v.i, 101);
  assert_int_equal(a->varbinds[2].value.type, SNMPX_TYPE_NOSUCHINSTANCE);
  expect_name(&a->varbinds[1], ".1.3.6.1.4.1.2.2.0");
  assert_int_equal(w->an.releases, 1);
  assert_int_equal(snmpx_agent_waiting(w->agent), 0);
  assert_int_equal(snmpx_agent_next_deadline(w->agent), -1);
  /* a second answer for the same id is too late */
  assert_int_equal(
      snmpx_agent_complete(w->agent, p1.id, 0, snmpx_oid_view(&none), &v),
      SNMPX_ENOTFOUND);
  world_free(w);
}

/* GETNEXT and GETBULK across the slow subtree give exactly what the same
 * data served at once gives. */
static void test_agent_async_walks_match_sync(void **state)
{
  (void)state;
  world *ws = world_new(false);
  world *wa = world_new(true);
  static const char *starts[] = {"1.3.6.1.4.1.1.0",
                                 "1.3.6.1.4.1.2",
                                 "1.3.6.1.4.1.2.1.0",
                                 "1.3.6.1.4.1.2.3.0",
                                 "1.3.6.1.4.1.2.9",
                                 "1.3.6.1.4.1.3.0",
                                 "1"};
  for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++) {
    test_req r;
    snmpx_pdu rs, ra;
    req_v2c(&r, SNMPX_PDU_GETNEXT, 10 + (int32_t)i);
    req_add(&r, starts[i], null_value());
    /* its next is .2.1.0: every request reaches the slow subtree */
    req_add(&r, "1.3.6.1.4.1.1.0", null_value());
    const snmpx_pdu *s = ask(ws, &r, &rs);
    snmpx_pdu *keep = snmpx_pdu_dup(s, NULL);
    expect_same(keep, ask(wa, &r, &ra));
    snmpx_pdu_free(keep, NULL);
  }
  /* GETBULK: 1 non-repeater, 2 repeaters, 6 repetitions: runs into the
   * slow subtree from two places and past the end of the MIB. */
  test_req r;
  snmpx_pdu rs, ra;
  req_v2c(&r, SNMPX_PDU_GETBULK, 30);
  r.in.msg.pdu.error_status = 1;
  r.in.msg.pdu.error_index = 6;
  req_add(&r, "1.3.6.1.4.1.2", null_value());
  req_add(&r, "1.3.6.1.4.1.1", null_value());
  req_add(&r, "1.3.6.1.4.1.2.2.0", null_value());
  const snmpx_pdu *s = ask(ws, &r, &rs);
  snmpx_pdu *keep = snmpx_pdu_dup(s, NULL);
  const snmpx_pdu *a = ask(wa, &r, &ra);
  expect_same(keep, a);
  /* 1 + 2 * 6: the sixth repetition is all endOfMibView */
  assert_int_equal(a->n_varbinds, 1 + 2 * 6);
  expect_name(&a->varbinds[0], ".1.3.6.1.4.1.2.1.0");
  expect_name(&a->varbinds[1], ".1.3.6.1.4.1.1.0");
  expect_name(&a->varbinds[2], ".1.3.6.1.4.1.2.3.0");
  expect_name(&a->varbinds[3], ".1.3.6.1.4.1.2.1.0");
  expect_name(&a->varbinds[4], ".1.3.6.1.4.1.3.0");
  snmpx_pdu_free(keep, NULL);
  world_free(ws);
  world_free(wa);
}

/* While the slow subtree holds one request, others are answered at once;
 * a retransmission of the waiting one is dropped. */
static void test_agent_async_others_served_meanwhile(void **state)
{
  (void)state;
  world *w = world_new(true);
  test_req slow_r, fast_r, again;
  snmpx_pdu resp;
  req_v2c(&slow_r, SNMPX_PDU_GET, 1);
  req_add(&slow_r, "1.3.6.1.4.1.2.1.0", null_value());
  assert_int_equal(snmpx_agent_process(w->agent, &slow_r.in, &resp),
                   SNMPX_AGENT_PENDING);
  for (int i = 0; i < 3; i++) {
    req_v2c(&fast_r, SNMPX_PDU_GET, 100 + i);
    req_add(&fast_r, "1.3.6.1.4.1.3.0", null_value());
    assert_int_equal(snmpx_agent_process(w->agent, &fast_r.in, &resp), 0);
    assert_int_equal(resp.request_id, 100 + i);
    assert_int_equal(resp.varbinds[0].value.v.i, 3);
  }
  req_v2c(&again, SNMPX_PDU_GET, 1);
  req_add(&again, "1.3.6.1.4.1.2.1.0", null_value());
  assert_int_equal(snmpx_agent_process(w->agent, &again.in, &resp),
                   SNMPX_EAGENT_DUPLICATE);
  assert_int_equal(w->an.n, 0);
  serve_all(w);
  assert_int_equal(w->an.n, 1);
  assert_int_equal(w->an.last->varbinds[0].value.v.i, 100);
  world_free(w);
}

/* Deadlines on the fake clock: GET gets noSuchInstance, a walk goes past
 * the subtree, a late answer is refused. */
static void test_agent_async_deadline(void **state)
{
  (void)state;
  world *w = world_new(true);
  test_req g, n;
  snmpx_pdu resp;
  req_v2c(&g, SNMPX_PDU_GET, 1);
  req_add(&g, "1.3.6.1.4.1.2.1.0", null_value());
  req_add(&g, "1.3.6.1.4.1.3.0", null_value());
  assert_int_equal(snmpx_agent_process(w->agent, &g.in, &resp),
                   SNMPX_AGENT_PENDING);
  fake_clock_advance(1000);
  req_v2c(&n, SNMPX_PDU_GETNEXT, 2);
  req_add(&n, "1.3.6.1.4.1.1.0", null_value());
  assert_int_equal(snmpx_agent_process(w->agent, &n.in, &resp),
                   SNMPX_AGENT_PENDING);
  assert_int_equal(snmpx_agent_next_deadline(w->agent), 3000);
  uint64_t get_id = w->slow.pend[0].id;
  w->slow.n_pend = 0;
  fake_clock_set(2999);
  assert_int_equal(snmpx_agent_tick(w->agent), 0);
  assert_int_equal(w->an.n, 0);
  fake_clock_set(3000);
  assert_int_equal(snmpx_agent_tick(w->agent), 1);
  assert_int_equal(w->an.n, 1);
  assert_int_equal(w->an.last->request_id, 1);
  assert_int_equal(w->an.last->error_status, 0);
  assert_int_equal(w->an.last->varbinds[0].value.type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(w->an.last->varbinds[1].value.v.i, 3);
  snmpx_oid none;
  memset(&none, 0, sizeof(none));
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 5);
  assert_int_equal(
      snmpx_agent_complete(w->agent, get_id, 0, snmpx_oid_view(&none), &v),
      SNMPX_ENOTFOUND);
  assert_int_equal(snmpx_agent_next_deadline(w->agent), 4000);
  fake_clock_set(4000);
  assert_int_equal(snmpx_agent_tick(w->agent), 1);
  assert_int_equal(w->an.n, 2);
  assert_int_equal(w->an.last->request_id, 2);
  expect_name(&w->an.last->varbinds[0], ".1.3.6.1.4.1.3.0");
  assert_int_equal(snmpx_agent_waiting(w->agent), 0);
  world_free(w);
}

/* SET: a test answered later goes on to commit; a test that misses its
 * deadline gets genErr at its index and commits nothing. */
static void test_agent_async_set(void **state)
{
  (void)state;
  world *w = world_new(true);
  test_req s;
  snmpx_pdu resp;
  req_v2c(&s, SNMPX_PDU_SET, 1);
  req_add(&s, "1.3.6.1.4.1.1.0", snmpx_value_int(SNMPX_TYPE_INTEGER, 11));
  req_add(&s, "1.3.6.1.4.1.2.1.0", snmpx_value_int(SNMPX_TYPE_INTEGER, 12));
  assert_int_equal(snmpx_agent_process(w->agent, &s.in, &resp),
                   SNMPX_AGENT_PENDING);
  assert_int_equal(w->slow.n_pend, 1);
  assert_int_equal(w->slow.pend[0].op, OP_TEST);
  snmpx_oid none;
  memset(&none, 0, sizeof(none));
  assert_int_equal(snmpx_agent_complete(w->agent, w->slow.pend[0].id, 0,
                                        snmpx_oid_view(&none), NULL),
                   0);
  assert_int_equal(w->an.n, 1);
  assert_int_equal(w->an.last->error_status, 0);
  assert_int_equal(w->slow.commits, 1);
  assert_int_equal(w->slow.cleanups, 1);
  snmpx_value got;
  snmpx_oid o;
  snmpx_oid_parse(&o, "1.3.6.1.4.1.1.0");
  assert_int_equal(snmpx_mib_get_value(w->mib, snmpx_oid_view(&o), &got), 0);
  assert_int_equal(got.v.i, 11);
  /* now the slow test times out: nothing changes */
  w->slow.n_pend = 0;
  req_v2c(&s, SNMPX_PDU_SET, 2);
  req_add(&s, "1.3.6.1.4.1.1.0", snmpx_value_int(SNMPX_TYPE_INTEGER, 21));
  req_add(&s, "1.3.6.1.4.1.2.1.0", snmpx_value_int(SNMPX_TYPE_INTEGER, 22));
  assert_int_equal(snmpx_agent_process(w->agent, &s.in, &resp),
                   SNMPX_AGENT_PENDING);
  fake_clock_advance(2000);
  assert_int_equal(snmpx_agent_tick(w->agent), 1);
  assert_int_equal(w->an.n, 2);
  assert_int_equal(w->an.last->error_status, SNMPX_ERRSTAT_GEN_ERR);
  assert_int_equal(w->an.last->error_index, 2);
  assert_int_equal(w->slow.commits, 1);
  assert_int_equal(w->slow.cleanups, 2);
  assert_int_equal(snmpx_mib_get_value(w->mib, snmpx_oid_view(&o), &got), 0);
  assert_int_equal(got.v.i, 11);
  world_free(w);
}

/* A handler error given later is the request's error; an agent freed
 * with requests waiting releases them unanswered; with no way to hold a
 * request, a handler cannot defer. */
static void test_agent_async_error_free_and_no_hold(void **state)
{
  (void)state;
  world *w = world_new(true);
  test_req g;
  snmpx_pdu resp;
  req_v2c(&g, SNMPX_PDU_GET, 1);
  req_add(&g, "1.3.6.1.4.1.1.0", null_value());
  req_add(&g, "1.3.6.1.4.1.2.1.0", null_value());
  assert_int_equal(snmpx_agent_process(w->agent, &g.in, &resp),
                   SNMPX_AGENT_PENDING);
  snmpx_oid none;
  memset(&none, 0, sizeof(none));
  assert_int_equal(snmpx_agent_complete(w->agent, w->slow.pend[0].id,
                                        SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE,
                                        snmpx_oid_view(&none), NULL),
                   0);
  assert_int_equal(w->an.last->error_status,
                   SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE);
  assert_int_equal(w->an.last->error_index, 2);
  w->slow.n_pend = 0;
  req_v2c(&g, SNMPX_PDU_GET, 2);
  req_add(&g, "1.3.6.1.4.1.2.1.0", null_value());
  assert_int_equal(snmpx_agent_process(w->agent, &g.in, &resp),
                   SNMPX_AGENT_PENDING);
  answers *an = &w->an;
  int releases = an->releases;
  snmpx_agent_free(w->agent);
  assert_int_equal(an->releases, releases + 1);
  w->agent = snmpx_agent_new(
      &(snmpx_agent_config){.vacm = w->vacm, .clock = fake_clock});
  w->mib = snmpx_agent_context(w->agent, NULL, 0, false);
  assert_int_equal(
      snmpx_mib_register(w->mib, SNMPX_OIDV(slow_prefix), &slow_ops, &w->slow),
      0);
  /* The handler asks to defer; without hold hooks the agent refuses and
   * the handler answers at once. */
  w->slow.async = true;
  w->slow.n_pend = 0;
  int holds = an->holds;
  assert_int_equal(snmpx_agent_process(w->agent, &g.in, &resp), 0);
  assert_int_equal(resp.varbinds[0].value.v.i, 100);
  assert_int_equal(an->holds, holds);
  assert_int_equal(w->slow.n_pend, 0);
  world_free(w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_agent_async_get_waits_for_all),
      cmocka_unit_test(test_agent_async_walks_match_sync),
      cmocka_unit_test(test_agent_async_others_served_meanwhile),
      cmocka_unit_test(test_agent_async_deadline),
      cmocka_unit_test(test_agent_async_set),
      cmocka_unit_test(test_agent_async_error_free_and_no_hold),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
