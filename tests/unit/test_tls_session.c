/* TLS and DTLS sessions over memory (src/transport/tls_session.c): a client
 * and a server paired in memory, with certificates made at test time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/ssl.h>

#include "internal.h"
#include "tls_test_util.h"
#include "transport/tls_session.h"

#define DAY (24L * 3600)

static tt_cert ca, ca2, srv, cli, cli_other_ca, cli_expired, cli_self,
    srv_other_ca;

static int setup(void **state)
{
  tt_spec ca_sp = {"snmpx test CA", NULL, -DAY, DAY, true};
  tt_spec ca2_sp = {"another CA", NULL, -DAY, DAY, true};
  tt_spec srv_sp = {"agent.example", "DNS:agent.example,IP:127.0.0.1", -DAY,
                    DAY, false};
  tt_spec cli_sp = {"manager", "email:ops@Example.ORG", -DAY, DAY, false};
  tt_spec exp_sp = {"expired", NULL, -3 * DAY, -DAY, false};

  tt_make(&ca, "ca", &ca_sp, NULL);
  tt_make(&ca2, "ca2", &ca2_sp, NULL);
  tt_make(&srv, "srv", &srv_sp, &ca);
  tt_make(&cli, "cli", &cli_sp, &ca);
  tt_make(&cli_other_ca, "cli2", &cli_sp, &ca2);
  tt_make(&srv_other_ca, "srv2", &srv_sp, &ca2);
  tt_make(&cli_expired, "cliexp", &exp_sp, &ca);
  tt_make(&cli_self, "cliself", &cli_sp, NULL);
  (void)state;
  return 0;
}

static int teardown(void **state)
{
  tt_cert *all[] = {&ca, &ca2, &srv, &cli, &cli_other_ca, &cli_expired,
                    &cli_self, &srv_other_ca};
  for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
    tt_free(all[i]);
  (void)state;
  return 0;
}

/* What the known-fingerprint callback accepts: one certificate's DER. */
typedef struct known_one {
  const tt_cert *cert;
  int calls;
} known_one;

static bool known_cb(void *ud, const uint8_t *der, size_t len)
{
  known_one *k = ud;
  uint8_t *mine;
  size_t n = tt_der(k->cert, &mine);
  bool same = n == len && memcmp(mine, der, len) == 0;

  k->calls++;
  OPENSSL_free(mine);
  return same;
}

static snmpx__tls_ctx *make_ctx(bool server, bool dtls, const tt_cert *me,
                                const tt_cert *trust, known_one *known)
{
  const char *cas[1];
  snmpx__tls_config cfg = {0};
  char err[256];
  snmpx__tls_ctx *ctx;

  cfg.server = server;
  cfg.dtls = dtls;
  cfg.cert_file = me->cert_path;
  cfg.key_file = me->key_path;
  if (trust) {
    cas[0] = trust->cert_path;
    cfg.ca_files = cas;
    cfg.n_ca_files = 1;
  }
  if (known) {
    cfg.known = known_cb;
    cfg.known_ud = known;
  }
  ctx = snmpx__tls_ctx_new(&cfg, err, sizeof(err));
  if (!ctx)
    fail_msg("tls ctx: %s", err);
  return ctx;
}

/* Move ciphertext both ways until neither side has any, or one fails.
 * Returns the client's and the server's last feed results. */
static void pump(snmpx__tls_session *c, snmpx__tls_session *s, int *rc,
                 int *rs)
{
  uint8_t buf[70000];
  int n;

  *rc = *rs = 0;
  for (int round = 0; round < 50; round++) {
    bool moved = false;
    while ((n = snmpx__tls_session_take(c, buf, sizeof(buf))) > 0) {
      moved = true;
      if (*rs == 0)
        *rs = snmpx__tls_session_feed(s, buf, (size_t)n);
    }
    while ((n = snmpx__tls_session_take(s, buf, sizeof(buf))) > 0) {
      moved = true;
      if (*rc == 0)
        *rc = snmpx__tls_session_feed(c, buf, (size_t)n);
    }
    if (!moved)
      return;
  }
  fail_msg("handshake did not settle");
}

static void exchange(snmpx__tls_session *c, snmpx__tls_session *s)
{
  uint8_t buf[256];
  int rc, rs, n;

  assert_int_equal(snmpx__tls_session_write(c, (const uint8_t *)"ping", 4),
                   0);
  pump(c, s, &rc, &rs);
  n = snmpx__tls_session_read(s, buf, sizeof(buf));
  assert_int_equal(n, 4);
  assert_memory_equal(buf, "ping", 4);
  assert_int_equal(snmpx__tls_session_read(s, buf, sizeof(buf)),
                   SNMPX_EAGAIN);
  assert_int_equal(snmpx__tls_session_write(s, (const uint8_t *)"pong!", 5),
                   0);
  pump(c, s, &rc, &rs);
  n = snmpx__tls_session_read(c, buf, sizeof(buf));
  assert_int_equal(n, 5);
  assert_memory_equal(buf, "pong!", 5);
  /* TLS 1.3 tickets come after the handshake: let them reach the client. */
  snmpx__tls_session_read(c, buf, sizeof(buf));
}

static void assert_peer_is(const snmpx__tls_session *s, const tt_cert *c)
{
  const uint8_t *der;
  uint8_t *mine;
  size_t len, n = tt_der(c, &mine);

  assert_int_equal(snmpx__tls_session_peer_cert(s, 0, &der, &len), 0);
  assert_int_equal(len, n);
  assert_memory_equal(der, mine, n);
  OPENSSL_free(mine);
}

static void test_tls_session_handshake_and_data(void **state)
{
  snmpx__tls_ctx *cc = make_ctx(false, false, &cli, &ca, NULL);
  snmpx__tls_ctx *sc = make_ctx(true, false, &srv, &ca, NULL);
  snmpx__tls_session *c = snmpx__tls_session_new(cc, "peer1", 5);
  snmpx__tls_session *s = snmpx__tls_session_new(sc, "cli1", 4);
  int rc, rs;

  assert_non_null(c);
  assert_non_null(s);
  /* Written before the handshake: waits, then goes out. */
  assert_int_equal(snmpx__tls_session_write(c, (const uint8_t *)"early", 5),
                   0);
  assert_false(snmpx__tls_session_is_ready(c));
  pump(c, s, &rc, &rs);
  assert_int_equal(rc, 0);
  assert_int_equal(rs, 0);
  assert_true(snmpx__tls_session_is_ready(c));
  assert_true(snmpx__tls_session_is_ready(s));
  assert_false(snmpx__tls_session_is_resumed(c));
  uint8_t buf[16];
  assert_int_equal(snmpx__tls_session_read(s, buf, sizeof(buf)), 5);
  assert_memory_equal(buf, "early", 5);
  exchange(c, s);
  assert_peer_is(s, &cli);
  assert_peer_is(c, &srv);
  assert_int_equal(snmpx__tls_session_timer_ms(c), -1); /* TLS: no timer */
  /* Orderly close: the server sees the end. */
  snmpx__tls_session_close(c);
  pump(c, s, &rc, &rs);
  assert_int_equal(snmpx__tls_session_read(s, buf, sizeof(buf)),
                   SNMPX_ETLS_CLOSED);
  snmpx__tls_session_free(c);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(cc);
  snmpx__tls_ctx_free(sc);
  (void)state;
}

static void test_tls_session_resumption(void **state)
{
  snmpx__tls_ctx *cc = make_ctx(false, false, &cli, &ca, NULL);
  snmpx__tls_ctx *sc = make_ctx(true, false, &srv, &ca, NULL);
  int rc, rs;

  for (int i = 0; i < 3; i++) {
    /* The third connection goes to another peer: a full handshake. */
    const char *peer = i < 2 ? "agentA" : "agentB";
    snmpx__tls_session *c = snmpx__tls_session_new(cc, peer, 6);
    snmpx__tls_session *s = snmpx__tls_session_new(sc, "x", 1);
    pump(c, s, &rc, &rs);
    assert_int_equal(rc, 0);
    assert_int_equal(rs, 0);
    exchange(c, s);
    assert_int_equal(snmpx__tls_session_is_resumed(c), i == 1);
    assert_int_equal(snmpx__tls_session_is_resumed(s), i == 1);
    /* A resumed session still names the peer's certificate. */
    assert_peer_is(s, &cli);
    assert_peer_is(c, &srv);
    snmpx__tls_session_free(c);
    snmpx__tls_session_free(s);
  }
  assert_int_equal(snmpx__tls_ctx_cached_sessions(cc), 2);
  snmpx__tls_ctx_free(cc);
  snmpx__tls_ctx_free(sc);
  (void)state;
}

/* DTLS: the first ClientHello gets a HelloVerifyRequest and no state; the
 * second, with the cookie, makes the session.  Datagrams keep their
 * boundaries and each message is one record. */
static void test_tls_session_dtls_cookie(void **state)
{
  snmpx__tls_ctx *cc = make_ctx(false, true, &cli, &ca, NULL);
  snmpx__tls_ctx *sc = make_ctx(true, true, &srv, &ca, NULL);
  snmpx__tls_session *c = snmpx__tls_session_new(cc, "agent", 5);
  snmpx__tls_session *s = NULL, *other = NULL;
  uint8_t dg[4096], reply[4096];
  size_t rlen;
  int n, rc, rs;

  assert_null(snmpx__tls_session_new(sc, "x", 1)); /* use dtls_accept */
  assert_true(snmpx__tls_session_timer_ms(c) >= 0); /* hello resend timer */
  n = snmpx__tls_session_take(c, dg, sizeof(dg));
  assert_true(n > 0);
  assert_int_equal(snmpx__tls_dtls_accept(sc, "10.0.0.1:5", 10, dg,
                                          (size_t)n, reply, sizeof(reply),
                                          &rlen, &s),
                   0);
  assert_null(s);
  assert_true(rlen > 0);
  assert_int_equal(snmpx__tls_session_feed(c, reply, rlen), 0);
  n = snmpx__tls_session_take(c, dg, sizeof(dg));
  assert_true(n > 0);
  /* The cookie is bound to the address: from elsewhere, another HVR. */
  assert_int_equal(snmpx__tls_dtls_accept(sc, "10.0.0.2:5", 10, dg,
                                          (size_t)n, reply, sizeof(reply),
                                          &rlen, &other),
                   0);
  assert_null(other);
  assert_int_equal(snmpx__tls_dtls_accept(sc, "10.0.0.1:5", 10, dg,
                                          (size_t)n, reply, sizeof(reply),
                                          &rlen, &s),
                   1);
  assert_non_null(s);
  pump(c, s, &rc, &rs);
  assert_int_equal(rc, 0);
  assert_int_equal(rs, 0);
  assert_true(snmpx__tls_session_is_ready(c));
  assert_true(snmpx__tls_session_is_ready(s));
  assert_int_equal(snmpx__tls_session_timer_ms(c), -1);
  /* Two messages, two records: read back one at a time. */
  assert_int_equal(snmpx__tls_session_write(c, (const uint8_t *)"one", 3), 0);
  assert_int_equal(snmpx__tls_session_write(c, (const uint8_t *)"two!", 4),
                   0);
  pump(c, s, &rc, &rs);
  assert_int_equal(snmpx__tls_session_read(s, reply, sizeof(reply)), 3);
  assert_int_equal(snmpx__tls_session_read(s, reply, sizeof(reply)), 4);
  assert_memory_equal(reply, "two!", 4);
  exchange(c, s);
  assert_peer_is(s, &cli);
  /* Not a ClientHello at all: dropped, no answer, nothing kept. */
  assert_int_equal(snmpx__tls_dtls_accept(sc, "p", 1, (const uint8_t *)"zz",
                                          2, reply, sizeof(reply), &rlen,
                                          &other),
                   0);
  assert_int_equal(rlen, 0);
  assert_null(other);
  snmpx__tls_session_free(c);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(cc);
  snmpx__tls_ctx_free(sc);
  (void)state;
}

/* DTLS retransmission: a lost flight is resent when the timer fires. */
static void test_tls_session_dtls_timer(void **state)
{
  snmpx__tls_ctx *cc = make_ctx(false, true, &cli, &ca, NULL);
  snmpx__tls_session *c = snmpx__tls_session_new(cc, "agent", 5);
  uint8_t dg[4096];

  assert_true(snmpx__tls_session_take(c, dg, sizeof(dg)) > 0); /* "lost" */
  assert_int_equal(snmpx__tls_session_take(c, dg, sizeof(dg)), 0);
  assert_true(snmpx__tls_session_timer_ms(c) > 0);
  assert_int_equal(snmpx__tls_session_on_timer(c), 0);
  /* OpenSSL resends only when its timer has really expired; either way
   * the session stays usable and the timer still runs. */
  assert_true(snmpx__tls_session_timer_ms(c) >= 0);
  snmpx__tls_session_free(c);
  snmpx__tls_ctx_free(cc);
  (void)state;
}

/* Pump between a raw OpenSSL client (memory BIOs) and our server. */
static int raw_client_vs(snmpx__tls_session *s, SSL *ssl, BIO *rb, BIO *wb)
{
  uint8_t buf[20000];
  int rs = 0, n;

  for (int round = 0; round < 20; round++) {
    SSL_do_handshake(ssl);
    n = BIO_read(wb, buf, sizeof(buf));
    if (n <= 0 && round > 0)
      break;
    if (n > 0 && (rs = snmpx__tls_session_feed(s, buf, (size_t)n)) < 0)
      break;
    while ((n = snmpx__tls_session_take(s, buf, sizeof(buf))) > 0)
      BIO_write(rb, buf, n);
  }
  return rs;
}

/* RFC 6353 / issue 15: a client offering at most TLS 1.1 is refused. */
static void test_tls_session_tls11_refused(void **state)
{
  snmpx__tls_ctx *sc = make_ctx(true, false, &srv, &ca, NULL);
  snmpx__tls_session *s = snmpx__tls_session_new(sc, "old", 3);
  SSL_CTX *rc = SSL_CTX_new(TLS_client_method());
  SSL *ssl;
  BIO *rb = BIO_new(BIO_s_mem()), *wb = BIO_new(BIO_s_mem());

  SSL_CTX_set_security_level(rc, 0); /* let this client speak TLS 1.1 */
  SSL_CTX_set_cipher_list(rc, "DEFAULT:@SECLEVEL=0");
  SSL_CTX_set_min_proto_version(rc, TLS1_1_VERSION);
  SSL_CTX_set_max_proto_version(rc, TLS1_1_VERSION);
  SSL_CTX_use_certificate_file(rc, cli.cert_path, SSL_FILETYPE_PEM);
  SSL_CTX_use_PrivateKey_file(rc, cli.key_path, SSL_FILETYPE_PEM);
  ssl = SSL_new(rc);
  BIO_set_mem_eof_return(rb, -1);
  SSL_set_bio(ssl, rb, wb);
  SSL_set_connect_state(ssl);
  assert_int_equal(raw_client_vs(s, ssl, rb, wb), SNMPX_ETLS);
  assert_false(snmpx__tls_session_is_ready(s));
  if (!strstr(snmpx__tls_session_error(s), "protocol"))
    fail_msg("error: %s", snmpx__tls_session_error(s));
  SSL_free(ssl);
  SSL_CTX_free(rc);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(sc);
  (void)state;
}

/* A client whose certificate fails: the server refuses it with
 * SNMPX_ETLS_CERT (the client learns of it by an alert). */
static void expect_client_refused(const tt_cert *client, known_one *known,
                                  const char *why)
{
  snmpx__tls_ctx *cc = make_ctx(false, false, client, &ca, NULL);
  snmpx__tls_ctx *sc = make_ctx(true, false, &srv, &ca, known);
  snmpx__tls_session *c = snmpx__tls_session_new(cc, "a", 1);
  snmpx__tls_session *s = snmpx__tls_session_new(sc, "b", 1);
  int rc, rs;

  uint8_t buf[64];
  pump(c, s, &rc, &rs);
  assert_int_equal(rs, SNMPX_ETLS_CERT);
  /* TLS 1.3: the client finished first; the alert ends it on its read. */
  if (rc == 0)
    rc = snmpx__tls_session_read(c, buf, sizeof(buf));
  assert_true(rc < 0 && rc != SNMPX_EAGAIN);
  assert_false(snmpx__tls_session_is_ready(s));
  assert_non_null(strstr(snmpx__tls_session_error(s), why));
  snmpx__tls_session_free(c);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(cc);
  snmpx__tls_ctx_free(sc);
}

static void test_tls_session_wrong_ca_refused(void **state)
{
  snmpx__tls_ctx *cc = make_ctx(false, false, &cli, &ca, NULL);
  snmpx__tls_ctx *sc = make_ctx(true, false, &srv_other_ca, &ca, NULL);
  snmpx__tls_session *c = snmpx__tls_session_new(cc, "a", 1);
  snmpx__tls_session *s = snmpx__tls_session_new(sc, "b", 1);
  int rc, rs;

  expect_client_refused(&cli_other_ca, NULL, "issuer");
  /* And the client refuses a server of another CA. */
  pump(c, s, &rc, &rs);
  assert_int_equal(rc, SNMPX_ETLS_CERT);
  assert_false(snmpx__tls_session_is_ready(c));
  snmpx__tls_session_free(c);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(cc);
  snmpx__tls_ctx_free(sc);
  (void)state;
}

static void test_tls_session_expired_refused(void **state)
{
  known_one k = {&cli_expired, 0};

  expect_client_refused(&cli_expired, NULL, "expired");
  /* Known by its fingerprint changes nothing for an expired one. */
  expect_client_refused(&cli_expired, &k, "expired");
  (void)state;
}

/* A self-signed client certificate passes only when known by fingerprint
 * (Net-SNMP's certSecName / peerCert rule). */
static void test_tls_session_self_signed_by_fingerprint(void **state)
{
  known_one yes = {&cli_self, 0}, no = {&cli, 0};
  snmpx__tls_ctx *cc = make_ctx(false, false, &cli_self, &ca, NULL);
  snmpx__tls_ctx *sc = make_ctx(true, false, &srv, &ca, &yes);
  snmpx__tls_session *c = snmpx__tls_session_new(cc, "a", 1);
  snmpx__tls_session *s = snmpx__tls_session_new(sc, "b", 1);
  int rc, rs;

  pump(c, s, &rc, &rs);
  assert_int_equal(rs, 0);
  assert_true(snmpx__tls_session_is_ready(s));
  assert_true(yes.calls > 0);
  assert_peer_is(s, &cli_self);
  snmpx__tls_session_free(c);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(cc);
  snmpx__tls_ctx_free(sc);
  expect_client_refused(&cli_self, &no, "self-signed");
  assert_true(no.calls > 0);
  expect_client_refused(&cli_self, NULL, "self-signed");
  (void)state;
}

static void test_tls_session_garbage(void **state)
{
  snmpx__tls_ctx *sc = make_ctx(true, false, &srv, &ca, NULL);
  snmpx__tls_session *s = snmpx__tls_session_new(sc, "b", 1);
  static const uint8_t junk[] = "GET / HTTP/1.0\r\n\r\n";
  uint8_t buf[64];

  assert_int_equal(snmpx__tls_session_feed(s, junk, sizeof(junk) - 1),
                   SNMPX_ETLS);
  /* Sticky. */
  assert_int_equal(snmpx__tls_session_feed(s, junk, 1), SNMPX_ETLS);
  assert_int_equal(snmpx__tls_session_read(s, buf, sizeof(buf)), SNMPX_ETLS);
  assert_int_equal(snmpx__tls_session_write(s, buf, 1), SNMPX_ETLS);
  snmpx__tls_session_free(s);
  snmpx__tls_ctx_free(sc);
  (void)state;
}

static void test_tls_session_bad_files(void **state)
{
  snmpx__tls_config cfg = {0};
  char err[256];

  cfg.cert_file = "/nonexistent/cert.pem";
  assert_null(snmpx__tls_ctx_new(&cfg, err, sizeof(err)));
  assert_non_null(strstr(err, "/nonexistent/cert.pem"));
  cfg.cert_file = cli.cert_path;
  cfg.key_file = srv.key_path; /* another's key */
  assert_null(snmpx__tls_ctx_new(&cfg, err, sizeof(err)));
  assert_non_null(strstr(err, srv.key_path));
  cfg.cert_file = NULL;
  assert_null(snmpx__tls_ctx_new(&cfg, err, sizeof(err)));
  assert_non_null(strstr(err, "localCert"));
  (void)state;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tls_session_handshake_and_data),
      cmocka_unit_test(test_tls_session_resumption),
      cmocka_unit_test(test_tls_session_dtls_cookie),
      cmocka_unit_test(test_tls_session_dtls_timer),
      cmocka_unit_test(test_tls_session_tls11_refused),
      cmocka_unit_test(test_tls_session_wrong_ca_refused),
      cmocka_unit_test(test_tls_session_expired_refused),
      cmocka_unit_test(test_tls_session_self_signed_by_fingerprint),
      cmocka_unit_test(test_tls_session_garbage),
      cmocka_unit_test(test_tls_session_bad_files),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
