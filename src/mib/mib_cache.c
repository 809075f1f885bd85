/* The compiled cache: the database's arrays written out as they are, with
 * the list of files and directories they came from (path, mtime, size).
 * A cache is used only if every one of those is unchanged, so editing,
 * adding or removing a MIB file (which changes its directory's mtime)
 * makes the next load parse again.  One of them is the file holding the
 * library that wrote it, and the reader must be that same file, so a
 * rebuilt or different library never uses it.  Writes go to a temporary
 * file renamed into place, so readers never see half a cache. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mib_priv.h"

static const char cache_magic[8] = {'S', 'N', 'M', 'P', 'X', 'M', 'B', '2'};
/* Which cache layout this build reads: the version, a format revision
 * (bump it when a cached field changes meaning but not size) and the sizes
 * of the records (each array's header repeats its element size too).
 * Not the build's date and time: that made builds unreproducible, and
 * changed only when this file was compiled again.  A rebuilt library is
 * caught by its own file being one of the cache's sources. */
#define CACHE_FORMAT 3 /* 2: mib_node's pad byte became is_anonymous;
                        * 3: a description offset may be an empty string */

typedef struct cache_stamp {
  char version[16];
  uint32_t format;
  uint16_t sizes[8];
  uint32_t hash_size;
} cache_stamp;

_Static_assert(sizeof(cache_stamp) == 40, "cache_stamp has no padding");

static const cache_stamp cache_build = {
    SNMPX_VERSION_STRING,
    CACHE_FORMAT,
    {(uint16_t)sizeof(mib_node), (uint16_t)sizeof(mib_enum),
     (uint16_t)sizeof(mib_range), (uint16_t)sizeof(mib_index),
     (uint16_t)sizeof(mib_modref), (uint16_t)sizeof(mib_tc),
     (uint16_t)sizeof(mib_module), (uint16_t)sizeof(mib_source)},
    MIB_HASH_SIZE,
};

/* The arrays in file order, with their element sizes. */
#define CACHE_VECS(m)                                                          \
  {                                                                            \
    {&(m)->nodes, sizeof(mib_node)}, {&(m)->strings, 1},                       \
        {&(m)->enums, sizeof(mib_enum)}, {&(m)->ranges, sizeof(mib_range)},    \
        {&(m)->indexes, sizeof(mib_index)}, {&(m)->u32s, sizeof(uint32_t)},    \
        {&(m)->mods, sizeof(mib_modref)}, {&(m)->tcs, sizeof(mib_tc)},         \
        {&(m)->modules, sizeof(mib_module)},                                   \
        {&(m)->sources, sizeof(mib_source)}, {&(m)->diags, 1},                 \
  }

typedef struct vec_desc {
  mib_vec *v;
  size_t elt;
} vec_desc;

/* A 64-bit checksum eight bytes at a time (FNV-1a's mixing on words), so
 * checking a few megabytes costs a fraction of a millisecond. */
static uint64_t checksum(const uint8_t *p, size_t n)
{
  uint64_t h = 14695981039346656037ull;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 29;
  }
  for (; i < n; i++)
    h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

typedef struct image {
  uint8_t *p;
  size_t len, cap;
  bool oom;
  const snmpx_mem *mem;
} image;

static void put(image *im, const void *p, size_t n)
{
  if (im->oom || n == 0)
    return;
  if (im->len + n > im->cap) {
    size_t cap = (im->len + n) * 2;
    uint8_t *q = snmpx__realloc(im->mem, im->p, cap);
    if (q == NULL) {
      im->oom = true;
      return;
    }
    im->p = q;
    im->cap = cap;
  }
  memcpy(im->p + im->len, p, n);
  im->len += n;
}

static bool write_all(int fd, const uint8_t *b, size_t n)
{
  while (n > 0) {
    ssize_t w = write(fd, b, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    b += w;
    n -= (size_t)w;
  }
  return true;
}

int snmpx__mibdb_cache_save(const snmpx_mibdb *m, const char *path)
{
  image im = {NULL, 0, 0, false, m->mem};
  vec_desc vecs[] = CACHE_VECS((snmpx_mibdb *)m);
  uint32_t nv = sizeof(vecs) / sizeof(vecs[0]);
  put(&im, cache_magic, sizeof(cache_magic));
  put(&im, &cache_build, sizeof(cache_build));
  put(&im, &nv, sizeof(nv));
  for (uint32_t i = 0; i < nv; i++) {
    uint32_t hdr[2] = {(uint32_t)vecs[i].elt, vecs[i].v->n};
    put(&im, hdr, sizeof(hdr));
    put(&im, vecs[i].v->p, (size_t)vecs[i].v->n * vecs[i].elt);
  }
  put(&im, m->node_hash, sizeof(m->node_hash));
  put(&im, m->tc_hash, sizeof(m->tc_hash));
  put(&im, &m->errors, sizeof(m->errors));
  uint64_t sum = im.oom ? 0 : checksum(im.p, im.len);
  put(&im, &sum, sizeof(sum));
  if (im.oom) {
    snmpx__free(m->mem, im.p);
    return SNMPX_ENOMEM;
  }
  char tmp[1300];
  snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  bool ok = fd >= 0 && write_all(fd, im.p, im.len);
  if (fd >= 0 && close(fd) != 0)
    ok = false;
  snmpx__free(m->mem, im.p);
  if (!ok || rename(tmp, path) != 0) {
    unlink(tmp);
    return SNMPX_EMIB_IO;
  }
  return 0;
}

typedef struct reader {
  const uint8_t *p, *end;
} reader;

static const void *take(reader *r, size_t n)
{
  if ((size_t)(r->end - r->p) < n)
    return NULL;
  const void *q = r->p;
  r->p += n;
  return q;
}

/* Every file and directory the cached load read must be as it was, and
 * |self| (the reader's library) must be one of them, unless it is ""
 * (a build identified by its sources, SNMPX_MIB_BUILD_ID, in the cache's
 * name).  |strings| and |sources| are still in the cache image
 * (unaligned). */
static bool sources_unchanged(const uint8_t *strings, uint32_t n_strings,
                              const uint8_t *sources, uint32_t n_sources,
                              const char *self)
{
  bool have_self = self[0] == '\0';
  if (n_strings == 0 || strings[n_strings - 1] != '\0')
    return false;
  for (uint32_t i = 0; i < n_sources; i++) {
    mib_source s;
    memcpy(&s, sources + (size_t)i * sizeof(s), sizeof(s));
    if (s.path >= n_strings)
      return false;
    if (strcmp((const char *)strings + s.path, self) == 0)
      have_self = true;
    struct stat st;
    if (stat((const char *)strings + s.path, &st) != 0) {
      if (s.mtime_ns != -1)
        return false;
      continue;
    }
    int64_t mt = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    if (mt != s.mtime_ns || (int64_t)st.st_size != s.size)
      return false;
  }
  return have_self;
}

/* Which linked list chain_ends() follows. */
enum chain { CHAIN_NODE_HASH, CHAIN_TC_HASH, CHAIN_MODS };

/* The list of |kind| from |first| ends within as many steps as it has
 * entries (a damaged cache could link one into a loop). */
static bool chain_ends(const snmpx_mibdb *m, enum chain kind, uint32_t first)
{
  uint32_t limit = kind == CHAIN_NODE_HASH ? m->nodes.n
                   : kind == CHAIN_TC_HASH ? m->tcs.n
                                           : m->mods.n;
  uint32_t at = first;
  for (uint64_t steps = 0; at != MIB_NONE && steps <= limit; steps++)
    at = kind == CHAIN_NODE_HASH ? NODE(m, at).hash_next
         : kind == CHAIN_TC_HASH ? VEC_AT(m, tcs, mib_tc, at).hash_next
                                 : VEC_AT(m, mods, mib_modref, at).next;
  return at == MIB_NONE;
}

/* The nodes form one tree from node 0: every child's parent is the node
 * it hangs under, and no node is reached twice (so no walk loops).
 * Iterative, with |seen| one byte per node. */
static bool tree_sane(const snmpx_mibdb *m, uint8_t *seen)
{
  uint32_t n = 0;
  seen[0] = 1;
  for (;;) {
    uint32_t next = NODE(m, n).child;
    if (next == MIB_NONE) {
      /* Up until a node with a next sibling. */
      while (n != 0 && NODE(m, n).sibling == MIB_NONE)
        n = NODE(m, n).parent;
      if (n == 0)
        return true;
      uint32_t parent = NODE(m, n).parent;
      next = NODE(m, n).sibling;
      if (seen[next] || NODE(m, next).parent != parent)
        return false;
    } else if (seen[next] || NODE(m, next).parent != n) {
      return false;
    }
    seen[next] = 1;
    n = next;
  }
}

/* Indexes read from disk must stay inside their arrays, and no list may
 * loop. */
static bool links_sane(const snmpx_mibdb *m)
{
  if (NODE(m, 0).parent != MIB_NONE || NODE(m, 0).sibling != MIB_NONE)
    return false;
  for (uint32_t i = 1; i < m->nodes.n; i++)
    if (NODE(m, i).parent == MIB_NONE)
      return false;
  uint8_t *seen = snmpx__calloc(m->mem, m->nodes.n, 1);
  if (seen == NULL)
    return false;
  bool ok = tree_sane(m, seen);
  /* Every node in the tree: one off it could have parents in a loop. */
  for (uint32_t i = 0; ok && i < m->nodes.n; i++)
    ok = seen[i] != 0;
  snmpx__free(m->mem, seen);
  for (uint32_t i = 0; ok && i < MIB_HASH_SIZE; i++)
    ok = chain_ends(m, CHAIN_NODE_HASH, m->node_hash[i]) &&
         chain_ends(m, CHAIN_TC_HASH, m->tc_hash[i]);
  for (uint32_t i = 0; ok && i < m->nodes.n; i++)
    ok = chain_ends(m, CHAIN_MODS, NODE(m, i).modlist);
  return ok;
}

/* Indexes read from disk must stay inside their arrays. */
static bool indexes_sane(const snmpx_mibdb *m)
{
  if (m->strings.n == 0 || ((const char *)m->strings.p)[m->strings.n - 1])
    return false;
  for (uint32_t i = 0; i < m->nodes.n; i++) {
    const mib_node *n = &NODE(m, i);
    uint32_t links[] = {n->parent, n->child, n->sibling, n->hash_next};
    for (size_t k = 0; k < 4; k++)
      if (links[k] != MIB_NONE && links[k] >= m->nodes.n)
        return false;
    uint32_t strs[] = {n->label,       n->tc,        n->hint,   n->units,
                       n->description, n->reference, n->defval, n->augments,
                       n->access,      n->status};
    for (size_t k = 0; k < sizeof(strs) / sizeof(strs[0]); k++)
      if (strs[k] >= m->strings.n)
        return false;
    if ((uint64_t)n->enums + n->n_enums > m->enums.n ||
        (uint64_t)n->ranges + n->n_ranges > m->ranges.n ||
        (uint64_t)n->indexes + n->n_indexes > m->indexes.n ||
        (uint64_t)n->objects + n->n_objects > m->u32s.n ||
        (n->modlist != MIB_NONE && n->modlist >= m->mods.n) ||
        (n->module != MIB_NONE && n->module >= m->modules.n))
      return false;
  }
  for (uint32_t i = 0; i < MIB_HASH_SIZE; i++)
    if ((m->node_hash[i] != MIB_NONE && m->node_hash[i] >= m->nodes.n) ||
        (m->tc_hash[i] != MIB_NONE && m->tc_hash[i] >= m->tcs.n))
      return false;
  for (uint32_t i = 0; i < m->mods.n; i++) {
    const mib_modref *r = &VEC_AT(m, mods, mib_modref, i);
    if (r->module >= m->modules.n ||
        (r->next != MIB_NONE && r->next >= m->mods.n))
      return false;
  }
  for (uint32_t i = 0; i < m->enums.n; i++)
    if (VEC_AT(m, enums, mib_enum, i).label >= m->strings.n)
      return false;
  for (uint32_t i = 0; i < m->indexes.n; i++)
    if (VEC_AT(m, indexes, mib_index, i).label >= m->strings.n)
      return false;
  for (uint32_t i = 0; i < m->u32s.n; i++)
    if (VEC_AT(m, u32s, uint32_t, i) >= m->strings.n)
      return false;
  for (uint32_t i = 0; i < m->modules.n; i++)
    if (VEC_AT(m, modules, mib_module, i).name >= m->strings.n ||
        VEC_AT(m, modules, mib_module, i).file >= m->strings.n)
      return false;
  for (uint32_t i = 0; i < m->tcs.n; i++) {
    const mib_tc *t = &VEC_AT(m, tcs, mib_tc, i);
    if (t->name >= m->strings.n || t->hint >= m->strings.n ||
        (t->hash_next != MIB_NONE && t->hash_next >= m->tcs.n) ||
        (uint64_t)t->enums + t->n_enums > m->enums.n ||
        (uint64_t)t->ranges + t->n_ranges > m->ranges.n)
      return false;
  }
  return m->nodes.n >= 4 &&
         (m->diags.n == 0 || ((const char *)m->diags.p)[m->diags.n - 1] == 0) &&
         links_sane(m);
}

#define CACHE_NVECS 11

/* Where each part of a cache image lies, before anything is copied. */
typedef struct cache_view {
  const uint8_t *data[CACHE_NVECS];
  uint32_t n[CACHE_NVECS];
  const uint8_t *node_hash, *tc_hash, *errors;
} cache_view;

/* Check the image's checksum, magic, build stamp and layout, and find its
 * parts.  @return 0; SNMPX_EMIB_CACHE. */
static int map_cache(const uint8_t *buf, size_t len, const vec_desc *vecs,
                     cache_view *cv)
{
  reader r = {buf, buf + len};
  uint64_t stored;
  if (len < sizeof(cache_magic) + 8)
    return SNMPX_EMIB_CACHE;
  memcpy(&stored, buf + len - 8, sizeof(stored));
  if (checksum(buf, len - 8) != stored)
    return SNMPX_EMIB_CACHE;
  r.end -= 8;
  const void *magic = take(&r, sizeof(cache_magic));
  const void *build = take(&r, sizeof(cache_build));
  const void *nvp = take(&r, sizeof(uint32_t));
  uint32_t nv = 0;
  if (nvp != NULL)
    memcpy(&nv, nvp, sizeof(nv));
  if (magic == NULL || memcmp(magic, cache_magic, sizeof(cache_magic)) != 0 ||
      build == NULL || memcmp(build, &cache_build, sizeof(cache_build)) != 0 ||
      nvp == NULL || nv != CACHE_NVECS)
    return SNMPX_EMIB_CACHE;
  for (size_t i = 0; i < CACHE_NVECS; i++) {
    const void *hp = take(&r, 2 * sizeof(uint32_t));
    uint32_t hdr[2];
    if (hp == NULL)
      return SNMPX_EMIB_CACHE;
    memcpy(hdr, hp, sizeof(hdr));
    if (hdr[0] != vecs[i].elt)
      return SNMPX_EMIB_CACHE;
    cv->data[i] = take(&r, (size_t)hdr[1] * vecs[i].elt);
    cv->n[i] = hdr[1];
    if (cv->data[i] == NULL)
      return SNMPX_EMIB_CACHE;
  }
  cv->node_hash = take(&r, MIB_HASH_SIZE * sizeof(uint32_t));
  cv->tc_hash = take(&r, MIB_HASH_SIZE * sizeof(uint32_t));
  cv->errors = take(&r, sizeof(int));
  if (cv->node_hash == NULL || cv->tc_hash == NULL || cv->errors == NULL ||
      r.p != r.end)
    return SNMPX_EMIB_CACHE;
  return 0;
}

static void free_vecs(const snmpx_mem *mem, const vec_desc *vecs)
{
  for (size_t i = 0; i < CACHE_NVECS; i++) {
    snmpx__free(mem, vecs[i].v->p);
    memset(vecs[i].v, 0, sizeof(*vecs[i].v));
  }
}

/* Replace |m|'s database with the cache image |buf|.  Everything is
 * checked first (the stamp, the sources' mtimes and sizes, then every
 * index on a copy), so a cache that is not used leaves |m| as it was. */
static int parse_cache(snmpx_mibdb *m, const uint8_t *buf, size_t len,
                       const char *self)
{
  vec_desc vecs[] = CACHE_VECS(m);
  _Static_assert(sizeof(vecs) / sizeof(vecs[0]) == CACHE_NVECS,
                 "CACHE_NVECS counts CACHE_VECS");
  size_t strings = 0, sources = 0;
  for (size_t i = 0; i < CACHE_NVECS; i++) {
    if (vecs[i].v == &m->strings)
      strings = i;
    else if (vecs[i].v == &m->sources)
      sources = i;
  }
  cache_view cv;
  int rv = map_cache(buf, len, vecs, &cv);
  if (rv != 0)
    return rv;
  if (self != NULL &&
      !sources_unchanged(cv.data[strings], cv.n[strings], cv.data[sources],
                         cv.n[sources], self))
    return SNMPX_EMIB_CACHE;
  /* Copy into a scratch database (aligned, so the checks can read it). */
  snmpx_mibdb *tmp = snmpx__calloc(m->mem, 1, sizeof(*tmp));
  if (tmp == NULL)
    return SNMPX_ENOMEM;
  tmp->mem = m->mem;
  vec_desc tv[] = CACHE_VECS(tmp);
  for (size_t i = 0; i < CACHE_NVECS && rv == 0; i++) {
    size_t bytes = (size_t)cv.n[i] * tv[i].elt;
    void *p = snmpx__malloc(m->mem, bytes ? bytes : 1);
    if (p == NULL) {
      rv = SNMPX_ENOMEM;
      break;
    }
    if (bytes)
      memcpy(p, cv.data[i], bytes);
    tv[i].v->p = p;
    tv[i].v->n = tv[i].v->cap = cv.n[i];
  }
  memcpy(tmp->node_hash, cv.node_hash, sizeof(tmp->node_hash));
  memcpy(tmp->tc_hash, cv.tc_hash, sizeof(tmp->tc_hash));
  memcpy(&tmp->errors, cv.errors, sizeof(tmp->errors));
  if (rv == 0 && !indexes_sane(tmp))
    rv = SNMPX_EMIB_CACHE;
  if (rv == 0) {
    free_vecs(m->mem, vecs);
    for (size_t i = 0; i < CACHE_NVECS; i++)
      *vecs[i].v = *tv[i].v;
    memcpy(m->node_hash, tmp->node_hash, sizeof(m->node_hash));
    memcpy(m->tc_hash, tmp->tc_hash, sizeof(m->tc_hash));
    m->errors = tmp->errors;
    m->n_orphans = 0;
  } else {
    free_vecs(m->mem, tv);
  }
  snmpx__free(m->mem, tmp);
  return rv;
}

uint64_t snmpx__mibdb_cache_checksum(const uint8_t *p, size_t n)
{
  return checksum(p, n);
}

int snmpx__mibdb_cache_parse(snmpx_mibdb *m, const uint8_t *buf, size_t len,
                             const char *self)
{
  int rv = parse_cache(m, buf, len, self);
  if (rv != 0)
    return rv;
  m->from_cache = true;
  return 0;
}

int snmpx__mibdb_cache_load(snmpx_mibdb *m, const char *path, const char *self)
{
  char *buf;
  size_t len;
  int rv = snmpx__mibdb_read_file(m, path, 256u << 20, 256u << 20, &buf, &len);
  if (rv != 0)
    return rv == SNMPX_ENOMEM ? rv : SNMPX_EMIB_CACHE;
  rv = parse_cache(m, (const uint8_t *)buf, len, self);
  snmpx__free(m->mem, buf);
  if (rv != 0)
    return rv;
  /* Replay the warnings the first load printed. */
  if (m->diag_cb != NULL)
    for (uint32_t off = 0; off < m->diags.n;
         off += (uint32_t)strlen((const char *)m->diags.p + off) + 1)
      m->diag_cb(m->diag_ud, (const char *)m->diags.p + off);
  return 0;
}
