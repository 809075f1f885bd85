/* libFuzzer target: the HOST-RESOURCES-MIB parsers (src/host/host_hr_parse.c)
 * over one input read as each source: /proc/meminfo, a /proc/mounts line,
 * /proc/cpuinfo, /proc/stat, /proc/PID/status, cmdline and stat, utmp,
 * dpkg's status file and a /proc/net/dev line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_hr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_cpu(void *ud, int n, const char *descr)
{
  (void)ud;
  if (n < 0 || descr == NULL || strlen(descr) >= SNMPX__HR_DESCR_MAX)
    abort();
}

static void on_ticks(void *ud, int n, const snmpx__hr_cpu_ticks *t)
{
  (void)ud;
  (void)t;
  if (n < 0 || n >= SNMPX__HR_CPU_MAX)
    abort();
}

static void on_pkg(void *ud, const snmpx__hr_pkg *p)
{
  size_t *n = ud;
  if (p->name_len == 0)
    abort();
  (*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = malloc(size + 1);
  if (text == NULL)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';

  snmpx__hr_meminfo mi;
  snmpx__hr_parse_meminfo(text, &mi);

  snmpx__hr_mount *m = malloc(sizeof(*m));
  if (m != NULL) {
    if (snmpx__hr_parse_mount(text, m) == 1) {
      (void)snmpx__hr_fs_type(m->type);
      if (strlen(m->path) > SNMPX__HR_PATH_MAX)
        abort();
    }
    free(m);
  }
  snmpx__hr_parse_cpuinfo(text, on_cpu, NULL);
  snmpx__hr_parse_stat_cpus(text, on_ticks, NULL);

  snmpx__hr_proc p;
  memset(&p, 0, sizeof(p));
  if (snmpx__hr_parse_proc_status(text, &p) == 0 &&
      (p.name_len >= sizeof(p.name) || strlen(p.name) != p.name_len))
    abort();
  snmpx__hr_parse_proc_cmdline((const char *)data, size, &p);
  if (p.path_len >= sizeof(p.path) || p.params_len >= sizeof(p.params))
    abort();
  (void)snmpx__hr_parse_proc_stat(text, 100, 4, &p);
  (void)snmpx__hr_count_utmp(data, size, NULL, NULL);

  char name[16];
  uint64_t errors;
  (void)snmpx__hr_parse_netdev(text, name, sizeof(name), &errors);

  size_t n = 0;
  snmpx__hr_parse_dpkg_status(text, size, on_pkg, &n);

  snmpx__hr_fs_sizes sz = {
      (uint64_t)size * 512, (uint64_t)size << 33, size, 0, 0, 0};
  snmpx__hr_fs_scale(&sz);
  if (sz.size32 > INT32_MAX)
    abort();
  free(text);
  return 0;
}
