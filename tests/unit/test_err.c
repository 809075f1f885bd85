/* Unit tests for src/util/err.c: every code of SNMPX_ERR_MAP has a name
 * and a text, and fatality follows the -900 rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <snmpx/err.h>

static void test_err_every_code_named(void **state)
{
  (void)state;
  size_t n = 0;
#define CHECK_CODE_(name, value, text)                                        \
  assert_string_equal(snmpx_errname(value), #name);                           \
  assert_string_equal(snmpx_strerror(value), text);                           \
  assert_string_not_equal(snmpx_strerror(value), "unknown error");            \
  assert_true(value < 0);                                                     \
  assert_int_equal(snmpx_err_is_fatal(value), value <= -900);                 \
  n++;
  SNMPX_ERR_MAP(CHECK_CODE_)
#undef CHECK_CODE_
  assert_true(n > 20);
}

static void test_err_unknown_and_ok(void **state)
{
  (void)state;
  assert_string_equal(snmpx_errname(0), "SNMPX_OK");
  assert_string_equal(snmpx_strerror(-12345), "unknown error");
  assert_string_equal(snmpx_errname(-12345), "SNMPX_E?");
  assert_false(snmpx_err_is_fatal(0));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_err_every_code_named),
      cmocka_unit_test(test_err_unknown_and_ok),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
