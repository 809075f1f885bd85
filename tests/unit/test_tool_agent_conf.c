/* Unit tests for tools/agent_conf.c: snmpx agent's configuration files
 * are read line by line, each line whole or refused with FILE:LINE, and
 * what snmpd refuses is refused (issue 13: defects 1, 6 and 8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

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
  assert_int_equal(rv, -1);
  assert_has(f->err, "mem:4: unknown directive 'bogus'");
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
  refused_at(f, 1, "rouser -s: 'ksm' is not usm or tsm");
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
      cmocka_unit_test_setup_teardown(test_tool_agent_conf_text, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
