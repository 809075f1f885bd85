/* The stream transports (TCP, UNIX) on real loopback sockets.  One engine
 * both serves (a TCP or UNIX listener and a responder) and asks (its client
 * connection), so snmpx_io_run_once drives both sides: every request to
 * one peer shares one connection, large answers arrive over several reads,
 * many small ones in one.  A plain socket of the test's plays the peer for
 * what the engine would never do: several messages in one write, one
 * message a byte at a time, a peer closing mid-message, bytes that are not
 * SNMP, a message over the limit, one connection too many, a connection
 * left idle (on a fake clock), a peer that stops reading (the write queue
 * and SNMPX_POLL_OUT), and a peer that drops the connection (the next
 * request opens a new one).  Every wait is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <snmpx/snmpx.h>

enum { N = 60 };

typedef struct world {
  snmpx_engine *e;
  snmpx_io *io;
  snmpx_target t; /* the listener, as a v2c target */
  int answers[N + 1];
  int done;
  uint64_t clock; /* the fake clock, when world_open_clock made it */
  char dir[64];   /* a private directory for UNIX sockets, or "" */
} world;

#include "io_test_util.h"

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
  if (idx % 10 == 0)
    assert_memory_equal(resp->pdu.varbinds[1].value.v.bytes.ptr, big,
                        sizeof(big));
  w->answers[idx]++;
  w->done++;
}

static int64_t get(world *w, uint32_t idx)
{
  uint32_t arcs[8];
  snmpx_varbind vb;
  snmpx_pdu pdu = get_pdu(arcs, &vb, idx);
  return snmpx_engine_submit(w->e, &w->t, &pdu, on_response, w);
}

static uint64_t fake_clock(void *ud)
{
  return ((world *)ud)->clock;
}

/* One engine listening on |spec| (port 0: a free one; "unix:" + a file
 * in a private directory) and w->t a v2c target of that listener.
 * @return false when the listener cannot be had (no IPv6 loopback). */
static bool world_open_with(world *w, const char *spec, bool fake)
{
  memset(w, 0, sizeof(*w));
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  if (fake) {
    w->clock = 1000000;
    cfg.clock = fake_clock;
    cfg.clock_ud = w;
  }
  w->e = snmpx_engine_new(&cfg);
  assert_non_null(w->e);
  w->io = snmpx_io_new(w->e, NULL);
  assert_non_null(w->io);
  char buf[128];
  if (strcmp(spec, "unix:") == 0) {
    strcpy(w->dir, "/tmp/snmpx-stream-XXXXXX");
    assert_non_null(mkdtemp(w->dir));
    snprintf(buf, sizeof(buf), "unix:%s/agent", w->dir);
    spec = buf;
  }
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse_listen(&a, spec, 0), 0);
  int li = snmpx_io_listen(w->io, &a);
  if (li < 0) {
    snmpx_io_free(w->io);
    snmpx_engine_free(w->e);
    return false;
  }
  assert_int_equal(snmpx_io_listen_addr(w->io, li, &w->t.addr), 0);
  snmpx_engine_set_responder(w->e, on_request, w);
  w->t.version = SNMPX_VERSION_2C;
  w->t.community = (const uint8_t *)"public";
  w->t.community_len = 6;
  w->t.timeout_ms = 20000;
  w->t.retries = 0;
  return true;
}

static void world_open(world *w, const char *spec)
{
  assert_true(world_open_with(w, spec, false));
}

static void world_close(world *w)
{
  snmpx_io_free(w->io);
  snmpx_engine_free(w->e);
  if (w->dir[0] != '\0') {
    char p[128];
    snprintf(p, sizeof(p), "%s/agent", w->dir);
    unlink(p);
    rmdir(w->dir);
  }
}

static snmpx_io_stats stats(world *w)
{
  snmpx_io_stats st;
  assert_int_equal(snmpx_io_get_stats(w->io, &st), 0);
  return st;
}

/* Run the loop until |cond| holds, at most 400 turns of at most 25 ms. */
#define RUN_UNTIL(w, cond)                                                  \
  for (int turn_ = 0; turn_ < 400 && !(cond); turn_++)                      \
    snmpx_io_run_once((w)->io, 25)

static void many_requests_one_connection(const char *spec, bool optional)
{
  static world w;
  if (!world_open_with(&w, spec, false)) {
    assert_true(optional);
    return; /* no IPv6 loopback here */
  }
  for (uint32_t i = 1; i <= N; i++)
    assert_true(get(&w, i) > 0);
  RUN_UNTIL(&w, w.done == N);
  assert_int_equal(w.done, N);
  for (int i = 1; i <= N; i++)
    assert_int_equal(w.answers[i], 1);
  snmpx_io_stats st = stats(&w);
  assert_int_equal(st.stream_opened, 1);
  assert_int_equal(st.stream_accepted, 1);
  assert_int_equal(st.stream_failed + st.stream_bad_frame + st.stream_dropped,
                   0);
  /* And again: the same connection serves. */
  assert_true(get(&w, 7) > 0);
  RUN_UNTIL(&w, w.done == N + 1);
  assert_int_equal(stats(&w).stream_opened, 1);
  world_close(&w);
}

static void test_io_stream_tcp_requests_share_a_connection(void **state)
{
  (void)state;
  many_requests_one_connection("tcp:127.0.0.1:0", false);
}

static void test_io_stream_tcp6_requests_share_a_connection(void **state)
{
  (void)state;
  many_requests_one_connection("tcp6:[::1]:0", true);
}

static void test_io_stream_unix_requests_share_a_connection(void **state)
{
  (void)state;
  many_requests_one_connection("unix:", false);
}

/* The UNIX listener's file: there while it listens (a stale file at the
 * path is replaced, as snmpd does), gone after. */
static void test_io_stream_unix_socket_file(void **state)
{
  (void)state;
  char dir[] = "/tmp/snmpx-unix-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[128], spec[140];
  snprintf(path, sizeof(path), "%s/s", dir);
  snprintf(spec, sizeof(spec), "unix:%s", path);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fclose(f);
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_addr a, got;
  assert_int_equal(snmpx_addr_parse_listen(&a, spec, 0), 0);
  int li = snmpx_io_listen(io, &a);
  assert_true(li >= 0);
  assert_int_equal(snmpx_io_listen_addr(io, li, &got), 0);
  assert_true(snmpx_addr_equal(&a, &got));
  struct stat sb;
  assert_int_equal(stat(path, &sb), 0);
  assert_true(S_ISSOCK(sb.st_mode));
  snmpx_io_free(io);
  snmpx_engine_free(e);
  assert_int_equal(stat(path, &sb), -1);
  rmdir(dir);
}

/* ---- a peer of the test's own ---------------------------------------- */

static int peer_connect(const world *w)
{
  int fd = socket(w->t.addr.u.sa.sa_family, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  assert_int_equal(connect(fd, &w->t.addr.u.sa, w->t.addr.len), 0);
  return fd;
}

static bool readable(int fd)
{
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, 0) == 1;
}

/* The BER length of the message that buf[0..have) starts, or 0 while the
 * header is incomplete. */
static size_t msg_total(const uint8_t *buf, size_t have)
{
  if (have < 2)
    return 0;
  if (buf[1] < 0x80)
    return 2 + (size_t)buf[1];
  size_t n = buf[1] & 0x7f, len = 0;
  if (have < 2 + n)
    return 0;
  for (size_t i = 0; i < n; i++)
    len = len << 8 | buf[2 + i];
  return 2 + n + len;
}

/* Read one whole message from |fd| into buf, running the io meanwhile.
 * @return its request-id (v2c), or -1 at end of stream. */
static int32_t peer_read_answer(world *w, int fd)
{
  static uint8_t buf[70000];
  size_t have = 0, total = 0;
  for (int turn = 0; turn < 400 && (total == 0 || have < total); turn++) {
    snmpx_io_run_once(w->io, 10);
    while (readable(fd) && (total == 0 || have < total)) {
      /* Never past this message: the next may follow it. */
      size_t want = total ? total - have
                    : have < 2 ? 2 - have
                               : 2 + (buf[1] & 0x7fu) - have;
      ssize_t n = recv(fd, buf + have, want, 0);
      if (n <= 0)
        return -1;
      have += (size_t)n;
      total = msg_total(buf, have);
    }
  }
  assert_true(total > 0 && have == total);
  snmpx_msg m;
  snmpx_varbind vbs[4];
  uint32_t arcs[64];
  snmpx_decode_space sp = {vbs, 4, arcs, 64};
  assert_int_equal(snmpx_msg_decode(buf, total, &m, &sp), 0);
  return m.pdu.request_id;
}

/* End of stream seen on |fd| (the io closed its end), running the io. */
static bool peer_sees_close(world *w, int fd)
{
  for (int turn = 0; turn < 400; turn++) {
    snmpx_io_run_once(w->io, 10);
    if (readable(fd)) {
      uint8_t b[256];
      ssize_t n = recv(fd, b, sizeof(b), 0);
      if (n == 0 || (n < 0 && errno == ECONNRESET))
        return true;
    }
  }
  return false;
}

/* Several messages in one write; then one message a byte at a time. */
static void test_io_stream_framing_across_reads(void **state)
{
  (void)state;
  static world w;
  world_open(&w, "tcp:127.0.0.1:0");
  int fd = peer_connect(&w);
  uint8_t out[1500];
  size_t len = 0;
  for (int32_t id = 1; id <= 3; id++)
    len += encode_get(out + len, sizeof(out) - len, id, (uint32_t)id);
  assert_int_equal(send(fd, out, len, 0), (ssize_t)len);
  for (int32_t id = 1; id <= 3; id++)
    assert_int_equal(peer_read_answer(&w, fd), id);
  len = encode_get(out, sizeof(out), 77, 3);
  for (size_t i = 0; i < len; i++) {
    assert_int_equal(send(fd, out + i, 1, 0), 1);
    snmpx_io_run_once(w.io, 0);
  }
  assert_int_equal(peer_read_answer(&w, fd), 77);
  assert_int_equal(stats(&w).stream_accepted, 1);
  close(fd);
  world_close(&w);
}

/* A peer that closes halfway through a message: the connection goes,
 * counted as failed; the others are untouched. */
static void test_io_stream_peer_closes_mid_message(void **state)
{
  (void)state;
  static world w;
  world_open(&w, "unix:");
  int keep = peer_connect(&w);
  int fd = peer_connect(&w);
  uint8_t out[200];
  size_t len = encode_get(out, sizeof(out), 5, 1);
  assert_int_equal(send(fd, out, len / 2, 0), (ssize_t)(len / 2));
  RUN_UNTIL(&w, stats(&w).stream_accepted == 2);
  close(fd);
  RUN_UNTIL(&w, stats(&w).stream_failed == 1);
  assert_int_equal(stats(&w).stream_failed, 1);
  len = encode_get(out, sizeof(out), 6, 2);
  assert_int_equal(send(keep, out, len, 0), (ssize_t)len);
  assert_int_equal(peer_read_answer(&w, keep), 6);
  close(keep);
  world_close(&w);
}

/* Bytes that are not a SEQUENCE, and a message longer than the limit,
 * each drop their connection, counted. */
static void test_io_stream_bad_frames_drop_the_connection(void **state)
{
  (void)state;
  static world w;
  world_open(&w, "tcp:127.0.0.1:0");
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.max_msg = 100;
  assert_int_equal(snmpx_io_set_stream_opts(w.io, &o), 0);
  int fd = peer_connect(&w);
  static const uint8_t junk[] = {0x04, 0x02, 'h', 'i'};
  assert_int_equal(send(fd, junk, sizeof(junk), 0), (ssize_t)sizeof(junk));
  assert_true(peer_sees_close(&w, fd));
  close(fd);
  fd = peer_connect(&w);
  static const uint8_t huge[] = {0x30, 0x82, 0x01, 0x00, 0x02, 0x01, 0x01};
  assert_int_equal(send(fd, huge, sizeof(huge), 0), (ssize_t)sizeof(huge));
  assert_true(peer_sees_close(&w, fd));
  close(fd);
  snmpx_io_stats st = stats(&w);
  assert_int_equal(st.stream_bad_frame, 2);
  assert_int_equal(st.stream_accepted, 2);
  world_close(&w);
}

/* Past max_accepted, a connection is closed as it comes; the ones open
 * keep working. */
static void test_io_stream_accept_limit(void **state)
{
  (void)state;
  static world w;
  world_open(&w, "tcp:127.0.0.1:0");
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.max_accepted = 1;
  assert_int_equal(snmpx_io_set_stream_opts(w.io, &o), 0);
  int a = peer_connect(&w);
  RUN_UNTIL(&w, stats(&w).stream_accepted == 1);
  int b = peer_connect(&w);
  assert_true(peer_sees_close(&w, b));
  assert_int_equal(stats(&w).stream_refused, 1);
  uint8_t out[200];
  size_t len = encode_get(out, sizeof(out), 9, 1);
  assert_int_equal(send(a, out, len, 0), (ssize_t)len);
  assert_int_equal(peer_read_answer(&w, a), 9);
  close(a);
  close(b);
  world_close(&w);
}

/* A connection idle past idle_ms is closed at the timer (fake clock). */
static void test_io_stream_idle_timeout(void **state)
{
  (void)state;
  static world w;
  assert_true(world_open_with(&w, "tcp:127.0.0.1:0", true));
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.idle_ms = 5000;
  assert_int_equal(snmpx_io_set_stream_opts(w.io, &o), 0);
  int fd = peer_connect(&w);
  RUN_UNTIL(&w, stats(&w).stream_accepted == 1);
  w.clock += 4999;
  assert_int_equal(snmpx_io_on_timeout(w.io), 0);
  assert_int_equal(stats(&w).stream_idle, 0);
  w.clock += 1;
  assert_int_equal(snmpx_io_on_timeout(w.io), 0);
  assert_int_equal(stats(&w).stream_idle, 1);
  assert_true(peer_sees_close(&w, fd));
  close(fd);
  world_close(&w);
}

/* A listening socket of the test's own (TCP, 127.0.0.1, a free port),
 * with a small receive buffer for the connections it accepts. */
static int peer_listen(snmpx_addr *addr)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  int sz = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
  assert_int_equal(snmpx_addr_parse(addr, "tcp:127.0.0.1:0", 0), 0);
  assert_int_equal(bind(fd, &addr->u.sa, addr->len), 0);
  assert_int_equal(listen(fd, 4), 0);
  socklen_t sl = sizeof(addr->u);
  assert_int_equal(getsockname(fd, &addr->u.sa, &sl), 0);
  addr->len = sl;
  return fd;
}

static void ignore(snmpx_engine *e, int64_t h, int status,
                   const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  (void)status;
  (void)resp;
  (void)ud;
}

/* A peer that drops the connection: the next request opens a new one. */
static void test_io_stream_reconnects_after_the_peer_closes(void **state)
{
  (void)state;
  static world w;
  world_open(&w, "tcp:127.0.0.1:0");
  snmpx_addr at;
  int lfd = peer_listen(&at);
  w.t.addr = at;
  uint32_t arcs[8];
  snmpx_varbind vb;
  snmpx_pdu pdu = get_pdu(arcs, &vb, 1);
  assert_true(snmpx_engine_submit(w.e, &w.t, &pdu, ignore, NULL) > 0);
  int c1 = accept(lfd, NULL, NULL);
  assert_true(c1 >= 0);
  close(c1); /* without reading: the io sees a reset or an end */
  RUN_UNTIL(&w, stats(&w).stream_failed + stats(&w).stream_closed > 0);
  assert_int_equal(stats(&w).stream_failed + stats(&w).stream_closed, 1);
  pdu = get_pdu(arcs, &vb, 2);
  assert_true(snmpx_engine_submit(w.e, &w.t, &pdu, ignore, NULL) > 0);
  struct pollfd p = {lfd, POLLIN, 0};
  assert_int_equal(poll(&p, 1, 5000), 1);
  int c2 = accept(lfd, NULL, NULL);
  assert_true(c2 >= 0);
  assert_int_equal(stats(&w).stream_opened, 2);
  close(c2);
  close(lfd);
  world_close(&w);
}

/* Hundreds of connections at once (the io finds each by a hash, not a
 * walk): every client connection to its own peer is reused by the next
 * request to that peer, one that failed is opened anew, and each answer
 * of the listener leaves on the accepted connection its request came in
 * on. */
enum { MANY = 300 };

static void test_io_stream_many_connections(void **state)
{
  (void)state;
  static world w;
  static int lfd[MANY], peer[MANY];
  world_open(&w, "tcp:127.0.0.1:0");
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.max_accepted = MANY;
  assert_int_equal(snmpx_io_set_stream_opts(w.io, &o), 0);
  snmpx_addr self = w.t.addr;
  uint32_t arcs[8];
  snmpx_varbind vb;
  snmpx_pdu pdu = get_pdu(arcs, &vb, 1);
  for (int round = 0; round < 2; round++) {
    for (int i = 0; i < MANY; i++) {
      if (round == 0)
        lfd[i] = peer_listen(&w.t.addr);
      socklen_t sl = sizeof(w.t.addr.u);
      assert_int_equal(getsockname(lfd[i], &w.t.addr.u.sa, &sl), 0);
      assert_true(snmpx_engine_submit(w.e, &w.t, &pdu, ignore, NULL) > 0);
    }
    assert_int_equal(stats(&w).stream_opened, MANY);
  }
  /* Ten peers drop their connection: only those ten are opened again. */
  for (int i = 0; i < 10; i++) {
    struct pollfd p = {lfd[i], POLLIN, 0};
    for (int turn = 0; turn < 400 && poll(&p, 1, 0) != 1; turn++)
      snmpx_io_run_once(w.io, 10);
    int c = accept(lfd[i], NULL, NULL);
    assert_true(c >= 0);
    close(c);
  }
  RUN_UNTIL(&w, stats(&w).stream_failed + stats(&w).stream_closed >= 10);
  assert_int_equal(stats(&w).stream_failed + stats(&w).stream_closed, 10);
  for (int i = 0; i < MANY; i++) {
    socklen_t sl = sizeof(w.t.addr.u);
    assert_int_equal(getsockname(lfd[i], &w.t.addr.u.sa, &sl), 0);
    assert_true(snmpx_engine_submit(w.e, &w.t, &pdu, ignore, NULL) > 0);
  }
  assert_int_equal(stats(&w).stream_opened, MANY + 10);
  /* The listener side: MANY peers, answered each on its own connection,
   * asked in the reverse order of their connecting. */
  w.t.addr = self;
  for (int i = 0; i < MANY; i++) { /* accepted as they come: no backlog */
    peer[i] = peer_connect(&w);
    RUN_UNTIL(&w, stats(&w).stream_accepted == (uint64_t)i + 1);
  }
  assert_int_equal(stats(&w).stream_accepted, MANY);
  uint8_t out[200];
  for (int i = MANY - 1; i >= 0; i--) {
    size_t len = encode_get(out, sizeof(out), 5000 + i, 1);
    assert_int_equal(send(peer[i], out, len, 0), (ssize_t)len);
  }
  for (int i = 0; i < MANY; i++)
    assert_int_equal(peer_read_answer(&w, peer[i]), 5000 + i);
  assert_int_equal(stats(&w).stream_refused + stats(&w).stream_bad_frame, 0);
  for (int i = 0; i < MANY; i++) {
    close(peer[i]);
    close(lfd[i]);
  }
  world_close(&w);
}

/* What the foreign loop hooks were told of one descriptor. */
typedef struct hooks {
  int fd;
  int what;    /* the last interest reported for |fd| */
  int outs;    /* reports that asked for SNMPX_POLL_OUT */
} hooks;

static void on_socket(void *ud, int fd, int what)
{
  hooks *h = ud;
  if (fd != h->fd && (what & SNMPX_POLL_REMOVE) == 0 && h->fd < 0 &&
      (what & SNMPX_POLL_OUT))
    h->fd = fd; /* the client connection: the only one asking to write */
  if (fd == h->fd) {
    h->what = what;
    if (what & SNMPX_POLL_OUT)
      h->outs++;
  }
}

static void on_timer(void *ud, int64_t ms)
{
  (void)ud;
  (void)ms;
}

/* A peer that stops reading: what the kernel does not take waits in the
 * connection's queue, the loop is asked for SNMPX_POLL_OUT, and
 * snmpx_io_on_writable sends the rest once the peer reads again; past
 * max_queue, messages are dropped and counted. */
static void test_io_stream_write_queue_and_poll_out(void **state)
{
  (void)state;
  static world w;
  world_open(&w, "tcp:127.0.0.1:0");
  hooks h = {-1, 0, 0};
  assert_int_equal(snmpx_io_set_loop_callbacks(w.io, on_socket, on_timer, &h),
                   0);
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.max_queue = 200000;
  assert_int_equal(snmpx_io_set_stream_opts(w.io, &o), 0);
  snmpx_addr at;
  int lfd = peer_listen(&at);
  w.t.addr = at;
  snmpx_engine_set_agent_window(w.e, 0);
  /* Large requests until the kernel's buffers are full and the queue is
   * past its bound. */
  uint32_t arcs[8];
  snmpx_varbind vb;
  snmpx_pdu pdu = get_pdu(arcs, &vb, 1);
  vb.value = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, big, sizeof(big));
  int sent = 0;
  for (; sent < 2000 && stats(&w).stream_dropped == 0; sent++) {
    assert_true(snmpx_engine_submit(w.e, &w.t, &pdu, ignore, NULL) > 0);
    if (h.fd >= 0 && (h.what & SNMPX_POLL_OUT))
      snmpx_io_on_writable(w.io, h.fd); /* still full: stays queued */
  }
  assert_true(stats(&w).stream_dropped > 0);
  assert_true(h.fd >= 0);
  assert_true(h.what & SNMPX_POLL_OUT);
  /* The peer reads everything; the io writes the rest as it can. */
  int c = accept(lfd, NULL, NULL);
  assert_true(c >= 0);
  static uint8_t sink[65536];
  size_t got = 0;
  for (int turn = 0; turn < 100000 && (h.what & SNMPX_POLL_OUT); turn++) {
    ssize_t n = recv(c, sink, sizeof(sink), MSG_DONTWAIT);
    if (n > 0)
      got += (size_t)n;
    snmpx_io_on_writable(w.io, h.fd);
  }
  assert_int_equal(h.what, SNMPX_POLL_IN);
  assert_true(h.outs > 0);
  assert_true(got > 0);
  close(c);
  close(lfd);
  world_close(&w);
}

/* TLS and DTLS addresses parse and are served (a listener needs a
 * certificate: test_io_tls.c, test_io_dtls.c). */
static void test_io_stream_unserved_domains(void **state)
{
  (void)state;
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse(&a, "tlstcp:127.0.0.1", 161), 0);
  assert_int_equal(snmpx_io_check_addr(io, &a), 0);
  assert_int_equal(snmpx_addr_parse(&a, "dtls:127.0.0.1", 161), 0);
  assert_int_equal(snmpx_io_check_addr(io, &a), 0);
  assert_int_equal(snmpx_addr_parse(&a, "tcp:127.0.0.1", 161), 0);
  assert_int_equal(snmpx_io_check_addr(io, &a), 0);
  assert_int_equal(snmpx_addr_parse(&a, "unix:/x", 161), 0);
  assert_int_equal(snmpx_io_check_addr(io, &a), 0);
  snmpx_io_free(io);
  snmpx_engine_free(e);
}

int main(void)
{
  for (size_t i = 0; i < sizeof(big); i++)
    big[i] = (uint8_t)(i * 7 + 1);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_io_stream_tcp_requests_share_a_connection),
    cmocka_unit_test(test_io_stream_tcp6_requests_share_a_connection),
    cmocka_unit_test(test_io_stream_unix_requests_share_a_connection),
    cmocka_unit_test(test_io_stream_unix_socket_file),
    cmocka_unit_test(test_io_stream_framing_across_reads),
    cmocka_unit_test(test_io_stream_peer_closes_mid_message),
    cmocka_unit_test(test_io_stream_bad_frames_drop_the_connection),
    cmocka_unit_test(test_io_stream_accept_limit),
    cmocka_unit_test(test_io_stream_idle_timeout),
    cmocka_unit_test(test_io_stream_reconnects_after_the_peer_closes),
    cmocka_unit_test(test_io_stream_many_connections),
    cmocka_unit_test(test_io_stream_write_queue_and_poll_out),
    cmocka_unit_test(test_io_stream_unserved_domains),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
