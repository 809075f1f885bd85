/* TLS over TCP (RFC 6353 snmpTLSTCPDomain) on real loopback sockets: a
 * manager (engine + io, a TSM target) and an agent (engine + io + the
 * agent with VACM for securityModel 4, the user mapped from the client's
 * certificate by certSecName) over tls:127.0.0.1.  A GET is answered;
 * several requests share one connection; a reconnect resumes the session;
 * a trap and an inform travel the same way; an answer whose session is
 * gone is dropped and counted; an orderly close sends close_notify.
 * The RFC 6353 refusals, each with no request answered and its counter
 * moved: a server certificate that names neither the peerCert nor the
 * host, an expired one, one of a CA not trusted, a fingerprint that is
 * not the server's, a client certificate that no certSecName maps, and a
 * client that offers only TLS 1.1 (OpenSSL driven directly).
 * Certificates are made at test time (tls_test_util.h).  Every wait is
 * bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <snmpx/snmpx.h>

#include "tls_test_util.h"
#include "transport/io_impl.h"

/* The certificates, made once. */
static tt_cert ca, ca2, server, server_expired, server_other_ca, client,
    stranger;

static const uint32_t value_arcs[] = {1, 3, 6, 1, 4, 1, 99999, 1, 0};

typedef struct world {
  snmpx_engine *ae, *me; /* agent, manager */
  snmpx_io *aio, *mio;
  snmpx_vacm *v;
  snmpx_agent *a;
  snmpx_target t;
  uint64_t clock;  /* the manager's fake clock */
  uint64_t aclock; /* the agent's fake clock; 0: the agent's is real */
  int answers;     /* responses with the value */
  int failures;    /* requests ended otherwise (timeout, cancel) */
  int last_status;
} world;

static uint64_t mgr_clock(void *ud)
{
  return ((world *)ud)->clock;
}

static uint64_t agent_clock(void *ud)
{
  return ((world *)ud)->aclock;
}

static void conf(snmpx_io *io, const char *word, const char *args)
{
  char err[256];
  int rv = snmpx_io_tls_conf_line(io, word, args, NULL, 0, err, sizeof(err));
  if (rv != 1)
    fail_msg("%s %s: %s", word, args, err);
}

/* The agent: listens on tls:127.0.0.1 with |cert|; "mgr" (client.pem by
 * certSecName) reads everything at authPriv over TSM. */
static void agent_open(world *w, const tt_cert *cert)
{
  snmpx_engine_config ecfg;
  memset(&ecfg, 0, sizeof(ecfg));
  if (w->aclock != 0) {
    ecfg.clock = agent_clock;
    ecfg.clock_ud = w;
  }
  w->ae = snmpx_engine_new(&ecfg);
  assert_non_null(w->ae);
  w->aio = snmpx_io_new(w->ae, NULL);
  assert_non_null(w->aio);
  char line[700];
  conf(w->aio, "localCert", cert->cert_path);
  conf(w->aio, "trustCert", ca.cert_path);
  snprintf(line, sizeof(line), "10 %s --sn mgr", client.cert_path);
  conf(w->aio, "certSecName", line);

  w->v = snmpx_vacm_new(NULL);
  assert_non_null(w->v);
  snmpx_oid all;
  assert_int_equal(snmpx_oid_parse(&all, "1"), 0);
  assert_int_equal(
      snmpx_vacm_add_view(w->v, "all", snmpx_oid_view(&all), NULL, 0, true), 0);
  assert_int_equal(snmpx_vacm_add_group(w->v, SNMPX_SECMODEL_TSM,
                                        (const uint8_t *)"mgr", 3, "g"),
                   0);
  snmpx_vacm_access acc;
  memset(&acc, 0, sizeof(acc));
  acc.group = "g";
  acc.security_model = SNMPX_SECMODEL_TSM;
  acc.level = SNMPX_SECLEVEL_AUTHPRIV;
  acc.read_view = "all";
  assert_int_equal(snmpx_vacm_add_access(w->v, &acc), 0);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = w->v;
  w->a = snmpx_agent_new(&cfg);
  assert_non_null(w->a);
  snmpx_mib *m = snmpx_agent_context(w->a, NULL, 0, false);
  assert_non_null(m);
  snmpx_value val = snmpx_value_uint(SNMPX_TYPE_GAUGE32, 4242);
  assert_int_equal(snmpx_mib_add_value(m, SNMPX_OIDV(value_arcs), &val, 0), 0);
  assert_int_equal(snmpx_agent_attach(w->a, w->ae), 0);

  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse_listen(&a, "tls:127.0.0.1:0", 0), 0);
  assert_int_equal(a.domain, SNMPX_DOMAIN_TLS);
  int li = snmpx_io_listen(w->aio, &a);
  assert_true(li >= 0);
  assert_int_equal(snmpx_io_listen_addr(w->aio, li, &w->t.addr), 0);
}

/* The manager: presents |cert|, expects the agent to be |peer_cert| or to
 * carry |host| (either may be NULL). */
static void manager_open(world *w, const tt_cert *cert, const char *peer_cert,
                         const char *host)
{
  snmpx_engine_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  w->clock = 1000000;
  cfg.clock = mgr_clock;
  cfg.clock_ud = w;
  w->me = snmpx_engine_new(&cfg);
  assert_non_null(w->me);
  w->mio = snmpx_io_new(w->me, NULL);
  assert_non_null(w->mio);
  conf(w->mio, "localCert", cert->cert_path);
  conf(w->mio, "trustCert", ca.cert_path);
  assert_int_equal(snmpx_io_tls_peer(w->mio, &w->t.addr, peer_cert, host), 0);
  w->t.version = SNMPX_VERSION_3;
  w->t.security_model = SNMPX_SECMODEL_TSM;
  w->t.transport_prefix = "tls";
  w->t.user = (const uint8_t *)"mgr";
  w->t.user_len = 3;
  w->t.level = SNMPX_SECLEVEL_AUTHPRIV;
  w->t.timeout_ms = 60000; /* the fake clock never gets there */
  w->t.retries = 0;
}

static void world_open(world *w, const tt_cert *server_cert,
                       const tt_cert *client_cert, const char *peer_cert,
                       const char *host)
{
  memset(w, 0, sizeof(*w));
  agent_open(w, server_cert);
  manager_open(w, client_cert, peer_cert, host);
}

static void world_close(world *w)
{
  snmpx_io_free(w->mio);
  snmpx_engine_free(w->me);
  snmpx_io_free(w->aio);
  snmpx_agent_free(w->a);
  snmpx_vacm_free(w->v);
  snmpx_engine_free(w->ae);
}

static void on_response(snmpx_engine *e, int64_t h, int status,
                        const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  world *w = ud;
  w->last_status = status;
  if (status != 0) {
    w->failures++;
    return;
  }
  assert_int_equal(resp->pdu.error_status, 0);
  assert_int_equal(resp->pdu.n_varbinds, 1);
  assert_int_equal(resp->pdu.varbinds[0].value.type, SNMPX_TYPE_GAUGE32);
  assert_int_equal(resp->pdu.varbinds[0].value.v.u, 4242);
  w->answers++;
}

static int64_t get(world *w)
{
  snmpx_varbind vb = {{value_arcs, 9}, snmpx_value_null()};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_GET;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  return snmpx_engine_submit(w->me, &w->t, &pdu, on_response, w);
}

/* One turn of both loops. */
static void turn(world *w)
{
  snmpx_io_run_once(w->aio, 2);
  snmpx_io_run_once(w->mio, 2);
}

/* Real time in milliseconds (CLOCK_MONOTONIC): the bound of the waits
 * below, whatever the manager's fake clock says. */
static int64_t wall_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* How long a wait for a condition lasts at most: generous, so that a busy
 * machine (sanitizers, other jobs) does not fail a test by chance. */
#define RUN_LIMIT_MS 30000

/* Run both loops until |cond| holds, at most RUN_LIMIT_MS of real time;
 * the caller asserts |cond| afterwards. */
#define RUN_UNTIL(w, cond)                                                     \
  for (int64_t until_ = wall_ms() + RUN_LIMIT_MS;                              \
       !(cond) && wall_ms() < until_;)                                         \
  turn(w)

static snmpx_tlstm_stats tlstm(snmpx_io *io)
{
  snmpx_tlstm_stats st;
  assert_int_equal(snmpx_io_get_tlstm_stats(io, &st), 0);
  return st;
}

static snmpx_io_stats stats(snmpx_io *io)
{
  snmpx_io_stats st;
  assert_int_equal(snmpx_io_get_stats(io, &st), 0);
  return st;
}

static uint64_t agent_in_pkts(world *w)
{
  snmpx_engine_stats st;
  snmpx_engine_get_stats(w->ae, &st);
  return st.in_pkts;
}

/* ---- answered ----------------------------------------------------------- */

static void test_io_tls_get_answered(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, NULL, "127.0.0.1");
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 1);
  assert_int_equal(w.answers, 1);
  snmpx_tlstm_stats m = tlstm(w.mio), a = tlstm(w.aio);
  assert_int_equal(m.session_opens, 1);
  assert_int_equal(m.session_open_errors, 0);
  assert_int_equal(a.session_accepts, 1);
  assert_int_equal(a.invalid_client_certificates, 0);
  world_close(&w);
}

static void test_io_tls_requests_share_a_connection(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, client.cert_path, NULL);
  /* peerCert naming the client's certificate would fail: use the
   * server's. */
  assert_int_equal(snmpx_io_tls_peer(w.mio, &w.t.addr, server.cert_path, NULL),
                   0);
  for (int i = 0; i < 20; i++)
    assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 20);
  assert_int_equal(w.answers, 20);
  /* More once the session is up. */
  for (int i = 0; i < 5; i++)
    assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 25);
  assert_int_equal(w.answers, 25);
  assert_int_equal(stats(w.mio).stream_opened, 1);
  assert_int_equal(stats(w.aio).stream_accepted, 1);
  assert_int_equal(tlstm(w.mio).session_opens, 1);
  assert_int_equal(tlstm(w.aio).session_accepts, 1);
  world_close(&w);
}

/* RFC 6353 5.2 step 2: a session is selected by the peer and the
 * tmSecurityName.  Requests under another securityName to the same agent
 * get a session of their own; under the first name they keep using the
 * first one. */
static void test_io_tls_session_per_security_name(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, server.cert_path, NULL);
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 1);
  assert_int_equal(stats(w.mio).stream_opened, 1);
  w.t.user = (const uint8_t *)"other";
  w.t.user_len = 5;
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 2);
  assert_int_equal(w.answers, 2);
  assert_int_equal(stats(w.mio).stream_opened, 2);
  assert_int_equal(stats(w.aio).stream_accepted, 2);
  w.t.user = (const uint8_t *)"mgr";
  w.t.user_len = 3;
  assert_true(get(&w) > 0);
  w.t.user = (const uint8_t *)"other";
  w.t.user_len = 5;
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 4);
  assert_int_equal(w.answers, 4);
  assert_int_equal(stats(w.mio).stream_opened, 2);
  world_close(&w);
}

/* The manager's connection goes idle and closes in order (close_notify:
 * both ends count a close); the next request opens a new connection whose
 * handshake resumes the first session. */
static void test_io_tls_reconnect_resumes(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, NULL, "127.0.0.1");
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.idle_ms = 5000;
  assert_int_equal(snmpx_io_set_stream_opts(w.mio, &o), 0);
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 1);
  assert_int_equal(w.answers, 1);
  assert_int_equal(snmpx__stream_tls_resumptions(w.mio), 0);

  w.clock += 5001;
  assert_int_equal(snmpx_io_on_timeout(w.mio), 0);
  assert_int_equal(stats(w.mio).stream_idle, 1);
  assert_int_equal(tlstm(w.mio).session_client_closes, 1);
  RUN_UNTIL(&w, tlstm(w.aio).session_server_closes == 1);
  assert_int_equal(tlstm(w.aio).session_server_closes, 1);
  assert_int_equal(stats(w.aio).stream_closed, 1);

  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 2);
  assert_int_equal(w.answers, 2);
  assert_int_equal(stats(w.mio).stream_opened, 2);
  assert_int_equal(snmpx__stream_tls_resumptions(w.mio), 1);
  assert_int_equal(tlstm(w.mio).session_opens, 2);
  assert_int_equal(tlstm(w.aio).session_accepts, 2);
  world_close(&w);
}

/* The agent's engine keeps the request (snmpx_engine_hold) instead of
 * answering it at once. */
static snmpx_incoming *held;

static void hold_request(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)ud;
  held = snmpx_engine_hold(e, in);
  assert_non_null(held);
}

/* An answer whose session is gone is dropped and counted (RFC 6353 5.2
 * step 1), never sent on another connection: the agent holds a request,
 * the manager's connection closes, then the agent answers. */
static void test_io_tls_answer_without_session(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, NULL, "127.0.0.1");
  snmpx_engine_set_responder(w.ae, hold_request, NULL);
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.idle_ms = 5000;
  assert_int_equal(snmpx_io_set_stream_opts(w.mio, &o), 0);
  held = NULL;
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, held != NULL);
  assert_non_null(held);
  w.clock += 5001;
  assert_int_equal(snmpx_io_on_timeout(w.mio), 0);
  RUN_UNTIL(&w, tlstm(w.aio).session_server_closes == 1);
  assert_int_equal(tlstm(w.aio).session_server_closes, 1);

  snmpx_varbind vb = held->msg.pdu.varbinds[0];
  vb.value = snmpx_value_uint(SNMPX_TYPE_GAUGE32, 4242);
  snmpx_pdu resp = held->msg.pdu;
  resp.type = SNMPX_PDU_RESPONSE;
  resp.varbinds = &vb;
  resp.n_varbinds = 1;
  assert_int_equal(snmpx_engine_respond(w.ae, held, &resp), 0);
  snmpx_engine_release(w.ae, held);
  held = NULL;
  assert_int_equal(tlstm(w.aio).session_no_sessions, 1);
  assert_int_equal(stats(w.aio).stream_dropped, 1);
  assert_int_equal(stats(w.aio).stream_opened, 0);
  for (int i = 0; i < 20; i++)
    turn(&w);
  assert_int_equal(w.answers, 0);
  world_close(&w);
}

/* Notifications over TLS: the manager's engine sends a trap
 * (snmpx_engine_send) and an inform (snmpx_engine_submit) to the agent's
 * listener; the receiver sees securityModel 4 and the certSecName name,
 * and the inform's acknowledgement comes back on the same session. */
static int traps, informs;
static char notif_name[40];

static void on_notification(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)e;
  (void)ud;
  assert_int_equal(in->security_model, SNMPX_SECMODEL_TSM);
  snprintf(notif_name, sizeof(notif_name), "%.*s",
           (int)in->msg.security_name_len, (const char *)in->msg.security_name);
  if (in->msg.pdu.type == SNMPX_PDU_INFORM)
    informs++;
  else if (in->msg.pdu.type == SNMPX_PDU_TRAP_V2)
    traps++;
}

static void on_ack(snmpx_engine *e, int64_t h, int status,
                   const snmpx_msg *resp, void *ud)
{
  (void)e;
  (void)h;
  (void)resp;
  world *w = ud;
  if (status == 0)
    w->answers++;
  else
    w->failures++;
}

static void test_io_tls_trap_and_inform(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, NULL, "127.0.0.1");
  snmpx_engine_set_receiver(w.ae, on_notification, NULL);
  traps = informs = 0;
  notif_name[0] = '\0';
  static const uint32_t trap_oid[] = {1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0};
  static const uint32_t cold[] = {1, 3, 6, 1, 6, 3, 1, 1, 5, 1};
  snmpx_varbind vb = {{trap_oid, 11}, snmpx_value_oid((snmpx_oidv){cold, 10})};
  snmpx_pdu pdu;
  memset(&pdu, 0, sizeof(pdu));
  pdu.type = SNMPX_PDU_TRAP_V2;
  pdu.request_id = 5;
  pdu.varbinds = &vb;
  pdu.n_varbinds = 1;
  assert_int_equal(snmpx_engine_send(w.me, &w.t, &pdu), 0);
  RUN_UNTIL(&w, traps == 1);
  assert_int_equal(traps, 1);
  assert_string_equal(notif_name, "mgr");

  pdu.type = SNMPX_PDU_INFORM;
  assert_true(snmpx_engine_submit(w.me, &w.t, &pdu, on_ack, &w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 1);
  assert_int_equal(informs, 1);
  assert_int_equal(w.answers, 1);
  /* One session carried all of it. */
  assert_int_equal(stats(w.mio).stream_opened, 1);
  assert_int_equal(tlstm(w.aio).session_accepts, 1);
  world_close(&w);
}

/* ---- waiting for the handshake ------------------------------------------ */

/* The engine's retries of a GET written while the handshake is stalled
 * (the agent's loop does not run) are not kept again: when the handshake
 * completes, the agent receives the request once. */
static void test_io_tls_retries_during_handshake_sent_once(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, NULL, "127.0.0.1");
  w.t.timeout_ms = 1000;
  w.t.retries = 3;
  assert_true(get(&w) > 0);
  snmpx_engine_stats es;
  for (int i = 0; i < 100; i++) {
    snmpx_engine_get_stats(w.me, &es);
    if (es.retransmits == 3)
      break;
    snmpx_io_run_once(w.mio, 0);
    w.clock += 1000;
    assert_int_equal(snmpx_io_on_timeout(w.mio), 0);
  }
  snmpx_engine_get_stats(w.me, &es);
  assert_int_equal(es.retransmits, 3);
  assert_int_equal(w.answers + w.failures, 0);
  assert_int_equal(agent_in_pkts(&w), 0);
  RUN_UNTIL(&w, w.answers + w.failures == 1);
  assert_int_equal(w.answers, 1);
  /* A second GET behind them on the same stream: once it is answered,
   * the agent has read everything that waited. */
  w.t.retries = 0;
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers + w.failures == 2);
  assert_int_equal(w.answers, 2);
  assert_int_equal(agent_in_pkts(&w), 2);
  assert_int_equal(stats(w.mio).stream_dropped, 0);
  assert_int_equal(stats(w.mio).stream_opened, 1);
  world_close(&w);
}

/* max_queue bounds what waits for the handshake too: past it, messages
 * are dropped and counted; those kept are answered once it completes. */
static void test_io_tls_handshake_queue_bounded(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, NULL, "127.0.0.1");
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.max_queue = 2000;
  assert_int_equal(snmpx_io_set_stream_opts(w.mio, &o), 0);
  for (int i = 0; i < 64; i++)
    assert_true(get(&w) > 0);
  int dropped = (int)stats(w.mio).stream_dropped;
  assert_true(dropped > 0);
  assert_true(dropped < 64);
  RUN_UNTIL(&w, w.answers + w.failures == 64 - dropped);
  assert_int_equal(w.answers, 64 - dropped);
  assert_int_equal(agent_in_pkts(&w), (uint64_t)(64 - dropped));
  world_close(&w);
}

/* A TCP client of the test's that connects to the agent's listener and
 * says nothing. */
static int silent_connect(world *w)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  assert_int_equal(connect(fd, &w->t.addr.u.sa, w->t.addr.len), 0);
  struct timeval tv = {0, 2000}; /* the agent runs between reads */
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  return fd;
}

/* Whether the agent closed |fd|: read until end of file (true) or
 * RUN_LIMIT_MS of real time, running the agent's loop (false). */
static bool closed_by_agent(world *w, int fd)
{
  for (int64_t until = wall_ms() + RUN_LIMIT_MS; wall_ms() < until;) {
    uint8_t buf[256];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET))
      return true;
    snmpx_io_run_once(w->aio, 2);
  }
  return false;
}

/* An accepted connection that never completes its TLS handshake is
 * closed SNMPX_IO_TLS_HANDSHAKE_MS after it was accepted (on the agent
 * engine's clock), not at the idle timeout, and counted as failed: with
 * one slot per listener, a silent connect holds it only that long, and a
 * manager then gets in.  An established session is not bound by it. */
static void test_io_tls_handshake_deadline(void **state)
{
  (void)state;
  static world w;
  memset(&w, 0, sizeof(w));
  w.aclock = 5000000;
  agent_open(&w, &server);
  manager_open(&w, &client, NULL, "127.0.0.1");
  snmpx_io_stream_opts o;
  memset(&o, 0, sizeof(o));
  o.max_accepted = 1;
  assert_int_equal(snmpx_io_set_stream_opts(w.aio, &o), 0);

  int fd = silent_connect(&w);
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       stats(w.aio).stream_accepted == 0 && wall_ms() < until;)
    snmpx_io_run_once(w.aio, 2);
  assert_int_equal(stats(w.aio).stream_accepted, 1);
  /* The io's timer is due at the handshake's deadline, not the idle one. */
  int64_t due = snmpx__stream_deadline(w.aio);
  assert_true(due >= 0);
  assert_true((uint64_t)due <= w.aclock + SNMPX_IO_TLS_HANDSHAKE_MS);

  /* The slot is taken: the manager's connection is refused. */
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, stats(w.aio).stream_refused == 1);
  assert_int_equal(stats(w.aio).stream_refused, 1);
  RUN_UNTIL(&w, stats(w.mio).stream_failed + stats(w.mio).stream_closed >= 1);

  /* Not yet. */
  w.aclock += SNMPX_IO_TLS_HANDSHAKE_MS - 1;
  assert_int_equal(snmpx_io_on_timeout(w.aio), 0);
  assert_int_equal(stats(w.aio).stream_failed, 0);
  /* Now: closed and counted, before the idle timeout. */
  w.aclock += 1;
  assert_int_equal(snmpx_io_on_timeout(w.aio), 0);
  assert_int_equal(stats(w.aio).stream_failed, 1);
  assert_int_equal(stats(w.aio).stream_idle, 0);
  assert_true(closed_by_agent(&w, fd));
  close(fd);
  assert_non_null(strstr(snmpx_io_tls_error(w.aio), "timeout"));

  /* The slot is free again: a manager's request is answered. */
  int before = w.answers;
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers > before);
  assert_int_equal(w.answers, before + 1);
  assert_int_equal(tlstm(w.aio).session_accepts, 1);
  /* An established session outlives the handshake's bound. */
  w.aclock += SNMPX_IO_TLS_HANDSHAKE_MS + 1;
  assert_int_equal(snmpx_io_on_timeout(w.aio), 0);
  assert_int_equal(stats(w.aio).stream_failed, 1);
  assert_true(get(&w) > 0);
  RUN_UNTIL(&w, w.answers > before + 1);
  assert_int_equal(w.answers, before + 2);
  assert_int_equal(stats(w.aio).stream_accepted, 2);
  world_close(&w);
}

/* ---- refused ------------------------------------------------------------ */

/* Submit a GET that must not be answered; run until |cond| holds (the
 * refusal counted) and then until the manager's connection is gone. */
#define REFUSED(w, cond)                                                       \
  do {                                                                         \
    assert_true(get(w) > 0);                                                   \
    RUN_UNTIL(w, (cond));                                                      \
    assert_true(cond);                                                         \
    RUN_UNTIL(w,                                                               \
              stats((w)->mio).stream_failed + stats((w)->mio).stream_closed >= \
                  1);                                                          \
    assert_true(                                                               \
        stats((w)->mio).stream_failed + stats((w)->mio).stream_closed >= 1);   \
    assert_int_equal((w)->answers, 0);                                         \
  } while (0)

/* RFC 6353 5.3.1 step 2: a server the client has nothing to check
 * against (no peerCert, a host name it does not carry). */
static void test_io_tls_unknown_server_certificate(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, NULL, "agent.example.org");
  REFUSED(&w, tlstm(w.mio).unknown_server_certificate == 1);
  assert_int_equal(tlstm(w.mio).session_open_errors, 1);
  assert_int_equal(tlstm(w.mio).session_opens, 0);
  assert_int_equal(agent_in_pkts(&w), 0);
  assert_non_null(strstr(snmpx_io_tls_error(w.mio), "not the one expected"));
  world_close(&w);
}

/* peerCert names a certificate that is not the server's. */
static void test_io_tls_fingerprint_mismatch(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &client, stranger.cert_path, "127.0.0.1");
  REFUSED(&w, tlstm(w.mio).unknown_server_certificate == 1);
  assert_int_equal(tlstm(w.mio).session_open_errors, 1);
  assert_int_equal(agent_in_pkts(&w), 0);
  world_close(&w);
}

static void test_io_tls_expired_server_certificate(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server_expired, &client, NULL, "127.0.0.1");
  REFUSED(&w, tlstm(w.mio).invalid_server_certificates == 1);
  assert_int_equal(tlstm(w.mio).session_open_errors, 1);
  assert_int_equal(tlstm(w.aio).session_accepts, 0);
  assert_int_equal(agent_in_pkts(&w), 0);
  assert_non_null(strstr(snmpx_io_tls_error(w.mio), "expired"));
  world_close(&w);
}

static void test_io_tls_server_of_another_ca(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server_other_ca, &client, NULL, "127.0.0.1");
  REFUSED(&w, tlstm(w.mio).invalid_server_certificates == 1);
  assert_int_equal(tlstm(w.mio).session_open_errors, 1);
  assert_int_equal(tlstm(w.aio).session_accepts, 0);
  assert_int_equal(agent_in_pkts(&w), 0);
  world_close(&w);
}

/* RFC 6353 5.3.2: a client certificate the CA vouches for but that no
 * certSecName maps: the server closes the session. */
static void test_io_tls_client_without_secname(void **state)
{
  (void)state;
  static world w;
  world_open(&w, &server, &stranger, NULL, "127.0.0.1");
  REFUSED(&w, tlstm(w.aio).invalid_client_certificates == 1);
  assert_int_equal(tlstm(w.aio).session_accepts, 0);
  assert_int_equal(agent_in_pkts(&w), 0);
  assert_non_null(strstr(snmpx_io_tls_error(w.aio), "certSecName"));
  world_close(&w);
}

/* An OpenSSL client of the test's, presenting client.pem and checking
 * nothing, up to TLS version |max| (0: any). */
static SSL_CTX *raw_ctx(int max)
{
  SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
  assert_non_null(ctx);
  if (max != 0) {
    /* OpenSSL 3 refuses TLS 1.1 at its default security level: lower it
     * so that the ClientHello really offers 1.1 alone. */
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_cipher_list(ctx, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    assert_int_equal(SSL_CTX_set_max_proto_version(ctx, max), 1);
  }
  assert_int_equal(
      SSL_CTX_use_certificate_file(ctx, client.cert_path, SSL_FILETYPE_PEM), 1);
  assert_int_equal(
      SSL_CTX_use_PrivateKey_file(ctx, client.key_path, SSL_FILETYPE_PEM), 1);
  return ctx;
}

/* Connect to the agent's listener and run the handshake, turning the
 * agent's loop meanwhile.  @return SSL_connect's last result. */
static int raw_connect(world *w, SSL_CTX *ctx, SSL **out, int *fd_out)
{
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  assert_int_equal(connect(fd, &w->t.addr.u.sa, w->t.addr.len), 0);
  struct timeval tv = {0, 2000}; /* the agent runs between tries */
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  SSL *ssl = SSL_new(ctx);
  assert_non_null(ssl);
  SSL_set_fd(ssl, fd);
  int r = -1, err = SSL_ERROR_WANT_READ;
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) &&
       wall_ms() < until;) {
    ERR_clear_error();
    r = SSL_connect(ssl);
    err = r == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, r);
    snmpx_io_run_once(w->aio, 2);
  }
  *out = ssl;
  *fd_out = fd;
  return r;
}

static void agent_close(world *w)
{
  snmpx_io_free(w->aio);
  snmpx_agent_free(w->a);
  snmpx_vacm_free(w->v);
  snmpx_engine_free(w->ae);
}

/* RFC 6353 5.1 (TLS 1.2 at least): a client that offers only TLS 1.1 is
 * refused by the listener. */
static void test_io_tls_refuses_tls11(void **state)
{
  (void)state;
  static world w;
  memset(&w, 0, sizeof(w));
  agent_open(&w, &server);
  SSL_CTX *ctx = raw_ctx(TLS1_1_VERSION);
  SSL *ssl;
  int fd;
  assert_true(raw_connect(&w, ctx, &ssl, &fd) != 1);
  RUN_UNTIL(&w, stats(w.aio).stream_failed == 1);
  assert_int_equal(stats(w.aio).stream_accepted, 1);
  assert_int_equal(stats(w.aio).stream_failed, 1);
  assert_int_equal(tlstm(w.aio).session_accepts, 0);
  assert_int_equal(agent_in_pkts(&w), 0);
  /* The listener saw the TLS 1.1 ClientHello and refused it. */
  assert_non_null(strstr(snmpx_io_tls_error(w.aio), "protocol"));
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  close(fd);
  agent_close(&w);
}

/* RFC 6353 5.4: a session the agent ends in order (here: its io is
 * freed) ends with close_notify, not a bare TCP close. */
static void test_io_tls_close_sends_close_notify(void **state)
{
  (void)state;
  static world w;
  memset(&w, 0, sizeof(w));
  agent_open(&w, &server);
  SSL_CTX *ctx = raw_ctx(0);
  SSL *ssl;
  int fd;
  assert_int_equal(raw_connect(&w, ctx, &ssl, &fd), 1);
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       tlstm(w.aio).session_accepts == 0 && wall_ms() < until;)
    snmpx_io_run_once(w.aio, 2);
  assert_int_equal(tlstm(w.aio).session_accepts, 1);
  agent_close(&w);
  uint8_t buf[64];
  int err = SSL_ERROR_WANT_READ;
  for (int64_t until = wall_ms() + RUN_LIMIT_MS;
       err == SSL_ERROR_WANT_READ && wall_ms() < until;) {
    int r = SSL_read(ssl, buf, sizeof(buf));
    err = r > 0 ? SSL_ERROR_WANT_READ : SSL_get_error(ssl, r);
  }
  assert_int_equal(err, SSL_ERROR_ZERO_RETURN);
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  close(fd);
}

/* A listener or a client without a usable certificate is refused at
 * once. */
static void test_io_tls_listen_needs_certificate(void **state)
{
  (void)state;
  snmpx_engine *e = snmpx_engine_new(NULL);
  snmpx_io *io = snmpx_io_new(e, NULL);
  char path[600];
  snprintf(path, sizeof(path), "%s/nothing-here.pem", tt_tmpdir());
  snmpx_io_tls_opts o = {.local_cert = path};
  assert_int_equal(snmpx_io_set_tls_opts(io, &o), 0);
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse_listen(&a, "tls:127.0.0.1:0", 0), 0);
  assert_int_equal(snmpx_io_check_addr(io, &a), 0);
  assert_int_equal(snmpx_io_listen(io, &a), SNMPX_ETLS_CONFIG);
  assert_true(snmpx_io_tls_error(io)[0] != '\0');
  /* A client without one, likewise, before any socket. */
  assert_int_equal(snmpx_addr_parse(&a, "tls:127.0.0.1:1", 0), 0);
  assert_int_equal(snmpx_io_connect(io, &a, 1000), SNMPX_ETLS_CONFIG);
  assert_int_equal(stats(io).stream_opened, 0);
  snmpx_io_free(io);
  snmpx_engine_free(e);
}

static int make_certs(void **state)
{
  (void)state;
  tt_spec ca_spec = {"test CA", NULL, -3600, 86400, true};
  tt_spec ca2_spec = {"other CA", NULL, -3600, 86400, true};
  tt_spec srv = {"agent", "IP:127.0.0.1", -3600, 86400, false};
  tt_spec old = {"agent", "IP:127.0.0.1", -7200, -3600, false};
  tt_spec cli = {"mgr", "email:mgr@example.org", -3600, 86400, false};
  tt_spec str = {"stranger", NULL, -3600, 86400, false};
  tt_make(&ca, "ca", &ca_spec, NULL);
  tt_make(&ca2, "ca2", &ca2_spec, NULL);
  tt_make(&server, "server", &srv, &ca);
  tt_make(&server_expired, "server-expired", &old, &ca);
  tt_make(&server_other_ca, "server-other-ca", &srv, &ca2);
  tt_make(&client, "client", &cli, &ca);
  tt_make(&stranger, "stranger", &str, &ca);
  return 0;
}

static int free_certs(void **state)
{
  (void)state;
  tt_free(&ca);
  tt_free(&ca2);
  tt_free(&server);
  tt_free(&server_expired);
  tt_free(&server_other_ca);
  tt_free(&client);
  tt_free(&stranger);
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_io_tls_get_answered),
      cmocka_unit_test(test_io_tls_requests_share_a_connection),
      cmocka_unit_test(test_io_tls_session_per_security_name),
      cmocka_unit_test(test_io_tls_reconnect_resumes),
      cmocka_unit_test(test_io_tls_answer_without_session),
      cmocka_unit_test(test_io_tls_trap_and_inform),
      cmocka_unit_test(test_io_tls_retries_during_handshake_sent_once),
      cmocka_unit_test(test_io_tls_handshake_queue_bounded),
      cmocka_unit_test(test_io_tls_handshake_deadline),
      cmocka_unit_test(test_io_tls_unknown_server_certificate),
      cmocka_unit_test(test_io_tls_fingerprint_mismatch),
      cmocka_unit_test(test_io_tls_expired_server_certificate),
      cmocka_unit_test(test_io_tls_server_of_another_ca),
      cmocka_unit_test(test_io_tls_client_without_secname),
      cmocka_unit_test(test_io_tls_refuses_tls11),
      cmocka_unit_test(test_io_tls_close_sends_close_notify),
      cmocka_unit_test(test_io_tls_listen_needs_certificate),
  };
  return cmocka_run_group_tests(tests, make_certs, free_certs);
}
