/* HOST-RESOURCES-MIB (RFC 2790) as Net-SNMP 5.9's snmpd serves it on
 * Linux: hrSystem, hrStorage, hrDevice (processors, network interfaces,
 * the coprocessor guess), hrProcessorTable, hrNetworkTable, hrFSTable,
 * hrSWRun, hrSWRunPerf and hrSWInstalled (dpkg).
 *
 * Sources are read into snapshots with snmpd's cache lifetimes (memory
 * and filesystems 5 s, processes and packages 30 s); a table's rows are
 * rebuilt from a new snapshot only, so a walk of 1000 processes reads
 * /proc once.  The previous snapshot of each source stays alive until the
 * next reload: values handed out point into it (snmpx_table_def.refresh).
 * The parsers are in host_hr_parse.c. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include "host_hr.h"
#include "host_priv.h"

#define HR_OID 1, 3, 6, 1, 2, 1, 25

/* snmpd's cache lifetimes (ms): hardware/memory (MEMORY_CACHE_SECONDS),
 * hardware/fsys/hw_fsys.c, host/data_access/swrun.c and swinst.c. */
#define TTL_MEM 5000
#define TTL_FS 5000
#define TTL_DEV 5000 /* snmpd rescans interfaces per request */
#define TTL_SWRUN 30000
#define TTL_SWINST 30000

/* hardware/cpu/cpu.c: a sample every 5 s, 60 s of history kept in 12
 * slots of which the rotation fills 11 (the load spans 55 s). */
#define CPU_TICK_MS 5000
#define CPU_HIST 12

/* hrDeviceIndex is the type << 16 | the index within the type
 * (host/hr_device.h HRDEV_TYPE_SHIFT). */
#define DEV_PROC 3
#define DEV_NETWORK 4
#define DEV_COPROC 12
#define DEV_SHIFT 16

/* hrStorageIndex of a filesystem: its fsys index + NETSNMP_MEM_TYPE_MAX */
#define MEM_TYPE_MAX 30

typedef struct hr_state hr_state;

/* A snapshot kept alive one reload longer than its successor. */
typedef struct snap {
  void *data;
  size_t n;
  char *strings; /* one block for the snapshot's strings, or NULL */
} snap;

typedef struct cpu_hist {
  uint64_t idle, total;
} cpu_hist;

typedef struct hr_cpu {
  int n;       /* the processor number, its hrDeviceIndex's low part */
  char *descr; /* hrDeviceDescr */
  cpu_hist cur;
  cpu_hist hist[CPU_HIST]; /* hist[0] the oldest, as snmpd */
  bool has_hist;
} hr_cpu;

typedef struct hr_net {
  uint32_t ifindex;
  char name[16]; /* snmpd keeps 15 characters */
  bool up;
  uint32_t errors;
  char descr[40]; /* "network interface NAME" */
} hr_net;

/* One filesystem snmpd knows of: indexes are given in /proc/mounts order
 * the first time a mount point is seen and kept for the agent's life, as
 * are the flags ("active" once listed) and the last sizes. */
typedef struct hr_fs {
  uint32_t idx;
  int type;
  unsigned flags;
  char *path, *device;
  snmpx__hr_fs_sizes sz;
} hr_fs;
#define FS_ACTIVE 0x01
#define FS_REMOTE 0x02
#define FS_RONLY 0x04
#define FS_BOOTABLE 0x08

typedef struct hr_pkg_row {
  int32_t index;
  int32_t type;
  uint8_t name_len, date_len;
  char name[64];
  uint8_t date[11];
} hr_pkg_row;

/* A memory row of hrStorageTable (hardware/memory indexes). */
typedef struct mem_row {
  uint32_t idx;
  uint32_t type; /* hrStorageTypes arc */
  const char *descr;
} mem_row;

static const mem_row mem_rows[] = {
    {1, 2, "Physical memory"},  {3, 3, "Virtual memory"},
    {6, 1, "Memory buffers"},   {7, 1, "Cached memory"},
    {8, 1, "Shared memory"},    {10, 3, "Swap space"},
    {11, 1, "Available memory"}};
#define N_MEM_ROWS (sizeof(mem_rows) / sizeof(mem_rows[0]))

/* A table's context: which table, and the generation of the snapshot its
 * rows were made from. */
typedef struct hr_table {
  hr_state *s;
  snmpx_table *t;
  int which;
  uint64_t gen;
} hr_table;

enum {
  T_STORAGE,
  T_DEVICE,
  T_PROC,
  T_NET,
  T_FS,
  T_SWRUN,
  T_PERF,
  T_INST,
  N_TABLES
};

struct hr_state {
  snmpx_host *h;
  snmpx__host_buf buf, buf2;
  /* configuration */
  bool count_kthreads;
  bool skip_nfs;
  bool storage_use_nfs;
  /* hrSystem */
  char cmdline[129];
  size_t cmdline_len;
  /* memory */
  snmpx__host_cache mem_cache;
  snmpx__hr_meminfo mem;
  uint64_t mem_gen;
  /* filesystems: the registry, and snapshots of the active ones */
  snmpx__host_cache fs_cache;
  hr_fs *reg;
  size_t n_reg, cap_reg;
  snap fs_cur, fs_prev;
  uint64_t fs_gen;
  /* storage rows: memory rows then filesystems, rebuilt with either */
  uint64_t storage_mem_gen, storage_fs_gen;
  /* devices */
  hr_cpu *cpus;
  size_t n_cpus;
  snmpx__host_cache dev_cache;
  snap net_cur, net_prev;
  uint64_t dev_gen;
  uint64_t next_cpu_tick;
  /* processes */
  snmpx__host_cache run_cache;
  snap run_cur, run_prev;
  uint64_t run_gen;
  long clk_tck, page_kb;
  /* packages */
  snmpx__host_cache inst_cache;
  snap inst_cur, inst_prev;
  uint64_t inst_gen;
  struct timespec dpkg_mtime, info_mtime;
  off_t dpkg_size;
  hr_table tables[N_TABLES];
};

static const uint32_t null_oid[] = {0, 0};

/* OID values under HOST-RESOURCES-MIB (hrStorageTypes 25.2.1.N,
 * hrDeviceTypes 25.3.1.N, hrFSTypes 25.3.9.N): built in |scratch| of the
 * request, since the responses's earlier varbinds may still point to
 * an earlier one. */
static snmpx_value type_value(snmpx_mib_req *req, uint32_t group, uint32_t sub,
                              uint32_t arc)
{
  static const uint32_t base[] = {HR_OID};
  uint32_t *o = snmpx_mib_req_alloc(req, 10 * sizeof(uint32_t));
  if (o == NULL) {
    snmpx_value v;
    v.type = SNMPX_TYPE_NOSUCHINSTANCE;
    return v;
  }
  memcpy(o, base, sizeof(base));
  o[7] = group;
  o[8] = sub;
  o[9] = arc;
  return snmpx_value_oid((snmpx_oidv){o, 10});
}

/* ---- Snapshots ----------------------------------------------------------- */

static void snap_free(hr_state *s, snap *sn)
{
  const snmpx_mem *mem = snmpx__host_mem(s->h);
  snmpx__free(mem, sn->data);
  snmpx__free(mem, sn->strings);
  memset(sn, 0, sizeof(*sn));
}

/* |next| becomes current; the current one is kept as previous. */
static void snap_push(hr_state *s, snap *cur, snap *prev, snap *next)
{
  snap_free(s, prev);
  *prev = *cur;
  *cur = *next;
  memset(next, 0, sizeof(*next));
}

static char *mem_strdup(hr_state *s, const char *str)
{
  size_t n = strlen(str) + 1;
  char *p = snmpx__malloc(snmpx__host_mem(s->h), n);
  if (p != NULL)
    memcpy(p, str, n);
  return p;
}

/* ---- Memory ------------------------------------------------------------- */

static void mem_load(hr_state *s)
{
  if (!snmpx__host_cache_stale(s->h, &s->mem_cache))
    return;
  if (snmpx__host_read(s->h, "/proc/meminfo", &s->buf) < 0) {
    snmpx__host_log(s->h, "HOST-RESOURCES-MIB: cannot read /proc/meminfo");
    s->buf.data[0] = '\0';
  }
  snmpx__hr_parse_meminfo(s->buf.data, &s->mem);
  s->mem_gen++;
  snmpx__host_cache_loaded(s->h, &s->mem_cache);
}

/* hrStorageSize and hrStorageUsed of a memory row, in kB (memory_linux.c). */
static void mem_sizes(const snmpx__hr_meminfo *m, uint32_t idx, uint64_t *size,
                      uint64_t *used)
{
  uint64_t sz = 0, fr = 0;
  switch (idx) {
  case 1:
    sz = m->total, fr = m->free;
    break;
  case 3:
    sz = (uint64_t)m->total + m->swap_total;
    fr = (uint64_t)m->free + m->swap_free;
    break;
  case 6:
    sz = m->total, fr = (uint64_t)m->total - m->buffers;
    break;
  case 7:
    sz = (uint64_t)m->cached + m->sreclaimable, fr = 0;
    break;
  case 8:
    sz = m->shared, fr = 0;
    break;
  case 10:
    sz = m->swap_total, fr = m->swap_free;
    break;
  default: /* 11 */
    sz = m->avail, fr = m->avail;
    break;
  }
  *size = sz;
  *used = sz - fr;
}

/* ---- Filesystems -------------------------------------------------------- */

static hr_fs *fs_find_create(hr_state *s, const char *path)
{
  for (size_t i = 0; i < s->n_reg; i++)
    if (strcmp(s->reg[i].path, path) == 0)
      return &s->reg[i];
  const snmpx_mem *mem = snmpx__host_mem(s->h);
  if (s->n_reg == s->cap_reg) {
    size_t cap = s->cap_reg ? s->cap_reg * 2 : 16;
    hr_fs *r = snmpx__realloc(mem, s->reg, cap * sizeof(*r));
    if (r == NULL)
      return NULL;
    s->reg = r;
    s->cap_reg = cap;
  }
  hr_fs *f = &s->reg[s->n_reg];
  memset(f, 0, sizeof(*f));
  f->path = mem_strdup(s, path);
  f->device = mem_strdup(s, "");
  if (f->path == NULL || f->device == NULL) {
    snmpx__free(mem, f->path);
    snmpx__free(mem, f->device);
    return NULL;
  }
  f->idx = (uint32_t)++s->n_reg;
  return f;
}

/* One /proc/mounts entry into the registry (fsys_mntent.c's loop). */
static void fs_update(hr_state *s, const snmpx__hr_mount *m)
{
  hr_fs *f = fs_find_create(s, m->path);
  if (f == NULL)
    return;
  if (strcmp(f->device, m->device) != 0) {
    char *d = mem_strdup(s, m->device);
    if (d != NULL) {
      snmpx__free(snmpx__host_mem(s->h), f->device);
      f->device = d;
    }
  }
  f->type = snmpx__hr_fs_type(m->type);
  if (!(f->type & SNMPX__HR_FS_SKIP))
    f->flags |= FS_ACTIVE;
  if (f->type == SNMPX__HR_FS_NFS || f->type == SNMPX__HR_FS_AFS)
    f->flags |= FS_REMOTE;
  if (m->ro)
    f->flags |= FS_RONLY;
  else
    f->flags &= ~(unsigned)FS_RONLY;
  if (strcmp(m->path, "/") == 0)
    f->flags |= FS_BOOTABLE;
  if ((f->flags & FS_REMOTE) && s->skip_nfs)
    return;
  if (f->type == SNMPX__HR_FS_AUTOFS)
    return;
  char full[SNMPX__HR_PATH_MAX + 512];
  struct statvfs sv;
  memset(&sv, 0, sizeof(sv));
  if (snmpx__host_path(s->h, m->path, full, sizeof(full)) == NULL ||
      statvfs(full, &sv) < 0)
    memset(&sv, 0, sizeof(sv));
  f->sz.units = sv.f_frsize;
  f->sz.size = sv.f_blocks;
  f->sz.used = (uint64_t)sv.f_blocks - sv.f_bfree;
  snmpx__hr_fs_scale(&f->sz);
}

/* The registry's listed entries (active; not NFS when skipped) copied
 * into a snapshot with its own strings. */
static int fs_snapshot(hr_state *s, snap *out)
{
  const snmpx_mem *mem = snmpx__host_mem(s->h);
  size_t n = 0, chars = 0;
  for (size_t i = 0; i < s->n_reg; i++) {
    const hr_fs *f = &s->reg[i];
    if (!(f->flags & FS_ACTIVE) || (s->skip_nfs && (f->flags & FS_REMOTE)) ||
        f->type == SNMPX__HR_FS_AUTOFS)
      continue;
    n++;
    chars += strlen(f->path) + strlen(f->device) + 2;
  }
  memset(out, 0, sizeof(*out));
  out->data = snmpx__calloc(mem, n ? n : 1, sizeof(hr_fs));
  out->strings = snmpx__malloc(mem, chars ? chars : 1);
  if (out->data == NULL || out->strings == NULL) {
    snap_free(s, out);
    return SNMPX_ENOMEM;
  }
  hr_fs *rows = out->data;
  char *p = out->strings;
  for (size_t i = 0; i < s->n_reg; i++) {
    const hr_fs *f = &s->reg[i];
    if (!(f->flags & FS_ACTIVE) || (s->skip_nfs && (f->flags & FS_REMOTE)) ||
        f->type == SNMPX__HR_FS_AUTOFS)
      continue;
    hr_fs *r = &rows[out->n++];
    *r = *f;
    size_t l = strlen(f->path) + 1;
    memcpy(p, f->path, l);
    r->path = p;
    p += l;
    l = strlen(f->device) + 1;
    memcpy(p, f->device, l);
    r->device = p;
    p += l;
  }
  return 0;
}

static void fs_load(hr_state *s)
{
  if (!snmpx__host_cache_stale(s->h, &s->fs_cache))
    return;
  if (snmpx__host_read(s->h, "/proc/mounts", &s->buf) == 0) {
    snmpx__hr_mount *m = snmpx__malloc(snmpx__host_mem(s->h), sizeof(*m));
    if (m != NULL) {
      size_t pos = 0;
      char *line;
      while ((line = snmpx__host_next_line(&s->buf, &pos)) != NULL)
        if (snmpx__hr_parse_mount(line, m) == 1)
          fs_update(s, m);
      snmpx__free(snmpx__host_mem(s->h), m);
    }
  } else {
    snmpx__host_log(s->h, "HOST-RESOURCES-MIB: cannot read /proc/mounts");
  }
  snap next;
  if (fs_snapshot(s, &next) == 0) {
    snap_push(s, &s->fs_cur, &s->fs_prev, &next);
    s->fs_gen++;
  }
  snmpx__host_cache_loaded(s->h, &s->fs_cache);
}

/* ---- Devices: processors, interfaces ------------------------------------ */

static void cpu_found(void *ud, int n, const char *descr)
{
  hr_state *s = ud;
  if (n < 0 || n >= SNMPX__HR_CPU_MAX)
    return;
  for (size_t i = 0; i < s->n_cpus; i++)
    if (s->cpus[i].n == n)
      return;
  hr_cpu *c = snmpx__realloc(snmpx__host_mem(s->h), s->cpus,
                             (s->n_cpus + 1) * sizeof(*c));
  if (c == NULL)
    return;
  s->cpus = c;
  hr_cpu *cpu = &c[s->n_cpus];
  memset(cpu, 0, sizeof(*cpu));
  cpu->n = n;
  cpu->descr = mem_strdup(s, descr);
  if (cpu->descr == NULL)
    return;
  /* kept in index order: rows are added in that order */
  size_t i = s->n_cpus++;
  while (i > 0 && c[i - 1].n > n) {
    hr_cpu t = c[i - 1];
    c[i - 1] = c[i];
    c[i] = t;
    i--;
  }
}

/* snmpd reads /proc/cpuinfo once, when it starts (init_cpu_linux). */
static void cpus_init(hr_state *s)
{
  if (snmpx__host_read(s->h, "/proc/cpuinfo", &s->buf) < 0)
    return;
  snmpx__hr_parse_cpuinfo(s->buf.data, cpu_found, s);
}

static void cpu_sample(void *ud, int n, const snmpx__hr_cpu_ticks *t)
{
  hr_state *s = ud;
  for (size_t i = 0; i < s->n_cpus; i++)
    if (s->cpus[i].n == n) {
      s->cpus[i].cur.idle = t->idle;
      s->cpus[i].cur.total = t->total;
    }
}

/* cpu.c _cpu_update_stats: rotate the history (the newest previous
 * sample into slot CPU_HIST - 2), then take a new sample. */
static void cpu_tick(hr_state *s)
{
  for (size_t i = 0; i < s->n_cpus; i++) {
    hr_cpu *c = &s->cpus[i];
    if (!c->has_hist) {
      c->has_hist = true;
      continue;
    }
    memmove(&c->hist[0], &c->hist[1], (CPU_HIST - 2) * sizeof(cpu_hist));
    c->hist[CPU_HIST - 2] = c->cur;
  }
  if (snmpx__host_read(s->h, "/proc/stat", &s->buf2) == 0)
    snmpx__hr_parse_stat_cpus(s->buf2.data, cpu_sample, s);
}

static int net_compare(const void *a, const void *b)
{
  const hr_net *x = a, *y = b;
  return x->ifindex < y->ifindex ? -1 : x->ifindex > y->ifindex;
}

static bool read_sys_number(hr_state *s, const char *name, const char *leaf,
                            unsigned long *out)
{
  if (snmpx__host_readf(s->h, &s->buf2, "/sys/class/net/%s/%s", name, leaf) < 0)
    return false;
  char *end;
  errno = 0;
  *out = strtoul(s->buf2.data, &end, 0);
  return end != s->buf2.data && errno == 0;
}

/* The interfaces of /proc/net/dev with their index and flags from /sys
 * (snmpd's IF-MIB data access gives it the same). */
static void dev_load(hr_state *s)
{
  if (!snmpx__host_cache_stale(s->h, &s->dev_cache))
    return;
  const snmpx_mem *mem = snmpx__host_mem(s->h);
  snap next;
  memset(&next, 0, sizeof(next));
  if (snmpx__host_read(s->h, "/proc/net/dev", &s->buf) == 0) {
    size_t cap = 0;
    size_t pos = 0;
    char *line;
    while ((line = snmpx__host_next_line(&s->buf, &pos)) != NULL) {
      char name[64];
      uint64_t errors;
      if (!snmpx__hr_parse_netdev(line, name, sizeof(name), &errors))
        continue;
      unsigned long ifindex, flags;
      if (!read_sys_number(s, name, "ifindex", &ifindex) || ifindex == 0 ||
          ifindex > (1u << DEV_SHIFT))
        continue;
      if (!read_sys_number(s, name, "flags", &flags))
        flags = 0;
      if (next.n == cap) {
        cap = cap ? cap * 2 : 16;
        hr_net *r = snmpx__realloc(mem, next.data, cap * sizeof(*r));
        if (r == NULL)
          break;
        next.data = r;
      }
      hr_net *r = &((hr_net *)next.data)[next.n++];
      memset(r, 0, sizeof(*r));
      r->ifindex = (uint32_t)ifindex;
      /* snmpd keeps 15 characters of the name (HRN_name[16]) */
      size_t nl = strnlen(name, sizeof(r->name) - 1);
      memcpy(r->name, name, nl);
      r->name[nl] = '\0';
      memcpy(r->descr, "network interface ", 18);
      memcpy(r->descr + 18, r->name, nl + 1);
      r->up = (flags & 0x1) != 0; /* IFF_UP */
      r->errors = (uint32_t)errors;
    }
  }
  if (next.n > 1)
    qsort(next.data, next.n, sizeof(hr_net), net_compare);
  snap_push(s, &s->net_cur, &s->net_prev, &next);
  s->dev_gen++;
  snmpx__host_cache_loaded(s->h, &s->dev_cache);
}

/* ---- Processes ------------------------------------------------------------
 */

static int pid_compare(const void *a, const void *b)
{
  const snmpx__hr_proc *x = a, *y = b;
  return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* One process from its three files (swrun_procfs_status.c); false when
 * it went away meanwhile. */
static bool proc_read(hr_state *s, int32_t pid, snmpx__hr_proc *p)
{
  memset(p, 0, sizeof(*p));
  p->pid = pid;
  if (snmpx__host_readf(s->h, &s->buf2, "/proc/%d/status", (int)pid) < 0 ||
      s->buf2.len == 0 || snmpx__hr_parse_proc_status(s->buf2.data, p) < 0)
    return false;
  if (snmpx__host_readf(s->h, &s->buf2, "/proc/%d/cmdline", (int)pid) < 0)
    return false;
  snmpx__hr_parse_proc_cmdline(s->buf2.data, s->buf2.len, p);
  if (snmpx__host_readf(s->h, &s->buf2, "/proc/%d/stat", (int)pid) < 0 ||
      s->buf2.len == 0)
    return false;
  /* snmpd reads the line with fgets; a truncated one still gives the
   * state, the times and the size when they are there. */
  return snmpx__hr_parse_proc_stat(s->buf2.data, s->clk_tck, s->page_kb, p) ==
         0;
}

static void run_load(hr_state *s)
{
  if (!snmpx__host_cache_stale(s->h, &s->run_cache))
    return;
  const snmpx_mem *mem = snmpx__host_mem(s->h);
  snap next;
  memset(&next, 0, sizeof(next));
  char dir[4096];
  DIR *d = NULL;
  if (snmpx__host_path(s->h, "/proc", dir, sizeof(dir)) != NULL)
    d = opendir(dir);
  if (d == NULL) {
    snmpx__host_log(s->h, "HOST-RESOURCES-MIB: cannot open /proc");
  } else {
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      int pid = atoi(e->d_name);
      if (pid <= 0)
        continue;
      if (next.n == cap) {
        cap = cap ? cap * 2 : 256;
        snmpx__hr_proc *r = snmpx__realloc(mem, next.data, cap * sizeof(*r));
        if (r == NULL)
          break;
        next.data = r;
      }
      snmpx__hr_proc *p = &((snmpx__hr_proc *)next.data)[next.n];
      if (proc_read(s, pid, p))
        next.n++;
    }
    closedir(d);
  }
  if (next.n > 1)
    qsort(next.data, next.n, sizeof(snmpx__hr_proc), pid_compare);
  snap_push(s, &s->run_cur, &s->run_prev, &next);
  s->run_gen++;
  snmpx__host_cache_loaded(s->h, &s->run_cache);
}

/* ---- Installed packages ------------------------------------------------- */

typedef struct pkg_list {
  hr_state *s;
  snmpx__hr_pkg *v;
  size_t n, cap;
  bool failed;
} pkg_list;

static void pkg_found(void *ud, const snmpx__hr_pkg *pkg)
{
  pkg_list *l = ud;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    snmpx__hr_pkg *v =
        snmpx__realloc(snmpx__host_mem(l->s->h), l->v, cap * sizeof(*v));
    if (v == NULL) {
      l->failed = true;
      return;
    }
    l->v = v;
    l->cap = cap;
  }
  l->v[l->n++] = *pkg;
}

static int pkg_cmp(const void *a, const void *b)
{
  return snmpx__hr_pkg_compare(a, b);
}

/* hrSWInstalledDate: the mtime of the package's file list (NAME.list,
 * or NAME:ARCH.list for multi-arch ones), as swinst_apt.c. */
static size_t pkg_date(hr_state *s, const snmpx__hr_pkg *p, uint8_t out[11])
{
  char rel[1024], full[4096];
  struct stat st;
  snprintf(rel, sizeof(rel), "/var/lib/dpkg/info/%.*s.list", (int)p->name_len,
           p->name);
  if (snmpx__host_path(s->h, rel, full, sizeof(full)) != NULL &&
      stat(full, &st) == 0)
    return snmpx__hr_date((int64_t)st.st_mtime, out);
  snprintf(rel, sizeof(rel), "/var/lib/dpkg/info/%.*s:%.*s.list",
           (int)p->name_len, p->name, (int)p->arch_len, p->arch);
  if (snmpx__host_path(s->h, rel, full, sizeof(full)) != NULL &&
      stat(full, &st) == 0)
    return snmpx__hr_date((int64_t)st.st_mtime, out);
  return 0; /* snmpd leaves the date empty */
}

static bool same_time(const struct timespec *a, const struct timespec *b)
{
  return a->tv_sec == b->tv_sec && a->tv_nsec == b->tv_nsec;
}

/* Whether dpkg's database changed since the last load (its status file
 * and the info directory's mtime): 837 stat()s every 30 s are saved when
 * nothing was installed. */
static bool dpkg_changed(hr_state *s, struct timespec *st_m, off_t *st_size,
                         struct timespec *info_m)
{
  char full[4096];
  struct stat st;
  memset(st_m, 0, sizeof(*st_m));
  memset(info_m, 0, sizeof(*info_m));
  *st_size = -1;
  if (snmpx__host_path(s->h, "/var/lib/dpkg/status", full, sizeof(full)) &&
      stat(full, &st) == 0) {
    *st_m = st.st_mtim;
    *st_size = st.st_size;
  }
  if (snmpx__host_path(s->h, "/var/lib/dpkg/info", full, sizeof(full)) &&
      stat(full, &st) == 0)
    *info_m = st.st_mtim;
  return s->inst_gen == 0 || !same_time(st_m, &s->dpkg_mtime) ||
         *st_size != s->dpkg_size || !same_time(info_m, &s->info_mtime);
}

static void inst_load(hr_state *s)
{
  if (!snmpx__host_cache_stale(s->h, &s->inst_cache))
    return;
  struct timespec st_m, info_m;
  off_t st_size;
  if (!dpkg_changed(s, &st_m, &st_size, &info_m)) {
    snmpx__host_cache_loaded(s->h, &s->inst_cache);
    return;
  }
  const snmpx_mem *mem = snmpx__host_mem(s->h);
  pkg_list l;
  memset(&l, 0, sizeof(l));
  l.s = s;
  snap next;
  memset(&next, 0, sizeof(next));
  if (snmpx__host_read(s->h, "/var/lib/dpkg/status", &s->buf) == 0) {
    snmpx__hr_parse_dpkg_status(s->buf.data, s->buf.len, pkg_found, &l);
    if (l.n > 1)
      qsort(l.v, l.n, sizeof(*l.v), pkg_cmp);
  }
  next.data = snmpx__calloc(mem, l.n ? l.n : 1, sizeof(hr_pkg_row));
  if (next.data != NULL && !l.failed) {
    hr_pkg_row *rows = next.data;
    for (size_t i = 0; i < l.n; i++) {
      const snmpx__hr_pkg *p = &l.v[i];
      hr_pkg_row *r = &rows[next.n++];
      r->index = (int32_t)(i + 1);
      r->type = p->essential ? 2 : 4; /* operatingSystem, application */
      int len = snprintf(r->name, sizeof(r->name), "%.*s_%.*s_%.*s",
                         (int)p->name_len, p->name, (int)p->version_len,
                         p->version, (int)p->arch_len, p->arch);
      r->name_len =
          (uint8_t)(len < 0                          ? 0
                    : (size_t)len >= sizeof(r->name) ? sizeof(r->name) - 1
                                                     : (size_t)len);
      r->date_len = (uint8_t)pkg_date(s, p, r->date);
    }
    snap_push(s, &s->inst_cur, &s->inst_prev, &next);
    s->inst_gen++;
    s->dpkg_mtime = st_m;
    s->dpkg_size = st_size;
    s->info_mtime = info_m;
  } else {
    snap_free(s, &next);
  }
  snmpx__free(mem, l.v);
  snmpx__host_cache_loaded(s->h, &s->inst_cache);
}

/* ---- Tables ---------------------------------------------------------------
 */

static snmpx_value int_value(int64_t v)
{
  return snmpx_value_int(SNMPX_TYPE_INTEGER, v);
}

static snmpx_value string_value(const char *p, size_t n)
{
  return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, p, n);
}

static void add_row_int(snmpx_table *t, int64_t index, void *row)
{
  snmpx_value v = int_value(index);
  (void)snmpx_table_add_row(t, &v, row);
}

/* A storage row: a memory row (mem_row) or a filesystem (hr_fs) told by
 * the index. */
static void storage_rows(hr_table *ht)
{
  hr_state *s = ht->s;
  mem_load(s);
  fs_load(s);
  if (s->storage_mem_gen == s->mem_gen && s->storage_fs_gen == s->fs_gen &&
      ht->gen != 0)
    return;
  snmpx_table_clear(ht->t);
  for (size_t i = 0; i < N_MEM_ROWS; i++) {
    if (mem_rows[i].idx == 11 && !s->mem.has_avail)
      continue;
    add_row_int(ht->t, mem_rows[i].idx, (void *)&mem_rows[i]);
  }
  hr_fs *fs = s->fs_cur.data;
  for (size_t i = 0; i < s->fs_cur.n; i++)
    add_row_int(ht->t, MEM_TYPE_MAX + fs[i].idx, &fs[i]);
  s->storage_mem_gen = s->mem_gen;
  s->storage_fs_gen = s->fs_gen;
  ht->gen = 1;
}

static snmpx_errstat storage_get(void *ctx, snmpx_mib_req *req,
                                 const snmpx_table_row *row, uint32_t col,
                                 snmpx_value *out)
{
  hr_table *ht = ctx;
  (void)req;
  int64_t idx = row->index[0].v.i;
  if (idx <= MEM_TYPE_MAX) {
    const mem_row *m = row->row;
    uint64_t size, used;
    mem_sizes(&ht->s->mem, m->idx, &size, &used);
    switch (col) {
    case 1:
      *out = int_value(idx);
      break;
    case 2:
      *out = type_value(req, 2, 1, m->type);
      break;
    case 3:
      *out = string_value(m->descr, strlen(m->descr));
      break;
    case 4:
      *out = int_value(1024);
      break;
    case 5:
      *out = int_value((int64_t)(size & 0x7fffffff));
      break;
    case 6:
      *out = int_value((int64_t)(used & 0x7fffffff));
      break;
    default: /* hrStorageAllocationFailures: snmpd has none to give */
      out->type = SNMPX_TYPE_NOSUCHINSTANCE;
    }
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  const hr_fs *f = row->row;
  switch (col) {
  case 1:
    *out = int_value(idx);
    break;
  case 2:
    /* hrStorageNetworkDisk, hrStorageFixedDisk (hrh_storage.c) */
    *out = type_value(
        req, 2, 1, (f->flags & FS_REMOTE) && ht->s->storage_use_nfs ? 10 : 4);
    break;
  case 3:
    *out = string_value(f->path, strlen(f->path));
    break;
  case 4:
    *out = int_value(f->sz.units32 & 0x7fffffff);
    break;
  case 5:
    *out = int_value(f->sz.size32 & 0x7fffffff);
    break;
  case 6:
    *out = int_value(f->sz.used32 & 0x7fffffff);
    break;
  default:
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* hrDeviceTable, hrProcessorTable, hrNetworkTable: processors (3 << 16 |
 * n), interfaces (4 << 16 | ifIndex), the coprocessor guess (12 << 16),
 * as hr_device.c walks them. */
typedef struct dev_row {
  int kind;
} dev_row;
static const dev_row coproc_row = {DEV_COPROC};

static void device_rows(hr_table *ht)
{
  hr_state *s = ht->s;
  dev_load(s);
  if (ht->gen == s->dev_gen)
    return;
  snmpx_table_clear(ht->t);
  if (ht->which != T_NET)
    for (size_t i = 0; i < s->n_cpus; i++)
      add_row_int(ht->t, (DEV_PROC << DEV_SHIFT) + s->cpus[i].n, &s->cpus[i]);
  if (ht->which != T_PROC) {
    hr_net *n = s->net_cur.data;
    for (size_t i = 0; i < s->net_cur.n; i++)
      add_row_int(ht->t, (DEV_NETWORK << DEV_SHIFT) + n[i].ifindex, &n[i]);
  }
  if (ht->which == T_DEVICE)
    add_row_int(ht->t, DEV_COPROC << DEV_SHIFT, (void *)&coproc_row);
  ht->gen = s->dev_gen;
}

/* hrProcessorLoad over the last 55 s (hr_proc.c): none before the
 * history is full. */
static bool cpu_load(const hr_cpu *c, int64_t *out)
{
  const cpu_hist *h = &c->hist[0];
  if (!c->has_hist || h->total == 0 || h->total == c->cur.total ||
      c->cur.total < h->total || c->cur.idle < h->idle)
    return false;
  uint64_t v = (c->cur.idle - h->idle) * 100 / (c->cur.total - h->total);
  int64_t load = 100 - (int64_t)v;
  *out = load < 0 ? 0 : load;
  return true;
}

static snmpx_errstat device_get(void *ctx, snmpx_mib_req *req,
                                const snmpx_table_row *row, uint32_t col,
                                snmpx_value *out)
{
  hr_table *ht = ctx;
  (void)req;
  int64_t idx = row->index[0].v.i;
  int kind = (int)(idx >> DEV_SHIFT);
  out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  if (ht->which == T_PROC) {
    const hr_cpu *c = row->row;
    int64_t load;
    if (col == 1)
      *out = snmpx_value_oid(SNMPX_OIDV(null_oid));
    else if (col == 2 && cpu_load(c, &load))
      *out = int_value(load);
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  if (ht->which == T_NET) {
    if (col == 1)
      *out = int_value(idx & ((1 << DEV_SHIFT) - 1));
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  switch (col) {
  case 1:
    *out = int_value(idx);
    break;
  case 2:
    *out = type_value(req, 3, 1, (uint32_t)kind);
    break;
  case 3:
    if (kind == DEV_PROC) {
      const hr_cpu *c = row->row;
      *out = string_value(c->descr, strlen(c->descr));
    } else if (kind == DEV_NETWORK) {
      const hr_net *n = row->row;
      *out = string_value(n->descr, strlen(n->descr));
    } else {
      static const char g[] =
          "Guessing that there's a floating point co-processor";
      *out = string_value(g, sizeof(g) - 1);
    }
    break;
  case 4:
    *out = snmpx_value_oid(SNMPX_OIDV(null_oid));
    break;
  case 5: /* hrDeviceStatus: running, or down for an interface not up */
    if (kind == DEV_PROC)
      *out = int_value(2);
    else if (kind == DEV_NETWORK)
      *out = int_value(((const hr_net *)row->row)->up ? 2 : 5);
    break;
  case 6: /* hrDeviceErrors: only interfaces count theirs */
    if (kind == DEV_NETWORK)
      *out = snmpx_value_uint(SNMPX_TYPE_COUNTER32,
                              ((const hr_net *)row->row)->errors);
    break;
  default:
    break;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void fs_rows(hr_table *ht)
{
  hr_state *s = ht->s;
  fs_load(s);
  if (ht->gen == s->fs_gen)
    return;
  snmpx_table_clear(ht->t);
  hr_fs *fs = s->fs_cur.data;
  for (size_t i = 0; i < s->fs_cur.n; i++)
    add_row_int(ht->t, fs[i].idx, &fs[i]);
  ht->gen = s->fs_gen;
}

static snmpx_errstat fs_get(void *ctx, snmpx_mib_req *req,
                            const snmpx_table_row *row, uint32_t col,
                            snmpx_value *out)
{
  (void)ctx;
  (void)req;
  /* hrFSLastFullBackupDate, hrFSLastPartialBackupDate: snmpd reads
   * /etc/dumpdates, which no Linux dump keeps up to date any more; its
   * "never" answer. */
  static const uint8_t never[8] = {0, 0, 1, 1, 0, 0, 0, 0};
  const hr_fs *f = row->row;
  switch (col) {
  case 1:
    *out = int_value(f->idx);
    break;
  case 2:
    *out = string_value(f->path, strlen(f->path));
    break;
  case 3:
    if (f->flags & FS_REMOTE)
      *out = string_value(f->device, strlen(f->device));
    else
      *out = string_value("", 0);
    break;
  case 4:
    *out = type_value(req, 3, 9,
                      f->type > SNMPX__HR_FS_LOCAL ? SNMPX__HR_FS_OTHER
                                                   : (uint32_t)f->type);
    break;
  case 5:
    *out = int_value(f->flags & FS_RONLY ? 2 : 1);
    break;
  case 6:
    *out = int_value(f->flags & FS_BOOTABLE ? 1 : 2);
    break;
  case 7:
    *out = int_value(MEM_TYPE_MAX + f->idx);
    break;
  case 8:
  case 9:
    *out = string_value((const char *)never, sizeof(never));
    break;
  default:
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void run_rows(hr_table *ht)
{
  hr_state *s = ht->s;
  run_load(s);
  if (ht->gen == s->run_gen)
    return;
  snmpx_table_clear(ht->t);
  snmpx__hr_proc *p = s->run_cur.data;
  for (size_t i = 0; i < s->run_cur.n; i++)
    add_row_int(ht->t, p[i].pid, &p[i]);
  ht->gen = s->run_gen;
}

static snmpx_errstat run_get(void *ctx, snmpx_mib_req *req,
                             const snmpx_table_row *row, uint32_t col,
                             snmpx_value *out)
{
  hr_table *ht = ctx;
  (void)req;
  const snmpx__hr_proc *p = row->row;
  if (ht->which == T_PERF) {
    if (col == 1)
      *out = int_value(p->cpu);
    else if (col == 2)
      *out = int_value(p->mem);
    else
      out->type = SNMPX_TYPE_NOSUCHINSTANCE;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  switch (col) {
  case 1:
    *out = int_value(p->pid);
    break;
  case 2:
    *out = string_value(p->name, p->name_len);
    break;
  case 3:
    *out = snmpx_value_oid(SNMPX_OIDV(null_oid));
    break;
  case 4:
    *out = string_value(p->path, p->path_len);
    break;
  case 5:
    *out = string_value(p->params, p->params_len);
    break;
  case 6:
    *out = int_value(p->type);
    break;
  case 7:
    *out = int_value(p->status);
    break;
  default:
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void inst_rows(hr_table *ht)
{
  hr_state *s = ht->s;
  inst_load(s);
  if (ht->gen == s->inst_gen)
    return;
  snmpx_table_clear(ht->t);
  hr_pkg_row *r = s->inst_cur.data;
  for (size_t i = 0; i < s->inst_cur.n; i++)
    add_row_int(ht->t, r[i].index, &r[i]);
  ht->gen = s->inst_gen;
}

static snmpx_errstat inst_get(void *ctx, snmpx_mib_req *req,
                              const snmpx_table_row *row, uint32_t col,
                              snmpx_value *out)
{
  (void)ctx;
  (void)req;
  const hr_pkg_row *r = row->row;
  switch (col) {
  case 1:
    *out = int_value(r->index);
    break;
  case 2:
    *out = string_value(r->name, r->name_len);
    break;
  case 3:
    *out = snmpx_value_oid(SNMPX_OIDV(null_oid));
    break;
  case 4:
    *out = int_value(r->type);
    break;
  case 5:
    *out = string_value((const char *)r->date, r->date_len);
    break;
  default:
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  }
  return SNMPX_ERRSTAT_NO_ERROR;
}

static void table_refresh(void *ctx, snmpx_table *t, snmpx_mib_req *req)
{
  hr_table *ht = ctx;
  (void)req;
  ht->t = t;
  switch (ht->which) {
  case T_STORAGE:
    storage_rows(ht);
    break;
  case T_DEVICE:
  case T_PROC:
  case T_NET:
    device_rows(ht);
    break;
  case T_FS:
    fs_rows(ht);
    break;
  case T_SWRUN:
  case T_PERF:
    run_rows(ht);
    break;
  default:
    inst_rows(ht);
    break;
  }
}

/* ---- hrSystem and hrMemorySize --------------------------------------------
 */

static bool pid_alive(void *ud, int32_t pid)
{
  (void)ud;
  return !(kill(pid, 0) == -1 && errno == ESRCH);
}

/* hrSystemUptime: /proc/uptime in centi-seconds (snmplib get_uptime). */
static uint32_t system_uptime(hr_state *s)
{
  if (snmpx__host_read(s->h, "/proc/uptime", &s->buf2) < 0)
    return 0;
  const char *p = s->buf2.data;
  uint64_t secs = strtoull(p, (char **)&p, 10);
  uint64_t cs = 0;
  if (*p == '.') {
    p++;
    for (int i = 0; i < 2; i++) {
      cs *= 10;
      if (*p >= '0' && *p <= '9')
        cs += (uint64_t)(*p++ - '0');
    }
  }
  return (uint32_t)(secs * 100 + cs);
}

static snmpx_errstat system_value(hr_state *s, snmpx_mib_req *req, uint32_t arc,
                                  snmpx_value *out)
{
  switch (arc) {
  case 1:
    *out = snmpx_value_uint(SNMPX_TYPE_TIMETICKS, system_uptime(s));
    return SNMPX_ERRSTAT_NO_ERROR;
  case 2: {
    uint8_t *d = snmpx_mib_req_alloc(req, 11);
    if (d == NULL)
      return SNMPX_ERRSTAT_GEN_ERR;
    size_t n = snmpx__hr_date((int64_t)time(NULL), d);
    *out = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, d, n);
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  case 3: /* hr_system.c get_load_dev: the first disk, "XXX" there */
    *out = int_value(6 << DEV_SHIFT);
    return SNMPX_ERRSTAT_NO_ERROR;
  case 4:
    *out = string_value(s->cmdline, s->cmdline_len);
    return SNMPX_ERRSTAT_NO_ERROR;
  case 5: {
    uint32_t n = 0;
    if (snmpx__host_read(s->h, "/var/run/utmp", &s->buf2) == 0)
      n = snmpx__hr_count_utmp((const uint8_t *)s->buf2.data, s->buf2.len,
                               pid_alive, NULL);
    *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, n);
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  case 6: {
    run_load(s);
    uint32_t n = 0;
    const snmpx__hr_proc *p = s->run_cur.data;
    for (size_t i = 0; i < s->run_cur.n; i++)
      if (s->count_kthreads || p[i].type == 4)
        n++;
    *out = snmpx_value_uint(SNMPX_TYPE_GAUGE32, n);
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  case 7: /* Linux has no NR_TASKS for snmpd to give: it serves 0 */
    *out = int_value(0);
    return SNMPX_ERRSTAT_NO_ERROR;
  default:
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
}

/* A group of scalars |prefix|.N.0 for N in 1..|last|. */
typedef struct scalars {
  hr_state *s;
  const uint32_t *prefix;
  size_t len;
  uint32_t last;
} scalars;

static snmpx_errstat scalar_value(const scalars *g, snmpx_mib_req *req,
                                  uint32_t arc, snmpx_value *out)
{
  if (g->last == 0) { /* hrMemorySize: 25.2.2.0 */
    mem_load(g->s);
    *out = int_value((int64_t)(g->s->mem.total & 0x7fffffff));
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  return system_value(g->s, req, arc, out);
}

static snmpx_errstat scalars_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                 snmpx_value *out)
{
  const scalars *g = ctx;
  out->type = SNMPX_TYPE_NOSUCHOBJECT;
  if (g->last == 0) { /* a single scalar registered at its own OID */
    if (name.len == g->len + 1 && name.arcs[g->len] == 0)
      return scalar_value(g, req, 0, out);
    out->type =
        name.len > g->len ? SNMPX_TYPE_NOSUCHINSTANCE : SNMPX_TYPE_NOSUCHOBJECT;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  if (name.len <= g->len)
    return SNMPX_ERRSTAT_NO_ERROR;
  uint32_t arc = name.arcs[g->len];
  if (arc < 1 || arc > g->last)
    return SNMPX_ERRSTAT_NO_ERROR;
  if (name.len != g->len + 2 || name.arcs[g->len + 1] != 0) {
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  return scalar_value(g, req, arc, out);
}

static snmpx_errstat scalars_next(void *ctx, snmpx_mib_req *req,
                                  snmpx_oidv after, snmpx_oid *name,
                                  snmpx_value *out)
{
  const scalars *g = ctx;
  snmpx_oidv pv = {g->prefix, g->len};
  uint32_t first = g->last == 0 ? 0 : 1, last = g->last;
  for (uint32_t arc = first; arc <= last; arc++) {
    snmpx_oid cand;
    snmpx_oid_set(&cand, pv);
    if (g->last != 0)
      snmpx_oid_append(&cand, arc);
    snmpx_oid_append(&cand, 0);
    if (snmpx_oidv_compare(snmpx_oid_view(&cand), after) > 0) {
      *name = cand;
      return scalar_value(g, req, arc, out);
    }
  }
  out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops scalar_ops = {scalars_get, scalars_next, NULL,
                                         NULL,        NULL,         NULL};

static const uint32_t hr_system_oid[] = {HR_OID, 1};
static const uint32_t hr_memsize_oid[] = {HR_OID, 2, 2};

/* ---- The module ------------------------------------------------------------
 */

typedef struct hr_module {
  hr_state s;
  scalars system, memsize;
} hr_module;

static int hr_init(snmpx_host *h, void **state)
{
  hr_module *m = snmpx__calloc(snmpx__host_mem(h), 1, sizeof(*m));
  if (m == NULL)
    return SNMPX_ENOMEM;
  m->s.h = h;
  m->s.count_kthreads = true;
  m->s.storage_use_nfs = true;
  m->s.dpkg_size = -1;
  m->s.mem_cache.ttl_ms = TTL_MEM;
  m->s.fs_cache.ttl_ms = TTL_FS;
  m->s.dev_cache.ttl_ms = TTL_DEV;
  m->s.run_cache.ttl_ms = TTL_SWRUN;
  m->s.inst_cache.ttl_ms = TTL_SWINST;
  long tck = sysconf(_SC_CLK_TCK);
  long page = sysconf(_SC_PAGESIZE);
  m->s.clk_tck = tck > 0 ? tck : 100;
  m->s.page_kb = page >= 1024 ? page / 1024 : 4;
  *state = m;
  return 0;
}

static void hr_free(snmpx_host *h, void *state)
{
  hr_module *m = state;
  if (m == NULL)
    return;
  hr_state *s = &m->s;
  const snmpx_mem *mem = snmpx__host_mem(h);
  snap *snaps[] = {&s->fs_cur,  &s->fs_prev,  &s->net_cur,  &s->net_prev,
                   &s->run_cur, &s->run_prev, &s->inst_cur, &s->inst_prev};
  for (size_t i = 0; i < sizeof(snaps) / sizeof(snaps[0]); i++)
    snap_free(s, snaps[i]);
  for (size_t i = 0; i < s->n_reg; i++) {
    snmpx__free(mem, s->reg[i].path);
    snmpx__free(mem, s->reg[i].device);
  }
  snmpx__free(mem, s->reg);
  for (size_t i = 0; i < s->n_cpus; i++)
    snmpx__free(mem, s->cpus[i].descr);
  snmpx__free(mem, s->cpus);
  snmpx__host_buf_free(h, &s->buf);
  snmpx__host_buf_free(h, &s->buf2);
  snmpx__free(mem, m);
}

/* A boolean of snmpd.conf ("1", "yes", "true", "on"). */
static int conf_bool(const char *args, bool *out)
{
  char w[16] = "";
  sscanf(args, "%15s", w);
  if (strcmp(w, "1") == 0 || strcasecmp(w, "yes") == 0 ||
      strcasecmp(w, "true") == 0 || strcasecmp(w, "on") == 0)
    *out = true;
  else if (strcmp(w, "0") == 0 || strcasecmp(w, "no") == 0 ||
           strcasecmp(w, "false") == 0 || strcasecmp(w, "off") == 0)
    *out = false;
  else
    return -1;
  return 0;
}

/* snmpd.conf directives of the host module (snmpd.conf(5)). */
static int hr_conf(snmpx_host *h, void *state, const char *word,
                   const char *args, char *err, size_t cap)
{
  (void)h;
  hr_state *s = &((hr_module *)state)->s;
  if (strcasecmp(word, "count_kthreads") == 0) {
    /* hr_system.c: atoi */
    s->count_kthreads = atoi(args) != 0;
    return 1;
  }
  if (strcasecmp(word, "skipNFSInHostResources") == 0) {
    if (conf_bool(args, &s->skip_nfs) < 0) {
      snprintf(err, cap,
               "skipNFSInHostResources: expected yes or no, not "
               "\"%s\"",
               args);
      return SNMPX_EINVAL;
    }
    return 1;
  }
  if (strcasecmp(word, "storageUseNFS") == 0) {
    int v = atoi(args);
    if (v != 1 && v != 2) {
      snprintf(err, cap, "storageUseNFS must be 1 or 2, not \"%s\"", args);
      return SNMPX_EINVAL;
    }
    s->storage_use_nfs = v == 1;
    return 1;
  }
  return 0;
}

static const uint32_t storage_entry[] = {HR_OID, 2, 3, 1};
static const uint32_t device_entry[] = {HR_OID, 3, 2, 1};
static const uint32_t proc_entry[] = {HR_OID, 3, 3, 1};
static const uint32_t net_entry[] = {HR_OID, 3, 4, 1};
static const uint32_t fs_entry[] = {HR_OID, 3, 8, 1};
static const uint32_t swrun_entry[] = {HR_OID, 4, 2, 1};
static const uint32_t perf_entry[] = {HR_OID, 5, 1, 1};
static const uint32_t inst_entry[] = {HR_OID, 6, 3, 1};
static const snmpx_index_spec int_index[] = {{SNMPX_INDEX_INTEGER, 0}};
static const uint8_t ro_columns[9] = {
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ,
    SNMPX_COLUMN_READ, SNMPX_COLUMN_READ, SNMPX_COLUMN_READ};

static const struct {
  const uint32_t *entry;
  size_t len;
  size_t n_columns;
  snmpx_errstat (*get)(void *, snmpx_mib_req *, const snmpx_table_row *,
                       uint32_t, snmpx_value *);
} table_defs[N_TABLES] = {
    [T_STORAGE] = {storage_entry, 10, 7, storage_get},
    [T_DEVICE] = {device_entry, 10, 6, device_get},
    [T_PROC] = {proc_entry, 10, 2, device_get},
    [T_NET] = {net_entry, 10, 1, device_get},
    [T_FS] = {fs_entry, 10, 9, fs_get},
    [T_SWRUN] = {swrun_entry, 10, 7, run_get},
    [T_PERF] = {perf_entry, 10, 2, run_get},
    [T_INST] = {inst_entry, 10, 5, inst_get},
};

/* hrSystemInitialLoadParameters: snmpd reads it with fgets(129): the
 * first line with its newline, 128 bytes at most. */
static void read_cmdline(hr_state *s)
{
  s->cmdline_len = 0;
  if (snmpx__host_read(s->h, "/proc/cmdline", &s->buf) < 0)
    return;
  size_t n = s->buf.len < 128 ? s->buf.len : 128;
  const char *nl = memchr(s->buf.data, '\n', n);
  if (nl != NULL)
    n = (size_t)(nl - s->buf.data) + 1;
  n = strnlen(s->buf.data, n);
  memcpy(s->cmdline, s->buf.data, n);
  s->cmdline[n] = '\0';
  s->cmdline_len = n;
}

static int hr_attach(snmpx_host *h, void *state, snmpx_agent *a, snmpx_mib *m)
{
  (void)a;
  hr_module *mod = state;
  hr_state *s = &mod->s;
  read_cmdline(s);
  cpus_init(s);
  mod->system = (scalars){s, hr_system_oid, 8, 7};
  mod->memsize = (scalars){s, hr_memsize_oid, 9, 0};
  int rv = snmpx_mib_register(m, SNMPX_OIDV(hr_system_oid), &scalar_ops,
                              &mod->system);
  if (rv < 0)
    return rv;
  rv = snmpx_mib_register(m, SNMPX_OIDV(hr_memsize_oid), &scalar_ops,
                          &mod->memsize);
  if (rv < 0)
    return rv;
  for (int i = 0; i < N_TABLES; i++) {
    hr_table *ht = &s->tables[i];
    ht->s = s;
    ht->which = i;
    snmpx_table_def def;
    memset(&def, 0, sizeof(def));
    def.entry = (snmpx_oidv){table_defs[i].entry, table_defs[i].len};
    def.index = int_index;
    def.n_index = 1;
    def.columns = ro_columns;
    def.n_columns = table_defs[i].n_columns;
    def.get = table_defs[i].get;
    def.ctx = ht;
    def.refresh = table_refresh;
    ht->t = snmpx_mib_add_table(m, &def);
    if (ht->t == NULL) {
      snmpx__host_log(h, "HOST-RESOURCES-MIB: cannot register a table");
      return SNMPX_ENOMEM;
    }
  }
  return 0;
}

/* Every 5 s: the processors' CPU sample for hrProcessorLoad. */
static int64_t hr_tick(snmpx_host *h, void *state, uint64_t now)
{
  (void)h;
  hr_state *s = &((hr_module *)state)->s;
  if (s->n_cpus == 0)
    return -1;
  cpu_tick(s);
  return (int64_t)(now + CPU_TICK_MS);
}

const snmpx__host_module snmpx__host_hr = {
    "HOST-RESOURCES-MIB", hr_init, hr_conf, hr_attach, hr_tick, hr_free};
