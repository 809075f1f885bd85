/* DTLS over UDP (src/transport/dtls.c) on real loopback sockets: a
 * manager engine and an agent engine (snmpx_agent, VACM for the TSM
 * user "mgr") each with its own io, driven in turn by one thread.
 * Certificates are made at test time (tls_test_util.h): a CA, the
 * agent's and the manager's certificates signed by it, a second
 * manager certificate that no certSecName maps, another server
 * certificate, and a second CA.
 *
 * What is shown: a GET answered over DTLS with the TSM; many requests
 * share one session; a session closed for idleness (fake clocks) on
 * either side, and the next one resumes; the cookie exchange (a
 * ClientHello without a cookie gets a HelloVerifyRequest and makes no
 * session); garbage to the listener is ignored; refused peers (a server
 * that is not the one named, a client no certSecName maps, a server of
 * another CA) are counted in snmpTlstmSessionStats and get no answer.
 * Every wait is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "transport/io_impl.h"
#include "transport/tls_session.h"

#include "agent_test_util.h"
#include "tls_test_util.h"

/* ---- certificates, made once ------------------------------------------- */

static tt_cert ca, ca2, agent_cert, mgr_cert, stranger_cert, other_cert;

static int make_certs(void **state)
{
  (void)state;
  tt_spec cas = {"snmpx test CA", NULL, -3600, 86400, true};
  tt_make(&ca, "ca", &cas, NULL);
  tt_spec cas2 = {"another CA", NULL, -3600, 86400, true};
  tt_make(&ca2, "ca2", &cas2, NULL);
  tt_spec ag = {"agent", "DNS:localhost,IP:127.0.0.1,IP:::1", -3600, 86400,
                false};
  tt_make(&agent_cert, "agent", &ag, &ca);
  tt_spec ot = {"other", "DNS:localhost,IP:127.0.0.1", -3600, 86400, false};
  tt_make(&other_cert, "other", &ot, &ca);
  tt_spec mg = {"mgr", NULL, -3600, 86400, false};
  tt_make(&mgr_cert, "mgr", &mg, &ca);
  tt_spec st = {"stranger", NULL, -3600, 86400, false};
  tt_make(&stranger_cert, "stranger", &st, &ca);
  return 0;
}

static int free_certs(void **state)
{
  (void)state;
  tt_free(&ca);
  tt_free(&ca2);
  tt_free(&agent_cert);
  tt_free(&other_cert);
  tt_free(&mgr_cert);
  tt_free(&stranger_cert);
  return 0;
}

/* ---- the two ends -------------------------------------------------------- */

typedef struct side {
  snmpx_engine *e;
  snmpx_io *io;
  uint64_t clock; /* the fake clock, when |fake| */
  bool fake;
} side;

typedef struct rig {
  side ag, mg;
  snmpx_vacm *vacm;
  snmpx_agent *agent;
  snmpx_addr addr; /* the agent's DTLS listener */
  snmpx_target t;  /* a TSM target of it */
  int done;
  int ok;     /* answers with the expected value */
  int failed; /* requests that ended without an answer */
  int last_status;
} rig;

static uint64_t side_clock(void *ud)
{
  return ((side *)ud)->clock;
}

static void side_open(side *s, bool fake)
{
  memset(s, 0, sizeof(*s));
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  if (fake) {
    s->fake = true;
    s->clock = 1000000;
    cfg.clock = side_clock;
    cfg.clock_ud = s;
  }
  s->e = snmpx_engine_new(&cfg);
  assert_non_null(s->e);
  s->io = snmpx_io_new(s->e, NULL);
  assert_non_null(s->io);
}

static void conf(snmpx_io *io, const char *word, const char *args)
{
  char err[256] = "";
  int rv =
      snmpx_io_tls_conf_line(io, word, args, "test.conf", 1, err, sizeof(err));
  if (rv != 1)
    fprintf(stderr, "%s %s: %s\n", word, args, err);
  assert_int_equal(rv, 1);
}

/* The agent: listener on 127.0.0.1 (or ::1), its certificate, the CA,
 * and "mgr" for the manager's certificate only; sysDescr.0 readable by
 * TSM "mgr" at authPriv. */
static bool agent_open(rig *r, bool fake, const char *spec)
{
  side_open(&r->ag, fake);
  conf(r->ag.io, "localCert", agent_cert.cert_path);
  conf(r->ag.io, "trustCert", ca.cert_path);
  char line[700];
  snprintf(line, sizeof(line), "10 %s --sn mgr", mgr_cert.cert_path);
  conf(r->ag.io, "certSecName", line);
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse_listen(&a, spec, 0), 0);
  int li = snmpx_io_listen(r->ag.io, &a);
  if (li < 0)
    return false;
  assert_int_equal(snmpx_io_listen_addr(r->ag.io, li, &r->addr), 0);
  assert_int_equal(r->addr.domain, SNMPX_DOMAIN_DTLS);
  r->vacm = snmpx_vacm_new(NULL);
  assert_non_null(r->vacm);
  add_view(r->vacm, "all", "1", true);
  assert_int_equal(snmpx_vacm_add_group(r->vacm, SNMPX_SECMODEL_TSM,
                                        (const uint8_t *)"mgr", 3, "g"),
                   0);
  add_access(r->vacm, "g", SNMPX_SECMODEL_TSM, SNMPX_SECLEVEL_AUTHPRIV, "all",
             NULL);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = r->vacm;
  r->agent = snmpx_agent_new(&cfg);
  assert_non_null(r->agent);
  snmpx_mib *m = snmpx_agent_context(r->agent, NULL, 0, false);
  assert_non_null(m);
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse(&o, "1.3.6.1.2.1.1.1.0"), 0);
  snmpx_value v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "dtls agent", 10);
  assert_int_equal(snmpx_mib_add_value(m, snmpx_oid_view(&o), &v, 0), 0);
  assert_int_equal(snmpx_agent_attach(r->agent, r->ag.e), 0);
  return true;
}

/* The manager: its certificate (|cert|), the CA it trusts (|trust|), and
 * the agent as it must prove itself: |peer| (a certificate file) or, when
 * NULL, its host name "localhost". */
static void manager_open(rig *r, bool fake, const tt_cert *cert,
                         const tt_cert *trust, const tt_cert *peer)
{
  side_open(&r->mg, fake);
  conf(r->mg.io, "localCert", cert->cert_path);
  conf(r->mg.io, "trustCert", trust->cert_path);
  assert_int_equal(snmpx_io_tls_peer(r->mg.io, &r->addr,
                                     peer ? peer->cert_path : NULL,
                                     peer ? NULL : "localhost"),
                   0);
  memset(&r->t, 0, sizeof(r->t));
  r->t.addr = r->addr;
  r->t.version = SNMPX_VERSION_3;
  r->t.security_model = SNMPX_SECMODEL_TSM;
  r->t.transport_prefix = "dtls";
  r->t.user = (const uint8_t *)"mgr";
  r->t.user_len = 3;
  r->t.level = SNMPX_SECLEVEL_AUTHPRIV;
  r->t.timeout_ms = 20000;
  r->t.retries = 0;
}

static void rig_open(rig *r, bool agent_fake, bool mgr_fake)
{
  memset(r, 0, sizeof(*r));
  assert_true(agent_open(r, agent_fake, "dtlsudp:127.0.0.1:0"));
  manager_open(r, mgr_fake, &mgr_cert, &ca, &agent_cert);
}

static void side_close(side *s)
{
  snmpx_io_free(s->io);
  snmpx_engine_free(s->e);
}

static void rig_close(rig *r)
{
  side_close(&r->mg);
  snmpx_agent_free(r->agent);
  snmpx_vacm_free(r->vacm);
  side_close(&r->ag);
}

static void on_response(snmpx_engine *e, int64_t h, int status,
                        const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  rig *r = ud;
  r->done++;
  r->last_status = status;
  if (status != 0) {
    r->failed++;
    return;
  }
  const snmpx_pdu *p = &resp->pdu;
  if (p->error_status == 0 && p->n_varbinds == 1 &&
      p->varbinds[0].value.type == SNMPX_TYPE_OCTET_STRING &&
      p->varbinds[0].value.v.bytes.len == 10 &&
      memcmp(p->varbinds[0].value.v.bytes.ptr, "dtls agent", 10) == 0)
    r->ok++;
}

static int64_t get(rig *r)
{
  uint32_t arcs[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
  snmpx_varbind vb = {{arcs, 9}, snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  int64_t h = snmpx_engine_submit(r->mg.e, &r->t, &pdu, on_response, r);
  assert_true(h > 0);
  return h;
}

/* Real time in milliseconds (CLOCK_MONOTONIC), for the bound of RUN_UNTIL
 * whatever the engines' clocks say. */
static int64_t wall_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How long RUN_UNTIL waits at most for its condition: generous, so that a
 * busy machine (sanitizers, other jobs) does not fail a test by chance. */
#define RUN_LIMIT_MS 30000

/* Run both loops (the agent's when there is one) until |cond| holds, at
 * most RUN_LIMIT_MS of real time (the manager's loop waits at most 10 ms
 * a turn); the caller asserts |cond| afterwards. */
#define RUN_UNTIL(r, cond)                                                     \
  for (int64_t until_ = wall_ms() + RUN_LIMIT_MS;                              \
       !(cond) && wall_ms() < until_;) {                                       \
    if ((r)->ag.io != NULL)                                                    \
      snmpx_io_run_once((r)->ag.io, 0);                                        \
    snmpx_io_run_once((r)->mg.io, 10);                                         \
  }

static snmpx_tlstm_stats tlstm(const side *s)
{
  snmpx_tlstm_stats st;
  assert_int_equal(snmpx_io_get_tlstm_stats(s->io, &st), 0);
  return st;
}

static snmpx__dtls_stats dstats(const side *s)
{
  snmpx__dtls_stats st;
  snmpx__dtls_get_stats(s->io, &st);
  return st;
}

static uint64_t answers_sent(const side *s)
{
  snmpx_engine_stats st;
  snmpx_engine_get_stats(s->e, &st);
  return st.out_responses;
}

/* ---- what works ---------------------------------------------------------- */

static void get_answered(const char *spec, bool optional)
{
  static rig r;
  memset(&r, 0, sizeof(r));
  if (!agent_open(&r, false, spec)) {
    assert_true(optional); /* no IPv6 loopback here */
    side_close(&r.ag);
    return;
  }
  manager_open(&r, false, &mgr_cert, &ca, &agent_cert);
  assert_int_equal(snmpx_io_check_addr(r.mg.io, &r.addr), 0);
  get(&r);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  snmpx_tlstm_stats m = tlstm(&r.mg), a = tlstm(&r.ag);
  assert_int_equal(m.session_opens, 1);
  assert_int_equal(m.session_open_errors, 0);
  assert_int_equal(a.session_accepts, 1);
  assert_int_equal(a.invalid_client_certificates, 0);
  assert_int_equal(dstats(&r.mg).client_sessions, 1);
  assert_int_equal(dstats(&r.ag).server_sessions, 1);
  assert_int_equal(dstats(&r.ag).hello_verify, 1);
  rig_close(&r);
}

static void test_io_dtls_get_answered(void **state)
{
  (void)state;
  get_answered("dtlsudp:127.0.0.1:0", false);
}

static void test_io_dtls6_get_answered(void **state)
{
  (void)state;
  get_answered("dtlsudp6:[::1]:0", true);
}

/* Many requests in flight at once, written before the handshake is done:
 * they wait, then all go on one session and are all answered. */
static void test_io_dtls_many_requests_one_session(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  enum { N = 50 };
  for (int i = 0; i < N; i++)
    get(&r);
  RUN_UNTIL(&r, r.done == N);
  assert_int_equal(r.ok, N);
  assert_int_equal(answers_sent(&r.ag), N);
  /* And more on the established session. */
  for (int i = 0; i < N; i++)
    get(&r);
  RUN_UNTIL(&r, r.done == 2 * N);
  assert_int_equal(r.ok, 2 * N);
  assert_int_equal(tlstm(&r.mg).session_opens, 1);
  assert_int_equal(tlstm(&r.ag).session_accepts, 1);
  assert_int_equal(dstats(&r.ag).hello_verify, 1);
  assert_int_equal(dstats(&r.mg).dropped, 0);
  rig_close(&r);
}

/* The manager's session, idle past SNMPX_IO_IDLE_MS on its (fake) clock,
 * is closed with a close_notify that ends the agent's too; the next
 * request opens a session that resumes the first. */
static void test_io_dtls_client_idle_close_then_resume(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, true);
  get(&r);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  assert_int_equal(dstats(&r.mg).resumed, 0);
  r.mg.clock += SNMPX_IO_IDLE_MS - 1;
  snmpx_io_run_once(r.mg.io, 0);
  assert_int_equal(dstats(&r.mg).client_sessions, 1);
  r.mg.clock += 1;
  snmpx_io_run_once(r.mg.io, 0);
  assert_int_equal(dstats(&r.mg).client_sessions, 0);
  assert_int_equal(dstats(&r.mg).idle_closed, 1);
  assert_int_equal(tlstm(&r.mg).session_client_closes, 1);
  RUN_UNTIL(&r, dstats(&r.ag).server_sessions == 0);
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  assert_int_equal(tlstm(&r.ag).session_server_closes, 1);
  get(&r);
  RUN_UNTIL(&r, r.done == 2);
  assert_int_equal(r.ok, 2);
  assert_int_equal(dstats(&r.mg).resumed, 1);
  assert_int_equal(tlstm(&r.mg).session_opens, 2);
  assert_int_equal(tlstm(&r.ag).session_accepts, 2);
  rig_close(&r);
}

/* The agent's session, idle on its (fake) clock, is closed; the manager
 * hears the close_notify and forgets its own; the next request works. */
static void test_io_dtls_server_idle_close(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, true, false);
  get(&r);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  r.ag.clock += SNMPX_IO_IDLE_MS;
  snmpx_io_run_once(r.ag.io, 0);
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  assert_int_equal(dstats(&r.ag).idle_closed, 1);
  assert_int_equal(tlstm(&r.ag).session_server_closes, 1);
  RUN_UNTIL(&r, dstats(&r.mg).client_sessions == 0);
  assert_int_equal(dstats(&r.mg).client_sessions, 0);
  assert_int_equal(tlstm(&r.mg).session_client_closes, 1);
  get(&r);
  RUN_UNTIL(&r, r.done == 2);
  assert_int_equal(r.ok, 2);
  assert_int_equal(dstats(&r.ag).server_sessions, 1);
  rig_close(&r);
}

/* A plain UDP socket of the test's, connected to the agent's listener. */
static int raw_socket(const rig *r)
{
  int fd = socket(r->addr.u.sa.sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  assert_true(fd >= 0);
  assert_int_equal(connect(fd, &r->addr.u.sa, r->addr.len), 0);
  return fd;
}

/* Wait (at most RUN_LIMIT_MS, running the agent) for a datagram on |fd|.
 * @return its length, or 0 when none came. */
static size_t raw_recv(rig *r, int fd, uint8_t *buf, size_t cap)
{
  for (int64_t until = wall_ms() + RUN_LIMIT_MS; wall_ms() < until;) {
    snmpx_io_run_once(r->ag.io, 0);
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 10) == 1) {
      ssize_t n = recv(fd, buf, cap, 0);
      assert_true(n > 0);
      return (size_t)n;
    }
  }
  return 0;
}

/* A DTLS client context of the test's own (the manager's certificate),
 * for handshakes driven by hand. */
static snmpx__tls_ctx *mgr_dtls_ctx(void)
{
  const char *cas[] = {ca.cert_path};
  snmpx__tls_config cfg = {.server = false,
                           .dtls = true,
                           .cert_file = mgr_cert.cert_path,
                           .key_file = mgr_cert.key_path,
                           .ca_files = cas,
                           .n_ca_files = 1};
  snmpx__tls_ctx *ctx = snmpx__tls_ctx_new(&cfg, NULL, 0);
  assert_non_null(ctx);
  return ctx;
}

/* RFC 6347 4.2.1: a ClientHello without a cookie is answered with a
 * HelloVerifyRequest and leaves no session behind; the ClientHello that
 * returns the cookie makes one. */
static void test_io_dtls_cookie_exchange(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  snmpx__tls_ctx *ctx = mgr_dtls_ctx();
  snmpx__tls_session *s = snmpx__tls_session_new(ctx, "x", 1);
  assert_non_null(s);
  static uint8_t dg[4096];
  int n = snmpx__tls_session_take(s, dg, sizeof(dg));
  assert_true(n > 14);
  assert_int_equal(dg[0], 22); /* handshake */
  assert_int_equal(dg[13], 1); /* ClientHello */
  int fd = raw_socket(&r);
  assert_int_equal(send(fd, dg, (size_t)n, 0), n);
  size_t got = raw_recv(&r, fd, dg, sizeof(dg));
  assert_true(got > 14);
  assert_int_equal(dg[0], 22);
  assert_int_equal(dg[13], 3); /* HelloVerifyRequest */
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  assert_int_equal(dstats(&r.ag).hello_verify, 1);
  /* The same ClientHello again: still no session. */
  assert_int_equal(snmpx__tls_session_feed(s, dg, got), 0);
  n = snmpx__tls_session_take(s, dg, sizeof(dg));
  assert_true(n > 14);
  assert_int_equal(dg[13], 1); /* the ClientHello with the cookie */
  assert_int_equal(send(fd, dg, (size_t)n, 0), n);
  got = raw_recv(&r, fd, dg, sizeof(dg));
  assert_true(got > 14);
  assert_int_equal(dg[13], 2); /* ServerHello */
  assert_int_equal(dstats(&r.ag).server_sessions, 1);
  assert_int_equal(dstats(&r.ag).hello_verify, 1);
  close(fd);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(ctx);
  rig_close(&r);
}

/* RFC 6347 4.2.1: the cookie secret changes (every minute): a ClientHello
 * that returns a cookie made two periods ago is answered with a new
 * HelloVerifyRequest and makes no session; one made in the period before
 * is still good. */
static void test_io_dtls_cookie_expires(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, true, false);
  snmpx__tls_ctx *ctx = mgr_dtls_ctx();
  static uint8_t hello[4096], dg[4096];
  int fd = raw_socket(&r);
  /* Twice: a cookie one period old is good, two periods old is not. */
  for (int old = 1; old <= 2; old++) {
    snmpx__tls_session *s = snmpx__tls_session_new(ctx, "x", 1);
    assert_non_null(s);
    int n = snmpx__tls_session_take(s, dg, sizeof(dg));
    assert_int_equal(send(fd, dg, (size_t)n, 0), n);
    size_t got = raw_recv(&r, fd, dg, sizeof(dg));
    assert_int_equal(dg[13], 3); /* HelloVerifyRequest */
    assert_int_equal(snmpx__tls_session_feed(s, dg, got), 0);
    int hn = snmpx__tls_session_take(s, hello, sizeof(hello));
    assert_int_equal(hello[13], 1); /* the ClientHello with the cookie */
    uint64_t verifies = dstats(&r.ag).hello_verify;
    uint64_t sessions = dstats(&r.ag).server_sessions;
    r.ag.clock += (uint64_t)old * 60000 + 1000;
    assert_int_equal(send(fd, hello, (size_t)hn, 0), hn);
    got = raw_recv(&r, fd, dg, sizeof(dg));
    assert_true(got > 14);
    if (old == 1) {
      assert_int_equal(dg[13], 2); /* ServerHello: still good */
      assert_int_equal(dstats(&r.ag).server_sessions, sessions + 1);
    } else {
      /* A new HelloVerifyRequest, which the listener sends only to a
       * peer it made no session for. */
      assert_int_equal(dg[13], 3);
      assert_int_equal(dstats(&r.ag).hello_verify, verifies + 1);
    }
    snmpx__tls_session_free(s);
    close(fd);
    fd = raw_socket(&r); /* another port: another peer */
  }
  close(fd);
  snmpx__tls_ctx_free(ctx);
  rig_close(&r);
}

/* A client session of the test's own over the raw socket |fd|: the
 * handshake pumped by hand to its end (the agent run in between).
 * @return it, established. */
static snmpx__tls_session *raw_client(rig *r, snmpx__tls_ctx *ctx, int fd)
{
  static uint8_t dg[16384];
  snmpx__tls_session *s = snmpx__tls_session_new(ctx, "raw", 3);
  assert_non_null(s);
  for (int round = 0; round < 20 && !snmpx__tls_session_is_ready(s); round++) {
    int n;
    while ((n = snmpx__tls_session_take(s, dg, sizeof(dg))) > 0)
      assert_int_equal(send(fd, dg, (size_t)n, 0), n);
    size_t got = raw_recv(r, fd, dg, sizeof(dg));
    if (got > 0)
      assert_int_equal(snmpx__tls_session_feed(s, dg, got), 0);
  }
  assert_true(snmpx__tls_session_is_ready(s));
  int n;
  while ((n = snmpx__tls_session_take(s, dg, sizeof(dg))) > 0)
    assert_int_equal(send(fd, dg, (size_t)n, 0), n);
  return s;
}

static snmpx__tls_ctx *raw_ctx(void)
{
  snmpx__tls_ctx *ctx = mgr_dtls_ctx();
  return ctx;
}

/* RFC 6347 4.1.2.7: datagrams with the peer's address that do not
 * decrypt (a forged record of the session's epoch, too short or with a
 * bad tag) are discarded and the session lives on: its close_notify is
 * still read, and ends it. */
static void test_io_dtls_forged_records_ignored(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  snmpx__tls_ctx *ctx = raw_ctx();
  int fd = raw_socket(&r);
  snmpx__tls_session *s = raw_client(&r, ctx, fd);
  RUN_UNTIL(&r, tlstm(&r.ag).session_accepts == 1);
  assert_int_equal(tlstm(&r.ag).session_accepts, 1);
  uint8_t junk[64];
  memset(junk, 0x5a, sizeof(junk));
  static const uint8_t head[] = {23, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9};
  memcpy(junk, head, sizeof(head));
  junk[11] = 0;
  junk[12] = 3; /* shorter than any AEAD nonce and tag */
  assert_int_equal(send(fd, junk, 16, 0), 16);
  junk[12] = 40; /* long enough, but the tag is wrong */
  assert_int_equal(send(fd, junk, 53, 0), 53);
  for (int i = 0; i < 50; i++)
    snmpx_io_run_once(r.ag.io, 1);
  assert_int_equal(dstats(&r.ag).server_sessions, 1);
  assert_int_equal(tlstm(&r.ag).session_server_closes, 0);
  snmpx__tls_session_close(s);
  static uint8_t dg[2048];
  int n;
  while ((n = snmpx__tls_session_take(s, dg, sizeof(dg))) > 0)
    assert_int_equal(send(fd, dg, (size_t)n, 0), n);
  RUN_UNTIL(&r, dstats(&r.ag).server_sessions == 0);
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  assert_int_equal(tlstm(&r.ag).session_server_closes, 1);
  close(fd);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(ctx);
  rig_close(&r);
}

/* Datagrams that are not DTLS (and a truncated ClientHello) make no
 * session and are counted; the listener serves after them. */
static void test_io_dtls_garbage_ignored(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  int fd = raw_socket(&r);
  static const uint8_t junk[][20] = {
      {0x30, 0x03, 0x02, 0x01, 0x00},
      {22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 1, 0, 0},
      {23, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 5, 0, 3, 1, 2, 3},
      {0},
  };
  for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
    assert_int_equal(send(fd, junk[i], sizeof(junk[i]), 0),
                     (ssize_t)sizeof(junk[i]));
  RUN_UNTIL(&r, dstats(&r.ag).garbage == 4);
  assert_int_equal(dstats(&r.ag).garbage, 4);
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  assert_int_equal(dstats(&r.ag).hello_verify, 0);
  close(fd);
  get(&r);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  rig_close(&r);
}

/* A held request answered after its session closed: RFC 6353 5.2 step 1,
 * dropped and counted in snmpTlstmSessionNoSessions. */
static snmpx_incoming *held_in;

static void hold_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)ud;
  held_in = snmpx_engine_hold(e, in);
}

static void test_io_dtls_answer_without_session(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, true, false);
  snmpx_engine_set_responder(r.ag.e, hold_request, &r);
  held_in = NULL;
  r.t.timeout_ms = 1500;
  get(&r);
  RUN_UNTIL(&r, held_in != NULL);
  assert_non_null(held_in);
  assert_int_equal(held_in->security_model, SNMPX_SECMODEL_TSM);
  assert_int_equal(held_in->msg.security_name_len, 3);
  assert_memory_equal(held_in->msg.security_name, "mgr", 3);
  r.ag.clock += SNMPX_IO_IDLE_MS;
  snmpx_io_run_once(r.ag.io, 0);
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  snmpx_pdu resp = held_in->msg.pdu;
  resp.type = SNMPX_PDU_RESPONSE;
  assert_int_equal(snmpx_engine_respond(r.ag.e, held_in, &resp), 0);
  snmpx_engine_release(r.ag.e, held_in);
  assert_int_equal(tlstm(&r.ag).session_no_sessions, 1);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.last_status, SNMPX_ETIMEDOUT);
  rig_close(&r);
}

/* A server that never answers: the ClientHello is sent again on the
 * handshake's timer (real time, whatever the engine's clock says), and
 * the handshake is abandoned DTLS_HANDSHAKE_MS after it began (on the
 * engine's clock), counted as an open error. */
static void test_io_dtls_handshake_retransmitted_then_abandoned(void **state)
{
  (void)state;
  static rig r;
  memset(&r, 0, sizeof(r));
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  assert_true(fd >= 0);
  struct sockaddr_in sin = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
  r.addr.len = sizeof(r.addr.u.in4);
  assert_int_equal(getsockname(fd, &r.addr.u.sa, &r.addr.len), 0);
  r.addr.domain = SNMPX_DOMAIN_DTLS;
  manager_open(&r, true, &mgr_cert, &ca, &agent_cert);
  get(&r);
  static uint8_t dg[4096];
  int hellos = 0;
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       hellos < 2 && wall_ms() < until;) {
    snmpx_io_run_once(r.mg.io, 10);
    struct pollfd p = {fd, POLLIN, 0};
    while (poll(&p, 1, 0) == 1) {
      ssize_t n = recv(fd, dg, sizeof(dg), 0);
      assert_true(n > 14);
      assert_int_equal(dg[0], 22);
      assert_int_equal(dg[13], 1);
      hellos++;
    }
  }
  assert_true(hellos >= 2);
  assert_int_equal(dstats(&r.mg).client_sessions, 1);
  r.mg.clock += 30000;
  snmpx_io_run_once(r.mg.io, 0);
  assert_int_equal(dstats(&r.mg).client_sessions, 0);
  assert_int_equal(tlstm(&r.mg).session_open_errors, 1);
  assert_int_equal(dstats(&r.mg).dropped, 1); /* the request it held */
  close(fd);
  rig_close(&r);
}

/* A server port where nothing listens: the connected socket hears the
 * ICMP error and the handshake fails at once, counted, long before the
 * request's timeout. */
static void test_io_dtls_unreachable_fails_fast(void **state)
{
  (void)state;
  static rig r;
  memset(&r, 0, sizeof(r));
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  assert_true(fd >= 0);
  struct sockaddr_in sin = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
  r.addr.len = sizeof(r.addr.u.in4);
  assert_int_equal(getsockname(fd, &r.addr.u.sa, &r.addr.len), 0);
  r.addr.domain = SNMPX_DOMAIN_DTLS;
  close(fd); /* nothing listens there now */
  manager_open(&r, false, &mgr_cert, &ca, &agent_cert);
  get(&r);
  RUN_UNTIL(&r, tlstm(&r.mg).session_open_errors == 1);
  assert_int_equal(tlstm(&r.mg).session_open_errors, 1);
  assert_int_equal(dstats(&r.mg).client_sessions, 0);
  assert_int_equal(r.done, 0); /* the request still waits for its retry */
  rig_close(&r);
}

/* Freeing an io ends its established sessions with a close_notify. */
static void test_io_dtls_free_sends_close_notify(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  get(&r);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  side_close(&r.mg);
  memset(&r.mg, 0, sizeof(r.mg));
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       dstats(&r.ag).server_sessions != 0 && wall_ms() < until;)
    snmpx_io_run_once(r.ag.io, 10);
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  assert_int_equal(tlstm(&r.ag).session_server_closes, 1);
  rig_close(&r);
}

/* A listener keeps at most SNMPX_IO_MAX_ACCEPTED sessions: a new peer
 * past that gets nothing (not even a HelloVerifyRequest) and is counted;
 * when one session closes, a new peer gets in. */
static void test_io_dtls_session_limit(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  snmpx__tls_ctx *ctx = raw_ctx();
  enum { MAX = SNMPX_IO_MAX_ACCEPTED };
  static int fds[MAX + 1];
  static snmpx__tls_session *cs[MAX + 1];
  for (int i = 0; i < MAX; i++) {
    fds[i] = raw_socket(&r);
    cs[i] = raw_client(&r, ctx, fds[i]);
  }
  RUN_UNTIL(&r, dstats(&r.ag).server_sessions == MAX);
  assert_int_equal(dstats(&r.ag).server_sessions, MAX);
  uint64_t hvr = dstats(&r.ag).hello_verify;
  /* One more peer: its ClientHello is dropped. */
  fds[MAX] = raw_socket(&r);
  cs[MAX] = snmpx__tls_session_new(ctx, "last", 4);
  assert_non_null(cs[MAX]);
  static uint8_t dg[4096];
  int n = snmpx__tls_session_take(cs[MAX], dg, sizeof(dg));
  assert_true(n > 0);
  assert_int_equal(send(fds[MAX], dg, (size_t)n, 0), n);
  RUN_UNTIL(&r, dstats(&r.ag).refused == 1);
  assert_int_equal(dstats(&r.ag).refused, 1);
  assert_int_equal(dstats(&r.ag).hello_verify, hvr);
  assert_int_equal(dstats(&r.ag).server_sessions, MAX);
  /* One closes: the new peer's next ClientHello gets its cookie. */
  snmpx__tls_session_close(cs[0]);
  while ((n = snmpx__tls_session_take(cs[0], dg, sizeof(dg))) > 0)
    assert_int_equal(send(fds[0], dg, (size_t)n, 0), n);
  RUN_UNTIL(&r, dstats(&r.ag).server_sessions == MAX - 1);
  snmpx__tls_session_free(cs[MAX]);
  cs[MAX] = raw_client(&r, ctx, fds[MAX]);
  RUN_UNTIL(&r, dstats(&r.ag).server_sessions == MAX);
  assert_int_equal(dstats(&r.ag).server_sessions, MAX);
  for (int i = 0; i <= MAX; i++) {
    snmpx__tls_session_free(cs[i]);
    close(fds[i]);
  }
  snmpx__tls_ctx_free(ctx);
  rig_close(&r);
}

/* The engine's retries of a request sent while the handshake runs wait
 * once: the agent gets the request once (the manager's clock is fake, so
 * every retry happens before the agent runs at all). */
static void test_io_dtls_retries_wait_once(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, true);
  r.t.timeout_ms = 1000;
  r.t.retries = 3;
  get(&r);
  for (int i = 0; i < 3; i++) {
    r.mg.clock += 1000;
    snmpx_io_run_once(r.mg.io, 0);
  }
  snmpx_engine_stats ms;
  snmpx_engine_get_stats(r.mg.e, &ms);
  assert_int_equal(ms.out_pkts, 4); /* the request and three retries */
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  snmpx_engine_stats as;
  snmpx_engine_get_stats(r.ag.e, &as);
  assert_int_equal(as.in_pkts, 1);
  rig_close(&r);
}

/* The notification roles: an originator's trap and inform over DTLS to a
 * receiver's DTLS listener, seen as TSM from "mgr"; the inform is
 * acknowledged on its session. */
typedef struct notif_seen {
  int traps, informs, tsm_mgr;
} notif_seen;

static void on_notification(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)e;
  notif_seen *n = ud;
  if (in->msg.pdu.type == SNMPX_PDU_TRAP_V2)
    n->traps++;
  if (in->msg.pdu.type == SNMPX_PDU_INFORM)
    n->informs++;
  if (in->security_model == SNMPX_SECMODEL_TSM &&
      in->msg.security_name_len == 3 &&
      memcmp(in->msg.security_name, "mgr", 3) == 0)
    n->tsm_mgr++;
}

static void on_inform_ack(snmpx_engine *e, int64_t h, int status,
                          const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  (void)resp;
  rig *r = ud;
  r->done++;
  r->last_status = status;
  if (status == 0)
    r->ok++;
}

static void test_io_dtls_trap_and_inform(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  notif_seen seen = {0};
  snmpx_engine_set_receiver(r.ag.e, on_notification, &seen);
  uint32_t trap_arcs[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 1}; /* coldStart */
  snmpx_varbind vbs[4];
  snmpx_pdu pdu;
  assert_int_equal(snmpx_notify_build_v2(&pdu, SNMPX_PDU_TRAP_V2, 100,
                                         (snmpx_oidv){trap_arcs, 10}, NULL, 0,
                                         vbs, 4),
                   0);
  assert_int_equal(snmpx_notify_send_trap(r.mg.e, &r.t, &pdu), 0);
  RUN_UNTIL(&r, seen.traps == 1);
  assert_int_equal(seen.traps, 1);
  pdu.type = SNMPX_PDU_INFORM;
  assert_true(snmpx_notify_send_inform(r.mg.e, &r.t, &pdu, on_inform_ack, &r) >
              0);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  assert_int_equal(seen.informs, 1);
  assert_int_equal(seen.tsm_mgr, 2);
  assert_int_equal(tlstm(&r.mg).session_opens, 1); /* one session */
  rig_close(&r);
}

/* A foreign loop for the manager (the hooks of snmpx_io_set_loop_
 * callbacks over poll): DTLS sockets are reported like the others, and
 * the handshake's retransmission comes through the one timer. */
typedef struct floop {
  int fds[16];
  int n;
  int64_t timer; /* when it fires (fl_now ms); -1: none */
  int removed;
} floop;

static void fl_socket(void *ud, int fd, int what)
{
  floop *l = ud;
  for (int i = 0; i < l->n; i++) {
    if (l->fds[i] == fd) {
      if (what == SNMPX_POLL_REMOVE) {
        l->fds[i] = l->fds[--l->n];
        l->removed++;
      }
      return;
    }
  }
  assert_true(what & SNMPX_POLL_IN);
  assert_true(l->n < 16);
  l->fds[l->n++] = fd;
}

static int64_t fl_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fl_timer(void *ud, int64_t ms)
{
  ((floop *)ud)->timer = ms < 0 ? -1 : fl_now() + ms;
}

/* One turn of the foreign loop: wait at most |cap| ms (or the timer). */
static void fl_turn(snmpx_io *io, floop *l, int cap)
{
  struct pollfd p[16];
  for (int i = 0; i < l->n; i++)
    p[i] = (struct pollfd){l->fds[i], POLLIN, 0};
  int64_t left = l->timer >= 0 ? l->timer - fl_now() : cap;
  int wait = left < 0 ? 0 : left < cap ? (int)left : cap;
  int n = poll(p, (nfds_t)l->n, wait);
  for (int i = 0; n > 0 && i < l->n; i++)
    if (p[i].revents)
      snmpx_io_on_readable(io, p[i].fd);
  if (l->timer >= 0 && fl_now() >= l->timer) {
    l->timer = -1;
    snmpx_io_on_timeout(io);
  }
}

static void test_io_dtls_foreign_loop(void **state)
{
  (void)state;
  static rig r;
  static floop l;
  memset(&l, 0, sizeof(l));
  l.timer = -1;
  /* A silent server first: the ClientHello is sent again on the timer. */
  memset(&r, 0, sizeof(r));
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  assert_true(fd >= 0);
  struct sockaddr_in sin = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
  r.addr.len = sizeof(r.addr.u.in4);
  assert_int_equal(getsockname(fd, &r.addr.u.sa, &r.addr.len), 0);
  r.addr.domain = SNMPX_DOMAIN_DTLS;
  manager_open(&r, false, &mgr_cert, &ca, &agent_cert);
  assert_int_equal(
      snmpx_io_set_loop_callbacks(r.mg.io, fl_socket, fl_timer, &l), 0);
  get(&r);
  assert_int_equal(l.n, 1); /* the session's socket */
  static uint8_t dg[4096];
  int hellos = 0;
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       hellos < 2 && wall_ms() < until;) {
    fl_turn(r.mg.io, &l, 10);
    struct pollfd p = {fd, POLLIN, 0};
    while (poll(&p, 1, 0) == 1 && recv(fd, dg, sizeof(dg), 0) > 14)
      hellos++;
  }
  assert_true(hellos >= 2);
  close(fd);
  side_close(&r.mg);
  /* Then a real agent: the GET is answered through the hooks. */
  memset(&l, 0, sizeof(l));
  l.timer = -1;
  rig_open(&r, false, false);
  assert_int_equal(
      snmpx_io_set_loop_callbacks(r.mg.io, fl_socket, fl_timer, &l), 0);
  get(&r);
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       r.done < 1 && wall_ms() < until;) {
    snmpx_io_run_once(r.ag.io, 0);
    fl_turn(r.mg.io, &l, 10);
  }
  assert_int_equal(r.ok, 1);
  assert_int_equal(l.n, 1);
  rig_close(&r);
  assert_int_equal(l.removed, 1); /* freeing the io removed it */
}

/* ---- what is refused ---------------------------------------------------- */

/* Send the manager's one request and run until both it has ended, short
 * of an answer (its 1.5 s timeout), and |refused| holds (the refusal
 * counted in snmpTlstmSessionStats; the handshake may end well after the
 * request's timeout on a busy machine), at most RUN_LIMIT_MS. */
#define EXPECT_UNANSWERED(r, refused)                                          \
  do {                                                                         \
    (r)->t.timeout_ms = 1500;                                                  \
    get(r);                                                                    \
    RUN_UNTIL(r, (r)->done == 1 && (refused));                                 \
    assert_true(refused);                                                      \
    assert_int_equal((r)->done, 1);                                            \
    assert_int_equal((r)->ok, 0);                                              \
    assert_int_equal((r)->last_status, SNMPX_ETIMEDOUT);                       \
    assert_int_equal(answers_sent(&(r)->ag), 0);                               \
  } while (0)

/* RFC 6353 5.3.1 step 2: the server presents a certificate the CA signed,
 * but not the one the manager named: refused, nothing sent to it. */
static void test_io_dtls_server_not_the_one_named(void **state)
{
  (void)state;
  static rig r;
  memset(&r, 0, sizeof(r));
  assert_true(agent_open(&r, false, "dtlsudp:127.0.0.1:0"));
  manager_open(&r, false, &mgr_cert, &ca, &other_cert);
  EXPECT_UNANSWERED(&r, tlstm(&r.mg).unknown_server_certificate >= 1 &&
                            tlstm(&r.mg).session_open_errors >= 1);
  snmpx_tlstm_stats m = tlstm(&r.mg);
  assert_true(m.unknown_server_certificate >= 1);
  assert_true(m.session_open_errors >= 1);
  assert_int_equal(m.session_opens, 0);
  assert_int_equal(snmpx_engine_pending(r.ag.e), 0);
  /* The request never left: it waited for the check, and was dropped. */
  assert_int_equal(dstats(&r.mg).dropped, 1);
  snmpx_engine_stats st;
  snmpx_engine_get_stats(r.ag.e, &st);
  assert_int_equal(st.in_pkts, 0);
  rig_close(&r);
}

/* RFC 6353 5.3.2: a client whose certificate no certSecName maps is
 * refused by the agent. */
static void test_io_dtls_client_without_secname(void **state)
{
  (void)state;
  static rig r;
  memset(&r, 0, sizeof(r));
  assert_true(agent_open(&r, false, "dtlsudp:127.0.0.1:0"));
  manager_open(&r, false, &stranger_cert, &ca, &agent_cert);
  EXPECT_UNANSWERED(&r, tlstm(&r.ag).invalid_client_certificates >= 1);
  snmpx_tlstm_stats a = tlstm(&r.ag);
  assert_true(a.invalid_client_certificates >= 1);
  assert_int_equal(a.session_accepts, 0);
  assert_int_equal(dstats(&r.ag).server_sessions, 0);
  rig_close(&r);
}

/* A server whose CA the manager does not trust (and whose certificate it
 * does not know by fingerprint): the handshake fails. */
static void test_io_dtls_wrong_ca(void **state)
{
  (void)state;
  static rig r;
  memset(&r, 0, sizeof(r));
  assert_true(agent_open(&r, false, "dtlsudp:127.0.0.1:0"));
  manager_open(&r, false, &mgr_cert, &ca2, NULL);
  EXPECT_UNANSWERED(&r, tlstm(&r.mg).invalid_server_certificates >= 1 &&
                            tlstm(&r.mg).session_open_errors >= 1);
  snmpx_tlstm_stats m = tlstm(&r.mg);
  assert_true(m.invalid_server_certificates >= 1);
  assert_true(m.session_open_errors >= 1);
  assert_int_equal(m.session_opens, 0);
  assert_int_equal(tlstm(&r.ag).session_accepts, 0);
  assert_non_null(strstr(snmpx_io_tls_error(r.mg.io), "certificate"));
  rig_close(&r);
}

/* snmpx_io_connect starts the session now and waits for it alone: with
 * the agent not running it times out, and the session it started is the
 * one the next request uses. */
static void test_io_dtls_connect(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  snmpx__dtls_stats before = dstats(&r.mg);
  assert_int_equal(before.client_sessions, 0);
  /* A connect that cannot complete (the agent is not run) times out. */
  assert_int_equal(snmpx_io_connect(r.mg.io, &r.addr, 200), SNMPX_ETIMEDOUT);
  /* The session it started stays and completes when both run. */
  get(&r);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  assert_int_equal(dstats(&r.mg).client_sessions, 1);
  rig_close(&r);
}

/* The agent served by a thread of its own while the manager's
 * snmpx_io_connect blocks (the agent's io and engine are used by that
 * thread alone until it is joined). */
static atomic_int agent_stop;

static void *agent_thread(void *ud)
{
  rig *r = ud;
  while (!atomic_load(&agent_stop))
    snmpx_io_run_once(r->ag.io, 10);
  return NULL;
}

static int connect_with_agent(rig *r)
{
  pthread_t th;
  atomic_store(&agent_stop, 0);
  assert_int_equal(pthread_create(&th, NULL, agent_thread, r), 0);
  int rv = snmpx_io_connect(r->mg.io, &r->addr, 20000);
  atomic_store(&agent_stop, 1);
  assert_int_equal(pthread_join(th, NULL), 0);
  return rv;
}

/* snmpx_io_connect returns once the handshake is done and the server
 * checked; the first request adopts that session. */
static void test_io_dtls_connect_waits_for_handshake(void **state)
{
  (void)state;
  static rig r;
  rig_open(&r, false, false);
  assert_int_equal(connect_with_agent(&r), 0);
  assert_int_equal(tlstm(&r.mg).session_opens, 1);
  assert_int_equal(dstats(&r.mg).client_sessions, 1);
  get(&r);
  RUN_UNTIL(&r, r.done == 1);
  assert_int_equal(r.ok, 1);
  assert_int_equal(tlstm(&r.mg).session_opens, 1);
  assert_int_equal(dstats(&r.mg).client_sessions, 1);
  rig_close(&r);
}

/* snmpx_io_connect to a server that is not the one named fails with
 * SNMPX_ETLS_CERT, before any request. */
static void test_io_dtls_connect_refuses_server(void **state)
{
  (void)state;
  static rig r;
  memset(&r, 0, sizeof(r));
  assert_true(agent_open(&r, false, "dtlsudp:127.0.0.1:0"));
  manager_open(&r, false, &mgr_cert, &ca, &other_cert);
  assert_int_equal(connect_with_agent(&r), SNMPX_ETLS_CERT);
  assert_int_equal(tlstm(&r.mg).unknown_server_certificate, 1);
  assert_int_equal(dstats(&r.mg).client_sessions, 0);
  rig_close(&r);
}

/* An io without certificates cannot listen on DTLS. */
static void test_io_dtls_listen_needs_certificate(void **state)
{
  (void)state;
  side s;
  side_open(&s, false);
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse_listen(&a, "dtlsudp:127.0.0.1:0", 0), 0);
  assert_int_equal(snmpx_io_listen(s.io, &a), SNMPX_ETLS_CONFIG);
  assert_true(snmpx_io_tls_error(s.io)[0] != '\0');
  side_close(&s);
}

/* ---- an answer larger than a DTLS record ------------------------------ */

static int big_done, big_status, big_errstat;
static size_t big_len;

static void on_big(snmpx_engine *e, int64_t h, int status,
                   const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  (void)ud;
  big_done++;
  big_status = status;
  if (status == 0) {
    big_errstat = resp->pdu.error_status;
    big_len =
        resp->pdu.n_varbinds == 1 ? resp->pdu.varbinds[0].value.v.bytes.len : 0;
  }
}

/* GET of a value of |size| octets over DTLS.  A message is one record
 * (2^14 octets of plaintext at most, RFC 6347 4.1): what fits is answered,
 * what does not is a tooBig answer, never a datagram dropped on the way
 * (which the manager would see as a timeout). */
static void big_get(size_t size)
{
  static rig r;
  static char big[20000];
  rig_open(&r, false, false);
  snmpx_mib *m = snmpx_agent_context(r.agent, NULL, 0, false);
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse(&o, "1.3.6.1.2.1.1.4.0"), 0);
  memset(big, 'x', sizeof(big));
  snmpx_value v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, big, size);
  assert_int_equal(snmpx_mib_add_value(m, snmpx_oid_view(&o), &v, 0), 0);
  uint32_t arcs[] = {1, 3, 6, 1, 2, 1, 1, 4, 0};
  snmpx_varbind vb = {{arcs, 9}, snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  r.t.timeout_ms = 20000;
  big_done = big_status = big_errstat = 0;
  big_len = 0;
  assert_true(snmpx_engine_submit(r.mg.e, &r.t, &pdu, on_big, &r) > 0);
  RUN_UNTIL(&r, big_done == 1);
  assert_int_equal(big_status, 0);
  assert_int_equal(dstats(&r.ag).dropped, 0);
  rig_close(&r);
}

static void test_io_dtls_answer_fits_a_record(void **state)
{
  (void)state;
  big_get(3000);
  assert_int_equal(big_errstat, SNMPX_ERRSTAT_NO_ERROR);
  assert_int_equal(big_len, 3000);
  big_get(20000);
  assert_int_equal(big_errstat, SNMPX_ERRSTAT_TOO_BIG);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_io_dtls_get_answered),
      cmocka_unit_test(test_io_dtls6_get_answered),
      cmocka_unit_test(test_io_dtls_many_requests_one_session),
      cmocka_unit_test(test_io_dtls_client_idle_close_then_resume),
      cmocka_unit_test(test_io_dtls_server_idle_close),
      cmocka_unit_test(test_io_dtls_cookie_exchange),
      cmocka_unit_test(test_io_dtls_cookie_expires),
      cmocka_unit_test(test_io_dtls_garbage_ignored),
      cmocka_unit_test(test_io_dtls_forged_records_ignored),
      cmocka_unit_test(test_io_dtls_session_limit),
      cmocka_unit_test(test_io_dtls_retries_wait_once),
      cmocka_unit_test(test_io_dtls_trap_and_inform),
      cmocka_unit_test(test_io_dtls_foreign_loop),
      cmocka_unit_test(test_io_dtls_unreachable_fails_fast),
      cmocka_unit_test(test_io_dtls_free_sends_close_notify),
      cmocka_unit_test(test_io_dtls_answer_without_session),
      cmocka_unit_test(test_io_dtls_handshake_retransmitted_then_abandoned),
      cmocka_unit_test(test_io_dtls_server_not_the_one_named),
      cmocka_unit_test(test_io_dtls_client_without_secname),
      cmocka_unit_test(test_io_dtls_wrong_ca),
      cmocka_unit_test(test_io_dtls_connect),
      cmocka_unit_test(test_io_dtls_connect_waits_for_handshake),
      cmocka_unit_test(test_io_dtls_connect_refuses_server),
      cmocka_unit_test(test_io_dtls_listen_needs_certificate),
      cmocka_unit_test(test_io_dtls_answer_fits_a_record),
  };
  return cmocka_run_group_tests(tests, make_certs, free_certs);
}
