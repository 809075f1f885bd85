/* Unit tests for tools/agent_conf.c: snmpx agent's configuration files
 * are read line by line, each line whole or refused with FILE:LINE, and
 * what snmpd refuses is refused (issue 13: defects 1, 6 and 8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "agent_conf.h"
#include "conf_test_util.h"

typedef struct fixture {
  agent_conf c;
  char err[4096]; /* what the last load printed */
  char path[300]; /* the file it read */
} fixture;

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof(*f));
  assert_non_null(f);
  f->c.engine = snmpx_engine_new(NULL);
  f->c.vacm = snmpx_vacm_new(NULL);
  snmpx_agent_config ac;
  memset(&ac, 0, sizeof(ac));
  ac.vacm = f->c.vacm;
  f->c.agent = snmpx_agent_new(&ac);
  assert_non_null(f->c.agent);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  snmpx_agent_free(f->c.agent);
  snmpx_engine_free(f->c.engine);
  snmpx_vacm_free(f->c.vacm);
  agent_conf_clear(&f->c);
  free(f);
  return 0;
}

/* agent_conf_file over a file holding |len| bytes of |text|. */
static int load_n(fixture *f, const char *text, size_t len)
{
  conf_write("agent.conf", text, len, f->path, sizeof(f->path));
  conf_capture_start();
  int rv = agent_conf_file(&f->c, f->path);
  conf_capture_end(f->err, sizeof(f->err));
  return rv;
}

static int load(fixture *f, const char *text)
{
  return load_n(f, text, strlen(text));
}

/* The last load printed "PATH:LINE: " and |what|. */
#define refused_at(f, line, what)                                              \
  assert_refused_at((f)->err, (f)->path, (line), (what))

static bool has_community(fixture *f, const char *community)
{
  snmpx_vacm_community_match m;
  return snmpx_vacm_community_lookup(f->c.vacm, (const uint8_t *)community,
                                     strlen(community), NULL, &m) == 0;
}

/* Defect 1: the 1024th byte of a line no longer starts a new directive.
 * The line is a comment padded so that "rwcommunity evil" begins at its
 * 1024th byte: it was read as a directive of its own. */
static void test_tool_agent_conf_long_line_is_one_line(void **state)
{
  fixture *f = *state;
  char text[2048];
  memset(text, 'x', 1023);
  text[0] = '#';
  strcpy(text + 1023, "rwcommunity evil\nrocommunity public\n");
  assert_int_equal(load(f, text), 0);
  assert_false(has_community(f, "evil"));
  assert_true(has_community(f, "public"));
  assert_int_equal(f->c.n_access, 1);
}

/* Defect 1: a long directive is read whole: a long sysDescr is refused as
 * snmpd refuses it (over 255 octets), its tail never runs. */
static void test_tool_agent_conf_long_sysdescr_refused(void **state)
{
  fixture *f = *state;
  char text[2048];
  strcpy(text, "rocommunity public\nsysDescr ");
  size_t n = strlen(text);
  memset(text + n, 'x', 1023 + 19 - n);
  strcpy(text + 1023 + 19, "rwcommunity evil\n");
  assert_int_equal(load(f, text), -1);
  refused_at(f, 2, "octets long: at most 255");
  assert_false(has_community(f, "evil"));
  /* 255 octets are taken. */
  memset(text, 'y', sizeof(text));
  memcpy(text, "sysName ", 8);
  strcpy(text + 8 + 255, "\n");
  assert_int_equal(load(f, text), 0);
  assert_int_equal(strlen(f->c.sys_strings[2]), 255);
}

/* Any length: a line longer than the reader takes is refused, never cut. */
static void test_tool_agent_conf_huge_line_refused(void **state)
{
  fixture *f = *state;
  size_t len = 70000;
  char *text = malloc(len + 1);
  assert_non_null(text);
  memset(text, ' ', len);
  memcpy(text, "#", 1);
  memcpy(text + len - 17, "rwcommunity evil\n", 17);
  int rv = load_n(f, text, len);
  free(text);
  assert_int_equal(rv, -1);
  refused_at(f, 1, "line too long");
  assert_false(has_community(f, "evil"));
}

/* An endless line (a device) is refused after CONF_LINE_MAX bytes, not
 * read for ever nor held in memory. */
static void test_tool_agent_conf_endless_line_refused(void **state)
{
  fixture *f = *state;
  conf_capture_start();
  int rv = agent_conf_file(&f->c, "/dev/zero");
  conf_capture_end(f->err, sizeof(f->err));
  assert_int_equal(rv, -1);
  assert_has(f->err, "/dev/zero:1: line too long");
}

/* Defect 6: a directory is no empty configuration file. */
static void test_tool_agent_conf_directory_refused(void **state)
{
  fixture *f = *state;
  conf_capture_start();
  int rv = agent_conf_file(&f->c, conf_tmpdir());
  conf_capture_end(f->err, sizeof(f->err));
  assert_int_equal(rv, -1);
  assert_has(f->err, conf_tmpdir());
  assert_has(f->err, "Is a directory");
  /* nor an empty .snmprec file (-D DIR is "data DIR") */
  char line[400];
  snprintf(line, sizeof(line), "data \"%s\"", conf_tmpdir());
  f->c.where = "command line";
  conf_capture_start();
  rv = agent_conf_line(&f->c, line);
  conf_capture_end(f->err, sizeof(f->err));
  assert_int_equal(rv, -1);
  assert_has(f->err, "command line: cannot read");
  assert_has(f->err, "Is a directory");
}

/* Defect 8: a quote never closed. */
static void test_tool_agent_conf_open_quote_refused(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "rocommunity public\n"
                           "rocommunity \"secret 127.0.0.1\n"),
                   -1);
  refused_at(f, 2, "unterminated quote");
  assert_int_equal(load(f, "sysLocation 'the lab\n"), -1);
  refused_at(f, 1, "unterminated quote");
  /* a quote inside a word, and one in a comment, are plain */
  assert_int_equal(load(f, "sysContact it's me # don't\n"), 0);
}

/* Defect 8: a NUL byte does not end the line early. */
static void test_tool_agent_conf_nul_refused(void **state)
{
  fixture *f = *state;
  static const char text[] = "# ok\nrocommunity pub\0lic 10.0.0.1\n";
  assert_int_equal(load_n(f, text, sizeof(text) - 1), -1);
  refused_at(f, 2, "NUL byte");
  assert_false(has_community(f, "pub"));
}

/* Defect 8: snmpd refuses createUser pass phrases under 8 characters
 * ("passphrase chosen is below the length requirements of the USM"). */
static void test_tool_agent_conf_short_pass_refused(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "createUser u1 SHA short\n"), -1);
  refused_at(f, 1,
             "createUser u1: the authentication pass phrase is "
             "shorter than 8 characters");
  assert_int_equal(load(f, "\ncreateUser u2 SHA longenough AES 1234567\n"), -1);
  refused_at(f, 2, "createUser u2: the privacy pass phrase is shorter");
  assert_int_equal(load(f, "createUser u3 SHA 12345678 AES 12345678\n"
                           "createUser u4 SHA 12345678 AES\n"),
                   0);
}

/* Defect 8: a bad agentAddress names its file and line. */
static void test_tool_agent_conf_bad_address_refused(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "rocommunity public\n"
                           "agentAddress udp:127.0.0.1:1161,udp:999.1.1.1:1\n"),
                   -1);
  refused_at(f, 2, "agentAddress: bad address 'udp:999.1.1.1:1'");
  assert_int_equal(load(f, "agentAddress udp:127.0.0.1:99999\n"), -1);
  refused_at(f, 1, "bad address");
}

/* agent_conf_text reads from memory as agent_conf_file reads a file. */
static void test_tool_agent_conf_text(void **state)
{
  fixture *f = *state;
  static const char text[] = "rocommunity public\n\nrouser u1\nbogus";
  conf_capture_start();
  int rv = agent_conf_text(&f->c, "mem", text, sizeof(text) - 1);
  conf_capture_end(f->err, sizeof(f->err));
  assert_int_equal(rv, 0); /* snmpd: "Warning: Unknown token", goes on */
  assert_has(f->err, "mem:4: warning: unknown directive 'bogus'");
  assert_int_equal(agent_conf_text(&f->c, "empty", "", 0), 0);
}

/* rouser -s tsm NAME: the name a certificate maps to (certSecName), in
 * VACM under securityModel 4 (RFC 5591), not under USM. */
static void test_tool_agent_conf_rouser_tsm(void **state)
{
  fixture *f = *state;
  static const uint32_t sysdescr[] = {1, 3, 6, 1, 2, 1, 1, 1, 0};
  snmpx_oidv name = {sysdescr, 9};

  assert_int_equal(load(f, "rouser -s tsm certuser priv\n"
                           "rouser -s usm usmuser\n"),
                   0);
  assert_int_equal(snmpx_vacm_is_access_allowed(
                       f->c.vacm, SNMPX_SECMODEL_TSM,
                       (const uint8_t *)"certuser", 8,
                       SNMPX_SECLEVEL_AUTHPRIV, SNMPX_VACM_READ, NULL, 0,
                       name),
                   SNMPX_VACM_ACCESS_ALLOWED);
  assert_int_not_equal(snmpx_vacm_is_access_allowed(
                           f->c.vacm, SNMPX_SECMODEL_USM,
                           (const uint8_t *)"certuser", 8,
                           SNMPX_SECLEVEL_AUTHPRIV, SNMPX_VACM_READ, NULL, 0,
                           name),
                       SNMPX_VACM_ACCESS_ALLOWED);
  assert_int_equal(snmpx_vacm_is_access_allowed(
                       f->c.vacm, SNMPX_SECMODEL_USM,
                       (const uint8_t *)"usmuser", 7,
                       SNMPX_SECLEVEL_AUTHNOPRIV, SNMPX_VACM_READ, NULL, 0,
                       name),
                   SNMPX_VACM_ACCESS_ALLOWED);
  assert_int_equal(load(f, "rouser -s ksm x\n"), -1);
  refused_at(f, 1, "rouser -s: 'ksm' is not usm, tsm, v1 or v2c");
}

/* Whether |secname| (model |model|, level |lv|) may read |oid| in |ctx|. */
static bool can(fixture *f, int model, const char *secname,
                snmpx_seclevel lv, int what, const char *ctx, const char *oid)
{
  snmpx_oid o;
  assert_int_equal(snmpx_oid_parse(&o, oid), 0);
  return snmpx_vacm_is_access_allowed(
             f->c.vacm, model, (const uint8_t *)secname, strlen(secname), lv,
             what, (const uint8_t *)ctx, strlen(ctx),
             snmpx_oid_view(&o)) == SNMPX_VACM_ACCESS_ALLOWED;
}

/* The community a request's community maps to: its security name. */
static const char *comm_secname(fixture *f, const char *comm,
                                const char *from, char *buf, size_t cap)
{
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse(&a, from, 161), 0);
  snmpx_vacm_community_match m;
  if (snmpx_vacm_community_lookup(f->c.vacm, (const uint8_t *)comm,
                                  strlen(comm), &a, &m) != 0)
    return NULL;
  snprintf(buf, cap, "%.*s|%.*s", (int)m.security_name_len,
           (const char *)m.security_name, (int)m.context_name_len,
           (const char *)m.context_name);
  return buf;
}

/* Debian 12's stock snmpd.conf words: case-insensitive names, -V VIEW,
 * rocommunity6, rouser LEVEL -V VIEW, master agentx a warning. */
static void test_tool_agent_conf_debian_words(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "sysLocation    Sitting on the Dock of the Bay\n"
                           "sysContact     Me <me@example.org>\n"
                           "sysServices    72\n"
                           "master  agentx\n"
                           "view   systemonly  included   .1.3.6.1.2.1.1\n"
                           "view   systemonly  included   .1.3.6.1.2.1.25.1\n"
                           "rocommunity  public default -V systemonly\n"
                           "rocommunity6 public default -V systemonly\n"
                           "rouser authPrivUser authpriv -V systemonly\n"
                           "SYSNAME upper\n"),
                   0);
  assert_has(f->err, "agent.conf:4: warning: master agentx");
  assert_string_equal(f->c.sys_strings[3], "Sitting on the Dock of the Bay");
  assert_string_equal(f->c.sys_strings[2], "upper");
  assert_int_equal(f->c.sys_services, 72);
  char buf[80];
  const char *sec = comm_secname(f, "public", "udp:10.1.2.3:5", buf, 80);
  assert_non_null(sec);
  char name[40];
  snprintf(name, sizeof(name), "%.*s", (int)(strchr(sec, '|') - sec), sec);
  assert_true(can(f, SNMPX_SECMODEL_V2C, name, SNMPX_SECLEVEL_NOAUTH,
                  SNMPX_VACM_READ, "", ".1.3.6.1.2.1.1.5.0"));
  assert_true(can(f, SNMPX_SECMODEL_V1, name, SNMPX_SECLEVEL_NOAUTH,
                  SNMPX_VACM_READ, "", ".1.3.6.1.2.1.25.1.1.0"));
  assert_false(can(f, SNMPX_SECMODEL_V2C, name, SNMPX_SECLEVEL_NOAUTH,
                   SNMPX_VACM_READ, "", ".1.3.6.1.2.1.2.1.0"));
  assert_false(can(f, SNMPX_SECMODEL_V2C, name, SNMPX_SECLEVEL_NOAUTH,
                   SNMPX_VACM_WRITE, "", ".1.3.6.1.2.1.1.5.0"));
  assert_non_null(comm_secname(f, "public", "udp6:[::1]:5", buf, 80));
  assert_true(can(f, SNMPX_SECMODEL_USM, "authPrivUser",
                  SNMPX_SECLEVEL_AUTHPRIV, SNMPX_VACM_READ, "",
                  ".1.3.6.1.2.1.1.1.0"));
  assert_false(can(f, SNMPX_SECMODEL_USM, "authPrivUser",
                   SNMPX_SECLEVEL_AUTHNOPRIV, SNMPX_VACM_READ, "",
                   ".1.3.6.1.2.1.1.1.0"));
}

/* Contexts: rwcommunity ... -V VIEW CONTEXT maps the community into that
 * context; rouser ... OID "ctx*" is a prefix; com2sec -Cn. */
static void test_tool_agent_conf_contexts(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "view v included .1.3.6.1.2.1.1\n"
                           "rwcommunity priv 127.0.0.1 -V v ctxA\n"
                           "rouser u1 noauth .1.3.6.1.2.1.2 dev*\n"
                           "com2sec -Cn ctxB s1 10.0.0.0/255.0.0.0 c1\n"
                           "group g1 v2c s1\n"
                           "authaccess read -s v2c g1 v noauth ctxB\n"
                           "authcommunity read,write c2 default .1.3.6.1.4\n"
                           "setaccess g1 ctxC any noauth exact v read\n"),
                   0);
  char buf[80];
  assert_string_equal(comm_secname(f, "priv", "udp:127.0.0.1:9", buf, 80) +
                          strcspn(buf, "|"),
                      "|ctxA");
  assert_null(comm_secname(f, "priv", "udp:127.0.0.2:9", buf, 80));
  assert_string_equal(comm_secname(f, "c1", "udp:10.9.9.9:9", buf, 80),
                      "s1|ctxB");
  assert_null(comm_secname(f, "c1", "udp:11.0.0.1:9", buf, 80));
  assert_true(can(f, SNMPX_SECMODEL_V2C, "s1", SNMPX_SECLEVEL_NOAUTH,
                  SNMPX_VACM_READ, "ctxB", ".1.3.6.1.2.1.1.1.0"));
  assert_false(can(f, SNMPX_SECMODEL_V2C, "s1", SNMPX_SECLEVEL_NOAUTH,
                   SNMPX_VACM_WRITE, "ctxB", ".1.3.6.1.2.1.1.1.0"));
  assert_true(can(f, SNMPX_SECMODEL_V2C, "s1", SNMPX_SECLEVEL_NOAUTH,
                  SNMPX_VACM_READ, "ctxC", ".1.3.6.1.2.1.1.1.0"));
  assert_true(can(f, SNMPX_SECMODEL_USM, "u1", SNMPX_SECLEVEL_NOAUTH,
                  SNMPX_VACM_READ, "dev", ".1.3.6.1.2.1.2.1.0"));
  assert_false(can(f, SNMPX_SECMODEL_USM, "u1", SNMPX_SECLEVEL_NOAUTH,
                   SNMPX_VACM_READ, "", ".1.3.6.1.2.1.2.1.0"));
  const char *c2 = comm_secname(f, "c2", "udp:1.2.3.4:5", buf, 80);
  assert_non_null(c2);
  char name[40];
  snprintf(name, sizeof(name), "%.*s", (int)strcspn(c2, "|"), c2);
  assert_true(can(f, SNMPX_SECMODEL_V2C, name, SNMPX_SECLEVEL_NOAUTH,
                  SNMPX_VACM_WRITE, "", ".1.3.6.1.4.1.1"));
  /* A known word with bad arguments stays an error. */
  assert_int_equal(load(f, "rocommunity x default -V\n"), -1);
  refused_at(f, 1, "-V takes a view name");
  assert_int_equal(load(f, "authcommunity reed x\n"), -1);
  refused_at(f, 1, "bad view type 'reed'");
  assert_int_equal(load(f, "com2sec6 -Cn c s1 nothost::1/999 c1\n"), -1);
  refused_at(f, 1, "bad source");
}

/* includeFile (next to the including file) and includeDir (*.conf, by
 * name); engineID TEXT as snmpd builds it; the words kept for others. */
static void test_tool_agent_conf_include(void **state)
{
  fixture *f = *state;
  char dir[300], sub[400], path[500];
  conf_write("x", "", 0, dir, sizeof(dir));
  *strrchr(dir, '/') = '\0';
  snprintf(sub, sizeof(sub), "%s/d.d", dir);
  mkdir(sub, 0700);
  snprintf(path, sizeof(path), "%s/b.conf", sub);
  FILE *fp = fopen(path, "w");
  fputs("sysName from-b\n", fp);
  fclose(fp);
  snprintf(path, sizeof(path), "%s/a.conf", sub);
  fp = fopen(path, "w");
  fputs("sysName from-a\nsysContact a\n", fp);
  fclose(fp);
  snprintf(path, sizeof(path), "%s/ignored.txt", sub);
  fp = fopen(path, "w");
  fputs("sysContact wrong\n", fp);
  fclose(fp);
  snprintf(path, sizeof(path), "%s/inc.conf", dir);
  fp = fopen(path, "w");
  fputs("sysLocation inc\n", fp);
  fclose(fp);
  char text[1200];
  snprintf(text, sizeof(text),
           "includeFile inc.conf\nINCLUDEDIR %s\nengineID hello\n"
           "agentuser snmp\nAgentGroup nogroup\nleave_pidfile yes\n"
           "dontLogTCPWrappersConnects yes\nproxy -v 2c x y .1.3\n",
           sub);
  assert_int_equal(load(f, text), 0);
  assert_string_equal(f->c.sys_strings[3], "inc");
  assert_string_equal(f->c.sys_strings[2], "from-b");
  assert_string_equal(f->c.sys_strings[1], "a");
  static const uint8_t eid[] = {0x80, 0, 0x1f, 0x88, 4, 'h', 'e', 'l', 'l',
                                'o'};
  assert_int_equal(f->c.engine_id_len, sizeof(eid));
  assert_memory_equal(f->c.engine_id, eid, sizeof(eid));
  assert_string_equal(f->c.agent_user, "snmp");
  assert_string_equal(f->c.agent_group, "nogroup");
  assert_true(f->c.leave_pidfile);
  assert_has(f->err, "warning: proxy");
  assert_int_equal(load(f, "includeFile /nonexistent/x.conf\n"), -1);
  assert_has(f->err, "cannot read '/nonexistent/x.conf'");
  assert_int_equal(load(f, "includeDir /nonexistent\n"), 0);
  assert_has(f->err, "warning: includeDir '/nonexistent'");
  assert_int_equal(load(f, "engineIDType 4\n"), -1);
  refused_at(f, 1, "engineIDType 1|2|3");
  assert_int_equal(load(f, "authtrapenable 3\n"), -1);
  refused_at(f, 1, "authtrapenable 1|2");
  assert_int_equal(load(f, "trap2sink localhost public 99999\n"), -1);
  refused_at(f, 1, "bad port");
  assert_int_equal(load(f, "trapsess -v 2c -Ci\n"), -1);
  refused_at(f, 1, "must be the HOST");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(
          test_tool_agent_conf_long_line_is_one_line, setup, teardown),
      cmocka_unit_test_setup_teardown(
          test_tool_agent_conf_long_sysdescr_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_huge_line_refused,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_endless_line_refused,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_directory_refused,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_open_quote_refused,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_nul_refused, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_short_pass_refused,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_bad_address_refused,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_rouser_tsm, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_debian_words,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_contexts, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_include, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_text, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
