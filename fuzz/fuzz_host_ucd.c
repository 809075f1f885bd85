/* libFuzzer target: UCD-SNMP-MIB's readers (src/host/host_ucd_parse.c):
 * /proc/meminfo, /proc/loadavg, /proc/stat, /proc/vmstat, /proc/cpuinfo,
 * /etc/mtab lines and /proc/PID/status text, and the arguments of the
 * disk, proc, load, file, swap and includeAllDisks directives (also
 * through snmpx_host_conf_line, as the agent's configuration reaches
 * them).  The first byte picks the reader; the rest is its text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include <snmpx/host.h>

#include "host/host_ucd_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void lines_of_mtab(char *text)
{
  for (char *line = strtok(text, "\n"); line != NULL;
       line = strtok(NULL, "\n")) {
    char *dev, *path, *type;
    if (snmpx__ucd_parse_mount(line, &dev, &path, &type)) {
      if (strlen(dev) > strlen(line) || strlen(path) > 65536)
        abort();
      (void)snmpx__ucd_fs_type_shown(type);
    }
  }
}

static void directive(unsigned which, const char *text)
{
  static snmpx_host *h;
  static const char *const words[] = {"disk", "proc", "load",
                                      "file", "swap", "includeAllDisks",
                                      "Disk", "other"};
  /* A fresh host now and then, so entries do not pile up for ever. */
  static unsigned uses;
  if (h == NULL || ++uses % 256 == 0) {
    snmpx_host_free(h);
    h = snmpx_host_new(NULL);
    if (h == NULL)
      return;
  }
  char err[128];
  int rv = snmpx_host_conf_line(h, words[which % 8], text, err, sizeof(err));
  if (rv != 0 && rv != 1 && rv != SNMPX_EINVAL && rv != SNMPX_ENOMEM)
    abort();
  if (rv == SNMPX_EINVAL && err[0] == '\0')
    abort(); /* a refusal always says why */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (size == 0)
    return 0;
  char *text = malloc(size);
  if (text == NULL)
    return 0;
  memcpy(text, data + 1, size - 1);
  text[size - 1] = '\0';
  unsigned which = data[0];
  char out[256];
  int a, b;
  double la[3];
  snmpx__ucd_mem mem;
  snmpx__ucd_cpu cpu;
  memset(&cpu, 0, sizeof(cpu));
  switch (which % 12) {
  case 0:
    snmpx__ucd_parse_meminfo(text, &mem);
    break;
  case 1:
    (void)snmpx__ucd_parse_loadavg(text, la);
    break;
  case 2:
    (void)snmpx__ucd_parse_stat(text, &cpu);
    snmpx__ucd_parse_vmstat(text, &cpu);
    break;
  case 3:
    (void)snmpx__ucd_count_cpus(text);
    break;
  case 4:
    lines_of_mtab(text);
    break;
  case 5:
    if (snmpx__ucd_status_name(text, out, sizeof(out)) && strlen(out) > 64)
      abort(); /* hrSWRunName is 64 octets at most */
    break;
  case 6:
    if (snmpx__ucd_conf_disk(text, out, sizeof(out), &a, &b) && a != -1 &&
        b != -1)
      abort(); /* one of the two limits only */
    break;
  case 7:
    (void)snmpx__ucd_conf_proc(text, out, sizeof(out), &a, &b);
    break;
  case 8:
    snmpx__ucd_conf_load(text, la);
    break;
  case 9:
    (void)snmpx__ucd_conf_file(text, out, sizeof(out), &a);
    break;
  default:
    directive(which / 12, text);
    break;
  }
  free(text);
  return 0;
}
