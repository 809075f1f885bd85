/* What the two secure transports share (RFC 6353): the io's TSM
 * configuration (src/tsm), the TLS and DTLS contexts made from it, the
 * client's expectations of each server, the checks and counters of a
 * finished handshake, and the hand-over of a message to the engine with
 * its tmStateReference (RFC 5591 5.2).  TLS over TCP is stream.c's filter,
 * DTLS over UDP is dtls.c. */
#include <stdio.h>
#include <string.h>

#include "transport/io_impl.h"
#include "transport/tls_session.h"
#include "tsm/tsm.h"

/* Most certificates of a presented chain looked at for certSecName. */
#define MAX_CHAIN 10

/* A server as a client expects it (snmpx_io_tls_peer). */
typedef struct tls_peer {
  snmpx_addr addr;
  char *peer_cert; /* NULL: the peerCert line */
  char *hostname;  /* NULL: none */
} tls_peer;

struct snmpx__io_tls {
  snmpx__tsm *tsm;
  snmpx__tls_ctx *ctx[2][2]; /* [server][dtls], made on first use */
  char *local_cert;
  char *app_name;
  tls_peer *peers;
  size_t n_peers;
  char err[256];
};

static snmpx__io_tls *io_tls(snmpx_io *io)
{
  if (io->tls == NULL) {
    snmpx__io_tls *t = snmpx__calloc(io->mem, 1, sizeof(*t));
    if (t == NULL)
      return NULL;
    t->tsm = snmpx__tsm_new();
    if (t->tsm == NULL) {
      snmpx__free(io->mem, t);
      return NULL;
    }
    io->tls = t;
  }
  return io->tls;
}

int snmpx_io_tls_add_confdir(snmpx_io *io, const char *confdir)
{
  if (io == NULL || confdir == NULL)
    return SNMPX_EINVAL;
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return SNMPX_ENOMEM;
  return snmpx__tsm_add_confdir(t->tsm, confdir);
}

int snmpx_io_tls_conf_line(snmpx_io *io, const char *word, const char *args,
                           const char *file, unsigned line, char *err,
                           size_t cap)
{
  if (io == NULL || word == NULL)
    return SNMPX_EINVAL;
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return SNMPX_ENOMEM;
  int rv = snmpx__tsm_conf_line(t->tsm, word, args, file, line, err, cap);
  if (rv == 1)
    snmpx_engine_set_tsm_prefix(io->engine, snmpx__tsm_use_prefix(t->tsm));
  return rv;
}

/* *|slot| becomes a copy of |s| made with |mem| (NULL stays NULL).
 * @return 0, or SNMPX_ENOMEM with *|slot| unchanged. */
static int set_str(const snmpx_mem *mem, char **slot, const char *s)
{
  char *copy = NULL;
  if (s != NULL) {
    size_t n = strlen(s) + 1;
    if ((copy = snmpx__malloc(mem, n)) == NULL)
      return SNMPX_ENOMEM;
    memcpy(copy, s, n);
  }
  snmpx__free(mem, *slot);
  *slot = copy;
  return 0;
}

int snmpx_io_set_tls_opts(snmpx_io *io, const snmpx_io_tls_opts *o)
{
  if (io == NULL || o == NULL)
    return SNMPX_EINVAL;
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return SNMPX_ENOMEM;
  char *cert = NULL, *app = NULL;
  if (set_str(io->mem, &cert, o->local_cert) != 0 ||
      set_str(io->mem, &app, o->app_name) != 0) {
    snmpx__free(io->mem, cert);
    return SNMPX_ENOMEM;
  }
  snmpx__free(io->mem, t->local_cert);
  snmpx__free(io->mem, t->app_name);
  t->local_cert = cert;
  t->app_name = app;
  return 0;
}

static bool is_secure(const snmpx_addr *a)
{
  return a->domain == SNMPX_DOMAIN_TLS || a->domain == SNMPX_DOMAIN_DTLS;
}

static tls_peer *peer_find(snmpx__io_tls *t, const snmpx_addr *addr)
{
  for (size_t i = 0; i < t->n_peers; i++)
    if (snmpx_addr_equal(&t->peers[i].addr, addr))
      return &t->peers[i];
  return NULL;
}

static void peer_clear(const snmpx_mem *mem, tls_peer *p)
{
  snmpx__free(mem, p->peer_cert);
  snmpx__free(mem, p->hostname);
}

int snmpx_io_tls_peer(snmpx_io *io, const snmpx_addr *addr,
                      const char *peer_cert, const char *hostname)
{
  if (io == NULL || addr == NULL || !is_secure(addr))
    return SNMPX_EINVAL;
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return SNMPX_ENOMEM;
  tls_peer fresh = {.addr = *addr};
  tls_peer *p = peer_find(t, addr);
  if (set_str(io->mem, &fresh.peer_cert, peer_cert) != 0 ||
      set_str(io->mem, &fresh.hostname, hostname) != 0)
    goto nomem;
  if (p == NULL) {
    tls_peer *g =
        snmpx__realloc(io->mem, t->peers, (t->n_peers + 1) * sizeof(*g));
    if (g == NULL)
      goto nomem;
    t->peers = g;
    p = &t->peers[t->n_peers++];
  } else {
    peer_clear(io->mem, p);
  }
  *p = fresh;
  return 0;
nomem:
  peer_clear(io->mem, &fresh);
  return SNMPX_ENOMEM;
}

const char *snmpx_io_tls_error(const snmpx_io *io)
{
  return io != NULL && io->tls != NULL ? io->tls->err : "";
}

int snmpx_io_get_tlstm_stats(const snmpx_io *io, snmpx_tlstm_stats *out)
{
  if (io == NULL || out == NULL)
    return SNMPX_EINVAL;
  memset(out, 0, sizeof(*out));
  if (io->tls == NULL)
    return 0;
  *out = *snmpx__tsm_tlstm(io->tls->tsm);
  return 0;
}

snmpx__tls_ctx *snmpx__io_tls_ctx(snmpx_io *io, bool server, bool dtls)
{
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return NULL;
  snmpx__tls_ctx **slot = &t->ctx[server][dtls];
  if (*slot != NULL)
    return *slot;
  snmpx__tls_config cfg;
  const char *app = t->app_name != NULL ? t->app_name : "snmp";
  if (snmpx__tsm_tls_config(t->tsm, server, dtls, t->local_cert, app, &cfg,
                            t->err, sizeof(t->err)) != 0)
    return NULL;
  *slot = snmpx__tls_ctx_new(&cfg, t->err, sizeof(t->err));
  return *slot;
}

static void keep_reason(snmpx__io_tls *t, const char *why)
{
  snprintf(t->err, sizeof(t->err), "%s", why);
}

/* RFC 6353 5.3.2 and the certSecName table: the client's name. */
static int verify_client(snmpx__io_tls *t, snmpx__tls_session *s, char *name,
                         size_t cap)
{
  const uint8_t *ders[MAX_CHAIN];
  size_t lens[MAX_CHAIN], n = 0;
  while (n < MAX_CHAIN &&
         snmpx__tls_session_peer_cert(s, n, &ders[n], &lens[n]) == 0)
    n++;
  int rv = snmpx__tsm_accept_client(t->tsm, ders, lens, n, name, cap);
  if (rv < 0) {
    keep_reason(t, rv == SNMPX_ETSM_NO_SECNAME
                       ? "no certSecName maps the client's certificate"
                       : snmpx_strerror(rv));
    return rv;
  }
  snmpx__tsm_tlstm(t->tsm)->session_accepts++;
  return 0;
}

/* RFC 6353 5.3.1 step 2: the server is the one meant. */
static int verify_server(snmpx__io_tls *t, snmpx__tls_session *s,
                         const snmpx_addr *peer)
{
  const uint8_t *der;
  size_t len;
  snmpx__tlstm_counters *c = snmpx__tsm_tlstm(t->tsm);
  const tls_peer *p = peer_find(t, peer);
  int rv = snmpx__tls_session_peer_cert(s, 0, &der, &len);
  if (rv == 0)
    rv = snmpx__tsm_check_server(t->tsm, p != NULL ? p->peer_cert : NULL,
                                 p != NULL ? p->hostname : NULL, der, len);
  else
    c->unknown_server_certificate++;
  if (rv != 0) {
    c->session_open_errors++;
    keep_reason(t, "the server's certificate is not the one expected "
                   "(peerCert, or the host name)");
    return SNMPX_ETLS_CERT;
  }
  c->session_opens++;
  return 0;
}

int snmpx__io_tls_verify(snmpx_io *io, snmpx__tls_session *s, bool server,
                         const snmpx_addr *peer, char *name, size_t cap)
{
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return SNMPX_ENOMEM;
  if (cap > 0)
    name[0] = '\0';
  return server ? verify_client(t, s, name, cap) : verify_server(t, s, peer);
}

void snmpx__io_tls_failed(snmpx_io *io, snmpx__tls_session *s, bool server,
                          int rv)
{
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return;
  snmpx__tlstm_counters *c = snmpx__tsm_tlstm(t->tsm);
  if (server) {
    if (rv == SNMPX_ETLS_CERT)
      c->invalid_client_certificates++;
  } else {
    c->session_open_errors++;
    if (rv == SNMPX_ETLS_CERT)
      c->invalid_server_certificates++;
  }
  const char *why = s != NULL ? snmpx__tls_session_error(s) : "";
  keep_reason(t, why[0] != '\0' ? why : snmpx_strerror(rv));
}

void snmpx__io_tls_closed(snmpx_io *io, bool server)
{
  snmpx__io_tls *t = io_tls(io);
  if (t == NULL)
    return;
  snmpx__tlstm_counters *c = snmpx__tsm_tlstm(t->tsm);
  if (server)
    c->session_server_closes++;
  else
    c->session_client_closes++;
}

void snmpx__io_tls_no_session(snmpx_io *io)
{
  snmpx__io_tls *t = io_tls(io);
  if (t != NULL)
    snmpx__tsm_tlstm(t->tsm)->session_no_sessions++;
}

void snmpx__io_tls_deliver(snmpx_io *io, const uint8_t *msg, size_t len,
                           const snmpx_addr *from, const snmpx_addr *to,
                           bool dtls, const char *name, uint64_t session_id)
{
  /* RFC 6353 5.1.2 / RFC 5591 5.2: an established (D)TLS session gives
   * authPriv, and names the peer by the certificate's mapping. */
  snmpx_tm_state tm = {
      .transport_prefix = dtls ? "dtls" : "tls",
      .security_name = (const uint8_t *)name,
      .security_name_len = strlen(name),
      .level = SNMPX_SECLEVEL_AUTHPRIV,
      .session_id = session_id,
  };
  snmpx_engine_recv_tm(io->engine, msg, len, from, to, &tm);
}

void snmpx__io_tls_free(snmpx_io *io)
{
  snmpx__io_tls *t = io->tls;
  if (t == NULL)
    return;
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      snmpx__tls_ctx_free(t->ctx[i][j]);
  for (size_t i = 0; i < t->n_peers; i++)
    peer_clear(io->mem, &t->peers[i]);
  snmpx__free(io->mem, t->peers);
  snmpx__free(io->mem, t->local_cert);
  snmpx__free(io->mem, t->app_name);
  snmpx__tsm_free(t->tsm);
  snmpx__free(io->mem, t);
  io->tls = NULL;
}
