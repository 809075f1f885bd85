/* Transport address parsing (Net-SNMP's [transport:]host[:port]) and
 * formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>

#include "internal.h"

static void expect(const char *spec, const char *formatted)
{
  snmpx_addr a;
  char buf[64];
  assert_int_equal(snmpx_addr_parse(&a, spec, 161), 0);
  assert_true(snmpx_addr_format(&a, buf, sizeof(buf)) > 0);
  assert_string_equal(buf, formatted);
}

static void test_addr_parse_forms(void **state)
{
  (void)state;
  expect("127.0.0.1", "127.0.0.1:161");
  expect("127.0.0.1:1161", "127.0.0.1:1161");
  expect("udp:127.0.0.1:1161", "127.0.0.1:1161");
  expect("UDP:127.0.0.2", "127.0.0.2:161");
  expect("udp6:[::1]:1161", "[::1]:1161");
  expect("udpv6:[::1]", "[::1]:161");
  expect("udpipv6:[::1]:7", "[::1]:7");
  expect("[::1]:1161", "[::1]:1161");
  expect("::1", "[::1]:161");
  expect("udp6:::1", "[::1]:161");
  expect("127.0.0.1:65535", "127.0.0.1:65535");
}

static void test_addr_parse_rejects(void **state)
{
  (void)state;
  static const char *const bad[] = {
    "",          "127.0.0.1:",  "127.0.0.1:65536", "127.0.0.1:x",
    "[::1",      "[::1]x",      "[]:161",          "tcp:127.0.0.1:161",
    "unix:/tmp/s", "udp:",      "udp6:127.0.0.1",
  };
  snmpx_addr a;
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    assert_int_equal(snmpx_addr_parse(&a, bad[i], 161), SNMPX_EADDR);
  assert_int_equal(snmpx_addr_parse(NULL, "127.0.0.1", 161), SNMPX_EINVAL);
  assert_int_equal(snmpx_addr_parse(&a, NULL, 161), SNMPX_EINVAL);
}

static void test_addr_equal_and_format_limits(void **state)
{
  (void)state;
  snmpx_addr a, b, c;
  assert_int_equal(snmpx_addr_parse(&a, "127.0.0.1:161", 0), 0);
  assert_int_equal(snmpx_addr_parse(&b, "127.0.0.1", 161), 0);
  assert_int_equal(snmpx_addr_parse(&c, "127.0.0.1:162", 0), 0);
  assert_true(snmpx_addr_equal(&a, &b));
  assert_false(snmpx_addr_equal(&a, &c));
  assert_int_equal(snmpx_addr_parse(&c, "[::1]:161", 0), 0);
  assert_false(snmpx_addr_equal(&a, &c));
  char small[8];
  assert_int_equal(snmpx_addr_format(&a, small, sizeof(small)),
                   SNMPX_ENOSPACE);
  snmpx_addr none;
  memset(&none, 0, sizeof(none));
  assert_int_equal(snmpx_addr_format(&none, small, sizeof(small)),
                   SNMPX_EINVAL);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_addr_parse_forms),
    cmocka_unit_test(test_addr_parse_rejects),
    cmocka_unit_test(test_addr_equal_and_format_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
