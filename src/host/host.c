/* The host MIBs: the module list, configuration and registration, and
 * the caches and file reading the modules share. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host_priv.h"

/* Attached in this order, which is snmpd's for the sysORTable rows the
 * modules add (TCP-MIB, UDP-MIB, then IP-MIB). */
static const snmpx__host_module *const modules[] = {
    &snmpx__host_if, &snmpx__host_tcpudp, &snmpx__host_ip, &snmpx__host_hr,
    &snmpx__host_ucd};
#define N_MODULES (sizeof(modules) / sizeof(modules[0]))

struct snmpx_host {
  snmpx_host_config cfg;
  char *root; /* cfg.root copied; "" for none */
  void *state[N_MODULES];
  int64_t next_tick[N_MODULES];
  bool attached;
};

const snmpx_mem *snmpx__host_mem(const snmpx_host *h)
{
  return h->cfg.mem;
}

static char *copy_string(const snmpx_mem *mem, const char *s)
{
  size_t n = s != NULL ? strlen(s) : 0;
  char *out = snmpx__malloc(mem, n + 1);
  if (out != NULL) {
    if (n > 0)
      memcpy(out, s, n);
    out[n] = '\0';
  }
  return out;
}

snmpx_host *snmpx_host_new(const snmpx_host_config *cfg)
{
  snmpx_host_config c;
  memset(&c, 0, sizeof(c));
  if (cfg != NULL)
    c = *cfg;
  snmpx_host *h = snmpx__calloc(c.mem, 1, sizeof(*h));
  if (h == NULL)
    return NULL;
  h->cfg = c;
  h->root = copy_string(c.mem, c.root);
  if (h->root == NULL) {
    snmpx__free(c.mem, h);
    return NULL;
  }
  /* "/srv/rec/" and "/srv/rec" name the same tree. */
  size_t n = strlen(h->root);
  while (n > 0 && h->root[n - 1] == '/')
    h->root[--n] = '\0';
  h->cfg.root = h->root;
  for (size_t i = 0; i < N_MODULES; i++) {
    h->next_tick[i] = -1;
    if (modules[i]->init != NULL && modules[i]->init(h, &h->state[i]) < 0) {
      snmpx_host_free(h);
      return NULL;
    }
  }
  return h;
}

void snmpx_host_free(snmpx_host *h)
{
  if (h == NULL)
    return;
  for (size_t i = 0; i < N_MODULES; i++)
    if (modules[i]->free != NULL)
      modules[i]->free(h, h->state[i]);
  snmpx__free(h->cfg.mem, h->root);
  snmpx__free(h->cfg.mem, h);
}

int snmpx_host_conf_line(snmpx_host *h, const char *word, const char *args,
                         char *err, size_t cap)
{
  if (err != NULL && cap > 0)
    err[0] = '\0';
  if (h == NULL || word == NULL)
    return SNMPX_EINVAL;
  if (args == NULL)
    args = "";
  char scratch[8];
  if (err == NULL || cap == 0) {
    err = scratch;
    cap = sizeof(scratch);
  }
  for (size_t i = 0; i < N_MODULES; i++) {
    if (modules[i]->conf == NULL)
      continue;
    int rv = modules[i]->conf(h, h->state[i], word, args, err, cap);
    if (rv != 0)
      return rv;
  }
  return 0;
}

int snmpx_host_attach(snmpx_host *h, snmpx_agent *a, snmpx_mib *m)
{
  if (h == NULL || a == NULL || m == NULL || h->attached)
    return SNMPX_EINVAL;
  h->attached = true;
  for (size_t i = 0; i < N_MODULES; i++) {
    int rv = modules[i]->attach(h, h->state[i], a, m);
    if (rv == SNMPX_EMIB_OVERLAP) {
      snmpx__host_log(h, "%s: its subtree is served already: left out",
                      modules[i]->name);
      continue;
    }
    if (rv < 0)
      return rv;
    if (modules[i]->tick != NULL)
      h->next_tick[i] = 0; /* at once: the first sample */
  }
  return 0;
}

int snmpx_host_tick(snmpx_host *h)
{
  if (h == NULL)
    return 0;
  uint64_t now = snmpx_host_now(h);
  for (size_t i = 0; i < N_MODULES; i++)
    if (h->next_tick[i] >= 0 && (uint64_t)h->next_tick[i] <= now)
      h->next_tick[i] = modules[i]->tick(h, h->state[i], now);
  return 0;
}

int64_t snmpx_host_next_tick(const snmpx_host *h)
{
  int64_t next = -1;
  if (h == NULL)
    return -1;
  for (size_t i = 0; i < N_MODULES; i++)
    if (h->next_tick[i] >= 0 && (next < 0 || h->next_tick[i] < next))
      next = h->next_tick[i];
  return next;
}

uint64_t snmpx_host_now(const snmpx_host *h)
{
  if (h != NULL && h->cfg.clock != NULL)
    return h->cfg.clock(h->cfg.clock_ud);
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void snmpx__host_log(const snmpx_host *h, const char *fmt, ...)
{
  if (h->cfg.log == NULL)
    return;
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  h->cfg.log(h->cfg.log_ud, msg);
}

void snmpx__host_notify(const snmpx_host *h, snmpx_oidv trap_oid,
                        const snmpx_varbind *vbs, size_t n)
{
  if (h->cfg.notify != NULL)
    h->cfg.notify(h->cfg.notify_ud, trap_oid, vbs, n);
}

/* ---- Caches ------------------------------------------------------------ */

bool snmpx__host_cache_stale(const snmpx_host *h, const snmpx__host_cache *c)
{
  if (!c->valid)
    return true;
  uint64_t now = snmpx_host_now(h);
  /* A clock that went back (a test's) reloads too. */
  return now < c->loaded || now - c->loaded >= c->ttl_ms;
}

void snmpx__host_cache_loaded(const snmpx_host *h, snmpx__host_cache *c)
{
  c->loaded = snmpx_host_now(h);
  c->valid = true;
}

/* ---- Reading files ------------------------------------------------------ */

const char *snmpx__host_path(const snmpx_host *h, const char *path, char *out,
                             size_t cap)
{
  int n = snprintf(out, cap, "%s%s", h->root, path);
  return n >= 0 && (size_t)n < cap ? out : NULL;
}

static int grow(const snmpx_host *h, snmpx__host_buf *b, size_t need)
{
  if (need <= b->cap)
    return 0;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < need)
    cap *= 2;
  char *p = snmpx__realloc(h->cfg.mem, b->data, cap);
  if (p == NULL)
    return SNMPX_ENOMEM;
  b->data = p;
  b->cap = cap;
  return 0;
}

int snmpx__host_read(const snmpx_host *h, const char *path,
                     snmpx__host_buf *b)
{
  char full[4096];
  b->len = 0;
  if (grow(h, b, 1) < 0)
    return SNMPX_ENOMEM;
  b->data[0] = '\0';
  if (snmpx__host_path(h, path, full, sizeof(full)) == NULL)
    return SNMPX_ENOTFOUND;
  int fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return SNMPX_ENOTFOUND;
  int rv = 0;
  for (;;) {
    if (b->len + 1 >= SNMPX__HOST_MAX_FILE)
      break;
    if (grow(h, b, b->len + 4096 + 1) < 0) {
      rv = SNMPX_ENOMEM;
      break;
    }
    size_t room = b->cap - b->len - 1;
    if (room > SNMPX__HOST_MAX_FILE - 1 - b->len)
      room = SNMPX__HOST_MAX_FILE - 1 - b->len;
    ssize_t got = read(fd, b->data + b->len, room);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      rv = SNMPX_ENOTFOUND;
      break;
    }
    if (got == 0)
      break;
    b->len += (size_t)got;
  }
  int saved = errno;
  close(fd);
  errno = saved;
  b->data[b->len] = '\0';
  return rv;
}

int snmpx__host_readf(const snmpx_host *h, snmpx__host_buf *b,
                      const char *fmt, ...)
{
  char path[4096];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(path, sizeof(path), fmt, ap);
  va_end(ap);
  if (n < 0 || (size_t)n >= sizeof(path)) {
    b->len = 0;
    return SNMPX_ENOTFOUND;
  }
  return snmpx__host_read(h, path, b);
}

void snmpx__host_buf_free(const snmpx_host *h, snmpx__host_buf *b)
{
  snmpx__free(h->cfg.mem, b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *snmpx__host_next_line(snmpx__host_buf *b, size_t *pos)
{
  if (b->data == NULL || *pos >= b->len)
    return NULL;
  char *line = b->data + *pos;
  char *nl = memchr(line, '\n', b->len - *pos);
  if (nl != NULL) {
    *nl = '\0';
    *pos = (size_t)(nl - b->data) + 1;
  } else {
    *pos = b->len;
  }
  return line;
}
