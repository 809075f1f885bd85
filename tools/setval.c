/* snmpx tools: snmpset TYPE VALUE parsing, Net-SNMP 5.9 compatible.
 *
 * Every rule below was observed with Net-SNMP 5.9.3's snmpset -d (which
 * dumps the packet it sends) against a closed port, MIBS= set; see
 * docs/netsnmp-behaviour.md.  Quirks are kept on purpose: the point is that
 * "snmpx set" sends what snmpset sends. */
#include "setval.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MSG_BAD_VALUE "Bad value notation (%s)"
#define MSG_RANGE "Value out of range (%s)"
#define TRUNC_WARNING "truncating integer value > 32 bits"

void setval_clear(setval *sv)
{
  free(sv->bytes);
  sv->bytes = NULL;
}

static int fail(char *err, size_t errlen, const char *fmt, const char *text)
{
  snprintf(err, errlen, fmt, text);
  return -1;
}

/* Take |n| bytes of owned storage (at least one, so ptr is never NULL). */
static uint8_t *take_bytes(setval *out, size_t n)
{
  out->bytes = calloc(n ? n : 1, 1);
  return out->bytes;
}

static void set_bytes(setval *out, snmpx_type t, size_t n)
{
  out->value = snmpx_value_bytes(t, out->bytes, n);
}

/* ---- Integers ---------------------------------------------------------- */

/* The reference keeps the number in a C long; a value above 0xffffffff is
 * masked to 32 bits with a warning (negative ones are not).  Then the
 * INTEGER encoder maps values below INT32_MIN to -(v & 0xffffffff) and
 * leaves 2^31..2^32-1 alone, so "i 4294967295" goes out as 4294967295. */
static int64_t truncate_long(setval *out, int64_t v)
{
  if (v > 0xffffffffLL) {
    out->warning = TRUNC_WARNING;
    v &= 0xffffffffLL;
  }
  return v;
}

static int parse_integer(setval *out, const char *text, char *err,
                         size_t errlen)
{
  char *end;
  long long v;

  if (*text == '\0') {
    return fail(err, errlen, MSG_BAD_VALUE, text);
  }
  v = strtoll(text, &end, 10);
  if (*end != '\0') {
    return fail(err, errlen, MSG_RANGE, text);
  }
  v = truncate_long(out, v);
  if (v < INT32_MIN) {
    v = -(v & 0xffffffffLL);
  }
  out->value = snmpx_value_int(SNMPX_TYPE_INTEGER, v);
  return 0;
}

/* u and t: strtoul, as a signed long for the warning, then the unsigned
 * encoder silently keeps the low 32 bits ("u -1" is 4294967295). */
static int parse_unsigned(setval *out, snmpx_type t, const char *text,
                          char *err, size_t errlen)
{
  char *end;
  unsigned long long u;

  if (*text == '\0') {
    return fail(err, errlen, MSG_BAD_VALUE, text);
  }
  u = strtoull(text, &end, 10);
  if (*end != '\0') {
    return fail(err, errlen, MSG_BAD_VALUE, text);
  }
  u = (uint64_t)truncate_long(out, (int64_t)u);
  out->value = snmpx_value_uint(t, u & 0xffffffffULL);
  return 0;
}

/* U and I: an optional '-', then at least one digit; digits accumulate
 * modulo 2^64 and anything after them is ignored ("U 5x" is 5). */
static int parse_64(const char *text, uint64_t *out)
{
  const char *p = text;
  bool neg = false;
  uint64_t u = 0;

  if (*p == '-') {
    neg = true;
    p++;
  }
  if (!isdigit((unsigned char)*p)) {
    return -1;
  }
  while (isdigit((unsigned char)*p)) {
    u = u * 10u + (uint64_t)(*p++ - '0');
  }
  *out = neg ? (uint64_t)0 - u : u;
  return 0;
}

static int parse_opaque_64(setval *out, char type, const char *text,
                           char *err, size_t errlen)
{
  uint64_t u;

  if (parse_64(text, &u) != 0) {
    return fail(err, errlen, MSG_BAD_VALUE, text);
  }
  if (type == 'I') {
    out->value = snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, (int64_t)u);
  } else {
    out->value = snmpx_value_uint(SNMPX_TYPE_OPAQUE_UINT64, u);
  }
  return 0;
}

/* F and D: like sscanf "%f": leading blanks skipped, trailing text
 * ignored, overflow gives inf. */
static int parse_real(setval *out, char type, const char *text, char *err,
                      size_t errlen)
{
  char *end;

  if (type == 'F') {
    float f = strtof(text, &end);
    if (end == text) {
      return fail(err, errlen, MSG_BAD_VALUE, text);
    }
    out->value.type = SNMPX_TYPE_OPAQUE_FLOAT;
    out->value.v.f = f;
  } else {
    double d = strtod(text, &end);
    if (end == text) {
      return fail(err, errlen, MSG_BAD_VALUE, text);
    }
    out->value.type = SNMPX_TYPE_OPAQUE_DOUBLE;
    out->value.v.d = d;
  }
  return 0;
}

/* ---- Strings ----------------------------------------------------------- */

static int hexval(int c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* x: optional "0x"/"0X", then pairs of hex digits; blanks may separate
 * pairs (and lead or trail) but not split one. */
static int parse_hex(setval *out, const char *text, char *err, size_t errlen)
{
  const char *p = text;
  uint8_t *b = take_bytes(out, strlen(text) / 2 + 1);
  size_t n = 0;

  if (b == NULL) {
    return fail(err, errlen, "%s", "out of memory");
  }
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    p += 2;
  }
  for (;;) {
    while (isspace((unsigned char)*p)) {
      p++;
    }
    if (*p == '\0') {
      break;
    }
    if (hexval((unsigned char)p[0]) < 0 || hexval((unsigned char)p[1]) < 0) {
      return fail(err, errlen, MSG_BAD_VALUE, text);
    }
    b[n++] = (uint8_t)(hexval((unsigned char)p[0]) * 16 +
                       hexval((unsigned char)p[1]));
    p += 2;
  }
  set_bytes(out, SNMPX_TYPE_OCTET_STRING, n);
  return 0;
}

/* d: decimal bytes 0..255 separated by blanks and/or dots. */
static int parse_decimal(setval *out, const char *text, char *err,
                         size_t errlen)
{
  const char *p = text;
  uint8_t *b = take_bytes(out, strlen(text) / 2 + 1);
  size_t n = 0;

  if (b == NULL) {
    return fail(err, errlen, "%s", "out of memory");
  }
  for (;;) {
    unsigned v = 0;
    size_t digits = 0;

    while (*p == '.' || isspace((unsigned char)*p)) {
      p++;
    }
    if (*p == '\0') {
      break;
    }
    while (isdigit((unsigned char)*p) && v <= 255) {
      v = v * 10 + (unsigned)(*p++ - '0');
      digits++;
    }
    if (digits == 0 || v > 255 ||
        (*p != '\0' && *p != '.' && !isspace((unsigned char)*p))) {
      return fail(err, errlen, MSG_BAD_VALUE, text);
    }
    b[n++] = (uint8_t)v;
  }
  set_bytes(out, SNMPX_TYPE_OCTET_STRING, n);
  return 0;
}

/* b: BITS as an OCTET STRING; decimal bit numbers separated by blanks or
 * commas, bit 0 being the high bit of the first byte.  A token that is not
 * a whole number is reported alone: "Value out of range (x)".  Negative
 * bit numbers are rejected here (the reference does something odd with
 * them; see the notes). */
static int parse_bits(setval *out, const char *text, char *err,
                      size_t errlen)
{
  const char *p = text;
  char tok[64];
  size_t n = 0;

  if (take_bytes(out, 1) == NULL) {
    return fail(err, errlen, "%s", "out of memory");
  }
  for (;;) {
    size_t len;
    char *end;
    unsigned long bit;
    uint8_t *nb;

    p += strspn(p, " \t,");
    if (*p == '\0') {
      break;
    }
    len = strcspn(p, " \t,");
    snprintf(tok, sizeof(tok), "%.*s", (int)len, p);
    p += len;
    bit = strtoul(tok, &end, 10);
    if (*end != '\0' || tok[0] == '-' || bit > 65535 * 8) {
      return fail(err, errlen, MSG_RANGE, tok);
    }
    if (bit / 8 >= n) {
      nb = realloc(out->bytes, bit / 8 + 1);
      if (nb == NULL) {
        return fail(err, errlen, "%s", "out of memory");
      }
      memset(nb + n, 0, bit / 8 + 1 - n);
      out->bytes = nb;
      n = bit / 8 + 1;
    }
    out->bytes[bit / 8] |= (uint8_t)(0x80u >> (bit % 8));
  }
  set_bytes(out, SNMPX_TYPE_OCTET_STRING, n);
  return 0;
}

static int parse_string(setval *out, const char *text, char *err,
                        size_t errlen)
{
  size_t n = strlen(text);

  if (take_bytes(out, n) == NULL) {
    return fail(err, errlen, "%s", "out of memory");
  }
  memcpy(out->bytes, text, n);
  set_bytes(out, SNMPX_TYPE_OCTET_STRING, n);
  return 0;
}

/* a: inet_aton's forms ("1.2.3" is 1.2.0.3, "0x7f.1" is 127.0.0.1). */
static int parse_ipaddress(setval *out, const char *text, char *err,
                           size_t errlen)
{
  struct in_addr in;

  if (inet_aton(text, &in) == 0 || take_bytes(out, 4) == NULL) {
    return fail(err, errlen, MSG_BAD_VALUE, text);
  }
  memcpy(out->bytes, &in.s_addr, 4); /* network order already */
  set_bytes(out, SNMPX_TYPE_IPADDRESS, 4);
  return 0;
}

/* ---- OIDs -------------------------------------------------------------- */

static bool all_digits(const char *p, size_t len)
{
  size_t i;

  for (i = 0; i < len; i++) {
    if (!isdigit((unsigned char)p[i])) {
      return false;
    }
  }
  return len > 0;
}

static uint32_t arc_value(const char *p, size_t len)
{
  char buf[64];

  snprintf(buf, sizeof(buf), "%.*s", (int)(len < 63 ? len : 63), p);
  return (uint32_t)strtoul(buf, NULL, 10);
}

static int first_arc(const char *p, size_t len, uint32_t *arc)
{
  static const char *const roots[] = {"ccitt", "iso", "joint-iso-ccitt"};
  uint32_t i;

  if (all_digits(p, len)) {
    *arc = arc_value(p, len);
    return 0;
  }
  for (i = 0; i < 3; i++) {
    if (strlen(roots[i]) == len && memcmp(roots[i], p, len) == 0) {
      *arc = i;
      return 0;
    }
  }
  return -1;
}

int setval_parse_oid(snmpx_oid *out, const char *text, char *err,
                     size_t errlen)
{
  const char *p = text[0] == '.' ? text + 1 : text;
  size_t len = strcspn(p, ".");
  uint32_t arc;

  out->len = 0;
  if (first_arc(p, len, &arc) != 0) {
    snprintf(err, errlen,
             "Unknown Object Identifier (Sub-id not found: (top) -> %.*s)",
             (int)len, p);
    return -1;
  }
  out->arcs[out->len++] = arc;
  p += len;
  while (*p == '.') {
    p++;
    len = strcspn(p, ".");
    /* The reference names the rest of the text from the bad arc on. */
    if (!all_digits(p, len)) {
      snprintf(err, errlen, "Unknown Object Identifier (%s)", p);
      return -1;
    }
    if (out->len == SNMPX_OID_MAX_LEN) {
      snprintf(err, errlen, "Unknown Object Identifier (%s)", text);
      return -1;
    }
    out->arcs[out->len++] = arc_value(p, len);
    p += len;
  }
  return 0;
}

/* ---- Entry point ------------------------------------------------------- */

int setval_parse(setval *out, char type, const char *text, char *err,
                 size_t errlen)
{
  memset(out, 0, sizeof(*out));
  switch (type) {
  case 'i': return parse_integer(out, text, err, errlen);
  case 'u': return parse_unsigned(out, SNMPX_TYPE_GAUGE32, text, err, errlen);
  case 't':
    return parse_unsigned(out, SNMPX_TYPE_TIMETICKS, text, err, errlen);
  case 'a': return parse_ipaddress(out, text, err, errlen);
  case 'o':
    if (setval_parse_oid(&out->oid, text, err, errlen) != 0) {
      return -1;
    }
    out->value = snmpx_value_oid(snmpx_oid_view(&out->oid));
    return 0;
  case 's': return parse_string(out, text, err, errlen);
  case 'x': return parse_hex(out, text, err, errlen);
  case 'd': return parse_decimal(out, text, err, errlen);
  case 'b': return parse_bits(out, text, err, errlen);
  case 'n': out->value = snmpx_value_null(); return 0;
  case 'U':
  case 'I': return parse_opaque_64(out, type, text, err, errlen);
  case 'F':
  case 'D': return parse_real(out, type, text, err, errlen);
  case '=':
    /* "use the MIB's type": there is no MIB. */
    snprintf(err, errlen, "Bad variable type (\"=\")");
    return -1;
  default:
    snprintf(err, errlen, "Bad object type: %c", type);
    return -1;
  }
}
