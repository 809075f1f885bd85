/* Notification receiver (RFC 3413 3.4): access rules for communities and
 * users, duplicate suppression, the RFC 3584 3.1 view of v1 traps, and one
 * callback for every version. */
#include <arpa/inet.h>
#include <stdlib.h>

#include "internal.h"
#include "usm/usm_crypto.h"

#include <snmpx/notify.h>

typedef struct allowed_community {
  uint8_t *name;
  size_t len;
  int family;      /* 0: any source */
  uint8_t net[16]; /* network address, host bits cleared */
  unsigned prefix; /* bits */
} allowed_community;

typedef struct allowed_user {
  uint8_t *name;
  size_t len;
  snmpx_seclevel min_level;
} allowed_user;

/* One remembered notification: a hash of what identifies it and when it
 * was seen.  hash 0 marks an empty slot. */
typedef struct dedup_slot {
  uint64_t hash;
  uint64_t seen_ms;
} dedup_slot;

/* Slots probed per lookup: a bounded search in a table that never grows. */
#define DEDUP_PROBES 8

struct snmpx_receiver {
  snmpx_engine *engine;
  snmpx_receiver_config cfg;
  allowed_community *communities;
  size_t n_communities;
  allowed_user *users;
  size_t n_users;
  dedup_slot *dedup;
  snmpx_v1v2_space space; /* v1 -> v2 translation, grown on demand */
  snmpx_receiver_stats stats;
};

static void on_incoming(snmpx_engine *e, const snmpx_incoming *in, void *ud)
{
  (void)e;
  snmpx_receiver_handle(ud, in);
}

snmpx_receiver *snmpx_receiver_new(snmpx_engine *e,
                                   const snmpx_receiver_config *cfg)
{
  if (e == NULL || cfg == NULL || cfg->cb == NULL)
    return NULL;
  snmpx_receiver *r = snmpx__calloc(cfg->mem, 1, sizeof(*r));
  if (r == NULL)
    return NULL;
  r->engine = e;
  r->cfg = *cfg;
  if (r->cfg.dedup_window_ms == 0)
    r->cfg.dedup_window_ms = 10000;
  if (r->cfg.dedup_slots == 0)
    r->cfg.dedup_slots = 4096;
  if (!r->cfg.keep_duplicates) {
    r->dedup = snmpx__calloc(cfg->mem, r->cfg.dedup_slots, sizeof(dedup_slot));
    if (r->dedup == NULL) {
      snmpx__free(cfg->mem, r);
      return NULL;
    }
  }
  snmpx_engine_set_receiver(e, on_incoming, r);
  return r;
}

void snmpx_receiver_free(snmpx_receiver *r)
{
  if (r == NULL)
    return;
  const snmpx_mem *mem = r->cfg.mem;
  snmpx_engine_set_receiver(r->engine, NULL, NULL);
  /* Communities are the v1/v2c secrets: wiped as USM secrets are
   * (a memset before free may be optimised away). */
  for (size_t i = 0; i < r->n_communities; i++) {
    snmpx__usm_cleanse(r->communities[i].name, r->communities[i].len);
    snmpx__free(mem, r->communities[i].name);
  }
  for (size_t i = 0; i < r->n_users; i++)
    snmpx__free(mem, r->users[i].name);
  snmpx__free(mem, r->communities);
  snmpx__free(mem, r->users);
  snmpx__free(mem, r->dedup);
  snmpx__free(mem, r->space.varbinds);
  snmpx__free(mem, r);
}

static uint8_t *dup_bytes(const snmpx_mem *mem, const char *s, size_t len)
{
  uint8_t *p = snmpx__malloc(mem, len + 1);
  if (p != NULL) {
    memcpy(p, s, len);
    p[len] = 0;
  }
  return p;
}

/* "ADDR" or "ADDR/PREFIX" into |c|'s network.  @return 0 or -1. */
static int parse_source(const char *source, allowed_community *c)
{
  char host[64];
  const char *slash = strchr(source, '/');
  size_t hlen = slash ? (size_t)(slash - source) : strlen(source);
  if (hlen == 0 || hlen >= sizeof(host))
    return -1;
  memcpy(host, source, hlen);
  host[hlen] = 0;
  unsigned max;
  if (inet_pton(AF_INET, host, c->net) == 1) {
    c->family = AF_INET;
    max = 32;
  } else if (inet_pton(AF_INET6, host, c->net) == 1) {
    c->family = AF_INET6;
    max = 128;
  } else {
    return -1;
  }
  c->prefix = max;
  if (slash != NULL) {
    char *end;
    unsigned long p = strtoul(slash + 1, &end, 10);
    if (slash[1] == '\0' || *end != '\0' || p > max)
      return -1;
    c->prefix = (unsigned)p;
  }
  for (unsigned bit = c->prefix; bit < max; bit++)
    c->net[bit / 8] &= (uint8_t) ~(0x80u >> (bit % 8));
  return 0;
}

int snmpx_receiver_allow_community(snmpx_receiver *r, const char *community,
                                   const char *source)
{
  if (r == NULL || community == NULL)
    return SNMPX_EINVAL;
  allowed_community c;
  memset(&c, 0, sizeof(c));
  if (source != NULL && parse_source(source, &c) != 0)
    return SNMPX_EINVAL;
  c.len = strlen(community);
  allowed_community *grown = snmpx__realloc(r->cfg.mem, r->communities,
                                            (r->n_communities + 1) * sizeof(c));
  if (grown == NULL)
    return SNMPX_ENOMEM;
  r->communities = grown;
  if ((c.name = dup_bytes(r->cfg.mem, community, c.len)) == NULL)
    return SNMPX_ENOMEM;
  r->communities[r->n_communities++] = c;
  return 0;
}

int snmpx_receiver_allow_user(snmpx_receiver *r, const char *name,
                              snmpx_seclevel min_level)
{
  if (r == NULL || name == NULL || min_level < SNMPX_SECLEVEL_NOAUTH ||
      min_level > SNMPX_SECLEVEL_AUTHPRIV)
    return SNMPX_EINVAL;
  allowed_user u = {NULL, strlen(name), min_level};
  allowed_user *grown =
      snmpx__realloc(r->cfg.mem, r->users, (r->n_users + 1) * sizeof(u));
  if (grown == NULL)
    return SNMPX_ENOMEM;
  r->users = grown;
  if ((u.name = dup_bytes(r->cfg.mem, name, u.len)) == NULL)
    return SNMPX_ENOMEM;
  r->users[r->n_users++] = u;
  return 0;
}

void snmpx_receiver_get_stats(const snmpx_receiver *r,
                              snmpx_receiver_stats *out)
{
  if (r != NULL && out != NULL)
    *out = r->stats;
}

/* True when |from| lies in |c|'s network. */
static bool source_matches(const allowed_community *c, const snmpx_addr *from)
{
  if (c->family == 0)
    return true;
  const uint8_t *a;
  if (c->family == AF_INET && from->u.sa.sa_family == AF_INET)
    a = (const uint8_t *)&from->u.in4.sin_addr;
  else if (c->family == AF_INET6 && from->u.sa.sa_family == AF_INET6)
    a = (const uint8_t *)&from->u.in6.sin6_addr;
  else
    return false;
  unsigned full = c->prefix / 8, rest = c->prefix % 8;
  if (memcmp(a, c->net, full) != 0)
    return false;
  if (rest == 0)
    return true;
  uint8_t mask = (uint8_t)(0xff00u >> rest);
  return (a[full] & mask) == c->net[full];
}

static bool community_allowed(const snmpx_receiver *r, const snmpx_incoming *in)
{
  for (size_t i = 0; i < r->n_communities; i++) {
    const allowed_community *c = &r->communities[i];
    if (c->len == in->msg.community_len &&
        memcmp(c->name, in->msg.community, c->len) == 0 &&
        source_matches(c, &in->from))
      return true;
  }
  return false;
}

static bool user_allowed(const snmpx_receiver *r, const snmpx_incoming *in)
{
  for (size_t i = 0; i < r->n_users; i++) {
    const allowed_user *u = &r->users[i];
    if (u->len == in->msg.security_name_len &&
        memcmp(u->name, in->msg.security_name, u->len) == 0)
      return in->level >= u->min_level;
  }
  return false;
}

/* ---- Duplicates --------------------------------------------------------
 * A retransmitted inform (or a trap sent twice) carries the same sender,
 * identity, request-id and varbinds.  They are hashed (64 bits) and the
 * hash remembered for dedup_window_ms. */

#define MIX_SEED 0xcbf29ce484222325ull
#define MIX_PRIME 0x9e3779b97f4a7c15ull

/* Fold |len| bytes into |h|, eight at a time (a multiply-xorshift per
 * word): hashing byte by byte cost more than the rest of the receiver. */
static uint64_t mix(uint64_t h, const void *p, size_t len)
{
  const uint8_t *b = p;
  uint64_t w;
  for (; len >= 8; b += 8, len -= 8) {
    memcpy(&w, b, 8);
    h = (h ^ w) * MIX_PRIME;
    h ^= h >> 29;
  }
  if (len > 0) {
    w = 0;
    memcpy(&w, b, len); /* the length below keeps "a" and "a\0" apart */
    h = (h ^ w ^ ((uint64_t)len << 56)) * MIX_PRIME;
    h ^= h >> 29;
  }
  return h;
}

static uint64_t mix_value(uint64_t h, const snmpx_value *v)
{
  h = mix(h, &v->type, sizeof(v->type));
  switch (v->type) {
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_IPADDRESS:
  case SNMPX_TYPE_OPAQUE:
  case SNMPX_TYPE_BIT_STRING:
  case SNMPX_TYPE_NSAPADDRESS:
    return v->v.bytes.len ? mix(h, v->v.bytes.ptr, v->v.bytes.len) : h;
  case SNMPX_TYPE_OID:
    return mix(h, v->v.oid.arcs, v->v.oid.len * sizeof(uint32_t));
  case SNMPX_TYPE_NULL:
  case SNMPX_TYPE_NOSUCHOBJECT:
  case SNMPX_TYPE_NOSUCHINSTANCE:
  case SNMPX_TYPE_ENDOFMIBVIEW:
    return h;
  default:
    return mix(h, &v->v, sizeof(v->v.u));
  }
}

static uint64_t notification_hash(const snmpx_incoming *in)
{
  const snmpx_msg *m = &in->msg;
  const snmpx_pdu *p = &m->pdu;
  uint64_t h = mix(MIX_SEED, &in->from.u, in->from.len);
  h = mix(h, &m->version, sizeof(m->version));
  h = mix(h, &p->type, sizeof(p->type));
  h = mix(h, &p->request_id, sizeof(p->request_id));
  if (m->community_len)
    h = mix(h, m->community, m->community_len);
  if (m->security_name_len)
    h = mix(h, m->security_name, m->security_name_len);
  if (m->context_name_len)
    h = mix(h, m->context_name, m->context_name_len);
  if (p->type == SNMPX_PDU_TRAP_V1) {
    h = mix(h, p->enterprise.arcs, p->enterprise.len * sizeof(uint32_t));
    h = mix(h, p->agent_addr, 4);
    h = mix(h, &p->generic_trap, sizeof(p->generic_trap));
    h = mix(h, &p->specific_trap, sizeof(p->specific_trap));
    h = mix(h, &p->time_stamp, sizeof(p->time_stamp));
  }
  for (size_t i = 0; i < p->n_varbinds; i++) {
    const snmpx_varbind *vb = &p->varbinds[i];
    h = mix(h, vb->name.arcs, vb->name.len * sizeof(uint32_t));
    h = mix_value(h, &vb->value);
  }
  return h ? h : 1; /* 0 marks an empty slot */
}

/* True when |h| was seen within the window; otherwise remember it in the
 * oldest of the probed slots.  Oldest is the right victim in every case:
 * an empty slot has seen_ms 0, and an expired one was seen before any
 * live one. */
static bool seen_before(snmpx_receiver *r, uint64_t h, uint64_t now)
{
  uint32_t n = r->cfg.dedup_slots;
  dedup_slot *victim = &r->dedup[h % n];
  for (uint32_t k = 0; k < DEDUP_PROBES && k < n; k++) {
    dedup_slot *s = &r->dedup[(h + k) % n];
    if (s->hash == h && now - s->seen_ms < r->cfg.dedup_window_ms)
      return true; /* h is never 0, so never an empty slot */
    if (s->seen_ms < victim->seen_ms)
      victim = s;
  }
  victim->hash = h;
  victim->seen_ms = now;
  return false;
}

/* ---- Delivery ---------------------------------------------------------- */

static int ensure_space(snmpx_receiver *r, size_t need)
{
  if (r->space.varbinds_cap >= need)
    return 0;
  size_t cap = need < 64 ? 64 : need * 2;
  snmpx_varbind *v =
      snmpx__realloc(r->cfg.mem, r->space.varbinds, cap * sizeof(*v));
  if (v == NULL)
    return SNMPX_ENOMEM;
  r->space.varbinds = v;
  r->space.varbinds_cap = cap;
  return 0;
}

/* The SNMPv2 view of the PDU: as received, or (v1) RFC 3584 3.1. */
static int v2_view(snmpx_receiver *r, const snmpx_incoming *in, snmpx_pdu *v2)
{
  const snmpx_pdu *p = &in->msg.pdu;
  if (p->type != SNMPX_PDU_TRAP_V1) {
    *v2 = *p;
    return snmpx_pdu_trap_v2_check(p);
  }
  int rv = ensure_space(r, p->n_varbinds + SNMPX_V1V2_EXTRA_VARBINDS);
  if (rv != 0)
    return rv;
  return snmpx_pdu_trap_v1_to_v2(p, in->msg.community, in->msg.community_len,
                                 r->cfg.translate_flags, &r->space, v2);
}

static void fill_notification(snmpx_notification *n, const snmpx_incoming *in,
                              const snmpx_pdu *v2)
{
  const snmpx_msg *m = &in->msg;
  memset(n, 0, sizeof(*n));
  n->version = m->version;
  n->type = m->pdu.type;
  n->from = in->from;
  n->to = in->to;
  n->security_model = in->security_model;
  n->level = in->level;
  n->community = m->community;
  n->community_len = m->community_len;
  n->security_name = m->security_name;
  n->security_name_len = m->security_name_len;
  n->engine_id = in->engine_id;
  n->engine_id_len = in->engine_id_len;
  n->context_engine_id = m->context_engine_id;
  n->context_engine_id_len = m->context_engine_id_len;
  n->context_name = m->context_name;
  n->context_name_len = m->context_name_len;
  n->request_id = m->pdu.request_id;
  if (v2->n_varbinds >= 2) {
    n->uptime = (uint32_t)v2->varbinds[0].value.v.u;
    n->trap_oid = v2->varbinds[1].value.v.oid;
    n->varbinds = v2->varbinds;
    n->n_varbinds = v2->n_varbinds;
  } else {
    n->uptime = m->pdu.time_stamp;
  }
  n->pdu = &m->pdu;
}

/* Drop |in|, counted in |*counter|; an inform is then not acknowledged
 * (as snmptrapd: the sender times out). */
static int refuse(snmpx_receiver *r, const snmpx_incoming *in,
                  uint64_t *counter)
{
  (*counter)++;
  if (in->msg.pdu.type == SNMPX_PDU_INFORM)
    snmpx_engine_discard(r->engine, in);
  return 0;
}

int snmpx_receiver_handle(snmpx_receiver *r, const snmpx_incoming *in)
{
  if (r == NULL || in == NULL)
    return 0;
  r->stats.received++;
  snmpx_pdu_type t = in->msg.pdu.type;
  if (t != SNMPX_PDU_TRAP_V1 && t != SNMPX_PDU_TRAP_V2 &&
      t != SNMPX_PDU_INFORM)
    return refuse(r, in, &r->stats.malformed);
  /* RFC 3413 3.4 / RFC 3584 5.2: only allowed communities and users. */
  if (r->cfg.authorize_all) {
    /* the engine's USM checks are all there is */
  } else if (in->msg.version == SNMPX_VERSION_3) {
    if (!user_allowed(r, in))
      return refuse(r, in, &r->stats.bad_user);
  } else if (!community_allowed(r, in)) {
    return refuse(r, in, &r->stats.bad_community);
  }
  snmpx_pdu v2;
  int rv = v2_view(r, in, &v2);
  if (rv == SNMPX_ENOTIFY_GENERIC) {
    /* A v1 generic-trap outside 0..6 has no SNMPv2 form (RFC 3584 3.1),
     * but the v1 fields still say what happened: deliver them alone. */
    memset(&v2, 0, sizeof(v2));
  } else if (rv != 0) {
    return refuse(r, in, &r->stats.malformed);
  }
  if (r->dedup != NULL &&
      seen_before(r, notification_hash(in), snmpx_engine_now(r->engine))) {
    r->stats.duplicates++;
    return 0;
  }
  snmpx_notification n;
  fill_notification(&n, in, &v2);
  r->stats.delivered++;
  if (t == SNMPX_PDU_INFORM)
    r->stats.informs++;
  r->cfg.cb(r->cfg.user_data, &n);
  return 1;
}
