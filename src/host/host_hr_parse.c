/* HOST-RESOURCES-MIB: the parsers (see host_hr.h).  Pure functions over
 * text: no files, no clock except localtime for DateAndTime. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utmp.h>

#include "host_hr.h"

/* ---- /proc/meminfo ------------------------------------------------------ */

/* snmpd finds each field with strstr over the whole text ("Cached: " is
 * the first such, before "SwapCached: ") and reads it with sscanf. */
static unsigned long meminfo_field(const char *text, const char *key,
                                   bool *found)
{
  const char *p = strstr(text, key);
  if (found != NULL)
    *found = p != NULL;
  if (p == NULL)
    return 0;
  p += strlen(key);
  while (*p == ' ' || *p == '\t')
    p++;
  unsigned long v = 0;
  while (*p >= '0' && *p <= '9') {
    v = v * 10 + (unsigned long)(*p - '0');
    p++;
  }
  return v;
}

void snmpx__hr_parse_meminfo(const char *text, snmpx__hr_meminfo *out)
{
  memset(out, 0, sizeof(*out));
  out->total = meminfo_field(text, "MemTotal: ", NULL);
  out->avail = meminfo_field(text, "MemAvailable: ", &out->has_avail);
  out->free = meminfo_field(text, "MemFree: ", NULL);
  out->shared = meminfo_field(text, "Shmem: ", NULL); /* kernel >= 2.6 */
  out->buffers = meminfo_field(text, "Buffers: ", NULL);
  out->cached = meminfo_field(text, "Cached: ", NULL);
  out->swap_total = meminfo_field(text, "SwapTotal: ", NULL);
  out->swap_free = meminfo_field(text, "SwapFree: ", NULL);
  out->sreclaimable = meminfo_field(text, "SReclaimable: ", NULL);
}

/* ---- /proc/mounts ------------------------------------------------------- */

/* Types listed as hrFSOther though hrFSTypes has no arc of theirs
 * (fsys_mntent.c other_fs). */
static const char *const other_fs[] = {
    "acfs",    "btrfs",     "cvfs",  "f2fs",  "fuse.glusterfs", "gfs",
    "gfs2",    "glusterfs", "jfs",   "jffs2", "lofs",           "mvfs",
    "nsspool", "nssvol",    "nvmfs", "ocfs2", "reiserfs",       "simfs",
    "tmpfs",   "vxfs",      "xfs",   "zfs"};

static const struct {
  const char *name;
  int type;
} fs_types[] = {
    {"ffs", SNMPX__HR_FS_BERKELEY},    {"ufs", SNMPX__HR_FS_BERKELEY},
    {"sysv", SNMPX__HR_FS_SYSV},       {"pc", SNMPX__HR_FS_FAT},
    {"msdos", SNMPX__HR_FS_FAT},       {"hfs", SNMPX__HR_FS_HFS},
    {"mfs", SNMPX__HR_FS_MFS},         {"ntfs", SNMPX__HR_FS_NTFS},
    {"iso9660", SNMPX__HR_FS_ISO9660}, {"cd9660", SNMPX__HR_FS_ISO9660},
    {"cdfs", SNMPX__HR_FS_ISO9660},    {"hsfs", SNMPX__HR_FS_ROCKRIDGE},
    {"nfs", SNMPX__HR_FS_NFS},         {"nfs3", SNMPX__HR_FS_NFS},
    {"nfs4", SNMPX__HR_FS_NFS},        {"cifs", SNMPX__HR_FS_NFS},
    {"smbfs", SNMPX__HR_FS_NFS},       {"mvfs", SNMPX__HR_FS_NFS},
    {"ncpfs", SNMPX__HR_FS_NETWARE},   {"afs", SNMPX__HR_FS_AFS},
    {"ext2", SNMPX__HR_FS_EXT2},       {"ext3", SNMPX__HR_FS_EXT2},
    {"ext4", SNMPX__HR_FS_EXT2},       {"ext2fs", SNMPX__HR_FS_EXT2},
    {"ext3fs", SNMPX__HR_FS_EXT2},     {"ext4fs", SNMPX__HR_FS_EXT2},
    {"fat32", SNMPX__HR_FS_FAT32},     {"vfat", SNMPX__HR_FS_FAT32},
};

int snmpx__hr_fs_type(const char *name)
{
  if (name == NULL || name[0] == '\0')
    return SNMPX__HR_FS_UNKNOWN;
  /* In _fsys_type's order: "mvfs" is NFS-like before it is "other". */
  for (size_t i = 0; i < sizeof(fs_types) / sizeof(fs_types[0]); i++)
    if (strcmp(name, fs_types[i].name) == 0)
      return fs_types[i].type;
  for (size_t i = 0; i < sizeof(other_fs) / sizeof(other_fs[0]); i++)
    if (strcmp(name, other_fs[i]) == 0)
      return SNMPX__HR_FS_OTHER;
  if (strcmp(name, "autofs") == 0)
    return SNMPX__HR_FS_AUTOFS;
  return SNMPX__HR_FS_IGNORE; /* proc, sysfs, cgroup, devtmpfs... */
}

/* Next blank-separated field of *|p| into |out| (|cap| bytes, cut there),
 * with getmntent's octal escapes decoded.  @return false at the end. */
static bool mount_field(const char **p, char *out, size_t cap)
{
  const char *s = *p;
  while (*s == ' ' || *s == '\t')
    s++;
  if (*s == '\0' || *s == '\n')
    return false;
  size_t n = 0;
  while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n') {
    char c = *s;
    if (c == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
        s[3] >= '0' && s[3] <= '7') {
      int v = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');
      /* glibc decodes exactly these four */
      if (v == ' ' || v == '\t' || v == '\n' || v == '\\') {
        c = (char)v;
        s += 3;
      }
    }
    if (n + 1 < cap)
      out[n++] = c;
    s++;
  }
  out[n] = '\0';
  *p = s;
  return true;
}

/* hasmntopt(m, "ro"): the option as a whole comma-separated word (or
 * followed by '='). */
static bool has_ro(const char *opts)
{
  const char *p = opts;
  while ((p = strstr(p, "ro")) != NULL) {
    bool start = p == opts || p[-1] == ',';
    bool end = p[2] == '\0' || p[2] == ',' || p[2] == '=';
    if (start && end)
      return true;
    p += 2;
  }
  return false;
}

int snmpx__hr_parse_mount(const char *line, snmpx__hr_mount *m)
{
  const char *p = line;
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p == '#' || *p == '\0' || *p == '\n')
    return 0;
  char opts[1024];
  if (!mount_field(&p, m->device, sizeof(m->device)) ||
      !mount_field(&p, m->path, sizeof(m->path)) ||
      !mount_field(&p, m->type, sizeof(m->type)))
    return 0;
  if (!mount_field(&p, opts, sizeof(opts)))
    strcpy(opts, "rw"); /* getmntent's default */
  m->ro = has_ro(opts);
  return 1;
}

void snmpx__hr_fs_scale(snmpx__hr_fs_sizes *s)
{
  uint64_t size = s->size;
  unsigned shift = 0;
  while (size > INT32_MAX) {
    size >>= 1;
    shift++;
  }
  s->size32 = (uint32_t)size;
  /* snmpd keeps these in C longs and serves them & 0x7fffffff (an
   * INTEGER); the caller masks. */
  s->units32 = (uint32_t)(s->units << shift);
  s->used32 = (uint32_t)(s->used >> shift);
}

/* ---- /proc/cpuinfo, /proc/stat ------------------------------------------ */

/* A field line "key<blanks>: value": the part from the ':' on, or NULL. */
static const char *cpuinfo_value(const char *line, const char *key)
{
  size_t n = strlen(key);
  if (strncmp(line, key, n) != 0)
    return NULL;
  return strchr(line, ':');
}

size_t snmpx__hr_parse_cpuinfo(const char *text,
                               void (*cb)(void *ud, int n, const char *descr),
                               void *ud)
{
  char descr[SNMPX__HR_DESCR_MAX];
  char line[1024];
  int cur = -1;
  size_t count = 0;
  descr[0] = '\0';
  const char *p = text;
  while (*p != '\0') {
    /* snmpd reads with fgets(1024): a longer line is read in pieces */
    size_t n = 0;
    while (p[n] != '\0' && p[n] != '\n' && n + 1 < sizeof(line) - 1)
      n++;
    memcpy(line, p, n);
    line[n] = '\0';
    p += n;
    if (*p == '\n')
      p++;
    int idx;
    const char *v;
    if (sscanf(line, "processor : %d", &idx) == 1) {
      if (cur >= 0)
        cb(ud, cur, descr);
      cur = idx;
      descr[0] = '\0';
      count++;
    } else if (cur >= 0 && (v = cpuinfo_value(line, "vendor_id")) != NULL) {
      /* strlcpy(descr, cp + 2) */
      size_t vl = strlen(v);
      const char *s = vl >= 2 ? v + 2 : v + vl;
      snprintf(descr, sizeof(descr), "%s", s);
    } else if (cur >= 0 && (v = cpuinfo_value(line, "model name")) != NULL) {
      /* strlcat(descr, cp): ": AMD EPYC" after the vendor */
      size_t dl = strlen(descr);
      snprintf(descr + dl, sizeof(descr) - dl, "%s", v);
    }
  }
  if (cur >= 0)
    cb(ud, cur, descr);
  return count;
}

size_t snmpx__hr_parse_stat_cpus(const char *text,
                                 void (*cb)(void *ud, int n,
                                            const snmpx__hr_cpu_ticks *t),
                                 void *ud)
{
  size_t count = 0;
  const char *p = text;
  while (*p != '\0') {
    const char *eol = strchr(p, '\n');
    if (strncmp(p, "cpu", 3) == 0 && p[3] >= '0' && p[3] <= '9') {
      char *end;
      long n = strtol(p + 3, &end, 10);
      unsigned long long f[10] = {0};
      int got = 0;
      const char *q = end;
      while (got < 10) {
        while (*q == ' ')
          q++;
        if (*q < '0' || *q > '9')
          break;
        f[got++] = strtoull(q, &end, 10);
        q = end;
      }
      if (got >= 4 && n >= 0 && n < SNMPX__HR_CPU_MAX) {
        /* cpu.c _cpu_update_stats: user nice sys idle iowait irq softirq
         * steal guest guest_nice, all added (guest twice, as there). */
        snmpx__hr_cpu_ticks t;
        t.idle = f[3];
        t.total = 0;
        for (int i = 0; i < got; i++)
          t.total += f[i];
        cb(ud, (int)n, &t);
        count++;
      }
    }
    if (eol == NULL)
      break;
    p = eol + 1;
  }
  return count;
}

/* ---- Processes ---------------------------------------------------------- */

static void set_string(char *dst, size_t cap, uint8_t *len, const char *src,
                       size_t n)
{
  if (n > cap - 1)
    n = cap - 1;
  memcpy(dst, src, n);
  dst[n] = '\0';
  *len = (uint8_t)n;
}

int snmpx__hr_parse_proc_status(const char *text, snmpx__hr_proc *p)
{
  const char *colon = strchr(text, ':');
  const char *eol = strchr(text, '\n');
  if (colon == NULL || (eol != NULL && colon > eol))
    return -1;
  const char *s = colon + 1;
  while (*s == ' ' || *s == '\t' || *s == '\v' || *s == '\f' || *s == '\r')
    s++;
  /* snmpd copies the rest of the first line (63 characters at most) and
   * strips the newline only when it is within them. */
  size_t n = eol != NULL ? (size_t)(eol - s) : strlen(s);
  set_string(p->name, sizeof(p->name), &p->name_len, s, n);
  return 0;
}

void snmpx__hr_parse_proc_cmdline(const char *data, size_t len,
                                  snmpx__hr_proc *p)
{
  /* fgets(buf, BUFSIZ - 1): up to 8190 bytes, through the first '\n'. */
  enum { CAP = 8192 - 2 };
  if (len > CAP)
    len = CAP;
  const char *nl = memchr(data, '\n', len);
  if (nl != NULL)
    len = (size_t)(nl - data) + 1;
  if (len == 0) { /* an empty cmdline: a kernel thread */
    p->path_len = p->params_len = 0;
    p->path[0] = p->params[0] = '\0';
    p->type = 2;
    return;
  }
  p->type = 4;
  size_t a0 = strnlen(data, len);
  set_string(p->path, sizeof(p->path), &p->path_len, data, a0);
  /* argv[1..] joined by blanks, up to the first empty argument (two NULs
   * in a row, the buffer being zero-filled past what was read). */
  size_t n = 0;
  for (size_t i = a0 + 1; i < len; i++) {
    if (data[i] == '\0' && (i + 1 >= len || data[i + 1] == '\0'))
      break;
    if (n < sizeof(p->params) - 1)
      p->params[n++] = data[i] == '\0' ? ' ' : data[i];
  }
  p->params[n] = '\0';
  p->params_len = (uint8_t)n;
}

int snmpx__hr_parse_proc_stat(const char *text, long clk_tck, long page_kb,
                              snmpx__hr_proc *p)
{
  /* The state follows the last ')' (the command may hold any). */
  const char *rp = strrchr(text, ')');
  if (rp == NULL || rp[1] != ' ' || rp[2] == '\0')
    return -1;
  const char *s = rp + 2;
  switch (*s) {
  case 'R':
    p->status = SNMPX__HR_RUN_RUNNING;
    break;
  case 'S':
    p->status = SNMPX__HR_RUN_RUNNABLE;
    break;
  case 'D':
  case 'T':
    p->status = SNMPX__HR_RUN_NOTRUNNABLE;
    break;
  default:
    p->status = SNMPX__HR_RUN_INVALID;
    break;
  }
  /* Fields after the state: ppid(1) ... utime(11) stime(12) ... rss(21). */
  unsigned long long f[22] = {0};
  int got = 0;
  const char *q = strchr(s, ' ');
  while (q != NULL && got < 21) {
    q++;
    char *end;
    f[++got] = strtoull(q, &end, 10);
    q = strchr(q, ' ');
  }
  if (got < 21)
    return -1;
  if (clk_tck <= 0)
    clk_tck = 100;
  p->cpu = (uint32_t)((f[11] + f[12]) * 100 / (unsigned long long)clk_tck);
  p->mem = (uint32_t)(f[21] * (unsigned long long)page_kb);
  return 0;
}

/* ---- utmp --------------------------------------------------------------- */

uint32_t snmpx__hr_count_utmp(const uint8_t *data, size_t len,
                              bool (*alive)(void *ud, int32_t pid), void *ud)
{
  uint32_t n = 0;
  for (size_t off = 0; off + sizeof(struct utmp) <= len;
       off += sizeof(struct utmp)) {
    struct utmp u;
    memcpy(&u, data + off, sizeof(u));
    if (u.ut_type != USER_PROCESS)
      continue;
    if (alive != NULL && !alive(ud, u.ut_pid))
      continue;
    n++;
  }
  return n;
}

/* ---- dpkg status -------------------------------------------------------- */

typedef struct stanza {
  snmpx__hr_pkg pkg;
  const char *status;
  size_t status_len;
  bool has_name;
} stanza;

static bool field_is(const char *line, size_t klen, const char *key)
{
  return strlen(key) == klen && strncasecmp(line, key, klen) == 0;
}

/* dpkg-query --show leaves out packages it knows nothing of: status
 * "not-installed" with the selection "unknown" (pkg_is_informative). */
static bool informative(const stanza *st)
{
  if (st->status == NULL)
    return true;
  char buf[128];
  size_t n =
      st->status_len < sizeof(buf) - 1 ? st->status_len : sizeof(buf) - 1;
  memcpy(buf, st->status, n);
  buf[n] = '\0';
  char want[32] = "", flag[32] = "", state[32] = "";
  sscanf(buf, "%31s %31s %31s", want, flag, state);
  return !(strcmp(want, "unknown") == 0 && strcmp(state, "not-installed") == 0);
}

static size_t flush(stanza *st, void (*cb)(void *, const snmpx__hr_pkg *),
                    void *ud)
{
  size_t n = 0;
  if (st->has_name && informative(st)) {
    cb(ud, &st->pkg);
    n = 1;
  }
  memset(st, 0, sizeof(*st));
  st->pkg.name = st->pkg.version = st->pkg.arch = "";
  return n;
}

size_t snmpx__hr_parse_dpkg_status(char *text, size_t len,
                                   void (*cb)(void *ud,
                                              const snmpx__hr_pkg *pkg),
                                   void *ud)
{
  stanza st;
  size_t count = 0;
  memset(&st, 0, sizeof(st));
  st.pkg.name = st.pkg.version = st.pkg.arch = "";
  size_t pos = 0;
  while (pos < len) {
    char *line = text + pos;
    char *nl = memchr(line, '\n', len - pos);
    size_t ll = nl != NULL ? (size_t)(nl - line) : len - pos;
    pos += ll + (nl != NULL ? 1 : 0);
    if (ll > 0 && line[ll - 1] == '\r')
      ll--;
    if (ll == 0) { /* a blank line ends the stanza */
      count += flush(&st, cb, ud);
      continue;
    }
    if (line[0] == ' ' || line[0] == '\t')
      continue; /* continuation of a multi-line field */
    char *colon = memchr(line, ':', ll);
    if (colon == NULL)
      continue;
    size_t klen = (size_t)(colon - line);
    const char *v = colon + 1;
    const char *end = line + ll;
    while (v < end && (*v == ' ' || *v == '\t'))
      v++;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
      end--;
    size_t vlen = (size_t)(end - v);
    if (field_is(line, klen, "Package")) {
      st.pkg.name = v;
      st.pkg.name_len = vlen;
      st.has_name = vlen > 0;
    } else if (field_is(line, klen, "Version")) {
      st.pkg.version = v;
      st.pkg.version_len = vlen;
    } else if (field_is(line, klen, "Architecture")) {
      st.pkg.arch = v;
      st.pkg.arch_len = vlen;
    } else if (field_is(line, klen, "Essential")) {
      st.pkg.essential = vlen == 3 && strncmp(v, "yes", 3) == 0;
    } else if (field_is(line, klen, "Status")) {
      st.status = v;
      st.status_len = vlen;
    }
  }
  count += flush(&st, cb, ud);
  return count;
}

static int bytes_compare(const char *a, size_t al, const char *b, size_t bl)
{
  size_t n = al < bl ? al : bl;
  int c = memcmp(a, b, n);
  if (c != 0)
    return c;
  return al < bl ? -1 : al > bl ? 1 : 0;
}

int snmpx__hr_pkg_compare(const snmpx__hr_pkg *a, const snmpx__hr_pkg *b)
{
  int c = bytes_compare(a->name, a->name_len, b->name, b->name_len);
  if (c != 0)
    return c;
  return bytes_compare(a->arch, a->arch_len, b->arch, b->arch_len);
}

/* ---- /proc/net/dev ------------------------------------------------------ */

int snmpx__hr_parse_netdev(const char *line, char *name, size_t cap,
                           uint64_t *errors)
{
  const char *colon = strchr(line, ':');
  if (colon == NULL || cap == 0)
    return 0;
  const char *s = line;
  while (*s == ' ')
    s++;
  if (s >= colon)
    return 0;
  size_t n = (size_t)(colon - s);
  if (memchr(s, '|', n) != NULL)
    return 0; /* the header lines */
  if (n > cap - 1)
    n = cap - 1;
  memcpy(name, s, n);
  name[n] = '\0';
  /* rx: bytes packets errs ...(8 fields); tx: bytes packets errs ... */
  unsigned long long f[16] = {0};
  int got = 0;
  const char *q = colon + 1;
  while (got < 16) {
    while (*q == ' ')
      q++;
    if (*q < '0' || *q > '9')
      break;
    char *end;
    f[got++] = strtoull(q, &end, 10);
    q = end;
  }
  if (got < 11)
    return 0;
  *errors = f[2] + f[10];
  return 1;
}

/* ---- DateAndTime -------------------------------------------------------- */

size_t snmpx__hr_date(int64_t when, uint8_t out[11])
{
  static const uint8_t null_date[8] = {0, 0, 1, 1, 0, 0, 0, 0};
  time_t t = (time_t)when;
  struct tm tm;
  if (when == 0 || when == -1 || localtime_r(&t, &tm) == NULL) {
    memcpy(out, null_date, 8);
    return 8;
  }
  unsigned year = (unsigned)(tm.tm_year + 1900);
  out[0] = (uint8_t)(year >> 8);
  out[1] = (uint8_t)year;
  out[2] = (uint8_t)(tm.tm_mon + 1);
  out[3] = (uint8_t)tm.tm_mday;
  out[4] = (uint8_t)tm.tm_hour;
  out[5] = (uint8_t)tm.tm_min;
  out[6] = (uint8_t)tm.tm_sec;
  out[7] = 0;
  long west = -tm.tm_gmtoff;
  out[8] = west > 0 ? '-' : '+';
  long a = labs(west);
  out[9] = (uint8_t)(a / 3600);
  out[10] = (uint8_t)((a - out[9] * 3600) / 60);
  return 11;
}
