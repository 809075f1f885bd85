/* Manager tests against a scripted in-memory agent: walks over GETNEXT and
 * GETBULK, subtree ends, endOfMibView, SNMPv1 noSuchName, non-increasing
 * OIDs, tooBig retries.  No sockets: the engine's send callback queues the
 * request, the test answers it through snmpx_engine_recv. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>

#include "internal.h"

#define MAX_OBJS 64

typedef struct agent {
  snmpx_oid names[MAX_OBJS];
  int32_t values[MAX_OBJS];
  size_t n;
  snmpx_version version;
  int bulk_limit;      /* answer tooBig when max-repetitions exceeds it */
  int bulk_drop;       /* no answer at all when max-repetitions exceeds it */
  int repeat_at;       /* answer GETNEXT after object |repeat_at| with it */
  uint8_t pending[4096];
  size_t pending_len;
  int requests;
  int last_max_rep;
} agent;

static uint64_t fake_now;

static uint64_t clock_zero(void *ud)
{
  (void)ud;
  return fake_now;
}

static void add(agent *a, const char *oid, int32_t v)
{
  assert_int_equal(snmpx_oid_parse(&a->names[a->n], oid), 0);
  a->values[a->n++] = v;
}

/* Index of the first object after |o|, or a->n. */
static size_t next_after(const agent *a, snmpx_oidv o)
{
  size_t i = 0;
  while (i < a->n &&
         snmpx_oidv_compare(snmpx_oid_view(&a->names[i]), o) <= 0)
    i++;
  return i;
}

static void answer(agent *a, const uint8_t *data, size_t len)
{
  snmpx_varbind in_vb[8];
  uint32_t in_arcs[512];
  snmpx_decode_space sp = {in_vb, 8, in_arcs, 512};
  snmpx_msg req;
  assert_int_equal(snmpx_msg_decode(data, len, &req, &sp), 0);
  a->requests++;

  snmpx_varbind out[MAX_OBJS];
  size_t nout = 0;
  snmpx_msg resp;
  memset(&resp, 0, sizeof(resp));
  resp.version = req.version;
  resp.community = req.community;
  resp.community_len = req.community_len;
  resp.pdu.type = SNMPX_PDU_RESPONSE;
  resp.pdu.request_id = req.pdu.request_id;
  snmpx_oidv start = req.pdu.varbinds[0].name;
  int reps = 1;
  if (req.pdu.type == SNMPX_PDU_GETBULK) {
    reps = req.pdu.error_index;
    a->last_max_rep = reps;
    if (a->bulk_drop && reps > a->bulk_drop)
      return; /* a reply too large to arrive */
    if (a->bulk_limit && reps > a->bulk_limit) {
      resp.pdu.error_status = SNMPX_ERRSTAT_TOO_BIG;
      reps = 0;
    }
  }
  size_t i = next_after(a, start);
  if (a->repeat_at > 0 && i == (size_t)a->repeat_at + 1)
    i = (size_t)a->repeat_at; /* a broken agent: goes backwards */
  for (int r = 0; r < reps; r++, i++) {
    if (i >= a->n) {
      if (a->version == SNMPX_VERSION_1) {
        resp.pdu.error_status = SNMPX_ERRSTAT_NO_SUCH_NAME;
        resp.pdu.error_index = 1;
        out[0] = req.pdu.varbinds[0];
        nout = 1;
      } else {
        out[nout].name = nout ? out[nout - 1].name : start;
        out[nout++].value.type = SNMPX_TYPE_ENDOFMIBVIEW;
      }
      break;
    }
    out[nout].name = snmpx_oid_view(&a->names[i]);
    out[nout++].value = snmpx_value_int(SNMPX_TYPE_INTEGER, a->values[i]);
  }
  resp.pdu.varbinds = out;
  resp.pdu.n_varbinds = nout;
  assert_int_equal(snmpx_msg_encode(&resp, a->pending, sizeof(a->pending),
                                    &a->pending_len),
                   0);
}

static void on_send(void *ud, const uint8_t *data, size_t len,
                    const snmpx_addr *to)
{
  (void)to;
  answer(ud, data, len);
}

typedef struct walk_result {
  snmpx_oid seen[MAX_OBJS];
  size_t n;
  bool done;
  int status;
  int errstat;
} walk_result;

static bool on_vb(void *ud, const snmpx_varbind *vb)
{
  walk_result *w = ud;
  assert_true(w->n < MAX_OBJS);
  snmpx_oid_set(&w->seen[w->n++], vb->name);
  return true;
}

static void on_done(void *ud, int status, const snmpx_pdu *resp,
                    size_t vb_index, const snmpx_oid *last)
{
  walk_result *w = ud;
  (void)vb_index;
  (void)last;
  assert_false(w->done);
  w->done = true;
  w->status = status;
  w->errstat = resp ? resp->error_status : -1;
}

/* Answer the engine's requests from |a|, letting time pass when there is
 * nothing to answer, until the walk is done. */
static void drive(snmpx_engine *e, agent *a, const snmpx_target *t,
                  walk_result *w)
{
  for (int guard = 0; !w->done && guard < 1000; guard++) {
    if (a->pending_len == 0) {
      fake_now = (uint64_t)snmpx_engine_next_deadline(e);
      snmpx_engine_tick(e);
      continue;
    }
    size_t len = a->pending_len;
    a->pending_len = 0;
    snmpx_engine_recv(e, a->pending, len, &t->addr);
  }
  assert_true(w->done);
}

static void run_walk(agent *a, const char *root, bool bulk, int maxrep,
                     walk_result *w)
{
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.clock = clock_zero;
  cfg.send = on_send;
  cfg.send_ud = a;
  snmpx_engine *e = snmpx_engine_new(&cfg);
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  struct sockaddr_in *sin = (struct sockaddr_in *)&t.addr.u.in4;
  sin->sin_family = AF_INET;
  sin->sin_port = htons(161);
  t.addr.len = sizeof(*sin);
  t.version = a->version;
  t.community = (const uint8_t *)"public";
  t.community_len = 6;
  snmpx_manager *m = snmpx_manager_new(e, &t);
  snmpx_oid r;
  assert_int_equal(snmpx_oid_parse(&r, root), 0);
  snmpx_walk_opts o = {bulk, maxrep, false, false, false};
  memset(w, 0, sizeof(*w));
  assert_int_equal(
      snmpx_manager_walk(m, snmpx_oid_view(&r), &o, on_vb, on_done, w), 0);
  drive(e, a, &t, w);
  snmpx_manager_free(m);
  snmpx_engine_free(e);
}

static void fill(agent *a, snmpx_version v)
{
  memset(a, 0, sizeof(*a));
  a->version = v;
  add(a, "1.3.6.1.2.1.1.1.0", 1);
  add(a, "1.3.6.1.2.1.1.2.0", 2);
  add(a, "1.3.6.1.2.1.1.3.0", 3);
  add(a, "1.3.6.1.2.1.1.4.0", 4);
  add(a, "1.3.6.1.2.1.1.5.0", 5);
  add(a, "1.3.6.1.2.1.2.1.0", 6);
  add(a, "1.3.6.1.2.1.2.2.1.1.1", 7);
  add(a, "1.3.6.1.2.1.2.2.1.1.4294967295", 8);
}

static void test_manager_walk_stops_at_subtree_end(void **state)
{
  (void)state;
  agent a;
  walk_result w;
  fill(&a, SNMPX_VERSION_2C);
  run_walk(&a, "1.3.6.1.2.1.1", false, 0, &w);
  assert_int_equal(w.status, 0);
  assert_int_equal(w.n, 5);
  assert_int_equal(a.requests, 6);
  run_walk(&a, "1.3.6.1.2.1.1", true, 2, &w);
  assert_int_equal(w.status, 0);
  assert_int_equal(w.n, 5);
}

static void test_manager_walk_ends_on_end_of_mib_view(void **state)
{
  (void)state;
  agent a;
  walk_result w;
  fill(&a, SNMPX_VERSION_2C);
  run_walk(&a, "1.3.6.1.2.1.2", true, 10, &w);
  assert_int_equal(w.status, 0);
  assert_int_equal(w.n, 3);
  assert_int_equal(w.seen[2].arcs[10], 4294967295u);
  run_walk(&a, "1.3", false, 0, &w);
  assert_int_equal(w.status, 0);
  assert_int_equal(w.n, 8);
}

static void test_manager_walk_v1_no_such_name_is_end(void **state)
{
  (void)state;
  agent a;
  walk_result w;
  fill(&a, SNMPX_VERSION_1);
  run_walk(&a, "1.3.6.1.2.1.2", true /* ignored on v1 */, 0, &w);
  assert_int_equal(w.status, 0);
  assert_int_equal(w.errstat, SNMPX_ERRSTAT_NO_SUCH_NAME);
  assert_int_equal(w.n, 3);
}

static void test_manager_walk_reports_non_increasing(void **state)
{
  (void)state;
  agent a;
  walk_result w;
  fill(&a, SNMPX_VERSION_2C);
  a.repeat_at = 2;
  run_walk(&a, "1.3.6.1.2.1.1", false, 0, &w);
  assert_int_equal(w.status, SNMPX_EWALK_NOT_INCREASING);
  assert_int_equal(w.n, 3);
}

static void test_manager_bulkwalk_halves_on_too_big(void **state)
{
  (void)state;
  agent a;
  walk_result w;
  fill(&a, SNMPX_VERSION_2C);
  a.bulk_limit = 3;
  run_walk(&a, "1.3.6.1.2.1", true, 25, &w);
  assert_int_equal(w.status, 0);
  assert_int_equal(w.n, 8);
  assert_int_equal(a.last_max_rep, 3); /* 25 -> 12 -> 6 -> 3 */
}

static void ignore_send(void *ud, const uint8_t *data, size_t len,
                        const snmpx_addr *to)
{
  (void)ud;
  (void)data;
  (void)len;
  (void)to;
}

/* A GETBULK whose reply never arrives (too large for the path) is asked
 * again with half the repetitions after its retries, and the manager
 * remembers the size that worked for the next walk. */
static void test_manager_bulkwalk_halves_on_timeout_and_remembers(void **state)
{
  (void)state;
  agent a;
  walk_result w;
  fill(&a, SNMPX_VERSION_2C);
  a.bulk_drop = 2;
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.clock = clock_zero;
  cfg.send = on_send;
  cfg.send_ud = &a;
  snmpx_engine *e = snmpx_engine_new(&cfg);
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  struct sockaddr_in *sin = (struct sockaddr_in *)&t.addr.u.in4;
  sin->sin_family = AF_INET;
  t.addr.len = sizeof(*sin);
  t.version = SNMPX_VERSION_2C;
  t.retries = 1;
  snmpx_manager *m = snmpx_manager_new(e, &t);
  static const uint32_t root[] = {1, 3, 6, 1, 2, 1};
  for (int round = 0; round < 2; round++) {
    int before = a.requests;
    memset(&w, 0, sizeof(w));
    snmpx_walk_opts o = {true, 8, false, false, true};
    assert_int_equal(
        snmpx_manager_walk(m, SNMPX_OIDV(root), &o, on_vb, on_done, &w), 0);
    drive(e, &a, &t, &w);
    assert_int_equal(w.status, 0);
    assert_int_equal(w.n, 8);
    assert_int_equal(a.last_max_rep, 2);
    if (round == 1)
      assert_true(a.requests - before <= 6); /* straight to 2: no probing */
  }
  snmpx_manager_free(m);
  snmpx_engine_free(e);
}

static void test_manager_free_cancels_running_walk(void **state)
{
  (void)state;
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.clock = clock_zero;
  cfg.send = ignore_send;
  snmpx_engine *e = snmpx_engine_new(&cfg);
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  struct sockaddr_in *sin = (struct sockaddr_in *)&t.addr.u.in4;
  sin->sin_family = AF_INET;
  t.addr.len = sizeof(*sin);
  t.version = SNMPX_VERSION_2C;
  snmpx_manager *m = snmpx_manager_new(e, &t);
  static const uint32_t root[] = {1, 3, 6};
  walk_result w;
  memset(&w, 0, sizeof(w));
  assert_int_equal(
      snmpx_manager_walk(m, SNMPX_OIDV(root), NULL, on_vb, on_done, &w), 0);
  assert_int_equal(snmpx_engine_pending(e), 1);
  snmpx_manager_free(m);
  assert_true(w.done);
  assert_int_equal(w.status, SNMPX_ECANCELED);
  assert_int_equal(snmpx_engine_pending(e), 0);
  snmpx_engine_free(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_manager_walk_stops_at_subtree_end),
    cmocka_unit_test(test_manager_walk_ends_on_end_of_mib_view),
    cmocka_unit_test(test_manager_walk_v1_no_such_name_is_end),
    cmocka_unit_test(test_manager_walk_reports_non_increasing),
    cmocka_unit_test(test_manager_bulkwalk_halves_on_too_big),
    cmocka_unit_test(test_manager_free_cancels_running_walk),
    cmocka_unit_test(test_manager_bulkwalk_halves_on_timeout_and_remembers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
