/* Unit tests for src/mib: parsing (SMIv1, SMIv2, vendor quirks, errors
 * with file:line:column), name <-> OID, DISPLAY-HINTs, the compiled cache
 * and its invalidation, and concurrent read-only queries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <snmpx/snmpx.h>

#include "mib/mib_priv.h" /* link_tries */

/* The SMI roots every test module needs, written inline so the tests do
 * not depend on files outside the repository. */
static const char smi[] =
    "TEST-SMI DEFINITIONS ::= BEGIN\n"
    "org OBJECT IDENTIFIER ::= { iso 3 }\n"
    "dod OBJECT IDENTIFIER ::= { org 6 }\n"
    "internet OBJECT IDENTIFIER ::= { dod 1 }\n"
    "private OBJECT IDENTIFIER ::= { internet 4 }\n"
    "enterprises OBJECT IDENTIFIER ::= { private 1 }\n"
    "DisplayString ::= TEXTUAL-CONVENTION\n"
    "  DISPLAY-HINT \"255a\"\n  STATUS current\n  DESCRIPTION \"text\"\n"
    "  SYNTAX OCTET STRING (SIZE (0..255))\n"
    "END\n";

static const char v2_module[] =
    "-- a comment line\n"
    "T2-MIB DEFINITIONS ::= BEGIN\n"
    "IMPORTS enterprises, DisplayString FROM TEST-SMI;\n"
    "t2 MODULE-IDENTITY LAST-UPDATED \"202601010000Z\" ORGANIZATION \"o\"\n"
    "  CONTACT-INFO \"c\" DESCRIPTION \"d\" ::= { enterprises 7 }\n"
    "Level ::= TEXTUAL-CONVENTION STATUS current DESCRIPTION \"l\"\n"
    "  SYNTAX INTEGER { low(1), high(2) }\n"
    "t2Table OBJECT-TYPE SYNTAX SEQUENCE OF T2Entry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"t\" ::= { t2 1 }\n"
    "t2Entry OBJECT-TYPE SYNTAX T2Entry MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"e\" INDEX { t2Name, IMPLIED t2Key }\n"
    "  ::= { t2Table 1 }\n"
    "T2Entry ::= SEQUENCE { t2Name DisplayString, t2Key OCTET STRING,\n"
    "  t2Level Level }\n"
    "t2Name OBJECT-TYPE SYNTAX DisplayString (SIZE (1..8))\n"
    "  MAX-ACCESS not-accessible STATUS current DESCRIPTION \"n\"\n"
    "  ::= { t2Entry 1 }\n"
    "t2Key OBJECT-TYPE SYNTAX OCTET STRING MAX-ACCESS not-accessible\n"
    "  STATUS current DESCRIPTION \"k\" ::= { t2Entry 2 }\n"
    "t2Level OBJECT-TYPE SYNTAX Level UNITS \"steps\" MAX-ACCESS read-only\n"
    "  STATUS current DESCRIPTION \"v\" DEFVAL { high } ::= { t2Entry 3 }\n"
    "t2Event NOTIFICATION-TYPE OBJECTS { t2Level } STATUS current\n"
    "  DESCRIPTION \"ev\" ::= { t2 0 1 }\n"
    "END\n";

/* SMIv1 with the quirks of old vendor MIBs: ACCESS, TRAP-TYPE,
 * underscores, a forward reference, an OID value with name(number). */
static const char v1_module[] =
    "T1-MIB DEFINITIONS ::= BEGIN\n"
    "IMPORTS enterprises FROM TEST-SMI OBJECT-TYPE FROM RFC-1212\n"
    "  TRAP-TYPE FROM RFC-1215;\n"
    "t1_leaf OBJECT-TYPE SYNTAX INTEGER (0..10) ACCESS read-only\n"
    "  STATUS mandatory ::= { t1 1 }\n"
    "t1 OBJECT IDENTIFIER ::= { enterprises acme(9) 1 }\n"
    "t1Trap TRAP-TYPE ENTERPRISE t1 VARIABLES { t1_leaf }\n"
    "  DESCRIPTION \"trap\" ::= 3\n"
    "END\n";

static void collect(void *ud, const char *text)
{
  char *buf = ud;
  size_t n = strlen(buf);
  snprintf(buf + n, 4096 - n, "%s\n", text);
}

static snmpx_mibdb *load(const char *extra, char *diags)
{
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  assert_non_null(m);
  if (diags != NULL) {
    diags[0] = '\0';
    snmpx_mibdb_set_diag(m, collect, diags);
  }
  assert_int_equal(snmpx_mibdb_load_buffer(m, "smi", smi, strlen(smi)), 0);
  if (extra != NULL)
    snmpx_mibdb_load_buffer(m, "extra.txt", extra, strlen(extra));
  return m;
}

static void name_is(const snmpx_mibdb *m, const char *numeric,
                    snmpx_mibdb_style style, const char *want)
{
  snmpx_oid o;
  char buf[256];
  assert_int_equal(snmpx_oid_parse(&o, numeric), 0);
  int n =
      snmpx_mibdb_format_oid(m, snmpx_oid_view(&o), style, 0, buf, sizeof(buf));
  assert_true(n >= 0);
  assert_string_equal(buf, want);
}

static void oid_is(snmpx_mibdb *m, const char *name, unsigned flags,
                   const char *want)
{
  snmpx_oid o;
  char buf[256], why[128];
  assert_int_equal(snmpx_mibdb_parse_oid(m, name, flags, &o, why, sizeof(why)),
                   0);
  snmpx_oid_format(snmpx_oid_view(&o), buf, sizeof(buf));
  assert_string_equal(buf, want);
}

static void test_mib_smiv2_names_and_indexes(void **state)
{
  (void)state;
  snmpx_mibdb *m = load(v2_module, NULL);
  name_is(m, ".1.3.6.1.4.1.7.1.1.3.2.104.105.1.2", SNMPX_MIBDB_STYLE_MODULE,
          "T2-MIB::t2Level.\"hi\".'..'");
  name_is(m, ".1.3.6.1.4.1.7.1.1.3.2.104.105", SNMPX_MIBDB_STYLE_SUFFIX,
          "t2Level.\"hi\"");
  name_is(m, ".1.3.6.1.4.1.7", SNMPX_MIBDB_STYLE_FULL,
          ".iso.org.dod.internet.private.enterprises.t2");
  name_is(m, ".1.3.6.1.4.1.7.0.1", SNMPX_MIBDB_STYLE_MODULE, "T2-MIB::t2Event");
  name_is(m, ".1.3.6.1.4.1.7.9.9", SNMPX_MIBDB_STYLE_MODULE, "T2-MIB::t2.9.9");
  name_is(m, ".1.3.6.1.4.1.7.1.1.3.2.104.105", SNMPX_MIBDB_STYLE_NUMERIC,
          ".1.3.6.1.4.1.7.1.1.3.2.104.105");
  name_is(m, ".1.3.6.1.4.1.7", SNMPX_MIBDB_STYLE_UCD, "enterprises.t2");
  name_is(m, ".5.1", SNMPX_MIBDB_STYLE_MODULE, ".5.1");
  oid_is(m, "T2-MIB::t2Level.\"hi\"", 0, ".1.3.6.1.4.1.7.1.1.3.2.104.105");
  oid_is(m, "t2Level.3", SNMPX_MIBDB_RANDOM, ".1.3.6.1.4.1.7.1.1.3.3");
  oid_is(m, ".iso.org.dod.internet.private.enterprises.t2", 0,
         ".1.3.6.1.4.1.7");
  oid_is(m, "t2Level", SNMPX_MIBDB_FALLBACK_RANDOM, ".1.3.6.1.4.1.7.1.1.3");
  snmpx_oid o;
  char why[128];
  assert_int_equal(snmpx_mibdb_parse_oid(m, "t2Level", 0, &o, why, sizeof(why)),
                   SNMPX_EMIB_UNKNOWN);
  assert_string_equal(why, "Sub-id not found: (top) -> t2Level");
  assert_int_equal(
      snmpx_mibdb_parse_oid(m, "T2-MIB::nope", 0, &o, why, sizeof(why)),
      SNMPX_EMIB_UNKNOWN);

  snmpx_oid_parse(&o, ".1.3.6.1.4.1.7.1.1.3");
  snmpx_mibdb_node n = snmpx_mibdb_find(m, snmpx_oid_view(&o), NULL);
  snmpx_mibdb_info in;
  assert_int_equal(snmpx_mibdb_info_get(m, n, &in), 0);
  assert_string_equal(in.label, "t2Level");
  assert_string_equal(in.tc, "Level");
  assert_string_equal(in.units, "steps");
  assert_string_equal(in.defval, "high");
  assert_int_equal(in.type, SNMPX_MIBDB_TYPE_INTEGER);
  assert_string_equal(snmpx_mibdb_enum_label(m, n, 2), "high");
  assert_null(snmpx_mibdb_enum_label(m, n, 3));
  snmpx_mibdb_free(m);
}

static void test_mib_smiv1_quirks(void **state)
{
  (void)state;
  char diags[4096];
  snmpx_mibdb *m = load(v1_module, diags);
  name_is(m, ".1.3.6.1.4.1.9.1.1", SNMPX_MIBDB_STYLE_MODULE, "T1-MIB::t1_leaf");
  name_is(m, ".1.3.6.1.4.1.9", SNMPX_MIBDB_STYLE_MODULE, "T1-MIB::acme");
  name_is(m, ".1.3.6.1.4.1.9.1.0.3", SNMPX_MIBDB_STYLE_MODULE,
          "T1-MIB::t1Trap");
  assert_string_equal(diags, ""); /* RFC-1212 and RFC-1215 are known */
  snmpx_mibdb_free(m);
}

/* A bare number in an OID value makes a node without a name: flagged
 * anonymous, and names print its number. */
static void test_mib_unnamed_node_is_anonymous(void **state)
{
  (void)state;
  static const char mod[] = "A-MIB DEFINITIONS ::= BEGIN\n"
                            "IMPORTS enterprises FROM TEST-SMI;\n"
                            "deep OBJECT IDENTIFIER ::= { enterprises 7 8 }\n"
                            "END\n";
  snmpx_mibdb *m = load(mod, NULL);
  name_is(m, ".1.3.6.1.4.1.7.8", SNMPX_MIBDB_STYLE_FULL,
          ".iso.org.dod.internet.private.enterprises.7.deep");
  snmpx_oid o;
  snmpx_mibdb_info in;
  snmpx_oid_parse(&o, ".1.3.6.1.4.1.7");
  snmpx_mibdb_node n = snmpx_mibdb_find(m, snmpx_oid_view(&o), NULL);
  assert_int_equal(snmpx_mibdb_info_get(m, n, &in), 0);
  assert_int_equal(in.subid, 7);
  assert_true(in.is_anonymous);
  assert_int_equal(snmpx_mibdb_info_get(m, snmpx_mibdb_first_child(m, n), &in),
                   0);
  assert_string_equal(in.label, "deep");
  assert_false(in.is_anonymous);
  snmpx_mibdb_free(m);
}

static void test_mib_error_has_position_and_rest_loads(void **state)
{
  (void)state;
  static const char two[] =
      "BAD-MIB DEFINITIONS ::= BEGIN\n"
      "IMPORTS enterprises FROM TEST-SMI;\n"
      "good OBJECT IDENTIFIER ::= { enterprises 1 }\n"
      "bad OBJECT-TYPE SYNTAX INTEGER { a(1) b(2) } ::= { good 1 }\n"
      "END\n"
      "OK-MIB DEFINITIONS ::= BEGIN\n"
      "IMPORTS enterprises FROM TEST-SMI;\n"
      "fine OBJECT IDENTIFIER ::= { enterprises 2 }\n"
      "END\n";
  char diags[4096];
  snmpx_mibdb *m = load(NULL, diags);
  assert_int_equal(snmpx_mibdb_load_buffer(m, "two.txt", two, strlen(two)),
                   SNMPX_EMIB_SYNTAX);
  assert_non_null(strstr(diags, "two.txt:4:39: expected ',' or '}'"));
  assert_int_equal(snmpx_mibdb_error_count(m), 1);
  /* What came before the error, and the next module, are there. */
  name_is(m, ".1.3.6.1.4.1.1", SNMPX_MIBDB_STYLE_MODULE, "BAD-MIB::good");
  name_is(m, ".1.3.6.1.4.1.2", SNMPX_MIBDB_STYLE_MODULE, "OK-MIB::fine");
  snmpx_mibdb_free(m);
}

/* After a broken module, the parser finds the next one also when its
 * header carries an OID value ("NAME { oid } DEFINITIONS"), and a brace
 * group that is not such a header does not hide a module after it. */
static void test_mib_error_recovery_finds_header_with_oid(void **state)
{
  (void)state;
  static const char three[] =
      "BAD-MIB DEFINITIONS ::= BEGIN\n"
      "IMPORTS enterprises FROM TEST-SMI;\n"
      "bad OBJECT-TYPE SYNTAX INTEGER { a(1) b(2) } ::= { enterprises 1 }\n"
      "stray { enterprises\n"
      "END\n"
      "OID-MIB { iso org(3) dod(6) 99 } DEFINITIONS ::= BEGIN\n"
      "IMPORTS enterprises FROM TEST-SMI;\n"
      "withOid OBJECT IDENTIFIER ::= { enterprises 2 }\n"
      "bad2 OBJECT-TYPE SYNTAX INTEGER { a(1) b(2) } ::= { enterprises 3 }\n"
      "x { enterprises 4 }\n"
      "LAST-MIB DEFINITIONS ::= BEGIN\n"
      "IMPORTS enterprises FROM TEST-SMI;\n"
      "last OBJECT IDENTIFIER ::= { enterprises 5 }\n"
      "END\n";
  char diags[4096];
  snmpx_mibdb *m = load(NULL, diags);
  assert_int_equal(
      snmpx_mibdb_load_buffer(m, "three.txt", three, strlen(three)),
      SNMPX_EMIB_SYNTAX);
  assert_int_equal(snmpx_mibdb_error_count(m), 2);
  name_is(m, ".1.3.6.1.4.1.2", SNMPX_MIBDB_STYLE_MODULE, "OID-MIB::withOid");
  name_is(m, ".1.3.6.1.4.1.5", SNMPX_MIBDB_STYLE_MODULE, "LAST-MIB::last");
  snmpx_mibdb_free(m);
}

static void test_mib_missing_import_is_reported(void **state)
{
  (void)state;
  static const char mod[] = "X-MIB DEFINITIONS ::= BEGIN\n"
                            "IMPORTS foo FROM NOWHERE-MIB;\n"
                            "x OBJECT IDENTIFIER ::= { foo 1 }\n"
                            "END\n";
  char diags[4096];
  snmpx_mibdb *m = load(NULL, diags);
  assert_int_equal(snmpx_mibdb_set_dirs(m, "/nonexistent"), 0);
  snmpx_mibdb_load_buffer(m, "x.txt", mod, strlen(mod));
  assert_string_equal(diags, "MIB search path: /nonexistent\n"
                             "Cannot find module (NOWHERE-MIB): At line 2 "
                             "in x.txt\n"
                             "Did not find 'foo' in module #-1 (x.txt)\n"
                             "Unlinked OID in X-MIB: x ::= { foo 1 }\n"
                             "Undefined identifier: foo near line 3 of "
                             "x.txt\n");
  assert_int_equal(snmpx_mibdb_load_module(m, "NOWHERE-MIB"),
                   SNMPX_EMIB_NOMODULE);
  snmpx_mibdb_free(m);
}

static void hint_is(const char *hint, const char *hex, const char *want)
{
  uint8_t b[64];
  size_t n = strlen(hex) / 2;
  for (size_t i = 0; i < n; i++)
    sscanf(hex + 2 * i, "%2hhx", &b[i]);
  char out[256];
  assert_true(snmpx_mibdb_hint_octets(hint, b, n, out, sizeof(out)) >= 0);
  assert_string_equal(out, want);
}

static void test_mib_display_hints(void **state)
{
  (void)state;
  hint_is("1x:", "000c29ff", "0:c:29:ff");
  hint_is("1d.", "7f000001", "127.0.0.1");
  hint_is("2d-1d-1d,1d:1d:1d.1d,1a1d:1d", "07e80b150a141e002b0530",
          "2024-11-21,10:20:30.0,+5:48");
  hint_is("255a", "6869", "hi");
  hint_is("*1x:/1d", "03aabbcc0102", "aa:bb:cc:/12");
  hint_is("1x", "0a", "0a");
  char out[64];
  assert_true(snmpx_mibdb_hint_octets("1q", (const uint8_t *)"a", 1, out,
                                      sizeof(out)) < 0);
  assert_int_equal(
      snmpx_mibdb_hint_integer("d-2", 1234, false, out, sizeof(out)), 5);
  assert_string_equal(out, "12.34");
  snmpx_mibdb_hint_integer("d-2", -5, false, out, sizeof(out));
  assert_string_equal(out, "-.05");
  snmpx_mibdb_hint_integer("x", 255, false, out, sizeof(out));
  assert_string_equal(out, "ff");
}

/* Values printed as snmpwalk prints them (src/mib/mib_value.c), into the
 * caller's buffer with snprintf's result. */
static void test_mib_format_value(void **state)
{
  (void)state;
  snmpx_mibdb *m = load(v2_module, NULL);
  snmpx_oid name;
  /* t2Level."ab".'k' (INDEX { t2Name, IMPLIED t2Key }) */
  assert_int_equal(
      snmpx_oid_parse(&name, "1.3.6.1.4.1.7.1.1.3.2.97.98.107"), 0);
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 2);
  snmpx_mibdb_output o;
  snmpx_mibdb_output_init(&o);
  o.mib = m;
  char buf[128];
  assert_int_equal(snmpx_mibdb_format_value(&o, snmpx_oid_view(&name), &v,
                                            buf, sizeof(buf)),
                   22);
  assert_string_equal(buf, "INTEGER: high(2) steps");
  /* Cut as snprintf cuts; NULL with 0 bytes gives the length. */
  assert_int_equal(
      snmpx_mibdb_format_value(&o, snmpx_oid_view(&name), &v, buf, 6), 22);
  assert_string_equal(buf, "INTEG");
  assert_int_equal(
      snmpx_mibdb_format_value(&o, snmpx_oid_view(&name), &v, NULL, 0), 22);
  snmpx_varbind vb = {snmpx_oid_view(&name), v};
  assert_true(snmpx_mibdb_format_varbind(&o, &vb, buf, sizeof(buf)) > 0);
  assert_string_equal(buf, "T2-MIB::t2Level.\"ab\".'k' = INTEGER: high(2) steps");
  assert_int_equal(snmpx_mibdb_output_parse(&o, "qU"), 0);
  snmpx_mibdb_format_varbind(&o, &vb, buf, sizeof(buf));
  assert_string_equal(buf, "T2-MIB::t2Level.\"ab\".'k' high");
  /* A value of another type; no MIB at all. */
  snmpx_mibdb_output_init(&o);
  o.mib = m;
  v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "x", 1);
  snmpx_mibdb_format_value(&o, snmpx_oid_view(&name), &v, buf, sizeof(buf));
  assert_string_equal(buf, "Wrong Type (should be INTEGER): STRING: \"x\"");
  o.mib = NULL;
  assert_int_equal(snmpx_mibdb_format_varbind(&o, &vb, buf, sizeof(buf)), 46);
  assert_string_equal(buf, "iso.3.6.1.4.1.7.1.1.3.2.97.98.107 = INTEGER: 2");
  assert_int_equal(snmpx_mibdb_format_name(&o, snmpx_oid_view(&name), buf,
                                           sizeof(buf)),
                   33);
  assert_int_equal(snmpx_mibdb_output_parse(&o, "z"), 'z');
  assert_int_equal(snmpx_mibdb_format_value(NULL, snmpx_oid_view(&name), &v,
                                            buf, sizeof(buf)),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx_mibdb_format_value(&o, snmpx_oid_view(&name), &v,
                                            NULL, 4),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx_mibdb_format_timeticks(8640100, false, buf,
                                                sizeof(buf)),
                   17);
  assert_string_equal(buf, "1 day, 0:00:01.00");
  snmpx_mibdb_free(m);
}

/* SET values checked as snmpset checks them. */
static void test_mib_check_value(void **state)
{
  (void)state;
  snmpx_mibdb *m = load(v2_module, NULL);
  snmpx_mibdb_load_buffer(m, "t1.txt", v1_module, strlen(v1_module));
  snmpx_oid level, leaf, nm;
  assert_int_equal(
      snmpx_oid_parse(&level, "1.3.6.1.4.1.7.1.1.3.2.97.98.107"), 0);
  assert_int_equal(snmpx_oid_parse(&leaf, "1.3.6.1.4.1.9.1.1.0"), 0);
  assert_int_equal(snmpx_oid_parse(&nm, "1.3.6.1.4.1.7.1.1.1.2.97.98.107"),
                   0);
  char err[200];
  snmpx_value v = snmpx_value_int(SNMPX_TYPE_INTEGER, 2);
  assert_int_equal(snmpx_mibdb_check_value(m, snmpx_oid_view(&level), &v, err,
                                           sizeof(err)),
                   0);
  assert_string_equal(err, "");
  v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "x", 1);
  assert_int_equal(snmpx_mibdb_check_value(m, snmpx_oid_view(&level), &v, err,
                                           sizeof(err)),
                   SNMPX_EMIB_BADTYPE);
  assert_string_equal(
      err, "Bad variable type (Type of attribute is INTEGER, not OCTET STRING)");
  v = snmpx_value_int(SNMPX_TYPE_INTEGER, 11);
  assert_int_equal(snmpx_mibdb_check_value(m, snmpx_oid_view(&leaf), &v, err,
                                           sizeof(err)),
                   SNMPX_EMIB_RANGE);
  assert_string_equal(err, "Value out of range (11 :: {(0..10)})");
  v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "123456789", 9);
  assert_int_equal(snmpx_mibdb_check_value(m, snmpx_oid_view(&nm), &v, err,
                                           sizeof(err)),
                   SNMPX_EMIB_RANGE);
  assert_string_equal(err, "Value out of range (Bad string length :: {(1..8)})");
  v = snmpx_value_int(SNMPX_TYPE_COUNTER32, 1); /* not checked, as snmpset */
  assert_int_equal(snmpx_mibdb_check_value(m, snmpx_oid_view(&nm), &v, NULL, 0),
                   0);
  assert_string_equal(snmpx_mibdb_type_name(SNMPX_MIBDB_TYPE_GAUGE), "Gauge32");
  assert_null(snmpx_mibdb_type_name(SNMPX_MIBDB_TYPE_NOTIFTYPE));
  snmpx_mibdb_free(m);
}

/* The cache: a second load comes from it; touching a source file makes
 * the next load parse again. */
static void test_mib_cache_reused_and_invalidated(void **state)
{
  (void)state;
  char dir[] = "/tmp/snmpx-test-mib.XXXXXX";
  assert_non_null(mkdtemp(dir));
  char mibs[300], cache[300], file[400];
  snprintf(mibs, sizeof(mibs), "%s/mibs", dir);
  snprintf(cache, sizeof(cache), "%s/cache", dir);
  mkdir(mibs, 0700);
  snprintf(file, sizeof(file), "%s/TEST-SMI.txt", mibs);
  FILE *f = fopen(file, "w");
  fputs(smi, f);
  fclose(f);
  snmpx_mibdb_config cfg = {mibs, "TEST-SMI", cache, true};
  for (int round = 0; round < 3; round++) {
    if (round == 2) {
      /* A changed source (size and mtime) invalidates the cache. */
      f = fopen(file, "a");
      fputs("\n-- changed\n", f);
      fclose(f);
    }
    snmpx_mibdb *m = snmpx_mibdb_new(NULL);
    assert_int_equal(snmpx_mibdb_load_netsnmp(m, &cfg), 0);
    assert_int_equal(snmpx_mibdb_is_from_cache(m), round == 1);
    name_is(m, ".1.3.6.1.4.1", SNMPX_MIBDB_STYLE_MODULE,
            "TEST-SMI::enterprises");
    snmpx_mibdb_free(m);
  }
  char cmd[400];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* The error count of a load is the same whether it came from the cache
 * or from parsing again after the cache went stale. */
static void test_mib_cache_keeps_error_count(void **state)
{
  (void)state;
  static const char broken[] =
      "BROKEN-MIB DEFINITIONS ::= BEGIN\n"
      "IMPORTS enterprises FROM TEST-SMI;\n"
      "b OBJECT-TYPE SYNTAX INTEGER { a(1) b(2) } ::= { enterprises 1 }\n"
      "END\n";
  char dir[] = "/tmp/snmpx-test-mib.XXXXXX";
  assert_non_null(mkdtemp(dir));
  char mibs[300], cache[300], file[400];
  snprintf(mibs, sizeof(mibs), "%s/mibs", dir);
  snprintf(cache, sizeof(cache), "%s/cache", dir);
  mkdir(mibs, 0700);
  snprintf(file, sizeof(file), "%s/TEST-SMI.txt", mibs);
  FILE *f = fopen(file, "w");
  fputs(smi, f);
  fclose(f);
  snprintf(file, sizeof(file), "%s/BROKEN-MIB.txt", mibs);
  f = fopen(file, "w");
  fputs(broken, f);
  fclose(f);
  snmpx_mibdb_config cfg = {mibs, "BROKEN-MIB", cache, true};
  for (int round = 0; round < 3; round++) {
    if (round == 2) {
      f = fopen(file, "a");
      fputs("\n-- changed\n", f);
      fclose(f);
    }
    snmpx_mibdb *m = snmpx_mibdb_new(NULL);
    assert_int_equal(snmpx_mibdb_load_netsnmp(m, &cfg), 0);
    assert_int_equal(snmpx_mibdb_is_from_cache(m), round == 1);
    assert_int_equal(snmpx_mibdb_error_count(m), 1);
    snmpx_mibdb_free(m);
  }
  char cmd[400];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* An allocator that counts the bytes the library holds (each block keeps
 * its size in a header) and the most it held at once, and fails a request
 * that would take it past |limit|. */
typedef struct counter {
  size_t live, peak, limit;
} counter;

#define HDR 16

static void *c_malloc(size_t n, void *ud)
{
  counter *c = ud;
  if (n > c->limit - c->live)
    return NULL;
  unsigned char *p = malloc(n + HDR);
  if (p == NULL)
    return NULL;
  memcpy(p, &n, sizeof(n));
  c->live += n;
  if (c->live > c->peak)
    c->peak = c->live;
  return p + HDR;
}

static void *c_realloc(void *p, size_t n, void *ud)
{
  counter *c = ud;
  if (p == NULL)
    return c_malloc(n, ud);
  unsigned char *b = (unsigned char *)p - HDR;
  size_t old;
  memcpy(&old, b, sizeof(old));
  if (n > old && n - old > c->limit - c->live)
    return NULL;
  unsigned char *q = realloc(b, n + HDR);
  if (q == NULL)
    return NULL;
  memcpy(q, &n, sizeof(n));
  c->live = c->live - old + n;
  if (c->live > c->peak)
    c->peak = c->live;
  return q + HDR;
}

static void c_free(void *p, void *ud)
{
  if (p == NULL)
    return;
  unsigned char *b = (unsigned char *)p - HDR;
  size_t n;
  memcpy(&n, b, sizeof(n));
  ((counter *)ud)->live -= n;
  free(b);
}

/* Long lists (a DEFVAL of many words, enumerations, INDEX, OBJECTS and
 * IMPORTS) parse with memory in proportion to the text: growing them an
 * item at a time in the parser's arena once took the square of their
 * length (about 1 GB for a 60 KB DEFVAL).  The allocator's limit makes
 * such a regression fail fast instead of eating the machine's memory. */
static void test_mib_long_lists_parse_in_linear_memory(void **state)
{
  (void)state;
  enum { WORDS = 30000, ITEMS = 20000 };
  size_t cap = 64 * ITEMS + 2 * WORDS + 4096, len = 0;
  char *text = malloc(cap);
  assert_non_null(text);
#define ADD(...) len += (size_t)snprintf(text + len, cap - len, __VA_ARGS__)
  ADD("LONG-MIB DEFINITIONS ::= BEGIN\nIMPORTS enterprises");
  for (int i = 0; i < ITEMS; i++)
    ADD(", s%d", i);
  ADD(" FROM TEST-SMI;\nBig ::= TEXTUAL-CONVENTION STATUS current\n"
      "  DESCRIPTION \"b\" SYNTAX INTEGER {");
  for (int i = 0; i < ITEMS; i++)
    ADD("%se%d(%d)", i ? ", " : " ", i, i);
  ADD(" }\nlongRow OBJECT-TYPE SYNTAX Big MAX-ACCESS read-only\n"
      "  STATUS current DESCRIPTION \"r\" INDEX {");
  for (int i = 0; i < ITEMS; i++)
    ADD("%si%d", i ? ", " : " ", i);
  ADD(" }\n  DEFVAL {");
  for (int i = 0; i < WORDS; i++)
    ADD(" a");
  ADD(" } ::= { enterprises 3 }\n"
      "longGroup OBJECT-GROUP OBJECTS {");
  for (int i = 0; i < ITEMS; i++)
    ADD("%so%d", i ? ", " : " ", i);
  ADD(" } STATUS current DESCRIPTION \"g\" ::= { enterprises 4 }\nEND\n");
#undef ADD
  assert_true(len < cap - 1);

  /* The syntax tree, the database and the warnings about the imported
   * names TEST-SMI lacks are each a small multiple of the text (about 8
   * times in all). */
  counter c = {0, 0, 16 * len};
  snmpx_mem mem = {&c, c_malloc, c_realloc, c_free};
  snmpx_mibdb *m = snmpx_mibdb_new(&mem);
  assert_non_null(m);
  assert_int_equal(snmpx_mibdb_load_buffer(m, "smi", smi, strlen(smi)), 0);
  assert_int_equal(snmpx_mibdb_load_buffer(m, "long.txt", text, len), 0);

  snmpx_oid o;
  snmpx_oid_parse(&o, ".1.3.6.1.4.1.3");
  snmpx_mibdb_node n = snmpx_mibdb_find(m, snmpx_oid_view(&o), NULL);
  snmpx_mibdb_info in;
  assert_int_equal(snmpx_mibdb_info_get(m, n, &in), 0);
  assert_string_equal(in.label, "longRow");
  assert_int_equal(strlen(in.defval), 2 * WORDS - 1);
  assert_int_equal(in.n_enums, ITEMS);
  assert_int_equal(in.n_index, ITEMS);
  bool implied;
  assert_string_equal(snmpx_mibdb_index_at(m, n, ITEMS - 1, &implied),
                      "i19999");
  snmpx_oid_parse(&o, ".1.3.6.1.4.1.4");
  n = snmpx_mibdb_find(m, snmpx_oid_view(&o), NULL);
  assert_int_equal(snmpx_mibdb_info_get(m, n, &in), 0);
  assert_int_equal(in.n_objects, ITEMS);
  printf("long lists: %zu bytes of text, peak %zu bytes held\n", len, c.peak);
  snmpx_mibdb_free(m);
  assert_int_equal(c.live, 0);
  free(text);
}

typedef struct reader_arg {
  const snmpx_mibdb *m;
  int ok;
} reader_arg;

static void *reader(void *p)
{
  reader_arg *a = p;
  snmpx_oid o;
  snmpx_oid_parse(&o, ".1.3.6.1.4.1.7.1.1.3.2.104.105");
  char buf[128];
  for (int i = 0; i < 2000; i++) {
    snmpx_mibdb_format_oid(a->m, snmpx_oid_view(&o), SNMPX_MIBDB_STYLE_MODULE,
                           0, buf, sizeof(buf));
    if (strcmp(buf, "T2-MIB::t2Level.\"hi\"") == 0)
      a->ok++;
  }
  return NULL;
}

/* After loading, const queries from many threads at once agree. */
static void test_mib_concurrent_readers(void **state)
{
  (void)state;
  snmpx_mibdb *m = load(v2_module, NULL);
  pthread_t t[4];
  reader_arg a[4];
  for (int i = 0; i < 4; i++) {
    a[i] = (reader_arg){m, 0};
    assert_int_equal(pthread_create(&t[i], NULL, reader, &a[i]), 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(t[i], NULL);
    assert_int_equal(a[i].ok, 2000);
  }
  snmpx_mibdb_free(m);
}

/* Definitions whose parents come later in the module wait as orphans;
 * each is tried again only when its parent's label appears, so a chain
 * of N written child first costs about 2N tries, not N*N/2 (the passes
 * over every orphan that made such a module take seconds). */
static void test_mib_orphans_settle_in_linear_tries(void **state)
{
  (void)state;
  enum { N = 3000 };
  size_t cap = 64 * N + 256, len = 0;
  char *text = malloc(cap);
  assert_non_null(text);
  len += (size_t)snprintf(text + len, cap - len,
                          "CHAIN-MIB DEFINITIONS ::= BEGIN\n"
                          "IMPORTS enterprises FROM TEST-SMI;\n");
  for (int i = 0; i < N - 1; i++)
    len += (size_t)snprintf(text + len, cap - len,
                            "c%d OBJECT IDENTIFIER ::= { c%d 1 }\n", i, i + 1);
  len += (size_t)snprintf(text + len, cap - len,
                          "c%d OBJECT IDENTIFIER ::= { enterprises 9 }\nEND\n",
                          N - 1);
  assert_true(len < cap - 1);
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  assert_non_null(m);
  assert_int_equal(snmpx_mibdb_load_buffer(m, "smi", smi, strlen(smi)), 0);
  uint64_t before = m->link_tries;
  assert_int_equal(snmpx_mibdb_load_buffer(m, "chain.txt", text, len), 0);
  assert_true(m->link_tries - before <= 3 * (uint64_t)N);
  /* Every link of the chain is there: c2990 is 10 arcs below c3000's. */
  snmpx_oid o;
  char why[128];
  assert_int_equal(
      snmpx_mibdb_parse_oid(m, "CHAIN-MIB::c2990", 0, &o, why, sizeof(why)), 0);
  assert_int_equal(o.len, 6 + 1 + 9);
  assert_int_equal(o.arcs[6], 9);
  snmpx_mibdb_free(m);
  free(text);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_mib_smiv2_names_and_indexes),
      cmocka_unit_test(test_mib_smiv1_quirks),
      cmocka_unit_test(test_mib_unnamed_node_is_anonymous),
      cmocka_unit_test(test_mib_error_has_position_and_rest_loads),
      cmocka_unit_test(test_mib_error_recovery_finds_header_with_oid),
      cmocka_unit_test(test_mib_missing_import_is_reported),
      cmocka_unit_test(test_mib_display_hints),
      cmocka_unit_test(test_mib_format_value),
      cmocka_unit_test(test_mib_check_value),
      cmocka_unit_test(test_mib_cache_reused_and_invalidated),
      cmocka_unit_test(test_mib_cache_keeps_error_count),
      cmocka_unit_test(test_mib_concurrent_readers),
      cmocka_unit_test(test_mib_long_lists_parse_in_linear_memory),
      cmocka_unit_test(test_mib_orphans_settle_in_linear_tries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
