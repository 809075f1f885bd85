/* Engine tests with a fake clock, a scripted RNG and a captured send
 * callback: no sockets, no sleeps, exact replay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "engine/engine_priv.h"
#include "internal.h"

typedef struct fake {
  uint64_t now;
  uint32_t next_random;
  int sends;
  uint8_t last[2048];
  size_t last_len;
  snmpx_addr last_to;
  /* completions */
  int calls;
  int status;
  int64_t handle;
  int32_t resp_reqid;
  size_t resp_nvb;
} fake;

static uint64_t fake_clock(void *ud)
{
  return ((fake *)ud)->now;
}

static void fake_random(void *ud, void *buf, size_t len)
{
  fake *f = ud;
  uint8_t *p = buf;
  for (size_t i = 0; i < len; i += 4) {
    uint32_t v = f->next_random++;
    memcpy(p + i, &v, len - i < 4 ? len - i : 4);
  }
}

static void fake_send(void *ud, const uint8_t *data, size_t len,
                      const snmpx_addr *to)
{
  fake *f = ud;
  f->sends++;
  assert_true(len <= sizeof(f->last));
  memcpy(f->last, data, len);
  f->last_len = len;
  f->last_to = *to;
}

static void on_response(snmpx_engine *e, int64_t handle, int status,
                        const snmpx_msg *resp, void *ud)
{
  fake *f = ud;
  (void)e;
  f->calls++;
  f->status = status;
  f->handle = handle;
  if (resp != NULL) {
    f->resp_reqid = resp->pdu.request_id;
    f->resp_nvb = resp->pdu.n_varbinds;
  }
}

/* An engine on |f|'s clock, RNG and send capture, with allocator |mem|
 * (NULL: libc). */
static snmpx_engine *make_engine_mem(fake *f, const snmpx_mem *mem)
{
  memset(f, 0, sizeof(*f));
  f->now = 1000;
  f->next_random = 0x1234;
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.clock = fake_clock;
  cfg.clock_ud = f;
  cfg.random = fake_random;
  cfg.random_ud = f;
  cfg.send = fake_send;
  cfg.send_ud = f;
  cfg.mem = mem;
  snmpx_engine *e = snmpx_engine_new(&cfg);
  assert_non_null(e);
  return e;
}

static snmpx_engine *make_engine(fake *f)
{
  return make_engine_mem(f, NULL);
}

static snmpx_addr addr4(const char *ip, uint16_t port)
{
  snmpx_addr a;
  memset(&a, 0, sizeof(a));
  struct sockaddr_in *s = (struct sockaddr_in *)&a.u.in4;
  s->sin_family = AF_INET;
  s->sin_port = htons(port);
  inet_pton(AF_INET, ip, &s->sin_addr);
  a.len = sizeof(*s);
  return a;
}

static snmpx_target target(snmpx_version v)
{
  snmpx_target t;
  memset(&t, 0, sizeof(t));
  t.addr = addr4("127.0.0.1", 161);
  t.version = v;
  t.community = (const uint8_t *)"public";
  t.community_len = 6;
  t.timeout_ms = 1000;
  t.retries = 2;
  return t;
}

static const uint32_t sysdescr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};

static int64_t submit_get(snmpx_engine *e, const snmpx_target *t, fake *f)
{
  snmpx_varbind vb = {SNMPX_OIDV(sysdescr), snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  return snmpx_engine_submit(e, t, &pdu, on_response, f);
}

/* Decode what the engine sent, to learn the request-id it chose. */
static int32_t sent_reqid(const fake *f)
{
  snmpx_varbind vbs[8];
  uint32_t arcs[256];
  snmpx_decode_space sp = {vbs, 8, arcs, 256};
  snmpx_msg m;
  assert_int_equal(snmpx_msg_decode(f->last, f->last_len, &m, &sp), 0);
  return m.pdu.request_id;
}

/* Build the agent's answer to request |reqid|. */
static size_t make_response(uint8_t *buf, size_t cap, snmpx_version v,
                            int32_t reqid, const char *community)
{
  static const char text[] = "Linux box";
  snmpx_varbind vb = {SNMPX_OIDV(sysdescr),
                      snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, text,
                                        sizeof(text) - 1)};
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = v;
  m.community = (const uint8_t *)community;
  m.community_len = strlen(community);
  m.pdu.type = SNMPX_PDU_RESPONSE;
  m.pdu.request_id = reqid;
  m.pdu.varbinds = &vb;
  m.pdu.n_varbinds = 1;
  size_t len = 0;
  assert_int_equal(snmpx_msg_encode(&m, buf, cap, &len), 0);
  return len;
}

static void test_engine_response_completes_request(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  int64_t h = submit_get(e, &t, &f);
  assert_true(h > 0);
  assert_int_equal(f.sends, 1);
  assert_int_equal(f.calls, 0); /* never before submit returns */
  assert_int_equal(snmpx_engine_pending(e), 1);
  assert_int_equal(snmpx_engine_next_deadline(e), 2000);

  uint8_t buf[512];
  size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C,
                             sent_reqid(&f), "public");
  snmpx_addr from = t.addr;
  assert_int_equal(snmpx_engine_recv(e, buf, len, &from), 0);
  assert_int_equal(f.calls, 1);
  assert_int_equal(f.status, 0);
  assert_int_equal(f.handle, h);
  assert_int_equal(f.resp_nvb, 1);
  assert_int_equal(snmpx_engine_pending(e), 0);
  assert_int_equal(snmpx_engine_next_deadline(e), -1);
  /* A duplicate of the same answer matches nothing now. */
  assert_int_equal(snmpx_engine_recv(e, buf, len, &from), SNMPX_ENOTFOUND);
  assert_int_equal(f.calls, 1);
  snmpx_engine_free(e);
}

static void test_engine_retries_then_times_out(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_1);
  assert_true(submit_get(e, &t, &f) > 0);
  uint8_t first[2048];
  size_t first_len = f.last_len;
  memcpy(first, f.last, first_len);

  f.now = 1999;
  assert_int_equal(snmpx_engine_tick(e), 0);
  assert_int_equal(f.sends, 1);
  f.now = 2000; /* first retry: the very same bytes */
  assert_int_equal(snmpx_engine_tick(e), 0);
  assert_int_equal(f.sends, 2);
  assert_memory_equal(f.last, first, first_len);
  f.now = 3000;
  assert_int_equal(snmpx_engine_tick(e), 0);
  assert_int_equal(f.sends, 3);
  f.now = 4000; /* retries (2) used up */
  assert_int_equal(snmpx_engine_tick(e), 1);
  assert_int_equal(f.sends, 3);
  assert_int_equal(f.calls, 1);
  assert_int_equal(f.status, SNMPX_ETIMEDOUT);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  assert_int_equal(st.retransmits, 2);
  assert_int_equal(st.timeouts, 1);
  snmpx_engine_free(e);
}

static void test_engine_late_reply_to_earlier_send_completes(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  assert_true(submit_get(e, &t, &f) > 0);
  int32_t reqid = sent_reqid(&f);
  f.now = 2000;
  snmpx_engine_tick(e); /* retransmission */
  assert_int_equal(f.sends, 2);
  /* The answer to the FIRST send arrives after the retry went out. */
  uint8_t buf[512];
  size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C, reqid,
                             "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(f.calls, 1);
  assert_int_equal(f.status, 0);
  snmpx_engine_free(e);
}

static void test_engine_wrong_reqid_version_or_garbage_dropped(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  assert_true(submit_get(e, &t, &f) > 0);
  int32_t reqid = sent_reqid(&f);
  uint8_t buf[512];
  size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C, reqid + 1,
                             "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), SNMPX_ENOTFOUND);
  len = make_response(buf, sizeof(buf), SNMPX_VERSION_1, reqid, "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr),
                   SNMPX_EMSG_VERSION);
  /* Every truncation of a valid answer is dropped, never a crash. */
  len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C, reqid, "public");
  for (size_t cut = 0; cut < len; cut++)
    assert_true(snmpx_engine_recv(e, buf, cut, &t.addr) < 0);
  static const uint8_t junk[] = {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02};
  assert_true(snmpx_engine_recv(e, junk, sizeof(junk), &t.addr) < 0);
  assert_int_equal(f.calls, 0);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  assert_int_equal(st.in_unmatched, 1);
  assert_int_equal(st.in_wrong_version, 1);
  assert_true(st.in_asn_parse_errs >= len);
  /* ...and the request is still answerable. */
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(f.calls, 1);
  snmpx_engine_free(e);
}

static void test_engine_other_source_accepted_unless_strict(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  snmpx_addr other = addr4("127.0.0.2", 161);
  uint8_t buf[512];

  assert_true(submit_get(e, &t, &f) > 0);
  size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C,
                             sent_reqid(&f), "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &other), 0);
  assert_int_equal(f.calls, 1);

  t.strict_source = true;
  assert_true(submit_get(e, &t, &f) > 0);
  len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C, sent_reqid(&f),
                      "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &other), SNMPX_EADDR);
  assert_int_equal(f.calls, 1);
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_int_equal(f.calls, 2);
  snmpx_engine_free(e);
}

static void test_engine_cancel_and_free_complete_once(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  int64_t h1 = submit_get(e, &t, &f);
  int64_t h2 = submit_get(e, &t, &f);
  assert_true(h1 > 0 && h2 > 0 && h1 != h2);
  assert_int_equal(snmpx_engine_cancel(e, h1), 0);
  assert_int_equal(f.calls, 1);
  assert_int_equal(f.status, SNMPX_ECANCELED);
  assert_int_equal(snmpx_engine_cancel(e, h1), SNMPX_ENOTFOUND);
  assert_int_equal(snmpx_engine_cancel(e, 12345), SNMPX_ENOTFOUND);
  snmpx_engine_free(e); /* h2 completes as canceled */
  assert_int_equal(f.calls, 2);
  assert_int_equal(f.handle, h2);
  assert_int_equal(f.status, SNMPX_ECANCELED);
}

static void test_engine_reqids_unique_in_flight(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  /* Every request on the wire at once (no per-agent window). */
  snmpx_engine_set_agent_window(e, 0);
  /* The RNG repeats a value: the engine must skip ids in flight. */
  f.next_random = 7;
  assert_true(submit_get(e, &t, &f) > 0);
  int32_t a = sent_reqid(&f);
  f.next_random = 7;
  assert_true(submit_get(e, &t, &f) > 0);
  int32_t b = sent_reqid(&f);
  assert_true(a != b && a > 0 && b > 0);
  /* Many in flight, answered in reverse order, each exactly once. */
  enum { N = 2000 };
  static int32_t ids[N];
  for (int i = 0; i < N; i++) {
    f.now += (uint64_t)(i % 3);
    assert_true(submit_get(e, &t, &f) > 0);
    ids[i] = sent_reqid(&f);
  }
  assert_int_equal(snmpx_engine_pending(e), N + 2);
  uint8_t buf[512];
  for (int i = N - 1; i >= 0; i--) {
    size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C, ids[i],
                               "public");
    assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  }
  assert_int_equal(f.calls, N);
  assert_int_equal(snmpx_engine_pending(e), 2);
  snmpx_engine_free(e);
}

static void test_engine_submit_rejects_bad_input(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  assert_int_equal(snmpx_engine_submit(e, &t, NULL, on_response, &f),
                   SNMPX_EINVAL);
  t.addr.len = 0;
  assert_int_equal(snmpx_engine_submit(e, &t, &pdu, on_response, &f),
                   SNMPX_EINVAL);
  t = target(SNMPX_VERSION_1);
  pdu.type = SNMPX_PDU_GETBULK;
  assert_true(snmpx_engine_submit(e, &t, &pdu, on_response, &f) < 0);
  assert_int_equal(f.sends, 0);
  assert_int_equal(snmpx_engine_pending(e), 0);
  snmpx_engine_free(e);
}

/* Retries with backoff: each timeout is backoff_pct of the one before,
 * capped at max_timeout_ms. */
static void test_engine_retry_backoff(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  t.retries = 4;
  t.backoff_pct = 200;
  t.max_timeout_ms = 5000;
  assert_true(submit_get(e, &t, &f) > 0); /* at 1000 */
  static const uint64_t deadlines[] = {2000, 4000, 8000, 13000, 18000};
  for (size_t i = 0; i < 5; i++) {
    assert_int_equal(snmpx_engine_next_deadline(e), (int64_t)deadlines[i]);
    f.now = deadlines[i] - 1;
    assert_int_equal(snmpx_engine_tick(e), 0);
    assert_int_equal(f.sends, (int)i + 1);
    f.now = deadlines[i];
    snmpx_engine_tick(e);
  }
  assert_int_equal(f.sends, 5);
  assert_int_equal(f.calls, 1);
  assert_int_equal(f.status, SNMPX_ETIMEDOUT);
  snmpx_engine_free(e);
}

/* Detached requests (NULL callback): results kept by handle until taken;
 * canceled ones leave nothing and never call back. */
static void test_engine_detached_results_by_handle(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  snmpx_varbind vb = {SNMPX_OIDV(sysdescr), snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;

  int64_t answered = snmpx_engine_submit(e, &t, &pdu, NULL, NULL);
  int32_t id = sent_reqid(&f);
  int64_t timed_out = snmpx_engine_submit(e, &t, &pdu, NULL, NULL);
  int64_t canceled = snmpx_engine_submit(e, &t, &pdu, NULL, NULL);
  int64_t untaken = snmpx_engine_submit(e, &t, &pdu, NULL, NULL);
  int32_t untaken_id = sent_reqid(&f);
  assert_true(answered > 0 && timed_out > 0 && canceled > 0 && untaken > 0);
  snmpx_pdu *resp = (snmpx_pdu *)1;
  assert_int_equal(snmpx_engine_take_result(e, answered, &resp), SNMPX_EAGAIN);
  assert_null(resp);
  assert_true(snmpx_engine_is_pending(e, answered));

  uint8_t buf[512];
  size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C, id, "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C, untaken_id,
                      "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t.addr), 0);
  assert_false(snmpx_engine_is_pending(e, answered));
  assert_true(snmpx_engine_is_done(e, answered));
  assert_int_equal(snmpx_engine_take_result(e, answered, &resp), 0);
  assert_non_null(resp);
  assert_int_equal(resp->n_varbinds, 1);
  assert_int_equal(resp->varbinds[0].value.type, SNMPX_TYPE_OCTET_STRING);
  snmpx_pdu_free(resp, NULL);
  assert_int_equal(snmpx_engine_take_result(e, answered, &resp),
                   SNMPX_ENOTFOUND);

  assert_int_equal(snmpx_engine_cancel(e, canceled), 0);
  assert_false(snmpx_engine_is_done(e, canceled));
  assert_int_equal(snmpx_engine_take_result(e, canceled, NULL),
                   SNMPX_ENOTFOUND);

  f.now += 60000; /* retries: 2, each tick moves one step */
  for (int i = 0; i < 3; i++) {
    snmpx_engine_tick(e);
    f.now += 1000;
  }
  assert_int_equal(snmpx_engine_take_result(e, timed_out, NULL),
                   SNMPX_ETIMEDOUT);
  assert_int_equal(f.calls, 0); /* no callback ever ran */
  snmpx_engine_free(e);         /* frees the untaken result */
}

/* Answer the request last sent. */
static void answer_last(snmpx_engine *e, fake *f)
{
  uint8_t buf[256];
  size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C,
                             sent_reqid(f), "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, NULL), 0);
}

/* The engine's window: two on the wire, the rest wait in submit order,
 * a waiting request can be cancelled without ever being sent, and its
 * timer starts only when it is sent. */
static void test_engine_total_window(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_engine_set_window(e, 2);
  snmpx_target t = target(SNMPX_VERSION_2C);
  t.retries = 0;
  int64_t h[5];
  for (int i = 0; i < 5; i++)
    assert_true((h[i] = submit_get(e, &t, &f)) > 0);
  assert_int_equal(f.sends, 2);
  assert_int_equal(snmpx_engine_pending(e), 5);
  assert_true(snmpx_engine_is_pending(e, h[4]));
  /* cancel a waiting one: it completes, never goes out */
  assert_int_equal(snmpx_engine_cancel(e, h[2]), 0);
  assert_int_equal(f.calls, 1);
  assert_int_equal(f.status, SNMPX_ECANCELED);
  assert_int_equal(f.sends, 2);
  /* an answer makes room: the next in order (h[3]) goes out */
  f.now += 900;
  answer_last(e, &f);
  assert_int_equal(f.sends, 3);
  /* h[0] times out at 2000; h[3] was sent at 1900, its timer runs to 2900 */
  f.now = 2000;
  assert_int_equal(snmpx_engine_tick(e), 1);
  assert_int_equal(f.sends, 4); /* h[4] now on the wire */
  assert_int_equal(snmpx_engine_next_deadline(e), 2900);
  f.now = 2900;
  assert_int_equal(snmpx_engine_tick(e), 1);
  f.now = 3000;
  assert_int_equal(snmpx_engine_tick(e), 1);
  assert_int_equal(snmpx_engine_pending(e), 0);
  assert_int_equal(snmpx_engine_next_deadline(e), -1);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  assert_int_equal(st.windowed, 3);
  /* raising the limit starts what waits */
  snmpx_engine_set_window(e, 1);
  submit_get(e, &t, &f);
  submit_get(e, &t, &f);
  assert_int_equal(f.sends, 5);
  snmpx_engine_set_window(e, 0);
  assert_int_equal(f.sends, 6);
  snmpx_engine_free(e); /* frees the two in flight: canceled */
}

/* Per-target windows through managers: each manager keeps at most its
 * window on the wire; freeing a manager with requests waiting is safe and
 * they still complete. */
static void test_manager_window(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  t.window = 1;
  snmpx_manager *a = snmpx_manager_new(e, &t);
  t.addr = addr4("127.0.0.2", 161);
  snmpx_manager *b = snmpx_manager_new(e, &t);
  assert_non_null(a);
  assert_non_null(b);
  snmpx_oidv oid = SNMPX_OIDV(sysdescr);
  for (int i = 0; i < 3; i++) {
    assert_true(snmpx_manager_get(a, &oid, 1, on_response, &f) > 0);
    assert_true(snmpx_manager_get(b, &oid, 1, on_response, &f) > 0);
  }
  assert_int_equal(f.sends, 2);
  snmpx_manager_free(a);
  snmpx_manager_free(b);
  /* the one on the wire to b (sent last) is answered: b's next goes */
  answer_last(e, &f);
  assert_int_equal(f.sends, 3);
  assert_int_equal(f.calls, 1);
  /* with an engine window of 1 too, answers release one at a time */
  snmpx_engine_set_window(e, 1);
  for (int i = 0; i < 40 && snmpx_engine_pending(e) > 0; i++) {
    f.now += 100000;
    snmpx_engine_tick(e);
  }
  assert_int_equal(snmpx_engine_pending(e), 0);
  assert_int_equal(f.calls, 6);
  snmpx_engine_free(e);
}

/* Answer the request of handle |h| (its request-id is the handle's low 31
 * bits). */
static void answer_handle(snmpx_engine *e, fake *f, const snmpx_target *t,
                          int64_t h)
{
  (void)f;
  uint8_t buf[256];
  size_t len = make_response(buf, sizeof(buf), SNMPX_VERSION_2C,
                             (int32_t)(h & 0x7fffffff), "public");
  assert_int_equal(snmpx_engine_recv(e, buf, len, &t->addr), 0);
}

/* A burst to one agent is paced by default: SNMPX_ENGINE_AGENT_WINDOW on
 * the wire, the rest wait in submit order and leave as answers come back;
 * another agent is not held up by it. */
static void test_engine_agent_window_paces_a_burst(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  assert_int_equal(snmpx_engine_get_agent_window(e),
                   SNMPX_ENGINE_AGENT_WINDOW);
  snmpx_target t = target(SNMPX_VERSION_2C);
  enum { N = SNMPX_ENGINE_AGENT_WINDOW + 10 };
  int64_t h[N];
  for (int i = 0; i < N; i++)
    assert_true((h[i] = submit_get(e, &t, &f)) > 0);
  assert_int_equal(f.sends, SNMPX_ENGINE_AGENT_WINDOW);
  assert_int_equal(snmpx_engine_pending(e), N);
  /* another agent: on the wire at once */
  snmpx_target other = t;
  other.addr = addr4("127.0.0.1", 1161);
  int64_t o = submit_get(e, &other, &f);
  assert_true(o > 0);
  assert_int_equal(f.sends, SNMPX_ENGINE_AGENT_WINDOW + 1);
  assert_true(snmpx_addr_equal(&f.last_to, &other.addr));
  /* each answer lets the next waiting one go, first come first served */
  for (int i = 0; i < 10; i++) {
    answer_handle(e, &f, &t, h[i]);
    assert_int_equal(f.sends, SNMPX_ENGINE_AGENT_WINDOW + 2 + i);
    assert_int_equal(sent_reqid(&f),
                     (int32_t)(h[SNMPX_ENGINE_AGENT_WINDOW + i] & 0x7fffffff));
  }
  snmpx_engine_stats st;
  snmpx_engine_get_stats(e, &st);
  assert_int_equal(st.windowed, 10);
  /* a smaller window: nothing on the wire stops; 0 lifts the limit */
  snmpx_engine_set_agent_window(e, 1);
  for (int i = 0; i < 3; i++)
    submit_get(e, &t, &f);
  int sends = f.sends;
  assert_int_equal(sends, SNMPX_ENGINE_AGENT_WINDOW + 11);
  snmpx_engine_set_agent_window(e, 0);
  assert_int_equal(f.sends, sends + 3);
  snmpx_engine_free(e);
}

/* An allocator that counts the agent records (snmpx__agent) it hands out
 * and takes back. */
typedef struct counting {
  int agent_allocs, agent_frees;
} counting;

static void *count_malloc(size_t size, void *ud)
{
  if (size == sizeof(snmpx__agent))
    ((counting *)ud)->agent_allocs++;
  return malloc(size);
}

static void *count_realloc(void *p, size_t size, void *ud)
{
  (void)ud;
  return realloc(p, size);
}

static void count_free(void *p, void *ud)
{
  (void)ud;
  free(p);
}

/* The per-agent window record of a request is reused: one request at a
 * time to one agent (or to agent after agent) allocates no record after
 * the first, and an engine that finished with many agents keeps at most
 * 16 spare records (the rest are freed; all of them at engine free, as
 * ASan checks). */
static void test_engine_agent_records_reused(void **state)
{
  (void)state;
  counting c = {0, 0};
  snmpx_mem mem = {&c, count_malloc, count_realloc, count_free};
  fake f;
  snmpx_engine *e = make_engine_mem(&f, &mem);
  snmpx_target t = target(SNMPX_VERSION_2C);
  for (int i = 0; i < 100; i++) {
    t.addr = addr4("127.0.0.1", (uint16_t)(161 + i % 3));
    assert_true(submit_get(e, &t, &f) > 0);
    answer_last(e, &f);
    assert_int_equal(f.status, 0);
  }
  assert_int_equal(c.agent_allocs, 1);
  /* 40 agents at once, then all answered: 16 records stay spare. */
  int64_t h[40];
  for (int i = 0; i < 40; i++) {
    t.addr = addr4("127.0.0.2", (uint16_t)(1000 + i));
    assert_true((h[i] = submit_get(e, &t, &f)) > 0);
  }
  assert_int_equal(c.agent_allocs, 40);
  for (int i = 0; i < 40; i++) {
    t.addr = addr4("127.0.0.2", (uint16_t)(1000 + i));
    answer_handle(e, &f, &t, h[i]);
  }
  assert_int_equal(snmpx_engine_pending(e), 0);
  assert_int_equal(e->n_spare_agents, 16);
  snmpx_engine_free(e);
}

/* A request that waited for its agent gets its full timeout from when it
 * is sent; one that waits as long as all its tries would take ends with
 * SNMPX_ETIMEDOUT unsent, so an agent that answers nothing does not hold
 * the back of a long queue for many budgets. */
static void test_engine_agent_window_timeouts(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_engine_set_agent_window(e, 1);
  snmpx_target t = target(SNMPX_VERSION_2C);
  t.retries = 0;
  int64_t a = submit_get(e, &t, &f);
  int64_t b = submit_get(e, &t, &f);
  assert_int_equal(f.sends, 1);
  f.now += 900; /* 1900 */
  answer_handle(e, &f, &t, a);
  assert_int_equal(f.sends, 2); /* b leaves now, its timer starts now */
  assert_int_equal(snmpx_engine_next_deadline(e), 2900);
  f.now = 2899;
  assert_int_equal(snmpx_engine_tick(e), 0);
  f.now = 2900;
  assert_int_equal(snmpx_engine_tick(e), 1);
  assert_int_equal(f.handle, b);
  assert_int_equal(f.status, SNMPX_ETIMEDOUT);

  /* c holds the window for 5 s; d (1 s x 2 tries) waits 2 s at most */
  t.timeout_ms = 5000;
  int64_t c = submit_get(e, &t, &f);
  t.timeout_ms = 1000;
  t.retries = 1;
  int64_t d = submit_get(e, &t, &f);
  int sends = f.sends;
  assert_int_equal(snmpx_engine_next_deadline(e), 2900 + 2000);
  f.now = 2900 + 2000;
  assert_int_equal(snmpx_engine_tick(e), 1);
  assert_int_equal(f.handle, d);
  assert_int_equal(f.status, SNMPX_ETIMEDOUT);
  assert_int_equal(f.sends, sends); /* never sent */
  assert_true(snmpx_engine_is_pending(e, c));
  f.now = 2900 + 5000;
  assert_int_equal(snmpx_engine_tick(e), 1);
  assert_int_equal(snmpx_engine_pending(e), 0);
  snmpx_engine_free(e);
}

/* The retries of a burst to one agent are spread over up to
 * SNMPX_ENGINE_RETRY_JITTER % of the timeout instead of leaving together;
 * the last try's timeout, and a lone request's, stay exact. */
static void test_engine_retries_spread(void **state)
{
  (void)state;
  fake f;
  snmpx_engine *e = make_engine(&f);
  snmpx_target t = target(SNMPX_VERSION_2C);
  t.retries = 1;
  enum { N = 40 };
  for (int i = 0; i < N; i++)
    assert_true(submit_get(e, &t, &f) > 0);
  assert_int_equal(f.sends, N);
  /* no retry before the timeout; not all at its first millisecond */
  f.now = 1999;
  snmpx_engine_tick(e);
  assert_int_equal(f.sends, N);
  f.now = 2000;
  snmpx_engine_tick(e);
  int at_once = f.sends - N;
  assert_true(at_once < N / 4);
  int steps = 0, last = f.sends;
  for (f.now = 2001; f.now <= 2000 + 1000 * SNMPX_ENGINE_RETRY_JITTER / 100;
       f.now++) {
    snmpx_engine_tick(e);
    if (f.sends != last)
      steps++;
    last = f.sends;
  }
  assert_int_equal(f.sends, 2 * N); /* every retry within the jitter */
  assert_true(steps >= N / 2);      /* at many distinct times */
  /* the last tries time out at exactly their timeout after the retry */
  assert_true(snmpx_engine_next_deadline(e) >= 3000);
  f.now = 3000 + 1000 * SNMPX_ENGINE_RETRY_JITTER / 100;
  assert_int_equal(snmpx_engine_tick(e), N);
  /* with no jitter, a burst retries together */
  snmpx_engine_set_retry_jitter(e, 0);
  for (int i = 0; i < N; i++)
    submit_get(e, &t, &f);
  f.now += 1000;
  int before = f.sends;
  snmpx_engine_tick(e);
  assert_int_equal(f.sends, before + N);
  snmpx_engine_free(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_engine_response_completes_request),
    cmocka_unit_test(test_engine_retries_then_times_out),
    cmocka_unit_test(test_engine_late_reply_to_earlier_send_completes),
    cmocka_unit_test(test_engine_wrong_reqid_version_or_garbage_dropped),
    cmocka_unit_test(test_engine_other_source_accepted_unless_strict),
    cmocka_unit_test(test_engine_cancel_and_free_complete_once),
    cmocka_unit_test(test_engine_reqids_unique_in_flight),
    cmocka_unit_test(test_engine_submit_rejects_bad_input),
    cmocka_unit_test(test_engine_detached_results_by_handle),
    cmocka_unit_test(test_engine_retry_backoff),
    cmocka_unit_test(test_engine_total_window),
    cmocka_unit_test(test_manager_window),
    cmocka_unit_test(test_engine_agent_window_paces_a_burst),
    cmocka_unit_test(test_engine_agent_window_timeouts),
    cmocka_unit_test(test_engine_agent_records_reused),
    cmocka_unit_test(test_engine_retries_spread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
