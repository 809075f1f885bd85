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

static void expect_listen(const char *spec, const char *formatted)
{
  snmpx_addr a;
  char buf[64];
  assert_int_equal(snmpx_addr_parse_listen(&a, spec, 161), 0);
  assert_true(snmpx_addr_format(&a, buf, sizeof(buf)) > 0);
  assert_string_equal(buf, formatted);
}

/* Net-SNMP's agentAddress / snmpTrapdAddr: a port alone after the optional
 * transport is that port on every address of the family. */
static void test_addr_parse_listen_port_alone_is_wildcard(void **state)
{
  (void)state;
  expect_listen("udp:161", "0.0.0.0:161");
  expect_listen("udp:11161", "0.0.0.0:11161");
  expect_listen("UDP:1162", "0.0.0.0:1162");
  expect_listen("11161", "0.0.0.0:11161");
  expect_listen("udp6:161", "[::]:161");
  expect_listen("udpv6:1162", "[::]:1162");
  expect_listen("udpipv6:7", "[::]:7");
  expect_listen("udp:0", "0.0.0.0:0");
  expect_listen("udp:65535", "0.0.0.0:65535");
  snmpx_addr a;
  assert_int_equal(snmpx_addr_parse_listen(&a, "udp:11161", 0), 0);
  assert_int_equal(a.u.sa.sa_family, AF_INET);
  assert_int_equal(a.u.in4.sin_addr.s_addr, htonl(INADDR_ANY));
  assert_int_equal(a.len, sizeof(a.u.in4));
  assert_int_equal(snmpx_addr_parse_listen(&a, "udp6:11161", 0), 0);
  assert_int_equal(a.u.sa.sa_family, AF_INET6);
  assert_true(IN6_IS_ADDR_UNSPECIFIED(&a.u.in6.sin6_addr));
  assert_int_equal(a.len, sizeof(a.u.in6));
}

/* Everything else reads as snmpx_addr_parse reads it. */
static void test_addr_parse_listen_hosts_as_addr_parse(void **state)
{
  (void)state;
  expect_listen("127.0.0.1", "127.0.0.1:161");
  expect_listen("udp:127.0.0.1:1161", "127.0.0.1:1161");
  expect_listen("udp:0.0.0.0:1161", "0.0.0.0:1161");
  expect_listen("udp6:[::1]:1161", "[::1]:1161");
  expect_listen("[::]:1162", "[::]:1162");
  expect_listen("::1", "[::1]:161");
  static const char *const bad[] = {
    "",        "udp:",      "udp6:",       "udp:65536", "70000",
    "udp:1x",  "tcp:161",   "unix:/tmp/s", "udp:-1",    "127.0.0.1:",
  };
  snmpx_addr a;
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    assert_int_equal(snmpx_addr_parse_listen(&a, bad[i], 161), SNMPX_EADDR);
  assert_int_equal(snmpx_addr_parse_listen(NULL, "udp:161", 161), SNMPX_EINVAL);
  assert_int_equal(snmpx_addr_parse_listen(&a, NULL, 161), SNMPX_EINVAL);
}

/* The peer side is unchanged: a host that is a number stays a host. */
static void test_addr_parse_number_is_a_host_for_peers(void **state)
{
  (void)state;
  expect("2130706433", "127.0.0.1:161");
  expect("udp:2130706433:1161", "127.0.0.1:1161");
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
    cmocka_unit_test(test_addr_parse_listen_port_alone_is_wildcard),
    cmocka_unit_test(test_addr_parse_listen_hosts_as_addr_parse),
    cmocka_unit_test(test_addr_parse_number_is_a_host_for_peers),
    cmocka_unit_test(test_addr_equal_and_format_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
