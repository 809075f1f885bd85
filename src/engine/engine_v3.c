/* SNMPv3 in the engine: the message processing model of RFC 3412 7 and
 * the User-based Security Model of RFC 3414 3 and 4 (discovery, timeliness,
 * reports), on top of src/msg (framing) and src/usm (cryptography). */
#include <stdio.h>

#include "engine_priv.h"
#include "msg/msg_v3.h"

/* Where a v3 request stands. */
enum { PHASE_PROBE, PHASE_MAIN };

typedef struct snmpx__v3req {
  snmpx__user *user;
  snmpx__remote *remote;
  snmpx_seclevel level;
  int phase;
  bool probed;     /* discovery ran for this request */
  bool discover_only; /* snmpx_engine_discover: done once the ID is known */
  bool resynced;   /* the one notInTimeWindow retry is used */
  uint8_t ctx_engine_id[SNMPX_USM_MAX_ENGINE_ID];
  size_t ctx_engine_id_len; /* 0: the authoritative engine's */
  const uint8_t *ctx_name;
  size_t ctx_name_len;
  const uint8_t *pdu; /* the encoded PDU, request-id == msgID */
  size_t pdu_len;
  uint8_t *dgram;     /* room for the datagram (see new_request) */
  size_t dgram_cap;
  uint32_t sent_boots; /* what the request's datagram carries (PHASE_MAIN) */
  uint32_t sent_time;
  /* TSM (RFC 5591 4.2 step 2): no user, no discovery; the
   * tmStateReference the transport gets with each send. */
  bool tsm;
  snmpx_tm_state tm;
  uint8_t tm_name[32];
  char tm_prefix[8];
} snmpx__v3req;

/* A v3 request is one allocation: the request, this state, the encoded
 * PDU, the context name and room for the datagram, which is the PDU and
 * the context name plus at most this much (v3 header, USM parameters of
 * at most 32-octet IDs and names and a 48-octet MAC, DES padding).  A
 * datagram that would not fit gets an allocation of its own. */
#define DGRAM_OVERHEAD 320

/* A request that waited (in a window) is rebuilt before it is sent when
 * the msgAuthoritativeEngineTime it carries is more than this many
 * seconds off our estimate of the engine's clock: well inside the 150 s
 * time window (RFC 3414 2.2.3), and a request that waited less is sent as
 * built, without a second encryption and signature. */
#define MAX_TIME_LAG 15

static const uint32_t usm_stats[] = {SNMPX__USM_STATS_ARCS};


/* ---- users ------------------------------------------------------------ */

static const char *ns_or_default(const char *ns)
{
  return ns ? ns : "";
}

/* The user keyed (|ns|, |name|, |engine_id|); engine_id_len 0 means a
 * user bound to no engine. */
static size_t user_hash(const char *ns, const uint8_t *name, size_t len,
                        const uint8_t *engine_id, size_t engine_id_len)
{
  size_t h = snmpx__chash_bytes(0, ns, strlen(ns) + 1);
  h = snmpx__chash_bytes(h, name, len);
  return snmpx__chash_bytes(h, engine_id, engine_id_len);
}

/* The record keyed so, withdrawn or not. */
static snmpx__user *find_user_record(const snmpx_engine *e, const char *ns,
                                     const uint8_t *name, size_t len,
                                     const uint8_t *engine_id,
                                     size_t engine_id_len)
{
  ns = ns_or_default(ns);
  size_t h = user_hash(ns, name, len, engine_id, engine_id_len);
  for (snmpx__chain *c = snmpx__chash_bucket(&e->users, h); c != NULL;
       c = c->next) {
    snmpx__user *u = (snmpx__user *)c;
    if (c->hash == h && u->name_len == len &&
        memcmp(u->name, name, len) == 0 &&
        u->engine_id_len == engine_id_len &&
        (engine_id_len == 0 ||
         memcmp(u->engine_id, engine_id, engine_id_len) == 0) &&
        strcmp(u->user_namespace, ns) == 0)
      return u;
  }
  return NULL;
}

static snmpx__user *find_user_exact(snmpx_engine *e, const char *ns,
                                    const uint8_t *name, size_t len,
                                    const uint8_t *engine_id,
                                    size_t engine_id_len)
{
  snmpx__user *u = find_user_record(e, ns, name, len, engine_id,
                                    engine_id_len);
  return u != NULL && !u->withdrawn ? u : NULL;
}

/* A user for requests we send: one bound to no engine. */
static snmpx__user *find_user(snmpx_engine *e, const char *ns,
                              const uint8_t *name, size_t len)
{
  return find_user_exact(e, ns, name, len, NULL, 0);
}

static bool local_engine_is(const snmpx_engine *e, const uint8_t *engine_id,
                            size_t engine_id_len)
{
  return engine_id_len == e->local.engine_id_len &&
         memcmp(engine_id, e->local.engine_id, engine_id_len) == 0;
}

snmpx__user *snmpx__v3_find_inbound_user(snmpx_engine *e, const char *ns,
                                         const uint8_t *name, size_t len,
                                         const uint8_t *engine_id,
                                         size_t engine_id_len)
{
  snmpx__user *u = NULL;
  if (engine_id_len > 0)
    u = find_user_exact(e, ns, name, len, engine_id, engine_id_len);
  if (u != NULL)
    return u;
  u = find_user(e, ns, name, len);
  /* RFC 3414 2.1 / 3.2 step 4: a user is (engine ID, name); one bound to
   * the local engine (Net-SNMP's createUser without -e) is unknown to a
   * message from another authoritative engine (a trap). */
  if (u != NULL && u->local_engine_only &&
      !local_engine_is(e, engine_id, engine_id_len))
    return NULL;
  return u;
}

static void wipe_secret(snmpx_engine *e, snmpx_usm_secret *s)
{
  if (s->data != NULL) {
    snmpx__usm_cleanse((void *)s->data, s->len);
    snmpx__free(e->mem, (void *)s->data);
  }
  s->data = NULL;
  s->len = 0;
}

static void free_user(snmpx_engine *e, snmpx__user *u)
{
  wipe_secret(e, &u->auth_secret);
  wipe_secret(e, &u->priv_secret);
  snmpx__free(e->mem, u->user_namespace);
  snmpx__free(e->mem, u);
}

static int copy_secret(snmpx_engine *e, snmpx_usm_secret *dst,
                       const snmpx_usm_secret *src)
{
  *dst = *src;
  dst->data = NULL;
  if (src->len == 0)
    return SNMPX_EINVAL;
  uint8_t *p = snmpx__malloc(e->mem, src->len);
  if (p == NULL)
    return SNMPX_ENOMEM;
  memcpy(p, src->data, src->len);
  dst->data = p;
  return 0;
}

static int check_user(const snmpx_user *u)
{
  if (u->name == NULL || u->name_len == 0 || u->name_len > 32)
    return SNMPX_EINVAL;
  if ((unsigned)u->auth >= SNMPX_USM_AUTH_COUNT ||
      (unsigned)u->priv >= SNMPX_USM_PRIV_COUNT)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  /* RFC 3414 3.1.1: privacy needs authentication. */
  if (u->priv != SNMPX_USM_PRIV_NONE && u->auth == SNMPX_USM_AUTH_NONE)
    return SNMPX_EINVAL;
  int rv = 0;
  if (u->auth != SNMPX_USM_AUTH_NONE)
    rv = snmpx__usm_check_secret(u->auth, SNMPX_USM_PRIV_NONE,
                                 &u->auth_secret);
  if (rv == 0 && u->priv != SNMPX_USM_PRIV_NONE)
    rv = snmpx__usm_check_secret(u->auth, u->priv, &u->priv_secret);
  if (rv != 0)
    return rv;
  if (u->engine_id != NULL &&
      (u->engine_id_len == 0 || u->engine_id_len > SNMPX_USM_MAX_ENGINE_ID))
    return SNMPX_EINVAL;
  return 0;
}

int snmpx_engine_add_user(snmpx_engine *e, const snmpx_user *u)
{
  if (e == NULL || u == NULL)
    return SNMPX_EINVAL;
  int rv = check_user(u);
  if (rv != 0)
    return rv;
  snmpx__user *n = snmpx__calloc(e->mem, 1, sizeof(*n));
  if (n == NULL)
    return SNMPX_ENOMEM;
  const char *ns = ns_or_default(u->user_namespace);
  n->user_namespace = snmpx__malloc(e->mem, strlen(ns) + 1);
  rv = n->user_namespace ? 0 : SNMPX_ENOMEM;
  if (rv == 0) {
    strcpy(n->user_namespace, ns);
    memcpy(n->name, u->name, u->name_len);
    n->name_len = u->name_len;
    n->auth = u->auth;
    n->priv = u->priv;
    if (u->engine_id != NULL) {
      memcpy(n->engine_id, u->engine_id, u->engine_id_len);
      n->engine_id_len = u->engine_id_len;
    } else {
      n->local_engine_only = u->local_engine_only;
    }
    if (u->auth != SNMPX_USM_AUTH_NONE)
      rv = copy_secret(e, &n->auth_secret, &u->auth_secret);
  }
  if (rv == 0 && u->priv != SNMPX_USM_PRIV_NONE)
    rv = copy_secret(e, &n->priv_secret, &u->priv_secret);
  if (rv != 0) {
    free_user(e, n);
    return rv;
  }
  /* Replace in place, so requests in flight that point at the old record
   * see the new secrets and nothing dangles. */
  snmpx__user *old = find_user_record(e, ns, u->name, u->name_len,
                                      n->engine_id, n->engine_id_len);
  if (old != NULL) {
    old->withdrawn = false;
    wipe_secret(e, &old->auth_secret);
    wipe_secret(e, &old->priv_secret);
    old->auth = n->auth;
    old->priv = n->priv;
    old->local_engine_only = n->local_engine_only;
    old->auth_secret = n->auth_secret;
    old->priv_secret = n->priv_secret;
    old->memo_engine_id_len = 0; /* keys of the old secrets */
    old->secrets_gen++;          /* and the remote engines' */
    n->auth_secret.data = n->priv_secret.data = NULL;
    free_user(e, n);
    return 0;
  }
  rv = snmpx__chash_add(&e->users, &n->link,
                        user_hash(ns, n->name, n->name_len, n->engine_id,
                                  n->engine_id_len),
                        e->mem);
  if (rv != 0)
    free_user(e, n);
  return rv;
}

static bool same_secret(const snmpx_usm_secret *a, const snmpx_usm_secret *b)
{
  return a->kind == b->kind && a->len == b->len &&
         (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* Whether |to|'s record already holds |u| as it is: then it is left
 * alone, its derived keys kept. */
static bool user_unchanged(const snmpx__user *to, const snmpx__user *u)
{
  return !to->withdrawn && to->auth == u->auth && to->priv == u->priv &&
         to->local_engine_only == u->local_engine_only &&
         (u->auth == SNMPX_USM_AUTH_NONE ||
          same_secret(&to->auth_secret, &u->auth_secret)) &&
         (u->priv == SNMPX_USM_PRIV_NONE ||
          same_secret(&to->priv_secret, &u->priv_secret));
}

static bool user_in(const snmpx_engine *e, const snmpx__user *u)
{
  const snmpx__user *f =
      find_user_record(e, u->user_namespace, u->name, u->name_len,
                       u->engine_id, u->engine_id_len);
  return f != NULL && !f->withdrawn;
}

int snmpx_engine_replace_users(snmpx_engine *e, const snmpx_engine *from)
{
  if (e == NULL || from == NULL || e == from)
    return SNMPX_EINVAL;
  for (size_t b = 0; b < from->users.cap; b++)
    for (snmpx__chain *c = from->users.b[b]; c != NULL; c = c->next) {
      const snmpx__user *u = (const snmpx__user *)c;
      if (u->withdrawn)
        continue;
      const snmpx__user *to =
          find_user_record(e, u->user_namespace, u->name, u->name_len,
                           u->engine_id, u->engine_id_len);
      if (to != NULL && user_unchanged(to, u))
        continue;
      snmpx_user nu;
      memset(&nu, 0, sizeof(nu));
      nu.user_namespace = u->user_namespace;
      nu.name = u->name;
      nu.name_len = u->name_len;
      nu.auth = u->auth;
      nu.auth_secret = u->auth_secret;
      nu.priv = u->priv;
      nu.priv_secret = u->priv_secret;
      nu.engine_id = u->engine_id_len > 0 ? u->engine_id : NULL;
      nu.engine_id_len = u->engine_id_len;
      nu.local_engine_only = u->local_engine_only;
      int rv = snmpx_engine_add_user(e, &nu);
      if (rv != 0)
        return rv;
    }
  /* Withdrawn, not freed: a request held for a deferred answer still
   * points at its user's record (for the keys of its response). */
  for (size_t b = 0; b < e->users.cap; b++)
    for (snmpx__chain *c = e->users.b[b]; c != NULL; c = c->next) {
      snmpx__user *u = (snmpx__user *)c;
      if (!u->withdrawn && !user_in(from, u))
        u->withdrawn = true;
    }
  return 0;
}

/* ---- remote engines --------------------------------------------------- */

/* What we know of the engine at |a|, made on first use.  Hashed: one v3
 * manager may talk to a hundred thousand agents. */
static snmpx__remote *remote_for(snmpx_engine *e, const snmpx_addr *a)
{
  size_t h = snmpx__addr_hash(a);
  for (snmpx__chain *c = snmpx__chash_bucket(&e->remotes, h); c != NULL;
       c = c->next) {
    snmpx__remote *r = (snmpx__remote *)c;
    if (c->hash == h && snmpx_addr_equal(&r->addr, a))
      return r;
  }
  snmpx__remote *r = snmpx__calloc(e->mem, 1, sizeof(*r));
  if (r == NULL)
    return NULL;
  r->addr = *a;
  if (snmpx__chash_add(&e->remotes, &r->link, h, e->mem) != 0) {
    snmpx__free(e->mem, r);
    return NULL;
  }
  return r;
}

static void free_remote_keys(snmpx_engine *e, snmpx__remote *rem)
{
  snmpx__remote_keys *k = rem->keys;
  while (k != NULL) {
    snmpx__remote_keys *next = k->next;
    snmpx__usm_key_clear(&k->auth);
    snmpx__usm_key_clear(&k->priv);
    snmpx__free(e->mem, k);
    k = next;
  }
  rem->keys = NULL;
}

static void set_engine_id(snmpx_engine *e, snmpx__remote *rem,
                          const uint8_t *id, size_t len)
{
  if (rem->engine_id_len != len || memcmp(rem->engine_id, id, len) != 0) {
    rem->clock.known = false; /* another engine: its clock is unknown */
    free_remote_keys(e, rem); /* and our keys are localized to the old */
  }
  memcpy(rem->engine_id, id, len);
  rem->engine_id_len = len;
}

void snmpx__clock_set(snmpx_engine *e, snmpx__clock *c, uint32_t boots,
                      uint32_t time)
{
  c->boots = boots;
  c->time = time;
  c->synced_ms = snmpx_engine_now(e);
  c->known = true;
}

/* RFC 3414 2.3: the time learned plus the seconds since. */
uint32_t snmpx__clock_estimate(snmpx_engine *e, const snmpx__clock *c)
{
  if (!c->known)
    return 0;
  uint64_t t = c->time + (snmpx_engine_now(e) - c->synced_ms) / 1000;
  return t > INT32_MAX ? INT32_MAX : (uint32_t)t;
}

/* RFC 3414 3.2 step 7b, as the non-authoritative side. */
bool snmpx__clock_in_time(snmpx_engine *e, const snmpx__clock *c,
                          uint32_t boots, uint32_t time)
{
  if (!c->known)
    return true;
  if (boots > c->boots)
    return c->boots < BOOTS_MAX;
  if (boots < c->boots || c->boots >= BOOTS_MAX)
    return false;
  return (uint64_t)time + TIME_WINDOW >= snmpx__clock_estimate(e, c);
}

bool snmpx__clock_accept(snmpx_engine *e, snmpx__clock *c, uint32_t boots,
                         uint32_t time)
{
  if (!snmpx__clock_in_time(e, c, boots, time))
    return false;
  if (!c->known || boots > c->boots || time > snmpx__clock_estimate(e, c))
    snmpx__clock_set(e, c, boots, time);
  return true;
}

static void drop_user(snmpx__chain *c, void *e)
{
  free_user(e, (snmpx__user *)c);
}

static void drop_remote(snmpx__chain *c, void *ud)
{
  snmpx_engine *e = ud;
  free_remote_keys(e, (snmpx__remote *)c);
  snmpx__free(e->mem, c);
}

void snmpx__v3_clear(snmpx_engine *e)
{
  snmpx__chash_clear(&e->users, e->mem, drop_user, e);
  snmpx__chash_clear(&e->remotes, e->mem, drop_remote, e);
  snmpx_usm_keycache_free(e->keys);
  e->keys = NULL;
  snmpx__free(e->mem, e->scratch);
  snmpx__free(e->mem, e->scratch2);
}

int snmpx__v3_timeout_status(const snmpx__request *r)
{
  return r->v3 != NULL && r->v3->phase == PHASE_PROBE
             ? SNMPX_EUSM_DISCOVERY_TIMEOUT
             : SNMPX_ETIMEDOUT;
}

/* True when |r|'s datagram has an allocation of its own. */
static bool dgram_on_heap(const snmpx__request *r)
{
  return r->data != NULL && r->data != r->inline_data &&
         (r->v3 == NULL || r->data != r->v3->dgram);
}

void snmpx__v3_request_clear(snmpx_engine *e, snmpx__request *r)
{
  if (dgram_on_heap(r))
    snmpx__free(e->mem, r->data);
  r->data = NULL;
  r->v3 = NULL; /* part of |r|'s allocation */
}

/* ---- building messages ------------------------------------------------ */

int snmpx__v3_ensure_buffers(snmpx_engine *e)
{
  if (e->keys == NULL && (e->keys = snmpx_usm_keycache_new(e->mem, 0)) ==
                             NULL)
    return SNMPX_ENOMEM;
  if (e->scratch == NULL &&
      (e->scratch = snmpx__malloc(e->mem, SNMPX_MAX_DATAGRAM + 16)) == NULL)
    return SNMPX_ENOMEM;
  if (e->scratch2 == NULL &&
      (e->scratch2 = snmpx__malloc(e->mem, SNMPX_MAX_DATAGRAM + 16)) == NULL)
    return SNMPX_ENOMEM;
  return snmpx__engine_encode_buf(e);
}

int snmpx__v3_key(snmpx_engine *e, snmpx__user *u, const uint8_t *engine_id,
                  size_t engine_id_len, bool priv, const snmpx__usm_key **out)
{
  snmpx__usm_keyref *ref = priv ? &u->memo_priv : &u->memo_auth;
  bool same = u->memo_engine_id_len == engine_id_len &&
              memcmp(u->memo_engine_id, engine_id, engine_id_len) == 0;
  if (same && (*out = snmpx__usm_keycache_deref(e->keys, *ref)) != NULL)
    return 0;
  snmpx__usm_keyref got;
  int rv = snmpx__usm_keycache_key(e->keys, u->auth,
                                   priv ? u->priv : SNMPX_USM_PRIV_NONE,
                                   priv ? &u->priv_secret : &u->auth_secret,
                                   engine_id, engine_id_len, out, &got);
  if (rv != 0)
    return rv;
  if (!same && engine_id_len <= sizeof(u->memo_engine_id)) {
    memcpy(u->memo_engine_id, engine_id, engine_id_len);
    u->memo_engine_id_len = engine_id_len;
    u->memo_auth.stamp = u->memo_priv.stamp = 0;
  }
  *ref = got;
  return 0;
}

/* The keys of |u| for |rem|, made on first use; NULL when out of memory.
 * A user has keys for few engines at one address: a list will do. */
static snmpx__remote_keys *remote_keys(snmpx_engine *e, snmpx__remote *rem,
                                       const snmpx__user *u)
{
  snmpx__remote_keys *k = rem->keys;
  while (k != NULL && k->user != u)
    k = k->next;
  if (k == NULL) {
    if ((k = snmpx__calloc(e->mem, 1, sizeof(*k))) == NULL)
      return NULL;
    k->user = u;
    k->secrets_gen = u->secrets_gen;
    k->next = rem->keys;
    rem->keys = k;
  } else if (k->secrets_gen != u->secrets_gen) {
    snmpx__usm_key_clear(&k->auth); /* keys of the user's old secrets */
    snmpx__usm_key_clear(&k->priv);
    k->secrets_gen = u->secrets_gen;
  }
  return k;
}

/* The ready auth key (|priv| false) or priv key of |u| localized to the
 * engine |rem|, kept with |rem| (RFC 3414 2.6): localized once, however
 * many engines the manager talks to.  Valid while |rem|'s engine ID and
 * |u|'s secrets stay. */
static int user_key(snmpx_engine *e, snmpx__user *u, snmpx__remote *rem,
                    bool priv, const snmpx__usm_key **out)
{
  snmpx__remote_keys *k = remote_keys(e, rem, u);
  if (k == NULL)
    return SNMPX_ENOMEM;
  snmpx__usm_key *key = priv ? &k->priv : &k->auth;
  if (key->key_len == 0) {
    int rv = snmpx__usm_keycache_make(
        e->keys, u->auth, priv ? u->priv : SNMPX_USM_PRIV_NONE,
        priv ? &u->priv_secret : &u->auth_secret, rem->engine_id,
        rem->engine_id_len, key);
    if (rv != 0)
      return rv;
  }
  *out = key;
  return 0;
}

/* The key |o| is signed (|priv| false) or encrypted with. */
static int out_key(snmpx_engine *e, const snmpx__v3_out *o, bool priv,
                   const snmpx__usm_key **out)
{
  if (o->remote != NULL)
    return user_key(e, o->user, o->remote, priv, out);
  return snmpx__v3_key(e, o->user, o->engine_id, o->engine_id_len, priv, out);
}

/* Keep the built message as the request's datagram. */
static int store_datagram(snmpx_engine *e, snmpx__request *r,
                          const uint8_t *msg, size_t len)
{
  uint8_t *p = r->v3->dgram;
  if (len > r->v3->dgram_cap && (p = snmpx__malloc(e->mem, len)) == NULL)
    return SNMPX_ENOMEM;
  memcpy(p, msg, len);
  if (dgram_on_heap(r))
    snmpx__free(e->mem, r->data);
  r->data = p;
  r->len = len;
  return 0;
}

/* RFC 3414 4: the discovery probe: noAuthNoPriv, reportable, empty
 * engine ID and user name, a GET with no varbinds. */
static int build_probe(snmpx_engine *e, snmpx__request *r)
{
  snmpx_ber_writer w;
  snmpx_pdu probe;
  memset(&probe, 0, sizeof(probe));
  probe.type = SNMPX_PDU_GET;
  probe.request_id = r->reqid;
  snmpx_ber_writer_init(&w, e->scratch2, SNMPX_MAX_DATAGRAM);
  snmpx_pdu_encode(&w, &probe);
  if (w.err != 0)
    return w.err;
  size_t scoped_len;
  int rv = snmpx__v3_encode_scoped(NULL, 0, NULL, 0,
                                   snmpx_ber_writer_data(&w), w.used,
                                   e->scratch, SNMPX_MAX_DATAGRAM,
                                   &scoped_len);
  if (rv != 0)
    return rv;
  snmpx__v3_msg m;
  memset(&m, 0, sizeof(m));
  m.msg_id = r->reqid;
  m.max_size = SNMPX_MAX_DATAGRAM;
  m.flags = SNMPX__V3_FLAG_REPORTABLE;
  m.security_model = SNMPX__SECMODEL_USM;
  m.data.ptr = e->scratch;
  m.data.len = scoped_len;
  size_t len;
  rv = snmpx__v3_encode(&m, e->encode_buf, SNMPX_MAX_DATAGRAM, &len, NULL);
  if (rv != 0)
    return rv;
  return store_datagram(e, r, e->encode_buf, len);
}

/* Encrypt the scopedPDU in e->scratch into e->scratch2 (RFC 3414 3.1.1
 * step 4, RFC 3826 3.1.3). */
static int encrypt_scoped(snmpx_engine *e, const snmpx__v3_out *o,
                          size_t scoped_len, snmpx__v3_msg *m,
                          uint8_t *priv_params)
{
  const snmpx__usm_key *k;
  size_t out_len = 0;
  int rv = out_key(e, o, true, &k);
  if (rv != 0)
    return rv;
  uint64_t salt;
  if (o->user->priv == SNMPX_USM_PRIV_DES ||
      o->user->priv == SNMPX_USM_PRIV_3DES) {
    /* RFC 3414 8.1.1.1: boots (the message's) and a counter. */
    salt = e->des_salt++;
  } else {
    e->cfg.random(e->cfg.random_ud, &salt, sizeof(salt));
  }
  rv = snmpx__usm_encrypt_with(k->cipher, k->priv, k->key, k->key_len, o->boots,
                               o->time, salt, e->scratch, scoped_len,
                               e->scratch2, SNMPX_MAX_DATAGRAM + 16, &out_len,
                               priv_params);
  if (rv != 0)
    return rv;
  m->encrypted = true;
  m->data.ptr = e->scratch2;
  m->data.len = out_len;
  m->priv_params.ptr = priv_params;
  m->priv_params.len = SNMPX_USM_PRIV_PARAMS_LEN;
  return 0;
}

/* RFC 3414 3.1.1 step 7: sign the finished message in place. */
static int sign(snmpx_engine *e, const snmpx__v3_out *o, uint8_t *msg,
                size_t len, size_t auth_off)
{
  const snmpx__usm_key *k;
  int rv = out_key(e, o, false, &k);
  return rv != 0 ? rv : snmpx__usm_auth_sign_with(&k->hmac, msg, len, auth_off);
}

int snmpx__v3_build(snmpx_engine *e, const snmpx__v3_out *o, size_t *out_len)
{
  size_t scoped_len;
  int rv = snmpx__v3_encode_scoped(o->ctx_engine_id, o->ctx_engine_id_len,
                                   o->ctx_name, o->ctx_name_len, o->pdu,
                                   o->pdu_len, e->scratch, SNMPX_MAX_DATAGRAM,
                                   &scoped_len);
  if (rv == SNMPX_ENOSPACE)
    return SNMPX_EMSG_TOOBIG;
  if (rv != 0)
    return rv;
  bool auth = o->level >= SNMPX_SECLEVEL_AUTHNOPRIV;
  bool priv = o->level == SNMPX_SECLEVEL_AUTHPRIV;
  static const uint8_t zeros[SNMPX_USM_MAX_DIGEST];
  uint8_t priv_params[SNMPX_USM_PRIV_PARAMS_LEN];
  snmpx__v3_msg m;
  memset(&m, 0, sizeof(m));
  m.msg_id = o->msg_id;
  m.max_size = (int32_t)e->local.max_size;
  m.flags = o->flags | (auth ? SNMPX__V3_FLAG_AUTH : 0) |
            (priv ? SNMPX__V3_FLAG_PRIV : 0);
  m.security_model = SNMPX__SECMODEL_USM;
  m.engine_id.ptr = o->engine_id;
  m.engine_id.len = o->engine_id_len;
  m.boots = (int32_t)o->boots;
  m.time = (int32_t)o->time;
  m.user.ptr = o->user_name;
  m.user.len = o->user_name_len;
  m.data.ptr = e->scratch;
  m.data.len = scoped_len;
  if (auth) {
    m.auth_params.ptr = zeros;
    m.auth_params.len = snmpx_usm_auth_mac_len(o->user->auth);
  }
  if (priv && (rv = encrypt_scoped(e, o, scoped_len, &m, priv_params)) != 0)
    return rv;
  size_t len, auth_off;
  rv = snmpx__v3_encode(&m, e->encode_buf, SNMPX_MAX_DATAGRAM, &len,
                        &auth_off);
  if (rv == SNMPX_ENOSPACE)
    return SNMPX_EMSG_TOOBIG;
  /* RFC 3412 7.1 step 10 / 6.1: never send an engine more than the
   * msgMaxSize it announced. */
  if (rv == 0 && o->max_len > 0 && len > o->max_len)
    return SNMPX_EMSG_TOOBIG;
  if (rv == 0 && auth)
    rv = sign(e, o, e->encode_buf, len, auth_off);
  if (rv != 0)
    return rv;
  *out_len = len;
  return 0;
}

/* Build the request itself for a known engine (RFC 3412 7.1, RFC 3414
 * 3.1.1). */
static int build_main(snmpx_engine *e, snmpx__request *r)
{
  snmpx__v3req *v = r->v3;
  snmpx__remote *rem = v->remote;
  snmpx__v3_out o;
  memset(&o, 0, sizeof(o));
  o.user = v->user;
  o.remote = rem;
  o.user_name = v->user->name;
  o.user_name_len = v->user->name_len;
  o.level = v->level;
  o.engine_id = rem->engine_id;
  o.engine_id_len = rem->engine_id_len;
  o.boots = rem->clock.known ? rem->clock.boots : 0;
  o.time = snmpx__clock_estimate(e, &rem->clock);
  o.msg_id = r->reqid;
  o.flags = SNMPX__V3_FLAG_REPORTABLE;
  o.ctx_engine_id = v->ctx_engine_id_len ? v->ctx_engine_id : rem->engine_id;
  o.ctx_engine_id_len = v->ctx_engine_id_len ? v->ctx_engine_id_len
                                             : rem->engine_id_len;
  o.ctx_name = v->ctx_name;
  o.ctx_name_len = v->ctx_name_len;
  o.pdu = v->pdu;
  o.pdu_len = v->pdu_len;
  o.max_len = rem->max_size > 0 ? (size_t)rem->max_size : 0;
  size_t len;
  int rv = snmpx__v3_build(e, &o, &len);
  if (rv == 0)
    rv = store_datagram(e, r, e->encode_buf, len);
  if (rv == 0) {
    v->sent_boots = o.boots;
    v->sent_time = o.time;
  }
  return rv;
}

/* The user the target names must have keys for the level it asks. */
int snmpx__v3_check_level(const snmpx__user *u, snmpx_seclevel level)
{
  if (level < SNMPX_SECLEVEL_NOAUTH || level > SNMPX_SECLEVEL_AUTHPRIV)
    return SNMPX_EINVAL;
  if (level >= SNMPX_SECLEVEL_AUTHNOPRIV && u->auth == SNMPX_USM_AUTH_NONE)
    return SNMPX_EUSM_UNSUPPORTED_SECLEVEL;
  if (level == SNMPX_SECLEVEL_AUTHPRIV && u->priv == SNMPX_USM_PRIV_NONE)
    return SNMPX_EUSM_UNSUPPORTED_SECLEVEL;
  return 0;
}

/* The user and level of |t|, checked. */
int snmpx__v3_target_user(snmpx_engine *e, const snmpx_target *t,
                          snmpx__user **user, snmpx_seclevel *level)
{
  *level = t->level ? t->level : SNMPX_SECLEVEL_NOAUTH;
  *user = find_user(e, t->user_namespace, t->user, t->user_len);
  if (*user == NULL)
    return SNMPX_ENOTFOUND;
  int rv = snmpx__v3_check_level(*user, *level);
  if (rv != 0)
    return rv;
  if (t->context_engine_id != NULL &&
      t->context_engine_id_len > SNMPX_USM_MAX_ENGINE_ID)
    return SNMPX_EUSM_ENGINE_ID;
  if (t->engine_id != NULL &&
      (t->engine_id_len == 0 || t->engine_id_len > SNMPX_USM_MAX_ENGINE_ID))
    return SNMPX_EUSM_ENGINE_ID;
  return 0;
}

/* Allocate the request for the encoded |pdu| and fill the v3 state that
 * comes from |t|. */
static int alloc_request(snmpx_engine *e, const snmpx_target *t,
                         const uint8_t *pdu, size_t pdu_len,
                         snmpx__request **out)
{
  size_t ctx_len = t->context_name != NULL ? t->context_name_len : 0;
  size_t dgram_cap = pdu_len + ctx_len + DGRAM_OVERHEAD;
  size_t size = sizeof(snmpx__request) + sizeof(snmpx__v3req) + pdu_len +
                ctx_len + dgram_cap;
  snmpx__request *r = snmpx__malloc(e->mem, size);
  if (r == NULL)
    return SNMPX_ENOMEM;
  memset(r, 0, sizeof(*r) + sizeof(snmpx__v3req));
  /* sizeof(snmpx__request) keeps the state aligned like the request. */
  snmpx__v3req *v = (snmpx__v3req *)(void *)((uint8_t *)r + sizeof(*r));
  uint8_t *p = (uint8_t *)(v + 1);
  if (pdu_len > 0)
    memcpy(p, pdu, pdu_len);
  v->pdu = p;
  v->pdu_len = pdu_len;
  p += pdu_len;
  if (ctx_len > 0)
    memcpy(p, t->context_name, ctx_len);
  v->ctx_name = p;
  v->ctx_name_len = ctx_len;
  v->dgram = p + ctx_len;
  v->dgram_cap = dgram_cap;
  if (t->context_engine_id != NULL) {
    memcpy(v->ctx_engine_id, t->context_engine_id, t->context_engine_id_len);
    v->ctx_engine_id_len = t->context_engine_id_len;
  }
  r->v3 = v;
  *out = r;
  return 0;
}

/* snmpx_engine_discover's request: the probe alone, no user. */
static int new_discovery(snmpx_engine *e, const snmpx_target *t,
                         int32_t reqid, snmpx__request **out)
{
  snmpx__request *r;
  snmpx__remote *rem = remote_for(e, &t->addr);
  if (rem == NULL || alloc_request(e, t, NULL, 0, &r) != 0)
    return SNMPX_ENOMEM;
  r->reqid = reqid;
  r->v3->remote = rem;
  r->v3->level = SNMPX_SECLEVEL_NOAUTH;
  r->v3->phase = PHASE_PROBE;
  r->v3->probed = true;
  r->v3->discover_only = true;
  int rv = build_probe(e, r);
  if (rv != 0) {
    snmpx__v3_request_clear(e, r);
    snmpx__free(e->mem, r);
    return rv;
  }
  *out = r;
  return 0;
}

/* RFC 5343 3: the contextEngineID "localEngineID", which the receiving
 * engine takes for its own; what a TSM request carries when the target
 * names no context engine (TSM has no discovery of its own). */
static const uint8_t local_engine_id_5343[] = {0x80, 0x00, 0x00, 0x00, 0x04};

/* A TSM request's datagram (RFC 3412 7.1, RFC 5591 4.2 step 3). */
static int build_tsm(snmpx_engine *e, snmpx__request *r)
{
  snmpx__v3req *v = r->v3;
  size_t scoped_len, len;
  const uint8_t *ceid = v->ctx_engine_id_len ? v->ctx_engine_id
                                             : local_engine_id_5343;
  size_t ceid_len = v->ctx_engine_id_len ? v->ctx_engine_id_len
                                         : sizeof(local_engine_id_5343);
  int rv = snmpx__v3_encode_scoped(ceid, ceid_len, v->ctx_name,
                                   v->ctx_name_len, v->pdu, v->pdu_len,
                                   e->scratch, SNMPX_MAX_DATAGRAM,
                                   &scoped_len);
  snmpx__v3_msg m;
  if (rv != 0)
    return rv == SNMPX_ENOSPACE ? SNMPX_EMSG_TOOBIG : rv;
  memset(&m, 0, sizeof(m));
  m.msg_id = r->reqid;
  const snmpx_tm_state *tm = snmpx__v3_request_tm(r);
  m.max_size = (int32_t)snmpx__tsm_max_size(
      e, tm != NULL ? tm->transport_prefix : NULL);
  m.flags = SNMPX__V3_FLAG_REPORTABLE |
            (v->level >= SNMPX_SECLEVEL_AUTHNOPRIV ? SNMPX__V3_FLAG_AUTH : 0) |
            (v->level == SNMPX_SECLEVEL_AUTHPRIV ? SNMPX__V3_FLAG_PRIV : 0);
  m.security_model = SNMPX__SECMODEL_TSM;
  m.data.ptr = e->scratch;
  m.data.len = scoped_len;
  rv = snmpx__v3_encode(&m, e->encode_buf, SNMPX_MAX_DATAGRAM, &len, NULL);
  if (rv == SNMPX_ENOSPACE)
    return SNMPX_EMSG_TOOBIG;
  return rv != 0 ? rv : store_datagram(e, r, e->encode_buf, len);
}

/* A request of the Transport Security Model: RFC 5591 4.2 step 2 makes
 * the tmStateReference (tmSecurityName from the securityName, less the
 * transport's prefix when snmpTsmConfigurationUsePrefix is on). */
static int new_tsm_request(snmpx_engine *e, const snmpx_target *t,
                           const uint8_t *tlv, size_t tlv_len, int32_t reqid,
                           snmpx__request **out)
{
  snmpx_seclevel level = t->level ? t->level : SNMPX_SECLEVEL_NOAUTH;
  const uint8_t *name;
  size_t name_len;
  snmpx__request *r;
  int rv;

  if (level > SNMPX_SECLEVEL_AUTHPRIV || (!t->user && t->user_len))
    return SNMPX_EINVAL;
  if ((t->context_engine_id != NULL &&
       t->context_engine_id_len > SNMPX_USM_MAX_ENGINE_ID) ||
      (t->engine_id != NULL && t->engine_id_len > SNMPX_USM_MAX_ENGINE_ID))
    return SNMPX_EUSM_ENGINE_ID;
  rv = snmpx__tsm_outgoing_name(&e->tsm, e->tsm_prefix, t->transport_prefix,
                                t->user, t->user_len, &name, &name_len);
  if (rv != 0)
    return rv;
  if (name_len > 32 || (t->transport_prefix &&
                        strlen(t->transport_prefix) >= 8))
    return SNMPX_EINVAL;
  snmpx__local_ensure(e);
  snmpx__remote *rem = remote_for(e, &t->addr);
  if (rem == NULL || alloc_request(e, t, tlv, tlv_len, &r) != 0)
    return SNMPX_ENOMEM;
  snmpx__v3req *v = r->v3;
  r->reqid = reqid;
  v->remote = rem;
  v->level = level;
  v->phase = PHASE_MAIN;
  v->tsm = true;
  if (v->ctx_engine_id_len == 0 && t->engine_id != NULL &&
      t->engine_id_len <= sizeof(v->ctx_engine_id)) {
    memcpy(v->ctx_engine_id, t->engine_id, t->engine_id_len);
    v->ctx_engine_id_len = t->engine_id_len;
  }
  memcpy(v->tm_name, name, name_len);
  snprintf(v->tm_prefix, sizeof(v->tm_prefix), "%s",
           t->transport_prefix ? t->transport_prefix : "");
  v->tm.transport_prefix = v->tm_prefix;
  v->tm.security_name = v->tm_name;
  v->tm.security_name_len = name_len;
  v->tm.level = level; /* tmRequestedSecurityLevel */
  v->tm.session_id = 0; /* tmSameSecurity false: any session */
  if ((rv = build_tsm(e, r)) != 0) {
    snmpx__v3_request_clear(e, r);
    snmpx__free(e->mem, r);
    return rv;
  }
  *out = r;
  return 0;
}

const snmpx_tm_state *snmpx__v3_request_tm(const snmpx__request *r)
{
  return r->v3 != NULL && r->v3->tsm ? &r->v3->tm : NULL;
}

int snmpx__v3_new_request(snmpx_engine *e, const snmpx_target *t,
                          const snmpx_pdu *pdu, int32_t reqid,
                          snmpx__request **out)
{
  int rv = snmpx__v3_ensure_buffers(e);
  if (rv != 0)
    return rv;
  if (pdu == NULL)
    return new_discovery(e, t, reqid, out);
  if (pdu->type == SNMPX_PDU_TRAP_V1)
    return SNMPX_EMSG_PDU_TYPE;
  if (t->security_model == SNMPX_SECMODEL_TSM) {
    snmpx_pdu p = *pdu;
    const uint8_t *tlv;
    size_t tlv_len;
    p.request_id = reqid;
    if ((rv = snmpx__v3_encode_pdu(e, &p, &tlv, &tlv_len)) != 0)
      return rv;
    return new_tsm_request(e, t, tlv, tlv_len, reqid, out);
  }
  snmpx__user *user;
  snmpx_seclevel level;
  if ((rv = snmpx__v3_target_user(e, t, &user, &level)) != 0)
    return rv;
  snmpx_pdu p = *pdu;
  p.request_id = reqid;
  const uint8_t *tlv;
  size_t tlv_len;
  if ((rv = snmpx__v3_encode_pdu(e, &p, &tlv, &tlv_len)) != 0)
    return rv;
  snmpx__request *r;
  snmpx__remote *rem = remote_for(e, &t->addr);
  if (rem == NULL ||
      alloc_request(e, t, tlv, tlv_len, &r) != 0)
    return SNMPX_ENOMEM;
  snmpx__v3req *v = r->v3;
  r->reqid = reqid;
  v->user = user;
  v->level = level;
  v->remote = rem;
  if (t->engine_id != NULL) {
    set_engine_id(e, rem, t->engine_id, t->engine_id_len);
    if (t->engine_time_set)
      snmpx__clock_set(e, &rem->clock, t->engine_boots, t->engine_time);
  }
  if (rem->engine_id_len == 0) {
    v->phase = PHASE_PROBE;
    v->probed = true;
    rv = build_probe(e, r);
  } else {
    v->phase = PHASE_MAIN;
    rv = build_main(e, r);
  }
  if (rv != 0) {
    snmpx__v3_request_clear(e, r);
    snmpx__free(e->mem, r);
    return rv;
  }
  *out = r;
  return 0;
}

/* Does |v|'s datagram carry boots or a time that are no longer what we
 * estimate for its engine (RFC 3414 2.3)? */
static bool time_is_stale(snmpx_engine *e, const snmpx__v3req *v)
{
  const snmpx__clock *c = &v->remote->clock;
  int64_t lag = (int64_t)snmpx__clock_estimate(e, c) - (int64_t)v->sent_time;
  return (c->known ? c->boots : 0) != v->sent_boots || lag > MAX_TIME_LAG ||
         lag < -MAX_TIME_LAG;
}

void snmpx__v3_refresh(snmpx_engine *e, snmpx__request *r)
{
  snmpx__v3req *v = r->v3;
  if (v->tsm)
    return; /* no clock, no discovery: the datagram stays */
  if (v->phase == PHASE_MAIN) {
    /* On failure the old datagram goes: at worst the engine answers
     * notInTimeWindow, and not_in_time retries with its clock. */
    if (time_is_stale(e, v))
      build_main(e, r);
    return;
  }
  if (v->remote->engine_id_len == 0 || v->discover_only)
    return;
  /* On failure the probe stays: the error shows after discovery. */
  v->phase = PHASE_MAIN;
  if (build_main(e, r) != 0)
    v->phase = PHASE_PROBE;
}

/* ---- receiving -------------------------------------------------------- */

/* Which usmStats counter a Report names, or 0. */
static int report_kind(const snmpx_pdu *pdu)
{
  if (pdu->n_varbinds == 0)
    return 0;
  snmpx_oidv name = pdu->varbinds[0].name;
  snmpx_oidv prefix = SNMPX_OIDV(usm_stats);
  if (name.len != prefix.len + 2 || !snmpx_oidv_has_prefix(name, prefix))
    return 0;
  return (int)name.arcs[prefix.len];
}

static int report_error(int kind)
{
  switch (kind) {
  case USM_UNSUPPORTED_SECLEVELS:
    return SNMPX_EUSM_UNSUPPORTED_SECLEVEL;
  case USM_NOT_IN_TIME_WINDOWS:
    return SNMPX_EUSM_NOT_IN_TIME_WINDOW;
  case USM_UNKNOWN_USER_NAMES:
    return SNMPX_EUSM_UNKNOWN_USER;
  case USM_UNKNOWN_ENGINE_IDS:
    return SNMPX_EUSM_UNKNOWN_ENGINE_ID;
  case USM_WRONG_DIGESTS:
    return SNMPX_EUSM_WRONG_DIGEST;
  case USM_DECRYPTION_ERRORS:
    return SNMPX_EUSM_DECRYPTION_ERROR;
  default:
    return SNMPX_EREPORT;
  }
}

/* Rebuild and resend |r| now, with the retries it has left. */
static void resend(snmpx_engine *e, snmpx__request *r)
{
  int rv = build_main(e, r);
  if (rv != 0) {
    snmpx__engine_finish(e, r, rv, NULL);
    return;
  }
  r->deadline = snmpx__try_deadline(e, r, snmpx_engine_now(e));
  snmpx__reqtable_reschedule(&e->table, r);
  snmpx__engine_transmit(e, r);
}

/* RFC 3414 4: a Report to the probe carries the engine's ID (and, from
 * Net-SNMP and most agents, its boots and time).  Move on to the request. */
static void discovered(snmpx_engine *e, snmpx__request *r,
                       const snmpx__v3_msg *m)
{
  snmpx__remote *rem = r->v3->remote;
  if (m->engine_id.len == 0 || m->engine_id.len > SNMPX_USM_MAX_ENGINE_ID) {
    snmpx__engine_finish(e, r, SNMPX_EUSM_ENGINE_ID, NULL);
    return;
  }
  set_engine_id(e, rem, m->engine_id.ptr, m->engine_id.len);
  rem->max_size = m->max_size;
  if (m->boots != 0 || m->time != 0)
    snmpx__clock_set(e, &rem->clock, (uint32_t)m->boots, (uint32_t)m->time);
  e->stats.discoveries++;
  if (r->v3->discover_only) {
    /* snmpx_engine_discover: the answer is the engine ID itself. */
    snmpx_msg out;
    memset(&out, 0, sizeof(out));
    out.version = SNMPX_VERSION_3;
    out.pdu.type = SNMPX_PDU_REPORT;
    out.pdu.request_id = r->reqid;
    out.context_engine_id = rem->engine_id;
    out.context_engine_id_len = rem->engine_id_len;
    snmpx__engine_finish(e, r, 0, &out);
    return;
  }
  r->v3->phase = PHASE_MAIN;
  resend(e, r);
}

/* A notInTimeWindow report (RFC 3414 3.2 step 7b, 4): take the engine's
 * boots and time from it and retry once.  Later copies (answers to
 * retransmissions of the out-of-time message) agree with the estimate and
 * are dropped; only a report that still disagrees ends the request. */
static void not_in_time(snmpx_engine *e, snmpx__request *r,
                        const snmpx__v3_msg *m)
{
  snmpx__remote *rem = r->v3->remote;
  if (!r->v3->resynced) {
    r->v3->resynced = true;
    snmpx__clock_set(e, &rem->clock, (uint32_t)m->boots, (uint32_t)m->time);
    e->stats.resyncs++;
    resend(e, r);
    return;
  }
  int64_t drift =
      (int64_t)snmpx__clock_estimate(e, &rem->clock) - (int64_t)m->time;
  if ((uint32_t)m->boots == rem->clock.boots && drift <= TIME_WINDOW &&
      drift >= -TIME_WINDOW)
    return;
  snmpx__engine_finish(e, r, SNMPX_EUSM_NOT_IN_TIME_WINDOW, NULL);
}

/* A Report for request |r| (RFC 3412 7.2 step 10: matched by msgID). */
static void on_report(snmpx_engine *e, snmpx__request *r,
                      const snmpx__v3_msg *m, const snmpx_pdu *pdu)
{
  int kind = report_kind(pdu);
  e->stats.in_reports++;
  if (r->v3->phase == PHASE_PROBE) {
    discovered(e, r, m);
    return;
  }
  if (kind == USM_NOT_IN_TIME_WINDOWS) {
    not_in_time(e, r, m);
    return;
  }
  /* The probe's report may come again (an answer to a retransmitted
   * probe): the engine is known by now, so it says nothing new.  And an
   * unauthenticated report that some other engine ID is unknown is not
   * about this request (as Net-SNMP: it then times out). */
  const snmpx__remote *rem = r->v3->remote;
  if (kind == USM_UNKNOWN_ENGINE_IDS &&
      (r->v3->probed || m->engine_id.len != rem->engine_id_len ||
       memcmp(m->engine_id.ptr, rem->engine_id, rem->engine_id_len) != 0))
    return;
  snmpx__engine_finish(e, r, report_error(kind), NULL);
}

/* RFC 3414 3.2 steps 3-8: the security checks of an incoming message that
 * answers |r|.  On success the scopedPDU is at *|scoped| (plaintext). */
static int usm_incoming(snmpx_engine *e, snmpx__request *r,
                        const uint8_t *data, size_t len,
                        const snmpx__v3_msg *m, snmpx_ber_view *scoped)
{
  snmpx__v3req *v = r->v3;
  bool auth = m->flags & SNMPX__V3_FLAG_AUTH;
  bool priv = m->flags & SNMPX__V3_FLAG_PRIV;
  if (priv && !auth)
    return SNMPX_EMSG_SECMODEL; /* RFC 3412 7.2 step 5: invalid flags */
  *scoped = m->data;
  if (!auth)
    return m->encrypted ? SNMPX_EBER_TAG : 0;
  /* Authenticated: it must come from our user at the engine we know. */
  if (v->phase != PHASE_MAIN || m->user.len != v->user->name_len ||
      memcmp(m->user.ptr, v->user->name, m->user.len) != 0 ||
      m->engine_id.len != v->remote->engine_id_len ||
      memcmp(m->engine_id.ptr, v->remote->engine_id, m->engine_id.len) != 0)
    return SNMPX_EUSM_UNKNOWN_USER;
  if (v->user->auth == SNMPX_USM_AUTH_NONE)
    return SNMPX_EUSM_UNSUPPORTED_SECLEVEL;
  const snmpx__usm_key *k;
  int rv = user_key(e, v->user, v->remote, false, &k);
  if (rv == 0)
    rv = snmpx__usm_auth_verify_with(&k->hmac, data, len,
                                     (size_t)(m->auth_params.ptr - data));
  if (rv == 0 && priv) {
    if (v->user->priv == SNMPX_USM_PRIV_NONE || !m->encrypted)
      rv = SNMPX_EUSM_UNSUPPORTED_SECLEVEL;
    /* Into e->in_plain, not the scratch buffers: the response callback
     * may send (which encodes there) while it reads the response. */
    if (rv == 0)
      rv = snmpx__v3_ensure_in_plain(e);
    if (rv == 0)
      rv = user_key(e, v->user, v->remote, true, &k);
    if (rv == 0)
      rv = snmpx__v3_decrypt(k, m, e->in_plain, scoped);
  } else if (rv == 0 && m->encrypted) {
    rv = SNMPX_EBER_TAG;
  }
  return rv;
}

void snmpx__v3_out_local(snmpx_engine *e, snmpx__v3_out *o)
{
  memset(o, 0, sizeof(*o));
  o->engine_id = e->local.engine_id;
  o->engine_id_len = e->local.engine_id_len;
  o->boots = e->local.boots;
  o->time = snmpx__local_time(e);
}

int snmpx__v3_encode_pdu(snmpx_engine *e, const snmpx_pdu *pdu,
                         const uint8_t **out, size_t *len)
{
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, e->scratch2, SNMPX_MAX_DATAGRAM);
  snmpx_pdu_encode(&w, pdu);
  if (w.err != 0)
    return w.err == SNMPX_ENOSPACE ? SNMPX_EMSG_TOOBIG : w.err;
  *out = snmpx_ber_writer_data(&w);
  *len = w.used;
  return 0;
}

int snmpx__v3_decrypt(const snmpx__usm_key *k, const snmpx__v3_msg *m,
                      uint8_t *buf, snmpx_ber_view *scoped)
{
  size_t out_len = 0;
  int rv = snmpx__usm_decrypt_with(k->cipher, k->priv, k->key, k->key_len,
                                   (uint32_t)m->boots, (uint32_t)m->time,
                                   m->priv_params.ptr, m->priv_params.len,
                                   m->data.ptr, m->data.len, buf,
                                   SNMPX_MAX_DATAGRAM + 16, &out_len);
  scoped->ptr = buf;
  scoped->len = out_len;
  return rv;
}

int snmpx__v3_level_of(uint8_t flags)
{
  if (flags & SNMPX__V3_FLAG_PRIV)
    return SNMPX_SECLEVEL_AUTHPRIV;
  if (flags & SNMPX__V3_FLAG_AUTH)
    return SNMPX_SECLEVEL_AUTHNOPRIV;
  return SNMPX_SECLEVEL_NOAUTH;
}

/* Drop a datagram: count it and say why. */
static int drop(uint64_t *counter, int why)
{
  (*counter)++;
  return why;
}

/* RFC 3412 7.2 steps 12-13 for an answer to a TSM request |r|, whose
 * security the TSM checked (engine_tsm.c).  A Report ends the request
 * with what it names: snmpTsmInadequateSecurityLevels, else
 * SNMPX_EREPORT. */
int snmpx__v3_tsm_answer(snmpx_engine *e, snmpx__request *r,
                         const snmpx__v3_msg *m, const snmpx_msg *out,
                         const snmpx_addr *from)
{
  static const uint32_t inadequate[] = {1, 3, 6, 1, 2, 1, 190, 1, 1, 2};
  if (r->strict_source && (from == NULL || !snmpx_addr_equal(from, &r->addr)))
    return drop(&e->stats.in_wrong_source, SNMPX_EADDR);
  if (out->pdu.type == SNMPX_PDU_REPORT) {
    const snmpx_pdu *p = &out->pdu;
    bool level = p->n_varbinds > 0 &&
                 p->varbinds[0].name.len > 10 &&
                 memcmp(p->varbinds[0].name.arcs, inadequate,
                        sizeof(inadequate)) == 0;
    e->stats.in_reports++;
    snmpx__engine_finish(e, r, level ? SNMPX_ETSM_INADEQUATE_LEVEL
                                     : SNMPX_EREPORT,
                         NULL);
    return 0;
  }
  if (out->pdu.type != SNMPX_PDU_RESPONSE)
    return drop(&e->stats.in_unexpected_pdus, SNMPX_EMSG_PDU_TYPE);
  if (out->pdu.request_id != r->reqid ||
      snmpx__v3_level_of(m->flags) != (int)r->v3->level)
    return drop(&e->stats.in_bad_security, SNMPX_EUSM_UNSUPPORTED_SECLEVEL);
  /* RFC 3412 7.2 step 12: a Response matches its request's cached
   * securityName too.  Over TSM that is the session's tmSecurityName
   * (RFC 5591 4.2: a client session is opened for the name the request
   * was sent with), so an answer that came in on another name's session
   * is not this request's. */
  const snmpx_tm_state *tm = e->recv_tm;
  const snmpx_tm_state *sent = &r->v3->tm;
  if (tm == NULL || tm->security_name_len != sent->security_name_len ||
      memcmp(tm->security_name, sent->security_name,
             sent->security_name_len) != 0)
    return drop(&e->stats.in_bad_security, SNMPX_ETSM_NAME_MISMATCH);
  snmpx__engine_finish(e, r, 0, out);
  return 0;
}

/* Whether |m|, whose msgID is that of our request |r|, answers it.  The
 * reportable flag does not tell: requests and informs carry it, and some
 * engines (node's net-snmp) set it on their Reports too.  RFC 3412 6.4 and
 * 7.2 step 10: a Report is processed whatever the flag says, and
 * Net-SNMP does.  What tells is the authoritative engine: an answer comes
 * from the engine |r| was sent to (the one being discovered: any but the
 * local one), while a request or inform for us names the local engine or
 * none (a probe).  So a message without the flag is an answer, as before;
 * with the flag, one whose engine ID is the remote's is. */
static bool is_answer_to(const snmpx_engine *e, const snmpx__request *r,
                         const snmpx__v3_msg *m)
{
  if (r->v3 == NULL || r->v3->tsm) /* a TSM request takes TSM answers */
    return false;
  if (!(m->flags & SNMPX__V3_FLAG_REPORTABLE))
    return true;
  const uint8_t *id = m->engine_id.ptr;
  size_t len = m->engine_id.len;
  if (len == 0)
    return false;
  if (e->local.set && len == e->local.engine_id_len &&
      memcmp(id, e->local.engine_id, len) == 0)
    return false;
  const snmpx__remote *rem = r->v3->remote;
  if (r->v3->phase == PHASE_PROBE || rem == NULL || rem->engine_id_len == 0)
    return true; /* discovering it: any engine ID but ours */
  return len == rem->engine_id_len && memcmp(id, rem->engine_id, len) == 0;
}

int snmpx__v3_recv(snmpx_engine *e, const uint8_t *data, size_t len,
                   const snmpx_addr *from)
{
  snmpx__v3_msg m;
  int rv = snmpx__v3_decode(data, len, &m);
  if (rv == SNMPX_EMSG_SECMODEL) /* RFC 3412 7.2 step 4 */
    return drop(&e->stats.unknown_security_models, rv);
  if (rv != 0)
    return drop(&e->stats.in_asn_parse_errs, rv);
  if (m.security_model == SNMPX__SECMODEL_TSM)
    return snmpx__tsm_recv(e, data, len, from, &m);
  /* Only an answer (Response, Report) can complete one of our requests;
   * the rest goes to the applications. */
  snmpx__request *r = snmpx__reqtable_find(&e->table, m.msg_id);
  if (r != NULL && !is_answer_to(e, r, &m))
    r = NULL;
  if (r == NULL || r->v3 == NULL) {
    if (e->responder != NULL || e->receiver != NULL)
      return snmpx__v3_inbound(e, data, len, from, &m);
    return drop(&e->stats.in_unmatched, SNMPX_ENOTFOUND);
  }
  if (r->strict_source && (from == NULL || !snmpx_addr_equal(from, &r->addr)))
    return drop(&e->stats.in_wrong_source, SNMPX_EADDR);
  snmpx_ber_view scoped;
  rv = usm_incoming(e, r, data, len, &m, &scoped);
  if (rv == SNMPX_EUSM_WRONG_DIGEST) {
    /* An authenticated answer (a Response, or a Report such as
     * usmStatsWrongDigests that the agent signed) from the engine we asked,
     * for our user, whose MAC does not verify: the agent has other keys
     * for the user than we do (a wrong password), or the message was
     * tampered with.  Net-SNMP ends the request at once
     * (usm_handle_report) rather than wait for a timeout.  We take it as
     * the end of this try: the next one leaves now, and only when none is
     * left does the request end, with SNMPX_EUSM_ANSWER_AUTH.  A wrong
     * password then fails as fast as with Net-SNMP, and one forged
     * datagram cannot end a request that a genuine answer would
     * complete. */
    e->stats.in_bad_security++;
    if (r->wait == SNMPX__WAIT_NONE && r->tries_left > 0)
      snmpx__engine_retry(e, r, snmpx_engine_now(e));
    else
      snmpx__engine_finish(e, r, SNMPX_EUSM_ANSWER_AUTH, NULL);
    return rv;
  }
  if (rv != 0)
    return drop(&e->stats.in_bad_security, rv);
  rv = snmpx__engine_ensure_space(e, scoped.len);
  if (rv != 0)
    return rv;
  snmpx_msg out;
  memset(&out, 0, sizeof(out));
  snmpx_ber_view ceid, cname;
  rv = snmpx__v3_decode_scoped(scoped.ptr, scoped.len, &ceid, &cname,
                               &out.pdu, &e->space);
  if (rv != 0)
    return drop(&e->stats.in_asn_parse_errs, rv);
  if (out.pdu.type == SNMPX_PDU_REPORT) {
    on_report(e, r, &m, &out.pdu);
    return 0;
  }
  /* RFC 3412 7.2 step 13: a Response must match the request's PDU and
   * come at its security level. */
  if (out.pdu.type != SNMPX_PDU_RESPONSE)
    return drop(&e->stats.in_unexpected_pdus, SNMPX_EMSG_PDU_TYPE);
  if (r->v3->phase == PHASE_PROBE) {
    discovered(e, r, &m); /* an agent that answers the probe itself */
    return 0;
  }
  if (out.pdu.request_id != r->reqid ||
      snmpx__v3_level_of(m.flags) != (int)r->v3->level)
    return drop(&e->stats.in_bad_security, SNMPX_EUSM_UNSUPPORTED_SECLEVEL);
  /* Timeliness applies to authentic responses; a notInTimeWindow Report
   * (above) is how an engine tells us our clock was wrong. */
  if (m.flags & SNMPX__V3_FLAG_AUTH) {
    if (!snmpx__clock_accept(e, &r->v3->remote->clock, (uint32_t)m.boots,
                             (uint32_t)m.time))
      return drop(&e->stats.in_bad_security, SNMPX_EUSM_NOT_IN_TIME_WINDOW);
    r->v3->remote->max_size = m.max_size;
  }
  out.version = SNMPX_VERSION_3;
  out.security_name = m.user.ptr;
  out.security_name_len = m.user.len;
  out.context_engine_id = ceid.ptr;
  out.context_engine_id_len = ceid.len;
  out.context_name = cname.ptr;
  out.context_name_len = cname.len;
  snmpx__engine_finish(e, r, 0, &out);
  return 0;
}
