/* The View-based Access Control Model (RFC 3415) and the community table
 * of RFC 3584 5.  Small tables, searched linearly; every string copied.
 *
 * Group and view names are resolved when entries are added, not per
 * request: each distinct group name gets a number (its place in
 * group_names), each view name a place in views, and groups and access
 * entries keep those numbers.  RFC 3415's tables may be filled in any
 * order: an access entry naming a view or group not defined yet gets
 * the place that the later snmpx_vacm_add_view or snmpx_vacm_add_group
 * fills.  A view with no family is no view (step 5), so a place made
 * early answers exactly as a missing name did.  Nothing is ever removed,
 * so the numbers stay valid. */
#include "internal.h"

#define NAME_MAX_LEN 32 /* SnmpAdminString (SIZE(1..32)) and contexts */
#define NO_VIEW SIZE_MAX /* an access entry's empty view name */

typedef struct blob {
  uint8_t *p;
  size_t len;
} blob;

typedef struct group_entry {
  int model;
  blob sec_name;
  size_t group; /* in group_names */
} group_entry;

typedef struct access_entry {
  size_t group; /* in group_names */
  blob prefix;
  bool prefix_match;
  int model;
  snmpx_seclevel level;
  size_t views[3]; /* read, write, notify: in views; NO_VIEW: none */
} access_entry;

typedef struct family {
  uint32_t *arcs;
  size_t len;
  uint8_t mask[SNMPX_VACM_MASK_MAX];
  size_t mask_len;
  bool included;
} family;

struct snmpx_vacm_view {
  char *name;
  family *fams;
  size_t n_fams;
};

typedef struct community_entry {
  blob community;
  blob sec_name;
  blob context;
  bool has_source;
  snmpx_addr source;
  unsigned prefix;
} community_entry;

struct snmpx_vacm {
  const snmpx_mem *mem;
  blob *contexts;
  size_t n_contexts;
  char **group_names; /* every group name given, once */
  size_t n_group_names;
  group_entry *groups;
  size_t n_groups;
  access_entry *access;
  size_t n_access;
  snmpx_vacm_view *views;
  size_t n_views;
  community_entry *communities;
  size_t n_communities;
};

/* Grow |*arr| (of |*n| elements of |size|) by one zeroed element. */
static void *push(const snmpx_mem *mem, void *arrp, size_t *n, size_t size)
{
  void **arr = arrp;
  uint8_t *grown = snmpx__realloc(mem, *arr, (*n + 1) * size);
  if (grown == NULL)
    return NULL;
  *arr = grown;
  memset(grown + *n * size, 0, size);
  return grown + (*n)++ * size;
}

static int blob_set(const snmpx_mem *mem, blob *b, const uint8_t *p, size_t len)
{
  uint8_t *copy = snmpx__malloc(mem, len + 1);
  if (copy == NULL)
    return SNMPX_ENOMEM;
  if (len > 0)
    memcpy(copy, p, len);
  copy[len] = 0;
  snmpx__free(mem, b->p);
  b->p = copy;
  b->len = len;
  return 0;
}

static bool blob_eq(const blob *b, const uint8_t *p, size_t len)
{
  return b->len == len && (len == 0 || memcmp(b->p, p, len) == 0);
}

static char *str_dup(const snmpx_mem *mem, const char *s)
{
  if (s == NULL || *s == '\0')
    return NULL;
  size_t n = strlen(s) + 1;
  char *copy = snmpx__malloc(mem, n);
  if (copy != NULL)
    memcpy(copy, s, n);
  return copy;
}

snmpx_vacm *snmpx_vacm_new(const snmpx_mem *mem)
{
  snmpx_vacm *v = snmpx__calloc(mem, 1, sizeof(*v));
  if (v != NULL)
    v->mem = mem;
  return v;
}

void snmpx_vacm_free(snmpx_vacm *v)
{
  if (v == NULL)
    return;
  const snmpx_mem *mem = v->mem;
  for (size_t i = 0; i < v->n_contexts; i++)
    snmpx__free(mem, v->contexts[i].p);
  for (size_t i = 0; i < v->n_group_names; i++)
    snmpx__free(mem, v->group_names[i]);
  for (size_t i = 0; i < v->n_groups; i++)
    snmpx__free(mem, v->groups[i].sec_name.p);
  for (size_t i = 0; i < v->n_access; i++)
    snmpx__free(mem, v->access[i].prefix.p);
  for (size_t i = 0; i < v->n_views; i++) {
    for (size_t k = 0; k < v->views[i].n_fams; k++)
      snmpx__free(mem, v->views[i].fams[k].arcs);
    snmpx__free(mem, v->views[i].fams);
    snmpx__free(mem, v->views[i].name);
  }
  for (size_t i = 0; i < v->n_communities; i++) {
    snmpx__free(mem, v->communities[i].community.p);
    snmpx__free(mem, v->communities[i].sec_name.p);
    snmpx__free(mem, v->communities[i].context.p);
  }
  snmpx__free(mem, v->contexts);
  snmpx__free(mem, v->group_names);
  snmpx__free(mem, v->groups);
  snmpx__free(mem, v->access);
  snmpx__free(mem, v->views);
  snmpx__free(mem, v->communities);
  snmpx__free(mem, v);
}

/* ---- Contexts (vacmContextTable) ------------------------------------ */

bool snmpx_vacm_has_context(const snmpx_vacm *v, const uint8_t *name,
                            size_t len)
{
  if (v == NULL || (name == NULL && len > 0))
    return false;
  for (size_t i = 0; i < v->n_contexts; i++)
    if (blob_eq(&v->contexts[i], name, len))
      return true;
  return false;
}

int snmpx_vacm_add_context(snmpx_vacm *v, const uint8_t *name, size_t len)
{
  if (v == NULL || (name == NULL && len > 0) || len > NAME_MAX_LEN)
    return SNMPX_EINVAL;
  if (snmpx_vacm_has_context(v, name, len))
    return 0;
  blob *b = push(v->mem, &v->contexts, &v->n_contexts, sizeof(blob));
  if (b == NULL)
    return SNMPX_ENOMEM;
  int rv = blob_set(v->mem, b, name, len);
  if (rv < 0)
    v->n_contexts--;
  return rv;
}

/* ---- Groups (vacmSecurityToGroupTable) ------------------------------ */

static bool model_ok(int model)
{
  return model >= SNMPX_SECMODEL_V1 && model <= SNMPX_SECMODEL_TSM;
}

/* The number of group name |name|, made if new.  @return it, or
 * SNMPX_ENOMEM. */
static int64_t group_number(snmpx_vacm *v, const char *name)
{
  for (size_t i = 0; i < v->n_group_names; i++)
    if (strcmp(v->group_names[i], name) == 0)
      return (int64_t)i;
  char *copy = str_dup(v->mem, name);
  if (copy == NULL)
    return SNMPX_ENOMEM;
  char **slot = push(v->mem, &v->group_names, &v->n_group_names, sizeof(*slot));
  if (slot == NULL) {
    snmpx__free(v->mem, copy);
    return SNMPX_ENOMEM;
  }
  *slot = copy;
  return (int64_t)(v->n_group_names - 1);
}

static group_entry *find_group(const snmpx_vacm *v, int model,
                               const uint8_t *name, size_t len)
{
  for (size_t i = 0; i < v->n_groups; i++)
    if (v->groups[i].model == model &&
        blob_eq(&v->groups[i].sec_name, name, len))
      return &v->groups[i];
  return NULL;
}

int snmpx_vacm_add_group(snmpx_vacm *v, int model, const uint8_t *security_name,
                         size_t len, const char *group)
{
  if (v == NULL || !model_ok(model) || (security_name == NULL && len > 0) ||
      len > NAME_MAX_LEN || group == NULL || *group == '\0')
    return SNMPX_EINVAL;
  int64_t g = group_number(v, group);
  if (g < 0)
    return (int)g;
  group_entry *e = find_group(v, model, security_name, len);
  if (e == NULL) {
    e = push(v->mem, &v->groups, &v->n_groups, sizeof(*e));
    if (e == NULL || blob_set(v->mem, &e->sec_name, security_name, len) < 0) {
      if (e != NULL)
        v->n_groups--;
      return SNMPX_ENOMEM;
    }
    e->model = model;
  }
  e->group = (size_t)g;
  return 0;
}

/* ---- Access (vacmAccessTable) --------------------------------------- */

static int64_t view_number(snmpx_vacm *v, const char *name);

static int access_fill(snmpx_vacm *v, access_entry *e,
                       const snmpx_vacm_access *a)
{
  const char *views[3] = {a->read_view, a->write_view, a->notify_view};
  int64_t g = group_number(v, a->group);
  if (g < 0)
    return (int)g;
  e->group = (size_t)g;
  for (int k = 0; k < 3; k++) {
    e->views[k] = NO_VIEW;
    if (views[k] == NULL || *views[k] == '\0')
      continue;
    int64_t n = view_number(v, views[k]);
    if (n < 0)
      return (int)n;
    e->views[k] = (size_t)n;
  }
  if (blob_set(v->mem, &e->prefix, a->context_prefix, a->context_prefix_len) <
      0)
    return SNMPX_ENOMEM;
  e->prefix_match = a->prefix_match;
  e->model = a->security_model;
  e->level = a->level;
  return 0;
}

int snmpx_vacm_add_access(snmpx_vacm *v, const snmpx_vacm_access *a)
{
  if (v == NULL || a == NULL || a->group == NULL || *a->group == '\0' ||
      (a->context_prefix == NULL && a->context_prefix_len > 0) ||
      a->context_prefix_len > NAME_MAX_LEN ||
      (a->security_model != SNMPX_SECMODEL_ANY &&
       !model_ok(a->security_model)) ||
      a->level < SNMPX_SECLEVEL_NOAUTH || a->level > SNMPX_SECLEVEL_AUTHPRIV)
    return SNMPX_EINVAL;
  access_entry fresh;
  memset(&fresh, 0, sizeof(fresh));
  int rv = access_fill(v, &fresh, a);
  if (rv < 0) {
    snmpx__free(v->mem, fresh.prefix.p);
    return rv;
  }
  /* The table's INDEX: group, prefix, model, level. */
  for (size_t i = 0; i < v->n_access; i++) {
    access_entry *e = &v->access[i];
    if (e->group == fresh.group &&
        blob_eq(&e->prefix, fresh.prefix.p, fresh.prefix.len) &&
        e->model == fresh.model && e->level == fresh.level) {
      snmpx__free(v->mem, e->prefix.p);
      *e = fresh;
      return 0;
    }
  }
  access_entry *e = push(v->mem, &v->access, &v->n_access, sizeof(*e));
  if (e == NULL) {
    snmpx__free(v->mem, fresh.prefix.p);
    return SNMPX_ENOMEM;
  }
  *e = fresh;
  return 0;
}

/* RFC 3415 3.2 step 4 and the vacmAccessTable DESCRIPTION: of the entries
 * that match, prefer (1) the request's own security model over any, (2)
 * an exact context match over a prefix match, (3) the longer context
 * prefix, (4) the higher security level.  True when |a| beats |b|. */
static bool access_better(const access_entry *a, const access_entry *b,
                          size_t ctx_len)
{
  if ((a->model != SNMPX_SECMODEL_ANY) != (b->model != SNMPX_SECMODEL_ANY))
    return a->model != SNMPX_SECMODEL_ANY;
  bool a_exact = a->prefix.len == ctx_len;
  bool b_exact = b->prefix.len == ctx_len;
  if (a_exact != b_exact)
    return a_exact;
  if (a->prefix.len != b->prefix.len)
    return a->prefix.len > b->prefix.len;
  return a->level > b->level;
}

static bool access_matches(const access_entry *e, size_t group, int model,
                           snmpx_seclevel level, const uint8_t *ctx,
                           size_t ctx_len)
{
  if (e->group != group)
    return false;
  if (e->model != SNMPX_SECMODEL_ANY && e->model != model)
    return false;
  if (e->level > level)
    return false;
  if (e->prefix_match)
    return e->prefix.len <= ctx_len &&
           (e->prefix.len == 0 || memcmp(e->prefix.p, ctx, e->prefix.len) == 0);
  return blob_eq(&e->prefix, ctx, ctx_len);
}

/* ---- Views (vacmViewTreeFamilyTable) -------------------------------- */

/* The place of view |name| in v->views, made (with no family) if new.
 * @return it, or SNMPX_ENOMEM. */
static int64_t view_number(snmpx_vacm *v, const char *name)
{
  for (size_t i = 0; i < v->n_views; i++)
    if (strcmp(v->views[i].name, name) == 0)
      return (int64_t)i;
  char *copy = str_dup(v->mem, name);
  if (copy == NULL)
    return SNMPX_ENOMEM;
  snmpx_vacm_view *view = push(v->mem, &v->views, &v->n_views, sizeof(*view));
  if (view == NULL) {
    snmpx__free(v->mem, copy);
    return SNMPX_ENOMEM;
  }
  view->name = copy;
  return (int64_t)(v->n_views - 1);
}

int snmpx_vacm_add_view(snmpx_vacm *v, const char *view, snmpx_oidv subtree,
                        const uint8_t *mask, size_t mask_len, bool included)
{
  if (v == NULL || view == NULL || *view == '\0' ||
      (subtree.arcs == NULL && subtree.len > 0) ||
      (mask == NULL && mask_len > 0))
    return SNMPX_EINVAL;
  if (mask_len > SNMPX_VACM_MASK_MAX)
    return SNMPX_EVACM_MASK;
  if (subtree.len > SNMPX_OID_MAX_LEN)
    return SNMPX_EOID_TOOLONG;
  int64_t at = view_number(v, view);
  if (at < 0)
    return (int)at;
  snmpx_vacm_view *vw = &v->views[at];
  uint32_t *arcs = snmpx__malloc(v->mem, (subtree.len + 1) * sizeof(*arcs));
  if (arcs == NULL)
    return SNMPX_ENOMEM;
  if (subtree.len > 0)
    memcpy(arcs, subtree.arcs, subtree.len * sizeof(*arcs));
  family *f = NULL;
  for (size_t i = 0; i < vw->n_fams; i++) {
    snmpx_oidv have = {vw->fams[i].arcs, vw->fams[i].len};
    if (snmpx_oidv_compare(have, subtree) == 0)
      f = &vw->fams[i];
  }
  if (f == NULL)
    f = push(v->mem, &vw->fams, &vw->n_fams, sizeof(*f));
  if (f == NULL) {
    snmpx__free(v->mem, arcs);
    return SNMPX_ENOMEM;
  }
  snmpx__free(v->mem, f->arcs);
  f->arcs = arcs;
  f->len = subtree.len;
  memset(f->mask, 0xff, sizeof(f->mask));
  if (mask_len > 0)
    memcpy(f->mask, mask, mask_len);
  f->mask_len = mask_len;
  f->included = included;
  return 0;
}

/* RFC 3415 vacmViewTreeFamilyMask: arc i must match unless bit i of the
 * mask is 0; a mask shorter than the subtree is extended with 1s. */
static bool family_matches(const family *f, snmpx_oidv name)
{
  if (name.len < f->len)
    return false;
  for (size_t i = 0; i < f->len; i++) {
    bool wild = i / 8 < f->mask_len && !(f->mask[i / 8] & (0x80 >> (i % 8)));
    if (!wild && name.arcs[i] != f->arcs[i])
      return false;
  }
  return true;
}

bool snmpx_vacm_view_includes(const snmpx_vacm_view *view, snmpx_oidv name)
{
  if (view == NULL)
    return false;
  /* RFC 3415 5 (vacmViewTreeFamilyTable DESCRIPTION): of the families
   * that match, the one with the longest subtree decides; among equal
   * lengths, the lexicographically greatest subtree. */
  const family *best = NULL;
  for (size_t i = 0; i < view->n_fams; i++) {
    const family *f = &view->fams[i];
    if (!family_matches(f, name))
      continue;
    if (best == NULL || f->len > best->len ||
        (f->len == best->len &&
         snmpx_oidv_compare((snmpx_oidv){f->arcs, f->len},
                            (snmpx_oidv){best->arcs, best->len}) > 0))
      best = f;
  }
  return best != NULL && best->included;
}

/* ---- isAccessAllowed ------------------------------------------------ */

snmpx_vacm_status snmpx_vacm_find_view(
    const snmpx_vacm *v, int model, const uint8_t *security_name,
    size_t security_name_len, snmpx_seclevel level, snmpx_vacm_view_type type,
    const uint8_t *context, size_t context_len, const snmpx_vacm_view **view)
{
  if (v == NULL || view == NULL || (int)type < 0 || type > SNMPX_VACM_NOTIFY)
    return SNMPX_VACM_NO_ACCESS_ENTRY;
  *view = NULL;
  /* Step 1: the context must be known. */
  if (!snmpx_vacm_has_context(v, context, context_len))
    return SNMPX_VACM_NO_SUCH_CONTEXT;
  /* Step 2: the group of (securityModel, securityName). */
  const group_entry *g = find_group(v, model, security_name, security_name_len);
  if (g == NULL)
    return SNMPX_VACM_NO_GROUP_NAME;
  /* Step 3: the best access entry for group, context, model, level. */
  const access_entry *best = NULL;
  for (size_t i = 0; i < v->n_access; i++) {
    const access_entry *e = &v->access[i];
    if (access_matches(e, g->group, model, level, context, context_len) &&
        (best == NULL || access_better(e, best, context_len)))
      best = e;
  }
  if (best == NULL)
    return SNMPX_VACM_NO_ACCESS_ENTRY;
  /* Step 4: the view name for the type; an empty name is no view. */
  size_t at = best->views[type];
  if (at == NO_VIEW)
    return SNMPX_VACM_NO_SUCH_VIEW;
  /* Step 5: a view with no family (named but never defined) is no view
   * either. */
  const snmpx_vacm_view *vw = &v->views[at];
  if (vw->n_fams == 0)
    return SNMPX_VACM_NO_SUCH_VIEW;
  *view = vw;
  return SNMPX_VACM_ACCESS_ALLOWED;
}

snmpx_vacm_status snmpx_vacm_is_access_allowed(
    const snmpx_vacm *v, int model, const uint8_t *security_name,
    size_t security_name_len, snmpx_seclevel level, snmpx_vacm_view_type type,
    const uint8_t *context, size_t context_len, snmpx_oidv name)
{
  const snmpx_vacm_view *view;
  snmpx_vacm_status st =
      snmpx_vacm_find_view(v, model, security_name, security_name_len, level,
                           type, context, context_len, &view);
  if (st != SNMPX_VACM_ACCESS_ALLOWED)
    return st;
  return snmpx_vacm_view_includes(view, name) ? SNMPX_VACM_ACCESS_ALLOWED
                                              : SNMPX_VACM_NOT_IN_VIEW;
}

const char *snmpx_vacm_status_name(snmpx_vacm_status s)
{
  switch (s) {
  case SNMPX_VACM_ACCESS_ALLOWED:
    return "accessAllowed";
  case SNMPX_VACM_NOT_IN_VIEW:
    return "notInView";
  case SNMPX_VACM_NO_SUCH_VIEW:
    return "noSuchView";
  case SNMPX_VACM_NO_SUCH_CONTEXT:
    return "noSuchContext";
  case SNMPX_VACM_NO_GROUP_NAME:
    return "noGroupName";
  case SNMPX_VACM_NO_ACCESS_ENTRY:
    return "noAccessEntry";
  }
  return "otherError";
}

/* ---- Communities (RFC 3584 5) --------------------------------------- */

static size_t addr_bytes(const snmpx_addr *a, const uint8_t **p)
{
  if (a->u.sa.sa_family == AF_INET) {
    *p = (const uint8_t *)&a->u.in4.sin_addr;
    return 4;
  }
  if (a->u.sa.sa_family == AF_INET6) {
    *p = (const uint8_t *)&a->u.in6.sin6_addr;
    return 16;
  }
  return 0;
}

/* True when the first |bits| of |a| and |b|'s addresses agree (same
 * family).  UNIX sockets: the same path (Net-SNMP's com2secunix compares
 * the socket's path whole). */
static bool same_network(const snmpx_addr *a, const snmpx_addr *b,
                         unsigned bits)
{
  if (a->u.sa.sa_family == AF_UNIX || b->u.sa.sa_family == AF_UNIX)
    return a->u.sa.sa_family == b->u.sa.sa_family &&
           strncmp(a->u.un.sun_path, b->u.un.sun_path,
                   sizeof(a->u.un.sun_path)) == 0;
  const uint8_t *pa = NULL, *pb = NULL;
  size_t na = addr_bytes(a, &pa), nb = addr_bytes(b, &pb);
  if (na == 0 || na != nb || bits > na * 8)
    return false;
  size_t whole = bits / 8;
  if (memcmp(pa, pb, whole) != 0)
    return false;
  unsigned rest = bits % 8;
  if (rest == 0)
    return true;
  uint8_t m = (uint8_t)(0xff << (8 - rest));
  return (pa[whole] & m) == (pb[whole] & m);
}

int snmpx_vacm_add_community(snmpx_vacm *v, const snmpx_vacm_community *c)
{
  if (v == NULL || c == NULL || (c->community == NULL && c->community_len) ||
      c->security_name == NULL || c->security_name_len == 0 ||
      c->security_name_len > NAME_MAX_LEN ||
      (c->context_name == NULL && c->context_name_len > 0) ||
      c->context_name_len > NAME_MAX_LEN)
    return SNMPX_EINVAL;
  if (c->source != NULL && c->source->u.sa.sa_family != AF_UNIX) {
    const uint8_t *p;
    size_t n = addr_bytes(c->source, &p);
    if (n == 0 || c->source_prefix > n * 8)
      return SNMPX_EINVAL;
  }
  community_entry *e =
      push(v->mem, &v->communities, &v->n_communities, sizeof(*e));
  if (e == NULL)
    return SNMPX_ENOMEM;
  if (blob_set(v->mem, &e->community, c->community, c->community_len) < 0 ||
      blob_set(v->mem, &e->sec_name, c->security_name, c->security_name_len) <
          0 ||
      blob_set(v->mem, &e->context, c->context_name, c->context_name_len) < 0) {
    snmpx__free(v->mem, e->community.p);
    snmpx__free(v->mem, e->sec_name.p);
    snmpx__free(v->mem, e->context.p);
    v->n_communities--;
    return SNMPX_ENOMEM;
  }
  e->has_source = c->source != NULL;
  if (e->has_source)
    e->source = *c->source;
  e->prefix = c->source_prefix;
  return 0;
}

int snmpx_vacm_community_lookup(const snmpx_vacm *v, const uint8_t *community,
                                size_t len, const snmpx_addr *from,
                                snmpx_vacm_community_match *out)
{
  if (v == NULL || out == NULL || (community == NULL && len > 0))
    return SNMPX_EINVAL;
  for (size_t i = 0; i < v->n_communities; i++) {
    const community_entry *e = &v->communities[i];
    if (!blob_eq(&e->community, community, len))
      continue;
    /* A UNIX socket's peers are admitted only by the entries for that
     * socket (Net-SNMP: com2secunix; rocommunity and com2sec are for IP
     * peers). */
    bool unix_entry = e->has_source && e->source.u.sa.sa_family == AF_UNIX;
    if (from != NULL && (from->u.sa.sa_family == AF_UNIX) != unix_entry)
      continue;
    if (e->has_source && from != NULL &&
        !same_network(&e->source, from, e->prefix))
      continue;
    out->security_name = e->sec_name.p;
    out->security_name_len = e->sec_name.len;
    out->context_name = e->context.p;
    out->context_name_len = e->context.len;
    return 0;
  }
  return SNMPX_ENOTFOUND;
}
