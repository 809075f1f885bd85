/* snmpx translate's regular expressions (-TB, -Ib), matched by tools/ere.c
 * in linear time: the patterns glibc's regcomp took seconds to minutes on
 * (fuzz_tool_translate's slow inputs) now match like any other, and only
 * a pattern whose program is over ERE_MAX_PROG instructions once its
 * repetitions are copied out (or that has a back-reference) is refused,
 * with a line that names the option and the pattern.  No timing: a
 * pattern that hung would be stopped by ctest's timeout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <snmpx/snmpx.h>

#include "commands.h"

static const char module[] = "TR-TEST-MIB DEFINITIONS ::= BEGIN\n"
                             "org OBJECT IDENTIFIER ::= { iso 3 }\n"
                             "dod OBJECT IDENTIFIER ::= { org 6 }\n"
                             "ifInOctets OBJECT IDENTIFIER ::= { dod 1 }\n"
                             "ifDescr OBJECT IDENTIFIER ::= { dod 2 }\n"
                             "aaaa OBJECT IDENTIFIER ::= { dod 3 }\n"
                             "END\n";

/* snmpx translate ARGS... over the test module; its exit status. */
static int translate(const char *mode, const char *pattern)
{
  snmpx_mibdb *m = snmpx_mibdb_new(NULL);
  assert_non_null(m);
  assert_int_equal(snmpx_mibdb_set_dirs(m, ""), 0);
  assert_int_equal(snmpx_mibdb_load_buffer(m, "tr", module, strlen(module)), 0);
  char *argv[] = {"translate", (char *)mode, "--", (char *)pattern, NULL};
  int rv = cmd_translate_with(4, argv, m);
  snmpx_mibdb_free(m);
  return rv;
}

/* translate MODE -- PATTERN, its stderr in |err| (|cap| bytes). */
static int translate_err(const char *mode, const char *pattern, char *err,
                         size_t cap)
{
  FILE *tmp = tmpfile();
  assert_non_null(tmp);
  fflush(stderr);
  int saved = dup(STDERR_FILENO);
  assert_true(saved >= 0);
  assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
  int rv = translate(mode, pattern);
  fflush(stderr);
  assert_true(dup2(saved, STDERR_FILENO) >= 0);
  close(saved);
  rewind(tmp);
  size_t n = fread(err, 1, cap - 1, tmp);
  err[n] = '\0';
  fclose(tmp);
  return rv;
}

static void test_tool_translate_large_repetitions_refused(void **state)
{
  (void)state;
  /* Repetitions whose copies add up past ERE_MAX_PROG (4096) instructions,
   * alone, in a row or nested */
  static const char *const big[] = {
      "a{0,9999}",          "a{,09999}",     "a{4096}",
      "x{0,1500}y{0,1500}", "(ab){0,1500}",  "((a{0,50}){0,50})",
      "(a|b){0,4999}",      "[a-z]{0,3000}", "(a{0,99}){0,99}{0,99}",
  };
  char err[512], want[512];
  for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
    for (int k = 0; k < 2; k++) {
      const char *mode = k ? "-Ib" : "-TB";
      assert_int_equal(translate_err(mode, big[i], err, sizeof(err)), 1);
      snprintf(want, sizeof(want),
               "snmptranslate: %s pattern \"%s\": too large once its "
               "repetitions are copied out (over 4096 instructions)\n",
               mode, big[i]);
      assert_string_equal(err, want);
    }
  }
  /* glibc takes back-references; they cannot be matched in linear time */
  assert_int_equal(translate_err("-TB", "(i)\\1", err, sizeof(err)), 1);
  assert_string_equal(err, "snmptranslate: -TB pattern \"(i)\\1\": "
                           "back-references (\\1 to \\9) are not supported\n");
  /* what glibc refuses gets Net-SNMP's line, as before */
  assert_int_equal(translate_err("-TB", "[a", err, sizeof(err)), 1);
  assert_string_equal(
      err, "Unable to find a matching object identifier for \"[a\"\n");
  assert_int_equal(translate_err("-Ib", "a{1", err, sizeof(err)), 1);
  assert_string_equal(
      err, "Unable to find a matching object identifier for \"a{1\"\n");
}

static void test_tool_translate_small_patterns_match(void **state)
{
  (void)state;
  static const char *const small[] = {
      "ifIn",
      "ifDescr",
      "if(In|De){1,3}",
      "a{4}",
      "a{0,500}",
      "[[:alpha:]]+",
      "if[]a-z]*",
      "^if.*Octets$",
      "(a|aa){1,100}",
      "\\-?ifIn",
      "(if|ip)*(In|Out){1,2}",
      "((((((((i)f)I)n)O)c)t)e)",
      "a{4090}|dod",
      "x.{0,2044}|org",
      /* refused before ere, for glibc's regcomp took minutes on them */
      "s{,9}{0,9}{,09}\xa6{,9}{,09}\xa6{,9}+",
      "a{2}{2}",
      "a*{2}",
      "((a{0,9})x){0,9}",
      "(i+f){2}|(i+f)",
      "(((((((((i)f)I)n)O)c)t)e)t)",
      "a*++++++++++",
      "i.*++++++++++",
      "(a|b){0,800}",
      "s{,9}{0,9}{,9}",
  };
  for (size_t i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
    assert_int_equal(translate("-Ib", small[i]), 0);
    assert_int_equal(translate("-TB", small[i]), 0);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_tool_translate_large_repetitions_refused),
      cmocka_unit_test(test_tool_translate_small_patterns_match),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
