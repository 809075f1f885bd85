/* snmpx tools: varbinds printed as Net-SNMP 5.9 prints them with MIB
 * modules loaded.  The object a varbind belongs to (the deepest MIB node
 * on its name) decides the printer, as Net-SNMP's sprint_realloc_variable
 * does: its base type, enumerations, DISPLAY-HINT and UNITS.  A value of
 * another type than the object's is printed "Wrong Type (should be X): "
 * followed by the plain printing.  docs/mibs.md has examples. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"

static snmpx_mibdb_style style_of(const fmt_opts *o)
{
  switch (o->oid_style) {
  case FMT_OID_FULL:
    return SNMPX_MIBDB_STYLE_FULL;
  case FMT_OID_NUMERIC:
    return SNMPX_MIBDB_STYLE_NUMERIC;
  case FMT_OID_SUFFIX:
    return SNMPX_MIBDB_STYLE_SUFFIX;
  case FMT_OID_UCD:
    return SNMPX_MIBDB_STYLE_UCD;
  default:
    return SNMPX_MIBDB_STYLE_MODULE;
  }
}

void fmt_mib_print_oid(FILE *out, const fmt_opts *o, snmpx_oidv oid)
{
  unsigned flags = (o->dont_break_index ? SNMPX_MIBDB_FMT_NO_INDEX : 0) |
                   (o->extended_index ? SNMPX_MIBDB_FMT_EXTENDED_INDEX : 0) |
                   (o->escape_quotes ? SNMPX_MIBDB_FMT_ESCAPE_QUOTES : 0) |
                   (o->quick ? SNMPX_MIBDB_FMT_QUICK : 0);
  char local[512];
  int n = snmpx_mibdb_format_oid(o->mib, oid, style_of(o), flags, local,
                                 sizeof(local));
  if (n < 0) {
    fmt_print_oid_numeric(out, oid);
    return;
  }
  if ((size_t)n < sizeof(local)) {
    fputs(local, out);
    return;
  }
  char *big = malloc((size_t)n + 1);
  if (big == NULL || snmpx_mibdb_format_oid(o->mib, oid, style_of(o), flags,
                                            big, (size_t)n + 1) < 0)
    fmt_print_oid_numeric(out, oid);
  else
    fputs(big, out);
  free(big);
}

/* ---- Value printers ---------------------------------------------------- */

typedef struct obj {
  snmpx_mibdb_node node;
  snmpx_mibdb_info info;
  const char *units; /* NULL with -OU or none */
  const char *hint;  /* NULL when none */
} obj;

static void units(FILE *out, const obj *ob)
{
  if (ob->units != NULL)
    fprintf(out, " %s", ob->units);
}

/* Net-SNMP prints the expected type, then the value as if it had no MIB
 * information (the plain printer, OID values still named by the MIB),
 * unless -OQ. */
static bool wrong_type(FILE *out, const fmt_opts *o, const snmpx_value *v,
                       bool ok, const char *should)
{
  if (ok)
    return false;
  if (!o->quick_eq)
    fprintf(out, "Wrong Type (should be %s): ", should);
  fmt_print_value(out, o, v);
  return true;
}

static void hinted_integer(FILE *out, const char *hint, int64_t value,
                           bool is_unsigned)
{
  char buf[128];
  if (snmpx_mibdb_hint_integer(hint, value, is_unsigned, buf, sizeof(buf)) >= 0)
    fputs(buf, out);
  else if (is_unsigned) /* a hint it cannot apply: the number as is */
    fprintf(out, "%" PRIu64, (uint64_t)value);
  else
    fprintf(out, "%" PRId64, value);
}

static void print_integer(FILE *out, const fmt_opts *o, const obj *ob,
                          const snmpx_value *v)
{
  if (wrong_type(out, o, v, v->type == SNMPX_TYPE_INTEGER, "INTEGER"))
    return;
  const char *e = snmpx_mibdb_enum_label(o->mib, ob->node, v->v.i);
  if (!o->quick)
    fputs("INTEGER: ", out);
  if (e == NULL || o->numeric_enum) {
    if (ob->hint != NULL)
      hinted_integer(out, ob->hint, v->v.i, false);
    else
      fprintf(out, "%" PRId64, v->v.i);
  } else if (o->quick) {
    fputs(e, out);
  } else {
    fprintf(out, "%s(%" PRId64 ")", e, v->v.i);
  }
  units(out, ob);
}

static void print_unsigned(FILE *out, const fmt_opts *o, const obj *ob,
                           const snmpx_value *v, snmpx_type want,
                           const char *should, const char *label, bool use_hint)
{
  if (wrong_type(out, o, v, v->type == want, should))
    return;
  if (!o->quick)
    fputs(label, out);
  if (use_hint && ob->hint != NULL)
    hinted_integer(out, ob->hint, (int64_t)v->v.u, true);
  else
    fprintf(out, "%" PRIu64, v->v.u);
  units(out, ob);
}

static void print_octets_hinted(FILE *out, const fmt_opts *o, const obj *ob,
                                const snmpx_value *v)
{
  const uint8_t *p = v->v.bytes.ptr;
  size_t len = v->v.bytes.len;
  char local[512];
  int n = snmpx_mibdb_hint_octets(ob->hint, p, len, local, sizeof(local));
  if (n < 0) {
    fprintf(out, "(Bad hint ignored: %s) ", ob->hint);
    fmt_print_value(out, o, v);
    return;
  }
  if (!o->quick)
    fputs("STRING: ", out);
  if ((size_t)n < sizeof(local)) {
    fwrite(local, 1, (size_t)n, out);
  } else {
    char *big = malloc((size_t)n + 1);
    if (big != NULL &&
        snmpx_mibdb_hint_octets(ob->hint, p, len, big, (size_t)n + 1) == n)
      fwrite(big, 1, (size_t)n, out);
    free(big);
  }
  units(out, ob);
}

static void print_octet_string(FILE *out, const fmt_opts *o, const obj *ob,
                               const snmpx_value *v)
{
  if (wrong_type(out, o, v, v->type == SNMPX_TYPE_OCTET_STRING, "OCTET STRING"))
    return;
  if (ob->hint != NULL) {
    print_octets_hinted(out, o, ob, v);
    return;
  }
  fmt_print_value(out, o, v);
  if (v->v.bytes.len > 0) /* "" comes without units */
    units(out, ob);
}

/* BITS: the octets in hex, then each set bit by name ("up(0) "); like
 * Net-SNMP, the search for names only moves forward. */
static void print_bits(FILE *out, const fmt_opts *o, const obj *ob,
                       const snmpx_value *v)
{
  if (wrong_type(out, o, v,
                 v->type == SNMPX_TYPE_OCTET_STRING ||
                     v->type == SNMPX_TYPE_BIT_STRING,
                 "BITS"))
    return;
  const uint8_t *p = v->v.bytes.ptr;
  size_t len = v->v.bytes.len;
  fputs(o->quick ? "\"" : "BITS: ", out);
  fmt_print_hex(out, o, p, len);
  if (o->quick) {
    fputc('"', out);
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
      if (label == NULL || o->numeric_enum)
        fprintf(out, "%" PRId64 " ", want);
      else
        fprintf(out, "%s(%" PRId64 ") ", label, want);
    }
  }
}

static void print_timeticks(FILE *out, const fmt_opts *o, const obj *ob,
                            const snmpx_value *v)
{
  if (wrong_type(out, o, v, v->type == SNMPX_TYPE_TIMETICKS, "Timeticks"))
    return;
  fmt_print_value(out, o, v);
  if (!o->numeric_ticks)
    units(out, ob);
}

static void print_simple(FILE *out, const fmt_opts *o, const obj *ob,
                         const snmpx_value *v, bool ok, const char *should)
{
  if (wrong_type(out, o, v, ok, should))
    return;
  fmt_print_value(out, o, v);
  units(out, ob);
}

/* SMIv1 NetworkAddress: "Network Address: C0:00:02:01". */
static void print_netaddr(FILE *out, const fmt_opts *o, const obj *ob,
                          const snmpx_value *v)
{
  if (wrong_type(out, o, v, v->type == SNMPX_TYPE_IPADDRESS, "NetworkAddress"))
    return;
  if (!o->quick)
    fputs("Network Address: ", out);
  for (size_t i = 0; i < v->v.bytes.len; i++)
    fprintf(out, i ? ":%02X" : "%02X", v->v.bytes.ptr[i]);
  units(out, ob);
}

static void print_value(FILE *out, const fmt_opts *o, const obj *ob,
                        const snmpx_value *v)
{
  switch (ob->info.type) {
  case SNMPX_MIBDB_TYPE_INTEGER:
  case SNMPX_MIBDB_TYPE_INTEGER32:
    print_integer(out, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_OCTETSTR:
    print_octet_string(out, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_BITS:
    print_bits(out, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_OBJID:
    print_simple(out, o, ob, v, v->type == SNMPX_TYPE_OID, "OBJECT IDENTIFIER");
    break;
  case SNMPX_MIBDB_TYPE_TIMETICKS:
    print_timeticks(out, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_COUNTER:
    print_unsigned(out, o, ob, v, SNMPX_TYPE_COUNTER32, "Counter32",
                   "Counter32: ", false);
    break;
  case SNMPX_MIBDB_TYPE_GAUGE:
  case SNMPX_MIBDB_TYPE_UNSIGNED32:
    print_unsigned(out, o, ob, v, SNMPX_TYPE_GAUGE32, "Gauge32 or Unsigned32",
                   "Gauge32: ", true);
    break;
  case SNMPX_MIBDB_TYPE_IPADDR:
    print_simple(out, o, ob, v, v->type == SNMPX_TYPE_IPADDRESS, "IpAddress");
    break;
  case SNMPX_MIBDB_TYPE_COUNTER64:
    print_simple(out, o, ob, v,
                 v->type == SNMPX_TYPE_COUNTER64 ||
                     v->type == SNMPX_TYPE_OPAQUE_COUNTER64 ||
                     v->type == SNMPX_TYPE_OPAQUE_INT64 ||
                     v->type == SNMPX_TYPE_OPAQUE_UINT64,
                 "Counter64");
    break;
  case SNMPX_MIBDB_TYPE_NETADDR:
    print_netaddr(out, o, ob, v);
    break;
  case SNMPX_MIBDB_TYPE_OPAQUE:
    /* Net-SNMP's special Opaque types (float, double, 64-bit) fit too. */
    print_simple(out, o, ob, v,
                 v->type == SNMPX_TYPE_OPAQUE ||
                     v->type == SNMPX_TYPE_OPAQUE_FLOAT ||
                     v->type == SNMPX_TYPE_OPAQUE_DOUBLE ||
                     v->type == SNMPX_TYPE_OPAQUE_COUNTER64 ||
                     v->type == SNMPX_TYPE_OPAQUE_INT64 ||
                     v->type == SNMPX_TYPE_OPAQUE_UINT64,
                 "Opaque");
    break;
  case SNMPX_MIBDB_TYPE_NULL:
    print_simple(out, o, ob, v, v->type == SNMPX_TYPE_NULL, "NULL");
    break;
  case SNMPX_MIBDB_TYPE_UINTEGER:
    print_simple(out, o, ob, v, v->type == SNMPX_TYPE_UINTEGER32,
                 "UInteger32");
    break;
  default:
    fmt_print_value(out, o, v);
    break;
  }
}

void fmt_mib_print_varbind(FILE *out, const fmt_opts *o,
                           const snmpx_varbind *vb)
{
  if (!o->bare_value) {
    fmt_mib_print_oid(out, o, vb->name);
    fputs(o->quick && !o->quick_eq ? " " : " = ", out);
  }
  obj ob;
  memset(&ob, 0, sizeof(ob));
  ob.node = snmpx_mibdb_find(o->mib, vb->name, NULL);
  if (snmpx_value_is_exception(&vb->value) ||
      snmpx_mibdb_info_get(o->mib, ob.node, &ob.info) != 0) {
    fmt_print_value(out, o, &vb->value);
  } else {
    ob.units = o->no_units || !*ob.info.units ? NULL : ob.info.units;
    ob.hint = *ob.info.hint ? ob.info.hint : NULL;
    print_value(out, o, &ob, &vb->value);
  }
}
