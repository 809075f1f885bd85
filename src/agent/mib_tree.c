/* The MIB tree: a sorted array of non-overlapping registrations, each a
 * subtree served by a handler.  Because no registration holds another,
 * every OID under a prefix sorts after it and before the next prefix, so
 * one binary search finds the handler of a name, and GETNEXT walks the
 * handlers in array order. */
#include "agent_priv.h"

typedef struct mib_reg {
  uint32_t *arcs; /* the prefix; owned (for values: inside the node) */
  size_t len;
  const snmpx_mib_ops *ops;
  void *ctx;
  bool is_value;   /* ctx is a value_node owned by the tree */
  uint64_t serial; /* tells this registration from a later one of the
                      same name (snmpx__mib_is_current) */
} mib_reg;

struct snmpx_mib {
  const snmpx_mem *mem;
  mib_reg *regs;
  size_t n;
  size_t cap;
  snmpx_table *tables;
  uint64_t serials; /* the last serial given */
};

/* The value a SET replaced, kept from commit to cleanup for undo. */
typedef struct value_undo {
  struct value_undo *next;
  snmpx_value val;
  void *store;
} value_undo;

/* A value kept by the tree (snmpx_mib_add_value); the name's arcs follow
 * the struct in the same block. */
typedef struct value_node {
  const snmpx_mem *mem;
  snmpx_value val;
  void *store; /* owned bytes or arcs of |val| */
  unsigned flags;
  /* The undo records of SETs not yet cleaned up: freed with the node when
   * it is removed while a SET that changed it waits (whose cleanup then
   * never comes). */
  value_undo *undos;
  size_t len; /* of the name */
  uint32_t arcs[];
} value_node;

static snmpx_oidv reg_view(const mib_reg *r)
{
  return (snmpx_oidv){r->arcs, r->len};
}

snmpx_mib *snmpx_mib_new(const snmpx_mem *mem)
{
  snmpx_mib *m = snmpx__calloc(mem, 1, sizeof(*m));
  if (m != NULL)
    m->mem = mem;
  return m;
}

static void reg_clear(snmpx_mib *m, mib_reg *r)
{
  if (r->is_value) {
    value_node *node = r->ctx;
    while (node->undos != NULL) {
      value_undo *u = node->undos;
      node->undos = u->next;
      snmpx__free(m->mem, u->store);
      snmpx__free(m->mem, u);
    }
    snmpx__free(m->mem, node->store);
    snmpx__free(m->mem, node);
  } else {
    snmpx__free(m->mem, r->arcs);
  }
}

void snmpx_mib_free(snmpx_mib *m)
{
  if (m == NULL)
    return;
  for (size_t i = 0; i < m->n; i++)
    reg_clear(m, &m->regs[i]);
  snmpx__free(m->mem, m->regs);
  snmpx__table_free_all(m->tables);
  snmpx__free(m->mem, m);
}

const snmpx_mem *snmpx__mib_mem(const snmpx_mib *m)
{
  return m->mem;
}

void snmpx__mib_own_table(snmpx_mib *m, snmpx_table *t)
{
  snmpx__table_link(t, &m->tables);
}

size_t snmpx_mib_count(const snmpx_mib *m)
{
  return m != NULL ? m->n : 0;
}

/* Number of registrations whose prefix sorts <= |name|: the one before
 * that index is the only one that can hold |name|. */
static size_t upper_bound(const snmpx_mib *m, snmpx_oidv name)
{
  size_t lo = 0, hi = m->n;
  /* Appending in order (a .snmprec file) is the common case. */
  if (hi > 0 && snmpx_oidv_compare(reg_view(&m->regs[hi - 1]), name) <= 0)
    return hi;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (snmpx_oidv_compare(reg_view(&m->regs[mid]), name) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Index of the registration holding |name|, or m->n. */
static size_t find_index(const snmpx_mib *m, snmpx_oidv name)
{
  size_t i = upper_bound(m, name);
  if (i > 0 && snmpx_oidv_has_prefix(name, reg_view(&m->regs[i - 1])))
    return i - 1;
  return m->n;
}

bool snmpx__mib_find(const snmpx_mib *m, snmpx_oidv name, mib_hit *hit)
{
  size_t i = find_index(m, name);
  if (i == m->n)
    return false;
  hit->prefix = reg_view(&m->regs[i]);
  hit->ops = m->regs[i].ops;
  hit->ctx = m->regs[i].ctx;
  hit->serial = m->regs[i].serial;
  return true;
}

bool snmpx__mib_is_current(const snmpx_mib *m, snmpx_oidv name,
                           const mib_hit *hit)
{
  size_t i = find_index(m, name);
  return i < m->n && m->regs[i].serial == hit->serial;
}

/* Where a new registration of |prefix| goes, or SNMPX_EMIB_OVERLAP.  A
 * handler serves its whole subtree; a value only its own name, so values
 * may nest (1.3.1 and 1.3.1.5 can both be recorded instances) but never
 * sit inside a handler's subtree or hold one. */
static int insert_point(const snmpx_mib *m, snmpx_oidv prefix, bool is_value,
                        size_t *at)
{
  size_t i = upper_bound(m, prefix);
  if (i > 0) {
    const mib_reg *before = &m->regs[i - 1];
    if (snmpx_oidv_has_prefix(prefix, reg_view(before)) &&
        (!before->is_value || before->len == prefix.len))
      return SNMPX_EMIB_OVERLAP;
  }
  if (!is_value && i < m->n &&
      snmpx_oidv_has_prefix(reg_view(&m->regs[i]), prefix))
    return SNMPX_EMIB_OVERLAP;
  *at = i;
  return 0;
}

static int insert_reg(snmpx_mib *m, size_t at, const mib_reg *r)
{
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    mib_reg *grown = snmpx__realloc(m->mem, m->regs, cap * sizeof(*grown));
    if (grown == NULL)
      return SNMPX_ENOMEM;
    m->regs = grown;
    m->cap = cap;
  }
  memmove(&m->regs[at + 1], &m->regs[at], (m->n - at) * sizeof(*r));
  m->regs[at] = *r;
  m->n++;
  return 0;
}

int snmpx_mib_register(snmpx_mib *m, snmpx_oidv prefix,
                       const snmpx_mib_ops *ops, void *ctx)
{
  if (m == NULL || ops == NULL || ops->get == NULL || ops->next == NULL ||
      prefix.len == 0 || prefix.arcs == NULL)
    return SNMPX_EINVAL;
  if (prefix.len > SNMPX_OID_MAX_LEN)
    return SNMPX_EOID_TOOLONG;
  size_t at;
  int rv = insert_point(m, prefix, false, &at);
  if (rv < 0)
    return rv;
  mib_reg r = {NULL, prefix.len, ops, ctx, false, ++m->serials};
  r.arcs = snmpx__malloc(m->mem, prefix.len * sizeof(uint32_t));
  if (r.arcs == NULL)
    return SNMPX_ENOMEM;
  memcpy(r.arcs, prefix.arcs, prefix.len * sizeof(uint32_t));
  rv = insert_reg(m, at, &r);
  if (rv < 0)
    snmpx__free(m->mem, r.arcs);
  return rv;
}

int snmpx_mib_unregister(snmpx_mib *m, snmpx_oidv prefix)
{
  if (m == NULL)
    return SNMPX_EINVAL;
  size_t i = find_index(m, prefix);
  if (i == m->n || m->regs[i].len != prefix.len)
    return SNMPX_ENOTFOUND;
  reg_clear(m, &m->regs[i]);
  memmove(&m->regs[i], &m->regs[i + 1], (m->n - i - 1) * sizeof(mib_reg));
  m->n--;
  return 0;
}

/* ---- Lookups used by the request processing ------------------------- */

snmpx_errstat snmpx__mib_get(const snmpx_mib *m, snmpx_mib_req *req,
                             snmpx_oidv name, snmpx_value *out)
{
  size_t i = find_index(m, name);
  if (i == m->n) {
    /* RFC 3416 4.2.1 (1): no object type of that name. */
    out->type = SNMPX_TYPE_NOSUCHOBJECT;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  req->may_defer = true;
  snmpx_errstat st = m->regs[i].ops->get(m->regs[i].ctx, req, name, out);
  req->may_defer = false;
  return req->deferred ? SNMPX__ERRSTAT_DEFERRED : st;
}

size_t snmpx__mib_index_after(const snmpx_mib *m, snmpx_oidv prefix)
{
  /* Registrations do not hold one another: every one sorting after
   * |prefix| lies past its subtree. */
  return upper_bound(m, prefix);
}

bool snmpx__mib_holds(const snmpx_mib *m, size_t i, snmpx_oidv name)
{
  return i < m->n && snmpx_oidv_has_prefix(name, reg_view(&m->regs[i]));
}

snmpx_errstat snmpx__mib_next(const snmpx_mib *m, snmpx_mib_req *req,
                              snmpx_oidv after, size_t from, snmpx_oid *name,
                              snmpx_value *out, snmpx_oidv *reg, size_t *at)
{
  /* The registration holding |after| (if any) first, then every later
   * one: RFC 3416 4.2.2 "the next lexicographic successor" across
   * handler boundaries. */
  size_t i = from;
  if (i == SNMPX__MIB_HOLDING) {
    i = upper_bound(m, after);
    if (i > 0 && snmpx_oidv_has_prefix(after, reg_view(&m->regs[i - 1])))
      i--;
  }
  for (; i < m->n; i++) {
    out->type = SNMPX_TYPE_ENDOFMIBVIEW;
    req->may_defer = true;
    snmpx_errstat st =
        m->regs[i].ops->next(m->regs[i].ctx, req, after, name, out);
    req->may_defer = false;
    if (req->deferred) {
      *reg = reg_view(&m->regs[i]);
      return SNMPX__ERRSTAT_DEFERRED;
    }
    if (st != SNMPX_ERRSTAT_NO_ERROR)
      return st;
    if (out->type != SNMPX_TYPE_ENDOFMIBVIEW) {
      /* A handler that answers outside its subtree or not after |after|
       * would make walks loop: treat it as a failure. */
      if (!snmpx_oidv_has_prefix(snmpx_oid_view(name), reg_view(&m->regs[i])) ||
          snmpx_oidv_compare(snmpx_oid_view(name), after) <= 0)
        return SNMPX_ERRSTAT_GEN_ERR;
      *at = i;
      return SNMPX_ERRSTAT_NO_ERROR;
    }
  }
  out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* ---- Values kept by the tree ---------------------------------------- */

int snmpx__value_copy(const snmpx_mem *mem, const snmpx_value *v,
                      snmpx_value *out, void **store)
{
  *out = *v;
  *store = NULL;
  size_t n = snmpx__oid_value_extra(v);
  if (n == SIZE_MAX)
    return SNMPX_EINVAL;
  if (!snmpx__oid_value_has_bytes(v->type) && v->type != SNMPX_TYPE_OID)
    return 0;
  *store = snmpx__malloc(mem, n);
  if (*store == NULL)
    return SNMPX_ENOMEM;
  snmpx__oid_value_copy_to(v, out, *store);
  return 0;
}

static snmpx_errstat value_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               snmpx_value *out)
{
  (void)req;
  const value_node *node = ctx;
  if (name.len == node->len) /* under the prefix and as long: equal */
    *out = node->val;
  else
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat value_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                                snmpx_oid *name, snmpx_value *out)
{
  (void)req;
  const value_node *node = ctx;
  snmpx_oidv me = {node->arcs, node->len};
  if (snmpx_oidv_compare(after, me) < 0) {
    snmpx_oid_set(name, me);
    *out = node->val;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* RFC 3416 4.2.5 (4): a value of another type than the object's is
 * wrongType.  Strings, addresses and OIDs keep their shape. */
static snmpx_errstat value_test(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                const snmpx_value *v, void **state)
{
  (void)req;
  (void)state;
  const value_node *node = ctx;
  if (name.len != node->len)
    return SNMPX_ERRSTAT_NO_CREATION;
  if (!(node->flags & SNMPX_MIB_WRITABLE))
    return SNMPX_ERRSTAT_NOT_WRITABLE;
  if (v->type != node->val.type)
    return SNMPX_ERRSTAT_WRONG_TYPE;
  if (v->type == SNMPX_TYPE_IPADDRESS && v->v.bytes.len != 4)
    return SNMPX_ERRSTAT_WRONG_LENGTH;
  /* RFC 3416 4.2.5 (5): a length the object's SIZE refuses. */
  if ((node->flags & SNMPX_MIB_DISPLAYSTRING) && v->v.bytes.len > 255)
    return SNMPX_ERRSTAT_WRONG_LENGTH;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat value_commit(void *ctx, snmpx_mib_req *req,
                                  snmpx_oidv name, const snmpx_value *v,
                                  void **state)
{
  (void)req;
  (void)name;
  value_node *node = ctx;
  value_undo *u = snmpx__malloc(node->mem, sizeof(*u));
  if (u == NULL)
    return SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE;
  snmpx_value fresh;
  void *store;
  if (snmpx__value_copy(node->mem, v, &fresh, &store) < 0) {
    snmpx__free(node->mem, u);
    return SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE;
  }
  u->val = node->val;
  u->store = node->store;
  u->next = node->undos;
  node->undos = u;
  node->val = fresh;
  node->store = store;
  *state = u;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat value_undo_fn(void *ctx, snmpx_mib_req *req,
                                   snmpx_oidv name, void **state)
{
  (void)req;
  (void)name;
  value_node *node = ctx;
  value_undo *u = *state;
  if (u == NULL)
    return SNMPX_ERRSTAT_NO_ERROR;
  /* Swap back: the undo record now holds the rejected value, which
   * cleanup frees. */
  snmpx_value val = node->val;
  void *store = node->store;
  node->val = u->val;
  node->store = u->store;
  u->val = val;
  u->store = store;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void value_cleanup(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                          void **state, bool committed)
{
  (void)req;
  (void)name;
  (void)committed;
  value_node *node = ctx;
  value_undo *u = *state;
  if (u == NULL)
    return;
  value_undo **at = &node->undos;
  while (*at != NULL && *at != u)
    at = &(*at)->next;
  if (*at != NULL)
    *at = u->next;
  snmpx__free(node->mem, u->store);
  snmpx__free(node->mem, u);
  *state = NULL;
}

static const snmpx_mib_ops value_ops = {value_get,     value_next,
                                        value_test,    value_commit,
                                        value_undo_fn, value_cleanup};

static bool is_storable(snmpx_type t)
{
  return t != SNMPX_TYPE_NOSUCHOBJECT && t != SNMPX_TYPE_NOSUCHINSTANCE &&
         t != SNMPX_TYPE_ENDOFMIBVIEW;
}

int snmpx_mib_add_value(snmpx_mib *m, snmpx_oidv name, const snmpx_value *v,
                        unsigned flags)
{
  if (m == NULL || v == NULL || name.len == 0 || name.arcs == NULL ||
      !is_storable(v->type))
    return SNMPX_EINVAL;
  if (name.len > SNMPX_OID_MAX_LEN)
    return SNMPX_EOID_TOOLONG;
  snmpx_value copy;
  void *store;
  int rv = snmpx__value_copy(m->mem, v, &copy, &store);
  if (rv < 0)
    return rv;
  size_t i = find_index(m, name);
  if (i < m->n && m->regs[i].is_value && m->regs[i].len == name.len) {
    value_node *node = m->regs[i].ctx; /* replace */
    snmpx__free(m->mem, node->store);
    node->val = copy;
    node->store = store;
    node->flags = flags;
    return 0;
  }
  size_t at;
  value_node *node = NULL;
  rv = insert_point(m, name, true, &at);
  if (rv == 0) {
    node = snmpx__malloc(m->mem, sizeof(*node) + name.len * sizeof(uint32_t));
    rv = node == NULL ? SNMPX_ENOMEM : 0;
  }
  if (rv == 0) {
    node->mem = m->mem;
    node->val = copy;
    node->store = store;
    node->flags = flags;
    node->undos = NULL;
    node->len = name.len;
    memcpy(node->arcs, name.arcs, name.len * sizeof(uint32_t));
    mib_reg r = {node->arcs, name.len, &value_ops, node, true, ++m->serials};
    rv = insert_reg(m, at, &r);
  }
  if (rv < 0) {
    snmpx__free(m->mem, node);
    snmpx__free(m->mem, store);
  }
  return rv;
}

int snmpx_mib_get_value(const snmpx_mib *m, snmpx_oidv name, snmpx_value *out)
{
  if (m == NULL || out == NULL)
    return SNMPX_EINVAL;
  size_t i = find_index(m, name);
  if (i == m->n || !m->regs[i].is_value || m->regs[i].len != name.len)
    return SNMPX_ENOTFOUND;
  *out = ((const value_node *)m->regs[i].ctx)->val;
  return 0;
}
