/* UCD-SNMP-MIB (enterprises.2021) as Net-SNMP 5.9's snmpd serves it on
 * Linux: memory, laTable, systemStats, dskTable, prTable, fileTable, the
 * version and snmperrs groups and logMatchMaxEntries.  extTable (exec)
 * runs programs and so lives in tools/agent_extend.c.
 *
 * Each group is one registration over a snapshot of its source, walked by
 * the small column/row walker below ("simple tables" of snmpd: one
 * integer index, or the scalar instance 0). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <dirent.h>
#include <time.h>

#include "host_priv.h"
#include "host_ucd_parse.h"

#define UCD 1, 3, 6, 1, 4, 1, 2021
#define CPU_PERIOD_MS 5000u /* snmpd's _cpuAutoUpdate */
#define CPU_HISTORY 12      /* 60 / 5: snmpd keeps a minute */
#define NAME_MAX_ 256

/* ---- State ----------------------------------------------------------------
 */

typedef struct fsys {
  char path[NAME_MAX_];
  char device[NAME_MAX_];
  bool active; /* mounted now, with a type snmpd shows */
  bool ucd;    /* in dskTable (disk, or includeAllDisks) */
  int min_space, min_percent;
  uint64_t size_k, used_k, avail_k, files, ffree;
} fsys;

typedef struct watched_proc {
  char name[NAME_MAX_];
  int max, min;
  int count;
} watched_proc;

typedef struct watched_file {
  char path[NAME_MAX_];
  int max;
  long size_k; /* the last stat's; kept when stat fails, as snmpd */
} watched_file;

typedef struct ucd ucd;

typedef struct group {
  ucd *u;
  uint32_t prefix[16];
  size_t prefix_len;
  const uint32_t *cols;
  size_t n_cols;
  void (*refresh)(ucd *u);
  /* The rows, ascending (NULL: the scalar instance 0). */
  size_t (*rows)(ucd *u, uint32_t *out, size_t cap);
  bool (*get)(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
              snmpx_value *out);
} group;

enum { G_PR, G_MEM, G_LA, G_DSK, G_SS, G_FILE, G_LOGMATCH, G_VER, G_ERR, G_N };

struct ucd {
  snmpx_host *h;
  snmpx__host_buf buf;
  group groups[G_N];
  /* memory */
  snmpx__host_cache mem_cache;
  snmpx__ucd_mem mem;
  long min_swap; /* swap MIN (kB); snmpd's DEFAULTMINIMUMSWAP 16000 */
  /* laTable */
  snmpx__host_cache la_cache;
  double la[3];
  bool la_ok;
  double la_max[3];
  /* systemStats */
  snmpx__ucd_cpu cpu;
  snmpx__ucd_cpu hist[CPU_HISTORY];
  bool hist_started;
  int n_cpus;
  /* dskTable */
  snmpx__host_cache fsys_cache;
  fsys *fs;
  size_t n_fs, cap_fs;
  size_t *disks; /* dskIndex - 1 -> fs index */
  size_t n_disks, cap_disks;
  bool all_disks;
  int all_disks_min;
  /* prTable */
  snmpx__host_cache proc_cache;
  watched_proc *procs;
  size_t n_procs;
  /* fileTable */
  watched_file *files;
  size_t n_files;
};

static void *grow_array(ucd *u, void *p, size_t *cap, size_t need, size_t elem)
{
  if (need <= *cap)
    return p;
  size_t c = *cap ? *cap * 2 : 8;
  while (c < need)
    c *= 2;
  void *q = snmpx__realloc(snmpx__host_mem(u->h), p, c * elem);
  if (q != NULL)
    *cap = c;
  return q;
}

/* ---- Values ----------------------------------------------------------------
 */

static snmpx_value text(snmpx_mib_req *req, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static snmpx_value text(snmpx_mib_req *req, const char *fmt, ...)
{
  char tmp[600];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
  va_end(ap);
  if (n < 0)
    n = 0;
  if ((size_t)n >= sizeof(tmp))
    n = sizeof(tmp) - 1;
  char *p = snmpx_mib_req_alloc(req, (size_t)n + 1);
  if (p == NULL)
    return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "", 0);
  memcpy(p, tmp, (size_t)n + 1);
  return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, p, (size_t)n);
}

static snmpx_value str(const char *s)
{
  return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, s, strlen(s));
}

/* An INTEGER as snmpd's long would reach a 32-bit manager. */
static snmpx_value integer(int64_t v)
{
  return snmpx_value_int(SNMPX_TYPE_INTEGER, (int32_t)v);
}

static snmpx_value c64(uint64_t v)
{
  return snmpx_value_uint(SNMPX_TYPE_COUNTER64, v);
}

/* Net-SNMP's Opaque Float (its "special types": tag 0x9f78, 4 octets of
 * IEEE 754 big-endian), as laLoadFloat is served. */
static snmpx_value opaque_float(snmpx_mib_req *req, float f)
{
  uint8_t *p = snmpx_mib_req_alloc(req, 7);
  if (p == NULL)
    return snmpx_value_bytes(SNMPX_TYPE_OPAQUE, "", 0);
  uint32_t bits;
  memcpy(&bits, &f, 4);
  p[0] = 0x9f;
  p[1] = 0x78;
  p[2] = 4;
  for (int i = 0; i < 4; i++)
    p[3 + i] = (uint8_t)(bits >> (24 - 8 * i));
  return snmpx_value_bytes(SNMPX_TYPE_OPAQUE, p, 7);
}

/* ---- The walker
 * -------------------------------------------------------------- */

static size_t group_rows(group *g, uint32_t *rows, size_t cap)
{
  if (g->rows == NULL) {
    rows[0] = 0;
    return 1;
  }
  return g->rows(g->u, rows, cap);
}

#define MAX_ROWS 1024

static snmpx_errstat group_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               snmpx_value *out)
{
  group *g = ctx;
  out->type = SNMPX_TYPE_NOSUCHOBJECT;
  if (name.len != g->prefix_len + 2)
    return SNMPX_ERRSTAT_NO_ERROR;
  uint32_t col = name.arcs[g->prefix_len], row = name.arcs[g->prefix_len + 1];
  bool known = false;
  for (size_t i = 0; i < g->n_cols; i++)
    known = known || g->cols[i] == col;
  if (!known)
    return SNMPX_ERRSTAT_NO_ERROR;
  out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  if (g->refresh != NULL)
    g->refresh(g->u);
  uint32_t rows[MAX_ROWS];
  size_t n = group_rows(g, rows, MAX_ROWS);
  for (size_t i = 0; i < n; i++)
    if (rows[i] == row && g->get(g->u, req, col, row, out))
      return SNMPX_ERRSTAT_NO_ERROR;
  out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat group_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                                snmpx_oid *name, snmpx_value *out)
{
  group *g = ctx;
  snmpx_oidv pre = {g->prefix, g->prefix_len};
  out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  /* Where |after| lies: before the subtree (everything follows), in it
   * (from its column and row on), or after it (nothing). */
  size_t slen = 0;
  const uint32_t *suffix = NULL;
  if (snmpx_oidv_has_prefix(after, pre)) {
    suffix = after.arcs + g->prefix_len;
    slen = after.len - g->prefix_len;
  } else if (snmpx_oidv_compare(after, pre) > 0) {
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  if (g->refresh != NULL)
    g->refresh(g->u);
  uint32_t rows[MAX_ROWS];
  size_t n = group_rows(g, rows, MAX_ROWS);
  for (size_t c = 0; c < g->n_cols; c++) {
    uint32_t col = g->cols[c];
    if (slen > 0 && col < suffix[0])
      continue;
    bool past_row = slen >= 2 && col == suffix[0];
    for (size_t r = 0; r < n; r++) {
      if (past_row && rows[r] <= suffix[1])
        continue;
      if (!g->get(g->u, req, col, rows[r], out))
        continue;
      snmpx_oid_set(name, pre);
      snmpx_oid_append(name, col);
      snmpx_oid_append(name, rows[r]);
      return SNMPX_ERRSTAT_NO_ERROR;
    }
  }
  out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static const snmpx_mib_ops group_ops = {group_get, group_next, NULL,
                                        NULL,      NULL,       NULL};

/* Rows 1..n. */
static size_t count_rows(size_t n, uint32_t *out, size_t cap)
{
  if (n > cap)
    n = cap;
  for (size_t i = 0; i < n; i++)
    out[i] = (uint32_t)i + 1;
  return n;
}

/* ---- memory (ucd-snmp/memory.c)
 * ----------------------------------------------- */

static void mem_refresh(ucd *u)
{
  if (!snmpx__host_cache_stale(u->h, &u->mem_cache))
    return;
  if (snmpx__host_read(u->h, "/proc/meminfo", &u->buf) == 0)
    snmpx__ucd_parse_meminfo(u->buf.data, &u->mem);
  else
    memset(&u->mem, 0, sizeof(u->mem));
  snmpx__host_cache_loaded(u->h, &u->mem_cache);
}

static bool mem_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                    snmpx_value *out)
{
  (void)row;
  const snmpx__ucd_mem *m = &u->mem;
  bool swap_low = (long long)m->swap_free <= (long long)u->min_swap;
  switch (col) {
  case 1:
    *out = integer(0);
    return true;
  case 2:
    *out = str("swap");
    return true;
  case 3:
    *out = integer((int64_t)m->swap_total);
    return true;
  case 4:
    *out = integer((int64_t)m->swap_free);
    return true;
  case 5:
    *out = integer((int64_t)m->total);
    return true;
  case 6:
    *out = integer((int64_t)m->free);
    return true;
  case 11:
    *out = integer((int64_t)(m->free + m->swap_free));
    return true;
  case 12:
    *out = integer(u->min_swap);
    return true;
  case 13:
    *out = integer((int64_t)m->shared);
    return true;
  case 14:
    *out = integer((int64_t)m->buffers);
    return true;
  case 15:
    *out = integer((int64_t)(m->cached + m->sreclaimable));
    return true;
  case 18:
    *out = c64(m->swap_total);
    return true;
  case 19:
    *out = c64(m->swap_free);
    return true;
  case 20:
    *out = c64(m->total);
    return true;
  case 21:
    *out = c64(m->free);
    return true;
  case 22:
    *out = c64(m->free + m->swap_free);
    return true;
  case 23:
    *out = c64((uint64_t)u->min_swap);
    return true;
  case 24:
    *out = c64(m->shared);
    return true;
  case 25:
    *out = c64(m->buffers);
    return true;
  case 26:
    *out = c64(m->cached + m->sreclaimable);
    return true;
  case 27: /* memSysAvail: only from kernels with MemAvailable */
    if (!m->has_avail)
      return false;
    *out = c64(m->avail);
    return true;
  case 100:
    *out = integer(swap_low ? 1 : 0);
    return true;
  case 101:
    *out = swap_low ? text(req, "Running out of swap space (%llu)",
                           (unsigned long long)m->swap_free)
                    : str("");
    return true;
  default:
    return false;
  }
}

static const uint32_t mem_cols[] = {1,  2,  3,  4,  5,  6,   11, 12,
                                    13, 14, 15, 18, 19, 20,  21, 22,
                                    23, 24, 25, 26, 27, 100, 101};

/* ---- laTable (ucd-snmp/loadave.c) ------------------------------------------
 */

static void la_refresh(ucd *u)
{
  if (!snmpx__host_cache_stale(u->h, &u->la_cache))
    return;
  /* Without a root, the C library's getloadavg (glibc takes the kernel's
   * fixed-point values from sysinfo, as snmpd shows them: 1.519531, not
   * the 1.52 of /proc/loadavg); with one, the recorded text. */
  char probe[8];
  bool real = snmpx__host_path(u->h, "", probe, sizeof(probe)) != NULL &&
              probe[0] == '\0';
  if (real)
    u->la_ok = getloadavg(u->la, 3) == 3;
  else
    u->la_ok = snmpx__host_read(u->h, "/proc/loadavg", &u->buf) == 0 &&
               snmpx__ucd_parse_loadavg(u->buf.data, u->la);
  snmpx__host_cache_loaded(u->h, &u->la_cache);
}

static size_t la_rows(ucd *u, uint32_t *out, size_t cap)
{
  (void)u;
  return count_rows(3, out, cap);
}

static bool la_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                   snmpx_value *out)
{
  static const int minutes[] = {1, 5, 15};
  int i = (int)row - 1;
  if (col == 1) {
    *out = integer(row);
    return true;
  }
  if (col == 2) {
    *out = text(req, "Load-%d", minutes[i]);
    return true;
  }
  if (col == 4) {
    *out = text(req, "%.2f", u->la_max[i]);
    return true;
  }
  if (!u->la_ok)
    return false; /* snmpd: no value when the load cannot be read */
  double v = u->la[i], max = u->la_max[i];
  bool high = max != 0 && v >= max;
  switch (col) {
  case 3:
    *out = text(req, "%.2f", v);
    return true;
  case 5:
    *out = integer((int64_t)(unsigned long)(v * 100));
    return true;
  case 6:
    *out = opaque_float(req, (float)v);
    return true;
  case 100:
    *out = integer(high ? 1 : 0);
    return true;
  case 101:
    *out =
        high ? text(req, "%d min Load Average too high (= %.2f)", minutes[i], v)
             : str("");
    return true;
  default:
    return false;
  }
}

static const uint32_t la_cols[] = {1, 2, 3, 4, 5, 6, 100, 101};

/* ---- systemStats (ucd-snmp/vmstat.c over hardware/cpu)
 * ----------------------- */

/* One sample, every 5 s, with snmpd's history: entry 0 is the oldest
 * kept (55 s old once the history is full; entry 11 is never filled, as
 * in snmpd's rotation), and the rates and percentages appear only once
 * entry 0 holds a sample. */
static void cpu_sample(ucd *u)
{
  if (u->hist_started) {
    for (int i = 0; i < CPU_HISTORY - 2; i++)
      u->hist[i] = u->hist[i + 1];
    u->hist[CPU_HISTORY - 2] = u->cpu;
  }
  u->hist_started = true;
  snmpx__ucd_cpu c;
  memset(&c, 0, sizeof(c));
  if (snmpx__host_read(u->h, "/proc/stat", &u->buf) == 0)
    snmpx__ucd_parse_stat(u->buf.data, &c);
  if (snmpx__host_read(u->h, "/proc/vmstat", &u->buf) == 0)
    snmpx__ucd_parse_vmstat(u->buf.data, &c);
  u->cpu = c;
  if (snmpx__host_read(u->h, "/proc/cpuinfo", &u->buf) == 0)
    u->n_cpus = snmpx__ucd_count_cpus(u->buf.data);
}

static int64_t ucd_tick(snmpx_host *h, void *state, uint64_t now)
{
  (void)h;
  cpu_sample(state);
  return (int64_t)(now + CPU_PERIOD_MS);
}

static bool percent_of(const ucd *u, uint64_t now, uint64_t then,
                       snmpx_value *out)
{
  uint64_t span = u->cpu.total - u->hist[0].total;
  uint64_t v = (now - then) * 100;
  v = span != 0 ? v / span : 0;
  *out = integer((int64_t)(v & 0x7fffffff));
  return true;
}

/* A per-second rate as snmpd computes it: the growth over its window
 * (55 s) divided by 60. */
static snmpx_value rate(uint64_t now, uint64_t then)
{
  return integer((int64_t)(((now - then) / 60) & 0x7fffffff));
}

static snmpx_value counter(uint64_t v)
{
  return snmpx_value_uint(SNMPX_TYPE_COUNTER32, v & 0xffffffffu);
}

static bool ss_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                   snmpx_value *out)
{
  (void)req;
  (void)row;
  const snmpx__ucd_cpu *c = &u->cpu, *o = &u->hist[0];
  bool hist = o->total != 0;
  if (col >= 3 && col <= 11 && !hist)
    return false;
  switch (col) {
  case 1:
    *out = integer(1);
    return true;
  case 2:
    *out = str("systemStats");
    return true;
  case 3:
    *out = rate(c->swap_in, o->swap_in);
    return true;
  case 4:
    *out = rate(c->swap_out, o->swap_out);
    return true;
  case 5:
    *out = rate(c->page_out, o->page_out);
    return true;
  case 6:
    *out = rate(c->page_in, o->page_in);
    return true;
  case 7:
    *out = rate(c->interrupts, o->interrupts);
    return true;
  case 8:
    *out = rate(c->contexts, o->contexts);
    return true;
  case 9:
    return percent_of(u, c->user, o->user, out);
  case 10:
    return percent_of(u, c->sys, o->sys, out);
  case 11:
    return percent_of(u, c->idle, o->idle, out);
  case 50:
    *out = counter(c->user);
    return true;
  case 51:
    *out = counter(c->nice);
    return true;
  case 52:
    *out = counter(c->sys);
    return true;
  case 53:
    *out = counter(c->idle);
    return true;
  case 54:
    *out = counter(c->wait);
    return true;
  case 55:
    *out = counter(0);
    return true; /* no kernel ticks on Linux */
  case 56:
    *out = counter(c->intr);
    return true;
  case 57:
    *out = counter(c->page_out);
    return true;
  case 58:
    *out = counter(c->page_in);
    return true;
  case 59:
    *out = counter(c->interrupts);
    return true;
  case 60:
    *out = counter(c->contexts);
    return true;
  case 61:
    *out = counter(c->sirq);
    return true;
  case 62:
    *out = counter(c->swap_in);
    return true;
  case 63:
    *out = counter(c->swap_out);
    return true;
  case 64:
    *out = counter(c->steal);
    return true;
  case 65:
    *out = counter(c->guest);
    return true;
  case 66:
    *out = counter(c->guestnice);
    return true;
  case 67:
    *out = integer(u->n_cpus & 0x7fffffff);
    return true;
  default:
    return false;
  }
}

static const uint32_t ss_cols[] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10,
                                   11, 50, 51, 52, 53, 54, 55, 56, 57, 58,
                                   59, 60, 61, 62, 63, 64, 65, 66, 67};

/* ---- dskTable (ucd-snmp/disk_hw.c over hardware/fsys)
 * ------------------------- */

/* snmpd's fsys container: an entry per path ever seen (configured or
 * mounted), numbered in the order they were made, never removed. */
static fsys *fsys_by_path(ucd *u, const char *path, bool create)
{
  for (size_t i = 0; i < u->n_fs; i++)
    if (strcmp(u->fs[i].path, path) == 0)
      return &u->fs[i];
  if (!create)
    return NULL;
  fsys *grown = grow_array(u, u->fs, &u->cap_fs, u->n_fs + 1, sizeof(fsys));
  if (grown == NULL)
    return NULL;
  u->fs = grown;
  fsys *f = &u->fs[u->n_fs++];
  memset(f, 0, sizeof(*f));
  snprintf(f->path, sizeof(f->path), "%s", path);
  f->min_space = f->min_percent = -1;
  return f;
}

/* A dskTable row for |fs_index|.  As snmpd 5.9.3, a path given twice
 * (disk / 10%, disk / 99%) is two rows of the same entry, with the last
 * limits. */
static bool disk_append(ucd *u, size_t fs_index)
{
  size_t *grown =
      grow_array(u, u->disks, &u->cap_disks, u->n_disks + 1, sizeof(size_t));
  if (grown == NULL)
    return false;
  u->disks = grown;
  u->disks[u->n_disks++] = fs_index;
  return true;
}

static void fsys_stat(ucd *u, fsys *f)
{
  char full[4096];
  struct statvfs sv;
  if (snmpx__host_path(u->h, f->path, full, sizeof(full)) == NULL ||
      statvfs(full, &sv) != 0)
    memset(&sv, 0, sizeof(sv));
  /* snmpd keeps blocks and their size and turns them into kB. */
  uint64_t unit = sv.f_frsize ? sv.f_frsize : sv.f_bsize;
  uint64_t k = unit >= 1024 ? unit / 1024 : 0,
           div = unit && unit < 1024 ? 1024 / unit : 1;
  f->size_k = k ? (uint64_t)sv.f_blocks * k : (uint64_t)sv.f_blocks / div;
  f->used_k = k ? (uint64_t)(sv.f_blocks - sv.f_bfree) * k
                : (uint64_t)(sv.f_blocks - sv.f_bfree) / div;
  f->avail_k = k ? (uint64_t)sv.f_bavail * k : (uint64_t)sv.f_bavail / div;
  if (unit == 0)
    f->size_k = f->used_k = f->avail_k = 0;
  f->files = sv.f_files;
  f->ffree = sv.f_ffree;
}

static void fsys_refresh(ucd *u)
{
  if (!snmpx__host_cache_stale(u->h, &u->fsys_cache))
    return;
  for (size_t i = 0; i < u->n_fs; i++)
    u->fs[i].active = false;
  if (snmpx__host_read(u->h, "/etc/mtab", &u->buf) != 0 || u->buf.len == 0)
    snmpx__host_read(u->h, "/proc/mounts", &u->buf);
  size_t pos = 0;
  char *line, *dev, *path, *type;
  while ((line = snmpx__host_next_line(&u->buf, &pos)) != NULL) {
    if (!snmpx__ucd_parse_mount(line, &dev, &path, &type))
      continue;
    fsys *f = fsys_by_path(u, path, true);
    if (f == NULL)
      break;
    snprintf(f->device, sizeof(f->device), "%s", dev);
    if (snmpx__ucd_fs_type_shown(type) && !f->active) {
      f->active = true;
      fsys_stat(u, f);
    }
  }
  /* includeAllDisks: every entry not yet in the table joins it, in the
   * container's order (snmpd 5.9.3's _refresh_disks), so dskIndex skips
   * the numbers of entries that are not shown (proc, sysfs...). */
  if (u->all_disks) {
    for (size_t i = 0; i < u->n_fs; i++) {
      if (u->fs[i].ucd)
        continue;
      u->fs[i].ucd = true;
      u->fs[i].min_space = -1;
      u->fs[i].min_percent = u->all_disks_min;
      disk_append(u, i);
    }
  }
  snmpx__host_cache_loaded(u->h, &u->fsys_cache);
}

static size_t dsk_rows(ucd *u, uint32_t *out, size_t cap)
{
  size_t n = 0;
  for (size_t i = 0; i < u->n_disks && n < cap; i++)
    if (u->fs[u->disks[i]].active && u->fs[u->disks[i]].ucd)
      out[n++] = (uint32_t)i + 1;
  return n;
}

static int64_t clamp31(uint64_t v)
{
  return v > INT32_MAX ? INT32_MAX : (int64_t)v;
}

static snmpx_value gauge(uint64_t v)
{
  return snmpx_value_uint(SNMPX_TYPE_GAUGE32, v & 0xffffffffu);
}

static bool dsk_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                    snmpx_value *out)
{
  const fsys *f = &u->fs[u->disks[row - 1]];
  int avail_pct = snmpx__ucd_percent(f->avail_k, f->size_k);
  bool low_space = f->min_space >= 0 && f->avail_k < (uint64_t)f->min_space;
  bool low_pct = f->min_percent >= 0 && avail_pct < f->min_percent;
  switch (col) {
  case 1:
    *out = integer(row);
    return true;
  case 2:
    *out = str(f->path);
    return true;
  case 3:
    *out = str(f->device);
    return true;
  case 4:
    *out = integer(f->min_space);
    return true;
  case 5:
    *out = integer(f->min_percent);
    return true;
  case 6:
    *out = integer(clamp31(f->size_k));
    return true;
  case 7:
    *out = integer(clamp31(f->avail_k));
    return true;
  case 8:
    *out = integer(clamp31(f->used_k));
    return true;
  case 9:
    *out = integer(snmpx__ucd_percent(f->used_k, f->size_k));
    return true;
  case 10:
    *out = integer(f->files == 0 || f->ffree > f->files
                       ? 0
                       : snmpx__ucd_percent(f->files - f->ffree, f->files));
    return true;
  case 11:
    *out = gauge(f->size_k);
    return true;
  case 12:
    *out = gauge(f->size_k >> 32);
    return true;
  case 13:
    *out = gauge(f->avail_k);
    return true;
  case 14:
    *out = gauge(f->avail_k >> 32);
    return true;
  case 15:
    *out = gauge(f->used_k);
    return true;
  case 16:
    *out = gauge(f->used_k >> 32);
    return true;
  case 100:
    *out = integer(low_space || low_pct ? 1 : 0);
    return true;
  case 101:
    if (low_space)
      *out = text(req, "%s: less than %d free (= %llu)", f->path, f->min_space,
                  (unsigned long long)f->avail_k);
    else if (low_pct)
      *out = text(req, "%s: less than %d%% free (= %d%%)", f->path,
                  f->min_percent, avail_pct);
    else
      *out = str("");
    return true;
  default:
    return false;
  }
}

static const uint32_t dsk_cols[] = {1,  2,  3,  4,  5,  6,  7,  8,   9,
                                    10, 11, 12, 13, 14, 15, 16, 100, 101};

/* ---- prTable (ucd-snmp/proc.c over host/data_access/swrun) ----------------
 */

static bool is_pid(const char *s)
{
  if (*s == '\0')
    return false;
  for (; *s != '\0'; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

/* snmpd counts hrSWRunTable's rows of that name: processes whose status,
 * cmdline and stat files can be read (zombies included). */
static void proc_refresh(ucd *u)
{
  if (u->n_procs == 0 || !snmpx__host_cache_stale(u->h, &u->proc_cache))
    return;
  for (size_t i = 0; i < u->n_procs; i++)
    u->procs[i].count = 0;
  char dir[4096];
  DIR *d = snmpx__host_path(u->h, "/proc", dir, sizeof(dir)) != NULL
               ? opendir(dir)
               : NULL;
  struct dirent *e;
  while (d != NULL && (e = readdir(d)) != NULL) {
    if (!is_pid(e->d_name))
      continue;
    char name[80];
    if (snmpx__host_readf(u->h, &u->buf, "/proc/%s/cmdline", e->d_name) != 0 ||
        snmpx__host_readf(u->h, &u->buf, "/proc/%s/stat", e->d_name) != 0 ||
        snmpx__host_readf(u->h, &u->buf, "/proc/%s/status", e->d_name) != 0 ||
        !snmpx__ucd_status_name(u->buf.data, name, sizeof(name)))
      continue;
    for (size_t i = 0; i < u->n_procs; i++)
      if (strcmp(u->procs[i].name, name) == 0)
        u->procs[i].count++;
  }
  if (d != NULL)
    closedir(d);
  snmpx__host_cache_loaded(u->h, &u->proc_cache);
}

static size_t pr_rows(ucd *u, uint32_t *out, size_t cap)
{
  return count_rows(u->n_procs, out, cap);
}

static bool pr_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                   snmpx_value *out)
{
  const watched_proc *p = &u->procs[row - 1];
  int n = p->count;
  bool few = p->min && n < p->min, many = p->max && n > p->max;
  bool forbidden = p->min == 0 && p->max == 0 && n > 0;
  switch (col) {
  case 1:
    *out = integer(row);
    return true;
  case 2:
    *out = str(p->name);
    return true;
  case 3:
    *out = integer(p->min);
    return true;
  case 4:
    *out = integer(p->max);
    return true;
  case 5:
    *out = integer(n);
    return true;
  case 100:
    *out = integer(few || many || forbidden ? 1 : 0);
    return true;
  case 101:
    if (few && n > 0)
      *out = text(req, "Too few %s running (# = %d)", p->name, n);
    else if (few)
      *out = text(req, "No %s process running", p->name);
    else if (many)
      *out = text(req, "Too many %s running (# = %d)", p->name, n);
    else if (forbidden)
      *out = text(req, "%s process should not be running.", p->name);
    else
      *out = str("");
    return true;
  case 102:
    *out = integer(0);
    return true; /* prErrFix: nothing run */
  case 103:
    *out = str("");
    return true; /* no procfix command */
  default:
    return false;
  }
}

static const uint32_t pr_cols[] = {1, 2, 3, 4, 5, 100, 101, 102, 103};

/* ---- fileTable (ucd-snmp/file.c) --------------------------------------------
 */

static size_t file_rows(ucd *u, uint32_t *out, size_t cap)
{
  return count_rows(u->n_files, out, cap);
}

static bool file_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                     snmpx_value *out)
{
  watched_file *f = &u->files[row - 1];
  char full[4096];
  struct stat st;
  /* As snmpd: stat at each request; a failed one keeps the last size. */
  if (snmpx__host_path(u->h, f->path, full, sizeof(full)) != NULL &&
      stat(full, &st) == 0)
    f->size_k = (long)(st.st_size >> 10);
  bool big = f->max >= 0 && f->size_k > f->max;
  switch (col) {
  case 1:
    *out = integer(row);
    return true;
  case 2:
    *out = str(f->path);
    return true;
  case 3:
    *out = integer(f->size_k);
    return true;
  case 4:
    *out = integer(f->max);
    return true;
  case 100:
    *out = integer(big ? 1 : 0);
    return true;
  case 101:
    *out = big ? text(req, "%s: size exceeds %dkb (= %dkb)", f->path, f->max,
                      (int)f->size_k)
               : str("");
    return true;
  default:
    return false;
  }
}

static const uint32_t file_cols[] = {1, 2, 3, 4, 100, 101};

/* ---- version, snmperrs, logMatch
 * ------------------------------------------------ */

static bool ver_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                    snmpx_value *out)
{
  (void)u;
  (void)row;
  switch (col) {
  case 1:
    *out = integer(1);
    return true;
  /* snmpx's own: the truthful answer to "which agent version". */
  case 2:
    *out = text(req, "snmpx %d.%d.%d", SNMPX_VERSION_MAJOR, SNMPX_VERSION_MINOR,
                SNMPX_VERSION_PATCH);
    return true;
  case 3:
    *out = str("");
    return true; /* no date stamped in the build */
  case 4: {
    /* versionCDate: the current time in ctime's words, as snmpd. */
    time_t now = time(NULL);
    char buf[64];
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(buf, sizeof(buf), "%a %b %e %H:%M:%S %Y", &tm);
    *out = text(req, "%s", buf);
    return true;
  }
  case 5:
    *out = str("snmpx");
    return true;
  case 6:
    *out = str("");
    return true; /* no configure options */
  case 10:
  case 11:
  case 12:
  case 13:
  case 20:
    *out = integer(0); /* the actions snmpd offers by SET: none done */
    return true;
  default:
    return false;
  }
}

static const uint32_t ver_cols[] = {1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 20};

static bool err_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                    snmpx_value *out)
{
  (void)u;
  (void)req;
  (void)row;
  switch (col) {
  case 1:
    *out = integer(0);
    return true;
  case 2:
    *out = str("snmp");
    return true;
  case 100:
    *out = integer(0);
    return true;
  case 101:
    *out = str("");
    return true;
  default:
    return false;
  }
}

static const uint32_t err_cols[] = {1, 2, 100, 101};

static bool logmatch_get(ucd *u, snmpx_mib_req *req, uint32_t col, uint32_t row,
                         snmpx_value *out)
{
  (void)u;
  (void)req;
  (void)row;
  if (col != 1)
    return false;
  *out = integer(250); /* snmpd's MAXLOGMATCH: no logmatch directive here */
  return true;
}

static const uint32_t logmatch_cols[] = {1};

/* ---- The module
 * --------------------------------------------------------------- */

static void set_group(ucd *u, int which, uint32_t arc, bool entry,
                      const uint32_t *cols, size_t n_cols,
                      void (*refresh)(ucd *),
                      size_t (*rows)(ucd *, uint32_t *, size_t),
                      bool (*get)(ucd *, snmpx_mib_req *, uint32_t, uint32_t,
                                  snmpx_value *))
{
  static const uint32_t base[] = {UCD};
  group *g = &u->groups[which];
  g->u = u;
  memcpy(g->prefix, base, sizeof(base));
  g->prefix_len = sizeof(base) / sizeof(base[0]);
  g->prefix[g->prefix_len++] = arc;
  if (entry) {
    g->prefix[g->prefix_len++] = 1;
  }
  g->cols = cols;
  g->n_cols = n_cols;
  g->refresh = refresh;
  g->rows = rows;
  g->get = get;
}

#define COLS(a) a, sizeof(a) / sizeof(a[0])

static int ucd_init(snmpx_host *h, void **state)
{
  ucd *u = snmpx__calloc(snmpx__host_mem(h), 1, sizeof(*u));
  if (u == NULL)
    return SNMPX_ENOMEM;
  u->h = h;
  u->min_swap = 16000; /* DEFAULTMINIMUMSWAP */
  u->mem_cache.ttl_ms = 5000;
  u->la_cache.ttl_ms = 1000; /* snmpd reads it per request */
  u->fsys_cache.ttl_ms = 5000;
  u->proc_cache.ttl_ms = 30000; /* swrun's cache */
  for (int i = 0; i < 3; i++)
    u->la_max[i] = 12.0; /* NETSNMP_DEFMAXLOADAVE */
  set_group(u, G_PR, 2, true, COLS(pr_cols), proc_refresh, pr_rows, pr_get);
  set_group(u, G_MEM, 4, false, COLS(mem_cols), mem_refresh, NULL, mem_get);
  set_group(u, G_DSK, 9, true, COLS(dsk_cols), fsys_refresh, dsk_rows, dsk_get);
  set_group(u, G_LA, 10, true, COLS(la_cols), la_refresh, la_rows, la_get);
  set_group(u, G_SS, 11, false, COLS(ss_cols), NULL, NULL, ss_get);
  set_group(u, G_FILE, 15, true, COLS(file_cols), NULL, file_rows, file_get);
  set_group(u, G_LOGMATCH, 16, false, COLS(logmatch_cols), NULL, NULL,
            logmatch_get);
  set_group(u, G_VER, 100, false, COLS(ver_cols), NULL, NULL, ver_get);
  set_group(u, G_ERR, 101, false, COLS(err_cols), NULL, NULL, err_get);
  *state = u;
  return 0;
}

static int add_proc(ucd *u, const char *args, char *err, size_t cap)
{
  watched_proc p;
  memset(&p, 0, sizeof(p));
  if (!snmpx__ucd_conf_proc(args, p.name, sizeof(p.name), &p.max, &p.min)) {
    snprintf(err, cap, "usage: proc NAME [MAX [MIN]]");
    return SNMPX_EINVAL;
  }
  for (size_t i = 0; i < u->n_procs; i++)
    if (strcmp(u->procs[i].name, p.name) == 0) {
      snprintf(err, cap, "proc %s: already have an entry for this process",
               p.name);
      return SNMPX_EINVAL;
    }
  watched_proc *grown = snmpx__realloc(snmpx__host_mem(u->h), u->procs,
                                       (u->n_procs + 1) * sizeof(*grown));
  if (grown == NULL)
    return SNMPX_ENOMEM;
  u->procs = grown;
  u->procs[u->n_procs++] = p;
  return 1;
}

static int add_file(ucd *u, const char *args, char *err, size_t cap)
{
  watched_file f;
  memset(&f, 0, sizeof(f));
  if (!snmpx__ucd_conf_file(args, f.path, sizeof(f.path), &f.max)) {
    snprintf(err, cap, "usage: file PATH [MAXSIZE]");
    return SNMPX_EINVAL;
  }
  watched_file *grown = snmpx__realloc(snmpx__host_mem(u->h), u->files,
                                       (u->n_files + 1) * sizeof(*grown));
  if (grown == NULL)
    return SNMPX_ENOMEM;
  u->files = grown;
  u->files[u->n_files++] = f;
  return 1;
}

static int add_disk(ucd *u, const char *args, char *err, size_t cap)
{
  char path[NAME_MAX_];
  int min_space, min_percent;
  if (!snmpx__ucd_conf_disk(args, path, sizeof(path), &min_space,
                            &min_percent)) {
    snprintf(err, cap, "usage: disk PATH [MINSPACE | MINPERCENT%%]");
    return SNMPX_EINVAL;
  }
  fsys *f = fsys_by_path(u, path, true);
  if (f == NULL || !disk_append(u, (size_t)(f - u->fs)))
    return SNMPX_ENOMEM;
  f->min_space = min_space;
  f->min_percent = min_percent;
  f->ucd = true;
  return 1;
}

static int ucd_conf(snmpx_host *h, void *state, const char *word,
                    const char *args, char *err, size_t cap)
{
  (void)h;
  ucd *u = state;
  if (strcasecmp(word, "proc") == 0)
    return add_proc(u, args, err, cap);
  if (strcasecmp(word, "file") == 0)
    return add_file(u, args, err, cap);
  if (strcasecmp(word, "disk") == 0)
    return add_disk(u, args, err, cap);
  if (strcasecmp(word, "includeAllDisks") == 0) {
    if (u->all_disks) {
      snprintf(err, cap, "includeAllDisks already specified");
      return SNMPX_EINVAL;
    }
    u->all_disks = true;
    while (*args == ' ' || *args == '\t')
      args++;
    u->all_disks_min = *args != '\0' ? atoi(args) : 5;
    return 1;
  }
  if (strcasecmp(word, "load") == 0) {
    snmpx__ucd_conf_load(args, u->la_max);
    return 1;
  }
  if (strcasecmp(word, "swap") == 0) {
    u->min_swap = atol(args);
    return 1;
  }
  return 0;
}

static int ucd_attach(snmpx_host *h, void *state, snmpx_agent *a, snmpx_mib *m)
{
  (void)a;
  ucd *u = state;
  for (int i = 0; i < G_N; i++) {
    group *g = &u->groups[i];
    int rv = snmpx_mib_register(m, (snmpx_oidv){g->prefix, g->prefix_len},
                                &group_ops, g);
    if (rv == SNMPX_EMIB_OVERLAP) {
      /* Recorded data there: it wins, the other groups are still served. */
      char oid[128];
      snmpx_oid_format((snmpx_oidv){g->prefix, g->prefix_len}, oid,
                       sizeof(oid));
      snmpx__host_log(h, "UCD-SNMP-MIB: %s is served already: left out", oid);
      continue;
    }
    if (rv < 0)
      return rv;
  }
  return 0;
}

static void ucd_free(snmpx_host *h, void *state)
{
  ucd *u = state;
  if (u == NULL)
    return;
  const snmpx_mem *mem = snmpx__host_mem(h);
  snmpx__host_buf_free(h, &u->buf);
  snmpx__free(mem, u->fs);
  snmpx__free(mem, u->disks);
  snmpx__free(mem, u->procs);
  snmpx__free(mem, u->files);
  snmpx__free(mem, u);
}

const snmpx__host_module snmpx__host_ucd = {"UCD-SNMP-MIB", ucd_init, ucd_conf,
                                            ucd_attach,     ucd_tick, ucd_free};
