/* UCD-SNMP-MIB's readers of /proc text and of its directives, written
 * after what Net-SNMP 5.9's agent/mibgroup/hardware/{memory,cpu,fsys}
 * and ucd-snmp/{disk_hw,proc,loadave,file}.c read (the facts, not the
 * code). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_ucd_parse.h"

/* The unsigned number after "KEY" found anywhere in |text| (snmpd looks
 * keys up with strstr, so "Cached: " is the first one, not SwapCached's). */
static uint64_t number_after(const char *text, const char *key)
{
  const char *p = strstr(text, key);
  if (p == NULL)
    return 0;
  p += strlen(key);
  while (*p == ' ' || *p == '\t')
    p++;
  if (!isdigit((unsigned char)*p))
    return 0;
  return strtoull(p, NULL, 10);
}

void snmpx__ucd_parse_meminfo(const char *text, snmpx__ucd_mem *out)
{
  memset(out, 0, sizeof(*out));
  out->total = number_after(text, "MemTotal: ");
  out->has_avail = strstr(text, "MemAvailable: ") != NULL;
  out->avail = number_after(text, "MemAvailable: ");
  out->free = number_after(text, "MemFree: ");
  out->shared = number_after(text, "Shmem: ");
  out->buffers = number_after(text, "Buffers: ");
  out->cached = number_after(text, "Cached: ");
  out->swap_total = number_after(text, "SwapTotal: ");
  out->swap_free = number_after(text, "SwapFree: ");
  out->sreclaimable = number_after(text, "SReclaimable: ");
}

bool snmpx__ucd_parse_loadavg(const char *text, double out[3])
{
  const char *p = text;
  for (int i = 0; i < 3; i++) {
    char *end;
    out[i] = strtod(p, &end);
    if (end == p)
      return false;
    p = end;
  }
  return true;
}

/* Up to |n| unsigned numbers after |p|.  @return how many were read. */
static int numbers(const char *p, uint64_t *v, int n)
{
  int got = 0;
  while (got < n) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (!isdigit((unsigned char)*p))
      break;
    char *end;
    v[got++] = strtoull(p, &end, 10);
    p = end;
  }
  return got;
}

bool snmpx__ucd_parse_stat(const char *text, snmpx__ucd_cpu *out)
{
  /* The aggregate line is the first "cpu " at a line start. */
  const char *p = text;
  while (p != NULL && strncmp(p, "cpu ", 4) != 0) {
    p = strchr(p, '\n');
    if (p != NULL)
      p++;
  }
  if (p == NULL)
    return false;
  uint64_t v[10] = {0};
  int n = numbers(p + 4, v, 10);
  out->user = v[0];
  out->nice = v[1];
  out->sys = v[2];
  out->idle = v[3];
  /* As snmpd: the later counters only when the kernel has them. */
  out->wait = n >= 5 ? v[4] : 0;
  out->intr = n >= 5 ? v[5] : 0;
  out->sirq = n >= 5 ? v[6] : 0;
  out->steal = n >= 8 ? v[7] : 0;
  out->guest = n >= 9 ? v[8] : 0;
  out->guestnice = n >= 10 ? v[9] : 0;
  out->total = out->user + out->nice + out->sys + out->idle + out->wait +
               out->intr + out->sirq + out->steal + out->guest + out->guestnice;
  const char *i = strstr(text, "intr ");
  if (i != NULL)
    numbers(i + 5, &out->interrupts, 1);
  const char *c = strstr(text, "ctxt ");
  if (c != NULL)
    numbers(c + 5, &out->contexts, 1);
  return true;
}

void snmpx__ucd_parse_vmstat(const char *text, snmpx__ucd_cpu *out)
{
  out->page_in = number_after(text, "pgpgin ") * 2;
  out->page_out = number_after(text, "pgpgout ") * 2;
  out->swap_in = number_after(text, "pswpin ");
  out->swap_out = number_after(text, "pswpout ");
}

int snmpx__ucd_count_cpus(const char *text)
{
  int n = 0;
  for (const char *p = text; p != NULL && *p != '\0';) {
    int i;
    if (strncmp(p, "processor", 9) == 0 && sscanf(p, "processor : %d", &i) == 1)
      n++;
    p = strchr(p, '\n');
    if (p != NULL)
      p++;
  }
  return n;
}

/* getmntent's decoding of \NNN (octal) in place. */
static void unescape(char *s)
{
  char *w = s;
  for (char *r = s; *r != '\0'; r++) {
    if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' &&
        r[2] <= '7' && r[3] >= '0' && r[3] <= '7') {
      *w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
      r += 3;
    } else {
      *w++ = *r;
    }
  }
  *w = '\0';
}

static char *field(char **p)
{
  char *s = *p;
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '\0')
    return NULL;
  char *e = s;
  while (*e != '\0' && *e != ' ' && *e != '\t')
    e++;
  if (*e != '\0')
    *e++ = '\0';
  *p = e;
  return s;
}

bool snmpx__ucd_parse_mount(char *line, char **device, char **path, char **type)
{
  char *p = line;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '#')
    return false;
  *device = field(&p);
  *path = field(&p);
  *type = field(&p);
  if (*device == NULL || *path == NULL || *type == NULL)
    return false;
  unescape(*device);
  unescape(*path);
  unescape(*type);
  return true;
}

bool snmpx__ucd_fs_type_shown(const char *type)
{
  /* fsys_mntent.c's _fsys_type: the hrFSTypes it names, then its other_fs
   * list; everything else (proc, sysfs, devpts, cgroup, autofs...) has
   * the skip bit. */
  static const char *const shown[] = {
      "ffs",    "ufs",      "sysv",           "pc",      "msdos",  "hfs",
      "mfs",    "ntfs",     "iso9660",        "cd9660",  "cdfs",   "hsfs",
      "nfs",    "nfs3",     "nfs4",           "cifs",    "smbfs",  "mvfs",
      "ncpfs",  "afs",      "ext2",           "ext3",    "ext4",   "ext2fs",
      "ext3fs", "ext4fs",   "fat32",          "vfat",    "acfs",   "btrfs",
      "cvfs",   "f2fs",     "fuse.glusterfs", "gfs",     "gfs2",   "glusterfs",
      "jfs",    "jffs2",    "lofs",           "nsspool", "nssvol", "nvmfs",
      "ocfs2",  "reiserfs", "simfs",          "tmpfs",   "vxfs",   "xfs",
      "zfs"};
  for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
    if (strcmp(type, shown[i]) == 0)
      return true;
  return false;
}

bool snmpx__ucd_status_name(const char *text, char *out, size_t cap)
{
  const char *colon = strchr(text, ':');
  const char *nl = strchr(text, '\n');
  if (cap == 0 || colon == NULL || (nl != NULL && nl < colon))
    return false;
  const char *p = colon + 1;
  while (*p != '\0' && *p != '\n' && isspace((unsigned char)*p))
    p++;
  size_t n = nl != NULL && nl > p ? (size_t)(nl - p) : strlen(p);
  if (nl != NULL && nl < p)
    n = 0;
  /* hrSWRunName is at most 64 octets in snmpd. */
  if (n > 64)
    n = 64;
  if (n >= cap)
    n = cap - 1;
  memcpy(out, p, n);
  out[n] = '\0';
  return true;
}

/* ---- Directives --------------------------------------------------------- */

/* snmpd's copy_nword: the next word (a quoted one may hold blanks) into
 * |out|; @return what follows, past blanks, or NULL at the end. */
static const char *word(const char *p, char *out, size_t cap)
{
  size_t n = 0;
  while (*p == ' ' || *p == '\t')
    p++;
  char quote = 0;
  if (*p == '"' || *p == '\'')
    quote = *p++;
  while (*p != '\0' && (quote ? *p != quote : (*p != ' ' && *p != '\t'))) {
    if (n + 1 < cap)
      out[n++] = *p;
    p++;
  }
  if (quote && *p == quote)
    p++;
  if (cap > 0)
    out[n] = '\0';
  while (*p == ' ' || *p == '\t')
    p++;
  return *p != '\0' ? p : NULL;
}

bool snmpx__ucd_conf_disk(const char *args, char *path, size_t cap,
                          int *min_space, int *min_percent)
{
  const char *rest = word(args, path, cap);
  if (path[0] == '\0')
    return false;
  *min_space = -1;
  *min_percent = -1;
  if (rest == NULL)
    *min_space = 100000; /* NETSNMP_DEFDISKMINIMUMSPACE */
  else if (strchr(rest, '%') == NULL)
    *min_space = atoi(rest);
  else
    *min_percent = atoi(rest);
  return true;
}

bool snmpx__ucd_conf_proc(const char *args, char *name, size_t cap, int *max,
                          int *min)
{
  const char *rest = word(args, name, cap);
  if (name[0] == '\0')
    return false;
  if (rest == NULL) {
    /* At least one running, no upper bound. */
    *max = 0;
    *min = 1;
    return true;
  }
  char num[32];
  *max = atoi(rest);
  rest = word(rest, num, sizeof(num));
  *min = rest != NULL ? atoi(rest) : 0;
  return true;
}

void snmpx__ucd_conf_load(const char *args, double out[3])
{
  const char *p = args;
  while (p != NULL && (*p == ' ' || *p == '\t'))
    p++;
  if (p != NULL && *p == '\0')
    p = NULL;
  for (int i = 0; i < 3; i++) {
    if (p != NULL)
      out[i] = atof(p);
    else
      out[i] = i > 0 ? out[i - 1] : 12.0; /* NETSNMP_DEFMAXLOADAVE */
    if (p != NULL) {
      char skip[64];
      p = word(p, skip, sizeof(skip));
    }
  }
}

bool snmpx__ucd_conf_file(const char *args, char *path, size_t cap, int *max)
{
  const char *rest = word(args, path, cap);
  if (path[0] == '\0')
    return false;
  *max = rest != NULL ? (int)strtoul(rest, NULL, 10) : -1;
  return true;
}

int snmpx__ucd_percent(uint64_t value, uint64_t total)
{
  if (total == 0)
    return 0;
  float pct = ((float)value * 100) / (float)total;
  return (int)(pct + 0.5f);
}
