/* The name database: flat arrays of nodes, strings, enumerations, ranges,
 * indexes and textual conventions, and the linking of parsed modules into
 * them (OID values to nodes, SYNTAX to base types through TCs).
 *
 * Linking follows Net-SNMP where that decides what users see: the first
 * module to define a node names it, later definitions of the same node
 * only add their module to its list; "name(n)" components of OID values
 * create the intermediate nodes; a definition whose parent is unknown
 * waits until a later module defines the parent. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "mib_priv.h"

typedef struct mib_orphan {
  const ast_def *def;
  const ast_module *am; /* owned by the arena of the load that made it */
  uint32_t module;
  int64_t key;   /* place in Net-SNMP's orphan list (report order) */
  uint32_t anon; /* number of the definition's first unnamed arc */
} mib_orphan;

int snmpx__mibdb_vec_push(snmpx_mibdb *m, mib_vec *v, size_t elt,
                          const void *item, uint32_t *idx)
{
  if (v->n == v->cap) {
    uint32_t cap = v->cap ? v->cap * 2 : 64;
    if (cap <= v->cap || (size_t)cap > SIZE_MAX / elt)
      return SNMPX_ENOMEM;
    void *p = snmpx__realloc(m->mem, v->p, (size_t)cap * elt);
    if (p == NULL)
      return SNMPX_ENOMEM;
    v->p = p;
    v->cap = cap;
  }
  memcpy((char *)v->p + (size_t)v->n * elt, item, elt);
  if (idx != NULL)
    *idx = v->n;
  v->n++;
  return 0;
}

uint32_t snmpx__mibdb_str(snmpx_mibdb *m, const char *s, size_t n)
{
  if (s == NULL || n == 0)
    return 0;
  if (n > UINT32_MAX / 2 || m->strings.n > UINT32_MAX - n - 1)
    return MIB_NONE;
  while (m->strings.cap - m->strings.n < n + 1) {
    uint32_t cap = m->strings.cap ? m->strings.cap * 2 : 65536;
    char *p = snmpx__realloc(m->mem, m->strings.p, cap);
    if (p == NULL)
      return MIB_NONE;
    m->strings.p = p;
    m->strings.cap = cap;
  }
  uint32_t off = m->strings.n;
  memcpy((char *)m->strings.p + off, s, n);
  ((char *)m->strings.p)[off + n] = '\0';
  m->strings.n += (uint32_t)n + 1;
  return off;
}

static uint32_t str0(snmpx_mibdb *m, const char *s, int *rv)
{
  if (s == NULL)
    return 0;
  uint32_t off = snmpx__mibdb_str(m, s, strlen(s));
  if (off == MIB_NONE)
    *rv = SNMPX_ENOMEM;
  return off == MIB_NONE ? 0 : off;
}

uint32_t snmpx__mibdb_hash(const char *s, size_t n)
{
  uint32_t h = 2166136261u; /* FNV-1a */
  for (size_t i = 0; i < n; i++)
    h = (h ^ (uint8_t)s[i]) * 16777619u;
  return h % MIB_HASH_SIZE;
}

static bool str_eq_n(const char *a, const char *b, size_t n)
{
  return strncmp(a, b, n) == 0 && a[n] == '\0';
}

int snmpx__mibdb_db_init(snmpx_mibdb *m)
{
  static const char *const roots[] = {"ccitt", "iso", "joint-iso-ccitt"};
  snmpx__mibdb_db_clear(m);
  if (snmpx__mibdb_str(m, "x", 1) == MIB_NONE) /* offset 0 stays "" */
    return SNMPX_ENOMEM;
  ((char *)m->strings.p)[0] = '\0';
  m->strings.n = 1;
  for (size_t i = 0; i < MIB_HASH_SIZE; i++)
    m->node_hash[i] = m->tc_hash[i] = MIB_NONE;
  mib_node top;
  memset(&top, 0, sizeof(top));
  top.parent = top.child = top.sibling = top.hash_next = MIB_NONE;
  top.module = top.modlist = MIB_NONE;
  if (snmpx__mibdb_vec_push(m, &m->nodes, sizeof(top), &top, NULL) != 0)
    return SNMPX_ENOMEM;
  uint32_t prev = MIB_NONE;
  for (uint32_t i = 0; i < 3; i++) {
    mib_node n = top;
    n.subid = i;
    n.parent = 0;
    n.label = snmpx__mibdb_str(m, roots[i], strlen(roots[i]));
    if (n.label == MIB_NONE)
      return SNMPX_ENOMEM;
    uint32_t idx;
    if (snmpx__mibdb_vec_push(m, &m->nodes, sizeof(n), &n, &idx) != 0)
      return SNMPX_ENOMEM;
    uint32_t h = snmpx__mibdb_hash(roots[i], strlen(roots[i]));
    NODE(m, idx).hash_next = m->node_hash[h];
    m->node_hash[h] = idx;
    if (prev == MIB_NONE)
      NODE(m, 0).child = idx;
    else
      NODE(m, prev).sibling = idx;
    prev = idx;
  }
  return 0;
}

void snmpx__mibdb_db_clear(snmpx_mibdb *m)
{
  mib_vec *vecs[] = {&m->nodes,   &m->strings, &m->enums, &m->ranges,
                     &m->indexes, &m->u32s,    &m->mods,  &m->tcs,
                     &m->modules, &m->sources, &m->diags, &m->named};
  for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
    snmpx__free(m->mem, vecs[i]->p);
    memset(vecs[i], 0, sizeof(*vecs[i]));
  }
  m->n_orphans = 0;
  m->errors = 0;
}

/* ---- Lookups ------------------------------------------------------------ */

uint32_t snmpx__mibdb_module_id(const snmpx_mibdb *m, const char *name,
                                size_t n)
{
  for (uint32_t i = 0; i < m->modules.n; i++)
    if (str_eq_n(STR(m, VEC_AT(m, modules, mib_module, i).name), name, n))
      return i;
  return MIB_NONE;
}

bool snmpx__mibdb_node_has_module(const snmpx_mibdb *m, uint32_t node,
                                  uint32_t module)
{
  for (uint32_t r = NODE(m, node).modlist; r != MIB_NONE;
       r = VEC_AT(m, mods, mib_modref, r).next)
    if (VEC_AT(m, mods, mib_modref, r).module == module)
      return true;
  return false;
}

uint32_t snmpx__mibdb_find_label(const snmpx_mibdb *m, const char *label,
                                 size_t n)
{
  for (uint32_t i = m->node_hash[snmpx__mibdb_hash(label, n)]; i != MIB_NONE;
       i = NODE(m, i).hash_next)
    if (str_eq_n(STR(m, NODE(m, i).label), label, n))
      return i;
  return MIB_NONE;
}

uint32_t snmpx__mibdb_find_in_module(const snmpx_mibdb *m, const char *label,
                                     size_t n, uint32_t module)
{
  for (uint32_t i = m->node_hash[snmpx__mibdb_hash(label, n)]; i != MIB_NONE;
       i = NODE(m, i).hash_next)
    if (str_eq_n(STR(m, NODE(m, i).label), label, n) &&
        snmpx__mibdb_node_has_module(m, i, module))
      return i;
  return MIB_NONE;
}

static uint32_t find_tc_in(const snmpx_mibdb *m, const char *name,
                           uint32_t module)
{
  for (uint32_t i = m->tc_hash[snmpx__mibdb_hash(name, strlen(name))];
       i != MIB_NONE; i = VEC_AT(m, tcs, mib_tc, i).hash_next) {
    const mib_tc *tc = &VEC_AT(m, tcs, mib_tc, i);
    if (strcmp(STR(m, tc->name), name) == 0 &&
        (module == MIB_NONE || tc->module == module))
      return i;
  }
  return MIB_NONE;
}

/* A symbol as module |am| sees it: its own, then imported, then any. */
static uint32_t imported_module(const snmpx_mibdb *m, const ast_module *am,
                                const char *sym)
{
  for (size_t i = 0; i < am->n_imports; i++)
    if (am->imports[i].module != NULL && strcmp(am->imports[i].sym, sym) == 0)
      return snmpx__mibdb_module_id(m, am->imports[i].module,
                                    strlen(am->imports[i].module));
  return MIB_NONE;
}

/* The node labelled |label| that |module| defined last: where Net-SNMP
 * hangs the children of a label the module defines twice (it builds a
 * module's nodes of one parent in reverse order, so the last definition
 * gets them and a lookup by name finds the first). */
static uint32_t last_in_module(const snmpx_mibdb *m, const char *label,
                               size_t n, uint32_t module)
{
  uint32_t found = MIB_NONE;
  for (uint32_t i = m->node_hash[snmpx__mibdb_hash(label, n)]; i != MIB_NONE;
       i = NODE(m, i).hash_next)
    if (str_eq_n(STR(m, NODE(m, i).label), label, n) &&
        snmpx__mibdb_node_has_module(m, i, module))
      found = i;
  return found;
}

static uint32_t resolve_label(const snmpx_mibdb *m, uint32_t module,
                              const ast_module *am, const char *label)
{
  size_t n = strlen(label);
  uint32_t i = last_in_module(m, label, n, module);
  if (i != MIB_NONE)
    return i;
  uint32_t from = imported_module(m, am, label);
  if (from != MIB_NONE) {
    i = snmpx__mibdb_find_in_module(m, label, n, from);
    if (i != MIB_NONE)
      return i;
  }
  return snmpx__mibdb_find_label(m, label, n);
}

static uint32_t resolve_tc(const snmpx_mibdb *m, uint32_t module,
                           const ast_module *am, const char *name)
{
  uint32_t i = find_tc_in(m, name, module);
  if (i != MIB_NONE)
    return i;
  uint32_t from = am ? imported_module(m, am, name) : MIB_NONE;
  if (from != MIB_NONE && (i = find_tc_in(m, name, from)) != MIB_NONE)
    return i;
  return find_tc_in(m, name, MIB_NONE);
}

/* ---- Building ----------------------------------------------------------- */

static int add_modref(snmpx_mibdb *m, uint32_t node, uint32_t module)
{
  if (module == MIB_NONE || snmpx__mibdb_node_has_module(m, node, module))
    return 0;
  mib_modref r = {module, MIB_NONE};
  uint32_t idx;
  if (snmpx__mibdb_vec_push(m, &m->mods, sizeof(r), &r, &idx) != 0)
    return SNMPX_ENOMEM;
  /* Append, so the list reads in load order ("-- FROM A, B"). */
  uint32_t *link = &NODE(m, node).modlist;
  while (*link != MIB_NONE)
    link = &VEC_AT(m, mods, mib_modref, *link).next;
  *link = idx;
  return 0;
}

/* Where children of |n| go: Net-SNMP's do_subtree() puts them under the
 * last node with |n|'s sub-identifier among |n|'s siblings (the oldest of
 * several labels on one arc, see child_of), so two modules that name an
 * arc differently (RFC1158-MIB's ipRoutingTable, RFC1213-MIB's
 * ipRouteTable) share one subtree, and numeric lookups, which take that
 * same node, see every child. */
static uint32_t canonical(const snmpx_mibdb *m, uint32_t n)
{
  if (n == MIB_NONE || n == 0)
    return n;
  uint32_t subid = NODE(m, n).subid;
  while (NODE(m, n).sibling != MIB_NONE &&
         NODE(m, NODE(m, n).sibling).subid == subid)
    n = NODE(m, n).sibling;
  return n;
}

/* Put node |idx| (of |module|) on its label's hash chain.  Net-SNMP
 * finds the most recently made node of a label first, but of two
 * definitions of one label in one module, the first (see last_in_module):
 * a second one goes after the module's others. */
static void hash_node(snmpx_mibdb *m, uint32_t idx, uint32_t module)
{
  const char *label = STR(m, NODE(m, idx).label);
  size_t ln = strlen(label);
  uint32_t *link = &m->node_hash[snmpx__mibdb_hash(label, ln)];
  if (!NODE(m, idx).is_anonymous &&
      snmpx__mibdb_find_in_module(m, label, ln, module) != MIB_NONE)
    for (uint32_t i = *link; i != MIB_NONE; i = NODE(m, i).hash_next)
      if (str_eq_n(STR(m, NODE(m, i).label), label, ln) &&
          snmpx__mibdb_node_has_module(m, i, module))
        link = &NODE(m, i).hash_next;
  NODE(m, idx).hash_next = *link;
  *link = idx;
}

/* Give the unnamed node |idx| (made for a bare number in some OID value)
 * the |label| that |module| now defines on its arc: Net-SNMP's do_subtree
 * fills an anonymous node in with the named one, children and all, and
 * the module that named it is then its only one.  @return idx, or
 * MIB_NONE with *rv set when out of memory. */
static uint32_t name_anonymous(snmpx_mibdb *m, uint32_t idx, const char *label,
                               uint32_t module, int *rv)
{
  uint32_t off = snmpx__mibdb_str(m, label, strlen(label));
  if (off == MIB_NONE) {
    *rv = SNMPX_ENOMEM;
    return MIB_NONE;
  }
  const char *old = STR(m, NODE(m, idx).label);
  uint32_t *link = &m->node_hash[snmpx__mibdb_hash(old, strlen(old))];
  while (*link != idx && *link != MIB_NONE)
    link = &NODE(m, *link).hash_next;
  if (*link == idx)
    *link = NODE(m, idx).hash_next;
  mib_node *n = &NODE(m, idx);
  n->label = off;
  n->is_anonymous = 0;
  n->module = module;
  n->modlist = MIB_NONE;
  n->hash_next = MIB_NONE;
  hash_node(m, idx, module);
  if (add_modref(m, idx, module) != 0 ||
      snmpx__mibdb_vec_push(m, &m->named, sizeof(idx), &idx, NULL) != 0) {
    *rv = SNMPX_ENOMEM;
    return MIB_NONE;
  }
  return idx;
}

/* The child of |parent| with |subid| and |label| (NULL: any label),
 * created (for |module|) when |create|, unnamed ("anonymous#|anon_no|")
 * when |label| is NULL.  Children stay sorted by subid; a second label on
 * the same subid goes before the first (Net-SNMP inserts it there, so the
 * first stays last, where lookups look); a label on the arc of an unnamed
 * node names that node. */
static uint32_t child_of(snmpx_mibdb *m, uint32_t parent, uint32_t subid,
                         const char *label, uint32_t anon_no, uint32_t module,
                         bool create, int *rv)
{
  uint32_t prev = MIB_NONE, before = MIB_NONE, own = MIB_NONE;
  uint32_t anon = MIB_NONE;
  uint32_t c = NODE(m, parent).child;
  bool seen = false;
  for (; c != MIB_NONE && NODE(m, c).subid <= subid;
       prev = c, c = NODE(m, c).sibling) {
    if (NODE(m, c).subid != subid)
      continue;
    if (!seen) {
      seen = true;
      before = prev; /* the new label goes after this one */
    }
    if (module != MIB_NONE && snmpx__mibdb_node_has_module(m, c, module))
      own = c;
    if (NODE(m, c).is_anonymous && anon == MIB_NONE)
      anon = c;
    if (label == NULL || strcmp(STR(m, NODE(m, c).label), label) == 0)
      return c;
  }
  if (!create)
    return MIB_NONE;
  if (anon != MIB_NONE)
    return name_anonymous(m, anon, label, module, rv);
  if (seen) {
    /* Net-SNMP builds one module's definitions of one parent in reverse
     * order: a second label this module puts on the arc counts as made
     * before the first, so it goes just after the module's others. */
    prev = own != MIB_NONE ? own : before;
    c = prev == MIB_NONE ? NODE(m, parent).child : NODE(m, prev).sibling;
  }
  mib_node n;
  memset(&n, 0, sizeof(n));
  n.subid = subid;
  n.parent = parent;
  n.child = MIB_NONE;
  n.sibling = c;
  n.module = module;
  n.modlist = MIB_NONE;
  n.hash_next = MIB_NONE;
  n.enums = n.ranges = n.indexes = n.objects = 0;
  char anon_label[32];
  if (label == NULL) {
    snprintf(anon_label, sizeof(anon_label), "anonymous#%" PRIu32, anon_no);
    label = anon_label;
    n.is_anonymous = 1;
  }
  n.label = snmpx__mibdb_str(m, label, strlen(label));
  uint32_t idx;
  if (n.label == MIB_NONE ||
      snmpx__mibdb_vec_push(m, &m->nodes, sizeof(n), &n, &idx) != 0) {
    *rv = SNMPX_ENOMEM;
    return MIB_NONE;
  }
  if (prev == MIB_NONE)
    NODE(m, parent).child = idx;
  else
    NODE(m, prev).sibling = idx;
  hash_node(m, idx, module);
  if (add_modref(m, idx, module) != 0) {
    *rv = SNMPX_ENOMEM;
    return MIB_NONE;
  }
  return idx;
}

typedef struct resolved_syntax {
  uint8_t type, is_size;
  const char *tc;
  uint32_t hint; /* string offset */
  uint32_t enums, n_enums, ranges, n_ranges;
} resolved_syntax;

static int store_enums(snmpx_mibdb *m, const ast_enum *e, size_t n,
                       uint32_t *first)
{
  *first = m->enums.n;
  for (size_t i = 0; i < n; i++) {
    mib_enum me;
    memset(&me, 0, sizeof(me));
    me.value = e[i].value;
    me.label = snmpx__mibdb_str(m, e[i].label, strlen(e[i].label));
    if (me.label == MIB_NONE ||
        snmpx__mibdb_vec_push(m, &m->enums, sizeof(me), &me, NULL) != 0)
      return SNMPX_ENOMEM;
  }
  return 0;
}

static int store_ranges(snmpx_mibdb *m, const ast_range *r, size_t n,
                        uint32_t *first)
{
  *first = m->ranges.n;
  for (size_t i = 0; i < n; i++) {
    mib_range mr = {r[i].lo, r[i].hi};
    if (snmpx__mibdb_vec_push(m, &m->ranges, sizeof(mr), &mr, NULL) != 0)
      return SNMPX_ENOMEM;
  }
  return 0;
}

/* SYNTAX to base type, TC name, hint, enumerations and ranges.  An
 * unknown type name leaves the type NONE, as Net-SNMP does. */
static int resolve_syntax(snmpx_mibdb *m, uint32_t module, const ast_module *am,
                          const ast_syntax *sx, resolved_syntax *out)
{
  memset(out, 0, sizeof(*out));
  if (sx->is_sequence)
    return 0;
  out->is_size = sx->is_size;
  if (sx->builtin != MIB_T_NONE) {
    out->type = sx->builtin;
  } else if (sx->tname != NULL) {
    uint32_t t = resolve_tc(m, module, am, sx->tname);
    if (t != MIB_NONE) {
      const mib_tc *tc = &VEC_AT(m, tcs, mib_tc, t);
      out->type = tc->type;
      out->tc = sx->tname;
      out->hint = tc->hint;
      out->enums = tc->enums;
      out->n_enums = tc->n_enums;
      out->ranges = tc->ranges;
      out->n_ranges = tc->n_ranges;
      out->is_size = tc->is_size;
    }
  }
  if (sx->n_enums) {
    if (store_enums(m, sx->enums, sx->n_enums, &out->enums) != 0)
      return SNMPX_ENOMEM;
    out->n_enums = (uint32_t)sx->n_enums;
  }
  if (sx->n_ranges) {
    if (store_ranges(m, sx->ranges, sx->n_ranges, &out->ranges) != 0)
      return SNMPX_ENOMEM;
    out->n_ranges = (uint32_t)sx->n_ranges;
    out->is_size = sx->is_size;
  }
  return 0;
}

static int add_tc(snmpx_mibdb *m, uint32_t module, const ast_module *am,
                  const ast_tc *t)
{
  resolved_syntax rs;
  int rv = resolve_syntax(m, module, am, &t->syntax, &rs);
  if (rv != 0)
    return rv;
  mib_tc tc;
  memset(&tc, 0, sizeof(tc));
  tc.name = str0(m, t->name, &rv);
  tc.module = module;
  tc.hint = t->hint ? str0(m, t->hint, &rv) : rs.hint;
  tc.type = rs.type;
  tc.is_size = rs.is_size;
  tc.is_tc = t->is_tc;
  tc.enums = rs.enums;
  tc.n_enums = rs.n_enums;
  tc.ranges = rs.ranges;
  tc.n_ranges = rs.n_ranges;
  uint32_t h = snmpx__mibdb_hash(t->name, strlen(t->name));
  tc.hash_next = m->tc_hash[h];
  uint32_t idx;
  if (rv != 0 || snmpx__mibdb_vec_push(m, &m->tcs, sizeof(tc), &tc, &idx) != 0)
    return SNMPX_ENOMEM;
  m->tc_hash[h] = idx;
  return 0;
}

static int fill_node(snmpx_mibdb *m, uint32_t idx, uint32_t module,
                     const ast_module *am, const ast_def *d)
{
  int rv = 0;
  resolved_syntax rs;
  memset(&rs, 0, sizeof(rs));
  if (d->has_syntax &&
      (rv = resolve_syntax(m, module, am, &d->syntax, &rs)) != 0)
    return rv;
  uint32_t first_index = m->indexes.n;
  for (size_t i = 0; i < d->n_index; i++) {
    mib_index ix = {str0(m, d->index[i], &rv), d->implied[i]};
    if (rv != 0 ||
        snmpx__mibdb_vec_push(m, &m->indexes, sizeof(ix), &ix, NULL) != 0)
      return SNMPX_ENOMEM;
  }
  uint32_t first_obj = m->u32s.n;
  for (size_t i = 0; i < d->n_objects; i++) {
    uint32_t s = str0(m, d->objects[i], &rv);
    if (rv != 0 || snmpx__mibdb_vec_push(m, &m->u32s, sizeof(s), &s, NULL) != 0)
      return SNMPX_ENOMEM;
  }
  mib_node *n = &NODE(m, idx);
  n->type = d->is_objtype ? rs.type : d->kind;
  n->is_size = rs.is_size;
  n->tc = str0(m, rs.tc, &rv);
  n->hint = rs.hint;
  n->enums = rs.enums;
  n->n_enums = rs.n_enums;
  n->ranges = rs.ranges;
  n->n_ranges = rs.n_ranges;
  n->indexes = first_index;
  n->n_indexes = (uint32_t)d->n_index;
  n->objects = first_obj;
  n->n_objects = (uint32_t)d->n_objects;
  n->units = str0(m, d->units, &rv);
  n->access = str0(m, d->access, &rv);
  n->status = str0(m, d->status, &rv);
  n->description = str0(m, d->description, &rv);
  if (d->description != NULL && *d->description == '\0' && rv == 0) {
    /* DESCRIPTION "": a string of its own (offset 0 means none), which
     * -Td prints as Net-SNMP does. */
    uint32_t off = snmpx__mibdb_str(m, " ", 1);
    if (off == MIB_NONE)
      return SNMPX_ENOMEM;
    ((char *)m->strings.p)[off] = '\0';
    NODE(m, idx).description = off;
    n = &NODE(m, idx);
  }
  n->reference = str0(m, d->reference, &rv);
  n->defval = str0(m, d->defval, &rv);
  n->augments = str0(m, d->augments, &rv);
  n->line = (uint32_t)d->line;
  n->defined = 1;
  return rv;
}

/* How many "anonymous#N" labels Net-SNMP's parse_objectid gives out for
 * |d|'s value: one per bare number between the first arc and the last,
 * when the first arc is a label or a root. */
static uint32_t anon_count(const ast_def *d)
{
  uint32_t n = 0;
  if (d->n_oid < 2 || (d->oid[0].label == NULL && d->oid[0].num > 2))
    return 0;
  for (size_t i = 1; i + 1 < d->n_oid; i++)
    n += d->oid[i].label == NULL;
  return n;
}

/* Place one definition; its unnamed arcs are "anonymous#|anon|" and up.
 * @return 1 when linked, 0 when its parent is not known yet, <0 on
 * error. */
static int link_def(snmpx_mibdb *m, uint32_t module, const ast_module *am,
                    const ast_def *d, uint32_t anon)
{
  int rv = 0;
  const ast_oidc *c = d->oid;
  uint32_t cur;
  m->link_tries++;
  if (d->n_oid < 2) {
    return 0; /* "{ parent }" alone names no new node */
  }
  if (c[0].label != NULL) {
    cur = resolve_label(m, module, am, c[0].label);
    if (cur == MIB_NONE)
      return 0;
  } else {
    cur = child_of(m, 0, (uint32_t)c[0].num, NULL, 0, module, false, &rv);
    if (cur == MIB_NONE)
      return 0;
  }
  for (size_t i = 1; i + 1 < d->n_oid; i++) {
    cur = canonical(m, cur);
    if (c[i].num < 0) {
      uint32_t n = resolve_label(m, module, am, c[i].label);
      if (n == MIB_NONE || NODE(m, n).parent != cur)
        return 0;
      cur = n;
      continue;
    }
    cur = child_of(m, cur, (uint32_t)c[i].num, c[i].label, anon, module, true,
                   &rv);
    anon += c[i].label == NULL;
    if (cur == MIB_NONE)
      return rv ? rv : 0;
    /* "org(3)" in a value defines org for this module too: Net-SNMP
     * lists the module in org's "-- FROM". */
    if (c[i].label != NULL && (rv = add_modref(m, cur, module)) != 0)
      return rv;
  }
  const ast_oidc *last = &c[d->n_oid - 1];
  if (last->num < 0)
    return 0;
  cur = canonical(m, cur);
  uint32_t idx =
      child_of(m, cur, (uint32_t)last->num, d->label, 0, module, true, &rv);
  if (idx == MIB_NONE)
    return rv;
  if ((rv = add_modref(m, idx, module)) != 0)
    return rv;
  if (!NODE(m, idx).defined && (rv = fill_node(m, idx, module, am, d)) != 0)
    return rv;
  return 1;
}

static int push_orphan(snmpx_mibdb *m, const ast_module *am, const ast_def *d,
                       uint32_t module, uint32_t anon)
{
  if (m->n_orphans == m->cap_orphans) {
    size_t cap = m->cap_orphans ? m->cap_orphans * 2 : 64;
    mib_orphan *p = snmpx__realloc(m->mem, m->orphans, cap * sizeof(*p));
    if (p == NULL)
      return SNMPX_ENOMEM;
    m->orphans = p;
    m->cap_orphans = cap;
  }
  m->orphans[m->n_orphans++] =
      (mib_orphan){d, am, module, m->orphan_back++, anon};
  return 0;
}

/* Link the waiting definitions that the nodes made since node |mark|
 * (and the unnamed nodes named since) let in, and what those let in, in
 * turn: each waits on the label its value starts with, so it is tried
 * once when that label appears, not once per pass over all of them.
 * One pass over the rest then catches what waited on something else (a
 * bare label inside the value); it repeats only while it links some. */
static int settle_orphans(snmpx_mibdb *m, uint32_t mark)
{
  size_t n = m->n_orphans;
  int rv = 0;
  uint32_t *next = snmpx__calloc(m->mem, n + 1, sizeof(*next));
  uint32_t *queue = snmpx__calloc(m->mem, n + 1, sizeof(*queue));
  uint8_t *state = snmpx__calloc(m->mem, n + 1, 1); /* 1 tried, 2 linked */
  uint32_t *heads = snmpx__calloc(m->mem, MIB_HASH_SIZE, sizeof(*heads));
  if (next == NULL || queue == NULL || state == NULL || heads == NULL) {
    rv = SNMPX_ENOMEM;
    goto out;
  }
  for (size_t b = 0; b < MIB_HASH_SIZE; b++)
    heads[b] = MIB_NONE;
  for (size_t i = n; i-- > 0;) {
    const char *lab = m->orphans[i].def->oid[0].label;
    uint32_t b = lab ? snmpx__mibdb_hash(lab, strlen(lab)) : 0;
    next[i] = heads[b];
    heads[b] = (uint32_t)i;
  }
  size_t head = 0, tail = 0, named = 0;
  uint32_t seen = mark;
  for (;;) {
    while (seen < m->nodes.n || named < m->named.n) {
      uint32_t node =
          seen < m->nodes.n ? seen++ : VEC_AT(m, named, uint32_t, named++);
      const char *lab = STR(m, NODE(m, node).label);
      for (uint32_t i = heads[snmpx__mibdb_hash(lab, strlen(lab))];
           i != MIB_NONE; i = next[i]) {
        const char *want = m->orphans[i].def->oid[0].label;
        if (state[i] == 0 && want != NULL && strcmp(want, lab) == 0) {
          state[i] = 1;
          queue[tail++] = i;
        }
      }
    }
    if (head < tail) {
      mib_orphan o = m->orphans[queue[head]];
      if ((rv = link_def(m, o.module, o.am, o.def, o.anon)) < 0)
        goto out;
      if (rv == 1)
        state[queue[head]] = 2;
      head++;
      continue;
    }
    bool progress = false;
    for (size_t i = 0; i < n; i++) {
      if (state[i] == 2)
        continue;
      mib_orphan o = m->orphans[i];
      if ((rv = link_def(m, o.module, o.am, o.def, o.anon)) < 0)
        goto out;
      if (rv == 1) {
        state[i] = 2;
        progress = true;
      }
    }
    if (!progress)
      break;
  }
  rv = 0;
  size_t keep = 0;
  for (size_t i = 0; i < n; i++)
    if (state[i] != 2)
      m->orphans[keep++] = m->orphans[i];
  m->n_orphans = keep;
out:
  m->named.n = 0;
  snmpx__free(m->mem, next);
  snmpx__free(m->mem, queue);
  snmpx__free(m->mem, state);
  snmpx__free(m->mem, heads);
  return rv;
}

int snmpx__mibdb_link(snmpx_mibdb *m, const ast_module *am)
{
  int rv = 0;
  mib_module mod;
  mod.name = str0(m, am->name, &rv);
  mod.file = str0(m, am->file, &rv);
  uint32_t module, mark = m->nodes.n;
  if (rv != 0 ||
      snmpx__mibdb_vec_push(m, &m->modules, sizeof(mod), &mod, &module) != 0)
    return SNMPX_ENOMEM;
  for (const ast_tc *t = am->tcs; t != NULL; t = t->next)
    if ((rv = add_tc(m, module, am, t)) != 0)
      return rv;
  for (const ast_def *d = am->defs; d != NULL; d = d->next) {
    /* Net-SNMP numbers unnamed arcs as it parses, imports first: in the
     * order modules are linked here. */
    uint32_t anon = m->anon_seq;
    m->anon_seq += anon_count(d);
    rv = link_def(m, module, am, d, anon);
    if (rv < 0)
      return rv;
    if (rv == 0 && (rv = push_orphan(m, am, d, module, anon)) != 0)
      return rv;
  }
  return settle_orphans(m, mark);
}

/* ---- Net-SNMP's warnings about what did not link ----------------------- */

/* Every word of Net-SNMP 5.9's lexer table (parse.c's tokens[]): an
 * imported name that is one of them is a keyword there, never a LABEL,
 * so it asks nothing of its module. */
static const char *const keywords[] = {
    "obsolete",
    "Opaque",
    "optional",
    "LAST-UPDATED",
    "ORGANIZATION",
    "CONTACT-INFO",
    "MODULE-IDENTITY",
    "MODULE-COMPLIANCE",
    "DEFINITIONS",
    "END",
    "AUGMENTS",
    "not-accessible",
    "write-only",
    "NsapAddress",
    "UNITS",
    "REFERENCE",
    "NUM-ENTRIES",
    "BITSTRING",
    "BIT",
    "BITS",
    "Counter64",
    "TimeTicks",
    "NOTIFICATION-TYPE",
    "OBJECT-GROUP",
    "OBJECT-IDENTITY",
    "IDENTIFIER",
    "OBJECT",
    "NetworkAddress",
    "Gauge",
    "Gauge32",
    "Unsigned32",
    "read-write",
    "read-create",
    "OCTETSTRING",
    "OCTET",
    "OF",
    "SEQUENCE",
    "NULL",
    "IpAddress",
    "UInteger32",
    "INTEGER",
    "Integer32",
    "Counter",
    "Counter32",
    "read-only",
    "DESCRIPTION",
    "INDEX",
    "DEFVAL",
    "deprecated",
    "SIZE",
    "MAX-ACCESS",
    "ACCESS",
    "mandatory",
    "current",
    "STATUS",
    "SYNTAX",
    "OBJECT-TYPE",
    "TRAP-TYPE",
    "ENTERPRISE",
    "BEGIN",
    "IMPORTS",
    "EXPORTS",
    "accessible-for-notify",
    "TEXTUAL-CONVENTION",
    "NOTIFICATION-GROUP",
    "DISPLAY-HINT",
    "FROM",
    "AGENT-CAPABILITIES",
    "MACRO",
    "IMPLIED",
    "SUPPORTS",
    "INCLUDES",
    "VARIATION",
    "REVISION",
    "not-implemented",
    "OBJECTS",
    "NOTIFICATIONS",
    "MODULE",
    "MIN-ACCESS",
    "PRODUCT-RELEASE",
    "WRITE-SYNTAX",
    "CREATION-REQUIRES",
    "MANDATORY-GROUPS",
    "GROUP",
    "CHOICE",
    "IMPLICIT",
    "ObjectSyntax",
    "SimpleSyntax",
    "ApplicationSyntax",
    "ObjectName",
    "NotificationName",
    "VARIABLES",
};

bool snmpx__mibdb_is_keyword(const char *s)
{
  for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
    if (strcmp(s, keywords[i]) == 0)
      return true;
  return false;
}

void snmpx__mibdb_check_imports(snmpx_mibdb *m, const ast_module *am)
{
  for (size_t i = 0; i < am->n_imports; i++) {
    const ast_import *im = &am->imports[i];
    if (im->module == NULL || snmpx__mibdb_is_keyword(im->sym))
      continue;
    uint32_t mod = snmpx__mibdb_module_id(m, im->module, strlen(im->module));
    const char *now = snmpx__mibdb_import_replacement(im->module, im->sym);
    if (mod == MIB_NONE && now != NULL)
      mod = snmpx__mibdb_module_id(m, now, strlen(now));
    if (mod == MIB_NONE && (strcmp(im->module, "RFC-1212") == 0 ||
                            strcmp(im->module, "RFC-1215") == 0))
      continue;
    /* From a module that is not there, Net-SNMP takes the name from any
     * module that has it (its module id -1 matches them all). */
    if (mod == MIB_NONE &&
        (find_tc_in(m, im->sym, MIB_NONE) != MIB_NONE ||
         snmpx__mibdb_find_label(m, im->sym, strlen(im->sym)) != MIB_NONE))
      continue;
    if (mod != MIB_NONE && (find_tc_in(m, im->sym, mod) != MIB_NONE ||
                            snmpx__mibdb_find_in_module(
                                m, im->sym, strlen(im->sym), mod) != MIB_NONE))
      continue;
    char num[16] = "#-1";
    snmpx__mibdb_warn(m, "Did not find '%s' in module %s (%s)", im->sym,
                      mod == MIB_NONE
                          ? num
                          : STR(m, VEC_AT(m, modules, mib_module, mod).name),
                      am->file);
  }
}

/* Net-SNMP's NBUCKET(name_hash(parent)): the sum of the lower-case
 * characters, modulo 128; its reports walk the buckets in order, each
 * newest first. */
static unsigned label_bucket(const char *p)
{
  unsigned h = 0;
  for (; *p; p++)
    h += (unsigned)tolower((unsigned char)*p);
  return h & 127u;
}

static unsigned parent_bucket(const ast_def *d)
{
  return label_bucket(d->oid[0].label ? d->oid[0].label : "");
}

static int orphan_order(const void *a, const void *b)
{
  const mib_orphan *x = a, *y = b;
  unsigned bx = parent_bucket(x->def), by = parent_bucket(y->def);
  if (bx != by)
    return bx < by ? -1 : 1;
  return x->key > y->key ? -1 : x->key < y->key ? 1 : 0;
}

static int64_t first_subid(const ast_def *d)
{
  for (size_t i = 1; i < d->n_oid; i++)
    if (d->oid[i].num >= 0)
      return d->oid[i].num;
  return -1;
}

/* Net-SNMP's node buckets for one module's orphans (do_linkup): |ent|
 * holds orphan indexes bucket by bucket, each bucket newest first, with
 * |gone| marking those moved out. */
typedef struct unlinked {
  uint32_t *ent;
  uint8_t *gone;
  size_t start[129];
  uint32_t *moved; /* moved to the orphan list, oldest move first */
  size_t n_moved;
} unlinked;

/* Move the definitions whose parent is |label| to the front of the orphan
 * list, in bucket order.  @return how many moved. */
static size_t move_children(snmpx_mibdb *m, unlinked *u, const char *label)
{
  unsigned b = label_bucket(label);
  size_t moved = 0;
  for (size_t k = u->start[b]; k < u->start[b + 1]; k++) {
    mib_orphan *o = &m->orphans[u->ent[k]];
    if (u->gone[k] || strcmp(o->def->oid[0].label, label) != 0)
      continue;
    u->gone[k] = 1;
    o->key = --m->orphan_front;
    u->moved[u->n_moved++] = u->ent[k];
    moved++;
  }
  return moved;
}

int snmpx__mibdb_report_unlinked(snmpx_mibdb *m, uint32_t module)
{
  size_t n = 0;
  for (size_t i = 0; i < m->n_orphans; i++)
    n += m->orphans[i].module == module && m->orphans[i].def->oid[0].label;
  if (n == 0)
    return 0;
  unlinked u;
  memset(&u, 0, sizeof(u));
  u.ent = snmpx__calloc(m->mem, n, sizeof(*u.ent));
  u.gone = snmpx__calloc(m->mem, n, 1);
  u.moved = snmpx__calloc(m->mem, n, sizeof(*u.moved));
  if (u.ent == NULL || u.gone == NULL || u.moved == NULL) {
    snmpx__free(m->mem, u.ent);
    snmpx__free(m->mem, u.gone);
    snmpx__free(m->mem, u.moved);
    return SNMPX_ENOMEM;
  }
  /* init_node_hash: each bucket newest first. */
  size_t fill[128] = {0};
  for (size_t i = 0; i < m->n_orphans; i++)
    if (m->orphans[i].module == module && m->orphans[i].def->oid[0].label)
      u.start[parent_bucket(m->orphans[i].def) + 1]++;
  for (size_t b = 0; b < 128; b++)
    u.start[b + 1] += u.start[b];
  for (size_t i = m->n_orphans; i-- > 0;)
    if (m->orphans[i].module == module && m->orphans[i].def->oid[0].label) {
      unsigned b = parent_bucket(m->orphans[i].def);
      u.ent[u.start[b] + fill[b]++] = (uint32_t)i;
    }
  /* What hangs under another of the module's orphans goes to the orphan
   * list quietly, children of children too, as do_linkup moves them. */
  size_t oldp = 0;
  bool more;
  do {
    more = false;
    for (size_t k = 0; k < n; k++)
      if (!u.gone[k])
        move_children(m, &u, m->orphans[u.ent[k]].def->label);
    size_t newp = u.n_moved;
    for (size_t j = newp; j-- > oldp;)
      if (move_children(m, &u, m->orphans[u.moved[j]].def->label) > 0)
        more = true;
    oldp = newp;
  } while (more);
  /* The rest is reported, bucket by bucket, and joins the list's end. */
  const char *mod = STR(m, VEC_AT(m, modules, mib_module, module).name);
  for (size_t k = 0; k < n; k++) {
    if (u.gone[k])
      continue;
    mib_orphan *o = &m->orphans[u.ent[k]];
    o->key = m->orphan_back++;
    snmpx__mibdb_warn(m, "Unlinked OID in %s: %s ::= { %s %" PRId64 " }", mod,
                      o->def->label, o->def->oid[0].label, first_subid(o->def));
    snmpx__mibdb_warn(m, "Undefined identifier: %s near line %d of %s",
                      o->def->oid[0].label, o->def->line, o->am->file);
  }
  snmpx__free(m->mem, u.ent);
  snmpx__free(m->mem, u.gone);
  snmpx__free(m->mem, u.moved);
  return 0;
}

int snmpx__mibdb_report_orphans(snmpx_mibdb *m)
{
  /* adopt_orphans reports bucket by bucket, each newest first, and links
   * them back into its list in that order: a second report reads them
   * the other way round. */
  if (m->n_orphans)
    qsort(m->orphans, m->n_orphans, sizeof(*m->orphans), orphan_order);
  for (size_t i = 0; i < m->n_orphans; i++) {
    const ast_def *d = m->orphans[i].def;
    m->orphans[i].key = m->orphan_back++;
    if (d->oid[0].label == NULL)
      continue;
    snmpx__mibdb_warn(
        m, "Cannot adopt OID in %s: %s ::= { %s %" PRId64 " }",
        STR(m, VEC_AT(m, modules, mib_module, m->orphans[i].module).name),
        d->label, d->oid[0].label, first_subid(d));
  }
  return 0;
}

void snmpx__mibdb_warn(snmpx_mibdb *m, const char *fmt, ...)
{
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(text, sizeof(text), fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  size_t len = strlen(text);
  /* Keep the text (with its NUL) for the cache to replay. */
  for (size_t i = 0; i <= len; i++)
    if (snmpx__mibdb_vec_push(m, &m->diags, 1, &text[i], NULL) != 0)
      break;
  if (m->diag_cb != NULL)
    m->diag_cb(m->diag_ud, text);
}
