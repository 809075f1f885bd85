/* HOST-RESOURCES-MIB parsers (src/host/host_hr_parse.c) on recorded text:
 * the values snmpd 5.9 computes from the same input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host/host_hr.h"

static void test_meminfo(void **st)
{
  (void)st;
  static const char text[] = "MemTotal:       24683748 kB\n"
                             "MemFree:        23739480 kB\n"
                             "MemAvailable:   24208876 kB\n"
                             "Buffers:           14112 kB\n"
                             "Cached:           588108 kB\n"
                             "SwapCached:            7 kB\n"
                             "SwapTotal:          1000 kB\n"
                             "SwapFree:            600 kB\n"
                             "Shmem:             10152 kB\n"
                             "SReclaimable:     100000 kB\n";
  snmpx__hr_meminfo m;
  snmpx__hr_parse_meminfo(text, &m);
  assert_int_equal(m.total, 24683748);
  assert_int_equal(m.free, 23739480);
  assert_true(m.has_avail);
  assert_int_equal(m.avail, 24208876);
  assert_int_equal(m.buffers, 14112);
  assert_int_equal(m.cached, 588108); /* not SwapCached's */
  assert_int_equal(m.swap_total, 1000);
  assert_int_equal(m.swap_free, 600);
  assert_int_equal(m.shared, 10152);
  assert_int_equal(m.sreclaimable, 100000);
  snmpx__hr_parse_meminfo("MemTotal: 5 kB\n", &m);
  assert_false(m.has_avail);
  assert_int_equal(m.free, 0);
}

static void test_mounts(void **st)
{
  (void)st;
  snmpx__hr_mount m;
  assert_int_equal(
      snmpx__hr_parse_mount("/dev/vda / ext4 rw,relatime,discard 0 0", &m), 1);
  assert_string_equal(m.device, "/dev/vda");
  assert_string_equal(m.path, "/");
  assert_false(m.ro);
  assert_int_equal(snmpx__hr_fs_type(m.type), SNMPX__HR_FS_EXT2);
  assert_int_equal(
      snmpx__hr_parse_mount("x /mnt/a\\040b tmpfs ro,nosuid 0 0", &m), 1);
  assert_string_equal(m.path, "/mnt/a b");
  assert_true(m.ro);
  assert_int_equal(snmpx__hr_fs_type("tmpfs"), SNMPX__HR_FS_OTHER);
  assert_int_equal(snmpx__hr_fs_type("nfs4"), SNMPX__HR_FS_NFS);
  assert_int_equal(snmpx__hr_fs_type("vfat"), SNMPX__HR_FS_FAT32);
  assert_true(snmpx__hr_fs_type("proc") & SNMPX__HR_FS_SKIP);
  assert_true(snmpx__hr_fs_type("cgroup2") & SNMPX__HR_FS_SKIP);
  assert_int_equal(snmpx__hr_fs_type("autofs"), SNMPX__HR_FS_AUTOFS);
  /* "rox" is not "ro" */
  assert_int_equal(snmpx__hr_parse_mount("a /b xfs rox,rw 0 0", &m), 1);
  assert_false(m.ro);
  assert_int_equal(snmpx__hr_parse_mount("# comment", &m), 0);
  assert_int_equal(snmpx__hr_parse_mount("only two", &m), 0);
}

static void test_fs_scale(void **st)
{
  (void)st;
  /* 16 TiB of 4 kB blocks: 2^32 blocks, halved twice into 31 bits. */
  snmpx__hr_fs_sizes s = {4096, 1ull << 32, 3ull << 30, 0, 0, 0};
  snmpx__hr_fs_scale(&s);
  assert_int_equal(s.size32, 1u << 30);
  assert_int_equal(s.units32, 16384);
  assert_int_equal(s.used32, 3u << 28);
  snmpx__hr_fs_sizes t = {4096, 6170937, 10, 0, 0, 0};
  snmpx__hr_fs_scale(&t);
  assert_int_equal(t.size32, 6170937);
  assert_int_equal(t.units32, 4096);
  assert_int_equal(t.used32, 10);
}

static char descr0[256];
static int ncpu;
static void on_cpu(void *ud, int n, const char *d)
{
  (void)ud;
  if (n == 0)
    strcpy(descr0, d);
  ncpu++;
}

static uint64_t total1, idle1;
static void on_ticks(void *ud, int n, const snmpx__hr_cpu_ticks *t)
{
  (void)ud;
  if (n == 1) {
    total1 = t->total;
    idle1 = t->idle;
  }
}

static void test_cpu(void **st)
{
  (void)st;
  static const char info[] = "processor\t: 0\nvendor_id\t: AuthenticAMD\n"
                             "model name\t: AMD EPYC\n\n"
                             "processor\t: 1\nvendor_id\t: AuthenticAMD\n"
                             "model name\t: AMD EPYC\n";
  assert_int_equal(snmpx__hr_parse_cpuinfo(info, on_cpu, NULL), 2);
  assert_int_equal(ncpu, 2);
  assert_string_equal(descr0, "AuthenticAMD: AMD EPYC");
  static const char stat[] = "cpu  10 20 30 40 0 0 0 0 0 0\n"
                             "cpu0 1 2 3 4 5 6 7 8 9 10\n"
                             "cpu1 100 0 50 850 0 0 0 0 0 0\nintr 5\n";
  assert_int_equal(snmpx__hr_parse_stat_cpus(stat, on_ticks, NULL), 2);
  assert_int_equal(total1, 1000);
  assert_int_equal(idle1, 850);
}

static void test_proc(void **st)
{
  (void)st;
  snmpx__hr_proc p;
  memset(&p, 0, sizeof(p));
  assert_int_equal(
      snmpx__hr_parse_proc_status("Name:\tsnmpd\nUmask:\t0022\n", &p), 0);
  assert_string_equal(p.name, "snmpd");
  static const char cmd[] = "/usr/sbin/snmpd\0-f\0-C\0";
  snmpx__hr_parse_proc_cmdline(cmd, sizeof(cmd) - 1, &p);
  assert_string_equal(p.path, "/usr/sbin/snmpd");
  assert_string_equal(p.params, "-f -C");
  assert_int_equal(p.type, 4);
  /* An empty argument ends the parameters; a newline ends the read. */
  static const char cmd2[] = "py\0-c\0x\0\0after\0";
  snmpx__hr_parse_proc_cmdline(cmd2, sizeof(cmd2) - 1, &p);
  assert_string_equal(p.params, "-c x");
  static const char cmd3[] = "py\0a\nb\0";
  snmpx__hr_parse_proc_cmdline(cmd3, sizeof(cmd3) - 1, &p);
  assert_string_equal(p.params, "a\n");
  snmpx__hr_parse_proc_cmdline("", 0, &p);
  assert_int_equal(p.type, 2);
  assert_int_equal(p.path_len, 0);
  /* pid (comm) state ppid pgrp sess tty tpgid flags minflt cminflt
   * majflt cmajflt utime stime cutime cstime prio nice threads
   * itreal start vsize rss */
  static const char stat[] =
      "42 (a) b) S 1 42 42 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 1 0 "
      "99 1000000 300 18446744073709551615\n";
  assert_int_equal(snmpx__hr_parse_proc_stat(stat, 100, 4, &p), 0);
  assert_int_equal(p.status, SNMPX__HR_RUN_RUNNABLE);
  assert_int_equal(p.cpu, 400);
  assert_int_equal(p.mem, 1200);
  assert_int_equal(snmpx__hr_parse_proc_stat("42 (a) Z 1\n", 100, 4, &p), -1);
}

static const char *names[4];
static int n_pkgs;
static void on_pkg(void *ud, const snmpx__hr_pkg *p)
{
  (void)ud;
  static char buf[4][64];
  snprintf(buf[n_pkgs], 64, "%.*s_%.*s_%.*s%s", (int)p->name_len, p->name,
           (int)p->version_len, p->version, (int)p->arch_len, p->arch,
           p->essential ? "!" : "");
  names[n_pkgs] = buf[n_pkgs];
  n_pkgs++;
}

static void test_dpkg(void **st)
{
  (void)st;
  char text[] = "Package: base-files\nEssential: yes\n"
                "Status: install ok installed\nVersion: 12.4\n"
                "Architecture: amd64\nDescription: x\n more\n\n"
                "Package: gone\nStatus: unknown ok not-installed\n\n"
                "Package: old\nStatus: deinstall ok config-files\n"
                "Version: 1:2.0-1\nArchitecture: all\n";
  size_t n = snmpx__hr_parse_dpkg_status(text, strlen(text), on_pkg, NULL);
  assert_int_equal(n, 2);
  assert_string_equal(names[0], "base-files_12.4_amd64!");
  assert_string_equal(names[1], "old_1:2.0-1_all");
}

static void test_netdev_date(void **st)
{
  (void)st;
  char name[16];
  uint64_t err = 0;
  assert_int_equal(
      snmpx__hr_parse_netdev("Inter-|   Receive", name, sizeof(name), &err), 0);
  assert_int_equal(
      snmpx__hr_parse_netdev("  eth0: 100 2 3 0 0 0 0 0 200 4 5 0 0 0 0 0",
                             name, sizeof(name), &err),
      1);
  assert_string_equal(name, "eth0");
  assert_int_equal(err, 8);
  uint8_t d[11];
  assert_int_equal(snmpx__hr_date(0, d), 8);
  assert_int_equal(d[2], 1);
  setenv("TZ", "UTC", 1);
  assert_int_equal(snmpx__hr_date(1765162110, d), 11); /* 2025-12-08 */
  assert_int_equal(d[0] * 256 + d[1], 2025);
  assert_int_equal(d[2], 12);
  assert_int_equal(d[8], '+');
  assert_int_equal(d[9], 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_meminfo),    cmocka_unit_test(test_mounts),
      cmocka_unit_test(test_fs_scale),   cmocka_unit_test(test_cpu),
      cmocka_unit_test(test_proc),       cmocka_unit_test(test_dpkg),
      cmocka_unit_test(test_netdev_date)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
