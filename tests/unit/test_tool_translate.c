/* snmpx translate's regular expressions (-TB, -Ib): a pattern whose
 * compiled form would be large is refused before glibc's regcomp, whose
 * time grows with the square of that size ("a{0,9999}" took a second to
 * compile, seven of them in -Ib's arguments over ten: fuzz_tool_translate's
 * slow input).  The refusal depends on the pattern alone, so these tests
 * check what is refused and what still matches, not how long it takes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void test_tool_translate_large_repetitions_refused(void **state)
{
  (void)state;
  /* Bounded repetitions whose copies add up past the limit, alone, in a
   * row, or nested; and quantifiers stacked on one another. */
  static const char *const big[] = {
      "a{0,9999}",          "a{,09999}",    "a{2001}",
      "x{0,1500}y{0,1500}", "(ab){0,1500}", "((a{0,50}){0,50})",
      "(a|b){0,4999}",      "a*++++++++++", "i.*++++++++++",
      "[a-z]{0,3000}",
      /* bounded repetitions of repeated parts, small as they are, and
       * groups nested too deep: glibc's closures of them take minutes
       * (fuzz_tool_translate's second slow input) */
      "s{,9}{0,9}{,09}\xa6{,9}{,09}\xa6{,9}+", "a{2}{3}", "a*{2}",
      "((a{0,9})x){0,9}", "(a+b){2}", "(((((((((i)f)I)n)O)c)t)e)t)",
  };
  for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
    assert_int_equal(translate("-Ib", big[i]), 1);
    assert_int_equal(translate("-TB", big[i]), 1);
  }
}

static void test_tool_translate_small_patterns_match(void **state)
{
  (void)state;
  static const char *const small[] = {
      "ifIn",          "ifDescr",      "if(In|De){1,3}", "a{4}",
      "a{0,500}",      "[[:alpha:]]+", "if[]a-z]*",      "^if.*Octets$",
      "(a|aa){1,100}", "\\-?ifIn",     "(if|ip)*(In|Out){1,2}",
      "((((((((i)f)I)n)O)c)t)e)",
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
