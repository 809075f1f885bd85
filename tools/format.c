/* snmpx tools: Net-SNMP-identical varbind printing without MIBs.
 *
 * The rules below were read off the output of Net-SNMP 5.9.3's snmpget and
 * snmpwalk (MIBS= set, so no MIB module is loaded) against an snmpsim
 * agent serving tests/interop/data/awkward.snmprec; the unit test
 * tests/unit/test_tool_format.c holds the observed lines. */
#include "format.h"

#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#define HEX_PER_LINE 16

void fmt_opts_init(fmt_opts *o)
{
  memset(o, 0, sizeof(*o));
  o->oid_style = FMT_OID_DEFAULT;
  o->str_style = FMT_STR_GUESS;
  strcpy(o->float_fmt, "%f");
}

/* -Op PRECISION: the reference builds the format "%" PRECISION "f" and
 * hands it to printf.  We accept only a width/precision made of digits and
 * one '.', followed optionally by one conversion letter among "fFeEgG";
 * whatever follows is printed literally after the number, followed by the
 * 'f' the reference appends.  Anything else keeps the default "%f". */
static void parse_precision(fmt_opts *o, const char *p)
{
  size_t n = strspn(p, "0123456789.");
  const char *rest = p + n;
  char conv = 'f';

  if (n > 8 || memchr(p, '.', n) != strrchr(p, '.')) {
    return;
  }
  if (*rest != '\0' && strchr("fFeEgG", *rest) != NULL) {
    conv = *rest++;
    if (strlen(rest) + 1 >= sizeof(o->float_suffix)) {
      return;
    }
    snprintf(o->float_suffix, sizeof(o->float_suffix), "%sf", rest);
  } else if (*rest != '\0') {
    return;
  } else {
    o->float_suffix[0] = '\0';
  }
  snprintf(o->float_fmt, sizeof(o->float_fmt), "%%%.*s%c", (int)n, p, conv);
}

int fmt_opts_parse(fmt_opts *o, const char *letters)
{
  const char *p;

  for (p = letters; *p != '\0'; p++) {
    switch (*p) {
    case 'a': o->str_style = FMT_STR_ASCII; break;
    case 'b': o->dont_break_index = !o->dont_break_index; break;
    case 'e': o->numeric_enum = !o->numeric_enum; break;
    case 'E': o->escape_quotes = !o->escape_quotes; break;
    case 'f': o->oid_style = FMT_OID_FULL; break;
    case 'n': o->oid_style = FMT_OID_NUMERIC; break;
    case 'q': o->quick = !o->quick; break;
    case 'Q':
      o->quick_eq = !o->quick_eq;
      o->quick = !o->quick;
      break;
    case 's': o->oid_style = FMT_OID_SUFFIX; break;
    case 'S': o->oid_style = FMT_OID_DEFAULT; break;
    case 't': o->numeric_ticks = !o->numeric_ticks; break;
    case 'T': o->hex_text = !o->hex_text; break;
    case 'u': o->oid_style = FMT_OID_UCD; break;
    case 'U': o->no_units = !o->no_units; break;
    case 'v': o->bare_value = !o->bare_value; break;
    case 'x': o->str_style = FMT_STR_HEX; break;
    case 'X': o->extended_index = !o->extended_index; break;
    case 'p': parse_precision(o, p + 1); return 0;
    default: return (unsigned char)*p;
    }
  }
  return 0;
}

/* ---- OIDs ------------------------------------------------------------ */

void fmt_print_oid_numeric(FILE *out, snmpx_oidv oid)
{
  /* Net-SNMP prints an empty OID as nothing, snmpx_oid_format as ".". */
  if (oid.len == 0)
    return;
  char buf[SNMPX_OID_MAX_LEN * 11 + 1];
  if (oid.len > SNMPX_OID_MAX_LEN)
    oid.len = SNMPX_OID_MAX_LEN;
  int n = snmpx_oid_format(oid, buf, sizeof(buf));
  if (n > 0)
    fwrite(buf, 1, (size_t)n, out);
}

void fmt_print_oid(FILE *out, const fmt_opts *o, snmpx_oidv oid)
{
  static const char *const roots[] = {"ccitt", "iso", "joint-iso-ccitt"};

  if (o->mib != NULL) {
    fmt_mib_print_oid(out, o, oid);
    return;
  }
  if (o->oid_style == FMT_OID_NUMERIC || oid.len == 0) {
    fmt_print_oid_numeric(out, oid);
    return;
  }
  if (o->oid_style == FMT_OID_FULL || o->oid_style == FMT_OID_UCD) {
    fputc('.', out);
  }
  if (oid.arcs[0] <= 2) {
    fputs(roots[oid.arcs[0]], out);
  } else {
    fprintf(out, "%" PRIu32, oid.arcs[0]);
  }
  fmt_print_oid_numeric(out, (snmpx_oidv){oid.arcs + 1, oid.len - 1});
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
  size_t i;

  for (i = 0; i < len; i++) {
    if (!byte_is_text(p[i])) {
      return false;
    }
  }
  return true;
}

/* "[text]" after a hex line with -OT: text bytes raw (even '"', '\\' and
 * newlines), the others as '.'. */
static void print_hex_text(FILE *out, const uint8_t *p, size_t n)
{
  size_t i;

  fputs("  [", out);
  for (i = 0; i < n; i++) {
    fputc(byte_is_text(p[i]) ? p[i] : '.', out);
  }
  fputc(']', out);
}

/* "61 62 63 " lines of 16 bytes, each byte followed by a space, lines
 * separated by '\n' (no newline after the last one). */
void fmt_print_hex(FILE *out, const fmt_opts *o, const uint8_t *p,
                   size_t len)
{
  size_t i, start = 0;

  for (i = 0; i < len; i++) {
    if (i > 0 && i % HEX_PER_LINE == 0) {
      if (o->hex_text) {
        print_hex_text(out, p + start, i - start);
      }
      fputc('\n', out);
      start = i;
    }
    fprintf(out, "%02X ", p[i]);
  }
  if (o->hex_text) {
    print_hex_text(out, p + start, len - start);
  }
}

void fmt_print_quoted(FILE *out, const uint8_t *p, size_t len)
{
  size_t i;

  fputc('"', out);
  for (i = 0; i < len; i++) {
    if (p[i] == '"' || p[i] == '\\') {
      fputc('\\', out);
    }
    fputc(byte_is_text(p[i]) ? p[i] : '.', out);
  }
  fputc('"', out);
}

static void print_octets(FILE *out, const fmt_opts *o, const uint8_t *p,
                         size_t len)
{
  bool hex;

  /* An empty string prints as "" with no type, whatever the options. */
  if (len == 0) {
    fputs("\"\"", out);
    return;
  }
  hex = o->str_style == FMT_STR_HEX ||
        (o->str_style == FMT_STR_GUESS && !bytes_are_text(p, len));
  if (!hex) {
    fputs(o->quick ? "" : "STRING: ", out);
    fmt_print_quoted(out, p, len);
    return;
  }
  /* Quick print quotes a hex string, but not a raw Opaque. */
  fputs(o->quick ? "\"" : "Hex-STRING: ", out);
  fmt_print_hex(out, o, p, len);
  if (o->quick) {
    fputc('"', out);
  }
}

/* ---- Numbers ----------------------------------------------------------- */

void fmt_timeticks_text(uint32_t t, bool quick, char *buf, size_t cap)
{
  unsigned days = t / 8640000u;
  unsigned hours = t / 360000u % 24u;
  unsigned mins = t / 6000u % 60u;
  unsigned secs = t / 100u % 60u;
  unsigned cents = t % 100u;

  if (quick) {
    snprintf(buf, cap, "%u:%u:%02u:%02u.%02u", days, hours, mins, secs,
             cents);
  } else if (days == 0) {
    snprintf(buf, cap, "%u:%02u:%02u.%02u", hours, mins, secs, cents);
  } else {
    snprintf(buf, cap, "%u %s, %u:%02u:%02u.%02u", days,
             days == 1 ? "day" : "days", hours, mins, secs, cents);
  }
}

static void print_timeticks(FILE *out, const fmt_opts *o, uint32_t t)
{
  char text[64];

  /* -Ot drops the type prefix too, even without -Oq. */
  if (o->numeric_ticks) {
    fprintf(out, "%" PRIu32, t);
    return;
  }
  fmt_timeticks_text(t, o->quick, text, sizeof(text));
  if (o->quick) {
    fputs(text, out);
  } else {
    fprintf(out, "Timeticks: (%" PRIu32 ") %s", t, text);
  }
}

/* Net-SNMP formats a value as a double in both the Float and the Double
 * case; the format string comes from -Op. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
static void print_float(FILE *out, const fmt_opts *o, double d)
{
  /* The reference labels doubles "Float" as well. */
  fputs(o->quick ? "" : "Opaque: Float: ", out);
  /* Net-SNMP formats into a 128-byte buffer, so huge values come out cut
   * to 127 characters; do the same. */
  char buf[128];
  snprintf(buf, sizeof(buf), o->float_fmt, d);
  fputs(buf, out);
  fputs(o->float_suffix, out);
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static void print_prefixed_u64(FILE *out, const fmt_opts *o,
                               const char *prefix, uint64_t u)
{
  fprintf(out, "%s%" PRIu64, o->quick ? "" : prefix, u);
}

static void print_ipaddress(FILE *out, const fmt_opts *o, const uint8_t *p,
                            size_t len)
{
  size_t i;

  fputs(o->quick ? "" : "IpAddress: ", out);
  for (i = 0; i < len; i++) {
    fprintf(out, i ? ".%u" : "%u", p[i]);
  }
}

static void print_opaque_raw(FILE *out, const fmt_opts *o, const uint8_t *p,
                             size_t len)
{
  fputs(o->quick ? "" : "OPAQUE: ", out);
  fmt_print_hex(out, o, p, len);
}

/* Net-SNMP's sprint_realloc_bitstring without a MIB: "BITS: ", every
 * octet of the content in hex (the unused-bits octet too), then the number
 * of every bit set, counting from the first octet's high bit; -Oq only the
 * hex, quoted. */
static void print_bit_string(FILE *out, const fmt_opts *o, const uint8_t *p,
                             size_t len)
{
  fputs(o->quick ? "\"" : "BITS: ", out);
  fmt_print_hex(out, o, p, len);
  if (o->quick) {
    fputc('"', out);
    return;
  }
  for (size_t i = 0; i < len; i++)
    for (unsigned bit = 0; bit < 8; bit++)
      if (p[i] & (0x80u >> bit))
        fprintf(out, "%zu ", i * 8 + bit);
}

void fmt_print_value(FILE *out, const fmt_opts *o, const snmpx_value *v)
{
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    fprintf(out, "%s%" PRId64, o->quick ? "" : "INTEGER: ", v->v.i);
    break;
  case SNMPX_TYPE_OCTET_STRING:
    print_octets(out, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_NULL:
    fputs("NULL", out);
    break;
  case SNMPX_TYPE_OID:
    fputs(o->quick ? "" : "OID: ", out);
    fmt_print_oid(out, o, v->v.oid);
    break;
  case SNMPX_TYPE_IPADDRESS:
    print_ipaddress(out, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_COUNTER32:
    print_prefixed_u64(out, o, "Counter32: ", v->v.u);
    break;
  case SNMPX_TYPE_GAUGE32:
    print_prefixed_u64(out, o, "Gauge32: ", v->v.u);
    break;
  case SNMPX_TYPE_TIMETICKS:
    print_timeticks(out, o, (uint32_t)v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE:
    print_opaque_raw(out, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_COUNTER64:
    print_prefixed_u64(out, o, "Counter64: ", v->v.u);
    break;
  case SNMPX_TYPE_UINTEGER32: /* no type prefix, as snmpget */
    fprintf(out, "%" PRIu64, v->v.u);
    break;
  case SNMPX_TYPE_BIT_STRING:
    print_bit_string(out, o, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_OPAQUE_COUNTER64:
    print_prefixed_u64(out, o, "Opaque: Counter64: ", v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE_UINT64:
    print_prefixed_u64(out, o, "Opaque: UInt64: ", v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE_INT64:
    fprintf(out, "%s%" PRId64, o->quick ? "" : "Opaque: Int64: ", v->v.i);
    break;
  case SNMPX_TYPE_OPAQUE_FLOAT:
    print_float(out, o, (double)v->v.f);
    break;
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    print_float(out, o, v->v.d);
    break;
  case SNMPX_TYPE_NOSUCHOBJECT:
    fputs("No Such Object available on this agent at this OID", out);
    break;
  case SNMPX_TYPE_NOSUCHINSTANCE:
    fputs("No Such Instance currently exists at this OID", out);
    break;
  case SNMPX_TYPE_ENDOFMIBVIEW:
    fputs("No more variables left in this MIB View "
          "(It is past the end of the MIB tree)",
          out);
    break;
  default: /* NsapAddress too: snmpget has no printer for it */
    fprintf(out, "Variable has bad type");
    break;
  }
}

void fmt_print_varbind_text(FILE *out, const fmt_opts *o,
                            const snmpx_varbind *vb)
{
  if (o->mib != NULL) {
    fmt_mib_print_varbind(out, o, vb);
    return;
  }
  if (!o->bare_value) {
    fmt_print_oid(out, o, vb->name);
    /* "=" unless -Oq alone; -OQ brings it back. */
    fputs(o->quick && !o->quick_eq ? " " : " = ", out);
  }
  fmt_print_value(out, o, &vb->value);
}

void fmt_print_varbind(FILE *out, const fmt_opts *o, const snmpx_varbind *vb)
{
  fmt_print_varbind_text(out, o, vb);
  fputc('\n', out);
}

/* ---- JSON (snmpx poll, snmpx trapd) -------------------------------------- */

void fmt_json_string(FILE *out, const uint8_t *p, size_t len)
{
  fputc('"', out);
  for (size_t i = 0; i < len; i++) {
    uint8_t ch = p[i];
    if (ch == '"' || ch == '\\')
      fprintf(out, "\\%c", ch);
    else if (ch < 0x20 || ch >= 0x7f)
      fprintf(out, "\\u%04x", ch);
    else
      fputc(ch, out);
  }
  fputc('"', out);
}

static bool printable(const uint8_t *p, size_t len)
{
  for (size_t i = 0; i < len; i++)
    if ((p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t') ||
        p[i] >= 0x7f)
      return false;
  return true;
}

void fmt_json_int(FILE *out, int64_t v)
{
  if (v >= -FMT_JSON_SAFE && v <= FMT_JSON_SAFE)
    fprintf(out, "%" PRId64, v);
  else
    fprintf(out, "\"%" PRId64 "\"", v);
}

/* The value as JSON, by the rules of docs/json.md.  A JSON number is read
 * as an IEEE double by jq 1.6 and JavaScript, exact only up to 2^53-1:
 * Counter64 2^64-1 would come out as 18446744073709552000.  So the 64-bit
 * types are always strings (one JSON type per SNMP type, whatever the
 * value); the 32-bit ones always fit a number.  INTEGER is 32 bits by the
 * SMI (RFC 2578 7.1.1) but up to 8 octets are accepted on the wire, as
 * Net-SNMP does: such an out-of-range value becomes a string only when a
 * number would lose digits. */
void fmt_json_value(FILE *out, const snmpx_value *v)
{
  char buf[64];
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    fmt_json_int(out, v->v.i);
    break;
  case SNMPX_TYPE_OPAQUE_INT64:
    fprintf(out, "\"%" PRId64 "\"", v->v.i);
    break;
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_UINTEGER32:
    /* 32 bits on the wire; a wider value made in memory keeps the rule. */
    if (v->v.u <= (uint64_t)FMT_JSON_SAFE)
      fprintf(out, "%" PRIu64, v->v.u);
    else
      fprintf(out, "\"%" PRIu64 "\"", v->v.u);
    break;
  case SNMPX_TYPE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_COUNTER64:
  case SNMPX_TYPE_OPAQUE_UINT64:
    fprintf(out, "\"%" PRIu64 "\"", v->v.u);
    break;
  case SNMPX_TYPE_OPAQUE_FLOAT:
  case SNMPX_TYPE_OPAQUE_DOUBLE: {
    double d = v->type == SNMPX_TYPE_OPAQUE_FLOAT ? v->v.f : v->v.d;
    if (isfinite(d))
      fprintf(out, "%.17g", d);
    else
      fputs("null", out);
    break;
  }
  case SNMPX_TYPE_IPADDRESS:
    if (v->v.bytes.len == 4) {
      const uint8_t *a = v->v.bytes.ptr;
      snprintf(buf, sizeof(buf), "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
      fmt_json_string(out, (const uint8_t *)buf, strlen(buf));
    } else {
      fputs("null", out);
    }
    break;
  case SNMPX_TYPE_OID:
    fputc('"', out);
    fmt_print_oid_numeric(out, v->v.oid);
    fputc('"', out);
    break;
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_OPAQUE:
  case SNMPX_TYPE_BIT_STRING:
  case SNMPX_TYPE_NSAPADDRESS:
    if (v->type == SNMPX_TYPE_OCTET_STRING &&
        printable(v->v.bytes.ptr, v->v.bytes.len)) {
      fmt_json_string(out, v->v.bytes.ptr, v->v.bytes.len);
    } else {
      fputs("{\"hex\":\"", out);
      for (size_t i = 0; i < v->v.bytes.len; i++)
        fprintf(out, "%02x", v->v.bytes.ptr[i]);
      fputs("\"}", out);
    }
    break;
  default:
    fputs("null", out);
    break;
  }
}


