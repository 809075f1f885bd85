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
    "[::1",      "[::1]x",      "[]:161",          "tcp:127.0.0.1:",
    "unix:",     "udp:",        "udp6:127.0.0.1",  "tcp6:127.0.0.1",
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
    "udp:1x",  "tcp:",      "unix:",       "udp:-1",    "127.0.0.1:",
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

static void expect_spec(const char *spec, uint16_t port, int domain,
                        const char *formatted)
{
  snmpx_addr a;
  char buf[128];
  assert_int_equal(snmpx_addr_parse(&a, spec, port), 0);
  assert_int_equal(a.domain, domain);
  assert_int_equal(a.conn, 0);
  assert_true(snmpx_addr_format_spec(&a, buf, sizeof(buf)) > 0);
  assert_string_equal(buf, formatted);
}

/* Every spelling Net-SNMP's transports register
 * (snmplib/transports/snmp*Domain.c), and the spelling given back. */
static void test_addr_parse_domains(void **state)
{
  (void)state;
  expect_spec("127.0.0.1", 161, SNMPX_DOMAIN_UDP, "udp:127.0.0.1:161");
  expect_spec("udp6:[::1]:7", 161, SNMPX_DOMAIN_UDP, "udp6:[::1]:7");
  expect_spec("ipv6:[::1]", 161, SNMPX_DOMAIN_UDP, "udp6:[::1]:161");
  expect_spec("tcp:127.0.0.1:1161", 161, SNMPX_DOMAIN_TCP,
              "tcp:127.0.0.1:1161");
  expect_spec("TCP:127.0.0.1", 161, SNMPX_DOMAIN_TCP, "tcp:127.0.0.1:161");
  expect_spec("tcp6:[::1]:1161", 161, SNMPX_DOMAIN_TCP, "tcp6:[::1]:1161");
  expect_spec("tcpv6:[::1]", 161, SNMPX_DOMAIN_TCP, "tcp6:[::1]:161");
  expect_spec("tcpipv6:::1", 161, SNMPX_DOMAIN_TCP, "tcp6:[::1]:161");
  expect_spec("unix:/tmp/snmpx.sock", 161, SNMPX_DOMAIN_UNIX,
              "unix:/tmp/snmpx.sock");
  expect_spec("/var/run/agent", 161, SNMPX_DOMAIN_UNIX, "unix:/var/run/agent");
  /* RFC 6353 10: snmptls/snmpdtls 10161, the trap ports 10162. */
  expect_spec("tlstcp:127.0.0.1", 161, SNMPX_DOMAIN_TLS,
              "tlstcp:127.0.0.1:10161");
  expect_spec("tls:127.0.0.1", 162, SNMPX_DOMAIN_TLS,
              "tlstcp:127.0.0.1:10162");
  expect_spec("tls:127.0.0.1:99", 161, SNMPX_DOMAIN_TLS,
              "tlstcp:127.0.0.1:99");
  expect_spec("dtlsudp:127.0.0.1", 161, SNMPX_DOMAIN_DTLS,
              "dtlsudp:127.0.0.1:10161");
  expect_spec("dtls:[::1]", 162, SNMPX_DOMAIN_DTLS, "dtlsudp:[::1]:10162");
  expect_spec("dtlsudp6:[::1]:9", 161, SNMPX_DOMAIN_DTLS, "dtlsudp:[::1]:9");
  snmpx_addr a, b;
  char buf[32];
  assert_int_equal(snmpx_addr_parse(&a, "unix:/tmp/x", 0), 0);
  assert_int_equal(snmpx_addr_format(&a, buf, sizeof(buf)), 6);
  assert_string_equal(buf, "/tmp/x");
  /* The domain and the connection count in equality. */
  assert_int_equal(snmpx_addr_parse(&a, "tcp:127.0.0.1:161", 0), 0);
  assert_int_equal(snmpx_addr_parse(&b, "udp:127.0.0.1:161", 0), 0);
  assert_false(snmpx_addr_equal(&a, &b));
  b.domain = SNMPX_DOMAIN_TCP;
  assert_true(snmpx_addr_equal(&a, &b));
  b.conn = 3;
  assert_false(snmpx_addr_equal(&a, &b));
  char longpath[200];
  memset(longpath, 'a', sizeof(longpath));
  memcpy(longpath, "unix:/", 6);
  longpath[sizeof(longpath) - 1] = '\0';
  assert_int_equal(snmpx_addr_parse(&a, longpath, 0), SNMPX_EADDR);
  assert_int_equal(snmpx_addr_parse_listen(&a, "tcp:1161", 0), 0);
  assert_int_equal(snmpx_addr_format_spec(&a, buf, sizeof(buf)), 16);
  assert_string_equal(buf, "tcp:0.0.0.0:1161");
  assert_int_equal(snmpx_addr_parse_listen(&a, "tcp6:1161", 0), 0);
  assert_int_equal(a.domain, SNMPX_DOMAIN_TCP);
  assert_true(IN6_IS_ADDR_UNSPECIFIED(&a.u.in6.sin6_addr));
  assert_int_equal(snmpx_addr_parse_listen(&a, "unix:/tmp/l", 0), 0);
  assert_int_equal(a.domain, SNMPX_DOMAIN_UNIX);
  assert_int_equal(snmpx_addr_format_spec(&a, buf, 4), SNMPX_ENOSPACE);
  assert_string_equal(snmpx_domain_name(SNMPX_DOMAIN_TLS), "tlstcp");
  assert_string_equal(snmpx_domain_name(99), "?");
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
    cmocka_unit_test(test_addr_parse_domains),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
