/* extend and exec (snmpd.conf(5), Net-SNMP 5.9's agent/extend.c): what
 * the tables hold and when a program runs follow snmpd; how it runs does
 * not block.  A request that needs a program's output newer than its
 * cache time starts the program (if it is not running already) and waits
 * as a deferred answer; when the program exits, every waiting request is
 * evaluated again and answered, or waits for the next program its answer
 * needs (a walk across several entries). */
#define _GNU_SOURCE /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "agent_extend.h"

#define OUT_MAX (100 * 1024 - 1) /* snmpd reads up to 100 KB, less a NUL */
#define MAX_WAITS 256            /* requests waiting at once; more: now */
#define MAX_BLOCKS 16            /* extend .OID bases */
#define MAX_ARGS 64
#define CMD_MAX 512 /* snmpd's command line: two DisplayStrings */
/* How long a request waits for a program before the agent answers for
 * it (noSuchInstance, or the walk goes on): snmpd waits without limit,
 * blocking everything; 15 s is past what managers usually wait. */
#define WAIT_MS 15000

static const uint32_t ns_extend_oid[] = {1, 3, 6, 1, 4, 1, 8072, 1, 3, 2};
static const uint32_t ext_entry_oid[] = {1, 3, 6, 1, 4, 1, 2021, 8, 1};

typedef struct ext {
  int block;
  char *token, *command, *args; /* args NULL: none given */
  bool shell;                   /* run by /bin/sh (execType sh) */
  bool compat;                  /* also a row of extTable (exec, sh) */
  bool fix;                     /* extendfix, execFix: run-on-set(2) */
  struct ext *fixer;            /* extTable: its execFix entry */
  unsigned cache_s;
  /* the run */
  pid_t pid; /* -1: not running */
  int out_fd, pid_fd;
  char *buf;
  size_t buf_len;
  /* the last run's result */
  bool loaded;
  uint64_t loaded_ms;
  char *output;
  size_t out_len;
  size_t *starts;
  size_t n_lines;
  int result;
} ext;

typedef struct reg {
  agent_extend *x;
  int block; /* -1: extTable */
} reg;

typedef struct waiting {
  uint64_t id;
  bool next;
  snmpx_oid name;
  reg *r;
  uint64_t since;
} waiting;

struct agent_extend {
  snmpx_agent *agent;
  snmpx_io *io;
  agent_pass_log log;
  ext **exts; /* in configuration order */
  int n;
  snmpx_oid blocks[MAX_BLOCKS];
  int n_blocks;
  reg regs[MAX_BLOCKS + 1];
  ext **sorted; /* by nsExtendToken's index OID, per block in order */
  waiting waits[MAX_WAITS];
  int n_waits;
  bool answering, again; /* inside answer_waits; asked again meanwhile */
};

static void logf_(agent_extend *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void logf_(agent_extend *x, const char *fmt, ...)
{
  if (x->log == NULL)
    return;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  x->log(msg);
}

static uint64_t now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- Output ------------------------------------------------------------- */

size_t agent_extend_split(const char *output, size_t len, size_t *kept,
                          size_t *starts, size_t cap)
{
  if (len > 0 && output[len - 1] == '\n')
    len--; /* snmpd stomps on one trailing newline */
  *kept = len;
  size_t n = 1;
  if (cap > 0)
    starts[0] = 0;
  for (size_t i = 0; i < len; i++) {
    if (output[i] != '\n')
      continue;
    if (n < cap)
      starts[n] = i + 1;
    n++;
  }
  return n;
}

int agent_extend_words(char *buf, char **argv, int cap)
{
  int n = 0;
  char *p = buf;
  while (n + 1 < cap) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (*p == '\0')
      break;
    char quote = 0;
    if (*p == '"' || *p == '\'')
      quote = *p++;
    argv[n++] = p;
    char *w = p;
    while (*p != '\0' && (quote ? *p != quote : (*p != ' ' && *p != '\t')))
      *w++ = *p++;
    if (*p != '\0')
      p++;
    *w = '\0';
  }
  if (cap > 0)
    argv[n] = NULL;
  return n;
}

/* The line of output |k| (0-based) of |e|. */
static snmpx_value line_value(const ext *e, size_t k)
{
  if (e->output == NULL || k >= e->n_lines)
    return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, "", 0);
  size_t start = e->starts[k];
  size_t end = k + 1 < e->n_lines ? e->starts[k + 1] - 1 : e->out_len;
  return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, e->output + start,
                           end - start);
}

/* ---- Running ------------------------------------------------------------ */

static void answer_waits(agent_extend *x);
static void on_output(snmpx_io *io, int fd, void *ud);
static void on_exit_fd(snmpx_io *io, int fd, void *ud);

static void cmdline(const ext *e, char *buf, size_t cap)
{
  if (e->args != NULL)
    snprintf(buf, cap, "%s %s", e->command, e->args);
  else
    snprintf(buf, cap, "%s", e->command);
}

static void child(const ext *e, int out_fd)
{
  signal(SIGPIPE, SIG_DFL);
  setpgid(0, 0); /* stopping it stops what it started */
  int in = open("/dev/null", O_RDONLY);
  if (in >= 0)
    dup2(in, 0);
  dup2(out_fd, 1);
  char line[CMD_MAX];
  cmdline(e, line, sizeof(line));
  if (e->shell) {
    /* run_shell_command: the line by the shell, its stdout kept. */
    execl("/bin/sh", "sh", "-c", line, (char *)NULL);
    _exit(127);
  }
  dup2(out_fd, 2); /* run_exec_command: stderr joins the output */
  char *argv[MAX_ARGS];
  if (agent_extend_words(line, argv, MAX_ARGS) == 0)
    _exit(1);
  execv(argv[0], argv);
  _exit(1); /* as snmpd's child when execv fails */
}

/* The run ended with |status| (waitpid's): keep its output as the
 * entry's result and answer the requests that waited. */
static void finish(agent_extend *x, ext *e, int status)
{
  size_t kept, cap = 1024;
  size_t *starts = malloc(cap * sizeof(size_t));
  size_t n = starts != NULL
                 ? agent_extend_split(e->buf, e->buf_len, &kept, starts, cap)
                 : 0;
  if (starts != NULL && n > cap) {
    size_t *more = realloc(starts, n * sizeof(size_t));
    if (more != NULL) {
      starts = more;
      agent_extend_split(e->buf, e->buf_len, &kept, starts, n);
    } else {
      n = cap;
    }
  }
  free(e->output);
  free(e->starts);
  e->output = e->buf;
  e->buf = NULL;
  if (e->output != NULL)
    e->output[n > 0 ? kept : 0] = '\0';
  e->out_len = n > 0 ? kept : 0;
  e->starts = starts;
  e->n_lines = starts != NULL ? n : 0;
  e->result = WEXITSTATUS(status);
  e->loaded = true;
  e->loaded_ms = now_ms();
  e->pid = -1;
  answer_waits(x);
}

/* A failed start: snmpd's result is -1 and the output stays as it was. */
static void failed_start(agent_extend *x, ext *e, const char *why)
{
  logf_(x, "extend %s: cannot run %s: %s", e->token, e->command, why);
  e->result = -1;
  e->loaded = true;
  e->loaded_ms = now_ms();
  answer_waits(x);
}

static bool try_reap(ext *e, int *status)
{
  pid_t r;
  do {
    r = waitpid(e->pid, status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == e->pid)
    return true;
  if (r < 0) { /* not ours any more: nothing to wait for */
    *status = 0;
    return true;
  }
  return false;
}

static ext *by_fd(agent_extend *x, int fd, bool pid_fd)
{
  for (int i = 0; i < x->n; i++)
    if (x->exts[i]->pid >= 0 &&
        (pid_fd ? x->exts[i]->pid_fd : x->exts[i]->out_fd) == fd)
      return x->exts[i];
  return NULL;
}

/* The output is all in: reap now, or watch for the exit. */
static void output_done(agent_extend *x, ext *e)
{
  snmpx_io_unwatch(x->io, e->out_fd);
  close(e->out_fd);
  e->out_fd = -1;
  int status;
  if (try_reap(e, &status)) {
    finish(x, e, status);
    return;
  }
#ifdef SYS_pidfd_open
  int fd = (int)syscall(SYS_pidfd_open, e->pid, 0);
  if (fd >= 0) {
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    e->pid_fd = fd;
    snmpx_io_watch(x->io, fd, on_exit_fd, x);
  }
#endif
  /* Otherwise agent_extend_tick polls. */
}

static void on_exit_fd(snmpx_io *io, int fd, void *ud)
{
  (void)io;
  agent_extend *x = ud;
  ext *e = by_fd(x, fd, true);
  int status;
  if (e == NULL || !try_reap(e, &status))
    return;
  snmpx_io_unwatch(x->io, fd);
  close(fd);
  e->pid_fd = -1;
  finish(x, e, status);
}

static void on_output(snmpx_io *io, int fd, void *ud)
{
  (void)io;
  agent_extend *x = ud;
  ext *e = by_fd(x, fd, false);
  if (e == NULL)
    return;
  for (int rounds = 0; rounds < 64; rounds++) {
    char sink[4096];
    /* Past snmpd's 100 KB the output is read and dropped. */
    bool room = e->buf_len < OUT_MAX;
    char *to = room ? e->buf + e->buf_len : sink;
    size_t n = room ? OUT_MAX - e->buf_len : sizeof(sink);
    ssize_t got = read(fd, to, n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0 && errno == EAGAIN)
      return;
    if (got <= 0) {
      output_done(x, e);
      return;
    }
    if (room)
      e->buf_len += (size_t)got;
  }
}

static bool start(agent_extend *x, ext *e)
{
  e->buf = malloc(OUT_MAX + 1);
  if (e->buf == NULL)
    return false;
  e->buf_len = 0;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    free(e->buf);
    e->buf = NULL;
    return false;
  }
  pid_t pid = fork();
  if (pid == 0)
    child(e, out[1]);
  close(out[1]);
  if (pid < 0) {
    close(out[0]);
    free(e->buf);
    e->buf = NULL;
    return false;
  }
  e->pid = pid;
  e->out_fd = out[0];
  e->pid_fd = -1;
  fcntl(e->out_fd, F_SETFL, fcntl(e->out_fd, F_GETFL) | O_NONBLOCK);
  snmpx_io_watch(x->io, e->out_fd, on_output, x);
  return true;
}

static void run(agent_extend *x, ext *e)
{
  if (e->pid >= 0)
    return;
  if (!start(x, e))
    failed_start(x, e, strerror(errno));
}

void agent_extend_tick(agent_extend *x)
{
  if (x == NULL)
    return;
  for (int i = 0; i < x->n; i++) {
    ext *e = x->exts[i];
    int status;
    if (e->pid >= 0 && e->out_fd < 0 && e->pid_fd < 0 && try_reap(e, &status))
      finish(x, e, status);
  }
}

/* ---- The tables -----------------------------------------------------------
 */

/* Whether |e|'s output may be served to a request made at |since|: loaded
 * within its cache time, or after the request came (the run it waited
 * for).  |force|: whatever there is (the request cannot wait). */
static bool fresh(const ext *e, uint64_t since, bool force)
{
  if (force)
    return true;
  if (!e->loaded)
    return false;
  return e->loaded_ms >= since || now_ms() - e->loaded_ms < e->cache_s * 1000u;
}

/* Where a walk is: the instance |inst| compared with the target. */
typedef struct cursor {
  snmpx_oidv target;
  bool next; /* GETNEXT: the first instance after target; else equal */
  uint64_t since;
  bool force;
  ext *need; /* set: this program must run first */
  bool found;
  snmpx_oid name;
  snmpx_value v;
  bool stop; /* GET: past the target, nothing to find */
} cursor;

/* Does |inst| answer the cursor?  (Then the caller fills the value.) */
static bool hit(cursor *c, const snmpx_oid *inst)
{
  int cmp = snmpx_oidv_compare(snmpx_oid_view(inst), c->target);
  if (c->next ? cmp > 0 : cmp == 0)
    return true;
  if (!c->next && cmp > 0)
    c->stop = true;
  return false;
}

static void found(cursor *c, const snmpx_oid *inst, snmpx_value v)
{
  c->found = true;
  c->name = *inst;
  c->v = v;
}

static void token_index(snmpx_oid *o, const ext *e)
{
  size_t len = strlen(e->token);
  snmpx_oid_append(o, (uint32_t)len);
  for (size_t i = 0; i < len; i++)
    snmpx_oid_append(o, (unsigned char)e->token[i]);
}

/* An instance P.A.1.COL.<token> (or P.1.0 with |col| 0 and |e| NULL). */
static void instance(snmpx_oid *o, snmpx_oidv base, uint32_t table,
                     uint32_t col, const ext *e)
{
  snmpx_oid_set(o, base);
  snmpx_oid_append(o, table);
  if (e == NULL) {
    snmpx_oid_append(o, 0);
    return;
  }
  snmpx_oid_append(o, 1);
  snmpx_oid_append(o, col);
  token_index(o, e);
}

static snmpx_value int_value(int32_t i)
{
  return snmpx_value_int(SNMPX_TYPE_INTEGER, i);
}

static snmpx_value str_value(const char *s)
{
  return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, s, strlen(s));
}

static snmpx_value config_value(const ext *e, uint32_t col)
{
  switch (col) {
  case 2:
    return str_value(e->command);
  case 3:
    return str_value(e->args != NULL ? e->args : "");
  case 4:
    return str_value(""); /* nsExtendInput: none from the config */
  case 5:
    return int_value((int32_t)e->cache_s);
  case 6:
    return int_value(e->shell ? 2 : 1); /* exec(1), shell(2) */
  case 7:
    return int_value(e->fix ? 2 : 1); /* run-on-read(1), -set(2) */
  case 20:
    return int_value(4); /* permanent(4) */
  default:
    return int_value(1); /* active(1) */
  }
}

static snmpx_value output1_value(const ext *e, uint32_t col)
{
  switch (col) {
  case 1:
    return line_value(e, 0);
  case 2:
    return snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING,
                             e->output != NULL ? e->output : "", e->out_len);
  case 3:
    return int_value((int32_t)e->n_lines);
  default:
    return int_value(e->result);
  }
}

/* NET-SNMP-EXTEND-MIB's instances of block |b| in OID order. */
static void walk_block(agent_extend *x, int b, cursor *c)
{
  static const uint32_t config_cols[] = {2, 3, 4, 5, 6, 7, 20, 21};
  snmpx_oidv base = snmpx_oid_view(&x->blocks[b]);
  ext **rows = x->sorted;
  int n = 0, first = -1;
  for (int i = 0; i < x->n; i++)
    if (rows[i]->block == b) {
      if (first < 0)
        first = i;
      n++;
    }
  snmpx_oid inst;
  instance(&inst, base, 1, 0, NULL); /* nsExtendNumEntries.0 */
  if (hit(c, &inst))
    return found(c, &inst, int_value(n));
  for (size_t k = 0; k < sizeof(config_cols) / sizeof(config_cols[0]); k++)
    for (int i = first; n > 0 && i < first + n && !c->stop; i++) {
      instance(&inst, base, 2, config_cols[k], rows[i]);
      if (hit(c, &inst))
        return found(c, &inst, config_value(rows[i], config_cols[k]));
    }
  for (uint32_t col = 1; col <= 4; col++)
    for (int i = first; n > 0 && i < first + n && !c->stop; i++) {
      instance(&inst, base, 3, col, rows[i]);
      if (rows[i]->fix) {
        /* snmpd runs a run-on-set entry for nsExtendOutput2Table only;
         * here its row shows while that run is within its cache time. */
        if (!rows[i]->loaded ||
            now_ms() - rows[i]->loaded_ms >= rows[i]->cache_s * 1000u)
          continue;
        if (hit(c, &inst))
          return found(c, &inst, output1_value(rows[i], col));
        continue;
      }
      if (!hit(c, &inst))
        continue;
      if (!fresh(rows[i], c->since, c->force)) {
        c->need = rows[i];
        return;
      }
      return found(c, &inst, output1_value(rows[i], col));
    }
  for (int i = first; n > 0 && i < first + n && !c->stop; i++) {
    /* nsExtendOutLine: which lines exist takes the output. */
    snmpx_oid sect;
    instance(&sect, base, 4, 2, rows[i]);
    snmpx_oidv sv = snmpx_oid_view(&sect);
    bool inside = snmpx_oidv_has_prefix(c->target, sv);
    if (!inside && snmpx_oidv_compare(sv, c->target) < 0)
      continue;
    if (!c->next && !inside)
      return;
    if (!fresh(rows[i], c->since, c->force)) {
      c->need = rows[i];
      return;
    }
    for (size_t l = 0; l < rows[i]->n_lines; l++) {
      inst = sect;
      snmpx_oid_append(&inst, (uint32_t)l + 1);
      if (hit(c, &inst))
        return found(c, &inst, line_value(rows[i], l));
      if (c->stop)
        return;
    }
  }
}

/* UCD-SNMP-MIB's extTable: the exec entries, numbered in configuration
 * order. */
static void walk_ext(agent_extend *x, cursor *c)
{
  static const uint32_t cols[] = {1, 2, 3, 100, 101, 102, 103};
  snmpx_oidv base = {ext_entry_oid,
                     sizeof(ext_entry_oid) / sizeof(ext_entry_oid[0])};
  for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++) {
    uint32_t row = 0;
    for (int i = 0; i < x->n && !c->stop; i++) {
      ext *e = x->exts[i];
      if (!e->compat)
        continue;
      row++;
      snmpx_oid inst;
      snmpx_oid_set(&inst, base);
      snmpx_oid_append(&inst, cols[k]);
      snmpx_oid_append(&inst, row);
      if (!hit(c, &inst))
        continue;
      if ((cols[k] == 100 || cols[k] == 101) && !fresh(e, c->since, c->force)) {
        c->need = e;
        return;
      }
      switch (cols[k]) {
      case 1:
        return found(c, &inst, int_value((int32_t)row));
      case 2:
        return found(c, &inst, str_value(e->token));
      case 3: {
        /* extCommand is "PROG ARGS", with the blank when no ARGS. */
        static char line[CMD_MAX];
        snprintf(line, sizeof(line), "%s %s", e->command,
                 e->args != NULL ? e->args : "");
        return found(c, &inst, str_value(line));
      }
      case 100:
        return found(c, &inst, int_value(e->result));
      case 101:
        return found(c, &inst, line_value(e, 0));
      case 102:
        return found(c, &inst, int_value(0)); /* extErrFix */
      default: { /* extErrFixCmd: the execFix entry's line, if any */
        static char fix[CMD_MAX];
        fix[0] = '\0';
        if (e->fixer != NULL)
          snprintf(fix, sizeof(fix), "%s %s", e->fixer->command,
                   e->fixer->args != NULL ? e->fixer->args : "");
        return found(c, &inst, str_value(fix));
      }
      }
    }
  }
}

static void walk(reg *r, cursor *c)
{
  if (r->block < 0)
    walk_ext(r->x, c);
  else
    walk_block(r->x, r->block, c);
}

/* ---- Handlers
 * ---------------------------------------------------------------- */

/* Copy a string value into the request's scratch, so the answer outlives
 * the next run of the program. */
static snmpx_errstat keep(snmpx_mib_req *req, snmpx_value *v)
{
  if (v->type != SNMPX_TYPE_OCTET_STRING || v->v.bytes.len == 0)
    return SNMPX_ERRSTAT_NO_ERROR;
  void *p = snmpx_mib_req_alloc(req, v->v.bytes.len);
  if (p == NULL)
    return SNMPX_ERRSTAT_TOO_BIG;
  memcpy(p, v->v.bytes.ptr, v->v.bytes.len);
  v->v.bytes.ptr = p;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* Evaluate, run what the answer needs, and either answer now (return
 * true) or wait. */
static bool serve(reg *r, snmpx_mib_req *req, bool next, snmpx_oidv target,
                  cursor *c)
{
  agent_extend *x = r->x;
  memset(c, 0, sizeof(*c));
  c->target = target;
  c->next = next;
  c->since = now_ms();
  walk(r, c);
  if (c->need == NULL)
    return true;
  ext *need = c->need;
  uint64_t id = x->n_waits < MAX_WAITS ? snmpx_mib_req_defer(req, WAIT_MS) : 0;
  if (id == 0) {
    /* Cannot wait: answer with what there is, as a cache that failed. */
    memset(c, 0, sizeof(*c));
    c->target = target;
    c->next = next;
    c->force = true;
    walk(r, c);
    return true;
  }
  waiting *w = &x->waits[x->n_waits++];
  w->id = id;
  w->next = next;
  snmpx_oid_set(&w->name, target);
  w->r = r;
  w->since = c->since;
  run(x, need);
  return false;
}

static snmpx_errstat ext_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                             snmpx_value *out)
{
  cursor c;
  if (!serve(ctx, req, false, name, &c))
    return SNMPX_ERRSTAT_NO_ERROR;
  if (!c.found) {
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  *out = c.v;
  return keep(req, out);
}

static snmpx_errstat ext_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                              snmpx_oid *name, snmpx_value *out)
{
  cursor c;
  if (!serve(ctx, req, true, after, &c))
    return SNMPX_ERRSTAT_NO_ERROR;
  if (!c.found) {
    out->type = SNMPX_TYPE_ENDOFMIBVIEW;
    return SNMPX_ERRSTAT_NO_ERROR;
  }
  *name = c.name;
  *out = c.v;
  return keep(req, out);
}

static const snmpx_mib_ops ext_ops = {ext_get, ext_next, NULL,
                                      NULL,    NULL,     NULL};

/* A program finished: answer each waiting request its data now allows;
 * the others wait for the next program they need. */
static void answer_pass(agent_extend *x)
{
  int kept = 0;
  for (int i = 0; i < x->n_waits; i++) {
    waiting w = x->waits[i];
    cursor c;
    memset(&c, 0, sizeof(c));
    c.target = snmpx_oid_view(&w.name);
    c.next = w.next;
    c.since = w.since;
    walk(w.r, &c);
    if (c.need != NULL) {
      x->waits[kept++] = w;
      run(x, c.need);
      continue;
    }
    snmpx_oidv none = {NULL, 0};
    snmpx_value end;
    end.type = SNMPX_TYPE_ENDOFMIBVIEW;
    if (!c.found)
      snmpx_agent_complete(x->agent, w.id, SNMPX_ERRSTAT_NO_ERROR, none,
                           w.next ? &end : NULL);
    else
      snmpx_agent_complete(x->agent, w.id, SNMPX_ERRSTAT_NO_ERROR,
                           w.next ? snmpx_oid_view(&c.name) : none, &c.v);
  }
  x->n_waits = kept;
}

/* answer_waits may be reached again from inside a pass (a program that
 * cannot start is answered for at once): the pass in progress then goes
 * round once more instead of working on the list under its feet. */
static void answer_waits(agent_extend *x)
{
  if (x->answering) {
    x->again = true;
    return;
  }
  x->answering = true;
  do {
    x->again = false;
    answer_pass(x);
  } while (x->again);
  x->answering = false;
}

/* ---- Configuration
 * ------------------------------------------------------------ */

agent_extend *agent_extend_new(snmpx_agent *agent, snmpx_io *io,
                               agent_pass_log log)
{
  agent_extend *x = calloc(1, sizeof(*x));
  if (x == NULL)
    return NULL;
  x->agent = agent;
  x->io = io;
  x->log = log;
  snmpx_oid_set(&x->blocks[0],
                (snmpx_oidv){ns_extend_oid,
                             sizeof(ns_extend_oid) / sizeof(ns_extend_oid[0])});
  x->n_blocks = 1;
  return x;
}

static void ext_free(agent_extend *x, ext *e)
{
  if (e->pid >= 0) {
    if (e->out_fd >= 0) {
      snmpx_io_unwatch(x->io, e->out_fd);
      close(e->out_fd);
    }
    if (e->pid_fd >= 0) {
      snmpx_io_unwatch(x->io, e->pid_fd);
      close(e->pid_fd);
    }
    kill(-e->pid, SIGTERM);
    kill(e->pid, SIGTERM);
    int status;
    for (int t = 0; t < 50 && !try_reap(e, &status); t++)
      usleep(10000);
    if (!try_reap(e, &status)) {
      kill(-e->pid, SIGKILL);
      kill(e->pid, SIGKILL);
      waitpid(e->pid, NULL, 0);
    }
  }
  free(e->token);
  free(e->command);
  free(e->args);
  free(e->buf);
  free(e->output);
  free(e->starts);
  free(e);
}

void agent_extend_free(agent_extend *x)
{
  if (x == NULL)
    return;
  for (int i = 0; i < x->n; i++)
    ext_free(x, x->exts[i]);
  free(x->exts);
  free(x->sorted);
  free(x);
}

/* The next word of |p| (snmpd's copy_nword) into |out|. */
static const char *next_word(const char *p, char *out, size_t cap)
{
  char buf[CMD_MAX];
  snprintf(buf, sizeof(buf), "%s", p != NULL ? p : "");
  char *argv[2];
  int n = agent_extend_words(buf, argv, 2);
  snprintf(out, cap, "%s", n > 0 ? argv[0] : "");
  if (p == NULL)
    return NULL;
  /* Skip the same word in |p|: blanks, then a quoted or plain word. */
  while (*p == ' ' || *p == '\t')
    p++;
  char quote = 0;
  if (*p == '"' || *p == '\'')
    quote = *p++;
  while (*p != '\0' && (quote ? *p != quote : (*p != ' ' && *p != '\t')))
    p++;
  if (quote && *p == quote)
    p++;
  while (*p == ' ' || *p == '\t')
    p++;
  return *p != '\0' ? p : NULL;
}

static int block_of(agent_extend *x, const char *oid, char *err, size_t cap)
{
  snmpx_oid o;
  if (snmpx_oid_parse(&o, oid) != 0 || o.len == 0 ||
      o.len > SNMPX_OID_MAX_LEN - 8) {
    snprintf(err, cap, "extend: unrecognised OID '%s'", oid);
    return -1;
  }
  for (int i = 0; i < x->n_blocks; i++)
    if (snmpx_oidv_compare(snmpx_oid_view(&x->blocks[i]), snmpx_oid_view(&o)) ==
        0)
      return i;
  if (x->n_blocks == MAX_BLOCKS) {
    snprintf(err, cap, "extend: at most %d OIDs", MAX_BLOCKS);
    return -1;
  }
  x->blocks[x->n_blocks] = o;
  return x->n_blocks++;
}

static int add(agent_extend *x, const ext *proto, const char *name,
               const char *command, const char *args, char *err, size_t cap)
{
  for (int i = 0; i < x->n; i++)
    if (x->exts[i]->block == proto->block &&
        strcmp(x->exts[i]->token, name) == 0) {
      snprintf(err, cap, "extend %s: duplicate name", name);
      return -1;
    }
  if (strlen(name) > 100) {
    snprintf(err, cap, "extend: name '%.20s...' too long (100 at most)", name);
    return -1;
  }
  ext *e = calloc(1, sizeof(*e));
  ext **grown = realloc(x->exts, (size_t)(x->n + 1) * sizeof(*grown));
  if (grown != NULL)
    x->exts = grown;
  if (e == NULL || grown == NULL) {
    free(e);
    snprintf(err, cap, "out of memory");
    return -1;
  }
  *e = *proto;
  e->pid = -1;
  e->out_fd = e->pid_fd = -1;
  e->token = strdup(name);
  e->command = strdup(command);
  e->args = args != NULL ? strdup(args) : NULL;
  x->exts[x->n++] = e;
  if (e->token == NULL || e->command == NULL ||
      (args != NULL && e->args == NULL)) {
    snprintf(err, cap, "out of memory");
    return -1;
  }
  return 1;
}

int agent_extend_conf(agent_extend *x, const char *word, const char *args,
                      char *err, size_t cap)
{
  /* snmpd matches its directive words without regard to case. */
  bool is_exec = strcasecmp(word, "exec") == 0,
       is_sh = strcasecmp(word, "sh") == 0;
  bool is_extend = strcasecmp(word, "extend") == 0,
       is_extend_sh = strcasecmp(word, "extend-sh") == 0;
  bool is_fix = strcasecmp(word, "extendfix") == 0,
       is_exec_fix = strcasecmp(word, "execFix") == 0;
  if (!is_exec && !is_sh && !is_extend && !is_extend_sh && !is_fix &&
      !is_exec_fix)
    return 0;
  ext proto;
  memset(&proto, 0, sizeof(proto));
  proto.cache_s = 5; /* snmpd's default cache timeout */
  proto.shell = is_sh || is_extend_sh;
  proto.compat = is_exec || is_sh;
  char w[CMD_MAX], command[CMD_MAX];
  const char *p = next_word(args, w, sizeof(w));
  if (strcmp(w, "-cacheTime") == 0) {
    p = next_word(p, w, sizeof(w));
    int t = atoi(w);
    if (t < 0) {
      snprintf(err, cap, "%s: -cacheTime takes seconds", word);
      return -1;
    }
    if (t != 0) /* as snmpd: 0 (or not a number) keeps the default */
      proto.cache_s = (unsigned)t;
    p = next_word(p, w, sizeof(w));
  }
  if (strcmp(w, "-execType") == 0) {
    p = next_word(p, w, sizeof(w));
    proto.shell = strcmp(w, "sh") == 0;
    p = next_word(p, w, sizeof(w));
  }
  if (w[0] == '.') {
    if (proto.compat) {
      snprintf(err, cap,
               "%s: this output format has been deprecated - "
               "please use the 'extend' directive instead",
               word);
      return -1;
    }
    proto.block = block_of(x, w, err, cap);
    if (proto.block < 0)
      return -1;
    p = next_word(p, w, sizeof(w));
  }
  if (w[0] == '\0' || p == NULL) {
    snprintf(err, cap,
             "usage: %s [-cacheTime S] [-execType exec|sh] %sNAME "
             "PROG [ARGS]",
             word, proto.compat ? "" : "[.OID] ");
    return -1;
  }
  p = next_word(p, command, sizeof(command));
  if (!is_fix && !is_exec_fix)
    return add(x, &proto, w, command, p, err, cap);
  /* snmpd names the entry NAME "Fix" and makes it run-on-set; execFix
   * also gives exec NAME's extErrFixCmd. */
  char name[CMD_MAX + 4];
  snprintf(name, sizeof(name), "%sFix", w);
  proto.fix = true;
  int rv = add(x, &proto, name, command, p, err, cap);
  if (rv < 0 || !is_exec_fix)
    return rv;
  for (int i = 0; i < x->n - 1; i++)
    if (x->exts[i]->compat && strcmp(x->exts[i]->token, w) == 0) {
      x->exts[i]->fixer = x->exts[x->n - 1];
      return rv;
    }
  logf_(x, "execFix %s: no matching exec entry", w); /* snmpd: a warning */
  return rv;
}

int agent_extend_count(const agent_extend *x)
{
  return x != NULL ? x->n : 0;
}

/* nsExtendConfigTable's INDEX order: length first, then the octets. */
static int by_index(const void *a, const void *b)
{
  const ext *x = *(ext *const *)a, *y = *(ext *const *)b;
  if (x->block != y->block)
    return x->block - y->block;
  size_t lx = strlen(x->token), ly = strlen(y->token);
  if (lx != ly)
    return lx < ly ? -1 : 1;
  return memcmp(x->token, y->token, lx);
}

int agent_extend_attach(agent_extend *x, snmpx_mib *mib)
{
  x->sorted = calloc((size_t)x->n + 1, sizeof(ext *));
  if (x->sorted == NULL)
    return -1;
  if (x->n > 0)
    memcpy(x->sorted, x->exts, (size_t)x->n * sizeof(ext *));
  qsort(x->sorted, (size_t)x->n, sizeof(ext *), by_index);
  for (int b = 0; b <= x->n_blocks; b++) {
    reg *r = &x->regs[b];
    r->x = x;
    r->block = b < x->n_blocks ? b : -1;
    snmpx_oidv prefix =
        r->block >= 0
            ? snmpx_oid_view(&x->blocks[b])
            : (snmpx_oidv){ext_entry_oid,
                           sizeof(ext_entry_oid) / sizeof(ext_entry_oid[0])};
    int rv = snmpx_mib_register(mib, prefix, &ext_ops, r);
    if (rv == SNMPX_EMIB_OVERLAP) {
      logf_(x, "extend: the subtree is served already: left out");
      continue;
    }
    if (rv < 0)
      return -1;
  }
  return 0;
}
