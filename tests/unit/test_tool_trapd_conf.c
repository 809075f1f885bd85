/* Unit tests for tools/trapd_conf.c: snmpx trapd's configuration files
 * are read line by line, each line whole or refused with FILE:LINE, and
 * what snmptrapd refuses is refused (issue 13: defects 2, 6 and 8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "trapd_conf.h"
#include "conf_test_util.h"

typedef struct fixture {
  trapd_conf c;
  snmpx_engine *e;
  char err[4096]; /* what the last load printed */
  char path[300]; /* the file it read */
} fixture;

static int setup(void **state)
{
  fixture *f = calloc(1, sizeof(*f));
  assert_non_null(f);
  f->e = snmpx_engine_new(NULL);
  assert_non_null(f->e);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  trapd_conf_clear(&f->c);
  snmpx_engine_free(f->e);
  free(f);
  return 0;
}

/* trapd_conf_load over a file holding |len| bytes of |text|. */
static int load_n(fixture *f, const char *text, size_t len)
{
  conf_write("snmptrapd.conf", text, len, f->path, sizeof(f->path));
  conf_capture_start();
  int rv = trapd_conf_load(&f->c, f->path, f->e);
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

/* Defect 2: the 4096th byte of a line no longer starts a new directive.
 * The line is a comment padded so that "traphandle default ..." begins at
 * its 4096th byte: it became the command run for every trap. */
static void test_tool_trapd_conf_long_line_is_one_line(void **state)
{
  fixture *f = *state;
  char text[8192];
  memset(text, ' ', 4095);
  text[0] = '#';
  strcpy(text + 4095, "traphandle default touch /tmp/pwned\n"
                      "authCommunity log public\n");
  assert_int_equal(load(f, text), 0);
  assert_null(f->c.exec);
  assert_int_equal(f->c.n_communities, 1);
  /* A long command is taken whole. */
  memcpy(text, "traphandle default echo ", 24);
  memset(text + 24, 'a', 6000);
  strcpy(text + 6024, " end\n");
  assert_int_equal(load(f, text), 0);
  assert_non_null(f->c.exec);
  assert_int_equal(strlen(f->c.exec), 5 + 6000 + 4);
}

/* Any length: a line longer than the reader takes is refused, never cut. */
static void test_tool_trapd_conf_huge_line_refused(void **state)
{
  fixture *f = *state;
  size_t len = 70000;
  char *text = malloc(len);
  assert_non_null(text);
  memset(text, ' ', len);
  text[0] = '#';
  memcpy(text + len - 21, "traphandle default x\n", 21);
  int rv = load_n(f, text, len);
  free(text);
  assert_int_equal(rv, -1);
  refused_at(f, 1, "line too long");
  assert_null(f->c.exec);
}

/* An endless line (a device) is refused after CONF_LINE_MAX bytes, not
 * read for ever nor held in memory. */
static void test_tool_trapd_conf_endless_line_refused(void **state)
{
  fixture *f = *state;
  conf_capture_start();
  int rv = trapd_conf_load(&f->c, "/dev/zero", f->e);
  conf_capture_end(f->err, sizeof(f->err));
  assert_int_equal(rv, -1);
  assert_has(f->err, "/dev/zero:1: line too long");
}

/* Defect 6: a directory is no empty configuration file. */
static void test_tool_trapd_conf_directory_refused(void **state)
{
  fixture *f = *state;
  conf_capture_start();
  int rv = trapd_conf_load(&f->c, conf_tmpdir(), f->e);
  conf_capture_end(f->err, sizeof(f->err));
  assert_int_equal(rv, -1);
  assert_has(f->err, conf_tmpdir());
  assert_has(f->err, "Is a directory");
}

/* Defect 8: TYPES other than log, execute, net ("Illegal view name" in
 * snmptrapd). */
static void test_tool_trapd_conf_bad_types_refused(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "authCommunity bogus public\n"), -1);
  refused_at(f, 1, "authCommunity: unknown type 'bogus'");
  assert_int_equal(load(f, "\nauthCommunity log,foo public\n"), -1);
  refused_at(f, 2, "unknown type 'foo'");
  assert_int_equal(load(f, "authUser lg u1\n"), -1);
  refused_at(f, 1, "authUser: unknown type 'lg'");
  assert_int_equal(load(f, "authCommunity log,execute,net public\n"
                           "authUser log -s usm u1 priv\n"),
                   0);
  assert_int_equal(f->c.users[0].level, SNMPX_SECLEVEL_AUTHPRIV);
}

/* Defect 8: a bad source network names its file and line (it was found
 * only when applied, with neither). */
static void test_tool_trapd_conf_bad_source_refused(void **state)
{
  fixture *f = *state;
  static const char *const bad[] = {"10.0.0.0/99", "10.0.0.0/", "lab",
                                    "10.0.0.0/8x", "::1/129",   "/8"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    char text[200];
    snprintf(text, sizeof(text),
             "authCommunity log public\n"
             "authCommunity log lab %s\n",
             bad[i]);
    assert_int_equal(load(f, text), -1);
    refused_at(f, 2, "authCommunity: bad source");
    trapd_conf_clear(&f->c);
  }
  assert_int_equal(load(f, "authCommunity log a 10.0.0.0/8\n"
                           "authCommunity log b ::1\n"
                           "authCommunity log c default\n"),
                   0);
  assert_int_equal(f->c.n_communities, 3);
  assert_null(f->c.communities[2].source);
  /* A view restriction is not implemented: refused, not ignored. */
  assert_int_equal(load(f, "authCommunity log d 10.0.0.0/8 .1.3.6\n"), -1);
  refused_at(f, 1, "not supported");
}

/* Defect 8: a quote never closed; a NUL byte. */
static void test_tool_trapd_conf_open_quote_and_nul_refused(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "authCommunity log \"public\n"), -1);
  refused_at(f, 1, "unterminated quote");
  static const char text[] = "authCommunity log pub\0lic\n";
  assert_int_equal(load_n(f, text, sizeof(text) - 1), -1);
  refused_at(f, 1, "NUL byte");
  assert_int_equal(f->c.n_communities, 0);
}

/* Defect 8: snmptrapd refuses createUser pass phrases under 8 characters. */
static void test_tool_trapd_conf_short_pass_refused(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "createUser -e 0x8000000001020304 u1 SHA 1234567\n"),
                   -1);
  refused_at(f, 1,
             "createUser u1: the authentication pass phrase is shorter "
             "than 8 characters");
}

/* Defect 8: a bad snmpTrapdAddr, a disableAuthorization that is no
 * boolean. */
static void test_tool_trapd_conf_bad_values_refused(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "snmpTrapdAddr udp:127.0.0.1:99999\n"), -1);
  refused_at(f, 1, "snmpTrapdAddr: bad address 'udp:127.0.0.1:99999'");
  assert_int_equal(load(f, "disableAuthorization maybe\n"), -1);
  refused_at(f, 1, "disableAuthorization yes|no");
  assert_int_equal(load(f, "disableAuthorization yes\n"), 0);
  assert_true(f->c.disable_auth);
  assert_int_equal(load(f, "disableAuthorization no\n"), 0);
  assert_false(f->c.disable_auth);
}

/* traphandle's command is the line after its second word, however that
 * word is spelled (it was searched for as "default" in the raw line). */
static void test_tool_trapd_conf_traphandle_words(void **state)
{
  fixture *f = *state;
  assert_int_equal(load(f, "traphandle def\\ault logger -t trap\r\n"), 0);
  assert_string_equal(f->c.exec, "logger -t trap");
  assert_int_equal(load(f, "traphandle \"default\" /bin/sh -c 'cat'\n"), 0);
  assert_string_equal(f->c.exec, "/bin/sh -c 'cat'");
}

/* trapd_conf_load_text reads from memory as trapd_conf_load reads a file. */
static void test_tool_trapd_conf_text(void **state)
{
  fixture *f = *state;
  static const char text[] = "authCommunity log public\nauthCommunity x y";
  conf_capture_start();
  int rv = trapd_conf_load_text(&f->c, "mem", text, sizeof(text) - 1, f->e);
  conf_capture_end(f->err, sizeof(f->err));
  assert_int_equal(rv, -1);
  assert_has(f->err, "mem:2: authCommunity: unknown type 'x'");
  assert_int_equal(trapd_conf_load_text(&f->c, "empty", "", 0, f->e), 0);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_tool_trapd_conf_long_line_is_one_line),
      T(test_tool_trapd_conf_huge_line_refused),
      T(test_tool_trapd_conf_endless_line_refused),
      T(test_tool_trapd_conf_directory_refused),
      T(test_tool_trapd_conf_bad_types_refused),
      T(test_tool_trapd_conf_bad_source_refused),
      T(test_tool_trapd_conf_open_quote_and_nul_refused),
      T(test_tool_trapd_conf_short_pass_refused),
      T(test_tool_trapd_conf_bad_values_refused),
      T(test_tool_trapd_conf_traphandle_words),
      T(test_tool_trapd_conf_text),
  };
#undef T
  return cmocka_run_group_tests(tests, NULL, NULL);
}
