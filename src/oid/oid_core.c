/* OID text parsing and formatting, comparison and building. */

#include "internal.h"

int snmpx_oid_parse(snmpx_oid *out, const char *s)
{
  if (out == NULL || s == NULL)
    return SNMPX_EINVAL;
  return snmpx_oid_parse_n(out, s, strlen(s));
}

/* One decimal arc at s[*pos], stopping at '.' or the end. */
static int parse_arc(const char *s, size_t len, size_t *pos, uint32_t *arc)
{
  uint64_t v = 0;
  size_t start = *pos;
  while (*pos < len && s[*pos] != '.') {
    char ch = s[*pos];
    if (ch < '0' || ch > '9')
      return SNMPX_EOID_SYNTAX;
    v = v * 10 + (uint64_t)(ch - '0');
    if (v > UINT32_MAX)
      return SNMPX_EOID_ARC_RANGE;
    (*pos)++;
  }
  if (*pos == start)
    return SNMPX_EOID_SYNTAX; /* empty arc: "1..3", "1.", "" */
  *arc = (uint32_t)v;
  return 0;
}

int snmpx_oid_parse_n(snmpx_oid *out, const char *s, size_t len)
{
  if (out == NULL || (s == NULL && len > 0))
    return SNMPX_EINVAL;
  snmpx_oid tmp;
  size_t pos = 0;
  tmp.len = 0;
  if (len > 0 && s[0] == '.')
    pos = 1;
  if (pos == len) { /* "" and "." are the empty OID */
    out->len = 0;
    return 0;
  }
  for (;;) {
    uint32_t arc;
    int rv = parse_arc(s, len, &pos, &arc);
    if (rv < 0)
      return rv;
    if (tmp.len == SNMPX_OID_MAX_LEN)
      return SNMPX_EOID_TOOLONG;
    tmp.arcs[tmp.len++] = arc;
    if (pos == len)
      break;
    pos++; /* the '.'; a trailing one leaves an empty arc: rejected */
  }
  return snmpx_oid_set(out, snmpx_oid_view(&tmp));
}

int snmpx_oid_format(snmpx_oidv o, char *buf, size_t cap)
{
  size_t n = 0;
  int rv = 0;
  if (buf == NULL && cap > 0)
    return SNMPX_EINVAL;
  if (o.len == 0) {
    if (cap < 2) {
      if (cap > 0)
        buf[0] = '\0';
      return SNMPX_ENOSPACE;
    }
    buf[0] = '.';
    buf[1] = '\0';
    return 1;
  }
  for (size_t i = 0; i < o.len; i++) {
    /* ".digits", built backwards: a snprintf per arc was most of a trap
     * receiver's time (the tools print every OID through here). */
    char arc[11]; /* '.' and at most 10 digits (4294967295) */
    size_t k = sizeof(arc);
    uint32_t v = o.arcs[i];
    do {
      arc[--k] = (char)('0' + v % 10);
      v /= 10;
    } while (v != 0);
    arc[--k] = '.';
    size_t m = sizeof(arc) - k;
    if (n + m < cap) {
      memcpy(buf + n, arc + k, m);
    } else {
      if (n + 1 < cap)
        memcpy(buf + n, arc + k, cap - 1 - n);
      rv = SNMPX_ENOSPACE;
    }
    n += m;
  }
  if (cap > 0)
    buf[n < cap ? n : cap - 1] = '\0';
  return rv < 0 ? rv : (int)n;
}

int snmpx_oidv_compare(snmpx_oidv a, snmpx_oidv b)
{
  size_t n = a.len < b.len ? a.len : b.len;
  for (size_t i = 0; i < n; i++)
    if (a.arcs[i] != b.arcs[i])
      return a.arcs[i] < b.arcs[i] ? -1 : 1;
  return a.len < b.len ? -1 : a.len > b.len ? 1 : 0;
}

bool snmpx_oidv_has_prefix(snmpx_oidv o, snmpx_oidv prefix)
{
  if (prefix.len > o.len)
    return false;
  for (size_t i = 0; i < prefix.len; i++)
    if (o.arcs[i] != prefix.arcs[i])
      return false;
  return true;
}

int snmpx_oid_set(snmpx_oid *dst, snmpx_oidv src)
{
  if (src.len > SNMPX_OID_MAX_LEN)
    return SNMPX_EOID_TOOLONG;
  if (src.len > 0)
    memmove(dst->arcs, src.arcs, src.len * sizeof(uint32_t));
  dst->len = src.len;
  return 0;
}

int snmpx_oid_append(snmpx_oid *o, uint32_t arc)
{
  if (o->len >= SNMPX_OID_MAX_LEN)
    return SNMPX_EOID_TOOLONG;
  o->arcs[o->len++] = arc;
  return 0;
}

int snmpx_oid_extend(snmpx_oid *o, snmpx_oidv suffix)
{
  if (suffix.len > SNMPX_OID_MAX_LEN - o->len)
    return SNMPX_EOID_TOOLONG;
  if (suffix.len > 0)
    memmove(o->arcs + o->len, suffix.arcs, suffix.len * sizeof(uint32_t));
  o->len += suffix.len;
  return 0;
}
