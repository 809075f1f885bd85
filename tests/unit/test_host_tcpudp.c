/* TCP-MIB and UDP-MIB host objects (src/host/host_tcpudp*.c): the /proc
 * readers on text recorded on a Linux 6.x x86-64 host (little endian:
 * the kernel prints address words in host order), and the module served
 * through an agent from a tree made in a temp dir (the config's root),
 * on a fake clock for the caches. */
#define _GNU_SOURCE
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

#include "host/host_tcpudp.h"
#include "internal.h"
#include <snmpx/snmpx.h>

#include "agent_test_util.h"

/* ---- Recorded text ------------------------------------------------------- */

static const char SNMP[] =
    "Ip: Forwarding DefaultTTL InReceives\n"
    "Ip: 1 64 123\n"
    "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens "
    "AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs "
    "OutRsts InCsumErrors\n"
    "Tcp: 1 200 120000 -1 88 72 1 31 4 4294967297 2627 1 0 38 0\n"
    "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors "
    "SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
    "Udp: 14249 31 0 14308 0 0 0 0 0\n"
    "UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors "
    "SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
    "UdpLite: 7 7 7 7 0 0 0 0 0\n";

static const char SNMP6[] = "Ip6InReceives                   \t99\n"
                            "Udp6InDatagrams                 \t16\n"
                            "Udp6NoPorts                     \t2\n"
                            "Udp6InErrors                    \t0\n"
                            "Udp6OutDatagrams                \t18\n"
                            "Udp6RcvbufErrors                \t5\n"
                            "UdpLite6InDatagrams             \t9\n";

#define TCP_HDR                                                                \
  "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "        \
  "retrnsmt   uid  timeout inode\n"

/* 0.0.0.0:2024 and 127.0.0.1:45123 listening, 127.0.0.1:39130 connected
 * to the latter (both ends), a TIME_WAIT (inode 0) and a line twice. */
static const char TCP[] = TCP_HDR
    "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 1185 1 000000009418eb53 100 0 0 10 0\n"
    "   1: 0100007F:B043 00000000:0000 0A 00000000:00000000 00:00000000 "
    "00000000     0        0 37451 1 000000009d195432 100 0 0 10 0\n"
    "   2: 0100007F:98DA 0100007F:B043 01 00000000:00000000 00:00000000 "
    "00000000     0        0 37460 1 0000000000000000 20 4 30 10 -1\n"
    "   3: 0100007F:B043 0100007F:98DA 01 00000000:00000000 00:00000000 "
    "00000000     0        0 37461 1 0000000000000000 20 4 30 10 -1\n"
    "   4: 020200C0:C5BA 507100CB:0050 06 00000000:00000000 03:00000DB4 "
    "00000000     0        0 0 3 0000000000000000\n"
    "   5: 020200C0:C5BA 507100CB:0050 08 00000000:00000000 00:00000000 "
    "00000000     0        0 555 3 0000000000000000\n"
    "this line does not parse\n";

static const char TCP6[] =
    "  sl  local_address                         remote_address          "
    "              st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode\n"
    "   0: 00000000000000000000000001000000:B045 "
    "00000000000000000000000000000000:0000 0A 00000000:00000000 "
    "00:00000000 00000000     0        0 37453 1 000000004ab016d3 100 0 0 "
    "10 0\n"
    "   1: 0000000000000000FFFF00000100007F:1F90 "
    "0000000000000000FFFF00000200007F:D431 01 00000000:00000000 "
    "00:00000000 00000000     0        0 37470 1 000000004acc013a 20 0 0 "
    "10 -1\n";

static const char UDP[] =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "
    "retrnsmt   uid  timeout inode ref pointer drops\n"
    " 7134: 0100007F:B044 00000000:0000 07 00000000:00000000 00:00000000 "
    "00000000     0        0 37452 2 000000005f6d5836 0\n"
    " 3572: 0100007F:625A 0100007F:0035 01 00000000:00000000 00:00000000 "
    "00000000     0        0 109240 2 000000007ef25dc4 0\n";

static const char UDP6[] =
    "  sl  local_address                         remote_address          "
    "              st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode ref pointer drops\n"
    " 7136: 00000000000000000000000001000000:B046 "
    "00000000000000000000000000000000:0000 07 00000000:00000000 "
    "00:00000000 00000000     0        0 37454 2 00000000d001dce3 0\n";

/* ---- The readers --------------------------------------------------------- */

static void test_parse_snmp(void **state)
{
  (void)state;
  snmpx__tu_stats st;
  snmpx__tu_parse_snmp(SNMP, strlen(SNMP), &st);
  assert_true(st.has_tcp);
  assert_true(st.has_udp);
  assert_int_equal(st.tcp[1], 1);
  assert_int_equal(st.tcp[2], 200);
  assert_int_equal(st.tcp[3], 120000);
  assert_int_equal(st.tcp[4], -1);
  assert_int_equal(st.tcp[5], 88);
  assert_int_equal(st.tcp[9], 4);
  assert_int_equal(st.tcp[10], 4294967297LL);
  assert_int_equal(st.tcp_in_segs, 4294967297ULL);
  assert_int_equal(st.tcp_out_segs, 2627);
  assert_int_equal(st.tcp[15], 38);
  assert_true(st.tcp_seen & (1u << 14));
  /* UdpLite's counters are not UDP's. */
  assert_int_equal(st.udp[1], 14249);
  assert_int_equal(st.udp[4], 14308);

  snmpx__tu_parse_snmp6(SNMP6, strlen(SNMP6), &st);
  assert_int_equal(st.udp[1], 14249 + 16);
  assert_int_equal(st.udp[2], 31 + 2);
  assert_int_equal(st.udp[3], 0);
  assert_int_equal(st.udp[4], 14308 + 18);

  /* An old kernel without InErrs, OutRsts; RtoAlgorithm 0 is other(1). */
  static const char old[] = "Tcp: RtoAlgorithm RtoMin\nTcp: 0 200\n";
  snmpx__tu_parse_snmp(old, strlen(old), &st);
  assert_true(st.has_tcp);
  assert_false(st.has_udp);
  assert_int_equal(st.tcp[1], 1);
  assert_false(st.tcp_seen & (1u << 14));
  assert_false(st.tcp_seen & (1u << 15));
  /* A names line without its values: nothing. */
  snmpx__tu_parse_snmp("Tcp: RtoMin", 11, &st);
  assert_false(st.has_tcp);
}

static void test_parse_sock(void **state)
{
  (void)state;
  snmpx__tu_sock r;
  static const char hdr[] = TCP_HDR;
  assert_false(snmpx__tu_parse_sock(hdr, strlen(hdr), 4, &r));
  const char *l = strchr(TCP, '\n') + 1; /* line 0 */
  const char *e = strchr(l, '\n');
  assert_true(snmpx__tu_parse_sock(l, (size_t)(e - l), 4, &r));
  assert_int_equal(r.alen, 4);
  assert_memory_equal(r.laddr, "\0\0\0\0", 4);
  assert_int_equal(r.lport, 2024);
  assert_int_equal(r.rport, 0);
  assert_int_equal(r.st, 0x0A);
  assert_int_equal(r.inode, 1185);
  /* 192.0.2.2:50618 to 203.0.113.80:80: the words are host order. */
  l = strstr(TCP, "   4: ");
  e = strchr(l, '\n');
  assert_true(snmpx__tu_parse_sock(l, (size_t)(e - l), 4, &r));
  assert_memory_equal(r.laddr, "\xc0\x00\x02\x02", 4);
  assert_memory_equal(r.raddr, "\xcb\x00\x71\x50", 4);
  assert_int_equal(r.lport, 50618);
  assert_int_equal(r.rport, 80);
  assert_int_equal(r.inode, 0);
  /* A v4-mapped IPv6 address stays 16 bytes. */
  l = strstr(TCP6, "   1: ");
  e = strchr(l, '\n');
  assert_true(snmpx__tu_parse_sock(l, (size_t)(e - l), 16, &r));
  assert_memory_equal(r.laddr, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x7f\x00\x00\x01",
                      16);
  assert_memory_equal(r.raddr, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x7f\x00\x00\x02",
                      16);
  assert_int_equal(r.lport, 8080);
  /* The IPv6 file's lines are not IPv4's, and the reverse. */
  assert_false(snmpx__tu_parse_sock(l, (size_t)(e - l), 4, &r));
  l = strchr(TCP, '\n') + 1;
  assert_false(snmpx__tu_parse_sock(l, strlen(l), 16, &r));
  /* Cut short, bad hex, no slot number. */
  static const char *const bad[] = {
      "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000",
      "   0: 0000000G:07E8 00000000:0000 0A 0:0 0:0 0 0 0 1185",
      "0000: 00000000:07E8 00000000:0000 0A 0:0 0:0 0 0 0 11x5",
      "   x: 00000000:07E8 00000000:0000 0A 0:0 0:0 0 0 0 1185",
      "   0: 00000000:07E8 00000000:0000 0A 0:0 0:0 0 0 0 "
      "99999999999999999999999"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    assert_false(snmpx__tu_parse_sock(bad[i], strlen(bad[i]), 4, &r));
}

static void test_states(void **state)
{
  (void)state;
  static const int want[16] = {1, 5, 3, 4,  6, 7, 11, 1,
                               8, 9, 2, 10, 2, 2, 2,  2};
  for (uint32_t st = 0; st < 16; st++)
    assert_int_equal(snmpx__tu_tcp_state(st), want[st]);
  assert_int_equal(snmpx__tu_tcp_state(0x11), 5); /* low nibble */
}

static void test_owners(void **state)
{
  (void)state;
  assert_int_equal(snmpx__tu_link_inode("socket:[37451]", 14), 37451);
  assert_int_equal(snmpx__tu_link_inode("[0000]:812", 10), 812);
  assert_int_equal(snmpx__tu_link_inode("pipe:[37451]", 12), 0);
  assert_int_equal(snmpx__tu_link_inode("/dev/null", 9), 0);
  assert_int_equal(snmpx__tu_link_inode("socket:[", 8), 0);
  snmpx__tu_owner o[] = {{30, 7}, {10, 5}, {20, 9}, {10, 3}, {10, 8}};
  size_t n = snmpx__tu_owner_sort(o, 5);
  assert_int_equal(n, 3);
  assert_int_equal(snmpx__tu_owner_find(o, n, 10), 8); /* highest pid */
  assert_int_equal(snmpx__tu_owner_find(o, n, 20), 9);
  assert_int_equal(snmpx__tu_owner_find(o, n, 30), 7);
  assert_int_equal(snmpx__tu_owner_find(o, n, 25), 0);
  assert_int_equal(snmpx__tu_owner_find(o, n, 0), 0);
  assert_int_equal(snmpx__tu_owner_find(o, 0, 10), 0);
}

/* ---- The module, through an agent ---------------------------------------- */

typedef struct world {
  char dir[64];
  snmpx_vacm *vacm;
  snmpx_agent *agent;
  snmpx_host *host;
} world;

static void put(const world *w, const char *rel, const char *text)
{
  char path[256];
  snprintf(path, sizeof(path), "%s%s", w->dir, rel);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
  assert_int_equal(fclose(f), 0);
}

static void mk(const world *w, const char *rel)
{
  char path[256];
  snprintf(path, sizeof(path), "%s%s", w->dir, rel);
  assert_int_equal(mkdir(path, 0755), 0);
}

static void link_fd(const world *w, const char *rel, const char *target)
{
  char path[256];
  snprintf(path, sizeof(path), "%s%s", w->dir, rel);
  assert_int_equal(symlink(target, path), 0);
}

static void world_init_with(world *w, void (*before)(snmpx_mib *m),
                            snmpx_host_log_cb log, void *log_ud)
{
  memset(w, 0, sizeof(*w));
  strcpy(w->dir, "/tmp/snmpx-tcpudp-XXXXXX");
  assert_non_null(mkdtemp(w->dir));
  mk(w, "/proc");
  mk(w, "/proc/net");
  put(w, "/proc/net/snmp", SNMP);
  put(w, "/proc/net/snmp6", SNMP6);
  put(w, "/proc/net/tcp", TCP);
  put(w, "/proc/net/tcp6", TCP6);
  put(w, "/proc/net/udp", UDP);
  put(w, "/proc/net/udp6", UDP6);
  /* pid 100 holds the listener and the UDP socket; pids 200 and 300
   * share the connected one (snmpd names the later, 300). */
  mk(w, "/proc/100");
  mk(w, "/proc/100/fd");
  link_fd(w, "/proc/100/fd/0", "/dev/null");
  link_fd(w, "/proc/100/fd/3", "socket:[37451]");
  link_fd(w, "/proc/100/fd/4", "socket:[37452]");
  mk(w, "/proc/200");
  mk(w, "/proc/200/fd");
  link_fd(w, "/proc/200/fd/5", "socket:[37460]");
  mk(w, "/proc/300");
  mk(w, "/proc/300/fd");
  link_fd(w, "/proc/300/fd/9", "socket:[37460]");
  link_fd(w, "/proc/300/fd/10", "pipe:[37453]");
  mk(w, "/proc/self"); /* not a pid */

  w->vacm = snmpx_vacm_new(NULL);
  assert_non_null(w->vacm);
  add_view(w->vacm, "all", "1", true);
  add_community(w->vacm, "public", "pub", NULL, 0);
  add_community(w->vacm, "private", "priv", NULL, 0);
  add_group_all_models(w->vacm, "pub", "ro");
  add_group_all_models(w->vacm, "priv", "rw");
  add_access(w->vacm, "ro", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             NULL);
  add_access(w->vacm, "rw", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             "all");
  fake_clock_set(1000);
  snmpx_agent_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.vacm = w->vacm;
  cfg.clock = fake_clock;
  w->agent = snmpx_agent_new(&cfg);
  assert_non_null(w->agent);
  snmpx_host_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.root = w->dir;
  hc.clock = fake_clock;
  hc.log = log;
  hc.log_ud = log_ud;
  w->host = snmpx_host_new(&hc);
  assert_non_null(w->host);
  snmpx_mib *m = snmpx_agent_context(w->agent, NULL, 0, false);
  assert_non_null(m);
  if (before != NULL)
    before(m);
  assert_int_equal(snmpx_host_attach(w->host, w->agent, m), 0);
}

static void world_init(world *w)
{
  world_init_with(w, NULL, NULL, NULL);
}

static void world_free(world *w)
{
  snmpx_agent_free(w->agent);
  snmpx_host_free(w->host);
  snmpx_vacm_free(w->vacm);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", w->dir);
  assert_int_equal(system(cmd), 0);
}

/* One GET (|next| false) or GETNEXT of |oid|: the varbind answered. */
static snmpx_varbind ask(world *w, const char *oid, bool next)
{
  static test_req r;
  snmpx_pdu resp;
  req_init(&r, SNMPX_VERSION_2C, "public",
           next ? SNMPX_PDU_GETNEXT : SNMPX_PDU_GET);
  req_add(&r, oid, snmpx_value_null());
  assert_int_equal(snmpx_agent_process(w->agent, &r.in, &resp), 0);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NO_ERROR);
  assert_int_equal(resp.n_varbinds, 1);
  return resp.varbinds[0];
}

/* A SET of |oid| to |v|: the error-status answered. */
static snmpx_errstat set(world *w, const char *oid, snmpx_value v)
{
  static test_req r;
  snmpx_pdu resp;
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, oid, v);
  assert_int_equal(snmpx_agent_process(w->agent, &r.in, &resp), 0);
  return resp.error_status;
}

static void expect_uint(world *w, const char *oid, snmpx_type t, uint64_t u)
{
  snmpx_varbind vb = ask(w, oid, false);
  assert_int_equal(vb.value.type, t);
  assert_int_equal(vb.value.v.u, u);
}

static void expect_int(world *w, const char *oid, int64_t i)
{
  snmpx_varbind vb = ask(w, oid, false);
  assert_int_equal(vb.value.type, SNMPX_TYPE_INTEGER);
  assert_int_equal(vb.value.v.i, i);
}

static void expect_type(world *w, const char *oid, snmpx_type t)
{
  assert_int_equal(ask(w, oid, false).value.type, t);
}

/* Walk |prefix| with GETNEXT: the names in order, one per line. */
static void walk(world *w, const char *prefix, char *out, size_t cap)
{
  char name[512];
  snprintf(name, sizeof(name), "%s", prefix);
  size_t used = 0;
  out[0] = '\0';
  for (;;) {
    snmpx_varbind vb = ask(w, name, true);
    if (vb.value.type == SNMPX_TYPE_ENDOFMIBVIEW)
      break;
    assert_int_equal(snmpx_oid_format(vb.name, name, sizeof(name)) > 0, 1);
    if (strncmp(name, prefix, strlen(prefix)) != 0 ||
        name[strlen(prefix)] != '.')
      break;
    int n = snprintf(out + used, cap - used, "%s\n", name + strlen(prefix) + 1);
    assert_true(n > 0 && (size_t)n < cap - used);
    used += (size_t)n;
  }
}

static void test_scalars(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  expect_int(&w, ".1.3.6.1.2.1.6.1.0", 1);
  expect_int(&w, ".1.3.6.1.2.1.6.2.0", 200);
  expect_int(&w, ".1.3.6.1.2.1.6.3.0", 120000);
  expect_int(&w, ".1.3.6.1.2.1.6.4.0", -1);
  expect_uint(&w, ".1.3.6.1.2.1.6.5.0", SNMPX_TYPE_COUNTER32, 88);
  expect_uint(&w, ".1.3.6.1.2.1.6.9.0", SNMPX_TYPE_GAUGE32, 4);
  /* tcpInSegs wraps at 2^32; tcpHCInSegs does not. */
  expect_uint(&w, ".1.3.6.1.2.1.6.10.0", SNMPX_TYPE_COUNTER32, 1);
  expect_uint(&w, ".1.3.6.1.2.1.6.17.0", SNMPX_TYPE_COUNTER64, 4294967297ULL);
  expect_uint(&w, ".1.3.6.1.2.1.6.18.0", SNMPX_TYPE_COUNTER64, 2627);
  expect_uint(&w, ".1.3.6.1.2.1.6.15.0", SNMPX_TYPE_COUNTER32, 38);
  expect_uint(&w, ".1.3.6.1.2.1.7.1.0", SNMPX_TYPE_COUNTER32, 14265);
  expect_uint(&w, ".1.3.6.1.2.1.7.4.0", SNMPX_TYPE_COUNTER32, 14326);
  expect_type(&w, ".1.3.6.1.2.1.6.1.1", SNMPX_TYPE_NOSUCHINSTANCE);
  expect_type(&w, ".1.3.6.1.2.1.6.16.0", SNMPX_TYPE_NOSUCHOBJECT);
  snmpx_varbind vb = ask(&w, ".1.3.6.1.2.1.6.12.0", true);
  expect_name(&vb, ".1.3.6.1.2.1.6.13.1.1.0.0.0.0.2024.0.0.0.0.0");

  /* Within snmpd's 5 s the cache answers; after, the file. */
  put(&w, "/proc/net/snmp", "Tcp: RtoAlgorithm CurrEstab\nTcp: 0 9\n");
  fake_clock_advance(4999);
  expect_uint(&w, ".1.3.6.1.2.1.6.9.0", SNMPX_TYPE_GAUGE32, 4);
  fake_clock_advance(1);
  expect_uint(&w, ".1.3.6.1.2.1.6.9.0", SNMPX_TYPE_GAUGE32, 9);
  expect_int(&w, ".1.3.6.1.2.1.6.1.0", 1);
  expect_type(&w, ".1.3.6.1.2.1.6.14.0", SNMPX_TYPE_NOSUCHOBJECT);
  expect_type(&w, ".1.3.6.1.2.1.7.1.0", SNMPX_TYPE_NOSUCHOBJECT);
  vb = ask(&w, ".1.3.6.1.2.1.6.12.0", true); /* tcpInErrs skipped */
  expect_name(&vb, ".1.3.6.1.2.1.6.13.1.1.0.0.0.0.2024.0.0.0.0.0");
  world_free(&w);
}

static void test_tables(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  char got[4096];
  /* tcpConnTable: every IPv4 socket, listeners included; the line given
   * twice shows its last state (snmpd's list is built in reverse). */
  walk(&w, ".1.3.6.1.2.1.6.13.1.1", got, sizeof(got));
  assert_string_equal(got, "0.0.0.0.2024.0.0.0.0.0\n"
                           "127.0.0.1.39130.127.0.0.1.45123\n"
                           "127.0.0.1.45123.0.0.0.0.0\n"
                           "127.0.0.1.45123.127.0.0.1.39130\n"
                           "192.0.2.2.50618.203.0.113.80.80\n");
  expect_int(&w, ".1.3.6.1.2.1.6.13.1.1.192.0.2.2.50618.203.0.113.80.80", 8);
  expect_int(&w, ".1.3.6.1.2.1.6.13.1.1.0.0.0.0.2024.0.0.0.0.0", 2);
  expect_int(&w, ".1.3.6.1.2.1.6.13.1.3.127.0.0.1.39130.127.0.0.1.45123",
             39130);
  snmpx_varbind vb =
      ask(&w, ".1.3.6.1.2.1.6.13.1.4.192.0.2.2.50618.203.0.113.80.80", false);
  assert_int_equal(vb.value.type, SNMPX_TYPE_IPADDRESS);
  assert_memory_equal(vb.value.v.bytes.ptr, "\xcb\x00\x71\x50", 4);

  /* tcpConnectionTable: no listeners, IPv4 then IPv6; the first line of
   * a duplicate; the process of the socket. */
  walk(&w, ".1.3.6.1.2.1.6.19.1.7", got, sizeof(got));
  assert_string_equal(
      got, "1.4.127.0.0.1.39130.1.4.127.0.0.1.45123\n"
           "1.4.127.0.0.1.45123.1.4.127.0.0.1.39130\n"
           "1.4.192.0.2.2.50618.1.4.203.0.113.80.80\n"
           "2.16.0.0.0.0.0.0.0.0.0.0.255.255.127.0.0.1.8080.2.16.0.0.0.0.0.0."
           "0.0.0.0.255.255.127.0.0.2.54321\n");
  expect_int(
      &w, ".1.3.6.1.2.1.6.19.1.7.1.4.192.0.2.2.50618.1.4.203.0.113.80.80", 11);
  expect_uint(&w,
              ".1.3.6.1.2.1.6.19.1.8.1.4.127.0.0.1.39130.1.4.127.0.0.1.45123",
              SNMPX_TYPE_GAUGE32, 300);
  expect_uint(&w,
              ".1.3.6.1.2.1.6.19.1.8.1.4.127.0.0.1.45123.1.4.127.0.0.1.39130",
              SNMPX_TYPE_GAUGE32, 0);
  expect_type(&w,
              ".1.3.6.1.2.1.6.19.1.6.1.4.127.0.0.1.39130.1.4.127.0.0.1.45123",
              SNMPX_TYPE_NOSUCHOBJECT);

  /* tcpListenerTable. */
  walk(&w, ".1.3.6.1.2.1.6.20.1.4", got, sizeof(got));
  assert_string_equal(got, "1.4.0.0.0.0.2024\n"
                           "1.4.127.0.0.1.45123\n"
                           "2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.45125\n");
  expect_uint(&w, ".1.3.6.1.2.1.6.20.1.4.1.4.127.0.0.1.45123",
              SNMPX_TYPE_GAUGE32, 100);

  /* udpTable: the unconnected socket only; udpEndpointTable: all, with
   * the inode as instance. */
  walk(&w, ".1.3.6.1.2.1.7.5.1.2", got, sizeof(got));
  assert_string_equal(got, "127.0.0.1.45124\n");
  walk(&w, ".1.3.6.1.2.1.7.7.1.8", got, sizeof(got));
  assert_string_equal(
      got, "1.4.127.0.0.1.25178.1.4.127.0.0.1.53.109240\n"
           "1.4.127.0.0.1.45124.1.4.0.0.0.0.0.37452\n"
           "2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.45126.2.16.0.0.0.0.0.0.0.0.0."
           "0.0.0.0.0.0.0.0.37454\n");
  expect_uint(&w,
              ".1.3.6.1.2.1.7.7.1.8.1.4.127.0.0.1.45124.1.4.0.0.0.0.0.37452",
              SNMPX_TYPE_GAUGE32, 100);

  /* The connection tables keep their rows for snmpd's 60 s; the
   * deprecated ones for 5 s. */
  put(&w, "/proc/net/tcp", TCP_HDR);
  put(&w, "/proc/net/udp", "");
  fake_clock_advance(5000);
  walk(&w, ".1.3.6.1.2.1.6.13.1.1", got, sizeof(got));
  assert_string_equal(got, "");
  walk(&w, ".1.3.6.1.2.1.7.5.1.2", got, sizeof(got));
  assert_string_equal(got, "");
  walk(&w, ".1.3.6.1.2.1.6.20.1.4", got, sizeof(got));
  assert_true(strstr(got, "1.4.127.0.0.1.45123\n") != NULL);
  fake_clock_advance(55000);
  walk(&w, ".1.3.6.1.2.1.6.20.1.4", got, sizeof(got));
  assert_string_equal(got, "2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.45125\n");
  walk(&w, ".1.3.6.1.2.1.7.7.1.8", got, sizeof(got));
  assert_string_equal(
      got, "2.16.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.1.45126.2.16.0.0.0.0.0.0.0.0.0."
           "0.0.0.0.0.0.0.0.37454\n");

  /* No IPv4 file: snmpd's tcpConnectionTable is empty; no udp6 leaves
   * the IPv4 endpoints. */
  char path[256];
  snprintf(path, sizeof(path), "%s/proc/net/tcp", w.dir);
  assert_int_equal(unlink(path), 0);
  snprintf(path, sizeof(path), "%s/proc/net/udp6", w.dir);
  assert_int_equal(unlink(path), 0);
  put(&w, "/proc/net/udp", UDP);
  fake_clock_advance(60000);
  walk(&w, ".1.3.6.1.2.1.6.20.1.4", got, sizeof(got));
  assert_string_equal(got, "");
  walk(&w, ".1.3.6.1.2.1.7.7.1.8", got, sizeof(got));
  assert_string_equal(got, "1.4.127.0.0.1.25178.1.4.127.0.0.1.53.109240\n"
                           "1.4.127.0.0.1.45124.1.4.0.0.0.0.0.37452\n");
  world_free(&w);
}

/* Recorded data served at udpInDatagrams and udpTable first. */
static void recorded(snmpx_mib *m)
{
  static const uint32_t in_dg[] = {1, 3, 6, 1, 2, 1, 7, 1, 0};
  static const uint32_t udp_tab[] = {1, 3, 6, 1, 2, 1, 7, 5, 1, 1, 9};
  snmpx_value v = snmpx_value_uint(SNMPX_TYPE_COUNTER32, 77);
  assert_int_equal(snmpx_mib_add_value(m, SNMPX_OIDV(in_dg), &v, 0), 0);
  assert_int_equal(snmpx_mib_add_value(m, SNMPX_OIDV(udp_tab), &v, 0), 0);
}

static void count_log(void *ud, const char *msg)
{
  (void)msg;
  (*(int *)ud)++;
}

/* tcpConnectionState: deleteTCB cannot be done, as in snmpd on Linux. */
static void test_set(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  const char *st =
      ".1.3.6.1.2.1.6.19.1.7.1.4.127.0.0.1.39130.1.4.127.0.0.1.45123";
  assert_int_equal(set(&w, st, snmpx_value_int(SNMPX_TYPE_INTEGER, 12)),
                   SNMPX_ERRSTAT_GEN_ERR);
  assert_int_equal(set(&w, st, snmpx_value_int(SNMPX_TYPE_INTEGER, 1)),
                   SNMPX_ERRSTAT_GEN_ERR);
  assert_int_equal(set(&w, st, snmpx_value_int(SNMPX_TYPE_INTEGER, 13)),
                   SNMPX_ERRSTAT_WRONG_VALUE);
  assert_int_equal(set(&w, st, snmpx_value_int(SNMPX_TYPE_INTEGER, 0)),
                   SNMPX_ERRSTAT_WRONG_VALUE);
  assert_int_equal(set(&w, st, snmpx_value_uint(SNMPX_TYPE_GAUGE32, 12)),
                   SNMPX_ERRSTAT_WRONG_TYPE);
  assert_int_equal(set(&w,
                       ".1.3.6.1.2.1.6.19.1.7.1.4.127.0.0.1.1.1.4.127.0.0.1.1",
                       snmpx_value_int(SNMPX_TYPE_INTEGER, 12)),
                   SNMPX_ERRSTAT_NO_CREATION);
  assert_int_equal(
      set(&w, ".1.3.6.1.2.1.6.1.0", snmpx_value_int(SNMPX_TYPE_INTEGER, 1)),
      SNMPX_ERRSTAT_NOT_WRITABLE);
  assert_int_equal(set(&w, ".1.3.6.1.2.1.6.20.1.4.1.4.127.0.0.1.45123",
                       snmpx_value_uint(SNMPX_TYPE_GAUGE32, 1)),
                   SNMPX_ERRSTAT_NOT_WRITABLE);
  expect_int(&w, st, 5);
  world_free(&w);
}

static void test_overlap(void **state)
{
  (void)state;
  world w;
  int logged = 0;
  world_init_with(&w, recorded, count_log, &logged);
  assert_int_equal(logged, 2);
  expect_uint(&w, ".1.3.6.1.2.1.7.1.0", SNMPX_TYPE_COUNTER32, 77);
  expect_uint(&w, ".1.3.6.1.2.1.7.2.0", SNMPX_TYPE_COUNTER32, 33);
  expect_int(&w, ".1.3.6.1.2.1.6.2.0", 200);
  expect_uint(&w,
              ".1.3.6.1.2.1.7.7.1.8.1.4.127.0.0.1.45124.1.4.0.0.0.0.0.37452",
              SNMPX_TYPE_GAUGE32, 100);
  world_free(&w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_snmp), cmocka_unit_test(test_parse_sock),
      cmocka_unit_test(test_states),     cmocka_unit_test(test_owners),
      cmocka_unit_test(test_scalars),    cmocka_unit_test(test_tables),
      cmocka_unit_test(test_set),        cmocka_unit_test(test_overlap),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
