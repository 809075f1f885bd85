/* snmpx tools: varbinds printed as Net-SNMP's snmpget/snmpwalk print them.
 *
 * The printing itself is libsnmpx's (snmpx_mibdb_format_varbind and
 * friends, src/mib/mib_value.c, shared with the Python package); this file
 * hands its text to a FILE, and writes the JSON of snmpx poll and trapd. */
#include "format.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void fmt_opts_init(fmt_opts *o)
{
  snmpx_mibdb_output_init(o);
}

int fmt_opts_parse(fmt_opts *o, const char *letters)
{
  return snmpx_mibdb_output_parse(o, letters);
}

/* What one of libsnmpx's printers is asked for. */
typedef struct print_req {
  const fmt_opts *o;
  enum { PRINT_NAME, PRINT_VALUE, PRINT_VARBIND } what;
  snmpx_oidv oid;
  const snmpx_value *value;
  const snmpx_varbind *vb;
} print_req;

static int run(const print_req *r, char *buf, size_t cap)
{
  switch (r->what) {
  case PRINT_NAME:
    return snmpx_mibdb_format_name(r->o, r->oid, buf, cap);
  case PRINT_VALUE:
    return snmpx_mibdb_format_value(r->o, r->oid, r->value, buf, cap);
  default:
    return snmpx_mibdb_format_varbind(r->o, r->vb, buf, cap);
  }
}

/* Print |r| to |out|: into a local buffer, or a heap one when longer. */
static void emit(FILE *out, const print_req *r)
{
  char local[1024];
  int n = run(r, local, sizeof(local));
  if (n <= 0)
    return;
  if ((size_t)n < sizeof(local)) {
    fwrite(local, 1, (size_t)n, out);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (big != NULL && run(r, big, (size_t)n + 1) == n)
    fwrite(big, 1, (size_t)n, out);
  free(big);
}

void fmt_print_oid_numeric(FILE *out, snmpx_oidv oid)
{
  fmt_opts numeric;
  snmpx_mibdb_output_init(&numeric);
  numeric.oid_style = SNMPX_MIBDB_STYLE_NUMERIC;
  emit(out, &(print_req){.o = &numeric, .what = PRINT_NAME, .oid = oid});
}

void fmt_print_oid(FILE *out, const fmt_opts *o, snmpx_oidv oid)
{
  emit(out, &(print_req){.o = o, .what = PRINT_NAME, .oid = oid});
}

void fmt_print_value(FILE *out, const fmt_opts *o, const snmpx_value *v)
{
  emit(out, &(print_req){.o = o, .what = PRINT_VALUE, .value = v});
}

void fmt_print_varbind_text(FILE *out, const fmt_opts *o,
                            const snmpx_varbind *vb)
{
  emit(out, &(print_req){.o = o, .what = PRINT_VARBIND, .vb = vb});
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


