/* pass_persist (snmpd.conf(5)): as snmpd, the agent writes "PING" before
 * each query and expects "PONG"; then "get\nOID\n" and "getnext\nOID\n"
 * are answered by three lines (OID, TYPE, VALUE) or "NONE", and
 * "set\nOID\nTYPE VALUE\n\n" (snmpd's blank line included) by "DONE" or
 * an error word.  As snmpd, a SET asks "get" for each varbind while it
 * checks (NONE: notWritable) and sends "set" only when it commits.
 * Queries are pipelined and answered in order, so a first-in first-out
 * list of the deferred handler answers matches each reply to its query,
 * even one that comes after the agent answered for it. */
#define _GNU_SOURCE /* pipe2 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent_pass.h"

#define MAX_QUEUE 64   /* queries a program may owe; more fail at once */
#define LINE_MAX_ 1024 /* snmpd's SNMP_MAXBUF is 1024 too */

enum { Q_GET, Q_NEXT, Q_CHECK, Q_SET }; /* Q_CHECK: a SET's "get" */

typedef struct query {
  uint64_t id;
  int op;
} query;

typedef struct prog {
  agent_pass *owner;
  bool oneshot; /* pass: one run of the program per query */
  bool is_run;  /* one such run (argv borrowed from |parent|) */
  struct prog *parent;
  struct prog *next_run; /* the owner's list of runs in progress */
  snmpx_oid prefix;
  char **argv;
  uint32_t timeout_ms;
  pid_t pid;   /* -1: not running */
  int to_fd;   /* the program's stdin */
  int from_fd; /* its stdout */
  bool ponged; /* the head query's PONG came */
  query q[MAX_QUEUE];
  int q_head, q_n;
  char buf[4 * LINE_MAX_]; /* what was read and not yet a whole line */
  size_t buf_len;
  char lines[2][LINE_MAX_]; /* an answer's first lines */
  int n_lines;
} prog;

struct agent_pass {
  snmpx_agent *agent;
  snmpx_io *io;
  agent_pass_log log;
  prog **progs;
  int n;
  prog *runs; /* pass: runs whose output is still being read */
};

static bool run_ask(prog *g, snmpx_mib_req *req, int op, const char *text);

static void logf_(agent_pass *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void logf_(agent_pass *p, const char *fmt, ...)
{
  if (p->log == NULL)
    return;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  p->log(msg);
}

/* ---- The program's life ----------------------------------------------- */

static void on_readable(snmpx_io *io, int fd, void *ud);

static void set_nonblock(int fd)
{
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static bool start(prog *g)
{
  int in[2], out[2];
  if (pipe2(in, O_CLOEXEC) != 0)
    return false;
  if (pipe2(out, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return false;
  }
  pid_t pid = fork();
  if (pid == 0) {
    /* The agent ignores SIGPIPE; the program gets the default. */
    signal(SIGPIPE, SIG_DFL);
    /* Its own process group: stopping it stops what it started. */
    setpgid(0, 0);
    dup2(in[0], 0);
    dup2(out[1], 1);
    execvp(g->argv[0], g->argv);
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  if (pid < 0) {
    close(in[1]);
    close(out[0]);
    return false;
  }
  g->pid = pid;
  g->to_fd = in[1];
  g->from_fd = out[0];
  set_nonblock(g->to_fd);
  set_nonblock(g->from_fd);
  g->ponged = false;
  g->buf_len = 0;
  g->n_lines = 0;
  snmpx_io_watch(g->owner->io, g->from_fd, on_readable, g);
  logf_(g->owner, "pass_persist %s: started (pid %ld)", g->argv[0], (long)pid);
  return true;
}

static bool is_set_query(int op)
{
  return op == Q_CHECK || op == Q_SET;
}

/* The answer a query gets when its program failed: what snmpd gives when
 * a pass_persist program dies (GET noSuchInstance, GETNEXT goes past the
 * subtree, SET notWritable). */
static void fail_query(prog *g, const query *q)
{
  snmpx_oidv none = {NULL, 0};
  if (q->id != 0)
    snmpx_agent_complete(g->owner->agent, q->id,
                         is_set_query(q->op) ? SNMPX_ERRSTAT_NOT_WRITABLE
                                             : SNMPX_ERRSTAT_NO_ERROR,
                         none, NULL);
}

/* End the program |pid| and its process group: SIGTERM, up to |grace_ms|
 * to exit, then SIGKILL. */
static void reap(pid_t pid, int grace_ms)
{
  if (waitpid(pid, NULL, WNOHANG) == pid)
    return;
  if (grace_ms > 0) {
    kill(-pid, SIGTERM);
    kill(pid, SIGTERM);
    for (int t = 0; t < grace_ms / 10; t++) {
      if (waitpid(pid, NULL, WNOHANG) == pid)
        return;
      usleep(10000);
    }
  }
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
}

/* Stop the program (dead, or talking nonsense) and fail what it owed. */
static void stop(prog *g, const char *why)
{
  if (g->pid < 0)
    return;
  snmpx_io_unwatch(g->owner->io, g->from_fd);
  close(g->from_fd);
  close(g->to_fd);
  reap(g->pid, 0);
  logf_(g->owner, "pass_persist %s: %s (pid %ld)", g->argv[0], why,
        (long)g->pid);
  g->pid = -1;
  while (g->q_n > 0) {
    query q = g->q[g->q_head];
    g->q_head = (g->q_head + 1) % MAX_QUEUE;
    g->q_n--;
    fail_query(g, &q);
  }
}

/* Write all of |s| or stop the program: a pipe that is full belongs to a
 * program that does not read. */
static bool send_text(prog *g, const char *s)
{
  size_t len = strlen(s), off = 0;
  while (off < len) {
    ssize_t n = write(g->to_fd, s + off, len - off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      stop(g, errno == EAGAIN ? "does not read its input" : "stdin closed");
      return false;
    }
    off += (size_t)n;
  }
  return true;
}

/* Send a query and queue its deferred answer.  @return false when the
 * caller must answer now: the query could not be sent (the program cannot
 * start, owes too much, or does not take input) or not be deferred. */
static bool ask(prog *g, snmpx_mib_req *req, int op, const char *text)
{
  if (g->oneshot)
    return run_ask(g, req, op, text);
  if (g->q_n == MAX_QUEUE)
    return false;
  if (g->pid < 0 && !start(g))
    return false;
  /* Written before deferring: a program that cannot take it (dead, not
   * reading) is answered for at once by the caller, as snmpd does. */
  if (!send_text(g, "PING\n") || !send_text(g, text))
    return false;
  /* Its reply is owed either way; with no deferral (id 0) it is read and
   * dropped, and the caller answers now. */
  uint64_t id = snmpx_mib_req_defer(req, g->timeout_ms);
  g->q[(g->q_head + g->q_n) % MAX_QUEUE] = (query){id, op};
  g->q_n++;
  return id != 0;
}

/* ---- Replies ------------------------------------------------------------ */

static int hex_digit(int c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* snmpd's asc2bin: hex octets separated by blanks ("00 3f dd"). */
static size_t hex_octets(const char *s, uint8_t *out, size_t cap)
{
  size_t n = 0;
  while (*s != '\0' && n < cap) {
    while (*s == ' ' || *s == '\t')
      s++;
    int hi = hex_digit((unsigned char)s[0]);
    if (hi < 0)
      break;
    int lo = hex_digit((unsigned char)s[1]);
    if (lo < 0) {
      out[n++] = (uint8_t)hi;
      break;
    }
    out[n++] = (uint8_t)(hi * 16 + lo);
    s += 2;
  }
  return n;
}

/* The value of a TYPE line and a VALUE line, as snmpd reads them (the
 * type is matched by its first letters, case-insensitive).  @return false
 * for a type snmpd does not know. */
static bool parse_value(const char *type, const char *text, snmpx_value *v,
                        uint8_t *bytes, snmpx_oid *oid)
{
  static const struct {
    const char *word;
    snmpx_type t;
  } unsigned_types[] = {{"unsigned", SNMPX_TYPE_GAUGE32},
                        {"counter64", SNMPX_TYPE_COUNTER64},
                        {"counter", SNMPX_TYPE_COUNTER32},
                        {"gauge", SNMPX_TYPE_GAUGE32},
                        {"timetick", SNMPX_TYPE_TIMETICKS}};
  if (strncasecmp(type, "string", 6) == 0) {
    *v = snmpx_value_bytes(SNMPX_TYPE_OCTET_STRING, text, strlen(text));
    return true;
  }
  if (strncasecmp(type, "integer", 7) == 0) {
    *v = snmpx_value_int(SNMPX_TYPE_INTEGER, (int32_t)strtol(text, NULL, 10));
    return true;
  }
  for (size_t i = 0; i < sizeof(unsigned_types) / sizeof(unsigned_types[0]);
       i++) {
    if (strncasecmp(type, unsigned_types[i].word,
                    strlen(unsigned_types[i].word)) == 0) {
      uint64_t u = strtoull(text, NULL, 10);
      if (unsigned_types[i].t != SNMPX_TYPE_COUNTER64)
        u &= UINT32_MAX;
      *v = snmpx_value_uint(unsigned_types[i].t, u);
      return true;
    }
  }
  if (strncasecmp(type, "octet", 5) == 0 ||
      strncasecmp(type, "opaque", 6) == 0) {
    size_t n = hex_octets(text, bytes, LINE_MAX_);
    *v = snmpx_value_bytes(type[1] == 'c' || type[1] == 'C'
                               ? SNMPX_TYPE_OCTET_STRING
                               : SNMPX_TYPE_OPAQUE,
                           bytes, n);
    return true;
  }
  if (strncasecmp(type, "objectid", 8) == 0) {
    if (snmpx_oid_parse(oid, text) != 0)
      return false;
    *v = snmpx_value_oid(snmpx_oid_view(oid));
    return true;
  }
  if (strncasecmp(type, "ipaddress", 9) == 0) {
    unsigned a, b, c, d;
    if (sscanf(text, "%u.%u.%u.%u", &a, &b, &c, &d) != 4 || a > 255 ||
        b > 255 || c > 255 || d > 255)
      return false;
    bytes[0] = (uint8_t)a;
    bytes[1] = (uint8_t)b;
    bytes[2] = (uint8_t)c;
    bytes[3] = (uint8_t)d;
    *v = snmpx_value_bytes(SNMPX_TYPE_IPADDRESS, bytes, 4);
    return true;
  }
  return false;
}

static snmpx_errstat set_status(const char *line)
{
  static const struct {
    const char *word;
    snmpx_errstat st;
  } words[] = {{"not-writable", SNMPX_ERRSTAT_NOT_WRITABLE},
               {"wrong-type", SNMPX_ERRSTAT_WRONG_TYPE},
               {"wrong-length", SNMPX_ERRSTAT_WRONG_LENGTH},
               {"wrong-value", SNMPX_ERRSTAT_WRONG_VALUE},
               {"inconsistent-value", SNMPX_ERRSTAT_INCONSISTENT_VALUE}};
  for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
    if (strncasecmp(line, words[i].word, strlen(words[i].word)) == 0)
      return words[i].st;
  return SNMPX_ERRSTAT_NO_ERROR; /* "DONE", and as snmpd, anything else */
}

/* The head query is answered (|ok|: with the value in |v| and |name|). */
static void answer_head(prog *g, snmpx_errstat st, const snmpx_oid *name,
                        const snmpx_value *v)
{
  query q = g->q[g->q_head];
  g->q_head = (g->q_head + 1) % MAX_QUEUE;
  g->q_n--;
  g->n_lines = 0;
  g->ponged = false;
  snmpx_oidv none = {NULL, 0};
  /* Too late answers find no deferral any more: nothing to do. */
  snmpx_agent_complete(g->owner->agent, q.id, st,
                       name != NULL ? snmpx_oid_view(name) : none, v);
}

/* One line from the program.  @return false when it broke the protocol
 * (the program is stopped). */
static bool on_line(prog *g, const char *line)
{
  if (g->is_run && g->q_n == 0)
    return true; /* pass: what follows its answer is not read */
  if (g->q_n == 0) {
    stop(g, "wrote an answer nobody asked for");
    return false;
  }
  if (!g->ponged) {
    if (strncmp(line, "PONG", 4) != 0) {
      stop(g, "did not answer PING with PONG");
      return false;
    }
    g->ponged = true;
    return true;
  }
  const query *q = &g->q[g->q_head];
  if (q->op == Q_SET) {
    answer_head(g, set_status(line), NULL, NULL);
    return true;
  }
  /* A SET's check: snmpd looks the object up, and one the program does
   * not have (NONE, or an answer it cannot read) is notWritable. */
  snmpx_errstat none_st =
      q->op == Q_CHECK ? SNMPX_ERRSTAT_NOT_WRITABLE : SNMPX_ERRSTAT_NO_ERROR;
  if (g->n_lines == 0 && strncmp(line, "NONE", 4) == 0) {
    answer_head(g, none_st, NULL, NULL);
    return true;
  }
  if (g->n_lines < 2) {
    snprintf(g->lines[g->n_lines++], LINE_MAX_, "%s", line);
    return true;
  }
  /* OID, TYPE, VALUE: a name outside what snmpd parses, or an unknown
   * type, is no answer (snmpd: noSuchInstance, or the walk goes on). */
  snmpx_oid name, oid_val;
  snmpx_value v;
  uint8_t bytes[LINE_MAX_];
  if (snmpx_oid_parse(&name, g->lines[0]) != 0 || name.len == 0 ||
      !parse_value(g->lines[1], line, &v, bytes, &oid_val)) {
    answer_head(g, none_st, NULL, NULL);
    return true;
  }
  if (q->op == Q_CHECK)
    answer_head(g, SNMPX_ERRSTAT_NO_ERROR, NULL, NULL);
  else
    answer_head(g, SNMPX_ERRSTAT_NO_ERROR, &name, &v);
  return true;
}

/* Read the whole lines of g->buf (g->buf_len bytes) and keep the rest.
 * @return false when the program broke the protocol (it is stopped). */
static bool take_lines(prog *g)
{
  char *start = g->buf, *nl;
  while ((nl = memchr(start, '\n', g->buf_len - (size_t)(start - g->buf))) !=
         NULL) {
    *nl = '\0';
    if (nl > start && nl[-1] == '\r')
      nl[-1] = '\0';
    if (!on_line(g, start))
      return false;
    start = nl + 1;
  }
  g->buf_len -= (size_t)(start - g->buf);
  memmove(g->buf, start, g->buf_len);
  if (g->buf_len == sizeof(g->buf)) {
    stop(g, "wrote a line too long");
    return false;
  }
  return true;
}

static void run_on_readable(prog *g);

static void on_readable(snmpx_io *io, int fd, void *ud)
{
  prog *g = ud;
  (void)io;
  if (g->is_run) {
    run_on_readable(g);
    return;
  }
  if (g->pid < 0 || fd != g->from_fd)
    return;
  for (int rounds = 0; rounds < 64; rounds++) {
    ssize_t n = read(fd, g->buf + g->buf_len, sizeof(g->buf) - g->buf_len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EAGAIN)
      return;
    if (n <= 0) {
      stop(g, "exited");
      return;
    }
    g->buf_len += (size_t)n;
    if (!take_lines(g))
      return;
  }
}

int agent_pass_replay(snmpx_agent *agent, const char *data, size_t len)
{
  agent_pass owner;
  memset(&owner, 0, sizeof(owner));
  owner.agent = agent;
  prog *g = calloc(1, sizeof(*g));
  if (g == NULL)
    return -1;
  g->owner = &owner;
  g->pid = -1; /* no program: stop() only ends the replay */
  unsigned order = len > 0 ? (unsigned char)data[0] : 0;
  for (int i = 0; i < MAX_QUEUE; i++)
    g->q[i] = (query){0, (int)((order + (unsigned)i) % 4)};
  g->q_n = MAX_QUEUE;
  int rv = 0;
  size_t at = 0;
  while (at < len) {
    size_t n = sizeof(g->buf) - g->buf_len;
    if (n > len - at)
      n = len - at;
    memcpy(g->buf + g->buf_len, data + at, n);
    g->buf_len += n;
    at += n;
    if (!take_lines(g)) {
      rv = -1;
      break;
    }
  }
  if (rv == 0)
    rv = MAX_QUEUE - g->q_n;
  free(g);
  return rv;
}

/* ---- pass: one run per query -------------------------------------------
 * snmpd.conf(5)'s pass: "PROG -g OID" (GET), "PROG -n OID" (GETNEXT) and
 * "PROG -s OID TYPE VALUE" (SET) each run the program once; its output is
 * read as pass_persist's answer (OID, TYPE, VALUE, or nothing: none), and
 * a SET's output only for the error words (nothing: done).  Each run is
 * watched by the agent's loop like a pass_persist program, so a slow one
 * holds no other request; the agent answers for it at its deadline. */

static void run_free(prog *r)
{
  agent_pass *p = r->owner;
  for (prog **at = &p->runs; *at != NULL; at = &(*at)->next_run)
    if (*at == r) {
      *at = r->next_run;
      break;
    }
  if (r->pid >= 0) {
    snmpx_io_unwatch(p->io, r->from_fd);
    close(r->from_fd);
    reap(r->pid, 0);
  }
  for (char **a = r->argv; a != NULL && *a != NULL; a++)
    free(*a);
  free(r->argv);
  free(r);
}

/* The program's words for |text| (the pass_persist query): PROG's own,
 * then -g/-n/-s, the OID and for a SET its TYPE and VALUE (the quotes
 * around the value gone, as Net-SNMP's command splitting leaves it). */
static char **run_argv(const prog *g, int op, const char *text)
{
  int n = 0;
  while (g->argv[n] != NULL)
    n++;
  char **argv = calloc((size_t)n + 5, sizeof(char *));
  char *copy = strdup(text);
  if (argv == NULL || copy == NULL) {
    free(argv);
    free(copy);
    return NULL;
  }
  char *save = NULL;
  (void)strtok_r(copy, "\n", &save); /* get, getnext or set */
  const char *oid = strtok_r(NULL, "\n", &save);
  const char *value = strtok_r(NULL, "\n", &save);
  int k = 0;
  for (; k < n; k++)
    argv[k] = strdup(g->argv[k]);
  argv[k++] = strdup(op == Q_NEXT ? "-n" : op == Q_SET ? "-s" : "-g");
  argv[k++] = strdup(oid != NULL ? oid : "");
  if (op == Q_SET && value != NULL) {
    const char *sp = strchr(value, ' ');
    size_t tl = sp != NULL ? (size_t)(sp - value) : strlen(value);
    argv[k++] = strndup(value, tl);
    const char *v = sp != NULL ? sp + 1 : "";
    size_t vl = strlen(v);
    if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"') {
      v++;
      vl -= 2;
    }
    argv[k++] = strndup(v, vl);
  }
  free(copy);
  for (int i = 0; i < k; i++)
    if (argv[i] == NULL) {
      for (int j = 0; j < k; j++)
        free(argv[j]);
      free(argv);
      return NULL;
    }
  return argv;
}

static bool run_start(prog *r)
{
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0)
    return false;
  pid_t pid = fork();
  if (pid == 0) {
    signal(SIGPIPE, SIG_DFL);
    setpgid(0, 0);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0)
      dup2(null, 0);
    dup2(out[1], 1);
    execvp(r->argv[0], r->argv);
    _exit(127);
  }
  close(out[1]);
  if (pid < 0) {
    close(out[0]);
    return false;
  }
  r->pid = pid;
  r->from_fd = out[0];
  r->to_fd = -1;
  set_nonblock(r->from_fd);
  snmpx_io_watch(r->owner->io, r->from_fd, on_readable, r);
  return true;
}

static bool run_ask(prog *g, snmpx_mib_req *req, int op, const char *text)
{
  prog *r = calloc(1, sizeof(*r));
  if (r == NULL)
    return false;
  r->owner = g->owner;
  r->is_run = true;
  r->parent = g;
  r->pid = -1;
  r->prefix = g->prefix;
  r->ponged = true; /* no PING here */
  r->argv = run_argv(g, op, text);
  if (r->argv == NULL || !run_start(r)) {
    run_free(r);
    logf_(g->owner, "pass %s: cannot run it", g->argv[0]);
    return false;
  }
  r->next_run = g->owner->runs;
  g->owner->runs = r;
  uint64_t id = snmpx_mib_req_defer(req, g->timeout_ms);
  r->q[0] = (query){id, op};
  r->q_n = 1;
  return id != 0; /* no deferral: answered now, the run's output unread */
}

/* The run's output ended: what it did not answer is answered as snmpd
 * answers a pass program that printed nothing (or too little): a GET
 * noSuchInstance, a GETNEXT past the subtree, a SET's check notWritable,
 * a SET done. */
static void run_end(prog *r)
{
  if (r->buf_len > 0 && r->buf_len < sizeof(r->buf)) {
    r->buf[r->buf_len] = '\0';
    r->buf_len = 0;
    on_line(r, r->buf);
  }
  if (r->q_n > 0)
    answer_head(r,
                r->q[r->q_head].op == Q_CHECK ? SNMPX_ERRSTAT_NOT_WRITABLE
                                              : SNMPX_ERRSTAT_NO_ERROR,
                NULL, NULL);
  run_free(r);
}

static void run_on_readable(prog *r)
{
  for (int rounds = 0; rounds < 64; rounds++) {
    ssize_t n =
        read(r->from_fd, r->buf + r->buf_len, sizeof(r->buf) - 1 - r->buf_len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && errno == EAGAIN)
      return;
    if (n <= 0) {
      run_end(r);
      return;
    }
    r->buf_len += (size_t)n;
    char *start = r->buf, *nl;
    while ((nl = memchr(start, '\n', r->buf_len - (size_t)(start - r->buf))) !=
           NULL) {
      *nl = '\0';
      if (nl > start && nl[-1] == '\r')
        nl[-1] = '\0';
      on_line(r, start);
      start = nl + 1;
    }
    r->buf_len -= (size_t)(start - r->buf);
    memmove(r->buf, start, r->buf_len);
    if (r->buf_len == sizeof(r->buf) - 1) {
      logf_(r->owner, "pass %s: wrote a line too long", r->argv[0]);
      r->buf_len = 0;
      run_end(r);
      return;
    }
  }
}

/* ---- The handler ------------------------------------------------------- */

/* The OID snmpd sends: the request's, or the registration's when the
 * request lies before it (a walk arriving from outside). */
static void query_oid(const prog *g, snmpx_oidv name, char *buf, size_t cap)
{
  snmpx_oidv pre = snmpx_oid_view(&g->prefix);
  if (name.len <= pre.len || snmpx_oidv_compare(name, pre) < 0)
    name = pre;
  snmpx_oid_format(name, buf, cap);
}

static snmpx_errstat pass_get(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                              snmpx_value *out)
{
  prog *g = ctx;
  char text[LINE_MAX_ + 16], oid[LINE_MAX_];
  query_oid(g, name, oid, sizeof(oid));
  snprintf(text, sizeof(text), "get\n%s\n", oid);
  if (!ask(g, req, Q_GET, text))
    out->type = SNMPX_TYPE_NOSUCHINSTANCE;
  return SNMPX_ERRSTAT_NO_ERROR;
}

static snmpx_errstat pass_next(void *ctx, snmpx_mib_req *req, snmpx_oidv after,
                               snmpx_oid *name, snmpx_value *out)
{
  prog *g = ctx;
  (void)name;
  char text[LINE_MAX_ + 16], oid[LINE_MAX_];
  query_oid(g, after, oid, sizeof(oid));
  snprintf(text, sizeof(text), "getnext\n%s\n", oid);
  if (!ask(g, req, Q_NEXT, text))
    out->type = SNMPX_TYPE_ENDOFMIBVIEW;
  return SNMPX_ERRSTAT_NO_ERROR;
}

/* "TYPE VALUE" as snmpd writes it for a SET. */
static bool set_text(const snmpx_value *v, char *buf, size_t cap)
{
  switch (v->type) {
  case SNMPX_TYPE_INTEGER:
    snprintf(buf, cap, "integer %d", (int)v->v.i);
    return true;
  case SNMPX_TYPE_COUNTER32:
    snprintf(buf, cap, "counter %d", (int)v->v.u);
    return true;
  case SNMPX_TYPE_GAUGE32:
    snprintf(buf, cap, "gauge %d", (int)v->v.u);
    return true;
  case SNMPX_TYPE_TIMETICKS:
    snprintf(buf, cap, "timeticks %d", (int)v->v.u);
    return true;
  case SNMPX_TYPE_IPADDRESS:
    if (v->v.bytes.len != 4)
      return false;
    snprintf(buf, cap, "ipaddress %u.%u.%u.%u", v->v.bytes.ptr[0],
             v->v.bytes.ptr[1], v->v.bytes.ptr[2], v->v.bytes.ptr[3]);
    return true;
  case SNMPX_TYPE_OCTET_STRING: {
    size_t n = v->v.bytes.len, off;
    bool printable = true;
    for (size_t i = 0; i < n; i++)
      printable = printable && isprint(v->v.bytes.ptr[i]);
    off = (size_t)snprintf(buf, cap, printable ? "string \"" : "octet \"");
    for (size_t i = 0; i < n && off + 4 < cap; i++)
      off += (size_t)snprintf(buf + off, cap - off, printable ? "%c" : "%02x ",
                              v->v.bytes.ptr[i]);
    if (!printable && n > 0)
      off--; /* no blank after the last octet */
    snprintf(buf + off, cap - off, "\"");
    return true;
  }
  case SNMPX_TYPE_OID: {
    char oid[LINE_MAX_];
    snmpx_oid_format((snmpx_oidv){v->v.oid.arcs, v->v.oid.len}, oid,
                     sizeof(oid));
    snprintf(buf, cap, "objectid \"%s\"", oid);
    return true;
  }
  default:
    return false;
  }
}

/* The test of a SET: snmpd's write method returns at once unless it is
 * committing, so while the SET is checked the program only gets the
 * "get" with which snmpd looks the object up (NONE: notWritable).  A
 * value that cannot be written in the protocol's words is wrongType. */
static snmpx_errstat pass_test(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               const snmpx_value *v, void **state)
{
  prog *g = ctx;
  (void)state;
  char value[3 * LINE_MAX_], oid[LINE_MAX_], text[LINE_MAX_ + 16];
  if (!set_text(v, value, sizeof(value)))
    return SNMPX_ERRSTAT_WRONG_TYPE;
  query_oid(g, name, oid, sizeof(oid));
  snprintf(text, sizeof(text), "get\n%s\n", oid);
  return ask(g, req, Q_CHECK, text) ? SNMPX_ERRSTAT_NO_ERROR
                                    : SNMPX_ERRSTAT_NOT_WRITABLE;
}

/* The value goes to the program when the SET commits, as in snmpd, so a
 * SET that another varbind's check refuses tells the program nothing.
 * Its error words are the commit's status: for the SET's first commit
 * that is the SET's error-status (nothing has changed yet), as snmpd
 * answers; a later one gives commitFailed. */
static snmpx_errstat pass_commit(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                                 const snmpx_value *v, void **state)
{
  prog *g = ctx;
  (void)state;
  char value[3 * LINE_MAX_], oid[LINE_MAX_], text[4 * LINE_MAX_ + 16];
  if (!set_text(v, value, sizeof(value)))
    return SNMPX_ERRSTAT_WRONG_TYPE;
  query_oid(g, name, oid, sizeof(oid));
  snprintf(text, sizeof(text), "set\n%s\n%s\n\n", oid, value);
  return ask(g, req, Q_SET, text) ? SNMPX_ERRSTAT_NO_ERROR
                                  : SNMPX_ERRSTAT_NOT_WRITABLE;
}

static snmpx_errstat pass_undo(void *ctx, snmpx_mib_req *req, snmpx_oidv name,
                               void **state)
{
  (void)ctx;
  (void)req;
  (void)name;
  (void)state;
  return SNMPX_ERRSTAT_UNDO_FAILED; /* the protocol has no undo */
}

static const snmpx_mib_ops pass_ops = {pass_get,    pass_next, pass_test,
                                       pass_commit, pass_undo, NULL};

/* ---- The set ------------------------------------------------------------ */

agent_pass *agent_pass_new(snmpx_agent *agent, snmpx_io *io, agent_pass_log log)
{
  agent_pass *p = calloc(1, sizeof(*p));
  if (p != NULL) {
    p->agent = agent;
    p->io = io;
    p->log = log;
  }
  return p;
}

static void prog_free(prog *g)
{
  if (g->pid >= 0) {
    snmpx_io_unwatch(g->owner->io, g->from_fd);
    close(g->from_fd);
    close(g->to_fd);
    reap(g->pid, 500);
  }
  for (char **a = g->argv; a != NULL && *a != NULL; a++)
    free(*a);
  free(g->argv);
  free(g);
}

void agent_pass_free(agent_pass *p)
{
  if (p == NULL)
    return;
  while (p->runs != NULL)
    run_free(p->runs);
  for (int i = 0; i < p->n; i++)
    prog_free(p->progs[i]);
  free(p->progs);
  free(p);
}

int agent_pass_add(agent_pass *p, snmpx_mib *mib, snmpx_oidv prefix,
                   char *const *argv, int argc, uint32_t timeout_ms)
{
  return agent_pass_add_mode(p, mib, prefix, argv, argc, timeout_ms, false);
}

int agent_pass_add_mode(agent_pass *p, snmpx_mib *mib, snmpx_oidv prefix,
                        char *const *argv, int argc, uint32_t timeout_ms,
                        bool oneshot)
{
  prog *g = calloc(1, sizeof(*g));
  prog **grown = realloc(p->progs, (size_t)(p->n + 1) * sizeof(*grown));
  if (g == NULL || grown == NULL || argc < 1) {
    free(g);
    if (grown != NULL)
      p->progs = grown;
    fprintf(stderr, "snmpx agent: out of memory\n");
    return -1;
  }
  p->progs = grown;
  g->owner = p;
  g->pid = -1;
  g->oneshot = oneshot;
  g->timeout_ms = timeout_ms;
  snmpx_oid_set(&g->prefix, prefix);
  g->argv = calloc((size_t)argc + 1, sizeof(char *));
  for (int i = 0; g->argv != NULL && i < argc; i++)
    g->argv[i] = strdup(argv[i]);
  p->progs[p->n++] = g;
  if (g->argv == NULL) {
    fprintf(stderr, "snmpx agent: out of memory\n");
    return -1;
  }
  int rv = snmpx_mib_register(mib, prefix, &pass_ops, g);
  if (rv < 0) {
    fprintf(stderr, "snmpx agent: %s: %s\n", oneshot ? "pass" : "pass_persist",
            snmpx_strerror(rv));
    return -1;
  }
  return 0;
}
