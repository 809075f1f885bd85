/* .snmprec output for walks: one line per varbind, as snmpsim's recorder
 * writes them (decimal tag of the BER type, 'x' when the value is hex). */
#include <string.h>

#include <snmpx/ber.h>

#include "snmprec_out.h"

int snmprec_take_option(int *argc, char **argv, const char *tool)
{
  for (int i = 1; i < *argc; i++) {
    const char *fmt = NULL;
    int used = 0;
    if (strcmp(argv[i], "--output") == 0 && i + 1 < *argc) {
      fmt = argv[i + 1];
      used = 2;
    } else if (strncmp(argv[i], "--output=", 9) == 0) {
      fmt = argv[i] + 9;
      used = 1;
    } else if (strcmp(argv[i], "--output") == 0) {
      fprintf(stderr, "%s: --output needs a format (snmprec)\n", tool);
      return -1;
    }
    if (fmt == NULL)
      continue;
    if (strcmp(fmt, "snmprec") != 0) {
      fprintf(stderr, "%s: unknown output format '%s' (snmprec)\n", tool, fmt);
      return -1;
    }
    memmove(&argv[i], &argv[i + used],
            (size_t)(*argc - i - used + 1) * sizeof(char *));
    *argc -= used;
    return 1;
  }
  return 0;
}

/* The OID without its leading dot, as snmpsim writes it. */
static void print_oid(FILE *out, snmpx_oidv o)
{
  char buf[SNMPX_OID_MAX_LEN * 11 + 1];
  if (o.len > SNMPX_OID_MAX_LEN)
    o.len = SNMPX_OID_MAX_LEN;
  int n = o.len > 0 ? snmpx_oid_format(o, buf, sizeof(buf)) : 0;
  if (n > 1)
    fwrite(buf + 1, 1, (size_t)n - 1, out);
}

/* Two lowercase hex digits an octet, written at once. */
static void print_hex(FILE *out, const uint8_t *p, size_t n)
{
  static const char digits[] = "0123456789abcdef";
  char buf[4096];
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (k == sizeof(buf)) {
      fwrite(buf, 1, k, out);
      k = 0;
    }
    buf[k++] = digits[p[i] >> 4];
    buf[k++] = digits[p[i] & 15];
  }
  fwrite(buf, 1, k, out);
}

/* Plain text only when it reads back the same: printable ASCII, no
 * leading or trailing blank a reader might trim. */
static bool is_plain(const uint8_t *p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (p[i] < 0x20 || p[i] > 0x7e)
      return false;
  return n == 0 || (p[0] != ' ' && p[n - 1] != ' ');
}

/* Net-SNMP's Opaque-wrapped numbers back to the raw Opaque content. */
static void print_opaque_special(FILE *out, const snmpx_value *v)
{
  uint8_t buf[64];
  snmpx_ber_writer w;
  snmpx_ber_writer_init(&w, buf, sizeof(buf));
  snmpx_ber_write_value(&w, v);
  snmpx_ber_reader r;
  snmpx_ber_reader_init(&r, snmpx_ber_writer_data(&w), w.used);
  uint8_t tag;
  snmpx_ber_view c = {NULL, 0};
  if (w.err == 0 && snmpx_ber_read_tlv(&r, &tag, &c) == 0)
    print_hex(out, c.ptr, c.len);
}

bool snmprec_print_varbind(FILE *out, const snmpx_varbind *vb)
{
  const snmpx_value *v = &vb->value;
  /* The exceptions, and the pre-SMIv2 types .snmprec has no tag for. */
  if (snmpx_value_is_exception(v) || v->type == SNMPX_TYPE_BIT_STRING ||
      v->type == SNMPX_TYPE_NSAPADDRESS || v->type == SNMPX_TYPE_UINTEGER32)
    return false;
  print_oid(out, vb->name);
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    fprintf(out, "|2|%lld", (long long)v->v.i);
    break;
  case SNMPX_TYPE_OCTET_STRING:
    if (is_plain(v->v.bytes.ptr, v->v.bytes.len)) {
      fprintf(out, "|4|");
      fwrite(v->v.bytes.ptr, 1, v->v.bytes.len, out);
    } else {
      fprintf(out, "|4x|");
      print_hex(out, v->v.bytes.ptr, v->v.bytes.len);
    }
    break;
  case SNMPX_TYPE_NULL:
    fprintf(out, "|5|");
    break;
  case SNMPX_TYPE_OID:
    fprintf(out, "|6|");
    print_oid(out, v->v.oid);
    break;
  case SNMPX_TYPE_IPADDRESS:
    if (v->v.bytes.len == 4) {
      fprintf(out, "|64|%u.%u.%u.%u", v->v.bytes.ptr[0], v->v.bytes.ptr[1],
              v->v.bytes.ptr[2], v->v.bytes.ptr[3]);
    } else {
      fprintf(out, "|64x|");
      print_hex(out, v->v.bytes.ptr, v->v.bytes.len);
    }
    break;
  case SNMPX_TYPE_OPAQUE:
    fprintf(out, "|68x|");
    print_hex(out, v->v.bytes.ptr, v->v.bytes.len);
    break;
  case SNMPX_TYPE_COUNTER32:
  case SNMPX_TYPE_GAUGE32:
  case SNMPX_TYPE_TIMETICKS:
  case SNMPX_TYPE_COUNTER64:
    fprintf(out, "|%d|%llu", (int)v->type, (unsigned long long)v->v.u);
    break;
  default:
    fprintf(out, "|68x|");
    print_opaque_special(out, v);
    break;
  }
  fputc('\n', out);
  return true;
}
