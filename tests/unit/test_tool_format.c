/* Unit tests for tools/format.c.  Every expected line below was copied from
 * the output of Net-SNMP 5.9.3's snmpget/snmpwalk (MIBS= set, no MIB
 * loaded) querying snmpsim serving tests/interop/data/awkward.snmprec under
 * .1.3.6.1.4.1.99999; the sub-OID is named in each test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"

static const uint32_t base[] = {1, 3, 6, 1, 4, 1, 99999};

/* Name .1.3.6.1.4.1.99999.a.b.0 */
static snmpx_oidv name2(uint32_t *buf, uint32_t a, uint32_t b)
{
  snmpx_oidv v;

  memcpy(buf, base, sizeof(base));
  buf[7] = a;
  buf[8] = b;
  buf[9] = 0;
  v.arcs = buf;
  v.len = 10;
  return v;
}

/* Format |val| under the -O letters |flags| as sub-OID a.b.0 and compare. */
static void check(const char *flags, uint32_t a, uint32_t b,
                  snmpx_value val, const char *want)
{
  uint32_t arcs[10];
  snmpx_varbind vb;
  fmt_opts o;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);

  assert_non_null(f);
  fmt_opts_init(&o);
  assert_int_equal(fmt_opts_parse(&o, flags), 0);
  vb.name = name2(arcs, a, b);
  vb.value = val;
  fmt_print_varbind(f, &o, &vb);
  fclose(f);
  assert_string_equal(buf, want);
  free(buf);
}

static snmpx_value str(const char *s, size_t n)
{
  return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, s, n);
}

#define S(lit) str(lit, sizeof(lit) - 1)

static void test_tool_format_integer(void **state)
{
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, INT32_MIN);

  (void)state;
  check("", 1, 5, v, "iso.3.6.1.4.1.99999.1.5.0 = INTEGER: -2147483648\n");
  check("n", 1, 5, v, ".1.3.6.1.4.1.99999.1.5.0 = INTEGER: -2147483648\n");
  check("q", 1, 5, v, "iso.3.6.1.4.1.99999.1.5.0 -2147483648\n");
  check("Q", 1, 5, v, "iso.3.6.1.4.1.99999.1.5.0 = -2147483648\n");
  check("v", 1, 5, v, "INTEGER: -2147483648\n");
  check("qv", 1, 5, v, "-2147483648\n");
  check("f", 1, 5, v, ".iso.3.6.1.4.1.99999.1.5.0 = INTEGER: -2147483648\n");
  check("u", 1, 5, v, ".iso.3.6.1.4.1.99999.1.5.0 = INTEGER: -2147483648\n");
  check("s", 1, 5, v, "iso.3.6.1.4.1.99999.1.5.0 = INTEGER: -2147483648\n");
}

static void test_tool_format_toggles(void **state)
{
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 42);

  (void)state;
  /* -O letters toggle: observed with snmpget -Oqq, -OQq, -OqQ, -Ovv. */
  check("qq", 1, 6, v, "iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  check("QQ", 1, 6, v, "iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  check("Qq", 1, 6, v, "iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  check("qQ", 1, 6, v, "iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  check("vv", 1, 6, v, "iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  /* OID style: the last letter wins (-Onf, -Ofn, -Osn, -Ons). */
  check("nf", 1, 6, v, ".iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  check("fn", 1, 6, v, ".1.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  check("ns", 1, 6, v, "iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  check("sn", 1, 6, v, ".1.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
  /* No visible effect without MIBs. */
  check("UebEXS", 1, 6, v, "iso.3.6.1.4.1.99999.1.6.0 = INTEGER: 42\n");
}

static void test_tool_format_unknown_letter(void **state)
{
  fmt_opts o;

  (void)state;
  fmt_opts_init(&o);
  assert_int_equal(fmt_opts_parse(&o, "nz"), 'z');
  assert_int_equal(o.oid_style, SNMPX_MIBDB_STYLE_NUMERIC);
  assert_int_equal(fmt_opts_parse(&o, "w"), 'w');
  assert_int_equal(fmt_opts_parse(&o, "0"), '0'); /* -O0: not implemented */
  assert_int_equal(fmt_opts_parse(&o, ""), 0);
}

static void test_tool_format_strings(void **state)
{
  (void)state;
  check("", 2, 1, S("hello world"),
        "iso.3.6.1.4.1.99999.2.1.0 = STRING: \"hello world\"\n");
  check("", 2, 2, S(""), "iso.3.6.1.4.1.99999.2.2.0 = \"\"\n");
  check("x", 2, 2, S(""), "iso.3.6.1.4.1.99999.2.2.0 = \"\"\n");
  check("q", 2, 2, S(""), "iso.3.6.1.4.1.99999.2.2.0 \"\"\n");
  check("", 2, 3, S("He said \"hi\""),
        "iso.3.6.1.4.1.99999.2.3.0 = STRING: \"He said \\\"hi\\\"\"\n");
  check("", 2, 4, S("back\\slash"),
        "iso.3.6.1.4.1.99999.2.4.0 = STRING: \"back\\\\slash\"\n");
  check("", 2, 5, S("line1\nline2"),
        "iso.3.6.1.4.1.99999.2.5.0 = STRING: \"line1\nline2\"\n");
  check("", 2, 10, S("a\tb"),
        "iso.3.6.1.4.1.99999.2.10.0 = STRING: \"a\tb\"\n");
  check("", 2, 11, S("a\r\nb"),
        "iso.3.6.1.4.1.99999.2.11.0 = STRING: \"a\r\nb\"\n");
  check("", 2, 13, S("   "), "iso.3.6.1.4.1.99999.2.13.0 = STRING: \"   \"\n");
  check("q", 2, 3, S("He said \"hi\""),
        "iso.3.6.1.4.1.99999.2.3.0 \"He said \\\"hi\\\"\"\n");
  check("", 2, 27, S("{}|~"),
        "iso.3.6.1.4.1.99999.2.27.0 = STRING: \"{}|~\"\n");
}

static void test_tool_format_hex_guess(void **state)
{
  (void)state;
  check("", 2, 6, S("\x00\x01\x02\x03\xff"),
        "iso.3.6.1.4.1.99999.2.6.0 = Hex-STRING: 00 01 02 03 FF \n");
  /* A trailing NUL makes it hex too. */
  check("", 2, 9, S("abc\x00"),
        "iso.3.6.1.4.1.99999.2.9.0 = Hex-STRING: 61 62 63 00 \n");
  check("", 2, 18, S("\x00"), "iso.3.6.1.4.1.99999.2.18.0 = Hex-STRING: 00 \n");
  check("", 2, 12, S("caf\xc3\xa9"),
        "iso.3.6.1.4.1.99999.2.12.0 = Hex-STRING: 63 61 66 C3 A9 \n");
  check("", 2, 25, S("\x7f"), "iso.3.6.1.4.1.99999.2.25.0 = Hex-STRING: 7F \n");
  check("", 2, 26, S("\x1b[0m"),
        "iso.3.6.1.4.1.99999.2.26.0 = Hex-STRING: 1B 5B 30 6D \n");
}

static void test_tool_format_hex_wrap(void **state)
{
  (void)state;
  check("", 2, 15, S("\x80\x80\x80\x80\x80\x80\x80\x80"
                     "\x80\x80\x80\x80\x80\x80\x80\x80"),
        "iso.3.6.1.4.1.99999.2.15.0 = Hex-STRING: "
        "80 80 80 80 80 80 80 80 80 80 80 80 80 80 80 80 \n");
  check("", 2, 16, S("\x80\x80\x80\x80\x80\x80\x80\x80"
                     "\x80\x80\x80\x80\x80\x80\x80\x80\x80"),
        "iso.3.6.1.4.1.99999.2.16.0 = Hex-STRING: "
        "80 80 80 80 80 80 80 80 80 80 80 80 80 80 80 80 \n80 \n");
  check("q", 2, 16, S("\x80\x80\x80\x80\x80\x80\x80\x80"
                      "\x80\x80\x80\x80\x80\x80\x80\x80\x80"),
        "iso.3.6.1.4.1.99999.2.16.0 "
        "\"80 80 80 80 80 80 80 80 80 80 80 80 80 80 80 80 \n80 \"\n");
  check("T", 2, 16, S("\x80\x80\x80\x80\x80\x80\x80\x80"
                      "\x80\x80\x80\x80\x80\x80\x80\x80\x80"),
        "iso.3.6.1.4.1.99999.2.16.0 = Hex-STRING: "
        "80 80 80 80 80 80 80 80 80 80 80 80 80 80 80 80   "
        "[................]\n80   [.]\n");
}

static void test_tool_format_hex_long(void **state)
{
  uint8_t b[300];
  char want[2048];
  size_t i, n;

  (void)state;
  for (i = 0; i < sizeof(b); i++) {
    b[i] = (uint8_t)(i % 256);
  }
  n = (size_t)snprintf(want, sizeof(want),
                       "iso.3.6.1.4.1.99999.2.7.0 = Hex-STRING: ");
  for (i = 0; i < sizeof(b); i++) {
    n += (size_t)snprintf(want + n, sizeof(want) - n, "%s%02X ",
                          i && i % 16 == 0 ? "\n" : "", b[i]);
  }
  snprintf(want + n, sizeof(want) - n, "\n");
  check("", 2, 7, snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, b, sizeof(b)),
        want);
}

static void test_tool_format_ascii_and_hex_flags(void **state)
{
  (void)state;
  check("x", 2, 1, S("hello world"),
        "iso.3.6.1.4.1.99999.2.1.0 = Hex-STRING: "
        "68 65 6C 6C 6F 20 77 6F 72 6C 64 \n");
  check("a", 2, 6, S("\x00\x01\x02\x03\xff"),
        "iso.3.6.1.4.1.99999.2.6.0 = STRING: \".....\"\n");
  check("a", 2, 8, S("abc\x01" "def"),
        "iso.3.6.1.4.1.99999.2.8.0 = STRING: \"abc.def\"\n");
  check("aq", 2, 19, S("ab\x00" "cd"),
        "iso.3.6.1.4.1.99999.2.19.0 \"ab.cd\"\n");
  /* The last of a and x wins. */
  check("ax", 2, 8, S("abc\x01" "def"),
        "iso.3.6.1.4.1.99999.2.8.0 = Hex-STRING: 61 62 63 01 64 65 66 \n");
  check("xa", 2, 8, S("abc\x01" "def"),
        "iso.3.6.1.4.1.99999.2.8.0 = STRING: \"abc.def\"\n");
  check("T", 2, 8, S("abc\x01" "def"),
        "iso.3.6.1.4.1.99999.2.8.0 = Hex-STRING: 61 62 63 01 64 65 66   "
        "[abc.def]\n");
  check("qT", 2, 8, S("abc\x01" "def"),
        "iso.3.6.1.4.1.99999.2.8.0 \"61 62 63 01 64 65 66   [abc.def]\"\n");
  check("aT", 2, 8, S("abc\x01" "def"),
        "iso.3.6.1.4.1.99999.2.8.0 = STRING: \"abc.def\"\n");
  /* In the -OT text, quotes and backslashes are raw, newlines too. */
  check("xT", 2, 20, S("quote\"and\\back"),
        "iso.3.6.1.4.1.99999.2.20.0 = Hex-STRING: "
        "71 75 6F 74 65 22 61 6E 64 5C 62 61 63 6B   [quote\"and\\back]\n");
  check("xT", 2, 23, S("trail\n"),
        "iso.3.6.1.4.1.99999.2.23.0 = Hex-STRING: 74 72 61 69 6C 0A   "
        "[trail\n]\n");
}

static void test_tool_format_scalars(void **state)
{
  static const uint32_t oidval[] = {1, 3, 6, 1, 2, 1, 1};
  static const uint32_t zero[] = {0, 0};
  static const uint32_t joint[] = {2, 999, 1};
  static const uint8_t ip[] = {192, 168, 1, 254};

  (void)state;
  check("", 3, 1, snmpx_value_null(), "iso.3.6.1.4.1.99999.3.1.0 = NULL\n");
  check("q", 3, 1, snmpx_value_null(), "iso.3.6.1.4.1.99999.3.1.0 NULL\n");
  check("", 4, 1, snmpx_value_oid(SNMPX_OIDV(oidval)),
        "iso.3.6.1.4.1.99999.4.1.0 = OID: iso.3.6.1.2.1.1\n");
  check("n", 4, 1, snmpx_value_oid(SNMPX_OIDV(oidval)),
        ".1.3.6.1.4.1.99999.4.1.0 = OID: .1.3.6.1.2.1.1\n");
  check("q", 4, 1, snmpx_value_oid(SNMPX_OIDV(oidval)),
        "iso.3.6.1.4.1.99999.4.1.0 iso.3.6.1.2.1.1\n");
  check("", 4, 2, snmpx_value_oid(SNMPX_OIDV(zero)),
        "iso.3.6.1.4.1.99999.4.2.0 = OID: ccitt.0\n");
  check("f", 4, 2, snmpx_value_oid(SNMPX_OIDV(zero)),
        ".iso.3.6.1.4.1.99999.4.2.0 = OID: .ccitt.0\n");
  check("n", 4, 2, snmpx_value_oid(SNMPX_OIDV(zero)),
        ".1.3.6.1.4.1.99999.4.2.0 = OID: .0.0\n");
  check("", 4, 4, snmpx_value_oid(SNMPX_OIDV(joint)),
        "iso.3.6.1.4.1.99999.4.4.0 = OID: joint-iso-ccitt.999.1\n");
  check("", 5, 1, snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, ip, 4),
        "iso.3.6.1.4.1.99999.5.1.0 = IpAddress: 192.168.1.254\n");
  check("q", 5, 1, snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, ip, 4),
        "iso.3.6.1.4.1.99999.5.1.0 192.168.1.254\n");
  check("", 6, 3, snmpx_value_uint(SNMPX_TYPE_COUNTER32, UINT32_MAX),
        "iso.3.6.1.4.1.99999.6.3.0 = Counter32: 4294967295\n");
  check("", 7, 3, snmpx_value_uint(SNMPX_TYPE_GAUGE32, UINT32_MAX),
        "iso.3.6.1.4.1.99999.7.3.0 = Gauge32: 4294967295\n");
  check("Q", 7, 3, snmpx_value_uint(SNMPX_TYPE_GAUGE32, UINT32_MAX),
        "iso.3.6.1.4.1.99999.7.3.0 = 4294967295\n");
  check("", 10, 3, snmpx_value_uint(SNMPX_TYPE_COUNTER64, UINT64_MAX),
        "iso.3.6.1.4.1.99999.10.3.0 = Counter64: 18446744073709551615\n");
  check("q", 10, 3, snmpx_value_uint(SNMPX_TYPE_COUNTER64, UINT64_MAX),
        "iso.3.6.1.4.1.99999.10.3.0 18446744073709551615\n");
}

static void test_tool_format_timeticks(void **state)
{
  (void)state;
#define TT(n) snmpx_value_uint(SNMPX_TYPE_TIMETICKS, n)
  check("", 8, 1, TT(0),
        "iso.3.6.1.4.1.99999.8.1.0 = Timeticks: (0) 0:00:00.00\n");
  check("", 8, 3, TT(99),
        "iso.3.6.1.4.1.99999.8.3.0 = Timeticks: (99) 0:00:00.99\n");
  check("", 8, 5, TT(123456),
        "iso.3.6.1.4.1.99999.8.5.0 = Timeticks: (123456) 0:20:34.56\n");
  check("", 8, 6, TT(8640000),
        "iso.3.6.1.4.1.99999.8.6.0 = Timeticks: (8640000) 1 day, "
        "0:00:00.00\n");
  check("", 8, 7, TT(8639999),
        "iso.3.6.1.4.1.99999.8.7.0 = Timeticks: (8639999) 23:59:59.99\n");
  check("", 8, 8, TT(4294967295u),
        "iso.3.6.1.4.1.99999.8.8.0 = Timeticks: (4294967295) 497 days, "
        "2:27:52.95\n");
  check("q", 8, 5, TT(123456), "iso.3.6.1.4.1.99999.8.5.0 0:0:20:34.56\n");
  check("q", 8, 6, TT(8640000), "iso.3.6.1.4.1.99999.8.6.0 1:0:00:00.00\n");
  check("q", 8, 8, TT(4294967295u),
        "iso.3.6.1.4.1.99999.8.8.0 497:2:27:52.95\n");
  check("t", 8, 5, TT(123456), "iso.3.6.1.4.1.99999.8.5.0 = 123456\n");
  check("tq", 8, 5, TT(123456), "iso.3.6.1.4.1.99999.8.5.0 123456\n");
#undef TT
}

static void test_tool_format_opaque(void **state)
{
  static const uint8_t raw[] = {0xde, 0xad, 0xbe, 0xef};
  snmpx_value f = {SNMPX_TYPE_OPAQUE_FLOAT, {0}};
  snmpx_value d = {SNMPX_TYPE_OPAQUE_DOUBLE, {0}};

  (void)state;
  f.v.f = 1.5f;
  d.v.d = -2.25;
  check("", 9, 1, snmpx_value_bytes(SNMPX_TYPE_OPAQUE, raw, 4),
        "iso.3.6.1.4.1.99999.9.1.0 = OPAQUE: DE AD BE EF \n");
  check("q", 9, 1, snmpx_value_bytes(SNMPX_TYPE_OPAQUE, raw, 4),
        "iso.3.6.1.4.1.99999.9.1.0 DE AD BE EF \n");
  check("T", 9, 1, snmpx_value_bytes(SNMPX_TYPE_OPAQUE, raw, 4),
        "iso.3.6.1.4.1.99999.9.1.0 = OPAQUE: DE AD BE EF   [....]\n");
  check("", 9, 2, snmpx_value_bytes(SNMPX_TYPE_OPAQUE, raw, 0),
        "iso.3.6.1.4.1.99999.9.2.0 = OPAQUE: \n");
  check("T", 9, 2, snmpx_value_bytes(SNMPX_TYPE_OPAQUE, raw, 0),
        "iso.3.6.1.4.1.99999.9.2.0 = OPAQUE:   []\n");
  check("qT", 9, 2, snmpx_value_bytes(SNMPX_TYPE_OPAQUE, raw, 0),
        "iso.3.6.1.4.1.99999.9.2.0   []\n");
  check("x", 9, 1, snmpx_value_bytes(SNMPX_TYPE_OPAQUE, raw, 4),
        "iso.3.6.1.4.1.99999.9.1.0 = OPAQUE: DE AD BE EF \n");
  check("", 9, 3, f, "iso.3.6.1.4.1.99999.9.3.0 = Opaque: Float: 1.500000\n");
  check("q", 9, 3, f, "iso.3.6.1.4.1.99999.9.3.0 1.500000\n");
  /* A double is labelled "Float" too. */
  check("", 9, 4, d, "iso.3.6.1.4.1.99999.9.4.0 = Opaque: Float: -2.250000\n");
  check("p.2f", 9, 3, f, "iso.3.6.1.4.1.99999.9.3.0 = Opaque: Float: 1.50f\n");
  check("", 9, 5, snmpx_value_uint(SNMPX_TYPE_OPAQUE_COUNTER64, UINT64_MAX),
        "iso.3.6.1.4.1.99999.9.5.0 = Opaque: Counter64: "
        "18446744073709551615\n");
  check("", 9, 6, snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, -1),
        "iso.3.6.1.4.1.99999.9.6.0 = Opaque: Int64: -1\n");
  check("", 9, 7, snmpx_value_uint(SNMPX_TYPE_OPAQUE_UINT64, 256),
        "iso.3.6.1.4.1.99999.9.7.0 = Opaque: UInt64: 256\n");
  check("", 9, 10, snmpx_value_int(SNMPX_TYPE_OPAQUE_INT64, INT64_MIN),
        "iso.3.6.1.4.1.99999.9.10.0 = Opaque: Int64: -9223372036854775808\n");
}

static void test_tool_format_exceptions(void **state)
{
  snmpx_value v = {SNMPX_TYPE_NOSUCHOBJECT, {0}};

  (void)state;
  check("", 2, 2, v,
        "iso.3.6.1.4.1.99999.2.2.0 = No Such Object available on this agent "
        "at this OID\n");
  check("q", 2, 2, v,
        "iso.3.6.1.4.1.99999.2.2.0 No Such Object available on this agent "
        "at this OID\n");
  v.type = SNMPX_TYPE_NOSUCHINSTANCE;
  check("v", 2, 2, v, "No Such Instance currently exists at this OID\n");
  v.type = SNMPX_TYPE_ENDOFMIBVIEW;
  check("n", 2, 2, v,
        ".1.3.6.1.4.1.99999.2.2.0 = No more variables left in this MIB View "
        "(It is past the end of the MIB tree)\n");
}

static void test_tool_format_big_arcs(void **state)
{
  static const uint32_t name[] = {1, 3, 6, 1, 4, 1, 99999, 11, 4294967295u};
  fmt_opts o;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);

  (void)state;
  fmt_opts_init(&o);
  fmt_print_oid(f, &o, SNMPX_OIDV(name));
  fclose(f);
  assert_string_equal(buf, "iso.3.6.1.4.1.99999.11.4294967295");
  free(buf);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tool_format_integer),
    cmocka_unit_test(test_tool_format_toggles),
    cmocka_unit_test(test_tool_format_unknown_letter),
    cmocka_unit_test(test_tool_format_strings),
    cmocka_unit_test(test_tool_format_hex_guess),
    cmocka_unit_test(test_tool_format_hex_wrap),
    cmocka_unit_test(test_tool_format_hex_long),
    cmocka_unit_test(test_tool_format_ascii_and_hex_flags),
    cmocka_unit_test(test_tool_format_scalars),
    cmocka_unit_test(test_tool_format_timeticks),
    cmocka_unit_test(test_tool_format_opaque),
    cmocka_unit_test(test_tool_format_exceptions),
    cmocka_unit_test(test_tool_format_big_arcs),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
