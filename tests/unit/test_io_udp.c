/* The UDP I/O adapter's read path on real loopback sockets: one engine
 * both serves (a listening socket and a responder) and asks (its client
 * socket), so snmpx_io_run_once drives both sides.  Many answers queued
 * at once are read in batches (recvmmsg), each handed to the engine once,
 * small and large datagrams alike.  Sends made while the io handles what
 * it read leave together at the end (sendmmsg, and UDP GSO for runs of
 * same-size datagrams to one peer): a plain socket still receives each
 * as its own datagram, and a nested blocking wait still gets its
 * request sent.  A GSO burst read with UDP GRO is cut back into its
 * datagrams.  A late answer, with nothing in flight, is read all the
 * same.  A nested wait gets answers already read in the outer batch, and
 * leaves the message the outer callback handles as it was.  Datagrams the
 * kernel drops from a full receive buffer are counted (SO_RXQ_OVFL). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <string.h>
#include <netinet/udp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <snmpx/snmpx.h>

enum { N = 100 }; /* more than a few batches */

typedef struct world {
  snmpx_engine *e;
  snmpx_io *io;
  snmpx_target t;
  int answers[N + 1]; /* per request index: callbacks seen */
  int done;
} world;

#include "io_test_util.h"

/* Submit a GET of base.idx to w->t, |cb| called with |ud|. */
static int64_t get_with(world *w, uint32_t idx, snmpx_response_cb cb,
                        void *ud)
{
  uint32_t arcs[8];
  snmpx_varbind vb;
  snmpx_pdu pdu = get_pdu(arcs, &vb, idx);
  return snmpx_engine_submit(w->e, &w->t, &pdu, cb, ud);
}

static int64_t get(world *w, uint32_t idx, snmpx_response_cb cb)
{
  return get_with(w, idx, cb, w);
}

static void on_response(snmpx_engine *e, int64_t h, int status,
                        const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  world *w = ud;
  assert_int_equal(status, 0);
  uint64_t idx = resp->pdu.varbinds[0].value.v.u;
  assert_true(idx >= 1 && idx <= N);
  assert_int_equal(resp->pdu.n_varbinds, idx % 10 == 0 ? 2 : 1);
  if (idx % 10 == 0) {
    assert_int_equal(resp->pdu.varbinds[1].value.v.bytes.len, sizeof(big));
    assert_memory_equal(resp->pdu.varbinds[1].value.v.bytes.ptr, big,
                        sizeof(big));
  }
  w->answers[idx]++;
  w->done++;
}

/* One engine serving on 127.0.0.1 (a free port, |responder| answering)
 * and asking itself: w->t is a v2c target of its listener, no retries (a
 * lost or doubled datagram would show). */
static void world_open(world *w, snmpx_incoming_cb responder)
{
  memset(w, 0, sizeof(*w));
  w->e = snmpx_engine_new(NULL);
  assert_non_null(w->e);
  w->io = snmpx_io_new(w->e, NULL);
  assert_non_null(w->io);
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse(&a, "127.0.0.1:0", 0), 0);
  int li = snmpx_io_listen(w->io, &a);
  assert_true(li >= 0);
  assert_int_equal(snmpx_io_listen_addr(w->io, li, &w->t.addr), 0);
  snmpx_engine_set_responder(w->e, responder, w);
  w->t.version = SNMPX_VERSION_2C;
  w->t.community = (const uint8_t *)"public";
  w->t.community_len = 6;
  w->t.timeout_ms = 2000;
  w->t.retries = 0;
}

/* world_open, with w->t an SNMPv3 authPriv target: one USM user, known
 * to the engine both as the agent's and as the manager's, so the engine
 * discovers itself and then decrypts what it asks and what it answers. */
static void world_open_v3(world *w, snmpx_incoming_cb responder)
{
  static const char user[] = "alice";
  world_open(w, responder);
  snmpx_user u;
  memset(&u, 0, sizeof(u));
  u.name = (const uint8_t *)user;
  u.name_len = strlen(user);
  u.auth = SNMPX_USM_AUTH_SHA;
  u.auth_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"authpass1", 9};
  u.priv = SNMPX_USM_PRIV_AES128;
  u.priv_secret = (snmpx_usm_secret){SNMPX_USM_SECRET_PASSWORD,
                                     (const uint8_t *)"privpass1", 9};
  assert_int_equal(snmpx_engine_add_user(w->e, &u), 0);
  w->t.version = SNMPX_VERSION_3;
  w->t.user = u.name;
  w->t.user_len = u.name_len;
  w->t.level = SNMPX_SECLEVEL_AUTHPRIV;
}

static void world_close(world *w)
{
  snmpx_io_free(w->io);
  snmpx_engine_free(w->e);
}

/* A socket of the test's own, bound to 127.0.0.1 (a free port); *|addr|
 * is its address. */
static int bound_socket(snmpx_addr *addr)
{
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  assert_true(fd >= 0);
  assert_int_equal(snmpx_addr_parse(addr, "127.0.0.1:0", 0), 0);
  assert_int_equal(bind(fd, &addr->u.sa, addr->len), 0);
  socklen_t sl = sizeof(addr->u);
  assert_int_equal(getsockname(fd, &addr->u.sa, &sl), 0);
  addr->len = sl;
  return fd;
}

static uint64_t now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* A manager's plain socket (no GRO), reads bounded by 5 s. */
static int manager_socket(void)
{
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  assert_true(fd >= 0);
  struct timeval tv = {5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return fd;
}

/* Read one datagram from |fd|: a whole Response to request-id |id| for
 * base.idx (on_request's answer, |n_varbinds| varbinds). */
static void expect_answer(int fd, int32_t id, uint32_t idx, size_t n_varbinds)
{
  static uint8_t buf[65536];
  snmpx_varbind vbs[4];
  uint32_t arcs[64];
  snmpx_decode_space sp = {vbs, 4, arcs, 64};
  ssize_t n = recv(fd, buf, sizeof(buf), 0);
  assert_true(n > 0);
  snmpx_msg m;
  assert_int_equal(snmpx_msg_decode(buf, (size_t)n, &m, &sp), 0);
  assert_int_equal(m.pdu.type, SNMPX_PDU_RESPONSE);
  assert_int_equal(m.pdu.request_id, id);
  assert_int_equal(m.pdu.varbinds[0].value.v.u, idx);
  assert_int_equal(m.pdu.n_varbinds, n_varbinds);
}

static void test_io_udp_batched_answers_each_once(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(big); i++)
    big[i] = (uint8_t)(i * 7);
  world w;
  world_open(&w, on_request);
  for (uint32_t i = 1; i <= N; i++)
    assert_true(get(&w, i, on_response) > 0);
  for (int turns = 0; w.done < N && turns < 10000; turns++)
    assert_int_equal(snmpx_io_run_once(w.io, 100), 0);
  assert_int_equal(w.done, N);
  for (int i = 1; i <= N; i++)
    assert_int_equal(w.answers[i], 1);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w.e, &st);
  assert_int_equal(st.timeouts, 0);
  assert_int_equal(st.in_unmatched, 0);
  world_close(&w);
}

/* A responder that also asks something of a third party while it handles
 * a request: that request leaves from the client socket, its answer to
 * the request from the listening socket. */
static snmpx_addr spy_addr;

static void on_request_asking(snmpx_engine *e, const snmpx_incoming *in,
                              void *ud)
{
  world *w = ud;
  snmpx_target t = w->t;
  t.addr = spy_addr;
  t.strict_source = false;
  uint32_t arcs[] = {1, 3, 6, 1, 2, 1, 1, 5, 0};
  snmpx_varbind vb = {{arcs, 9}, snmpx_value_null()};
  snmpx_pdu q;
  memset(&q, 0, sizeof(q));
  q.type = SNMPX_PDU_GET;
  q.varbinds = &vb;
  q.n_varbinds = 1;
  assert_true(snmpx_engine_submit(e, &t, &q, NULL, NULL) > 0);
  on_request(e, in, ud);
}

static void test_io_udp_answers_from_listener_requests_from_client(
    void **state)
{
  (void)state;
  world w;
  world_open(&w, on_request_asking);
  int spy = bound_socket(&spy_addr);
  w.t.strict_source = true; /* the answer must come from the listener */
  assert_true(get(&w, 7, on_response) > 0);
  for (int turns = 0; w.done < 1 && turns < 100; turns++)
    assert_int_equal(snmpx_io_run_once(w.io, 100), 0);
  assert_int_equal(w.done, 1);
  uint8_t buf[512];
  struct sockaddr_in from;
  socklen_t fl = sizeof(from);
  assert_true(recvfrom(spy, buf, sizeof(buf), 0, (struct sockaddr *)&from,
                       &fl) > 0);
  assert_int_not_equal(from.sin_port, w.t.addr.u.in4.sin_port);
  close(spy);
  world_close(&w);
}

/* A manager on a plain socket: |n| v2c GETs of base.idx[i] sent in one
 * go, with request-ids from |ids| (their encoded lengths vary, and so do
 * the answers': GSO runs must split where sizes change). */
static void send_raw_gets(int fd, const snmpx_addr *to, const int32_t *ids,
                          const uint32_t *idx, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    uint8_t buf[256];
    size_t len = encode_get(buf, sizeof(buf), ids[i], idx[i]);
    assert_int_equal(sendto(fd, buf, len, 0, &to->u.sa, to->len),
                     (ssize_t)len);
  }
}

/* The answers to a burst read at once leave as one sendmmsg with GSO runs;
 * a manager that knows nothing of GSO gets each answer as one datagram,
 * whole, in order, sizes growing mid-burst (a run that went on past a
 * change would come out cut at the wrong places) and a large answer among
 * them, first (it goes alone: too big for a run). */
static void test_io_udp_burst_answers_arrive_one_per_datagram(void **state)
{
  (void)state;
  enum { K = 30 };
  int32_t ids[K];
  uint32_t idx[K];
  for (int i = 0; i < K; i++) { /* 1-, 2- and 3-octet request-ids */
    ids[i] = i < 12 ? 100 + i : i < 20 ? 1000 + i : 100000 + i;
    idx[i] = i == 0 ? 10 : (uint32_t)i * 10 + 1; /* one large answer */
  }
  world w;
  world_open(&w, on_request);
  int fd = manager_socket();
  send_raw_gets(fd, &w.t.addr, ids, idx, K);
  /* All K are queued before the io reads: one burst, one flush. */
  assert_int_equal(snmpx_io_run_once(w.io, 1000), 0);
  for (int i = 0; i < K; i++)
    expect_answer(fd, ids[i], idx[i], i == 0 ? 2 : 1);
  uint8_t more[64];
  assert_true(recv(fd, more, sizeof(more), MSG_DONTWAIT) < 0);
  close(fd);
  world_close(&w);
}

/* A manager that sends its burst as one UDP GSO message (K same-size GETs,
 * the last one shorter): the listener reads it with UDP GRO as one buffer
 * and must hand the engine each request alone, and each gets its answer. */
static void test_io_udp_gro_burst_is_cut_into_requests(void **state)
{
  (void)state;
  enum { K = 12 };
  world w;
  world_open(&w, on_request);
  /* K requests back to back: request-ids 200.. (2 octets) but the last
   * 7 (1 octet), so it is one octet shorter. */
  static uint8_t burst[K * 64];
  size_t used = 0, seg = 0;
  for (int i = 0; i < K; i++) {
    size_t len = encode_get(burst + used, 64, i < K - 1 ? 200 + i : 7,
                            (uint32_t)i + 1);
    if (seg == 0)
      seg = len;
    assert_int_equal(len, i < K - 1 ? seg : seg - 1);
    used += len;
  }
  int fd = manager_socket();
  struct iovec iov = {burst, used};
  union {
    struct cmsghdr align;
    uint8_t b[CMSG_SPACE(sizeof(uint16_t))];
  } ctl;
  struct msghdr mh;
  memset(&mh, 0, sizeof(mh));
  mh.msg_name = &w.t.addr.u;
  mh.msg_namelen = w.t.addr.len;
  mh.msg_iov = &iov;
  mh.msg_iovlen = 1;
  mh.msg_control = ctl.b;
  mh.msg_controllen = sizeof(ctl.b);
  struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
  uint16_t s16 = (uint16_t)seg;
  c->cmsg_level = SOL_UDP;
  c->cmsg_type = UDP_SEGMENT;
  c->cmsg_len = CMSG_LEN(sizeof(s16));
  memcpy(CMSG_DATA(c), &s16, sizeof(s16));
  if (sendmsg(fd, &mh, 0) != (ssize_t)used) {
    close(fd); /* a kernel without UDP GSO: nothing to check here */
    world_close(&w);
    skip();
  }
  assert_int_equal(snmpx_io_run_once(w.io, 1000), 0);
  for (int i = 0; i < K; i++)
    expect_answer(fd, i < K - 1 ? 200 + i : 7, (uint32_t)i + 1,
                  (i + 1) % 10 == 0 ? 2 : 1);
  close(fd);
  world_close(&w);
}

/* A completion callback that submits a request and blocks on it: the send
 * held back for the end of the burst must leave before the nested wait
 * sleeps, or the request would time out. */
static void on_response_then_wait(snmpx_engine *e, int64_t h, int status,
                                  const snmpx_msg *resp, void *ud)
{
  world *w = ud;
  (void)e;
  (void)h;
  (void)resp;
  assert_int_equal(status, 0);
  snmpx_pdu *inner = NULL;
  int64_t h2 = get(w, 7, NULL);
  assert_true(h2 > 0);
  assert_int_equal(snmpx_io_wait_result(w->io, h2, &inner), 0);
  assert_int_equal(inner->varbinds[0].value.v.u, 7);
  snmpx_pdu_free(inner, NULL);
  w->done++;
}

static void test_io_udp_nested_wait_sends_held_requests(void **state)
{
  (void)state;
  world w;
  world_open(&w, on_request);
  w.t.timeout_ms = 1000; /* a request left in the queue would time out */
  for (uint32_t i = 1; i <= 3; i++)
    assert_true(get(&w, i, on_response_then_wait) > 0);
  for (int turns = 0; w.done < 3 && turns < 100; turns++)
    assert_int_equal(snmpx_io_run_once(w.io, 100), 0);
  assert_int_equal(w.done, 3);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w.e, &st);
  assert_int_equal(st.timeouts, 0);
  world_close(&w);
}

/* ---- a late answer ---------------------------------------------------- */

static void on_timed_out(snmpx_engine *e, int64_t h, int status,
                         const snmpx_msg *resp, void *ud)
{
  world *w = ud;
  (void)e;
  (void)h;
  (void)resp;
  assert_int_equal(status, SNMPX_ETIMEDOUT);
  w->done++;
}

/* Answer the request queued on |fd| (a peer that was too slow): the same
 * message back as a Response, to where it came from. */
static void answer_late(int fd)
{
  uint8_t in[512], out[512];
  snmpx_addr from;
  socklen_t fl = sizeof(from.u);
  ssize_t n = recvfrom(fd, in, sizeof(in), 0, &from.u.sa, &fl);
  assert_true(n > 0);
  snmpx_varbind vbs[4];
  uint32_t arcs[64];
  snmpx_decode_space sp = {vbs, 4, arcs, 64};
  snmpx_msg m;
  assert_int_equal(snmpx_msg_decode(in, (size_t)n, &m, &sp), 0);
  m.pdu.type = SNMPX_PDU_RESPONSE;
  size_t len;
  assert_int_equal(snmpx_msg_encode(&m, out, sizeof(out), &len), 0);
  assert_int_equal(sendto(fd, out, len, 0, &from.u.sa, fl), (ssize_t)len);
}

/* An answer that comes after its request timed out finds nothing in
 * flight on the client socket.  The io must read it all the same: the
 * built-in loop is level-triggered, so a socket left readable would make
 * every snmpx_io_run_once return at once (a busy loop) until the next
 * request. */
static void test_io_udp_late_answer_is_read(void **state)
{
  (void)state;
  world w;
  world_open(&w, on_request);
  snmpx_addr slow;
  int fd = bound_socket(&slow);
  w.t.addr = slow;
  w.t.timeout_ms = 50;
  assert_true(get(&w, 1, on_timed_out) > 0);
  for (int turns = 0; w.done < 1 && turns < 100; turns++)
    assert_int_equal(snmpx_io_run_once(w.io, 100), 0);
  assert_int_equal(w.done, 1);
  answer_late(fd);
  /* The first turn reads the answer; the next two find nothing and wait
   * their 200 ms each. */
  uint64_t t0 = now_ms();
  for (int i = 0; i < 3; i++)
    assert_int_equal(snmpx_io_run_once(w.io, 200), 0);
  assert_true(now_ms() - t0 >= 350);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w.e, &st);
  assert_int_equal(st.in_unmatched, 1);
  close(fd);
  world_close(&w);
}

/* ---- nested waits ----------------------------------------------------- */

/* Request B, whose answer A's callback waits for. */
static int64_t handle_b;
static uint32_t idx_b;

static void on_response_wait_b(snmpx_engine *e, int64_t h, int status,
                               const snmpx_msg *resp, void *ud)
{
  world *w = ud;
  (void)e;
  (void)h;
  (void)resp;
  assert_int_equal(status, 0);
  snmpx_pdu *b = NULL;
  assert_int_equal(snmpx_io_wait_result(w->io, handle_b, &b), 0);
  assert_int_equal(b->varbinds[0].value.v.u, idx_b);
  snmpx_pdu_free(b, NULL);
  w->done++;
}

/* A (base.1) and B (base.b) are answered together, so one read of the
 * client socket takes both answers; A's callback then waits for B, whose
 * answer is already read and must not be left behind while the nested
 * wait sleeps on an empty socket until B times out. */
static void nested_wait_finds_read_answer(uint32_t b)
{
  world w;
  world_open(&w, on_request);
  w.t.timeout_ms = 1000;
  idx_b = b;
  assert_true(get(&w, 1, on_response_wait_b) > 0);
  handle_b = get(&w, b, NULL);
  assert_true(handle_b > 0);
  for (int turns = 0; w.done < 1 && turns < 100; turns++)
    assert_int_equal(snmpx_io_run_once(w.io, 100), 0);
  assert_int_equal(w.done, 1);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w.e, &st);
  assert_int_equal(st.timeouts, 0);
  world_close(&w);
}

/* B's answer large: in the recvmmsg slot after A's.  Then the same size
 * as A's: one GSO send, read with UDP GRO as the segment after A's (or,
 * on a kernel without GRO, again the next slot). */
static void test_io_udp_nested_wait_finds_answer_already_read(void **state)
{
  (void)state;
  for (size_t i = 0; i < sizeof(big); i++)
    big[i] = (uint8_t)(i * 7);
  nested_wait_finds_read_answer(10);
  nested_wait_finds_read_answer(2);
}

/* A responder whose answer to base.idx is one varbind, the name asked
 * and 1000 octets all |idx|: every part of a decoded answer (the varbinds
 * and arcs the engine decodes into, octets that are views into the
 * datagram or its plaintext) tells which answer it is. */
enum { MARK_LEN = 1000 };

static void respond_marked(snmpx_engine *e, const snmpx_incoming *in)
{
  static uint8_t mark[MARK_LEN];
  assert_int_equal(in->msg.pdu.n_varbinds, 1);
  const snmpx_oidv *name = &in->msg.pdu.varbinds[0].name;
  memset(mark, (int)name->arcs[name->len - 1], sizeof(mark));
  snmpx_varbind vb = {*name, snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING,
                                               mark, sizeof(mark))};
  snmpx_pdu resp;
  memset(&resp, 0, sizeof(resp));
  resp.type = SNMPX_PDU_RESPONSE;
  resp.request_id = in->msg.pdu.request_id;
  resp.varbinds = &vb;
  resp.n_varbinds = 1;
  assert_int_equal(snmpx_engine_respond(e, in, &resp), 0);
}

static void on_request_marked(snmpx_engine *e, const snmpx_incoming *in,
                              void *ud)
{
  (void)ud;
  respond_marked(e, in);
}

/* |m| is still the message about base.idx: its name, and (|octets|) the
 * marked octets of respond_marked. */
static void check_marked(const snmpx_msg *m, uint32_t idx, bool octets)
{
  assert_int_equal(m->pdu.n_varbinds, 1);
  const snmpx_varbind *vb = &m->pdu.varbinds[0];
  assert_int_equal(vb->name.len, 8);
  assert_memory_equal(vb->name.arcs, base, 7 * sizeof(base[0]));
  assert_int_equal(vb->name.arcs[7], idx);
  if (m->version != SNMPX_VERSION_3)
    assert_memory_equal(m->community, "public", 6);
  if (!octets)
    return;
  assert_int_equal(vb->value.v.bytes.len, MARK_LEN);
  for (size_t i = 0; i < MARK_LEN; i++)
    assert_int_equal(vb->value.v.bytes.ptr[i], idx);
}

/* One level of callbacks that nest: the answer to base.level, whose
 * callback (below the deepest level) asks base.(level + 1) and waits. */
enum { DEEPEST = 3 };

typedef struct level {
  world *w;
  uint32_t level;
  bool done;
} level;

static void on_response_nesting(snmpx_engine *e, int64_t h, int status,
                                const snmpx_msg *resp, void *ud)
{
  level *lv = ud;
  (void)e;
  (void)h;
  assert_int_equal(status, 0);
  check_marked(resp, lv->level, true);
  if (lv->level < DEEPEST) {
    level inner = {lv->w, lv->level + 1, false};
    assert_true(get_with(lv->w, inner.level, on_response_nesting, &inner) >
                0);
    assert_int_equal(snmpx_io_wait(lv->w->io, &inner.done), 0);
    assert_true(inner.done);
    /* The answers received meanwhile were decoded elsewhere. */
    check_marked(resp, lv->level, true);
  }
  lv->done = true;
}

/* Response callbacks nested DEEPEST deep: each answer is still whole
 * after the waits it started (the first read in a batch, the others
 * one by one, one read inside another). */
static void nested_responses_keep_answers(bool v3)
{
  world w;
  if (v3)
    world_open_v3(&w, on_request_marked);
  else
    world_open(&w, on_request_marked);
  level top = {&w, 1, false};
  assert_true(get_with(&w, 1, on_response_nesting, &top) > 0);
  for (int turns = 0; !top.done && turns < 100; turns++)
    assert_int_equal(snmpx_io_run_once(w.io, 100), 0);
  assert_true(top.done);
  world_close(&w);
}

static void test_io_udp_nested_receive_keeps_outer_response(void **state)
{
  (void)state;
  nested_responses_keep_answers(false);
  nested_responses_keep_answers(true);
}

/* A responder that, asked base.77, first asks the engine's own listener
 * base.5 and waits for the answer: that request, and the answer, are
 * received while base.77 is being handled. */
static void on_request_nesting(snmpx_engine *e, const snmpx_incoming *in,
                               void *ud)
{
  world *w = ud;
  const snmpx_oidv *name = &in->msg.pdu.varbinds[0].name;
  if (name->arcs[name->len - 1] == 77) {
    snmpx_pdu *inner = NULL;
    int64_t h = get(w, 5, NULL);
    assert_true(h > 0);
    assert_int_equal(snmpx_io_wait_result(w->io, h, &inner), 0);
    assert_int_equal(inner->varbinds[0].name.arcs[7], 5);
    snmpx_pdu_free(inner, NULL);
    check_marked(&in->msg, 77, false);
  }
  respond_marked(e, in);
}

static void on_response_marked(snmpx_engine *e, int64_t h, int status,
                               const snmpx_msg *resp, void *ud)
{
  world *w = ud;
  (void)e;
  (void)h;
  assert_int_equal(status, 0);
  check_marked(resp, 77, true);
  w->done++;
}

/* A request still names what it asked after its responder's nested
 * wait received another request and an answer. */
static void nested_requests_keep_request(bool v3)
{
  world w;
  if (v3)
    world_open_v3(&w, on_request_nesting);
  else
    world_open(&w, on_request_nesting);
  assert_true(get(&w, 77, on_response_marked) > 0);
  for (int turns = 0; w.done < 1 && turns < 100; turns++)
    assert_int_equal(snmpx_io_run_once(w.io, 100), 0);
  assert_int_equal(w.done, 1);
  world_close(&w);
}

static void test_io_udp_nested_receive_keeps_outer_request(void **state)
{
  (void)state;
  nested_requests_keep_request(false);
  nested_requests_keep_request(true);
}

/* The io's socket bound to |addr| (found among the process's descriptors:
 * the io does not hand out its sockets outside a foreign loop). */
static int socket_bound_to(const snmpx_addr *addr)
{
  for (int fd = 3; fd < 4096; fd++) {
    snmpx_addr a;
    memset(&a, 0, sizeof(a));
    socklen_t sl = sizeof(a.u);
    if (getsockname(fd, &a.u.sa, &sl) == 0 && snmpx_addr_equal(&a, addr))
      return fd;
  }
  return -1;
}

/* Read what |w|'s listener holds, until a read finds nothing (bounded). */
static void drain(world *w)
{
  snmpx_engine_stats st;
  uint64_t before;
  for (int i = 0; i < 100; i++) {
    snmpx_engine_get_stats(w->e, &st);
    before = st.in_pkts;
    assert_int_equal(snmpx_io_run_once(w->io, 50), 0);
    snmpx_engine_get_stats(w->e, &st);
    if (st.in_pkts == before)
      return;
  }
}

/* A stopped reader's socket buffer overflows: the kernel's drops are
 * counted, exactly, once a datagram that arrived after them is read (the
 * kernel stamps each datagram with the count when it is queued). */
static void test_io_udp_kernel_drops_counted(void **state)
{
  (void)state;
  enum { SENT = 300 };
  world w;
  world_open(&w, on_request);
  snmpx_io_stats ios;
  assert_int_equal(snmpx_io_get_stats(w.io, &ios), 0);
  assert_int_equal(ios.kernel_drops, 0);
  int lfd = socket_bound_to(&w.t.addr);
  assert_true(lfd >= 0);
  int small = 2048; /* the kernel doubles it: a few datagrams fit */
  assert_int_equal(setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &small,
                              sizeof(small)), 0);
  int fd = manager_socket();
  static const uint8_t junk[200] = {0x30}; /* not SNMP: counted, dropped */
  for (int i = 0; i < SENT; i++)
    assert_int_equal(sendto(fd, junk, sizeof(junk), 0, &w.t.addr.u.sa,
                            w.t.addr.len), (ssize_t)sizeof(junk));
  drain(&w);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w.e, &st);
  uint64_t got = st.in_pkts;
  assert_true(got > 0 && got < SENT);
  /* one more, queued after the drops: it carries their count */
  assert_int_equal(sendto(fd, junk, sizeof(junk), 0, &w.t.addr.u.sa,
                          w.t.addr.len), (ssize_t)sizeof(junk));
  drain(&w);
  snmpx_engine_get_stats(w.e, &st);
  assert_int_equal(st.in_pkts, got + 1);
  assert_int_equal(snmpx_io_get_stats(w.io, &ios), 0);
  assert_int_equal(ios.kernel_drops, SENT - got);
  assert_int_equal(snmpx_io_get_stats(NULL, &ios), SNMPX_EINVAL);
  close(fd);
  world_close(&w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_io_udp_batched_answers_each_once),
      cmocka_unit_test(test_io_udp_answers_from_listener_requests_from_client),
      cmocka_unit_test(test_io_udp_burst_answers_arrive_one_per_datagram),
      cmocka_unit_test(test_io_udp_nested_wait_sends_held_requests),
      cmocka_unit_test(test_io_udp_gro_burst_is_cut_into_requests),
      cmocka_unit_test(test_io_udp_late_answer_is_read),
      cmocka_unit_test(test_io_udp_nested_wait_finds_answer_already_read),
      cmocka_unit_test(test_io_udp_nested_receive_keeps_outer_response),
      cmocka_unit_test(test_io_udp_nested_receive_keeps_outer_request),
      cmocka_unit_test(test_io_udp_kernel_drops_counted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
