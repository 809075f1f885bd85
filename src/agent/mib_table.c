/* Conceptual tables (RFC 2578 7.7): the tree keeps each row's INDEX as
 * encoded OID arcs in a sorted array and asks the table's callback for
 * column values, so a walk visits column after column, row after row. */
#include "agent_priv.h"

#define MAX_INDEX 16

typedef struct table_row {
  uint32_t *arcs; /* the encoded INDEX */
  size_t len;
  void *row;
} table_row;

struct snmpx_table {
  const snmpx_mem *mem;
  snmpx_table_def def; /* entry, index and columns point into this block */
  table_row *rows;
  size_t n_rows;
  size_t cap_rows;
  snmpx_table *next_table; /* the tree's list, freed with the agent */
};

static snmpx_oidv row_view(const table_row *r)
{
  return (snmpx_oidv){r->arcs, r->len};
}

/* First row whose index sorts > |after| (strictly). */
static size_t row_after(const snmpx_table *t, snmpx_oidv after)
{
  size_t lo = 0, hi = t->n_rows;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (snmpx_oidv_compare(row_view(&t->rows[mid]), after) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static const table_row *find_row(const snmpx_table *t, snmpx_oidv idx)
{
  size_t i = row_after(t, idx);
  if (i > 0 && snmpx_oidv_compare(row_view(&t->rows[i - 1]), idx) == 0)
    return &t->rows[i - 1];
  return NULL;
}

static uint8_t column_access(const snmpx_table *t, uint32_t col)
{
  if (col == 0 || col > t->def.n_columns)
    return SNMPX_COLUMN_NONE;
  return t->def.columns[col - 1];
}

/* Storage a row's INDEX is decoded into: request scratch, allocated once
 * per request step and reused for every row it tries (only the row whose
 * value is returned needs it afterwards). */
typedef struct row_space {
  snmpx_value *vals;
  uint8_t *bytes; /* SNMPX_OID_MAX_LEN + 1: an index is at most that */
} row_space;

static snmpx_errstat row_space_alloc(const snmpx_table *t, snmpx_mib_req *req,
                                     row_space *sp)
{
  sp->vals = snmpx_mib_req_alloc(req, t->def.n_index * sizeof(snmpx_value));
  sp->bytes = snmpx_mib_req_alloc(req, SNMPX_OID_MAX_LEN + 1);
  return sp->vals != NULL && sp->bytes != NULL ? SNMPX_ERRSTAT_NO_ERROR
                                               : SNMPX_ERRSTAT_GEN_ERR;
}

/* The callback's view of a row: its INDEX decoded into |sp|. */
static snmpx_errstat row_view_for(const snmpx_table *t, const row_space *sp,
                                  const table_row *r, snmpx_table_row *out)
{
  /* Decoding needs the arcs after a prefix; an empty prefix will do. */
  snmpx_oidv none = {r->arcs, 0};
  if (snmpx_oid_decode_index(row_view(r), none, t->def.index, t->def.n_index,
                             sp->vals, sp->bytes, SNMPX_OID_MAX_LEN + 1) < 0)
    return SNMPX_ERRSTAT_GEN_ERR;
  out->row = r->row;
  out->index = sp->vals;
  out->n_index = t->def.n_index;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat column_value(const snmpx_table *t, snmpx_mib_req *req,
                                  const row_space *sp, const table_row *r,
                                  uint32_t col, snmpx_value *out)
{
  snmpx_table_row tr;
  snmpx_errstat st = row_view_for(t, sp, r, &tr);
  if (st != SNMPX_ERRSTAT_NO_ERROR)
    return st;
  out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return t->def.get(t->def.ctx, req, &tr, col, out);
}

/* Split |name| = entry . column . index. */
static bool split_name(const snmpx_table *t, snmpx_oidv name, uint32_t *col,
                       snmpx_oidv *idx)
{
  size_t at = t->def.entry.len;
  if (name.len <= at + 1)
    return false;
  *col = name.arcs[at];
  idx->arcs = name.arcs + at + 1;
  idx->len = name.len - at - 1;
  return true;
}

/* The table's refresh hook, before its rows are read for a varbind. */
static const snmpx_table *refreshed(void *ctx, snmpx_mib_req *req)
{
  snmpx_table *t = ctx;
  if (t->def.refresh != NULL)
    t->def.refresh(t->def.ctx, t, req);
  return t;
}

static snmpx_errstat table_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               snmpx_value *out)
{
  const snmpx_table *t = refreshed(ctx, req);
  uint32_t col;
  snmpx_oidv idx;
  if (!split_name(t, name, &col, &idx) ||
      column_access(t, col) == SNMPX_COLUMN_NONE) {
    out->type = SNMPX_TYPE_NOSUCHOBJECT;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  const table_row *r = find_row(t, idx);
  if (r == NULL) {
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  row_space sp;
  snmpx_errstat st = row_space_alloc(t, req, &sp);
  return st != SNMPX_ERRSTAT_NO_ERROR ? st
                                      : column_value(t, req, &sp, r, col, out);
}

static snmpx_errstat table_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                                snmpx_oid *name, snmpx_value *out)
{
  const snmpx_table *t = refreshed(ctx, req);
  snmpx_oidv entry = t->def.entry;
  uint32_t col = 1;
  size_t first = 0;
  if (snmpx_oidv_compare(after, entry) > 0 &&
      snmpx_oidv_has_prefix(after, entry) && after.len > entry.len) {
    col = after.arcs[entry.len];
    snmpx_oidv idx = {after.arcs + entry.len + 1, after.len - entry.len - 1};
    first = after.len > entry.len + 1 ? row_after(t, idx) : 0;
    if (col == 0) { /* entry.0...: before column 1's first row */
      col = 1;
      first = 0;
    }
  } else if (snmpx_oidv_compare(after, entry) > 0) {
    out->type = SNMPX_TYPE_ENDOFMIBVIEW; /* past the whole table */
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  row_space sp;
  snmpx_errstat st = row_space_alloc(t, req, &sp);
  if (st != SNMPX_ERRSTAT_NO_ERROR)
    return st;
  for (; col <= t->def.n_columns; col++, first = 0) {
    if (column_access(t, col) == SNMPX_COLUMN_NONE)
      continue;
    for (size_t i = first; i < t->n_rows; i++) {
      st = column_value(t, req, &sp, &t->rows[i], col, out);
      if (st != SNMPX_ERRSTAT_NO_ERROR)
        return st;
      if (snmpx_value_is_exception(out))
        continue; /* a hole in a sparse table */
      snmpx_oid_set(name, entry);
      snmpx_oid_append(name, col);
      if (snmpx_oid_extend(name, row_view(&t->rows[i])) < 0)
        return SNMPX_ERRSTAT_GEN_ERR;
      return SNMPX_ERRSTAT_NO_ERROR;
    }
  }
  out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* SET state: the column and the callback's own state. */
typedef struct table_set {
  uint32_t col;
  snmpx_table_row row;
  void *state;
} table_set;

static snmpx_errstat table_test(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                const snmpx_value *v, void **state)
{
  const snmpx_table *t = refreshed(ctx, req);
  uint32_t col;
  snmpx_oidv idx;
  if (!split_name(t, name, &col, &idx) ||
      column_access(t, col) != SNMPX_COLUMN_WRITE || t->def.test == NULL)
    return SNMPX_ERRSTAT_NOT_WRITABLE;
  const table_row *r = find_row(t, idx);
  if (r == NULL) /* RFC 3416 4.2.5 (5): rows are not created here */
    return SNMPX_ERRSTAT_NO_CREATION;
  table_set *ts = snmpx_mib_req_alloc(req, sizeof(*ts));
  if (ts == NULL)
    return SNMPX_ERRSTAT_RESOURCE_UNAVAILABLE;
  memset(ts, 0, sizeof(*ts));
  ts->col = col;
  row_space sp;
  snmpx_errstat st = row_space_alloc(t, req, &sp);
  if (st == SNMPX_ERRSTAT_NO_ERROR)
    st = row_view_for(t, &sp, r, &ts->row);
  if (st != SNMPX_ERRSTAT_NO_ERROR)
    return st;
  *state = ts;
  return t->def.test(t->def.ctx, req, &ts->row, col, v, &ts->state);
}

static snmpx_errstat table_commit(void *ctx, snmpx_mib_req *req,
                                  snmpx_oidv name, const snmpx_value *v,
                                  void **state)
{
  (void)name;
  const snmpx_table *t = ctx;
  table_set *ts = *state;
  if (t->def.commit == NULL)
    return SNMPX_ERRSTAT_COMMIT_FAILED;
  return t->def.commit(t->def.ctx, req, &ts->row, ts->col, v, &ts->state);
}

static snmpx_errstat table_undo(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                void **state)
{
  (void)name;
  const snmpx_table *t = ctx;
  table_set *ts = *state;
  if (t->def.undo == NULL)
    return SNMPX_ERRSTAT_UNDO_FAILED;
  return t->def.undo(t->def.ctx, req, &ts->row, ts->col, &ts->state);
}

static void table_cleanup(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                          void **state, bool committed)
{
  (void)name;
  const snmpx_table *t = ctx;
  table_set *ts = *state;
  if (ts != NULL && t->def.cleanup != NULL)
    t->def.cleanup(t->def.ctx, req, ts->col, &ts->state, committed);
}

static const snmpx_mib_ops table_ops = {
    table_get, table_next, table_test, table_commit, table_undo, table_cleanup};

snmpx_table *snmpx_mib_add_table(snmpx_mib *m, const snmpx_table_def *def)
{
  if (m == NULL || def == NULL || def->get == NULL || def->n_columns == 0 ||
      def->columns == NULL || def->entry.len == 0 || def->entry.arcs == NULL ||
      def->n_index > MAX_INDEX || def->n_index == 0 || def->index == NULL ||
      def->entry.len >= SNMPX_OID_MAX_LEN)
    return NULL;
  size_t size = sizeof(snmpx_table) + def->entry.len * sizeof(uint32_t) +
                def->n_index * sizeof(snmpx_index_spec) + def->n_columns;
  const snmpx_mem *mem = snmpx__mib_mem(m);
  snmpx_table *t = snmpx__calloc(mem, 1, size);
  if (t == NULL)
    return NULL;
  t->mem = mem;
  t->def = *def;
  snmpx_index_spec *specs = (snmpx_index_spec *)(void *)(t + 1);
  uint32_t *arcs = (uint32_t *)(void *)(specs + def->n_index);
  uint8_t *cols = (uint8_t *)(arcs + def->entry.len);
  if (def->n_index > 0)
    memcpy(specs, def->index, def->n_index * sizeof(*specs));
  memcpy(arcs, def->entry.arcs, def->entry.len * sizeof(uint32_t));
  memcpy(cols, def->columns, def->n_columns);
  t->def.index = specs;
  t->def.entry = (snmpx_oidv){arcs, def->entry.len};
  t->def.columns = cols;
  if (snmpx_mib_register(m, t->def.entry, &table_ops, t) < 0) {
    snmpx__free(mem, t);
    return NULL;
  }
  snmpx__mib_own_table(m, t);
  return t;
}

void snmpx__table_free_all(snmpx_table *t)
{
  while (t != NULL) {
    snmpx_table *next = t->next_table;
    for (size_t i = 0; i < t->n_rows; i++)
      snmpx__free(t->mem, t->rows[i].arcs);
    snmpx__free(t->mem, t->rows);
    snmpx__free(t->mem, t);
    t = next;
  }
}

void snmpx__table_link(snmpx_table *t, snmpx_table **list)
{
  t->next_table = *list;
  *list = t;
}

static int encode_index(const snmpx_table *t, const snmpx_value *index,
                        snmpx_oid *out)
{
  out->len = 0;
  if (index == NULL && t->def.n_index > 0)
    return SNMPX_EINVAL;
  return snmpx_oid_encode_index(out, t->def.index, index, t->def.n_index);
}

int snmpx_table_add_row(snmpx_table *t, const snmpx_value *index, void *row)
{
  if (t == NULL)
    return SNMPX_EINVAL;
  snmpx_oid idx;
  int rv = encode_index(t, index, &idx);
  if (rv < 0)
    return rv;
  if (idx.len + t->def.entry.len + 1 > SNMPX_OID_MAX_LEN)
    return SNMPX_EOID_TOOLONG;
  size_t at = row_after(t, snmpx_oid_view(&idx));
  if (at > 0 && snmpx_oidv_compare(row_view(&t->rows[at - 1]),
                                   snmpx_oid_view(&idx)) == 0) {
    t->rows[at - 1].row = row;
    return 0;
  }
  if (t->n_rows == t->cap_rows) {
    size_t cap = t->cap_rows ? t->cap_rows * 2 : 8;
    table_row *grown = snmpx__realloc(t->mem, t->rows, cap * sizeof(*grown));
    if (grown == NULL)
      return SNMPX_ENOMEM;
    t->rows = grown;
    t->cap_rows = cap;
  }
  uint32_t *arcs = snmpx__malloc(t->mem, idx.len * sizeof(uint32_t));
  if (arcs == NULL)
    return SNMPX_ENOMEM;
  if (idx.len > 0)
    memcpy(arcs, idx.arcs, idx.len * sizeof(uint32_t));
  memmove(&t->rows[at + 1], &t->rows[at], (t->n_rows - at) * sizeof(table_row));
  t->rows[at] = (table_row){arcs, idx.len, row};
  t->n_rows++;
  return 0;
}

int snmpx_table_remove_row(snmpx_table *t, const snmpx_value *index)
{
  if (t == NULL)
    return SNMPX_EINVAL;
  snmpx_oid idx;
  int rv = encode_index(t, index, &idx);
  if (rv < 0)
    return rv;
  const table_row *r = find_row(t, snmpx_oid_view(&idx));
  if (r == NULL)
    return SNMPX_ENOTFOUND;
  size_t at = (size_t)(r - t->rows);
  snmpx__free(t->mem, t->rows[at].arcs);
  memmove(&t->rows[at], &t->rows[at + 1],
          (t->n_rows - at - 1) * sizeof(table_row));
  t->n_rows--;
  return 0;
}

void snmpx_table_clear(snmpx_table *t)
{
  if (t == NULL)
    return;
  for (size_t i = 0; i < t->n_rows; i++)
    snmpx__free(t->mem, t->rows[i].arcs);
  t->n_rows = 0;
}

size_t snmpx_table_rows(const snmpx_table *t)
{
  return t != NULL ? t->n_rows : 0;
}
