/* Names: OIDs printed as Net-SNMP's snprint_objid prints them (module
 * prefixes, table indexes decoded by INDEX) and names parsed as its
 * read_objid/get_node parse them; node queries; DISPLAY-HINTs.
 *
 * The rules were checked against Net-SNMP 5.9.3's snmptranslate on the
 * MIBs in tests; docs/mibs.md lists them. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "mib_priv.h"

/* ---- A growing string with snprintf semantics ------------------------ */

typedef struct sbuf {
  char *p;
  size_t len, cap;
  char local[1024];
  bool heap, oom;
  const snmpx_mem *mem;
} sbuf;

static void sb_init(sbuf *b, const snmpx_mem *mem)
{
  b->p = b->local;
  b->len = 0;
  b->cap = sizeof(b->local);
  b->heap = b->oom = false;
  b->mem = mem;
  b->p[0] = '\0';
}

static void sb_free(sbuf *b)
{
  if (b->heap)
    snmpx__free(b->mem, b->p);
}

static void sb_add(sbuf *b, const char *s, size_t n)
{
  if (b->oom)
    return;
  if (b->len + n + 1 > b->cap) {
    size_t cap = (b->len + n + 1) * 2;
    char *p = b->heap ? snmpx__realloc(b->mem, b->p, cap)
                      : snmpx__malloc(b->mem, cap);
    if (p == NULL) {
      b->oom = true;
      return;
    }
    if (!b->heap)
      memcpy(p, b->p, b->len + 1);
    b->p = p;
    b->cap = cap;
    b->heap = true;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
  sb_add(b, s, strlen(s));
}

static void sb_ch(sbuf *b, char c)
{
  sb_add(b, &c, 1);
}

static void sb_u32(sbuf *b, uint32_t v)
{
  char t[16];
  sb_add(b, t, (size_t)snprintf(t, sizeof(t), "%" PRIu32, v));
}

/* Copy to the caller's buffer as snprintf would. */
static int sb_out(const sbuf *b, char *buf, size_t cap)
{
  if (b->oom)
    return SNMPX_ENOMEM;
  if (cap > 0) {
    size_t n = b->len < cap - 1 ? b->len : cap - 1;
    memcpy(buf, b->p, n);
    buf[n] = '\0';
  }
  return b->len > INT32_MAX ? SNMPX_ENOSPACE : (int)b->len;
}

/* ---- Tree ------------------------------------------------------------- */

static uint32_t node_of(snmpx_mibdb_node n)
{
  return n == SNMPX_MIBDB_NODE_NONE ? 0 : n;
}

/* The child with |subid|; of several labels on one subid, the last (as
 * Net-SNMP picks). */
static uint32_t child_subid(const snmpx_mibdb *m, uint32_t parent,
                            uint32_t subid)
{
  uint32_t found = MIB_NONE;
  for (uint32_t c = NODE(m, parent).child;
       c != MIB_NONE && NODE(m, c).subid <= subid; c = NODE(m, c).sibling)
    if (NODE(m, c).subid == subid)
      found = c;
  return found;
}

static uint32_t child_label(const snmpx_mibdb *m, uint32_t parent,
                            const char *label, size_t n, bool any_case)
{
  for (uint32_t c = NODE(m, parent).child; c != MIB_NONE;
       c = NODE(m, c).sibling) {
    const char *l = STR(m, NODE(m, c).label);
    if ((any_case ? strncasecmp(l, label, n) : strncmp(l, label, n)) == 0 &&
        l[n] == '\0')
      return c;
  }
  return MIB_NONE;
}

/* The sibling just below |n| (Net-SNMP's next_peer: its child lists run
 * from high to low sub-identifiers). */
static uint32_t lower_sibling(const snmpx_mibdb *m, uint32_t n)
{
  uint32_t parent = NODE(m, n).parent, prev = MIB_NONE;
  if (parent == MIB_NONE)
    return MIB_NONE;
  for (uint32_t c = NODE(m, parent).child; c != MIB_NONE && c != n;
       c = NODE(m, c).sibling)
    prev = c;
  return prev;
}

snmpx_mibdb_node snmpx_mibdb_find(const snmpx_mibdb *m, snmpx_oidv oid,
                                  size_t *matched)
{
  uint32_t cur = 0;
  size_t i = 0;
  for (; i < oid.len; i++) {
    uint32_t c = child_subid(m, cur, oid.arcs[i]);
    if (c == MIB_NONE)
      break;
    cur = c;
  }
  if (matched != NULL)
    *matched = i;
  return cur == 0 ? SNMPX_MIBDB_NODE_NONE : cur;
}

int snmpx_mibdb_node_oid(const snmpx_mibdb *m, snmpx_mibdb_node n,
                         snmpx_oid *out)
{
  if (m == NULL || out == NULL || n == SNMPX_MIBDB_NODE_NONE ||
      n >= m->nodes.n || n == 0)
    return SNMPX_EINVAL;
  uint32_t arcs[SNMPX_OID_MAX_LEN];
  size_t k = 0;
  for (uint32_t c = n; c != 0 && c != MIB_NONE; c = NODE(m, c).parent) {
    if (k == SNMPX_OID_MAX_LEN)
      return SNMPX_EOID_TOOLONG;
    arcs[k++] = NODE(m, c).subid;
  }
  out->len = k;
  for (size_t i = 0; i < k; i++)
    out->arcs[i] = arcs[k - 1 - i];
  return 0;
}

snmpx_mibdb_node snmpx_mibdb_parent(const snmpx_mibdb *m, snmpx_mibdb_node n)
{
  if (n == SNMPX_MIBDB_NODE_NONE || n >= m->nodes.n)
    return SNMPX_MIBDB_NODE_NONE;
  uint32_t p = NODE(m, n).parent;
  return p == 0 ? SNMPX_MIBDB_NODE_NONE : p;
}

snmpx_mibdb_node snmpx_mibdb_first_child(const snmpx_mibdb *m,
                                         snmpx_mibdb_node n)
{
  if (n != SNMPX_MIBDB_NODE_NONE && n >= m->nodes.n)
    return SNMPX_MIBDB_NODE_NONE;
  uint32_t c = NODE(m, node_of(n)).child;
  return c == MIB_NONE ? SNMPX_MIBDB_NODE_NONE : c;
}

snmpx_mibdb_node snmpx_mibdb_next_sibling(const snmpx_mibdb *m,
                                          snmpx_mibdb_node n)
{
  if (n == SNMPX_MIBDB_NODE_NONE || n >= m->nodes.n)
    return SNMPX_MIBDB_NODE_NONE;
  uint32_t s = NODE(m, n).sibling;
  return s == MIB_NONE ? SNMPX_MIBDB_NODE_NONE : s;
}

static const char *module_name(const snmpx_mibdb *m, uint32_t module)
{
  if (module == MIB_NONE || module >= m->modules.n)
    return "";
  return STR(m, VEC_AT(m, modules, mib_module, module).name);
}

int snmpx_mibdb_info_get(const snmpx_mibdb *m, snmpx_mibdb_node n,
                         snmpx_mibdb_info *out)
{
  if (m == NULL || out == NULL || n == SNMPX_MIBDB_NODE_NONE ||
      n >= m->nodes.n || n == 0)
    return SNMPX_EINVAL;
  const mib_node *d = &NODE(m, n);
  memset(out, 0, sizeof(*out));
  out->label = STR(m, d->label);
  out->module = module_name(m, d->module);
  out->tc = STR(m, d->tc);
  out->hint = STR(m, d->hint);
  out->units = STR(m, d->units);
  out->access = STR(m, d->access);
  out->status = STR(m, d->status);
  out->description = STR(m, d->description);
  out->has_description = d->description != 0;
  out->reference = STR(m, d->reference);
  out->defval = STR(m, d->defval);
  out->augments = STR(m, d->augments);
  out->type = (snmpx_mibdb_type)d->type;
  out->subid = d->subid;
  out->n_enums = d->n_enums;
  out->n_ranges = d->n_ranges;
  out->is_size = d->is_size;
  out->is_anonymous = d->is_anonymous != 0;
  out->n_index = d->n_indexes;
  out->n_objects = d->n_objects;
  size_t k = 0;
  for (uint32_t r = d->modlist; r != MIB_NONE;
       r = VEC_AT(m, mods, mib_modref, r).next)
    k++;
  out->n_modules = k;
  return 0;
}

static bool valid(const snmpx_mibdb *m, snmpx_mibdb_node n)
{
  return m != NULL && n != SNMPX_MIBDB_NODE_NONE && n < m->nodes.n;
}

int snmpx_mibdb_enum_at(const snmpx_mibdb *m, snmpx_mibdb_node n, size_t i,
                        const char **label, int64_t *value)
{
  if (!valid(m, n) || i >= NODE(m, n).n_enums)
    return SNMPX_EINVAL;
  const mib_enum *e = &VEC_AT(m, enums, mib_enum, NODE(m, n).enums + i);
  if (label)
    *label = STR(m, e->label);
  if (value)
    *value = e->value;
  return 0;
}

const char *snmpx_mibdb_enum_label(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                   int64_t value)
{
  if (!valid(m, n))
    return NULL;
  const mib_node *d = &NODE(m, n);
  for (uint32_t i = 0; i < d->n_enums; i++) {
    const mib_enum *e = &VEC_AT(m, enums, mib_enum, d->enums + i);
    if (e->value == value)
      return STR(m, e->label);
  }
  return NULL;
}

int snmpx_mibdb_range_at(const snmpx_mibdb *m, snmpx_mibdb_node n, size_t i,
                         int64_t *lo, int64_t *hi)
{
  if (!valid(m, n) || i >= NODE(m, n).n_ranges)
    return SNMPX_EINVAL;
  const mib_range *r = &VEC_AT(m, ranges, mib_range, NODE(m, n).ranges + i);
  if (lo)
    *lo = r->lo;
  if (hi)
    *hi = r->hi;
  return 0;
}

const char *snmpx_mibdb_index_at(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                 size_t i, bool *implied)
{
  if (!valid(m, n) || i >= NODE(m, n).n_indexes)
    return NULL;
  const mib_index *x = &VEC_AT(m, indexes, mib_index, NODE(m, n).indexes + i);
  if (implied)
    *implied = x->implied != 0;
  return STR(m, x->label);
}

const char *snmpx_mibdb_object_at(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                  size_t i)
{
  if (!valid(m, n) || i >= NODE(m, n).n_objects)
    return NULL;
  return STR(m, VEC_AT(m, u32s, uint32_t, NODE(m, n).objects + i));
}

const char *snmpx_mibdb_module_at(const snmpx_mibdb *m, snmpx_mibdb_node n,
                                  size_t i)
{
  if (!valid(m, n))
    return NULL;
  for (uint32_t r = NODE(m, n).modlist; r != MIB_NONE;
       r = VEC_AT(m, mods, mib_modref, r).next, i--)
    if (i == 0)
      return module_name(m, VEC_AT(m, mods, mib_modref, r).module);
  return NULL;
}

/* ---- OID to text -----------------------------------------------------------
 */

typedef struct fmt_state {
  const snmpx_mibdb *m;
  snmpx_mibdb_style style;
  unsigned flags;
  sbuf *b;
} fmt_state;

/* Arcs left over, as numbers; a trailing '.' goes (Net-SNMP's
 * _oid_finish_printing). */
static void finish_numeric(sbuf *b, const uint32_t *arcs, size_t n)
{
  if (b->len > 0 && b->p[b->len - 1] != '.')
    sb_ch(b, '.');
  for (size_t i = 0; i < n; i++) {
    sb_u32(b, arcs[i]);
    sb_ch(b, '.');
  }
  if (b->len > 0 && b->p[b->len - 1] == '.') {
    b->len--;
    b->p[b->len] = '\0';
  }
}

static void quote(fmt_state *st, char q)
{
  if (st->flags & SNMPX_MIBDB_FMT_ESCAPE_QUOTES)
    sb_ch(st->b, '\\');
  sb_ch(st->b, q);
}

/* Index arcs as a string: printable bytes as they are, others '.'. */
static void index_string(fmt_state *st, const uint32_t *arcs, size_t n, char q)
{
  if (n == 0)
    return;
  quote(st, q);
  for (size_t i = 0; i < n; i++) {
    uint32_t c = arcs[i];
    sb_ch(st->b, c > 254 || !isprint((int)c) ? '.' : (char)c);
  }
  quote(st, q);
}

/* InetAddress after an InetAddressType (RFC 4001): "1.2.3.4" for ipv4(1),
 * "00:..:01" for ipv6(2), with "%zone" for ipv4z(3)/ipv6z(4).
 * @return false when the address does not fit the type. */
static bool index_inetaddress(fmt_state *st, uint32_t type, const uint32_t *a,
                              size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (a[i] > 255)
      return false;
  char t[128];
  int len;
  if ((type == 1 && n == 4) || (type == 3 && n == 8)) {
    len = snprintf(t, sizeof(t), "\"%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    if (type == 3)
      len +=
          snprintf(t + len, sizeof(t) - (size_t)len, "%%%lu",
                   (unsigned long)(a[4] << 24 | a[5] << 16 | a[6] << 8 | a[7]));
  } else if ((type == 2 && n == 16) || (type == 4 && n == 20)) {
    len = snprintf(t, sizeof(t), "\"");
    for (size_t i = 0; i < 16; i++)
      len += snprintf(t + len, sizeof(t) - (size_t)len, "%s%02x", i ? ":" : "",
                      a[i]);
    if (type == 4)
      len += snprintf(
          t + len, sizeof(t) - (size_t)len, "%%%lu",
          (unsigned long)(a[16] << 24 | a[17] << 16 | a[18] << 8 | a[19]));
  } else {
    return false;
  }
  snprintf(t + len, sizeof(t) - (size_t)len, "\"");
  sb_str(st->b, t);
  return true;
}

static void format_tree(fmt_state *st, const uint32_t *arcs, size_t n,
                        uint32_t *deepest, size_t *end_of_known);

/* -OX: an OID index printed as a name in the current style. */
static void index_oid_named(fmt_state *st, const uint32_t *a, size_t n)
{
  snmpx_oidv v = {a, n};
  char local[256];
  int len = snmpx_mibdb_format_oid(st->m, v, st->style, st->flags, local,
                                   sizeof(local));
  if (len < 0)
    return;
  if ((size_t)len < sizeof(local)) {
    sb_add(st->b, local, (size_t)len);
    return;
  }
  char *big = snmpx__malloc(st->m->mem, (size_t)len + 1);
  if (big != NULL && snmpx_mibdb_format_oid(st->m, v, st->style, st->flags, big,
                                            (size_t)len + 1) == len)
    sb_add(st->b, big, (size_t)len);
  snmpx__free(st->m->mem, big);
}

/* -OX: a string index with a DISPLAY-HINT, printed as its value would be
 * ("STRING: text"). */
static bool index_hinted(fmt_state *st, const mib_node *t, const mib_index *ix,
                         bool fixed, const uint32_t **arcs, size_t *n)
{
  const snmpx_mibdb *m = st->m;
  const uint32_t *a = *arcs;
  size_t len, skip = 0;
  if (ix->implied) {
    len = *n;
  } else if (fixed) {
    int64_t f = VEC_AT(m, ranges, mib_range, t->ranges).lo;
    if (f < 0 || (uint64_t)f > *n)
      return false;
    len = (size_t)f;
  } else {
    if (a[0] >= *n)
      return false;
    len = a[0];
    skip = 1;
  }
  uint8_t bytes[SNMPX_OID_MAX_LEN];
  for (size_t i = 0; i < len; i++)
    bytes[i] = (uint8_t)a[skip + i];
  char local[1024];
  int out = snmpx_mibdb_hint_octets(STR(m, t->hint), bytes, len, local,
                                    sizeof(local));
  if (!(st->flags & SNMPX_MIBDB_FMT_QUICK))
    sb_str(st->b, "STRING: ");
  if (out >= 0)
    sb_add(st->b, local,
           (size_t)out < sizeof(local) ? (size_t)out : sizeof(local) - 1);
  *arcs += skip + len;
  *n -= skip + len;
  return true;
}

/* TimeTicks as Net-SNMP's uptimeString: "1 day, 2:03:04.05". */
static void index_uptime(fmt_state *st, uint32_t t)
{
  unsigned cs = t % 100, secs = t / 100 % 60, mins = t / 6000 % 60;
  unsigned hours = t / 360000 % 24, days = t / 8640000;
  char buf[64];
  if (st->flags & SNMPX_MIBDB_FMT_QUICK)
    snprintf(buf, sizeof(buf), "%u:%u:%02u:%02u.%02u", days, hours, mins, secs,
             cs);
  else if (days == 0)
    snprintf(buf, sizeof(buf), "%u:%02u:%02u.%02u", hours, mins, secs, cs);
  else
    snprintf(buf, sizeof(buf), "%u day%s, %u:%02u:%02u.%02u", days,
             days == 1 ? "" : "s", hours, mins, secs, cs);
  sb_str(st->b, buf);
}

/* One INDEX component at |*arcs|.  @return false to stop decoding (the
 * rest is then printed as numbers). */
static bool index_one(fmt_state *st, const mib_index *ix, const uint32_t **arcs,
                      size_t *n)
{
  const snmpx_mibdb *m = st->m;
  const char *label = STR(m, ix->label);
  uint32_t tp = snmpx__mibdb_find_label(m, label, strlen(label));
  if (tp == MIB_NONE)
    return false;
  const mib_node *t = &NODE(m, tp);
  const uint32_t *a = *arcs;
  size_t used;
  bool fixed =
      t->n_ranges == 1 && VEC_AT(m, ranges, mib_range, t->ranges).lo ==
                              VEC_AT(m, ranges, mib_range, t->ranges).hi;
  bool ext = (st->flags & SNMPX_MIBDB_FMT_EXTENDED_INDEX) != 0;
  switch (t->type) {
  case MIB_T_OCTETSTR:
    if (ext && t->hint) {
      if (!index_hinted(st, t, ix, fixed, arcs, n))
        return false;
      return true;
    } else if (ix->implied) {
      used = *n;
      index_string(st, a, used, '\'');
    } else if (fixed) {
      int64_t len = VEC_AT(m, ranges, mib_range, t->ranges).lo;
      if (len < 0 || (uint64_t)len > *n)
        return false;
      used = (size_t)len;
      index_string(st, a, used, '\'');
    } else {
      if ((uint64_t)a[0] + 1 > *n)
        return false;
      used = (size_t)a[0] + 1;
      if (used == 1) {
        quote(st, '"');
        quote(st, '"');
        break;
      }
      uint32_t peer = lower_sibling(m, tp);
      bool done = false;
      if (peer != MIB_NONE && strcmp(STR(m, t->tc), "InetAddress") == 0 &&
          strcmp(STR(m, NODE(m, peer).tc), "InetAddressType") == 0)
        done = index_inetaddress(st, a[-1], a + 1, used - 1);
      if (!done)
        index_string(st, a + 1, used - 1, '"');
    }
    break;
  case MIB_T_INTEGER:
  case MIB_T_INTEGER32:
  case MIB_T_UINTEGER:
  case MIB_T_UNSIGNED32:
  case MIB_T_GAUGE: {
    const char *e = NULL;
    for (uint32_t i = 0; i < t->n_enums && e == NULL; i++)
      if (VEC_AT(m, enums, mib_enum, t->enums + i).value == (int32_t)a[0])
        e = STR(m, VEC_AT(m, enums, mib_enum, t->enums + i).label);
    if (e != NULL)
      sb_str(st->b, e);
    else
      sb_u32(st->b, a[0]);
    used = 1;
    break;
  }
  case MIB_T_TIMETICKS:
    /* A TimeFilter index: -OX prints it as an uptime. */
    if (ext)
      index_uptime(st, a[0]);
    else
      sb_u32(st->b, a[0]);
    used = 1;
    break;
  case MIB_T_OBJID:
    if (ix->implied) {
      used = *n;
    } else {
      if ((uint64_t)a[0] + 1 > *n)
        return false;
      used = (size_t)a[0] + 1;
    }
    if (ext)
      index_oid_named(st, ix->implied ? a : a + 1,
                      ix->implied ? used : used - 1);
    else
      finish_numeric(st->b, a, used);
    break;
  case MIB_T_IPADDR: {
    if (*n < 4)
      return false;
    char t4[64];
    snprintf(t4, sizeof(t4), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
    sb_str(st->b, t4);
    used = 4;
    break;
  }
  case MIB_T_NETADDR:
    sb_u32(st->b, a[0]);
    sb_ch(st->b, '.');
    *arcs += 1;
    *n -= 1;
    a = *arcs;
    if (a[-1] != 1 || *n < 4)
      return false;
    {
      char t4[64];
      snprintf(t4, sizeof(t4), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
      sb_str(st->b, t4);
    }
    used = 4;
    break;
  default:
    return false;
  }
  *arcs += used;
  *n -= used;
  return true;
}

static void index_all(fmt_state *st, uint32_t row, const uint32_t *arcs,
                      size_t n)
{
  const snmpx_mibdb *m = st->m;
  const mib_node *r = &NODE(m, row);
  bool ext = (st->flags & SNMPX_MIBDB_FMT_EXTENDED_INDEX) != 0;
  for (uint32_t i = 0; i < r->n_indexes && n > 0; i++) {
    const mib_index *ix = &VEC_AT(m, indexes, mib_index, r->indexes + i);
    if (ext) {
      if (st->b->len && st->b->p[st->b->len - 1] == '.')
        st->b->p[--st->b->len] = '\0';
      sb_ch(st->b, '[');
    }
    if (!index_one(st, ix, &arcs, &n))
      break;
    sb_ch(st->b, ext ? ']' : '.');
  }
  finish_numeric(st->b, arcs, n);
}

/* The row (entry) whose INDEX applies to |n|: its own, or AUGMENTS'. */
static uint32_t row_of(const snmpx_mibdb *m, uint32_t n)
{
  const mib_node *d = &NODE(m, n);
  if (d->n_indexes)
    return n;
  if (d->augments) {
    const char *a = STR(m, d->augments);
    uint32_t t = snmpx__mibdb_find_label(m, a, strlen(a));
    if (t != MIB_NONE && NODE(m, t).n_indexes)
      return t;
  }
  return MIB_NONE;
}

static void format_tree(fmt_state *st, const uint32_t *arcs, size_t n,
                        uint32_t *deepest, size_t *end_of_known)
{
  const snmpx_mibdb *m = st->m;
  uint32_t cur = 0, row = MIB_NONE;
  *deepest = MIB_NONE;
  size_t i = 0;
  while (i < n) {
    uint32_t c = child_subid(m, cur, arcs[i]);
    if (c == MIB_NONE)
      break;
    cur = c;
    *deepest = c;
    uint32_t r = row_of(m, c);
    if (r != MIB_NONE)
      row = r;
    if (st->style == SNMPX_MIBDB_STYLE_NUMERIC || NODE(m, c).is_anonymous)
      sb_u32(st->b, NODE(m, c).subid);
    else
      sb_str(st->b, STR(m, NODE(m, c).label));
    i++;
    if (i < n)
      sb_ch(st->b, '.');
  }
  if (i == n)
    return;
  *end_of_known = st->b->len;
  arcs += i;
  n -= i;
  /* An unknown column of a known row still gets its index decoded. */
  if (row != MIB_NONE && NODE(m, cur).child != MIB_NONE) {
    sb_u32(st->b, arcs[0]);
    sb_ch(st->b, '.');
    arcs++;
    n--;
  }
  if (row != MIB_NONE && n > 0 && st->style != SNMPX_MIBDB_STYLE_NUMERIC &&
      !(st->flags & SNMPX_MIBDB_FMT_NO_INDEX)) {
    index_all(st, row, arcs, n);
    return;
  }
  finish_numeric(st->b, arcs, n);
}

static const char *const ucd_prefixes[] = {
    ".iso.org.dod.internet.mgmt.mib-2",  ".iso.org.dod.internet.experimental",
    ".iso.org.dod.internet.private",     ".iso.org.dod.internet.snmpParties",
    ".iso.org.dod.internet.snmpSecrets",
};

int snmpx_mibdb_format_oid(const snmpx_mibdb *m, snmpx_oidv oid,
                           snmpx_mibdb_style style, unsigned flags, char *buf,
                           size_t cap)
{
  if (m == NULL || (buf == NULL && cap > 0) ||
      (oid.arcs == NULL && oid.len > 0))
    return SNMPX_EINVAL;
  sbuf tb, out;
  sb_init(&tb, m->mem);
  sb_init(&out, m->mem);
  fmt_state st = {m, style, flags, &tb};
  uint32_t deepest;
  size_t end_of_known = 0;
  sb_ch(&tb, '.');
  format_tree(&st, oid.arcs, oid.len, &deepest, &end_of_known);
  const char *cp = tb.p;
  if (style == SNMPX_MIBDB_STYLE_MODULE || style == SNMPX_MIBDB_STYLE_SUFFIX) {
    const char *q;
    if (end_of_known != 0) {
      q = tb.p + end_of_known - 2;
    } else {
      q = tb.p + tb.len;
      while (q >= tb.p && !isalpha((unsigned char)*q))
        q--;
    }
    while (q >= tb.p && *q != '.')
      q--;
    cp = q + 1;
    if (style == SNMPX_MIBDB_STYLE_MODULE && cp > tb.p && deepest != MIB_NONE &&
        NODE(m, deepest).module != MIB_NONE) {
      sb_str(&out, module_name(m, NODE(m, deepest).module));
      sb_str(&out, "::");
    }
  } else if (style == SNMPX_MIBDB_STYLE_UCD) {
    for (size_t i = 0; i < sizeof(ucd_prefixes) / sizeof(ucd_prefixes[0]);
         i++) {
      size_t il = strlen(ucd_prefixes[i]);
      if (tb.len > il && memcmp(tb.p, ucd_prefixes[i], il) == 0) {
        cp = tb.p + il + 1;
        break;
      }
    }
  }
  sb_str(&out, cp);
  int rv = tb.oom ? SNMPX_ENOMEM : sb_out(&out, buf, cap);
  sb_free(&tb);
  sb_free(&out);
  return rv;
}

/* ---- Text to OID ------------------------------------------------------ */

static void set_why(char *why, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void set_why(char *why, size_t cap, const char *fmt, ...)
{
  if (why == NULL || cap == 0)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, cap, fmt, ap);
  va_end(ap);
}

static bool all_digits(const char *s, size_t n)
{
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!isdigit((unsigned char)s[i]))
      return false;
  return true;
}

/* The end of one component: a quoted string runs to its closing quote. */
static size_t component_len(const char *p)
{
  if (*p == '"' || *p == '\'') {
    const char *q = strchr(p + 1, *p);
    return q ? (size_t)(q - p) + 1 : strlen(p);
  }
  return strcspn(p, ".");
}

/* The dotted components of |p| below node |cur| (0: the top), as
 * Net-SNMP's read_objid (|suffix| false) or get_node's
 * _add_strings_to_oid (|suffix| true): numbers, child labels (any case
 * after a node), "strings" (length then bytes) and 'strings' (bytes
 * only).  A label under a known node that has no such child fails with
 * "Sub-id not found: parent -> label" (read_objid) or the text left
 * (get_node, or once off the known tree). */
/* An enumeration label used in a table index ("noAuthNoPriv", "ipv4"):
 * its value from the first INDEX object of |row| that has the label.
 * @return true when found. */
static bool index_enum(const snmpx_mibdb *m, uint32_t row, const char *p,
                       size_t n, uint32_t *value)
{
  const mib_node *r = &NODE(m, row);
  for (uint32_t i = 0; i < r->n_indexes; i++) {
    const char *l = STR(m, VEC_AT(m, indexes, mib_index, r->indexes + i).label);
    uint32_t t = snmpx__mibdb_find_label(m, l, strlen(l));
    if (t == MIB_NONE)
      continue;
    for (uint32_t e = 0; e < NODE(m, t).n_enums; e++) {
      const mib_enum *en = &VEC_AT(m, enums, mib_enum, NODE(m, t).enums + e);
      const char *el = STR(m, en->label);
      if (strncmp(el, p, n) == 0 && el[n] == '\0' && en->value >= 0 &&
          en->value <= UINT32_MAX) {
        *value = (uint32_t)en->value;
        return true;
      }
    }
  }
  return false;
}

static int add_components(const snmpx_mibdb *m, uint32_t cur, const char *p,
                          bool suffix, snmpx_oid *out, char *why,
                          size_t why_cap)
{
  uint32_t row = MIB_NONE; /* the table row whose INDEX follows */
  while (*p) {
    /* The row is the column's parent (or an ancestor of it). */
    for (uint32_t a = cur; row == MIB_NONE && a != MIB_NONE && a != 0;
         a = NODE(m, a).parent)
      row = row_of(m, a);
    size_t n = component_len(p);
    int rv = 0;
    if (all_digits(p, n)) {
      unsigned long long v = strtoull(p, NULL, 10);
      if (v > UINT32_MAX) {
        set_why(why, why_cap, "%s", p);
        return SNMPX_EMIB_UNKNOWN;
      }
      rv = snmpx_oid_append(out, (uint32_t)v);
      if (cur != MIB_NONE)
        cur = child_subid(m, cur, (uint32_t)v);
    } else if (n >= 2 && (*p == '"' || *p == '\'') && p[n - 1] == *p) {
      if (*p == '"')
        rv = snmpx_oid_append(out, (uint32_t)(n - 2));
      for (size_t i = 1; i + 1 < n && rv == 0; i++)
        rv = snmpx_oid_append(out, (uint8_t)p[i]);
      cur = MIB_NONE;
    } else {
      uint32_t c =
          cur == MIB_NONE ? MIB_NONE : child_label(m, cur, p, n, suffix);
      uint32_t ev;
      if (c == MIB_NONE && row != MIB_NONE && index_enum(m, row, p, n, &ev)) {
        rv = snmpx_oid_append(out, ev);
        cur = MIB_NONE;
      } else if (c == MIB_NONE) {
        if (cur == MIB_NONE || suffix)
          set_why(why, why_cap, "%s", p);
        else
          set_why(why, why_cap, "Sub-id not found: %s -> %.*s",
                  cur == 0 ? "(top)" : STR(m, NODE(m, cur).label), (int)n, p);
        return SNMPX_EMIB_UNKNOWN;
      } else {
        rv = snmpx_oid_append(out, NODE(m, c).subid);
        cur = c;
      }
    }
    if (rv != 0)
      return rv;
    p += n;
    if (*p == '.') {
      p++;
    } else if (*p != '\0') {
      set_why(why, why_cap, "%s", p);
      return SNMPX_EMIB_UNKNOWN;
    }
  }
  return 0;
}

/* |label|[.suffix] starting from node |node|. */
static int from_node(const snmpx_mibdb *m, uint32_t node, const char *suffix,
                     snmpx_oid *out, char *why, size_t why_cap)
{
  if (snmpx_mibdb_node_oid(m, node, out) != 0)
    return SNMPX_EOID_TOOLONG;
  if (*suffix == '.')
    suffix++;
  return add_components(m, node, suffix, true, out, why, why_cap);
}

static int parse_random(const snmpx_mibdb *m, const char *text, snmpx_oid *out,
                        char *why, size_t why_cap)
{
  size_t n = strcspn(text, ".");
  uint32_t node = snmpx__mibdb_find_label(m, text, n);
  if (node == MIB_NONE)
    return SNMPX_EMIB_UNKNOWN;
  return from_node(m, node, text + n, out, why, why_cap);
}

static int parse_qualified(snmpx_mibdb *m, const char *text, const char *sep,
                           unsigned flags, snmpx_oid *out, char *why,
                           size_t why_cap)
{
  uint32_t mod = snmpx__mibdb_module_id(m, text, (size_t)(sep - text));
  if (mod == MIB_NONE && (flags & SNMPX_MIBDB_AUTOLOAD)) {
    char name[256];
    if ((size_t)(sep - text) < sizeof(name)) {
      memcpy(name, text, (size_t)(sep - text));
      name[sep - text] = '\0';
      int rv = snmpx_mibdb_load_module(m, name);
      if (rv == SNMPX_ENOMEM)
        return rv;
      mod = snmpx__mibdb_module_id(m, text, (size_t)(sep - text));
    }
  }
  const char *label = sep + 2;
  size_t n = strcspn(label, ".");
  uint32_t node = mod == MIB_NONE
                      ? MIB_NONE
                      : snmpx__mibdb_find_in_module(m, label, n, mod);
  if (node == MIB_NONE) {
    set_why(why, why_cap, "%s", "");
    return SNMPX_EMIB_UNKNOWN;
  }
  return from_node(m, node, label + n, out, why, why_cap);
}

int snmpx_mibdb_parse_oid(snmpx_mibdb *m, const char *text, unsigned flags,
                          snmpx_oid *out, char *why, size_t why_cap)
{
  if (m == NULL || text == NULL || out == NULL)
    return SNMPX_EINVAL;
  set_why(why, why_cap, "%s", "");
  out->len = 0;
  const char *sep = strstr(text, "::");
  if (sep != NULL)
    return parse_qualified(m, text, sep, flags, out, why, why_cap);
  if ((flags & SNMPX_MIBDB_RANDOM) && !isdigit((unsigned char)text[0]) &&
      text[0] != '.')
    return parse_random(m, text, out, why, why_cap);
  const char *p = text[0] == '.' ? text + 1 : text;
  int rv = add_components(m, 0, p, false, out, why, why_cap);
  if (rv == SNMPX_EMIB_UNKNOWN && (flags & SNMPX_MIBDB_FALLBACK_RANDOM) &&
      !isdigit((unsigned char)text[0]) && text[0] != '.') {
    /* Net-SNMP reports the second attempt's trouble when its label was
     * found, the first one's otherwise. */
    snmpx_oid alt;
    char why2[256] = "";
    int rv2 = parse_random(m, text, &alt, why2, sizeof(why2));
    if (rv2 == 0) {
      *out = alt;
      set_why(why, why_cap, "%s", "");
      return 0;
    }
    if (why2[0] != '\0')
      set_why(why, why_cap, "%s", why2);
  }
  return rv;
}

/* ---- DISPLAY-HINT -------------------------------------------------------- */

/* RFC 2579 3.1 octet-format, with Net-SNMP's reading of it: an 'x' of one
 * byte gets a leading zero only when no separator or hint follows; 'a'
 * and 't' copy up to |width| bytes. */
int snmpx_mibdb_hint_octets(const char *hint, const uint8_t *p, size_t len,
                            char *buf, size_t cap)
{
  if (hint == NULL || (p == NULL && len))
    return SNMPX_EINVAL;
  sbuf b;
  sb_init(&b, NULL);
  const char *h = hint;
  const uint8_t *end = p + len;
  int width = 1;
  char code = 'd', separ = 0, term = 0;
  while (p < end) {
    int repeat = 1;
    if (*h) {
      if (*h == '*') {
        repeat = *p++;
        h++;
      }
      width = 0;
      while (*h >= '0' && *h <= '9') {
        width = width * 10 + (*h++ - '0');
        if (width > 65535) {
          sb_free(&b);
          return SNMPX_EINVAL;
        }
      }
      code = *h ? *h++ : 0;
      char ch = *h;
      if (ch && ch != '*' && (ch < '0' || ch > '9') &&
          (width != 0 || (ch != 'x' && ch != 'd' && ch != 'o')))
        separ = *h++;
      else
        separ = 0;
      ch = *h;
      if (ch && ch != '*' && (ch < '0' || ch > '9') &&
          (width != 0 || (ch != 'x' && ch != 'd' && ch != 'o')))
        term = *h++;
      else
        term = 0;
      if (width == 0)
        width = 1;
    }
    while (repeat && p < end) {
      uint64_t value = 0;
      char t[32];
      if (code != 'a' && code != 't')
        for (int x = 0; x < width; x++)
          value = value * 256 + (p < end ? *p++ : 0);
      switch (code) {
      case 'x':
        if (value < 16 && width == 1 && separ == 0 && *h == 0)
          snprintf(t, sizeof(t), "0%" PRIx64, value);
        else
          snprintf(t, sizeof(t), "%" PRIx64, value);
        sb_str(&b, t);
        break;
      case 'd':
        snprintf(t, sizeof(t), "%" PRId64, (int64_t)value);
        sb_str(&b, t);
        break;
      case 'o':
        snprintf(t, sizeof(t), "%" PRIo64, value);
        sb_str(&b, t);
        break;
      case 'a':
      case 't': {
        size_t cnt = (size_t)(end - p) < (size_t)width ? (size_t)(end - p)
                                                       : (size_t)width;
        if (memchr(p, '\0', cnt) == NULL) {
          sb_add(&b, (const char *)p, cnt);
        } else {
          for (size_t i = 0; i < cnt; i++) {
            if (isprint(p[i]) || isspace(p[i])) {
              if (p[i] == '\\' || p[i] == '"')
                sb_ch(&b, '\\');
              sb_ch(&b, (char)p[i]);
            } else {
              sb_ch(&b, '.');
            }
          }
        }
        p += cnt;
        break;
      }
      default:
        sb_free(&b);
        return SNMPX_EINVAL;
      }
      if (p < end && separ)
        sb_ch(&b, separ);
      repeat--;
    }
    if (term && p < end)
      sb_ch(&b, term);
  }
  int rv = sb_out(&b, buf, cap);
  sb_free(&b);
  return rv;
}

/* Net-SNMP's sprint_realloc_hinted_integer: "d-2" puts a decimal point two
 * digits from the right; x, o and b change the radix. */
int snmpx_mibdb_hint_integer(const char *hint, int64_t value, bool is_unsigned,
                             char *buf, size_t cap)
{
  if (hint == NULL || strchr("dxob", hint[0]) == NULL || hint[0] == '\0')
    return SNMPX_EINVAL;
  char tmp[96];
  int shift = 0;
  bool negative = false;
  if (hint[0] == 'd') {
    if (hint[1] == '-')
      shift = atoi(hint + 2);
    if (shift < 0 || shift > 40)
      return SNMPX_EINVAL;
    uint64_t v = (uint64_t)value;
    if (!is_unsigned && value < 0) {
      negative = true;
      v = (uint64_t)0 - (uint64_t)value;
    }
    snprintf(tmp, sizeof(tmp), "%" PRIu64,
             is_unsigned ? (uint64_t)(uint32_t)value : v);
  } else if (hint[0] == 'b') {
    char *bp = tmp;
    for (uint32_t bit = 0x80000000u; bit; bit >>= 1)
      *bp++ = ((uint32_t)value & bit) ? '1' : '0';
    *bp = '\0';
  } else {
    snprintf(tmp, sizeof(tmp), hint[0] == 'x' ? "%lx" : "%lo",
             (unsigned long)value);
  }
  if (shift != 0) {
    size_t len = strlen(tmp);
    char out[128];
    if ((size_t)shift <= len) {
      snprintf(out, sizeof(out), "%.*s.%s", (int)(len - (size_t)shift), tmp,
               tmp + len - (size_t)shift);
    } else {
      size_t k = 0;
      out[k++] = '.';
      for (size_t z = len; z < (size_t)shift; z++)
        out[k++] = '0';
      snprintf(out + k, sizeof(out) - k, "%s", tmp);
    }
    snprintf(tmp, sizeof(tmp), "%s", out);
  }
  return snprintf(buf, cap, "%s%s", negative ? "-" : "", tmp);
}
