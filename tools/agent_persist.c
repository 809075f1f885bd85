/* snmpx agent: snmpd's persistent values (Net-SNMP's system_mib.c
 * system_store and snmp_mib.c: psyscontact, psysname, psyslocation,
 * pauthtrapenable in $SNMP_PERSISTENT_DIR/snmpd.conf). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent_conf.h"
#include "agent_persist.h"

static const char *const keys[PERSIST_N] = {"psyscontact", "psysname",
                                            "psyslocation", "pauthtrapenable"};

/* The key |line| (of |len| bytes) sets, or -1. */
static int key_of(const char *line, size_t len, size_t *skip)
{
  for (int k = 0; k < PERSIST_N; k++) {
    size_t kl = strlen(keys[k]);
    if (len >= kl && strncmp(line, keys[k], kl) == 0 &&
        (len == kl || line[kl] == ' ' || line[kl] == '\t')) {
      *skip = kl;
      while (*skip < len && (line[*skip] == ' ' || line[*skip] == '\t'))
        (*skip)++;
      return k;
    }
  }
  return -1;
}

int agent_persist_parse(const char *text, size_t len, char *values[PERSIST_N])
{
  for (size_t i = 0; i < len;) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t l = nl ? (size_t)(nl - (text + i)) : len - i;
    const char *line = text + i;
    i += l + 1;
    if (l > 0 && line[l - 1] == '\r')
      l--;
    size_t skip;
    int k = key_of(line, l, &skip);
    if (k < 0 || memchr(line, '\0', l) != NULL)
      continue;
    char *v = malloc(l - skip + 1);
    if (v == NULL)
      return -1;
    memcpy(v, line + skip, l - skip);
    v[l - skip] = '\0';
    free(values[k]);
    values[k] = v;
  }
  return 0;
}

static int fail(char *err, size_t cap, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, cap, fmt, ap);
  va_end(ap);
  return -1;
}

/* The whole of |path| in *out (malloc'd, NUL-terminated); *out NULL when
 * there is no such file.  @return 0 or -1 (err set). */
static int slurp(const char *path, char **out, size_t *len, char *err,
                 size_t cap)
{
  *out = NULL;
  *len = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return errno == ENOENT ? 0
                           : fail(err, cap, "%s: %s", path, strerror(errno));
  size_t have = 0, room = 4096;
  char *buf = malloc(room + 1);
  size_t got;
  while (buf != NULL && (got = fread(buf + have, 1, room - have, f)) > 0) {
    have += got;
    if (have == room) {
      char *grown = room < (64u << 20) ? realloc(buf, 2 * room + 1) : NULL;
      if (grown == NULL) {
        free(buf);
        buf = NULL;
        break;
      }
      buf = grown;
      room *= 2;
    }
  }
  int bad = ferror(f);
  fclose(f);
  if (buf == NULL || bad) {
    free(buf);
    return fail(err, cap, "%s: cannot read it", path);
  }
  buf[have] = '\0';
  *out = buf;
  *len = have;
  return 0;
}

int agent_persist_open(agent_persist *p, const char *state_file, char *err,
                       size_t errcap)
{
  const char *dir = getenv("SNMP_PERSISTENT_DIR");
  char buf[4096];
  if ((dir == NULL || dir[0] == '\0') && state_file != NULL) {
    const char *slash = strrchr(state_file, '/');
    snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - state_file) : 1,
             slash ? state_file : ".");
    dir = slash == state_file ? "/" : buf;
  }
  if (dir == NULL || dir[0] == '\0')
    dir = "/var/lib/snmp"; /* snmpd's default */
  size_t n = strlen(dir) + sizeof("/snmpd.conf");
  p->path = malloc(n);
  if (p->path == NULL)
    return fail(err, errcap, "out of memory");
  snprintf(p->path, n, "%s/snmpd.conf", dir);
  char *text;
  size_t len;
  if (slurp(p->path, &text, &len, err, errcap) < 0)
    return -1;
  int rv = text != NULL ? agent_persist_parse(text, len, p->values) : 0;
  free(text);
  return rv < 0 ? fail(err, errcap, "out of memory") : 0;
}

static int write_all(int fd, const char *s, size_t n)
{
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    s += w;
    n -= (size_t)w;
  }
  return 0;
}

/* The file's other lines, then ours, into the open |fd|. */
static int write_lines(int fd, const char *old, size_t len,
                       char *const values[PERSIST_N])
{
  for (size_t i = 0; old != NULL && i < len;) {
    const char *nl = memchr(old + i, '\n', len - i);
    size_t l = nl ? (size_t)(nl - (old + i)) + 1 : len - i;
    size_t skip;
    if (key_of(old + i, l, &skip) < 0 &&
        (write_all(fd, old + i, l) < 0 ||
         (nl == NULL && write_all(fd, "\n", 1) < 0)))
      return -1;
    i += l;
  }
  for (int k = 0; k < PERSIST_N; k++)
    if (values[k] != NULL && (write_all(fd, keys[k], strlen(keys[k])) < 0 ||
                              write_all(fd, " ", 1) < 0 ||
                              write_all(fd, values[k], strlen(values[k])) < 0 ||
                              write_all(fd, "\n", 1) < 0))
      return -1;
  return 0;
}

int agent_persist_store(agent_persist *p, char *const values[PERSIST_N],
                        char *err, size_t errcap)
{
  char *old;
  size_t len;
  if (slurp(p->path, &old, &len, err, errcap) < 0)
    return -1;
  /* snmpd makes its persistent directory when it has none. */
  char *slash = strrchr(p->path, '/');
  if (slash != NULL && slash != p->path) {
    *slash = '\0';
    if (mkdir(p->path, 0700) < 0 && errno != EEXIST) {
      int e = errno;
      fail(err, errcap, "%s: %s", p->path, strerror(e));
      *slash = '/';
      free(old);
      return -1;
    }
    *slash = '/';
  }
  size_t plen = strlen(p->path);
  char *tmp = malloc(plen + 5);
  if (tmp == NULL) {
    free(old);
    return fail(err, errcap, "out of memory");
  }
  memcpy(tmp, p->path, plen);
  memcpy(tmp + plen, ".tmp", 5);
  int rv = 0;
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    rv = fail(err, errcap, "%s: %s", tmp, strerror(errno));
  } else {
    if (write_lines(fd, old, len, values) < 0 || fsync(fd) < 0)
      rv = fail(err, errcap, "%s: %s", tmp, strerror(errno));
    if (close(fd) < 0 && rv == 0)
      rv = fail(err, errcap, "%s: %s", tmp, strerror(errno));
    if (rv == 0 && rename(tmp, p->path) < 0)
      rv = fail(err, errcap, "%s: %s", p->path, strerror(errno));
    if (rv < 0)
      unlink(tmp); /* the old file stays as it was */
  }
  free(tmp);
  free(old);
  return rv;
}

static bool same(const char *a, const char *b)
{
  return (a == NULL && b == NULL) ||
         (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* sysContact.0, sysName.0, sysLocation.0 (RFC 3418). */
static const uint32_t sys_oids[3][9] = {{1, 3, 6, 1, 2, 1, 1, 4, 0},
                                        {1, 3, 6, 1, 2, 1, 1, 5, 0},
                                        {1, 3, 6, 1, 2, 1, 1, 6, 0}};

/* The string |m| serves at sys_oids[k] (malloc'd), or NULL. */
static char *served(snmpx_mib *m, int k)
{
  snmpx_value v;
  snmpx_oidv name = {sys_oids[k], 9};
  if (snmpx_mib_get_value(m, name, &v) != 0 ||
      v.type != SNMPX_TYPE_OCTET_STRING)
    return NULL;
  char *s = malloc(v.v.bytes.len + 1);
  if (s != NULL) {
    memcpy(s, v.v.bytes.ptr, v.v.bytes.len);
    s[v.v.bytes.len] = '\0';
  }
  return s;
}

void agent_persist_baseline(agent_persist *p, snmpx_mib *m)
{
  for (int k = 0; k < 3; k++) {
    free(p->seen[k]);
    p->seen[k] = m != NULL ? served(m, k) : NULL;
  }
}

void agent_persist_poll(agent_persist *p, snmpx_mib *m, agent_notify *n,
                        void (*log)(const char *))
{
  if (p == NULL || p->path == NULL || m == NULL)
    return;
  char *now[PERSIST_N];
  memcpy(now, p->values, sizeof(now));
  bool changed = false;
  for (int k = 0; k < 3; k++) {
    snmpx_value v;
    snmpx_oidv name = {sys_oids[k], 9};
    if (snmpx_mib_get_value(m, name, &v) != 0 ||
        v.type != SNMPX_TYPE_OCTET_STRING || p->seen[k] == NULL)
      continue;
    /* Unchanged since the last poll: a compare, nothing more. */
    if (strlen(p->seen[k]) == v.v.bytes.len &&
        memcmp(p->seen[k], v.v.bytes.ptr, v.v.bytes.len) == 0)
      continue;
    char *s = served(m, k);
    if (s == NULL)
      continue;
    free(p->seen[k]);
    p->seen[k] = s;
    /* A value with a line break (or a NUL) cannot be one line of the
     * file, as in snmpd's: it is served but not kept. */
    if (strlen(s) != v.v.bytes.len || strchr(s, '\n') != NULL ||
        strchr(s, '\r') != NULL)
      continue;
    now[k] = strdup(s);
    changed = now[k] != NULL || changed;
  }
  if (agent_notify_auth_changed(n)) {
    char *s = strdup(agent_notify_auth_enabled(n) ? "1" : "2");
    if (s != NULL && !same(s, p->values[PERSIST_AUTHTRAP])) {
      now[PERSIST_AUTHTRAP] = s;
      changed = true;
    } else {
      free(s);
    }
  }
  if (!changed)
    return;
  char err[600];
  if (agent_persist_store(p, now, err, sizeof(err)) < 0 && log != NULL) {
    /* Served still; the next SET tries the file again. */
    char msg[700];
    snprintf(msg, sizeof(msg), "cannot keep the values SET changed: %s", err);
    log(msg);
  }
  for (int k = 0; k < PERSIST_N; k++)
    if (now[k] != p->values[k]) {
      free(p->values[k]);
      p->values[k] = now[k];
    }
}

void agent_persist_clear(agent_persist *p)
{
  free(p->path);
  p->path = NULL;
  for (int k = 0; k < PERSIST_N; k++) {
    free(p->values[k]);
    p->values[k] = NULL;
  }
  for (int k = 0; k < 3; k++) {
    free(p->seen[k]);
    p->seen[k] = NULL;
  }
}

int agent_conf_persist_start(agent_conf *c, void (*log)(const char *))
{
  char err[600];
  agent_persist *p = &c->persist;
  if (agent_persist_open(p, c->state_file, err, sizeof(err)) < 0) {
    char msg[700];
    snprintf(msg, sizeof(msg),
             "warning: %s: values SET changes will not "
             "be kept",
             err);
    if (log != NULL)
      log(msg);
    agent_persist_clear(p); /* no path: never written */
  }
  /* sys_strings: sysDescr, sysContact, sysName, sysLocation */
  for (int k = 0; k < 3; k++)
    if (c->sys_strings[k + 1] == NULL && p->values[k] != NULL &&
        strlen(p->values[k]) <= 255 &&
        (c->sys_strings[k + 1] = strdup(p->values[k])) == NULL)
      return fprintf(stderr, "snmpx agent: out of memory\n"), -1;
  agent_notify *n = agent_notify_get(c);
  snmpx_mib *m = snmpx_agent_context(c->agent, NULL, 0, true);
  if (n == NULL || m == NULL)
    return fprintf(stderr, "snmpx agent: out of memory\n"), -1;
  if (p->values[PERSIST_AUTHTRAP] != NULL)
    agent_notify_set_auth(n, strcmp(p->values[PERSIST_AUTHTRAP], "1") == 0);
  int rv = agent_notify_register(n, m);
  if (rv < 0 && rv != SNMPX_EMIB_OVERLAP) /* recorded data has it */
    return fprintf(stderr, "snmpx agent: snmpEnableAuthenTraps: %s\n",
                   snmpx_strerror(rv)),
           -1;
  return 0;
}
