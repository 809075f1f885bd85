/* A bounded cache of USM keys: (auth protocol, password) -> Ku, and
 * (auth, priv, Ku, engineID) -> localized auth or priv key.  Password
 * expansion costs a 1 MiB hash, so an engine talking to many agents with
 * one user hashes each password once and localizes once per agent.
 *
 * Each localized key is kept ready for use: an auth key with its HMAC
 * inner and outer states, a priv key with its keyed cipher, so a message
 * costs no per-key work (snmpx__usm_keycache_key).  Localized secrets
 * given directly (-3k/-3K) are kept the same way, keyed by the secret.
 * A caller that keeps its ready keys itself (the engine, with each remote
 * engine's record) takes only the master keys from here
 * (snmpx__usm_keycache_make). */
#include "usm_crypto.h"

#define DEFAULT_ENTRIES 64

typedef struct master_entry {
  uint64_t used; /* 0: free slot; otherwise the tick of the last use */
  snmpx_usm_auth auth;
  uint8_t *pw;   /* owned copy, wiped on eviction */
  size_t pw_len;
  uint8_t ku[SNMPX_USM_MAX_DIGEST];
} master_entry;

typedef struct local_entry {
  uint64_t used;
  uint64_t stamp; /* when stored (a keyref names it by this); 0: free */
  bool given;     /* |src| is a localized secret given as is, not Ku */
  uint8_t src[SNMPX_USM_MAX_DIGEST];
  size_t src_len;
  uint8_t engine_id[SNMPX_USM_MAX_ENGINE_ID];
  size_t engine_id_len;
  snmpx__usm_key k;
} local_entry;

struct snmpx_usm_keycache {
  const snmpx_mem *mem;
  size_t max;
  uint64_t tick;
  master_entry *masters;
  local_entry *locals;
  local_entry spare; /* a ready key too long to cache, for one use */
  snmpx_usm_keycache_stats stats;
};

snmpx_usm_keycache *snmpx_usm_keycache_new(const snmpx_mem *mem,
                                           size_t max_entries)
{
  size_t max = max_entries ? max_entries : DEFAULT_ENTRIES;
  snmpx_usm_keycache *kc = snmpx__calloc(mem, 1, sizeof(*kc));
  if (kc == NULL)
    return NULL;
  kc->mem = mem;
  kc->max = max;
  kc->masters = snmpx__calloc(mem, max, sizeof(*kc->masters));
  kc->locals = snmpx__calloc(mem, max, sizeof(*kc->locals));
  if (kc->masters == NULL || kc->locals == NULL) {
    snmpx_usm_keycache_free(kc);
    return NULL;
  }
  return kc;
}

static void master_clear(const snmpx_mem *mem, master_entry *m)
{
  if (m->pw != NULL) {
    snmpx__usm_cleanse(m->pw, m->pw_len);
    snmpx__free(mem, m->pw);
  }
  snmpx__usm_cleanse(m, sizeof(*m));
  m->pw = NULL;
}

static void local_clear(local_entry *l)
{
  snmpx__usm_key_clear(&l->k);
  snmpx__usm_cleanse(l, sizeof(*l));
}

void snmpx_usm_keycache_free(snmpx_usm_keycache *kc)
{
  if (kc == NULL)
    return;
  if (kc->masters != NULL) {
    for (size_t i = 0; i < kc->max; i++)
      master_clear(kc->mem, &kc->masters[i]);
    snmpx__free(kc->mem, kc->masters);
  }
  if (kc->locals != NULL) {
    for (size_t i = 0; i < kc->max; i++)
      local_clear(&kc->locals[i]);
    snmpx__free(kc->mem, kc->locals);
  }
  local_clear(&kc->spare);
  snmpx__free(kc->mem, kc);
}

int snmpx_usm_keycache_get_stats(const snmpx_usm_keycache *kc,
                                 snmpx_usm_keycache_stats *out)
{
  if (kc == NULL || out == NULL)
    return SNMPX_EINVAL;
  *out = kc->stats;
  return 0;
}

/* Index of a free slot, or of the least recently used one (evicted). */
static size_t pick_slot(const uint64_t *used, size_t stride, size_t n,
                        bool *evict)
{
  size_t best = 0;
  uint64_t best_used = UINT64_MAX;
  for (size_t i = 0; i < n; i++) {
    uint64_t u = *(const uint64_t *)((const uint8_t *)used + i * stride);
    if (u < best_used) {
      best = i;
      best_used = u;
    }
  }
  *evict = best_used != 0;
  return best;
}

/* Ku of |pw| for |a|: from the cache, or hashed and remembered. */
static int master_key(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                      const uint8_t *pw, size_t pw_len, uint8_t *ku)
{
  size_t dlen = snmpx_usm_auth_digest_len(a);
  for (size_t i = 0; i < kc->max; i++) {
    master_entry *m = &kc->masters[i];
    if (m->used && m->auth == a && m->pw_len == pw_len &&
        snmpx__usm_equal(m->pw, pw, pw_len)) {
      m->used = ++kc->tick;
      kc->stats.hits++;
      memcpy(ku, m->ku, dlen);
      return 0;
    }
  }
  int rv = snmpx__usm_ku(kc->mem, a, pw, pw_len, ku);
  if (rv < 0)
    return rv;
  kc->stats.password_hashes++;
  uint8_t *copy = snmpx__malloc(kc->mem, pw_len);
  if (copy == NULL)
    return 0; /* the key is right; it just is not cached */
  memcpy(copy, pw, pw_len);
  bool evict;
  size_t i = pick_slot(&kc->masters[0].used, sizeof(master_entry), kc->max,
                       &evict);
  master_entry *m = &kc->masters[i];
  if (evict)
    kc->stats.evictions++;
  master_clear(kc->mem, m);
  m->used = ++kc->tick;
  m->auth = a;
  m->pw = copy;
  m->pw_len = pw_len;
  memcpy(m->ku, ku, dlen);
  return 0;
}

static local_entry *local_find(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                               snmpx_usm_priv p, bool given, const uint8_t *src,
                               size_t src_len, const uint8_t *eid,
                               size_t eid_len)
{
  for (size_t i = 0; i < kc->max; i++) {
    local_entry *l = &kc->locals[i];
    if (l->used && l->k.auth == a && l->k.priv == p && l->given == given &&
        l->src_len == src_len && l->engine_id_len == eid_len &&
        memcmp(l->engine_id, eid, eid_len) == 0 &&
        snmpx__usm_equal(l->src, src, src_len))
      return l;
  }
  return NULL;
}

/* Make |l|'s key ready: HMAC states for an auth key, a keyed cipher for a
 * priv key. */
static int make_ready(snmpx__usm_key *k)
{
  if (k->priv == SNMPX_USM_PRIV_NONE)
    return snmpx__usm_hmac_prepare(&k->hmac, k->auth, k->key, k->key_len);
  snmpx__usm_cipher c;
  size_t ck_len;
  int rv = snmpx__usm_priv_cipher(k->priv, &c, &ck_len);
  return rv < 0 ? rv : snmpx__usm_cipher_new(c, k->key, ck_len, &k->cipher);
}

/* Store a new ready key in the least recently used slot (|src_len| at
 * most SNMPX_USM_MAX_DIGEST), or in the spare slot when it is
 * uncacheable (|src| NULL). */
static int local_store(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                       snmpx_usm_priv p, bool given, const uint8_t *src,
                       size_t src_len, const uint8_t *eid, size_t eid_len,
                       const uint8_t *key, size_t key_len, local_entry **out)
{
  local_entry *l = &kc->spare;
  if (src != NULL) {
    bool evict;
    l = &kc->locals[pick_slot(&kc->locals[0].used, sizeof(local_entry), kc->max,
                              &evict)];
    if (evict)
      kc->stats.evictions++;
  }
  local_clear(l);
  l->k.auth = a;
  l->k.priv = p;
  memcpy(l->k.key, key, key_len);
  l->k.key_len = key_len;
  int rv = make_ready(&l->k);
  if (rv != 0) {
    local_clear(l);
    return rv;
  }
  l->used = l == &kc->spare ? 0 : ++kc->tick;
  l->stamp = ++kc->tick;
  l->given = given;
  if (src != NULL)
    memcpy(l->src, src, src_len);
  l->src_len = src_len;
  memcpy(l->engine_id, eid, eid_len);
  l->engine_id_len = eid_len;
  *out = l;
  return 0;
}

/* Localize |ku| (and extend it to |p|'s key) into |key|. */
static int localize(const snmpx_mem *mem, snmpx_usm_auth a,
                    snmpx_usm_priv p, const uint8_t *ku, size_t ku_len,
                    const uint8_t *eid, size_t eid_len, uint8_t *key)
{
  uint8_t kul[SNMPX_USM_MAX_DIGEST];
  int rv = snmpx__usm_kul(a, ku, ku_len, eid, eid_len, kul);
  if (rv == 0 && p == SNMPX_USM_PRIV_NONE)
    memcpy(key, kul, ku_len);
  else if (rv == 0)
    rv = snmpx__usm_extend(mem, a, p, kul, ku_len, eid, eid_len, key);
  snmpx__usm_cleanse(kul, sizeof(kul));
  return rv;
}

/* A localized secret given directly: checked, extended if needed. */
static int from_localized(snmpx_usm_auth a, snmpx_usm_priv p,
                          const snmpx_usm_secret *s, const uint8_t *eid,
                          size_t eid_len, uint8_t *key, size_t need)
{
  if (p == SNMPX_USM_PRIV_NONE) {
    if (s->len != need)
      return SNMPX_EUSM_KEY_LENGTH;
    memcpy(key, s->data, need);
    return 0;
  }
  return snmpx__usm_extend(NULL, a, p, s->data, s->len, eid, eid_len,
                            key);
}

int snmpx__usm_check_secret(snmpx_usm_auth a, snmpx_usm_priv p,
                            const snmpx_usm_secret *s)
{
  if (s == NULL || s->data == NULL || s->len == 0 ||
      (unsigned)s->kind > SNMPX_USM_SECRET_LOCALIZED)
    return SNMPX_EINVAL;
  size_t dlen = snmpx_usm_auth_digest_len(a);
  if (dlen == 0 || (unsigned)p >= SNMPX_USM_PRIV_COUNT)
    return SNMPX_EUSM_UNKNOWN_PROTOCOL;
  /* A master key is a digest; a localized auth key too (a localized priv
   * key is extended to what the cipher needs). */
  if (s->kind == SNMPX_USM_SECRET_MASTER && s->len != dlen)
    return SNMPX_EUSM_KEY_LENGTH;
  if (s->kind == SNMPX_USM_SECRET_LOCALIZED && p == SNMPX_USM_PRIV_NONE &&
      s->len != dlen)
    return SNMPX_EUSM_KEY_LENGTH;
  return 0;
}

static int check_get_args(snmpx_usm_auth a, snmpx_usm_priv p,
                          const snmpx_usm_secret *s, const uint8_t *eid,
                          size_t eid_len, size_t *need)
{
  int rv = snmpx__usm_check_secret(a, p, s);
  if (rv == 0)
    rv = snmpx__usm_check_engine_id(eid, eid_len);
  if (rv < 0)
    return rv;
  *need = p == SNMPX_USM_PRIV_NONE ? snmpx_usm_auth_digest_len(a)
                                   : snmpx_usm_priv_key_len(p);
  return 0;
}

/* The key for |s| without the cache. */
static int derive(snmpx_usm_auth a, snmpx_usm_priv p, const snmpx_usm_secret *s,
                  const uint8_t *eid, size_t eid_len, uint8_t *key, size_t need)
{
  if (s->kind == SNMPX_USM_SECRET_LOCALIZED)
    return from_localized(a, p, s, eid, eid_len, key, need);
  size_t dlen = snmpx_usm_auth_digest_len(a);
  uint8_t ku[SNMPX_USM_MAX_DIGEST];
  int rv = 0;
  if (s->kind == SNMPX_USM_SECRET_MASTER)
    memcpy(ku, s->data, dlen);
  else
    rv = snmpx__usm_ku(NULL, a, s->data, s->len, ku);
  if (rv == 0)
    rv = localize(NULL, a, p, ku, dlen, eid, eid_len, key);
  snmpx__usm_cleanse(ku, sizeof(ku));
  return rv;
}

/* The ready key for |s| at |eid|: found in the cache, or derived (through
 * the cached Ku for a password) and stored. */
static int ready_key(snmpx_usm_keycache *kc, snmpx_usm_auth a, snmpx_usm_priv p,
                     const snmpx_usm_secret *s, const uint8_t *eid,
                     size_t eid_len, size_t need, local_entry **out)
{
  size_t dlen = snmpx_usm_auth_digest_len(a);
  uint8_t ku[SNMPX_USM_MAX_DIGEST], key[SNMPX_USM_MAX_KEY];
  bool given = s->kind == SNMPX_USM_SECRET_LOCALIZED;
  const uint8_t *src = given ? s->data : ku;
  size_t src_len = given ? s->len : dlen;
  int rv = 0;
  if (s->kind == SNMPX_USM_SECRET_MASTER)
    memcpy(ku, s->data, dlen);
  else if (!given)
    rv = master_key(kc, a, s->data, s->len, ku);
  bool cacheable = src_len <= SNMPX_USM_MAX_DIGEST;
  local_entry *l = NULL;
  if (rv == 0 && cacheable)
    l = local_find(kc, a, p, given, src, src_len, eid, eid_len);
  if (l != NULL) {
    l->used = ++kc->tick;
    kc->stats.hits++;
    *out = l;
  } else if (rv == 0) {
    rv = given ? from_localized(a, p, s, eid, eid_len, key, need)
               : localize(kc->mem, a, p, ku, dlen, eid, eid_len, key);
    if (rv == 0 && !given)
      kc->stats.localizations++;
    if (rv == 0)
      rv = local_store(kc, a, p, given, cacheable ? src : NULL, src_len, eid,
                       eid_len, key, need, out);
  }
  snmpx__usm_cleanse(ku, sizeof(ku));
  snmpx__usm_cleanse(key, sizeof(key));
  return rv;
}

int snmpx_usm_keycache_get(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                           snmpx_usm_priv p, const snmpx_usm_secret *secret,
                           const uint8_t *engine_id, size_t engine_id_len,
                           uint8_t *key, size_t key_cap, size_t *key_len)
{
  if (key == NULL || key_len == NULL)
    return SNMPX_EINVAL;
  size_t need = 0;
  int rv = check_get_args(a, p, secret, engine_id, engine_id_len, &need);
  if (rv < 0)
    return rv;
  if (key_cap < need)
    return SNMPX_ENOSPACE;
  local_entry *l = NULL;
  if (kc == NULL || secret->kind == SNMPX_USM_SECRET_LOCALIZED)
    rv = derive(a, p, secret, engine_id, engine_id_len, key, need);
  else if ((rv = ready_key(kc, a, p, secret, engine_id, engine_id_len, need,
                           &l)) == 0)
    memcpy(key, l->k.key, need);
  if (rv == 0)
    *key_len = need;
  return rv;
}

int snmpx__usm_keycache_key(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                            snmpx_usm_priv p, const snmpx_usm_secret *secret,
                            const uint8_t *engine_id, size_t engine_id_len,
                            const snmpx__usm_key **out, snmpx__usm_keyref *ref)
{
  if (kc == NULL || out == NULL || ref == NULL)
    return SNMPX_EINVAL;
  size_t need = 0;
  int rv = check_get_args(a, p, secret, engine_id, engine_id_len, &need);
  if (rv < 0)
    return rv;
  local_entry *l = NULL;
  rv = ready_key(kc, a, p, secret, engine_id, engine_id_len, need, &l);
  if (rv != 0)
    return rv;
  *out = &l->k;
  ref->slot = l == &kc->spare ? kc->max : (size_t)(l - kc->locals);
  ref->stamp = l->stamp;
  return 0;
}

int snmpx__usm_keycache_make(snmpx_usm_keycache *kc, snmpx_usm_auth a,
                             snmpx_usm_priv p, const snmpx_usm_secret *secret,
                             const uint8_t *engine_id, size_t engine_id_len,
                             snmpx__usm_key *out)
{
  if (kc == NULL || out == NULL)
    return SNMPX_EINVAL;
  snmpx__usm_key_clear(out);
  size_t need = 0;
  int rv = check_get_args(a, p, secret, engine_id, engine_id_len, &need);
  if (rv < 0)
    return rv;
  size_t dlen = snmpx_usm_auth_digest_len(a);
  uint8_t ku[SNMPX_USM_MAX_DIGEST];
  if (secret->kind == SNMPX_USM_SECRET_LOCALIZED) {
    rv = from_localized(a, p, secret, engine_id, engine_id_len, out->key,
                        need);
  } else {
    if (secret->kind == SNMPX_USM_SECRET_MASTER)
      memcpy(ku, secret->data, dlen);
    else
      rv = master_key(kc, a, secret->data, secret->len, ku);
    if (rv == 0)
      rv = localize(kc->mem, a, p, ku, dlen, engine_id, engine_id_len,
                    out->key);
    if (rv == 0)
      kc->stats.localizations++;
  }
  snmpx__usm_cleanse(ku, sizeof(ku));
  out->auth = a;
  out->priv = p;
  out->key_len = need;
  if (rv == 0)
    rv = make_ready(out);
  if (rv != 0)
    snmpx__usm_key_clear(out);
  return rv;
}

void snmpx__usm_key_clear(snmpx__usm_key *k)
{
  snmpx__usm_cipher_free(k->cipher);
  snmpx__usm_cleanse(k, sizeof(*k));
  k->cipher = NULL;
  k->key_len = 0;
}

const snmpx__usm_key *snmpx__usm_keycache_deref(const snmpx_usm_keycache *kc,
                                                snmpx__usm_keyref ref)
{
  if (kc == NULL || ref.stamp == 0)
    return NULL;
  const local_entry *l =
      ref.slot < kc->max ? &kc->locals[ref.slot] : &kc->spare;
  return l->stamp == ref.stamp ? &l->k : NULL;
}
