/* UCD-SNMP-MIB (src/host/host_ucd.c) on a recorded tree: /proc and
 * /etc/mtab text written to a temporary directory that is the host's
 * root, a fake clock for the caches and the CPU samples, and requests
 * through an agent as a manager sends them. */
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

#include "internal.h"
#include <snmpx/host.h>

#include "agent_test_util.h"
#include "host/host_ucd_parse.h"

#define UCD ".1.3.6.1.4.1.2021"

typedef struct world {
  char root[64];
  snmpx_vacm *vacm;
  snmpx_agent *agent;
  snmpx_host *host;
  snmpx_pdu resp;
} world;

static void put(const world *w, const char *path, const char *text)
{
  char full[512];
  snprintf(full, sizeof(full), "%s%s", w->root, path);
  /* Make the directories on the way. */
  for (char *p = full + strlen(w->root) + 1; *p != '\0'; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    mkdir(full, 0755);
    *p = '/';
  }
  FILE *f = fopen(full, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void put_dir(const world *w, const char *path)
{
  char full[512];
  snprintf(full, sizeof(full), "%s%s", w->root, path);
  mkdir(full, 0755);
}

static void stat_text(const world *w, unsigned user, unsigned sys,
                      unsigned idle, unsigned intr, unsigned ctxt)
{
  char text[512];
  snprintf(text, sizeof(text),
           "cpu  %u 7 %u %u 11 0 13 0 0 0\n"
           "cpu0 %u 7 %u %u 11 0 13 0 0 0\n"
           "intr %u 1 2 3\nctxt %u\nbtime 1\n",
           user, sys, idle, user, sys, idle, intr, ctxt);
  put(w, "/proc/stat", text);
}

static void proc_entry(const world *w, int pid, const char *name, bool whole)
{
  char path[128], text[128];
  snprintf(path, sizeof(path), "/proc/%d/status", pid);
  snprintf(text, sizeof(text), "Name:\t%s\nState:\tS (sleeping)\n", name);
  put(w, path, text);
  if (!whole)
    return; /* snmpd's swrun skips a process it cannot read whole */
  snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
  put(w, path, name);
  snprintf(path, sizeof(path), "/proc/%d/stat", pid);
  put(w, path, "1 (x) S 0\n");
}

static void record(world *w)
{
  snprintf(w->root, sizeof(w->root), "/tmp/snmpx_ucd_XXXXXX");
  assert_non_null(mkdtemp(w->root));
  put(w, "/proc/meminfo",
      "MemTotal:        1000000 kB\nMemFree:          200000 kB\n"
      "MemAvailable:     600000 kB\nBuffers:           30000 kB\n"
      "Cached:           300000 kB\nSwapCached:            5 kB\n"
      "Shmem:             4000 kB\nSReclaimable:      20000 kB\n"
      "SwapTotal:        50000 kB\nSwapFree:          10000 kB\n");
  put(w, "/proc/loadavg", "0.52 0.30 0.10 1/100 4242\n");
  put(w, "/proc/vmstat",
      "nr_free_pages 5\npgpgin 100\npgpgout 200\n"
      "pswpin 3\npswpout 4\n");
  put(w, "/proc/cpuinfo",
      "processor\t: 0\nmodel name\t: x\n\n"
      "processor\t: 1\nmodel name\t: x\n");
  stat_text(w, 1000, 500, 8000, 70000, 90000);
  /* Mounts: the root, a data disk with a blank in its name, proc, tmpfs. */
  put_dir(w, "/data disk");
  put_dir(w, "/run");
  put(w, "/etc/mtab",
      "/dev/vda / ext4 rw 0 0\n"
      "proc /proc proc rw 0 0\n"
      "/dev/vdb /data\\040disk xfs rw 0 0\n"
      "cgroup /sys/fs/cgroup/cpu cgroup rw 0 0\n"
      "tmpfs /run tmpfs rw 0 0\n");
  proc_entry(w, 100, "sleeper", true);
  proc_entry(w, 101, "sleeper", true);
  proc_entry(w, 102, "sleeper", false);
  proc_entry(w, 103, "daemon", true);
  put(w, "/big", "");
  char big[3000];
  memset(big, 'x', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  put(w, "/big", big);
}

static void conf(world *w, const char *word, const char *args)
{
  char err[256];
  assert_int_equal(snmpx_host_conf_line(w->host, word, args, err, sizeof(err)),
                   1);
}

static void world_init(world *w)
{
  memset(w, 0, sizeof(*w));
  record(w);
  w->vacm = snmpx_vacm_new(NULL);
  add_view(w->vacm, "all", "1", true);
  add_community(w->vacm, "public", "pub", NULL, 0);
  add_group_all_models(w->vacm, "pub", "ro");
  add_access(w->vacm, "ro", SNMPX_SECMODEL_ANY, SNMPX_SECLEVEL_NOAUTH, "all",
             NULL);
  fake_clock_set(100000);
  snmpx_agent_config ac;
  memset(&ac, 0, sizeof(ac));
  ac.vacm = w->vacm;
  ac.clock = fake_clock;
  w->agent = snmpx_agent_new(&ac);
  snmpx_host_config hc;
  memset(&hc, 0, sizeof(hc));
  hc.root = w->root;
  hc.clock = fake_clock;
  w->host = snmpx_host_new(&hc);
  assert_non_null(w->host);
}

static void world_attach(world *w)
{
  assert_int_equal(
      snmpx_host_attach(w->host, w->agent,
                        snmpx_agent_context(w->agent, NULL, 0, false)),
      0);
  snmpx_host_tick(w->host); /* the first CPU sample */
}

static void world_free(world *w)
{
  snmpx_agent_free(w->agent);
  snmpx_host_free(w->host);
  snmpx_vacm_free(w->vacm);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", w->root);
  assert_int_equal(system(cmd), 0);
}

/* One varbind's answer to a GET (or GETNEXT) of |oid|. */
static const snmpx_varbind *ask(world *w, snmpx_pdu_type type, const char *oid)
{
  test_req r;
  req_init(&r, SNMPX_VERSION_2C, "public", type);
  req_add(&r, oid, snmpx_value_null());
  r.in.msg.pdu.varbinds = r.vbs;
  assert_int_equal(snmpx_agent_process(w->agent, &r.in, &w->resp), 0);
  assert_int_equal(w->resp.n_varbinds, 1);
  return &w->resp.varbinds[0];
}

static int64_t get_int(world *w, const char *oid)
{
  const snmpx_varbind *vb = ask(w, SNMPX_PDU_GET, oid);
  assert_true(vb->value.type == SNMPX_TYPE_INTEGER ||
              vb->value.type == SNMPX_TYPE_COUNTER32 ||
              vb->value.type == SNMPX_TYPE_GAUGE32 ||
              vb->value.type == SNMPX_TYPE_COUNTER64);
  return vb->value.type == SNMPX_TYPE_INTEGER ? vb->value.v.i
                                              : (int64_t)vb->value.v.u;
}

static void expect_str(world *w, const char *oid, const char *want)
{
  const snmpx_varbind *vb = ask(w, SNMPX_PDU_GET, oid);
  assert_int_equal(vb->value.type, SNMPX_TYPE_OCTET_STRING);
  char got[600];
  size_t n = vb->value.v.bytes.len < sizeof(got) - 1 ? vb->value.v.bytes.len
                                                     : sizeof(got) - 1;
  memcpy(got, vb->value.v.bytes.ptr, n);
  got[n] = '\0';
  assert_string_equal(got, want);
}

static void expect_none(world *w, const char *oid)
{
  const snmpx_varbind *vb = ask(w, SNMPX_PDU_GET, oid);
  assert_true(snmpx_value_is_exception(&vb->value));
}

/* ---- memory ----------------------------------------------------------------
 */

static void test_memory(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  conf(&w, "swap", "16000");
  world_attach(&w);
  assert_int_equal(get_int(&w, UCD ".4.3.0"), 50000);
  assert_int_equal(get_int(&w, UCD ".4.4.0"), 10000);
  assert_int_equal(get_int(&w, UCD ".4.5.0"), 1000000);
  assert_int_equal(get_int(&w, UCD ".4.6.0"), 200000);
  assert_int_equal(get_int(&w, UCD ".4.11.0"), 210000); /* free + swap */
  assert_int_equal(get_int(&w, UCD ".4.12.0"), 16000);
  assert_int_equal(get_int(&w, UCD ".4.13.0"), 4000);
  assert_int_equal(get_int(&w, UCD ".4.14.0"), 30000);
  /* Cached (not SwapCached) plus SReclaimable, as snmpd 5.9. */
  assert_int_equal(get_int(&w, UCD ".4.15.0"), 320000);
  assert_int_equal(get_int(&w, UCD ".4.26.0"), 320000);
  assert_int_equal(get_int(&w, UCD ".4.27.0"), 600000);
  expect_none(&w, UCD ".4.7.0"); /* no text segment figures on Linux */
  /* 10000 kB free <= 16000: the swap error, in snmpd's words. */
  assert_int_equal(get_int(&w, UCD ".4.100.0"), 1);
  expect_str(&w, UCD ".4.101.0", "Running out of swap space (10000)");
  expect_str(&w, UCD ".4.2.0", "swap");
  world_free(&w);
}

static void test_memory_swap_ok(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  conf(&w, "swap", "9999");
  world_attach(&w);
  assert_int_equal(get_int(&w, UCD ".4.100.0"), 0);
  expect_str(&w, UCD ".4.101.0", "");
  world_free(&w);
}

/* ---- laTable
 * ----------------------------------------------------------------- */

static void test_load(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  conf(&w, "load", "0.5 0.4");
  world_attach(&w);
  expect_str(&w, UCD ".10.1.2.1", "Load-1");
  expect_str(&w, UCD ".10.1.2.3", "Load-15");
  expect_str(&w, UCD ".10.1.3.1", "0.52");
  /* MAX15 not given: it takes MAX5's. */
  expect_str(&w, UCD ".10.1.4.1", "0.50");
  expect_str(&w, UCD ".10.1.4.3", "0.40");
  assert_int_equal(get_int(&w, UCD ".10.1.5.1"), 52);
  assert_int_equal(get_int(&w, UCD ".10.1.100.1"), 1);
  assert_int_equal(get_int(&w, UCD ".10.1.100.2"), 0);
  expect_str(&w, UCD ".10.1.101.1", "1 min Load Average too high (= 0.52)");
  expect_str(&w, UCD ".10.1.101.2", "");
  /* laLoadFloat: Net-SNMP's Opaque Float, 0.52 as IEEE single. */
  const snmpx_varbind *vb = ask(&w, SNMPX_PDU_GET, UCD ".10.1.6.1");
  assert_int_equal(vb->value.type, SNMPX_TYPE_OPAQUE);
  static const uint8_t want[] = {0x9f, 0x78, 0x04, 0x3f, 0x05, 0x1e, 0xb8};
  assert_int_equal(vb->value.v.bytes.len, sizeof(want));
  assert_memory_equal(vb->value.v.bytes.ptr, want, sizeof(want));
  expect_none(&w, UCD ".10.1.3.4");
  world_free(&w);
}

/* ---- systemStats
 * ------------------------------------------------------------- */

static void test_system_stats(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  world_attach(&w);
  assert_int_equal(get_int(&w, UCD ".11.50.0"), 1000);
  assert_int_equal(get_int(&w, UCD ".11.51.0"), 7);
  assert_int_equal(get_int(&w, UCD ".11.52.0"), 500);
  assert_int_equal(get_int(&w, UCD ".11.53.0"), 8000);
  assert_int_equal(get_int(&w, UCD ".11.54.0"), 11);
  assert_int_equal(get_int(&w, UCD ".11.61.0"), 13);
  assert_int_equal(get_int(&w, UCD ".11.57.0"), 400); /* pgpgout * 2 */
  assert_int_equal(get_int(&w, UCD ".11.58.0"), 200);
  assert_int_equal(get_int(&w, UCD ".11.59.0"), 70000);
  assert_int_equal(get_int(&w, UCD ".11.60.0"), 90000);
  assert_int_equal(get_int(&w, UCD ".11.62.0"), 3);
  assert_int_equal(get_int(&w, UCD ".11.67.0"), 2);
  /* No minute of history yet: snmpd serves no rate, no percentage. */
  expect_none(&w, UCD ".11.9.0");
  const snmpx_varbind *vb = ask(&w, SNMPX_PDU_GETNEXT, UCD ".11.2.0");
  expect_name(vb, UCD ".11.50.0");
  /* Eleven more samples 5 s apart: 100 user, 50 system and 350 idle
   * ticks each (500 in all), 600 interrupts and 1200 switches. */
  for (unsigned i = 1; i <= 11; i++) {
    fake_clock_advance(5000);
    stat_text(&w, 1000 + 100 * i, 500 + 50 * i, 8000 + 350 * i, 70000 + 600 * i,
              90000 + 1200 * i);
    snmpx_host_tick(w.host);
    if (i < 11)
      expect_none(&w, UCD ".11.9.0");
  }
  /* The window: the sample 55 s ago against the last. */
  assert_int_equal(get_int(&w, UCD ".11.9.0"), 20);
  assert_int_equal(get_int(&w, UCD ".11.10.0"), 10);
  assert_int_equal(get_int(&w, UCD ".11.11.0"), 70);
  /* Rates divide by 60 as snmpd (its window is 55 s). */
  assert_int_equal(get_int(&w, UCD ".11.7.0"), 600 * 11 / 60);
  assert_int_equal(get_int(&w, UCD ".11.8.0"), 1200 * 11 / 60);
  assert_int_equal(get_int(&w, UCD ".11.5.0"), 0);
  world_free(&w);
}

/* ---- dskTable
 * ---------------------------------------------------------------- */

static void test_disks(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  conf(&w, "disk", "/ 10%");
  conf(&w, "disk", "/nonexistent");
  conf(&w, "disk", "\"/data disk\"");
  conf(&w, "includeAllDisks", "7%");
  world_attach(&w);
  /* Configured rows first (1-3; /nonexistent is not mounted: no row), then
   * every other mount in the order seen: /proc 4 (not shown), the
   * cgroup 5 (not shown), /run 6. */
  expect_str(&w, UCD ".9.1.2.1", "/");
  expect_str(&w, UCD ".9.1.3.1", "/dev/vda");
  expect_none(&w, UCD ".9.1.2.2");
  expect_str(&w, UCD ".9.1.2.3", "/data disk");
  expect_str(&w, UCD ".9.1.3.3", "/dev/vdb");
  assert_int_equal(get_int(&w, UCD ".9.1.4.3"), 100000); /* the default */
  assert_int_equal(get_int(&w, UCD ".9.1.5.3"), -1);
  assert_int_equal(get_int(&w, UCD ".9.1.4.1"), -1);
  assert_int_equal(get_int(&w, UCD ".9.1.5.1"), 10);
  expect_none(&w, UCD ".9.1.2.4");
  expect_none(&w, UCD ".9.1.2.5");
  expect_str(&w, UCD ".9.1.2.6", "/run");
  assert_int_equal(get_int(&w, UCD ".9.1.5.6"), 7);
  const snmpx_varbind *vb = ask(&w, SNMPX_PDU_GETNEXT, UCD ".9.1.2.3");
  expect_name(vb, UCD ".9.1.2.6");
  /* The 64-bit halves make the total. */
  uint64_t total = (uint64_t)get_int(&w, UCD ".9.1.11.1") |
                   ((uint64_t)get_int(&w, UCD ".9.1.12.1") << 32);
  assert_true(total > 0);
  world_free(&w);
}

static void test_disk_errors(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  conf(&w, "disk", "/ 101%");          /* never that much free */
  conf(&w, "disk", "/run 2000000000"); /* more kB than any test dir */
  world_attach(&w);
  assert_int_equal(get_int(&w, UCD ".9.1.100.1"), 1);
  const snmpx_varbind *vb = ask(&w, SNMPX_PDU_GET, UCD ".9.1.101.1");
  assert_int_equal(vb->value.type, SNMPX_TYPE_OCTET_STRING);
  assert_true(vb->value.v.bytes.len > 25);
  assert_memory_equal(vb->value.v.bytes.ptr, "/: less than 101% free (= ", 26);
  assert_int_equal(get_int(&w, UCD ".9.1.100.2"), 1);
  vb = ask(&w, SNMPX_PDU_GET, UCD ".9.1.101.2");
  assert_memory_equal(vb->value.v.bytes.ptr,
                      "/run: less than 2000000000 free (= ", 35);
  world_free(&w);
}

/* ---- prTable and fileTable
 * --------------------------------------------------- */

static void test_procs(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  conf(&w, "proc", "sleeper 1 1");
  conf(&w, "proc", "missing");
  conf(&w, "proc", "daemon 0 0");
  conf(&w, "proc", "sleeper2 5");
  char err[256];
  assert_int_equal(
      snmpx_host_conf_line(w.host, "proc", "daemon", err, sizeof(err)),
      SNMPX_EINVAL);
  assert_non_null(strstr(err, "already"));
  world_attach(&w);
  /* 100 and 101 count; 102 has no cmdline or stat (snmpd skips it). */
  assert_int_equal(get_int(&w, UCD ".2.1.5.1"), 2);
  assert_int_equal(get_int(&w, UCD ".2.1.3.1"), 1);
  assert_int_equal(get_int(&w, UCD ".2.1.4.1"), 1);
  assert_int_equal(get_int(&w, UCD ".2.1.100.1"), 1);
  expect_str(&w, UCD ".2.1.101.1", "Too many sleeper running (# = 2)");
  assert_int_equal(get_int(&w, UCD ".2.1.3.2"), 1); /* no numbers: min 1 */
  expect_str(&w, UCD ".2.1.101.2", "No missing process running");
  expect_str(&w, UCD ".2.1.101.3", "daemon process should not be running.");
  assert_int_equal(get_int(&w, UCD ".2.1.3.4"), 0); /* MAX alone: min 0 */
  assert_int_equal(get_int(&w, UCD ".2.1.100.4"), 0);
  expect_str(&w, UCD ".2.1.101.4", "");
  expect_none(&w, UCD ".2.1.2.5");
  world_free(&w);
}

static void test_files(void **state)
{
  (void)state;
  world w;
  world_init(&w);
  conf(&w, "file", "/big 1");
  conf(&w, "file", "/missing");
  world_attach(&w);
  expect_str(&w, UCD ".15.1.2.1", "/big");
  assert_int_equal(get_int(&w, UCD ".15.1.3.1"), 2); /* 2999 octets */
  assert_int_equal(get_int(&w, UCD ".15.1.100.1"), 1);
  expect_str(&w, UCD ".15.1.101.1", "/big: size exceeds 1kb (= 2kb)");
  assert_int_equal(get_int(&w, UCD ".15.1.3.2"), 0);
  assert_int_equal(get_int(&w, UCD ".15.1.4.2"), -1);
  assert_int_equal(get_int(&w, UCD ".15.1.100.2"), 0);
  world_free(&w);
}

/* ---- Parsers and directives
 * --------------------------------------------------- */

static void test_parsers(void **state)
{
  (void)state;
  char line[] = "/dev/sda1 /mnt/my\\040disk ext4 rw 0 0";
  char *dev, *path, *type;
  assert_true(snmpx__ucd_parse_mount(line, &dev, &path, &type));
  assert_string_equal(path, "/mnt/my disk");
  assert_string_equal(type, "ext4");
  char shortline[] = "none /x";
  assert_false(snmpx__ucd_parse_mount(shortline, &dev, &path, &type));
  assert_true(snmpx__ucd_fs_type_shown("tmpfs"));
  assert_false(snmpx__ucd_fs_type_shown("cgroup2"));
  char name[80];
  assert_true(snmpx__ucd_status_name("Name:\tkworker/0:1\nState: I\n", name,
                                     sizeof(name)));
  assert_string_equal(name, "kworker/0:1");
  assert_false(snmpx__ucd_status_name("garbage\n:", name, sizeof(name)));
  double la[3];
  assert_false(snmpx__ucd_parse_loadavg("x", la));
  snmpx__ucd_cpu c;
  memset(&c, 0, sizeof(c));
  assert_false(snmpx__ucd_parse_stat("cpu0 1 2 3\n", &c));
  /* An old kernel's four counters. */
  assert_true(snmpx__ucd_parse_stat("cpu  1 2 3 4\n", &c));
  assert_int_equal(c.total, 10);
  assert_int_equal(snmpx__ucd_percent(1, 3), 33);
  assert_int_equal(snmpx__ucd_percent(2, 3), 67);
  assert_int_equal(snmpx__ucd_percent(5, 0), 0);
}

static void test_directives(void **state)
{
  (void)state;
  char path[64];
  int a, b;
  assert_true(snmpx__ucd_conf_disk("/ 20%", path, sizeof(path), &a, &b));
  assert_int_equal(a, -1);
  assert_int_equal(b, 20);
  assert_true(
      snmpx__ucd_conf_disk("\"/my disk\" 500", path, sizeof(path), &a, &b));
  assert_string_equal(path, "/my disk");
  assert_int_equal(a, 500);
  assert_false(snmpx__ucd_conf_disk("  ", path, sizeof(path), &a, &b));
  assert_true(snmpx__ucd_conf_proc("httpd", path, sizeof(path), &a, &b));
  assert_int_equal(a, 0);
  assert_int_equal(b, 1);
  assert_true(snmpx__ucd_conf_proc("httpd 10 2", path, sizeof(path), &a, &b));
  assert_int_equal(a, 10);
  assert_int_equal(b, 2);
  double l[3];
  snmpx__ucd_conf_load("", l);
  assert_true(l[0] == 12.0 && l[2] == 12.0);
  snmpx__ucd_conf_load("4 3", l);
  assert_true(l[0] == 4.0 && l[1] == 3.0 && l[2] == 3.0);
  assert_true(snmpx__ucd_conf_file("/var/log/x 100", path, sizeof(path), &a));
  assert_int_equal(a, 100);
  assert_false(snmpx__ucd_conf_file("", path, sizeof(path), &a));

  world w;
  world_init(&w);
  char err[256];
  assert_int_equal(snmpx_host_conf_line(w.host, "proc", "", err, sizeof(err)),
                   SNMPX_EINVAL);
  assert_non_null(strstr(err, "usage: proc"));
  assert_int_equal(snmpx_host_conf_line(w.host, "disk", "", err, sizeof(err)),
                   SNMPX_EINVAL);
  assert_int_equal(
      snmpx_host_conf_line(w.host, "includeAllDisks", "", err, sizeof(err)), 1);
  assert_int_equal(
      snmpx_host_conf_line(w.host, "includeAllDisks", "", err, sizeof(err)),
      SNMPX_EINVAL);
  assert_int_equal(snmpx_host_conf_line(w.host, "LOAD", "3", err, sizeof(err)),
                   1);
  world_free(&w);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_memory),  cmocka_unit_test(test_memory_swap_ok),
      cmocka_unit_test(test_load),    cmocka_unit_test(test_system_stats),
      cmocka_unit_test(test_disks),   cmocka_unit_test(test_disk_errors),
      cmocka_unit_test(test_procs),   cmocka_unit_test(test_files),
      cmocka_unit_test(test_parsers), cmocka_unit_test(test_directives),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
