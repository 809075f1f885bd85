/* libFuzzer target: values printed as snmpwalk prints them, and SET
 * values checked as snmpset checks them (src/mib/mib_value.c), for
 * objects of a small module with every kind of printer (hints, enums,
 * BITS, UNITS, ranges, sizes, indexes).  The input is what an agent
 * controls: a name and a value of any type, and -O letters.
 *
 * Layout: byte 0: -O letters count n (mod 8); then n letters; a value
 * type code; a sub-identifier count k (mod 8) and k bytes of arcs under
 * the module (so names hit its objects and indexes); the rest is the
 * value (bytes, or a number from its first 8 octets).  abort() when a
 * printer breaks snprintf's contract (a cut text not a prefix of the
 * whole, a wrong length) or a check returns something undocumented. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <snmpx/snmpx.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char module[] =
    "FUZZ-VALUE-MIB DEFINITIONS ::= BEGIN\n"
    "org OBJECT IDENTIFIER ::= { iso 3 }\n"
    "dod OBJECT IDENTIFIER ::= { org 6 }\n"
    "internet OBJECT IDENTIFIER ::= { dod 1 }\n"
    "enterprises OBJECT IDENTIFIER ::= { internet 4 1 }\n"
    "fz OBJECT IDENTIFIER ::= { enterprises 99993 }\n"
    "Hex ::= TEXTUAL-CONVENTION DISPLAY-HINT \"*1x:/1d-\" STATUS current\n"
    "  DESCRIPTION \"\" SYNTAX OCTET STRING (SIZE (0..12))\n"
    "Cent ::= TEXTUAL-CONVENTION DISPLAY-HINT \"d-2\" STATUS current\n"
    "  DESCRIPTION \"\" SYNTAX Integer32 (-100..100 | 200)\n"
    "fzEnum OBJECT-TYPE SYNTAX INTEGER { a(1), b(2), c(-3) } UNITS \"u\"\n"
    "  MAX-ACCESS read-write STATUS current DESCRIPTION \"\" ::= { fz 1 }\n"
    "fzHex OBJECT-TYPE SYNTAX Hex MAX-ACCESS read-write STATUS current\n"
    "  DESCRIPTION \"\" ::= { fz 2 }\n"
    "fzCent OBJECT-TYPE SYNTAX Cent MAX-ACCESS read-write STATUS current\n"
    "  DESCRIPTION \"\" ::= { fz 3 }\n"
    "fzBits OBJECT-TYPE SYNTAX BITS { x(0), y(3), z(9) } MAX-ACCESS\n"
    "  read-write STATUS current DESCRIPTION \"\" ::= { fz 4 }\n"
    "fzTable OBJECT-TYPE SYNTAX SEQUENCE OF FzEntry MAX-ACCESS\n"
    "  not-accessible STATUS current DESCRIPTION \"\" ::= { fz 5 }\n"
    "fzEntry OBJECT-TYPE SYNTAX FzEntry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"\" INDEX { fzEnum, fzIp, IMPLIED fzHex }\n"
    "  ::= { fzTable 1 }\n"
    "FzEntry ::= SEQUENCE { fzIp IpAddress, fzTicks TimeTicks }\n"
    "fzIp OBJECT-TYPE SYNTAX IpAddress MAX-ACCESS read-only STATUS current\n"
    "  DESCRIPTION \"\" ::= { fzEntry 1 }\n"
    "fzTicks OBJECT-TYPE SYNTAX TimeTicks UNITS \"cs\" MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"\" ::= { fzEntry 2 }\n"
    "fzGauge OBJECT-TYPE SYNTAX Gauge32 (1..9) MAX-ACCESS read-write\n"
    "  STATUS current DESCRIPTION \"\" ::= { fz 6 }\n"
    "fzOid OBJECT-TYPE SYNTAX OBJECT IDENTIFIER MAX-ACCESS read-write\n"
    "  STATUS current DESCRIPTION \"\" ::= { fz 7 }\n"
    "END\n";

static const snmpx_type types[] = {
    SNMPX_TYPE_INTEGER,         SNMPX_TYPE_OCTET_STRING,
    SNMPX_TYPE_NULL,            SNMPX_TYPE_OID,
    SNMPX_TYPE_IPADDRESS,       SNMPX_TYPE_COUNTER32,
    SNMPX_TYPE_GAUGE32,         SNMPX_TYPE_TIMETICKS,
    SNMPX_TYPE_OPAQUE,          SNMPX_TYPE_COUNTER64,
    SNMPX_TYPE_UINTEGER32,      SNMPX_TYPE_BIT_STRING,
    SNMPX_TYPE_NSAPADDRESS,     SNMPX_TYPE_OPAQUE_FLOAT,
    SNMPX_TYPE_OPAQUE_DOUBLE,   SNMPX_TYPE_OPAQUE_INT64,
    SNMPX_TYPE_OPAQUE_UINT64,   SNMPX_TYPE_OPAQUE_COUNTER64,
    SNMPX_TYPE_NOSUCHOBJECT,    SNMPX_TYPE_NOSUCHINSTANCE,
    SNMPX_TYPE_ENDOFMIBVIEW,
};

static void check(bool ok, const char *what)
{
  if (!ok) {
    fprintf(stderr, "fuzz_mib_value: %s\n", what);
    abort();
  }
}

static snmpx_mibdb *db;

/* The whole text into a heap buffer, then the same cut at every few
 * lengths: each cut is the whole's prefix, NUL-terminated. */
static void printed(const snmpx_mibdb_output *o, const snmpx_varbind *vb)
{
  int n = snmpx_mibdb_format_varbind(o, vb, NULL, 0);
  check(n >= 0, "format_varbind failed");
  char *whole = malloc((size_t)n + 1);
  check(whole != NULL, "out of memory");
  check(snmpx_mibdb_format_varbind(o, vb, whole, (size_t)n + 1) == n,
        "two lengths for one varbind");
  check(whole[n] == '\0', "not NUL-terminated");
  for (size_t cap = 1; cap <= (size_t)n; cap += 1 + cap / 3) {
    char cut[2048];
    size_t c = cap < sizeof(cut) ? cap : sizeof(cut);
    check(snmpx_mibdb_format_varbind(o, vb, cut, c) == n, "cut length");
    check(memcmp(cut, whole, c - 1) == 0 && cut[c - 1] == '\0',
          "a cut text is not the whole's prefix");
  }
  int v = snmpx_mibdb_format_value(o, vb->name, &vb->value, NULL, 0);
  check(v >= 0 && v <= n, "value longer than its line");
  free(whole);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (db == NULL) {
    db = snmpx_mibdb_new(NULL);
    check(db != NULL && snmpx_mibdb_load_buffer(db, "fuzz", module,
                                                sizeof(module) - 1) == 0,
          "the module does not load");
  }
  if (size < 3)
    return 0;
  size_t p = 0;
  size_t nletters = data[p++] % 8;
  char letters[9];
  for (size_t i = 0; i < nletters && p < size; i++)
    letters[i] = (char)data[p++];
  letters[nletters] = '\0';
  if (p + 2 > size)
    return 0;
  snmpx_type type = types[data[p++] % (sizeof(types) / sizeof(types[0]))];
  uint32_t arcs[24] = {1, 3, 6, 1, 4, 1, 99993};
  size_t k = data[p++] % 8, len = 7;
  for (size_t i = 0; i < k && p < size; i++)
    arcs[len++] = data[p++];
  const uint8_t *rest = data + p;
  size_t rlen = size - p;

  snmpx_varbind vb;
  memset(&vb, 0, sizeof(vb));
  vb.name = (snmpx_oidv){arcs, len};
  uint64_t num = 0;
  for (size_t i = 0; i < rlen && i < 8; i++)
    num = num << 8 | rest[i];
  uint32_t oid_arcs[16];
  switch (type) {
  case SNMPX_TYPE_OCTET_STRING:
  case SNMPX_TYPE_IPADDRESS:
  case SNMPX_TYPE_OPAQUE:
  case SNMPX_TYPE_BIT_STRING:
  case SNMPX_TYPE_NSAPADDRESS:
    vb.value = snmpx_value_bytes(type, rest, rlen);
    break;
  case SNMPX_TYPE_OID: {
    size_t n = 0;
    for (; n < rlen && n < 16; n++)
      oid_arcs[n] = rest[n];
    vb.value.type = type;
    vb.value.v.oid = (snmpx_oidv){oid_arcs, n};
    break;
  }
  case SNMPX_TYPE_OPAQUE_FLOAT:
    vb.value.type = type;
    vb.value.v.f = (float)(int64_t)num / 7.0f;
    break;
  case SNMPX_TYPE_OPAQUE_DOUBLE:
    vb.value.type = type;
    vb.value.v.d = (double)(int64_t)num / 7.0;
    break;
  case SNMPX_TYPE_INTEGER:
  case SNMPX_TYPE_OPAQUE_INT64:
    vb.value = snmpx_value_int(type, (int64_t)num);
    break;
  default:
    vb.value.type = type;
    vb.value.v.u = num;
    break;
  }

  snmpx_mibdb_output o;
  snmpx_mibdb_output_init(&o);
  int bad = snmpx_mibdb_output_parse(&o, letters);
  check(bad >= 0, "output_parse failed");
  printed(&o, &vb); /* without MIBs */
  o.mib = db;
  printed(&o, &vb);

  char err[600];
  int rv = snmpx_mibdb_check_value(db, vb.name, &vb.value, err, sizeof(err));
  check(rv == 0 || rv == SNMPX_EMIB_BADTYPE || rv == SNMPX_EMIB_RANGE,
        "check_value returned an undocumented code");
  check(rv != 0 || err[0] == '\0', "a message for a value that fits");
  check(rv == 0 || err[0] != '\0', "no message for a refusal");
  return 0;
}
