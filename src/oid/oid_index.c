/* Table index encoding and decoding: RFC 2578 7.7, the rules by which the
 * INDEX values of a conceptual row become the sub-identifiers that follow
 * the column's OID. */
#include "internal.h"

/* A cursor over the arcs that follow the prefix, and over the scratch
 * area that receives string bytes. */
typedef struct index_cursor {
  const uint32_t *arcs;
  size_t len;
  size_t pos;
  uint8_t *scratch;
  size_t scratch_cap;
  size_t scratch_used;
} index_cursor;

/* |n| arcs, each 0..255, copied as bytes into the scratch area. */
static int take_bytes(index_cursor *c, size_t n, snmpx_type t,
                      snmpx_value *out)
{
  if (n > c->len - c->pos)
    return SNMPX_EOID_BADINDEX;
  if (n > c->scratch_cap - c->scratch_used)
    return SNMPX_ENOSPACE;
  uint8_t *dst = c->scratch ? c->scratch + c->scratch_used : NULL;
  for (size_t i = 0; i < n; i++) {
    if (c->arcs[c->pos + i] > 255)
      return SNMPX_EOID_BADINDEX;
    dst[i] = (uint8_t)c->arcs[c->pos + i];
  }
  c->pos += n;
  c->scratch_used += n;
  *out = snmpx_value_bytes(t, dst, n);
  return 0;
}

/* A length-prefixed item (RFC 2578 7.7 (2)/(3)): the length arc itself. */
static int take_length(index_cursor *c, size_t *n)
{
  if (c->pos >= c->len)
    return SNMPX_EOID_BADINDEX;
  *n = c->arcs[c->pos++];
  return 0;
}

static int take_oid(index_cursor *c, size_t n, snmpx_value *out)
{
  if (n > c->len - c->pos)
    return SNMPX_EOID_BADINDEX;
  snmpx_oidv v = {c->arcs + c->pos, n};
  c->pos += n;
  *out = snmpx_value_oid(v);
  return 0;
}

static int decode_one(index_cursor *c, const snmpx_index_spec *spec,
                      snmpx_value *out)
{
  size_t n;
  int rv;
  switch (spec->kind) {
  case SNMPX_INDEX_INTEGER:
  case SNMPX_INDEX_UNSIGNED:
    /* RFC 2578 7.7 (1): integer-valued, one sub-identifier holding the
     * value; only non-negative INTEGER values can be represented. */
    if (c->pos >= c->len)
      return SNMPX_EOID_BADINDEX;
    if (spec->kind == SNMPX_INDEX_UNSIGNED) {
      *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, c->arcs[c->pos++]);
      return 0;
    }
    if (c->arcs[c->pos] > INT32_MAX)
      return SNMPX_EOID_BADINDEX;
    *out = snmpx_value_int(SNMPX_TYPE_INTEGER, c->arcs[c->pos++]);
    return 0;
  case SNMPX_INDEX_STRING: /* 7.7 (2): length then octets */
    rv = take_length(c, &n);
    return rv < 0 ? rv : take_bytes(c, n, SNMPX_TYPE_OCTET_STRING, out);
  case SNMPX_INDEX_STRING_FIXED: /* 7.7 (2): fixed size, no length */
    return take_bytes(c, spec->fixed_len, SNMPX_TYPE_OCTET_STRING, out);
  case SNMPX_INDEX_STRING_IMPLIED: /* 7.7 (2): IMPLIED, rest of the OID */
    return take_bytes(c, c->len - c->pos, SNMPX_TYPE_OCTET_STRING, out);
  case SNMPX_INDEX_IPADDRESS: /* 7.7 (4): four sub-identifiers */
    return take_bytes(c, 4, SNMPX_TYPE_IPADDRESS, out);
  case SNMPX_INDEX_OID: /* 7.7 (3): length then sub-identifiers */
    rv = take_length(c, &n);
    return rv < 0 ? rv : take_oid(c, n, out);
  case SNMPX_INDEX_OID_IMPLIED: /* 7.7 (3): IMPLIED, rest of the OID */
    return take_oid(c, c->len - c->pos, out);
  }
  return SNMPX_EINVAL;
}

int snmpx_oid_decode_index(snmpx_oidv oid, snmpx_oidv prefix,
                           const snmpx_index_spec *specs, size_t n,
                           snmpx_value *out, uint8_t *scratch,
                           size_t scratch_cap)
{
  if ((n > 0 && (specs == NULL || out == NULL)) ||
      (scratch == NULL && scratch_cap > 0) ||
      (oid.arcs == NULL && oid.len > 0) ||
      (prefix.arcs == NULL && prefix.len > 0))
    return SNMPX_EINVAL;
  /* The instance must lie strictly below the prefix: an OID equal to it
   * names the column (or table), not a row. */
  if (oid.len <= prefix.len || !snmpx_oidv_has_prefix(oid, prefix))
    return SNMPX_EOID_BADPREFIX;
  index_cursor c = {oid.arcs, oid.len, prefix.len, scratch, scratch_cap, 0};
  for (size_t i = 0; i < n; i++) {
    int rv = decode_one(&c, &specs[i], &out[i]);
    if (rv < 0)
      return rv;
  }
  return c.pos == c.len ? 0 : SNMPX_EOID_BADINDEX;
}

/* Octets as one arc each, preceded by their count unless |implied|. */
static int append_bytes(snmpx_oid *o, const snmpx_value *v, bool with_len)
{
  if (v->v.bytes.ptr == NULL && v->v.bytes.len > 0)
    return SNMPX_EINVAL;
  if (with_len && snmpx_oid_append(o, (uint32_t)v->v.bytes.len) < 0)
    return SNMPX_EOID_TOOLONG;
  if (v->v.bytes.len > SNMPX_OID_MAX_LEN - o->len)
    return SNMPX_EOID_TOOLONG;
  for (size_t i = 0; i < v->v.bytes.len; i++)
    o->arcs[o->len++] = v->v.bytes.ptr[i];
  return 0;
}

static int append_oid(snmpx_oid *o, const snmpx_value *v, bool with_len)
{
  if (v->v.oid.arcs == NULL && v->v.oid.len > 0)
    return SNMPX_EINVAL;
  if (with_len && snmpx_oid_append(o, (uint32_t)v->v.oid.len) < 0)
    return SNMPX_EOID_TOOLONG;
  return snmpx_oid_extend(o, v->v.oid);
}

static bool is_unsigned32(snmpx_type t)
{
  return t == SNMPX_TYPE_GAUGE32 || t == SNMPX_TYPE_COUNTER32 ||
         t == SNMPX_TYPE_TIMETICKS;
}

static int encode_one(snmpx_oid *o, const snmpx_index_spec *spec,
                      const snmpx_value *v)
{
  switch (spec->kind) {
  case SNMPX_INDEX_INTEGER: /* RFC 2578 7.7 (1): non-negative only */
    if (v->type != SNMPX_TYPE_INTEGER || v->v.i < 0 || v->v.i > INT32_MAX)
      return SNMPX_EINVAL;
    return snmpx_oid_append(o, (uint32_t)v->v.i);
  case SNMPX_INDEX_UNSIGNED:
    if (!is_unsigned32(v->type) || v->v.u > UINT32_MAX)
      return SNMPX_EINVAL;
    return snmpx_oid_append(o, (uint32_t)v->v.u);
  case SNMPX_INDEX_STRING:
  case SNMPX_INDEX_STRING_IMPLIED:
    if (v->type != SNMPX_TYPE_OCTET_STRING)
      return SNMPX_EINVAL;
    return append_bytes(o, v, spec->kind == SNMPX_INDEX_STRING);
  case SNMPX_INDEX_STRING_FIXED:
    if (v->type != SNMPX_TYPE_OCTET_STRING ||
        v->v.bytes.len != spec->fixed_len)
      return SNMPX_EINVAL;
    return append_bytes(o, v, false);
  case SNMPX_INDEX_IPADDRESS:
    if (v->type != SNMPX_TYPE_IPADDRESS || v->v.bytes.len != 4)
      return SNMPX_EINVAL;
    return append_bytes(o, v, false);
  case SNMPX_INDEX_OID:
  case SNMPX_INDEX_OID_IMPLIED:
    if (v->type != SNMPX_TYPE_OID)
      return SNMPX_EINVAL;
    return append_oid(o, v, spec->kind == SNMPX_INDEX_OID);
  }
  return SNMPX_EINVAL;
}

int snmpx_oid_encode_index(snmpx_oid *o, const snmpx_index_spec *specs,
                           const snmpx_value *vals, size_t n)
{
  if (o == NULL || (n > 0 && (specs == NULL || vals == NULL)))
    return SNMPX_EINVAL;
  size_t save = o->len;
  for (size_t i = 0; i < n; i++) {
    int rv = encode_one(o, &specs[i], &vals[i]);
    if (rv < 0) {
      o->len = save; /* all or nothing */
      return rv;
    }
  }
  return 0;
}
