/* Varbinds printed as Net-SNMP 5.9's snmpget/snmpwalk print them, with or
 * without MIB modules (the snmpx command and the Python package share it).
 *
 * Without MIBs the rules were read off the output of Net-SNMP 5.9.3's
 * snmpget and snmpwalk (MIBS= set) against an snmpsim agent serving
 * tests/interop/data/awkward.snmprec (tests/unit/test_tool_format.c holds
 * the observed lines).  With MIBs, the object a varbind belongs to (the
 * deepest MIB node on its name) decides the printer, as Net-SNMP's
 * sprint_realloc_variable does: its base type, enumerations, DISPLAY-HINT
 * and UNITS.  A value of another type than the object's is printed
 * "Wrong Type (should be X): " followed by the plain printing.
 * docs/mibs.md has examples. */
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mib_priv.h"

#define HEX_PER_LINE 16

/* ---- Output into the caller's buffer, with snprintf's result --------- */

typedef struct sink {
  char *buf;
  size_t cap, len; /* len counts what did not fit too */
} sink;

static void put(sink *s, const char *p, size_t n)
{
  if (s->len + 1 < s->cap) {
    size_t room = s->cap - 1 - s->len;
    memcpy(s->buf + s->len, p, n < room ? n : room);
  }
  s->len += n;
}

static void puts_(sink *s, const char *p)
{
  put(s, p, strlen(p));
}

static void putc_(sink *s, char c)
{
  put(s, &c, 1);
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void printf_(sink *s, const char *fmt, ...)
{
  char local[128];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(local, sizeof(local), fmt, ap);
  va_end(ap);
  if (n > 0) /* every caller's output fits 128 bytes */
    put(s, local, (size_t)n < sizeof(local) ? (size_t)n : sizeof(local) - 1);
}

/* Room for a writer with snprintf semantics at the end of |s|. */
static char *tail(sink *s, size_t *room, char *dummy)
{
  if (s->len + 1 < s->cap) {
    *room = s->cap - s->len;
    return s->buf + s->len;
  }
  *room = 1;
  return dummy;
}

static int finish(sink *s)
{
  if (s->cap > 0)
    s->buf[s->len < s->cap ? s->len : s->cap - 1] = '\0';
  return s->len > INT_MAX ? SNMPX_ENOSPACE : (int)s->len;
}

/* ---- Options ------------------------------------------------------------ */

void snmpx_mibdb_output_init(snmpx_mibdb_output *o)
{
  if (o == NULL)
    return;
  memset(o, 0, sizeof(*o));
  o->oid_style = SNMPX_MIBDB_STYLE_MODULE;
  o->str_style = SNMPX_MIBDB_STR_GUESS;
  strcpy(o->float_fmt, "%f");
}

/* -Op PRECISION: the reference builds the format "%" PRECISION "f" and
 * hands it to printf.  We accept only a width/precision made of digits and
 * one '.', followed optionally by one conversion letter among "fFeEgG";
 * whatever follows is printed literally after the number, followed by the
 * 'f' the reference appends.  Anything else keeps the default "%f". */
static void parse_precision(snmpx_mibdb_output *o, const char *p)
{
  size_t n = strspn(p, "0123456789.");
  const char *rest = p + n;
  char conv = 'f';

  if (n > 8 || memchr(p, '.', n) != strrchr(p, '.'))
    return;
  if (*rest != '\0' && strchr("fFeEgG", *rest) != NULL) {
    conv = *rest++;
    if (strlen(rest) + 1 >= sizeof(o->float_suffix))
      return;
    snprintf(o->float_suffix, sizeof(o->float_suffix), "%sf", rest);
  } else if (*rest != '\0') {
    return;
  } else {
    o->float_suffix[0] = '\0';
  }
  snprintf(o->float_fmt, sizeof(o->float_fmt), "%%%.*s%c", (int)n, p, conv);
}

int snmpx_mibdb_output_parse(snmpx_mibdb_output *o, const char *letters)
{
  if (o == NULL || letters == NULL)
    return SNMPX_EINVAL;
  for (const char *p = letters; *p != '\0'; p++) {
    switch (*p) {
    case 'a': o->str_style = SNMPX_MIBDB_STR_ASCII; break;
    case 'b': o->dont_break_index = !o->dont_break_index; break;
    case 'e': o->numeric_enum = !o->numeric_enum; break;
    case 'E': o->escape_quotes = !o->escape_quotes; break;
    case 'f': o->oid_style = SNMPX_MIBDB_STYLE_FULL; break;
    case 'n': o->oid_style = SNMPX_MIBDB_STYLE_NUMERIC; break;
    case 'q': o->quick = !o->quick; break;
    case 'Q':
      o->quick_eq = !o->quick_eq;
      o->quick = !o->quick;
      break;
    case 's': o->oid_style = SNMPX_MIBDB_STYLE_SUFFIX; break;
    case 'S': o->oid_style = SNMPX_MIBDB_STYLE_MODULE; break;
    case 't': o->numeric_ticks = !o->numeric_ticks; break;
    case 'T': o->hex_text = !o->hex_text; break;
    case 'u': o->oid_style = SNMPX_MIBDB_STYLE_UCD; break;
    case 'U': o->no_units = !o->no_units; break;
    case 'v': o->bare_value = !o->bare_value; break;
    case 'x': o->str_style = SNMPX_MIBDB_STR_HEX; break;
    case 'X': o->extended_index = !o->extended_index; break;
    case 'p': parse_precision(o, p + 1); return 0;
    default: return (unsigned char)*p;
    }
  }
  return 0;
}

/* ---- OIDs ------------------------------------------------------------ */

static void print_oid_numeric(sink *s, snmpx_oidv oid)
{
  /* Net-SNMP prints an empty OID as nothing, snmpx_oid_format as ".". */
  if (oid.len == 0)
    return;
  char buf[SNMPX_OID_MAX_LEN * 11 + 1];
  if (oid.len > SNMPX_OID_MAX_LEN)
    oid.len = SNMPX_OID_MAX_LEN;
  int n = snmpx_oid_format(oid, buf, sizeof(buf));
  if (n > 0)
    put(s, buf, (size_t)n);
}

static void print_oid_mib(sink *s, const snmpx_mibdb_output *o, snmpx_oidv oid)
{
  unsigned flags = (o->dont_break_index ? SNMPX_MIBDB_FMT_NO_INDEX : 0) |
                   (o->extended_index ? SNMPX_MIBDB_FMT_EXTENDED_INDEX : 0) |
                   (o->escape_quotes ? SNMPX_MIBDB_FMT_ESCAPE_QUOTES : 0) |
                   (o->quick ? SNMPX_MIBDB_FMT_QUICK : 0);
  char dummy[1];
  size_t room;
  char *at = tail(s, &room, dummy);
  int n = snmpx_mibdb_format_oid(o->mib, oid, o->oid_style, flags, at, room);
  if (n < 0)
    print_oid_numeric(s, oid);
  else
    s->len += (size_t)n;
}

static void print_oid(sink *s, const snmpx_mibdb_output *o, snmpx_oidv oid)
{
  static const char *const roots[] = {"ccitt", "iso", "joint-iso-ccitt"};

  if (o->mib != NULL) {
    print_oid_mib(s, o, oid);
    return;
  }
  if (o->oid_style == SNMPX_MIBDB_STYLE_NUMERIC || oid.len == 0) {
    print_oid_numeric(s, oid);
    return;
  }
  if (o->oid_style == SNMPX_MIBDB_STYLE_FULL ||
      o->oid_style == SNMPX_MIBDB_STYLE_UCD)
    putc_(s, '.');
  if (oid.arcs[0] <= 2)
    puts_(s, roots[oid.arcs[0]]);
  else
    printf_(s, "%" PRIu32, oid.arcs[0]);
  print_oid_numeric(s, (snmpx_oidv){oid.arcs + 1, oid.len - 1});
}

/* ---- Strings ----------------------------------------------------------- */

/* The tools call neither setlocale nor anything locale-aware here, so
 * "printable" is the C locale's isprint/isspace: 0x20..0x7e plus
 * \t \n \v \f \r.  Bytes >= 0x80 are never printable. */
static bool byte_is_text(uint8_t c)
{
  return (c >= 0x20 && c < 0x7f) || (c >= '\t' && c <= '\r');
}

static bool bytes_are_text(const uint8_t *p, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if (!byte_is_text(p[i]))
      return false;
  return true;
}

/* "[text]" after a hex line with -OT: text bytes raw (even '"', '\\' and
 * newlines), the others as '.'. */
static void print_hex_text(sink *s, const uint8_t *p, size_t n)
{
  puts_(s, "  [");
  for (size_t i = 0; i < n; i++)
    putc_(s, byte_is_text(p[i]) ? (char)p[i] : '.');
  putc_(s, ']');
}

/* "61 62 63 " lines of 16 bytes, each byte followed by a space, lines
 * separated by '\n' (no newline after the last one). */
static void print_hex(sink *s, const snmpx_mibdb_output *o, const uint8_t *p,
                      size_t len)
{
  static const char digits[] = "0123456789ABCDEF";
  size_t start = 0;

  for (size_t i = 0; i < len; i++) {
    if (i > 0 && i % HEX_PER_LINE == 0) {
      if (o->hex_text)
        print_hex_text(s, p + start, i - start);
      putc_(s, '\n');
      start = i;
    }
    char hex[3] = {digits[p[i] >> 4], digits[p[i] & 15], ' '};
    put(s, hex, 3);
  }
  if (o->hex_text)
    print_hex_text(s, p + start, len - start);
}

static void print_quoted(sink *s, const uint8_t *p, size_t len)
{
  putc_(s, '"');
  for (size_t i = 0; i < len; i++) {
    if (p[i] == '"' || p[i] == '\\')
      putc_(s, '\\');
    putc_(s, byte_is_text(p[i]) ? (char)p[i] : '.');
  }
  putc_(s, '"');
}

static void print_octets(sink *s, const snmpx_mibdb_output *o,
                         const uint8_t *p, size_t len)
{
  /* An empty string prints as "" with no type, whatever the options. */
  if (len == 0) {
    puts_(s, "\"\"");
    return;
  }
  bool hex = o->str_style == SNMPX_MIBDB_STR_HEX ||
             (o->str_style == SNMPX_MIBDB_STR_GUESS && !bytes_are_text(p, len));
  if (!hex) {
    puts_(s, o->quick ? "" : "STRING: ");
    print_quoted(s, p, len);
    return;
  }
  /* Quick print quotes a hex string, but not a raw Opaque. */
  puts_(s, o->quick ? "\"" : "Hex-STRING: ");
  print_hex(s, o, p, len);
  if (o->quick)
    putc_(s, '"');
}

/* ---- Numbers ----------------------------------------------------------- */

int snmpx_mibdb_format_timeticks(uint32_t t, bool quick, char *buf, size_t cap)
{
  unsigned days = t / 8640000u;
  unsigned hours = t / 360000u % 24u;
  unsigned mins = t / 6000u % 60u;
  unsigned secs = t / 100u % 60u;
  unsigned cents = t % 100u;

  if (buf == NULL && cap > 0)
    return SNMPX_EINVAL;
  if (quick)
    return snprintf(buf, cap, "%u:%u:%02u:%02u.%02u", days, hours, mins, secs,
                    cents);
  if (days == 0)
    return snprintf(buf, cap, "%u:%02u:%02u.%02u", hours, mins, secs, cents);
  return snprintf(buf, cap, "%u %s, %u:%02u:%02u.%02u", days,
                  days == 1 ? "day" : "days", hours, mins, secs, cents);
}

static void print_timeticks_plain(sink *s, const snmpx_mibdb_output *o,
                                  uint32_t t)
{
  char text[64];

  /* -Ot drops the type prefix too, even without -Oq. */
  if (o->numeric_ticks) {
    printf_(s, "%" PRIu32, t);
    return;
  }
  snmpx_mibdb_format_timeticks(t, o->quick, text, sizeof(text));
  if (o->quick)
    puts_(s, text);
  else
    printf_(s, "Timeticks: (%" PRIu32 ") %s", t, text);
}

/* Net-SNMP formats a value as a double in both the Float and the Double
 * case; the format string comes from -Op. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
static void print_float(sink *s, const snmpx_mibdb_output *o, double d)
{
  /* The reference labels doubles "Float" as well. */
  puts_(s, o->quick ? "" : "Opaque: Float: ");
  /* Net-SNMP formats into a 128-byte buffer, so huge values come out cut
   * to 127 characters; do the same. */
  char buf[128];
  int n = snprintf(buf, sizeof(buf), o->float_fmt, d);
  if (n > 0)
    puts_(s, buf);
  puts_(s, o->float_suffix);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static void print_prefixed_u64(sink *s, const snmpx_mibdb_output *o,
                               const char *prefix, uint64_t u)
{
  printf_(s, "%s%" PRIu64, o->quick ? "" : prefix, u);
}

static void print_ipaddress(sink *s, const snmpx_mibdb_output *o,
                            const uint8_t *p, size_t len)
{
  puts_(s, o->quick ? "" : "IpAddress: ");
  for (size_t i = 0; i < len; i++)
    printf_(s, i ? ".%u" : "%u", p[i]);
}

static void print_opaque_raw(sink *s, const snmpx_mibdb_output *o,
                             const uint8_t *p, size_t len)
{
  puts_(s, o->quick ? "" : "OPAQUE: ");
  print_hex(s, o, p, len);
}

/* Net-SNMP's sprint_realloc_bitstring without a MIB: "BITS: ", every
 * octet of the content in hex (the unused-bits octet too), then the number
 * of every bit set, counting from the first octet's high bit; -Oq only the
 * hex, quoted. */
static void print_bit_string(sink *s, const snmpx_mibdb_output *o,
                             const uint8_t *p, size_t len)
{
  puts_(s, o->quick ? "\"" : "BITS: ");
  print_hex(s, o, p, len);
  if (o->quick) {
    putc_(s, '"');
    return;
  }
  for (size_t i = 0; i < len; i++)
    for (unsigned bit = 0; bit < 8; bit++)
      if (p[i] & (0x80u >> bit))
        printf_(s, "%zu ", i * 8 + bit);
}

/* The value as Net-SNMP prints it with no MIB information about it. */
static void print_plain(sink *s, const snmpx_mibdb_output *o,
                        const snmpx_value *v)
{
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    printf_(s, "%s%" PRId64, o->quick ? "" : "INTEGER: ", v->v.i);
    break;
  case SNMPX_TYPE_OCTET_STRING:
    print_octets(s, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_NULL:
    puts_(s, "NULL");
    break;
  case SNMPX_TYPE_OID:
    puts_(s, o->quick ? "" : "OID: ");
    print_oid(s, o, v->v.oid);
    break;
  case SNMPX_TYPE_IPADDRESS:
    print_ipaddress(s, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_COUNTER32:
    print_prefixed_u64(s, o, "Counter32: ", v->v.u);
    break;
  case SNMPX_TYPE_GAUGE32:
    print_prefixed_u64(s, o, "Gauge32: ", v->v.u);
    break;
  case SNMPX_TYPE_TIMETICKS:
    print_timeticks_plain(s, o, (uint32_t)v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE:
    print_opaque_raw(s, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_COUNTER64:
    print_prefixed_u64(s, o, "Counter64: ", v->v.u);
    break;
  case SNMPX_TYPE_UINTEGER32: /* no type prefix, as snmpget */
    printf_(s, "%" PRIu64, v->v.u);
    break;
  case SNMPX_TYPE_BIT_STRING:
    print_bit_string(s, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_OPAQUE_COUNTER64:
    print_prefixed_u64(s, o, "Opaque: Counter64: ", v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE_UINT64:
    print_prefixed_u64(s, o, "Opaque: UInt64: ", v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE_INT64:
    printf_(s, "%s%" PRId64, o->quick ? "" : "Opaque: Int64: ", v->v.i);
    break;
  case SNMPX_TYPE_OPAQUE_FLOAT:
    print_float(s, o, (double)v->v.f);
    break;
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    print_float(s, o, v->v.d);
    break;
  case SNMPX_TYPE_NOSUCHOBJECT:
    puts_(s, "No Such Object available on this agent at this OID");
    break;
  case SNMPX_TYPE_NOSUCHINSTANCE:
    puts_(s, "No Such Instance currently exists at this OID");
    break;
  case SNMPX_TYPE_ENDOFMIBVIEW:
    puts_(s, "No more variables left in this MIB View "
             "(It is past the end of the MIB tree)");
    break;
  default: /* NsapAddress too: snmpget has no printer for it */
    puts_(s, "Variable has bad type");
    break;
  }
}

/* ---- With the MIB object of the varbind --------------------------------- */

typedef struct obj {
  snmpx_mibdb_node node;
  snmpx_mibdb_info info;
  const char *units; /* NULL with -OU or none */
  const char *hint;  /* NULL when none */
} obj;

static void units(sink *s, const obj *ob)
{
  if (ob->units != NULL) {
    putc_(s, ' ');
    puts_(s, ob->units);
  }
}

/* Net-SNMP prints the expected type, then the value as if it had no MIB
 * information (the plain printer, OID values still named by the MIB),
 * unless -OQ. */
static bool wrong_type(sink *s, const snmpx_mibdb_output *o,
                       const snmpx_value *v, bool ok, const char *should)
{
  if (ok)
    return false;
  if (!o->quick_eq) {
    puts_(s, "Wrong Type (should be ");
    puts_(s, should);
    puts_(s, "): ");
  }
  print_plain(s, o, v);
  return true;
}

static void hinted_integer(sink *s, const char *hint, int64_t value,
                           bool is_unsigned)
{
  char buf[128];
  if (snmpx_mibdb_hint_integer(hint, value, is_unsigned, buf, sizeof(buf)) >= 0)
    puts_(s, buf);
  else if (is_unsigned) /* a hint it cannot apply: the number as is */
    printf_(s, "%" PRIu64, (uint64_t)value);
  else
    printf_(s, "%" PRId64, value);
}

static void print_integer(sink *s, const snmpx_mibdb_output *o, const obj *ob,
                          const snmpx_value *v)
{
  if (wrong_type(s, o, v, v->type == SNMPX_TYPE_INTEGER, "INTEGER"))
    return;
  const char *e = snmpx_mibdb_enum_label(o->mib, ob->node, v->v.i);
  if (!o->quick)
    puts_(s, "INTEGER: ");
  if (e == NULL || o->numeric_enum) {
    if (ob->hint != NULL)
      hinted_integer(s, ob->hint, v->v.i, false);
    else
      printf_(s, "%" PRId64, v->v.i);
  } else if (o->quick) {
    puts_(s, e);
  } else {
    puts_(s, e);
    printf_(s, "(%" PRId64 ")", v->v.i);
  }
  units(s, ob);
}

static void print_unsigned(sink *s, const snmpx_mibdb_output *o,
                           const obj *ob, const snmpx_value *v,
                           snmpx_type want, const char *should,
                           const char *label, bool use_hint)
{
  if (wrong_type(s, o, v, v->type == want, should))
    return;
  if (!o->quick)
    puts_(s, label);
  if (use_hint && ob->hint != NULL)
    hinted_integer(s, ob->hint, (int64_t)v->v.u, true);
  else
    printf_(s, "%" PRIu64, v->v.u);
  units(s, ob);
}

static void print_octets_hinted(sink *s, const snmpx_mibdb_output *o,
                                const obj *ob, const snmpx_value *v)
{
  char probe[1];
  if (snmpx_mibdb_hint_octets(ob->hint, v->v.bytes.ptr, v->v.bytes.len, probe,
                              sizeof(probe)) < 0) {
    puts_(s, "(Bad hint ignored: ");
    puts_(s, ob->hint);
    puts_(s, ") ");
    print_plain(s, o, v);
    return;
  }
  if (!o->quick)
    puts_(s, "STRING: ");
  char dummy[1];
  size_t room;
  char *at = tail(s, &room, dummy);
  int n = snmpx_mibdb_hint_octets(ob->hint, v->v.bytes.ptr, v->v.bytes.len, at,
                                  room);
  if (n > 0)
    s->len += (size_t)n;
  units(s, ob);
}

static void print_octet_string(sink *s, const snmpx_mibdb_output *o,
                               const obj *ob, const snmpx_value *v)
{
  if (wrong_type(s, o, v, v->type == SNMPX_TYPE_OCTET_STRING, "OCTET STRING"))
    return;
  if (ob->hint != NULL) {
    print_octets_hinted(s, o, ob, v);
    return;
  }
  print_plain(s, o, v);
  if (v->v.bytes.len > 0) /* "" comes without units */
    units(s, ob);
}

/* BITS: the octets in hex, then each set bit by name ("up(0) "); like
 * Net-SNMP, the search for names only moves forward. */
static void print_bits(sink *s, const snmpx_mibdb_output *o, const obj *ob,
                       const snmpx_value *v)
{
  if (wrong_type(s, o, v,
                 v->type == SNMPX_TYPE_OCTET_STRING ||
                     v->type == SNMPX_TYPE_BIT_STRING,
                 "BITS"))
    return;
  const uint8_t *p = v->v.bytes.ptr;
  size_t len = v->v.bytes.len;
  puts_(s, o->quick ? "\"" : "BITS: ");
  print_hex(s, o, p, len);
  if (o->quick) {
    putc_(s, '"');
    return;
  }
  size_t cursor = 0;
  for (size_t i = 0; i < len; i++) {
    for (unsigned bit = 0; bit < 8; bit++) {
      if (!(p[i] & (0x80u >> bit)))
        continue;
      int64_t want = (int64_t)(i * 8 + bit);
      const char *label = NULL;
      for (; cursor < ob->info.n_enums; cursor++) {
        const char *l;
        int64_t val;
        snmpx_mibdb_enum_at(o->mib, ob->node, cursor, &l, &val);
        if (val == want) {
          label = l;
          break;
        }
      }
      if (label != NULL && !o->numeric_enum)
        puts_(s, label);
      printf_(s, label == NULL || o->numeric_enum ? "%" PRId64 " "
                                                  : "(%" PRId64 ") ",
              want);
    }
  }
}

static void print_timeticks(sink *s, const snmpx_mibdb_output *o,
                            const obj *ob, const snmpx_value *v)
{
  if (wrong_type(s, o, v, v->type == SNMPX_TYPE_TIMETICKS, "Timeticks"))
    return;
  print_plain(s, o, v);
  if (!o->numeric_ticks)
    units(s, ob);
}

static void print_simple(sink *s, const snmpx_mibdb_output *o, const obj *ob,
                         const snmpx_value *v, bool ok, const char *should)
{
  if (wrong_type(s, o, v, ok, should))
    return;
  print_plain(s, o, v);
  units(s, ob);
}

/* SMIv1 NetworkAddress: "Network Address: C0:00:02:01". */
static void print_netaddr(sink *s, const snmpx_mibdb_output *o, const obj *ob,
                          const snmpx_value *v)
{
  if (wrong_type(s, o, v, v->type == SNMPX_TYPE_IPADDRESS, "NetworkAddress"))
    return;
  if (!o->quick)
    puts_(s, "Network Address: ");
  for (size_t i = 0; i < v->v.bytes.len; i++)
    printf_(s, i ? ":%02X" : "%02X", v->v.bytes.ptr[i]);
  units(s, ob);
}

static void print_typed(sink *s, const snmpx_mibdb_output *o, const obj *ob,
                        const snmpx_value *v)
{
  switch (ob->info.type) {
  case SNMPX_MIBDB_TYPE_INTEGER:
  case SNMPX_MIBDB_TYPE_INTEGER32:
    print_integer(s, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_OCTETSTR:
    print_octet_string(s, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_BITS:
    print_bits(s, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_OBJID:
    print_simple(s, o, ob, v, v->type == SNMPX_TYPE_OID, "OBJECT IDENTIFIER");
    break;
  case SNMPX_MIBDB_TYPE_TIMETICKS:
    print_timeticks(s, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_COUNTER:
    print_unsigned(s, o, ob, v, SNMPX_TYPE_COUNTER32, "Counter32",
                   "Counter32: ", false);
    break;
  case SNMPX_MIBDB_TYPE_GAUGE:
  case SNMPX_MIBDB_TYPE_UNSIGNED32:
    print_unsigned(s, o, ob, v, SNMPX_TYPE_GAUGE32, "Gauge32 or Unsigned32",
                   "Gauge32: ", true);
    break;
  case SNMPX_MIBDB_TYPE_IPADDR:
    print_simple(s, o, ob, v, v->type == SNMPX_TYPE_IPADDRESS, "IpAddress");
    break;
  case SNMPX_MIBDB_TYPE_COUNTER64:
    print_simple(s, o, ob, v,
                 v->type == SNMPX_TYPE_COUNTER64 ||
                     v->type == SNMPX_TYPE_OPAQUE_COUNTER64 ||
                     v->type == SNMPX_TYPE_OPAQUE_INT64 ||
                     v->type == SNMPX_TYPE_OPAQUE_UINT64,
                 "Counter64");
    break;
  case SNMPX_MIBDB_TYPE_NETADDR:
    print_netaddr(s, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_OPAQUE:
    /* Net-SNMP's special Opaque types (float, double, 64-bit) fit too. */
    print_simple(s, o, ob, v,
                 v->type == SNMPX_TYPE_OPAQUE ||
                     v->type == SNMPX_TYPE_OPAQUE_FLOAT ||
                     v->type == SNMPX_TYPE_OPAQUE_DOUBLE ||
                     v->type == SNMPX_TYPE_OPAQUE_COUNTER64 ||
                     v->type == SNMPX_TYPE_OPAQUE_INT64 ||
                     v->type == SNMPX_TYPE_OPAQUE_UINT64,
                 "Opaque");
    break;
  case SNMPX_MIBDB_TYPE_NULL:
    print_simple(s, o, ob, v, v->type == SNMPX_TYPE_NULL, "NULL");
    break;
  case SNMPX_MIBDB_TYPE_UINTEGER:
    print_simple(s, o, ob, v, v->type == SNMPX_TYPE_UINTEGER32, "UInteger32");
    break;
  default:
    print_plain(s, o, v);
    break;
  }
}

static void print_value(sink *s, const snmpx_mibdb_output *o, snmpx_oidv name,
                        const snmpx_value *v)
{
  obj ob;
  memset(&ob, 0, sizeof(ob));
  if (o->mib == NULL || name.len == 0 || snmpx_value_is_exception(v)) {
    print_plain(s, o, v);
    return;
  }
  ob.node = snmpx_mibdb_find(o->mib, name, NULL);
  if (snmpx_mibdb_info_get(o->mib, ob.node, &ob.info) != 0) {
    print_plain(s, o, v);
    return;
  }
  ob.units = o->no_units || !*ob.info.units ? NULL : ob.info.units;
  ob.hint = *ob.info.hint ? ob.info.hint : NULL;
  print_typed(s, o, &ob, v);
}

/* ---- Public entry points --------------------------------------------- */

static bool bad_args(const snmpx_mibdb_output *o, char *buf, size_t cap)
{
  return o == NULL || (buf == NULL && cap > 0);
}

int snmpx_mibdb_format_name(const snmpx_mibdb_output *o, snmpx_oidv oid,
                            char *buf, size_t cap)
{
  if (bad_args(o, buf, cap) || (oid.arcs == NULL && oid.len > 0))
    return SNMPX_EINVAL;
  sink s = {buf, cap, 0};
  print_oid(&s, o, oid);
  return finish(&s);
}

int snmpx_mibdb_format_value(const snmpx_mibdb_output *o, snmpx_oidv name,
                             const snmpx_value *v, char *buf, size_t cap)
{
  if (bad_args(o, buf, cap) || v == NULL || (name.arcs == NULL && name.len > 0))
    return SNMPX_EINVAL;
  sink s = {buf, cap, 0};
  print_value(&s, o, name, v);
  return finish(&s);
}

int snmpx_mibdb_format_varbind(const snmpx_mibdb_output *o,
                               const snmpx_varbind *vb, char *buf, size_t cap)
{
  if (bad_args(o, buf, cap) || vb == NULL)
    return SNMPX_EINVAL;
  sink s = {buf, cap, 0};
  if (!o->bare_value) {
    print_oid(&s, o, vb->name);
    /* "=" unless -Oq alone; -OQ brings it back. */
    puts_(&s, o->quick && !o->quick_eq ? " " : " = ");
  }
  print_value(&s, o, vb->name, &vb->value);
  return finish(&s);
}

/* ---- SET values checked as snmpset checks them ------------------------ */

const char *snmpx_mibdb_type_name(snmpx_mibdb_type t)
{
  switch (t) {
  case SNMPX_MIBDB_TYPE_INTEGER:
    return "INTEGER";
  case SNMPX_MIBDB_TYPE_INTEGER32:
    return "Integer32";
  case SNMPX_MIBDB_TYPE_OCTETSTR:
    return "OCTET STRING";
  case SNMPX_MIBDB_TYPE_OBJID:
    return "OBJECT IDENTIFIER";
  case SNMPX_MIBDB_TYPE_IPADDR:
    return "IpAddress";
  case SNMPX_MIBDB_TYPE_NETADDR:
    return "NetworkAddress";
  case SNMPX_MIBDB_TYPE_COUNTER:
    return "Counter32";
  case SNMPX_MIBDB_TYPE_GAUGE:
    return "Gauge32";
  case SNMPX_MIBDB_TYPE_UNSIGNED32:
    return "Unsigned32";
  case SNMPX_MIBDB_TYPE_UINTEGER:
    return "UInteger32";
  case SNMPX_MIBDB_TYPE_TIMETICKS:
    return "Timeticks";
  case SNMPX_MIBDB_TYPE_OPAQUE:
    return "Opaque";
  case SNMPX_MIBDB_TYPE_COUNTER64:
    return "Counter64";
  case SNMPX_MIBDB_TYPE_BITS:
    return "BITS";
  case SNMPX_MIBDB_TYPE_NSAP:
    return "NsapAddress";
  case SNMPX_MIBDB_TYPE_NULL:
    return "NULL";
  default:
    return NULL;
  }
}

bool snmpx_mibdb_in_ranges(const snmpx_mibdb *m, snmpx_mibdb_node n, int64_t v,
                           char *list, size_t cap)
{
  snmpx_mibdb_info in;
  if (snmpx_mibdb_info_get(m, n, &in) != 0)
    in.n_ranges = 0;
  bool ok = in.n_ranges == 0;
  sink s = {list, list != NULL ? cap : 0, 0};
  for (size_t i = 0; i < in.n_ranges; i++) {
    int64_t lo, hi;
    snmpx_mibdb_range_at(m, n, i, &lo, &hi);
    if (v >= lo && v <= hi)
      ok = true;
    if (lo == hi)
      printf_(&s, "%s(%" PRId64 ")", i ? ", " : "", lo);
    else
      printf_(&s, "%s(%" PRId64 "..%" PRId64 ")", i ? ", " : "", lo, hi);
  }
  finish(&s);
  return ok;
}

/* snmpset's name of a value's type and whether an object of type |t|
 * takes it; NULL for value types it does not check. */
static const char *set_type(snmpx_type vt, snmpx_mibdb_type t, bool *fits)
{
  switch (vt) {
  case SNMPX_TYPE_INTEGER:
    *fits = t == SNMPX_MIBDB_TYPE_INTEGER || t == SNMPX_MIBDB_TYPE_INTEGER32;
    return "INTEGER";
  case SNMPX_TYPE_GAUGE32:
    *fits = t == SNMPX_MIBDB_TYPE_GAUGE || t == SNMPX_MIBDB_TYPE_UNSIGNED32;
    return "Unsigned32";
  case SNMPX_TYPE_TIMETICKS:
    *fits = t == SNMPX_MIBDB_TYPE_TIMETICKS;
    return "Timeticks";
  case SNMPX_TYPE_IPADDRESS:
    *fits = t == SNMPX_MIBDB_TYPE_IPADDR;
    return "IpAddress";
  case SNMPX_TYPE_OID:
    *fits = t == SNMPX_MIBDB_TYPE_OBJID;
    return "OBJECT IDENTIFIER";
  case SNMPX_TYPE_OCTET_STRING:
    *fits = t == SNMPX_MIBDB_TYPE_OCTETSTR || t == SNMPX_MIBDB_TYPE_BITS;
    return "OCTET STRING";
  default:
    *fits = true;
    return NULL;
  }
}

int snmpx_mibdb_check_value(const snmpx_mibdb *m, snmpx_oidv name,
                            const snmpx_value *v, char *err, size_t errlen)
{
  char list[512];
  if (m == NULL || v == NULL || (name.arcs == NULL && name.len > 0) ||
      (err == NULL && errlen > 0))
    return SNMPX_EINVAL;
  sink e = {err, errlen, 0};
  finish(&e);
  snmpx_mibdb_node n = snmpx_mibdb_find(m, name, NULL);
  snmpx_mibdb_info in;
  if (snmpx_mibdb_info_get(m, n, &in) != 0 ||
      snmpx_mibdb_type_name(in.type) == NULL)
    return 0;
  bool fits;
  const char *vname = set_type(v->type, in.type, &fits);
  if (!fits) {
    printf_(&e, "Bad variable type (Type of attribute is %s, not %s)",
            snmpx_mibdb_type_name(in.type), vname);
    finish(&e);
    return SNMPX_EMIB_BADTYPE;
  }
  if (v->type == SNMPX_TYPE_INTEGER &&
      !snmpx_mibdb_in_ranges(m, n, v->v.i, list, sizeof(list))) {
    printf_(&e, "Value out of range (%" PRId64 " :: {", v->v.i);
    puts_(&e, list);
    puts_(&e, "})");
    finish(&e);
    return SNMPX_EMIB_RANGE;
  }
  if (v->type == SNMPX_TYPE_OCTET_STRING &&
      in.type == SNMPX_MIBDB_TYPE_OCTETSTR &&
      !snmpx_mibdb_in_ranges(m, n, (int64_t)v->v.bytes.len, list,
                             sizeof(list))) {
    puts_(&e, "Value out of range (Bad string length :: {");
    puts_(&e, list);
    puts_(&e, "})");
    finish(&e);
    return SNMPX_EMIB_RANGE;
  }
  return 0;
}
