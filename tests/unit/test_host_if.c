/* IF-MIB from the host (src/host/host_if.c, host_if_parse.c): the
 * /proc/net/dev and sysfs readers on recorded text, and the module over
 * a recorded tree (the host's `root`) with a fake clock: the tables as
 * snmpd serves them, ifLastChange, the fadeout of a lost interface, the
 * `interface` override, SETs, and linkUp/linkDown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#include "agent_test_util.h"
#include "host/host_if.h"

/* ---- The parsers ------------------------------------------------------ */

/* /proc/net/dev of a Linux 6 host (this test's machine, 2026). */
static const char dev_text[] =
    "Inter-|   Receive                                                |  "
    "Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes "
    "   packets errs drop fifo colls carrier compressed\n"
    "    lo:  705176    2078    0    0    0     0          0         0   "
    "705176    2078    0    0    0     0       0          0\n"
    "  ifb0:       0       0    0    0    0     0          0         0     "
    "   0       0    0    0    0     0       0          0\n"
    "  eth0: 33527304    1317    3    4    0     0          0         9    "
    "82455    1059    5    6    0     7       0          0\n"
    "veth1234567890ab: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n";

static void test_host_if_parse_dev(void **unused)
{
  (void)unused;
  snmpx__host_if_dev d[8];
  size_t n = snmpx__host_if_parse_dev(dev_text, strlen(dev_text), d, 8);
  assert_int_equal(n, 4);
  assert_string_equal(d[0].name, "lo");
  assert_true(d[0].has_stats);
  assert_int_equal(d[0].rx_bytes, 705176);
  assert_int_equal(d[0].tx_packets, 2078);
  assert_string_equal(d[2].name, "eth0");
  assert_int_equal(d[2].rx_bytes, 33527304);
  assert_int_equal(d[2].rx_packets, 1317);
  assert_int_equal(d[2].rx_errs, 3);
  assert_int_equal(d[2].rx_drop, 4);
  assert_int_equal(d[2].rx_mcast, 9);
  assert_int_equal(d[2].tx_bytes, 82455);
  assert_int_equal(d[2].tx_packets, 1059);
  assert_int_equal(d[2].tx_errs, 5);
  assert_int_equal(d[2].tx_drop, 6);
  assert_int_equal(d[2].colls, 7);
  /* A long name glued to its colon, and the 16 fields mapped. */
  assert_string_equal(d[3].name, "veth1234567890ab");
  assert_int_equal(d[3].rx_mcast, 8);
  assert_int_equal(d[3].tx_bytes, 9);
  assert_int_equal(d[3].colls, 14);
  /* |cap| bounds what is written. */
  assert_int_equal(snmpx__host_if_parse_dev(dev_text, strlen(dev_text), d, 2),
                   2);
}

static void test_host_if_parse_dev_odd_lines(void **unused)
{
  (void)unused;
  /* Linux 2.0's layout (no "compressed" in the header): 11 fields, no
   * byte counts; a line with no statistics; lines with no name or no
   * colon; Linux before 1.3.13's loopback without transmit counts. */
  static const char text[] =
      "Inter-|   Receive                  |  Transmit\n"
      " face |packets errs drop fifo frame|packets errs drop fifo colls "
      "carrier\n"
      "  eth0: 10 1 0 0 0 20 2 0 0 3 0\n"
      "    lo: 5 0 0 0 0 0 0 0 0 0 0\n"
      "  sit0: No statistics available.\n"
      "   :\n"
      "garbage without the separator\n"
      "  ppp0: 1 2 three\n"
      "  tun0: 1 2 3 4 5 6 7 8 9 10 11";
  snmpx__host_if_dev d[8];
  size_t n = snmpx__host_if_parse_dev(text, sizeof(text) - 1, d, 8);
  assert_int_equal(n, 5);
  assert_string_equal(d[0].name, "eth0");
  assert_true(d[0].has_stats);
  assert_int_equal(d[0].rx_packets, 10);
  assert_int_equal(d[0].rx_errs, 1);
  assert_int_equal(d[0].tx_packets, 20);
  assert_int_equal(d[0].tx_errs, 2);
  assert_int_equal(d[0].colls, 3);
  assert_int_equal(d[0].rx_bytes, 0);
  assert_string_equal(d[1].name, "lo");
  assert_int_equal(d[1].tx_packets, 5); /* counted as received */
  assert_string_equal(d[2].name, "sit0");
  assert_false(d[2].has_stats);
  assert_string_equal(d[3].name, "ppp0");
  assert_false(d[3].has_stats);
  assert_string_equal(d[4].name, "tun0"); /* no newline at the end */
  assert_true(d[4].has_stats);
  assert_int_equal(snmpx__host_if_parse_dev("", 0, d, 8), 0);
}

static void test_host_if_parse_values(void **unused)
{
  (void)unused;
  uint8_t a[6];
  static const uint8_t mac[6] = {0x02, 0xfc, 0, 0, 0, 0x01};
  const char *s = "02:fc:00:00:00:01\n";
  assert_int_equal(snmpx__host_if_parse_hwaddr(s, strlen(s), a), 6);
  assert_memory_equal(a, mac, 6);
  s = "00:00:00:00:00:00\n"; /* loopback: no address */
  assert_int_equal(snmpx__host_if_parse_hwaddr(s, strlen(s), a), 0);
  /* InfiniBand's 20 octets: the first 6, as SIOCGIFHWADDR gives. */
  s = "80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0b:54:61";
  assert_int_equal(snmpx__host_if_parse_hwaddr(s, strlen(s), a), 6);
  assert_int_equal(a[0], 0x80);
  assert_int_equal(a[5], 0x80);
  s = "0a:0b:0c:0d"; /* an IPv4 tunnel: 4 octets, zero-padded */
  assert_int_equal(snmpx__host_if_parse_hwaddr(s, strlen(s), a), 6);
  assert_int_equal(a[3], 0x0d);
  assert_int_equal(a[4], 0);
  assert_int_equal(snmpx__host_if_parse_hwaddr("", 0, a), 0);
  assert_int_equal(snmpx__host_if_parse_hwaddr("zz:11", 5, a), 0);

  int64_t v;
  assert_true(snmpx__host_if_parse_int("1500\n", 5, &v));
  assert_int_equal(v, 1500);
  assert_true(snmpx__host_if_parse_int("0x1003\n", 7, &v));
  assert_int_equal(v, 0x1003);
  assert_true(snmpx__host_if_parse_int("-1\n", 3, &v));
  assert_int_equal(v, -1);
  assert_false(snmpx__host_if_parse_int("12x", 3, &v));
  assert_false(snmpx__host_if_parse_int("", 0, &v));
  assert_false(snmpx__host_if_parse_int("99999999999999999999", 20, &v));

  assert_int_equal(snmpx__host_if_type_of_arphrd(1), 6);
  assert_int_equal(snmpx__host_if_type_of_arphrd(772), 24);
  assert_int_equal(snmpx__host_if_type_of_arphrd(776), 131);
  assert_int_equal(snmpx__host_if_type_of_arphrd(512), 23);
  assert_int_equal(snmpx__host_if_type_of_arphrd(32), 199);
  assert_int_equal(snmpx__host_if_type_of_arphrd(65534), 1); /* tun */
  assert_int_equal(snmpx__host_if_type_of_name("lo"), 24);
  assert_int_equal(snmpx__host_if_type_of_name("eth1"), 6);
  assert_int_equal(snmpx__host_if_type_of_name("wlan0"), 1);

  uint32_t sp, hi;
  snmpx__host_if_speed(6, true, 1000, &sp, &hi);
  assert_int_equal(sp, 1000000000u);
  assert_int_equal(hi, 1000);
  snmpx__host_if_speed(6, true, 100000, &sp, &hi); /* 100G: capped */
  assert_int_equal(sp, 0xffffffffu);
  assert_int_equal(hi, 100000);
  snmpx__host_if_speed(6, true, -1, &sp, &hi); /* SPEED_UNKNOWN */
  assert_int_equal(sp, 0);
  assert_int_equal(hi, 0);
  snmpx__host_if_speed(6, false, 0, &sp, &hi); /* no ethtool */
  assert_int_equal(sp, 0);
  snmpx__host_if_speed(24, false, 0, &sp, &hi);
  assert_int_equal(sp, 10000000);
  assert_int_equal(hi, 10);
  snmpx__host_if_speed(131, true, 1000, &sp, &hi); /* only ether asks */
  assert_int_equal(sp, 0);
}

static void test_host_if_parse_override(void **unused)
{
  (void)unused;
  char name[32], err[128];
  int32_t type;
  uint64_t speed;
  assert_int_equal(snmpx__host_if_parse_override(" eth0\t6 5000000000", name,
                                                 sizeof(name), &type, &speed,
                                                 err, sizeof(err)),
                   0);
  assert_string_equal(name, "eth0");
  assert_int_equal(type, 6);
  assert_int_equal(speed, 5000000000ull);
  assert_int_equal(snmpx__host_if_parse_override("x 0x75 0x10", name,
                                                 sizeof(name), &type, &speed,
                                                 err, sizeof(err)),
                   0);
  assert_int_equal(type, 117);
  assert_int_equal(speed, 16);
  static const struct {
    const char *args, *err;
  } bad[] = {{"", "Missing NAME parameter"},
             {"eth0", "Missing TYPE parameter"},
             {"eth0 6", "Missing SPEED parameter"},
             {"eth0 x 1", "Bad TYPE"},
             {"eth0 -1 1", "Bad TYPE"},
             {"eth0 6 12ab", "Bad SPEED value"},
             {"eth0 6 -5", "Bad SPEED value"}};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    assert_int_equal(snmpx__host_if_parse_override(bad[i].args, name,
                                                   sizeof(name), &type, &speed,
                                                   err, sizeof(err)),
                     -1);
    assert_string_equal(err, bad[i].err);
  }
}

/* ---- A recorded host ------------------------------------------------- */

typedef struct host_world {
  char root[64];
  snmpx_vacm *vacm;
  snmpx_agent *agent;
  snmpx_host *host;
  /* notifications received */
  int n_traps;
  uint32_t trap_last[8];   /* last arc of each trap OID: 3 down, 4 up */
  int32_t trap_vals[8][3]; /* ifIndex, ifAdminStatus, ifOperStatus */
  uint32_t trap_index[8];  /* the instance of the varbind names */
} host_world;

static void put(const host_world *w, const char *path, const char *text)
{
  char full[512];
  snprintf(full, sizeof(full), "%s%s", w->root, path);
  for (char *p = full + strlen(w->root) + 1; *p != '\0'; p++) {
    if (*p == '/') {
      *p = '\0';
      assert_true(mkdir(full, 0755) == 0 || errno == EEXIST);
      *p = '/';
    }
  }
  FILE *f = fopen(full, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void put_if(const host_world *w, const char *name, const char *file,
                   const char *text)
{
  char path[256];
  snprintf(path, sizeof(path), "/sys/class/net/%s/%s", name, file);
  put(w, path, text);
}

static void unput_if(const host_world *w, const char *name)
{
  static const char *const files[] = {
      "ifindex", "type", "flags", "operstate", "mtu", "address", "speed"};
  char full[512];
  for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
    snprintf(full, sizeof(full), "%s/sys/class/net/%s/%s", w->root, name,
             files[i]);
    unlink(full);
  }
  snprintf(full, sizeof(full), "%s/sys/class/net/%s", w->root, name);
  rmdir(full);
}

/* One interface's sysfs files. */
static void add_if(const host_world *w, const char *name, const char *index,
                   const char *type, const char *flags, const char *oper,
                   const char *address, const char *speed)
{
  put_if(w, name, "ifindex", index);
  put_if(w, name, "type", type);
  put_if(w, name, "flags", flags);
  put_if(w, name, "operstate", oper);
  put_if(w, name, "mtu", strcmp(name, "lo") == 0 ? "65536\n" : "1500\n");
  put_if(w, name, "address", address);
  if (speed != NULL)
    put_if(w, name, "speed", speed);
}

static const char dev_head[] =
    "Inter-|   Receive                                                |  "
    "Transmit\n"
    " face |bytes    packets errs drop fifo frame compressed multicast|bytes "
    "   packets errs drop fifo colls carrier compressed\n";

/* /proc/net/dev with lo, eth0, dummy0 (and |extra| lines). */
static void put_dev(const host_world *w, const char *extra)
{
  char text[2048];
  snprintf(text, sizeof(text),
           "%s    lo: 5000 50 0 0 0 0 0 0 5000 50 0 0 0 0 0 0\n"
           "  eth0: 4294967306 1000 1 2 0 0 0 10 77 30 3 4 0 0 0 0\n"
           "dummy0: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n%s",
           dev_head, extra);
  put(w, "/proc/net/dev", text);
}

static void on_notify(void *ud, snmpx_oidv trap_oid, const snmpx_varbind *vbs,
                      size_t n)
{
  host_world *w = ud;
  assert_true(w->n_traps < 8);
  assert_int_equal(trap_oid.len, 10);
  assert_int_equal(n, 3);
  int k = w->n_traps++;
  w->trap_last[k] = trap_oid.arcs[9];
  for (size_t i = 0; i < 3; i++) {
    static const uint32_t col[3] = {1, 7, 8};
    assert_int_equal(vbs[i].name.len, 11);
    assert_int_equal(vbs[i].name.arcs[9], col[i]);
    assert_int_equal(vbs[i].value.type, SNMPX_TYPE_INTEGER);
    w->trap_vals[k][i] = (int32_t)vbs[i].value.v.i;
    w->trap_index[k] = vbs[i].name.arcs[10];
  }
}

/* A host over a fresh tree: lo (1), eth0 (2, 1000 Mb/s, up), dummy0 (3,
 * down, no speed).  |conf| holds snmpd.conf lines "WORD ARGS" (NULL
 * ends), given before the attach. */
static void world_up(host_world *w, const char *const *conf)
{
  memset(w, 0, sizeof(*w));
  snprintf(w->root, sizeof(w->root), "/tmp/snmpx-test-host-if.XXXXXX");
  assert_non_null(mkdtemp(w->root));
  put_dev(w, "");
  add_if(w, "lo", "1\n", "772\n", "0x9\n", "unknown\n", "00:00:00:00:00:00\n",
         NULL);
  add_if(w, "eth0", "2\n", "1\n", "0x1003\n", "up\n", "02:fc:00:00:00:01\n",
         "1000\n");
  add_if(w, "dummy0", "3\n", "1\n", "0x82\n", "down\n", "ca:00:5c:b3:0f:61\n",
         NULL);
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
  fake_clock_set(100000);
  snmpx_agent_config ac;
  memset(&ac, 0, sizeof(ac));
  ac.vacm = w->vacm;
  ac.clock = fake_clock;
  w->agent = snmpx_agent_new(&ac);
  assert_non_null(w->agent);
  snmpx_host_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.root = w->root;
  hc.clock = fake_clock;
  hc.notify = on_notify;
  hc.notify_ud = w;
  w->host = snmpx_host_new(&hc);
  assert_non_null(w->host);
  char err[128];
  for (size_t i = 0; conf != NULL && conf[i] != NULL; i++) {
    char word[64];
    size_t n = strcspn(conf[i], " ");
    snprintf(word, sizeof(word), "%.*s", (int)n, conf[i]);
    assert_int_equal(snmpx_host_conf_line(w->host, word,
                                          conf[i][n] ? conf[i] + n + 1 : "",
                                          err, sizeof(err)),
                     1);
  }
  assert_int_equal(
      snmpx_host_attach(w->host, w->agent,
                        snmpx_agent_context(w->agent, NULL, 0, false)),
      0);
}

static void world_down(host_world *w)
{
  snmpx_agent_free(w->agent);
  snmpx_host_free(w->host);
  snmpx_vacm_free(w->vacm);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", w->root);
  assert_int_equal(system(cmd), 0);
}

/* GET (or GETNEXT) of one OID with community public; the value is
 * copied into *|out| (strings into |buf|), the name into |name|. */
static void ask(host_world *w, snmpx_pdu_type type, const char *oid,
                snmpx_value *out, char *name, uint8_t *buf)
{
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", type);
  req_add(&r, oid, snmpx_value_null());
  snmpx_pdu resp;
  assert_int_equal(snmpx_agent_process(w->agent, &r.in, &resp), 0);
  assert_int_equal(resp.error_status, SNMPX_ERRSTAT_NO_ERROR);
  assert_int_equal(resp.n_varbinds, 1);
  *out = resp.varbinds[0].value;
  if (out->type == SNMPX_TYPE_OCTET_STRING && buf != NULL) {
    memcpy(buf, out->v.bytes.ptr, out->v.bytes.len);
    out->v.bytes.ptr = buf;
  }
  if (name != NULL)
    snmpx_oid_format(resp.varbinds[0].name, name, 128);
}

static int64_t get_int(host_world *w, const char *oid, snmpx_type type)
{
  snmpx_value v;
  ask(w, SNMPX_PDU_GET, oid, &v, NULL, NULL);
  assert_int_equal(v.type, type);
  return type == SNMPX_TYPE_INTEGER ? v.v.i : (int64_t)v.v.u;
}

static void expect_get_str(host_world *w, const char *oid, const void *s,
                           size_t n)
{
  snmpx_value v;
  uint8_t buf[256];
  ask(w, SNMPX_PDU_GET, oid, &v, NULL, buf);
  assert_int_equal(v.type, SNMPX_TYPE_OCTET_STRING);
  assert_int_equal(v.v.bytes.len, n);
  if (n > 0)
    assert_memory_equal(v.v.bytes.ptr, s, n);
}

#define IF "1.3.6.1.2.1.2.2.1."
#define IFX "1.3.6.1.2.1.31.1.1.1."
#define I SNMPX_TYPE_INTEGER
#define G SNMPX_TYPE_GAUGE32
#define C SNMPX_TYPE_COUNTER32
#define C64 SNMPX_TYPE_COUNTER64
#define T SNMPX_TYPE_TIMETICKS

static void test_host_if_tables(void **unused)
{
  (void)unused;
  host_world w;
  world_up(&w, NULL);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 3); /* ifNumber */
  assert_int_equal(get_int(&w, IF "1.2", I), 2);
  expect_get_str(&w, IF "2.1", "lo", 2);
  expect_get_str(&w, IF "2.3", "dummy0", 6);
  assert_int_equal(get_int(&w, IF "3.1", I), 24);
  assert_int_equal(get_int(&w, IF "3.2", I), 6);
  assert_int_equal(get_int(&w, IF "4.1", I), 65536);
  assert_int_equal(get_int(&w, IF "5.1", G), 10000000);
  assert_int_equal(get_int(&w, IF "5.2", G), 1000000000);
  assert_int_equal(get_int(&w, IF "5.3", G), 0);
  expect_get_str(&w, IF "6.1", "", 0);
  expect_get_str(&w, IF "6.2", "\x02\xfc\x00\x00\x00\x01", 6);
  assert_int_equal(get_int(&w, IF "7.1", I), 1);
  assert_int_equal(get_int(&w, IF "8.1", I), 1); /* operstate unknown */
  assert_int_equal(get_int(&w, IF "7.3", I), 2);
  assert_int_equal(get_int(&w, IF "8.3", I), 2);
  assert_int_equal(get_int(&w, IF "9.2", T), 0);
  /* Counter32: the low 32 bits of 4294967306. */
  assert_int_equal(get_int(&w, IF "10.2", C), 10);
  assert_int_equal(get_int(&w, IF "11.2", C), 990); /* less multicast */
  assert_int_equal(get_int(&w, IF "12.2", C), 10);
  assert_int_equal(get_int(&w, IF "13.2", C), 2);
  assert_int_equal(get_int(&w, IF "14.2", C), 1);
  assert_int_equal(get_int(&w, IF "15.2", C), 0);
  assert_int_equal(get_int(&w, IF "16.2", C), 77);
  assert_int_equal(get_int(&w, IF "17.2", C), 30);
  assert_int_equal(get_int(&w, IF "18.2", C), 0);
  assert_int_equal(get_int(&w, IF "19.2", C), 4);
  assert_int_equal(get_int(&w, IF "20.2", C), 3);
  assert_int_equal(get_int(&w, IF "21.2", G), 0);
  snmpx_value v;
  ask(&w, SNMPX_PDU_GET, IF "22.1", &v, NULL, NULL);
  assert_int_equal(v.type, SNMPX_TYPE_OID);
  assert_int_equal(v.v.oid.len, 2);
  expect_get_str(&w, IFX "1.2", "eth0", 4);
  assert_int_equal(get_int(&w, IFX "2.2", C), 10);
  assert_int_equal(get_int(&w, IFX "6.2", C64), 4294967306);
  assert_int_equal(get_int(&w, IFX "7.2", C64), 990);
  assert_int_equal(get_int(&w, IFX "11.2", C64), 30);
  assert_int_equal(get_int(&w, IFX "13.2", C64), 0);
  assert_int_equal(get_int(&w, IFX "15.2", G), 1000);
  assert_int_equal(get_int(&w, IFX "15.1", G), 10);
  assert_int_equal(get_int(&w, IFX "16.2", I), 2);
  assert_int_equal(get_int(&w, IFX "17.1", I), 2); /* loopback */
  assert_int_equal(get_int(&w, IFX "17.2", I), 1);
  expect_get_str(&w, IFX "18.2", "", 0);
  assert_int_equal(get_int(&w, IFX "19.2", T), 0);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.31.1.5.0", T), 0);
  /* ifLinkUpDownTrapEnable: none until set, as snmpd. */
  char name[128];
  ask(&w, SNMPX_PDU_GET, IFX "14.1", &v, NULL, NULL);
  assert_int_equal(v.type, SNMPX_TYPE_NOSUCHINSTANCE);
  ask(&w, SNMPX_PDU_GETNEXT, IFX "13.3", &v, name, NULL);
  assert_string_equal(name, ".1.3.6.1.2.1.31.1.1.1.15.1");
  ask(&w, SNMPX_PDU_GETNEXT, "1.3.6.1.2.1.2", &v, name, NULL);
  assert_string_equal(name, ".1.3.6.1.2.1.2.1.0");
  ask(&w, SNMPX_PDU_GETNEXT, "1.3.6.1.2.1.2.1.0", &v, name, NULL);
  assert_string_equal(name, ".1.3.6.1.2.1.2.2.1.1.1");
  /* Past ifTable's last column: out of the interfaces group (the other
   * host modules, IP-MIB's ipAddressSpinLock say, may come before
   * ifXTable). */
  ask(&w, SNMPX_PDU_GETNEXT, IF "22.3", &v, name, NULL);
  assert_true(strncmp(name, ".1.3.6.1.2.1.2.", 15) != 0);
  ask(&w, SNMPX_PDU_GETNEXT, "1.3.6.1.2.1.30", &v, name, NULL);
  assert_string_equal(name, ".1.3.6.1.2.1.31.1.1.1.1.1");
  ask(&w, SNMPX_PDU_GETNEXT, IFX "19.3", &v, name, NULL);
  assert_string_equal(name, ".1.3.6.1.2.1.31.1.5.0");
  world_down(&w);
}

/* Within the cache lifetime the tables do not change; after it, they
 * do.  An ifOperStatus change sets ifLastChange; a new interface sets
 * its ifLastChange and ifTableLastChange; one that goes away stays down
 * for interface_fadeout seconds. */
static void test_host_if_changes(void **unused)
{
  (void)unused;
  static const char *const conf[] = {"interface_fadeout 100", NULL};
  host_world w;
  world_up(&w, conf);
  assert_int_equal(get_int(&w, IF "8.2", I), 1);
  put_if(&w, "eth0", "operstate", "down\n");
  fake_clock_advance(1000);
  assert_int_equal(get_int(&w, IF "8.2", I), 1); /* cached */
  fake_clock_advance(2000);                      /* 3 s: reloaded */
  assert_int_equal(get_int(&w, IF "8.2", I), 2);
  assert_int_equal(get_int(&w, IF "7.2", I), 1);
  assert_int_equal(get_int(&w, IF "9.2", T), 300); /* sysUpTime then */
  assert_int_equal(get_int(&w, IF "9.1", T), 0);
  /* A new interface. */
  add_if(&w, "eth1", "7\n", "1\n", "0x1003\n", "up\n", "02:00:00:00:00:07\n",
         "10000\n");
  put_dev(&w, "  eth1: 1 1 0 0 0 0 0 0 2 2 0 0 0 0 0 0\n");
  fake_clock_advance(5000);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 4);
  assert_int_equal(get_int(&w, IF "9.7", T), 800);
  assert_int_equal(get_int(&w, IF "5.7", G), 4294967295u);
  assert_int_equal(get_int(&w, IFX "15.7", G), 10000);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.31.1.5.0", T), 800);
  /* dummy0 goes away: kept, down, until 100 s have passed. */
  unput_if(&w, "dummy0");
  char text[1024];
  snprintf(text, sizeof(text),
           "%s    lo: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n"
           "  eth0: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n"
           "  eth1: 1 1 0 0 0 0 0 0 2 2 0 0 0 0 0 0\n",
           dev_head);
  put(&w, "/proc/net/dev", text);
  fake_clock_advance(3000);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 4);
  assert_int_equal(get_int(&w, IF "8.3", I), 2);
  assert_int_equal(get_int(&w, IF "9.3", T), 1100);
  fake_clock_advance(98000); /* reloaded 99 s after it went */
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 4);
  fake_clock_advance(3000); /* the next reload: 102 s */
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 3);
  snmpx_value v;
  ask(&w, SNMPX_PDU_GET, IF "2.3", &v, NULL, NULL);
  assert_int_equal(v.type, SNMPX_TYPE_NOSUCHINSTANCE);
  /* ifTableLastChange follows additions only. */
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.31.1.5.0", T), 800);
  world_down(&w);
}

/* /proc/net/dev with lo and eth0 only. */
static void put_dev_without_dummy(const host_world *w)
{
  char text[1024];
  snprintf(text, sizeof(text),
           "%s    lo: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n"
           "  eth0: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n",
           dev_head);
  put(w, "/proc/net/dev", text);
}

/* An interface that goes and comes back with its index: the same row,
 * its counters marked discontinuous. */
static void test_host_if_comes_back(void **unused)
{
  (void)unused;
  host_world w;
  world_up(&w, NULL);
  assert_int_equal(get_int(&w, IFX "19.3", T), 0);
  put_dev_without_dummy(&w);
  fake_clock_advance(5000);
  assert_int_equal(get_int(&w, IF "7.3", I), 2);
  assert_int_equal(get_int(&w, IF "9.3", T), 500);
  put_dev(&w, "");
  fake_clock_advance(5000);
  assert_int_equal(get_int(&w, IFX "19.3", T), 1000);
  assert_int_equal(get_int(&w, IF "9.3", T), 500); /* still down */
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 3);
  world_down(&w);
}

/* eth0 made again with another index: a second row, or with
 * interface_replace_old, the new row in place of the old. */
static void test_host_if_replace_old(void **unused)
{
  (void)unused;
  for (int replace = 0; replace < 2; replace++) {
    static const char *const conf[] = {"interface_replace_old yes", NULL};
    host_world w;
    world_up(&w, replace ? conf : NULL);
    assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 3);
    put_if(&w, "eth0", "ifindex", "9\n");
    fake_clock_advance(3000);
    assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), replace ? 3 : 4);
    expect_get_str(&w, IF "2.9", "eth0", 4);
    snmpx_value v;
    ask(&w, SNMPX_PDU_GET, IF "2.2", &v, NULL, NULL);
    assert_int_equal(v.type, replace ? SNMPX_TYPE_NOSUCHINSTANCE
                                     : SNMPX_TYPE_OCTET_STRING);
    world_down(&w);
  }
}

static void test_host_if_conf(void **unused)
{
  (void)unused;
  static const char *const conf[] = {
      "interface eth0 117 5000000000",     "interface dummy0 6 100",
      "INTERFACE dummy0 53 2000000",       "ifmib_max_num_ifaces 2",
      "include_ifmib_iface_prefix eth lo", NULL};
  host_world w;
  world_up(&w, conf);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 2);
  assert_int_equal(get_int(&w, IF "3.2", I), 117);
  assert_int_equal(get_int(&w, IF "5.2", G), 4294967295u);
  assert_int_equal(get_int(&w, IFX "15.2", G), 5000);
  snmpx_value v;
  ask(&w, SNMPX_PDU_GET, IF "1.3", &v, NULL, NULL); /* over the max */
  assert_int_equal(v.type, SNMPX_TYPE_NOSUCHINSTANCE);
  char err[128];
  assert_int_equal(
      snmpx_host_conf_line(w.host, "interface", "eth0 6", err, sizeof(err)),
      SNMPX_EINVAL);
  assert_string_equal(err, "Missing SPEED parameter");
  assert_int_equal(snmpx_host_conf_line(w.host, "interface_replace_old",
                                        "maybe", err, sizeof(err)),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx_host_conf_line(w.host, "include_ifmib_iface_prefix",
                                        "eth(", err, sizeof(err)),
                   SNMPX_EINVAL);
  assert_int_equal(snmpx_host_conf_line(w.host, "ifmib_max_num_ifaces", "x",
                                        err, sizeof(err)),
                   SNMPX_EINVAL);
  assert_int_equal(
      snmpx_host_conf_line(w.host, "interfaces", "x", err, sizeof(err)), 0);
  world_down(&w);

  /* include_ifmib_iface_prefix alone, and the last override wins. */
  static const char *const conf2[] = {"include_ifmib_iface_prefix ^du",
                                      "interface dummy0 6 100",
                                      "interface dummy0 53 2000000", NULL};
  world_up(&w, conf2);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 1);
  assert_int_equal(get_int(&w, IF "3.3", I), 53);
  assert_int_equal(get_int(&w, IF "5.3", G), 2000000);
  assert_int_equal(get_int(&w, IFX "15.3", G), 2);
  world_down(&w);
}

static snmpx_errstat set_one(host_world *w, const char *oid, snmpx_value v)
{
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "private", SNMPX_PDU_SET);
  req_add(&r, oid, v);
  snmpx_pdu resp;
  assert_int_equal(snmpx_agent_process(w->agent, &r.in, &resp), 0);
  return resp.error_status;
}

static void test_host_if_set(void **unused)
{
  (void)unused;
  host_world w;
  world_up(&w, NULL);
  snmpx_value alias = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "uplink", 6);
  assert_int_equal(set_one(&w, IFX "18.2", alias), SNMPX_ERRSTAT_NO_ERROR);
  char big[65];
  memset(big, 'a', sizeof(big));
  assert_int_equal(
      set_one(&w, IFX "18.2",
              snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, big, sizeof(big))),
      SNMPX_ERRSTAT_WRONG_LENGTH);
  assert_int_equal(set_one(&w, IFX "14.2", snmpx_value_int(I, 3)),
                   SNMPX_ERRSTAT_WRONG_VALUE);
  assert_int_equal(set_one(&w, IFX "14.2", alias), SNMPX_ERRSTAT_WRONG_TYPE);
  assert_int_equal(set_one(&w, IFX "1.2", alias), SNMPX_ERRSTAT_NOT_WRITABLE);
  assert_int_equal(set_one(&w, IFX "14.2", snmpx_value_int(I, 1)),
                   SNMPX_ERRSTAT_NO_ERROR);
  /* Kept across reloads. */
  fake_clock_advance(10000);
  expect_get_str(&w, IFX "18.2", "uplink", 6);
  assert_int_equal(get_int(&w, IFX "14.2", I), 1);
  /* Enabled: the reload that sees the change sends linkDown, then
   * linkUp (ifTable_data_access.c), with no monitor configured. */
  put_if(&w, "eth0", "operstate", "lowerlayerdown\n");
  fake_clock_advance(3000);
  assert_int_equal(get_int(&w, IF "8.2", I), 2);
  assert_int_equal(w.n_traps, 1);
  assert_int_equal(w.trap_last[0], 3);
  assert_int_equal(w.trap_vals[0][0], 2);
  assert_int_equal(w.trap_vals[0][1], 1);
  assert_int_equal(w.trap_vals[0][2], 2);
  put_if(&w, "eth0", "operstate", "up\n");
  fake_clock_advance(3000);
  assert_int_equal(get_int(&w, IF "8.2", I), 1);
  assert_int_equal(w.n_traps, 2);
  assert_int_equal(w.trap_last[1], 4);
  world_down(&w);
}

/* linkUpDownNotifications yes: ifOperStatus sampled every 60 s on the
 * host's tick; the first sample only arms. */
static void test_host_if_link_notifications(void **unused)
{
  (void)unused;
  static const char *const conf[] = {"linkUpDownNotifications yes", NULL};
  host_world w;
  world_up(&w, conf);
  assert_int_equal(snmpx_host_next_tick(w.host), 0);
  snmpx_host_tick(w.host); /* the first sample: lo, eth0 up, dummy0 down */
  assert_int_equal(w.n_traps, 0);
  /* The tables reload every 3 s on their own; the monitor waits 60. */
  assert_int_equal(snmpx_host_next_tick(w.host), 103000);
  put_if(&w, "eth0", "operstate", "down\n");
  for (int i = 0; i < 19; i++) {
    fake_clock_advance(3000);
    snmpx_host_tick(w.host);
  }
  assert_int_equal(w.n_traps, 0);
  assert_int_equal(get_int(&w, IF "8.2", I), 2);
  assert_int_equal(get_int(&w, IF "9.2", T), 300); /* the 3 s reload */
  fake_clock_advance(3000);                        /* 60 s */
  snmpx_host_tick(w.host);
  assert_int_equal(w.n_traps, 1);
  assert_int_equal(w.trap_last[0], 3); /* linkDown */
  assert_int_equal(w.trap_index[0], 2);
  assert_int_equal(w.trap_vals[0][0], 2);
  assert_int_equal(w.trap_vals[0][1], 1);
  assert_int_equal(w.trap_vals[0][2], 2);
  /* Both come back, and a new interface appears up: linkUps in ifIndex
   * order; a new one that is down would send linkDown the same way. */
  put_if(&w, "eth0", "operstate", "up\n");
  put_if(&w, "dummy0", "flags", "0x1083\n");
  put_if(&w, "dummy0", "operstate", "unknown\n");
  add_if(&w, "eth1", "7\n", "1\n", "0x1003\n", "up\n", "02:00:00:00:00:07\n",
         "10\n");
  put_dev(&w, "  eth1: 1 1 0 0 0 0 0 0 2 2 0 0 0 0 0 0\n");
  fake_clock_advance(60000);
  snmpx_host_tick(w.host);
  assert_int_equal(w.n_traps, 4);
  assert_int_equal(w.trap_last[1], 4);
  assert_int_equal(w.trap_index[1], 2);
  assert_int_equal(w.trap_last[2], 4);
  assert_int_equal(w.trap_index[2], 3);
  assert_int_equal(w.trap_vals[2][1], 1);
  assert_int_equal(w.trap_last[3], 4);
  assert_int_equal(w.trap_index[3], 7);
  /* Nothing changes: nothing is sent. */
  fake_clock_advance(60000);
  snmpx_host_tick(w.host);
  assert_int_equal(w.n_traps, 4);
  world_down(&w);
}

static void test_host_if_missing_source(void **unused)
{
  (void)unused;
  host_world w;
  world_up(&w, NULL);
  char path[512];
  snprintf(path, sizeof(path), "%s/proc/net/dev", w.root);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 3);
  /* The source goes: the rows served so far stay. */
  assert_int_equal(unlink(path), 0);
  fake_clock_advance(4000);
  assert_int_equal(get_int(&w, "1.3.6.1.2.1.2.1.0", I), 3);
  world_down(&w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_host_if_parse_dev),
      cmocka_unit_test(test_host_if_parse_dev_odd_lines),
      cmocka_unit_test(test_host_if_parse_values),
      cmocka_unit_test(test_host_if_parse_override),
      cmocka_unit_test(test_host_if_tables),
      cmocka_unit_test(test_host_if_changes),
      cmocka_unit_test(test_host_if_comes_back),
      cmocka_unit_test(test_host_if_replace_old),
      cmocka_unit_test(test_host_if_conf),
      cmocka_unit_test(test_host_if_set),
      cmocka_unit_test(test_host_if_link_notifications),
      cmocka_unit_test(test_host_if_missing_source),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
