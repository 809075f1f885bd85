/* TLS and DTLS over memory BIOs: see tls_session.h.  OpenSSL does the
 * protocol; this file feeds it bytes and takes bytes out, so no socket and
 * no clock of ours is involved. */
#include "transport/tls_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "internal.h"

#define DTLS_DEFAULT_MTU 1200
#define COOKIE_LEN 32
#define RESUME_MAX 4096      /* client sessions kept, one per peer */
#define QUEUE_MAX (1u << 20) /* datagram BIO: bytes held at most */
#define ERRBUF 200

/* ---- A datagram queue BIO ------------------------------------------
 * OpenSSL 3.0 has no memory BIO that keeps datagram boundaries, and DTLS
 * needs them both ways: each BIO_write is one datagram, each BIO_read
 * returns one.  DTLSv1_listen also reads in "peek" mode, leaving the
 * ClientHello for SSL_accept. */

typedef struct dq_node {
  struct dq_node *next;
  size_t len;
  uint8_t data[];
} dq_node;

typedef struct dgq {
  dq_node *head, *tail;
  size_t bytes;
  bool peek;
} dgq;

static void dgq_clear(dgq *q)
{
  while (q->head) {
    dq_node *n = q->head;
    q->head = n->next;
    free(n);
  }
  q->tail = NULL;
  q->bytes = 0;
}

static int dgq_write(BIO *b, const char *in, int inl)
{
  dgq *q = BIO_get_data(b);
  dq_node *n;

  BIO_clear_retry_flags(b);
  if (inl < 0 || q->bytes + (size_t)inl > QUEUE_MAX)
    return -1;
  n = malloc(sizeof(*n) + (size_t)inl);
  if (!n)
    return -1;
  n->next = NULL;
  n->len = (size_t)inl;
  memcpy(n->data, in, (size_t)inl);
  if (q->tail)
    q->tail->next = n;
  else
    q->head = n;
  q->tail = n;
  q->bytes += n->len;
  return inl;
}

static int dgq_read(BIO *b, char *out, int outl)
{
  dgq *q = BIO_get_data(b);
  dq_node *n = q->head;
  size_t len;

  BIO_clear_retry_flags(b);
  if (!n) {
    BIO_set_retry_read(b);
    return -1;
  }
  /* A datagram longer than the buffer is truncated, as recv(2) does. */
  len = n->len < (size_t)outl ? n->len : (size_t)outl;
  memcpy(out, n->data, len);
  if (!q->peek) {
    q->head = n->next;
    if (!q->head)
      q->tail = NULL;
    q->bytes -= n->len;
    free(n);
  }
  return (int)len;
}

static long dgq_ctrl(BIO *b, int cmd, long num, void *ptr)
{
  dgq *q = BIO_get_data(b);

  switch (cmd) {
  case BIO_CTRL_PENDING:
    return q->head ? (long)q->head->len : 0;
  case BIO_CTRL_WPENDING:
    return 0;
  case BIO_CTRL_FLUSH:
    return 1;
  case BIO_CTRL_DGRAM_SET_PEEK_MODE:
    q->peek = num != 0;
    return 1;
  default:
    /* MTU queries, peer addresses, timeouts: a memory queue has none. */
    return 0;
  }
}

static int dgq_create(BIO *b)
{
  dgq *q = calloc(1, sizeof(*q));

  if (!q)
    return 0;
  BIO_set_data(b, q);
  BIO_set_init(b, 1);
  return 1;
}

static int dgq_destroy(BIO *b)
{
  dgq *q = BIO_get_data(b);

  if (q) {
    dgq_clear(q);
    free(q);
  }
  BIO_set_data(b, NULL);
  return 1;
}

static BIO_METHOD *dgq_method_new(void)
{
  BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK,
                               "snmpx datagram queue");

  if (!m)
    return NULL;
  BIO_meth_set_write(m, dgq_write);
  BIO_meth_set_read(m, dgq_read);
  BIO_meth_set_ctrl(m, dgq_ctrl);
  BIO_meth_set_create(m, dgq_create);
  BIO_meth_set_destroy(m, dgq_destroy);
  return m;
}

/* ---- Context -------------------------------------------------------- */

typedef struct resume_entry {
  uint8_t *peer;
  size_t peer_len;
  SSL_SESSION *sess;
} resume_entry;

struct snmpx__tls_ctx {
  SSL_CTX *ssl_ctx;
  bool server, dtls;
  uint16_t mtu;
  BIO_METHOD *dgq_method;
  snmpx__tls_known_cb known;
  void *known_ud;
  uint8_t cookie_key[2][32];  /* [0] makes cookies; [1] the one before */
  SSL *listener;              /* DTLS server: the stateless listener */
  const uint8_t *listen_peer; /* during snmpx__tls_dtls_accept */
  size_t listen_peer_len;
  resume_entry *resume; /* client: RESUME_MAX slots */
  size_t n_resume, next_evict;
};

struct snmpx__tls_session {
  snmpx__tls_ctx *ctx;
  SSL *ssl;
  BIO *rbio, *wbio; /* owned by |ssl| */
  int err;
  bool ready;
  uint8_t *pend; /* plaintext written before the handshake: 4-byte
                    length then the bytes, per message */
  size_t pend_len;
  uint8_t **der; /* peer certificates, leaf first */
  size_t *der_len;
  size_t n_der;
  char errbuf[ERRBUF];
  size_t peer_len;
  uint8_t peer[];
};

static void set_err(char *err, size_t cap, const char *what, const char *arg)
{
  unsigned long e = ERR_peek_last_error();
  char reason[120] = "";

  if (!err || cap == 0)
    return;
  if (e)
    ERR_error_string_n(e, reason, sizeof(reason));
  snprintf(err, cap, "%s%s%s%s%s", what, arg ? " " : "", arg ? arg : "",
           e ? ": " : "", reason);
}

static snmpx__tls_session *session_of(SSL *ssl)
{
  return SSL_get_app_data(ssl);
}

/* OpenSSL's verification, with one exception that Net-SNMP and RFC 6353
 * 5.3.2 make: a leaf certificate no trusted CA vouches for is accepted
 * when the application knows its fingerprint (peerCert, certSecName). */
static int verify_cb(int ok, X509_STORE_CTX *xs)
{
  SSL *ssl =
      X509_STORE_CTX_get_ex_data(xs, SSL_get_ex_data_X509_STORE_CTX_idx());
  snmpx__tls_ctx *ctx = ssl ? SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)) : NULL;
  X509 *leaf = X509_STORE_CTX_get0_cert(xs);
  uint8_t *der = NULL;
  int err = X509_STORE_CTX_get_error(xs), len;
  bool known;

  if (ok || !ctx || !ctx->known || !leaf)
    return ok;
  switch (err) {
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
  case X509_V_ERR_CERT_UNTRUSTED:
    break;
  default:
    return 0; /* expired, not yet valid, bad signature: always refused */
  }
  len = i2d_X509(leaf, &der);
  if (len <= 0)
    return 0;
  known = ctx->known(ctx->known_ud, der, (size_t)len);
  OPENSSL_free(der);
  return known ? 1 : 0;
}

/* RFC 6347 4.2.1: the cookie is an HMAC of the peer's address under a
 * secret of this context, so the server keeps no state for a ClientHello
 * until the client proves it receives at that address.  The secret
 * changes (snmpx__tls_ctx_rotate_cookie) and a cookie made under the one
 * before stays good, so a cookie seen once cannot be replayed for long. */
static int cookie_make(SSL *ssl, int which, uint8_t *out)
{
  snmpx__tls_ctx *ctx = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
  snmpx__tls_session *s = session_of(ssl);
  const uint8_t *peer = ctx ? ctx->listen_peer : NULL;
  size_t peer_len = ctx ? ctx->listen_peer_len : 0;
  unsigned int len = 0;

  if (!peer && s) { /* after the listener, the session's own peer */
    peer = s->peer;
    peer_len = s->peer_len;
  }
  if (!ctx || !peer ||
      !HMAC(EVP_sha256(), ctx->cookie_key[which], sizeof(ctx->cookie_key[0]),
            peer, peer_len, out, &len) ||
      len < COOKIE_LEN)
    return 0;
  return 1;
}

static int cookie_gen_cb(SSL *ssl, unsigned char *cookie,
                         unsigned int *cookie_len)
{
  uint8_t mac[EVP_MAX_MD_SIZE];

  if (!cookie_make(ssl, 0, mac))
    return 0;
  memcpy(cookie, mac, COOKIE_LEN);
  *cookie_len = COOKIE_LEN;
  return 1;
}

static int cookie_verify_cb(SSL *ssl, const unsigned char *cookie,
                            unsigned int cookie_len)
{
  uint8_t mac[EVP_MAX_MD_SIZE];

  if (cookie_len != COOKIE_LEN)
    return 0;
  for (int which = 0; which < 2; which++)
    if (cookie_make(ssl, which, mac) &&
        CRYPTO_memcmp(mac, cookie, COOKIE_LEN) == 0)
      return 1;
  return 0;
}

int snmpx__tls_ctx_rotate_cookie(snmpx__tls_ctx *ctx)
{
  uint8_t fresh[sizeof(ctx->cookie_key[0])];
  if (!ctx || !ctx->server || !ctx->dtls)
    return SNMPX_EINVAL;
  if (RAND_bytes(fresh, sizeof(fresh)) != 1)
    return SNMPX_ETLS;
  memcpy(ctx->cookie_key[1], ctx->cookie_key[0], sizeof(fresh));
  memcpy(ctx->cookie_key[0], fresh, sizeof(fresh));
  OPENSSL_cleanse(fresh, sizeof(fresh));
  return 0;
}

static resume_entry *resume_find(snmpx__tls_ctx *ctx, const uint8_t *peer,
                                 size_t len)
{
  for (size_t i = 0; i < ctx->n_resume; i++) {
    resume_entry *r = &ctx->resume[i];
    if (r->peer_len == len && memcmp(r->peer, peer, len) == 0)
      return r;
  }
  return NULL;
}

/* A client's new session (after a full handshake, or a TLS 1.3 ticket):
 * kept per peer so that the next connection to it resumes. */
static int new_session_cb(SSL *ssl, SSL_SESSION *sess)
{
  snmpx__tls_session *s = session_of(ssl);
  snmpx__tls_ctx *ctx = s ? s->ctx : NULL;
  resume_entry *r;

  if (!ctx || !ctx->resume)
    return 0;
  r = resume_find(ctx, s->peer, s->peer_len);
  if (!r && ctx->n_resume < RESUME_MAX) {
    r = &ctx->resume[ctx->n_resume];
    r->peer = malloc(s->peer_len ? s->peer_len : 1);
    if (!r->peer)
      return 0;
    memcpy(r->peer, s->peer, s->peer_len);
    r->peer_len = s->peer_len;
    r->sess = NULL;
    ctx->n_resume++;
  } else if (!r) {
    uint8_t *p = malloc(s->peer_len ? s->peer_len : 1);
    if (!p)
      return 0;
    r = &ctx->resume[ctx->next_evict];
    ctx->next_evict = (ctx->next_evict + 1) % RESUME_MAX;
    free(r->peer);
    r->peer = p;
    memcpy(p, s->peer, s->peer_len);
    r->peer_len = s->peer_len;
  }
  SSL_SESSION_free(r->sess);
  r->sess = sess; /* returning 1: the reference is ours */
  return 1;
}

static int load_identity(SSL_CTX *c, const snmpx__tls_config *cfg, char *err,
                         size_t cap)
{
  const char *key = cfg->key_file ? cfg->key_file : cfg->cert_file;

  if (!cfg->cert_file) {
    set_err(err, cap, "no local certificate (localCert)", NULL);
    return -1;
  }
  if (SSL_CTX_use_certificate_chain_file(c, cfg->cert_file) != 1) {
    set_err(err, cap, "cannot load certificate", cfg->cert_file);
    return -1;
  }
  if (SSL_CTX_use_PrivateKey_file(c, key, SSL_FILETYPE_PEM) != 1) {
    set_err(err, cap, "cannot load private key", key);
    return -1;
  }
  if (SSL_CTX_check_private_key(c) != 1) {
    set_err(err, cap, "private key does not match certificate", key);
    return -1;
  }
  return 0;
}

static int load_trust(SSL_CTX *c, const snmpx__tls_config *cfg, char *err,
                      size_t cap)
{
  for (size_t i = 0; i < cfg->n_ca_files; i++) {
    if (SSL_CTX_load_verify_locations(c, cfg->ca_files[i], NULL) != 1) {
      set_err(err, cap, "cannot load trusted certificate", cfg->ca_files[i]);
      return -1;
    }
  }
  return 0;
}

static SSL_CTX *ssl_ctx_make(const snmpx__tls_config *cfg, char *err,
                             size_t cap)
{
  const SSL_METHOD *m = cfg->dtls ? DTLS_method() : TLS_method();
  SSL_CTX *c = SSL_CTX_new(m);

  if (!c) {
    set_err(err, cap, "SSL_CTX_new failed", NULL);
    return NULL;
  }
  /* RFC 6353 and issue 15: TLS 1.2 (DTLS 1.2) at least. */
  SSL_CTX_set_min_proto_version(c,
                                cfg->dtls ? DTLS1_2_VERSION : TLS1_2_VERSION);
  /* RFC 6353 5.3.1/5.3.2: both ends present and verify certificates. */
  SSL_CTX_set_verify(
      c, SSL_VERIFY_PEER | (cfg->server ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0),
      verify_cb);
  if (load_identity(c, cfg, err, cap) < 0 || load_trust(c, cfg, err, cap) < 0) {
    SSL_CTX_free(c);
    return NULL;
  }
  return c;
}

snmpx__tls_ctx *snmpx__tls_ctx_new(const snmpx__tls_config *cfg, char *err,
                                   size_t errcap)
{
  snmpx__tls_ctx *ctx;

  if (err && errcap)
    err[0] = '\0';
  if (!cfg) {
    set_err(err, errcap, "no configuration", NULL);
    return NULL;
  }
  ctx = calloc(1, sizeof(*ctx));
  if (!ctx)
    return NULL;
  ctx->server = cfg->server;
  ctx->dtls = cfg->dtls;
  ctx->mtu = cfg->mtu ? cfg->mtu : DTLS_DEFAULT_MTU;
  ctx->known = cfg->known;
  ctx->known_ud = cfg->known_ud;
  ERR_clear_error();
  ctx->ssl_ctx = ssl_ctx_make(cfg, err, errcap);
  if (!ctx->ssl_ctx)
    goto fail;
  SSL_CTX_set_app_data(ctx->ssl_ctx, ctx);
  if (cfg->dtls && !(ctx->dgq_method = dgq_method_new()))
    goto fail;
  if (cfg->server) {
    /* Resumption of sessions whose client certificate was verified needs
     * a session ID context. */
    SSL_CTX_set_session_id_context(ctx->ssl_ctx, (const uint8_t *)"snmpx", 5);
    if (cfg->dtls) {
      if (RAND_bytes((unsigned char *)ctx->cookie_key,
                     sizeof(ctx->cookie_key)) != 1)
        goto fail;
      SSL_CTX_set_cookie_generate_cb(ctx->ssl_ctx, cookie_gen_cb);
      SSL_CTX_set_cookie_verify_cb(ctx->ssl_ctx, cookie_verify_cb);
    }
  } else {
    ctx->resume = calloc(RESUME_MAX, sizeof(*ctx->resume));
    if (!ctx->resume)
      goto fail;
    SSL_CTX_set_session_cache_mode(
        ctx->ssl_ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx->ssl_ctx, new_session_cb);
  }
  return ctx;
fail:
  snmpx__tls_ctx_free(ctx);
  return NULL;
}

void snmpx__tls_ctx_free(snmpx__tls_ctx *ctx)
{
  if (!ctx)
    return;
  SSL_free(ctx->listener);
  for (size_t i = 0; i < ctx->n_resume; i++) {
    free(ctx->resume[i].peer);
    SSL_SESSION_free(ctx->resume[i].sess);
  }
  free(ctx->resume);
  SSL_CTX_free(ctx->ssl_ctx);
  BIO_meth_free(ctx->dgq_method);
  OPENSSL_cleanse(ctx->cookie_key, sizeof(ctx->cookie_key));
  free(ctx);
}

size_t snmpx__tls_ctx_cached_sessions(const snmpx__tls_ctx *ctx)
{
  size_t n = 0;

  for (size_t i = 0; ctx && i < ctx->n_resume; i++)
    n += ctx->resume[i].sess != NULL;
  return n;
}

/* ---- Sessions --------------------------------------------------------- */

/* An SSL object over a fresh pair of BIOs: memory BIOs for TLS, datagram
 * queues for DTLS. */
static SSL *ssl_make(snmpx__tls_ctx *ctx, BIO **rbio, BIO **wbio)
{
  SSL *ssl = SSL_new(ctx->ssl_ctx);

  if (!ssl)
    return NULL;
  if (ctx->dtls) {
    *rbio = BIO_new(ctx->dgq_method);
    *wbio = BIO_new(ctx->dgq_method);
  } else {
    *rbio = BIO_new(BIO_s_mem());
    *wbio = BIO_new(BIO_s_mem());
  }
  if (!*rbio || !*wbio) {
    BIO_free(*rbio);
    BIO_free(*wbio);
    SSL_free(ssl);
    return NULL;
  }
  if (!ctx->dtls)
    BIO_set_mem_eof_return(*rbio, -1); /* empty: retry, not end of file */
  SSL_set_bio(ssl, *rbio, *wbio);
  if (ctx->dtls) {
    SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
    SSL_set_mtu(ssl, ctx->mtu);
  }
  return ssl;
}

static snmpx__tls_session *session_alloc(snmpx__tls_ctx *ctx, const void *peer,
                                         size_t peer_len)
{
  snmpx__tls_session *s = calloc(1, sizeof(*s) + peer_len);

  if (!s)
    return NULL;
  s->ctx = ctx;
  s->peer_len = peer_len;
  if (peer_len)
    memcpy(s->peer, peer, peer_len);
  return s;
}

static void session_attach(snmpx__tls_session *s, SSL *ssl)
{
  s->ssl = ssl;
  s->rbio = SSL_get_rbio(ssl);
  s->wbio = SSL_get_wbio(ssl);
  SSL_set_app_data(ssl, s);
}

static int drive(snmpx__tls_session *s);

snmpx__tls_session *snmpx__tls_session_new(snmpx__tls_ctx *ctx,
                                           const void *peer, size_t peer_len)
{
  snmpx__tls_session *s;
  BIO *rb, *wb;
  SSL *ssl;

  if (!ctx || (ctx->server && ctx->dtls) || (!peer && peer_len))
    return NULL;
  s = session_alloc(ctx, peer, peer_len);
  if (!s)
    return NULL;
  ERR_clear_error();
  ssl = ssl_make(ctx, &rb, &wb);
  if (!ssl) {
    free(s);
    return NULL;
  }
  session_attach(s, ssl);
  if (ctx->server) {
    SSL_set_accept_state(ssl);
    return s;
  }
  SSL_set_connect_state(ssl);
  resume_entry *r = resume_find(ctx, s->peer, s->peer_len);
  if (r && r->sess)
    SSL_set_session(ssl, r->sess);
  drive(s); /* the ClientHello */
  return s;
}

int snmpx__tls_dtls_accept(snmpx__tls_ctx *ctx, const void *peer,
                           size_t peer_len, const uint8_t *dg, size_t len,
                           uint8_t *reply, size_t cap, size_t *reply_len,
                           snmpx__tls_session **out)
{
  BIO *rb, *wb;
  BIO_ADDR *addr;
  int r;

  if (reply_len)
    *reply_len = 0;
  if (out)
    *out = NULL;
  if (!ctx || !ctx->server || !ctx->dtls || !dg || !reply_len || !out ||
      (!peer && peer_len) || len > INT32_MAX)
    return SNMPX_EINVAL;
  ERR_clear_error();
  if (!ctx->listener) {
    ctx->listener = ssl_make(ctx, &rb, &wb);
    if (!ctx->listener)
      return SNMPX_ENOMEM;
  }
  rb = SSL_get_rbio(ctx->listener);
  wb = SSL_get_wbio(ctx->listener);
  dgq_clear(BIO_get_data(rb));
  dgq_clear(BIO_get_data(wb));
  if (BIO_write(rb, dg, (int)len) != (int)len)
    return SNMPX_ENOMEM;
  addr = BIO_ADDR_new();
  if (!addr)
    return SNMPX_ENOMEM;
  ctx->listen_peer = peer;
  ctx->listen_peer_len = peer_len;
  SSL_set_accept_state(ctx->listener);
  r = DTLSv1_listen(ctx->listener, addr);
  ctx->listen_peer = NULL;
  BIO_ADDR_free(addr);
  if (r < 0) {
    SSL_free(ctx->listener); /* its state is unknown: start afresh */
    ctx->listener = NULL;
    return SNMPX_ETLS;
  }
  if (r == 0) {
    dgq *w = BIO_get_data(wb);
    if (w->head && w->head->len <= cap) {
      memcpy(reply, w->head->data, w->head->len);
      *reply_len = w->head->len;
    }
    dgq_clear(w);
    dgq_clear(BIO_get_data(rb));
    return 0;
  }
  /* The cookie is good: the listener becomes the peer's session and
   * answers the ClientHello still queued in its read BIO. */
  snmpx__tls_session *s = session_alloc(ctx, peer, peer_len);
  if (!s)
    return SNMPX_ENOMEM;
  session_attach(s, ctx->listener);
  ctx->listener = NULL;
  ((dgq *)BIO_get_data(s->rbio))->peek = false;
  drive(s);
  *out = s;
  return 1;
}

static void free_der(snmpx__tls_session *s)
{
  for (size_t i = 0; i < s->n_der; i++)
    OPENSSL_free(s->der[i]);
  free(s->der);
  free(s->der_len);
  s->der = NULL;
  s->der_len = NULL;
  s->n_der = 0;
}

void snmpx__tls_session_free(snmpx__tls_session *s)
{
  if (!s)
    return;
  /* OpenSSL marks a session not resumable when its connection is freed
   * without a close_notify (SSL_free -> ssl_clear_bad_session).  A healthy
   * connection that the transport closes (idle timeout, shutdown) is not
   * bad: keep its session resumable. */
  if (s->ready && !s->err)
    SSL_set_shutdown(s->ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  SSL_free(s->ssl);
  free_der(s);
  free(s->pend);
  free(s);
}

static int add_der(snmpx__tls_session *s, X509 *x)
{
  uint8_t *der = NULL;
  int len = i2d_X509(x, &der);

  if (len <= 0)
    return SNMPX_ENOMEM;
  for (size_t i = 0; i < s->n_der; i++) {
    if (s->der_len[i] == (size_t)len && !memcmp(s->der[i], der, len)) {
      OPENSSL_free(der); /* the client's chain repeats its leaf */
      return 0;
    }
  }
  s->der[s->n_der] = der;
  s->der_len[s->n_der++] = (size_t)len;
  return 0;
}

/* Keep DER copies of what the peer presented: src/tsm maps them to a
 * securityName, and they must outlive OpenSSL's handshake state. */
static int collect_peer_certs(snmpx__tls_session *s)
{
  X509 *leaf = SSL_get0_peer_certificate(s->ssl);
  STACK_OF(X509) *chain = SSL_get_peer_cert_chain(s->ssl);
  size_t n = 1 + (chain ? (size_t)sk_X509_num(chain) : 0);

  free_der(s);
  if (!leaf)
    return 0;
  s->der = calloc(n, sizeof(*s->der));
  s->der_len = calloc(n, sizeof(*s->der_len));
  if (!s->der || !s->der_len)
    return SNMPX_ENOMEM;
  if (add_der(s, leaf) < 0)
    return SNMPX_ENOMEM;
  for (int i = 0; chain && i < sk_X509_num(chain); i++)
    if (add_der(s, sk_X509_value(chain, i)) < 0)
      return SNMPX_ENOMEM;
  return 0;
}

static int fail(snmpx__tls_session *s, int code)
{
  long v = SSL_get_verify_result(s->ssl);
  unsigned long e = ERR_peek_last_error();

  if (v != X509_V_OK) {
    code = SNMPX_ETLS_CERT;
    snprintf(s->errbuf, sizeof(s->errbuf), "certificate refused: %s",
             X509_verify_cert_error_string(v));
  } else if (e) {
    ERR_error_string_n(e, s->errbuf, sizeof(s->errbuf));
  } else if (code == SNMPX_ETLS_CLOSED) {
    snprintf(s->errbuf, sizeof(s->errbuf), "closed by the peer");
  }
  s->err = code;
  ERR_clear_error();
  return code;
}

/* The result of an SSL call that returned |r| <= 0. */
static int ssl_result(snmpx__tls_session *s, int r)
{
  switch (SSL_get_error(s->ssl, r)) {
  case SSL_ERROR_WANT_READ:
  case SSL_ERROR_WANT_WRITE:
    return SNMPX_EAGAIN;
  case SSL_ERROR_ZERO_RETURN:
    return fail(s, SNMPX_ETLS_CLOSED);
  default:
    return fail(s, SNMPX_ETLS);
  }
}

static int write_now(snmpx__tls_session *s, const uint8_t *data, size_t len)
{
  int r;

  ERR_clear_error();
  r = SSL_write(s->ssl, data, (int)len);
  if (r == (int)len)
    return 0;
  r = ssl_result(s, r);
  return r == SNMPX_EAGAIN ? fail(s, SNMPX_ETLS) : r;
}

static int flush_pending(snmpx__tls_session *s)
{
  size_t off = 0;
  int rv = 0;

  while (rv == 0 && off + 4 <= s->pend_len) {
    uint32_t n;
    memcpy(&n, s->pend + off, 4);
    rv = write_now(s, s->pend + off + 4, n);
    off += 4 + n;
  }
  free(s->pend);
  s->pend = NULL;
  s->pend_len = 0;
  return rv;
}

/* Advance the handshake; on completion keep the peer's certificates and
 * send what was written meanwhile. */
static int drive(snmpx__tls_session *s)
{
  int r;

  if (s->err)
    return s->err;
  if (s->ready)
    return 0;
  ERR_clear_error();
  r = SSL_do_handshake(s->ssl);
  if (r != 1) {
    r = ssl_result(s, r);
    return r == SNMPX_EAGAIN ? 0 : r;
  }
  s->ready = true;
  if (collect_peer_certs(s) < 0)
    return fail(s, SNMPX_ENOMEM);
  return flush_pending(s);
}

/* The shortest protected DTLS record the session's AEAD cipher can have:
 * its explicit nonce and tag (RFC 5288 3, RFC 6655 3, RFC 7905 2); 0 when
 * there is none (no cipher yet, or not AEAD). */
static size_t aead_overhead(const snmpx__tls_session *s)
{
  const SSL_CIPHER *c = SSL_get_current_cipher(s->ssl);
  if (!c || !SSL_CIPHER_is_aead(c))
    return 0;
  if (SSL_CIPHER_get_cipher_nid(c) == NID_chacha20_poly1305)
    return 16;
  return strstr(SSL_CIPHER_get_name(c), "CCM8") ? 8 + 8 : 8 + 16;
}

/* RFC 6347 4.1.2.7: a record that does not decrypt is silently
 * discarded.  OpenSSL 3.0 (seen with 3.0.19) does so for one whose tag
 * fails, but a record of the current epoch shorter than its AEAD nonce
 * and tag leaves the session failed for good (SSL_ERROR_SYSCALL with an
 * empty error queue from then on): anyone who can send a datagram with
 * the peer's address could end it.  Such a datagram (a protected record,
 * epoch > 0, that short) is dropped here instead, before OpenSSL sees
 * it. */
static bool dtls_too_short(const snmpx__tls_session *s, const uint8_t *dg,
                           size_t len)
{
  size_t min = aead_overhead(s);
  while (min > 0 && len >= 13) {
    size_t rlen = (size_t)dg[11] << 8 | dg[12];
    if ((dg[3] | dg[4]) != 0 && rlen < min)
      return true;
    if (rlen > len - 13)
      break;
    dg += 13 + rlen;
    len -= 13 + rlen;
  }
  return false;
}

int snmpx__tls_session_feed(snmpx__tls_session *s, const uint8_t *data,
                            size_t len)
{
  if (!s)
    return SNMPX_EINVAL;
  if (s->err)
    return s->err;
  if (len > INT32_MAX || (len && !data))
    return SNMPX_EINVAL;
  if (s->ctx->dtls && dtls_too_short(s, data, len))
    return 0;
  if (len && BIO_write(s->rbio, data, (int)len) != (int)len)
    return SNMPX_ENOMEM;
  return drive(s);
}

bool snmpx__tls_session_is_ready(const snmpx__tls_session *s)
{
  return s && s->ready && !s->err;
}

bool snmpx__tls_session_is_resumed(const snmpx__tls_session *s)
{
  return s && s->ready && SSL_session_reused(s->ssl);
}

int snmpx__tls_session_read(snmpx__tls_session *s, uint8_t *buf, size_t cap)
{
  int r;

  if (!s || (!buf && cap))
    return SNMPX_EINVAL;
  if (s->err)
    return s->err;
  if (!s->ready)
    return SNMPX_EAGAIN;
  if (cap > INT32_MAX)
    cap = INT32_MAX;
  ERR_clear_error();
  r = SSL_read(s->ssl, buf, (int)cap);
  if (r > 0)
    return r;
  return ssl_result(s, r);
}

int snmpx__tls_session_write(snmpx__tls_session *s, const uint8_t *data,
                             size_t len)
{
  uint8_t *p;
  uint32_t n = (uint32_t)len;

  if (!s || (!data && len))
    return SNMPX_EINVAL;
  if (s->err)
    return s->err;
  /* RFC 6353 5.1.2: one SNMP message per DTLS record. */
  if ((s->ctx->dtls && len > SSL3_RT_MAX_PLAIN_LENGTH) || len > INT32_MAX)
    return SNMPX_EMSG_TOOBIG;
  if (len == 0)
    return 0;
  if (s->ready)
    return write_now(s, data, len);
  p = realloc(s->pend, s->pend_len + 4 + len);
  if (!p)
    return SNMPX_ENOMEM;
  memcpy(p + s->pend_len, &n, 4);
  memcpy(p + s->pend_len + 4, data, len);
  s->pend = p;
  s->pend_len += 4 + len;
  return 0;
}

size_t snmpx__tls_session_waiting(const snmpx__tls_session *s)
{
  return s ? s->pend_len : 0;
}

bool snmpx__tls_session_is_waiting(const snmpx__tls_session *s,
                                   const uint8_t *data, size_t len)
{
  for (size_t off = 0; s && off + 4 <= s->pend_len;) {
    uint32_t n;
    memcpy(&n, s->pend + off, 4);
    if (n == len && memcmp(s->pend + off + 4, data, len) == 0)
      return true;
    off += 4 + (size_t)n;
  }
  return false;
}

size_t snmpx__tls_session_pending(const snmpx__tls_session *s)
{
  if (!s)
    return 0;
  if (s->ctx->dtls)
    return ((dgq *)BIO_get_data(s->wbio))->bytes;
  return BIO_ctrl_pending(s->wbio);
}

int snmpx__tls_session_take(snmpx__tls_session *s, uint8_t *buf, size_t cap)
{
  int r;

  if (!s || (!buf && cap))
    return SNMPX_EINVAL;
  if (s->ctx->dtls) {
    dgq *q = BIO_get_data(s->wbio);
    if (!q->head)
      return 0;
    if (q->head->len > cap)
      return SNMPX_ENOSPACE;
  }
  if (snmpx__tls_session_pending(s) == 0 || cap == 0)
    return 0;
  if (cap > INT32_MAX)
    cap = INT32_MAX;
  r = BIO_read(s->wbio, buf, (int)cap);
  return r > 0 ? r : 0;
}

int64_t snmpx__tls_session_timer_ms(snmpx__tls_session *s)
{
  struct timeval tv;

  if (!s || !s->ctx->dtls || s->err || s->ready)
    return -1;
  if (DTLSv1_get_timeout(s->ssl, &tv) != 1)
    return -1;
  return (int64_t)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
}

int snmpx__tls_session_on_timer(snmpx__tls_session *s)
{
  if (!s)
    return SNMPX_EINVAL;
  if (s->err)
    return s->err;
  if (!s->ctx->dtls || s->ready)
    return 0;
  ERR_clear_error();
  if (DTLSv1_handle_timeout(s->ssl) < 0)
    return fail(s, SNMPX_ETLS);
  return 0;
}

void snmpx__tls_session_close(snmpx__tls_session *s)
{
  if (!s || s->err || !s->ready)
    return;
  ERR_clear_error();
  SSL_shutdown(s->ssl);
  ERR_clear_error();
}

int snmpx__tls_session_peer_cert(const snmpx__tls_session *s, size_t idx,
                                 const uint8_t **der, size_t *len)
{
  if (!s || !der || !len)
    return SNMPX_EINVAL;
  if (idx >= s->n_der)
    return SNMPX_ENOTFOUND;
  *der = s->der[idx];
  *len = s->der_len[idx];
  return 0;
}

const char *snmpx__tls_session_error(const snmpx__tls_session *s)
{
  return s ? s->errbuf : "";
}

const void *snmpx__tls_session_peer(const snmpx__tls_session *s, size_t *len)
{
  if (len)
    *len = s ? s->peer_len : 0;
  return s ? s->peer : NULL;
}
