/* snmpsim's .snmprec data: "OID|TAG|VALUE" lines, TAG the decimal BER tag
 * of the value's type, with an 'x' suffix when VALUE is hex. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "agent_priv.h"

#define LINE_MAX_BYTES 70000 /* a value up to the largest datagram, in hex */

static int hex_digit(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* VALUE as bytes: hex pairs, or the text itself. */
static int parse_bytes(const char *s, size_t len, bool hex, uint8_t *buf,
                       size_t cap, size_t *out_len)
{
  if (!hex) {
    if (len > cap)
      return SNMPX_ENOSPACE;
    if (len > 0)
      memcpy(buf, s, len);
    *out_len = len;
    return 0;
  }
  if (len % 2 != 0)
    return SNMPX_ESNMPREC_VALUE;
  if (len / 2 > cap)
    return SNMPX_ENOSPACE;
  for (size_t i = 0; i < len; i += 2) {
    int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
    if (hi < 0 || lo < 0)
      return SNMPX_ESNMPREC_VALUE;
    buf[i / 2] = (uint8_t)(hi << 4 | lo);
  }
  *out_len = len / 2;
  return 0;
}

/* A decimal number, optionally negative, fully consumed. */
static int parse_number(const char *s, size_t len, bool sign, int64_t lo,
                        uint64_t hi, snmpx_value *v)
{
  char tmp[32];
  if (len == 0 || len >= sizeof(tmp))
    return SNMPX_ESNMPREC_VALUE;
  memcpy(tmp, s, len);
  tmp[len] = '\0';
  char *end;
  errno = 0;
  if (sign && tmp[0] == '-') {
    long long x = strtoll(tmp, &end, 10);
    if (errno != 0 || *end != '\0' || x < lo)
      return SNMPX_ESNMPREC_VALUE;
    v->v.i = x;
    return 0;
  }
  if (tmp[0] < '0' || tmp[0] > '9')
    return SNMPX_ESNMPREC_VALUE;
  unsigned long long x = strtoull(tmp, &end, 10);
  if (errno != 0 || *end != '\0' || x > hi)
    return SNMPX_ESNMPREC_VALUE;
  if (sign)
    v->v.i = (int64_t)x;
  else
    v->v.u = x;
  return 0;
}

static int parse_ipaddress(const char *s, size_t len, bool hex, uint8_t *buf,
                           size_t cap, snmpx_value *v)
{
  size_t n;
  if (cap < 4)
    return SNMPX_ENOSPACE;
  if (hex) {
    int rv = parse_bytes(s, len, true, buf, cap, &n);
    if (rv < 0)
      return rv;
    if (n != 4)
      return SNMPX_ESNMPREC_VALUE;
  } else {
    snmpx_oid dots; /* four arcs 0..255, written like an OID */
    if (snmpx_oid_parse_n(&dots, s, len) < 0 || dots.len != 4 ||
        (len > 0 && s[0] == '.'))
      return SNMPX_ESNMPREC_VALUE;
    for (size_t i = 0; i < 4; i++) {
      if (dots.arcs[i] > 255)
        return SNMPX_ESNMPREC_VALUE;
      buf[i] = (uint8_t)dots.arcs[i];
    }
  }
  *v = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, buf, 4);
  return 0;
}

static int parse_oid_value(const char *s, size_t len, uint32_t *arcs,
                           size_t cap, snmpx_value *v)
{
  snmpx_oid o;
  if (snmpx_oid_parse_n(&o, s, len) < 0)
    return SNMPX_ESNMPREC_VALUE;
  if (o.len > cap)
    return SNMPX_ENOSPACE;
  if (o.len > 0)
    memcpy(arcs, o.arcs, o.len * sizeof(uint32_t));
  *v = snmpx_value_oid((snmpx_oidv){arcs, o.len});
  return 0;
}

static int parse_value(unsigned tag, bool hex, const char *s, size_t len,
                       snmpx_value *v, uint8_t *buf, size_t cap, uint32_t *arcs,
                       size_t arcs_cap)
{
  size_t n;
  int rv;
  v->type = (snmpx_type)tag;
  v->v.u = 0;
  switch (tag) {
  case SNMPX_TYPE_INTEGER:
    return hex ? SNMPX_ESNMPREC_VALUE
               : parse_number(s, len, true, INT32_MIN, INT32_MAX, v);
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
    return hex ? SNMPX_ESNMPREC_VALUE
               : parse_number(s, len, false, 0, UINT32_MAX, v);
  case SNMPX_TYPE_COUNTER64:
    return hex ? SNMPX_ESNMPREC_VALUE
               : parse_number(s, len, false, 0, UINT64_MAX, v);
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_OPAQUE:
    rv = parse_bytes(s, len, hex, buf, cap, &n);
    if (rv == 0)
      *v = snmpx_value_bytes((snmpx_type)tag, buf, n);
    return rv;
  case SNMPX_TYPE_IPADDRESS:
    return parse_ipaddress(s, len, hex, buf, cap, v);
  case SNMPX_TYPE_OID:
    return hex ? SNMPX_ESNMPREC_VALUE
               : parse_oid_value(s, len, arcs, arcs_cap, v);
  case SNMPX_TYPE_NULL:
  case SNMPX_TYPE_NOSUCHOBJECT: /* snmpsim's recorded exceptions */
  case SNMPX_TYPE_NOSUCHINSTANCE:
  case SNMPX_TYPE_ENDOFMIBVIEW:
    return len == 0 ? 0 : SNMPX_ESNMPREC_VALUE;
  default:
    return SNMPX_ESNMPREC_TYPE;
  }
}

/* TAG: decimal digits, then an optional 'x'.  Anything else (snmpsim's
 * "2:numeric" variation modules, "4e") is not served data. */
static int parse_tag(const char *s, size_t len, unsigned *tag, bool *hex)
{
  *hex = len > 0 && s[len - 1] == 'x';
  if (*hex)
    len--;
  if (len == 0 || len > 3)
    return SNMPX_ESNMPREC_TYPE;
  unsigned t = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return SNMPX_ESNMPREC_TYPE;
    t = t * 10 + (unsigned)(s[i] - '0');
  }
  *tag = t;
  return 0;
}

int snmpx_snmprec_parse_line(const char *line, size_t len, snmpx_oid *name,
                             snmpx_value *v, uint8_t *buf, size_t cap,
                             uint32_t *arcs, size_t arcs_cap)
{
  if (line == NULL || name == NULL || v == NULL || (buf == NULL && cap > 0) ||
      (arcs == NULL && arcs_cap > 0))
    return SNMPX_EINVAL;
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    len--;
  size_t start = 0;
  while (start < len && (line[start] == ' ' || line[start] == '\t'))
    start++;
  if (start == len || line[start] == '#')
    return SNMPX_ENOTFOUND;
  const char *bar1 = memchr(line, '|', len);
  const char *bar2 =
      bar1 ? memchr(bar1 + 1, '|', len - (size_t)(bar1 + 1 - line)) : NULL;
  if (bar2 == NULL)
    return SNMPX_ESNMPREC_SYNTAX;
  if (snmpx_oid_parse_n(name, line, (size_t)(bar1 - line)) < 0 ||
      name->len == 0)
    return SNMPX_ESNMPREC_SYNTAX;
  unsigned tag;
  bool hex;
  int rv = parse_tag(bar1 + 1, (size_t)(bar2 - bar1 - 1), &tag, &hex);
  if (rv < 0)
    return rv;
  const char *val = bar2 + 1;
  return parse_value(tag, hex, val, len - (size_t)(val - line), v, buf, cap,
                     arcs, arcs_cap);
}

/* Buffers for parsing lines into values. */
typedef struct loader {
  snmpx_mib *m;
  unsigned flags;
  uint8_t *buf;
  uint32_t *arcs;
  int count;
} loader;

static int loader_init(loader *ld, snmpx_mib *m, unsigned flags)
{
  const snmpx_mem *mem = snmpx__mib_mem(m);
  ld->m = m;
  ld->flags = flags;
  ld->count = 0;
  ld->buf = snmpx__malloc(mem, LINE_MAX_BYTES);
  ld->arcs = snmpx__malloc(mem, SNMPX_OID_MAX_LEN * sizeof(uint32_t));
  return ld->buf != NULL && ld->arcs != NULL ? 0 : SNMPX_ENOMEM;
}

static void loader_clear(loader *ld)
{
  const snmpx_mem *mem = snmpx__mib_mem(ld->m);
  snmpx__free(mem, ld->buf);
  snmpx__free(mem, ld->arcs);
}

/* One line into the tree.  @return 0 or an error. */
static int load_line(loader *ld, const char *line, size_t len)
{
  snmpx_oid name;
  snmpx_value v;
  int rv = snmpx_snmprec_parse_line(line, len, &name, &v, ld->buf,
                                    LINE_MAX_BYTES, ld->arcs,
                                    SNMPX_OID_MAX_LEN);
  if (rv == SNMPX_ENOTFOUND)
    return 0;
  if (rv == SNMPX_ENOSPACE)
    return SNMPX_ESNMPREC_VALUE;
  if (rv < 0)
    return rv;
  if (snmpx_value_is_exception(&v))
    return 0; /* a recorded exception: the name has no value here */
  rv = snmpx_mib_add_value(ld->m, snmpx_oid_view(&name), &v, ld->flags);
  if (rv == 0 && ld->count < INT32_MAX)
    ld->count++;
  return rv;
}

int snmpx_snmprec_load(snmpx_mib *m, const char *path, unsigned flags,
                       size_t *line_no)
{
  if (m == NULL || path == NULL)
    return SNMPX_EINVAL;
  FILE *f = fopen(path, "r");
  if (f == NULL)
    return SNMPX_ENOTFOUND;
  loader ld;
  int rv = loader_init(&ld, m, flags);
  char *line = NULL;
  size_t line_cap = 0, no = 0;
  ssize_t got;
  while (rv == 0 && (got = getline(&line, &line_cap, f)) >= 0) {
    no++;
    rv = load_line(&ld, line, (size_t)got);
  }
  if (line_no != NULL)
    *line_no = rv < 0 ? no : 0;
  free(line); /* from getline: the C library's allocator */
  loader_clear(&ld);
  fclose(f);
  return rv < 0 ? rv : ld.count;
}

int snmpx_snmprec_load_buffer(snmpx_mib *m, const char *text, size_t len,
                              unsigned flags, size_t *line_no)
{
  if (m == NULL || (text == NULL && len > 0))
    return SNMPX_EINVAL;
  loader ld;
  int rv = loader_init(&ld, m, flags);
  size_t at = 0, no = 0;
  while (rv == 0 && at < len) {
    const char *nl = memchr(text + at, '\n', len - at);
    size_t n = nl != NULL ? (size_t)(nl - (text + at)) + 1 : len - at;
    no++;
    rv = load_line(&ld, text + at, n);
    at += n;
  }
  if (line_no != NULL)
    *line_no = rv < 0 ? no : 0;
  loader_clear(&ld);
  return rv < 0 ? rv : ld.count;
}
