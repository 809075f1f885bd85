/* The sans-I/O engine: requests in flight, retries, timeouts, matching of
 * responses (RFC 3413 3.1 command generator, RFC 3412 4.1 dispatcher). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>

#include "engine_priv.h"

/* A handle packs a submit counter above the 31-bit request-id, so handles
 * never repeat while request-ids may be reused after completion. */
#define HANDLE_REQID_BITS 31

static int32_t reqid_of_handle(int64_t handle)
{
  return (int32_t)(handle & 0x7fffffff);
}

bool snmpx_addr_equal(const snmpx_addr *a, const snmpx_addr *b)
{
  if (a->domain != b->domain || a->conn != b->conn ||
      a->u.sa.sa_family != b->u.sa.sa_family)
    return false;
  if (a->u.sa.sa_family == AF_INET) {
    const struct sockaddr_in *x = &a->u.in4;
    const struct sockaddr_in *y = &b->u.in4;
    return x->sin_port == y->sin_port &&
           x->sin_addr.s_addr == y->sin_addr.s_addr;
  }
  if (a->u.sa.sa_family == AF_INET6) {
    const struct sockaddr_in6 *x = &a->u.in6;
    const struct sockaddr_in6 *y = &b->u.in6;
    return x->sin6_port == y->sin6_port &&
           memcmp(&x->sin6_addr, &y->sin6_addr, sizeof(x->sin6_addr)) == 0;
  }
  if (a->u.sa.sa_family == AF_UNIX)
    return strncmp(a->u.un.sun_path, b->u.un.sun_path,
                   sizeof(a->u.un.sun_path)) == 0;
  return a->len == b->len && a->len <= sizeof(a->u) &&
         memcmp(&a->u, &b->u, a->len) == 0;
}

size_t snmpx__addr_hash(const snmpx_addr *a)
{
  size_t h = snmpx__chash_bytes(0, &a->domain, sizeof(a->domain));
  h = snmpx__chash_bytes(h, &a->conn, sizeof(a->conn));
  h = snmpx__chash_bytes(h, &a->u.sa.sa_family, sizeof(a->u.sa.sa_family));
  if (a->u.sa.sa_family == AF_INET) {
    h = snmpx__chash_bytes(h, &a->u.in4.sin_port, sizeof(a->u.in4.sin_port));
    return snmpx__chash_bytes(h, &a->u.in4.sin_addr,
                              sizeof(a->u.in4.sin_addr));
  }
  if (a->u.sa.sa_family == AF_INET6) {
    h = snmpx__chash_bytes(h, &a->u.in6.sin6_port, sizeof(a->u.in6.sin6_port));
    return snmpx__chash_bytes(h, &a->u.in6.sin6_addr,
                              sizeof(a->u.in6.sin6_addr));
  }
  if (a->u.sa.sa_family == AF_UNIX)
    return snmpx__chash_bytes(h, a->u.un.sun_path,
                              strnlen(a->u.un.sun_path,
                                      sizeof(a->u.un.sun_path)));
  size_t n = a->len <= sizeof(a->u) ? a->len : sizeof(a->u);
  return snmpx__chash_bytes(h, &a->u, n);
}

/* "host:port" or "[host]:port", or the UNIX path, after |prefix|. */
static int format_with(const snmpx_addr *a, const char *prefix, char *buf,
                       size_t cap)
{
  char host[INET6_ADDRSTRLEN];
  int n;
  if (buf == NULL)
    return SNMPX_EINVAL;
  if (a->u.sa.sa_family == AF_INET) {
    const struct sockaddr_in *s = &a->u.in4;
    inet_ntop(AF_INET, &s->sin_addr, host, sizeof(host));
    n = snprintf(buf, cap, "%s%s:%u", prefix, host, ntohs(s->sin_port));
  } else if (a->u.sa.sa_family == AF_INET6) {
    const struct sockaddr_in6 *s = &a->u.in6;
    inet_ntop(AF_INET6, &s->sin6_addr, host, sizeof(host));
    n = snprintf(buf, cap, "%s[%s]:%u", prefix, host, ntohs(s->sin6_port));
  } else if (a->u.sa.sa_family == AF_UNIX) {
    n = snprintf(buf, cap, "%s%.*s", prefix, (int)sizeof(a->u.un.sun_path),
                 a->u.un.sun_path);
  } else {
    return SNMPX_EINVAL;
  }
  if (n < 0 || (size_t)n >= cap)
    return SNMPX_ENOSPACE;
  return n;
}

int snmpx_addr_format(const snmpx_addr *a, char *buf, size_t cap)
{
  if (a == NULL)
    return SNMPX_EINVAL;
  return format_with(a, "", buf, cap);
}

const char *snmpx_domain_name(int domain)
{
  switch (domain) {
  case SNMPX_DOMAIN_UDP:
    return "udp";
  case SNMPX_DOMAIN_TCP:
    return "tcp";
  case SNMPX_DOMAIN_UNIX:
    return "unix";
  case SNMPX_DOMAIN_TLS:
    return "tlstcp";
  case SNMPX_DOMAIN_DTLS:
    return "dtlsudp";
  default:
    return "?";
  }
}

int snmpx_addr_format_spec(const snmpx_addr *a, char *buf, size_t cap)
{
  if (a == NULL || a->domain > SNMPX_DOMAIN_DTLS)
    return SNMPX_EINVAL;
  char prefix[16];
  /* Net-SNMP names IPv6 UDP and TCP as domains of their own ("udp6:",
   * "tcp6:"); TLS and DTLS keep one name and take a bracketed address. */
  bool six = a->u.sa.sa_family == AF_INET6 &&
             (a->domain == SNMPX_DOMAIN_UDP || a->domain == SNMPX_DOMAIN_TCP);
  snprintf(prefix, sizeof(prefix), "%s%s:", snmpx_domain_name(a->domain),
           six ? "6" : "");
  return format_with(a, prefix, buf, cap);
}

snmpx_engine *snmpx_engine_new(const snmpx_engine_config *cfg)
{
  const snmpx_mem *mem = cfg ? cfg->mem : NULL;
  snmpx_engine *e = snmpx__calloc(mem, 1, sizeof(*e));
  if (e == NULL)
    return NULL;
  if (cfg != NULL)
    e->cfg = *cfg;
  e->mem = mem;
  e->local.max_size = SNMPX_MAX_DATAGRAM;
  e->agent_limit = SNMPX_ENGINE_AGENT_WINDOW;
  e->jitter_pct = SNMPX_ENGINE_RETRY_JITTER;
  if (e->cfg.clock == NULL)
    e->cfg.clock = snmpx__clock_monotonic_ms;
  if (e->cfg.random == NULL) {
    snmpx__entropy_init(&e->entropy);
    e->cfg.random = snmpx__entropy_read;
    e->cfg.random_ud = &e->entropy;
  }
  /* RFC 3414 8.1.1.1: the DES salt's counter starts at an arbitrary
   * value, so an engine that starts again does not reuse the salts of its
   * last run with the same keys. */
  e->cfg.random(e->cfg.random_ud, &e->des_salt, sizeof(e->des_salt));
  return e;
}

void snmpx__engine_finish(snmpx_engine *e, snmpx__request *r, int status,
                          const snmpx_msg *resp)
{
  snmpx__reqtable_remove(&e->table, r);
  snmpx__window_leave(e, r);
  if (r->cb != NULL)
    r->cb(e, r->handle, status, resp, r->user_data);
  else
    snmpx__results_store(e, r->handle, status, resp);
  if (r->v3 != NULL)
    snmpx__v3_request_clear(e, r);
  snmpx__free(e->mem, r);
}

void snmpx_engine_free(snmpx_engine *e)
{
  if (e == NULL)
    return;
  snmpx__request *r;
  e->closing = true;
  while ((r = snmpx__reqtable_first(&e->table)) != NULL)
    snmpx__engine_finish(e, r, SNMPX_ECANCELED, NULL);
  snmpx__reqtable_clear(&e->table, e->mem);
  snmpx__agents_clear(e);
  snmpx__results_clear(e);
  snmpx__v3_clear(e);
  snmpx__inbound_clear(e);
  snmpx__free(e->mem, e->space.varbinds);
  snmpx__free(e->mem, e->space.arcs);
  snmpx__free(e->mem, e->encode_buf);
  snmpx__free(e->mem, e);
}

void snmpx__engine_notify_deadline(snmpx_engine *e)
{
  if (e->deadline_cb == NULL)
    return;
  int64_t dl = snmpx_engine_next_deadline(e);
  if (dl != e->reported_deadline) {
    e->reported_deadline = dl;
    e->deadline_cb(e->deadline_ud, dl);
  }
}

void snmpx_engine_set_deadline_cb(snmpx_engine *e, snmpx_deadline_cb cb,
                                  void *user_data)
{
  e->deadline_cb = cb;
  e->deadline_ud = user_data;
  e->reported_deadline = -2; /* report the current one now */
  snmpx__engine_notify_deadline(e);
}

void snmpx_engine_set_send(snmpx_engine *e, snmpx_send_cb send,
                           void *user_data)
{
  e->cfg.send = send;
  e->cfg.send_ud = user_data;
}

uint64_t snmpx_engine_now(const snmpx_engine *e)
{
  return e->cfg.clock(e->cfg.clock_ud);
}

const snmpx_mem *snmpx__engine_mem(const snmpx_engine *e)
{
  return e->mem;
}

int32_t snmpx__engine_random_id(snmpx_engine *e)
{
  uint32_t v = 0;
  for (int tries = 0; tries < 8 && (v & 0x7fffffff) == 0; tries++)
    e->cfg.random(e->cfg.random_ud, &v, sizeof(v));
  return (v & 0x7fffffff) != 0 ? (int32_t)(v & 0x7fffffff) : 1;
}

size_t snmpx_engine_pending(const snmpx_engine *e)
{
  return e->table.count;
}

void snmpx_engine_get_stats(const snmpx_engine *e, snmpx_engine_stats *out)
{
  *out = e->stats;
  out->tsm_invalid_caches = e->tsm.invalid_caches;
  out->tsm_inadequate_security_levels = e->tsm.inadequate_security_levels;
  out->tsm_unknown_prefixes = e->tsm.unknown_prefixes;
  out->tsm_invalid_prefixes = e->tsm.invalid_prefixes;
  snmpx_usm_keycache_stats ks;
  if (e->keys != NULL && snmpx_usm_keycache_get_stats(e->keys, &ks) == 0) {
    out->password_hashes = ks.password_hashes;
    out->localizations = ks.localizations;
  }
}

int64_t snmpx_engine_next_deadline(const snmpx_engine *e)
{
  const snmpx__request *r = snmpx__reqtable_first(&e->table);
  return r && r->deadline != SNMPX__NEVER ? (int64_t)r->deadline : -1;
}

void snmpx__engine_send_raw(snmpx_engine *e, const uint8_t *data, size_t len,
                            const snmpx_addr *to)
{
  e->stats.out_pkts++;
  if (e->cfg.send != NULL)
    e->cfg.send(e->cfg.send_ud, data, len, to);
}

void snmpx__engine_transmit(snmpx_engine *e, const snmpx__request *r)
{
  /* A TSM request's tmStateReference goes to the transport with it
   * (snmpx__engine_answer_tm), which opens or picks the session. */
  const snmpx_tm_state *outer = e->answer_tm;
  e->answer_tm = snmpx__v3_request_tm(r);
  snmpx__engine_send_raw(e, r->data, r->len, &r->addr);
  e->answer_tm = outer;
}

/* RFC 3416 4.1: request-ids are chosen by the command generator; Net-SNMP
 * and most agents treat them as positive 31-bit numbers, so do we, and we
 * never reuse one that is still in flight. */
static int32_t fresh_reqid(snmpx_engine *e)
{
  int32_t id = 0;
  for (int tries = 0; tries < 64; tries++) {
    uint32_t v;
    e->cfg.random(e->cfg.random_ud, &v, sizeof(v));
    id = (int32_t)(v & 0x7fffffff);
    if (id != 0 && snmpx__reqtable_find(&e->table, id) == NULL)
      return id;
  }
  /* An injected RNG that keeps repeating itself: step to a free id (there
   * is one: at most 2^30 requests are in flight). */
  do
    id = (int32_t)(((uint32_t)id + 1) & 0x7fffffff);
  while (id == 0 || snmpx__reqtable_find(&e->table, id) != NULL);
  return id;
}

static int check_target(const snmpx_target *t)
{
  if (t->addr.len == 0)
    return SNMPX_EINVAL;
  if (t->version != SNMPX_VERSION_1 && t->version != SNMPX_VERSION_2C &&
      t->version != SNMPX_VERSION_3)
    return SNMPX_EINVAL;
  if (t->community == NULL && t->community_len != 0)
    return SNMPX_EINVAL;
  return 0;
}

int snmpx__engine_encode_buf(snmpx_engine *e)
{
  if (e->encode_buf == NULL) {
    e->encode_buf = snmpx__malloc(e->mem, SNMPX_MAX_DATAGRAM);
    if (e->encode_buf == NULL)
      return SNMPX_ENOMEM;
  }
  return 0;
}

/* Encode a v1/v2c request into a new request record (message inline). */
int snmpx__encode_community(snmpx_engine *e, snmpx_version version,
                            const uint8_t *community, size_t community_len,
                            const snmpx_pdu *pdu, size_t *len)
{
  snmpx_msg m;
  memset(&m, 0, sizeof(m));
  m.version = version;
  m.community = community;
  m.community_len = community_len;
  m.pdu = *pdu;
  int rv = snmpx_msg_encode(&m, e->encode_buf, SNMPX_MAX_DATAGRAM, len);
  return rv == SNMPX_ENOSPACE ? SNMPX_EMSG_TOOBIG : rv;
}

static int build_community(snmpx_engine *e, const snmpx_target *target,
                           const snmpx_pdu *pdu, int32_t reqid,
                           snmpx__request **out)
{
  snmpx_pdu p = *pdu;
  p.request_id = reqid;
  size_t len = 0;
  int rv = snmpx__encode_community(e, target->version, target->community,
                                   target->community_len, &p, &len);
  if (rv != 0)
    return rv;
  snmpx__request *r = snmpx__malloc(e->mem, sizeof(*r) + len);
  if (r == NULL)
    return SNMPX_ENOMEM;
  memset(r, 0, sizeof(*r));
  r->data = r->inline_data;
  memcpy(r->data, e->encode_buf, len);
  r->len = len;
  *out = r;
  return 0;
}

static int64_t submit(snmpx_engine *e, const snmpx_target *target,
                      const snmpx_pdu *pdu, snmpx_response_cb cb,
                      void *user_data, snmpx__window *w);

int64_t snmpx_engine_submit(snmpx_engine *e, const snmpx_target *target,
                            const snmpx_pdu *pdu, snmpx_response_cb cb,
                            void *user_data)
{
  return snmpx__engine_submit_in(e, target, pdu, cb, user_data, NULL);
}

int64_t snmpx_engine_discover(snmpx_engine *e, const snmpx_target *target,
                              snmpx_response_cb cb, void *user_data)
{
  if (e == NULL || target == NULL || target->version != SNMPX_VERSION_3)
    return SNMPX_EINVAL;
  return submit(e, target, NULL, cb, user_data, NULL);
}

int64_t snmpx__engine_submit_in(snmpx_engine *e, const snmpx_target *target,
                                const snmpx_pdu *pdu, snmpx_response_cb cb,
                                void *user_data, snmpx__window *w)
{
  if (e == NULL || target == NULL || pdu == NULL)
    return SNMPX_EINVAL;
  return submit(e, target, pdu, cb, user_data, w);
}

/* A request for |pdu|, or (NULL, v3 only) engine ID discovery alone. */
static int64_t submit(snmpx_engine *e, const snmpx_target *target,
                      const snmpx_pdu *pdu, snmpx_response_cb cb,
                      void *user_data, snmpx__window *w)
{
  int rv = check_target(target);
  if (rv != 0)
    return rv;
  if (e->table.count >= 0x40000000u)
    return SNMPX_ETOOMANY;
  rv = snmpx__engine_encode_buf(e);
  if (rv != 0)
    return rv;

  int32_t reqid = fresh_reqid(e);
  snmpx__request *r = NULL;
  if (target->version == SNMPX_VERSION_3) {
    rv = snmpx__v3_new_request(e, target, pdu, reqid, &r);
    if (rv != 0)
      return rv;
  } else {
    rv = build_community(e, target, pdu, reqid, &r);
    if (rv != 0)
      return rv;
  }
  r->reqid = reqid;
  r->handle = (int64_t)(++e->submits << HANDLE_REQID_BITS) | r->reqid;
  r->version = target->version;
  r->strict_source = target->strict_source;
  r->timeout_ms = target->timeout_ms ? target->timeout_ms : 1000;
  r->backoff_pct = target->backoff_pct ? target->backoff_pct : 100;
  r->max_timeout_ms = target->max_timeout_ms ? target->max_timeout_ms : 60000;
  r->tries_left = target->retries < 0 ? 5 : target->retries;
  r->addr = target->addr;
  r->cb = cb;
  r->user_data = user_data;
  r->deadline = SNMPX__NEVER;
  if (snmpx__reqtable_add(&e->table, r, e->mem) != 0) {
    if (r->v3 != NULL)
      snmpx__v3_request_clear(e, r);
    snmpx__free(e->mem, r);
    return SNMPX_ENOMEM;
  }
  r->win = w;
  if (snmpx__agent_get(e, &r->addr, &r->agent) != 0) {
    snmpx__reqtable_remove(&e->table, r);
    if (r->v3 != NULL)
      snmpx__v3_request_clear(e, r);
    snmpx__free(e->mem, r);
    return SNMPX_ENOMEM;
  }
  if (snmpx__window_admit(e, r)) {
    r->deadline = snmpx__try_deadline(e, r, snmpx_engine_now(e));
    snmpx__reqtable_reschedule(&e->table, r);
    snmpx__engine_transmit(e, r);
  }
  snmpx__engine_notify_deadline(e);
  return r->handle;
}

bool snmpx_engine_is_pending(const snmpx_engine *e, int64_t handle)
{
  if (e == NULL || handle <= 0)
    return false;
  const snmpx__request *r =
      snmpx__reqtable_find(&e->table, reqid_of_handle(handle));
  return r != NULL && r->handle == handle;
}

int snmpx_engine_cancel(snmpx_engine *e, int64_t handle)
{
  if (e == NULL || handle <= 0)
    return SNMPX_ENOTFOUND;
  snmpx__request *r = snmpx__reqtable_find(&e->table, reqid_of_handle(handle));
  if (r == NULL || r->handle != handle)
    return SNMPX_ENOTFOUND;
  snmpx__engine_finish(e, r, SNMPX_ECANCELED, NULL);
  snmpx__engine_notify_deadline(e);
  return 0;
}

int snmpx__engine_ensure_space(snmpx_engine *e, size_t len)
{
  size_t max_vb, max_arcs;
  snmpx_pdu_decode_bounds(len, &max_vb, &max_arcs);
  if (max_vb > e->space.varbinds_cap) {
    snmpx_varbind *v = snmpx__realloc(e->mem, e->space.varbinds,
                                      max_vb * sizeof(*v));
    if (v == NULL)
      return SNMPX_ENOMEM;
    e->space.varbinds = v;
    e->space.varbinds_cap = max_vb;
  }
  if (max_arcs > e->space.arcs_cap) {
    uint32_t *a = snmpx__realloc(e->mem, e->space.arcs,
                                 max_arcs * sizeof(*a));
    if (a == NULL)
      return SNMPX_ENOMEM;
    e->space.arcs = a;
    e->space.arcs_cap = max_arcs;
  }
  return 0;
}

static int recv_datagram(snmpx_engine *e, const uint8_t *data, size_t len,
                         const snmpx_addr *from);

/* A v1/v2c request or notification (RFC 3412 4.2.2, RFC 3584 5.2.1:
 * the community is the security name until an application maps it). */
static int recv_community_inbound(snmpx_engine *e, const snmpx_msg *m,
                                  const snmpx_addr *from)
{
  if (e->responder == NULL && e->receiver == NULL) {
    e->stats.in_unexpected_pdus++;
    return SNMPX_EMSG_PDU_TYPE;
  }
  snmpx__inbound ib;
  memset(&ib, 0, sizeof(ib));
  ib.in.msg = *m;
  if (from != NULL)
    ib.in.from = *from;
  if (e->recv_to != NULL)
    ib.in.to = *e->recv_to;
  ib.in.security_model = m->version == SNMPX_VERSION_1 ? SNMPX_SECMODEL_V1
                                                       : SNMPX_SECMODEL_V2C;
  ib.in.level = SNMPX_SECLEVEL_NOAUTH;
  ib.in.max_size = SNMPX_MAX_DATAGRAM;
  return snmpx__inbound_dispatch(e, &ib);
}

int snmpx_engine_recv(snmpx_engine *e, const uint8_t *data, size_t len,
                      const snmpx_addr *from)
{
  return snmpx_engine_recv_to(e, data, len, from, NULL);
}

/* A datagram received while a callback handles another one (a nested
 * wait in a response or incoming callback).  The outer message's PDU was
 * decoded into e->space, and a v3 one's plaintext is in e->in_plain: both
 * are still the callback's, so this one decodes into storage of its own,
 * freed when it has been handled.  Only nesting pays for it. */
static int recv_nested(snmpx_engine *e, const uint8_t *data, size_t len,
                       const snmpx_addr *from)
{
  snmpx_decode_space outer_space = e->space;
  uint8_t *outer_plain = e->in_plain;
  memset(&e->space, 0, sizeof(e->space));
  e->in_plain = NULL;
  int rv = recv_datagram(e, data, len, from);
  snmpx__free(e->mem, e->space.varbinds);
  snmpx__free(e->mem, e->space.arcs);
  snmpx__free(e->mem, e->in_plain);
  e->space = outer_space;
  e->in_plain = outer_plain;
  return rv;
}

int snmpx_engine_recv_to(snmpx_engine *e, const uint8_t *data, size_t len,
                         const snmpx_addr *from, const snmpx_addr *to)
{
  const snmpx_addr *outer = e->recv_to;
  e->recv_to = to;
  int rv = e->recv_depth++ == 0 ? recv_datagram(e, data, len, from)
                                : recv_nested(e, data, len, from);
  e->recv_depth--;
  e->recv_to = outer;
  if (rv < 0 && e->drop_cb != NULL)
    e->drop_cb(e->drop_ud, rv, data, len, from);
  snmpx__engine_notify_deadline(e);
  return rv;
}

int snmpx_engine_recv_tm(snmpx_engine *e, const uint8_t *data, size_t len,
                         const snmpx_addr *from, const snmpx_addr *to,
                         const snmpx_tm_state *tm)
{
  const snmpx_tm_state *outer = e->recv_tm;
  e->recv_tm = tm;
  int rv = snmpx_engine_recv_to(e, data, len, from, to);
  e->recv_tm = outer;
  return rv;
}

void snmpx_engine_set_tsm_prefix(snmpx_engine *e, bool on)
{
  if (e != NULL)
    e->tsm_prefix = on;
}

void snmpx_engine_set_drop_cb(snmpx_engine *e, snmpx_drop_cb cb,
                              void *user_data)
{
  e->drop_cb = cb;
  e->drop_ud = user_data;
}

static int recv_datagram(snmpx_engine *e, const uint8_t *data, size_t len,
                         const snmpx_addr *from)
{
  e->stats.in_pkts++;
  int ver = snmpx_msg_peek_version(data, len);
  if (ver < 0) {
    e->stats.in_asn_parse_errs++;
    return ver;
  }
  if (ver == SNMPX_VERSION_3)
    return snmpx__v3_recv(e, data, len, from);
  if (ver != SNMPX_VERSION_1 && ver != SNMPX_VERSION_2C) {
    e->stats.in_bad_versions++;
    return SNMPX_EMSG_VERSION;
  }
  int rv = snmpx__engine_ensure_space(e, len);
  if (rv != 0)
    return rv;
  snmpx_msg m;
  rv = snmpx_msg_decode(data, len, &m, &e->space);
  if (rv != 0) {
    e->stats.in_asn_parse_errs++;
    return rv;
  }
  /* RFC 3413 3.1.3: only a Response completes a request; requests and
   * notifications go to the applications (RFC 3412 4.2.2). */
  if (m.pdu.type != SNMPX_PDU_RESPONSE)
    return recv_community_inbound(e, &m, from);
  snmpx__request *r = snmpx__reqtable_find(&e->table, m.pdu.request_id);
  if (r == NULL) {
    e->stats.in_unmatched++;
    return SNMPX_ENOTFOUND;
  }
  if (r->version != m.version) {
    e->stats.in_wrong_version++;
    return SNMPX_EMSG_VERSION;
  }
  /* Multi-homed agents may answer from another address; Net-SNMP's tools
   * accept that, and so do we unless the target asks to be strict. */
  if (r->strict_source && (from == NULL || !snmpx_addr_equal(from, &r->addr))) {
    e->stats.in_wrong_source++;
    return SNMPX_EADDR;
  }
  snmpx__engine_finish(e, r, 0, &m);
  return 0;
}

/* The next try's timeout: |backoff_pct| of this one, within the cap. */
uint32_t snmpx__next_timeout(const snmpx__request *r, uint32_t cur)
{
  uint64_t t = (uint64_t)cur * r->backoff_pct / 100;
  if (t > r->max_timeout_ms)
    t = r->max_timeout_ms;
  return t < cur && r->backoff_pct >= 100 ? cur : (uint32_t)(t ? t : 1);
}

/* Spread retries: the tries of a burst to one agent leave together (its
 * window lets them go as answers come back), so without this their
 * timeouts expire together and every retry goes at once too.  Each try
 * that a retry follows gets up to jitter_pct % more time, an amount drawn
 * from its request-id (random) and the tries left, so no RNG call is
 * spent.  A lone request to its agent keeps Net-SNMP's exact timing, and
 * the last try's timeout is never lengthened. */
uint64_t snmpx__try_deadline(const snmpx_engine *e, const snmpx__request *r,
                             uint64_t now)
{
  uint64_t t = r->timeout_ms;
  if (e->jitter_pct != 0 && r->tries_left > 0 && r->agent != NULL &&
      r->agent->w.in_flight > 1) {
    uint32_t x = (uint32_t)r->reqid * 2654435761u ^
                 (uint32_t)r->tries_left * 40503u;
    x ^= x >> 15;
    x *= 2246822519u;
    x ^= x >> 13;
    uint64_t span = t * e->jitter_pct / 100;
    t += span * x / UINT32_MAX;
  }
  return now + t;
}

void snmpx__engine_retry(snmpx_engine *e, snmpx__request *r, uint64_t now)
{
  r->tries_left--;
  r->timeout_ms = snmpx__next_timeout(r, r->timeout_ms);
  r->deadline = snmpx__try_deadline(e, r, now);
  snmpx__reqtable_reschedule(&e->table, r);
  e->stats.retransmits++;
  snmpx__engine_transmit(e, r);
}

int snmpx_engine_tick(snmpx_engine *e)
{
  uint64_t now = snmpx_engine_now(e);
  int expired = 0;
  snmpx__request *r;
  while ((r = snmpx__reqtable_first(&e->table)) != NULL &&
         r->deadline <= now) {
    if (r->wait != SNMPX__WAIT_NONE) {
      /* Waited for its agent's window for as long as its tries would
       * have taken: it ends unsent (engine_window.c, queue_budget). */
      e->stats.timeouts++;
      expired++;
      snmpx__engine_finish(e, r, SNMPX_ETIMEDOUT, NULL);
    } else if (r->tries_left > 0) {
      snmpx__engine_retry(e, r, now);
    } else {
      e->stats.timeouts++;
      expired++;
      snmpx__engine_finish(e, r, snmpx__v3_timeout_status(r), NULL);
    }
  }
  snmpx__engine_notify_deadline(e);
  return expired;
}
