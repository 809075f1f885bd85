/* Unit tests for the IP module (src/host/host_ip*.c): the readers of
 * /proc text and netlink dumps, and the objects served from a tree
 * recorded on a Linux host (tests/unit/data/host/ip: its /proc files,
 * /sys ifindex files and netlink/addr, netlink/neigh dumps). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "agent/agent_priv.h"
#include "host/host_ip_parse.h"
#include "internal.h"

#ifndef SNMPX_TEST_VECTORS
#error "SNMPX_TEST_VECTORS must be defined"
#endif
#define DATA SNMPX_TEST_VECTORS "/../unit/data/host/ip"

/* ---- Readers ------------------------------------------------------------ */

static void test_host_ip_pair_field(void **state)
{
  (void)state;
  const char t[] = "Ip: Forwarding DefaultTTL InReceives\n"
                   "Ip: 2 64 17465\n"
                   "Tcp: RtoAlgorithm MaxConn\n"
                   "Tcp: 1 -1\n";
  uint64_t v;
  assert_true(snmpx__ip_pair_field(t, strlen(t), "Ip", "InReceives", &v));
  assert_int_equal(v, 17465);
  assert_true(snmpx__ip_pair_field(t, strlen(t), "Ip", "Forwarding", &v));
  assert_int_equal(v, 2);
  assert_true(snmpx__ip_pair_field(t, strlen(t), "Tcp", "MaxConn", &v));
  assert_int_equal((int64_t)v, -1);
  assert_false(snmpx__ip_pair_field(t, strlen(t), "Ip", "OutRequests", &v));
  assert_false(snmpx__ip_pair_field(t, strlen(t), "Udp", "InDatagrams", &v));
  /* A value line cut short, a word that is not a number. */
  const char cut[] = "Ip: A B C\nIp: 1 2\n";
  assert_false(snmpx__ip_pair_field(cut, strlen(cut), "Ip", "C", &v));
  const char bad[] = "Ip: A\nIp: 12x\n";
  assert_false(snmpx__ip_pair_field(bad, strlen(bad), "Ip", "A", &v));
  /* A header with no value line. */
  const char lone[] = "Ip: A";
  assert_false(snmpx__ip_pair_field(lone, strlen(lone), "Ip", "A", &v));
}

static void test_host_ip_snmp6_field(void **state)
{
  (void)state;
  const char t[] = "Ip6InReceives                   \t22\n"
                   "Icmp6OutType143 4\n";
  uint64_t v;
  assert_true(snmpx__ip_snmp6_field(t, strlen(t), "Ip6InReceives", &v));
  assert_int_equal(v, 22);
  assert_true(snmpx__ip_snmp6_field(t, strlen(t), "Icmp6OutType143", &v));
  assert_int_equal(v, 4);
  assert_false(snmpx__ip_snmp6_field(t, strlen(t), "Ip6InReceive", &v));
}

static void test_host_ip_route4(void **state)
{
  (void)state;
  snmpx__ip_route4 r;
  const char l[] = "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0";
  assert_true(snmpx__ip_parse_route4(l, strlen(l), &r));
  assert_string_equal(r.ifname, "eth0");
  uint8_t gw[4] = {192, 0, 2, 1};
  assert_memory_equal(r.gateway, gw, 4);
  assert_int_equal(r.flags, 3);
  const char net[] = "eth0 000200C0 00000000 0001 0 0 5 00FFFFFF 0 0 0";
  assert_true(snmpx__ip_parse_route4(net, strlen(net), &r));
  uint8_t mask[4] = {255, 255, 255, 0};
  assert_memory_equal(r.mask, mask, 4);
  assert_int_equal(r.metric, 5);
  assert_int_equal(snmpx__ip_mask_len(r.mask, 4), 24);
  const char hdr[] = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse";
  assert_false(snmpx__ip_parse_route4(hdr, strlen(hdr), &r));
  const char shrt[] = "eth0 00000000 010200C0";
  assert_false(snmpx__ip_parse_route4(shrt, strlen(shrt), &r));
}

static void test_host_ip_route6(void **state)
{
  (void)state;
  snmpx__ip_route6 r;
  const char l[] = "00000000000000000000000000000000 00 "
                   "00000000000000000000000000000000 00 "
                   "fd000000000000000000000000000001 00000400 00000002 "
                   "00000000 00000003     eth0";
  assert_true(snmpx__ip_parse_route6(l, strlen(l), &r));
  assert_int_equal(r.pfxlen, 0);
  assert_int_equal(r.nexthop[0], 0xfd);
  assert_int_equal(r.nexthop[15], 1);
  assert_int_equal(r.metric, 1024);
  assert_int_equal(r.flags, 3);
  assert_string_equal(r.ifname, "eth0");
  /* A prefix length over 128, an odd hex address. */
  char bad[sizeof(l)];
  memcpy(bad, l, sizeof(l));
  bad[33] = 'f';
  bad[34] = 'f';
  assert_false(snmpx__ip_parse_route6(bad, strlen(bad), &r));
  assert_false(snmpx__ip_parse_route6(l + 1, strlen(l) - 1, &r));
}

static void test_host_ip_arp_inet6(void **state)
{
  (void)state;
  snmpx__ip_arp a;
  const char l[] = "192.0.2.1        0x1         0x2         "
                   "02:fc:00:00:00:05     *        eth0";
  assert_true(snmpx__ip_parse_arp(l, strlen(l), &a));
  assert_int_equal(a.addr[0], 192);
  assert_int_equal(a.flags, 2);
  assert_int_equal(a.hw_len, 6);
  assert_int_equal(a.hw[5], 5);
  assert_string_equal(a.ifname, "eth0");
  const char bad[] = "192.0.2.256 0x1 0x2 02:fc *  eth0";
  assert_false(snmpx__ip_parse_arp(bad, strlen(bad), &a));
  const char hw[] = "192.0.2.1 0x1 0x2 02:fc:0 * eth0";
  assert_false(snmpx__ip_parse_arp(hw, strlen(hw), &a));

  snmpx__ip_inet6 i6;
  const char i[] = "fe8000000000000000fc00fffe000001 04 40 20 80     eth0";
  assert_true(snmpx__ip_parse_inet6(i, strlen(i), &i6));
  assert_int_equal(i6.ifindex, 4);
  assert_int_equal(i6.pfxlen, 64);
  assert_int_equal(i6.scope, 0x20);
  assert_false(snmpx__ip_parse_inet6(i, 20, &i6));
}

static void count_cb(void *ud, const void *item)
{
  (void)item;
  (*(int *)ud)++;
}

static void test_host_ip_nl_walk_malformed(void **state)
{
  (void)state;
  /* A header claiming more bytes than there are. */
  uint8_t buf[32] = {0};
  uint32_t len = 64;
  memcpy(buf, &len, 4);
  int n = 0;
  assert_true(snmpx__ip_nl_walk(buf, sizeof(buf), 20, count_cb, &n) < 0);
  /* Too short for a header: nothing, more to come. */
  assert_int_equal(snmpx__ip_nl_walk(buf, 8, 20, count_cb, &n), 0);
  assert_int_equal(n, 0);
}

/* ---- The served objects (recorded tree) -----------------------------------
 */

typedef struct fixture {
  snmpx_host *h;
  snmpx_agent *a;
  snmpx_mib *m;
} fixture;

static int setup(void **state)
{
  static fixture f;
  snmpx_host_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.root = DATA;
  f.h = snmpx_host_new(&hc);
  f.a = snmpx_agent_new(NULL);
  if (f.h == NULL || f.a == NULL)
    return -1;
  f.m = snmpx_agent_context(f.a, NULL, 0, false);
  if (f.m == NULL || snmpx_host_attach(f.h, f.a, f.m) != 0)
    return -1;
  *state = &f;
  return 0;
}

static int teardown(void **state)
{
  fixture *f = *state;
  snmpx_agent_free(f->a);
  snmpx_host_free(f->h);
  return 0;
}

static snmpx_value get(fixture *f, const char *oid)
{
  snmpx_oid o;
  snmpx_value v;
  assert_int_equal(snmpx_oid_parse(&o, oid), 0);
  mib_hit hit;
  v.type = SNMPX_TYPE_NOSUCHOBJECT;
  if (snmpx__mib_find(f->m, snmpx_oid_view(&o), &hit))
    assert_int_equal(hit.ops->get(hit.ctx, NULL, snmpx_oid_view(&o), &v),
                     SNMPX_ERRSTAT_NO_ERROR);
  return v;
}

static void assert_int_at(fixture *f, const char *oid, snmpx_type t,
                          int64_t want)
{
  snmpx_value v = get(f, oid);
  if (v.type != t)
    fail_msg("%s: type 0x%x, not 0x%x", oid, v.type, t);
  if (t == SNMPX_TYPE_INTEGER)
    assert_int_equal(v.v.i, want);
  else
    assert_int_equal(v.v.u, (uint64_t)want);
}

static void test_host_ip_scalars(void **state)
{
  fixture *f = *state;
  assert_int_at(f, ".1.3.6.1.2.1.4.1.0", SNMPX_TYPE_INTEGER, 2);
  assert_int_at(f, ".1.3.6.1.2.1.4.2.0", SNMPX_TYPE_INTEGER, 64);
  assert_int_at(f, ".1.3.6.1.2.1.4.23.0", SNMPX_TYPE_COUNTER32, 0);
  assert_int_at(f, ".1.3.6.1.2.1.4.25.0", SNMPX_TYPE_INTEGER, 2);
  assert_int_at(f, ".1.3.6.1.2.1.4.26.0", SNMPX_TYPE_INTEGER, 64);
  assert_int_at(f, ".1.3.6.1.2.1.4.24.6.0", SNMPX_TYPE_GAUGE32, 9);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.1.1").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.27.0").type, SNMPX_TYPE_NOSUCHOBJECT);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.20.1.2.10.0.0.1").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
}

static void test_host_ip_tables(void **state)
{
  fixture *f = *state;
  /* ipAddrTable: lo and eth0's addresses. */
  assert_int_at(f, ".1.3.6.1.2.1.4.20.1.2.127.0.0.1", SNMPX_TYPE_INTEGER, 1);
  assert_int_at(f, ".1.3.6.1.2.1.4.20.1.2.192.0.2.2", SNMPX_TYPE_INTEGER, 4);
  assert_int_at(f, ".1.3.6.1.2.1.4.20.1.4.192.0.2.2", SNMPX_TYPE_INTEGER, 1);
  snmpx_value v = get(f, ".1.3.6.1.2.1.4.20.1.3.127.0.0.1");
  assert_int_equal(v.type, SNMPX_TYPE_IPADDRESS);
  assert_int_equal(v.v.bytes.len, 4);
  assert_memory_equal(v.v.bytes.ptr, "\xff\0\0\0", 4);
  /* ipRouteTable: the default route, indirect through 192.0.2.1. */
  assert_int_at(f, ".1.3.6.1.2.1.4.21.1.8.0.0.0.0", SNMPX_TYPE_INTEGER, 4);
  v = get(f, ".1.3.6.1.2.1.4.21.1.7.0.0.0.0");
  assert_memory_equal(v.v.bytes.ptr, "\xc0\0\x02\x01", 4);
  /* ipRouteTable has the route that is not up (the recording's last
   * IPv4 line, 192.168.0.0/24) as invalid(2); the other tables do not,
   * but it is numbered. */
  assert_int_at(f, ".1.3.6.1.2.1.4.21.1.8.192.168.0.0", SNMPX_TYPE_INTEGER, 2);
  assert_int_equal(
      get(f, ".1.3.6.1.2.1.4.24.4.1.1.192.168.0.0.255.255.255.0.0.0.0.0.0")
          .type,
      SNMPX_TYPE_NOSUCHINSTANCE);
  /* inetCidrRouteTable: IPv4 policy {0 0}, {0 0 ifIndex} with no next
   * hop; IPv6 {0 0 n} numbered after the IPv4 routes (3 of them). */
  assert_int_at(f, ".1.3.6.1.2.1.4.24.7.1.7.1.4.0.0.0.0.0.2.0.0.1.4.192.0.2.1",
                SNMPX_TYPE_INTEGER, 4);
  assert_int_at(f,
                ".1.3.6.1.2.1.4.24.7.1.8.1.4.192.0.2.0.24.3.0.0.4.1.4.0.0.0.0",
                SNMPX_TYPE_INTEGER, 3);
  assert_int_at(f,
                ".1.3.6.1.2.1.4.24.7.1.12.2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
                "0.0.3.0.0.6.2.16.253.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1",
                SNMPX_TYPE_INTEGER, 1024);
  /* ipAddressTable: the broadcast row; a link-local address's origin
   * and storage; the prefix pointer. */
  assert_int_at(f, ".1.3.6.1.2.1.4.34.1.4.1.4.192.0.2.255", SNMPX_TYPE_INTEGER,
                3);
  assert_int_at(f,
                ".1.3.6.1.2.1.4.34.1.6.2.16.254.128.0.0.0.0.0.0.0.252.0.255."
                "254.0.0.1",
                SNMPX_TYPE_INTEGER, 5);
  assert_int_at(f,
                ".1.3.6.1.2.1.4.34.1.11.2.16.254.128.0.0.0.0.0.0.0.252.0."
                "255.254.0.0.1",
                SNMPX_TYPE_INTEGER, 4);
  v = get(f, ".1.3.6.1.2.1.4.34.1.5.1.4.192.0.2.2");
  assert_int_equal(v.type, SNMPX_TYPE_OID);
  char buf[128];
  assert_true(snmpx_oid_format(v.v.oid, buf, sizeof(buf)) > 0);
  assert_string_equal(buf, ".1.3.6.1.2.1.4.32.1.5.4.1.4.192.0.2.0.24");
  assert_int_at(f,
                ".1.3.6.1.2.1.4.32.1.5.4.2.16.254.128.0.0.0.0.0.0.0.0.0.0.0.0."
                "0.0.64",
                SNMPX_TYPE_INTEGER, 3);
  /* Neighbours: ARP's entry, and netlink's (the failed IPv6 one is
   * left out). */
  assert_int_at(f, ".1.3.6.1.2.1.4.22.1.4.4.192.0.2.1", SNMPX_TYPE_INTEGER, 3);
  assert_int_at(f, ".1.3.6.1.2.1.4.35.1.6.4.1.4.192.0.2.1", SNMPX_TYPE_INTEGER,
                3);
  assert_int_equal(
      get(f, ".1.3.6.1.2.1.4.35.1.6.4.2.16.253.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1")
          .type,
      SNMPX_TYPE_NOSUCHINSTANCE);
  /* ipv6ScopeZoneIndexTable, ipDefaultRouterTable. */
  assert_int_at(f, ".1.3.6.1.2.1.4.36.1.2.4", SNMPX_TYPE_GAUGE32, 4);
  assert_int_at(f, ".1.3.6.1.2.1.4.37.1.4.1.4.192.0.2.1.4", SNMPX_TYPE_GAUGE32,
                65535);
}

static void test_host_ip_stats(void **state)
{
  fixture *f = *state;
  /* ipSystemStatsRefreshRate, an IPv4-only column, ipIfStatsTable has
   * no OutNoRoutes column (snmpd answers noSuchInstance for any column
   * of a table it serves). */
  assert_int_at(f, ".1.3.6.1.2.1.4.31.1.1.47.1", SNMPX_TYPE_GAUGE32, 60000);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.31.1.1.42.1").type,
                   SNMPX_TYPE_COUNTER32);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.31.1.1.42.2").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.31.3.1.22.2.4").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.20.1.9.127.0.0.1").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(get(f, ".1.3.6.1.2.1.4.31.3.1.4.2.1").type,
                   SNMPX_TYPE_COUNTER64);
  /* icmpMsgStatsTable: IPv4's fixed types, IPv6's counted ones. */
  assert_int_equal(get(f, ".1.3.6.1.2.1.5.30.1.3.1.18").type,
                   SNMPX_TYPE_COUNTER32);
  assert_int_equal(get(f, ".1.3.6.1.2.1.5.30.1.4.2.135").type,
                   SNMPX_TYPE_COUNTER32);
  assert_int_equal(get(f, ".1.3.6.1.2.1.5.30.1.3.2.135").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
}

/* A walk of ip and icmp: every name after the one before, all under the
 * group, ending in endOfMibView. */
static size_t walk(fixture *f, const char *root)
{
  snmpx_oid r, after, name;
  assert_int_equal(snmpx_oid_parse(&r, root), 0);
  after = r;
  mib_hit hit;
  assert_true(snmpx__mib_find(f->m, snmpx_oid_view(&r), &hit));
  size_t n = 0;
  for (;;) {
    snmpx_value v;
    assert_int_equal(
        hit.ops->next(hit.ctx, NULL, snmpx_oid_view(&after), &name, &v),
        SNMPX_ERRSTAT_NO_ERROR);
    if (v.type == SNMPX_TYPE_ENDOFMIBVIEW)
      break;
    assert_true(
        snmpx_oidv_compare(snmpx_oid_view(&name), snmpx_oid_view(&after)) > 0);
    assert_true(
        snmpx_oidv_has_prefix(snmpx_oid_view(&name), snmpx_oid_view(&r)));
    /* GET of what GETNEXT gave gives the same. */
    snmpx_value g;
    assert_int_equal(hit.ops->get(hit.ctx, NULL, snmpx_oid_view(&name), &g),
                     SNMPX_ERRSTAT_NO_ERROR);
    assert_int_equal(g.type, v.type);
    after = name;
    n++;
  }
  return n;
}

static void test_host_ip_walk(void **state)
{
  fixture *f = *state;
  /* The counts of snmpd's walk on the recorded host (ipAddressSpinLock
   * included): 526 for ip, less ipIfStatsTable's 2 rows of 40 columns
   * for ifb0 and ifb1, whose dev_snmp6 files are not in the recording,
   * plus what was added to it: the 2 columns of a router
   * advertisement's default router, the 8 of an IPv4 route that is not
   * up; 60 for icmp. */
  assert_int_equal(walk(f, ".1.3.6.1.2.1.4"), 456);
  assert_int_equal(walk(f, ".1.3.6.1.2.1.5"), 60);
}

/* A tree made in a temporary directory: /proc/net/snmp6 with no
 * Icmp6InTypeN lines (a host that has seen no ICMPv6 yet), where snmpd
 * serves its fixed list of IPv6 message types. */
static void test_host_ip_icmp6_fixed_types(void **state)
{
  (void)state;
  char dir[] = "/tmp/test_host_ip.XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof(path), "%s/proc", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(path, sizeof(path), "%s/proc/net", dir);
  assert_int_equal(mkdir(path, 0700), 0);
  snprintf(path, sizeof(path), "%s/proc/net/snmp6", dir);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs("Icmp6InMsgs 3\nIcmp6InEchos 2\nIcmp6OutEchoReplies 2\n"
        "Icmp6InRouterAdvertisements 1\n",
        fp);
  fclose(fp);

  fixture f;
  snmpx_host_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.root = dir;
  f.h = snmpx_host_new(&hc);
  f.a = snmpx_agent_new(NULL);
  assert_non_null(f.h);
  assert_non_null(f.a);
  f.m = snmpx_agent_context(f.a, NULL, 0, false);
  assert_int_equal(snmpx_host_attach(f.h, f.a, f.m), 0);
  assert_int_at(&f, ".1.3.6.1.2.1.5.30.1.3.2.128", SNMPX_TYPE_COUNTER32, 2);
  assert_int_at(&f, ".1.3.6.1.2.1.5.30.1.4.2.129", SNMPX_TYPE_COUNTER32, 2);
  assert_int_at(&f, ".1.3.6.1.2.1.5.30.1.4.2.1", SNMPX_TYPE_COUNTER32, 0);
  assert_int_at(&f, ".1.3.6.1.2.1.5.30.1.3.2.134", SNMPX_TYPE_COUNTER32, 1);
  /* No Out column for router advertisements; no /proc/net/snmp: no IPv4
   * rows and no icmp scalars. */
  assert_int_equal(get(&f, ".1.3.6.1.2.1.5.30.1.4.2.134").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(get(&f, ".1.3.6.1.2.1.5.30.1.3.1.3").type,
                   SNMPX_TYPE_NOSUCHINSTANCE);
  assert_int_equal(get(&f, ".1.3.6.1.2.1.5.1.0").type, SNMPX_TYPE_NOSUCHOBJECT);
  assert_int_at(&f, ".1.3.6.1.2.1.5.29.1.2.2", SNMPX_TYPE_COUNTER32, 3);
  snmpx_agent_free(f.a);
  snmpx_host_free(f.h);
  assert_int_equal(unlink(path), 0);
  snprintf(path, sizeof(path), "%s/proc/net", dir);
  assert_int_equal(rmdir(path), 0);
  snprintf(path, sizeof(path), "%s/proc", dir);
  assert_int_equal(rmdir(path), 0);
  assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
  const struct CMUnitTest parsers[] = {
      cmocka_unit_test(test_host_ip_pair_field),
      cmocka_unit_test(test_host_ip_snmp6_field),
      cmocka_unit_test(test_host_ip_route4),
      cmocka_unit_test(test_host_ip_route6),
      cmocka_unit_test(test_host_ip_arp_inet6),
      cmocka_unit_test(test_host_ip_nl_walk_malformed),
      cmocka_unit_test(test_host_ip_icmp6_fixed_types),
  };
  const struct CMUnitTest served[] = {
      cmocka_unit_test(test_host_ip_scalars),
      cmocka_unit_test(test_host_ip_tables),
      cmocka_unit_test(test_host_ip_stats),
      cmocka_unit_test(test_host_ip_walk),
  };
  int rv = cmocka_run_group_tests(parsers, NULL, NULL);
  return rv + cmocka_run_group_tests(served, setup, teardown);
}
